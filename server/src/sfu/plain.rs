//! Plain RTP transports, for the Broadcaster REST API (ffmpeg/GStreamer ingest),
//! and the router-level checks that API needs.
//!
//! Plain transports live in their own map of the SFU state. The generic
//! transport commands (`Produce`, `Consume`, `ConnectTransport`, `RestartIce`,
//! `CloseTransport`, and producing or consuming data) that name a plain
//! transport are routed here by
//! [`intercept`], so the rest of the server uses one [`Sfu`] API for both kinds.
//! Their producers and consumers go into the shared maps like any other, so
//! WebRTC peers consume a broadcaster's producers the usual way.

use mediasoup::data_structures::{ListenInfo, Protocol};
use mediasoup::prelude::{PlainTransport, PlainTransportOptions, Transport};
use mediasoup::producer::ProducerId;
use mediasoup::sctp_parameters::NumSctpStreams;
use stunroom_shared::broadcaster::PlainTransportInfo;
use stunroom_shared::media::{MediaKind, RtpCapabilities, RtpParameters, SctpCapabilities};

use super::actor::{internal, not_found, Shared};
use super::convert::rtp_capabilities_to_ms;
use super::ops::{consume_on, produce_on, ConsumeTarget};
use super::proto::ProtoCommand;
use super::{Command, ConsumerInfo, EventSink, Reply, RouterKey, Sfu, SfuError};

/// A plain transport and the room (router) it belongs to.
pub(super) struct PlainEntry {
    pub(super) transport: PlainTransport,
    pub(super) router: RouterKey,
}

/// `createPlainTransport` options (the reference's `rtcpMux`/`comedia`).
#[derive(Debug, Clone)]
pub struct PlainOptions {
    pub rtcp_mux: bool,
    pub comedia: bool,
    pub sctp_capabilities: Option<SctpCapabilities>,
}

/// Commands only this module executes.
pub(super) enum PlainCommand {
    Create {
        router: RouterKey,
        options: PlainOptions,
        reply: Reply<PlainTransportInfo>,
    },
    /// Which of `producer_ids` the capabilities can consume (unknown ids are left out).
    CanConsume {
        router: RouterKey,
        producer_ids: Vec<String>,
        rtp_capabilities: RtpCapabilities,
        reply: Reply<Vec<String>>,
    },
}

impl Sfu {
    /// Creates a plain RTP transport in a room's router.
    pub async fn create_plain_transport(
        &self,
        router: RouterKey,
        options: PlainOptions,
    ) -> Result<PlainTransportInfo, SfuError> {
        self.call(|reply| {
            Command::Plain(PlainCommand::Create {
                router,
                options,
                reply,
            })
        })
        .await
    }

    /// The producers (of this router) that an endpoint with these capabilities can consume.
    pub async fn consumable(
        &self,
        router: RouterKey,
        producer_ids: Vec<String>,
        rtp_capabilities: RtpCapabilities,
    ) -> Result<Vec<String>, SfuError> {
        self.call(|reply| {
            Command::Plain(PlainCommand::CanConsume {
                router,
                producer_ids,
                rtp_capabilities,
                reply,
            })
        })
        .await
    }
}

fn spawn(work: impl std::future::Future<Output = ()> + 'static) {
    tokio::task::spawn_local(work);
}

async fn answer<T>(reply: Reply<T>, work: impl std::future::Future<Output = Result<T, SfuError>>) {
    let _ = reply.send(work.await);
}

fn is_plain(state: &Shared, id: &str) -> bool {
    state.borrow().plain_transports.contains_key(id)
}

fn no_data_channels(id: &str) -> SfuError {
    SfuError::BadRequest(format!(
        "transport with id \"{id}\" is a plain transport: data channels need a WebRTC transport created with sctpCapabilities"
    ))
}

/// Runs the generic transport commands that name a plain transport; gives every
/// other command back.
pub(super) fn intercept(state: &Shared, command: Command) -> Option<Command> {
    match command {
        Command::Produce {
            transport_id,
            kind,
            rtp_parameters,
            reply,
        } if is_plain(state, &transport_id) => spawn(answer(
            reply,
            produce(state.clone(), transport_id, kind, rtp_parameters),
        )),
        Command::Consume {
            transport_id,
            producer_id,
            rtp_capabilities,
            events,
            reply,
        } if is_plain(state, &transport_id) => spawn(answer(
            reply,
            consume(
                state.clone(),
                transport_id,
                producer_id,
                rtp_capabilities,
                events,
            ),
        )),
        Command::ConnectTransport { id, reply, .. } if is_plain(state, &id) => {
            let _ = reply.send(Err(SfuError::BadRequest(format!(
                "transport with id \"{id}\" is a plain transport (comedia), not a WebRtcTransport"
            ))));
        }
        Command::RestartIce { id, reply } if is_plain(state, &id) => {
            let _ = reply.send(Err(SfuError::BadRequest(format!(
                "transport with id \"{id}\" is a plain transport: no ICE to restart"
            ))));
        }
        Command::Proto(ProtoCommand::ProduceData {
            transport_id,
            reply,
            ..
        }) if is_plain(state, &transport_id) => {
            let _ = reply.send(Err(no_data_channels(&transport_id)));
        }
        Command::Proto(ProtoCommand::ConsumeData {
            transport_id,
            reply,
            ..
        }) if is_plain(state, &transport_id) => {
            let _ = reply.send(Err(no_data_channels(&transport_id)));
        }
        Command::CloseTransport { id, reply } if is_plain(state, &id) => {
            let _ = reply.send(close(state, &id));
        }
        other => return Some(other),
    }
    None
}

