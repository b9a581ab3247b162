//! End-to-end browser test: the real server binary and the real client (dist/
//! built by trunk) in headless Chromium with fake camera and microphone.
//!
//! Run only this file:  cargo test -p stunroom-server --test e2e_browser -- --nocapture
//! (needs dist/: `cargo xtask e2e` builds it first, `cargo xtask test` runs everything).
//!
//! Scenario (issue 2, item 8): pages A and B join a room and each decodes the
//! other's video and receives its audio within 20 s; page C joins later and
//! receives both; B's page closes and A drops B's tile within 5 s; no page
//! shows an error. Prints the time from navigation to A's first remote frame.

mod e2e;

use std::io::Write;
use std::time::{Duration, Instant};

use e2e::{dist_dir, serial, Browser, Driver, Server, TempDir};

const MEDIA_TIMEOUT: Duration = Duration::from_secs(20);
const LEAVE_TIMEOUT: Duration = Duration::from_secs(5);

/// Progress line that bypasses libtest's output capture, so it always shows.
fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e: {msg}");
}

fn unique_room() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("e2e-{}-{nanos}", std::process::id())
}

fn has_media(s: &e2e::Snapshot, peers: usize) -> bool {
    s.decoding_videos() >= peers && s.audios_with_bytes() >= peers
}

/// Explains which stat is missing, for failure messages.
fn media_goal(peers: usize) -> String {
    format!(
        "{peers} inbound-rtp video stream(s) with framesDecoded > 0 and {peers} inbound-rtp audio stream(s) with bytesReceived > 0 (getStats over window.stunroomPeerConnections)"
    )
}

#[test]
fn peers_exchange_media_and_leave() {
    serial(peers_exchange_media_and_leave_body());
}

async fn peers_exchange_media_and_leave_body() {
    let dist = dist_dir();
    let mut server = Server::start(&dist);
    say(&format!("server at {}", server.base_url));
    let driver = Driver::start();
    let room = unique_room();

    // A and B join.
    let a = driver.browser("A").await;
    let mut b = driver.browser("B").await;
    let a_nav = Instant::now();
    a.goto(&server.room_url(&room, "A")).await;
    b.goto(&server.room_url(&room, "B")).await;
    let joined = Instant::now();

    let (first_frame, _) = a
        .wait_until_since(
            "first remote video frame (inbound-rtp video framesDecoded > 0)",
            a_nav,
            MEDIA_TIMEOUT,
            |s| s.decoding_videos() >= 1,
        )
        .await;
    say(&format!(
        "first remote frame after {:.1} s (page A, from navigation)",
        first_frame.as_secs_f64()
    ));

    for page in [&a, &b] {
        let (t, s) = page
            .wait_until_since(&media_goal(1), joined, MEDIA_TIMEOUT, |s| has_media(s, 1))
            .await;
        say(&format!(
            "page {}: receiving media {:.1} s after both joined ({})",
            page.label,
            t.as_secs_f64(),
            s.summary()
        ));
    }
    server.assert_alive();

    // C joins later and receives both A and B.
    let mut c = driver.browser("C").await;
    c.goto(&server.room_url(&room, "C")).await;
    let (t, s) = c
        .wait_until(
            &format!("{} plus remote tiles for A and B", media_goal(2)),
            MEDIA_TIMEOUT,
            |s| has_media(s, 2) && s.has_tile("A") && s.has_tile("B"),
        )
        .await;
    say(&format!(
        "page C: receiving A and B after {:.1} s ({})",
        t.as_secs_f64(),
        s.summary()
    ));

    // A shows B's tile; B's page closes; A drops the tile.
    a.wait_until(
        "a remote tile for B (.tile.remote[data-peer-name=\"B\"] with a <video>)",
        LEAVE_TIMEOUT,
        |s| s.has_tile("B"),
    )
    .await;
    // The clock starts when B's close begins (the session's end quits its Chromium).
    let closing = Instant::now();
    b.close().await;
    let (t, _) = a
        .wait_until_since(
            "B's tile removed after B's page closed",
            closing,
            LEAVE_TIMEOUT,
            |s| !s.has_tile("B"),
        )
        .await;
    say(&format!(
        "page A dropped B's tile {:.1} s after B's page started closing",
        t.as_secs_f64()
    ));

    // Nobody shows an error at the end.
    for page in [&a, &c] {
        let s = page.snapshot().await;
        page.assert_no_error(&s);
        assert_ne!(
            s.state.as_deref(),
            Some("joining"),
            "page {} still in state \"joining\" ({})",
            page.label,
            s.summary()
        );
    }
    server.assert_alive();
    drop(a);
    c.close().await;
}

