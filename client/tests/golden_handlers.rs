//! Golden tests of the Firefox120 and Safari12 handlers: the core against
//! the npm mediasoup-client 3.24.1's own handlers (client/golden/README.md,
//! `gen/generate_handlers.js`). Firefox inputs are real Firefox ESR SDP
//! (client/tests/fixtures/firefox); Safari inputs are libwebrtc SDP made in
//! Safari12's call pattern (client/golden/inputs/safari). Nothing here
//! needs npm or a browser.

use std::path::PathBuf;

use serde_json::Value;
use stunroom_client::core::{
    CodecOptions, ConsumeRequest, Device, Handler, RecvCore, SendCore, ORIGIN_USERNAME,
};
use stunroom_shared::media::{MediaKind, RtpCapabilities, RtpEncodingParameters, RtpParameters};
use stunroom_shared::messages::TransportInfo;

/// A file under client/.
fn read(path: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn json(path: &str) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn router_caps() -> RtpCapabilities {
    serde_json::from_value(json("golden/inputs/router_caps.json")).unwrap()
}

fn send_transport() -> TransportInfo {
    serde_json::from_value(json("golden/inputs/transport.json")["send"].clone()).unwrap()
}

const FIREFOX: &str = "tests/fixtures/firefox";

fn firefox_device() -> Device {
    Device::load_with_probes_for(
        Handler::Firefox120,
        router_caps(),
        &read(&format!("{FIREFOX}/mediasoup_probe_recvonly.sdp")),
        &read(&format!("{FIREFOX}/mediasoup_probe_sendonly.sdp")),
    )
    .unwrap()
}

fn safari_device() -> Device {
    Device::load_with_probes_for(
        Handler::Safari12,
        router_caps(),
        &read("golden/inputs/safari/probe_recvonly.sdp"),
        &read("golden/inputs/safari/probe_sendonly.sdp"),
    )
    .unwrap()
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

/// Our RtpParameters vs mediasoup-client's, less its `msid` and the empty
/// header-extension `parameters` (see golden.rs).
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

/// Our `o=` user name for theirs; fmtp parameters as a set.
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

/// Line by line, in order.
fn assert_sdp(ours: &str, expected_path: &str) {
    let expected = read(expected_path);
    assert!(ours.ends_with("\r\n"), "{expected_path}: CRLF line ends");
    let ours: Vec<String> = ours.lines().map(normalize_line).collect();
    let theirs: Vec<String> = expected.lines().map(normalize_line).collect();
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "{expected_path}: line {}", i + 1);
    }
    assert_eq!(ours.len(), theirs.len(), "{expected_path}: number of lines");
}

/// Per section, the same lines in any order: mediasoup-client rewrites a
/// browser's SDP in sdp-transform's order, we keep the browser's lines.
fn assert_sdp_sections(ours: &str, expected_path: &str) {
    let split = |sdp: &str| -> Vec<Vec<String>> {
        let mut sections: Vec<Vec<String>> = vec![Vec::new()];
        for line in sdp.lines() {
            if line.starts_with("m=") {
                sections.push(Vec::new());
            }
            // sdp-transform writes the o= user "-" differently: skip o=.
            if line.starts_with("o=") {
                continue;
            }
            // sdp-transform writes `a=msid-semantic: WMS`, Firefox `a=msid-semantic:WMS`.
            let line = line.replace("a=msid-semantic: ", "a=msid-semantic:");
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
    let (ours, theirs) = (split(ours), split(&read(expected_path)));
    assert_eq!(ours.len(), theirs.len(), "{expected_path}: sections");
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "{expected_path}: section {i}");
    }
}

fn codec_options(name: &str) -> CodecOptions {
    match name {
        "mic" => CodecOptions::mic(),
        "webcam" => CodecOptions::webcam(),
        other => panic!("unknown codec options {other}"),
    }
}

fn kind(step: &Value) -> MediaKind {
    serde_json::from_value(step["kind"].clone()).unwrap()
}

