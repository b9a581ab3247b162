//! End-to-end test of the room features (issue 4, items 5 and 6): the real
//! server binary and the real client (dist/ built by trunk) in three headless
//! Chromium pages A, B and C with fake camera and microphone. Everything is
//! asserted on what a person sees in the page (the DOM contract of the client
//! plus getStats on the receivers behind the tiles' <video> elements).
//!
//! Run only this file:  cargo test -p stunroom-server --test e2e_room_features -- --nocapture
//! (needs dist/: `cargo xtask dist` builds it).
//!
//! One test, pages shared across the scenarios to keep the run short:
//!  1. chat from A shows on B and C with A's name;
//!  2. `@bot hello` from A is answered `A said me: "hello"` on every page;
//!  3. A mutes: B and C see A's audio paused; A unmutes: not paused;
//!  4. active speaker: only A's microphone on → B highlights A; only B's → A and
//!     C highlight B;
//!  5. A renames itself: B and C show the new name;
//!  6. A sends its camera as simulcast (outbound-rtp per rid r0..r2, two or
//!     more sending; asserted for Firefox); B picks `low` then `high` quality for A: the consumer's
//!     spatial layer goes to 0, then back above 0 (consumerLayersChanged);
//!  7. screenshot of a three-peer room (1280x800) to target/e2e/three-peer-room.png
//!     (and client/screenshot.png with STUNROOM_UPDATE_SCREENSHOT=1); fails if any
//!     page shows an error;
//!  8. A shares its screen: B gets a screen tile whose video decodes frames;
//!     A stops: the tile goes; twice (a share after a stopped one);
//!  9. B's signaling drops: B shows reconnecting, rejoins by itself, decodes A
//!     again on a new receive connection; A and C show B's video again.
//!
//! Every wait is bounded; each step prints its time.
//!
//! `room_features_three_peers_firefox` runs the same scenarios with three
//! Firefox pages (Debian's firefox-esr through geckodriver, see
//! `e2e/firefox.rs`) in a network namespace of its own, the server announcing
//! the namespace's address (Firefox gathers no loopback candidates); A and B
//! get windows on an Xvfb display (Debian's xvfb) for the screen shares, C is
//! headless; step 6 then proves that Firefox's simulcast sends and switches
//! layers. Needs root. Run it alone:
//!   cargo test -p stunroom-server --test e2e_room_features -- --nocapture room_features_three_peers_firefox

mod e2e;

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use e2e::firefox::{self, Netns};
use e2e::{dist_dir, repo_root, serial, Browser, Driver, Server};
use fantoccini::Locator;
use serde_json::{json, Value};

/// From navigation to every page decoding the two others.
const JOIN_TIMEOUT: Duration = Duration::from_secs(40);
/// Any single step after that.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);
/// The video layers follow the bandwidth estimate, which may take a while to grow.
const LAYERS_TIMEOUT: Duration = Duration::from_secs(25);
const POLL: Duration = Duration::from_millis(150);

const ENTER: &str = "\u{E007}";
const CONTROL: &str = "\u{E009}";

/// Progress line that bypasses libtest's output capture, so it always shows.
fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e: {msg}");
}

/// The test has a server of its own: a readable room name (it shows in the
/// screenshot's top bar).
const ROOM: &str = "design-review";

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

/// Runs before every page script: the page's error state and helpers.
const PRELUDE: &str = r#"
const done = arguments[arguments.length - 1];
const args = Array.prototype.slice.call(arguments, 0, arguments.length - 1);
const pageError = () => {
  const banner = document.querySelector('.error-banner');
  if (banner) return 'error banner: ' + (banner.textContent.trim() || '<empty>');
  if (document.body && document.body.dataset.state === 'error') return 'body[data-state=error]';
  return null;
};
const q = sel => document.querySelector(sel);
const qa = sel => Array.from(document.querySelectorAll(sel));
const pageState = () => document.body ? (document.body.dataset.state || null) : null;
const tile = (id, source) =>
  q(`.tile.remote[data-peer-id="${id}"][data-source="${source || 'camera'}"]`);
