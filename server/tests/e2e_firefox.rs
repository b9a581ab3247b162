//! Firefox in the browser end-to-end tests (issue 12, item 3): Debian's
//! `firefox-esr` through geckodriver, next to Chromium, against the real
//! server and client (dist/). Firefox gathers no loopback candidates, so every
//! test runs in a network namespace of its own (`e2e::firefox::Netns`): the
//! server announces the namespace's veth address, pages open
//! `http://127.0.0.1:<port>` there (a secure context).
//!
//! Run only this file (as root; needs dist/ like e2e_browser, Debian's
//! firefox-esr, chromium, chromium-driver, coturn, iproute2, and
//! `cargo install geckodriver --version 0.37.1 --locked`; the Firefox room
//! features test also Debian's xvfb):
//!   cargo test -p stunroom-server --test e2e_firefox -- --nocapture
//!
//! Cases:
//!  - a room of two Firefox pages and one Chromium page, media direct: every
//!    page decodes both others' video (inbound-rtp framesDecoded > 0) and
//!    receives their audio (bytesReceived > 0), over host candidates;
//!  - the same relayed through coturn (Debian's `turnserver`, the server's
//!    `/api/ice` in ephemeral mode with `use-auth-secret`): every selected
//!    candidate pair of every page is a relay candidate over UDP;
//!  - the SDP capture for the core's golden tests (`#[ignore]`d; see
//!    client/tests/fixtures/firefox/README.md).
//!
//! The room features test in Firefox is `room_features_three_peers_firefox`
//! in e2e_room_features.rs.

mod e2e;

use std::future::Future;
use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use e2e::firefox::{self, Netns};
use e2e::{dist_dir, free_port, repo_root, Browser, Driver, Server, Snapshot, TempDir};
use serde_json::{json, Value};

/// Runs one test body in a fresh network namespace, one test at a time.
fn serial<F: Future>(body: F) -> F::Output {
    let _serial = e2e::serial_guard();
    let ns = Netns::create();
    say(&format!(
        "network namespace {} ({} and {}); {}",
        ns.name(),
        Netns::SERVER_IP,
        Netns::PEER_IP,
        firefox::firefox_version()
    ));
    ns.run(body)
}

/// From navigation to every page decoding and hearing the others.
const MEDIA_TIMEOUT: Duration = Duration::from_secs(40);
const TURN_SECRET: &str = "firefox-test-shared-secret";

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e_firefox: {msg}");
}

fn unique_room(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("ff-{tag}-{}-{nanos}", std::process::id())
}

/// The server inside the namespace: HTTP on 127.0.0.1, media on SERVER_IP.
fn start_server(dist: &Path, extra_args: &[&str]) -> Server {
    Server::start_in(
        &[],
        dist,
        &[
            "--listen",
            "127.0.0.1:0",
            "--rtc-listen-ip",
            Netns::SERVER_IP,
            "--announced-ip",
            Netns::SERVER_IP,
        ],
        extra_args,
    )
}

// ---------------------------------------------------------------------------
// coturn on SERVER_IP (inside the namespace)

/// coturn with `use-auth-secret`; killed on drop, its log printed if the test failed.
struct Coturn {
    port: u16,
    child: Child,
    log: PathBuf,
    _dir: TempDir,
}

impl Coturn {
    fn start() -> Coturn {
        let bin = std::env::var_os("STUNROOM_E2E_TURNSERVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/turnserver"));
        assert!(
            bin.is_file(),
            "{} not found: install Debian's coturn (`cargo xtask setup` does)",
            bin.display()
        );
        let dir = TempDir::new("coturn-ff");
        let log = dir.path().join("turnserver.log");
        let port = free_port();
        let mut cmd = Command::new(&bin);
        cmd.arg("-n")
            .arg(format!("--listening-port={port}"))
            .arg(format!("--listening-ip={}", Netns::SERVER_IP))
            .arg(format!("--relay-ip={}", Netns::SERVER_IP))
            .args([
                "--no-cli",
                "--no-tls",
                "--no-dtls",
                "--realm=stunroom",
                "--fingerprint",
                "--simple-log",
                "--no-stdout-log",
                "--verbose",
                "--use-auth-secret",
            ])
            .arg(format!("--static-auth-secret={TURN_SECRET}"))
            .arg(format!("--log-file={}", log.display()))
            .arg(format!(
                "--pidfile={}",
                dir.path().join("turnserver.pid").display()
            ))
            .arg(format!("--db={}", dir.path().join("turndb").display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let mut turn = Coturn {
            port,
            child,
            log,
            _dir: dir,
        };
        let ip: std::net::IpAddr = Netns::SERVER_IP.parse().expect("SERVER_IP");
        let addr = SocketAddr::new(ip, port);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = turn.child.try_wait() {
                panic!(
                    "turnserver exited ({status}) at start; log:\n{}",
                    turn.log_text()
                );
            }
            assert!(
                Instant::now() < deadline,
                "turnserver did not listen on {addr} within 10 s; log:\n{}",
                turn.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(200));
        turn
    }

    fn url(&self) -> String {
        format!("turn:{}:{}?transport=udp", Netns::SERVER_IP, self.port)
    }

    fn log_text(&self) -> String {
        // coturn may add a date to the name given with --log-file.
        let mut text = std::fs::read_to_string(&self.log).unwrap_or_default();
        if text.is_empty() {
            if let Some(dir) = self.log.parent() {
                for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.starts_with("turnserver") && name.ends_with(".log") {
                        text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
                    }
                }
            }
        }
        text
    }

