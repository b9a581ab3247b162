//! Capability and parameter arithmetic between the browser and the router
//! (mediasoup-client `ortc.ts`).

use stunroom_shared::media::{
    CodecParameters, Direction, MediaKind, ParamValue, RtcpFeedback, RtcpParameters,
    RtpCapabilities, RtpCodecCapability, RtpCodecParameters, RtpHeaderExtension,
    RtpHeaderExtensionParameters, RtpParameters,
};

use super::h264;
use super::CoreError;

const TRANSPORT_CC: &str =
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
const ABS_SEND_TIME: &str = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

/// mid, SSRC and payload type of mediasoup's bandwidth probator consumer.
pub const PROBATOR_MID: &str = "probator";
pub const PROBATOR_SSRC: u32 = 1234;
pub const PROBATOR_PAYLOAD_TYPE: u8 = 127;

pub fn is_rtx(mime_type: &str) -> bool {
    // /.+\/rtx$/i
    mime_type.len() > 4 && mime_type.to_ascii_lowercase().ends_with("/rtx")
}

/// `audio|video` from a `kind/name` mime type.
fn mime_kind(mime_type: &str) -> Option<MediaKind> {
    let (kind, name) = mime_type.split_once('/')?;
    if name.is_empty() {
        return None;
    }
    match kind.to_ascii_lowercase().as_str() {
        "audio" => Some(MediaKind::Audio),
        "video" => Some(MediaKind::Video),
        _ => None,
    }
}

/// Validates and fills defaults (`validateAndNormalizeRtpCapabilities`): kind
/// from the mime type, audio channels 1, no channels for video.
pub fn normalize_capabilities(caps: &mut RtpCapabilities) -> Result<(), CoreError> {
    for codec in &mut caps.codecs {
        codec.kind = mime_kind(&codec.mime_type).ok_or_else(|| {
            CoreError::InvalidCapabilities(format!("invalid codec mimeType {:?}", codec.mime_type))
        })?;
        if codec.preferred_payload_type.is_none() {
            return Err(CoreError::InvalidCapabilities(format!(
                "codec {} without preferredPayloadType",
                codec.mime_type
            )));
        }
        match codec.kind {
            MediaKind::Audio => {
                codec.channels.get_or_insert(1);
            }
            MediaKind::Video => codec.channels = None,
        }
        if is_rtx(&codec.mime_type)
            && codec
                .parameters
                .get("apt")
                .and_then(ParamValue::as_u32)
                .is_none()
        {
            return Err(CoreError::InvalidCapabilities(
                "rtx codec without apt".into(),
            ));
        }
    }
    for ext in &caps.header_extensions {
        if ext.kind.is_none() {
            return Err(CoreError::InvalidCapabilities(format!(
                "header extension {} without kind",
                ext.uri
            )));
        }
    }
    Ok(())
}

/// A codec both sides support, with each side's payload types and parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtendedCodec {
    pub kind: MediaKind,
    pub mime_type: String,
    pub clock_rate: u32,
    pub channels: Option<u8>,
    pub local_payload_type: u8,
    pub local_rtx_payload_type: Option<u8>,
    pub remote_payload_type: u8,
    pub remote_rtx_payload_type: Option<u8>,
    pub local_parameters: CodecParameters,
    pub remote_parameters: CodecParameters,
    pub rtcp_feedback: Vec<RtcpFeedback>,
}

/// A header extension both sides support.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtendedHeaderExtension {
    pub kind: Option<MediaKind>,
    pub uri: String,
    pub send_id: u16,
    pub recv_id: u16,
    pub encrypt: bool,
    /// From the browser's point of view.
    pub direction: Direction,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExtendedCapabilities {
    pub codecs: Vec<ExtendedCodec>,
    pub header_extensions: Vec<ExtendedHeaderExtension>,
}

fn param_u32(params: &CodecParameters, key: &str) -> Option<u32> {
    params.get(key).and_then(ParamValue::as_u32)
}

