//! stunroom browser client.
//!
//! `core` is a sans-IO Rust port of mediasoup-client's Device/Transport/SDP logic
//! and `params` / `options` validate the page URL, `paging` sizes the tile
//! grid's pages, `e2ee_frame` is `e2eKey`'s frame encryption: all plain Rust,
//! tested natively.
//! Everything that touches the browser is wasm32-only:
//! - `signaling`: protoo over WebSocket (protocol client);
//! - `webrtc`: every web-sys WebRTC / media-capture call;
//! - `room`: one joined session (join, produce, consume, chat) driving `core` and `webrtc`;
//! - `session`: staying in the room across connection drops (rejoin);
//! - `state`, `actions`, `ui`, `app`: UI state, what the UI can do, Leptos components, start-up;
//! - `timing`: start-up marks on the Performance timeline.

pub mod core;
pub mod e2ee_frame;
pub mod lobby;
pub mod options;
pub mod paging;
pub mod params;

#[cfg(target_arch = "wasm32")]
mod actions;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
mod room;
#[cfg(target_arch = "wasm32")]
mod session;
#[cfg(target_arch = "wasm32")]
mod signaling;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod timing;
#[cfg(target_arch = "wasm32")]
mod ui;
#[cfg(target_arch = "wasm32")]
mod webrtc;
