//! Bad input never takes anything down: every bad request gets a protoo error
//! naming the problem, and the same connection and the room keep working.

mod support;

use std::process::Command;
use std::time::Duration;

use serde_json::{json, Value};
use stunroom_shared::protoo::ErrorResponse;
use support::{chrome_video_rtp_parameters, Client, Incoming, Peer, Server};

/// The connection still answers after a bad request.
async fn still_answers(client: &Client) {
    let caps = client
        .request("getRouterRtpCapabilities", json!({}))
        .await
        .expect("connection still works");
    assert!(caps["codecs"].is_array());
}

fn expect_err(result: Result<Value, ErrorResponse>, what: &str, needles: &[&str]) -> ErrorResponse {
    let e = result.expect_err(what);
    for needle in needles {
        assert!(
            e.reason.contains(needle),
            "{what}: reason {:?} should mention {needle:?}",
            e.reason
        );
    }
    e
}

const DTLS: &str = r#"{"role":"client","fingerprints":[{"algorithm":"sha-256","value":"82:5A:68:3D:36:C3:0A:DE:AF:E7:32:43:D2:88:83:57:AC:2D:65:E5:80:C4:B6:FB:AF:1A:A0:21:9F:6D:0C:AD"}]}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_clear_errors_and_the_session_survives() {
    let server = Server::start();
    let mut alice = Client::join_url(&server, "bad", "alice").await;
    alice.notification("mediasoup-version").await;
    let dtls: Value = serde_json::from_str(DTLS).unwrap();

    // Malformed JSON that still shows its id gets an error for that id...
    let e = alice
        .response_to_raw(77, r#"{"request":true,"id":77,"method":"join","data":{"#)
        .await
        .expect_err("malformed JSON");
    assert_eq!(e.code, 400);
    assert!(e.reason.contains("malformed JSON"), "{}", e.reason);
    still_answers(&alice).await;
    // ...and frames with nothing to answer are dropped without harm.
    alice.send_raw("{nope");
    alice.send_raw(r#"{"hello":"world"}"#);
    alice.send_raw(r#"{"request":true,"id":"abc","method":"join"}"#);
    still_answers(&alice).await;

    let e = expect_err(alice.request("fly", json!({})).await, "unknown method", &[]);
    assert_eq!(
        (e.code, e.reason.as_str()),
        (500, "unknown request.method \"fly\"")
    );
    still_answers(&alice).await;

    expect_err(
        alice
            .request("connectWebRtcTransport", json!({"dtlsParameters": dtls}))
            .await,
        "missing field",
        &["transportId"],
    );
    still_answers(&alice).await;

    expect_err(
        alice
            .request(
                "createWebRtcTransport",
                json!({"forceTcp": "yes", "producing": true}),
            )
            .await,
        "mistyped field",
        &["invalid type", "createWebRtcTransport"],
    );
    still_answers(&alice).await;

    expect_err(
        alice
            .request(
                "connectWebRtcTransport",
                json!({"transportId": "no-such-transport", "dtlsParameters": dtls}),
            )
            .await,
        "unknown transportId",
        &["no-such-transport"],
    );
    still_answers(&alice).await;

    let send = alice
        .request(
            "createWebRtcTransport",
            json!({"producing": true, "consuming": false}),
        )
        .await
        .expect("transport before join");
    let send_id = send["id"].as_str().unwrap().to_owned();
    for candidate in send["iceCandidates"].as_array().unwrap() {
        assert_eq!(candidate["ip"], "127.0.0.1", "{candidate}");
        assert_eq!(candidate["address"], "127.0.0.1", "{candidate}");
    }
    let produce = json!({"transportId": send_id, "kind": "video",
                         "rtpParameters": chrome_video_rtp_parameters(), "appData": {}});
    expect_err(
        alice.request("produce", produce.clone()).await,
        "produce before join",
        &["Peer not yet joined"],
    );
    still_answers(&alice).await;

    alice
        .request(
            "join",
            json!({"displayName": "Alice", "device": {"name": "test"},
                                "rtpCapabilities": support::chrome_rtp_capabilities()}),
        )
        .await
        .expect("join");
    expect_err(
        alice.request("join", json!({"displayName": "Alice"})).await,
        "second join",
        &["already joined"],
    );
    still_answers(&alice).await;

    expect_err(
        alice
            .request(
                "produce",
                json!({"transportId": "ghost-transport", "kind": "video",
                                       "rtpParameters": chrome_video_rtp_parameters()}),
            )
            .await,
        "produce on an unknown transport",
        &["ghost-transport"],
    );
    expect_err(
        alice
            .request("closeProducer", json!({"producerId": "ghost-producer"}))
            .await,
        "unknown producerId",
        &["ghost-producer"],
    );
    expect_err(
        alice
            .request("pauseProducer", json!({"producerId": "ghost-producer"}))
            .await,
        "unknown producerId",
        &["ghost-producer"],
    );
    expect_err(
        alice
            .request("resumeConsumer", json!({"consumerId": "ghost-consumer"}))
            .await,
        "unknown consumerId",
        &["ghost-consumer"],
    );
    let mut bad_params = chrome_video_rtp_parameters();
    bad_params["codecs"][0]["mimeType"] = json!("video/NOPE");
    expect_err(
        alice
            .request(
                "produce",
                json!({"transportId": send_id, "kind": "video", "rtpParameters": bad_params}),
            )
            .await,
        "unusable rtpParameters",
        &["rtpParameters.codecs[0]"],
    );
    expect_err(
        alice
            .request(
                "produce",
                json!({"transportId": send_id, "kind": "video", "rtpParameters": {"codecs": 5}}),
            )
            .await,
        "mistyped rtpParameters",
        &["produce", "invalid type"],
    );
    still_answers(&alice).await;

    // The room still works: a second peer is offered Alice's producer.
    let producer = alice
        .request("produce", produce)
        .await
        .expect("produce after join");
    let mut bob = Peer::join(&server, "bad", "bob").await;
    let offer = bob.client.server_request("newConsumer").await;
    assert_eq!(offer.data["producerId"], producer["id"]);
    bob.client.respond(offer.id, Ok(json!({})));
    let _ = alice.notification("newPeer").await;
    bob.client
        .assert_none("an error notification", Duration::from_millis(200), |i| {
            matches!(i, Incoming::Closed(_))
        })
        .await;
    still_answers(&alice).await;
    still_answers(&bob.client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_websocket_upgrades_name_the_problem() {
    let server = Server::start();
    let refused = Client::connect(&server, "/ws?peerId=p", true)
        .await
        .err()
        .expect("no roomId");
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("roomId"), "{}", refused.body);

    let refused = Client::connect(&server, "/ws?roomId=r", true)
        .await
        .err()
        .expect("no peerId");
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("peerId"), "{}", refused.body);

    let refused = Client::connect(&server, "/?roomId=r&peerId=", true)
        .await
        .err()
        .expect("empty peerId");
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("peerId"), "{}", refused.body);

    let refused = Client::connect(&server, "/ws?roomId=r&peerId=p", false)
        .await
        .err()
        .expect("no subprotocol");
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("protoo"), "{}", refused.body);

    // The server is fine afterwards.
    let mut ok = Client::join_url(&server, "r", "p").await;
    ok.notification("mediasoup-version").await;
    still_answers(&ok).await;
}

