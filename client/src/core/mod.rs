//! Sans-IO WebRTC core: a Rust port of mediasoup-client's Device / Transport /
//! SDP logic (its Chrome111 "unified plan" handler, npm 3.24.1), with no DOM
//! types. The browser glue (`webrtc.rs`) owns the RTCPeerConnections and feeds
//! their SDP through these types; everything here is tested natively against
//! golden outputs of the npm package (`client/golden/`).
//!
//! # API and call order
//!
//! Device (once per session):
//! ```text
//! probe = new RTCPeerConnection({bundlePolicy:'max-bundle', rtcpMuxPolicy:'require'})
//! probe.addTransceiver('audio'); probe.addTransceiver('video')
//! sdp = (await probe.createOffer()).sdp; probe.close()
//! device = Device::load(router_caps, &sdp)?           // router_caps: getRouterRtpCapabilities
//! join { rtpCapabilities: device.recv_rtp_capabilities(), sctpCapabilities: device.sctp_capabilities() }
//! device.can_produce(MediaKind::Video)
//! ```
//! Send transport (one RTCPeerConnection per [`SendCore`]):
//! ```text
//! core = SendCore::new(&device, &transport_info)       // createWebRtcTransport {producing:true}
//! encodings = prepare_send_encodings(app_encodings)    // only for simulcast; else None
//! t = pc.addTransceiver(track, {direction:'sendonly', streams:[stream], sendEncodings: encodings})
//! offer = await pc.createOffer()
//! if !core.is_connected(): connectWebRtcTransport { dtlsParameters: core.local_dtls_parameters(offer.sdp)? }
//! await pc.setLocalDescription(offer)
//! (rtp_parameters, answer) = core.produce(pc.localDescription.sdp, t.mid, kind, encodings, codec_options)?
//! await pc.setRemoteDescription({type:'answer', sdp: answer})
//! produce { transportId, kind, rtpParameters: rtp_parameters, appData } -> producer id
//! ```
//! Stopping: see [`SendCore::stop_sending`]. ICE restart: [`SendCore::restart_ice`].
//!
//! Receive transport (one RTCPeerConnection per [`RecvCore`]); batch the
//! `newConsumer` requests that arrive together into one call:
//! ```text
//! core = RecvCore::new(&device, &transport_info)       // createWebRtcTransport {consuming:true}
//! (offer, mids) = core.receive(&[ConsumeRequest{ id, kind, rtp_parameters, stream_id, track_id: id }])?
//! await pc.setRemoteDescription({type:'offer', sdp: offer})
//! answer = await pc.createAnswer()
//! local = core.local_answer(answer.sdp)?
//! if first time: connectWebRtcTransport { dtlsParameters: core.local_dtls_parameters(&local)? }
//! await pc.setLocalDescription({type:'answer', sdp: local})
//! track_i = pc.getTransceivers().find(t => t.mid == mids[i]).receiver.track
//! ```
//! then answer `newConsumer` with success (the server resumes the consumer).
//! Closing consumers: [`RecvCore::stop_receiving`] (offer → answer round).
//!
//! Every method that returns an error leaves the core unchanged, except where
//! its documentation says otherwise.

mod caps;
mod device;
mod dtls;
mod encodings;
mod error;
mod h264;
mod ortc;
mod recv;
mod remote_sdp;
mod remote_section;
pub mod sdp;
pub mod sdp_attrs;
mod send;

pub use device::Device;
pub use dtls::local_dtls_parameters;
pub use encodings::{parse_scalability_mode, prepare_send_encodings};
pub use error::CoreError;
pub use recv::{ConsumeRequest, RecvCore};
pub use remote_sdp::ORIGIN_USERNAME;
pub use remote_section::CodecOptions;
pub use send::SendCore;
