//! The lobby and mid-call device switching (issue 13, items 1 and 2): the
//! real server and client in headless Chromium with fake camera and microphone.
//!
//! Run only this file:  cargo test -p stunroom-server --test e2e_lobby -- --nocapture
//!
//! One server, two pages. L opens a room link without `lobby=0`, B joins
//! directly (`room_url`, which adds `lobby=0`):
//! - L's lobby shows a playing preview (videoWidth > 0), a level meter whose
//!   value changes with the fake microphone's beeps, camera / microphone
//!   pickers listing the fake devices, and a name field;
//! - L joins as "Lobbyist" with the camera off: B shows the tile by that name
//!   and decodes no video from it;
//! - reloaded, L's lobby shows the remembered name and "camera off"; L joins
//!   with the camera on and B decodes it;
//! - L switches to 360p: L captures 360p (applyConstraints resolves but
//!   Chromium's fake camera stays at 720p, so the client's fallback, a new
//!   capture put on the sender with replaceTrack, is what runs here), B's
//!   inbound frameHeight is <= 360 (and lower than before when B had more)
//!   while frames keep decoding, with the same number of producers;
//! - L switches the camera (Chromium's fake capture has one camera, so the
//!   same device is captured anew): the sender carries a new track, its three
//!   simulcast encodings keep their scaleResolutionDownBy, B keeps decoding
//!   and the producer count stays the same (replaceTrack, no new producer).
//!
//! - L picks "Fake Audio Input 1" in the menu, then it is "unplugged": headless
//!   Chromium cannot remove a device, so the page's enumerateDevices leaves it
//!   out from then on and `devicechange` fires; the page's own handler falls
//!   back to the default microphone (a new track on the same sender), says so
//!   in a toast, and B keeps receiving L's audio. The decision itself is also
//!   unit-tested in client/src/lobby.rs.

mod e2e;

use std::io::Write;
use std::time::{Duration, Instant};

use e2e::{dist_dir, Browser, Driver, Server};
use serde_json::Value;

const STEP: Duration = Duration::from_secs(20);

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e: {msg}");
}

fn unique_room() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("e2e-lobby-{}-{nanos}", std::process::id())
}

async fn js(page: &Browser, script: &str, args: Vec<Value>) -> Value {
    tokio::time::timeout(Duration::from_secs(15), page.client().execute(script, args))
        .await
        .unwrap_or_else(|_| panic!("page {}: script hung for 15 s", page.label))
        .unwrap_or_else(|e| panic!("page {}: script failed: {e}\n{script}", page.label))
}

async fn js_async(page: &Browser, script: &str) -> Value {
    tokio::time::timeout(
        Duration::from_secs(15),
        page.client().execute_async(script, vec![]),
    )
    .await
    .unwrap_or_else(|_| panic!("page {}: script hung for 15 s", page.label))
    .unwrap_or_else(|e| panic!("page {}: script failed: {e}\n{script}", page.label))
}

/// Polls `script` (returning a JSON value) until `ok` holds on it.
async fn poll(page: &Browser, what: &str, script: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let v = js(page, script, vec![]).await;
        if ok(&v) {
            return v;
        }
        if start.elapsed() > STEP {
            panic!(
                "page {}: {what} not seen within {STEP:?}; last: {v}",
                page.label
            );
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

const LOBBY_JS: &str = r#"
const el = id => document.getElementById(id);
const opts = id => el(id) ? Array.from(el(id).options).map(o => ({ value: o.value, text: o.textContent.trim(), selected: o.selected })) : null;
return {
  lobby: !!document.querySelector('.lobby'),
  videoWidth: el('lobby-preview') ? el('lobby-preview').videoWidth : 0,
  level: el('lobby-level') ? Number(el('lobby-level').value) : null,
  name: el('lobby-name') ? el('lobby-name').value : null,
  camOff: el('lobby-cam-off') ? el('lobby-cam-off').checked : null,
  micOff: el('lobby-mic-off') ? el('lobby-mic-off').checked : null,
  cameras: opts('lobby-camera'), mics: opts('lobby-mic'),
  state: document.body.dataset.state || null,
};
"#;

/// B's view of L: inbound video (frames decoded, frame height) over all connections.
const INBOUND_JS: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const out = { frames: 0, height: 0 };
  for (const pc of (window.stunroomPeerConnections || [])) {
    const report = await pc.getStats();
    report.forEach(s => {
      if (s.type === 'inbound-rtp' && (s.kind || s.mediaType) === 'video' && (s.framesDecoded || 0) > 0) {
        out.frames += s.framesDecoded;
        out.height = Math.max(out.height, s.frameHeight || 0);
      }
    });
  }
  return out;
})().then(done, e => done({ error: String(e) }));
"#;

