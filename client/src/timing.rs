//! Start-up marks on the page's Performance timeline (`performance.mark`),
//! so DevTools, the tests and `cargo xtask bench first-frame` see where the
//! time from navigation to the first remote picture goes:
//!
//! `stunroom:wasm-ready` → (`stunroom:rendered`) → `stunroom:socket-open` → `stunroom:joined` →
//! `stunroom:send-connected` → `stunroom:producing` (camera) →
//! `stunroom:consuming` (first remote video) → `stunroom:recv-connected`
//! → `stunroom:first-remote-frame`, plus `stunroom:media` (camera and
//! microphone captured) and `stunroom:ice` (ICE servers known), which run
//! alongside. Each mark is set once per page; when the first remote frame
//! shows, the breakdown goes to the console.

use std::cell::Cell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// A point on the way to the first remote picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    WasmReady,
    /// The page's first render is done (it runs after the joining tasks start).
    Rendered,
    SocketOpen,
    Media,
    Ice,
    Joined,
    /// The send transport's ICE + DTLS are up.
    SendConnected,
    /// The camera's producer exists on the server.
    Producing,
    /// The receive transport's ICE + DTLS are up.
    RecvConnected,
    /// The first remote video track is attached (newConsumer handled).
    Consuming,
    FirstRemoteFrame,
}

impl Mark {
    const ALL: [Mark; 11] = [
        Mark::WasmReady,
        Mark::Rendered,
        Mark::Media,
        Mark::Ice,
        Mark::SocketOpen,
        Mark::Joined,
        Mark::SendConnected,
        Mark::Producing,
        Mark::Consuming,
        Mark::RecvConnected,
        Mark::FirstRemoteFrame,
    ];

    fn name(self) -> &'static str {
        match self {
            Mark::WasmReady => "stunroom:wasm-ready",
            Mark::Rendered => "stunroom:rendered",
            Mark::SocketOpen => "stunroom:socket-open",
            Mark::Media => "stunroom:media",
            Mark::Ice => "stunroom:ice",
            Mark::Joined => "stunroom:joined",
            Mark::SendConnected => "stunroom:send-connected",
            Mark::Producing => "stunroom:producing",
            Mark::RecvConnected => "stunroom:recv-connected",
            Mark::Consuming => "stunroom:consuming",
            Mark::FirstRemoteFrame => "stunroom:first-remote-frame",
        }
    }

    fn bit(self) -> u16 {
        1 << self as u16
    }
}

thread_local! {
    static SET: Cell<u16> = const { Cell::new(0) };
}

/// Sets `mark` now, unless it is set already (a rejoin does not move it).
pub fn mark(mark: Mark) {
    if SET.with(|s| s.get()) & mark.bit() != 0 {
        return;
    }
    SET.with(|s| s.set(s.get() | mark.bit()));
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let _ = performance.mark(mark.name());
    if mark == Mark::FirstRemoteFrame {
        log_breakdown(&performance);
    }
}

/// Marks the first remote frame when `video` has decoded its first frame
/// (`readyState` HAVE_CURRENT_DATA, the `loadeddata` event). Not
/// `requestVideoFrameCallback`: it waits for compositing, which a hidden or
/// headless page may not do.
pub fn watch_first_frame(video: &web_sys::HtmlVideoElement) {
    if SET.with(|s| s.get()) & Mark::FirstRemoteFrame.bit() != 0 {
        return;
    }
    if video.ready_state() >= web_sys::HtmlMediaElement::HAVE_CURRENT_DATA {
        mark(Mark::FirstRemoteFrame);
        return;
    }
    let on_frame = Closure::once_into_js(move || mark(Mark::FirstRemoteFrame));
    let _ = video.add_event_listener_with_callback("loadeddata", on_frame.unchecked_ref());
}

fn log_breakdown(performance: &web_sys::Performance) {
    let mut line = String::from("start-up (ms since navigation):");
    for m in Mark::ALL {
        let at = performance
            .get_entries_by_name(m.name())
            .get(0)
            .dyn_into::<web_sys::PerformanceEntry>()
            .ok()
            .map(|e| e.start_time());
        if let Some(at) = at {
            line.push_str(&format!(" {} {:.0};", &m.name()["stunroom:".len()..], at));
        }
    }
    web_sys::console::log_1(&JsValue::from_str(&line));
}