#[test]
fn bad_flag_values_exit_non_zero_naming_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (&["--listen", "not-an-address"], "--listen"),
        (&["--rtc-listen-ip", "1.2.3"], "--rtc-listen-ip"),
        (&["--announced-ip", "somewhere"], "--announced-ip"),
        (
            &["--rtc-min-port", "5000", "--rtc-max-port", "4000"],
            "--rtc-min-port",
        ),
        (&["--rtc-max-port", "70000"], "--rtc-max-port"),
        (&["--workers", "0"], "--workers"),
        (&["--log-level", "stunroom=loud"], "--log-level"),
    ];
    for (args, flag) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_stunroom"))
            .args(*args)
            .args(["--dist-dir", "/nonexistent"])
            .output()
            .expect("run stunroom");
        assert!(!out.status.success(), "{args:?} should fail");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(flag),
            "{args:?}: stderr should name {flag}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frames_above_960000_bytes_close_only_that_connection() {
    let server = Server::start();
    let mut big = Client::join_url(&server, "big", "a").await;
    big.notification("mediasoup-version").await;
    // Just below the limit is fine.
    let pad = "x".repeat(900_000);
    big.request("getRouterRtpCapabilities", json!({ "pad": pad }))
        .await
        .expect("a 900 kB request");
    // Above it, the server drops this connection...
    let pad = "x".repeat(960_001);
    big.send_raw(&format!(
        r#"{{"request":true,"id":1,"method":"getRouterRtpCapabilities","data":{{"pad":"{pad}"}}}}"#
    ));
    big.closed().await;
    // ...and nothing else.
    let mut other = Client::join_url(&server, "big", "b").await;
    other.notification("mediasoup-version").await;
    still_answers(&other).await;
}