    fn allocations(&self) -> usize {
        self.log_text()
            .matches("ALLOCATE processed, success")
            .count()
    }
}

impl Drop for Coturn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = self.log_text();
            let tail: Vec<&str> = log.lines().rev().take(60).collect();
            eprintln!("--- turnserver log (last lines) ---");
            for line in tail.into_iter().rev() {
                eprintln!("{line}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The mixed room

/// Which path the media must take.
#[derive(Clone, Copy, PartialEq)]
enum Route {
    /// Host candidates to the server's announced address.
    Direct,
    /// Every selected pair's local candidate a relay over UDP.
    Relay,
}

/// Whether every peer connection's selected pair takes `path`.
fn pairs_ok(pairs: &[Value], path: Route) -> bool {
    !pairs.is_empty()
        && pairs.iter().all(|p| {
            let local_ok = match path {
                Route::Direct => p["local"]["type"] == "host",
                Route::Relay => {
                    p["local"]["type"] == "relay" && p["local"]["relayProtocol"] == "udp"
                }
            };
            local_ok && p["remote"]["address"] == Netns::SERVER_IP
        })
}

/// Waits until `page` decodes the video and receives the audio of every name
/// in `others`, over `path`; returns the time since `start`.
async fn wait_media(
    page: &Browser,
    others: &[&str],
    start: Instant,
    path: Route,
) -> (Duration, Snapshot, Vec<Value>) {
    let n = others.len();
    loop {
        let s = page.snapshot().await;
        page.assert_no_error(&s);
        let pairs = page.selected_pairs().await;
        let media = s.decoding_videos() >= n
            && s.audios_with_bytes() >= n
            && others.iter().all(|o| s.has_tile(o));
        let path_ok = pairs_ok(&pairs, path);
        if media && path_ok {
            return (start.elapsed(), s, pairs);
        }
        if start.elapsed() >= MEDIA_TIMEOUT {
            panic!(
                "page {}: within {} s wanted tiles of {others:?} with {n} inbound videos decoding and {n} inbound audios \
                 with bytes ({media}), every selected pair {} to {} ({path_ok}); last probe: {}; selected pairs: {}",
                page.label,
                MEDIA_TIMEOUT.as_secs(),
                match path {
                    Route::Direct => "from a host candidate",
                    Route::Relay => "from a relay candidate over UDP",
                },
                Netns::SERVER_IP,
                s.summary(),
                Value::Array(pairs)
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Two Firefox pages (F1, F2) and one Chromium page (C) in one room, each
/// decoding and hearing the two others over `path`.
async fn mixed_room(server: &mut Server, room: &str, path: Route) {
    let t0 = Instant::now();
    let driver = Driver::start();
    let (mut f1, mut f2, mut c) = tokio::join!(
        firefox::browser("F1"),
        firefox::browser("F2"),
        driver.browser("C")
    );
    say(&format!(
        "2 Firefox and 1 Chromium sessions up after {:.1} s",
        t0.elapsed().as_secs_f64()
    ));
    let nav = Instant::now();
    let (u1, u2, u3) = (
        server.room_url(room, "F1"),
        server.room_url(room, "F2"),
        server.room_url(room, "C"),
    );
    tokio::join!(
        firefox::goto_app(&f1, &u1),
        firefox::goto_app(&f2, &u2),
        firefox::goto_app(&c, &u3)
    );
    let names = ["F1", "F2", "C"];
    for page in [&f1, &f2, &c] {
        let others: Vec<&str> = names.iter().copied().filter(|n| *n != page.label).collect();
        let (t, s, pairs) = wait_media(page, &others, nav, path).await;
        say(&format!(
            "page {}: decodes and hears {others:?} {:.1} s after navigation ({}); selected pairs {}",
            page.label,
            t.as_secs_f64(),
            s.summary(),
            Value::Array(pairs)
        ));
    }
    server.assert_alive();
    tokio::join!(f1.close(), f2.close(), c.close());
}

#[test]
fn firefox_and_chromium_in_one_room_direct() {
    serial(async {
        let dist = dist_dir();
        let mut server = start_server(&dist, &[]);
        say(&format!("server at {}", server.base_url));
        mixed_room(&mut server, &unique_room("direct"), Route::Direct).await;
    });
}

#[test]
fn firefox_and_chromium_in_one_room_relayed() {
    serial(async {
        let dist = dist_dir();
        let turn = Coturn::start();
        let turn_url = turn.url();
        let mut server = start_server(
            &dist,
            &[
                "--ice-mode",
                "ephemeral",
                "--turn-urls",
                &turn_url,
                "--turn-secret",
                TURN_SECRET,
            ],
        );
        say(&format!(
            "server at {}, coturn (use-auth-secret) at {turn_url}",
            server.base_url
        ));
        mixed_room(&mut server, &unique_room("relay"), Route::Relay).await;
        assert!(
            turn.allocations() >= 3,
            "coturn's log shows {} successful allocations, expected one per page at least",
            turn.allocations()
        );
    });
}

// ---------------------------------------------------------------------------
// SDP capture for the core's golden tests (item 4)

/// Wraps the page's RTCPeerConnection methods to record every SDP the client
/// and Firefox exchange (in order, per connection), and the transceivers the
/// client adds with their `sendEncodings`.
const HOOK_JS: &str = r#"
const done = arguments[arguments.length - 1];
if (!window.__sdpLog) {
  const log = window.__sdpLog = [];
  const ids = new WeakMap();
  let next = 0;
  const id = pc => { if (!ids.has(pc)) ids.set(pc, next++); return ids.get(pc); };
  const P = RTCPeerConnection.prototype;
  for (const op of ['createOffer', 'createAnswer']) {
    const orig = P[op];
    P[op] = async function (...a) {
      const d = await orig.apply(this, a);
      log.push({ pc: id(this), op, type: d.type, sdp: d.sdp, options: a[0] || null });
      return d;
    };
  }
  for (const op of ['setLocalDescription', 'setRemoteDescription']) {
    const orig = P[op];
    P[op] = function (d, ...rest) {
      log.push({ pc: id(this), op, type: d ? d.type : null, sdp: d ? d.sdp : null });
      return orig.call(this, d, ...rest);
    };
  }
  const origAdd = P.addTransceiver;
  P.addTransceiver = function (trackOrKind, init) {
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind;
    const plain = init ? { direction: init.direction || null, sendEncodings: init.sendEncodings || null } : null;
    log.push({ pc: id(this), op: 'addTransceiver', kind, init: JSON.parse(JSON.stringify(plain)) });
    return origAdd.call(this, trackOrKind, init);
  };
}
done(true);
"#;

/// mediasoup-client 3.24.1's Firefox120 `getNativeRtpCapabilities` probe
/// (lib/handlers/Firefox120.js), for `direction` = `arguments[0]`: its offer.
const MEDIASOUP_PROBE_JS: &str = r#"
const done = arguments[arguments.length - 1];
const direction = arguments[0];
(async () => {
  const pc = new RTCPeerConnection({ iceServers: [], iceTransportPolicy: 'all',
                                     bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  const canvas = document.createElement('canvas');
  canvas.getContext('2d');
  const fakeStream = canvas.captureStream();
  const fakeVideoTrack = fakeStream.getVideoTracks()[0];
  pc.addTransceiver('audio', { direction });
  pc.addTransceiver(fakeVideoTrack, { direction,
    sendEncodings: [{ rid: 'r0', maxBitrate: 100000 }, { rid: 'r1', maxBitrate: 500000 }] });
  const offer = await pc.createOffer();
  fakeVideoTrack.stop();
  pc.close();
  return offer.sdp;
})().then(done, e => done({ probeError: String(e && e.stack || e) }));
"#;

async fn click(page: &Browser, css: &str) {
    let el = tokio::time::timeout(
        Duration::from_secs(10),
        page.client().find(fantoccini::Locator::Css(css)),
    )
    .await
    .unwrap_or_else(|_| panic!("page {}: finding {css} took over 10 s", page.label))
    .unwrap_or_else(|e| panic!("page {}: no element {css}: {e}", page.label));
    tokio::time::timeout(Duration::from_secs(10), el.click())
        .await
        .unwrap_or_else(|_| panic!("page {}: clicking {css} took over 10 s", page.label))
        .unwrap_or_else(|e| panic!("page {}: cannot click {css}: {e}", page.label));
}

async fn exec(page: &Browser, what: &str, script: &str, args: Vec<Value>) -> Value {
    let v = tokio::time::timeout(
        Duration::from_secs(15),
        page.client().execute_async(script, args),
    )
    .await
    .unwrap_or_else(|_| panic!("page {}: {what} hung for 15 s", page.label))
    .unwrap_or_else(|e| panic!("page {}: {what} failed: {e}", page.label));
    if let Some(err) = v.get("probeError") {
        panic!("page {}: {what} threw: {err}", page.label);
    }
    v
}

/// Captures what Firefox and the client exchange on a send transport (mic,
/// then camera with three simulcast encodings) and a receive transport (a
/// second Firefox page's audio and video, plus the probator), and
/// mediasoup-client's own Firefox probes, into client/tests/fixtures/firefox/.
/// The hooks go in after the first join; the page then drops its signaling
/// and rejoins by itself on new connections, which the hooks record.
#[test]
#[ignore = "writes client/tests/fixtures/firefox/; run by hand when Firefox changes"]
fn capture_firefox_sdp_for_golden_tests() {
    serial(async {
        let dist = dist_dir();
        let mut server = start_server(&dist, &[]);
        let room = unique_room("capture");
        // F shares its screen below: a window on an X display.
        let xvfb = firefox::Xvfb::start(1280, 800);
        let (mut f, mut g) = tokio::join!(
            firefox::browser_with("F", Some(&xvfb), json!({})),
            firefox::browser("G")
        );
        let (uf, ug) = (server.room_url(&room, "F"), server.room_url(&room, "G"));
        tokio::join!(firefox::goto_app(&f, &uf), firefox::goto_app(&g, &ug));
        let start = Instant::now();
        wait_media(&f, &["G"], start, Route::Direct).await;
        wait_media(&g, &["F"], start, Route::Direct).await;

        exec(&f, "installing the SDP hooks", HOOK_JS, vec![]).await;
        exec(
            &f,
            "marking the first connections",
            "const done = arguments[0]; (window.stunroomPeerConnections || []).forEach(pc => { pc.__old = true; }); done(true);",
            vec![],
        )
        .await;
        exec(
            &f,
            "dropping the signaling",
            "const done = arguments[0]; window.stunroomDropSignaling(); done(true);",
            vec![],
        )
        .await;
        let rejoin = Instant::now();
        let new_pcs = "const done = arguments[0]; const pcs = window.stunroomPeerConnections || []; done(pcs.length > 0 && pcs.every(pc => !pc.__old));";
        loop {
            let fresh = exec(&f, "checking for new connections", new_pcs, vec![]).await;
            if fresh == json!(true) {
                let (_, s, _) = wait_media(&f, &["G"], rejoin, Route::Direct).await;
                if s.state.as_deref() == Some("joined") {
                    break;
                }
            }
            assert!(
                rejoin.elapsed() < MEDIA_TIMEOUT,
                "page F: no rejoin on new peer connections within {} s",
                MEDIA_TIMEOUT.as_secs()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        // Let the camera's produce round finish (it follows the mic's).
        tokio::time::sleep(Duration::from_secs(2)).await;

        // Screen share, stop, share again, stop: a send section closed, then
        // a new one after it.
        for round in 1..=2 {
            for (on, what) in [(true, "shows"), (false, "no longer shows")] {
                click(&f, "#toggle-share").await;
                let step = Instant::now();
                loop {
                    let shown = exec(
                        &g,
                        "looking for F's screen tile",
                        "const done = arguments[0]; const v = document.querySelector('.tile.remote[data-source=\"screen\"] video'); done(!!v && v.videoWidth > 0);",
                        vec![],
                    )
                    .await;
                    if shown == json!(on) {
                        break;
                    }
                    assert!(
                        step.elapsed() < Duration::from_secs(20),
                        "page G {what} F's screen tile within 20 s (round {round})"
                    );
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                say(&format!(
                    "screen share round {round}: G {what} F's screen after {:.1} s",
                    step.elapsed().as_secs_f64()
                ));
                // The renegotiation after the stop may still be under way.
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }

        let log = exec(
            &f,
            "reading the SDP log",
            "arguments[0](window.__sdpLog || []);",
            vec![],
        )
        .await;
        let senders = exec(
            &f,
            "reading the senders",
            r#"const done = arguments[0]; done((window.stunroomPeerConnections || []).map(pc => pc.getTransceivers().map(t => ({
                 mid: t.mid, direction: t.direction, kind: t.sender.track ? t.sender.track.kind : (t.receiver.track ? t.receiver.track.kind : null),
                 encodings: t.sender.getParameters().encodings || [] }))));"#,
            vec![],
        )
        .await;
        let ua = exec(
            &f,
            "reading the user agent",
            "arguments[0](navigator.userAgent);",
            vec![],
        )
        .await;
        let probe_recv = exec(
            &f,
            "mediasoup-client probe recvonly",
            MEDIASOUP_PROBE_JS,
            vec![json!("recvonly")],
        )
        .await;
        let probe_send = exec(
            &f,
            "mediasoup-client probe sendonly",
            MEDIASOUP_PROBE_JS,
            vec![json!("sendonly")],
        )
        .await;
        server.assert_alive();
        tokio::join!(f.close(), g.close());

        write_fixtures(&log, &senders, &ua, &probe_recv, &probe_send);
    });
}

fn sdp_text(v: &Value, what: &str) -> String {
    let sdp = v
        .as_str()
        .unwrap_or_else(|| panic!("{what}: no SDP text in {v}"));
    assert!(sdp.starts_with("v=0"), "{what}: not an SDP: {sdp:?}");
    sdp.to_owned()
}

/// One line per m-section: kind, mid, direction, port 0 / bundle-only,
/// simulcast rids.
fn sections(sdp: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for block in sdp.split("\r\nm=").skip(1) {
        let mut lines = block.split("\r\n");
        let m = lines.next().unwrap_or_default();
        let mut parts = m.split(' ');
        let kind = parts.next().unwrap_or("?");
        let port = parts.next().unwrap_or("?");
        let (mut mid, mut dir, mut extra) = ("?".to_owned(), String::new(), Vec::new());
        for l in lines {
            if let Some(v) = l.strip_prefix("a=mid:") {
                mid = v.to_owned();
            } else if matches!(l, "a=sendonly" | "a=recvonly" | "a=sendrecv" | "a=inactive") {
                dir = l[2..].to_owned();
            } else if l == "a=bundle-only" {
                extra.push("bundle-only".to_owned());
            } else if let Some(v) = l.strip_prefix("a=simulcast:") {
                extra.push(format!("simulcast {v}"));
            }
        }
        if port == "0" {
            extra.insert(0, "port 0".to_owned());
        }
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(" ({})", extra.join(", "))
        };
        out.push(
            format!("{kind} mid {mid} {dir}{extra}")
                .trim_end()
                .to_owned(),
        );
    }
    out.join("; ")
}

fn write_fixtures(
    log: &Value,
    senders: &Value,
    ua: &Value,
    probe_recv: &Value,
    probe_send: &Value,
) {
    let events = log.as_array().cloned().unwrap_or_default();
    let first_pc = |op: &str, ty: Option<&str>| {
        events
            .iter()
            .filter(|e| e["op"] == op && ty.is_none_or(|t| e["type"] == t))
            .find_map(|e| e["pc"].as_u64())
    };
    // The send connection is the one that gets answers; the receive
    // connection the one Firefox answers on; the client's probe the one with
    // an offer and nothing else.
    let send_pc = first_pc("setRemoteDescription", Some("answer")).unwrap_or_else(|| {
        panic!("no send connection (setRemoteDescription(answer)) in the log: {log}")
    });
    let recv_pc = first_pc("createAnswer", None)
        .unwrap_or_else(|| panic!("no receive connection (createAnswer) in the log: {log}"));
    let probe_pc = events
        .iter()
        .filter(|e| e["op"] == "createOffer")
        .filter_map(|e| e["pc"].as_u64())
        .find(|pc| *pc != send_pc && *pc != recv_pc);

    // (file name, what it is, SDP)
    let mut files: Vec<(String, String, String)> = Vec::new();
    if let Some(e) = probe_pc.and_then(|pc| {
        events
            .iter()
            .find(|e| e["pc"] == pc && e["op"] == "createOffer")
    }) {
        files.push((
            "client_probe_offer.sdp".into(),
            "the client's probe for Device::load: createOffer".into(),
            sdp_text(&e["sdp"], "client probe"),
        ));
    }
    // send_answer_N answers send_offer_N (the offer last applied with
    // setLocalDescription); an offer the client did not apply has no answer.
    let (mut offer_n, mut applied_n, mut recv_n) = (0, 0, 0);
    let mut offers: Vec<String> = Vec::new();
    let mut applied: Vec<usize> = Vec::new();
    for e in &events {
        let pc = e["pc"].as_u64();
        let op = e["op"].as_str().unwrap_or_default();
        let sdp = e["sdp"].as_str().unwrap_or_default();
        let (name, what) = match (pc == Some(send_pc), pc == Some(recv_pc), op) {
            (true, _, "createOffer") => {
                offer_n += 1;
                offers.push(sdp.to_owned());
                (
                    format!("send_offer_{offer_n}.sdp"),
                    "send connection: Firefox's createOffer",
                )
            }
            (true, _, "setLocalDescription") => {
                applied_n = offers
                    .iter()
                    .rposition(|o| o == sdp)
                    .map_or(offer_n, |i| i + 1);
                applied.push(applied_n);
                continue;
            }
            (true, _, "setRemoteDescription") => (
                format!("send_answer_{applied_n}.sdp"),
                "send connection: the core's answer (setRemoteDescription)",
            ),
            (_, true, "setRemoteDescription") => {
                recv_n += 1;
                (
                    format!("recv_offer_{recv_n}.sdp"),
                    "receive connection: the core's offer (setRemoteDescription)",
                )
            }
            (_, true, "createAnswer") => (
                format!("recv_answer_{recv_n}.sdp"),
                "receive connection: Firefox's createAnswer",
            ),
            (_, true, "setLocalDescription") => (
                format!("recv_local_answer_{recv_n}.sdp"),
                "receive connection: the answer the client applied (setLocalDescription)",
            ),
            _ => continue,
        };
        let text = sdp_text(&e["sdp"], &name);
        files.push((name, what.to_owned(), text));
    }
    for n in (1..=offers.len()).filter(|n| !applied.contains(n)) {
        if let Some(f) = files
            .iter_mut()
            .find(|f| f.0 == format!("send_offer_{n}.sdp"))
        {
            f.1.push_str(" (not applied: nothing to change)");
        }
    }
    let simulcast = offers
        .iter()
        .any(|s| s.contains("a=simulcast:send r0;r1;r2"));
    assert!(
        simulcast,
        "no send offer with `a=simulcast:send r0;r1;r2` among {} offers: {offers:?}",
        offers.len()
    );
    assert!(recv_n > 0, "no receive offer captured: {log}");
    files.push((
        "mediasoup_probe_recvonly.sdp".into(),
        "mediasoup-client 3.24.1 Firefox120 probe, recvonly".into(),
        sdp_text(probe_recv, "probe recvonly"),
    ));
    files.push((
        "mediasoup_probe_sendonly.sdp".into(),
        "mediasoup-client 3.24.1 Firefox120 probe, sendonly".into(),
        sdp_text(probe_send, "probe sendonly"),
    ));

    let dir = repo_root().join("client/tests/fixtures/firefox");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    // No stale SDP from an earlier capture.
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if entry.path().extension().is_some_and(|x| x == "sdp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    };
    let mut index = String::from(
        "# Written by capture_firefox_sdp_for_golden_tests (server/tests/e2e_firefox.rs), in capture order.\n",
    );
    for (name, what, sdp) in &files {
        write(name, sdp);
        index.push_str(&format!("{name}: {what}: {}\n", sections(sdp)));
    }
    write("index.txt", &index);
    write(
        "user_agent.txt",
        &format!("{}\n", ua.as_str().unwrap_or_default()),
    );
    let record = json!({
        "sendConnection": send_pc,
        "recvConnection": recv_pc,
        "probeConnection": probe_pc,
        "events": events,
        "transceiversAtEnd": senders,
    });
    write(
        "capture_log.json",
        &format!("{}\n", serde_json::to_string_pretty(&record).expect("JSON")),
    );
    say(&format!(
        "wrote {} SDP files, index.txt, user_agent.txt and capture_log.json to {}:\n{index}",
        files.len(),
        dir.display()
    ));
}