const pcs = () => Array.isArray(window.stunroomPeerConnections) ? window.stunroomPeerConnections : [];
const sleep = ms => new Promise(r => setTimeout(r, ms));
// What a tile's <video> shows: its tracks, the size it plays at, and the
// inbound-rtp stream (getStats of the receiver) behind the track it shows.
async function videoOf(t) {
  const v = t && t.querySelector('video');
  if (!v) return null;
  const tracks = v.srcObject ? v.srcObject.getVideoTracks() : [];
  const out = {
    tracks: tracks.length,
    shownLive: tracks.length > 0 && tracks[0].readyState === 'live',
    shownOld: tracks.length > 0 && !!tracks[0].__e2eOld,
    width: v.videoWidth,
    height: v.videoHeight,
    decoded: 0,
    pc: -1,
    oldPc: null,
  };
  if (tracks.length === 0) return out;
  const list = pcs();
  for (let i = 0; i < list.length; i++) {
    for (const r of list[i].getReceivers()) {
      if (r.track !== tracks[0]) continue;
      const report = await r.getStats();
      report.forEach(s => {
        if (s.type === 'inbound-rtp') out.decoded = Math.max(out.decoded, s.framesDecoded || 0);
      });
      out.pc = i;
      out.oldPc = !!list[i].__e2eOld;
    }
  }
  return out;
}
// framesDecoded of every inbound-rtp video stream of the page.
async function inboundVideos() {
  const out = [];
  for (const pc of pcs()) {
    const report = await pc.getStats();
    report.forEach(s => {
      if (s.type === 'inbound-rtp' && (s.kind || s.mediaType) === 'video') out.push(s.framesDecoded || 0);
    });
  }
  return out;
}
"#;

fn page_script(body: &str) -> String {
    let mut s = String::with_capacity(PRELUDE.len() + body.len() + 300);
    s.push_str(PRELUDE);
    s.push_str("(async function () {\n");
    s.push_str(body);
    s.push_str(
        "\n}).apply(null, args).then(\n\
         v => done({ v: v === undefined ? null : v, err: pageError() }),\n\
         e => done({ thrown: String((e && e.stack) || e), err: pageError() }));\n",
    );
    s
}

/// One participant: a Chromium page and the peer id it joins with.
struct Page {
    b: Browser,
    id: &'static str,
}

impl Page {
    fn label(&self) -> &str {
        &self.b.label
    }

    /// Runs `body` (the body of an async JS function; `args` holds `args`)
    /// and returns its value. Fails if the page shows an error.
    async fn eval(&self, body: &str, args: Vec<Value>) -> Value {
        let out = self.eval_raw(body, args).await;
        if let Some(err) = out["err"].as_str() {
            panic!("page {} shows an error: {err}", self.label());
        }
        out["v"].clone()
    }

    async fn eval_raw(&self, body: &str, args: Vec<Value>) -> Value {
        let script = page_script(body);
        let out = tokio::time::timeout(
            Duration::from_secs(15),
            self.b.client().execute_async(&script, args),
        )
        .await
        .unwrap_or_else(|_| panic!("page {}: script hung for 15 s", self.label()))
        .unwrap_or_else(|e| panic!("page {}: script failed: {e}", self.label()));
        if let Some(t) = out.get("thrown") {
            panic!("page {}: script threw: {t}", self.label());
        }
        out
    }