/// Whether two codecs are the same (`matchCodecs`). With `strict`, H264 also
/// needs equal packetization-mode and profile, VP9 equal profile-id; with
/// `modify`, both H264 codecs get the negotiated profile-level-id.
pub fn match_codecs(
    a: &mut CodecParameters,
    a_id: (&str, u32, Option<u8>),
    b: &mut CodecParameters,
    b_id: (&str, u32, Option<u8>),
    strict: bool,
    modify: bool,
) -> bool {
    let a_mime = a_id.0.to_ascii_lowercase();
    if a_mime != b_id.0.to_ascii_lowercase() || a_id.1 != b_id.1 || a_id.2 != b_id.2 {
        return false;
    }
    if !strict {
        return true;
    }
    match a_mime.as_str() {
        "video/h264" => {
            let mode = |p: &CodecParameters| param_u32(p, "packetization-mode").unwrap_or(0);
            if mode(a) != mode(b) || !h264::is_same_profile(a, b) {
                return false;
            }
            let Ok(selected) = h264::generate_profile_level_id_for_answer(a, b) else {
                return false;
            };
            if modify {
                match selected {
                    Some(id) => {
                        a.insert("profile-level-id".into(), ParamValue::String(id.clone()));
                        b.insert("profile-level-id".into(), ParamValue::String(id));
                    }
                    None => {
                        a.remove("profile-level-id");
                        b.remove("profile-level-id");
                    }
                }
            }
            true
        }
        "video/vp9" => {
            let profile = |p: &CodecParameters| param_u32(p, "profile-id").unwrap_or(0);
            profile(a) == profile(b)
        }
        _ => true,
    }
}

fn cap_id(c: &RtpCodecCapability) -> (String, u32, Option<u8>) {
    (c.mime_type.clone(), c.clock_rate, c.channels)
}

/// Feedback of `a` that `b` also has (`b`'s entries are kept).
fn reduce_rtcp_feedback(a: &[RtcpFeedback], b: &[RtcpFeedback]) -> Vec<RtcpFeedback> {
    a.iter()
        .filter_map(|fa| {
            b.iter()
                .find(|fb| fb.kind == fa.kind && fb.parameter == fa.parameter)
                .cloned()
        })
        .collect()
}

/// Matches the browser's (`local`) and the router's (`remote`) capabilities
/// in the router's codec order (`getExtendedRtpCapabilities`, without
/// preferLocalCodecsOrder). H264 parameters of both may be rewritten.
pub fn extended_capabilities(
    local: &mut RtpCapabilities,
    remote: &mut RtpCapabilities,
) -> ExtendedCapabilities {
    let mut ext = ExtendedCapabilities::default();
    for remote_codec in remote.codecs.iter_mut() {
        if is_rtx(&remote_codec.mime_type) {
            continue;
        }
        let r_id = cap_id(remote_codec);
        let mut found = None;
        for (idx, local_codec) in local.codecs.iter_mut().enumerate() {
            let l_id = cap_id(local_codec);
            if match_codecs(
                &mut local_codec.parameters,
                (&l_id.0, l_id.1, l_id.2),
                &mut remote_codec.parameters,
                (&r_id.0, r_id.1, r_id.2),
                true,
                true,
            ) {
                found = Some(idx);
                break;
            }
        }
        let Some(local_codec) = found.map(|idx| &local.codecs[idx]) else {
            continue;
        };
        let (Some(local_pt), Some(remote_pt)) = (
            local_codec.preferred_payload_type,
            remote_codec.preferred_payload_type,
        ) else {
            continue;
        };
        ext.codecs.push(ExtendedCodec {
            kind: local_codec.kind,
            mime_type: local_codec.mime_type.clone(),
            clock_rate: local_codec.clock_rate,
            channels: local_codec.channels,
            local_payload_type: local_pt,
            local_rtx_payload_type: None,
            remote_payload_type: remote_pt,
            remote_rtx_payload_type: None,
            local_parameters: local_codec.parameters.clone(),
            remote_parameters: remote_codec.parameters.clone(),
            rtcp_feedback: reduce_rtcp_feedback(
                &local_codec.rtcp_feedback,
                &remote_codec.rtcp_feedback,
            ),
        });
    }
    let rtx_for = |caps: &RtpCapabilities, pt: u8| {
        caps.codecs
            .iter()
            .find(|c| is_rtx(&c.mime_type) && param_u32(&c.parameters, "apt") == Some(pt.into()))
            .and_then(|c| c.preferred_payload_type)
    };
    for codec in &mut ext.codecs {
        if let (Some(l), Some(r)) = (
            rtx_for(local, codec.local_payload_type),
            rtx_for(remote, codec.remote_payload_type),
        ) {
            codec.local_rtx_payload_type = Some(l);
            codec.remote_rtx_payload_type = Some(r);
        }
    }
    for remote_ext in &remote.header_extensions {
        let Some(local_ext) = local.header_extensions.iter().find(|l| {
            !(l.kind.is_some() && remote_ext.kind.is_some() && l.kind != remote_ext.kind)
                && l.uri == remote_ext.uri
        }) else {
            continue;
        };
        ext.header_extensions.push(ExtendedHeaderExtension {
            kind: remote_ext.kind,
            uri: remote_ext.uri.clone(),
            send_id: local_ext.preferred_id,
            recv_id: remote_ext.preferred_id,
            encrypt: local_ext.preferred_encrypt,
            direction: match remote_ext.direction {
                Direction::Sendrecv => Direction::Sendrecv,
                Direction::Recvonly => Direction::Sendonly,
                Direction::Sendonly => Direction::Recvonly,
                Direction::Inactive => Direction::Inactive,
            },
        });
    }
    ext
}

