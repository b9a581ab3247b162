//! Firefox pages for the browser end-to-end tests: Debian's `firefox-esr`
//! driven through geckodriver (crates.io; one geckodriver per page, it serves
//! a single session) with the same fantoccini client, the same [`Browser`]
//! and [`Snapshot`] as the Chromium pages.
//!
//! Firefox (ESR 153) gathers host candidates only on the address of the
//! interface that carries the default route: none on loopback (not even with
//! `media.peerconnection.ice.loopback=true`), and none at all on a machine
//! without a default route. So a room with Firefox in it needs the server to
//! announce a non-loopback address. [`Netns`] makes a private network
//! namespace (loopback plus a veth pair whose two ends both stay inside it,
//! [`Netns::SERVER_IP`] and [`Netns::PEER_IP`] on a /30, and an on-link
//! default route on the first end) and [`Netns::run`] runs a test body
//! there: the test thread and its tokio runtime enter the namespace, so the
//! server, coturn, chromedriver, geckodriver and every browser the body starts
//! live in it, and the pages open `http://127.0.0.1:<port>` there (a secure
//! context). The namespace has no link to anything outside: Firefox's own
//! background connections cannot leave it either.
//!
//! Headless Firefox cannot share a screen; a page that must is given a window
//! on an [`Xvfb`] display instead.

use std::fs::File;
use std::future::Future;
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::ClientBuilder;
use serde_json::{json, Value};

use super::{free_port, pump, Browser, ChildGuard, LogTail, TempDir};

// ---------------------------------------------------------------------------
// The network namespace

/// A network namespace of this test process, deleted on drop (also when the
/// test panics). See the module comment.
pub struct Netns {
    name: String,
}

/// Prefix of the namespaces this module makes: `stunroom-ff-<pid>-<n>`.
const NS_PREFIX: &str = "stunroom-ff-";

