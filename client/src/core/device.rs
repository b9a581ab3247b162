//! The device: what this browser and the router have in common
//! (mediasoup-client `Device.load`).

use stunroom_shared::media::{
    Direction, MediaKind, NumSctpStreams, RtpCapabilities, SctpCapabilities,
};

use super::caps::local_rtp_capabilities;
use super::handler::Handler;
use super::ortc::{can_send, extended_capabilities, normalize_capabilities, rtp_capabilities};
use super::sdp::Sdp;
use super::CoreError;

/// A loaded device. Cheap to clone.
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    handler: Handler,
    /// The router's capabilities, normalized and with the H264 profile-level-ids
    /// negotiated against the browser (mediasoup-client rewrites them too).
    router_caps: RtpCapabilities,
    recv_caps: RtpCapabilities,
    send_caps: RtpCapabilities,
}

impl Device {
    /// Loads from the router's capabilities (`getRouterRtpCapabilities`) and the
    /// SDP of a probe offer: `createOffer()` of a throwaway RTCPeerConnection
    /// (bundlePolicy max-bundle, rtcpMuxPolicy require) after
    /// `addTransceiver('audio')` and `addTransceiver('video')`.
    /// The device follows mediasoup-client's Chrome111 handler; see
    /// [`Device::load_for`] for the others.
    pub fn load(router_caps: RtpCapabilities, probe_offer_sdp: &str) -> Result<Self, CoreError> {
        Self::load_for(Handler::Chrome111, router_caps, probe_offer_sdp)
    }

    /// [`Device::load`] for the given handler (see [`Handler::detect`]); the
    /// transports made from this device follow it too.
    pub fn load_for(
        handler: Handler,
        router_caps: RtpCapabilities,
        probe_offer_sdp: &str,
    ) -> Result<Self, CoreError> {
        Self::load_with_probes_for(handler, router_caps, probe_offer_sdp, probe_offer_sdp)
    }

    /// Like [`Device::load`] with one probe per direction, exactly as
    /// mediasoup-client 3.24's Chrome111 handler makes them: both transceivers
    /// with `direction` `recvonly` (resp. `sendonly`), the video one also with
    /// `sendEncodings: [{scalabilityMode: 'L3T3'}]`.
    pub fn load_with_probes(
        router_caps: RtpCapabilities,
        recv_probe_sdp: &str,
        send_probe_sdp: &str,
    ) -> Result<Self, CoreError> {
        Self::load_with_probes_for(
            Handler::Chrome111,
            router_caps,
            recv_probe_sdp,
            send_probe_sdp,
        )
    }

    /// [`Device::load_with_probes`] for the given handler. Its own probes:
    /// Firefox120 sends a canvas track with `sendEncodings` rids `r0`, `r1`
    /// (so that Firefox offers the rtp-stream-id extension), Safari12 a
    /// plain video transceiver. The probes only decide the capabilities; the
    /// header extensions of a send's answer come from that send's own offer.
    pub fn load_with_probes_for(
        handler: Handler,
        router_caps: RtpCapabilities,
        recv_probe_sdp: &str,
        send_probe_sdp: &str,
    ) -> Result<Self, CoreError> {
        let mut router_caps = router_caps;
        normalize_capabilities(&mut router_caps)?;
        let mut native_recv = local_rtp_capabilities(&Sdp::parse(recv_probe_sdp)?, handler)?;
        let mut native_send = local_rtp_capabilities(&Sdp::parse(send_probe_sdp)?, handler)?;
        let recv_ext = extended_capabilities(&mut native_recv, &mut router_caps);
        let recv_caps = rtp_capabilities(&recv_ext, Direction::Recvonly);
        let send_ext = extended_capabilities(&mut native_send, &mut router_caps);
        let send_caps = rtp_capabilities(&send_ext, Direction::Sendonly);
        Ok(Self {
            handler,
            router_caps,
            recv_caps,
            send_caps,
        })
    }

    /// The mediasoup-client handler this device and its transports follow.
    pub fn handler(&self) -> Handler {
        self.handler
    }

    /// What we can receive, with the router's payload types: sent in `join`.
    pub fn recv_rtp_capabilities(&self) -> &RtpCapabilities {
        &self.recv_caps
    }

    /// What we can send, with the browser's payload types.
    pub fn send_rtp_capabilities(&self) -> &RtpCapabilities {
        &self.send_caps
    }

    pub fn can_produce(&self, kind: MediaKind) -> bool {
        can_send(kind, &self.send_caps)
    }

    /// Chrome's SCTP capabilities (sent in `createWebRtcTransport` and `join`).
    pub fn sctp_capabilities(&self) -> SctpCapabilities {
        SctpCapabilities {
            num_streams: NumSctpStreams {
                os: 1024,
                mis: 1024,
            },
        }
    }

    pub(crate) fn router_capabilities(&self) -> &RtpCapabilities {
        &self.router_caps
    }
}
