//! stunroom browser client.
//!
//! `core` is a sans-IO Rust port of mediasoup-client's Device/Transport/SDP logic
//! and `params` validates the page URL: both are plain Rust, tested natively.
//! Everything that touches the browser is wasm32-only:
//! - `signaling`: protoo over WebSocket (protocol client);
//! - `webrtc`: every web-sys WebRTC / media-capture call;
//! - `room`: the join / produce / consume session driving `core` and `webrtc`;
//! - `state`, `ui`, `app`: UI state, Leptos components and page start-up.

pub mod core;
pub mod params;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
mod room;
#[cfg(target_arch = "wasm32")]
mod signaling;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod ui;
#[cfg(target_arch = "wasm32")]
mod webrtc;
