//! The SFU thread: owns the worker pool and every router, transport, producer
//! and consumer, and executes [`Command`]s. Each command that awaits mediasoup
//! runs as its own local task, so one slow call never blocks the others; state
//! borrows are never held across an await.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use mediasoup::consumer::Consumer;
use mediasoup::data_structures::{ListenInfo, Protocol};
use mediasoup::prelude::{
    WebRtcServer, WebRtcServerListenInfos, WebRtcServerOptions, WebRtcTransport, Worker,
    WorkerManager, WorkerSettings,
};
use mediasoup::producer::Producer;
use mediasoup::worker::{RequestError, WorkerLogLevel};
use tokio::sync::{mpsc, oneshot};

use super::convert::from_ms;
use super::ops::{
    close_transport, connect_transport, consume, create_router, create_transport, produce, status,
    transport,
};
use super::{
    Command, Object, Op, Reply, RouterKey, RtcMode, SfuError, SfuSettings, SfuStatus, WorkerLog,
};

pub(super) struct TransportEntry {
    pub(super) transport: WebRtcTransport,
    pub(super) router: RouterKey,
}

pub(super) struct ProducerEntry {
    pub(super) producer: Producer,
    pub(super) transport_id: String,
}

pub(super) struct ConsumerEntry {
    pub(super) consumer: Consumer,
    pub(super) transport_id: String,
}

pub(super) struct State {
    pub(super) settings: SfuSettings,
    pub(super) workers: Vec<Worker>,
    /// Each worker's WebRtcServer (WebRtcServer mode), by worker index.
    pub(super) webrtc_servers: Vec<Option<WebRtcServer>>,
    pub(super) next_worker: usize,
    /// Which worker each router runs on.
    pub(super) router_workers: HashMap<RouterKey, usize>,
    pub(super) routers: HashMap<RouterKey, mediasoup::router::Router>,
    pub(super) transports: HashMap<String, TransportEntry>,
    pub(super) producers: HashMap<String, ProducerEntry>,
    pub(super) consumers: HashMap<String, ConsumerEntry>,
    /// Plain RTP transports (broadcasters), see [`super::plain`].
    pub(super) plain_transports: HashMap<String, super::plain::PlainEntry>,
    /// Data producers/consumers, and each room's observer and bot.
    pub(super) proto: super::proto::ProtoState,
    /// For mediasoup's event handlers to tell us an object is gone.
    pub(super) commands: mpsc::WeakUnboundedSender<Command>,
}

pub(super) type Shared = Rc<RefCell<State>>;

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
    let mut webrtc_servers = Vec::with_capacity(settings.workers);
    for (i, range) in port_ranges(
        settings.rtc_min_port,
        settings.rtc_max_port,
        settings.workers,
    )
    .into_iter()
    .enumerate()
    {
        let mut worker_settings = WorkerSettings::default();
        worker_settings.log_level = match settings.worker_log {
            WorkerLog::None => WorkerLogLevel::None,
            WorkerLog::Error => WorkerLogLevel::Error,
            WorkerLog::Warn => WorkerLogLevel::Warn,
            WorkerLog::Debug => WorkerLogLevel::Debug,
        };
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
                match create_webrtc_server(&worker, &settings, i).await {
                    Ok(server) => webrtc_servers.push(server),
                    Err(e) => {
                        let _ = ready.send(Err(e));
                        return;
                    }
                }
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
        webrtc_servers,
        next_worker: 0,
        router_workers: HashMap::new(),
        routers: HashMap::new(),
        transports: HashMap::new(),
        producers: HashMap::new(),
        consumers: HashMap::new(),
        plain_transports: HashMap::new(),
        proto: Default::default(),
        commands,
    }));
    while let Some(command) = rx.recv().await {
        execute(&state, command);
    }
}

