//! The mediasoup operations behind each [`Command`](super::Command): they run on
//! the SFU thread, clone what they need out of the state, await mediasoup, and
//! put the results back.

use mediasoup::consumer::{Consumer, ConsumerOptions};
use mediasoup::data_structures::{DtlsState, IceState, ListenInfo, Protocol, TraceEventDirection};
use mediasoup::prelude::{
    Router, RouterOptions, Transport, WebRtcTransport, WebRtcTransportListenInfos,
    WebRtcTransportOptions, WebRtcTransportRemoteParameters, Worker,
};
use mediasoup::producer::ProducerOptions;
use mediasoup::sctp_parameters::NumSctpStreams;
use mediasoup::transport::{TransportTraceEventData, TransportTraceEventType};
use serde_json::Value;
use stunroom_shared::media::{DtlsParameters, MediaKind, RtpCapabilities, RtpParameters};
use stunroom_shared::messages::DownlinkBweData;
use stunroom_shared::messages::TransportInfo;
use tokio::sync::mpsc;

use super::actor::{
    internal, not_found, request_error, ConsumerEntry, ProducerEntry, Shared, State, TransportEntry,
};
use super::convert::{from_ms, ice_candidates, rtp_capabilities_to_ms, to_ms};
use super::{
    codecs, Command, ConsumerInfo, EventSink, Object, RouterKey, SfuError, SfuEvent, SfuStatus,
    TransportOptions,
};

/// What the demo server sets on transports that receive media from browsers.
const MAX_INCOMING_BITRATE: u32 = 1_500_000;
const INITIAL_OUTGOING_BITRATE: u32 = 1_000_000;

pub(super) fn transport(state: &Shared, id: &str) -> Result<WebRtcTransport, SfuError> {
    state
        .borrow()
        .transports
        .get(id)
        .map(|t| t.transport.clone())
        .ok_or_else(|| not_found("transport", id))
}

/// Fills in `workers_alive`: a worker is alive if mediasoup has not seen it die
/// (or close) and, with `probe`, it answers a dump request within that time.
pub(super) async fn status(
    mut counts: SfuStatus,
    workers: Vec<Worker>,
    probe: Option<std::time::Duration>,
) -> Result<SfuStatus, SfuError> {
    let checks = workers.iter().map(|worker| async move {
        if worker.closed() {
            return false;
        }
        match probe {
            None => true,
            Some(limit) => matches!(tokio::time::timeout(limit, worker.dump()).await, Ok(Ok(_))),
        }
    });
    counts.workers_alive = futures_util::future::join_all(checks)
        .await
        .into_iter()
        .filter(|alive| *alive)
        .count();
    Ok(counts)
}

pub(super) async fn create_router(
    state: Shared,
    key: RouterKey,
) -> Result<RtpCapabilities, SfuError> {
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
        (i, s.workers[i].clone())
    };
    let (index, worker) = worker;
    let router = worker
        .create_router(RouterOptions::new(codecs::media_codecs()))
        .await
        .map_err(|e| internal("createRouter", e))?;
    let caps = from_ms("rtpCapabilities", router.rtp_capabilities())?;
    let mut s = state.borrow_mut();
    s.router_workers.entry(key).or_insert(index);
    s.routers.entry(key).or_insert(router);
    Ok(caps)
}

