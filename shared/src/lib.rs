//! Types shared by the stunroom server and client: the protoo envelope, the
//! mediasoup-demo v3 messages, and mediasoup's media parameters. Pure data, no
//! I/O; builds for native targets and wasm32.

pub mod broadcaster;
pub mod ice;
pub mod ids;
pub mod media;
pub mod messages;
pub mod protoo;
pub mod recording;
