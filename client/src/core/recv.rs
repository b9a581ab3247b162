//! The receive transport's negotiation (mediasoup-client Chrome111 handler
//! `receive` / `stopReceiving` / `receiveDataChannel`, and the probator of
//! `Transport.consume`). Firefox120 and Safari12 receive the same way; only
//! Firefox's DTLS role differs (always client), see [`Handler`](super::Handler).

use stunroom_shared::media::{DtlsParameters, DtlsRole, IceParameters, MediaKind, RtpParameters};
use stunroom_shared::messages::TransportInfo;

use super::device::Device;
use super::dtls::dtls_parameters_with_role;
use super::ortc::{probator_rtp_parameters, PROBATOR_MID};
use super::remote_sdp::RemoteSdp;
use super::remote_section::RemoteSection;
use super::sdp::{Line, Sdp};
use super::sdp_attrs::{parse_params_ordered, rtpmaps, write_params, Fmtp};
use super::send::opposite;
use super::CoreError;
use stunroom_shared::media::ParamValue;

/// One consumer to receive (from the server's `newConsumer`).
#[derive(Debug, Clone, PartialEq)]
pub struct ConsumeRequest {
    /// The consumer id.
    pub id: String,
    pub kind: MediaKind,
    pub rtp_parameters: RtpParameters,
    /// MediaStream id in `a=msid` (empty: the RTCP cname, else `-`).
    pub stream_id: String,
    /// Track id in `a=msid` (mediasoup-client uses the consumer id).
    pub track_id: String,
}

/// State of one receive transport (one RTCPeerConnection).
#[derive(Debug, Clone)]
pub struct RecvCore {
    /// Payload types we can receive (the device's receive capabilities).
    recv_payload_types: Vec<u8>,
    remote: RemoteSdp,
    local_role: DtlsRole,
    transport_ready: bool,
    probator_created: bool,
    /// Mids of the receivers alive (mediasoup-client's mid → transceiver map).
    live: Vec<String>,
    /// Consumers of the last offer, whose answer codecs may need adjusting.
    pending: Vec<(String, RtpParameters)>,
    has_data_channel: bool,
    /// The last offer added the data channel section: its answer gets the
    /// transport's SCTP message size.
    pending_data: bool,
}

impl RecvCore {
    pub fn new(device: &Device, transport: &TransportInfo) -> Self {
        Self {
            recv_payload_types: device
                .recv_rtp_capabilities()
                .codecs
                .iter()
                .filter_map(|c| c.preferred_payload_type)
                .collect(),
            remote: RemoteSdp::new(transport),
            local_role: device
                .handler()
                .local_dtls_role(transport.dtls_parameters.role),
            transport_ready: false,
            probator_created: false,
            live: Vec::new(),
            pending: Vec::new(),
            has_data_channel: false,
            pending_data: false,
        }
    }

    /// The browser's DTLS parameters for `connectWebRtcTransport` (call with the
    /// first local answer, before `setLocalDescription`).
    pub fn local_dtls_parameters(&self, local_sdp: &str) -> Result<DtlsParameters, CoreError> {
        dtls_parameters_with_role(local_sdp, self.local_role)
    }

    pub fn is_connected(&self) -> bool {
        self.transport_ready
    }

