//! Everything a client can allocate has a limit; each is a flag (with an
//! environment variable) and each refusal names the limit. README's
//! "Security and limits" lists them.

use std::time::Duration;

use clap::Args;

/// The limits as flags.
#[derive(Debug, Clone, Args)]
pub struct LimitArgs {
    /// Peers (connections) in one room.
    #[arg(long, env = "STUNROOM_MAX_PEERS_PER_ROOM", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_peers_per_room: u32,
    /// Rooms open on this server.
    #[arg(long, env = "STUNROOM_MAX_ROOMS", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_rooms: u32,
    /// Rooms one client IP may be in at once (an office behind one NAT
    /// address counts as one IP).
    #[arg(long, env = "STUNROOM_MAX_ROOMS_PER_IP", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_rooms_per_ip: u32,
    /// Signaling connections (WebSockets) on this server.
    #[arg(long, env = "STUNROOM_MAX_CONNECTIONS", default_value_t = 5000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,
    /// Signaling connections from one client IP (a NAT can put a whole
    /// office behind one).
    #[arg(long, env = "STUNROOM_MAX_CONNECTIONS_PER_IP", default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections_per_ip: u32,
    /// Transports one peer may hold (a browser needs 2; a broadcaster one per
    /// stream it sends or receives).
    #[arg(long, env = "STUNROOM_MAX_TRANSPORTS_PER_PEER", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub max_transports_per_peer: u32,
    /// Producers one peer may hold (microphone, camera, screen and its audio).
    #[arg(long, env = "STUNROOM_MAX_PRODUCERS_PER_PEER", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub max_producers_per_peer: u32,
    /// Consumers one peer may hold.
    #[arg(long, env = "STUNROOM_MAX_CONSUMERS_PER_PEER", default_value_t = 400, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_consumers_per_peer: u32,
    /// Data producers one peer may hold (chat, bot).
    #[arg(long, env = "STUNROOM_MAX_DATA_PRODUCERS_PER_PEER", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub max_data_producers_per_peer: u32,
    /// Data consumers one peer may hold.
    #[arg(long, env = "STUNROOM_MAX_DATA_CONSUMERS_PER_PEER", default_value_t = 400, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_data_consumers_per_peer: u32,
    /// Encodings (simulcast layers) of one producer; browsers send at most 3.
    #[arg(long, env = "STUNROOM_MAX_ENCODINGS", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=16))]
    pub max_encodings: u32,
    /// Entries of any list in RTP parameters or capabilities (codecs, header
    /// extensions, RTCP feedback, codec parameters).
    #[arg(long, env = "STUNROOM_MAX_RTP_LIST", default_value_t = 64, value_parser = clap::value_parser!(u32).range(4..=1024))]
    pub max_rtp_list: u32,
    /// Requests per second one connection may send (sustained; twice that in a burst).
    #[arg(long, env = "STUNROOM_MAX_REQUESTS_PER_SECOND", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_requests_per_second: u32,
    /// Characters of a display name.
    #[arg(long, env = "STUNROOM_MAX_DISPLAY_NAME", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_display_name: u32,
    /// Bytes of one data-channel message (chat, the bot): the transports' SCTP
    /// maximum message size.
    #[arg(long, env = "STUNROOM_MAX_MESSAGE_SIZE", default_value_t = 16_384, value_parser = clap::value_parser!(u32).range(1024..=262_144))]
    pub max_message_size: u32,
    /// Bytes of an HTTP request body (the Broadcaster API).
    #[arg(long, env = "STUNROOM_MAX_BODY", default_value_t = 65_536, value_parser = clap::value_parser!(u32).range(1024..=16_777_216))]
    pub max_body: u32,
    /// Broadcasters on this server.
    #[arg(long, env = "STUNROOM_MAX_BROADCASTERS", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_broadcasters: u32,
    /// Seconds a broadcaster may go without a REST call before it is deleted.
    #[arg(long, env = "STUNROOM_BROADCASTER_IDLE", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub broadcaster_idle: u64,
    /// Seconds a client gets to send a request's headers, counted from when the
    /// connection is ready for one: also the most an HTTP connection idles
    /// between requests (slow or idle clients do not hold connections).
    #[arg(long, env = "STUNROOM_HEADER_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,
    /// The header in which a trusted reverse proxy puts the client's address
    /// (e.g. `X-Forwarded-For` behind ingress-nginx; its last entry counts).
    /// Unset: the TCP peer's address. Per-address limits need the real one.
    #[arg(long, env = "STUNROOM_CLIENT_IP_HEADER")]
    pub client_ip_header: Option<String>,
    /// Seconds between WebSocket pings; a peer that answers none of two is dropped.
    #[arg(long, env = "STUNROOM_PING_INTERVAL", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub ping_interval: u64,
    /// Messages queued for one peer before it counts as not keeping up (and is dropped).
    #[arg(long, env = "STUNROOM_SEND_QUEUE", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(16..=1_000_000))]
    pub send_queue: u32,
    /// Seconds one WebSocket write may take before the peer is dropped.
    #[arg(long, env = "STUNROOM_WRITE_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub write_timeout: u64,
}

