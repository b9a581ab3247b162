//! One mediasoup WebRTC transport on our side: a str0m `Rtc` (direct API, RTP
//! mode) and its UDP socket, driven by one task. The role (publisher or
//! subscriber) plugs in through [`Role`].

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use str0m::format::{Codec, FormatParams};
use str0m::media::{Frequency, Pt};
use str0m::net::{Protocol, Receive};
use str0m::rtp::Extension;
use str0m::{Candidate, Event, IceConnectionState, IceCreds, Input, Output, Rtc, RtcError};
use stunroom_shared::media::{
    DtlsFingerprint, DtlsParameters, DtlsRole, MediaKind, RtpCapabilities, TransportProtocol,
};
use stunroom_shared::messages::TransportInfo;
use tokio::net::UdpSocket;
use tokio::sync::{mpsc, watch};

/// The router's payload types and header-extension ids that our peers use.
#[derive(Debug, Clone)]
pub struct RouterCodecs {
    /// Opus 48000/2.
    pub opus_pt: u8,
    /// VP8 90000.
    pub vp8_pt: u8,
    /// RTX for VP8.
    pub rtx_pt: u8,
    /// `(id, extension, kind)` of the router's header extensions that str0m
    /// knows, one entry per kind the router lists it for.
    pub extensions: Vec<(u8, Extension, MediaKind)>,
}

/// The header extensions we negotiate (both kinds unless str0m says otherwise).
const EXTENSIONS: [Extension; 6] = [
    Extension::RtpMid,
    Extension::RtpStreamId,
    Extension::RepairedRtpStreamId,
    Extension::AudioLevel,
    Extension::TransportSequenceNumber,
    Extension::AbsoluteSendTime,
];

impl RouterCodecs {
    /// Reads Opus, VP8 and its RTX, and the extension ids from the router's capabilities.
    pub fn from_capabilities(caps: &RtpCapabilities) -> Result<RouterCodecs, String> {
        let pt = |mime: &str, apt: Option<u8>| {
            caps.codecs
                .iter()
                .find(|c| {
                    c.mime_type.eq_ignore_ascii_case(mime)
                        && apt.is_none_or(|apt| {
                            c.parameters.get("apt").and_then(|v| v.as_u32()) == Some(u32::from(apt))
                        })
                })
                .and_then(|c| c.preferred_payload_type)
                .ok_or_else(|| format!("the router offers no {mime}"))
        };
        let vp8_pt = pt("video/VP8", None)?;
        let mut extensions = Vec::new();
        for h in &caps.header_extensions {
            let (Some(ext), Some(kind)) = (EXTENSIONS.iter().find(|e| e.as_uri() == h.uri), h.kind)
            else {
                continue;
            };
            let id = u8::try_from(h.preferred_id)
                .map_err(|_| format!("extension {} has id {}", h.uri, h.preferred_id))?;
            extensions.push((id, ext.clone(), kind));
        }
        Ok(RouterCodecs {
            opus_pt: pt("audio/opus", None)?,
            vp8_pt,
            rtx_pt: pt("video/rtx", Some(vp8_pt))?,
            extensions,
        })
    }
}

