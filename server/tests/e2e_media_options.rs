//! mediasoup-demo's media URL options (issue 13, items 3 and 4): the real
//! server and client in headless Chromium with fake camera and microphone.
//!
//! Run only this file:
//!   STUNROOM_E2E_DIST=<your dist> cargo test -p stunroom-server --test e2e_media_options -- --nocapture
//!
//! - bad values (`forceH264=yes`, both codecs forced, `svc=L9T9`, H264 with
//!   `e2eKey`, a 257 character `e2eKey`) show the error banner naming the
//!   parameter;
//! - `forceH264=true`: the receiving page's inbound video codec is video/H264
//!   and its frames decode;
//! - `forceVP9=true&svc=L3T3`: the receiver decodes video/VP9, the sender's
//!   one outbound stream says L3T3, and the server's consumer reports
//!   spatial and temporal layers above the base (`consumerLayersChanged`,
//!   shown in the tile's `data-layers`): the server parsed three spatial
//!   layers from the producer's encoding and forwards more than one;
//! - `e2eKey`: A and B with the same key decode (nearly all frames of) each
//!   other's video; C with another key (receive only) gets both videos'
//!   bytes but fails to decode them (at most a stray garbage frame): the
//!   server forwards only ciphertext;
//! - a mixed room: the npm mediasoup-client reference page (tests/refclient)
//!   with our `forceVP9=true&svc=L3T3` page and our `produce=false` page:
//!   the reference decodes our VP9 SVC, ours decode its VP8, the viewer both.

mod e2e;
mod refpage;

use std::io::Write;
use std::time::{Duration, Instant};

use e2e::{dist_dir, serial, Browser, Driver, Server};
use refpage::{build_dist, Bundle};
use serde_json::Value;

const MEDIA_TIMEOUT: Duration = Duration::from_secs(20);
const ERROR_TIMEOUT: Duration = Duration::from_secs(10);

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e: {msg}");
}

fn unique_room(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("e2e-media-{tag}-{}-{nanos}", std::process::id())
}

/// Per video stream of the page: inbound (codec, frames decoded, bytes) and
/// sending outbound (codec, scalabilityMode, rid); and the remote tiles'
/// `data-layers`.
const MEDIA_JS: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const pcs = Array.isArray(window.stunroomPeerConnections) ? window.stunroomPeerConnections : [];
  const out = { inbound: [], outbound: [], tiles: [] };
  for (const pc of pcs) {
    let report;
    try { report = await pc.getStats(); } catch (e) { continue; }
    const byId = new Map();
    report.forEach(s => byId.set(s.id, s));
    report.forEach(s => {
      if ((s.kind || s.mediaType) !== 'video') return;
      const codec = s.codecId && byId.get(s.codecId) ? byId.get(s.codecId).mimeType : null;
      if (s.type === 'inbound-rtp' && s.mid !== 'probator') {
        out.inbound.push({ codec, framesDecoded: s.framesDecoded || 0, bytes: s.bytesReceived || 0,
                           framesReceived: s.framesReceived || 0, width: s.frameWidth || 0 });
      }
      if (s.type === 'outbound-rtp' && (s.bytesSent || 0) > 0) {
        out.outbound.push({ codec, scalabilityMode: s.scalabilityMode || null, rid: s.rid || null });
      }
    });
  }
  out.tiles = Array.from(document.querySelectorAll('.tile.remote'))
    .map(t => ({ name: t.dataset.peerName || '', source: t.dataset.source || '', layers: t.dataset.layers || '' }));
  const banner = document.querySelector('.error-banner');
  out.error = banner && banner.textContent.trim() !== '' ? banner.textContent.trim() : null;
  return out;
})().then(done, e => done({ probeError: String(e && e.stack || e) }));
"#;

async fn media(page: &Browser) -> Value {
    let raw = tokio::time::timeout(
        Duration::from_secs(15),
        page.client().execute_async(MEDIA_JS, vec![]),
    )
    .await
    .unwrap_or_else(|_| panic!("page {}: media probe hung for 15 s", page.label))
    .unwrap_or_else(|e| panic!("page {}: media probe failed: {e}", page.label));
    if let Some(err) = raw.get("probeError") {
        panic!("page {}: media probe threw: {err}", page.label);
    }
    raw
}

