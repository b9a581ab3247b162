//! The SFU: the only module that talks to mediasoup.
//!
//! mediasoup 0.8.5's `produce`/`consume`/`get_stats` futures are not `Send`, so
//! every mediasoup object lives on one dedicated thread ([`actor`]) running a
//! single-threaded tokio runtime. The rest of the server holds a cheap, `Send`
//! [`Sfu`] handle whose async methods send typed [`Command`]s and await a
//! oneshot reply. mediasoup events about a consumer flow back over the
//! [`EventSink`] given when it was created. Objects are named by their id
//! strings; shared (wire) types go in and out, converted in [`convert`].

mod actor;
mod codecs;
mod convert;
mod ops;
mod plain;
mod proto;

use std::net::IpAddr;
use std::time::Duration;

use serde_json::Value;
use stunroom_shared::media::{
    ConsumerType, DtlsParameters, IceParameters, MediaKind, RtpCapabilities, RtpParameters,
    SctpCapabilities,
};
use stunroom_shared::messages::TransportInfo;
use tokio::sync::{mpsc, oneshot};

pub use convert::check_rtp_capabilities;
pub use plain::PlainOptions;
pub use proto::{ConsumerControl, RoomEvent, StatsOf};

/// The version announced in the `mediasoup-version` notification (the crate's
/// version is also the version its worker reports).
pub const MEDIASOUP_VERSION: &str = "0.15.0";

/// The OpenSSL the worker's DTLS runs on, as the linked libcrypto reports it
/// (e.g. `OpenSSL 3.0.19 27 Jan 2026`). mediasoup-sys links Debian's shared
/// libcrypto, so this is the very library the worker uses.
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

/// Why an SFU call failed; each maps to a protoo error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SfuError {
    /// The caller's data cannot be used (names the field).
    #[error("{0}")]
    BadRequest(String),
    /// An id that does not exist (names the id).
    #[error("{0}")]
    NotFound(String),
    /// mediasoup or the SFU thread failed.
    #[error("{0}")]
    Internal(String),
}

impl SfuError {
    pub fn code(&self) -> u16 {
        match self {
            SfuError::BadRequest(_) => 400,
            SfuError::NotFound(_) => 404,
            SfuError::Internal(_) => 500,
        }
    }
}

/// How WebRTC transports get their ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RtcMode {
    /// One WebRtcServer per worker: worker `i` listens on UDP and TCP port
    /// `rtc_port + i`, shared by all its transports (ICE tells them apart).
    WebRtcServer,
    /// Every transport binds its own port from the worker's range (mediasoup's
    /// older way; needs the whole range open to clients or the TURN gateway).
    PortRange,
}

/// What the mediasoup workers log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerLog {
    None,
    Error,
    Warn,
    Debug,
}

/// Worker pool and transport settings.
#[derive(Debug, Clone)]
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
}

/// `createWebRtcTransport` options.
#[derive(Debug, Clone)]
pub struct TransportOptions {
    pub force_tcp: bool,
    pub producing: bool,
    pub sctp_capabilities: Option<SctpCapabilities>,
    /// Where [`SfuEvent::TransportFailed`] goes (the owning session).
    pub events: EventSink,
}

/// A consumer just created (paused) for a peer.
#[derive(Debug, Clone)]
pub struct ConsumerInfo {
    pub id: String,
    pub kind: MediaKind,
    pub rtp_parameters: RtpParameters,
    pub consumer_type: ConsumerType,
    pub producer_paused: bool,
}

/// What the SFU holds now (for `/readyz` and `/metrics`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SfuStatus {
    /// Workers started.
    pub workers: usize,
    /// Workers not dead (and, when probed, answering).
    pub workers_alive: usize,
    pub routers: usize,
    /// WebRTC and plain (broadcaster) transports.
    pub transports: usize,
    pub producers: usize,
    pub consumers: usize,
}

/// Things mediasoup tells the owner of a transport or consumer.
#[derive(Debug, Clone, PartialEq)]
pub enum SfuEvent {
    /// Its producer closed, so mediasoup closed the consumer.
    ConsumerClosed { consumer_id: String },
    /// Its producer paused.
    ConsumerPaused { consumer_id: String },
    /// Its producer resumed.
    ConsumerResumed { consumer_id: String },
    /// mediasoup's `{score, producerScore, producerScores}`.
    ConsumerScore { consumer_id: String, score: Value },
    /// ICE went disconnected/closed or DTLS failed/closed: the peer is gone
    /// (the reference server then closes the peer).
    TransportFailed { transport_id: String, state: String },
    /// A producer's scores (one per encoding).
    ProducerScore {
        producer_id: String,
        score: Vec<stunroom_shared::messages::ProducerScore>,
    },
    /// The layers a simulcast/SVC consumer now forwards (both `None`: none).
    ConsumerLayersChanged(stunroom_shared::messages::ConsumerLayersChangedData),
    /// A transport's outgoing bandwidth estimate changed (trace `bwe`, direction out).
    DownlinkBwe(stunroom_shared::messages::DownlinkBweData),
    /// Its data producer closed, so mediasoup closed the data consumer.
    DataConsumerClosed { data_consumer_id: String },
}

/// Where a consumer's events go (its owning session).
pub type EventSink = mpsc::UnboundedSender<SfuEvent>;

type Reply<T> = oneshot::Sender<Result<T, SfuError>>;

