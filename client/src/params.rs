//! Page URL parameters (`?roomId=…&displayName=…&peerId=…`), validated.
//! Pure: the browser layer reads the raw values, this module decides.

/// What the page needs to join a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinParams {
    pub room_id: String,
    /// True when the room id was made up here and must be written back to the URL.
    pub room_id_generated: bool,
    pub peer_id: String,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error("URL parameter `{name}` is invalid: {why}")]
    Invalid { name: &'static str, why: String },
}

const MAX_ID_LEN: usize = 64;
const MAX_NAME_LEN: usize = 40;

/// Raw values as found in the URL; `random` supplies fresh ids (8 alphanumerics each call).
pub fn resolve(
    room_id: Option<String>,
    peer_id: Option<String>,
    display_name: Option<String>,
    mut random: impl FnMut() -> String,
) -> Result<JoinParams, ParamError> {
    let (room_id, room_id_generated) = match room_id.filter(|r| !r.is_empty()) {
        Some(r) => (check_id("roomId", r)?, false),
        None => (random(), true),
    };
    let peer_id = match peer_id.filter(|p| !p.is_empty()) {
        Some(p) => check_id("peerId", p)?,
        None => random(),
    };
    let display_name = match display_name.map(|n| n.trim().to_owned()) {
        Some(n) if !n.is_empty() => {
            if n.chars().count() > MAX_NAME_LEN {
                return Err(ParamError::Invalid {
                    name: "displayName",
                    why: format!("longer than {MAX_NAME_LEN} characters"),
                });
            }
            n
        }
        _ => format!("Guest {}", &peer_id[..peer_id.len().min(4)]),
    };
    Ok(JoinParams {
        room_id,
        room_id_generated,
        peer_id,
        display_name,
    })
}

fn check_id(name: &'static str, value: String) -> Result<String, ParamError> {
    if value.len() > MAX_ID_LEN {
        return Err(ParamError::Invalid {
            name,
            why: format!("longer than {MAX_ID_LEN} characters"),
        });
    }
    if let Some(bad) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_' || *c == '.'))
    {
        return Err(ParamError::Invalid {
            name,
            why: format!("character {bad:?} is not allowed (use letters, digits, '-', '_', '.')"),
        });
    }
    Ok(value)
}

/// Where to open the signaling WebSocket.
///
/// `signalingUrl=ws[s]://host[:port]` (any path is kept) points the page at
/// another server, e.g. a mediasoup-demo server (`wss://host:4443`) or, during
/// `trunk serve`, the stunroom server on :8080 (trunk's proxy drops the
/// `protoo` subprotocol answer, which browsers require). Without it the page's
/// own server is used, at `/ws`.
pub fn signaling_url(
    param: Option<String>,
    page_is_secure: bool,
    page_host: &str,
    room_id: &str,
    peer_id: &str,
) -> Result<String, ParamError> {
    let query = format!("?roomId={room_id}&peerId={peer_id}");
    match param.filter(|p| !p.is_empty()) {
        None => {
            let scheme = if page_is_secure { "wss" } else { "ws" };
            Ok(format!("{scheme}://{page_host}/ws{query}"))
        }
        Some(base) => {
            let rest = base
                .strip_prefix("ws://")
                .or_else(|| base.strip_prefix("wss://"))
                .ok_or_else(|| ParamError::Invalid {
                    name: "signalingUrl",
                    why: format!("{base:?} must start with ws:// or wss://"),
                })?;
            if rest.is_empty() || rest.contains(['?', '#', ' ']) {
                return Err(ParamError::Invalid {
                    name: "signalingUrl",
                    why: format!("{base:?} is not a ws:// or wss:// server address"),
                });
            }
            let base = base.trim_end_matches('/');
            Ok(format!("{base}/{query}"))
        }
    }
}

/// Turns random 32-bit words into an id of lowercase letters and digits.
pub fn id_from_words(words: &[u32]) -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    words
        .iter()
        .map(|w| ALPHABET[(*w as usize) % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("rand{n}")
        }
    }

    #[test]
    fn uses_given_values() {
        let p = resolve(
            Some("demo".into()),
            Some("p-1".into()),
            Some(" Alice ".into()),
            fixed(),
        )
        .unwrap();
        assert_eq!(
            p,
            JoinParams {
                room_id: "demo".into(),
                room_id_generated: false,
                peer_id: "p-1".into(),
                display_name: "Alice".into()
            }
        );
    }

    #[test]
    fn makes_up_missing_ids_and_name() {
        let p = resolve(None, Some(String::new()), None, fixed()).unwrap();
        assert_eq!(p.room_id, "rand1");
        assert!(p.room_id_generated);
        assert_eq!(p.peer_id, "rand2");
        assert_eq!(p.display_name, "Guest rand");
    }

    #[test]
    fn names_the_bad_parameter() {
        let e = resolve(Some("a b".into()), None, None, fixed()).unwrap_err();
        assert!(e.to_string().contains("`roomId`"), "{e}");
        let e = resolve(None, Some("x".repeat(65)), None, fixed()).unwrap_err();
        assert!(e.to_string().contains("`peerId`"), "{e}");
        let e = resolve(None, None, Some("n".repeat(41)), fixed()).unwrap_err();
        assert!(e.to_string().contains("`displayName`"), "{e}");
    }

    #[test]
    fn signaling_defaults_to_the_page_server() {
        assert_eq!(
            signaling_url(None, true, "example.org", "r", "p").unwrap(),
            "wss://example.org/ws?roomId=r&peerId=p"
        );
        assert_eq!(
            signaling_url(Some(String::new()), false, "localhost:8080", "r", "p").unwrap(),
            "ws://localhost:8080/ws?roomId=r&peerId=p"
        );
    }

    #[test]
    fn signaling_url_parameter_points_elsewhere() {
        assert_eq!(
            signaling_url(Some("wss://demo.example:4443/".into()), true, "x", "r", "p").unwrap(),
            "wss://demo.example:4443/?roomId=r&peerId=p"
        );
        for bad in ["http://h:1", "ws://", "ws://h?x=1"] {
            let e = signaling_url(Some(bad.into()), false, "x", "r", "p").unwrap_err();
            assert!(e.to_string().contains("`signalingUrl`"), "{bad}: {e}");
        }
    }

    #[test]
    fn ids_use_an_unambiguous_alphabet() {
        assert_eq!(id_from_words(&[0, 1, 31, 32]), "ab9a");
    }
}
