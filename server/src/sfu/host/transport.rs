//! Transports: WebRTC (browsers) and plain RTP (the Broadcaster API), in one
//! map behind one enum; creating, connecting, restarting ICE and closing.

use std::sync::Arc;

use mediasoup::data_structures::{DtlsState, IceState, ListenInfo, Protocol, TraceEventDirection};
use mediasoup::prelude::{
    PlainTransport, PlainTransportOptions, Transport as _, WebRtcTransport,
    WebRtcTransportListenInfos, WebRtcTransportOptions as MsWebRtcOptions,
    WebRtcTransportRemoteParameters,
};
use mediasoup::sctp_parameters::NumSctpStreams;
use mediasoup::transport::{TransportTraceEventData, TransportTraceEventType};
use mediasoup::worker::RequestError;
use stunroom_shared::broadcaster::PlainTransportInfo;
use stunroom_shared::ids::TransportId;
use stunroom_shared::media::{DtlsParameters, IceParameters};
use stunroom_shared::messages::{DownlinkBweData, TransportInfo};

use super::{Out, Shared};
use crate::sfu::convert::{from_ms, ice_candidates, to_ms};
use crate::sfu::protocol::SinkId;
use crate::sfu::{Entity, PlainOptions, RouterKey, SfuError, SfuEvent, WebRtcTransportOptions};

/// What the demo server sets on transports that receive media from browsers.
const MAX_INCOMING_BITRATE: u32 = 1_500_000;
const INITIAL_OUTGOING_BITRATE: u32 = 1_000_000;

/// A transport of either kind, with the room it belongs to.
#[derive(Clone)]
pub(in crate::sfu) enum Transport {
    WebRtc(WebRtcTransport, RouterKey),
    Plain(PlainTransport, RouterKey),
}

impl Transport {
    pub fn router(&self) -> RouterKey {
        match self {
            Transport::WebRtc(_, r) | Transport::Plain(_, r) => *r,
        }
    }

    /// The WebRTC transport, or an error naming what this one is not.
    pub fn webrtc(&self, id: &TransportId, for_what: &str) -> Result<WebRtcTransport, SfuError> {
        match self {
            Transport::WebRtc(t, _) => Ok(t.clone()),
            Transport::Plain(..) => Err(SfuError::Refused {
                what: for_what.to_owned(),
                reason: format!(
                    "transport with id \"{id}\" is a plain transport, not a WebRtcTransport"
                ),
            }),
        }
    }
}

/// A worker error caused by what the client sent (mediasoup's own validation).
pub(super) fn request_error(what: &str, e: RequestError) -> SfuError {
    match e {
        RequestError::Response { reason } => SfuError::Refused {
            what: what.to_owned(),
            reason,
        },
        other => SfuError::internal(what, other),
    }
}

fn listen_info(
    ip: std::net::IpAddr,
    announced: std::net::IpAddr,
    protocol: Protocol,
) -> ListenInfo {
    ListenInfo {
        protocol,
        ip,
        announced_ip: Some(announced),
        port: None,
        send_buffer_size: None,
        recv_buffer_size: None,
    }
}

pub(super) async fn create_webrtc(
    state: &Shared,
    key: RouterKey,
    options: WebRtcTransportOptions,
    sink: SinkId,
) -> Result<TransportInfo, SfuError> {
    let (router, mut ms, out) = {
        let s = state.borrow();
        let router = s.router(key)?;
        let ms = match &s.webrtc_server {
            Some(server) => MsWebRtcOptions::new_with_server(server.clone()),
            None => {
                let (ip, announced) = (s.settings.rtc_listen_ip, s.settings.announced_ip);
                MsWebRtcOptions::new(
                    WebRtcTransportListenInfos::new(listen_info(ip, announced, Protocol::Udp))
                        .insert(listen_info(ip, announced, Protocol::Tcp)),
                )
            }
        };
        (router, ms, s.out.clone())
    };
    ms.enable_udp = !options.force_tcp;
    ms.enable_tcp = true;
    ms.prefer_udp = true;
    ms.initial_available_outgoing_bitrate = INITIAL_OUTGOING_BITRATE;
    if let Some(sctp) = &options.sctp_capabilities {
        ms.enable_sctp = true;
        ms.num_sctp_streams = sctp_streams(sctp);
        // The largest data-channel message mediasoup takes from this peer.
        ms.max_sctp_message_size = options.max_message_size;
    }
    let transport = router
        .create_webrtc_transport(ms)
        .await
        .map_err(|e| SfuError::internal("createWebRtcTransport", e))?;
    if options.producing {
        if let Err(e) = transport
            .set_max_incoming_bitrate(MAX_INCOMING_BITRATE)
            .await
        {
            tracing::warn!("setMaxIncomingBitrate failed: {e}");
        }
    }
    let id = TransportId::new(transport.id().to_string());
    watch_states(&transport, &id, &out, sink);
    watch_bwe(&transport, &out, sink).await;
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
    let mut s = state.borrow_mut();
    if !s.rooms.contains_key(&key) {
        return Err(SfuError::not_found(Entity::Router, key));
    }
    s.transports.insert(id, Transport::WebRtc(transport, key));
    Ok(info)
}

