//! The rest of the mediasoup-demo v3 protocol against the real server binary
//! and real mediasoup objects: consumer controls, stats, display names, data
//! channels (chat and the bot's offer), simulcast consumers, throttling, and
//! errors that name unknown ids. What needs real media or SCTP traffic (the
//! bot's answers, activeSpeaker, producerScore, consumerLayersChanged,
//! downlinkBwe) is covered by the browser end-to-end tests.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use stunroom_shared::protoo::{ErrorResponse, Request};
use support::{
    chrome_audio_rtp_parameters, chrome_rtp_capabilities, chrome_video_rtp_parameters, Client,
    Incoming, Server,
};

const SCTP_CAPS: &str = r#"{"numStreams": {"OS": 1024, "MIS": 1024}}"#;

fn sctp_caps() -> Value {
    serde_json::from_str(SCTP_CAPS).expect("caps")
}

/// A joined peer whose both transports have SCTP (as the reference app with
/// data channels on).
struct Peer {
    client: Client,
    send_transport: String,
    recv_transport: String,
    join: Value,
}

async fn join(server: &Server, room: &str, id: &str) -> Peer {
    let mut client = Client::join_url(server, room, id).await;
    client.notification("mediasoup-version").await;
    client
        .request("getRouterRtpCapabilities", json!({}))
        .await
        .expect("getRouterRtpCapabilities");
    let mut transports = Vec::new();
    for (producing, consuming) in [(true, false), (false, true)] {
        let t = client
            .request(
                "createWebRtcTransport",
                json!({"forceTcp": false, "producing": producing, "consuming": consuming,
                       "sctpCapabilities": sctp_caps()}),
            )
            .await
            .expect("createWebRtcTransport");
        let sctp = &t["sctpParameters"];
        assert_eq!(sctp["OS"], 1024, "{t}");
        assert_eq!(sctp["MIS"], 1024, "{t}");
        assert!(
            sctp["port"].is_u64() && sctp["maxMessageSize"].is_u64(),
            "{t}"
        );
        transports.push(t["id"].as_str().expect("id").to_owned());
    }
    let join = client
        .request(
            "join",
            json!({"displayName": format!("{id} name"),
                   "device": {"flag": "chrome", "name": "Chrome", "version": "156.0"},
                   "rtpCapabilities": chrome_rtp_capabilities(),
                   "sctpCapabilities": sctp_caps()}),
        )
        .await
        .expect("join");
    Peer {
        client,
        send_transport: transports[0].clone(),
        recv_transport: transports[1].clone(),
        join,
    }
}

impl Peer {
    async fn produce(&self, kind: &str, rtp_parameters: Value) -> String {
        let r = self
            .client
            .request(
                "produce",
                json!({"transportId": self.send_transport, "kind": kind,
                       "rtpParameters": rtp_parameters, "appData": {"share": false}}),
            )
            .await
            .expect("produce");
        r["id"].as_str().expect("producer id").to_owned()
    }

    /// Accepts the next `newDataConsumer` and returns its data.
    async fn accept_data_consumer(&mut self) -> Value {
        let r = self.client.server_request("newDataConsumer").await;
        self.client.respond(r.id, Ok(json!({})));
        r.data
    }

    /// Accepts `n` `newConsumer` offers; returns their data.
    async fn accept_consumers(&mut self, n: usize) -> Vec<Value> {
        let mut out = Vec::new();
        for _ in 0..n {
            let r: Request = self.client.server_request("newConsumer").await;
            self.client.respond(r.id, Ok(json!({})));
            out.push(r.data);
        }
        out
    }

    async fn error(&self, method: &str, data: Value) -> ErrorResponse {
        match self.client.request(method, data.clone()).await {
            Ok(v) => panic!("{method} {data} succeeded: {v}"),
            Err(e) => e,
        }
    }
}

