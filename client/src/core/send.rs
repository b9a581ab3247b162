//! The send transport's negotiation (mediasoup-client's Chrome111,
//! Firefox120 and Safari12 handlers, `send` / `stopSending` /
//! `sendDataChannel` / `restartIce`).

use stunroom_shared::media::{
    DtlsParameters, DtlsRole, IceParameters, MediaKind, RtpCapabilities, RtpCodecCapability,
    RtpEncodingParameters, RtpParameters, SctpStreamParameters,
};
use stunroom_shared::messages::TransportInfo;

use super::caps::local_rtp_capabilities;
use super::device::Device;
use super::dtls::dtls_parameters_with_role;
use super::encodings::{
    add_legacy_simulcast, encodings_from_offer, merge_encoding, normalize_encodings,
};
use super::handler::{set_simulcast_scalability, Handler};
use super::ortc::{extended_capabilities, reduce_codecs_to, sending_rtp_parameters};
use super::remote_sdp::RemoteSdp;
use super::remote_section::{CodecOptions, RemoteSection};
use super::sdp::{Attributes, Sdp};
use super::sdp_attrs::ssrc_lines;
use super::CoreError;

pub(crate) fn opposite(role: DtlsRole) -> DtlsRole {
    match role {
        DtlsRole::Client => DtlsRole::Server,
        DtlsRole::Server => DtlsRole::Client,
        DtlsRole::Auto => DtlsRole::Auto,
    }
}

/// State of one send transport (one RTCPeerConnection).
#[derive(Debug, Clone)]
pub struct SendCore {
    handler: Handler,
    router_caps: RtpCapabilities,
    can_produce: [bool; 2],
    remote: RemoteSdp,
    local_role: DtlsRole,
    transport_ready: bool,
    has_data_channel: bool,
    next_sctp_stream_id: u16,
}

impl SendCore {
    pub fn new(device: &Device, transport: &TransportInfo) -> Self {
        let handler = device.handler();
        Self {
            handler,
            router_caps: device.router_capabilities().clone(),
            can_produce: [
                device.can_produce(MediaKind::Audio),
                device.can_produce(MediaKind::Video),
            ],
            remote: RemoteSdp::new(transport),
            local_role: handler.local_dtls_role(transport.dtls_parameters.role),
            transport_ready: false,
            has_data_channel: false,
            next_sctp_stream_id: 0,
        }
    }

    /// The browser's DTLS parameters for `connectWebRtcTransport` (call with the
    /// first local offer, before `setLocalDescription`).
    pub fn local_dtls_parameters(&self, local_sdp: &str) -> Result<DtlsParameters, CoreError> {
        dtls_parameters_with_role(local_sdp, self.local_role)
    }

    /// Whether the transport has been negotiated once (then `connect` was due).
    pub fn is_connected(&self) -> bool {
        self.transport_ready
    }

    fn ensure_ready(&mut self) {
        if !self.transport_ready {
            self.remote.update_dtls_role(opposite(self.local_role));
            self.transport_ready = true;
        }
    }

    /// The handler this transport follows (the device's).
    pub fn handler(&self) -> Handler {
        self.handler
    }

    /// The offer to `setLocalDescription` with, from the browser's
    /// `createOffer` for a new send with these `sendEncodings`: unchanged,
    /// except with Safari12 and simulcast, where the new m-line (the first
    /// closed one, else the next) gets the SSRCs of legacy simulcast.
    pub fn local_offer(
        &self,
        offer_sdp: &str,
        encodings: Option<&[RtpEncodingParameters]>,
    ) -> Result<String, CoreError> {
        let streams = encodings.map_or(0, <[_]>::len);
        if !self.handler.legacy_simulcast() || streams <= 1 {
            return Ok(offer_sdp.to_owned());
        }
        let mut sdp = Sdp::parse(offer_sdp)?;
        let idx = self.remote.next_media_section_idx();
        let section = sdp.media.get_mut(idx).ok_or_else(|| {
            CoreError::InvalidParameters(format!("the offer has no m-line {idx} for the new send"))
        })?;
        add_legacy_simulcast(section, streams)?;
        Ok(sdp.to_string())
    }