/// L's camera sender: its track id and encodings.
const SENDER_JS: &str = r#"
for (const pc of (window.stunroomPeerConnections || [])) {
  for (const s of pc.getSenders()) {
    if (s.track && s.track.kind === 'video') {
      const p = s.getParameters();
      return { track: s.track.id, settings: s.track.getSettings(),
               scales: (p.encodings || []).map(e => e.scaleResolutionDownBy || 1) };
    }
  }
}
return null;
"#;

/// Picks the option of select `arguments[0]` whose text is `arguments[1]`;
/// returns its value ("" when there is none).
const PICK_OPTION_JS: &str = r#"
const s = document.getElementById(arguments[0]);
if (!s) return 'no select ' + arguments[0];
const o = Array.from(s.options).find(o => o.textContent.trim() === arguments[1]);
if (!o) return '';
s.value = o.value;
s.dispatchEvent(new Event('change', { bubbles: true }));
return s.value;
"#;

/// L's microphone sender: its track id and the device it captures.
const MIC_JS: &str = r#"
for (const pc of (window.stunroomPeerConnections || [])) {
  for (const s of pc.getSenders()) {
    if (s.track && s.track.kind === 'audio') {
      return { track: s.track.id, deviceId: s.track.getSettings().deviceId || null };
    }
  }
}
return null;
"#;

/// "Unplugs" device `arguments[0]`: enumerateDevices leaves it out from now
/// on, and `devicechange` fires as when a device goes away.
const UNPLUG_JS: &str = r#"
const gone = arguments[0];
const md = navigator.mediaDevices;
const real = md.enumerateDevices.bind(md);
md.enumerateDevices = async () => (await real()).filter(d => d.deviceId !== gone);
md.dispatchEvent(new Event('devicechange'));
return true;
"#;

const SET_SELECT_JS: &str = r#"
const s = document.getElementById(arguments[0]);
if (!s) return 'no select ' + arguments[0];
const value = arguments[1] === null ? Array.from(s.options).map(o => o.value).find(v => v !== '') : arguments[1];
s.value = value;
s.dispatchEvent(new Event('change', { bubbles: true }));
return s.value;
"#;

