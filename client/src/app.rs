//! Page start-up: read the URL, capture media, get the ICE configuration,
//! open signaling and join.

use std::rc::Rc;

use leptos::prelude::*;
use stunroom_shared::ice::{self, IceConfiguration};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Url, UrlSearchParams};

use crate::params::{self, JoinParams};
use crate::room::{JoinArgs, Room};
use crate::signaling::{js_error_text, log};
use crate::state::RoomState;
use crate::webrtc;

pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(crate::ui::App);
}

/// Joins the room named by the page URL; `None` when it could not (the error
/// is then on screen).
pub async fn run(state: RoomState, room_id: RwSignal<String>) -> Option<Rc<Room>> {
    let location = web_sys::window()?.location();
    let href = location.href().ok()?;
    let url = Url::new(&href).ok()?;
    let query = url.search_params();

    let join = match params::resolve(
        query.get("roomId"),
        query.get("peerId"),
        query.get("displayName"),
        random_id,
    ) {
        Ok(p) => p,
        Err(e) => {
            state.show_error(e.to_string());
            return None;
        }
    };
    let url_ice = match ice::from_url_params(|name| query.get(name)) {
        Ok(settings) => settings,
        Err(e) => {
            state.show_error(e.to_string());
            return None;
        }
    };
    room_id.set(join.room_id.clone());
    if join.room_id_generated {
        put_room_in_url(&url, &query, &join);
    }

    let local = match webrtc::capture_camera_and_mic().await {
        Ok(stream) => {
            state.set_local(stream.clone());
            Some(stream)
        }
        Err(message) => {
            // Still join: the person can see and hear the others.
            state.show_error(message);
            None
        }
    };

    let ice = match url_ice.config.clone() {
        Some(config) => config,
        None => url_ice.apply_policy(fetch_ice_config(&join).await),
    };
    let protocol = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    let ws_url = format!(
        "{protocol}://{}/ws?roomId={}&peerId={}",
        location.host().ok()?,
        encode(&join.room_id),
        encode(&join.peer_id)
    );
    match Room::join(
        JoinArgs {
            ws_url,
            ice,
            display_name: join.display_name,
            local,
        },
        state,
    )
    .await
    {
        Ok(room) => Some(room),
        Err(e) => {
            state.show_error(e);
            None
        }
    }
}

/// `/api/ice` answers the RTCConfiguration to use. A server without it (such
/// as the mediasoup-demo one) means: no ICE servers.
async fn fetch_ice_config(join: &JoinParams) -> IceConfiguration {
    let url = format!(
        "/api/ice?peerId={}&roomId={}",
        encode(&join.peer_id),
        encode(&join.room_id)
    );
    match fetch_json(&url).await {
        Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            log(&format!("ignoring unreadable /api/ice answer: {e}"));
            IceConfiguration::default()
        }),
        Err(e) => {
            log(&format!(
                "no ICE configuration from the server ({e}); using none"
            ));
            IceConfiguration::default()
        }
    }
}

async fn fetch_json(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| js_error_text(&e))?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| "fetch gave no response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| js_error_text(&e))?)
        .await
        .map_err(|e| js_error_text(&e))?;
    text.as_string().ok_or_else(|| "empty body".into())
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
