//! Page start-up: read the URL, capture media, get the ICE configuration,
//! open signaling and join.

use std::rc::Rc;

use futures::future::{self, FutureExt};
use leptos::prelude::*;

use stunroom_shared::ice::{self, IceConfiguration};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Url, UrlSearchParams};

use crate::actions::{Actions, CurrentRoom};
use crate::options::RoomOptions;
use crate::params::{self, JoinParams};
use crate::room::JoinArgs;
use crate::session::Session;
use crate::signaling::{js_error_text, log};
use crate::state::RoomState;
use crate::timing::{self, Mark};
use crate::webrtc;

pub fn start() {
    timing::mark(Mark::WasmReady);
    console_error_panic_hook::set_once();
    // Leptos's executor now rather than when mounting, so joining can spawn
    // its tasks before anything renders. (Mounting sets it only if unset.)
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let state = RoomState::new();
    let actions = start_session(state);
    crate::ui::lobby::watch_devices(state, actions);
    // Rendering waits for a later task: the joining tasks' first steps
    // (getUserMedia, /api/ice, the WebSocket) run as microtasks before it,
    // so the page's first render does not hold them back.
    let mount = Closure::once_into_js(move || {
        leptos::mount::mount_to_body(move || view! { <crate::ui::App state actions/> });
        timing::mark(Mark::Rendered);
    });
    let scheduled = web_sys::window()
        .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(mount.unchecked_ref(), 0));
    if !matches!(scheduled, Some(Ok(_))) {
        log("cannot schedule the first render: no window timer");
    }
}

/// Starts joining the room the page URL names and returns the handle the
/// UI acts through. Progress and errors show up in `state`.
pub fn start_session(state: RoomState) -> Actions {
    let current: CurrentRoom = Rc::default();
    let actions = Actions::new(state, Rc::clone(&current));
    // The task first runs in a microtask after the caller returns.
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = run(state, current).await {
            state.show_error(e);
        }
    });
    actions
}

async fn run(state: RoomState, current: CurrentRoom) -> Result<(), String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let location = window.location();
    let url = location
        .href()
        .ok()
        .and_then(|href| Url::new(&href).ok())
        .ok_or("cannot read the page address")?;
    let query = url.search_params();

    let join = params::resolve(
        query.get("roomId"),
        query.get("peerId"),
        query.get("displayName"),
        random_id,
    )
    .map_err(|e| e.to_string())?;
    let url_ice = ice::from_url_params(|name| query.get(name)).map_err(|e| e.to_string())?;
    let options =
        RoomOptions::from_url_params(|name| query.get(name)).map_err(|e| e.to_string())?;
    // The lobby (`lobby=0` skips it); receive-only pages have nothing to preview.
    let lobby_on = crate::lobby::lobby_param(query.get("lobby").as_deref())
        .map_err(|e| e.to_string())?
        && options.produce;
    state.options.set(options);
    state.room_id.set(join.room_id.clone());
    state.my_id.set(join.peer_id.clone());
    state.my_name.set(join.display_name.clone());
    if join.room_id_generated {
        put_room_in_url(&url, &query, &join);
    }

    // Camera and microphone, the ICE servers and the signaling socket do not
    // wait for each other: capture and /api/ice run while the socket opens
    // and the transports are created; producing waits for the capture and the
    // peer connections for the ICE servers (JoinArgs).
    // `produce=false`, `mic=false`, `webcam=false`: capture only what starts on.
    // With the lobby, its preview is the capture (taken once) and joining
    // waits for its Join button; /api/ice still runs meanwhile.
    let lobby = lobby_on.then(|| {
        crate::ui::lobby::run(state, query.get("displayName"), options)
            .boxed_local()
            .shared()
    });
    if let Some(lobby) = &lobby {
        leptos::task::spawn_local(lobby.clone().map(drop));
    }
    let (mic, webcam) = (options.start_mic(), options.start_webcam());
    let lobby_media = lobby.clone();
    let media_ready = async move {
        if let Some(lobby) = lobby_media {
            let chosen = lobby.await;
            state.set_local(chosen.stream);
            state.mic_on.set(chosen.mic_on);
            state.cam_on.set(chosen.cam_on);
        } else if mic || webcam {
            match webrtc::capture(mic, webcam).await {
                Ok(stream) => {
                    state.set_local(Some(stream));
                    state.mic_on.set(mic);
                    state.cam_on.set(webcam);
                }
                // Still join: the person can see and hear the others.
                Err(message) => state.show_error(message),
            }
        }
        timing::mark(Mark::Media);
    }
    .boxed_local()
    .shared();
    leptos::task::spawn_local(media_ready.clone());

    let ice = match url_ice.config.clone() {
        Some(config) => future::ready(config).boxed_local(),
        None => {
            let (join, token) = (join.clone(), query.get("token"));
            async move { url_ice.apply_policy(fetch_ice_config(state, &join, token).await) }
                .boxed_local()
        }
    };
    let ice = async move {
        let ice = ice.await;
        timing::mark(Mark::Ice);
        ice
    }
    .boxed_local()
    .shared();
    leptos::task::spawn_local(ice.clone().map(drop));

    let secure = location.protocol().ok().as_deref() == Some("https:");
    let host = location.host().map_err(|e| js_error_text(&e))?;
    let ws_url = params::signaling_url(
        query
            .get("signalingUrl")
            .or_else(|| trunk_serve_default(&location)),
        secure,
        &host,
        &encode(&join.room_id),
        &encode(&join.peer_id),
    )
    .map_err(|e| e.to_string())?;
    // A room token (servers run with --token-secret) goes along, unread.
    let ws_url = match query.get("token") {
        Some(token) => format!("{ws_url}&token={}", encode(&token)),
        None => ws_url,
    };
    let args = JoinArgs {
        ws_url,
        options,
        ice,
        media_ready,
    };
    if let Some(lobby) = lobby {
        state.my_name.set(lobby.await.name);
    }
    Session::new(args, state, current).join().await
}

