//! The ICE configuration `/api/ice` hands to browsers, in the JSON shape of the
//! STUNner auth service's `/ice` answer.
//!
//! Modes ([`IceMode`]): `none` (no ICE servers), `static` (fixed TURN user and
//! password), `ephemeral` (STUNner / TURN REST API credentials minted here from
//! the shared secret) and `stunner-auth` (asks STUNner's auth service and
//! passes its answer on). Secrets ([`Secret`]) never reach logs or messages.

use std::fmt;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{header, Request, StatusCode, Uri};
use base64::Engine as _;
use bytes::Bytes;
use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, Empty, Limited};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use sha1::Sha1;
use stunroom_shared::ice::{IceConfiguration, IceServer, IceTransportPolicy};

/// How long `/api/ice` waits for the STUNner auth service (connect + answer).
pub const STUNNER_AUTH_TIMEOUT: Duration = Duration::from_secs(3);
/// Largest auth-service answer read (a real one is well under 1 KiB).
const STUNNER_AUTH_MAX_BODY: usize = 64 * 1024;
/// A STUN USERNAME attribute must be shorter than 513 bytes (RFC 8489 14.3).
const MAX_TURN_USERNAME_BYTES: usize = 512;

/// Where ICE servers come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum IceMode {
    /// No ICE servers: browsers use host candidates only (`iceTransportPolicy: all`).
    #[default]
    None,
    /// Fixed TURN username/password (`--turn-urls`, `--turn-username`, `--turn-password`).
    Static,
    /// STUNner `ephemeral` / TURN REST API credentials minted per peer from
    /// `--turn-secret` (`--turn-urls`, `--turn-ttl`).
    Ephemeral,
    /// Ask STUNner's auth service (`--stunner-auth-url`) and pass its answer on.
    StunnerAuth,
}

impl fmt::Display for IceMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::Static => "static",
            Self::Ephemeral => "ephemeral",
            Self::StunnerAuth => "stunner-auth",
        })
    }
}

/// A password or shared secret: never printed (`Debug`/`Display` show `<redacted>`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

fn parse_secret(s: &str) -> Result<Secret, String> {
    Ok(Secret::new(s))
}

fn parse_policy(s: &str) -> Result<IceTransportPolicy, String> {
    match s {
        "all" => Ok(IceTransportPolicy::All),
        "relay" => Ok(IceTransportPolicy::Relay),
        _ => Err("must be `all` or `relay`".into()),
    }
}

fn policy_name(p: IceTransportPolicy) -> &'static str {
    match p {
        IceTransportPolicy::All => "all",
        IceTransportPolicy::Relay => "relay",
    }
}

/// The `/api/ice` flags (flattened into the server's command line). Pass
/// secrets through the environment: command lines are visible to other users.
#[derive(Debug, Clone, clap::Args)]
pub struct IceArgs {
    /// Where `/api/ice` gets ICE servers from.
    #[arg(long, env = "STUNROOM_ICE_MODE", value_enum, default_value_t = IceMode::None)]
    pub ice_mode: IceMode,
    /// TURN URIs handed to browsers, comma-separated, e.g.
    /// `turn:203.0.113.7:3478?transport=udp` (static and ephemeral modes).
    #[arg(long, env = "STUNROOM_TURN_URLS")]
    pub turn_urls: Option<String>,
    /// TURN username (static mode).
    #[arg(long, env = "STUNROOM_TURN_USERNAME")]
    pub turn_username: Option<String>,
    /// TURN password (static mode).
    #[arg(long, env = "STUNROOM_TURN_PASSWORD", hide_env_values = true, value_parser = parse_secret)]
    pub turn_password: Option<Secret>,
    /// TURN REST API shared secret, the one STUNner's ephemeral auth uses (ephemeral mode).
    #[arg(long, env = "STUNROOM_TURN_SECRET", hide_env_values = true, value_parser = parse_secret)]
    pub turn_secret: Option<Secret>,
    /// Lifetime of ephemeral credentials, in seconds.
    #[arg(long, env = "STUNROOM_TURN_TTL", default_value_t = 86400)]
    pub turn_ttl: u64,
    /// `all` or `relay` [default: relay with TURN servers, all with --ice-mode none;
    /// stunner-auth: the auth service decides unless set].
    #[arg(long, env = "STUNROOM_ICE_TRANSPORT_POLICY", value_parser = parse_policy)]
    pub ice_transport_policy: Option<IceTransportPolicy>,
    /// STUNner auth service base URL, plain HTTP (stunner-auth mode).
    #[arg(
        long,
        env = "STUNROOM_STUNNER_AUTH_URL",
        default_value = "http://stunner-auth.stunner-system:8088"
    )]
    pub stunner_auth_url: String,
    /// `namespace` of the STUNner Gateway to describe (stunner-auth mode).
    #[arg(long, env = "STUNROOM_STUNNER_NAMESPACE")]
    pub stunner_namespace: Option<String>,
    /// `gateway` name (stunner-auth mode).
    #[arg(long, env = "STUNROOM_STUNNER_GATEWAY")]
    pub stunner_gateway: Option<String>,
    /// `listener` name (stunner-auth mode).
    #[arg(long, env = "STUNROOM_STUNNER_LISTENER")]
    pub stunner_listener: Option<String>,
}

