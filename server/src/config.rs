//! The server's configuration: one typed struct, from flags with environment
//! fallbacks, validated before anything starts.

use crate::access::{Access, AccessArgs};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

use crate::domain::{LimitArgs, Limits};
use crate::ice::{IceArgs, IceSettings};
use crate::sfu::{RtcMode, WorkerLog};

/// Command-line flags (each with an environment fallback).
#[derive(Debug, Clone, Parser)]
#[command(
    name = "stunroom",
    version,
    about = "stunroom video-room server (axum + mediasoup)"
)]
pub struct Cli {
    /// Address the HTTP/WebSocket server binds to (port 0 picks a free port).
    #[arg(long, env = "STUNROOM_LISTEN", default_value = "0.0.0.0:8080")]
    pub listen: SocketAddr,
    /// Directory of the built client (index.html, wasm, js).
    #[arg(long, env = "STUNROOM_DIST_DIR", default_value = "dist")]
    pub dist_dir: PathBuf,
    /// Local IP the mediasoup workers bind their RTC (UDP/TCP) ports on.
    #[arg(long, env = "STUNROOM_RTC_LISTEN_IP", default_value = "0.0.0.0")]
    pub rtc_listen_ip: IpAddr,
    /// IP announced in ICE candidates [default: MEDIASOUP_ANNOUNCED_IP, else POD_IP,
    /// else the host's first private IPv4, else 127.0.0.1].
    #[arg(long, env = "STUNROOM_ANNOUNCED_IP")]
    pub announced_ip: Option<IpAddr>,
    /// How WebRTC transports get ports: `webrtc-server` (one UDP + one TCP port
    /// per worker, from --rtc-port) or `port-range` (a port per transport, from
    /// --rtc-min-port..--rtc-max-port).
    #[arg(long, env = "STUNROOM_RTC_MODE", default_value = "webrtc-server", value_parser = ["webrtc-server", "port-range"])]
    pub rtc_mode: String,
    /// WebRtcServer port of worker 0 (UDP and TCP); worker i listens on this + i.
    /// 0: each worker takes free ports from --rtc-min-port..--rtc-max-port (tests, several servers on one host).
    #[arg(long, env = "STUNROOM_RTC_PORT", default_value_t = 40000)]
    pub rtc_port: u16,
    /// Lowest port of plain (broadcaster) transports, and of WebRTC transports in port-range mode.
    #[arg(long, env = "STUNROOM_RTC_MIN_PORT", default_value_t = 40100)]
    pub rtc_min_port: u16,
    /// Highest port of that range.
    #[arg(long, env = "STUNROOM_RTC_MAX_PORT", default_value_t = 49999)]
    pub rtc_max_port: u16,
    /// Number of mediasoup workers [default: number of CPU cores].
    #[arg(long, env = "STUNROOM_WORKERS")]
    pub workers: Option<NonZeroUsize>,
    /// Log filter: a level (error, warn, info, debug, trace) or tracing directives.
    #[arg(long, env = "STUNROOM_LOG_LEVEL", default_value = "info")]
    pub log_level: String,
    /// What the mediasoup workers log (none, error, warn, debug). Above `error`
    /// a busy worker logs per packet (a peer's NACKs, its bandwidth probes), which
    /// costs CPU and fills the log: keep it for debugging.
    #[arg(long, env = "STUNROOM_WORKER_LOG_LEVEL", default_value = "error", value_parser = ["none", "error", "warn", "debug"])]
    pub worker_log_level: String,
    /// On SIGTERM/Ctrl-C: seconds to let connected peers finish their calls
    /// (new joins are refused meanwhile) before closing them; the process exits
    /// within this time. 0 closes at once. Keep it under Kubernetes'
    /// terminationGracePeriodSeconds minus the preStop pause.
    #[arg(
        long,
        env = "STUNROOM_SHUTDOWN_GRACE",
        value_name = "SECONDS",
        default_value_t = 30,
        value_parser = clap::value_parser!(u64).range(0..=86_400)
    )]
    pub shutdown_grace: u64,
    /// `/api/ice`: ICE mode, TURN servers and credentials (see ice.rs).
    #[command(flatten)]
    pub ice: IceArgs,
    /// What one client may allocate and send (see domain/limits.rs).
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Room tokens and the Origin allow-list (see access.rs).
    #[command(flatten)]
    pub access: AccessArgs,
    /// Recording rooms with ffmpeg (see recording/).
    #[command(flatten)]
    pub recording: crate::recording::RecordingArgs,
}

/// Where the announced IP came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnnouncedIpSource {
    Flag,
    MediasoupEnv,
    PodIp,
    HostInterface(String),
    Loopback,
}

impl fmt::Display for AnnouncedIpSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag => f.write_str("--announced-ip / STUNROOM_ANNOUNCED_IP"),
            Self::MediasoupEnv => f.write_str("MEDIASOUP_ANNOUNCED_IP"),
            Self::PodIp => f.write_str("POD_IP"),
            Self::HostInterface(name) => write!(f, "host interface {name}"),
            Self::Loopback => f.write_str("fallback (no private IPv4 found)"),
        }
    }
}

