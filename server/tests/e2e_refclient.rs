//! Reference client compatibility: a test page built at test time from the npm
//! `mediasoup-client` (3.24, bundled with esbuild; sources in tests/refclient/)
//! joins a room over our protoo WebSocket at `/` exactly as mediasoup-demo's
//! app does, together with a page of our Leptos client. Each decodes the
//! other's video (inbound-rtp framesDecoded > 0), receives its audio
//! (bytesReceived > 0) and shows its tile; the reference page's
//! `createWebRtcTransport` answers carry ICE candidates with both `ip` and
//! `address`.
//!
//! Both pages come from one server: the test copies dist/ into a temporary
//! dist dir and adds the bundled page under `ref/`, so `/` is our client and
//! `/ref/` the reference page (same origin, one `--dist-dir`).
//!
//! npm: `npm ci` runs in tests/refclient when its node_modules is missing or
//! older than package-lock.json (`cargo xtask setup` can pre-install it). If
//! that fails (no registry), the test fails and says why; it never skips.
//!
//! Run only this file:  cargo test -p stunroom-server --test e2e_refclient -- --nocapture

mod e2e;
mod refpage;

use std::io::Write;
use std::time::{Duration, Instant};

use e2e::{dist_dir, Driver, Server, Snapshot};
use refpage::{build_dist, Bundle};
use serde_json::Value;

const MEDIA_TIMEOUT: Duration = Duration::from_secs(25);

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e-refclient: {msg}");
}

fn media_and_tile(s: &Snapshot, name: &str) -> bool {
    s.decoding_videos() >= 1 && s.audios_with_bytes() >= 1 && s.has_tile(name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reference_client_and_ours_exchange_media() {
    let started = Instant::now();
    let dist = build_dist(&dist_dir(), Bundle::Test);
    let mut server = Server::start(dist.path());
    let driver = Driver::start();
    let room = format!(
        "ref-{}-{}",
        std::process::id(),
        started.elapsed().as_nanos()
    );

    let mut ours = driver.browser("Ours").await;
    let mut reference = driver.browser("Ref").await;
    ours.goto(&server.room_url(&room, "Ours")).await;
    reference
        .goto(&format!(
            "{}/ref/?roomId={room}&displayName=Ref&peerId=refpeer",
            server.base_url
        ))
        .await;
    let joined = Instant::now();

    for (page, other) in [(&reference, "Ours"), (&ours, "Ref")] {
        let (t, s) = page
            .wait_until_since(
                &format!(
                    "inbound-rtp video framesDecoded > 0, audio bytesReceived > 0 and a tile for {other:?}"
                ),
                joined,
                MEDIA_TIMEOUT,
                |s| media_and_tile(s, other),
            )
            .await;
        say(&format!(
            "page {}: receiving {other} {:.1} s after both loaded ({})",
            page.label,
            t.as_secs_f64(),
            s.summary()
        ));
    }

    // What the reference page saw of our protocol.
    let state: Value = tokio::time::timeout(
        Duration::from_secs(10),
        reference.client().execute(
            "const s = window.refState; return {clientVersion: s.clientVersion, transportAnswers: s.transportAnswers, joinAnswer: s.joinAnswer, producers: s.producers, log: s.log};",
            vec![],
        ),
    )
    .await
    .expect("reading window.refState timed out")
    .expect("reading window.refState");
    let version = state["clientVersion"].as_str().unwrap_or_default();
    assert!(
        version.starts_with("3.24."),
        "mediasoup-client {version:?} (want 3.24.x)"
    );
    let answers = state["transportAnswers"]
        .as_array()
        .expect("transportAnswers");
    assert_eq!(answers.len(), 2, "{state}");
    for answer in answers {
        let candidates = answer["iceCandidates"].as_array().expect("iceCandidates");
        assert!(!candidates.is_empty(), "{answer}");
        for c in candidates {
            let ip = c["ip"].as_str();
            let address = c["address"].as_str();
            assert!(
                ip.is_some() && ip == address,
                "ICE candidate without both ip and address (equal): {c}"
            );
        }
    }
    let kinds: Vec<&str> = state["producers"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p["kind"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        kinds.contains(&"audio") && kinds.contains(&"video"),
        "reference page producers: {kinds:?}; log: {}",
        state["log"]
    );
    say(&format!(
        "mediasoup-client {version}: {} ICE candidates checked; join saw {}",
        answers
            .iter()
            .map(|a| a["iceCandidates"].as_array().map_or(0, Vec::len))
            .sum::<usize>(),
        state["joinAnswer"]
    ));

    for page in [&ours, &reference] {
        let s = page.snapshot().await;
        page.assert_no_error(&s);
    }
    server.assert_alive();
    reference.close().await;
    ours.close().await;
    say(&format!("total {:.1} s", started.elapsed().as_secs_f64()));
}