/// Validated `/api/ice` settings. `Debug` and `Display` redact secrets.
#[derive(Debug, Clone)]
pub enum IceSettings {
    None,
    Static {
        urls: Vec<String>,
        username: String,
        password: Secret,
        policy: IceTransportPolicy,
    },
    Ephemeral {
        urls: Vec<String>,
        secret: Secret,
        ttl: u64,
        policy: IceTransportPolicy,
    },
    StunnerAuth(StunnerAuth),
}

/// Where and what to ask the STUNner auth service.
#[derive(Debug, Clone)]
pub struct StunnerAuth {
    /// `http://host:port[/prefix]`, no trailing slash.
    pub base_url: String,
    pub namespace: Option<String>,
    pub gateway: Option<String>,
    pub listener: Option<String>,
    pub policy: Option<IceTransportPolicy>,
}

impl IceSettings {
    pub fn mode(&self) -> IceMode {
        match self {
            Self::None => IceMode::None,
            Self::Static { .. } => IceMode::Static,
            Self::Ephemeral { .. } => IceMode::Ephemeral,
            Self::StunnerAuth(_) => IceMode::StunnerAuth,
        }
    }
}

/// One line for the start-up log, secrets redacted.
impl fmt::Display for IceSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("none (no ICE servers, policy all)"),
            Self::Static {
                urls,
                username,
                password,
                policy,
            } => write!(
                f,
                "static (urls {}, username {username:?}, password {password}, policy {})",
                urls.join(","),
                policy_name(*policy)
            ),
            Self::Ephemeral {
                urls,
                secret,
                ttl,
                policy,
            } => write!(
                f,
                "ephemeral (urls {}, secret {secret}, ttl {ttl} s, policy {})",
                urls.join(","),
                policy_name(*policy)
            ),
            Self::StunnerAuth(a) => {
                write!(f, "stunner-auth ({}/ice", a.base_url)?;
                for (k, v) in a.query_without_username() {
                    write!(f, " {k}={v}")?;
                }
                write!(f, ", timeout {} s)", STUNNER_AUTH_TIMEOUT.as_secs())
            }
        }
    }
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Checks one TURN URI: `turn:` or `turns:`, a host (IPv6 in brackets), an
/// optional port, an optional `?transport=udp|tcp`.
pub fn check_turn_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("turn:")
        .or_else(|| url.strip_prefix("turns:"))
        .ok_or_else(|| format!("{url:?} is not a TURN URI (must start with turn: or turns:)"))?;
    let (host_port, query) = rest.split_once('?').unwrap_or((rest, ""));
    if host_port.is_empty()
        || host_port
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '/' | '@' | '#'))
    {
        return Err(format!("{url:?}: no valid host after the scheme"));
    }
    let port = if let Some(v6) = host_port.strip_prefix('[') {
        let (_, after) = v6
            .split_once(']')
            .ok_or_else(|| format!("{url:?}: unclosed [ in the host"))?;
        match after {
            "" => None,
            p => Some(
                p.strip_prefix(':')
                    .ok_or_else(|| format!("{url:?}: junk after the IPv6 host"))?,
            ),
        }
    } else {
        match host_port.split_once(':') {
            Some(("", _)) => return Err(format!("{url:?}: empty host")),
            Some((_, p)) => Some(p),
            None => None,
        }
    };
    if let Some(p) = port {
        if !matches!(p.parse::<u16>(), Ok(n) if n > 0) {
            return Err(format!("{url:?}: port {p:?} is not a number 1-65535"));
        }
    }
    if !matches!(query, "" | "transport=udp" | "transport=tcp") {
        return Err(format!(
            "{url:?}: the only query allowed is ?transport=udp or ?transport=tcp"
        ));
    }
    Ok(())
}

