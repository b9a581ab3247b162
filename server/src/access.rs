//! Room access, optional per deployment (off by default, so the seed's demo
//! links work unchanged):
//!
//! - **room tokens**: with `--token-secret`, every WebSocket (`?token=`),
//!   `/api/ice` (`?token=`) and Broadcaster API call (`Authorization: Bearer`)
//!   needs an HS256 JWT signed with that secret whose claims allow it:
//!   `room` (a room id, or `*`), `sub` (a peer id; absent: any), `perm`
//!   (`join` for the WebSocket and `/api/ice`, `broadcast` for the REST API)
//!   and `exp` (seconds since the epoch). `stunroom token` mints one;
//! - **an `Origin` allow-list**: with `--allowed-origins`, a WebSocket whose
//!   `Origin` header is not listed is refused (403).
//!
//! A missing, malformed, badly signed or expired token is a 401; a valid one
//! that does not allow this room, peer or action a 403. The reason says which.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, StatusCode};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use stunroom_shared::ids::{PeerId, RoomId};

use crate::error::ApiError;

/// Shortest secret accepted: HS256 with a guessable key is no protection.
const MIN_SECRET_BYTES: usize = 32;

/// The access flags.
#[derive(Debug, Clone, clap::Args)]
pub struct AccessArgs {
    /// Secret (at least 32 bytes) for HS256 room tokens; set, every WebSocket,
    /// /api/ice and Broadcaster API call needs a token (`stunroom token`).
    #[arg(long, env = "STUNROOM_TOKEN_SECRET", hide_env_values = true)]
    pub token_secret: Option<String>,
    /// Comma-separated `Origin`s allowed to open the WebSocket (e.g.
    /// `https://rooms.example.com`); unset: any.
    #[arg(long, env = "STUNROOM_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,
}

/// What a token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Permission {
    /// The WebSocket (join a room) and `/api/ice`.
    Join,
    /// The Broadcaster REST API.
    Broadcast,
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Permission::Join => "join",
            Permission::Broadcast => "broadcast",
        })
    }
}

/// A room token's claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// A room id, or `*` for every room.
    pub room: String,
    /// The peer (or broadcaster) id it is for; absent: any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    pub perm: Vec<Permission>,
    /// Expiry, seconds since the Unix epoch.
    pub exp: u64,
}

/// The access rules in force.
#[derive(Clone)]
pub struct Access {
    key: Option<DecodingKey>,
    origins: Vec<String>,
}

impl std::fmt::Debug for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Access")
            .field("tokens", &self.key.is_some())
            .field("origins", &self.origins)
            .finish()
    }
}