    /// The remote offer adding one section per consumer (in order), plus the
    /// probator section after the first video consumer ever, and the mid of
    /// each consumer's transceiver. The glue then `setRemoteDescription(offer)`,
    /// `createAnswer`, passes it to [`RecvCore::local_answer`]. Fails (changing
    /// nothing) if a consumer's first codec is not in the device's receive
    /// capabilities, as mediasoup-client's `consume` does.
    pub fn receive(
        &mut self,
        consumers: &[ConsumeRequest],
    ) -> Result<(String, Vec<String>), CoreError> {
        let mut remote = self.remote.clone();
        let mut mids = Vec::with_capacity(consumers.len());
        let mut pending = Vec::new();
        let mut probator_from: Option<&RtpParameters> = None;
        for (i, c) in consumers.iter().enumerate() {
            if has_control_chars(&c.rtp_parameters)
                || [&c.id, &c.stream_id, &c.track_id]
                    .iter()
                    .any(|s| s.chars().any(char::is_control))
            {
                return Err(CoreError::InvalidParameters(format!(
                    "consumer {:?}: a control character (line break) in a value the server sent",
                    c.id.escape_debug().to_string()
                )));
            }
            // mediasoup-client's canReceive: the first codec must be ours.
            let first = c.rtp_parameters.codecs.first();
            if !first.is_some_and(|codec| self.recv_payload_types.contains(&codec.payload_type)) {
                return Err(CoreError::CannotConsume(c.id.clone()));
            }
            let mid = match &c.rtp_parameters.mid {
                Some(mid) => mid.clone(),
                None => (self.live.len() + i).to_string(),
            };
            let stream_id = if c.stream_id.is_empty() {
                c.rtp_parameters
                    .rtcp
                    .cname
                    .clone()
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "-".into())
            } else {
                c.stream_id.clone()
            };
            let section = RemoteSection::offer(
                &remote.section_transport(),
                &mid,
                c.kind,
                &c.rtp_parameters,
                &stream_id,
                &c.track_id,
            )?;
            remote.receive(section)?;
            if !self.probator_created && probator_from.is_none() && c.kind == MediaKind::Video {
                probator_from = Some(&c.rtp_parameters);
            }
            pending.push((mid.clone(), c.rtp_parameters.clone()));
            mids.push(mid);
        }
        let mut probator_mid = None;
        if let Some(video) = probator_from {
            // mediasoup-client negotiates the probator in a second round; we
            // fold it into this offer and skip that round's SDP version.
            let params = probator_rtp_parameters(video)?;
            let section = RemoteSection::offer(
                &remote.section_transport(),
                PROBATOR_MID,
                MediaKind::Video,
                &params,
                "probator",
                "probator",
            )?;
            remote.receive(section)?;
            remote.skip_version();
            probator_mid = Some(PROBATOR_MID.to_owned());
        }
        self.remote = remote;
        self.probator_created |= probator_mid.is_some();
        self.live.extend(mids.iter().cloned().chain(probator_mid));
        self.pending = pending;
        Ok((self.remote.get_sdp(), mids))
    }

    /// The browser's answer (from `createAnswer`) adjusted for the consumers of
    /// the last offer (Opus `stereo` from the offer's `sprop-stereo`) and, after
    /// [`RecvCore::data_channel_offer`], with the server's SCTP message size
    /// as `a=max-message-size`: the SDP to `setLocalDescription` with. The first time, the glue connects the
    /// transport with [`RecvCore::local_dtls_parameters`] of it before that.
    pub fn local_answer(&mut self, answer_sdp: &str) -> Result<String, CoreError> {
        let mut sdp = Sdp::parse(answer_sdp)?;
        for (mid, params) in &self.pending {
            let Some(section) = sdp.media_by_mid_mut(mid) else {
                continue;
            };
            for codec in &params.codecs {
                if !codec.mime_type.eq_ignore_ascii_case("audio/opus") {
                    continue;
                }
                let Some(sprop) = codec.parameters.get("sprop-stereo") else {
                    continue;
                };
                if !rtpmaps(section)
                    .iter()
                    .any(|r| r.payload == codec.payload_type)
                {
                    continue;
                }
                let stereo = ParamValue::Number(u32::from(sprop.as_u32().unwrap_or(0) != 0));
                set_fmtp_param(&mut section.lines, codec.payload_type, "stereo", stereo);
            }
        }
        self.pending.clear();
        if std::mem::take(&mut self.pending_data) {
            // mediasoup-client's receiveDataChannel: our max-message-size is
            // the most the server sends (`sctpParameters.maxMessageSize`).
            if let (Some(sctp), Some(section)) = (
                self.remote.sctp_parameters(),
                sdp.media.iter_mut().find(|m| m.kind == "application"),
            ) {
                let line = Line::attr(format!("max-message-size:{}", sctp.max_message_size));
                match section
                    .lines
                    .iter()
                    .position(|l| matches!(l.as_attr(), Some(("max-message-size", _))))
                {
                    Some(i) => section.lines[i] = line,
                    None => section.lines.push(line),
                }
            }
        }
        if !self.transport_ready {
            self.remote.update_dtls_role(opposite(self.local_role));
            self.transport_ready = true;
        }
        Ok(sdp.to_string())
    }

    /// The remote offer without the given consumers (sections closed, or the
    /// first one disabled). Glue: `setRemoteDescription(offer)`, `createAnswer`,
    /// `setLocalDescription`.
    pub fn stop_receiving(&mut self, mids: &[String]) -> Result<String, CoreError> {
        if let Some(unknown) = mids.iter().find(|m| !self.remote.has_mid(m)) {
            return Err(CoreError::UnknownMid(unknown.clone()));
        }
        for mid in mids {
            self.remote.close_media_section(mid)?;
            self.live.retain(|m| m != mid);
        }
        Ok(self.remote.get_sdp())
    }

    /// New ICE parameters from `restartIce`: the remote offer to apply (then
    /// `createAnswer`, `setLocalDescription`), or `None` before the first
    /// negotiation.
    pub fn restart_ice(&mut self, ice: IceParameters) -> Option<String> {
        self.remote.update_ice_parameters(ice);
        self.transport_ready.then(|| self.remote.get_sdp())
    }

    /// For the first data consumer: the remote offer adding the SCTP section
    /// (mid `datachannel`); `Ok(None)` once it exists. Create the channel with
    /// `{negotiated: true, id: sctpStreamParameters.streamId}`.
    pub fn data_channel_offer(&mut self) -> Result<Option<String>, CoreError> {
        if self.has_data_channel {
            return Ok(None);
        }
        let sctp = *self.remote.sctp_parameters().ok_or(CoreError::NoSctp)?;
        let section = RemoteSection::sctp_offer(&self.remote.section_transport(), &sctp);
        self.remote.add(section);
        self.has_data_channel = true;
        self.pending_data = true;
        Ok(Some(self.remote.get_sdp()))
    }
}