/// The effective, validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub access: Access,
    pub listen: SocketAddr,
    pub dist_dir: PathBuf,
    pub rtc_listen_ip: IpAddr,
    pub announced_ip: IpAddr,
    pub announced_ip_source: AnnouncedIpSource,
    pub rtc_mode: RtcMode,
    pub rtc_port: u16,
    pub rtc_min_port: u16,
    pub rtc_max_port: u16,
    pub workers: usize,
    pub log_level: String,
    pub worker_log_level: WorkerLog,
    /// How long a graceful shutdown may take (see shutdown.rs).
    pub shutdown_grace: Duration,
    /// `/api/ice` settings (`Debug`/`Display` redact secrets).
    pub ice: IceSettings,
    pub limits: Limits,
    pub recording: crate::recording::RecordingSettings,
}

/// Picks the announced IP: the flag, else `MEDIASOUP_ANNOUNCED_IP`, else `POD_IP`,
/// else the first non-loopback private IPv4 of `host_interfaces`, else 127.0.0.1.
/// Empty environment values count as unset; unparsable ones are errors naming the variable.
pub fn select_announced_ip(
    flag: Option<IpAddr>,
    mediasoup_env: Option<&str>,
    pod_ip: Option<&str>,
    host_interfaces: &[(String, IpAddr)],
) -> Result<(IpAddr, AnnouncedIpSource), String> {
    if let Some(ip) = flag {
        return Ok((ip, AnnouncedIpSource::Flag));
    }
    let from_env = |name: &str, value: Option<&str>| -> Result<Option<IpAddr>, String> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| format!("{name}={v:?} is not an IP address")),
        }
    };
    if let Some(ip) = from_env("MEDIASOUP_ANNOUNCED_IP", mediasoup_env)? {
        return Ok((ip, AnnouncedIpSource::MediasoupEnv));
    }
    if let Some(ip) = from_env("POD_IP", pod_ip)? {
        return Ok((ip, AnnouncedIpSource::PodIp));
    }
    let private = host_interfaces.iter().find(|(_, ip)| match ip {
        IpAddr::V4(v4) => v4.is_private() && !v4.is_loopback(),
        IpAddr::V6(_) => false,
    });
    Ok(match private {
        Some((name, ip)) => (*ip, AnnouncedIpSource::HostInterface(name.clone())),
        None => (IpAddr::V4(Ipv4Addr::LOCALHOST), AnnouncedIpSource::Loopback),
    })
}

fn host_interfaces() -> Vec<(String, IpAddr)> {
    match if_addrs::get_if_addrs() {
        Ok(list) => list.into_iter().map(|i| (i.name.clone(), i.ip())).collect(),
        Err(e) => {
            eprintln!("stunroom: cannot list network interfaces: {e}");
            Vec::new()
        }
    }
}

impl Cli {
    /// Cross-field validation and defaults; errors name the flag.
    pub fn resolve(self) -> Result<Config, (ErrorKind, String)> {
        let access = Access::new(&self.access).map_err(|e| (ErrorKind::ValueValidation, e))?;
        if self.rtc_min_port == 0 {
            return Err((
                ErrorKind::ValueValidation,
                "--rtc-min-port must be at least 1".into(),
            ));
        }
        if self.rtc_min_port > self.rtc_max_port {
            return Err((
                ErrorKind::ArgumentConflict,
                format!(
                    "--rtc-min-port ({}) must not be greater than --rtc-max-port ({})",
                    self.rtc_min_port, self.rtc_max_port
                ),
            ));
        }
        let workers = self
            .workers
            .map(NonZeroUsize::get)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get));
        let rtc_mode = if self.rtc_mode == "port-range" {
            RtcMode::PortRange
        } else {
            RtcMode::WebRtcServer
        };
        if rtc_mode == RtcMode::WebRtcServer && self.rtc_port != 0 {
            let last = usize::from(self.rtc_port) + workers - 1;
            if last > usize::from(u16::MAX) {
                return Err((
                    ErrorKind::ArgumentConflict,
                    format!(
                        "--rtc-port {} + --workers {workers} goes past port 65535",
                        self.rtc_port
                    ),
                ));
            }
            let overlaps = usize::from(self.rtc_min_port) <= last
                && usize::from(self.rtc_port) <= usize::from(self.rtc_max_port);
            if overlaps {
                return Err((
                    ErrorKind::ArgumentConflict,
                    format!(
                        "the WebRtcServer ports --rtc-port {}..{last} overlap --rtc-min-port..--rtc-max-port ({}-{})",
                        self.rtc_port, self.rtc_min_port, self.rtc_max_port
                    ),
                ));
            }
        }
        let ports = usize::from(self.rtc_max_port - self.rtc_min_port) + 1;
        if ports < workers * 2 {
            return Err((
                ErrorKind::ArgumentConflict,
                format!(
                    "--rtc-min-port..--rtc-max-port holds {ports} ports; --workers {workers} needs at least {}",
                    workers * 2
                ),
            ));
        }
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&self.log_level) {
            return Err((
                ErrorKind::ValueValidation,
                format!("invalid --log-level {:?}: {e}", self.log_level),
            ));
        }
        if self.dist_dir.as_os_str().is_empty() {
            return Err((
                ErrorKind::ValueValidation,
                "--dist-dir must not be empty".into(),
            ));
        }
        let env = |name: &str| std::env::var(name).ok();
        let (announced_ip, announced_ip_source) = select_announced_ip(
            self.announced_ip,
            env("MEDIASOUP_ANNOUNCED_IP").as_deref(),
            env("POD_IP").as_deref(),
            &host_interfaces(),
        )
        .map_err(|e| (ErrorKind::ValueValidation, e))?;
        if announced_ip.is_unspecified() {
            return Err((
                ErrorKind::ValueValidation,
                format!("the announced IP ({announced_ip}, from {announced_ip_source}) must not be unspecified"),
            ));
        }
        let ice = self
            .ice
            .resolve()
            .map_err(|e| (ErrorKind::ValueValidation, e))?;
        let limits = Limits::from(&self.limits);
        if let Some(name) = &limits.client_ip_header {
            if axum::http::HeaderName::from_bytes(name.as_bytes()).is_err() {
                return Err((
                    ErrorKind::ValueValidation,
                    format!("invalid --client-ip-header {name:?}: not an HTTP header name"),
                ));
            }
        }
        let recording = self
            .recording
            .resolve()
            .map_err(|e| (ErrorKind::ValueValidation, e))?;
        Ok(Config {
            recording,
            listen: self.listen,
            dist_dir: self.dist_dir,
            rtc_listen_ip: self.rtc_listen_ip,
            announced_ip,
            announced_ip_source,
            rtc_mode,
            rtc_port: self.rtc_port,
            rtc_min_port: self.rtc_min_port,
            rtc_max_port: self.rtc_max_port,
            workers,
            log_level: self.log_level,
            worker_log_level: match self.worker_log_level.as_str() {
                "none" => WorkerLog::None,
                "warn" => WorkerLog::Warn,
                "debug" => WorkerLog::Debug,
                _ => WorkerLog::Error,
            },
            shutdown_grace: Duration::from_secs(self.shutdown_grace),
            ice,
            limits,
            access,
        })
    }
}