/// Replays the send steps that mediasoup-client's handler went through
/// (produce, stop, data channel) on one SendCore, comparing every output.
fn replay_send(device: &Device, dir: &str) -> usize {
    let steps = json(&format!("{dir}/steps.json"))["send"].clone();
    let steps = steps.as_array().unwrap();
    let mut core = SendCore::new(device, &send_transport());
    assert_eq!(core.handler(), device.handler());
    let first_offer = read(steps[0]["offer"].as_str().unwrap());
    assert_eq!(
        serde_json::to_value(core.local_dtls_parameters(&first_offer).unwrap()).unwrap(),
        json(&format!("{dir}/send_connect.json")),
        "{dir}: DTLS parameters for connect"
    );
    for (i, step) in steps.iter().enumerate() {
        let n = i + 1;
        let offer = read(step["offer"].as_str().unwrap());
        let mid = step["mid"].as_str().unwrap_or_default();
        let expected = |key: &str| format!("{dir}/{}", step[key].as_str().unwrap());
        match step["op"].as_str().unwrap() {
            "produce" => {
                let encodings: Option<Vec<RtpEncodingParameters>> =
                    serde_json::from_value(step["encodings"].clone()).unwrap();
                let encodings = encodings.map(|e| device.handler().prepare_send_encodings(e));
                // What goes to addTransceiver, as the handler passes it.
                assert_eq!(
                    integral_numbers(serde_json::to_value(&encodings).unwrap()),
                    integral_numbers(step["sendEncodings"].clone()),
                    "{dir} step {n}: sendEncodings"
                );
                let local = core.local_offer(&offer, encodings.as_deref()).unwrap();
                if step["localOffer"].is_string() {
                    assert_sdp_sections(&local, &expected("localOffer"));
                } else {
                    assert_eq!(local, offer, "{dir} step {n}: offer applied unchanged");
                }
                let (params, answer) = core
                    .produce(
                        &local,
                        mid,
                        kind(step),
                        encodings,
                        codec_options(step["codecOptions"].as_str().unwrap()),
                    )
                    .unwrap_or_else(|e| panic!("{dir} step {n}: {e}"));
                assert_params(&params, &expected("rtpParameters"));
                assert_sdp(&answer, &expected("answer"));
            }
            "stop" => {
                assert_eq!(
                    core.stop_closes_section(mid),
                    step["closesSection"].as_bool().unwrap(),
                    "{dir} step {n}: closes the section"
                );
                let answer = core.stop_sending(mid, &offer).unwrap();
                assert_sdp(&answer, &expected("answer"));
            }
            "data" => {
                let stream = core.next_sctp_stream_parameters(false, None, Some(1));
                assert_eq!(
                    serde_json::to_value(stream).unwrap(),
                    step["sctpStreamParameters"]
                );
                let answer = core.data_channel_answer(&offer).unwrap().unwrap();
                assert_sdp(&answer, &expected("answer"));
            }
            other => panic!("unknown step {other}"),
        }
    }
    steps.len()
}

#[test]
fn detect_device_like_mediasoup_client() {
    let cases = json("golden/expected/detect_device.json");
    for case in cases.as_array().unwrap() {
        let ua = case["userAgent"].as_str().unwrap();
        // Chrome74 (Chromium 74..110) is not ported: Chrome111 stands in.
        let theirs = case["handler"].as_str().map(|h| match h {
            "Chrome74" => "Chrome111",
            other => other,
        });
        assert_eq!(Handler::detect(ua).map(Handler::name), theirs, "{ua}");
    }
    let firefox_ua = read(&format!("{FIREFOX}/user_agent.txt"));
    assert_eq!(Handler::detect(&firefox_ua), Some(Handler::Firefox120));
}

#[test]
fn golden_firefox_device_capabilities() {
    let device = firefox_device();
    assert_eq!(device.handler(), Handler::Firefox120);
    let expected = json("golden/expected/firefox/device.json");
    assert_eq!(
        serde_json::to_value(device.recv_rtp_capabilities()).unwrap(),
        expected["recvRtpCapabilities"]
    );
    assert_eq!(
        serde_json::to_value(device.send_rtp_capabilities()).unwrap(),
        expected["sendRtpCapabilities"]
    );
    assert!(device.can_produce(MediaKind::Audio) && device.can_produce(MediaKind::Video));
    // No NACK for Opus with Firefox (Chrome111 adds it).
    let opus = device
        .send_rtp_capabilities()
        .codecs
        .iter()
        .find(|c| c.mime_type == "audio/opus")
        .unwrap();
    assert!(!opus.rtcp_feedback.iter().any(|f| f.kind == "nack"));
}