/// Sets one fmtp parameter of a payload type, keeping the others in order;
/// adds the fmtp line after the rtpmap if there is none.
fn set_fmtp_param(lines: &mut Vec<Line>, pt: u8, key: &str, value: ParamValue) {
    let prefix = format!("fmtp:{pt} ");
    let existing = lines
        .iter()
        .position(|l| l.kind == 'a' && l.value.starts_with(&prefix));
    let config = existing.map(|i| lines[i].value[prefix.len()..].to_owned());
    let mut params = parse_params_ordered(config.as_deref().unwrap_or_default());
    match params.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = value,
        None => params.push((key.to_owned(), value)),
    }
    let fmtp = Fmtp {
        payload: pt,
        config: write_params(params.iter().map(|(k, v)| (k, v))),
    };
    let line = Line::attr(format!("fmtp:{} {}", fmtp.payload, fmtp.config));
    match existing {
        Some(i) => lines[i] = line,
        None => {
            let rtpmap = format!("rtpmap:{pt} ");
            let at = lines
                .iter()
                .position(|l| l.kind == 'a' && l.value.starts_with(&rtpmap))
                .map_or(lines.len(), |i| i + 1);
            lines.insert(at, line);
        }
    }
}

/// A string anywhere in `value` holds a control character: written into an
/// SDP line, a CR or LF would start a line of its own (found by the
/// remote_sdp fuzz target). JSON escapes every control character as `\n`,
/// `\r`, `\t`, `\b`, `\f` or `\u00XX`; a literal backslash (`\\`) is
/// reported too, which no SDP value of ours holds.
fn has_control_chars(value: &impl serde::Serialize) -> bool {
    serde_json::to_string(value).map_or(true, |json| json.contains('\\'))
}
