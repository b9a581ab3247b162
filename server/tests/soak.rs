//! Soak and leak: many join / produce / consume / leave cycles against one
//! server. Every object count returns to zero and the memory of the server
//! and its media workers does not grow (< 5 % from after a warm-up to the end).
//! `STUNROOM_SOAK_CYCLES` sets the number of cycles (default 1000).

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::{chrome_audio_rtp_parameters, chrome_video_rtp_parameters, Peer, Server};

/// Cycles before the baseline is taken: allocator pools and caches fill first.
const WARM_UP: usize = 100;

async fn cycle(server: &Server, n: usize) {
    let room = format!("soak{}", n % 7);
    let alice = Peer::join(server, &room, "alice").await;
    let mut bob = Peer::join(server, &room, "bob").await;
    alice
        .produce("audio", chrome_audio_rtp_parameters(), json!({}))
        .await;
    alice
        .produce("video", chrome_video_rtp_parameters(), json!({}))
        .await;
    for _ in 0..2 {
        let offer = bob.client.server_request("newConsumer").await;
        bob.client.respond(offer.id, Ok(json!({})));
    }
    // A request after the answers: the consumers exist by now.
    bob.client
        .request("getRouterRtpCapabilities", json!({}))
        .await
        .expect("bob still talks");
    alice.client.close();
    bob.client.close();
}

/// Waits until every count is zero (closing is asynchronous), or panics.
fn wait_until_empty(server: &Server) {
    let deadline = Instant::now() + Duration::from_secs(15);
    let names = [
        "stunroom_rooms",
        "stunroom_peers",
        "stunroom_transports",
        "stunroom_producers",
        "stunroom_consumers",
        "stunroom_websocket_connections",
    ];
    loop {
        let counts: Vec<(&str, f64)> = names.iter().map(|n| (*n, server.gauge(n))).collect();
        if counts.iter().all(|(_, v)| *v == 0.0) {
            return;
        }
        assert!(Instant::now() < deadline, "objects left over: {counts:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn join_produce_consume_leave_cycles_leave_nothing_behind() {
    let cycles: usize = std::env::var("STUNROOM_SOAK_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
        .max(WARM_UP + 1);
    let server = Server::start_with(&["--log-level", "warn"], &[]);
    let started = Instant::now();
    for n in 0..WARM_UP {
        cycle(&server, n).await;
    }
    wait_until_empty(&server);
    let baseline = server.rss_bytes();
    for n in WARM_UP..cycles {
        cycle(&server, n).await;
    }
    wait_until_empty(&server);
    let end = server.rss_bytes();
    let growth = (end as f64 - baseline as f64) / baseline as f64 * 100.0;
    let per_cycle = (end as f64 - baseline as f64) / (cycles - WARM_UP) as f64;
    println!(
        "soak: {cycles} cycles in {:.1} s; RSS (server + workers) {:.1} MiB after {WARM_UP} -> {:.1} MiB at the end: {growth:+.2} % ({per_cycle:+.0} B/cycle)",
        started.elapsed().as_secs_f64(),
        baseline as f64 / 1048576.0,
        end as f64 / 1048576.0,
    );
    assert!(growth < 5.0, "RSS grew {growth:.2} % over {cycles} cycles");
}