/// A debug build served by `trunk serve` (port 8081) signals straight to the
/// server on :8080: trunk's WebSocket proxy loses the `protoo` subprotocol.
fn trunk_serve_default(location: &web_sys::Location) -> Option<String> {
    let on_trunk_port = location.port().ok().as_deref() == Some("8081");
    (cfg!(debug_assertions) && on_trunk_port)
        .then(|| location.hostname().ok())
        .flatten()
        .map(|h| format!("ws://{h}:8080"))
}

/// `/api/ice` answers the RTCConfiguration to use. A server without it (404,
/// such as the mediasoup-demo one) means no ICE servers; any other failure is
/// shown, since behind STUNner the call cannot work without TURN.
async fn fetch_ice_config(
    state: RoomState,
    join: &JoinParams,
    token: Option<String>,
) -> IceConfiguration {
    let mut url = format!(
        "/api/ice?peerId={}&roomId={}",
        encode(&join.peer_id),
        encode(&join.room_id)
    );
    if let Some(token) = &token {
        url.push_str(&format!("&token={}", encode(token)));
    }
    let answer = match fetch_text(&url).await {
        Ok(Fetched::Body(text)) => serde_json::from_str(&text)
            .map_err(|e| format!("the server's /api/ice answer is unreadable: {e}")),
        Ok(Fetched::NotFound) => {
            log("the server offers no /api/ice: joining without ICE servers");
            return IceConfiguration::default();
        }
        Err(e) => Err(e),
    };
    answer.unwrap_or_else(|e| {
        state.show_error(format!(
            "Could not get the TURN configuration ({e}). Trying without it;              media may not connect through firewalls."
        ));
        IceConfiguration::default()
    })
}

enum Fetched {
    Body(String),
    NotFound,
}

async fn fetch_text(url: &str) -> Result<Fetched, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| js_error_text(&e))?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| "fetch gave no response".to_string())?;
    if response.status() == 404 {
        return Ok(Fetched::NotFound);
    }
    let text = JsFuture::from(response.text().map_err(|e| js_error_text(&e))?)
        .await
        .map_err(|e| js_error_text(&e))?
        .as_string()
        .unwrap_or_default();
    if !response.ok() {
        return Err(format!("HTTP {}: {}", response.status(), text.trim()));
    }
    Ok(Fetched::Body(text))
}

fn put_room_in_url(url: &Url, query: &UrlSearchParams, join: &JoinParams) {
    query.set("roomId", &join.room_id);
    url.set_search(&query.to_string().as_string().unwrap_or_default());
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}

fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

fn random_id() -> String {
    let mut words = [0u32; 8];
    for w in &mut words {
        *w = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    }
    params::id_from_words(&words)
}

/// The page's own address: it carries the room and any ICE parameters.
pub fn invite_link() -> Option<String> {
    web_sys::window()?.location().href().ok()
}

pub fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}