/// Polls the media probe until `ok` holds; fails on an error banner or at
/// the deadline, with `what` and the last probe.
async fn wait_media(
    page: &Browser,
    what: &str,
    timeout: Duration,
    ok: impl Fn(&Value) -> bool,
) -> (Duration, Value) {
    let start = Instant::now();
    loop {
        let m = media(page).await;
        if let Some(error) = m["error"].as_str() {
            panic!(
                "page {} shows an error: {error:?} (while waiting for {what})",
                page.label
            );
        }
        if ok(&m) {
            return (start.elapsed(), m);
        }
        if start.elapsed() >= timeout {
            panic!(
                "page {}: {what} not reached within {:.0} s; last media probe: {m}",
                page.label,
                timeout.as_secs_f64()
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

fn inbound(m: &Value) -> Vec<Value> {
    m["inbound"].as_array().cloned().unwrap_or_default()
}

fn u(v: &Value, key: &str) -> u64 {
    v[key].as_f64().unwrap_or(0.0) as u64
}

/// Inbound video streams of `codec` that decode frames.
fn decoding(m: &Value, codec: &str) -> usize {
    inbound(m)
        .iter()
        .filter(|s| s["codec"] == codec && u(s, "framesDecoded") > 0)
        .count()
}

/// Loads `url` and waits for the error banner; returns its text.
async fn expect_banner(page: &Browser, url: &str) -> String {
    page.goto(url).await;
    let start = Instant::now();
    loop {
        let s = page.snapshot().await;
        if let Some(error) = s.error {
            return error;
        }
        assert!(
            start.elapsed() < ERROR_TIMEOUT,
            "page {}: no .error-banner within {} s at {url}; last probe: {}",
            page.label,
            ERROR_TIMEOUT.as_secs(),
            s.summary()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[test]
fn forced_codecs_svc_and_bad_values() {
    serial(forced_codecs_svc_and_bad_values_body());
}

async fn forced_codecs_svc_and_bad_values_body() {
    let started = Instant::now();
    let mut server = Server::start(&dist_dir());
    say(&format!("server at {}", server.base_url));
    let driver = Driver::start();
    let mut a = driver.browser("A").await;
    let mut b = driver.browser("B").await;

    let long_key = "k".repeat(257);
    for (query, names) in [
        ("forceH264=yes".to_owned(), vec!["`forceH264`", "\"yes\""]),
        (
            "forceH264=true&forceVP9=true".to_owned(),
            vec!["`forceH264`", "forceVP9"],
        ),
        ("svc=L9T9".to_owned(), vec!["`svc`", "\"L9T9\""]),
        (
            "e2eKey=k&forceH264=true".to_owned(),
            vec!["`forceH264`", "e2eKey"],
        ),
        (format!("e2eKey={long_key}"), vec!["`e2eKey`", "256"]),
    ] {
        let url = format!("{}&{query}", server.room_url(&unique_room("bad"), "B"));
        let error = expect_banner(&b, &url).await;
        say(&format!(
            "?{}: banner {error:?}",
            &query[..query.len().min(40)]
        ));
        for name in names {
            assert!(
                error.contains(name),
                "the banner for ?{query} should contain {name}: {error:?}"
            );
        }
    }

    // forceH264: B receives and decodes H264.
    let room = unique_room("h264");
    a.goto(&format!("{}&forceH264=true", server.room_url(&room, "A")))
        .await;
    b.goto(&server.room_url(&room, "B")).await;
    let (t, m) = wait_media(&b, "B decodes A's video as H264", MEDIA_TIMEOUT, |m| {
        decoding(m, "video/H264") >= 1
    })
    .await;
    say(&format!(
        "forceH264: B decodes H264 after {:.1} s: {m}",
        t.as_secs_f64()
    ));
    let (_, m) = wait_media(&a, "A sends H264", MEDIA_TIMEOUT, |m| {
        m["outbound"]
            .as_array()
            .is_some_and(|o| !o.is_empty() && o.iter().all(|s| s["codec"] == "video/H264"))
    })
    .await;
    say(&format!("forceH264: A's outbound video: {}", m["outbound"]));
    server.assert_alive();

    // forceVP9 with svc=L3T3: one SVC stream; the server's consumer goes
    // above the base layers.
    let room = unique_room("vp9");
    a.goto(&format!(
        "{}&forceVP9=true&svc=L3T3",
        server.room_url(&room, "A")
    ))
    .await;
    b.goto(&server.room_url(&room, "B")).await;
    let (t, m) = wait_media(&b, "B decodes A's video as VP9", MEDIA_TIMEOUT, |m| {
        decoding(m, "video/VP9") >= 1
    })
    .await;
    say(&format!(
        "forceVP9&svc=L3T3: B decodes VP9 after {:.1} s: {m}",
        t.as_secs_f64()
    ));
    let (_, m) = wait_media(&a, "A sends one VP9 L3T3 stream", MEDIA_TIMEOUT, |m| {
        m["outbound"].as_array().is_some_and(|o| {
            o.len() == 1 && o[0]["codec"] == "video/VP9" && o[0]["scalabilityMode"] == "L3T3"
        })
    })
    .await;
    say(&format!(
        "forceVP9&svc=L3T3: A's outbound video: {}",
        m["outbound"]
    ));
    let layers = |m: &Value| -> Option<(u64, u64)> {
        let tile = m["tiles"]
            .as_array()?
            .iter()
            .find(|t| t["name"] == "A" && t["source"] == "camera")?
            .clone();
        let (s, t) = tile["layers"].as_str()?.split_once(',')?;
        Some((s.parse().ok()?, t.parse().ok()?))
    };
    let (t, m) = wait_media(
        &b,
        "the server's consumer of A's video above spatial and temporal layer 0 \
         (tile data-layers)",
        MEDIA_TIMEOUT,
        |m| layers(m).is_some_and(|(s, t)| s >= 1 && t >= 1),
    )
    .await;
    say(&format!(
        "forceVP9&svc=L3T3: B's consumer layers {:?} after {:.1} s more; inbound {}",
        layers(&m),
        t.as_secs_f64(),
        m["inbound"]
    ));
    server.assert_alive();
    for page in [&mut a, &mut b] {
        page.close().await;
    }
    say(&format!(
        "forced codecs, svc and bad values checked in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
}

#[test]
fn e2e_key_encrypts_end_to_end() {
    serial(e2e_key_body());
}

async fn e2e_key_body() {
    let started = Instant::now();
    let mut server = Server::start(&dist_dir());
    say(&format!("server at {}", server.base_url));
    let driver = Driver::start();
    let mut a = driver.browser("A").await;
    let mut b = driver.browser("B").await;
    let mut c = driver.browser("C").await;

    let room = unique_room("e2e");
    a.goto(&format!(
        "{}&e2eKey=s3cr%C3%A9t",
        server.room_url(&room, "A")
    ))
    .await;
    b.goto(&format!(
        "{}&e2eKey=s3cr%C3%A9t",
        server.room_url(&room, "B")
    ))
    .await;
    // C: receive only, so every video it gets is A's or B's.
    c.goto(&format!(
        "{}&e2eKey=wrong&produce=false",
        server.room_url(&room, "C")
    ))
    .await;
    for (page, other) in [(&a, "B"), (&b, "A")] {
        let (t, m) = wait_media(
            page,
            &format!("{} decodes {other}'s encrypted video", page.label),
            MEDIA_TIMEOUT,
            |m| decoding(m, "video/VP8") >= 1,
        )
        .await;
        say(&format!(
            "e2eKey: {} decodes {other} after {:.1} s: {}",
            page.label,
            t.as_secs_f64(),
            m["inbound"]
        ));
    }
    // C gets both videos' bytes...
    let (_, m) = wait_media(
        &c,
        "C receives bytes of A's and B's video",
        MEDIA_TIMEOUT,
        |m| inbound(m).iter().filter(|s| u(s, "bytes") > 20_000).count() >= 2,
    )
    .await;
    say(&format!("e2eKey: C (other key) receives {}", m["inbound"]));
    // ...for a while longer, and never decodes a frame of either.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let m = media(&c).await;
    let streams = inbound(&m);
    say(&format!("e2eKey: C 4 s later: {}", m["inbound"]));
    assert!(
        streams.iter().filter(|s| u(s, "bytes") > 40_000).count() >= 2,
        "C should keep receiving both videos' bytes: {}",
        m["inbound"]
    );
    // XOR with the wrong key leaves the VP8 frame header clear and the rest
    // garbage: the decoder rejects nearly every frame (now and then libvpx
    // takes a garbage key frame, seen once in ~200: allow a few percent).
    let (decoded, received) = streams.iter().fold((0, 0), |(d, r), s| {
        (d + u(s, "framesDecoded"), r + u(s, "framesReceived"))
    });
    assert!(
        received >= 60 && decoded * 20 <= received,
        "C, with another key, must fail to decode the encrypted video \
         (at most 5% of {received} frames received; decoded {decoded}): {}",
        m["inbound"]
    );
    // A and B still decode each other, nearly every frame (the room is
    // fine, only C is locked out).
    for page in [&a, &b] {
        let m = media(page).await;
        let keyed = inbound(&m);
        let (decoded, received) = keyed.iter().fold((0, 0), |(d, r), s| {
            (d + u(s, "framesDecoded"), r + u(s, "framesReceived"))
        });
        assert!(
            decoding(&m, "video/VP8") == 1 && decoded * 10 >= received * 8,
            "page {} decodes the other keyed peer's video, at least 80% of its frames: {}",
            page.label,
            m["inbound"]
        );
    }
    server.assert_alive();
    for page in [&mut a, &mut b, &mut c] {
        page.close().await;
    }
    say(&format!(
        "e2eKey checked in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
}

#[test]
fn mixed_room_with_the_reference_client() {
    serial(mixed_room_body());
}

async fn mixed_room_body() {
    let started = Instant::now();
    let dist = build_dist(&dist_dir(), Bundle::Test);
    let mut server = Server::start(dist.path());
    let driver = Driver::start();
    let room = unique_room("mixed");
    let mut reference = driver.browser("Ref").await;
    let mut vp9 = driver.browser("Vp9").await;
    let mut viewer = driver.browser("Viewer").await;
    reference
        .goto(&format!(
            "{}/ref/?roomId={room}&displayName=Ref&peerId=refpeer",
            server.base_url
        ))
        .await;
    vp9.goto(&format!(
        "{}&forceVP9=true&svc=L3T3",
        server.room_url(&room, "Vp9")
    ))
    .await;
    viewer
        .goto(&format!(
            "{}&produce=false",
            server.room_url(&room, "Viewer")
        ))
        .await;

    let (t, m) = wait_media(
        &reference,
        "the reference page decoding our VP9",
        MEDIA_TIMEOUT,
        |m| decoding(m, "video/VP9") >= 1,
    )
    .await;
    say(&format!(
        "mixed: Ref decodes VP9 after {:.1} s: {}",
        t.as_secs_f64(),
        m["inbound"]
    ));
    let (t, m) = wait_media(
        &vp9,
        "Vp9 decoding the reference's VP8",
        MEDIA_TIMEOUT,
        |m| decoding(m, "video/VP8") >= 1,
    )
    .await;
    say(&format!(
        "mixed: Vp9 decodes Ref after {:.1} s: {}; sends {}",
        t.as_secs_f64(),
        m["inbound"],
        m["outbound"]
    ));
    let outbound = m["outbound"].as_array().cloned().unwrap_or_default();
    assert!(
        outbound.len() == 1
            && outbound[0]["codec"] == "video/VP9"
            && outbound[0]["scalabilityMode"] == "L3T3",
        "Vp9 sends one VP9 L3T3 stream: {outbound:?}"
    );
    let (t, m) = wait_media(&viewer, "Viewer decoding both", MEDIA_TIMEOUT, |m| {
        decoding(m, "video/VP8") >= 1 && decoding(m, "video/VP9") >= 1
    })
    .await;
    say(&format!(
        "mixed: Viewer (produce=false) decodes both after {:.1} s: {}",
        t.as_secs_f64(),
        m["inbound"]
    ));
    assert!(
        m["outbound"].as_array().is_none_or(Vec::is_empty),
        "produce=false sends nothing: {}",
        m["outbound"]
    );
    for page in [&vp9, &viewer] {
        let s = page.snapshot().await;
        page.assert_no_error(&s);
    }
    server.assert_alive();
    for page in [&mut reference, &mut vp9, &mut viewer] {
        page.close().await;
    }
    say(&format!(
        "mixed room checked in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
}
