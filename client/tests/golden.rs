//! Golden tests: the core against outputs of the npm mediasoup-client 3.24.1
//! (client/golden/README.md explains how they were made). Inputs are real
//! Chromium SDP and mediasoup router capabilities; nothing here needs npm.

use std::path::PathBuf;

use serde_json::Value;
use stunroom_client::core::{
    local_dtls_parameters, CodecOptions, ConsumeRequest, Device, RecvCore, SendCore,
    ORIGIN_USERNAME,
};
use stunroom_shared::media::{MediaKind, RtpCapabilities, RtpEncodingParameters, RtpParameters};
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

fn device() -> Device {
    Device::load_with_probes(
        router_caps(),
        &golden("inputs/chrome_probe_recvonly.sdp"),
        &golden("inputs/chrome_probe_sendonly.sdp"),
    )
    .unwrap()
}

/// JSON of our parameters vs mediasoup-client's: mediasoup-client also sends
/// `msid` (not in our type; mediasoup ignores it) and empty `parameters: {}`
/// on header extensions (we omit them; same meaning).
fn assert_params(ours: &RtpParameters, expected_path: &str) {
    let mut expected = json(expected_path);
    let obj = expected.as_object_mut().unwrap();
    obj.remove("msid");
    for ext in obj["headerExtensions"].as_array_mut().unwrap() {
        if ext["parameters"] == serde_json::json!({}) {
            ext.as_object_mut().unwrap().remove("parameters");
        }
    }
    let ours = integral_numbers(serde_json::to_value(ours).unwrap());
    assert_eq!(ours, integral_numbers(expected), "{expected_path}");
}

/// `4.0` and `4` are the same JSON number to JavaScript (and to mediasoup).
fn integral_numbers(v: Value) -> Value {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && n.is_f64() => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(integral_numbers).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| (k, integral_numbers(v)))
                .collect(),
        ),
        other => other,
    }
}

/// One SDP line, normalized for comparison: our `o=` user name stands in for
/// mediasoup-client's, fmtp parameters compare as a set.
fn normalize_line(line: &str) -> String {
    if let Some(rest) = line.strip_prefix("o=") {
        let rest = rest.split_once(' ').map_or("", |(_, r)| r);
        return format!("o={ORIGIN_USERNAME} {rest}");
    }
    if let Some(rest) = line.strip_prefix("a=fmtp:") {
        if let Some((pt, config)) = rest.split_once(' ') {
            let mut params: Vec<&str> = config.split(';').collect();
            params.sort_unstable();
            return format!("a=fmtp:{pt} {}", params.join(";"));
        }
    }
    line.to_owned()
}

/// Our outputs, kept for `golden/capture/validate.js` (real Chromium accepts them?).
fn keep(name: &str, sdp: &str) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("golden-ours");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join(name), sdp);
}

/// Line-by-line comparison of two SDPs (order matters).
fn assert_sdp(ours: &str, expected_path: &str) {
    keep(expected_path.trim_start_matches("expected/"), ours);
    let expected = golden(expected_path);
    assert!(ours.ends_with("\r\n"), "{expected_path}: CRLF line ends");
    let ours: Vec<String> = ours.lines().map(normalize_line).collect();
    let theirs: Vec<String> = expected.lines().map(normalize_line).collect();
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "{expected_path}: line {}", i + 1);
    }
    assert_eq!(ours.len(), theirs.len(), "{expected_path}: number of lines");
}