/// Why a transport could not be set up or failed.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The server's parameters cannot be used here.
    #[error("{0}")]
    Server(String),
    /// A socket operation failed.
    #[error("UDP socket: {0}")]
    Socket(#[from] std::io::Error),
    /// str0m refused something.
    #[error("str0m: {0}")]
    Rtc(#[from] RtcError),
}

/// A transport ready to run: ICE and DTLS configured, nothing sent yet.
pub struct Transport {
    pub(crate) rtc: Rtc,
    socket: UdpSocket,
    local: SocketAddr,
}

/// Socket buffer we ask for, so bursts of a few hundred packets are not dropped by us.
const SOCKET_BUFFER: usize = 4 << 20;

impl Transport {
    /// Binds a UDP socket on loopback and builds an `Rtc` matching the server's
    /// transport. Returns it with the DTLS parameters for `connectWebRtcTransport`.
    pub fn open(
        codecs: &RouterCodecs,
        info: &TransportInfo,
        allowed: &dyn Fn(IpAddr) -> bool,
    ) -> Result<(Transport, DtlsParameters), TransportError> {
        let std_socket = bind_loopback()?;
        let socket = UdpSocket::from_std(std_socket)?;
        let local = socket.local_addr()?;

        let mut config = Rtc::builder()
            .set_rtp_mode(true)
            .clear_codecs()
            .clear_extension_map()
            .set_stats_interval(None);
        let opus = FormatParams {
            min_p_time: Some(10),
            use_inband_fec: Some(true),
            ..FormatParams::default()
        };
        config.codec_config().add_config(
            Pt::from(codecs.opus_pt),
            None,
            Codec::Opus,
            Frequency::FORTY_EIGHT_KHZ,
            Some(2),
            opus,
        );
        config.codec_config().add_config(
            Pt::from(codecs.vp8_pt),
            Some(Pt::from(codecs.rtx_pt)),
            Codec::Vp8,
            Frequency::NINETY_KHZ,
            None,
            FormatParams::default(),
        );
        // One id per extension for both kinds (mediasoup gives both kinds the same id).
        for (id, ext, _) in &codecs.extensions {
            config = config.set_extension(*id, ext.clone());
        }
        let mut rtc = config.build(Instant::now());

        let host = Candidate::host(local, "udp")
            .map_err(|e| TransportError::Server(format!("local candidate {local}: {e}")))?;
        rtc.add_local_candidate(host);
        let mut remotes = 0;
        for c in info
            .ice_candidates
            .iter()
            .filter(|c| c.protocol == TransportProtocol::Udp)
        {
            let ip: IpAddr = c.addr().parse().map_err(|_| {
                TransportError::Server(format!("ICE candidate address {:?} is not an IP", c.addr()))
            })?;
            if !allowed(ip) {
                return Err(TransportError::Server(format!(
                    "the server announces {ip}, which is not this machine: start it with --announced-ip 127.0.0.1 (the load generator sends only to this machine)"
                )));
            }
            let remote = Candidate::host(SocketAddr::new(ip, c.port), "udp")
                .map_err(|e| TransportError::Server(format!("server candidate: {e}")))?;
            rtc.add_remote_candidate(remote);
            remotes += 1;
        }
        if remotes == 0 {
            return Err(TransportError::Server(
                "the server's transport has no UDP candidate".into(),
            ));
        }
        let fingerprint = info
            .dtls_parameters
            .fingerprints
            .iter()
            .find(|f| f.algorithm == "sha-256")
            .ok_or_else(|| TransportError::Server("no sha-256 DTLS fingerprint".into()))?;
        let remote_fp = format!("{} {}", fingerprint.algorithm, fingerprint.value)
            .parse()
            .map_err(|e| TransportError::Server(format!("DTLS fingerprint: {e}")))?;

        let mut api = rtc.direct_api();
        api.set_ice_controlling(true);
        api.set_remote_ice_credentials(IceCreds {
            ufrag: info.ice_parameters.username_fragment.clone(),
            pass: info.ice_parameters.password.clone(),
        });
        api.set_remote_fingerprint(remote_fp);
        // We are the DTLS client (as a browser is): mediasoup takes the server role.
        api.start_dtls(true)?;
        api.enable_twcc_feedback();
        let ours = api.local_dtls_fingerprint();
        let value = ours
            .bytes
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(":");
        let dtls = DtlsParameters {
            role: DtlsRole::Client,
            fingerprints: vec![DtlsFingerprint {
                algorithm: ours.hash_func.clone(),
                value,
            }],
        };
        Ok((Transport { rtc, socket, local }, dtls))
    }
}

fn bind_loopback() -> std::io::Result<std::net::UdpSocket> {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::DGRAM, None)?;
    // Best effort: the kernel caps these at net.core.[rw]mem_max.
    let _ = socket.set_recv_buffer_size(SOCKET_BUFFER);
    let _ = socket.set_send_buffer_size(SOCKET_BUFFER);
    socket.set_nonblocking(true)?;
    socket.bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into())?;
    Ok(socket.into())
}