/// Reports the transport's outgoing bandwidth estimate (`downlinkBwe`), as the
/// reference server does with `enableTraceEvent(['bwe'])`.
async fn watch_bwe(transport: &WebRtcTransport, out: &Out, sink: SinkId) {
    if let Err(e) = transport
        .enable_trace_event(vec![TransportTraceEventType::Bwe])
        .await
    {
        tracing::warn!("enableTraceEvent(bwe) failed: {e}");
        return;
    }
    let out = out.clone();
    transport
        .on_trace(Arc::new(move |trace| {
            if let TransportTraceEventData::Bwe {
                direction: TraceEventDirection::Out,
                info,
                ..
            } = trace
            {
                match from_ms::<_, DownlinkBweData>("bwe trace", info) {
                    Ok(bwe) => out.event(sink, SfuEvent::DownlinkBwe(bwe)),
                    Err(e) => tracing::debug!("{e}"),
                }
            }
        }))
        .detach();
}

/// Reports a transport whose ICE or DTLS has ended to its owner.
fn watch_states(transport: &WebRtcTransport, id: &TransportId, out: &Out, sink: SinkId) {
    let failed = move |id: &TransportId, out: &Out, state: String| {
        out.event(
            sink,
            SfuEvent::TransportFailed {
                transport_id: id.clone(),
                state,
            },
        );
    };
    {
        let (id, out) = (id.clone(), out.clone());
        transport
            .on_ice_state_change(move |s| {
                tracing::debug!(transport = %id, "ICE state {s:?}");
                if matches!(s, IceState::Disconnected) {
                    failed(&id, &out, format!("ICE {s:?}"));
                }
            })
            .detach();
    }
    let (id, out) = (id.clone(), out.clone());
    transport
        .on_dtls_state_change(move |s| {
            tracing::debug!(transport = %id, "DTLS state {s:?}");
            if matches!(s, DtlsState::Failed | DtlsState::Closed) {
                failed(&id, &out, format!("DTLS {s:?}"));
            }
        })
        .detach();
}

pub(super) async fn create_plain(
    state: &Shared,
    key: RouterKey,
    options: PlainOptions,
) -> Result<PlainTransportInfo, SfuError> {
    let (router, listen) = {
        let s = state.borrow();
        let listen = listen_info(
            s.settings.rtc_listen_ip,
            s.settings.announced_ip,
            Protocol::Udp,
        );
        (s.router(key)?, listen)
    };
    let mut ms = PlainTransportOptions::new(listen);
    ms.rtcp_mux = options.rtcp_mux;
    ms.comedia = options.comedia;
    if let Some(sctp) = &options.sctp_capabilities {
        ms.enable_sctp = true;
        ms.num_sctp_streams = sctp_streams(sctp);
        // The largest data-channel message mediasoup takes from this peer.
        ms.max_sctp_message_size = options.max_message_size;
    }
    let transport = router
        .create_plain_transport(ms)
        .await
        .map_err(|e| SfuError::internal("createPlainTransport", e))?;
    register_plain(state, key, transport)
}

/// Describes a new plain transport and keeps it under its router (which may
/// have closed while it was being created).
pub(super) fn register_plain(
    state: &Shared,
    key: RouterKey,
    transport: PlainTransport,
) -> Result<PlainTransportInfo, SfuError> {
    let id = TransportId::new(transport.id().to_string());
    let tuple = transport.tuple();
    let info = PlainTransportInfo {
        id: id.clone(),
        ip: tuple.local_ip().to_string(),
        port: tuple.local_port(),
        rtcp_port: transport.rtcp_tuple().map(|t| t.local_port()),
    };
    tracing::debug!(transport = %id, router = key, ?info, "plain transport created");
    let mut s = state.borrow_mut();
    if !s.rooms.contains_key(&key) {
        return Err(SfuError::not_found(Entity::Router, key));
    }
    s.transports.insert(id, Transport::Plain(transport, key));
    Ok(info)
}

pub(super) async fn connect(
    state: &Shared,
    id: TransportId,
    dtls: DtlsParameters,
) -> Result<(), SfuError> {
    let transport = state
        .borrow()
        .transport(&id)?
        .webrtc(&id, "connectWebRtcTransport")?;
    let dtls_parameters = to_ms("dtlsParameters", &dtls)?;
    transport
        .connect(WebRtcTransportRemoteParameters { dtls_parameters })
        .await
        .map_err(|e| request_error("connectWebRtcTransport", e))
}

pub(super) async fn restart_ice(
    state: &Shared,
    id: TransportId,
) -> Result<IceParameters, SfuError> {
    let transport = state.borrow().transport(&id)?.webrtc(&id, "restartIce")?;
    let params = transport
        .restart_ice()
        .await
        .map_err(|e| SfuError::internal("restartIce", e))?;
    from_ms("iceParameters", &params)
}

/// Closes a transport with its producers, consumers and data channels.
pub(super) fn close(state: &Shared, id: &TransportId) -> Result<(), SfuError> {
    let closed = state.borrow_mut().take_transport(id)?;
    drop(closed);
    Ok(())
}

/// The SCTP stream counts a client asked for, in mediasoup's type.
fn sctp_streams(sctp: &stunroom_shared::media::SctpCapabilities) -> NumSctpStreams {
    NumSctpStreams {
        os: sctp.num_streams.os,
        mis: sctp.num_streams.mis,
    }
}
