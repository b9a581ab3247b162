//! Support for the browser end-to-end tests: the real server binary, one
//! chromedriver, headless Chromium sessions with fake camera/microphone, and
//! the page probe (getStats over `window.stunroomPeerConnections` + DOM state).
//!
//! Every child process runs in its own process group and is killed (with the
//! whole group, so Chromium's helpers go too) when its guard drops, also when a
//! test panics. Every wait has a deadline.

#![allow(dead_code)] // not every test binary uses every helper

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

pub mod firefox;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("server crate lives one level below the repo root")
        .to_path_buf()
}

/// `dist/` built by trunk (override: `STUNROOM_E2E_DIST`); fails clearly if missing.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("STUNROOM_E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "{} is missing: the browser e2e test needs the built client. \
         Run `cargo xtask test` (builds it first) or `cargo xtask dist` in {}",
        dist.join("index.html").display(),
        repo_root().display()
    );
    dist
}

fn env_or(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

/// A fresh, unique temporary directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let dir = std::env::temp_dir().join(format!(
            "stunroom-{tag}-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------
// Child processes

extern "C" {
    fn kill(pid: i32, sig: i32) -> i32;
}
const SIGKILL: i32 = 9;

/// A child process (leader of its own process group); the group is killed on drop.
pub struct ChildGuard {
    name: &'static str,
    child: Child,
}

impl ChildGuard {
    pub fn spawn(name: &'static str, cmd: &mut Command) -> ChildGuard {
        cmd.process_group(0);
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name} ({:?}): {e}", cmd.get_program()));
        ChildGuard { name, child }
    }

    /// `Some(status)` if the process has exited.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let pid = self.child.id() as i32;
        // SAFETY: plain kill(2) on the process group we created for this child.
        unsafe {
            kill(-pid, SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = self.name;
    }
}

/// Last lines a child printed, for failure messages.
#[derive(Clone, Default)]
pub struct LogTail(Arc<Mutex<VecDeque<String>>>);

impl LogTail {
    const KEEP: usize = 80;
    fn push(&self, line: String) {
        let mut q = self.0.lock().unwrap();
        if q.len() == Self::KEEP {
            q.pop_front();
        }
        q.push_back(line);
    }
    pub fn dump(&self) -> String {
        let q = self.0.lock().unwrap();
        q.iter().map(|l| format!("    {l}\n")).collect()
    }
}

/// Line matcher plus where to send its first hit.
type Watch = (fn(&str) -> Option<String>, mpsc::Sender<String>);

/// Forwards a child's output line by line to the test's stderr (captured by
/// libtest unless --nocapture) and the tail buffer; optionally reports the
/// first line for which `watch` returns Some.
fn pump<R: std::io::Read + Send + 'static>(
    prefix: &'static str,
    r: R,
    tail: LogTail,
    watch: Option<Watch>,
) {
    std::thread::spawn(move || {
        let mut watch = watch;
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            eprintln!("[{prefix}] {line}");
            if let Some((f, tx)) = &watch {
                if let Some(hit) = f(&line) {
                    let _ = tx.send(hit);
                    watch = None;
                }
            }
            tail.push(line);
        }
    });
}

// ---------------------------------------------------------------------------
// The server

pub struct Server {
    pub base_url: String,
    pub logs: LogTail,
    child: ChildGuard,
}

impl Server {
    /// Starts the real `stunroom` binary on a free loopback port and waits for
    /// its `stunroom listening on http://<addr>` line.
    pub fn start(dist: &Path) -> Server {
        Self::start_with(dist, &[])
    }

    /// Like [`Server::start`], with extra flags (e.g. the ICE mode).
    pub fn start_with(dist: &Path, extra_args: &[&str]) -> Server {
        let net_args = [
            "--listen",
            "127.0.0.1:0",
            "--rtc-listen-ip",
            "127.0.0.1",
            "--announced-ip",
            "127.0.0.1",
        ];
        Self::start_in(&[], dist, &net_args, extra_args)
    }

