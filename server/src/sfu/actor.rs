//! The SFU thread: owns the worker pool and every router, transport, producer
//! and consumer, and executes [`Command`]s. Each command that awaits mediasoup
//! runs as its own local task, so one slow call never blocks the others; state
//! borrows are never held across an await.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use mediasoup::consumer::{Consumer, ConsumerOptions};
use mediasoup::data_structures::TransportListenIp;
use mediasoup::prelude::{
    Router, RouterOptions, Transport, TransportListenIps, WebRtcTransport, WebRtcTransportOptions,
    WebRtcTransportRemoteParameters, Worker, WorkerManager, WorkerSettings,
};
use mediasoup::producer::{Producer, ProducerOptions};
use mediasoup::sctp_parameters::NumSctpStreams;
use mediasoup::worker::{RequestError, WorkerLogLevel};
use serde_json::Value;
use stunroom_shared::media::{DtlsParameters, MediaKind, RtpCapabilities, RtpParameters};
use stunroom_shared::messages::TransportInfo;
use tokio::sync::{mpsc, oneshot};

use super::convert::{from_ms, ice_candidates, rtp_capabilities_to_ms, to_ms};
use super::{
    codecs, Command, ConsumerInfo, EventSink, Object, Op, Reply, RouterKey, SfuError, SfuEvent,
    SfuSettings, TransportOptions,
};

/// What the demo server sets on transports that receive media from browsers.
const MAX_INCOMING_BITRATE: u32 = 1_500_000;
const INITIAL_OUTGOING_BITRATE: u32 = 1_000_000;

struct TransportEntry {
    transport: WebRtcTransport,
    router: RouterKey,
}

struct ProducerEntry {
    producer: Producer,
    transport_id: String,
}

struct ConsumerEntry {
    consumer: Consumer,
    transport_id: String,
}

struct State {
    settings: SfuSettings,
    workers: Vec<Worker>,
    next_worker: usize,
    routers: HashMap<RouterKey, mediasoup::router::Router>,
    transports: HashMap<String, TransportEntry>,
    producers: HashMap<String, ProducerEntry>,
    consumers: HashMap<String, ConsumerEntry>,
    /// For mediasoup's event handlers to tell us an object is gone.
    commands: mpsc::WeakUnboundedSender<Command>,
}

type Shared = Rc<RefCell<State>>;

/// Body of the SFU thread.
pub(super) fn run_thread(
    settings: SfuSettings,
    rx: mpsc::UnboundedReceiver<Command>,
    commands: mpsc::WeakUnboundedSender<Command>,
    ready: oneshot::Sender<Result<(), SfuError>>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let _ = ready.send(Err(SfuError::Internal(format!(
                "cannot build the SFU runtime: {e}"
            ))));
            return;
        }
    };
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, run(settings, rx, commands, ready));
}

/// Splits `min..=max` into `n` contiguous, non-overlapping ranges.
pub(super) fn port_ranges(min: u16, max: u16, n: usize) -> Vec<std::ops::RangeInclusive<u16>> {
    let n = n.max(1);
    let total = usize::from(max.saturating_sub(min)) + 1;
    let per = (total / n).max(1);
    (0..n)
        .map(|i| {
            let start = usize::from(min) + i * per;
            let end = if i + 1 == n {
                usize::from(max)
            } else {
                start + per - 1
            };
            let clamp = |v: usize| u16::try_from(v.min(usize::from(max))).unwrap_or(max);
            clamp(start)..=clamp(end)
        })
        .collect()
}

