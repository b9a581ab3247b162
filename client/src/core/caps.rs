//! RTP capabilities of the browser, read from one of its own offers
//! (mediasoup-client `commonUtils.extractRtpCapabilities` + each handler's
//! `getLocalRtpCapabilities`).

use stunroom_shared::media::{
    MediaKind, ParamValue, RtcpFeedback, RtpCapabilities, RtpCodecCapability, RtpHeaderExtension,
};

use super::handler::Handler;
use super::ortc::{is_rtx, normalize_capabilities};
use super::sdp::Sdp;
use super::sdp_attrs::{extmaps, fmtps, parse_params, rtcp_fbs, rtpmaps};
use super::CoreError;

/// Insert-or-replace keeping the first insertion's position, like a JS `Map`.
fn map_set<K: PartialEq, V>(map: &mut Vec<(K, V)>, key: K, value: V) {
    match map.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => map.push((key, value)),
    }
}

fn kind_of(section_kind: &str) -> Option<MediaKind> {
    match section_kind {
        "audio" => Some(MediaKind::Audio),
        "video" => Some(MediaKind::Video),
        _ => None,
    }
}

/// Codecs and header extensions of every audio/video section. As BUNDLE
/// requires, payload types and extension ids are shared by all sections: a
/// later section's entry replaces an earlier one with the same number.
pub fn extract_rtp_capabilities(sdp: &Sdp) -> RtpCapabilities {
    let mut codecs: Vec<(u8, RtpCodecCapability)> = Vec::new();
    let mut exts: Vec<(u16, RtpHeaderExtension)> = Vec::new();
    for m in &sdp.media {
        let Some(kind) = kind_of(&m.kind) else {
            continue;
        };
        for rtp in rtpmaps(m) {
            let codec = RtpCodecCapability {
                kind,
                mime_type: format!("{kind}/{}", rtp.codec),
                preferred_payload_type: Some(rtp.payload),
                clock_rate: rtp.rate,
                channels: rtp.channels,
                parameters: Default::default(),
                rtcp_feedback: Vec::new(),
            };
            map_set(&mut codecs, rtp.payload, codec);
        }
        for fmtp in fmtps(m) {
            let Some((_, codec)) = codecs.iter_mut().find(|(pt, _)| *pt == fmtp.payload) else {
                continue;
            };
            let mut params = parse_params(&fmtp.config);
            if let Some(v) = params.get_mut("profile-level-id") {
                *v = ParamValue::String(v.to_string());
            }
            codec.parameters = params;
        }
        for fb in rtcp_fbs(m) {
            let feedback = RtcpFeedback::new(&fb.kind, &fb.subtype);
            match fb.payload {
                Some(pt) => {
                    if let Some((_, codec)) = codecs.iter_mut().find(|(p, _)| *p == pt) {
                        codec.rtcp_feedback.push(feedback);
                    }
                }
                None => {
                    for (_, codec) in codecs.iter_mut() {
                        if codec.kind == kind && !is_rtx(&codec.mime_type) {
                            codec.rtcp_feedback.push(feedback.clone());
                        }
                    }
                }
            }
        }
        for ext in extmaps(m) {
            // Encrypted extensions are not supported by mediasoup.
            if ext.encrypted {
                continue;
            }
            let header_extension = RtpHeaderExtension {
                kind: Some(kind),
                uri: ext.uri,
                preferred_id: ext.id,
                preferred_encrypt: false,
                direction: Default::default(),
            };
            map_set(&mut exts, ext.id, header_extension);
        }
    }
    RtpCapabilities {
        codecs: codecs.into_iter().map(|(_, c)| c).collect(),
        header_extensions: exts.into_iter().map(|(_, e)| e).collect(),
    }
}

/// libwebrtc supports NACK for Opus but does not announce it.
pub fn add_nack_support_for_opus(caps: &mut RtpCapabilities) {
    for codec in &mut caps.codecs {
        let mime = codec.mime_type.to_ascii_lowercase();
        if (mime == "audio/opus" || mime == "audio/multiopus")
            && !codec
                .rtcp_feedback
                .iter()
                .any(|fb| fb.kind == "nack" && fb.parameter.is_empty())
        {
            codec.rtcp_feedback.push(RtcpFeedback::new("nack", ""));
        }
    }
}

/// The browser's capabilities from a local offer, as `handler` reads them
/// (Chrome111 and Safari12 add NACK to Opus, Firefox120 does not).
pub fn local_rtp_capabilities(sdp: &Sdp, handler: Handler) -> Result<RtpCapabilities, CoreError> {
    let mut caps = extract_rtp_capabilities(sdp);
    normalize_capabilities(&mut caps)?;
    if handler.adds_opus_nack() {
        add_nack_support_for_opus(&mut caps);
    }
    Ok(caps)
}
