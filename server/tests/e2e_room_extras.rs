//! End-to-end test of the room extras (issue 13, item 6) in real headless
//! Chromium pages with fake camera and microphone, asserted on what a person
//! sees (the DOM contract of the client, getStats of the receivers):
//!
//!  1. A raises its hand: B's tile of A and B's people list say "Raised hand";
//!  2. C joins late (a phone-sized 390×844 viewport, `?tiles=2`): C sees A's
//!     raised hand; A lowers it: gone on B and C;
//!  3. A sends 🎉: it floats on A's tile on B (and on A's own tile); a
//!     disallowed emoji sent over the page's own protoo socket is refused with
//!     an error naming it;
//!  4. B pins A: A's tile is the spotlight (the large one); unpinned: back in the grid;
//!  5. paging on C (2 tiles a page: C's own and one other): the tile of the
//!     other page is hidden and its video consumer paused (framesDecoded of
//!     its receiver stops growing) while the shown one decodes; paging on
//!     swaps the two;
//!  6. C's phone layout: no horizontal overflow, every control inside the
//!     viewport; screenshot to docs/screenshots/phone.png (< 200 KB).
//!
//! Run only this file:
//!   STUNROOM_E2E_DIST=/tmp/dist-x cargo test -p stunroom-server --test e2e_room_extras -- --nocapture

mod e2e;

use std::io::Write;
use std::time::{Duration, Instant};

use e2e::{dist_dir, repo_root, Browser, Driver, Server};
use fantoccini::Locator;
use serde_json::{json, Value};

const JOIN_TIMEOUT: Duration = Duration::from_secs(40);
const STEP_TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(150);
const ROOM: &str = "extras";
/// The phone viewport of step 6.
const PHONE: (u32, u32) = (390, 844);
const MAX_SCREENSHOT: usize = 200 * 1024;

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e: {msg}");
}

/// Runs before every page script.
const PRELUDE: &str = r#"
const done = arguments[arguments.length - 1];
const args = Array.prototype.slice.call(arguments, 0, arguments.length - 1);
const pageError = () => {
  const banner = document.querySelector('.error-banner');
  if (banner) return 'error banner: ' + (banner.textContent.trim() || '<empty>');
  return null;
};
const q = sel => document.querySelector(sel);
const qa = sel => Array.from(document.querySelectorAll(sel));
const pageState = () => document.body ? (document.body.dataset.state || null) : null;
const tile = id => q(`.tile.remote[data-peer-id="${id}"][data-source="camera"]`);
const pcs = () => Array.isArray(window.stunroomPeerConnections) ? window.stunroomPeerConnections : [];
// framesDecoded of the receiver behind the video a tile plays (-1: none).
async function decodedOf(t) {
  const v = t && t.querySelector('video');
  const tracks = v && v.srcObject ? v.srcObject.getVideoTracks() : [];
  if (tracks.length === 0) return -1;
  let decoded = -1;
  for (const pc of pcs()) {
    for (const r of pc.getReceivers()) {
      if (r.track !== tracks[0]) continue;
      (await r.getStats()).forEach(s => {
        if (s.type === 'inbound-rtp') decoded = Math.max(decoded, s.framesDecoded || 0);
      });
    }
  }
  return decoded;
}
"#;

fn page_script(body: &str) -> String {
    format!(
        "{PRELUDE}(async function () {{\n{body}\n}}).apply(null, args).then(\n\
         v => done({{ v: v === undefined ? null : v, err: pageError() }}),\n\
         e => done({{ thrown: String((e && e.stack) || e), err: pageError() }}));\n"
    )
}

struct Page {
    b: Browser,
    id: &'static str,
}

impl Page {
    fn label(&self) -> &str {
        &self.b.label
    }