/// Checks the harness itself, independent of the client: the real server
/// serves a scratch page from a temporary dist dir; Chromium's fake devices
/// feed getUserMedia; a loopback RTCPeerConnection pair decodes video and
/// receives audio; the probe reads it through execute_async. When this passes
/// and the test above fails, look at the client or the SFU, not the harness.
#[test]
fn harness_smoke_loopback_page() {
    serial(harness_smoke_loopback_page_body());
}

async fn harness_smoke_loopback_page_body() {
    let dist = TempDir::new("scratch-dist");
    std::fs::write(dist.path().join("index.html"), SCRATCH_PAGE).unwrap();
    let mut server = Server::start(dist.path());
    let driver = Driver::start();
    let mut page: Browser = driver.browser("scratch").await;
    let nav = Instant::now();
    page.goto(&server.room_url("smoke", "scratch")).await;
    let (t, s) = page
        .wait_until_since(
            &format!("{} plus a tile for `loopback`", media_goal(1)),
            nav,
            MEDIA_TIMEOUT,
            |s| has_media(s, 1) && s.has_tile("loopback") && s.has_local_video,
        )
        .await;
    say(&format!(
        "harness smoke: loopback media after {:.1} s ({})",
        t.as_secs_f64(),
        s.summary()
    ));
    assert_eq!(s.state.as_deref(), Some("joined"));
    server.assert_alive();
    page.close().await;
}

/// Follows the client's DOM contract with a local RTCPeerConnection loopback.
const SCRATCH_PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>e2e scratch</title></head>
<body data-state="joining">
<video id="local-video" autoplay muted playsinline></video>
<div id="tiles"></div>
<script>
(async () => {
  try {
    const params = new URLSearchParams(location.search);
    if (!params.get('roomId') || !params.get('displayName')) throw new Error('query parameters missing');
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    document.getElementById('local-video').srcObject = stream;
    const pc1 = new RTCPeerConnection(), pc2 = new RTCPeerConnection();
    window.stunroomPeerConnections = [pc1, pc2];
    pc1.onicecandidate = e => e.candidate && pc2.addIceCandidate(e.candidate);
    pc2.onicecandidate = e => e.candidate && pc1.addIceCandidate(e.candidate);
    const remote = new MediaStream();
    pc2.ontrack = e => remote.addTrack(e.track);
    stream.getTracks().forEach(t => pc1.addTrack(t, stream));
    await pc1.setLocalDescription(await pc1.createOffer());
    await pc2.setRemoteDescription(pc1.localDescription);
    await pc2.setLocalDescription(await pc2.createAnswer());
    await pc1.setRemoteDescription(pc2.localDescription);
    const tile = document.createElement('div');
    tile.className = 'tile remote';
    tile.dataset.peerName = 'loopback';
    const v = document.createElement('video'); v.autoplay = true; v.playsInline = true; v.muted = true;
    const a = document.createElement('audio'); a.autoplay = true;
    v.srcObject = remote; a.srcObject = remote;
    tile.append(v, a);
    document.getElementById('tiles').append(tile);
    document.body.dataset.state = 'joined';
  } catch (e) {
    document.body.dataset.state = 'error';
    const b = document.createElement('div'); b.className = 'error-banner'; b.textContent = String(e);
    document.body.prepend(b);
  }
})();
</script>
</body></html>
"#;
