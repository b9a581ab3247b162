//! The Broadcaster REST API against the real server binary: the whole flow
//! (room capabilities, broadcaster, plain and WebRTC transports, producers,
//! consumers, deletion) as WebSocket peers of the same room see it, and the
//! 400/404/409 answers to bad input.

mod rest;
mod support;

use std::time::Duration;

use rest::Answer;
use serde_json::{json, Value};
use support::{
    chrome_audio_rtp_parameters, chrome_rtp_capabilities, chrome_video_rtp_parameters, Client,
    Incoming, Peer, Server,
};

async fn http_raw(server: &Server, method: &str, path: &str, body: Option<&str>) -> Answer {
    rest::http_raw(&server.addr.to_string(), method, path, body).await
}

async fn http(server: &Server, method: &str, path: &str, body: Option<Value>) -> Answer {
    rest::http(&server.addr.to_string(), method, path, body).await
}

async fn post(server: &Server, path: &str, body: Value) -> Answer {
    http(server, "POST", path, Some(body)).await
}

/// What ffmpeg sends (mediasoup-demo's broadcasters/ffmpeg.sh).
fn opus_parameters(ssrc: u32) -> Value {
    rest::opus_parameters(100, ssrc)
}

fn vp8_parameters(ssrc: u32) -> Value {
    rest::vp8_parameters(101, ssrc)
}

async fn plain_transport(server: &Server, base: &str) -> Value {
    let t = post(
        server,
        &format!("{base}/transports"),
        json!({"type": "plain", "comedia": true, "rtcpMux": false}),
    )
    .await;
    assert_eq!(t.status, 200, "{}", t.body);
    t.json()
}