/// Checks a secret's length (the flag's error names it).
pub fn check_secret(secret: &str) -> Result<(), String> {
    if secret.len() < MIN_SECRET_BYTES {
        return Err(format!(
            "invalid --token-secret: {} bytes, at least {MIN_SECRET_BYTES} needed",
            secret.len()
        ));
    }
    Ok(())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Signs a token (the `stunroom token` command).
pub fn mint(secret: &str, claims: &Claims) -> Result<String, String> {
    check_secret(secret)?;
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .map_err(|e| format!("cannot sign the token: {e}"))
}

impl Access {
    pub fn new(args: &AccessArgs) -> Result<Access, String> {
        let key = match args.token_secret.as_deref().filter(|s| !s.is_empty()) {
            Some(secret) => {
                check_secret(secret)?;
                Some(DecodingKey::from_secret(secret.as_bytes()))
            }
            None => None,
        };
        let mut origins = Vec::new();
        for origin in args
            .allowed_origins
            .iter()
            .map(|o| o.trim())
            .filter(|o| !o.is_empty())
        {
            let origin = origin.trim_end_matches('/');
            let host = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            let ok = host.is_some_and(|h| !h.is_empty() && !h.contains(['/', '?', '#', ' ']));
            if !ok {
                return Err(format!(
                    "invalid --allowed-origins entry {origin:?}: an origin is scheme://host[:port]"
                ));
            }
            origins.push(origin.to_ascii_lowercase());
        }
        Ok(Access { key, origins })
    }

    /// Whether tokens are required.
    pub fn tokens_required(&self) -> bool {
        self.key.is_some()
    }

    /// The WebSocket's `Origin` against the allow-list.
    pub fn check_origin(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        if self.origins.is_empty() {
            return Ok(());
        }
        let origin = headers
            .get("origin")
            .and_then(|v| v.to_str().ok())
            .map(|o| o.trim_end_matches('/').to_ascii_lowercase());
        match origin {
            Some(o) if self.origins.contains(&o) => Ok(()),
            Some(o) => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                format!("origin {o:?} is not allowed to open a room connection"),
            )),
            None => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "no Origin header: this server only accepts connections from its allowed origins",
            )),
        }
    }

    /// Checks that `token` allows `perm` in `room` (as `peer`, if given).
    pub fn check(
        &self,
        token: Option<&str>,
        room: &RoomId,
        peer: Option<&PeerId>,
        perm: Permission,
    ) -> Result<(), ApiError> {
        let Some(key) = &self.key else {
            return Ok(());
        };
        let unauthorized = |why: String| ApiError::new(StatusCode::UNAUTHORIZED, why);
        let forbidden = |why: String| ApiError::new(StatusCode::FORBIDDEN, why);
        let token = token
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                unauthorized(
                    "a room token is required (token parameter or Authorization: Bearer)".into(),
                )
            })?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp"]);
        let claims = decode::<Claims>(token, key, &validation)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                    unauthorized("the room token has expired".into())
                }
                jsonwebtoken::errors::ErrorKind::InvalidSignature => {
                    unauthorized("the room token's signature is not valid".into())
                }
                _ => unauthorized(format!("the room token is not valid: {e}")),
            })?
            .claims;
        // jsonwebtoken checks exp with the leeway; say it plainly at the edge.
        if claims.exp <= now() {
            return Err(unauthorized("the room token has expired".into()));
        }
        if claims.room != "*" && claims.room != room.as_str() {
            return Err(forbidden(format!(
                "the room token is for room {:?}, not {:?}",
                claims.room,
                room.as_str()
            )));
        }
        if let (Some(sub), Some(peer)) = (&claims.sub, peer) {
            if sub != peer.as_str() {
                return Err(forbidden(format!(
                    "the room token is for peer {sub:?}, not {:?}",
                    peer.as_str()
                )));
            }
        }
        if !claims.perm.contains(&perm) {
            return Err(forbidden(format!("the room token does not allow {perm}")));
        }
        Ok(())
    }
}

/// `stunroom token`: mints a room token with the server's secret.
#[derive(Debug, clap::Parser)]
#[command(
    name = "stunroom token",
    about = "Mint a room token (HS256 JWT) for a server run with --token-secret"
)]
pub struct TokenCli {
    /// The room it admits to (`*`: every room).
    #[arg(long)]
    pub room: String,
    /// The peer (or broadcaster) id it is for; unset: any.
    #[arg(long)]
    pub peer: Option<String>,
    /// What it allows (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "join")]
    pub perm: Vec<Permission>,
    /// Seconds until it expires.
    #[arg(long, default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=31_536_000))]
    pub ttl: u64,
    /// The server's secret.
    #[arg(long, env = "STUNROOM_TOKEN_SECRET", hide_env_values = true)]
    pub token_secret: String,
}

