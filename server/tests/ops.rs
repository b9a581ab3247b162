//! Operations endpoints against the real binary: `/healthz`, `/readyz`,
//! `/metrics` following a real call, and graceful shutdown on SIGTERM (drain,
//! refuse, close with 1001, exit 0 within `--shutdown-grace`).

mod support;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::json;
use support::{
    chrome_audio_rtp_parameters, chrome_video_rtp_parameters, Client, Peer, Server, WAIT,
};

/// One metric family of a scrape.
#[derive(Debug, Clone)]
struct Family {
    kind: String,
    help: String,
    value: f64,
}

/// Parses the Prometheus text format (0.0.4) strictly enough for our metrics:
/// every sample belongs to a family announced by `# HELP` and `# TYPE` lines
/// before it, names are valid, values are numbers, and nothing is duplicated.
fn parse_prometheus(text: &str) -> HashMap<String, Family> {
    let valid_name = |n: &str| {
        let mut chars = n.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    };
    let mut help: HashMap<String, String> = HashMap::new();
    let mut kind: HashMap<String, String> = HashMap::new();
    let mut families = HashMap::new();
    for line in text.lines() {
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let (name, text) = rest.split_once(' ').expect("HELP name text");
            assert!(valid_name(name), "bad name in {line:?}");
            assert!(
                help.insert(name.into(), text.into()).is_none(),
                "dup {line:?}"
            );
            continue;
        }
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, t) = rest.split_once(' ').expect("TYPE name type");
            assert!(valid_name(name), "bad name in {line:?}");
            assert!(
                ["counter", "gauge", "histogram", "summary", "untyped"].contains(&t),
                "bad type in {line:?}"
            );
            assert!(kind.insert(name.into(), t.into()).is_none(), "dup {line:?}");
            continue;
        }
        assert!(!line.starts_with('#'), "unexpected comment {line:?}");
        let (name, value) = line.rsplit_once(' ').expect("sample: name value");
        assert!(valid_name(name), "bad sample name in {line:?}");
        let value: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("bad value in {line:?}"));
        let family = Family {
            kind: kind
                .get(name)
                .unwrap_or_else(|| panic!("no TYPE before {line:?}"))
                .clone(),
            help: help
                .get(name)
                .unwrap_or_else(|| panic!("no HELP before {line:?}"))
                .clone(),
            value,
        };
        assert!(
            families.insert(name.to_owned(), family).is_none(),
            "dup sample {line:?}"
        );
    }
    families
}

const GAUGES: [&str; 8] = [
    "stunroom_rooms",
    "stunroom_peers",
    "stunroom_transports",
    "stunroom_producers",
    "stunroom_consumers",
    "stunroom_workers_alive",
    "stunroom_websocket_connections",
    "stunroom_draining",
];
const ACCEPTED: &str = "stunroom_websocket_connections_accepted_total";

/// A GET with extra request headers: (status, lower-cased headers, body).
fn get(
    server: &Server,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, HashMap<String, String>, String) {
    let mut stream = TcpStream::connect(server.addr).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\n{extra}Connection: close\r\n\r\n",
        server.addr
    )
    .expect("write request");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read response");
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

