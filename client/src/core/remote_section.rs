//! One media section of the SDP we write on the server's behalf
//! (mediasoup-client `RemoteMediaSection`): an answer section for a send, an
//! offer section for a receive, or a data channel section.
//!
//! Lines are written in `sdp-transform`'s grammar order, which is what
//! mediasoup-client produces, so outputs compare line by line.

use std::fmt::Write as _;

use stunroom_shared::media::{
    CodecParameters, DtlsRole, IceCandidate, IceParameters, MediaKind, ParamValue,
    RtpCodecParameters, RtpParameters, SctpParameters,
};

use super::sdp::{Attributes, MediaSection};
use super::sdp_attrs::{extmaps, rids, simulcast, write_params};
use super::CoreError;

/// Options that tune the answer for a producer (mediasoup-client `ProducerCodecOptions`).
/// A `None` leaves the codec's default; `opus_nack: None`/`Some(false)` removes
/// plain NACK from Opus, as mediasoup-client does whenever codec options are given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodecOptions {
    pub opus_stereo: Option<bool>,
    pub opus_fec: Option<bool>,
    pub opus_dtx: Option<bool>,
    pub opus_max_playback_rate: Option<u32>,
    pub opus_max_average_bitrate: Option<u32>,
    pub opus_ptime: Option<u32>,
    pub opus_nack: Option<bool>,
    pub video_google_start_bitrate: Option<u32>,
    pub video_google_max_bitrate: Option<u32>,
    pub video_google_min_bitrate: Option<u32>,
}

impl CodecOptions {
    /// What the mediasoup-demo app uses for the microphone.
    pub fn mic() -> Self {
        Self {
            opus_stereo: Some(true),
            opus_dtx: Some(true),
            opus_fec: Some(true),
            opus_nack: Some(true),
            ..Self::default()
        }
    }

    /// What the mediasoup-demo app uses for the camera.
    pub fn webcam() -> Self {
        Self {
            video_google_start_bitrate: Some(1000),
            ..Self::default()
        }
    }
}

/// Transport-wide values every section carries.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionTransport<'a> {
    pub ice: &'a IceParameters,
    pub candidates: &'a [IceCandidate],
    pub dtls_role: DtlsRole,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rtp {
    pub payload: u8,
    pub codec: String,
    pub rate: u32,
    pub channels: Option<u8>,
}