/// scaleResolutionDownBy of each encoding of a [`SENDER_JS`] answer.
fn scales(sender: &Value) -> Vec<f64> {
    sender["scales"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

fn producers(server: &Server) -> u64 {
    let (status, body) = server.get("/metrics");
    assert_eq!(status, 200, "/metrics: {body}");
    body.lines()
        .find_map(|l| l.strip_prefix("stunroom_producers "))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|v| v as u64)
        .unwrap_or_else(|| panic!("no stunroom_producers in /metrics:\n{body}"))
}

async fn inbound(page: &Browser) -> (u64, u64) {
    let v = js_async(page, INBOUND_JS).await;
    (
        v["frames"].as_u64().unwrap_or(0),
        v["height"].as_u64().unwrap_or(0),
    )
}

/// Waits until B decodes L's video with `height_ok`, and frames keep coming.
async fn wait_decoding(b: &Browser, what: &str, height_ok: impl Fn(u64) -> bool) -> u64 {
    let start = Instant::now();
    let mut last = (0, 0);
    loop {
        let (frames, height) = inbound(b).await;
        if frames > last.0 && last.0 > 0 && height_ok(height) {
            return height;
        }
        last = (frames, height);
        if start.elapsed() > STEP {
            panic!("page B: {what} not seen within {STEP:?}; framesDecoded={frames} frameHeight={height}");
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

#[test]
fn lobby_then_devices_mid_call() {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(run());
}

async fn run() {
    let started = Instant::now();
    let mut server = Server::start(&dist_dir());
    let driver = Driver::start();
    let room = unique_room();
    let mut l = driver.browser("L").await;
    let mut b = driver.browser("B").await;

    // The lobby, shown by default.
    l.goto(&server.lobby_url(&room)).await;
    let lobby = poll(
        &l,
        "lobby with a playing preview and listed devices",
        LOBBY_JS,
        |v| {
            v["lobby"] == true
                && v["videoWidth"].as_u64().unwrap_or(0) > 0
                && v["cameras"].as_array().is_some_and(|o| o.len() >= 2)
                && v["mics"].as_array().is_some_and(|o| o.len() >= 2)
        },
    )
    .await;
    say(&format!("lobby: {lobby}"));
    assert_ne!(
        lobby["state"], "joined",
        "the lobby page joined before Join"
    );
    assert!(lobby["name"].is_string(), "no name field: {lobby}");
    let labels = |k: &str| -> Vec<String> {
        lobby[k]
            .as_array()
            .map(|o| {
                o.iter()
                    .filter_map(|x| x["text"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(
        labels("cameras").iter().any(|t| t.contains("fake")),
        "camera picker lists no fake device: {:?}",
        labels("cameras")
    );
    // The fake microphone beeps: the meter moves within ~1.5 s.
    let mut levels = Vec::new();
    for _ in 0..15 {
        levels.push(
            js(&l, LOBBY_JS, vec![]).await["level"]
                .as_f64()
                .unwrap_or(-1.0),
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (lo, hi) = levels
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    assert!(
        hi > 0.0 && hi - lo > 0.01,
        "level meter does not move: {levels:?}"
    );
    assert_eq!(producers(&server), 0, "the lobby page produced before Join");

    // Join as "Lobbyist" with the camera off.
    js(
        &l,
        r#"const n = document.getElementById('lobby-name'); n.value = 'Lobbyist';
           n.dispatchEvent(new Event('input', { bubbles: true }));
           const c = document.getElementById('lobby-cam-off'); if (!c.checked) c.click();
           document.getElementById('lobby-join').click(); return true;"#,
        vec![],
    )
    .await;
    b.goto(&server.room_url(&room, "B")).await;
    b.wait_until("L's tile named Lobbyist", STEP, |s| s.has_tile("Lobbyist"))
        .await;
    let off = poll(
        &b,
        "L's tile without video",
        r#"const t = Array.from(document.querySelectorAll('.tile.remote')).find(t => t.dataset.peerName === 'Lobbyist');
           return t ? t.classList.contains('novideo') : null;"#,
        |v| v == true,
    )
    .await;
    assert_eq!(off, true);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        inbound(&b).await.0,
        0,
        "B decodes video from L, who joined with the camera off"
    );
    say("joined with the camera off: B sees the name and no video");

    // Reload: the lobby remembers. Join with the camera on this time.
    l.goto(&server.lobby_url(&room)).await;
    let again = poll(&l, "lobby after reload", LOBBY_JS, |v| {
        v["lobby"] == true && v["name"] == "Lobbyist"
    })
    .await;
    assert_eq!(
        again["camOff"], true,
        "camera-off choice not remembered: {again}"
    );
    js(
        &l,
        r#"const c = document.getElementById('lobby-cam-off'); if (c.checked) c.click();
           document.getElementById('lobby-join').click(); return true;"#,
        vec![],
    )
    .await;
    wait_decoding(&b, "L's camera", |h| h > 0).await;
    // Which simulcast layer B gets depends on the bandwidth estimate (two
    // cores, several browsers): give it a few seconds to climb past 360p.
    let climb = Instant::now();
    let mut before_h = 0;
    while climb.elapsed() < Duration::from_secs(8) && before_h <= 360 {
        before_h = before_h.max(inbound(&b).await.1);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let count = producers(&server);
    let before = js(&l, SENDER_JS, vec![]).await;
    say(&format!(
        "L's camera decoded on B at {before_h}p; {count} producers; L's sender {before}"
    ));
    assert_eq!(
        before["settings"]["height"], 720,
        "L does not capture 720p: {before}"
    );
    assert_eq!(
        scales(&before),
        [4.0, 2.0, 1.0],
        "camera sender encodings: {before}"
    );

    // 360p from the device menu.
    js(
        &l,
        "document.getElementById('device-menu-button').click(); return true;",
        vec![],
    )
    .await;
    poll(
        &l,
        "device menu",
        "return !!document.getElementById('device-resolution');",
        |v| v == true,
    )
    .await;
    let set = js(
        &l,
        SET_SELECT_JS,
        vec!["device-resolution".into(), "360p".into()],
    )
    .await;
    assert_eq!(set, "360p");
    poll(&l, "L capturing 360p", SENDER_JS, |v| {
        v["settings"]["height"] == 360
    })
    .await;
    let log = js(&l, "return window.stunroomDeviceLog || null;", vec![]).await;
    say(&format!("L's device log: {log}"));
    let h360 = wait_decoding(&b, "frameHeight <= 360", |h| {
        h > 0 && h <= 360 && (before_h <= 360 || h < before_h)
    })
    .await;
    assert_eq!(
        producers(&server),
        count,
        "changing the resolution changed the producers"
    );
    say(&format!("360p: B decodes at {h360}p"));

    // Camera switch (same fake device, captured anew): replaceTrack.
    let set = js(&l, SET_SELECT_JS, vec!["device-camera".into(), Value::Null]).await;
    assert!(
        set.as_str().is_some_and(|s| !s.is_empty()),
        "no camera to pick: {set}"
    );
    let after = poll(&l, "a new camera track on the sender", SENDER_JS, |v| {
        v["track"].is_string() && v["track"] != before["track"]
    })
    .await;
    assert_eq!(
        scales(&after),
        scales(&before),
        "simulcast encodings changed: {after}"
    );
    let (f0, _) = inbound(&b).await;
    let h = wait_decoding(&b, "video after the camera switch", |h| h > 0 && h <= 360).await;
    let (f1, _) = inbound(&b).await;
    assert!(f1 > f0, "B stopped decoding after the switch");
    assert_eq!(
        producers(&server),
        count,
        "switching the camera made a new producer"
    );
    let log = js(&l, "return window.stunroomDeviceLog || null;", vec![]).await;
    assert!(
        log.as_array().is_some_and(|l| l.iter().any(|x| x
            .as_str()
            .is_some_and(|x| x.starts_with("camera switched to")))),
        "L's device log does not show the switch: {log}"
    );
    say(&format!(
        "camera switched: B decodes at {h}p, producers still {count}; L's device log: {log}"
    ));

    // devicechange: the microphone picked in the menu disappears (the page's
    // device list stubbed without it, then the event Chromium would send):
    // L falls back to the default microphone, says so, and B keeps hearing L.
    let mic_id = js(
        &l,
        PICK_OPTION_JS,
        vec!["device-mic".into(), "Fake Audio Input 1".into()],
    )
    .await;
    let mic_id = mic_id
        .as_str()
        .filter(|id| !id.is_empty() && !id.starts_with("no select"))
        .unwrap_or_else(|| panic!("no \"Fake Audio Input 1\" in the microphone picker: {mic_id}"))
        .to_owned();
    let picked = poll(&l, "the picked microphone on the sender", MIC_JS, |v| {
        v["deviceId"] == mic_id.as_str()
    })
    .await;
    let unplug = js(&l, UNPLUG_JS, vec![mic_id.clone().into()]).await;
    assert_eq!(unplug, true, "stubbing the device list: {unplug}");
    let toast = poll(
        &l,
        "a toast saying the microphone fell back",
        "return Array.from(document.querySelectorAll('.toast-text')).map(t => t.textContent).join(' | ');",
        |v| {
            v.as_str()
                .is_some_and(|t| t.contains("was disconnected; using the default microphone"))
        },
    )
    .await;
    let fallback = poll(&l, "the default microphone on the sender", MIC_JS, |v| {
        v["track"].is_string() && v["track"] != picked["track"] && v["deviceId"] != mic_id.as_str()
    })
    .await;
    let heard = |s: &e2e::Snapshot| s.audio_bytes_received.iter().sum::<u64>();
    let before = heard(&b.snapshot().await);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let after = heard(&b.snapshot().await);
    assert!(
        after > before,
        "B stopped receiving audio after L's microphone fell back ({before} -> {after} bytes)"
    );
    say(&format!(
        "devicechange: toast {toast}; L's microphone {} -> {}; B's audio bytes {before} -> {after}",
        picked["deviceId"], fallback["deviceId"]
    ));

    server.assert_alive();
    l.close().await;
    b.close().await;
    say(&format!("done in {:.1} s", started.elapsed().as_secs_f64()));
}