    /// Like [`Server::start_with`], run through `prefix` (e.g. `ip netns exec
    /// NAME`) and with `net_args` (`--listen`, `--rtc-listen-ip`,
    /// `--announced-ip`) instead of the loopback ones.
    pub fn start_in(
        prefix: &[&str],
        dist: &Path,
        net_args: &[&str],
        extra_args: &[&str],
    ) -> Server {
        let bin = env!("CARGO_BIN_EXE_stunroom");
        let mut cmd = match prefix.split_first() {
            Some((program, rest)) => {
                let mut cmd = Command::new(program);
                cmd.args(rest).arg(bin);
                cmd
            }
            None => Command::new(bin),
        };
        cmd.args(net_args)
            .args(["--rtc-port", "0"])
            .args(if extra_args.contains(&"--workers") {
                &[][..]
            } else {
                &["--workers", "1"][..]
            })
            .arg("--dist-dir")
            .arg(dist)
            .args(extra_args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = ChildGuard::spawn("stunroom server", &mut cmd);
        let logs = LogTail::default();
        let (tx, rx) = mpsc::channel();
        fn listening(line: &str) -> Option<String> {
            line.split_once("stunroom listening on ")
                .map(|(_, url)| url.trim().trim_end_matches('/').to_owned())
        }
        let stdout = child.child.stdout.take().unwrap();
        let stderr = child.child.stderr.take().unwrap();
        pump("server", stdout, logs.clone(), Some((listening, tx)));
        pump("server", stderr, logs.clone(), None);

        let deadline = Instant::now() + Duration::from_secs(60);
        let base_url = loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(url) => break url,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    // stdout closed without the line: the server exited.
                    std::thread::sleep(Duration::from_millis(200));
                    panic!(
                        "the server exited ({:?}) before printing `stunroom listening on http://...`; its output:\n{}",
                        child.exited(),
                        logs.dump()
                    );
                }
            }
            if let Some(status) = child.exited() {
                std::thread::sleep(Duration::from_millis(200));
                panic!(
                    "the server exited ({status}) before printing `stunroom listening on http://...`; its output:\n{}",
                    logs.dump()
                );
            }
            assert!(
                Instant::now() < deadline,
                "the server printed no `stunroom listening on http://...` line within 60 s; its output:\n{}",
                logs.dump()
            );
        };
        assert!(
            base_url.starts_with("http://"),
            "unexpected listening line, url {base_url:?}"
        );
        Server {
            base_url,
            logs,
            child,
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.child.id()
    }

    /// `GET path` on the server: (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        use std::io::{Read, Write};
        let addr = self.base_url.trim_start_matches("http://");
        let Ok(mut tcp) = std::net::TcpStream::connect(addr) else {
            return (0, String::new());
        };
        let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
        let _ = write!(
            tcp,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        );
        let mut raw = String::new();
        let _ = tcp.read_to_string(&mut raw);
        let status = raw
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = raw
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    /// Page URL for a peer joining `room` as `name`, straight in (`lobby=0`:
    /// tests other than e2e_lobby expect a direct join).
    pub fn room_url(&self, room: &str, name: &str) -> String {
        format!(
            "{}/?roomId={room}&displayName={name}&lobby=0",
            self.base_url
        )
    }

    /// Page URL that shows the lobby before joining `room`.
    pub fn lobby_url(&self, room: &str) -> String {
        format!("{}/?roomId={room}", self.base_url)
    }

    /// Panics (with the server's output) if the server has died.
    pub fn assert_alive(&mut self) {
        if let Some(status) = self.child.exited() {
            panic!(
                "the server exited during the test ({status}); its output:\n{}",
                self.logs.dump()
            );
        }
    }
}

// ---------------------------------------------------------------------------
// chromedriver + Chromium

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("pick a free port")
}

pub struct Driver {
    pub url: String,
    pub logs: LogTail,
    child: ChildGuard,
}

impl Driver {
    /// Starts chromedriver (`STUNROOM_E2E_CHROMEDRIVER`, default
    /// /usr/bin/chromedriver) on a free port and waits until it accepts
    /// connections.
    pub fn start() -> Driver {
        let port = free_port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        Self::start_in(&[], port, format!("http://127.0.0.1:{port}"), || {
            TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
        })
    }