/// A remote media section, field by field (a subset of sdp-transform's media object).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RemoteSection {
    /// Offer sections always say `a=setup:actpass`.
    pub is_offer: bool,
    pub kind: String,
    pub port: u16,
    pub protocol: String,
    pub payloads: String,
    pub rtp: Vec<Rtp>,
    pub fmtp: Vec<(u8, String)>,
    pub rtcp_fb: Vec<(u8, String, String)>,
    pub ext: Vec<(u16, String)>,
    pub extmap_allow_mixed: bool,
    pub setup: Option<&'static str>,
    pub mid: String,
    pub msid: Option<String>,
    pub direction: Option<&'static str>,
    pub ice_ufrag: Option<String>,
    pub ice_pwd: Option<String>,
    pub candidates: Vec<String>,
    pub end_of_candidates: bool,
    pub ice_options: Option<&'static str>,
    pub ssrcs: Vec<(u32, &'static str, String)>,
    pub ssrc_groups: Vec<(&'static str, String)>,
    pub rtcp_mux: bool,
    pub rtcp_rsize: bool,
    pub rids: Vec<(String, &'static str)>,
    pub simulcast: Option<String>,
    pub sctp_port: Option<u16>,
    pub max_message_size: Option<u32>,
}

fn candidate_line(c: &IceCandidate) -> String {
    let mut line = format!(
        "candidate:{} 1 {} {} {} {} typ {}",
        c.foundation,
        c.protocol.as_str(),
        c.priority,
        c.addr(),
        c.port,
        c.kind.as_str()
    );
    if c.tcp_type.is_some() {
        line.push_str(" tcptype passive");
    }
    line
}

/// `kind/name` → `name`.
fn codec_name(mime_type: &str) -> Result<String, CoreError> {
    mime_type
        .split_once('/')
        .filter(|(k, n)| {
            !n.is_empty() && matches!(k.to_ascii_lowercase().as_str(), "audio" | "video")
        })
        .map(|(_, n)| n.to_owned())
        .ok_or_else(|| {
            CoreError::InvalidParameters(format!("invalid codec mimeType {mime_type:?}"))
        })
}

fn rtp_of(codec: &RtpCodecParameters) -> Result<Rtp, CoreError> {
    Ok(Rtp {
        payload: codec.payload_type,
        codec: codec_name(&codec.mime_type)?,
        rate: codec.clock_rate,
        channels: codec.channels.filter(|c| *c > 1),
    })
}

/// Insert or replace keeping the position, like assigning a JS object key.
fn set_param(params: &mut Vec<(String, ParamValue)>, key: &str, value: ParamValue) {
    match params.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = value,
        None => params.push((key.to_owned(), value)),
    }
}

fn flag(b: bool) -> ParamValue {
    ParamValue::Number(b.into())
}

/// Applies codec options to the answer's parameters of one codec and to the
/// matching offer codec (whose parameters the server is sent).
fn apply_codec_options(
    codec: &RtpCodecParameters,
    params: &mut Vec<(String, ParamValue)>,
    feedback: &mut Vec<stunroom_shared::media::RtcpFeedback>,
    offer_codec: Option<&mut RtpCodecParameters>,
    o: &CodecOptions,
) {
    let mut dummy = RtpCodecParameters {
        mime_type: String::new(),
        payload_type: 0,
        clock_rate: 0,
        channels: None,
        parameters: CodecParameters::new(),
        rtcp_feedback: Vec::new(),
    };
    let offer = offer_codec.unwrap_or(&mut dummy);
    match codec.mime_type.to_ascii_lowercase().as_str() {
        "audio/opus" | "audio/multiopus" => {
            let mut both = |key: &str, offer_key: Option<&str>, v: ParamValue| {
                if let Some(k) = offer_key {
                    offer.parameters.insert(k.to_owned(), v.clone());
                }
                set_param(params, key, v);
            };
            if let Some(s) = o.opus_stereo {
                both("stereo", Some("sprop-stereo"), flag(s));
            }
            if let Some(f) = o.opus_fec {
                both("useinbandfec", Some("useinbandfec"), flag(f));
            }
            if let Some(d) = o.opus_dtx {
                both("usedtx", Some("usedtx"), flag(d));
            }
            if let Some(r) = o.opus_max_playback_rate {
                both("maxplaybackrate", None, ParamValue::Number(r));
            }
            if let Some(r) = o.opus_max_average_bitrate {
                both("maxaveragebitrate", None, ParamValue::Number(r));
            }
            if let Some(p) = o.opus_ptime {
                both("ptime", Some("ptime"), ParamValue::Number(p));
            }
            if o.opus_nack != Some(true) {
                let plain_nack = |fb: &stunroom_shared::media::RtcpFeedback| {
                    fb.kind == "nack" && fb.parameter.is_empty()
                };
                offer.rtcp_feedback.retain(|fb| !plain_nack(fb));
                feedback.retain(|fb| !plain_nack(fb));
            }
        }
        "video/vp8" | "video/vp9" | "video/h264" | "video/h265" | "video/av1" => {
            let google = [
                ("x-google-start-bitrate", o.video_google_start_bitrate),
                ("x-google-max-bitrate", o.video_google_max_bitrate),
                ("x-google-min-bitrate", o.video_google_min_bitrate),
            ];
            for (key, value) in google {
                if let Some(v) = value {
                    set_param(params, key, ParamValue::Number(v));
                }
            }
        }
        _ => {}
    }
}

impl RemoteSection {
    fn base(t: &SectionTransport<'_>, is_offer: bool) -> Self {
        let mut s = RemoteSection {
            is_offer,
            candidates: t.candidates.iter().map(candidate_line).collect(),
            end_of_candidates: true,
            ice_options: Some("renomination"),
            ..Default::default()
        };
        s.set_ice_parameters(t.ice);
        s.set_dtls_role(t.dtls_role);
        s
    }

    /// The answer to a browser's send section.
    pub fn answer(
        t: &SectionTransport<'_>,
        offer: &MediaSection,
        offer_params: &mut RtpParameters,
        answer_params: &RtpParameters,
        codec_options: &CodecOptions,
    ) -> Result<Self, CoreError> {
        let mut s = Self::base(t, false);
        s.mid = offer.mid().unwrap_or_default().to_owned();
        s.kind = offer.kind.clone();
        s.protocol = offer.protocol.clone();
        s.port = 7;
        s.direction = Some("recvonly");
        for codec in &answer_params.codecs {
            s.rtp.push(rtp_of(codec)?);
            let mut params: Vec<(String, ParamValue)> = codec
                .parameters
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mut feedback = codec.rtcp_feedback.clone();
            let offer_codec = offer_params
                .codecs
                .iter_mut()
                .find(|c| c.payload_type == codec.payload_type);
            apply_codec_options(
                codec,
                &mut params,
                &mut feedback,
                offer_codec,
                codec_options,
            );
            let config = write_params(params.iter().map(|(k, v)| (k, v)));
            if !config.is_empty() {
                s.fmtp.push((codec.payload_type, config));
            }
            for fb in feedback {
                s.rtcp_fb.push((codec.payload_type, fb.kind, fb.parameter));
            }
        }
        s.payloads = payloads(&answer_params.codecs);
        let offered = extmaps(offer);
        for ext in &answer_params.header_extensions {
            if offered.iter().any(|o| o.uri == ext.uri) {
                s.ext.push((ext.id, ext.uri.clone()));
            }
        }
        s.extmap_allow_mixed = offer.attr("extmap-allow-mixed") == Some("");
        if let Some((_, list)) = simulcast(offer) {
            s.simulcast = Some(format!("recv {list}"));
            s.rids = rids(offer)
                .into_iter()
                .filter(|r| r.direction == "send")
                .map(|r| (r.id, "recv"))
                .collect();
        }
        s.rtcp_mux = true;
        s.rtcp_rsize = true;
        Ok(s)
    }

    /// The answer to a browser's data channel section.
    pub fn sctp_answer(
        t: &SectionTransport<'_>,
        offer: &MediaSection,
        sctp: &SctpParameters,
    ) -> Self {
        let mut s = Self::base(t, false);
        s.mid = offer.mid().unwrap_or_default().to_owned();
        s.kind = offer.kind.clone();
        s.protocol = offer.protocol.clone();
        s.port = 7;
        s.payloads = "webrtc-datachannel".into();
        s.sctp_port = Some(sctp.port);
        s.max_message_size = Some(sctp.max_message_size);
        s
    }

    /// An offer section for one consumer.
    pub fn offer(
        t: &SectionTransport<'_>,
        mid: &str,
        kind: MediaKind,
        params: &RtpParameters,
        stream_id: &str,
        track_id: &str,
    ) -> Result<Self, CoreError> {
        let mut s = Self::base(t, true);
        s.mid = mid.to_owned();
        s.kind = kind.as_str().to_owned();
        s.protocol = "UDP/TLS/RTP/SAVPF".into();
        s.port = 7;
        s.extmap_allow_mixed = true;
        s.direction = Some("sendonly");
        s.msid = Some(format!("{stream_id} {track_id}"));
        for codec in &params.codecs {
            s.rtp.push(rtp_of(codec)?);
            let config = write_params(&codec.parameters);
            if !config.is_empty() {
                s.fmtp.push((codec.payload_type, config));
            }
            for fb in &codec.rtcp_feedback {
                s.rtcp_fb
                    .push((codec.payload_type, fb.kind.clone(), fb.parameter.clone()));
            }
        }
        s.payloads = payloads(&params.codecs);
        s.ext = params
            .header_extensions
            .iter()
            .map(|e| (e.id, e.uri.clone()))
            .collect();
        s.rtcp_mux = true;
        s.rtcp_rsize = true;
        let encoding = params
            .encodings
            .first()
            .ok_or_else(|| CoreError::InvalidParameters("consumer without encodings".into()))?;
        let cname = params.rtcp.cname.clone().filter(|c| !c.is_empty());
        let rtx = encoding.rtx.map(|r| r.ssrc).filter(|r| *r != 0);
        if let (Some(ssrc), Some(cname)) = (encoding.ssrc.filter(|s| *s != 0), &cname) {
            s.ssrcs.push((ssrc, "cname", cname.clone()));
        }
        if let Some(rtx) = rtx {
            if let Some(cname) = &cname {
                s.ssrcs.push((rtx, "cname", cname.clone()));
            }
            if let Some(ssrc) = encoding.ssrc.filter(|s| *s != 0) {
                s.ssrc_groups.push(("FID", format!("{ssrc} {rtx}")));
            }
        }
        Ok(s)
    }

    /// The data channel section of a receive transport (mid `datachannel`).
    pub fn sctp_offer(t: &SectionTransport<'_>, sctp: &SctpParameters) -> Self {
        let mut s = Self::base(t, true);
        s.mid = "datachannel".into();
        s.kind = "application".into();
        s.protocol = "UDP/DTLS/SCTP".into();
        s.port = 7;
        s.extmap_allow_mixed = true;
        s.payloads = "webrtc-datachannel".into();
        s.sctp_port = Some(sctp.port);
        s.max_message_size = Some(sctp.max_message_size);
        s
    }

    /// A rejected answer to an offer section: port 0, nothing else but the mid.
    pub fn rejected(offer: &MediaSection) -> Self {
        RemoteSection {
            kind: offer.kind.clone(),
            port: 0,
            protocol: offer.protocol.clone(),
            payloads: offer.formats.join(" "),
            mid: offer.mid().unwrap_or_default().to_owned(),
            direction: Some("inactive"),
            ..Default::default()
        }
    }

    pub fn is_closed(&self) -> bool {
        self.port == 0
    }

    pub fn set_ice_parameters(&mut self, ice: &IceParameters) {
        self.ice_ufrag = Some(ice.username_fragment.clone());
        self.ice_pwd = Some(ice.password.clone());
    }

    /// The server's DTLS role as `a=setup` (offers always say actpass).
    pub fn set_dtls_role(&mut self, role: DtlsRole) {
        self.setup = Some(if self.is_offer {
            "actpass"
        } else {
            match role {
                DtlsRole::Client => "active",
                DtlsRole::Server => "passive",
                DtlsRole::Auto => "actpass",
            }
        });
    }

    /// `a=inactive`, kept in BUNDLE (used for the first section).
    pub fn disable(&mut self) {
        self.direction = Some("inactive");
    }

    /// Port 0: the section is closed and may be reused.
    pub fn close(&mut self) {
        self.disable();
        self.port = 0;
        self.candidates.clear();
        self.end_of_candidates = false;
        self.ice_ufrag = None;
        self.ice_pwd = None;
        self.ice_options = None;
        self.rtp.clear();
        self.fmtp.clear();
        self.rtcp_fb.clear();
        self.ssrcs.clear();
        self.ssrc_groups.clear();
        self.simulcast = None;
        self.rids.clear();
        self.extmap_allow_mixed = false;
    }

    /// Appends the section's lines (`\r\n` ends) in sdp-transform's order.
    pub fn write(&self, out: &mut String) {
        let _ = write!(
            out,
            "m={} {} {} {}\r\nc=IN IP4 127.0.0.1\r\n",
            self.kind, self.port, self.protocol, self.payloads
        );
        let mut lines: Vec<String> = Vec::new();
        for r in &self.rtp {
            lines.push(match r.channels {
                Some(ch) => format!("rtpmap:{} {}/{}/{ch}", r.payload, r.codec, r.rate),
                None => format!("rtpmap:{} {}/{}", r.payload, r.codec, r.rate),
            });
        }
        lines.extend(self.fmtp.iter().map(|(pt, c)| format!("fmtp:{pt} {c}")));
        lines.extend(
            self.rtcp_fb
                .iter()
                .map(|(pt, kind, sub)| format!("rtcp-fb:{pt} {kind} {sub}")),
        );
        lines.extend(
            self.ext
                .iter()
                .map(|(id, uri)| format!("extmap:{id} {uri}")),
        );
        if self.extmap_allow_mixed {
            lines.push("extmap-allow-mixed".into());
        }
        lines.extend(self.setup.map(|s| format!("setup:{s}")));
        lines.push(format!("mid:{}", self.mid));
        lines.extend(self.msid.as_ref().map(|m| format!("msid:{m}")));
        lines.extend(self.direction.map(str::to_owned));
        lines.extend(self.ice_ufrag.as_ref().map(|u| format!("ice-ufrag:{u}")));
        lines.extend(self.ice_pwd.as_ref().map(|p| format!("ice-pwd:{p}")));
        lines.extend(self.candidates.iter().cloned());
        if self.end_of_candidates {
            lines.push("end-of-candidates".into());
        }
        lines.extend(self.ice_options.map(|o| format!("ice-options:{o}")));
        lines.extend(
            self.ssrcs
                .iter()
                .map(|(id, attr, value)| format!("ssrc:{id} {attr}:{value}")),
        );
        lines.extend(
            self.ssrc_groups
                .iter()
                .map(|(sem, ssrcs)| format!("ssrc-group:{sem} {ssrcs}")),
        );
        if self.rtcp_mux {
            lines.push("rtcp-mux".into());
        }
        if self.rtcp_rsize {
            lines.push("rtcp-rsize".into());
        }
        lines.extend(self.rids.iter().map(|(id, dir)| format!("rid:{id} {dir}")));
        lines.extend(self.simulcast.as_ref().map(|s| format!("simulcast:{s}")));
        lines.extend(self.sctp_port.map(|p| format!("sctp-port:{p}")));
        lines.extend(
            self.max_message_size
                .map(|m| format!("max-message-size:{m}")),
        );
        for line in lines {
            let _ = write!(out, "a={line}\r\n");
        }
    }
}

fn payloads(codecs: &[RtpCodecParameters]) -> String {
    codecs
        .iter()
        .map(|c| c.payload_type.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}