/// Per section, the same lines in any order (sdp-transform rewrites a
/// browser's answer in its own attribute order; we keep the browser's).
fn assert_sdp_sections(ours: &str, expected_path: &str) {
    let split = |sdp: &str| -> Vec<Vec<String>> {
        let mut sections: Vec<Vec<String>> = vec![Vec::new()];
        for line in sdp.lines() {
            if line.starts_with("m=") {
                sections.push(Vec::new());
            }
            let norm = normalize_line(&line.split_whitespace().collect::<Vec<_>>().join(" "));
            if let Some(last) = sections.last_mut() {
                last.push(norm);
            }
        }
        for s in &mut sections {
            s.sort();
        }
        sections
    };
    let expected = golden(expected_path);
    let (ours, theirs) = (split(ours), split(&expected));
    assert_eq!(ours.len(), theirs.len(), "{expected_path}: sections");
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        // sdp-transform drops the session id's o= user ("-") differently: skip o=.
        let a: Vec<_> = a.iter().filter(|l| !l.starts_with("o=")).collect();
        let b: Vec<_> = b.iter().filter(|l| !l.starts_with("o=")).collect();
        assert_eq!(a, b, "{expected_path}: section {i}");
    }
}

fn mic_options() -> CodecOptions {
    CodecOptions::mic()
}

fn webcam_options() -> CodecOptions {
    CodecOptions::webcam()
}

#[test]
fn golden_1_device_capabilities() {
    let device = device();
    let expected = json("expected/device.json");
    assert_eq!(
        serde_json::to_value(device.recv_rtp_capabilities()).unwrap(),
        expected["recvRtpCapabilities"]
    );
    assert_eq!(
        serde_json::to_value(device.send_rtp_capabilities()).unwrap(),
        expected["sendRtpCapabilities"]
    );
    assert!(device.can_produce(MediaKind::Audio) && device.can_produce(MediaKind::Video));
    // mediasoup-client 3.24 no longer reports SCTP capabilities; 3.7's value for Chrome.
    assert_eq!(
        serde_json::to_value(device.sctp_capabilities()).unwrap(),
        serde_json::json!({"numStreams": {"OS": 1024, "MIS": 1024}})
    );
}

#[test]
fn golden_1_device_from_plain_probe() {
    let device = Device::load(router_caps(), &golden("inputs/chrome_probe_offer.sdp")).unwrap();
    let expected = json("expected/device_plain_probe.json");
    assert_eq!(
        serde_json::to_value(device.recv_rtp_capabilities()).unwrap(),
        expected["recvRtpCapabilities"]
    );
}

#[test]
fn golden_2_3_send_mic_then_webcam() {
    let mut core = SendCore::new(&device(), &transport("send"));
    let audio_offer = golden("inputs/chrome_send_offer_audio.sdp");
    let dtls = core.local_dtls_parameters(&audio_offer).unwrap();
    assert_eq!(
        serde_json::to_value(&dtls).unwrap(),
        json("expected/send_connect.json")
    );
    assert_eq!(local_dtls_parameters(&audio_offer).unwrap(), dtls);

    let (params, answer) = core
        .produce(&audio_offer, "0", MediaKind::Audio, None, mic_options())
        .unwrap();
    assert_params(&params, "expected/send_audio_rtp_parameters.json");
    assert_sdp(&answer, "expected/send_answer_1.sdp");

    let offer = golden("inputs/chrome_send_offer.sdp");
    let (params, answer) = core
        .produce(&offer, "1", MediaKind::Video, None, webcam_options())
        .unwrap();
    assert_params(&params, "expected/send_video_rtp_parameters.json");
    assert_sdp(&answer, "expected/send_answer_2.sdp");

    // The first section is only disabled.
    assert!(!core.stop_closes_section("0"));
    let answer = core.stop_sending("0", &offer).unwrap();
    assert_sdp(&answer, "expected/send_answer_3_mic_closed.sdp");

    // Other sections are closed, and Chrome reuses the m-line with a new mid.
    assert!(core.stop_closes_section("1"));
    let answer = core.stop_sending("1", &offer).unwrap();
    assert_sdp(&answer, "expected/send_answer_4_webcam_closed.sdp");
    let reuse_offer = golden("inputs/chrome_send_offer_reuse.sdp");
    let (params, answer) = core
        .produce(&reuse_offer, "3", MediaKind::Video, None, webcam_options())
        .unwrap();
    assert_params(&params, "expected/send_reuse_rtp_parameters.json");
    assert_sdp(&answer, "expected/send_answer_5_reuse.sdp");
}