    /// Like [`Driver::start`], run through `prefix` (e.g. `ip netns exec NAME`,
    /// `env HOME=...`) on `port`, reached by the tests at `url`; `listening`
    /// tells when it accepts connections.
    pub fn start_in(
        prefix: &[&str],
        port: u16,
        url: String,
        listening: impl Fn() -> bool,
    ) -> Driver {
        let bin = env_or("STUNROOM_E2E_CHROMEDRIVER", "/usr/bin/chromedriver");
        assert!(
            bin.is_file(),
            "{} not found: install Debian's chromium and chromium-driver (`cargo xtask setup` does)",
            bin.display()
        );
        let mut cmd = match prefix.split_first() {
            Some((program, rest)) => {
                let mut cmd = Command::new(program);
                cmd.args(rest).arg(&bin);
                cmd
            }
            None => Command::new(&bin),
        };
        cmd.arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = ChildGuard::spawn("chromedriver", &mut cmd);
        let logs = LogTail::default();
        pump(
            "chromedriver",
            child.child.stdout.take().unwrap(),
            logs.clone(),
            None,
        );
        pump(
            "chromedriver",
            child.child.stderr.take().unwrap(),
            logs.clone(),
            None,
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        while !listening() {
            if let Some(status) = child.exited() {
                panic!("chromedriver exited ({status}) at start:\n{}", logs.dump());
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port} within 20 s:\n{}",
                logs.dump()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { url, logs, child }
    }

    /// A new browser session (its own Chromium and fresh profile directory).
    pub async fn browser(&self, label: &str) -> Browser {
        self.browser_with(label, &[]).await
    }

    /// Like [`Driver::browser`], with extra Chromium command-line flags.
    pub async fn browser_with(&self, label: &str, extra_args: &[String]) -> Browser {
        let profile = TempDir::new(&format!("chromium-{label}"));
        let binary = env_or("STUNROOM_E2E_CHROMIUM", "/usr/bin/chromium");
        assert!(
            binary.is_file(),
            "{} not found: install Debian's chromium (`cargo xtask setup` does)",
            binary.display()
        );
        let mut args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--no-first-run".to_owned(),
            "--use-fake-device-for-media-stream".to_owned(),
            "--use-fake-ui-for-media-stream".to_owned(),
            "--autoplay-policy=no-user-gesture-required".to_owned(),
            // Several browsers share 2 cores: keep every page running at full speed.
            "--disable-background-timer-throttling".to_owned(),
            "--disable-renderer-backgrounding".to_owned(),
            "--disable-backgrounding-occluded-windows".to_owned(),
            "--window-size=1024,768".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        args.extend(extra_args.iter().cloned());
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary.to_string_lossy(),
                "args": args,
            },
        });
        let caps = match caps {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(caps);
        let connect = builder.connect(&self.url);
        let client = tokio::time::timeout(Duration::from_secs(60), connect)
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "page {label}: Chromium session did not start within 60 s; chromedriver:\n{}",
                    self.logs.dump()
                )
            })
            .unwrap_or_else(|e| {
                panic!(
                    "page {label}: cannot start a Chromium session: {e}; chromedriver:\n{}",
                    self.logs.dump()
                )
            });
        Browser {
            label: label.to_owned(),
            client: Some(client),
            _profile: profile,
            _keep: None,
        }
    }
}

/// One page (its own Chromium session, or a Firefox one: see `firefox`).
pub struct Browser {
    pub label: String,
    client: Option<Client>,
    /// Lives as long as the page (e.g. the page's own geckodriver); dropped
    /// before the profile directory is removed.
    _keep: Option<Box<dyn Send + Sync>>,
    _profile: TempDir,
}

impl Browser {
    /// A page from a session started elsewhere; `profile` and `keep` are
    /// dropped with the page.
    pub fn from_client(
        label: &str,
        client: Client,
        profile: TempDir,
        keep: Box<dyn Send + Sync>,
    ) -> Browser {
        Browser {
            label: label.to_owned(),
            client: Some(client),
            _profile: profile,
            _keep: Some(keep),
        }
    }
}

/// What the page probe reports.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub raw: Value,
    pub peer_connections: u64,
    /// framesDecoded per inbound-rtp video stream.
    pub video_frames_decoded: Vec<u64>,
    /// bytesReceived per inbound-rtp audio stream.
    pub audio_bytes_received: Vec<u64>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub remote_tiles: Vec<String>,
    pub has_local_video: bool,
}

