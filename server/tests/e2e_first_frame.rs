//! First load to first picture (issue 11): two pages of our client vs two
//! pages of the npm mediasoup-client reference page (tests/refclient,
//! bundled minified and precompressed like a production app), each pair in a
//! fresh room, each page a fresh headless Chromium (empty cache), on one
//! server (the real binary, dist/ from `cargo xtask dist`).
//!
//! A trial starts both pages' navigations at the same moment and ends when
//! both show a remote frame; its figure is the time from the earlier
//! navigation to the later first decoded remote frame
//! (`stunroom:first-remote-frame` on the
//! page's Performance timeline, set on the video element's `loadeddata` in
//! both clients: client/src/timing.rs and tests/refclient/main.js). The two
//! clients alternate within one run (ours, ref, ref, ours, …), so drift on
//! the machine hits both alike. Also reported, per client: the bytes the
//! browser transferred before joining (Resource Timing `transferSize` of the
//! page and everything fetched before `stunroom:joined`) and the median
//! marks on the way (socket open, joined).
//!
//! - `first_frame_smoke` (in the test command): one trial each; asserts that
//!   every page decoded its peer and set its marks. Prints the figures.
//! - `first_frame_bench` (ignored; `cargo xtask bench first-frame [-- --trials N]`):
//!   `STUNROOM_BENCH_TRIALS` trials each (default 6), medians and the ratio
//!   ours/reference, written to `$STUNROOM_BENCH_SAVE/first-frame.md` when set.

mod e2e;
mod refpage;

use std::io::Write;
use std::time::Duration;

use e2e::{dist_dir, serial, Browser, Driver, Server};
use refpage::{build_dist, Bundle};
use serde_json::Value;

const FRAME_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_TRIALS: usize = 6;

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "first-frame: {msg}");
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum App {
    Ours,
    Reference,
}

impl App {
    fn label(self) -> &'static str {
        match self {
            App::Ours => "stunroom (Leptos/wasm)",
            App::Reference => "npm mediasoup-client 3.24 page",
        }
    }
    fn url(self, server: &Server, room: &str, name: &str) -> String {
        match self {
            App::Ours => server.room_url(room, name),
            App::Reference => format!(
                "{}/ref/?roomId={room}&displayName={name}&peerId={}",
                server.base_url,
                name.to_ascii_lowercase()
            ),
        }
    }
}

/// What one page measured (milliseconds since its navigation started).
#[derive(Debug, Clone, Default)]
struct Page {
    first_frame: f64,
    socket_open: Option<f64>,
    joined: Option<f64>,
    bytes_before_join: u64,
    /// `performance.timeOrigin`: when navigation started (ms since the epoch).
    origin: f64,
    /// Every `stunroom:` mark, "name ms, …".
    marks: String,
}

/// Marks and transfer sizes, or null while the first frame has not shown.
const READ_JS: &str = r#"
const mark = (n) => { const e = performance.getEntriesByName('stunroom:' + n); return e.length ? e[0].startTime : null; };
const frame = mark('first-remote-frame');
if (frame === null) return null;
const joined = mark('joined');
const nav = performance.getEntriesByType('navigation')[0];
let bytes = nav ? nav.transferSize : 0;
for (const r of performance.getEntriesByType('resource')) {
  if (joined === null || r.startTime < joined) bytes += r.transferSize;
}
const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('stunroom:'))
  .map((m) => `${m.name.slice(9)} ${Math.round(m.startTime)}`).join(', ');
return { frame, joined, socket: mark('socket-open'), bytes, origin: performance.timeOrigin, marks };
"#;

async fn read_page(page: &Browser) -> Option<Page> {
    let v = page.client().execute(READ_JS, vec![]).await.ok()?;
    if v.is_null() {
        return None;
    }
    Some(Page {
        first_frame: v.get("frame").and_then(Value::as_f64)?,
        socket_open: v.get("socket").and_then(Value::as_f64),
        joined: v.get("joined").and_then(Value::as_f64),
        bytes_before_join: v.get("bytes").and_then(Value::as_u64).unwrap_or(0),
        origin: v.get("origin").and_then(Value::as_f64)?,
        marks: v
            .get("marks")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
    })
}

