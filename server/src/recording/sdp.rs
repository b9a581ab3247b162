//! The SDP file ffmpeg reads one consumer's RTP by: a single `m=` line on
//! 127.0.0.1 with the consumer's first (media) codec. RTCP goes to RTP port + 1
//! (ffmpeg's default), so the transport is created with RTCP not muxed.

use stunroom_shared::media::{MediaKind, RtpCodecParameters};

/// The container for a codec: WebM takes VP8, VP9, Opus; H264 goes to Matroska.
pub fn extension(mime_type: &str) -> &'static str {
    match mime_type.to_ascii_lowercase().as_str() {
        "video/vp8" | "video/vp9" | "audio/opus" => "webm",
        _ => "mkv",
    }
}

/// The SDP for RTP of `codec` arriving on `port` (RTCP on `port + 1`).
pub fn render(kind: MediaKind, codec: &RtpCodecParameters, port: u16) -> String {
    let media = match kind {
        MediaKind::Audio => "audio",
        MediaKind::Video => "video",
    };
    // The encoding name is what follows "audio/" or "video/".
    let name = codec
        .mime_type
        .split_once('/')
        .map_or(codec.mime_type.as_str(), |(_, n)| n);
    let pt = codec.payload_type;
    let mut sdp = format!(
        "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=stunroom recording\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n\
         m={media} {port} RTP/AVP {pt}\r\na=rtcp:{}\r\n",
        u32::from(port) + 1
    );
    match codec.channels {
        Some(ch) if ch > 1 => sdp.push_str(&format!(
            "a=rtpmap:{pt} {name}/{}/{ch}\r\n",
            codec.clock_rate
        )),
        _ => sdp.push_str(&format!("a=rtpmap:{pt} {name}/{}\r\n", codec.clock_rate)),
    }
    if !codec.parameters.is_empty() {
        let fmtp: Vec<String> = codec
            .parameters
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        sdp.push_str(&format!("a=fmtp:{pt} {}\r\n", fmtp.join(";")));
    }
    sdp.push_str("a=recvonly\r\n");
    sdp
}

#[cfg(test)]
mod tests {
    use super::*;
    use stunroom_shared::media::ParamValue;

    fn codec(mime: &str, pt: u8, rate: u32, channels: Option<u8>) -> RtpCodecParameters {
        RtpCodecParameters {
            mime_type: mime.into(),
            payload_type: pt,
            clock_rate: rate,
            channels,
            parameters: Default::default(),
            rtcp_feedback: Vec::new(),
        }
    }

    #[test]
    fn opus_has_channels_and_fmtp() {
        let mut c = codec("audio/opus", 100, 48000, Some(2));
        c.parameters
            .insert("useinbandfec".into(), ParamValue::Number(1));
        let sdp = render(MediaKind::Audio, &c, 5000);
        assert!(sdp.contains("m=audio 5000 RTP/AVP 100\r\n"), "{sdp}");
        assert!(sdp.contains("a=rtcp:5001\r\n"), "{sdp}");
        assert!(sdp.contains("a=rtpmap:100 opus/48000/2\r\n"), "{sdp}");
        assert!(sdp.contains("a=fmtp:100 useinbandfec=1\r\n"), "{sdp}");
    }

    #[test]
    fn vp8_is_webm_h264_is_mkv() {
        let sdp = render(
            MediaKind::Video,
            &codec("video/VP8", 101, 90000, None),
            6000,
        );
        assert!(sdp.contains("a=rtpmap:101 VP8/90000\r\n"), "{sdp}");
        assert!(!sdp.contains("fmtp"), "{sdp}");
        assert_eq!(extension("video/VP8"), "webm");
        assert_eq!(extension("audio/opus"), "webm");
        assert_eq!(extension("video/H264"), "mkv");
    }
}