    /// Polls `body` until it returns an object with a true `ok`; fails on a
    /// page error or at the deadline with `what` and the last answer. Returns
    /// the time since `start` and the answer.
    async fn wait_since(
        &self,
        what: &str,
        start: Instant,
        timeout: Duration,
        body: &str,
        args: Vec<Value>,
    ) -> (Duration, Value) {
        loop {
            let v = self.eval(body, args.clone()).await;
            if v["ok"].as_bool() == Some(true) {
                return (start.elapsed(), v);
            }
            if start.elapsed() >= timeout {
                panic!(
                    "page {}: {what} not seen within {:.0} s; last answer: {v}",
                    self.label(),
                    timeout.as_secs_f64()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    async fn wait(
        &self,
        what: &str,
        timeout: Duration,
        body: &str,
        args: Vec<Value>,
    ) -> (Duration, Value) {
        self.wait_since(what, Instant::now(), timeout, body, args)
            .await
    }

    async fn element(&self, css: &str) -> fantoccini::elements::Element {
        tokio::time::timeout(
            Duration::from_secs(10),
            self.b.client().find(Locator::Css(css)),
        )
        .await
        .unwrap_or_else(|_| panic!("page {}: finding {css} took over 10 s", self.label()))
        .unwrap_or_else(|e| panic!("page {}: no element {css}: {e}", self.label()))
    }

    /// A person's click (WebDriver: scrolled into view, must be interactable).
    async fn click(&self, css: &str) {
        let el = self.element(css).await;
        tokio::time::timeout(Duration::from_secs(10), el.click())
            .await
            .unwrap_or_else(|_| panic!("page {}: clicking {css} took over 10 s", self.label()))
            .unwrap_or_else(|e| panic!("page {}: cannot click {css}: {e}", self.label()));
    }

    /// A person's typing into `css`.
    async fn type_into(&self, css: &str, keys: &str) {
        let el = self.element(css).await;
        tokio::time::timeout(Duration::from_secs(10), el.send_keys(keys))
            .await
            .unwrap_or_else(|_| panic!("page {}: typing into {css} took over 10 s", self.label()))
            .unwrap_or_else(|e| panic!("page {}: cannot type into {css}: {e}", self.label()));
    }

    /// Clicks `#toggle-mic` and waits until its aria-pressed says `on`.
    async fn set_mic(&self, on: bool) {
        let pressed = self
            .eval(
                "return q('#toggle-mic').getAttribute('aria-pressed');",
                vec![],
            )
            .await;
        assert_eq!(
            pressed.as_str(),
            Some(if on { "false" } else { "true" }),
            "page {}: #toggle-mic aria-pressed before switching the microphone {}",
            self.label(),
            if on { "on" } else { "off" }
        );
        self.click("#toggle-mic").await;
        self.wait(
            &format!("#toggle-mic[aria-pressed={on}]"),
            STEP_TIMEOUT,
            "const p = q('#toggle-mic').getAttribute('aria-pressed'); return { ok: p === args[0], pressed: p };",
            vec![json!(on.to_string())],
        )
        .await;
    }
}

/// Every page's tiles of the `others` decode video, shown at a real size.
const ALL_DECODING: &str = r#"
const res = { ok: pageState() === 'joined', state: pageState(), tiles: {} };
for (const id of args[0]) {
  const v = await videoOf(tile(id));
  res.tiles[id] = v;
  if (!v || v.decoded === 0 || v.width === 0 || !v.shownLive) res.ok = false;
}
return res;
"#;

/// Tile attribute `args[1]` (a dataset key) of peer `args[0]`'s camera tile equals `args[2]`.
const TILE_ATTR_IS: &str = r#"
const t = tile(args[0]);
const value = t ? (t.dataset[args[1]] ?? null) : null;
return { ok: value === args[2], value, tile: !!t };
"#;

/// Peer `args[0]`'s camera tile has the `speaking` class (and who else has it).
const SPEAKING: &str = r#"
const t = tile(args[0]);
const speaking = qa('.tile.speaking').map(x => x.dataset.peerName || (x.classList.contains('local') ? 'me' : '?'));
return { ok: !!t && t.classList.contains('speaking'), speaking };
"#;

/// A `.chat-line[data-from=args[0]]` with name `args[1]` (null: any) and text `args[2]`.
const CHAT_LINE: &str = r#"
const lines = qa('.chat-line').map(l => ({
  from: l.dataset.from,
  name: (l.querySelector('.chat-name') || {}).textContent,
  text: (l.querySelector('.chat-text') || {}).textContent,
}));
const ok = lines.some(l => l.from === args[0] && (args[1] === null || l.name === args[1]) && l.text === args[2]);
return { ok, lines };
"#;

/// Sizes the window so that the page's viewport (what a screenshot shows) is
/// `width` x `height`: headless Chromium's window includes some browser frame.
async fn set_viewport(page: &Page, width: u32, height: u32) {
    let client = page.b.client();
    let mut size = (width, height);
    for _ in 0..3 {
        tokio::time::timeout(
            Duration::from_secs(10),
            client.set_window_size(size.0, size.1),
        )
        .await
        .expect("set_window_size hung")
        .expect("set_window_size failed");
        let inner = tokio::time::timeout(
            Duration::from_secs(10),
            client.execute("return [window.innerWidth, window.innerHeight];", vec![]),
        )
        .await
        .expect("reading the viewport hung")
        .expect("reading the viewport failed");
        let w = inner[0].as_u64().unwrap_or(0) as u32;
        let h = inner[1].as_u64().unwrap_or(0) as u32;
        if (w, h) == (width, height) {
            return;
        }
        size = (
            size.0 + width - w.min(width),
            size.1 + height - h.min(height),
        );
    }
    say(&format!(
        "page {}: could not size the viewport to {width}x{height}",
        page.label()
    ));
}

/// Which browser the three pages run in.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Chromium,
    Firefox,
}

#[test]
fn room_features_three_peers() {
    serial(room_features_body(Kind::Chromium));
}

#[test]
fn room_features_three_peers_firefox() {
    let _serial = e2e::serial_guard();
    let ns = Netns::create();
    say(&format!(
        "{} in network namespace {}",
        firefox::firefox_version(),
        ns.name()
    ));
    ns.run(room_features_body(Kind::Firefox));
}

async fn room_features_body(kind: Kind) {
    let t0 = Instant::now();
    let dist = dist_dir();
    let mut server = match kind {
        Kind::Chromium => Server::start(&dist),
        Kind::Firefox => Server::start_in(
            &[],
            &dist,
            &[
                "--listen",
                "127.0.0.1:0",
                "--rtc-listen-ip",
                Netns::SERVER_IP,
                "--announced-ip",
                Netns::SERVER_IP,
            ],
            &[],
        ),
    };
    say(&format!("server at {}", server.base_url));
    // Chromium's pages share one chromedriver; each Firefox page has its own
    // geckodriver, and A and B (who share their screens) a window on an X
    // display: headless Firefox has no screen to share.
    let chromedriver = (kind == Kind::Chromium).then(Driver::start);
    let xvfb = (kind == Kind::Firefox).then(|| firefox::Xvfb::start(1600, 1000));
    let (a, b, c) = match &chromedriver {
        Some(driver) => tokio::join!(
            driver.browser("A"),
            driver.browser("B"),
            driver.browser("C")
        ),
        None => tokio::join!(
            firefox::browser_with("A", xvfb.as_ref(), json!({})),
            firefox::browser_with("B", xvfb.as_ref(), json!({})),
            firefox::browser("C")
        ),
    };
    let a = Page { b: a, id: "peer-a" };
    let b = Page { b, id: "peer-b" };
    let c = Page { b: c, id: "peer-c" };
    // The page the screenshot is taken of: a 1280x800 viewport.
    set_viewport(&a, 1280, 800).await;
    say(&format!(
        "3 {kind:?} sessions up after {:.1} s",
        t0.elapsed().as_secs_f64()
    ));

    let nav = Instant::now();
    let url = |p: &Page, name: &str| format!("{}&peerId={}", server.room_url(ROOM, name), p.id);
    let (url_a, url_b, url_c) = (url(&a, "A"), url(&b, "B"), url(&c, "C"));
    tokio::join!(
        firefox::goto_app(&a.b, &url_a),
        firefox::goto_app(&b.b, &url_b),
        firefox::goto_app(&c.b, &url_c)
    );
    let pages = [&a, &b, &c];
    for p in pages {
        let others: Vec<&str> = pages
            .iter()
            .map(|o| o.id)
            .filter(|id| *id != p.id)
            .collect();
        let (t, v) = p
            .wait_since(
                "joined, decoding both others' video in their tiles",
                nav,
                JOIN_TIMEOUT,
                ALL_DECODING,
                vec![json!(others)],
            )
            .await;
        say(&format!(
            "page {}: joined and decoding {:?} {:.1} s after navigation ({})",
            p.label(),
            others,
            t.as_secs_f64(),
            v["tiles"]
        ));
    }
    server.assert_alive();

    // 1. Chat from A shows on B and C with A's name.
    let step = Instant::now();
    a.click("#toggle-chat").await;
    a.wait(
        "#chat-panel open",
        STEP_TIMEOUT,
        "return { ok: !q('#chat-panel').inert };",
        vec![],
    )
    .await;
    let text = "hello from A";
    a.type_into("#chat-input", &format!("{text}{ENTER}")).await;
    a.wait(
        "my own chat line (.chat-line[data-from=me])",
        STEP_TIMEOUT,
        CHAT_LINE,
        vec![json!("me"), json!("A"), json!(text)],
    )
    .await;
    for p in [&b, &c] {
        let (t, _) = p
            .wait_since(
                "A's chat line (.chat-line[data-from=peer], name A)",
                step,
                STEP_TIMEOUT,
                CHAT_LINE,
                vec![json!("peer"), json!("A"), json!(text)],
            )
            .await;
        say(&format!(
            "1. chat: page {} shows A's line {:.2} s after A typed it",
            p.label(),
            t.as_secs_f64()
        ));
    }

    // 2. The bot answers A, on every page.
    let step = Instant::now();
    a.type_into("#chat-input", &format!("@bot hello{ENTER}"))
        .await;
    for p in pages {
        let (t, _) = p
            .wait_since(
                "the bot's answer (.chat-line[data-from=bot] `A said me: \"hello\"`)",
                step,
                STEP_TIMEOUT,
                CHAT_LINE,
                vec![json!("bot"), Value::Null, json!("A said me: \"hello\"")],
            )
            .await;
        say(&format!(
            "2. bot: page {} shows `A said me: \"hello\"` after {:.2} s",
            p.label(),
            t.as_secs_f64()
        ));
    }

    // 3. A mutes: the others see A's audio paused; A unmutes: not paused.
    for (on, paused) in [(false, "true"), (true, "false")] {
        let step = Instant::now();
        a.set_mic(on).await;
        for p in [&b, &c] {
            let (t, _) = p
                .wait_since(
                    &format!("A's tile data-audio-paused=\"{paused}\""),
                    step,
                    STEP_TIMEOUT,
                    TILE_ATTR_IS,
                    vec![json!(a.id), json!("audioPaused"), json!(paused)],
                )
                .await;
            say(&format!(
                "3. mic {}: page {} shows A's data-audio-paused={paused} after {:.2} s",
                if on { "on" } else { "off" },
                p.label(),
                t.as_secs_f64()
            ));
        }
    }

    // 4. Active speaker: only A's microphone on, then only B's.
    let step = Instant::now();
    b.set_mic(false).await;
    c.set_mic(false).await;
    for p in [&b, &c] {
        let (t, v) = p
            .wait_since(
                "A's tile highlighted as speaking (only A's microphone is on)",
                step,
                STEP_TIMEOUT,
                SPEAKING,
                vec![json!(a.id)],
            )
            .await;
        say(&format!(
            "4. active speaker: page {} highlights A {:.2} s after B and C muted (speaking tiles {})",
            p.label(),
            t.as_secs_f64(),
            v["speaking"]
        ));
    }
    let step = Instant::now();
    a.set_mic(false).await;
    b.set_mic(true).await;
    for p in [&a, &c] {
        let (t, v) = p
            .wait_since(
                "B's tile highlighted as speaking (only B's microphone is on)",
                step,
                STEP_TIMEOUT,
                SPEAKING,
                vec![json!(b.id)],
            )
            .await;
        say(&format!(
            "4. active speaker: page {} highlights B {:.2} s after A muted and B unmuted (speaking tiles {})",
            p.label(),
            t.as_secs_f64(),
            v["speaking"]
        ));
    }

    // 5. A renames itself; the others show the new name.
    let step = Instant::now();
    a.click("#display-name").await;
    a.type_into("#display-name", &format!("{CONTROL}a{CONTROL}Alice{ENTER}"))
        .await;
    for p in [&b, &c] {
        let (t, _) = p
            .wait_since(
                "A's tile data-peer-name=\"Alice\"",
                step,
                STEP_TIMEOUT,
                TILE_ATTR_IS,
                vec![json!(a.id), json!("peerName"), json!("Alice")],
            )
            .await;
        say(&format!(
            "5. rename: page {} shows A as Alice after {:.2} s",
            p.label(),
            t.as_secs_f64()
        ));
    }

    // 6. A's camera goes out as simulcast: one outbound-rtp stream per rid
    // (r0..r2), at least two of them sending (the top one starts only once
    // the bandwidth estimate covers it). Asserted for Firefox, whose
    // simulcast the Firefox variant proves; printed for Chromium.
    let step = Instant::now();
    let simulcast_body = r#"
const out = [];
for (const pc of pcs()) {
  const report = await pc.getStats();
  report.forEach(s => {
    if (s.type === 'outbound-rtp' && (s.kind || s.mediaType) === 'video')
      out.push({ rid: s.rid || null, bytesSent: s.bytesSent || 0, frameWidth: s.frameWidth || null,
                 frameHeight: s.frameHeight || null, ssrc: s.ssrc });
  });
}
const rids = out.map(o => o.rid).filter(r => r);
const sending = out.filter(o => o.rid && o.bytesSent > 0).map(o => o.rid);
const ok = ['r0', 'r1', 'r2'].every(r => rids.includes(r)) && sending.includes('r0') && sending.length >= 2;
return { ok: !args[0] || ok, out };
"#;
    let (t, v) = a
        .wait_since(
            "A's camera sending simulcast: outbound-rtp video streams with rid r0, r1 and r2, r0 and at least one more with bytesSent > 0",
            step,
            LAYERS_TIMEOUT,
            simulcast_body,
            vec![json!(kind == Kind::Firefox)],
        )
        .await;
    say(&format!(
        "6. simulcast: page A's outbound video streams after {:.2} s: {}",
        t.as_secs_f64(),
        v["out"]
    ));

    // 6. Quality choice on B for A's camera changes the consumer's layers.
    let select = format!(
        ".tile.remote[data-peer-id=\"{}\"][data-source=\"camera\"] select.quality",
        a.id
    );
    let layers_body = r#"
const t = tile(args[0]);
const layers = t ? (t.dataset.layers || '') : '';
const spatial = layers === '' ? null : Number(layers.split(',')[0]);
const ok = spatial !== null && (args[1] === 'low' ? spatial === 0 : spatial > 0);
return { ok, layers, select: (q(args[2]) || {}).value };
"#;
    for choice in ["low", "high"] {
        let before = b
            .eval(
                "const t = tile(args[0]); return t ? t.dataset.layers : null;",
                vec![json!(a.id)],
            )
            .await;
        let step = Instant::now();
        let el = b.element(&select).await;
        tokio::time::timeout(Duration::from_secs(10), el.select_by_value(choice))
            .await
            .expect("choosing a quality hung")
            .unwrap_or_else(|e| panic!("page B: cannot choose {choice} in {select}: {e}"));
        let (t, v) = b
            .wait_since(
                &format!(
                    "A's tile data-layers with spatial layer {} after choosing {choice}",
                    if choice == "low" { "0" } else { "> 0" }
                ),
                step,
                LAYERS_TIMEOUT,
                layers_body,
                vec![json!(a.id), json!(choice), json!(select)],
            )
            .await;
        say(&format!(
            "6. quality {choice}: A's tile on B shows layers {} after {:.2} s (before: {before})",
            v["layers"],
            t.as_secs_f64()
        ));
    }

    // 7. Screenshot of a three-peer room with media flowing; no page in error.
    let step = Instant::now();
    for p in pages {
        let others: Vec<&str> = pages
            .iter()
            .map(|o| o.id)
            .filter(|id| *id != p.id)
            .collect();
        p.wait(
            "joined, decoding both others' video",
            STEP_TIMEOUT,
            ALL_DECODING,
            vec![json!(others)],
        )
        .await;
    }
    let png = tokio::time::timeout(Duration::from_secs(20), a.b.client().screenshot())
        .await
        .expect("screenshot hung")
        .expect("screenshot failed");
    for p in pages {
        // After the shot too: the picture must not show an error state.
        p.eval("return null;", vec![]).await;
    }
    assert!(
        png.len() > 24 && &png[1..4] == b"PNG",
        "the screenshot is not a PNG"
    );
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    let shot = target_dir().join("e2e").join(match kind {
        Kind::Chromium => "three-peer-room.png",
        Kind::Firefox => "three-peer-room-firefox.png",
    });
    std::fs::create_dir_all(shot.parent().unwrap()).expect("create target/e2e");
    std::fs::write(&shot, &png).expect("write the screenshot");
    say(&format!(
        "7. screenshot {width}x{height} of page A in {} ({:.2} s)",
        shot.display(),
        step.elapsed().as_secs_f64()
    ));
    if kind == Kind::Chromium
        && std::env::var_os("STUNROOM_UPDATE_SCREENSHOT").is_some_and(|v| v == "1")
    {
        let readme_shot = repo_root().join("client").join("screenshot.png");
        std::fs::write(&readme_shot, &png).expect("write client/screenshot.png");
        say(&format!("7. screenshot also in {}", readme_shot.display()));
    }

    // 8. A shares its screen: B gets a screen tile that decodes frames; A
    // stops: the tile goes. Twice: the second share follows a stopped one
    // (a new or reused m-section on both sides).
    for round in ["first", "second"] {
        let step = Instant::now();
        let videos_before = b
            .eval("return (await inboundVideos()).length;", vec![])
            .await
            .as_u64()
            .unwrap_or(0);
        a.click("#toggle-share").await;
        let screen_body = r#"
const t = tile(args[0], 'screen');
const first = await videoOf(t);
if (!first || first.decoded === 0) return { ok: false, tile: !!t, video: first };
await sleep(400);
const second = await videoOf(t);
const videos = (await inboundVideos()).length;
return {
  ok: second.decoded > first.decoded && second.width > 0 && videos === args[1] + 1,
  first, second, videos,
};
"#;
        let (t, v) = b
            .wait_since(
                "A's screen tile (.tile.remote[data-source=screen]) decoding frames (framesDecoded growing) on an extra inbound-rtp video",
                step,
                STEP_TIMEOUT,
                screen_body,
                vec![json!(a.id), json!(videos_before)],
            )
            .await;
        say(&format!(
            "8. screen share ({round}): page B decodes A's screen {:.2} s after A clicked share (framesDecoded {} → {}, {}x{}, inbound videos {} → {})",
            t.as_secs_f64(),
            v["first"]["decoded"],
            v["second"]["decoded"],
            v["second"]["width"],
            v["second"]["height"],
            videos_before,
            v["videos"]
        ));
        let step = Instant::now();
        a.click("#toggle-share").await;
        let (t, _) = b
            .wait_since(
                "A's screen tile removed after A stopped sharing",
                step,
                STEP_TIMEOUT,
                "return { ok: !tile(args[0], 'screen') };",
                vec![json!(a.id)],
            )
            .await;
        say(&format!(
            "8. screen share ({round}): page B dropped A's screen tile {:.2} s after A stopped",
            t.as_secs_f64()
        ));
    }

    // 9. B's signaling drops (while B shares its screen); B rejoins by itself
    // and decodes A again; the share ended with the dropped session.
    let step = Instant::now();
    b.click("#toggle-share").await;
    let (t, _) = a
        .wait_since(
            "B's screen tile decoding",
            step,
            STEP_TIMEOUT,
            "const v = await videoOf(tile(args[0], 'screen')); return { ok: !!v && v.decoded > 0, v };",
            vec![json!(b.id)],
        )
        .await;
    say(&format!(
        "9. before the drop: page A decodes B's screen after {:.2} s",
        t.as_secs_f64()
    ));
    let mark_old = r#"
pcs().forEach(pc => { pc.__e2eOld = true; });
for (const t of qa('.tile.remote video')) {
  if (t.srcObject) t.srcObject.getTracks().forEach(x => { x.__e2eOld = true; });
}
return null;
"#;
    for p in pages {
        p.eval(mark_old, vec![]).await;
    }
    let step = Instant::now();
    b.eval("window.stunroomDropSignaling(); return null;", vec![])
        .await;
    let (t, _) = b
        .wait_since(
            "body[data-state=reconnecting] after the signaling connection dropped",
            step,
            STEP_TIMEOUT,
            "return { ok: pageState() === 'reconnecting', state: pageState() };",
            vec![],
        )
        .await;
    say(&format!(
        "9. drop: page B shows reconnecting after {:.2} s",
        t.as_secs_f64()
    ));
    let rejoined = r#"
const res = { ok: pageState() === 'joined', state: pageState(), tiles: {} };
for (const id of args[0]) {
  const v = await videoOf(tile(id));
  res.tiles[id] = v;
  if (!v || v.decoded === 0 || v.width === 0 || !v.shownLive || v.shownOld) res.ok = false;
  if (args[1] && v && v.oldPc !== false) res.ok = false;
}
return res;
"#;
    let (t, v) = b
        .wait_since(
            "rejoined (state joined) and decoding A and C on a new receive connection",
            step,
            JOIN_TIMEOUT,
            rejoined,
            vec![json!([a.id, c.id]), json!(true)],
        )
        .await;
    say(&format!(
        "9. drop: page B rejoined and decodes A and C again {:.2} s after the drop ({})",
        t.as_secs_f64(),
        v["tiles"]
    ));
    for p in [&a, &c] {
        let (t, _) = p
            .wait_since(
                "B's tile back, showing B's new video",
                step,
                JOIN_TIMEOUT,
                rejoined,
                vec![json!([b.id]), json!(false)],
            )
            .await;
        say(&format!(
            "9. drop: page {} decodes B's video again {:.2} s after the drop",
            p.label(),
            t.as_secs_f64()
        ));
    }

    let (_, v) = b
        .wait(
            "the screen share stopped with the dropped session (#toggle-share not pressed, no own screen tile)",
            STEP_TIMEOUT,
            "const p = q('#toggle-share').getAttribute('aria-pressed'); const own = !!q('.tile.local-screen'); return { ok: p === 'false' && !own, pressed: p, own };",
            vec![],
        )
        .await;
    assert_eq!(v["own"], json!(false));
    for p in [&a, &c] {
        let v = p
            .eval("return !!tile(args[0], 'screen');", vec![json!(b.id)])
            .await;
        assert_eq!(
            v,
            json!(false),
            "page {} still shows B's screen tile after B rejoined (B no longer shares)",
            p.label()
        );
    }

    for p in pages {
        p.eval("return null;", vec![]).await;
    }
    server.assert_alive();
    say(&format!(
        "all scenarios passed in {:.1} s",
        t0.elapsed().as_secs_f64()
    ));
    let (mut a, mut b, mut c) = (a.b, b.b, c.b);
    tokio::join!(a.close(), b.close(), c.close());
}
