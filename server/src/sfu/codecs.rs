//! The router's media codecs: those of the mediasoup-demo reference server.

use std::num::{NonZeroU32, NonZeroU8};

use mediasoup::rtp_parameters::{
    MimeTypeAudio, MimeTypeVideo, RtpCodecCapability, RtpCodecParametersParameters,
    RtpCodecParametersParametersValue as V,
};

const AUDIO_RATE: NonZeroU32 = match NonZeroU32::new(48_000) {
    Some(r) => r,
    None => unreachable!(),
};
const VIDEO_RATE: NonZeroU32 = match NonZeroU32::new(90_000) {
    Some(r) => r,
    None => unreachable!(),
};
const STEREO: NonZeroU8 = match NonZeroU8::new(2) {
    Some(c) => c,
    None => unreachable!(),
};

fn video(mime_type: MimeTypeVideo, parameters: &[(&'static str, V)]) -> RtpCodecCapability {
    RtpCodecCapability::Video {
        mime_type,
        preferred_payload_type: None,
        clock_rate: VIDEO_RATE,
        parameters: parameters
            .iter()
            .map(|(k, v)| (*k, v.clone()))
            .collect::<RtpCodecParametersParameters>(),
        rtcp_feedback: Vec::new(),
    }
}

/// opus 48000/2; VP8 (x-google-start-bitrate 1000); VP9 profile-id 2;
/// H264 packetization-mode 1, profile-level-id 4d0032 and 42e01f, level-asymmetry-allowed 1.
pub(super) fn media_codecs() -> Vec<RtpCodecCapability> {
    let start = ("x-google-start-bitrate", V::Number(1000));
    let h264 = |profile: &'static str| {
        video(
            MimeTypeVideo::H264,
            &[
                ("packetization-mode", V::Number(1)),
                ("profile-level-id", V::String(profile.into())),
                ("level-asymmetry-allowed", V::Number(1)),
                start.clone(),
            ],
        )
    };
    vec![
        RtpCodecCapability::Audio {
            mime_type: MimeTypeAudio::Opus,
            preferred_payload_type: None,
            clock_rate: AUDIO_RATE,
            channels: STEREO,
            parameters: RtpCodecParametersParameters::default(),
            rtcp_feedback: Vec::new(),
        },
        video(MimeTypeVideo::Vp8, std::slice::from_ref(&start)),
        video(
            MimeTypeVideo::Vp9,
            &[("profile-id", V::Number(2)), start.clone()],
        ),
        h264("4d0032"),
        h264("42e01f"),
    ]
}