/// Capabilities for receiving (`Recvonly`, router payload types) or sending
/// (`Sendonly`, browser payload types) — `getRtpCapabilities`.
pub fn rtp_capabilities(ext: &ExtendedCapabilities, direction: Direction) -> RtpCapabilities {
    let sending = direction == Direction::Sendonly;
    let mut caps = RtpCapabilities::default();
    for c in &ext.codecs {
        caps.codecs.push(RtpCodecCapability {
            kind: c.kind,
            mime_type: c.mime_type.clone(),
            preferred_payload_type: Some(if sending {
                c.local_payload_type
            } else {
                c.remote_payload_type
            }),
            clock_rate: c.clock_rate,
            channels: c.channels,
            parameters: c.local_parameters.clone(),
            rtcp_feedback: c.rtcp_feedback.clone(),
        });
        let (Some(local_rtx), Some(remote_rtx)) =
            (c.local_rtx_payload_type, c.remote_rtx_payload_type)
        else {
            continue;
        };
        let apt = if sending {
            c.local_payload_type
        } else {
            c.remote_payload_type
        };
        caps.codecs.push(RtpCodecCapability {
            kind: c.kind,
            mime_type: format!("{}/rtx", c.kind),
            preferred_payload_type: Some(if sending { local_rtx } else { remote_rtx }),
            clock_rate: c.clock_rate,
            channels: None,
            parameters: [("apt".to_owned(), ParamValue::Number(apt.into()))].into(),
            rtcp_feedback: Vec::new(),
        });
    }
    for e in &ext.header_extensions {
        if e.direction != Direction::Sendrecv && e.direction != direction {
            continue;
        }
        caps.header_extensions.push(RtpHeaderExtension {
            kind: e.kind,
            uri: e.uri.clone(),
            preferred_id: if sending { e.send_id } else { e.recv_id },
            preferred_encrypt: e.encrypt,
            direction: e.direction,
        });
    }
    caps
}

/// Whether the capabilities have a codec of that kind (`canSend`).
pub fn can_send(kind: MediaKind, caps: &RtpCapabilities) -> bool {
    caps.codecs.iter().any(|c| c.kind == kind)
}