pub(super) async fn create_transport(
    state: Shared,
    key: RouterKey,
    options: TransportOptions,
) -> Result<TransportInfo, SfuError> {
    let (router, mut ms_options): (Router, WebRtcTransportOptions) = {
        let s = state.borrow();
        let router = s
            .routers
            .get(&key)
            .cloned()
            .ok_or_else(|| SfuError::NotFound("the room's router is closed".into()))?;
        let server = s
            .router_workers
            .get(&key)
            .and_then(|w| s.webrtc_servers.get(*w))
            .cloned()
            .flatten();
        let ms_options = match server {
            Some(server) => WebRtcTransportOptions::new_with_server(server),
            None => {
                let listen = |protocol| ListenInfo {
                    protocol,
                    ip: s.settings.rtc_listen_ip,
                    announced_ip: Some(s.settings.announced_ip),
                    port: None,
                    send_buffer_size: None,
                    recv_buffer_size: None,
                };
                WebRtcTransportOptions::new(
                    WebRtcTransportListenInfos::new(listen(Protocol::Udp))
                        .insert(listen(Protocol::Tcp)),
                )
            }
        };
        (router, ms_options)
    };
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
    watch_states(&transport, &id, &options.events);
    watch_bwe(&transport, &options.events).await;
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

/// Reports the transport's outgoing bandwidth estimate (`downlinkBwe`), as the
/// reference server does with `enableTraceEvent(['bwe'])`.
async fn watch_bwe(transport: &WebRtcTransport, events: &EventSink) {
    if let Err(e) = transport
        .enable_trace_event(vec![TransportTraceEventType::Bwe])
        .await
    {
        tracing::warn!("enableTraceEvent(bwe) failed: {e}");
        return;
    }
    let events = events.clone();
    transport
        .on_trace(std::sync::Arc::new(move |trace| {
            if let TransportTraceEventData::Bwe {
                direction: TraceEventDirection::Out,
                info,
                ..
            } = trace
            {
                match from_ms::<_, DownlinkBweData>("bwe trace", info) {
                    Ok(bwe) => {
                        let _ = events.send(SfuEvent::DownlinkBwe(bwe));
                    }
                    Err(e) => tracing::debug!("{e}"),
                }
            }
        }))
        .detach();
}

/// Reports a transport whose ICE or DTLS has ended to its owner.
fn watch_states(transport: &WebRtcTransport, id: &str, events: &EventSink) {
    let failed = |id: &str, events: &EventSink, state: String| {
        let _ = events.send(SfuEvent::TransportFailed {
            transport_id: id.to_owned(),
            state,
        });
    };
    {
        let (id, events) = (id.to_owned(), events.clone());
        transport
            .on_ice_state_change(move |s| {
                tracing::debug!(transport = %id, "ICE state {s:?}");
                if matches!(s, IceState::Disconnected) {
                    failed(&id, &events, format!("ICE {s:?}"));
                }
            })
            .detach();
    }
    let (id, events) = (id.to_owned(), events.clone());
    transport
        .on_dtls_state_change(move |s| {
            tracing::debug!(transport = %id, "DTLS state {s:?}");
            if matches!(s, DtlsState::Failed | DtlsState::Closed) {
                failed(&id, &events, format!("DTLS {s:?}"));
            }
        })
        .detach();
}

pub(super) async fn connect_transport(
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

pub(super) fn close_transport(state: &Shared, id: &str) -> Result<(), SfuError> {
    // Children first: each holds a clone of its transport.
    let (transport, producers, consumers, data) = {
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
        let data = s.proto.take_children(id);
        (transport, producers, consumers, data)
    };
    drop(data);
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

pub(super) async fn produce(
    state: Shared,
    transport_id: String,
    kind: MediaKind,
    rtp_parameters: RtpParameters,
) -> Result<String, SfuError> {
    let transport = transport(&state, &transport_id)?;
    produce_on(
        &state,
        transport,
        transport_id,
        kind,
        rtp_parameters,
        |s, id| s.transports.contains_key(id),
    )
    .await
}

/// A producer on `transport` (WebRTC or plain). `is_open` tells whether the
/// transport still exists once mediasoup has answered; if not, the producer
/// goes with it.
pub(super) async fn produce_on<T: Transport>(
    state: &Shared,
    transport: T,
    transport_id: String,
    kind: MediaKind,
    rtp_parameters: RtpParameters,
    is_open: fn(&State, &str) -> bool,
) -> Result<String, SfuError> {
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
    if !is_open(&s, &transport_id) {
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

pub(super) fn forget(weak: &mpsc::WeakUnboundedSender<Command>, object: Object) {
    if let Some(tx) = weak.upgrade() {
        let _ = tx.send(Command::Forget(object));
    }
}

pub(super) async fn consume(
    state: Shared,
    transport_id: String,
    producer_id: String,
    caps: RtpCapabilities,
    events: EventSink,
) -> Result<Option<ConsumerInfo>, SfuError> {
    let (transport, router) = {
        let s = state.borrow();
        let entry = s
            .transports
            .get(&transport_id)
            .ok_or_else(|| not_found("transport", &transport_id))?;
        (entry.transport.clone(), entry.router)
    };
    consume_on(
        &state,
        transport,
        router,
        ConsumeTarget {
            transport_id,
            producer_id,
            caps,
        },
        events,
        |s, id| s.transports.contains_key(id),
    )
    .await
}

/// Which producer to consume, on which transport, for whom.
pub(super) struct ConsumeTarget {
    pub transport_id: String,
    pub producer_id: String,
    pub caps: RtpCapabilities,
}

/// A paused consumer of `target.producer_id` on `transport` (WebRTC or plain),
/// or `None` when the consumer's capabilities cannot receive it. `is_open`
/// tells whether the transport still exists once mediasoup has answered.
pub(super) async fn consume_on<T: Transport>(
    state: &Shared,
    transport: T,
    router_key: RouterKey,
    target: ConsumeTarget,
    events: EventSink,
    is_open: fn(&State, &str) -> bool,
) -> Result<Option<ConsumerInfo>, SfuError> {
    let ConsumeTarget {
        transport_id,
        producer_id,
        caps,
    } = target;
    let ms_caps = rtp_capabilities_to_ms(&caps)?;
    let (router, ms_producer_id, weak) = {
        let s = state.borrow();
        let router = s
            .routers
            .get(&router_key)
            .cloned()
            .ok_or_else(|| SfuError::NotFound("the room's router is closed".into()))?;
        let producer = s
            .producers
            .get(&producer_id)
            .ok_or_else(|| not_found("producer", &producer_id))?;
        (router, producer.producer.id(), s.commands.clone())
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
    if !is_open(&s, &transport_id) || !s.producers.contains_key(&producer_id) {
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
pub(super) fn subscribe(
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
            .on_layers_change(move |layers| {
                let _ = events.send(SfuEvent::ConsumerLayersChanged(
                    super::proto::layers_changed(&id, layers),
                ));
            })
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