/// Answers `newConsumer` requests (accepting them) until `n` arrived; returns their data.
async fn accept_consumers(peer: &mut Peer, n: usize) -> Vec<Value> {
    let mut out = Vec::new();
    for _ in 0..n {
        let r = peer.client.server_request("newConsumer").await;
        peer.client.respond(r.id, Ok(json!({})));
        out.push(r.data);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_flow_with_websocket_peers() {
    let server = Server::start();
    let room = "bcast";
    // No such room yet.
    http(&server, "GET", "/rooms/bcast", None)
        .await
        .fails(404, &["room", "bcast"]);

    // A WebSocket peer is in the room, producing.
    let mut alice = Peer::join(&server, room, "alice").await;
    let alice_audio = alice
        .produce("audio", chrome_audio_rtp_parameters(), json!({}))
        .await;
    let alice_video = alice
        .produce("video", chrome_video_rtp_parameters(), json!({}))
        .await;

    let caps = http(&server, "GET", "/rooms/bcast", None).await;
    assert_eq!(caps.status, 200, "{}", caps.body);
    let caps = caps.json();
    let mimes: Vec<&str> = caps["codecs"]
        .as_array()
        .expect("codecs")
        .iter()
        .filter_map(|c| c["mimeType"].as_str())
        .collect();
    assert!(
        mimes.contains(&"audio/opus") && mimes.contains(&"video/VP8"),
        "{mimes:?}"
    );

    // The broadcaster joins, with capabilities: it is told about alice's producers.
    let created = post(
        &server,
        "/rooms/bcast/broadcasters",
        json!({"id": "enc", "displayName": "Encoder", "device": {"name": "FFmpeg", "version": "5.1"},
               "rtpCapabilities": chrome_rtp_capabilities()}),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let created = created.json();
    let peers = created["peers"].as_array().expect("peers");
    assert_eq!(peers.len(), 1, "{created}");
    assert_eq!(peers[0]["id"], "alice");
    assert_eq!(peers[0]["displayName"], "alice name");
    assert_eq!(peers[0]["device"]["name"], "Chrome");
    let mut listed: Vec<(String, String)> = peers[0]["producers"]
        .as_array()
        .expect("producers")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or_default().to_owned(),
                p["kind"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    listed.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        listed,
        vec![
            (alice_audio.clone(), "audio".to_owned()),
            (alice_video.clone(), "video".to_owned())
        ]
    );

    // alice hears of it as a peer.
    let new_peer = alice.client.notification("newPeer").await;
    assert_eq!(
        new_peer,
        json!({"id": "enc", "displayName": "Encoder",
               "device": {"flag": "broadcaster", "name": "FFmpeg", "version": "5.1"}})
    );

    // Plain transports, as ffmpeg.sh creates them.
    let base = "/rooms/bcast/broadcasters/enc";
    let audio_t = plain_transport(&server, base).await;
    assert_eq!(audio_t["ip"], "127.0.0.1", "{audio_t}");
    let port = audio_t["port"].as_u64().expect("port");
    let rtcp_port = audio_t["rtcpPort"]
        .as_u64()
        .expect("rtcpPort (rtcpMux false)");
    assert!(port > 0 && rtcp_port > 0 && port != rtcp_port, "{audio_t}");
    let video_t = plain_transport(&server, base).await;
    let muxed = post(
        &server,
        &format!("{base}/transports"),
        json!({"type": "plain", "rtcpMux": true}),
    )
    .await;
    assert_eq!(muxed.status, 200, "{}", muxed.body);
    assert!(muxed.json().get("rtcpPort").is_none(), "{}", muxed.body);

    // Producers: alice is offered a consumer of each, from peer "enc".
    let audio_p = post(
        &server,
        &format!(
            "{base}/transports/{}/producers",
            audio_t["id"].as_str().unwrap()
        ),
        json!({"kind": "audio", "rtpParameters": opus_parameters(1111)}),
    )
    .await;
    assert_eq!(audio_p.status, 200, "{}", audio_p.body);
    let audio_p = audio_p.json()["id"].as_str().expect("id").to_owned();
    let video_p = post(
        &server,
        &format!(
            "{base}/transports/{}/producers",
            video_t["id"].as_str().unwrap()
        ),
        json!({"kind": "video", "rtpParameters": vp8_parameters(2222)}),
    )
    .await;
    assert_eq!(video_p.status, 200, "{}", video_p.body);
    let video_p = video_p.json()["id"].as_str().expect("id").to_owned();
    let offered = accept_consumers(&mut alice, 2).await;
    for c in &offered {
        assert_eq!(c["peerId"], "enc", "{c}");
        assert_eq!(c["appData"]["peerId"], "enc", "{c}");
    }
    let mut kinds: Vec<(&str, &str)> = offered
        .iter()
        .map(|c| {
            (
                c["producerId"].as_str().unwrap_or_default(),
                c["kind"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    kinds.sort_by(|a, b| a.1.cmp(b.1));
    assert_eq!(
        kinds,
        vec![(audio_p.as_str(), "audio"), (video_p.as_str(), "video")]
    );
    let video_offer = offered
        .iter()
        .find(|c| c["kind"] == "video")
        .expect("video offer");
    assert_eq!(
        video_offer["rtpParameters"]["codecs"][0]["mimeType"],
        "video/VP8"
    );

    // The broadcaster consumes alice's video on another plain transport.
    let recv_t = plain_transport(&server, base).await;
    let recv_id = recv_t["id"].as_str().unwrap();
    let consumer = post(
        &server,
        &format!("{base}/transports/{recv_id}/consume?producerId={alice_video}"),
        json!({}),
    )
    .await;
    assert_eq!(consumer.status, 200, "{}", consumer.body);
    let consumer = consumer.json();
    assert_eq!(consumer["producerId"], alice_video.as_str());
    assert_eq!(consumer["kind"], "video");
    assert_eq!(consumer["type"], "simple");
    assert!(consumer["id"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(
        consumer["rtpParameters"]["codecs"][0]["mimeType"],
        "video/VP8"
    );

    // A WebRTC transport for a broadcaster: candidates carry `ip` and `address`; connect works.
    let webrtc = post(
        &server,
        &format!("{base}/transports"),
        json!({"type": "webrtc"}),
    )
    .await;
    assert_eq!(webrtc.status, 200, "{}", webrtc.body);
    let webrtc = webrtc.json();
    let candidates = webrtc["iceCandidates"].as_array().expect("iceCandidates");
    assert!(!candidates.is_empty());
    for c in candidates {
        assert_eq!(c["ip"], c["address"], "{c}");
        assert!(c["ip"].is_string(), "{c}");
    }
    assert!(webrtc["dtlsParameters"]["fingerprints"].is_array());
    let connected = post(
        &server,
        &format!("{base}/transports/{}/connect", webrtc["id"].as_str().unwrap()),
        json!({"dtlsParameters": {"role": "client",
               "fingerprints": [{"algorithm": "sha-256", "value":
               "82:5A:68:3D:36:C3:0A:DE:AF:E7:32:43:D2:88:83:57:C2:2F:A7:C4:C6:E5:9B:4A:61:AC:7F:3B:E7:AF:24:0F"}]}}),
    )
    .await;
    assert_eq!(connected.status, 200, "{}", connected.body);

    // A peer joining later sees the broadcaster and is offered its producers.
    let mut carol = Peer::join(&server, room, "carol").await;
    let joined_ids: Vec<&str> = carol.join["peers"]
        .as_array()
        .expect("peers")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert!(joined_ids.contains(&"enc"), "{}", carol.join);
    let offered = accept_consumers(&mut carol, 4).await;
    let from_enc = offered.iter().filter(|c| c["peerId"] == "enc").count();
    assert_eq!(from_enc, 2, "{offered:?}");

    // Deleting it: peerClosed and consumerClosed for the others; then it is gone.
    let deleted = http(&server, "DELETE", "/rooms/bcast/broadcasters/enc", None).await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    let closed = alice.client.notification("peerClosed").await;
    assert_eq!(closed, json!({"peerId": "enc"}));
    let closed = carol.client.notification("peerClosed").await;
    assert_eq!(closed, json!({"peerId": "enc"}));
    for _ in 0..2 {
        alice.client.notification("consumerClosed").await;
    }
    http(&server, "DELETE", "/rooms/bcast/broadcasters/enc", None)
        .await
        .fails(404, &["broadcaster", "enc"]);
    post(
        &server,
        &format!("{base}/transports"),
        json!({"type": "plain"}),
    )
    .await
    .fails(404, &["broadcaster", "enc"]);

    // alice's own session is unaffected.
    let caps = alice
        .client
        .request("getRouterRtpCapabilities", json!({}))
        .await
        .expect("alice still served");
    assert!(caps["codecs"].is_array());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broadcaster_keeps_its_room_and_closes_it_last() {
    let server = Server::start();
    // A broadcaster may open a room by itself (the reference creates rooms on demand).
    let created = post(
        &server,
        "/rooms/solo/broadcasters",
        json!({"id": "b1", "displayName": "Solo", "device": {"name": "GStreamer"}}),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(created.json(), json!({"peers": []}));
    assert_eq!(http(&server, "GET", "/rooms/solo", None).await.status, 200);

    // A WebSocket peer joins and leaves; the broadcaster keeps the room open.
    let mut dave = Peer::join(&server, "solo", "dave").await;
    let peers = dave.join["peers"].as_array().expect("peers");
    assert_eq!(peers.len(), 1);
    assert_eq!(peers[0]["id"], "b1");
    assert_eq!(peers[0]["device"]["flag"], "broadcaster");
    dave.client.close();
    dave.client.closed().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(http(&server, "GET", "/rooms/solo", None).await.status, 200);

    // Deleting the last peer closes the room.
    let deleted = http(&server, "DELETE", "/rooms/solo/broadcasters/b1", None).await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    http(&server, "GET", "/rooms/solo", None)
        .await
        .fails(404, &["room", "solo"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_with_reasons() {
    let server = Server::start();
    let mut alice = Peer::join(&server, "bad", "alice").await;
    let alice_video = alice
        .produce("video", chrome_video_rtp_parameters(), json!({}))
        .await;
    let create = "/rooms/bad/broadcasters";

    // Creating a broadcaster.
    let cases: Vec<(Option<&str>, &[&str])> = vec![
        (None, &["body"]),
        (Some("not json"), &["body"]),
        (Some("[]"), &["body"]),
        (
            Some(r#"{"displayName":"x","device":{"name":"n"}}"#),
            &["id"],
        ),
        (
            Some(r#"{"id":"x","device":{"name":"n"}}"#),
            &["displayName"],
        ),
        (Some(r#"{"id":"x","displayName":"x"}"#), &["device"]),
        (
            Some(r#"{"id":"x","displayName":"x","device":{}}"#),
            &["device", "name"],
        ),
        (
            Some(r#"{"id":7,"displayName":"x","device":{"name":"n"}}"#),
            &["body.id"],
        ),
        (
            Some(r#"{"id":"","displayName":"x","device":{"name":"n"}}"#),
            &["body.id"],
        ),
        (
            Some(r#"{"id":"x","displayName":" ","device":{"name":"n"}}"#),
            &["body.displayName"],
        ),
        (
            Some(r#"{"id":"x","displayName":"x","device":{"name":""}}"#),
            &["body.device.name"],
        ),
        (
            Some(r#"{"id":"x","displayName":"x","device":{"name":"n"},"rtpCapabilities":5}"#),
            &["body.rtpCapabilities"],
        ),
    ];
    for (body, words) in cases {
        http_raw(&server, "POST", create, body)
            .await
            .fails(400, words);
    }
    // alice's id is taken; so is a broadcaster's, once created.
    post(
        &server,
        create,
        json!({"id": "alice", "displayName": "x", "device": {"name": "n"}}),
    )
    .await
    .fails(409, &["alice"]);
    let ok = post(
        &server,
        create,
        json!({"id": "b", "displayName": "B", "device": {"name": "n"}}),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    post(
        &server,
        create,
        json!({"id": "b", "displayName": "B", "device": {"name": "n"}}),
    )
    .await
    .fails(409, &["\"b\""]);
    alice.client.notification("newPeer").await;

    // Transports.
    let base = "/rooms/bad/broadcasters/b";
    post(&server, &format!("{base}/transports"), json!({}))
        .await
        .fails(400, &["type"]);
    post(
        &server,
        &format!("{base}/transports"),
        json!({"type": "srt"}),
    )
    .await
    .fails(400, &["body.type", "srt"]);
    post(
        &server,
        &format!("{base}/transports"),
        json!({"type": "plain", "rtcpMux": "no"}),
    )
    .await
    .fails(400, &["body.rtcpMux"]);
    post(
        &server,
        "/rooms/nope/broadcasters/b/transports",
        json!({"type": "plain"}),
    )
    .await
    .fails(404, &["room", "nope"]);
    post(
        &server,
        "/rooms/bad/broadcasters/who/transports",
        json!({"type": "plain"}),
    )
    .await
    .fails(404, &["broadcaster", "who"]);
    // A WebSocket peer is not a broadcaster.
    post(
        &server,
        "/rooms/bad/broadcasters/alice/transports",
        json!({"type": "plain"}),
    )
    .await
    .fails(404, &["broadcaster", "alice"]);
    let t = plain_transport(&server, base).await;
    let tid = t["id"].as_str().expect("id");

    // Producers.
    let producers = format!("{base}/transports/{tid}/producers");
    post(
        &server,
        &format!("{base}/transports/nope/producers"),
        json!({"kind": "audio", "rtpParameters": opus_parameters(1)}),
    )
    .await
    .fails(404, &["transport", "nope"]);
    // alice's transport is not the broadcaster's.
    post(
        &server,
        &format!("{base}/transports/{}/producers", alice.send_transport),
        json!({"kind": "audio", "rtpParameters": opus_parameters(1)}),
    )
    .await
    .fails(404, &["transport"]);
    post(
        &server,
        &producers,
        json!({"kind": "sound", "rtpParameters": opus_parameters(1)}),
    )
    .await
    .fails(400, &["body.kind"]);
    post(&server, &producers, json!({"kind": "audio"}))
        .await
        .fails(400, &["rtpParameters"]);
    post(
        &server,
        &producers,
        json!({"kind": "audio", "rtpParameters": {"codecs": [{"mimeType": "audio/nope",
               "payloadType": 100, "clockRate": 48000}], "encodings": [{"ssrc": 1}]}}),
    )
    .await
    .fails(400, &["rtpParameters.codecs"]);
    post(
        &server,
        &producers,
        json!({"kind": "audio", "rtpParameters": {"codecs": [{"mimeType": "audio/opus",
               "payloadType": "x", "clockRate": 48000}], "encodings": []}}),
    )
    .await
    .fails(400, &["body.rtpParameters.codecs[0].payloadType"]);

    // Connect: only WebRTC transports; dtlsParameters required.
    let connect = format!("{base}/transports/{tid}/connect");
    post(&server, &connect, json!({}))
        .await
        .fails(400, &["dtlsParameters"]);
    post(
        &server,
        &connect,
        json!({"dtlsParameters": {"role": "client", "fingerprints": []}}),
    )
    .await
    .fails(400, &["plain transport"]);

    // Consume: producerId required, known; the broadcaster needs rtpCapabilities.
    let consume = format!("{base}/transports/{tid}/consume");
    post(&server, &consume, json!({}))
        .await
        .fails(400, &["producerId"]);
    post(
        &server,
        &format!("{consume}?producerId={alice_video}"),
        json!({}),
    )
    .await
    .fails(400, &["rtpCapabilities"]);
    let with_caps = post(
        &server,
        create,
        json!({"id": "c", "displayName": "C", "device": {"name": "n"},
               "rtpCapabilities": chrome_rtp_capabilities()}),
    )
    .await;
    assert_eq!(with_caps.status, 200, "{}", with_caps.body);
    let t2 = plain_transport(&server, "/rooms/bad/broadcasters/c").await;
    post(
        &server,
        &format!(
            "/rooms/bad/broadcasters/c/transports/{}/consume?producerId=nope",
            t2["id"].as_str().expect("id")
        ),
        json!({}),
    )
    .await
    .fails(404, &["producer", "nope"]);

    // Deleting unknown things.
    http(&server, "DELETE", "/rooms/bad/broadcasters/who", None)
        .await
        .fails(404, &["broadcaster", "who"]);
    http(&server, "DELETE", "/rooms/nope/broadcasters/b", None)
        .await
        .fails(404, &["room", "nope"]);
    http(&server, "DELETE", "/rooms/bad/broadcasters/alice", None)
        .await
        .fails(404, &["broadcaster", "alice"]);

    // Nothing else was affected: alice is served and got nothing but newPeer for "c".
    alice.client.notification("newPeer").await;
    alice
        .client
        .assert_none(
            "peerClosed or newConsumer",
            Duration::from_millis(300),
            |i| {
                matches!(i, Incoming::Notification { method, .. } if method == "peerClosed")
                    || matches!(i, Incoming::Request(r) if r.method == "newConsumer")
            },
        )
        .await;
    let caps = alice
        .client
        .request("getRouterRtpCapabilities", json!({}))
        .await
        .expect("alice still served");
    assert!(caps["codecs"].is_array());
    assert_eq!(http(&server, "GET", "/healthz", None).await.status, 200);
}

fn sctp_caps() -> Value {
    json!({"numStreams": {"OS": 1024, "MIS": 1024}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_channels_of_a_broadcaster() {
    let server = Server::start();
    // A WebSocket peer with SCTP on both transports, as the reference app joins.
    let mut erin = Client::join_url(&server, "data", "erin").await;
    erin.notification("mediasoup-version").await;
    erin.request("getRouterRtpCapabilities", json!({}))
        .await
        .expect("getRouterRtpCapabilities");
    for (producing, consuming) in [(true, false), (false, true)] {
        erin.request(
            "createWebRtcTransport",
            json!({"forceTcp": false, "producing": producing, "consuming": consuming,
                   "sctpCapabilities": sctp_caps()}),
        )
        .await
        .expect("createWebRtcTransport");
    }
    erin.request(
        "join",
        json!({"displayName": "Erin", "device": {"name": "Chrome"},
               "rtpCapabilities": chrome_rtp_capabilities(), "sctpCapabilities": sctp_caps()}),
    )
    .await
    .expect("join");
    // The room's bot is offered on join: the broadcaster may consume it too.
    let offer = erin.server_request("newDataConsumer").await;
    assert_eq!(offer.data["label"], "bot", "{}", offer.data);
    let bot = offer.data["dataProducerId"]
        .as_str()
        .expect("dataProducerId")
        .to_owned();
    erin.respond(offer.id, Ok(json!({})));

    let created = post(
        &server,
        "/rooms/data/broadcasters",
        json!({"id": "dc", "displayName": "Data", "device": {"name": "script"}}),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let base = "/rooms/data/broadcasters/dc";
    let t = post(
        &server,
        &format!("{base}/transports"),
        json!({"type": "webrtc", "sctpCapabilities": sctp_caps()}),
    )
    .await
    .ok_json("webrtc transport with SCTP");
    assert_eq!(t["sctpParameters"]["MIS"], 1024, "{t}");
    let tid = t["id"].as_str().expect("id");

    // A chat data producer reaches erin.
    let produced = post(
        &server,
        &format!("{base}/transports/{tid}/produce/data"),
        json!({"label": "chat", "protocol": "", "sctpStreamParameters": {"streamId": 3, "ordered": true},
               "appData": {"info": "my-chat"}}),
    )
    .await
    .ok_json("produce/data");
    let data_producer = produced["id"].as_str().expect("id").to_owned();
    let offer = erin.server_request("newDataConsumer").await;
    assert_eq!(offer.data["peerId"], "dc", "{}", offer.data);
    assert_eq!(offer.data["dataProducerId"], data_producer.as_str());
    assert_eq!(offer.data["label"], "chat");
    erin.respond(offer.id, Ok(json!({})));

    // It consumes the bot.
    let consumed = post(
        &server,
        &format!("{base}/transports/{tid}/consume/data"),
        json!({"dataProducerId": bot}),
    )
    .await
    .ok_json("consume/data");
    assert!(consumed["id"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(consumed["streamId"].is_u64(), "{consumed}");

    // Bad input.
    post(
        &server,
        &format!("{base}/transports/{tid}/produce/data"),
        json!({"label": "chat"}),
    )
    .await
    .fails(400, &["sctpStreamParameters"]);
    post(
        &server,
        &format!("{base}/transports/{tid}/consume/data"),
        json!({}),
    )
    .await
    .fails(400, &["dataProducerId"]);
    post(
        &server,
        &format!("{base}/transports/{tid}/consume/data"),
        json!({"dataProducerId": "nope"}),
    )
    .await
    .fails(404, &["dataProducer", "nope"]);
    let plain = plain_transport(&server, base).await;
    post(
        &server,
        &format!(
            "{base}/transports/{}/produce/data",
            plain["id"].as_str().expect("id")
        ),
        json!({"sctpStreamParameters": {"streamId": 1}}),
    )
    .await
    .fails(400, &["plain transport"]);

    // Deleting the broadcaster closes erin's consumer of its chat.
    let deleted = http(&server, "DELETE", base, None).await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(
        erin.notification("peerClosed").await,
        json!({"peerId": "dc"})
    );
    erin.notification("dataConsumerClosed").await;
}