/// Scrapes `/metrics` and checks the format and that every metric is there.
fn scrape(server: &Server) -> HashMap<String, f64> {
    let (status, headers, body) = get(server, "/metrics", &[]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        headers.get("content-type").map(String::as_str),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let families = parse_prometheus(&body);
    for name in GAUGES {
        let f = families
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing:\n{body}"));
        assert_eq!(f.kind, "gauge", "{name}");
        assert!(!f.help.is_empty(), "{name} has help");
    }
    assert_eq!(families[ACCEPTED].kind, "counter");
    families.into_iter().map(|(k, f)| (k, f.value)).collect()
}

/// Polls `/metrics` until every `(name, value)` of `want` holds.
async fn wait_metrics(server: &Server, what: &str, want: &[(&str, f64)]) -> HashMap<String, f64> {
    let deadline = Instant::now() + WAIT;
    loop {
        let m = scrape(server);
        if want.iter().all(|(name, v)| m.get(*name) == Some(v)) {
            return m;
        }
        if Instant::now() >= deadline {
            let mut got: Vec<_> = want.iter().map(|(n, _)| (n, m.get(*n))).collect();
            got.sort_by(|a, b| a.0.cmp(b.0));
            panic!("{what}: wanted {want:?}, got {got:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Accepts the `count` newConsumer requests a peer is sent.
async fn accept_consumers(peer: &mut Peer, count: usize) {
    for _ in 0..count {
        let request = peer.client.server_request("newConsumer").await;
        peer.client.respond(request.id, Ok(json!({})));
    }
}

/// Two peers in one room, each producing audio and video and consuming the other's.
async fn call(server: &Server, room: &str) -> (Peer, Peer) {
    let mut alice = Peer::join(server, room, "alice").await;
    let mut bob = Peer::join(server, room, "bob").await;
    alice.client.notification("newPeer").await;
    for peer in [&alice, &bob] {
        peer.produce("audio", chrome_audio_rtp_parameters(), json!({}))
            .await;
        peer.produce(
            "video",
            chrome_video_rtp_parameters(),
            json!({"source": "webcam"}),
        )
        .await;
    }
    accept_consumers(&mut alice, 2).await;
    accept_consumers(&mut bob, 2).await;
    (alice, bob)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probes_and_metrics_follow_a_call() {
    let server = Server::start();
    let (status, _, body) = server.http_get("/healthz");
    assert_eq!((status, body.as_str()), (200, "ok"));
    let (status, _, body) = server.http_get("/readyz");
    assert_eq!((status, body.as_str()), (200, "ready"));

    let idle = [
        ("stunroom_rooms", 0.0),
        ("stunroom_peers", 0.0),
        ("stunroom_transports", 0.0),
        ("stunroom_producers", 0.0),
        ("stunroom_consumers", 0.0),
        ("stunroom_workers_alive", 1.0),
        ("stunroom_websocket_connections", 0.0),
        ("stunroom_draining", 0.0),
    ];
    let m = wait_metrics(&server, "idle", &idle).await;
    assert_eq!(m[ACCEPTED], 0.0);

    let (alice, bob) = call(&server, "metered").await;
    let m = wait_metrics(
        &server,
        "during the call",
        &[
            ("stunroom_rooms", 1.0),
            ("stunroom_peers", 2.0),
            ("stunroom_transports", 4.0),
            ("stunroom_producers", 4.0),
            ("stunroom_consumers", 4.0),
            ("stunroom_workers_alive", 1.0),
            ("stunroom_websocket_connections", 2.0),
            (ACCEPTED, 2.0),
        ],
    )
    .await;
    assert_eq!(m["stunroom_draining"], 0.0);

    // OpenMetrics for scrapers that ask for it.
    let (status, headers, body) = get(
        &server,
        "/metrics",
        &[(
            "Accept",
            "application/openmetrics-text;version=1.0.0,text/plain;q=0.5",
        )],
    );
    assert_eq!(status, 200);
    assert!(
        headers["content-type"].starts_with("application/openmetrics-text"),
        "{headers:?}"
    );
    assert!(body.ends_with("# EOF\n"), "{body}");
    assert!(body.contains("\nstunroom_peers 2\n"), "{body}");

    // Alice leaves: her transports, producers and consumers go, and so do Bob's
    // consumers of her producers.
    alice.client.close();
    wait_metrics(
        &server,
        "after alice left",
        &[
            ("stunroom_rooms", 1.0),
            ("stunroom_peers", 1.0),
            ("stunroom_transports", 2.0),
            ("stunroom_producers", 2.0),
            ("stunroom_consumers", 0.0),
            ("stunroom_websocket_connections", 1.0),
            (ACCEPTED, 2.0),
        ],
    )
    .await;

    bob.client.close();
    let m = wait_metrics(&server, "after everyone left", &idle).await;
    assert_eq!(m[ACCEPTED], 2.0, "the counter only grows");
    let (status, _, _) = server.http_get("/readyz");
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_then_closes_the_connected_peers() {
    let grace = Duration::from_secs(6);
    let mut server = Server::start_with(&["--shutdown-grace", "6"], &[]);
    let (mut alice, mut bob) = call(&server, "draining").await;

    let signalled = Instant::now();
    server.terminate();
    // At once: not ready, new WebSockets refused with a reason.
    let deadline = Instant::now() + Duration::from_secs(1);
    let body = loop {
        let (status, _, body) = server.http_get("/readyz");
        if status == 503 {
            break body;
        }
        assert_eq!(status, 200, "{body}");
        assert!(
            Instant::now() < deadline,
            "/readyz still 200 one second after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert!(body.contains("shutting down"), "{body}");
    let refused = Client::connect(&server, "/ws?roomId=draining&peerId=carol", true)
        .await
        .err()
        .expect("a new WebSocket is refused while draining");
    assert_eq!(refused.status, 503);
    assert!(refused.body.contains("shutting down"), "{}", refused.body);
    let refused = Client::connect(&server, "/?roomId=elsewhere&peerId=dave", true)
        .await
        .err()
        .expect("refused on / too");
    assert_eq!(refused.status, 503);

    // The call in progress goes on: liveness, metrics and the peers' requests.
    assert_eq!(server.http_get("/healthz").0, 200);
    let m = scrape(&server);
    assert_eq!(m["stunroom_draining"], 1.0);
    assert_eq!(m["stunroom_peers"], 2.0);
    assert_eq!(m["stunroom_consumers"], 4.0);
    alice
        .client
        .request("getRouterRtpCapabilities", json!({}))
        .await
        .expect("an existing peer is still served while draining");

    // Near the end of the grace period: a going-away close, then exit 0.
    for peer in [&mut alice, &mut bob] {
        let frame = peer.client.closed().await.expect("a close frame");
        assert_eq!(u16::from(frame.code), 1001, "{frame:?}");
        assert!(frame.reason.contains("shutting down"), "{frame:?}");
    }
    let closed_after = signalled.elapsed();
    assert!(
        closed_after >= grace - Duration::from_secs(3),
        "peers were given the drain time, not closed at once ({closed_after:?})"
    );
    let status = server
        .wait_exit(grace + Duration::from_secs(2))
        .expect("the server exits");
    let exited_after = signalled.elapsed();
    assert!(status.success(), "exit status {status:?}");
    assert!(
        exited_after <= grace + Duration::from_millis(500),
        "exited within --shutdown-grace ({exited_after:?})"
    );
    let log = server.log_text();
    assert!(log.contains("shutdown complete"), "{log}");
    eprintln!("peers closed after {closed_after:?}, exited after {exited_after:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_exits_as_soon_as_the_last_peer_leaves() {
    let mut server = Server::start_with(&[], &[("STUNROOM_SHUTDOWN_GRACE", "60")]);
    let mut alice = Peer::join(&server, "leaving", "alice").await;
    alice
        .produce("audio", chrome_audio_rtp_parameters(), json!({}))
        .await;
    server.terminate();
    let deadline = Instant::now() + Duration::from_secs(1);
    while server.http_get("/readyz").0 != 503 {
        assert!(Instant::now() < deadline, "/readyz not 503 after SIGTERM");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Still draining: the peer is not closed.
    alice
        .client
        .assert_none("a close while draining", Duration::from_millis(500), |i| {
            matches!(i, support::Incoming::Closed(_))
        })
        .await;
    assert!(server.alive());

    let left = Instant::now();
    alice.client.close();
    let status = server
        .wait_exit(Duration::from_secs(5))
        .expect("exits once the room is empty");
    assert!(status.success(), "exit status {status:?}");
    let took = left.elapsed();
    assert!(
        took < Duration::from_secs(2),
        "exit {took:?} after the last peer left"
    );
    assert!(server.log_text().contains("drained: every peer left"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_without_peers_exits_promptly() {
    let mut server = Server::start();
    // A peer that came and went leaves nothing to wait for.
    let peer = Peer::join(&server, "gone", "p").await;
    peer.client.close();
    wait_metrics(
        &server,
        "peer gone",
        &[("stunroom_websocket_connections", 0.0)],
    )
    .await;

    let signalled = Instant::now();
    server.terminate();
    let status = server
        .wait_exit(Duration::from_secs(2))
        .expect("exits within 2 s");
    assert!(status.success(), "exit status {status:?}");
    eprintln!("exited {:?} after SIGTERM", signalled.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_sigterm_ends_the_drain() {
    let mut server = Server::start();
    let mut alice = Peer::join(&server, "impatient", "alice").await;
    server.terminate();
    let deadline = Instant::now() + Duration::from_secs(1);
    while server.http_get("/readyz").0 != 503 {
        assert!(Instant::now() < deadline, "/readyz not 503 after SIGTERM");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let again = Instant::now();
    server.terminate();
    let frame = alice.client.closed().await.expect("a close frame");
    assert_eq!(u16::from(frame.code), 1001);
    let status = server
        .wait_exit(Duration::from_secs(3))
        .expect("exits soon after the second signal");
    assert!(status.success(), "exit status {status:?}");
    assert!(again.elapsed() < Duration::from_secs(3));
}

#[test]
fn shutdown_grace_is_validated() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stunroom"))
        .args(["--shutdown-grace", "100000"])
        .output()
        .expect("run stunroom");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--shutdown-grace"), "{stderr}");
}