impl Snapshot {
    pub fn decoding_videos(&self) -> usize {
        self.video_frames_decoded.iter().filter(|&&f| f > 0).count()
    }
    pub fn audios_with_bytes(&self) -> usize {
        self.audio_bytes_received.iter().filter(|&&b| b > 0).count()
    }
    pub fn has_tile(&self, name: &str) -> bool {
        self.remote_tiles.iter().any(|t| t == name)
    }
    /// One-line summary for progress and failure messages.
    pub fn summary(&self) -> String {
        format!(
            "state={:?} peerConnections={} inbound video framesDecoded={:?} inbound audio bytesReceived={:?} remote tiles={:?} local video={} error banner={:?}",
            self.state.as_deref().unwrap_or("<unset>"),
            self.peer_connections,
            self.video_frames_decoded,
            self.audio_bytes_received,
            self.remote_tiles,
            self.has_local_video,
            self.error,
        )
    }
}

/// Aggregates getStats() over `window.stunroomPeerConnections` and reads the
/// DOM contract (body data-state, .error-banner, remote tiles with media).
const PROBE_JS: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const out = { pcs: 0, video: [], audio: [], state: null, error: null, tiles: [], localVideo: false };
  out.state = document.body ? (document.body.dataset.state || null) : null;
  const banner = document.querySelector('.error-banner');
  if (banner && banner.textContent.trim() !== '') out.error = banner.textContent.trim();
  out.tiles = Array.from(document.querySelectorAll('.tile.remote'))
    .filter(t => t.querySelector('video'))
    .map(t => t.dataset.peerName || '');
  out.localVideo = !!document.querySelector('video#local-video');
  const pcs = Array.isArray(window.stunroomPeerConnections) ? window.stunroomPeerConnections : [];
  out.pcs = pcs.length;
  for (const pc of pcs) {
    let report;
    try { report = await pc.getStats(); } catch (e) { continue; }
    report.forEach(s => {
      if (s.type !== 'inbound-rtp') return;
      const kind = s.kind || s.mediaType;
      if (kind === 'video') out.video.push(s.framesDecoded || 0);
      else if (kind === 'audio') out.audio.push(s.bytesReceived || 0);
    });
  }
  return out;
})().then(done, e => done({ probeError: String(e && e.stack || e) }));
"#;

/// Per peer connection: its state and the selected candidate pair's local and
/// remote candidates (getStats: transport.selectedCandidatePairId ->
/// candidate-pair.localCandidateId -> local-candidate.candidateType).
const PAIRS_JS: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const pcs = Array.isArray(window.stunroomPeerConnections) ? window.stunroomPeerConnections : [];
  const out = [];
  for (const pc of pcs) {
    const entry = { connectionState: pc.connectionState, iceConnectionState: pc.iceConnectionState,
                    pair: null, local: null, remote: null };
    try {
      const report = await pc.getStats();
      const byId = new Map();
      report.forEach(s => byId.set(s.id, s));
      report.forEach(s => {
        if (s.type !== 'transport' || !s.selectedCandidatePairId) return;
        const pair = byId.get(s.selectedCandidatePairId);
        if (!pair) return;
        entry.pair = pair.state;
        const l = byId.get(pair.localCandidateId), r = byId.get(pair.remoteCandidateId);
        if (l) entry.local = { type: l.candidateType, protocol: l.protocol,
                               relayProtocol: l.relayProtocol || null, address: l.address, port: l.port };
        if (r) entry.remote = { type: r.candidateType, protocol: r.protocol, address: r.address, port: r.port };
      });
    } catch (e) { entry.error = String(e); }
    out.push(entry);
  }
  return out;
})().then(done, e => done({ probeError: String(e && e.stack || e) }));
"#;