/// Chrome's camera parameters as 3 simulcast encodings (rids r0..r2), as
/// mediasoup-client sends them with `encodings` of three layers.
fn simulcast_video_rtp_parameters() -> Value {
    let mut p = chrome_video_rtp_parameters();
    p["mid"] = json!("2");
    p["encodings"] = json!([
        {"rid": "r0", "scaleResolutionDownBy": 4.0, "maxBitrate": 500000, "scalabilityMode": "L1T3", "dtx": false},
        {"rid": "r1", "scaleResolutionDownBy": 2.0, "maxBitrate": 1000000, "scalabilityMode": "L1T3", "dtx": false},
        {"rid": "r2", "scaleResolutionDownBy": 1.0, "maxBitrate": 5000000, "scalabilityMode": "L1T3", "dtx": false}
    ]);
    p
}

fn assert_stats(what: &str, stats: &Value, first_type: &str) {
    let list = stats
        .as_array()
        .unwrap_or_else(|| panic!("{what}: not an array: {stats}"));
    assert!(!list.is_empty(), "{what}: empty");
    assert_eq!(list[0]["type"], first_type, "{what}: {stats}");
    assert!(list[0]["timestamp"].is_u64(), "{what}: {stats}");
}

fn is_method(i: &Incoming, m: &str) -> bool {
    match i {
        Incoming::Notification { method, .. } => method == m,
        Incoming::Request(r) => r.method == m,
        Incoming::Closed(_) => false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consumers_stats_names_and_data_channels() {
    let server = Server::start();
    let mut alice = join(&server, "p1", "alice").await;
    assert_eq!(alice.join, json!({"peers": []}));

    // Joining with SCTP capabilities: the bot's data producer is offered (peerId null).
    let bot = alice.accept_data_consumer().await;
    assert_eq!(bot["peerId"], Value::Null, "{bot}");
    assert_eq!(bot["label"], "bot");
    assert_eq!(bot["protocol"], "");
    assert_eq!(bot["appData"], json!({}));
    assert!(bot["sctpStreamParameters"]["streamId"].is_u64(), "{bot}");
    assert_eq!(bot["sctpStreamParameters"]["ordered"], true, "{bot}");
    let bot_producer = bot["dataProducerId"].as_str().expect("bot id").to_owned();

    let mut bob = join(&server, "p1", "bob").await;
    assert_eq!(
        bob.accept_data_consumer().await["dataProducerId"],
        bot_producer.as_str()
    );
    alice.client.notification("newPeer").await;

    // A simple and a simulcast video producer, and audio.
    let audio = alice.produce("audio", chrome_audio_rtp_parameters()).await;
    let video = alice.produce("video", chrome_video_rtp_parameters()).await;
    let simulcast = alice
        .produce("video", simulcast_video_rtp_parameters())
        .await;
    let offers = bob.accept_consumers(3).await;
    let consumer_of = |producer: &str| -> Value {
        offers
            .iter()
            .find(|o| o["producerId"] == producer)
            .cloned()
            .unwrap_or_else(|| panic!("no newConsumer for {producer}: {offers:?}"))
    };
    assert_eq!(consumer_of(&audio)["type"], "simple");
    assert_eq!(consumer_of(&video)["type"], "simple");
    let sim = consumer_of(&simulcast);
    assert_eq!(sim["type"], "simulcast", "{sim}");
    assert_eq!(sim["appData"], json!({"share": false, "peerId": "alice"}));
    let sim_consumer = sim["id"].as_str().unwrap().to_owned();
    let video_consumer = consumer_of(&video)["id"].as_str().unwrap().to_owned();
    let audio_consumer = consumer_of(&audio)["id"].as_str().unwrap().to_owned();

    // Each accepted consumer is resumed and its score reported.
    for _ in 0..3 {
        let s = bob.client.notification("consumerScore").await;
        let score = &s["score"];
        assert!(
            score["score"].is_u64() && score["producerScore"].is_u64(),
            "{s}"
        );
        assert!(score["producerScores"].is_array(), "{s}");
    }

    // Consumer controls on real consumers.
    for (consumer, layers) in [
        (
            &sim_consumer,
            json!({"spatialLayer": 1, "temporalLayer": 2}),
        ),
        (&sim_consumer, json!({"spatialLayer": 0})),
        (
            &video_consumer,
            json!({"spatialLayer": 0, "temporalLayer": 0}),
        ),
    ] {
        let mut data = layers.clone();
        data["consumerId"] = json!(consumer);
        let r = bob.client.request("setConsumerPreferredLayers", data).await;
        assert_eq!(r, Ok(json!({})), "setConsumerPreferredLayers {layers}");
    }
    for priority in [1, 7, 255] {
        let r = bob
            .client
            .request(
                "setConsumerPriority",
                json!({"consumerId": sim_consumer, "priority": priority}),
            )
            .await;
        assert_eq!(r, Ok(json!({})), "priority {priority}");
    }
    for consumer in [&sim_consumer, &video_consumer] {
        let r = bob
            .client
            .request("requestConsumerKeyFrame", json!({"consumerId": consumer}))
            .await;
        assert_eq!(r, Ok(json!({})));
    }

    // Stats of real objects: bare arrays of mediasoup's stats with their type.
    let s = bob
        .client
        .request(
            "getTransportStats",
            json!({"transportId": bob.recv_transport}),
        )
        .await
        .expect("getTransportStats");
    assert_stats("transport", &s, "webrtc-transport");
    assert!(
        s[0]["iceRole"].is_string() && s[0]["bytesReceived"].is_u64(),
        "{s}"
    );
    let s = bob
        .client
        .request("getConsumerStats", json!({"consumerId": audio_consumer}))
        .await
        .expect("getConsumerStats");
    assert_stats("consumer", &s, "outbound-rtp");
    assert_eq!(s[0]["kind"], "audio", "{s}");
    // No RTP has arrived: mediasoup has no producer streams to report yet.
    let s = alice
        .client
        .request("getProducerStats", json!({"producerId": video}))
        .await
        .expect("getProducerStats");
    assert!(s.is_array(), "{s}");

    // changeDisplayName reaches the others.
    let r = alice
        .client
        .request("changeDisplayName", json!({"displayName": "Alice 2"}))
        .await;
    assert_eq!(r, Ok(json!({})));
    assert_eq!(
        bob.client.notification("peerDisplayNameChanged").await,
        json!({"peerId": "alice", "displayName": "Alice 2", "oldDisplayName": "alice name"})
    );

    // A chat data producer is offered to the other peers with mediasoup's
    // stream parameters (the producer's reliability, a fresh stream id).
    let chat = alice
        .client
        .request(
            "produceData",
            json!({"transportId": alice.send_transport,
                   "sctpStreamParameters": {"streamId": 3, "ordered": false, "maxRetransmits": 1},
                   "label": "chat", "protocol": "", "appData": {"info": "my-chat-DataProducer"}}),
        )
        .await
        .expect("produceData chat");
    let chat = chat["id"].as_str().expect("chat id").to_owned();
    let offered = bob.accept_data_consumer().await;
    assert_eq!(offered["peerId"], "alice");
    assert_eq!(offered["dataProducerId"], chat.as_str());
    assert_eq!(offered["label"], "chat");
    assert_eq!(offered["protocol"], "");
    assert_eq!(offered["appData"], json!({"info": "my-chat-DataProducer"}));
    let params = &offered["sctpStreamParameters"];
    assert_eq!(params["ordered"], false, "{offered}");
    assert_eq!(params["maxRetransmits"], 1, "{offered}");
    assert!(params["streamId"].is_u64(), "{offered}");
    let chat_consumer = offered["id"].as_str().expect("data consumer id").to_owned();

    let s = alice
        .client
        .request("getDataProducerStats", json!({"dataProducerId": chat}))
        .await
        .expect("getDataProducerStats");
    assert_stats("data producer", &s, "data-producer");
    assert_eq!(s[0]["label"], "chat");
    let s = bob
        .client
        .request(
            "getDataConsumerStats",
            json!({"dataConsumerId": chat_consumer}),
        )
        .await
        .expect("getDataConsumerStats");
    assert_stats("data consumer", &s, "data-consumer");

    // A `bot` data producer is the server's to read: nobody else is offered it.
    let r = bob
        .client
        .request(
            "produceData",
            json!({"transportId": bob.send_transport,
                   "sctpStreamParameters": {"streamId": 4, "ordered": true},
                   "label": "bot", "protocol": "", "appData": {}}),
        )
        .await
        .expect("produceData bot");
    assert!(r["id"].is_string(), "{r}");
    alice
        .client
        .assert_none(
            "a newDataConsumer for bob's bot channel",
            Duration::from_millis(300),
            |i| is_method(i, "newDataConsumer"),
        )
        .await;

    // A late joiner gets every producer, the chat channel and the bot.
    let mut carol = join(&server, "p1", "carol").await;
    let mut offered = Vec::new();
    for _ in 0..2 {
        offered.push(carol.accept_data_consumer().await);
    }
    offered.sort_by_key(|d| d["label"].as_str().unwrap_or_default().to_owned());
    assert_eq!(offered[0]["label"], "bot");
    assert_eq!(offered[0]["peerId"], Value::Null);
    assert_eq!(offered[1]["label"], "chat");
    assert_eq!(offered[1]["peerId"], "alice");
    let types: Vec<Value> = carol
        .accept_consumers(3)
        .await
        .iter()
        .map(|o| o["type"].clone())
        .collect();
    assert_eq!(
        types.iter().filter(|t| **t == "simulcast").count(),
        1,
        "{types:?}"
    );
    // Others see carol's current display name list (alice's new name).
    let names: Vec<&str> = carol.join["peers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["displayName"].as_str())
        .collect();
    assert!(names.contains(&"Alice 2"), "{names:?}");

    // Alice leaves: her chat channel closes on the others.
    alice.client.close();
    assert_eq!(
        bob.client.notification("dataConsumerClosed").await,
        json!({"dataConsumerId": chat_consumer})
    );
    bob.client.notification("peerClosed").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_and_unsupported_methods_answer_clear_errors() {
    let server = Server::start();
    let mut alice = join(&server, "p2", "alice").await;
    alice.accept_data_consumer().await;

    // Network throttling is not something this server does.
    for method in ["applyNetworkThrottle", "resetNetworkThrottle"] {
        let e = alice
            .error(method, json!({"secret": "x", "uplink": 100000}))
            .await;
        assert_eq!(e.code, 501, "{method}");
        assert_eq!(
            e.reason,
            "network throttling is not supported by this server"
        );
    }

    // Unknown ids are named.
    for (method, data, id) in [
        (
            "setConsumerPreferredLayers",
            json!({"consumerId": "c-nope", "spatialLayer": 1}),
            "c-nope",
        ),
        (
            "setConsumerPriority",
            json!({"consumerId": "c-nope2", "priority": 2}),
            "c-nope2",
        ),
        (
            "requestConsumerKeyFrame",
            json!({"consumerId": "c-nope3"}),
            "c-nope3",
        ),
        (
            "getTransportStats",
            json!({"transportId": "t-nope"}),
            "t-nope",
        ),
        (
            "getProducerStats",
            json!({"producerId": "p-nope"}),
            "p-nope",
        ),
        (
            "getConsumerStats",
            json!({"consumerId": "c-nope4"}),
            "c-nope4",
        ),
        (
            "getDataProducerStats",
            json!({"dataProducerId": "dp-nope"}),
            "dp-nope",
        ),
        (
            "getDataConsumerStats",
            json!({"dataConsumerId": "dc-nope"}),
            "dc-nope",
        ),
        (
            "produceData",
            json!({"transportId": "t-nope2", "sctpStreamParameters": {"streamId": 1}, "label": "chat"}),
            "t-nope2",
        ),
    ] {
        let e = alice.error(method, data).await;
        assert_eq!(e.code, 404, "{method}: {}", e.reason);
        assert!(e.reason.contains(id), "{method}: {}", e.reason);
    }

    // Malformed data names the field; out-of-range values are refused.
    let e = alice
        .error(
            "setConsumerPriority",
            json!({"consumerId": "c", "priority": 300}),
        )
        .await;
    assert_eq!(e.code, 400);
    assert!(e.reason.contains("setConsumerPriority"), "{}", e.reason);
    let e = alice
        .error(
            "setConsumerPriority",
            json!({"consumerId": "c", "priority": 0}),
        )
        .await;
    assert!(e.reason.contains("invalid priority: 0"), "{}", e.reason);
    let e = alice
        .error(
            "produceData",
            json!({"transportId": alice.send_transport, "label": "chat"}),
        )
        .await;
    assert!(e.reason.contains("sctpStreamParameters"), "{}", e.reason);
    let e = alice
        .error("changeDisplayName", json!({"displayName": 7}))
        .await;
    assert!(e.reason.contains("changeDisplayName"), "{}", e.reason);
    // Contradictory reliability settings are mediasoup's to refuse.
    let e = alice
        .error(
            "produceData",
            json!({"transportId": alice.send_transport,
                   "sctpStreamParameters": {"streamId": 9, "ordered": false,
                                            "maxPacketLifeTime": 100, "maxRetransmits": 1},
                   "label": "chat"}),
        )
        .await;
    assert_eq!(e.code, 400, "{}", e.reason);
    assert!(e.reason.contains("produceData"), "{}", e.reason);

    // A transport without SCTP cannot carry data channels.
    let plain = alice
        .client
        .request(
            "createWebRtcTransport",
            json!({"forceTcp": false, "producing": true, "consuming": false}),
        )
        .await
        .expect("transport without SCTP");
    assert!(plain.get("sctpParameters").is_none(), "{plain}");
    let plain = plain["id"].as_str().unwrap().to_owned();
    let e = alice
        .error(
            "produceData",
            json!({"transportId": plain, "sctpStreamParameters": {"streamId": 1}, "label": "chat"}),
        )
        .await;
    assert!(
        e.reason.contains(&plain) && e.reason.contains("SCTP"),
        "{}",
        e.reason
    );

    // Before join: data channels and display names need a joined peer; stats do not.
    let early = Client::join_url(&server, "p2", "early").await;
    let t = early
        .request(
            "createWebRtcTransport",
            json!({"forceTcp": false, "producing": true, "consuming": false,
                   "sctpCapabilities": sctp_caps()}),
        )
        .await
        .expect("transport before join");
    let t = t["id"].as_str().unwrap().to_owned();
    for (method, data) in [
        (
            "produceData",
            json!({"transportId": t, "sctpStreamParameters": {"streamId": 1}, "label": "chat"}),
        ),
        ("changeDisplayName", json!({"displayName": "x"})),
    ] {
        let e = early.request(method, data).await.expect_err(method);
        assert_eq!(e.reason, "Peer not yet joined", "{method}");
    }
    let s = early
        .request("getTransportStats", json!({"transportId": t}))
        .await
        .expect("stats before join");
    assert_stats("transport before join", &s, "webrtc-transport");

    // Nothing of that affected the room: alice still works.
    let r = alice
        .client
        .request("changeDisplayName", json!({"displayName": "still here"}))
        .await;
    assert_eq!(r, Ok(json!({})));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peers_without_sctp_get_no_data_consumers() {
    let server = Server::start();
    let mut alice = join(&server, "p3", "alice").await;
    alice.accept_data_consumer().await;
    // The support helper's peer joins with SCTP capabilities but its receive
    // transport has none; a peer joining without sctpCapabilities is offered nothing.
    let mut bob = Client::join_url(&server, "p3", "bob").await;
    bob.notification("mediasoup-version").await;
    bob.request(
        "createWebRtcTransport",
        json!({"forceTcp": false, "producing": false, "consuming": true}),
    )
    .await
    .expect("recv transport");
    bob.request(
        "join",
        json!({"displayName": "bob", "device": {"name": "x"},
               "rtpCapabilities": chrome_rtp_capabilities()}),
    )
    .await
    .expect("join");
    alice
        .client
        .request(
            "produceData",
            json!({"transportId": alice.send_transport,
                   "sctpStreamParameters": {"streamId": 1, "ordered": true},
                   "label": "chat"}),
        )
        .await
        .expect("produceData");
    bob.assert_none("newDataConsumer", Duration::from_millis(500), |i| {
        is_method(i, "newDataConsumer")
    })
    .await;
}