/// Worker `index`'s WebRtcServer: UDP and TCP on `rtc_port + index` (none in port-range mode).
async fn create_webrtc_server(
    worker: &Worker,
    settings: &SfuSettings,
    index: usize,
) -> Result<Option<WebRtcServer>, SfuError> {
    if settings.rtc_mode != RtcMode::WebRtcServer {
        return Ok(None);
    }
    let port = match settings.rtc_port {
        0 => None,
        base => Some(u16::try_from(usize::from(base) + index).map_err(|_| {
            SfuError::Internal(format!(
                "worker {index}: port {base} + {index} is past 65535"
            ))
        })?),
    };
    let listen = |protocol| ListenInfo {
        protocol,
        ip: settings.rtc_listen_ip,
        announced_ip: Some(settings.announced_ip),
        port,
        send_buffer_size: None,
        recv_buffer_size: None,
    };
    let infos = WebRtcServerListenInfos::new(listen(Protocol::Udp)).insert(listen(Protocol::Tcp));
    let server = worker
        .create_webrtc_server(WebRtcServerOptions::new(infos))
        .await
        .map_err(|e| {
            SfuError::Internal(format!(
                "worker {index}: cannot listen on {}:{} (UDP and TCP; --rtc-port): {e}",
                settings.rtc_listen_ip,
                port.map_or("a port of the range".to_owned(), |p| p.to_string())
            ))
        })?;
    tracing::info!(worker = index, port = ?port, "WebRtcServer listening (UDP and TCP)");
    Ok(Some(server))
}

pub(super) fn not_found(what: &str, id: &str) -> SfuError {
    SfuError::NotFound(format!("{what} with id \"{id}\" not found"))
}

pub(super) fn internal(what: &str, e: impl std::fmt::Display) -> SfuError {
    SfuError::Internal(format!("{what} failed: {e}"))
}

/// A worker error caused by what the client sent (mediasoup's own validation).
pub(super) fn request_error(what: &str, e: RequestError) -> SfuError {
    match e {
        RequestError::Response { reason } => SfuError::BadRequest(format!("{what}: {reason}")),
        other => internal(what, other),
    }
}

/// Runs a command: synchronous ones in place (keeps their order), the rest as local tasks.
fn execute(state: &Shared, command: Command) {
    let Some(command) = super::plain::intercept(state, command) else {
        return;
    };
    match command {
        Command::CreateRouter { key, reply } => {
            spawn(answer(reply, create_router(state.clone(), key)))
        }
        Command::CloseRouter { key, reply } => {
            // The observer and bot first (they hold clones of the router).
            let extras = state.borrow_mut().proto.take_room(key);
            drop(extras);
            let mut s = state.borrow_mut();
            s.routers.remove(&key);
            s.router_workers.remove(&key);
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
        Command::Plain(c) => super::plain::execute(state, c),
        Command::Proto(c) => super::proto::execute(state, c),
        Command::Status { probe, reply } => {
            let (counts, workers) = {
                let s = state.borrow();
                let counts = SfuStatus {
                    workers: s.workers.len(),
                    workers_alive: 0,
                    routers: s.routers.len(),
                    transports: s.transports.len() + s.plain_transports.len(),
                    producers: s.producers.len(),
                    consumers: s.consumers.len(),
                };
                (counts, s.workers.clone())
            };
            spawn(answer(reply, status(counts, workers, probe)))
        }
        Command::CloseAll { reply } => {
            // Data channels, observers and bots hold transports/routers: first.
            let proto = state.borrow_mut().proto.take_all();
            drop(proto);
            // Then children first, as in close_transport; the workers stay.
            let (consumers, producers, plain, transports, routers) = {
                let mut s = state.borrow_mut();
                (
                    std::mem::take(&mut s.consumers),
                    std::mem::take(&mut s.producers),
                    std::mem::take(&mut s.plain_transports),
                    std::mem::take(&mut s.transports),
                    std::mem::take(&mut s.routers),
                )
            };
            let open = routers.len();
            drop(consumers);
            drop(producers);
            drop(plain);
            drop(transports);
            drop(routers);
            let _ = reply.send(Ok(open));
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