impl Browser {
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("page already closed")
    }

    pub async fn goto(&self, url: &str) {
        tokio::time::timeout(Duration::from_secs(30), self.client().goto(url))
            .await
            .unwrap_or_else(|_| panic!("page {}: loading {url} took over 30 s", self.label))
            .unwrap_or_else(|e| panic!("page {}: cannot load {url}: {e}", self.label));
    }

    /// Runs the probe once.
    pub async fn snapshot(&self) -> Snapshot {
        let raw = tokio::time::timeout(
            Duration::from_secs(15),
            self.client().execute_async(PROBE_JS, vec![]),
        )
        .await
        .unwrap_or_else(|_| panic!("page {}: probe script hung for 15 s", self.label))
        .unwrap_or_else(|e| panic!("page {}: probe script failed: {e}", self.label));
        if let Some(err) = raw.get("probeError") {
            panic!("page {}: probe script threw: {err}", self.label);
        }
        let nums = |key: &str| -> Vec<u64> {
            raw[key]
                .as_array()
                .map(|a| a.iter().map(|v| v.as_f64().unwrap_or(0.0) as u64).collect())
                .unwrap_or_default()
        };
        Snapshot {
            peer_connections: raw["pcs"].as_u64().unwrap_or(0),
            video_frames_decoded: nums("video"),
            audio_bytes_received: nums("audio"),
            state: raw["state"].as_str().map(str::to_owned),
            error: raw["error"].as_str().map(str::to_owned),
            remote_tiles: raw["tiles"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|v| v.as_str().unwrap_or("").to_owned())
                        .collect()
                })
                .unwrap_or_default(),
            has_local_video: raw["localVideo"].as_bool().unwrap_or(false),
            raw,
        }
    }

    /// One JSON object per peer connection: `connectionState`,
    /// `iceConnectionState`, `pair` (the selected pair's state), `local` and
    /// `remote` (`type`, `protocol`, `address`, `port`; `local.relayProtocol`).
    pub async fn selected_pairs(&self) -> Vec<Value> {
        let raw = tokio::time::timeout(
            Duration::from_secs(15),
            self.client().execute_async(PAIRS_JS, vec![]),
        )
        .await
        .unwrap_or_else(|_| panic!("page {}: candidate-pair probe hung for 15 s", self.label))
        .unwrap_or_else(|e| panic!("page {}: candidate-pair probe failed: {e}", self.label));
        if let Some(err) = raw.get("probeError") {
            panic!("page {}: candidate-pair probe threw: {err}", self.label);
        }
        raw.as_array().cloned().unwrap_or_default()
    }

    /// Fails at once if the page shows an error (state "error" or a non-empty
    /// `.error-banner`).
    pub fn assert_no_error(&self, s: &Snapshot) {
        if s.state.as_deref() == Some("error") || s.error.is_some() {
            panic!(
                "page {} shows an error: {:?} ({})",
                self.label,
                s.error.as_deref().unwrap_or("<no .error-banner text>"),
                s.summary()
            );
        }
    }

    /// Polls the probe until `ok` holds, failing on a page error or at the
    /// deadline with `what` and the last snapshot. Returns the time waited and
    /// the satisfying snapshot.
    pub async fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        ok: impl Fn(&Snapshot) -> bool,
    ) -> (Duration, Snapshot) {
        self.wait_until_since(what, Instant::now(), timeout, ok)
            .await
    }

    /// Like [`Browser::wait_until`], with the clock started at `start`.
    pub async fn wait_until_since(
        &self,
        what: &str,
        start: Instant,
        timeout: Duration,
        ok: impl Fn(&Snapshot) -> bool,
    ) -> (Duration, Snapshot) {
        loop {
            let s = self.snapshot().await;
            self.assert_no_error(&s);
            if ok(&s) {
                return (start.elapsed(), s);
            }
            if start.elapsed() >= timeout {
                panic!(
                    "page {}: {what} not reached within {:.0} s; last probe: {}",
                    self.label,
                    timeout.as_secs_f64(),
                    s.summary()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Ends the session: Chromium quits, the page's connections close.
    pub async fn close(&mut self) {
        if let Some(c) = self.client.take() {
            let label = self.label.clone();
            tokio::time::timeout(Duration::from_secs(20), c.close())
                .await
                .unwrap_or_else(|_| panic!("page {label}: closing the session took over 20 s"))
                .unwrap_or_else(|e| panic!("page {label}: closing the session failed: {e}"));
        }
    }
}

/// One browser test at a time per test binary (several browsers on few cores).
static SERIAL: Mutex<()> = Mutex::new(());

/// Holds [`SERIAL`] (a test that panicked while holding it does not poison it).
pub fn serial_guard() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

/// Runs one test body on its own runtime while holding [`SERIAL`].
pub fn serial<F: std::future::Future>(body: F) -> F::Output {
    let _serial = serial_guard();
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(body)
}
