//! The mediasoup parameters a simulated peer sends: its receive capabilities
//! (in `join`) and the RTP parameters of its producers.

use str0m::rtp::Extension;
use stunroom_shared::media::{
    CodecParameters, MediaKind, ParamValue, RtcpFeedback, RtcpParameters, RtpCapabilities,
    RtpCodecCapability, RtpCodecParameters, RtpEncodingParameters, RtpHeaderExtension,
    RtpHeaderExtensionParameters, RtpParameters,
};

use super::publisher::{PublisherSsrcs, AUDIO_MID, VIDEO_MID};
use crate::rtc::RouterCodecs;

fn params(pairs: &[(&str, u32)]) -> CodecParameters {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), ParamValue::Number(*v)))
        .collect()
}

fn video_feedback() -> Vec<RtcpFeedback> {
    vec![
        RtcpFeedback::new("nack", ""),
        RtcpFeedback::new("nack", "pli"),
        RtcpFeedback::new("ccm", "fir"),
        RtcpFeedback::new("goog-remb", ""),
        RtcpFeedback::new("transport-cc", ""),
    ]
}

/// What a subscriber can receive: Opus, VP8 with RTX, and the extensions the router offers.
pub fn receive_capabilities(codecs: &RouterCodecs) -> RtpCapabilities {
    let codec = |kind, mime: &str, pt, clock_rate, channels, parameters, rtcp_feedback| {
        RtpCodecCapability {
            kind,
            mime_type: mime.to_owned(),
            preferred_payload_type: Some(pt),
            clock_rate,
            channels,
            parameters,
            rtcp_feedback,
        }
    };
    let mut header_extensions = Vec::new();
    // Simulcast ids are for sending only.
    for (id, ext, kind) in &codecs.extensions {
        if matches!(ext, Extension::RtpStreamId | Extension::RepairedRtpStreamId) {
            continue;
        }
        header_extensions.push(RtpHeaderExtension {
            kind: Some(*kind),
            uri: ext.as_uri().to_owned(),
            preferred_id: u16::from(*id),
            preferred_encrypt: false,
            direction: Default::default(),
        });
    }
    RtpCapabilities {
        codecs: vec![
            codec(
                MediaKind::Audio,
                "audio/opus",
                codecs.opus_pt,
                48_000,
                Some(2),
                params(&[("minptime", 10), ("useinbandfec", 1)]),
                vec![RtcpFeedback::new("transport-cc", "")],
            ),
            codec(
                MediaKind::Video,
                "video/VP8",
                codecs.vp8_pt,
                90_000,
                None,
                CodecParameters::new(),
                video_feedback(),
            ),
            codec(
                MediaKind::Video,
                "video/rtx",
                codecs.rtx_pt,
                90_000,
                None,
                params(&[("apt", u32::from(codecs.vp8_pt))]),
                Vec::new(),
            ),
        ],
        header_extensions,
    }
}

fn extensions_for(codecs: &RouterCodecs, kind: MediaKind) -> Vec<RtpHeaderExtensionParameters> {
    codecs
        .extensions
        .iter()
        .filter(|(_, _, k)| *k == kind)
        .map(|(id, ext, _)| RtpHeaderExtensionParameters {
            uri: ext.as_uri().to_owned(),
            id: u16::from(*id),
            encrypt: false,
            parameters: CodecParameters::new(),
        })
        .collect()
}

/// The audio producer's parameters: Opus on the declared SSRC.
pub fn audio_parameters(codecs: &RouterCodecs, ssrc: u32, cname: &str) -> RtpParameters {
    RtpParameters {
        mid: Some(AUDIO_MID.to_owned()),
        codecs: vec![RtpCodecParameters {
            mime_type: "audio/opus".into(),
            payload_type: codecs.opus_pt,
            clock_rate: 48_000,
            channels: Some(2),
            parameters: params(&[("minptime", 10), ("useinbandfec", 1)]),
            rtcp_feedback: vec![RtcpFeedback::new("transport-cc", "")],
        }],
        header_extensions: extensions_for(codecs, MediaKind::Audio),
        encodings: vec![RtpEncodingParameters {
            ssrc: Some(ssrc),
            ..Default::default()
        }],
        rtcp: RtcpParameters {
            cname: Some(cname.to_owned()),
            reduced_size: true,
            mux: None,
        },
    }
}

/// The video producer's parameters: VP8 + RTX, one rid-identified encoding
/// per layer (lowest first), as a browser's simulcast.
pub fn video_parameters(
    codecs: &RouterCodecs,
    ssrcs: &PublisherSsrcs,
    layer_kbps: &[u32],
    cname: &str,
) -> RtpParameters {
    let count = ssrcs.video.len();
    let encodings = ssrcs
        .video
        .iter()
        .zip(layer_kbps)
        .enumerate()
        .map(|(i, ((rid, _, _), kbps))| RtpEncodingParameters {
            rid: Some(rid.clone()),
            max_bitrate: Some(kbps * 1000),
            scalability_mode: Some("L1T1".into()),
            scale_resolution_down_by: Some(f64::from(1u32 << (count - 1 - i))),
            ..Default::default()
        })
        .collect();
    RtpParameters {
        mid: Some(VIDEO_MID.to_owned()),
        codecs: vec![
            RtpCodecParameters {
                mime_type: "video/VP8".into(),
                payload_type: codecs.vp8_pt,
                clock_rate: 90_000,
                channels: None,
                parameters: CodecParameters::new(),
                rtcp_feedback: video_feedback(),
            },
            RtpCodecParameters {
                mime_type: "video/rtx".into(),
                payload_type: codecs.rtx_pt,
                clock_rate: 90_000,
                channels: None,
                parameters: params(&[("apt", u32::from(codecs.vp8_pt))]),
                rtcp_feedback: Vec::new(),
            },
        ],
        header_extensions: extensions_for(codecs, MediaKind::Video),
        encodings,
        rtcp: RtcpParameters {
            cname: Some(cname.to_owned()),
            reduced_size: true,
            mux: None,
        },
    }
}