async fn run(
    settings: SfuSettings,
    mut rx: mpsc::UnboundedReceiver<Command>,
    commands: mpsc::WeakUnboundedSender<Command>,
    ready: oneshot::Sender<Result<(), SfuError>>,
) {
    let manager = WorkerManager::new();
    let mut workers = Vec::with_capacity(settings.workers);
    for (i, range) in port_ranges(
        settings.rtc_min_port,
        settings.rtc_max_port,
        settings.workers,
    )
    .into_iter()
    .enumerate()
    {
        let mut worker_settings = WorkerSettings::default();
        worker_settings.log_level = WorkerLogLevel::Warn;
        worker_settings.rtc_ports_range = range.clone();
        match manager.create_worker(worker_settings).await {
            Ok(worker) => {
                tracing::info!(worker = i, ports = ?range, "mediasoup worker started");
                worker
                    .on_dead(move |result| {
                        tracing::error!(
                            worker = i,
                            ?result,
                            "mediasoup worker died, exiting in 2 s"
                        );
                        std::thread::spawn(|| {
                            std::thread::sleep(std::time::Duration::from_secs(2));
                            std::process::exit(1);
                        });
                    })
                    .detach();
                workers.push(worker);
            }
            Err(e) => {
                let _ = ready.send(Err(SfuError::Internal(format!(
                    "cannot start mediasoup worker {i} (ports {range:?}): {e}"
                ))));
                return;
            }
        }
    }
    if ready.send(Ok(())).is_err() {
        return;
    }
    let state: Shared = Rc::new(RefCell::new(State {
        settings,
        workers,
        next_worker: 0,
        routers: HashMap::new(),
        transports: HashMap::new(),
        producers: HashMap::new(),
        consumers: HashMap::new(),
        commands,
    }));
    while let Some(command) = rx.recv().await {
        execute(&state, command);
    }
}

fn not_found(what: &str, id: &str) -> SfuError {
    SfuError::NotFound(format!("{what} with id \"{id}\" not found"))
}

fn internal(what: &str, e: impl std::fmt::Display) -> SfuError {
    SfuError::Internal(format!("{what} failed: {e}"))
}

/// A worker error caused by what the client sent (mediasoup's own validation).
fn request_error(what: &str, e: RequestError) -> SfuError {
    match e {
        RequestError::Response { reason } => SfuError::BadRequest(format!("{what}: {reason}")),
        other => internal(what, other),
    }
}

/// Runs a command: synchronous ones in place (keeps their order), the rest as local tasks.
fn execute(state: &Shared, command: Command) {
    match command {
        Command::CreateRouter { key, reply } => {
            spawn(answer(reply, create_router(state.clone(), key)))
        }
        Command::CloseRouter { key, reply } => {
            state.borrow_mut().routers.remove(&key);
            let _ = reply.send(Ok(()));
        }
        Command::CreateTransport {
            router,
            options,
            reply,
        } => spawn(answer(
            reply,
            create_transport(state.clone(), router, options),
        )),
        Command::ConnectTransport {
            id,
            dtls_parameters,
            reply,
        } => spawn(answer(
            reply,
            connect_transport(state.clone(), id, dtls_parameters),
        )),
        Command::RestartIce { id, reply } => {
            let transport = transport(state, &id);
            spawn(answer(reply, async move {
                let params = transport?
                    .restart_ice()
                    .await
                    .map_err(|e| internal("restartIce", e))?;
                from_ms("iceParameters", &params)
            }))
        }
        Command::CloseTransport { id, reply } => {
            let _ = reply.send(close_transport(state, &id));
        }
        Command::Produce {
            transport_id,
            kind,
            rtp_parameters,
            reply,
        } => spawn(answer(
            reply,
            produce(state.clone(), transport_id, kind, rtp_parameters),
        )),
        Command::Producer { id, op, reply } => {
            let found = state
                .borrow()
                .producers
                .get(&id)
                .map(|p| p.producer.clone());
            let Some(producer) = found else {
                let _ = reply.send(Err(not_found("producer", &id)));
                return;
            };
            match op {
                Op::Close => {
                    state.borrow_mut().producers.remove(&id);
                    drop(producer);
                    let _ = reply.send(Ok(()));
                }
                Op::Pause => spawn(answer(reply, async move {
                    producer
                        .pause()
                        .await
                        .map_err(|e| internal("pauseProducer", e))
                })),
                Op::Resume => spawn(answer(reply, async move {
                    producer
                        .resume()
                        .await
                        .map_err(|e| internal("resumeProducer", e))
                })),
            }
        }
        Command::Consume {
            transport_id,
            producer_id,
            rtp_capabilities,
            events,
            reply,
        } => spawn(answer(
            reply,
            consume(
                state.clone(),
                transport_id,
                producer_id,
                rtp_capabilities,
                events,
            ),
        )),
        Command::Consumer { id, op, reply } => {
            let found = state
                .borrow()
                .consumers
                .get(&id)
                .map(|c| c.consumer.clone());
            let Some(consumer) = found else {
                let _ = reply.send(Err(not_found("consumer", &id)));
                return;
            };
            match op {
                Op::Close => {
                    state.borrow_mut().consumers.remove(&id);
                    drop(consumer);
                    let _ = reply.send(Ok(()));
                }
                Op::Pause => spawn(answer(reply, async move {
                    consumer
                        .pause()
                        .await
                        .map_err(|e| internal("pauseConsumer", e))
                })),
                Op::Resume => spawn(answer(reply, async move {
                    consumer
                        .resume()
                        .await
                        .map_err(|e| internal("resumeConsumer", e))
                })),
            }
        }
        Command::Forget(Object::Producer(id)) => {
            state.borrow_mut().producers.remove(&id);
        }
        Command::Forget(Object::Consumer(id)) => {
            state.borrow_mut().consumers.remove(&id);
        }
    }
}