/// What a transport's owner does with it.
pub trait Role: Send + 'static {
    /// Commands from the peer's signaling side.
    type Command: Send + 'static;
    /// Sees every event the `Rtc` emits (media, key-frame requests, ...).
    fn on_event(&mut self, event: Event);
    /// Applies a command (it may change the `Rtc`, e.g. expect a new stream).
    fn on_command(&mut self, command: Self::Command, rtc: &mut Rtc);
    /// When the role next wants [`Role::send_due`] called.
    fn next_due(&self) -> Option<Instant>;
    /// Writes what is due; every write goes through `out`, which drains the `Rtc`.
    fn send_due(&mut self, now: Instant, out: &mut Sender<'_>);
}

/// Counters of the transport itself.
#[derive(Debug, Clone, Default)]
pub struct TransportCounters {
    /// When ICE and DTLS completed.
    pub connected_at: Option<Instant>,
    /// ICE went disconnected after connecting.
    pub disconnected: bool,
    /// Datagrams we could not send (socket buffer full).
    pub send_drops: u64,
    /// Datagrams received and sent.
    pub datagrams_in: u64,
    /// Datagrams sent.
    pub datagrams_out: u64,
    /// A str0m error that ended the transport.
    pub error: Option<String>,
}

/// Writes into the `Rtc` and drains it after each write (str0m's one rule).
pub struct Sender<'a> {
    rtc: &'a mut Rtc,
    socket: &'a UdpSocket,
    counters: &'a mut TransportCounters,
    events: &'a mut Vec<Event>,
    timeout: Instant,
}

impl Sender<'_> {
    /// The `Rtc`, for one mutation; call [`Sender::drain`] right after.
    pub fn rtc(&mut self) -> &mut Rtc {
        self.rtc
    }

    /// Polls the `Rtc` until it has nothing more to send or say.
    pub fn drain(&mut self) -> Result<(), RtcError> {
        self.timeout = drain(self.rtc, self.socket, self.counters, self.events)?;
        Ok(())
    }
}

fn drain(
    rtc: &mut Rtc,
    socket: &UdpSocket,
    counters: &mut TransportCounters,
    events: &mut Vec<Event>,
) -> Result<Instant, RtcError> {
    loop {
        match rtc.poll_output()? {
            Output::Timeout(at) => return Ok(at),
            Output::Transmit(t) => match socket.try_send_to(&t.contents, t.destination) {
                Ok(_) => counters.datagrams_out += 1,
                Err(_) => counters.send_drops += 1,
            },
            Output::Event(event) => {
                match &event {
                    Event::Connected => counters.connected_at = Some(Instant::now()),
                    Event::IceConnectionStateChange(IceConnectionState::Disconnected) => {
                        counters.disconnected = true
                    }
                    _ => {}
                }
                events.push(event);
            }
        }
    }
}

/// Longest sleep between polls, so a stop request is seen promptly.
const MAX_SLEEP: Duration = Duration::from_millis(250);

