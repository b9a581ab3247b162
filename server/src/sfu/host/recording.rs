//! Plain transports that feed a local recorder (ffmpeg): bound to 127.0.0.1,
//! comedia off (we tell mediasoup where ffmpeg listens), RTCP on its own port
//! (ffmpeg's RTP demuxer expects RTCP on RTP port + 1), no SRTP. Consumers on
//! them are the ordinary ones (`media::consume`).

use std::net::{IpAddr, Ipv4Addr};

use mediasoup::data_structures::{ListenInfo, Protocol};
use mediasoup::prelude::{PlainTransportOptions, PlainTransportRemoteParameters};
use stunroom_shared::broadcaster::PlainTransportInfo;
use stunroom_shared::ids::TransportId;

use super::transport::{register_plain, request_error, Transport};
use super::Shared;
use crate::sfu::{RouterKey, SfuError};

const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

pub(super) async fn create_transport(
    state: &Shared,
    key: RouterKey,
) -> Result<PlainTransportInfo, SfuError> {
    let router = state.borrow().router(key)?;
    let mut options = PlainTransportOptions::new(ListenInfo {
        protocol: Protocol::Udp,
        ip: LOOPBACK,
        announced_ip: None,
        port: None,
        send_buffer_size: None,
        recv_buffer_size: None,
    });
    options.rtcp_mux = false;
    options.comedia = false;
    let transport = router
        .create_plain_transport(options)
        .await
        .map_err(|e| SfuError::internal("createPlainTransport (recording)", e))?;
    register_plain(state, key, transport)
}

pub(super) async fn connect(
    state: &Shared,
    id: TransportId,
    port: u16,
    rtcp_port: Option<u16>,
) -> Result<(), SfuError> {
    let transport = match state.borrow().transport(&id)? {
        Transport::Plain(t, _) => t,
        Transport::WebRtc(..) => {
            return Err(SfuError::Refused {
                what: "connectPlainTransport".into(),
                reason: format!("transport with id \"{id}\" is a WebRtcTransport"),
            })
        }
    };
    transport
        .connect(PlainTransportRemoteParameters {
            ip: Some(LOOPBACK),
            port: Some(port),
            rtcp_port,
            srtp_parameters: None,
        })
        .await
        .map_err(|e| request_error("connectPlainTransport", e))
}