fn spawn(work: impl std::future::Future<Output = ()> + 'static) {
    tokio::task::spawn_local(work);
}

async fn answer<T>(reply: Reply<T>, work: impl std::future::Future<Output = Result<T, SfuError>>) {
    let _ = reply.send(work.await);
}

fn transport(state: &Shared, id: &str) -> Result<WebRtcTransport, SfuError> {
    state
        .borrow()
        .transports
        .get(id)
        .map(|t| t.transport.clone())
        .ok_or_else(|| not_found("transport", id))
}

async fn create_router(state: Shared, key: RouterKey) -> Result<RtpCapabilities, SfuError> {
    let worker = {
        let mut s = state.borrow_mut();
        if let Some(router) = s.routers.get(&key) {
            return from_ms("rtpCapabilities", router.rtp_capabilities());
        }
        if s.workers.is_empty() {
            return Err(SfuError::Internal("no mediasoup worker".into()));
        }
        let i = s.next_worker % s.workers.len();
        s.next_worker = s.next_worker.wrapping_add(1);
        s.workers[i].clone()
    };
    let router = worker
        .create_router(RouterOptions::new(codecs::media_codecs()))
        .await
        .map_err(|e| internal("createRouter", e))?;
    let caps = from_ms("rtpCapabilities", router.rtp_capabilities())?;
    state.borrow_mut().routers.entry(key).or_insert(router);
    Ok(caps)
}

async fn create_transport(
    state: Shared,
    key: RouterKey,
    options: TransportOptions,
) -> Result<TransportInfo, SfuError> {
    let (router, listen): (Router, TransportListenIp) = {
        let s = state.borrow();
        let router = s
            .routers
            .get(&key)
            .cloned()
            .ok_or_else(|| SfuError::NotFound("the room's router is closed".into()))?;
        let listen = TransportListenIp {
            ip: s.settings.rtc_listen_ip,
            announced_ip: Some(s.settings.announced_ip),
        };
        (router, listen)
    };
    let mut ms_options = WebRtcTransportOptions::new(TransportListenIps::new(listen));
    ms_options.enable_udp = !options.force_tcp;
    ms_options.enable_tcp = true;
    ms_options.prefer_udp = true;
    ms_options.initial_available_outgoing_bitrate = INITIAL_OUTGOING_BITRATE;
    if let Some(sctp) = options.sctp_capabilities {
        ms_options.enable_sctp = true;
        ms_options.num_sctp_streams = NumSctpStreams {
            os: sctp.num_streams.os,
            mis: sctp.num_streams.mis,
        };
    }
    let transport = router
        .create_webrtc_transport(ms_options)
        .await
        .map_err(|e| internal("createWebRtcTransport", e))?;
    if options.producing {
        if let Err(e) = transport
            .set_max_incoming_bitrate(MAX_INCOMING_BITRATE)
            .await
        {
            tracing::warn!("setMaxIncomingBitrate failed: {e}");
        }
    }
    let id = transport.id().to_string();
    {
        let id = id.clone();
        transport
            .on_ice_state_change(move |s| tracing::debug!(transport = %id, "ICE state {s:?}"))
            .detach();
    }
    {
        let id = id.clone();
        transport
            .on_dtls_state_change(move |s| tracing::debug!(transport = %id, "DTLS state {s:?}"))
            .detach();
    }
    let info = TransportInfo {
        id: id.clone(),
        ice_parameters: from_ms("iceParameters", transport.ice_parameters())?,
        ice_candidates: ice_candidates(transport.ice_candidates())?,
        dtls_parameters: from_ms("dtlsParameters", &transport.dtls_parameters())?,
        sctp_parameters: match transport.sctp_parameters() {
            Some(p) => Some(from_ms("sctpParameters", &p)?),
            None => None,
        },
    };
    state.borrow_mut().transports.insert(
        id,
        TransportEntry {
            transport,
            router: key,
        },
    );
    Ok(info)
}