fn ip(args: &[&str]) -> Result<(), String> {
    let out = Command::new("ip")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            format!(
                "cannot run `ip {}`: {e} (install Debian's iproute2)",
                args.join(" ")
            )
        })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`ip {}` failed ({}): {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

impl Netns {
    /// The server's (and coturn's) address inside the namespace.
    pub const SERVER_IP: &'static str = "10.77.0.1";
    /// The other end of the veth pair: a second host address for the browsers.
    pub const PEER_IP: &'static str = "10.77.0.2";

    /// Creates `stunroom-ff-<pid>-<n>` with `lo` up and the veth pair
    /// `ff0` (SERVER_IP/30) – `ff1` (PEER_IP/30), both ends inside it, and a
    /// default route on `ff0` (see below). Needs
    /// root (CAP_SYS_ADMIN, CAP_NET_ADMIN).
    pub fn create() -> Netns {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        remove_stale_namespaces();
        let name = format!(
            "{NS_PREFIX}{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        if let Err(e) = ip(&["netns", "add", &name]) {
            panic!(
                "cannot create the test's network namespace (the Firefox tests run as root): {e}"
            );
        }
        // From here on Drop removes it, also if a step below fails.
        let ns = Netns { name };
        let n = ns.name.as_str();
        let server_cidr = format!("{}/30", Self::SERVER_IP);
        let peer_cidr = format!("{}/30", Self::PEER_IP);
        let steps: [&[&str]; 7] = [
            &["-n", n, "link", "set", "lo", "up"],
            &[
                "-n", n, "link", "add", "ff0", "type", "veth", "peer", "name", "ff1",
            ],
            &["-n", n, "addr", "add", &server_cidr, "dev", "ff0"],
            &["-n", n, "addr", "add", &peer_cidr, "dev", "ff1"],
            &["-n", n, "link", "set", "ff0", "up"],
            &["-n", n, "link", "set", "ff1", "up"],
            // Firefox gathers host candidates only on the address of the
            // default route: without one it gathers none at all (ICE fails
            // at once: "Couldn't gather ICE candidates ... error=10").
            // On-link via ff0, whose peer is ff1 in this namespace: a packet
            // to any other address finds no neighbour and goes nowhere.
            &["-n", n, "route", "add", "default", "dev", "ff0"],
        ];
        for step in steps {
            if let Err(e) = ip(step) {
                panic!("setting up network namespace {n}: {e}");
            }
        }
        ns
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs `body` to completion on a new tokio runtime inside the namespace:
    /// the calling thread enters it (and leaves it again afterwards, also on
    /// a panic), so the runtime's threads, every socket they open and every
    /// process they start are in the namespace.
    pub fn run<F: Future>(&self, body: F) -> F::Output {
        let _inside = Entered::new(self);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime");
        runtime.block_on(body)
        // `runtime` drops (its threads end) before `_inside` moves the thread back.
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        if let Err(e) = ip(&["netns", "delete", &self.name]) {
            eprintln!("warning: {e}");
        }
    }
}

/// The calling thread inside a namespace; back in its original one on drop.
struct Entered {
    original: File,
}

impl Entered {
    fn new(ns: &Netns) -> Entered {
        let original = File::open("/proc/thread-self/ns/net")
            .unwrap_or_else(|e| panic!("cannot open /proc/thread-self/ns/net: {e}"));
        let path = format!("/run/netns/{}", ns.name);
        let target = File::open(&path).unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
        // SAFETY: setns(2) with a namespace file descriptor we hold open.
        if unsafe { libc::setns(target.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
            panic!(
                "setns({path}) failed: {} (needs root)",
                std::io::Error::last_os_error()
            );
        }
        Entered { original }
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        // SAFETY: as above, back to the namespace the thread came from.
        if unsafe { libc::setns(self.original.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
            // A thread left in the test namespace would run later tests there.
            eprintln!(
                "cannot return the test thread to its network namespace: {}",
                std::io::Error::last_os_error()
            );
            std::process::abort();
        }
    }
}

/// Deletes `stunroom-ff-<pid>-*` namespaces whose process is gone (a run
/// killed before its Drop ran).
fn remove_stale_namespaces() {
    let Ok(entries) = std::fs::read_dir("/run/netns") else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(NS_PREFIX) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = ip(&["netns", "delete", &name]);
        }
    }
}

// ---------------------------------------------------------------------------
// geckodriver + Firefox

fn geckodriver_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("STUNROOM_E2E_GECKODRIVER") {
        return PathBuf::from(p);
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(p) = cargo_home.map(|h| h.join("bin").join("geckodriver")) {
        if p.is_file() {
            return p;
        }
    }
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        let p = dir.join("geckodriver");
        if p.is_file() {
            return p;
        }
    }
    panic!(
        "geckodriver not found (STUNROOM_E2E_GECKODRIVER, $CARGO_HOME/bin, PATH): \
         `cargo install geckodriver --version 0.37.1 --locked`"
    );
}

fn firefox_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("STUNROOM_E2E_FIREFOX") {
        return PathBuf::from(p);
    }
    // The real binary, not the /usr/bin wrapper: geckodriver tracks its process.
    for p in ["/usr/lib/firefox-esr/firefox-esr", "/usr/bin/firefox-esr"] {
        if std::path::Path::new(p).is_file() {
            return PathBuf::from(p);
        }
    }
    panic!("Firefox not found (STUNROOM_E2E_FIREFOX, /usr/lib/firefox-esr): install Debian's firefox-esr");
}