const URLS_FLAG: &str = "--turn-urls / STUNROOM_TURN_URLS";

fn turn_urls(v: Option<String>, mode: IceMode) -> Result<Vec<String>, String> {
    let Some(list) = non_empty(v) else {
        return Err(format!("--ice-mode {mode} needs {URLS_FLAG}"));
    };
    let urls: Vec<String> = list
        .split(',')
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty())
        .collect();
    if urls.is_empty() {
        return Err(format!("--ice-mode {mode} needs {URLS_FLAG}"));
    }
    for u in &urls {
        check_turn_url(u).map_err(|e| format!("{URLS_FLAG}: {e}"))?;
    }
    Ok(urls)
}

fn check_stunner_auth_url(url: &str) -> Result<String, String> {
    const FLAG: &str = "--stunner-auth-url / STUNROOM_STUNNER_AUTH_URL";
    let base = url.trim().trim_end_matches('/');
    let uri: Uri = base
        .parse()
        .map_err(|e| format!("{FLAG}: {base:?} is not a URL: {e}"))?;
    if uri.scheme_str() != Some("http") {
        return Err(format!(
            "{FLAG}: {base:?} must be a plain http:// URL (the auth service speaks no TLS)"
        ));
    }
    if uri.authority().is_none() || uri.query().is_some() {
        return Err(format!(
            "{FLAG}: {base:?} must be http://HOST[:PORT][/PATH] without a query"
        ));
    }
    Ok(base.to_owned())
}

impl IceArgs {
    /// Validates the flags of the chosen mode; errors name the flag and its
    /// environment variable, never a secret's value. Flags another mode needs
    /// are ignored (the Kubernetes Deployment sets all of them).
    pub fn resolve(self) -> Result<IceSettings, String> {
        let mode = self.ice_mode;
        let secret = |s: Option<Secret>| s.filter(|s| !s.expose().is_empty());
        let turn_policy = self
            .ice_transport_policy
            .unwrap_or(IceTransportPolicy::Relay);
        match mode {
            IceMode::None => {
                if self.ice_transport_policy == Some(IceTransportPolicy::Relay) {
                    return Err(
                        "--ice-transport-policy / STUNROOM_ICE_TRANSPORT_POLICY relay \
                        needs TURN servers, and --ice-mode none hands out none"
                            .into(),
                    );
                }
                Ok(IceSettings::None)
            }
            IceMode::Static => {
                let urls = turn_urls(self.turn_urls, mode)?;
                let username = non_empty(self.turn_username)
                    .ok_or("--ice-mode static needs --turn-username / STUNROOM_TURN_USERNAME")?;
                let password = secret(self.turn_password)
                    .ok_or("--ice-mode static needs --turn-password / STUNROOM_TURN_PASSWORD")?;
                Ok(IceSettings::Static {
                    urls,
                    username,
                    password,
                    policy: turn_policy,
                })
            }
            IceMode::Ephemeral => {
                let urls = turn_urls(self.turn_urls, mode)?;
                let secret = secret(self.turn_secret)
                    .ok_or("--ice-mode ephemeral needs --turn-secret / STUNROOM_TURN_SECRET")?;
                if self.turn_ttl == 0 {
                    return Err("--turn-ttl / STUNROOM_TURN_TTL must be at least 1 second".into());
                }
                Ok(IceSettings::Ephemeral {
                    urls,
                    secret,
                    ttl: self.turn_ttl,
                    policy: turn_policy,
                })
            }
            IceMode::StunnerAuth => Ok(IceSettings::StunnerAuth(StunnerAuth {
                base_url: check_stunner_auth_url(&self.stunner_auth_url)?,
                namespace: non_empty(self.stunner_namespace),
                gateway: non_empty(self.stunner_gateway),
                listener: non_empty(self.stunner_listener),
                policy: self.ice_transport_policy,
            })),
        }
    }
}

