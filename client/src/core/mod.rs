//! Sans-IO WebRTC core: a Rust port of mediasoup-client's Device / Transport /
//! SDP logic (its Chrome111, Firefox120 and Safari12 "unified plan" handlers,
//! npm 3.24.1, chosen with [`Handler`]), with no DOM types. The browser
//! glue (`webrtc/`) owns the RTCPeerConnections and feeds their SDP through these types; everything here is tested natively against
//! golden outputs of the npm package (`client/golden/`).
//!
//! # API and call order
//!
//! Device (once per session):
//! ```text
//! probe = new RTCPeerConnection({bundlePolicy:'max-bundle', rtcpMuxPolicy:'require'})
//! probe.addTransceiver('audio'); probe.addTransceiver('video')
//! sdp = (await probe.createOffer()).sdp; probe.close()
//! handler = Handler::detect(navigator.userAgent).unwrap_or_default()
//! device = Device::load_for(handler, router_caps, &sdp)?  // router_caps: getRouterRtpCapabilities
//! join { rtpCapabilities: device.recv_rtp_capabilities(), sctpCapabilities: device.sctp_capabilities() }
//! device.can_produce(MediaKind::Video)
//! ```
//! Send transport (one RTCPeerConnection per [`SendCore`]):
//! ```text
//! core = SendCore::new(&device, &transport_info)       // createWebRtcTransport {producing:true}
//! encodings = handler.prepare_send_encodings(app_encodings) // only for simulcast; else None
//! t = pc.addTransceiver(track, {direction:'sendonly', streams:[stream], sendEncodings: encodings})
//! offer = await pc.createOffer()
//! if !core.is_connected(): connectWebRtcTransport { dtlsParameters: core.local_dtls_parameters(offer.sdp)? }
//! offer = core.local_offer(offer.sdp, encodings)?     // Safari12 simulcast: SSRCs munged in
//! await pc.setLocalDescription(offer)
//! (rtp_parameters, answer) = core.produce(pc.localDescription.sdp, t.mid, kind, encodings, codec_options)?
//! await pc.setRemoteDescription({type:'answer', sdp: answer})
//! produce { transportId, kind, rtpParameters: rtp_parameters, appData } -> producer id
//! ```
//! Stopping: see [`SendCore::stop_sending`] (whether to `transceiver.stop()`:
//! [`SendCore::stop_closes_section`]; never with Firefox120). ICE restart:
//! [`SendCore::restart_ice`].
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
//! its documentation says otherwise. If the browser rejects an SDP the core
//! produced, the glue should roll back (`setLocalDescription({type:'rollback'})`
//! where applicable) and may drop the transport: the core has already recorded
//! the new section. An m-line left unanswered by a failed produce is rejected
//! (port 0) in the next answer and reused later.
//!
//! # Differences from mediasoup-client 3.24.1
//! - The probator section is added to the same offer as the first video
//!   consumer (mediasoup-client spends a second round on it); the `o=` version
//!   skips one so the SDP text stays identical.
//! - `produce` RtpParameters carry no `msid` (not in the shared type; mediasoup
//!   ignores it). fmtp parameters of our answers are in key order, not JS
//!   insertion order.
//! - A send section is placed at the offer's m-line index of its mid (Chrome
//!   reuses stopped m-lines; a mismatch is an error instead of a broken answer).
//! - Consumers without `rtpParameters.mid` get `live receivers + index in batch`.
//! - Data channel sections use `sctpParameters.maxMessageSize` (mediasoup 0.8.5)
//!   for `a=max-message-size`.
//! - Firefox120 takes the last m-section of the offer as the new send's; we
//!   take the one with the transceiver's mid (the same m-section, since
//!   Firefox120 never stops transceivers and so Firefox appends).
//!
//! - [`Handler::detect`] reads the user agent only: no `userAgentData` brands
//!   (headless Chromium, whose UA says `HeadlessChrome`, gets the default,
//!   Chrome111, as mediasoup-client would pick from its brands) and no
//!   iPadOS touch check.
//!
//! Not ported: the Chrome74 and React Native handlers and Plan B (Chromium
//! before 111 gets Chrome111); `updateIceServers` (Firefox has none);
//! `pauseSending`/`resumeSending` (and receiving) renegotiation, `setMaxSpatialLayer`,
//! `setRtpEncodingParameters`, `replaceTrack` (glue-only operations on the
//! sender); `forcedRtpExtensions` and `preferLocalCodecsOrder` (produce's
//! `codec` option is [`SendCore::produce_with_codec`]); plain-RTP transports;
//! the old `sctpmap` and simulcast draft 03 forms.

pub mod caps;
mod device;
mod dtls;
mod encodings;
mod error;
mod h264;
mod handler;
mod ortc;
mod recv;
pub mod remote_sdp;
mod remote_section;
pub mod sdp;
pub mod sdp_attrs;
mod send;

pub use device::Device;
pub use dtls::local_dtls_parameters;
pub use encodings::{parse_scalability_mode, prepare_send_encodings};
pub use error::CoreError;
pub use handler::Handler;
pub use recv::{ConsumeRequest, RecvCore};
pub use remote_sdp::ORIGIN_USERNAME;
pub use remote_section::CodecOptions;
pub use send::SendCore;