async fn connect_transport(
    state: Shared,
    id: String,
    dtls: DtlsParameters,
) -> Result<(), SfuError> {
    let transport = transport(&state, &id)?;
    let dtls_parameters = to_ms("dtlsParameters", &dtls)?;
    transport
        .connect(WebRtcTransportRemoteParameters { dtls_parameters })
        .await
        .map_err(|e| request_error("connectWebRtcTransport", e))
}

fn close_transport(state: &Shared, id: &str) -> Result<(), SfuError> {
    // Children first: each holds a clone of its transport.
    let (transport, producers, consumers) = {
        let mut s = state.borrow_mut();
        let transport = s
            .transports
            .remove(id)
            .ok_or_else(|| not_found("transport", id))?;
        let consumers: Vec<String> = s
            .consumers
            .iter()
            .filter(|(_, c)| c.transport_id == id)
            .map(|(k, _)| k.clone())
            .collect();
        let consumers: Vec<_> = consumers
            .iter()
            .filter_map(|k| s.consumers.remove(k))
            .collect();
        let producers: Vec<String> = s
            .producers
            .iter()
            .filter(|(_, p)| p.transport_id == id)
            .map(|(k, _)| k.clone())
            .collect();
        let producers: Vec<_> = producers
            .iter()
            .filter_map(|k| s.producers.remove(k))
            .collect();
        (transport, producers, consumers)
    };
    drop(consumers);
    drop(producers);
    tracing::debug!(
        transport = id,
        router = transport.router,
        "transport closed"
    );
    drop(transport);
    Ok(())
}

async fn produce(
    state: Shared,
    transport_id: String,
    kind: MediaKind,
    rtp_parameters: RtpParameters,
) -> Result<String, SfuError> {
    let transport = transport(&state, &transport_id)?;
    let ms_kind = to_ms("kind", &kind)?;
    let ms_params = to_ms("rtpParameters", &rtp_parameters)?;
    let producer = transport
        .produce(ProducerOptions::new(ms_kind, ms_params))
        .await
        .map_err(|e| match e {
            mediasoup::transport::ProduceError::Request(e) => request_error("produce", e),
            other => SfuError::BadRequest(format!("produce: {other}")),
        })?;
    let id = producer.id().to_string();
    let weak = state.borrow().commands.clone();
    {
        let (id, weak) = (id.clone(), weak.clone());
        producer
            .on_transport_close(move || forget(&weak, Object::Producer(id)))
            .detach();
    }
    let mut s = state.borrow_mut();
    if !s.transports.contains_key(&transport_id) {
        // The transport closed while we were producing: drop the producer with it.
        return Err(not_found("transport", &transport_id));
    }
    s.producers.insert(
        id.clone(),
        ProducerEntry {
            producer,
            transport_id,
        },
    );
    Ok(id)
}

fn forget(weak: &mpsc::WeakUnboundedSender<Command>, object: Object) {
    if let Some(tx) = weak.upgrade() {
        let _ = tx.send(Command::Forget(object));
    }
}

