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

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use e2e::{dist_dir, Driver, Server, Snapshot, TempDir};
use serde_json::Value;

const MEDIA_TIMEOUT: Duration = Duration::from_secs(25);
const NPM_TIMEOUT: Duration = Duration::from_secs(300);

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e-refclient: {msg}");
}

fn refclient_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/refclient")
}

/// Runs a command with a deadline; panics with its output on failure.
fn run(what: &str, cmd: &mut Command, timeout: Duration, hint: &str) {
    let started = Instant::now();
    let mut child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start {:?}: {e}. {hint}", cmd.get_program()));
    // Read the pipes on threads so a chatty child cannot block.
    let read = |r: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            if let Some(mut r) = r {
                let _ = r.read_to_string(&mut s);
            }
            s
        })
    };
    let out = read(
        child
            .stdout
            .take()
            .map(|r| Box::new(r) as Box<dyn std::io::Read + Send>),
    );
    let err = read(
        child
            .stderr
            .take()
            .map(|r| Box::new(r) as Box<dyn std::io::Read + Send>),
    );
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: no result within {} s. {hint}", timeout.as_secs());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (out, err) = (
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    );
    assert!(
        status.success(),
        "{what} failed ({status}). {hint}\n--- stdout ---\n{out}\n--- stderr ---\n{err}"
    );
}

fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// `npm ci` in tests/refclient unless node_modules matches package-lock.json.
fn npm_install(dir: &Path) {
    let installed = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let current = matches!(
        (modified(&installed), modified(&lock)),
        (Some(i), Some(l)) if i >= l
    ) && dir.join("node_modules/.bin/esbuild").exists()
        && dir
            .join("node_modules/mediasoup-client/package.json")
            .exists();
    if current {
        say("node_modules is current (npm ci skipped)");
        return;
    }
    let started = Instant::now();
    run(
        "npm ci (tests/refclient: mediasoup-client + esbuild)",
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(dir),
        NPM_TIMEOUT,
        "The reference-client test needs the npm registry (registry.npmjs.org) or a node_modules \
         pre-installed with `npm ci` in server/tests/refclient (`cargo xtask setup`), and node (>= 18) \
         with npm on PATH.",
    );
    say(&format!(
        "npm ci took {:.1} s",
        started.elapsed().as_secs_f64()
    ));
}

/// A dist dir with our client at `/` and the bundled reference page at `/ref/`.
fn build_dist(ours: &Path) -> TempDir {
    let dir = refclient_dir();
    npm_install(&dir);
    let dist = TempDir::new("refclient-dist");
    copy_dir(ours, dist.path());
    let ref_dir = dist.path().join("ref");
    std::fs::create_dir_all(&ref_dir).expect("create ref/");
    std::fs::copy(dir.join("index.html"), ref_dir.join("index.html")).expect("copy index.html");
    let started = Instant::now();
    run(
        "esbuild (bundling tests/refclient/main.js)",
        Command::new(dir.join("node_modules/.bin/esbuild"))
            .arg("main.js")
            .args(["--bundle", "--format=iife", "--target=chrome110"])
            .arg(format!("--outfile={}", ref_dir.join("bundle.js").display()))
            .arg("--log-level=warning")
            .current_dir(&dir),
        Duration::from_secs(60),
        "esbuild comes from tests/refclient/node_modules (npm ci).",
    );
    say(&format!(
        "bundled the reference page in {:.2} s",
        started.elapsed().as_secs_f64()
    ));
    dist
}

fn copy_dir(from: &Path, to: &Path) {
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

fn media_and_tile(s: &Snapshot, name: &str) -> bool {
    s.decoding_videos() >= 1 && s.audios_with_bytes() >= 1 && s.has_tile(name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reference_client_and_ours_exchange_media() {
    let started = Instant::now();
    let dist = build_dist(&dist_dir());
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
