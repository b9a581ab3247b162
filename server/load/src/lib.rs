//! stunroom-load: simulated WebRTC peers for load-testing a stunroom server.
//!
//! Every simulated peer speaks the server's protoo protocol with the `shared`
//! types and runs real ICE, DTLS and SRTP with [str0m] (sans-IO WebRTC) over its
//! own UDP sockets. Publishers send VP8 in simulcast layers (frames encoded once
//! by ffmpeg from a test source) and Opus with the audio-level extension;
//! subscribers consume every producer of their room and count packets, gaps,
//! jitter and the time from joining to their first RTP packet.
//!
//! The library is what `stunroom-load` (the CLI), `stunroom-bench` (the
//! benchmarks) and the server's smoke test share: describe a [`Scenario`], pick
//! a [`Target`], call [`run`], read the [`Report`].
#![warn(missing_docs)]

pub mod cli;
mod media;
mod peer;
pub mod procfs;
pub mod report;
mod rtc;
mod run;
pub mod signaling;
pub mod spawn;
pub mod stats;

pub use media::MediaSettings;
pub use report::Report;
pub use run::{run, LoadError, Scenario, Target};