async fn consume(
    state: Shared,
    transport_id: String,
    producer_id: String,
    caps: RtpCapabilities,
    events: EventSink,
) -> Result<Option<ConsumerInfo>, SfuError> {
    let ms_caps = rtp_capabilities_to_ms(&caps)?;
    let (transport, router, ms_producer_id, weak) = {
        let s = state.borrow();
        let entry = s
            .transports
            .get(&transport_id)
            .ok_or_else(|| not_found("transport", &transport_id))?;
        let router = s
            .routers
            .get(&entry.router)
            .cloned()
            .ok_or_else(|| SfuError::NotFound("the room's router is closed".into()))?;
        let producer = s
            .producers
            .get(&producer_id)
            .ok_or_else(|| not_found("producer", &producer_id))?;
        (
            entry.transport.clone(),
            router,
            producer.producer.id(),
            s.commands.clone(),
        )
    };
    if !router.can_consume(&ms_producer_id, &ms_caps) {
        return Ok(None);
    }
    let mut options = ConsumerOptions::new(ms_producer_id, ms_caps);
    options.paused = true;
    let consumer = transport
        .consume(options)
        .await
        .map_err(|e| internal("consume", e))?;
    let id = consumer.id().to_string();
    subscribe(&consumer, &id, &events, &weak);
    let info = ConsumerInfo {
        id: id.clone(),
        kind: from_ms("kind", &consumer.kind())?,
        rtp_parameters: from_ms("rtpParameters", consumer.rtp_parameters())?,
        consumer_type: from_ms("type", &consumer.r#type())?,
        producer_paused: consumer.producer_paused(),
    };
    let mut s = state.borrow_mut();
    if !s.transports.contains_key(&transport_id) || !s.producers.contains_key(&producer_id) {
        return Err(SfuError::NotFound(format!(
            "transport \"{transport_id}\" or producer \"{producer_id}\" closed while consuming"
        )));
    }
    s.consumers.insert(
        id,
        ConsumerEntry {
            consumer,
            transport_id,
        },
    );
    Ok(Some(info))
}

/// Forwards a consumer's mediasoup events to its owner.
fn subscribe(
    consumer: &Consumer,
    id: &str,
    events: &EventSink,
    weak: &mpsc::WeakUnboundedSender<Command>,
) {
    let ev = |make: fn(String) -> SfuEvent| {
        let (id, events) = (id.to_owned(), events.clone());
        move || {
            let _ = events.send(make(id.clone()));
        }
    };
    consumer
        .on_producer_pause(ev(|consumer_id| SfuEvent::ConsumerPaused { consumer_id }))
        .detach();
    consumer
        .on_producer_resume(ev(|consumer_id| SfuEvent::ConsumerResumed { consumer_id }))
        .detach();
    {
        let (id, events, weak) = (id.to_owned(), events.clone(), weak.clone());
        consumer
            .on_producer_close(move || {
                let _ = events.send(SfuEvent::ConsumerClosed {
                    consumer_id: id.clone(),
                });
                forget(&weak, Object::Consumer(id));
            })
            .detach();
    }
    {
        let (id, weak) = (id.to_owned(), weak.clone());
        consumer
            .on_transport_close(move || forget(&weak, Object::Consumer(id)))
            .detach();
    }
    {
        let (id, events) = (id.to_owned(), events.clone());
        consumer
            .on_score(move |score| {
                let score = serde_json::to_value(score).unwrap_or(Value::Null);
                let _ = events.send(SfuEvent::ConsumerScore {
                    consumer_id: id.clone(),
                    score,
                });
            })
            .detach();
    }
}

#[cfg(test)]
mod tests {
    use super::port_ranges;

    #[test]
    fn port_ranges_split_without_overlap() {
        assert_eq!(port_ranges(40000, 49999, 1), vec![40000..=49999]);
        assert_eq!(
            port_ranges(40000, 40009, 3),
            vec![40000..=40002, 40003..=40005, 40006..=40009]
        );
        assert_eq!(port_ranges(10, 11, 2), vec![10..=10, 11..=11]);
    }
}