pub(super) fn execute(state: &Shared, command: PlainCommand) {
    match command {
        PlainCommand::Create {
            router,
            options,
            reply,
        } => spawn(answer(reply, create(state.clone(), router, options))),
        PlainCommand::CanConsume {
            router,
            producer_ids,
            rtp_capabilities,
            reply,
        } => {
            let _ = reply.send(can_consume(state, router, producer_ids, &rtp_capabilities));
        }
    }
}

async fn create(
    state: Shared,
    key: RouterKey,
    options: PlainOptions,
) -> Result<PlainTransportInfo, SfuError> {
    let (router, listen) = {
        let s = state.borrow();
        let router = s
            .routers
            .get(&key)
            .cloned()
            .ok_or_else(|| SfuError::NotFound("the room's router is closed".into()))?;
        let listen = ListenInfo {
            protocol: Protocol::Udp,
            ip: s.settings.rtc_listen_ip,
            announced_ip: Some(s.settings.announced_ip),
            port: None,
            send_buffer_size: None,
            recv_buffer_size: None,
        };
        (router, listen)
    };
    let mut ms_options = PlainTransportOptions::new(listen);
    ms_options.rtcp_mux = options.rtcp_mux;
    ms_options.comedia = options.comedia;
    if let Some(sctp) = options.sctp_capabilities {
        ms_options.enable_sctp = true;
        ms_options.num_sctp_streams = NumSctpStreams {
            os: sctp.num_streams.os,
            mis: sctp.num_streams.mis,
        };
    }
    let transport = router
        .create_plain_transport(ms_options)
        .await
        .map_err(|e| internal("createPlainTransport", e))?;
    let id = transport.id().to_string();
    let tuple = transport.tuple();
    let info = PlainTransportInfo {
        id: id.clone(),
        ip: tuple.local_ip().to_string(),
        port: tuple.local_port(),
        rtcp_port: transport.rtcp_tuple().map(|t| t.local_port()),
    };
    {
        let (id, rtcp) = (id.clone(), transport.rtcp_tuple().is_some());
        transport
            .on_tuple(move |t| {
                tracing::debug!(transport = %id, rtcp, "plain transport remote RTP address {t:?}");
            })
            .detach();
    }
    tracing::debug!(transport = %id, router = key, ?info, "plain transport created");
    state.borrow_mut().plain_transports.insert(
        id,
        PlainEntry {
            transport,
            router: key,
        },
    );
    Ok(info)
}

fn plain(state: &Shared, id: &str) -> Result<PlainTransport, SfuError> {
    state
        .borrow()
        .plain_transports
        .get(id)
        .map(|t| t.transport.clone())
        .ok_or_else(|| not_found("transport", id))
}

async fn produce(
    state: Shared,
    transport_id: String,
    kind: MediaKind,
    rtp_parameters: RtpParameters,
) -> Result<String, SfuError> {
    let transport = plain(&state, &transport_id)?;
    produce_on(
        &state,
        transport,
        transport_id,
        kind,
        rtp_parameters,
        |s, id| s.plain_transports.contains_key(id),
    )
    .await
}

/// A paused consumer on a plain transport (resume it to start sending).
async fn consume(
    state: Shared,
    transport_id: String,
    producer_id: String,
    caps: RtpCapabilities,
    events: EventSink,
) -> Result<Option<ConsumerInfo>, SfuError> {
    let (transport, router) = {
        let s = state.borrow();
        let entry = s
            .plain_transports
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
        |s, id| s.plain_transports.contains_key(id),
    )
    .await
}

/// Closes a plain transport with its producers and consumers (children first).
fn close(state: &Shared, id: &str) -> Result<(), SfuError> {
    let (transport, producers, consumers) = {
        let mut s = state.borrow_mut();
        let transport = s
            .plain_transports
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
        "plain transport closed"
    );
    drop(transport);
    Ok(())
}

fn can_consume(
    state: &Shared,
    key: RouterKey,
    producer_ids: Vec<String>,
    caps: &RtpCapabilities,
) -> Result<Vec<String>, SfuError> {
    let ms_caps = rtp_capabilities_to_ms(caps)?;
    let s = state.borrow();
    let router = s
        .routers
        .get(&key)
        .ok_or_else(|| SfuError::NotFound("the room's router is closed".into()))?;
    let ok = |id: &String| {
        s.producers
            .get(id)
            .map(|p| p.producer.id())
            .is_some_and(|pid: ProducerId| router.can_consume(&pid, &ms_caps))
    };
    Ok(producer_ids.into_iter().filter(|id| ok(id)).collect())
}