async fn wait_first_frame(page: &Browser) -> Page {
    let deadline = tokio::time::Instant::now() + FRAME_TIMEOUT;
    loop {
        if let Some(p) = read_page(page).await {
            return p;
        }
        if tokio::time::Instant::now() > deadline {
            let s = page.snapshot().await;
            let debug = page
                .client()
                .execute(
                    "return { marks: performance.getEntriesByType('mark').map(m => [m.name, m.startTime]), \
                     videos: [...document.querySelectorAll('video')].map(v => [v.id, v.readyState, v.videoWidth, v.paused, !!v.srcObject]), \
                     log: window.refState ? window.refState.log : null }",
                    vec![],
                )
                .await
                .unwrap_or_default();
            panic!(
                "page {}: no remote frame within {} s of loading ({}); page: {debug}",
                page.label,
                FRAME_TIMEOUT.as_secs(),
                s.summary()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// One trial: two fresh pages of `app` in a fresh room.
async fn trial(driver: &Driver, server: &Server, app: App, n: usize) -> [Page; 2] {
    let room = format!("ff-{}-{n}-{app:?}", std::process::id()).to_ascii_lowercase();
    let mut a = driver.browser("A").await;
    let mut b = driver.browser("B").await;
    // WebDriver's navigation returns after the load event, so two gotos would
    // stagger the pages by a page load: start both navigations from script.
    tokio::join!(a.goto("about:blank"), b.goto("about:blank"));
    let (url_a, url_b) = (
        app.url(server, &room, "Alice"),
        app.url(server, &room, "Bob"),
    );
    let go = "setTimeout(() => { location.href = arguments[0]; }, 0); return true;";
    let (ra, rb) = tokio::join!(
        a.client().execute(go, vec![Value::from(url_a)]),
        b.client().execute(go, vec![Value::from(url_b)])
    );
    ra.expect("navigate page A");
    rb.expect("navigate page B");
    let (pa, pb) = tokio::join!(wait_first_frame(&a), wait_first_frame(&b));
    for (page, p) in [(&a, &pa), (&b, &pb)] {
        // getStats may lag the element by a stats interval: allow it 5 s.
        let mut s = page.snapshot().await;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while s.decoding_videos() == 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
            s = page.snapshot().await;
        }
        assert!(
            s.decoding_videos() >= 1,
            "{} page {}: first-frame mark without a decoded inbound video within 5 s ({})",
            app.label(),
            page.label,
            s.summary()
        );
        assert!(
            p.joined.is_some_and(|j| j <= p.first_frame),
            "{} page {}: joined mark missing or after the first frame: {p:?}",
            app.label(),
            page.label
        );
    }
    a.close().await;
    b.close().await;
    [pa, pb]
}

/// From the earlier navigation to the moment both pages show a remote frame.
fn both_shown(pages: &[Page; 2]) -> f64 {
    let start = pages[0].origin.min(pages[1].origin);
    let end = (pages[0].origin + pages[0].first_frame).max(pages[1].origin + pages[1].first_frame);
    end - start
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[derive(Default)]
struct Series {
    /// Per trial: the later page's first frame.
    both: Vec<f64>,
    socket: Vec<f64>,
    joined: Vec<f64>,
    bytes: Vec<f64>,
}

impl Series {
    fn add(&mut self, pages: &[Page; 2]) {
        self.both.push(both_shown(pages));
        for p in pages {
            self.socket.extend(p.socket_open);
            self.joined.extend(p.joined);
            self.bytes.push(p.bytes_before_join as f64);
        }
    }
}

async fn run(trials: usize) -> String {
    let dist = build_dist(&dist_dir(), Bundle::Production);
    let server = Server::start(dist.path());
    let driver = Driver::start();
    let (mut ours, mut reference) = (Series::default(), Series::default());
    for n in 0..trials {
        // ours, ref | ref, ours | ours, ref …
        let order = if n % 2 == 0 {
            [App::Ours, App::Reference]
        } else {
            [App::Reference, App::Ours]
        };
        for app in order {
            let pages = trial(&driver, &server, app, n).await;
            say(&format!(
                "trial {}: {:<32} both show a remote frame after {:>5.0} ms (pages: {:.0} / {:.0} ms from their navigation, started {:.0} ms apart)",
                n + 1,
                app.label(),
                both_shown(&pages),
                pages[0].first_frame,
                pages[1].first_frame,
                (pages[0].origin - pages[1].origin).abs()
            ));
            say(&format!("  marks A: {}", pages[0].marks));
            say(&format!("  marks B: {}", pages[1].marks));
            match app {
                App::Ours => ours.add(&pages),
                App::Reference => reference.add(&pages),
            }
        }
    }
    let (o, r) = (median(ours.both.clone()), median(reference.both.clone()));
    let ratio = o / r;
    let mut report = format!(
        "First load to first remote frame, two pages opened together, fresh Chromium \
         (headless, empty cache) per page, loopback, {trials} interleaved trials each; \
         medians (ms; marks since each page's navigation):\n\n\
         | client | both pages show a remote frame | socket open | joined | bytes before join (transferred) |\n\
         |---|---|---|---|---|\n"
    );
    for (app, s) in [(App::Ours, &ours), (App::Reference, &reference)] {
        report.push_str(&format!(
            "| {} | {:.0} | {:.0} | {:.0} | {:.0} |\n",
            app.label(),
            median(s.both.clone()),
            median(s.socket.clone()),
            median(s.joined.clone()),
            median(s.bytes.clone()),
        ));
    }
    report.push_str(&format!(
        "\nratio ours / reference: {ratio:.2} (goal <= 0.8)\n\
         all trials (ms), ours: {:?}\nall trials (ms), reference: {:?}\n",
        ours.both.iter().map(|v| v.round()).collect::<Vec<_>>(),
        reference.both.iter().map(|v| v.round()).collect::<Vec<_>>()
    ));
    println!("{report}");
    report
}

#[test]
fn first_frame_smoke() {
    serial(async {
        run(1).await;
    });
}

#[test]
#[ignore = "benchmark: cargo xtask bench first-frame"]
fn first_frame_bench() {
    let trials = std::env::var("STUNROOM_BENCH_TRIALS")
        .ok()
        .map(|v| {
            v.parse::<usize>()
                .ok()
                .filter(|&n| n > 0)
                .unwrap_or_else(|| panic!("STUNROOM_BENCH_TRIALS={v:?}: a positive number"))
        })
        .unwrap_or(DEFAULT_TRIALS);
    let report = serial(run(trials));
    if let Some(dir) = std::env::var_os("STUNROOM_BENCH_SAVE") {
        let path = std::path::Path::new(&dir).join("first-frame.md");
        std::fs::write(&path, format!("# First frame benchmark\n\n{report}"))
            .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        say(&format!("written to {}", path.display()));
    }
}