/// The client probes with one plain offer (audio + video transceivers, no
/// canvas track): for what is sent in `join` it is as good as Firefox120's
/// own probes, and the same as mediasoup-client makes of it.
#[test]
fn golden_firefox_device_from_the_clients_probe() {
    let probe = read(&format!("{FIREFOX}/client_probe_offer.sdp"));
    let device = Device::load_for(Handler::Firefox120, router_caps(), &probe).unwrap();
    let expected = json("golden/expected/firefox/device_plain_probe.json");
    assert_eq!(
        serde_json::to_value(device.recv_rtp_capabilities()).unwrap(),
        expected["recvRtpCapabilities"]
    );
    assert_eq!(
        serde_json::to_value(device.send_rtp_capabilities()).unwrap(),
        expected["sendRtpCapabilities"]
    );
    assert_eq!(
        device.recv_rtp_capabilities(),
        firefox_device().recv_rtp_capabilities()
    );
}

#[test]
fn golden_firefox_send_steps() {
    // Camera (simulcast), microphone, data channel, screen share, its stop
    // (disabled, not closed), a second share (a new m-line), its stop.
    let n = replay_send(&firefox_device(), "golden/expected/firefox");
    assert!(n >= 5, "only {n} send steps captured");
}

#[test]
fn golden_firefox_receive_rounds() {
    let dir = "golden/expected/firefox";
    let transport: TransportInfo =
        serde_json::from_value(json(&format!("{dir}/recv_transport.json"))).unwrap();
    let mut core = RecvCore::new(&firefox_device(), &transport);
    let rounds = json(&format!("{dir}/steps.json"))["recv"].clone();
    let mut connected = false;
    for (i, round) in rounds.as_array().unwrap().iter().enumerate() {
        let n = i + 1;
        let consumers: Vec<ConsumeRequest> =
            json(&format!("{dir}/{}", round["consumers"].as_str().unwrap()))
                .as_array()
                .unwrap()
                .iter()
                .map(|c| ConsumeRequest {
                    id: c["id"].as_str().unwrap().to_owned(),
                    kind: kind(c),
                    rtp_parameters: serde_json::from_value(c["rtpParameters"].clone()).unwrap(),
                    stream_id: c["streamId"].as_str().unwrap().to_owned(),
                    track_id: c["id"].as_str().unwrap().to_owned(),
                })
                .collect();
        let mut offer = None;
        let mut mids = Vec::new();
        for c in consumers {
            let (o, m) = core.receive(&[c]).unwrap();
            offer = Some(o);
            mids.extend(m);
        }
        if round["data"].as_bool().unwrap() {
            offer = core.data_channel_offer().unwrap();
        }
        let offer = offer.unwrap_or_else(|| panic!("round {n}: no offer"));
        assert_eq!(
            serde_json::to_value(&mids).unwrap(),
            round["mids"],
            "round {n}: mids"
        );
        assert_sdp(
            &offer,
            &format!("{dir}/{}", round["expectedOffer"].as_str().unwrap()),
        );
        // What the core offered in the real Firefox session, too.
        assert_sdp(&offer, round["offer"].as_str().unwrap());
        let Some(answer) = round["browserAnswer"].as_str() else {
            continue;
        };
        let local = core.local_answer(&read(answer)).unwrap();
        assert_sdp_sections(
            &local,
            &format!("{dir}/{}", round["localAnswer"].as_str().unwrap()),
        );
        if !connected {
            assert_eq!(
                serde_json::to_value(core.local_dtls_parameters(&local).unwrap()).unwrap(),
                json(&format!("{dir}/recv_connect.json"))
            );
            connected = true;
        }
    }
    assert!(connected, "no receive round with Firefox's answer");
}

#[test]
fn golden_safari_device_capabilities() {
    let device = safari_device();
    let expected = json("golden/expected/safari/device.json");
    assert_eq!(
        serde_json::to_value(device.recv_rtp_capabilities()).unwrap(),
        expected["recvRtpCapabilities"]
    );
    assert_eq!(
        serde_json::to_value(device.send_rtp_capabilities()).unwrap(),
        expected["sendRtpCapabilities"]
    );
}

#[test]
fn golden_safari_send_steps() {
    // Camera (legacy simulcast munged into the offer), microphone, data
    // channel, screen share, its stop (closed), the camera's stop (first
    // m-line: disabled), the camera again in the screen's closed m-line.
    let n = replay_send(&safari_device(), "golden/expected/safari");
    assert_eq!(n, 7);
}
