//! The join/produce/consume flow against the real server binary.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use stunroom_shared::protoo::ErrorResponse;
use support::{
    chrome_audio_rtp_parameters, chrome_video_rtp_parameters, Client, Incoming, Peer, Server,
};

fn ids_of(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(|p| p["id"].as_str()).collect())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_peers_produce_consume_and_leave() {
    let server = Server::start();
    let mut alice = Peer::join(&server, "r1", "alice").await;
    assert_eq!(alice.join, json!({"peers": []}));

    let mut bob = Peer::join(&server, "r1", "bob").await;
    assert_eq!(
        bob.join["peers"],
        json!([{"id": "alice", "displayName": "alice name",
                "device": {"flag": "chrome", "name": "Chrome", "version": "156.0"}}])
    );
    let new_peer = alice.client.notification("newPeer").await;
    assert_eq!(new_peer["id"], "bob");
    assert_eq!(new_peer["displayName"], "bob name");

    // The send transport answers with candidates carrying both `ip` and `address`.
    let audio = alice
        .produce(
            "audio",
            chrome_audio_rtp_parameters(),
            json!({"share": false}),
        )
        .await;
    let video = alice
        .produce(
            "video",
            chrome_video_rtp_parameters(),
            json!({"share": false, "source": "webcam"}),
        )
        .await;

    // Bob is offered both, with mediasoup's consumer parameters and the appData echoed.
    let mut consumers = std::collections::HashMap::new();
    for _ in 0..2 {
        let request = bob.client.server_request("newConsumer").await;
        let d = &request.data;
        assert_eq!(d["peerId"], "alice");
        assert_eq!(d["type"], "simple");
        assert_eq!(d["producerPaused"], false);
        assert!(d["id"].as_str().is_some_and(|s| !s.is_empty()));
        let params = &d["rtpParameters"];
        let encoding = &params["encodings"][0];
        assert!(encoding["ssrc"].as_u64().is_some(), "{params}");
        assert!(params["rtcp"]["cname"]
            .as_str()
            .is_some_and(|c| !c.is_empty()));
        assert!(params["mid"].is_string(), "{params}");
        assert!(!params["headerExtensions"].as_array().unwrap().is_empty());
        let producer_id = d["producerId"].as_str().unwrap().to_owned();
        if producer_id == video {
            assert_eq!(d["kind"], "video");
            assert_eq!(
                d["appData"],
                json!({"share": false, "source": "webcam", "peerId": "alice"})
            );
            let codecs = params["codecs"].as_array().unwrap();
            assert_eq!(codecs[0]["mimeType"], "video/VP8");
            assert_eq!(codecs[0]["payloadType"], 101);
            assert_eq!(codecs[1]["mimeType"], "video/rtx");
            assert_eq!(codecs[1]["parameters"]["apt"], 101);
            assert!(encoding["rtx"]["ssrc"].as_u64().is_some(), "{params}");
        } else {
            assert_eq!(producer_id, audio);
            assert_eq!(d["kind"], "audio");
            assert_eq!(d["appData"], json!({"share": false, "peerId": "alice"}));
            assert_eq!(params["codecs"][0]["mimeType"], "audio/opus");
        }
        consumers.insert(producer_id, d["id"].as_str().unwrap().to_owned());
        bob.client.respond(request.id, Ok(json!({})));
    }
    let video_consumer = consumers[&video].clone();
    let audio_consumer = consumers[&audio].clone();

    // The consumers exist and were resumed (pause/resume work on them).
    let c = json!({"consumerId": video_consumer});
    bob.client
        .request("pauseConsumer", c.clone())
        .await
        .expect("pauseConsumer");
    bob.client
        .request("resumeConsumer", c)
        .await
        .expect("resumeConsumer");

    // Producer pause/resume reaches the consumer's owner.
    let p = json!({"producerId": video});
    alice
        .client
        .request("pauseProducer", p.clone())
        .await
        .expect("pauseProducer");
    assert_eq!(
        bob.client.notification("consumerPaused").await,
        json!({"consumerId": video_consumer})
    );
    alice
        .client
        .request("resumeProducer", p)
        .await
        .expect("resumeProducer");
    assert_eq!(
        bob.client.notification("consumerResumed").await,
        json!({"consumerId": video_consumer})
    );

    // Closing a producer closes its consumers.
    alice
        .client
        .request("closeProducer", json!({"producerId": audio}))
        .await
        .expect("closeProducer");
    assert_eq!(
        bob.client.notification("consumerClosed").await,
        json!({"consumerId": audio_consumer})
    );

    // A late joiner is offered the existing producer right after join; refusing
    // it (403, as a non-consuming client does) makes the server drop it.
    let mut carol = Peer::join(&server, "r1", "carol").await;
    assert_eq!(ids_of(&carol.join["peers"]).len(), 2);
    let offer = carol.client.server_request("newConsumer").await;
    assert_eq!(offer.data["producerId"], video.as_str());
    let carol_consumer = offer.data["id"].as_str().unwrap().to_owned();
    carol
        .client
        .respond(offer.id, Err(ErrorResponse::new(403, "I do not consume")));
    let mut gone = Ok(Value::Null);
    for _ in 0..50 {
        gone = carol
            .client
            .request("pauseConsumer", json!({"consumerId": carol_consumer}))
            .await;
        if gone.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let e = gone.expect_err("refused consumer is closed");
    assert!(e.reason.contains(&carol_consumer), "{}", e.reason);
    let _ = alice.client.notification("newPeer").await;
    let _ = bob.client.notification("newPeer").await;

    // Alice leaves: Bob loses her video consumer and hears she left.
    alice.client.close();
    assert_eq!(
        bob.client.notification("consumerClosed").await,
        json!({"consumerId": video_consumer})
    );
    assert_eq!(
        bob.client.notification("peerClosed").await,
        json!({"peerId": "alice"})
    );
    assert_eq!(
        carol.client.notification("peerClosed").await,
        json!({"peerId": "alice"})
    );
    carol
        .client
        .assert_none(
            "consumerClosed for the refused consumer",
            Duration::from_millis(300),
            |i| matches!(i, Incoming::Notification { method, .. } if method == "consumerClosed"),
        )
        .await;
}

/// A first producer with an empty CNAME (what mediasoup-client sends for rid
/// simulcast video produced before the microphone) must not give consumers an
/// empty CNAME: browsers refuse the resulting `a=msid:` with no stream id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_cname_is_replaced_for_consumers() {
    let server = Server::start();
    let mut alice = Peer::join(&server, "cname", "alice").await;
    let mut bob = Peer::join(&server, "cname", "bob").await;
    let _ = alice.client.notification("newPeer").await;
    let mut video_params = chrome_video_rtp_parameters();
    video_params["rtcp"]["cname"] = json!("");
    alice
        .produce("video", video_params, json!({"share": false}))
        .await;
    alice
        .produce(
            "audio",
            chrome_audio_rtp_parameters(),
            json!({"share": false}),
        )
        .await;
    let mut cnames = Vec::new();
    for _ in 0..2 {
        let request = bob.client.server_request("newConsumer").await;
        cnames.push(
            request.data["rtpParameters"]["rtcp"]["cname"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
        bob.client.respond(request.id, Ok(json!({})));
    }
    assert!(
        cnames.iter().all(|c| !c.is_empty()),
        "consumer CNAMEs: {cnames:?}"
    );
    assert_eq!(cnames[0], cnames[1], "one CNAME per transport (lip sync)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_rooms_are_closed_and_can_be_reopened() {
    let server = Server::start();
    for round in 0..2 {
        let mut a = Peer::join(&server, "again", "a").await;
        assert_eq!(
            a.join,
            json!({"peers": []}),
            "round {round}: no stale peers"
        );
        let b = Peer::join(&server, "again", "b").await;
        assert_eq!(ids_of(&b.join["peers"]), vec!["a"]);
        let _ = a.client.notification("newPeer").await;
        a.produce("video", chrome_video_rtp_parameters(), json!({}))
            .await;
        let mut b = b;
        let offer = b.client.server_request("newConsumer").await;
        b.client.respond(offer.id, Ok(json!({})));
        a.client.close();
        b.client.notification("peerClosed").await;
        b.client.close();
        // Wait until the server has closed the room.
        let mut closed = false;
        for _ in 0..100 {
            if server.log_text().matches("room closed").count() > round {
                closed = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(closed, "round {round}: room closed after everyone left");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_peer_id_replaces_the_old_connection() {
    let server = Server::start();
    let mut old = Peer::join(&server, "rep", "alice").await;
    let mut bob = Peer::join(&server, "rep", "bob").await;
    let _ = old.client.notification("newPeer").await;

    let mut new = Client::join_url(&server, "rep", "alice").await;
    let frame = old.client.closed().await.expect("close frame");
    assert_eq!(u16::from(frame.code), 4000);
    assert_eq!(
        bob.client.notification("peerClosed").await,
        json!({"peerId": "alice"})
    );

    new.notification("mediasoup-version").await;
    let join = new
        .request(
            "join",
            json!({"displayName": "alice again", "device": {"name": "test"}}),
        )
        .await
        .expect("join again");
    assert_eq!(ids_of(&join["peers"]), vec!["bob"]);
    assert_eq!(
        bob.client.notification("newPeer").await["displayName"],
        "alice again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn root_serves_index_and_upgrades_websockets() {
    let server = Server::start();
    let (status, headers, body) = server.http_get("/");
    assert_eq!(status, 200);
    assert!(body.contains("stunroom test"), "{body}");
    assert!(headers["content-type"].starts_with("text/html"));
    let (status, _, body) = server.http_get("/some/client/route");
    assert_eq!(status, 200, "index.html fallback");
    assert!(body.contains("stunroom test"));

    for probe in ["/healthz", "/readyz"] {
        let (status, _, body) = server.http_get(probe);
        assert_eq!(status, 200, "{probe}");
        assert!(!body.contains("stunroom test"), "{probe} is a real route");
    }

    let (status, headers, body) = server.http_get("/api/ice?peerId=p1&roomId=r1");
    assert_eq!(status, 200);
    assert_eq!(headers["cache-control"], "no-store");
    let v: Value = serde_json::from_str(&body).expect("ICE JSON");
    assert_eq!(v, json!({"iceServers": [], "iceTransportPolicy": "all"}));

    // The reference app connects to `/` and may send consumerReplicas=undefined.
    let mut client = Client::connect(
        &server,
        "/?roomId=root&peerId=p&consumerReplicas=undefined",
        true,
    )
    .await
    .expect("WebSocket on /");
    assert_eq!(
        client.notification("mediasoup-version").await["version"],
        "0.15.0"
    );
    client
        .request("getRouterRtpCapabilities", json!({}))
        .await
        .expect("capabilities over /");
}
