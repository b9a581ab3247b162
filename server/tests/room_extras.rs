//! stunroom's own room extras over the protocol (issue 13, item 6): raised
//! hands (kept per peer: a late joiner sees them in `join`) and emoji
//! reactions (an allow-list, a per-peer rate limit), with raw protoo clients.
//! The browser side is in `e2e_room_extras.rs`.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{Client, Incoming, Server};

async fn joined(server: &Server, room: &str, id: &str, name: &str) -> (Client, Value) {
    let mut c = Client::join_url(server, room, id).await;
    c.notification("mediasoup-version").await;
    let answer = c
        .request(
            "join",
            json!({"displayName": name, "device": {"name": "test"}}),
        )
        .await
        .expect("join");
    (c, answer)
}

fn peer<'a>(join: &'a Value, id: &str) -> &'a Value {
    join["peers"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["id"] == id))
        .unwrap_or_else(|| panic!("no peer {id} in {join}"))
}

fn is(method: &'static str) -> impl Fn(&Incoming) -> bool {
    move |i| matches!(i, Incoming::Notification { method: m, .. } if m == method)
}

#[tokio::test]
async fn hands_and_reactions() {
    let server = Server::start();
    let room = "extras";

    // Not joined: refused.
    let mut early = Client::join_url(&server, room, "early").await;
    early.notification("mediasoup-version").await;
    let e = early
        .request("setHandRaised", json!({"raised": true}))
        .await
        .unwrap_err();
    assert_eq!(e.code, 403, "{e:?}");
    early.close();

    let (mut a, _) = joined(&server, room, "a", "Alice").await;
    let (mut b, join_b) = joined(&server, room, "b", "Bob").await;
    assert!(
        peer(&join_b, "a").get("handRaised").is_none(),
        "a lowered hand is not sent: {join_b}"
    );

    // A raises its hand: B is told, A is not; raising again tells nobody.
    a.request("setHandRaised", json!({"raised": true}))
        .await
        .expect("raise");
    assert_eq!(
        b.notification("peerHandChanged").await,
        json!({"peerId": "a", "raised": true})
    );
    a.request("setHandRaised", json!({"raised": true}))
        .await
        .expect("raise again");
    b.assert_none(
        "a repeated peerHandChanged",
        Duration::from_millis(300),
        is("peerHandChanged"),
    )
    .await;
    a.assert_none(
        "peerHandChanged to its sender",
        Duration::from_millis(50),
        is("peerHandChanged"),
    )
    .await;

    // A late joiner sees the raised hand in join's peer list.
    let (mut c, join_c) = joined(&server, room, "c", "Carol").await;
    assert_eq!(peer(&join_c, "a")["handRaised"], true, "{join_c}");
    assert!(peer(&join_c, "b").get("handRaised").is_none(), "{join_c}");

    // Bad data names the field.
    let e = a
        .request("setHandRaised", json!({"raised": "yes"}))
        .await
        .unwrap_err();
    assert_eq!(e.code, 400, "{e:?}");
    assert!(e.reason.contains("setHandRaised"), "{e:?}");

    // A lowers it: both others are told.
    a.request("setHandRaised", json!({"raised": false}))
        .await
        .expect("lower");
    for other in [&mut b, &mut c] {
        assert_eq!(
            other.notification("peerHandChanged").await,
            json!({"peerId": "a", "raised": false})
        );
    }

    // Reactions: relayed to the others; refused emoji named.
    b.request("sendReaction", json!({"emoji": "🎉"}))
        .await
        .expect("reaction");
    for other in [&mut a, &mut c] {
        assert_eq!(
            other.notification("peerReaction").await,
            json!({"peerId": "b", "emoji": "🎉"})
        );
    }
    let e = b
        .request("sendReaction", json!({"emoji": "💩"}))
        .await
        .unwrap_err();
    assert_eq!(e.code, 400, "{e:?}");
    assert!(
        e.reason.contains("💩") && e.reason.contains("not an allowed reaction"),
        "{e:?}"
    );

    // At most 5 in 3 s (the one above counts).
    for i in 0..4 {
        b.request("sendReaction", json!({"emoji": "👍"}))
            .await
            .unwrap_or_else(|e| panic!("reaction {i}: {e:?}"));
    }
    let e = b
        .request("sendReaction", json!({"emoji": "👍"}))
        .await
        .unwrap_err();
    assert_eq!(e.code, 429, "{e:?}");
    assert!(e.reason.contains("too many reactions"), "{e:?}");
    // A's own budget is separate.
    a.request("sendReaction", json!({"emoji": "👏"}))
        .await
        .expect("A's reaction");
}