/// Runs the transport until `stop` turns true (or str0m fails); returns the
/// role (with what it measured) and the transport's counters.
pub async fn run<R: Role>(
    transport: Transport,
    mut role: R,
    mut commands: mpsc::Receiver<R::Command>,
    mut stop: watch::Receiver<bool>,
) -> (R, TransportCounters) {
    let Transport {
        mut rtc,
        socket,
        local,
    } = transport;
    let mut counters = TransportCounters::default();
    let mut events = Vec::new();
    let mut buf = vec![0u8; 2048];
    let mut commands_open = true;
    let result: Result<(), RtcError> = async {
        let mut timeout = drain(&mut rtc, &socket, &mut counters, &mut events)?;
        loop {
            for e in events.drain(..) {
                role.on_event(e);
            }
            if *stop.borrow() {
                return Ok(());
            }
            let now = Instant::now();
            let due = role.next_due();
            let wake = [Some(timeout), due, Some(now + MAX_SLEEP)]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(now);
            tokio::select! {
                received = socket.recv_from(&mut buf) => {
                    let (n, source) = received.map_err(RtcError::Io)?;
                    timeout = receive(&mut rtc, &socket, &mut counters, &mut events, local, source, &buf[..n])?;
                    // Take whatever else is queued before polling timers again.
                    while let Ok((n, source)) = socket.try_recv_from(&mut buf) {
                        timeout = receive(&mut rtc, &socket, &mut counters, &mut events, local, source, &buf[..n])?;
                    }
                }
                command = commands.recv(), if commands_open => match command {
                    Some(command) => {
                        role.on_command(command, &mut rtc);
                        timeout = drain(&mut rtc, &socket, &mut counters, &mut events)?;
                    }
                    None => commands_open = false,
                },
                _ = stop.changed() => {}
                _ = tokio::time::sleep_until(wake.into()) => {
                    let now = Instant::now();
                    if due.is_some_and(|d| d <= now) {
                        let mut out = Sender { rtc: &mut rtc, socket: &socket, counters: &mut counters, events: &mut events, timeout };
                        role.send_due(now, &mut out);
                        timeout = out.timeout;
                    }
                    if timeout <= now {
                        rtc.handle_input(Input::Timeout(now))?;
                        timeout = drain(&mut rtc, &socket, &mut counters, &mut events)?;
                    }
                }
            }
        }
    }
    .await;
    if let Err(e) = result {
        counters.error = Some(e.to_string());
    }
    rtc.disconnect();
    (role, counters)
}

fn receive(
    rtc: &mut Rtc,
    socket: &UdpSocket,
    counters: &mut TransportCounters,
    events: &mut Vec<Event>,
    local: SocketAddr,
    source: SocketAddr,
    bytes: &[u8],
) -> Result<Instant, RtcError> {
    counters.datagrams_in += 1;
    let now = Instant::now();
    // Anything that is not STUN, DTLS, RTP or RTCP is not ours: ignore it.
    if let Ok(receive) = Receive::new(Protocol::Udp, source, local, bytes) {
        rtc.handle_input(Input::Receive(now, receive))?;
    }
    drain(rtc, socket, counters, events)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The router capabilities of our server (the client's golden input).
    fn router_caps() -> RtpCapabilities {
        serde_json::from_str(include_str!(
            "../../../client/golden/inputs/router_caps.json"
        ))
        .expect("router_caps.json")
    }

    #[test]
    fn reads_the_routers_payload_types_and_extension_ids() {
        let c = RouterCodecs::from_capabilities(&router_caps()).unwrap();
        assert_eq!((c.opus_pt, c.vp8_pt, c.rtx_pt), (100, 101, 102));
        let has = |id: u8, ext: Extension, kind: MediaKind| c.extensions.contains(&(id, ext, kind));
        assert!(has(1, Extension::RtpMid, MediaKind::Audio));
        assert!(has(1, Extension::RtpMid, MediaKind::Video));
        assert!(has(2, Extension::RtpStreamId, MediaKind::Video));
        assert!(has(10, Extension::AudioLevel, MediaKind::Audio));
        assert!(has(5, Extension::TransportSequenceNumber, MediaKind::Video));
        // URIs str0m does not write (video-orientation is one it knows, but we do not send it).
        assert!(!c.extensions.iter().any(|(id, _, _)| *id == 12));
    }

    #[test]
    fn a_router_without_vp8_is_named() {
        let mut caps = router_caps();
        caps.codecs.retain(|c| c.mime_type != "video/VP8");
        let e = RouterCodecs::from_capabilities(&caps).unwrap_err();
        assert!(e.contains("VP8"), "{e}");
    }
}
