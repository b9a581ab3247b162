//! The SFU: every mediasoup call of the server lives under this module.
//!
//! # Layout
//!
//! One **process per mediasoup worker**. mediasoup's Rust crate runs its C++
//! worker as a thread of the calling process, and a worker that crashes (or is
//! killed) takes that process down: so `stunroom` starts `stunroom sfu-worker`
//! child processes ([`host`]), one per worker, each owning one mediasoup Worker
//! with its WebRtcServer and every router, transport, producer and consumer of
//! the rooms placed on it. This process talks to them through typed requests
//! over their stdin/stdout ([`protocol`]); media never crosses that pipe.
//! If a worker process dies, only the rooms on it are lost: [`Sfu`] tells the
//! server which ones (their peers rejoin and land on a live worker) and starts
//! a replacement.
//!
//! Inside a worker process all mediasoup objects are owned by one task on a
//! single-threaded runtime. mediasoup 0.15's futures are `Send`, so a
//! multi-threaded owner would be possible, but the single owner keeps the
//! id → object maps lock-free and their updates in request order, and the
//! worker thread does the media work anyway; the process boundary is where
//! isolation is needed, not more threads.
//!
//! Parent side: [`Sfu`] (the pool, in `pool.rs`) and [`Router`] (one room's
//! operations, in `router.rs`). Worker side: `host/` by entity (router and its
//! observer and bot, transports, producers, consumers, data channels, stats).
//! Wire types (`shared`) go in and out; `convert.rs` maps them to mediasoup's.

mod codecs;
mod convert;
pub mod error;
mod host;
mod pool;
mod protocol;
mod router;

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use stunroom_shared::ids::{ConsumerId, DataConsumerId, DataProducerId, ProducerId, TransportId};
use stunroom_shared::media::{ConsumerType, MediaKind, RtpParameters, SctpStreamParameters};
use stunroom_shared::messages::{ConsumerLayersChangedData, DownlinkBweData, ProducerScore};

pub use convert::check_rtp_capabilities;
pub use error::{Entity, SfuError};
pub use host::{run_worker_process, SUBCOMMAND as WORKER_SUBCOMMAND};
pub use pool::{Sfu, SinkHandle, WorkerDown};
pub use router::Router;

/// The mediasoup crate's version (the version its worker reports too).
pub const MEDIASOUP_VERSION: &str = "0.15.0";

/// The OpenSSL the worker's DTLS (and SRTP) runs on, as the linked libcrypto
/// reports it (e.g. `OpenSSL 3.0.19 27 Jan 2026`). mediasoup-sys links Debian's
/// shared libcrypto, so this is the very library the worker uses.
pub fn openssl_version() -> String {
    extern "C" {
        // OpenSSL >= 1.1: `const char *OpenSSL_version(int t)`; 0 is OPENSSL_VERSION.
        fn OpenSSL_version(t: std::os::raw::c_int) -> *const std::os::raw::c_char;
    }
    // SAFETY: OpenSSL_version returns a pointer to a static NUL-terminated string
    // (never freed) for OPENSSL_VERSION; it takes no locks and has no preconditions.
    let text = unsafe { OpenSSL_version(0) };
    if text.is_null() {
        return "unknown".into();
    }
    // SAFETY: non-null, NUL-terminated, static (see above).
    unsafe { std::ffi::CStr::from_ptr(text) }
        .to_string_lossy()
        .into_owned()
}

/// Identifies one router: one per room instance.
pub type RouterKey = u64;

/// How WebRTC transports get their ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RtcMode {
    /// One WebRtcServer per worker: worker `i` listens on UDP and TCP port
    /// `rtc_port + i`, shared by all its transports (ICE tells them apart).
    WebRtcServer,
    /// Every transport binds its own port from the worker's range (mediasoup's
    /// older way; needs the whole range open to clients or the TURN gateway).
    PortRange,
}

/// What the mediasoup workers log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkerLog {
    None,
    Error,
    Warn,
    Debug,
}

/// Worker pool and transport settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SfuSettings {
    pub workers: usize,
    pub worker_log: WorkerLog,
    pub rtc_listen_ip: IpAddr,
    pub announced_ip: IpAddr,
    pub rtc_mode: RtcMode,
    /// Worker `i`'s WebRtcServer port is `rtc_port + i` (WebRtcServer mode);
    /// 0: free ports from the worker's range.
    pub rtc_port: u16,
    /// Ports of plain (broadcaster) transports, and of WebRTC transports in
    /// port-range mode; split between workers.
    pub rtc_min_port: u16,
    pub rtc_max_port: u16,
    /// The log filter of the worker processes (the server's `--log-level`).
    pub log_filter: String,
}