/// TURN REST API ("ephemeral") credentials: username `"<now + ttl>:<peer_id>"`,
/// credential `base64(HMAC-SHA1(secret, username))`. Pure: the caller passes
/// the clock.
pub fn ephemeral_credential(secret: &[u8], peer_id: &str, now_unix: u64, ttl: u64) -> IceServer {
    let username = format!("{}:{peer_id}", now_unix.saturating_add(ttl));
    IceServer {
        urls: Vec::new(),
        credential: Some(hmac_sha1_base64(secret, username.as_bytes())),
        username: Some(username),
    }
}

/// `base64(HMAC-SHA1(key, message))`.
pub fn hmac_sha1_base64(key: &[u8], message: &[u8]) -> String {
    // HMAC takes keys of any length (long ones are hashed), so this cannot fail.
    let mut mac = <Hmac<Sha1> as hmac::digest::KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Why `/api/ice` could not answer: the HTTP status and a reason for the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IceError {
    pub status: StatusCode,
    pub reason: String,
}

impl IceError {
    fn bad_request(reason: impl Into<String>) -> IceError {
        IceError {
            status: StatusCode::BAD_REQUEST,
            reason: reason.into(),
        }
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The configuration for one browser. `peer_id` is the already validated
/// `peerId` query parameter.
pub async fn configuration(
    settings: &IceSettings,
    peer_id: &str,
    room_id: Option<&str>,
) -> Result<IceConfiguration, IceError> {
    tracing::debug!(peer = %peer_id, room = ?room_id, mode = %settings.mode(), "ICE configuration");
    match settings {
        IceSettings::None => Ok(IceConfiguration {
            ice_servers: Vec::new(),
            ice_transport_policy: IceTransportPolicy::All,
        }),
        IceSettings::Static {
            urls,
            username,
            password,
            policy,
        } => Ok(IceConfiguration {
            ice_servers: vec![IceServer {
                urls: urls.clone(),
                username: Some(username.clone()),
                credential: Some(password.expose().to_owned()),
            }],
            ice_transport_policy: *policy,
        }),
        IceSettings::Ephemeral {
            urls,
            secret,
            ttl,
            policy,
        } => {
            let mut server =
                ephemeral_credential(secret.expose().as_bytes(), peer_id, unix_now(), *ttl);
            if server.username.as_ref().map_or(0, String::len) > MAX_TURN_USERNAME_BYTES {
                return Err(IceError::bad_request(format!(
                    "peerId is too long for a TURN username (at most {} bytes with the expiry)",
                    MAX_TURN_USERNAME_BYTES
                )));
            }
            server.urls = urls.clone();
            Ok(IceConfiguration {
                ice_servers: vec![server],
                ice_transport_policy: *policy,
            })
        }
        IceSettings::StunnerAuth(auth) => auth.fetch(peer_id).await.map_err(|reason| {
            tracing::warn!(peer = %peer_id, url = %auth.base_url, "STUNner auth service: {reason}");
            IceError {
                status: StatusCode::BAD_GATEWAY,
                reason: format!("STUNner auth service: {reason}"),
            }
        }),
    }
}

type HttpClient = Client<HttpConnector, Empty<Bytes>>;

fn http_client() -> &'static HttpClient {
    static CLIENT: OnceLock<HttpClient> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(STUNNER_AUTH_TIMEOUT));
        Client::builder(TokioExecutor::new()).build(connector)
    })
}

