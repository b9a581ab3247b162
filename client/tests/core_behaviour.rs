//! Behaviour of the core beyond the golden cases: errors on bad input leave the
//! state alone, ICE restarts, codec choice, encodings.

use std::path::PathBuf;

use serde_json::Value;
use stunroom_client::core::{
    prepare_send_encodings, CodecOptions, ConsumeRequest, CoreError, Device, RecvCore, SendCore,
};
use stunroom_shared::media::{
    IceParameters, MediaKind, ParamValue, RtpCapabilities, RtpEncodingParameters,
};
use stunroom_shared::messages::TransportInfo;

fn golden(path: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("golden")
        .join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn json(path: &str) -> Value {
    serde_json::from_str(&golden(path)).unwrap()
}

fn router_caps() -> RtpCapabilities {
    serde_json::from_value(json("inputs/router_caps.json")).unwrap()
}

fn transport(side: &str) -> TransportInfo {
    serde_json::from_value(json("inputs/transport.json")[side].clone()).unwrap()
}

fn device_with(caps: RtpCapabilities) -> Device {
    Device::load(caps, &golden("inputs/chrome_probe_offer.sdp")).unwrap()
}

fn new_ice() -> IceParameters {
    IceParameters {
        username_fragment: "newufrag".into(),
        password: "newpassword".into(),
        ice_lite: Some(true),
    }
}

#[test]
fn bad_inputs_are_errors() {
    assert!(matches!(
        Device::load(router_caps(), "not sdp"),
        Err(CoreError::Sdp(_))
    ));
    let mut caps = router_caps();
    caps.codecs[0].mime_type = "opus".into();
    assert!(matches!(
        Device::load(caps, &golden("inputs/chrome_probe_offer.sdp")),
        Err(CoreError::InvalidCapabilities(_))
    ));
}

#[test]
fn failed_produce_changes_nothing() {
    let device = device_with(router_caps());
    let offer = golden("inputs/chrome_send_offer_audio.sdp");
    let mut core = SendCore::new(&device, &transport("send"));
    let err = core
        .produce(&offer, "7", MediaKind::Audio, None, CodecOptions::default())
        .unwrap_err();
    assert_eq!(err, CoreError::UnknownMid("7".into()));
    assert!(!core.is_connected());
    assert!(core
        .produce(
            "garbage",
            "0",
            MediaKind::Audio,
            None,
            CodecOptions::default()
        )
        .is_err());
    let (_, answer) = core
        .produce(&offer, "0", MediaKind::Audio, None, CodecOptions::default())
        .unwrap();
    // The first SDP this transport hands out: version 1, DTLS passive.
    assert!(answer.contains(" 10000 1 IN IP4"), "{answer}");
    assert!(answer.contains("a=setup:passive"));
    assert!(core.is_connected());
    assert_eq!(
        core.stop_sending("5", &offer),
        Err(CoreError::UnknownMid("5".into()))
    );
}

#[test]
fn cannot_produce_a_kind_the_router_lacks() {
    let mut caps = router_caps();
    caps.codecs.retain(|c| c.kind == MediaKind::Audio);
    let device = device_with(caps);
    assert!(device.can_produce(MediaKind::Audio));
    assert!(!device.can_produce(MediaKind::Video));
    let mut core = SendCore::new(&device, &transport("send"));
    let err = core
        .produce(
            &golden("inputs/chrome_send_offer.sdp"),
            "1",
            MediaKind::Video,
            None,
            CodecOptions::default(),
        )
        .unwrap_err();
    assert_eq!(err, CoreError::CannotProduce(MediaKind::Video));
}

#[test]
fn h264_router_negotiates_the_browser_level() {
    let mut caps = router_caps();
    caps.codecs.retain(|c| {
        c.kind == MediaKind::Audio || c.mime_type.contains("264") || {
            // Keep the RTX of H264 codecs (apt 105 and 107).
            c.mime_type == "video/rtx"
                && matches!(c.parameters.get("apt"), Some(ParamValue::Number(105 | 107)))
        }
    });
    let device = device_with(caps);
    let recv = device.recv_rtp_capabilities();
    let h264: Vec<_> = recv
        .codecs
        .iter()
        .filter(|c| c.mime_type == "video/H264")
        .map(|c| {
            (
                c.preferred_payload_type,
                c.parameters["profile-level-id"].to_string(),
            )
        })
        .collect();
    // Router main 4d0032 meets Chrome's 4d001f: level asymmetry keeps Chrome's level.
    assert_eq!(
        h264,
        [(Some(105), "4d001f".into()), (Some(107), "42e01f".into())]
    );
    let mut core = SendCore::new(&device, &transport("send"));
    let (params, answer) = core
        .produce(
            &golden("inputs/chrome_send_offer.sdp"),
            "1",
            MediaKind::Video,
            None,
            CodecOptions::default(),
        )
        .unwrap();
    assert_eq!(params.codecs[0].mime_type, "video/H264");
    assert_eq!(params.codecs[1].mime_type, "video/rtx");
    let pt = params.codecs[0].payload_type;
    assert!(
        answer.contains(&format!("a=rtpmap:{pt} H264/90000")),
        "{answer}"
    );
    assert!(answer.contains("profile-level-id=4d001f"), "{answer}");
    // The offer's audio m-line was never produced: rejected, out of BUNDLE.
    assert!(answer.contains("m=audio 0 UDP/TLS/RTP/SAVPF"), "{answer}");
    assert!(answer.contains("a=group:BUNDLE 1\r\n"), "{answer}");
}

#[test]
fn one_given_encoding_completes_the_offer_ssrcs() {
    let device = device_with(router_caps());
    let mut core = SendCore::new(&device, &transport("send"));
    let given = vec![RtpEncodingParameters {
        max_bitrate: Some(300_000),
        ..Default::default()
    }];
    let (params, _) = core
        .produce(
            &golden("inputs/chrome_send_offer.sdp"),
            "1",
            MediaKind::Video,
            Some(given),
            CodecOptions::default(),
        )
        .unwrap();
    let e = &params.encodings[0];
    assert_eq!(params.encodings.len(), 1);
    assert!(e.ssrc.is_some() && e.rtx.is_some());
    assert_eq!(
        (e.max_bitrate, e.active, e.dtx),
        (Some(300_000), Some(true), Some(false))
    );
    let prepared = prepare_send_encodings(vec![RtpEncodingParameters::default(); 2]);
    assert_eq!(prepared[1].rid.as_deref(), Some("r1"));
}

#[test]
fn ice_restart_renegotiates_only_after_the_first_round() {
    let device = device_with(router_caps());
    let mut send = SendCore::new(&device, &transport("send"));
    assert_eq!(send.restart_ice(new_ice()), None);
    let (_, first) = send
        .produce(
            &golden("inputs/chrome_send_offer_audio.sdp"),
            "0",
            MediaKind::Audio,
            None,
            CodecOptions::default(),
        )
        .unwrap();
    assert!(first.contains("a=ice-ufrag:newufrag"));
    let again = send.restart_ice(new_ice()).unwrap();
    assert!(again.contains(" 10000 2 IN IP4"));

    let mut recv = RecvCore::new(&device, &transport("recv"));
    assert_eq!(recv.restart_ice(new_ice()), None);
}

fn audio_consumer(mid: Option<&str>) -> ConsumeRequest {
    let c = &json("inputs/consumers.json")[0];
    let mut rtp_parameters: stunroom_shared::media::RtpParameters =
        serde_json::from_value(c["rtpParameters"].clone()).unwrap();
    rtp_parameters.mid = mid.map(str::to_owned);
    ConsumeRequest {
        id: "c1".into(),
        kind: MediaKind::Audio,
        rtp_parameters,
        stream_id: String::new(),
        track_id: "c1".into(),
    }
}

#[test]
fn receive_defaults_and_errors() {
    let device = device_with(router_caps());
    let mut core = RecvCore::new(&device, &transport("recv"));
    // No mid from the server: a counter; no stream id: the cname.
    let (offer, mids) = core
        .receive(&[audio_consumer(None), audio_consumer(None)])
        .unwrap();
    assert_eq!(mids, ["0", "1"]);
    assert!(offer.contains("a=msid:ZvLkPsnSKzXp6aA8 c1"), "{offer}");
    // Audio only: no probator.
    assert!(!offer.contains("probator"));
    let mut foreign = audio_consumer(Some("5"));
    foreign.rtp_parameters.codecs[0].payload_type = 99;
    assert_eq!(
        core.receive(&[foreign]),
        Err(CoreError::CannotConsume("c1".into()))
    );
    assert_eq!(
        core.stop_receiving(&["9".into()]),
        Err(CoreError::UnknownMid("9".into()))
    );
    // An answer without our mids passes through unchanged.
    let answer = golden("inputs/chrome_recv_answer.sdp");
    let local = core.local_answer(&answer).unwrap();
    assert!(local.contains("stereo=1"), "sprop-stereo=1 → stereo=1");
    assert!(core.is_connected());
    assert!(core.local_dtls_parameters(&local).is_ok());
}