/// Sending parameters of a kind with the browser's payload types; `remote`
/// selects the router's codec parameters (for the SDP answer) instead of the
/// browser's, and applies the RTCP feedback reduction.
/// (`getSendingRtpParameters` / `getSendingRemoteRtpParameters`.)
pub fn sending_rtp_parameters(
    kind: MediaKind,
    ext: &ExtendedCapabilities,
    remote: bool,
) -> RtpParameters {
    let mut params = RtpParameters::default();
    for c in ext.codecs.iter().filter(|c| c.kind == kind) {
        params.codecs.push(RtpCodecParameters {
            mime_type: c.mime_type.clone(),
            payload_type: c.local_payload_type,
            clock_rate: c.clock_rate,
            channels: c.channels,
            parameters: if remote {
                c.remote_parameters.clone()
            } else {
                c.local_parameters.clone()
            },
            rtcp_feedback: c.rtcp_feedback.clone(),
        });
        if let Some(rtx) = c.local_rtx_payload_type {
            params.codecs.push(RtpCodecParameters {
                mime_type: format!("{}/rtx", c.kind),
                payload_type: rtx,
                clock_rate: c.clock_rate,
                channels: None,
                parameters: [(
                    "apt".to_owned(),
                    ParamValue::Number(c.local_payload_type.into()),
                )]
                .into(),
                rtcp_feedback: Vec::new(),
            });
        }
    }
    for e in &ext.header_extensions {
        if e.kind.is_some_and(|k| k != kind)
            || (e.direction != Direction::Sendrecv && e.direction != Direction::Sendonly)
        {
            continue;
        }
        params.header_extensions.push(RtpHeaderExtensionParameters {
            uri: e.uri.clone(),
            id: e.send_id,
            encrypt: e.encrypt,
            parameters: CodecParameters::new(),
        });
    }
    params.rtcp = RtcpParameters {
        cname: None,
        reduced_size: true,
        mux: None,
    };
    if remote {
        let has = |uri: &str| params.header_extensions.iter().any(|e| e.uri == uri);
        let drop: &[&str] = if has(TRANSPORT_CC) {
            &["goog-remb"]
        } else if has(ABS_SEND_TIME) {
            &["transport-cc"]
        } else {
            &["transport-cc", "goog-remb"]
        };
        for codec in &mut params.codecs {
            codec
                .rtcp_feedback
                .retain(|fb| !drop.contains(&fb.kind.as_str()));
        }
    }
    params
}

/// The first media codec and its RTX (`reduceCodecs` without a preferred codec).
pub fn reduce_codecs(codecs: &[RtpCodecParameters]) -> Result<Vec<RtpCodecParameters>, CoreError> {
    let first = codecs.first().ok_or(CoreError::NoMatchingCodec)?;
    let mut out = vec![first.clone()];
    if let Some(rtx) = codecs.get(1).filter(|c| is_rtx(&c.mime_type)) {
        out.push(rtx.clone());
    }
    Ok(out)
}

/// `reduceCodecs` with a preferred codec: the first codec that matches `cap`
/// strictly (H264 profile and packetization mode, VP9 profile-id), and its
/// RTX; [`CoreError::NoMatchingCodec`] if none does. Without `cap`, as
/// [`reduce_codecs`].
pub fn reduce_codecs_to(
    codecs: &[RtpCodecParameters],
    cap: Option<&RtpCodecCapability>,
) -> Result<Vec<RtpCodecParameters>, CoreError> {
    let Some(cap) = cap else {
        return reduce_codecs(codecs);
    };
    let idx = codecs
        .iter()
        .position(|c| {
            let (mut a, mut b) = (c.parameters.clone(), cap.parameters.clone());
            match_codecs(
                &mut a,
                (&c.mime_type, c.clock_rate, c.channels),
                &mut b,
                (&cap.mime_type, cap.clock_rate, cap.channels),
                true,
                false,
            )
        })
        .ok_or(CoreError::NoMatchingCodec)?;
    reduce_codecs(&codecs[idx..])
}

