//! stunroom browser client.
//!
//! `core` is a sans-IO Rust port of mediasoup-client's Device/Transport/SDP logic:
//! no DOM types, tested natively. Everything that touches the browser lives in
//! the wasm32-only modules.

pub mod core;