/// Pause, resume or close a producer or consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Pause,
    Resume,
    Close,
}

/// A consumer's adjustable behaviour (all answer `{}` except [`ConsumerControl::Score`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsumerControl {
    PreferredLayers {
        spatial_layer: u8,
        temporal_layer: Option<u8>,
    },
    Priority(u8),
    KeyFrame,
    /// The current `{score, producerScore, producerScores}`.
    Score,
}

/// Whose stats `get*Stats` asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatsOf {
    Transport(TransportId),
    Producer(ProducerId),
    Consumer(ConsumerId),
    DataProducer(DataProducerId),
    DataConsumer(DataConsumerId),
}

/// `createWebRtcTransport` options.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebRtcTransportOptions {
    pub force_tcp: bool,
    /// It receives media from the client (caps its incoming bitrate).
    pub producing: bool,
    pub sctp_capabilities: Option<stunroom_shared::media::SctpCapabilities>,
    /// Largest SCTP (data-channel) message accepted, bytes.
    pub max_message_size: u32,
}

/// `createPlainTransport` options (the reference's `rtcpMux`/`comedia`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlainOptions {
    pub rtcp_mux: bool,
    pub comedia: bool,
    pub sctp_capabilities: Option<stunroom_shared::media::SctpCapabilities>,
    /// Largest SCTP (data-channel) message accepted, bytes.
    pub max_message_size: u32,
}

/// A consumer just created (paused) for a peer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConsumerInfo {
    pub id: ConsumerId,
    pub kind: MediaKind,
    pub rtp_parameters: RtpParameters,
    pub consumer_type: ConsumerType,
    pub producer_paused: bool,
}

/// A data consumer just created for a peer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataConsumerInfo {
    pub id: DataConsumerId,
    pub sctp_stream_parameters: SctpStreamParameters,
    pub label: String,
    pub protocol: String,
}

/// What the SFU holds now (for `/readyz` and `/metrics`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SfuStatus {
    /// Workers configured.
    pub workers: usize,
    /// Workers whose process runs (and, when probed, answers).
    pub workers_alive: usize,
    pub routers: usize,
    /// WebRTC and plain (broadcaster) transports.
    pub transports: usize,
    pub producers: usize,
    pub consumers: usize,
}

/// Things mediasoup tells the owner of a transport, producer or consumer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SfuEvent {
    /// Its producer closed, so mediasoup closed the consumer.
    ConsumerClosed { consumer_id: ConsumerId },
    /// Its producer paused.
    ConsumerPaused { consumer_id: ConsumerId },
    /// Its producer resumed.
    ConsumerResumed { consumer_id: ConsumerId },
    /// mediasoup's `{score, producerScore, producerScores}`.
    ConsumerScore {
        consumer_id: ConsumerId,
        score: Value,
    },
    /// ICE went disconnected or DTLS failed/closed: the peer is gone
    /// (the reference server then closes the peer).
    TransportFailed {
        transport_id: TransportId,
        state: String,
    },
    /// A producer's scores (one per encoding).
    ProducerScore {
        producer_id: ProducerId,
        score: Vec<ProducerScore>,
    },
    /// The layers a simulcast/SVC consumer now forwards (both `None`: none).
    ConsumerLayersChanged(ConsumerLayersChangedData),
    /// A transport's outgoing bandwidth estimate changed (trace `bwe`, direction out).
    DownlinkBwe(DownlinkBweData),
    /// Its data producer closed, so mediasoup closed the data consumer.
    DataConsumerClosed { data_consumer_id: DataConsumerId },
}

/// What a room's router reports; every peer of the room cares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoomEvent {
    /// The loudest audio producer over the last interval (dBov, -127..=0).
    ActiveSpeaker { producer_id: ProducerId, volume: i8 },
    /// No audio producer above the threshold.
    Silence,
    /// A text message (SCTP PPID 51) a peer sent on its `bot` data producer.
    BotMessage {
        data_producer_id: DataProducerId,
        text: String,
    },
}