#[test]
fn golden_send_data_channel() {
    let mut core = SendCore::new(&device(), &transport("send"));
    let stream = core.next_sctp_stream_parameters(false, None, Some(1));
    assert_eq!(
        serde_json::to_value(stream).unwrap(),
        json("expected/send_datachannel.json")["sctpStreamParameters"]
    );
    let offer = golden("inputs/chrome_datachannel_offer.sdp");
    let answer = core.data_channel_answer(&offer).unwrap().unwrap();
    assert_sdp(&answer, "expected/send_datachannel_answer.sdp");
    assert_eq!(core.data_channel_answer(&offer).unwrap(), None);
    assert_eq!(
        core.next_sctp_stream_parameters(true, None, None).stream_id,
        1
    );
}

#[test]
fn golden_2_3_send_simulcast() {
    let mut core = SendCore::new(&device(), &transport("send"));
    let enc = |scale: f64, max_bitrate: u32| RtpEncodingParameters {
        scale_resolution_down_by: Some(scale),
        max_bitrate: Some(max_bitrate),
        ..Default::default()
    };
    let encodings = vec![enc(4.0, 500_000), enc(2.0, 1_000_000), enc(1.0, 5_000_000)];
    let (params, answer) = core
        .produce(
            &golden("inputs/chrome_simulcast_offer.sdp"),
            "0",
            MediaKind::Video,
            Some(encodings),
            webcam_options(),
        )
        .unwrap();
    assert_params(&params, "expected/send_simulcast_rtp_parameters.json");
    assert_sdp(&answer, "expected/send_simulcast_answer.sdp");
}

fn consumers() -> Vec<ConsumeRequest> {
    json("inputs/consumers.json")
        .as_array()
        .unwrap()
        .iter()
        .map(consumer)
        .collect()
}

/// A `consume` input as mediasoup-client's `Transport.consume` takes it.
fn consumer(c: &Value) -> ConsumeRequest {
    ConsumeRequest {
        id: c["id"].as_str().unwrap().to_owned(),
        kind: serde_json::from_value(c["kind"].clone()).unwrap(),
        rtp_parameters: serde_json::from_value(c["rtpParameters"].clone()).unwrap(),
        stream_id: c["streamId"].as_str().unwrap().to_owned(),
        track_id: c["id"].as_str().unwrap().to_owned(),
    }
}

#[test]
fn golden_4_receive_audio_video_and_probator() {
    let mut core = RecvCore::new(&device(), &transport("recv"));
    let (offer, mids) = core.receive(&consumers()).unwrap();
    let expected_mids: Vec<String> =
        serde_json::from_value(json("expected/recv_mids.json")).unwrap();
    assert_eq!(mids, expected_mids);
    assert_sdp(&offer, "expected/recv_offer_2_probator.sdp");

    let answer = core
        .local_answer(&golden("inputs/chrome_recv_answer.sdp"))
        .unwrap();
    assert_sdp_sections(&answer, "expected/recv_local_answer_1.sdp");
    keep("recv_local_answer_1.sdp", &answer);
    let dtls = core.local_dtls_parameters(&answer).unwrap();
    assert_eq!(
        serde_json::to_value(&dtls).unwrap(),
        json("expected/recv_connect.json")
    );

    let offer = core.stop_receiving(&["1".to_owned()]).unwrap();
    assert_sdp(&offer, "expected/recv_offer_3_video_closed.sdp");

    // A new video consumer recycles the closed section; no second probator.
    let again = consumer(&json("inputs/consumer_again.json"));
    let (offer, mids) = core.receive(&[again]).unwrap();
    let expected_mids: Vec<String> =
        serde_json::from_value(json("expected/recv_mids_again.json")).unwrap();
    assert_eq!(mids, expected_mids);
    assert_sdp(&offer, "expected/recv_offer_4_reuse.sdp");

    let offer = core.data_channel_offer().unwrap().unwrap();
    assert_sdp(&offer, "expected/recv_offer_5_datachannel.sdp");
    assert_eq!(core.data_channel_offer().unwrap(), None);
}