/// An error and its causes, `a: b: c`.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

impl StunnerAuth {
    /// The query parameters except `username`, unset ones left out.
    fn query_without_username(&self) -> Vec<(&'static str, &str)> {
        let mut q = vec![("service", "turn")];
        for (k, v) in [
            ("namespace", &self.namespace),
            ("gateway", &self.gateway),
            ("listener", &self.listener),
        ] {
            if let Some(v) = v {
                q.push((k, v.as_str()));
            }
        }
        if let Some(p) = self.policy {
            q.push(("iceTransportPolicy", policy_name(p)));
        }
        q
    }

    /// `<base>/ice?service=turn&username=<peer>&namespace=..&gateway=..&listener=..&iceTransportPolicy=..`
    pub fn ice_url(&self, peer_id: &str) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        let params = self.query_without_username();
        q.append_pair("service", "turn");
        q.append_pair("username", peer_id);
        for (k, v) in params.into_iter().skip(1) {
            q.append_pair(k, v);
        }
        format!("{}/ice?{}", self.base_url, q.finish())
    }

    /// Asks the auth service; the error says what failed, without the answer's
    /// credentials.
    async fn fetch(&self, peer_id: &str) -> Result<IceConfiguration, String> {
        let url = self.ice_url(peer_id);
        let request = Request::get(url.as_str())
            .header(header::ACCEPT, "application/json")
            .body(Empty::<Bytes>::new())
            .map_err(|e| format!("bad request URL: {e}"))?;
        let exchange = async {
            let response = http_client().request(request).await.map_err(|e| {
                if e.is_connect() {
                    format!("unreachable ({})", error_chain(&e))
                } else {
                    format!("request failed ({})", error_chain(&e))
                }
            })?;
            let status = response.status();
            let body = Limited::new(response.into_body(), STUNNER_AUTH_MAX_BODY)
                .collect()
                .await
                .map_err(|e| format!("answer unreadable ({e})"))?
                .to_bytes();
            if !status.is_success() {
                let text = String::from_utf8_lossy(&body);
                let text: String = text.trim().chars().take(200).collect();
                return Err(format!(
                    "answered HTTP status {}: {text:?}",
                    status.as_u16()
                ));
            }
            serde_json::from_slice::<IceConfiguration>(&body)
                .map_err(|e| format!("answered bad JSON, not an ICE configuration ({e})"))
        };
        match tokio::time::timeout(STUNNER_AUTH_TIMEOUT, exchange).await {
            Ok(result) => result,
            Err(_) => Err(format!(
                "timeout: no answer within {} s",
                STUNNER_AUTH_TIMEOUT.as_secs()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use serde_json::json;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        ice: IceArgs,
    }

    fn resolve(args: &[&str]) -> Result<IceSettings, String> {
        let cli = Cli::try_parse_from(std::iter::once("stunroom").chain(args.iter().copied()))
            .map_err(|e| e.to_string())?;
        cli.ice.resolve()
    }

    #[tokio::test]
    async fn none_mode_has_no_servers() {
        let c = configuration(&IceSettings::None, "p", None).await.unwrap();
        assert_eq!(
            serde_json::to_value(c).unwrap(),
            json!({"iceServers":[],"iceTransportPolicy":"all"})
        );
    }

    /// RFC 2202 test case 2 and the well-known "quick brown fox" vector.
    #[test]
    fn hmac_sha1_known_vectors() {
        // hex effcdf6ae5eb2fa2d27416d5f184df9c259a7c79
        assert_eq!(
            hmac_sha1_base64(b"Jefe", b"what do ya want for nothing?"),
            "7/zfauXrL6LSdBbV8YTfnCWafHk="
        );
        // hex de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9
        assert_eq!(
            hmac_sha1_base64(b"key", b"The quick brown fox jumps over the lazy dog"),
            "3nybhbi3iqa8ino29wqQcBydtNk="
        );
    }

    #[test]
    fn ephemeral_credential_with_fixed_time() {
        let s = ephemeral_credential(b"my-secret", "peer-1", 1_700_000_000, 86400);
        assert_eq!(s.username.as_deref(), Some("1700086400:peer-1"));
        assert_eq!(
            s.credential.as_deref(),
            Some(hmac_sha1_base64(b"my-secret", b"1700086400:peer-1").as_str())
        );
        // No overflow near the end of time.
        let s = ephemeral_credential(b"k", "p", u64::MAX - 1, 10);
        assert_eq!(s.username.as_deref(), Some(&*format!("{}:p", u64::MAX)));
    }

    /// The same credential from an independent implementation: the openssl CLI
    /// (`openssl dgst -sha1 -hmac <secret> -binary | base64`).
    #[test]
    fn ephemeral_credential_matches_openssl() {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let cases = [
            ("s3cr3t", "peer-1", 1_700_000_000u64, 86400u64),
            ("another secret with spaces", "Zm9v:bar", 1_234_567_890, 60),
            ("k", "", 0, 1),
        ];
        for (secret, peer, now, ttl) in cases {
            let ours = ephemeral_credential(secret.as_bytes(), peer, now, ttl);
            let username = ours.username.clone().unwrap();
            let run = |program: &str, args: &[&str], input: &[u8]| -> Vec<u8> {
                let mut child = Command::new(program)
                    .args(args)
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap_or_else(|e| {
                        panic!("cannot run `{program}` ({e}): install Debian's openssl/coreutils")
                    });
                child.stdin.take().unwrap().write_all(input).unwrap();
                let out = child.wait_with_output().unwrap();
                assert!(out.status.success(), "{program} {args:?} failed: {out:?}");
                out.stdout
            };
            let mac = run(
                "openssl",
                &["dgst", "-sha1", "-hmac", secret, "-binary"],
                username.as_bytes(),
            );
            assert_eq!(mac.len(), 20, "openssl printed {mac:?}");
            let b64 = run("base64", &[], &mac);
            let theirs = String::from_utf8(b64).unwrap().trim().to_owned();
            assert_eq!(
                ours.credential.as_deref(),
                Some(theirs.as_str()),
                "{username}"
            );
        }
    }

    #[test]
    fn turn_url_checks() {
        for ok in [
            "turn:1.2.3.4:3478?transport=udp",
            "turn:1.2.3.4:3478?transport=tcp",
            "turns:turn.example.com:443?transport=tcp",
            "turn:[::1]:3478",
            "turn:host",
        ] {
            assert_eq!(check_turn_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "stun:1.2.3.4:3478",
            "http://1.2.3.4",
            "turn:",
            "turn::3478",
            "turn:h:0",
            "turn:h:x",
            "turn:h:3478?transport=sctp",
            "turn:[::1",
            "turn:u@h:1",
        ] {
            assert!(check_turn_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn modes_resolve_with_defaults() {
        assert!(matches!(resolve(&[]).unwrap(), IceSettings::None));
        let s = resolve(&[
            "--ice-mode=static",
            "--turn-urls",
            "turn:a:3478?transport=udp, turn:a:3478?transport=tcp",
            "--turn-username=u",
            "--turn-password=p",
        ])
        .unwrap();
        let IceSettings::Static { urls, policy, .. } = &s else {
            panic!("{s:?}")
        };
        assert_eq!(urls.len(), 2);
        assert_eq!(*policy, IceTransportPolicy::Relay);
        let s = resolve(&[
            "--ice-mode=ephemeral",
            "--turn-urls=turn:a:1",
            "--turn-secret=S",
            "--ice-transport-policy=all",
        ])
        .unwrap();
        let IceSettings::Ephemeral { ttl, policy, .. } = &s else {
            panic!("{s:?}")
        };
        assert_eq!((*ttl, *policy), (86400, IceTransportPolicy::All));
        let s = resolve(&["--ice-mode=stunner-auth", "--stunner-listener=l"]).unwrap();
        let IceSettings::StunnerAuth(a) = &s else {
            panic!("{s:?}")
        };
        assert_eq!(
            a.ice_url("p 1"),
            "http://stunner-auth.stunner-system:8088/ice?service=turn&username=p+1&listener=l"
        );
        assert_eq!(a.policy, None);
    }

    #[test]
    fn missing_or_bad_settings_name_the_flag_and_hide_secrets() {
        let cases: [(&[&str], &str); 9] = [
            (
                &[
                    "--ice-mode=static",
                    "--turn-username=u",
                    "--turn-password=pw-XYZ",
                ],
                "STUNROOM_TURN_URLS",
            ),
            (
                &[
                    "--ice-mode=static",
                    "--turn-urls=turn:h:1",
                    "--turn-password=pw-XYZ",
                ],
                "STUNROOM_TURN_USERNAME",
            ),
            (
                &[
                    "--ice-mode=static",
                    "--turn-urls=turn:h:1",
                    "--turn-username=u",
                ],
                "STUNROOM_TURN_PASSWORD",
            ),
            (
                &["--ice-mode=ephemeral", "--turn-urls=turn:h:1"],
                "STUNROOM_TURN_SECRET",
            ),
            (
                &["--ice-mode=ephemeral", "--turn-secret=sec-XYZ"],
                "STUNROOM_TURN_URLS",
            ),
            (
                &[
                    "--ice-mode=ephemeral",
                    "--turn-urls=stun:h:1",
                    "--turn-secret=sec-XYZ",
                ],
                "STUNROOM_TURN_URLS",
            ),
            (
                &[
                    "--ice-mode=ephemeral",
                    "--turn-urls=turn:h:1",
                    "--turn-secret=sec-XYZ",
                    "--turn-ttl=0",
                ],
                "STUNROOM_TURN_TTL",
            ),
            (
                &["--ice-mode=stunner-auth", "--stunner-auth-url=https://a:1"],
                "STUNROOM_STUNNER_AUTH_URL",
            ),
            (
                &["--ice-transport-policy=relay"],
                "STUNROOM_ICE_TRANSPORT_POLICY",
            ),
        ];
        for (args, names) in cases {
            let e = resolve(args).unwrap_err();
            assert!(e.contains(names), "{args:?}: {e}");
            assert!(!e.contains("XYZ"), "{args:?} leaks a secret: {e}");
        }
        let e = resolve(&["--ice-mode=sometimes"]).unwrap_err();
        assert!(e.contains("--ice-mode"), "{e}");
    }

    #[test]
    fn printing_the_settings_redacts_secrets() {
        for args in [
            &[
                "--ice-mode=static",
                "--turn-urls=turn:h:1",
                "--turn-username=u",
                "--turn-password=pw-XYZ",
            ][..],
            &[
                "--ice-mode=ephemeral",
                "--turn-urls=turn:h:1",
                "--turn-secret=sec-XYZ",
            ][..],
        ] {
            let s = resolve(args).unwrap();
            for text in [format!("{s}"), format!("{s:?}")] {
                assert!(!text.contains("XYZ"), "{text}");
                assert!(text.contains("<redacted>"), "{text}");
            }
        }
    }

    #[tokio::test]
    async fn ephemeral_answer_shape() {
        let s = resolve(&[
            "--ice-mode=ephemeral",
            "--turn-urls=turn:h:1?transport=udp",
            "--turn-secret=S",
            "--turn-ttl=60",
        ])
        .unwrap();
        let before = unix_now();
        let c = configuration(&s, "me", Some("room")).await.unwrap();
        let server = &c.ice_servers[0];
        assert_eq!(server.urls, vec!["turn:h:1?transport=udp".to_string()]);
        let username = server.username.clone().unwrap();
        let (expiry, peer) = username.split_once(':').unwrap();
        let expiry: u64 = expiry.parse().unwrap();
        assert!(
            expiry >= before + 60 && expiry <= unix_now() + 60,
            "{username}"
        );
        assert_eq!(peer, "me");
        assert_eq!(
            server.credential.as_deref(),
            Some(hmac_sha1_base64(b"S", username.as_bytes()).as_str())
        );
        assert_eq!(c.ice_transport_policy, IceTransportPolicy::Relay);
        let long = "x".repeat(600);
        let e = configuration(&s, &long, None).await.unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }
}