/// Parameters of the probator consumer from a video consumer's parameters.
pub fn probator_rtp_parameters(video: &RtpParameters) -> Result<RtpParameters, CoreError> {
    let mut codec = video
        .codecs
        .first()
        .cloned()
        .ok_or_else(|| CoreError::InvalidParameters("video consumer without codecs".into()))?;
    codec.payload_type = PROBATOR_PAYLOAD_TYPE;
    Ok(RtpParameters {
        mid: Some(PROBATOR_MID.into()),
        codecs: vec![codec],
        header_extensions: video.header_extensions.clone(),
        encodings: vec![stunroom_shared::media::RtpEncodingParameters {
            ssrc: Some(PROBATOR_SSRC),
            ..Default::default()
        }],
        rtcp: RtcpParameters {
            cname: Some("probator".into()),
            reduced_size: true,
            mux: None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rtx_and_kinds() {
        assert!(is_rtx("video/rtx") && is_rtx("audio/RTX") && !is_rtx("/rtx"));
        assert!(!is_rtx("video/VP8"));
        assert_eq!(mime_kind("Video/VP8"), Some(MediaKind::Video));
        assert_eq!(mime_kind("text/x"), None);
    }

    #[test]
    fn feedback_reduction_keeps_common_entries() {
        let a = [
            RtcpFeedback::new("nack", ""),
            RtcpFeedback::new("goog-remb", ""),
        ];
        let b = [
            RtcpFeedback::new("nack", ""),
            RtcpFeedback::new("nack", "pli"),
        ];
        assert_eq!(
            reduce_rtcp_feedback(&a, &b),
            [RtcpFeedback::new("nack", "")]
        );
    }

    #[test]
    fn vp9_profiles_must_match_when_strict() {
        let mut a: CodecParameters = [("profile-id".to_owned(), ParamValue::Number(2))].into();
        let mut b = CodecParameters::new();
        let id = ("video/VP9", 90000, None);
        assert!(!match_codecs(&mut a, id, &mut b, id, true, false));
        assert!(match_codecs(&mut a, id, &mut b, id, false, false));
    }

    #[test]
    fn reduce_to_a_preferred_codec() {
        let codec = |mime: &str, pt: u8, params: &[(&str, ParamValue)]| RtpCodecParameters {
            mime_type: mime.into(),
            payload_type: pt,
            clock_rate: 90000,
            channels: None,
            parameters: params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            rtcp_feedback: Vec::new(),
        };
        let h264 = |profile: &str| {
            vec![
                ("packetization-mode", ParamValue::Number(1)),
                ("profile-level-id", ParamValue::String(profile.into())),
            ]
        };
        let codecs = vec![
            codec("video/VP8", 96, &[]),
            codec("video/rtx", 97, &[("apt", ParamValue::Number(96))]),
            codec("video/VP9", 98, &[("profile-id", ParamValue::Number(2))]),
            codec("video/rtx", 99, &[("apt", ParamValue::Number(98))]),
            codec("video/H264", 100, &h264("42e01f")),
        ];
        let cap = |c: &RtpCodecParameters| RtpCodecCapability {
            kind: MediaKind::Video,
            mime_type: c.mime_type.clone(),
            preferred_payload_type: None,
            clock_rate: c.clock_rate,
            channels: None,
            parameters: c.parameters.clone(),
            rtcp_feedback: Vec::new(),
        };
        let pts = |r: Vec<RtpCodecParameters>| r.iter().map(|c| c.payload_type).collect::<Vec<_>>();
        assert_eq!(pts(reduce_codecs_to(&codecs, None).unwrap()), [96, 97]);
        let vp9 = cap(&codecs[2]);
        assert_eq!(
            pts(reduce_codecs_to(&codecs, Some(&vp9)).unwrap()),
            [98, 99]
        );
        let h264_cap = cap(&codecs[4]);
        assert_eq!(
            pts(reduce_codecs_to(&codecs, Some(&h264_cap)).unwrap()),
            [100]
        );
        // Strict: another VP9 profile or H264 profile does not match.
        let mut vp9_p0 = vp9.clone();
        vp9_p0
            .parameters
            .insert("profile-id".into(), ParamValue::Number(0));
        assert!(matches!(
            reduce_codecs_to(&codecs, Some(&vp9_p0)),
            Err(CoreError::NoMatchingCodec)
        ));
        let mut main = h264_cap.clone();
        main.parameters.insert(
            "profile-level-id".into(),
            ParamValue::String("4d0032".into()),
        );
        assert!(matches!(
            reduce_codecs_to(&codecs, Some(&main)),
            Err(CoreError::NoMatchingCodec)
        ));
    }
}