    /// Builds the `produce` RtpParameters and the remote answer for the
    /// transceiver whose `mid` is given, from the local offer (the SDP set with
    /// `setLocalDescription`, after [`SendCore::local_offer`]). `encodings`:
    /// what was passed to `addTransceiver` as `sendEncodings`, after
    /// [`Handler::prepare_send_encodings`]; `None` (or empty) for one stream
    /// described by the offer's SSRCs.
    pub fn produce(
        &mut self,
        local_offer_sdp: &str,
        mid: &str,
        kind: MediaKind,
        encodings: Option<Vec<RtpEncodingParameters>>,
        codec_options: CodecOptions,
    ) -> Result<(RtpParameters, String), CoreError> {
        self.produce_with_codec(local_offer_sdp, mid, kind, encodings, codec_options, None)
    }

    /// [`SendCore::produce`] with mediasoup-client's `codec` option: the
    /// producer (and the answer) use the first codec of the browser's offer
    /// that strictly matches `codec` (one of the device's RTP capabilities),
    /// else [`CoreError::NoMatchingCodec`].
    pub fn produce_with_codec(
        &mut self,
        local_offer_sdp: &str,
        mid: &str,
        kind: MediaKind,
        encodings: Option<Vec<RtpEncodingParameters>>,
        codec_options: CodecOptions,
        codec: Option<&RtpCodecCapability>,
    ) -> Result<(RtpParameters, String), CoreError> {
        let kind_idx = usize::from(kind == MediaKind::Video);
        if !self.can_produce[kind_idx] {
            return Err(CoreError::CannotProduce(kind));
        }
        let handler = self.handler;
        let encodings = encodings
            .map(|e| handler.prepare_send_encodings(e))
            .filter(|e| !e.is_empty());
        let first_given_mode = encodings
            .as_ref()
            .and_then(|e| e.first())
            .and_then(|e| e.scalability_mode.clone());
        let sdp = Sdp::parse(local_offer_sdp)?;
        let offer_idx = sdp
            .media
            .iter()
            .position(|m| m.mid() == Some(mid))
            .ok_or_else(|| CoreError::UnknownMid(mid.to_owned()))?;
        let section = &sdp.media[offer_idx];

        // Work on a copy so that a failure leaves the state untouched.
        let mut router_caps = self.router_caps.clone();
        let mut native = local_rtp_capabilities(&sdp, handler)?;
        let ext = extended_capabilities(&mut native, &mut router_caps);
        let mut params = sending_rtp_parameters(kind, &ext, false);
        params.codecs = reduce_codecs_to(&params.codecs, codec)?;
        let mut answer_params = sending_rtp_parameters(kind, &ext, true);
        answer_params.codecs = reduce_codecs_to(&answer_params.codecs, codec)?;

        params.mid = Some(mid.to_owned());
        params.rtcp.cname = Some(
            ssrc_lines(section)
                .into_iter()
                .find(|l| l.attribute == "cname")
                .map(|l| l.value)
                .unwrap_or_default(),
        );
        params.encodings = match encodings {
            // Safari12: always the offer's SSRCs (legacy simulcast), each
            // completed with the app's encoding of the same index.
            Some(given) if handler.legacy_simulcast() => {
                let mut from_offer = encodings_from_offer(section, &params.codecs)?;
                for (encoding, given) in from_offer.iter_mut().zip(&given) {
                    merge_encoding(encoding, given);
                }
                from_offer
            }
            None => encodings_from_offer(section, &params.codecs)?,
            Some(given) if given.len() == 1 => {
                let mut from_offer = encodings_from_offer(section, &params.codecs)?;
                if let (Some(first), Some(given)) = (from_offer.first_mut(), given.first()) {
                    merge_encoding(first, given);
                }
                from_offer
            }
            Some(given) => given,
        };
        if handler != Handler::Chrome111 {
            if let Some(codec) = params.codecs.first() {
                let mime_type = codec.mime_type.clone();
                set_simulcast_scalability(
                    &mut params.encodings,
                    &mime_type,
                    first_given_mode.as_deref(),
                );
            }
        }

        // The answer section goes where the browser put the m-line: the end,
        // or a closed slot it reused (Chrome does).
        let mut remote = self.remote.clone();
        for skipped in sdp
            .media
            .iter()
            .take(offer_idx)
            .skip(remote.section_count())
        {
            remote.add_rejected(skipped);
        }
        let reuse_mid = remote.slot_for(offer_idx, mid)?;
        if !self.transport_ready {
            remote.update_dtls_role(opposite(self.local_role));
        }
        if sdp.has_attr("extmap-allow-mixed") {
            remote.set_session_extmap_allow_mixed();
        }
        let answer_section = RemoteSection::answer(
            &remote.section_transport(),
            section,
            &mut params,
            &answer_params,
            &codec_options,
        )?;
        remote.send(answer_section, reuse_mid.as_deref())?;
        normalize_encodings(&mut params.encodings);

        self.router_caps = router_caps;
        self.remote = remote;
        self.transport_ready = true;
        Ok((params, self.remote.get_sdp()))
    }