/// The limits, resolved.
#[derive(Debug, Clone)]
pub struct Limits {
    pub peers_per_room: usize,
    pub rooms: usize,
    pub rooms_per_ip: usize,
    pub connections: usize,
    pub connections_per_ip: usize,
    pub transports_per_peer: usize,
    pub producers_per_peer: usize,
    pub consumers_per_peer: usize,
    pub data_producers_per_peer: usize,
    pub data_consumers_per_peer: usize,
    pub encodings: usize,
    pub rtp_list: usize,
    pub requests_per_second: u32,
    pub display_name: usize,
    pub message_size: u32,
    pub body: usize,
    pub broadcasters: usize,
    pub broadcaster_idle: Duration,
    pub header_timeout: Duration,
    /// Lower-case header name (validated by the configuration).
    pub client_ip_header: Option<String>,
    pub ping_interval: Duration,
    pub send_queue: usize,
    pub write_timeout: Duration,
}

impl From<&LimitArgs> for Limits {
    fn from(a: &LimitArgs) -> Self {
        let n = |v: u32| v as usize;
        Limits {
            peers_per_room: n(a.max_peers_per_room),
            rooms: n(a.max_rooms),
            rooms_per_ip: n(a.max_rooms_per_ip),
            connections: n(a.max_connections),
            connections_per_ip: n(a.max_connections_per_ip),
            transports_per_peer: n(a.max_transports_per_peer),
            producers_per_peer: n(a.max_producers_per_peer),
            consumers_per_peer: n(a.max_consumers_per_peer),
            data_producers_per_peer: n(a.max_data_producers_per_peer),
            data_consumers_per_peer: n(a.max_data_consumers_per_peer),
            encodings: n(a.max_encodings),
            rtp_list: n(a.max_rtp_list),
            requests_per_second: a.max_requests_per_second,
            display_name: n(a.max_display_name),
            message_size: a.max_message_size,
            body: n(a.max_body),
            broadcasters: n(a.max_broadcasters),
            broadcaster_idle: Duration::from_secs(a.broadcaster_idle),
            header_timeout: Duration::from_secs(a.header_timeout),
            client_ip_header: a
                .client_ip_header
                .as_deref()
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty()),
            ping_interval: Duration::from_secs(a.ping_interval),
            send_queue: n(a.send_queue),
            write_timeout: Duration::from_secs(a.write_timeout),
        }
    }
}

#[cfg(test)]
impl Default for Limits {
    /// The flags' defaults.
    fn default() -> Self {
        use clap::Parser;
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            limits: LimitArgs,
        }
        // The defaults are constants above: parsing no arguments cannot fail.
        match Only::try_parse_from(["stunroom"]) {
            Ok(o) => Limits::from(&o.limits),
            Err(e) => unreachable!("limit defaults: {e}"),
        }
    }
}