/// What the SFU thread can be asked to do.
enum Command {
    CreateRouter {
        key: RouterKey,
        reply: Reply<RtpCapabilities>,
    },
    CloseRouter {
        key: RouterKey,
        reply: Reply<()>,
    },
    CreateTransport {
        router: RouterKey,
        options: TransportOptions,
        reply: Reply<TransportInfo>,
    },
    ConnectTransport {
        id: String,
        dtls_parameters: DtlsParameters,
        reply: Reply<()>,
    },
    RestartIce {
        id: String,
        reply: Reply<IceParameters>,
    },
    CloseTransport {
        id: String,
        reply: Reply<()>,
    },
    Produce {
        transport_id: String,
        kind: MediaKind,
        rtp_parameters: RtpParameters,
        reply: Reply<String>,
    },
    Producer {
        id: String,
        op: Op,
        reply: Reply<()>,
    },
    Consume {
        transport_id: String,
        producer_id: String,
        rtp_capabilities: RtpCapabilities,
        events: EventSink,
        reply: Reply<Option<ConsumerInfo>>,
    },
    Consumer {
        id: String,
        op: Op,
        reply: Reply<()>,
    },
    /// Plain transports and router checks (the Broadcaster API).
    Plain(plain::PlainCommand),
    /// Data channels, the bot, consumer controls, stats, room observers.
    Proto(proto::ProtoCommand),
    Status {
        probe: Option<Duration>,
        reply: Reply<SfuStatus>,
    },
    CloseAll {
        reply: Reply<usize>,
    },
    /// mediasoup closed an object by itself (producer or transport gone): drop our handle.
    Forget(Object),
}

/// Pause/resume/close of a producer or consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Pause,
    Resume,
    Close,
}

#[derive(Debug, Clone)]
enum Object {
    Producer(String),
    Consumer(String),
}

/// Handle to the SFU thread. Cheap to clone, `Send + Sync`.
#[derive(Clone)]
pub struct Sfu {
    tx: mpsc::UnboundedSender<Command>,
}

impl Sfu {
    /// Starts the SFU thread and its worker pool; fails if a worker cannot start.
    pub async fn start(settings: SfuSettings) -> Result<Sfu, SfuError> {
        let (tx, rx) = mpsc::unbounded_channel();
        let (ready_tx, ready_rx) = oneshot::channel();
        let weak = tx.downgrade();
        std::thread::Builder::new()
            .name("sfu".into())
            .spawn(move || actor::run_thread(settings, rx, weak, ready_tx))
            .map_err(|e| SfuError::Internal(format!("cannot start the SFU thread: {e}")))?;
        match ready_rx.await {
            Ok(Ok(())) => Ok(Sfu { tx }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(SfuError::Internal(
                "the SFU thread stopped during start-up".into(),
            )),
        }
    }

    async fn call<T>(&self, make: impl FnOnce(Reply<T>) -> Command) -> Result<T, SfuError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(make(reply))
            .map_err(|_| SfuError::Internal("the SFU thread is gone".into()))?;
        rx.await
            .map_err(|_| SfuError::Internal("the SFU dropped the request".into()))?
    }

    /// Counts of the live mediasoup objects. With `probe`, a worker counts as
    /// alive only if it also answers a request (a dump) within that time.
    pub async fn status(&self, probe: Option<Duration>) -> Result<SfuStatus, SfuError> {
        self.call(|reply| Command::Status { probe, reply }).await
    }

    /// Closes every router with its transports, producers and consumers (the
    /// workers stay up). Returns how many routers were open.
    pub async fn close_all(&self) -> Result<usize, SfuError> {
        self.call(|reply| Command::CloseAll { reply }).await
    }

    /// Creates the router of a room (idempotent); returns its RTP capabilities.
    pub async fn create_router(&self, key: RouterKey) -> Result<RtpCapabilities, SfuError> {
        self.call(|reply| Command::CreateRouter { key, reply })
            .await
    }

    pub async fn close_router(&self, key: RouterKey) -> Result<(), SfuError> {
        self.call(|reply| Command::CloseRouter { key, reply }).await
    }

    pub async fn create_webrtc_transport(
        &self,
        router: RouterKey,
        options: TransportOptions,
    ) -> Result<TransportInfo, SfuError> {
        self.call(|reply| Command::CreateTransport {
            router,
            options,
            reply,
        })
        .await
    }

    pub async fn connect_transport(
        &self,
        id: String,
        dtls_parameters: DtlsParameters,
    ) -> Result<(), SfuError> {
        self.call(|reply| Command::ConnectTransport {
            id,
            dtls_parameters,
            reply,
        })
        .await
    }

    pub async fn restart_ice(&self, id: String) -> Result<IceParameters, SfuError> {
        self.call(|reply| Command::RestartIce { id, reply }).await
    }

    /// Closes a transport with its producers and consumers.
    pub async fn close_transport(&self, id: String) -> Result<(), SfuError> {
        self.call(|reply| Command::CloseTransport { id, reply })
            .await
    }

    /// Returns the new producer's id.
    pub async fn produce(
        &self,
        transport_id: String,
        kind: MediaKind,
        rtp_parameters: RtpParameters,
    ) -> Result<String, SfuError> {
        self.call(|reply| Command::Produce {
            transport_id,
            kind,
            rtp_parameters,
            reply,
        })
        .await
    }

    pub async fn producer(&self, id: String, op: Op) -> Result<(), SfuError> {
        self.call(|reply| Command::Producer { id, op, reply }).await
    }

    /// Creates a paused consumer, or `None` when the capabilities cannot consume the producer.
    pub async fn consume(
        &self,
        transport_id: String,
        producer_id: String,
        rtp_capabilities: RtpCapabilities,
        events: EventSink,
    ) -> Result<Option<ConsumerInfo>, SfuError> {
        self.call(|reply| Command::Consume {
            transport_id,
            producer_id,
            rtp_capabilities,
            events,
            reply,
        })
        .await
    }

    pub async fn consumer(&self, id: String, op: Op) -> Result<(), SfuError> {
        self.call(|reply| Command::Consumer { id, op, reply }).await
    }
}
