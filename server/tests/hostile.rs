//! One client must not be able to hurt anyone else. Each test plays one of
//! the hostile behaviours issue 9 lists against the real server and checks
//! that it is refused with a reason naming the limit (or survived), and that
//! another peer in the server keeps working.

mod rest;
mod support;

use std::time::{Duration, Instant};

use futures_util::SinkExt;
use rest::{http_raw, post};
use serde_json::{json, Value};
use support::{chrome_audio_rtp_parameters, chrome_video_rtp_parameters, Client, Peer, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// The connection still answers.
async fn still_answers(client: &Client) {
    let caps = client
        .request("getRouterRtpCapabilities", json!({}))
        .await
        .expect("the connection still works");
    assert!(caps["codecs"].is_array());
}

fn assert_mentions(reason: &str, words: &[&str]) {
    for w in words {
        assert!(reason.contains(w), "reason {reason:?} should mention {w:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_encodings_and_many_producers_are_refused() {
    let server = Server::start();
    let alice = Peer::join(&server, "enc", "alice").await;
    let mut bob = Peer::join(&server, "enc", "bob").await;

    // 100 simulcast encodings: the ORTC code of the vendored mediasoup crate
    // panicked on such a producer's consumers; it is refused before.
    let mut video = chrome_video_rtp_parameters();
    let encodings: Vec<Value> = (0..100)
        .map(|i| json!({"rid": format!("r{i}"), "scalabilityMode": "L1T3"}))
        .collect();
    video["encodings"] = Value::Array(encodings);
    let e = alice
        .client
        .request(
            "produce",
            json!({"transportId": alice.send_transport, "kind": "video",
                   "rtpParameters": video, "appData": {}}),
        )
        .await
        .expect_err("100 encodings");
    assert_eq!(e.code, 400, "{}", e.reason);
    assert_mentions(&e.reason, &["encodings", "at most 4"]);

    // Producers without end on one transport: the limit answers 429.
    let mut refused = None;
    for i in 0..20u32 {
        let mut audio = chrome_audio_rtp_parameters();
        audio["mid"] = json!(i.to_string());
        audio["encodings"] = json!([{"ssrc": 10_000 + i, "dtx": false}]);
        let r = alice
            .client
            .request(
                "produce",
                json!({"transportId": alice.send_transport, "kind": "audio",
                       "rtpParameters": audio, "appData": {}}),
            )
            .await;
        if let Err(e) = r {
            refused = Some((i, e));
            break;
        }
    }
    let (at, e) = refused.expect("a producer limit");
    assert_eq!((at, e.code), (8, 429), "{}", e.reason);
    assert_mentions(&e.reason, &["too many producers", "at most 8"]);

    // Nothing else is hurt: bob was offered alice's producers and still talks.
    let offer = bob.client.server_request("newConsumer").await;
    assert_eq!(offer.data["peerId"], "alice");
    still_answers(&bob.client).await;
    still_answers(&alice.client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_ids_and_sizes_are_checked_at_the_edge() {
    let server = Server::start();
    // CR/LF in peerId would forge log lines: refused before anything is logged.
    let refused = Client::connect(&server, "/ws?roomId=r&peerId=a%0D%0Aforged%20line", true)
        .await
        .err()
        .expect("refused");
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_mentions(&refused.body, &["peerId"]);
    let refused = Client::connect(&server, "/ws?roomId=r%00&peerId=a", true)
        .await
        .err()
        .expect("refused");
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_mentions(&refused.body, &["roomId"]);

    // A 900 KB display name is not sent to everyone.
    let mut alice = Client::join_url(&server, "names", "alice").await;
    alice.notification("mediasoup-version").await;
    let huge = "x".repeat(900_000);
    let e = alice
        .request(
            "join",
            json!({"displayName": huge, "device": {"name": "test"}}),
        )
        .await
        .expect_err("huge name");
    assert_eq!(e.code, 400, "{}", e.reason);
    assert_mentions(&e.reason, &["displayName", "100"]);
    let e = alice
        .request(
            "join",
            json!({"displayName": "a\u{0007}b", "device": {"name": "test"}}),
        )
        .await
        .expect_err("control character");
    assert_mentions(&e.reason, &["displayName"]);
    alice
        .request(
            "join",
            json!({"displayName": "Alice", "device": {"name": "test"}}),
        )
        .await
        .expect("a sane join still works");
    still_answers(&alice).await;
    // CR/LF in what the server quotes back (a method, an id) stays escaped in its log.
    alice.send_raw(r#"{"request":true,"id":5,"method":"x\r\nforged line 2","data":{}}"#);
    let _ = alice
        .request("closeProducer", json!({"producerId": "p\r\nforged line 3"}))
        .await;
    still_answers(&alice).await;
    let log = server.log_text();
    assert!(
        !log.lines().any(|l| l.starts_with("forged")),
        "a client wrote a line of its own into the log:\n{log}"
    );
    assert!(
        log.contains("forged line 3"),
        "the refusal is logged (escaped)"
    );

    // A REST body over --max-body: 413 before decoding.
    let addr = server.addr.to_string();
    let big = format!(
        r#"{{"id":"b","displayName":"{}","device":{{"name":"x"}}}}"#,
        "y".repeat(70_000)
    );
    let answer = http_raw(&addr, "POST", "/rooms/names/broadcasters", Some(&big)).await;
    assert_eq!(answer.status, 413, "{}", answer.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rooms_and_connections_per_address_are_limited() {
    let server = Server::start_with(
        &["--max-rooms-per-ip", "2", "--max-connections-per-ip", "3"],
        &[],
    );
    let a = Client::join_url(&server, "room1", "p1").await;
    let _b = Client::join_url(&server, "room2", "p2").await;
    // A third room from the same address: the session is closed with the reason.
    let mut c = Client::join_url(&server, "room3", "p3").await;
    let close = tokio::time::timeout(support::WAIT, c.closed())
        .await
        .expect("closed in time")
        .expect("a close frame");
    assert_eq!(u16::from(close.code), 4000);
    assert_mentions(&close.reason, &["too many rooms", "at most 2"]);
    // A connection into a room it is already in is fine...
    let _d = Client::join_url(&server, "room1", "p4").await;
    // ...but not a fourth connection from this address (HTTP 429 at the upgrade).
    tokio::time::sleep(Duration::from_millis(200)).await;
    let refused = Client::connect(&server, "/ws?roomId=room1&peerId=p5", true)
        .await
        .err()
        .expect("refused");
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert_mentions(&refused.body, &["connections", "3"]);
    still_answers(&a).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_peer_that_stops_reading_is_dropped_and_the_others_told() {
    let server = Server::start_with(&["--ping-interval", "1"], &[]);
    let mut alice = Peer::join(&server, "slow", "alice").await;

    // Mallory joins, then never reads its socket again (so never answers a ping).
    let mut request = server
        .ws_url("/ws?roomId=slow&peerId=mallory")
        .into_client_request()
        .expect("request");
    request
        .headers_mut()
        .insert("Sec-WebSocket-Protocol", HeaderValue::from_static("protoo"));
    let (mut mallory, _) =
        tokio::time::timeout(support::WAIT, tokio_tungstenite::connect_async(request))
            .await
            .expect("connect in time")
            .expect("connect");
    let join = json!({"request": true, "id": 1, "method": "join",
                      "data": {"displayName": "Mallory", "device": {"name": "test"}}});
    mallory
        .send(WsMessage::Text(join.to_string().into()))
        .await
        .expect("send join");
    let joined = alice.client.notification("newPeer").await;
    assert_eq!(joined["id"], "mallory");

    let started = Instant::now();
    let closed = alice.client.notification("peerClosed").await;
    assert_eq!(closed["peerId"], "mallory");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(8), "dropped after {took:?}");
    still_answers(&alice.client).await;
    drop(mallory);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_broadcasters_expire_and_half_sent_headers_time_out() {
    let server = Server::start_with(&["--broadcaster-idle", "1", "--header-timeout", "1"], &[]);
    let addr = server.addr.to_string();
    post(
        &addr,
        "/rooms/idle/broadcasters",
        json!({"id": "b1", "displayName": "B", "device": {"name": "ffmpeg"}}),
    )
    .await
    .ok_json("create broadcaster");
    assert_eq!(
        http_raw(&addr, "GET", "/rooms/idle", None).await.status,
        200
    );
    // Idle for more than a second: deleted, and its room with it.
    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        let status = http_raw(&addr, "GET", "/rooms/idle", None).await.status;
        if status == 404 {
            break;
        }
        assert!(Instant::now() < deadline, "the idle broadcaster stayed");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(server.log_text().contains("broadcaster idle"));

    // Half a request header, then silence: the connection is closed.
    let mut tcp = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    tcp.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    let started = Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(6), tcp.read_to_end(&mut buf)).await;
    assert!(
        read.is_ok(),
        "the half-sent request still holds its connection"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    // The server serves everyone else meanwhile.
    assert_eq!(server.http_get("/healthz").0, 200);
}