impl Config {
    /// Parses flags and environment; prints a clap-style error naming the flag and
    /// exits non-zero on bad values.
    pub fn from_args() -> Config {
        match Cli::parse().resolve() {
            Ok(config) => config,
            Err((kind, message)) => Cli::command().error(kind, message).exit(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn ifaces() -> Vec<(String, IpAddr)> {
        vec![
            ("lo".into(), ip("127.0.0.1")),
            ("eth0".into(), ip("203.0.113.7")),
            ("eth1".into(), ip("fd00::1")),
            ("eth2".into(), ip("10.1.2.3")),
            ("eth3".into(), ip("192.168.1.9")),
        ]
    }

    #[test]
    fn announced_ip_precedence() {
        let flag = Some(ip("198.51.100.1"));
        assert_eq!(
            select_announced_ip(flag, Some("10.9.9.9"), Some("10.8.8.8"), &ifaces()),
            Ok((ip("198.51.100.1"), AnnouncedIpSource::Flag))
        );
        assert_eq!(
            select_announced_ip(None, Some("10.9.9.9"), Some("10.8.8.8"), &ifaces()),
            Ok((ip("10.9.9.9"), AnnouncedIpSource::MediasoupEnv))
        );
        assert_eq!(
            select_announced_ip(None, Some(" "), Some("10.8.8.8"), &ifaces()),
            Ok((ip("10.8.8.8"), AnnouncedIpSource::PodIp))
        );
        assert_eq!(
            select_announced_ip(None, None, Some(""), &ifaces()),
            Ok((
                ip("10.1.2.3"),
                AnnouncedIpSource::HostInterface("eth2".into())
            ))
        );
        assert_eq!(
            select_announced_ip(None, None, None, &ifaces()[..3]),
            Ok((ip("127.0.0.1"), AnnouncedIpSource::Loopback))
        );
    }

    #[test]
    fn announced_ip_env_errors_name_the_variable() {
        let e = select_announced_ip(None, None, Some("pod"), &[]).unwrap_err();
        assert!(e.contains("POD_IP"), "{e}");
        let e = select_announced_ip(None, Some("1.2.3"), None, &[]).unwrap_err();
        assert!(e.contains("MEDIASOUP_ANNOUNCED_IP"), "{e}");
    }

    #[test]
    fn cross_field_errors_name_the_flags() {
        let cli = Cli::try_parse_from([
            "stunroom",
            "--rtc-min-port",
            "5000",
            "--rtc-max-port",
            "4000",
            "--announced-ip",
            "127.0.0.1",
        ])
        .unwrap();
        let (_, e) = cli.resolve().unwrap_err();
        assert!(
            e.contains("--rtc-min-port") && e.contains("--rtc-max-port"),
            "{e}"
        );
        let e = Cli::try_parse_from(["stunroom", "--listen", "nope"]).unwrap_err();
        assert!(e.to_string().contains("--listen"), "{e}");
    }
}