    /// Whether [`SendCore::stop_sending`] closes the section (port 0), in which
    /// case the glue may `transceiver.stop()`; the first section is only
    /// disabled (`a=inactive`), to keep the BUNDLE transport. Firefox120
    /// never closes one (Firefox may put a later send into the wrong closed
    /// m-line): its transceivers stay, their sections disabled.
    pub fn stop_closes_section(&self, mid: &str) -> bool {
        self.handler.closes_stopped_sends() && self.remote.closes(mid)
    }

    /// The new remote answer after the producer on `mid` stopped. Glue:
    /// `replaceTrack(null)`, `removeTrack(sender)`, (if
    /// [`SendCore::stop_closes_section`]) `transceiver.stop()`, `createOffer`,
    /// `setLocalDescription`, then `setRemoteDescription` with this answer.
    pub fn stop_sending(&mut self, mid: &str, local_offer_sdp: &str) -> Result<String, CoreError> {
        let offer = Sdp::parse(local_offer_sdp)?;
        if offer.media_by_mid(mid).is_none() || !self.remote.has_mid(mid) {
            return Err(CoreError::UnknownMid(mid.to_owned()));
        }
        if self.handler.closes_stopped_sends() {
            self.remote.close_media_section(mid)?;
        } else {
            self.remote.disable_media_section(mid)?;
        }
        Ok(self.remote.get_sdp())
    }

    /// New ICE parameters from the server's `restartIce`. Returns the remote
    /// answer to apply after `createOffer({iceRestart: true})` +
    /// `setLocalDescription`, or `None` before the first negotiation.
    pub fn restart_ice(&mut self, ice: IceParameters) -> Option<String> {
        self.remote.update_ice_parameters(ice);
        self.transport_ready.then(|| self.remote.get_sdp())
    }

    /// Stream parameters for a new negotiated data channel (`produceData`);
    /// create it with `{negotiated: true, id: stream_id, ...}`.
    pub fn next_sctp_stream_parameters(
        &mut self,
        ordered: bool,
        max_packet_life_time: Option<u16>,
        max_retransmits: Option<u16>,
    ) -> SctpStreamParameters {
        let stream_id = self.next_sctp_stream_id;
        self.next_sctp_stream_id = self.next_sctp_stream_id.wrapping_add(1);
        SctpStreamParameters {
            stream_id,
            ordered,
            max_packet_life_time,
            max_retransmits,
        }
    }

    /// For the first data channel: the remote answer adding the SCTP section
    /// (glue: `createOffer`, first time connect, `setLocalDescription`, then this).
    /// `Ok(None)` once the section exists.
    pub fn data_channel_answer(
        &mut self,
        local_offer_sdp: &str,
    ) -> Result<Option<String>, CoreError> {
        if self.has_data_channel {
            return Ok(None);
        }
        let sctp = *self.remote.sctp_parameters().ok_or(CoreError::NoSctp)?;
        let sdp = Sdp::parse(local_offer_sdp)?;
        let offer = sdp
            .media
            .iter()
            .find(|m| m.kind == "application")
            .ok_or(CoreError::NoDataChannelSection)?;
        self.ensure_ready();
        let section = RemoteSection::sctp_answer(&self.remote.section_transport(), offer, &sctp);
        self.remote.add(section);
        self.has_data_channel = true;
        Ok(Some(self.remote.get_sdp()))
    }
}