/// Runs `stunroom token ARGS`; prints the token on stdout.
pub fn token_command(args: &[String]) -> std::process::ExitCode {
    use clap::Parser;
    let cli = match TokenCli::try_parse_from(
        std::iter::once("stunroom token".to_owned()).chain(args.iter().cloned()),
    ) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    if cli.room != "*" {
        if let Err(e) = RoomId::parse(&cli.room) {
            eprintln!("stunroom token: invalid --room: {e}");
            return std::process::ExitCode::from(2);
        }
    }
    if let Some(peer) = &cli.peer {
        if let Err(e) = PeerId::parse(peer) {
            eprintln!("stunroom token: invalid --peer: {e}");
            return std::process::ExitCode::from(2);
        }
    }
    let claims = Claims {
        room: cli.room,
        sub: cli.peer,
        perm: cli.perm,
        exp: now() + cli.ttl,
    };
    match mint(&cli.token_secret, &claims) {
        Ok(token) => {
            println!("{token}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("stunroom token: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "0123456789abcdef0123456789abcdef";

    fn access() -> Access {
        Access::new(&AccessArgs {
            token_secret: Some(SECRET.into()),
            allowed_origins: vec!["https://rooms.example.com".into()],
        })
        .unwrap()
    }

    fn token(room: &str, sub: Option<&str>, perm: &[Permission], exp: u64) -> String {
        mint(
            SECRET,
            &Claims {
                room: room.into(),
                sub: sub.map(Into::into),
                perm: perm.to_vec(),
                exp,
            },
        )
        .unwrap()
    }

    #[test]
    fn tokens_admit_what_their_claims_say() {
        let a = access();
        let room = RoomId::parse("r1").unwrap();
        let peer = PeerId::parse("alice").unwrap();
        let later = now() + 600;
        let check = |t: Option<&str>, perm| {
            a.check(t, &room, Some(&peer), perm)
                .map_err(|e| (e.status.as_u16(), e.reason))
        };
        assert!(check(
            Some(&token("r1", Some("alice"), &[Permission::Join], later)),
            Permission::Join
        )
        .is_ok());
        assert!(check(
            Some(&token("*", None, &[Permission::Join], later)),
            Permission::Join
        )
        .is_ok());
        let (code, why) = check(None, Permission::Join).unwrap_err();
        assert_eq!(code, 401, "{why}");
        let (code, why) = check(
            Some(&token("r1", None, &[Permission::Join], now() - 1)),
            Permission::Join,
        )
        .unwrap_err();
        assert_eq!((code, why.as_str()), (401, "the room token has expired"));
        let (code, why) = check(
            Some(&token("r2", None, &[Permission::Join], later)),
            Permission::Join,
        )
        .unwrap_err();
        assert_eq!(code, 403);
        assert!(why.contains("r2"), "{why}");
        let (code, why) = check(
            Some(&token("r1", Some("bob"), &[Permission::Join], later)),
            Permission::Join,
        )
        .unwrap_err();
        assert_eq!(code, 403);
        assert!(why.contains("bob"), "{why}");
        let (code, why) = check(
            Some(&token("r1", None, &[Permission::Join], later)),
            Permission::Broadcast,
        )
        .unwrap_err();
        assert_eq!(
            (code, why.as_str()),
            (403, "the room token does not allow broadcast")
        );
        let other = mint(
            "another secret that is long enough!!",
            &Claims {
                room: "r1".into(),
                sub: None,
                perm: vec![Permission::Join],
                exp: later,
            },
        )
        .unwrap();
        let (code, why) = check(Some(&other), Permission::Join).unwrap_err();
        assert_eq!(code, 401);
        assert!(why.contains("signature"), "{why}");
        assert_eq!(
            check(Some("not.a.jwt"), Permission::Join).unwrap_err().0,
            401
        );
    }

    #[test]
    fn origins_and_secrets_are_checked() {
        let a = access();
        let mut h = HeaderMap::new();
        assert_eq!(
            a.check_origin(&h).unwrap_err().status,
            StatusCode::FORBIDDEN
        );
        h.insert("origin", "https://Rooms.example.com".parse().unwrap());
        assert!(a.check_origin(&h).is_ok());
        h.insert("origin", "https://evil.example".parse().unwrap());
        assert!(a
            .check_origin(&h)
            .unwrap_err()
            .reason
            .contains("evil.example"));
        let short = AccessArgs {
            token_secret: Some("short".into()),
            allowed_origins: vec![],
        };
        assert!(Access::new(&short).unwrap_err().contains("--token-secret"));
        let bad = AccessArgs {
            token_secret: None,
            allowed_origins: vec!["rooms.example.com".into()],
        };
        assert!(Access::new(&bad).unwrap_err().contains("--allowed-origins"));
        let open = Access::new(&AccessArgs {
            token_secret: None,
            allowed_origins: vec![],
        })
        .unwrap();
        assert!(open
            .check(
                None,
                &RoomId::parse("r").unwrap(),
                None,
                Permission::Broadcast
            )
            .is_ok());
        assert!(open.check_origin(&HeaderMap::new()).is_ok());
    }
}