/// The Firefox version (`Mozilla Firefox 153.8.0esr`), for reports.
pub fn firefox_version() -> String {
    Command::new(firefox_bin())
        .arg("--version")
        .env("MOZ_HEADLESS", "1")
        .stdin(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The preferences every test page runs with.
pub fn prefs() -> Value {
    json!({
        // Fake camera (a moving test pattern) and microphone (a tone), no prompt.
        "media.navigator.streams.fake": true,
        "media.navigator.permission.disabled": true,
        // Remote audio and video may play without a click.
        "media.autoplay.default": 0,
        "media.autoplay.blocking_policy": 0,
        // Real host addresses in candidates, not mDNS names.
        "media.peerconnection.ice.obfuscate_host_addresses": false,
        // The page's console.log (the client's log) on geckodriver's output.
        "devtools.console.stdout.content": true,
        // Several browsers share few cores; fewer content processes.
        "dom.ipc.processCount": 1,
        "fission.autostart": false,
        // Nothing to talk to inside the namespace anyway.
        "network.captive-portal-service.enabled": false,
        "network.connectivity-service.enabled": false,
        "browser.safebrowsing.malware.enabled": false,
        "browser.safebrowsing.phishing.enabled": false,
        "browser.safebrowsing.downloads.enabled": false,
        "datareporting.policy.dataSubmissionEnabled": false,
        "toolkit.telemetry.enabled": false,
        "app.update.enabled": false,
        "extensions.update.enabled": false,
        "browser.shell.checkDefaultBrowser": false,
    })
}

/// An X server without a screen (Debian's `xvfb`), killed on drop. Headless
/// Firefox has nothing to share: its `getDisplayMedia()` fails with
/// NotFoundError (`media.navigator.streams.fake` fakes camera and microphone
/// only). A Firefox window on an Xvfb display shares that display ("Primary
/// Monitor"); `media.navigator.permission.disabled` skips the picker.
pub struct Xvfb {
    display: String,
    _child: ChildGuard,
}

impl Xvfb {
    /// Starts Xvfb on a free display (`-displayfd`), `width`x`height`.
    pub fn start(width: u32, height: u32) -> Xvfb {
        let bin = std::env::var_os("STUNROOM_E2E_XVFB")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/Xvfb"));
        assert!(
            bin.is_file(),
            "{} not found: install Debian's xvfb (Firefox's screen share needs a display)",
            bin.display()
        );
        let mut cmd = Command::new(&bin);
        cmd.args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
            .arg(format!("{width}x{height}x24"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = ChildGuard::spawn("Xvfb", &mut cmd);
        let logs = LogTail::default();
        pump(
            "Xvfb",
            child.child.stderr.take().unwrap(),
            logs.clone(),
            None,
        );
        let (tx, rx) = std::sync::mpsc::channel();
        fn number(line: &str) -> Option<String> {
            let n = line.trim();
            (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then(|| n.to_owned())
        }
        pump(
            "Xvfb",
            child.child.stdout.take().unwrap(),
            logs.clone(),
            Some((number, tx)),
        );
        let n = rx
            .recv_timeout(Duration::from_secs(15))
            .unwrap_or_else(|_| {
                panic!(
                    "Xvfb told no display number within 15 s ({:?}):\n{}",
                    child.exited(),
                    logs.dump()
                )
            });
        Xvfb {
            display: format!(":{n}"),
            _child: child,
        }
    }

    /// `:N`, for `DISPLAY`.
    pub fn display(&self) -> &str {
        &self.display
    }
}

/// A new page: its own geckodriver (on a free port of the current network
/// namespace) and headless Firefox with a fresh profile and [`prefs`].
pub async fn browser(label: &str) -> Browser {
    browser_with(label, None, json!({})).await
}

/// Like [`browser`], with `extra_prefs` over [`prefs`], and a Firefox window
/// on `display` instead of headless when given (see [`Xvfb`]).
pub async fn browser_with(label: &str, display: Option<&Xvfb>, extra_prefs: Value) -> Browser {
    let profile = TempDir::new(&format!("firefox-{label}"));
    let tmp = profile.path().join("tmp");
    let home = profile.path().join("home");
    let profile_dir = profile.path().join("profile");
    for d in [&tmp, &home, &profile_dir] {
        std::fs::create_dir_all(d).expect("create Firefox profile dirs");
    }
    let bin = geckodriver_bin();
    let port = free_port();
    let mut cmd = Command::new(&bin);
    cmd.args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--log", "info"])
        .env("MOZ_CRASHREPORTER_DISABLE", "1")
        .env("TMPDIR", &tmp)
        .env("HOME", &home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match display {
        Some(x) => cmd.env("DISPLAY", x.display()).env_remove("MOZ_HEADLESS"),
        None => cmd.env("MOZ_HEADLESS", "1").env_remove("DISPLAY"),
    };
    let mut child = ChildGuard::spawn("geckodriver", &mut cmd);
    let logs = LogTail::default();
    let prefix: &'static str = Box::leak(format!("firefox {label}").into_boxed_str());
    pump(
        prefix,
        child.child.stdout.take().unwrap(),
        logs.clone(),
        None,
    );
    pump(
        prefix,
        child.child.stderr.take().unwrap(),
        logs.clone(),
        None,
    );
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if let Some(status) = child.exited() {
            panic!(
                "page {label}: geckodriver exited ({status}) at start:\n{}",
                logs.dump()
            );
        }
        assert!(
            Instant::now() < deadline,
            "page {label}: geckodriver ({}) did not listen on port {port} within 20 s:\n{}",
            bin.display(),
            logs.dump()
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let mut all_prefs = prefs();
    if let (Some(all), Some(extra)) = (all_prefs.as_object_mut(), extra_prefs.as_object()) {
        all.extend(extra.clone());
    }
    let mut args = vec![
        "-profile".to_owned(),
        profile_dir.to_string_lossy().into_owned(),
    ];
    if display.is_none() {
        args.push("-headless".to_owned());
    }
    let caps = json!({
        "browserName": "firefox",
        "moz:firefoxOptions": {
            "binary": firefox_bin().to_string_lossy(),
            "args": args,
            "prefs": all_prefs,
            "log": { "level": "info" },
        },
    });
    let mut caps = caps;
    // Firefox's own logging, e.g. STUNROOM_E2E_MOZ_LOG=jsep:5,mtransport:5,signaling:5
    if let Some(modules) = std::env::var_os("STUNROOM_E2E_MOZ_LOG") {
        caps["moz:firefoxOptions"]["env"] = json!({ "MOZ_LOG": modules.to_string_lossy() });
    }
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
    builder.capabilities(caps);
    let url = format!("http://127.0.0.1:{port}");
    let client = tokio::time::timeout(Duration::from_secs(60), builder.connect(&url))
        .await
        .unwrap_or_else(|_| {
            panic!(
                "page {label}: Firefox session did not start within 60 s; geckodriver:\n{}",
                logs.dump()
            )
        })
        .unwrap_or_else(|e| {
            panic!(
                "page {label}: cannot start a Firefox session: {e}; geckodriver:\n{}",
                logs.dump()
            )
        });
    Browser::from_client(label, client, profile, Box::new(child))
}

/// Whether the client app has mounted (Leptos renders into `<body>`).
const APP_STARTED_JS: &str = r#"
const done = arguments[arguments.length - 1];
const body = document.body;
done(!!body && Array.from(body.children).some(e => e.tagName !== 'NOSCRIPT' && e.tagName !== 'SCRIPT'));
"#;

/// `page.goto(url)`, then waits up to 20 s for the app to start; loads the
/// page once more if it did not (dist/ may be rebuilt while tests run, and a
/// page loaded in between finds no wasm).
pub async fn goto_app(page: &Browser, url: &str) {
    for attempt in 1..=2 {
        page.goto(url).await;
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            let started = tokio::time::timeout(
                Duration::from_secs(10),
                page.client().execute_async(APP_STARTED_JS, vec![]),
            )
            .await
            .ok()
            .and_then(Result::ok);
            if started == Some(Value::Bool(true)) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        eprintln!(
            "page {}: the app did not start within 20 s of loading {url} (attempt {attempt})",
            page.label
        );
    }
    panic!(
        "page {}: the app did not start after loading {url} twice (is dist/ complete?)",
        page.label
    );
}