    async fn eval(&self, body: &str, args: Vec<Value>) -> Value {
        let out = tokio::time::timeout(
            Duration::from_secs(15),
            self.b.client().execute_async(&page_script(body), args),
        )
        .await
        .unwrap_or_else(|_| panic!("page {}: script hung for 15 s", self.label()))
        .unwrap_or_else(|e| panic!("page {}: script failed: {e}", self.label()));
        if let Some(t) = out.get("thrown") {
            panic!("page {}: script threw: {t}", self.label());
        }
        if let Some(err) = out["err"].as_str() {
            panic!("page {} shows an error: {err}", self.label());
        }
        out["v"].clone()
    }

    /// Polls `body` until it answers `{ok: true, ...}`.
    async fn wait(&self, what: &str, timeout: Duration, body: &str, args: Vec<Value>) -> Value {
        let start = Instant::now();
        loop {
            let v = self.eval(body, args.clone()).await;
            if v["ok"].as_bool() == Some(true) {
                say(&format!(
                    "{}: {what} after {:.1} s",
                    self.label(),
                    start.elapsed().as_secs_f64()
                ));
                return v;
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

    async fn click(&self, css: &str) {
        let el = tokio::time::timeout(
            Duration::from_secs(10),
            self.b.client().find(Locator::Css(css)),
        )
        .await
        .unwrap_or_else(|_| panic!("page {}: finding {css} took over 10 s", self.label()))
        .unwrap_or_else(|e| panic!("page {}: no element {css}: {e}", self.label()));
        tokio::time::timeout(Duration::from_secs(10), el.click())
            .await
            .unwrap_or_else(|_| panic!("page {}: clicking {css} took over 10 s", self.label()))
            .unwrap_or_else(|e| panic!("page {}: cannot click {css}: {e}", self.label()));
    }

    async fn goto(&self, server: &Server, extra: &str) {
        let url = format!(
            "{}&peerId={}{extra}",
            server.room_url(ROOM, self.label()),
            self.id
        );
        self.b.goto(&url).await;
    }
}

/// Joined, and the camera tiles of `args[0]` (peer ids) decode video.
const DECODING: &str = r#"
const res = { ok: pageState() === 'joined', state: pageState(), decoded: {} };
for (const id of args[0]) {
  const d = await decodedOf(tile(id));
  res.decoded[id] = d;
  if (d <= 0) res.ok = false;
}
return res;
"#;

/// Peer `args[0]`'s hand as this page shows it: on the tile and in the people
/// list; ok when both say raised == `args[1]`.
const HAND_SHOWN: &str = r#"
const t = tile(args[0]);
const badge = t && t.querySelector('.hand-badge');
const row = q(`.people li[data-peer-id="${args[0]}"]`);
const onTile = !!badge && /raised hand/i.test(badge.textContent);
const inList = !!row && /raised hand/i.test(row.textContent) && row.dataset.handRaised === 'true';
return { ok: onTile === args[1] && inList === args[1], onTile, inList, tile: !!t, row: !!row };
"#;

/// The reaction floating on `args[0]`'s tile (`null`: my own) is `args[1]`.
const REACTION_SHOWN: &str = r#"
const t = args[0] === null ? q('.tile.local') : tile(args[0]);
const f = t && t.querySelector('.reaction-float');
const shown = f ? f.textContent.trim() : null;
return { ok: shown === args[1], shown };
"#;

/// A second protoo socket of this page, as peer `args[0]` in room `args[1]`:
/// joins, sends reaction `args[2]`, answers the server's error (or ok).
const RAW_REACTION: &str = r#"
const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?roomId=${args[1]}&peerId=${args[0]}`;
const ws = new WebSocket(url, 'protoo');
const answers = new Map();
ws.onmessage = ev => { const m = JSON.parse(ev.data); if (m.response) answers.set(m.id, m); };
await new Promise((ok, bad) => { ws.onopen = ok; ws.onerror = () => bad(new Error('socket failed')); });
const ask = async (id, method, data) => {
  ws.send(JSON.stringify({ request: true, id, method, data }));
  for (let i = 0; i < 100 && !answers.has(id); i++) await new Promise(r => setTimeout(r, 50));
  return answers.get(id) || null;
};
const joined = await ask(1, 'join', { displayName: 'raw', device: { name: 'e2e' } });
const reaction = await ask(2, 'sendReaction', { emoji: args[2] });
ws.close();
return { joined: !!joined && joined.ok, reaction };
"#;

/// `args[0]`'s tile is the spotlight and the largest tile of the grid.
const SPOTLIGHT: &str = r#"
const t = tile(args[0]);
const grid = q('.grid');
const widths = qa('.grid > .tile').filter(x => x.offsetParent !== null).map(x => x.getBoundingClientRect().width);
const mine = t ? t.getBoundingClientRect().width : 0;
const largest = widths.length > 0 && mine >= Math.max(...widths) && widths.filter(w => w === mine).length === 1;
const pinned = !!t && t.classList.contains('spotlight') && grid.dataset.spotlight === 'true';
return { ok: pinned === args[1] && (!args[1] || largest), pinned, largest, widths, mine };
"#;

/// Remote camera tiles: visible or not, and framesDecoded of each.
const TILES_DECODED: &str = r#"
const out = {};
for (const t of qa('.tile.remote[data-source="camera"]')) {
  out[t.dataset.peerId] = { visible: t.dataset.visible === 'true' && t.offsetParent !== null, decoded: await decodedOf(t) };
}
return { tiles: out, label: (q('#page-label') || {}).textContent || null };
"#;

/// Phone layout: nothing wider than the viewport, every control inside it.
const PHONE_LAYOUT: &str = r#"
const w = window.innerWidth, h = window.innerHeight;
const scrollWidth = document.documentElement.scrollWidth;
const controls = qa('.controls button').map(b => {
  const r = b.getBoundingClientRect();
  return { id: b.id || b.className, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
});
const outside = controls.filter(c => c.left < 0 || c.right > w || c.top < 0 || c.bottom > h || c.right - c.left === 0);
return { ok: scrollWidth <= w && outside.length === 0 && controls.length > 0, w, h, scrollWidth, outside, controls: controls.length };
"#;

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
    panic!(
        "page {}: could not size the viewport to {width}x{height}",
        page.label()
    );
}

#[test]
fn room_extras() {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(room_extras_body());
}

/// framesDecoded of `id`'s tile in a [`TILES_DECODED`] answer.
fn decoded(v: &Value, id: &str) -> i64 {
    v["tiles"][id]["decoded"].as_i64().unwrap_or(-1)
}

fn visible(v: &Value, id: &str) -> bool {
    v["tiles"][id]["visible"].as_bool() == Some(true)
}

async fn room_extras_body() {
    let t0 = Instant::now();
    let mut server = Server::start(&dist_dir());
    let driver = Driver::start();
    let (a, b, c) = tokio::join!(
        driver.browser("A"),
        driver.browser("B"),
        driver.browser("C")
    );
    let (a, b, c) = (
        Page { b: a, id: "a" },
        Page { b, id: "b" },
        Page { b: c, id: "c" },
    );
    tokio::join!(a.goto(&server, ""), b.goto(&server, ""));
    b.wait("decoding A", JOIN_TIMEOUT, DECODING, vec![json!(["a"])])
        .await;
    a.wait("decoding B", JOIN_TIMEOUT, DECODING, vec![json!(["b"])])
        .await;
    // B's people panel open: its list is what a person would read.
    b.click("#toggle-people").await;

    // 1. A raises its hand.
    a.click("#toggle-hand").await;
    a.wait(
        "#toggle-hand pressed",
        STEP_TIMEOUT,
        "const p = q('#toggle-hand').getAttribute('aria-pressed'); const me = q('.tile.local .hand-badge'); return { ok: p === 'true' && !!me, p };",
        vec![],
    )
    .await;
    b.wait(
        "A's raised hand",
        STEP_TIMEOUT,
        HAND_SHOWN,
        vec![json!("a"), json!(true)],
    )
    .await;

    // 2. C joins late, phone-sized, two tiles a page.
    set_viewport(&c, PHONE.0, PHONE.1).await;
    c.goto(&server, "&tiles=2").await;
    c.wait(
        "joined",
        JOIN_TIMEOUT,
        "return { ok: pageState() === 'joined' && qa('.tile.remote').length === 2, state: pageState() };",
        vec![],
    )
    .await;
    c.click("#toggle-people").await;
    c.wait(
        "A's raised hand (late join)",
        STEP_TIMEOUT,
        HAND_SHOWN,
        vec![json!("a"), json!(true)],
    )
    .await;
    c.click("#toggle-people").await;
    a.click("#toggle-hand").await;
    for p in [&b, &c] {
        p.wait(
            "A's hand lowered",
            STEP_TIMEOUT,
            HAND_SHOWN,
            vec![json!("a"), json!(false)],
        )
        .await;
    }
    b.click("#toggle-people").await;

    // 3. Reactions.
    a.click("#toggle-reactions").await;
    a.click(r#".reaction-choice[data-emoji="🎉"]"#).await;
    b.wait(
        "🎉 on A's tile",
        STEP_TIMEOUT,
        REACTION_SHOWN,
        vec![json!("a"), json!("🎉")],
    )
    .await;
    save_png(&b, "reaction.png").await;
    a.wait(
        "🎉 on my tile",
        STEP_TIMEOUT,
        REACTION_SHOWN,
        vec![Value::Null, json!("🎉")],
    )
    .await;
    // It floats for about 3 s, then goes.
    b.wait(
        "the reaction gone",
        Duration::from_secs(6),
        REACTION_SHOWN,
        vec![json!("a"), Value::Null],
    )
    .await;
    let raw = a
        .eval(
            RAW_REACTION,
            vec![json!("raw"), json!("extras-raw"), json!("💩")],
        )
        .await;
    assert_eq!(raw["joined"], true, "{raw}");
    let reason = raw["reaction"]["errorReason"].as_str().unwrap_or_default();
    assert!(
        raw["reaction"]["ok"] == false
            && reason.contains("💩")
            && reason.contains("not an allowed reaction"),
        "a disallowed emoji must be refused, naming it: {raw}"
    );
    say(&format!("disallowed emoji refused: {reason}"));

    // 4. B pins A, then unpins.
    b.click(r#".tile.remote[data-peer-id="a"] .pin"#).await;
    b.wait(
        "A in the spotlight",
        STEP_TIMEOUT,
        SPOTLIGHT,
        vec![json!("a"), json!(true)],
    )
    .await;
    save_png(&b, "spotlight.png").await;
    b.click(r#".tile.remote[data-peer-id="a"] .pin"#).await;
    b.wait(
        "A back in the grid",
        STEP_TIMEOUT,
        SPOTLIGHT,
        vec![json!("a"), json!(false)],
    )
    .await;

    // 5. Paging on C: one of A and B shown, the other's video paused.
    let first = c
        .wait(
            "one other shown and decoding",
            JOIN_TIMEOUT,
            r#"const r = await (async () => {
  const out = {};
  for (const t of qa('.tile.remote[data-source="camera"]')) out[t.dataset.peerId] = { visible: t.dataset.visible === 'true' && t.offsetParent !== null, decoded: await decodedOf(t) };
  return out;
})();
const ids = Object.keys(r);
const shown = ids.filter(id => r[id].visible);
return { ok: ids.length === 2 && shown.length === 1 && r[shown[0]].decoded > 0 && q('#page-label') !== null, tiles: r, shown };"#,
            vec![],
        )
        .await;
    let shown = first["shown"][0].as_str().expect("shown id").to_owned();
    let hidden = if shown == "a" { "b" } else { "a" }.to_owned();
    assert_paused(&c, &shown, &hidden).await;
    c.click("#page-next").await;
    c.wait(
        "the next page",
        STEP_TIMEOUT,
        "const t = tile(args[0]); const n = q('#page-next'); const r = n && n.getBoundingClientRect(); const at = r && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return { ok: !!t && t.dataset.visible === 'true' && t.offsetParent !== null, label: (q('#page-label') || {}).textContent, disabled: n && n.disabled, rect: r && [r.left, r.top, r.width, r.height], at: at && (at.id || at.className) };",
        vec![json!(hidden)],
    )
    .await;
    assert_paused(&c, &hidden, &shown).await;

    // 6. The phone layout, and its screenshot (A's tile shown, its hand up).
    a.click("#toggle-hand").await;
    c.wait(
        "A's hand up again",
        STEP_TIMEOUT,
        "const t = tile('a'); return { ok: !!t && t.dataset.handRaised === 'true' };",
        vec![],
    )
    .await;
    if hidden != "a" {
        c.click("#page-prev").await;
    }
    c.wait(
        "A's raised hand on its shown tile",
        STEP_TIMEOUT,
        "const t = tile('a'); const badge = t && t.querySelector('.hand-badge'); return { ok: !!badge && badge.offsetParent !== null && /raised hand/i.test(badge.textContent) };",
        vec![],
    )
    .await;
    // Let the shown video resume and the badge settle before the picture.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let layout = c.eval(PHONE_LAYOUT, vec![]).await;
    assert_eq!(layout["ok"], true, "phone layout overflows: {layout}");
    say(&format!("phone layout: {layout}"));
    let png = tokio::time::timeout(Duration::from_secs(20), c.b.client().screenshot())
        .await
        .expect("screenshot hung")
        .expect("screenshot failed");
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
    let shot = repo_root().join("docs/screenshots/phone.png");
    std::fs::create_dir_all(shot.parent().expect("parent")).expect("docs/screenshots");
    std::fs::write(&shot, &png).expect("write the screenshot");
    say(&format!("{} ({} bytes)", shot.display(), png.len()));
    assert!(
        png.len() < MAX_SCREENSHOT,
        "the phone screenshot is {} bytes (at most {MAX_SCREENSHOT})",
        png.len()
    );

    server.assert_alive();
    let (mut a, mut b, mut c) = (a, b, c);
    tokio::join!(a.b.close(), b.b.close(), c.b.close());
    say(&format!("done in {:.1} s", t0.elapsed().as_secs_f64()));
}

/// A picture of the page for a person to look at: target/e2e/NAME (not committed).
async fn save_png(page: &Page, name: &str) {
    let png = tokio::time::timeout(Duration::from_secs(20), page.b.client().screenshot())
        .await
        .expect("screenshot hung")
        .expect("screenshot failed");
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
        .join("e2e");
    std::fs::create_dir_all(&dir).expect("target/e2e");
    std::fs::write(dir.join(name), png).expect("write the screenshot");
}

/// On `page`: `shown`'s tile is visible and decodes new frames, `hidden`'s is
/// not shown and decodes none (its consumer is paused) over two seconds, once
/// the pause has taken effect.
async fn assert_paused(page: &Page, shown: &str, hidden: &str) {
    let start = Instant::now();
    loop {
        let before = page.eval(TILES_DECODED, vec![]).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let after = page.eval(TILES_DECODED, vec![]).await;
        let grew = |id: &str| decoded(&after, id) - decoded(&before, id);
        let ok = visible(&after, shown)
            && !visible(&after, hidden)
            && grew(shown) > 5
            && grew(hidden) == 0;
        if ok {
            say(&format!(
                "{}: {shown} shown (+{} frames), {hidden} hidden (+0) after {:.1} s",
                page.label(),
                grew(shown),
                start.elapsed().as_secs_f64()
            ));
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "page {}: expected {shown} decoding and {hidden} paused; before {before}, after {after}",
            page.label()
        );
    }
}
