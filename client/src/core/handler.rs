//! Which of mediasoup-client's browser handlers the core imitates, and what
//! each does differently from Chrome111 (mediasoup-client 3.24.1:
//! `handlers/Chrome111`, `Firefox120`, `Safari12`; `Device.detectDevice`).
//!
//! | | Chrome111 | Firefox120 | Safari12 |
//! |---|---|---|---|
//! | NACK added to Opus capabilities | yes | no | yes |
//! | local DTLS role | opposite of a non-`auto` server role, else client | always client | as Chrome111 |
//! | simulcast `sendEncodings` | rids `r0..`, one `L1T<max>` mode | rids `r0..` only | as given (no rids): legacy SSRC simulcast munged into the offer |
//! | `produce` encodings | from the app (simulcast) | from the app; VP8/H264 get `L1T<n>` | from the offer's SSRCs, completed with the app's; VP8/H264 get `L1T<n>` |
//! | stopping a send | closes the m-line (port 0) and stops the transceiver, first one only disabled | only disables (`a=inactive`), the transceiver stays | as Chrome111 |
//! | closed send m-lines reused | yes | no (never closes any) | yes |

use stunroom_shared::media::{DtlsRole, RtpEncodingParameters};

use super::encodings::parse_scalability_mode;

/// A mediasoup-client handler the core follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Handler {
    /// Chromium-based browsers (and the fallback).
    #[default]
    Chrome111,
    Firefox120,
    /// Desktop Safari and every iOS browser (all WebKit).
    Safari12,
}

/// Where `token` first occurs (case-insensitive, at a word boundary, followed
/// by a word) and that word read like JavaScript's `Number()` of `\w+`
/// (`None` when it is not all digits).
fn version_after(ua: &str, token: &str) -> Option<(usize, Option<u32>)> {
    let lower = ua.to_ascii_lowercase();
    let token = token.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&token) {
        let at = from + pos;
        from = at + token.len();
        let boundary = lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
        if !boundary {
            continue;
        }
        let word: String = ua[from..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if word.is_empty() {
            continue;
        }
        return Some((at, word.parse().ok()));
    }
    None
}

/// Whether `word` occurs in `ua` as a whole word (case-insensitive).
fn has_word(ua: &str, word: &str) -> bool {
    let lower = ua.to_ascii_lowercase();
    let word = word.to_ascii_lowercase();
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    lower.match_indices(&word).any(|(at, _)| {
        !is_word(lower[..at].chars().next_back())
            && !is_word(lower[at + word.len()..].chars().next())
    })
}

impl Handler {
    /// The handler mediasoup-client's `detectDevice` picks for a user agent
    /// string (without `navigator.userAgentData`), or `None` where it
    /// supports none. Chromium before 111 (its Chrome74 handler, not ported)
    /// counts as Chrome111. Headless Chromium says `HeadlessChrome/`, which
    /// mediasoup-client only recognizes through `userAgentData`: `None` here
    /// (callers fall back to the default, Chrome111).
    pub fn detect(user_agent: &str) -> Option<Handler> {
        let ios = ["iPad", "iPhone", "iPod"]
            .iter()
            .any(|d| user_agent.contains(d));
        if !ios {
            // Chrome/NN or Chromium/NN, whichever comes first.
            let chromium = [
                version_after(user_agent, "Chrome/"),
                version_after(user_agent, "Chromium/"),
            ]
            .into_iter()
            .flatten()
            .min_by_key(|(at, _)| *at);
            if let Some((_, version)) = chromium {
                return match version {
                    Some(v) if v >= 74 => Some(Handler::Chrome111),
                    _ => None,
                };
            }
            if let Some((_, version)) = version_after(user_agent, "Firefox/") {
                return version.filter(|v| *v >= 120).map(|_| Handler::Firefox120);
            }
            let safari = has_word(user_agent, "Safari")
                && !has_word(user_agent, "Chrome")
                && !has_word(user_agent, "Chromium")
                && !has_word(user_agent, "Firefox");
            if !safari {
                return None;
            }
        }
        match version_after(user_agent, "AppleWebKit/") {
            Some((_, Some(v))) if v >= 605 => Some(Handler::Safari12),
            _ => None,
        }
    }

    /// mediasoup-client's name for the handler.
    pub fn name(self) -> &'static str {
        match self {
            Handler::Chrome111 => "Chrome111",
            Handler::Firefox120 => "Firefox120",
            Handler::Safari12 => "Safari12",
        }
    }

    /// libwebrtc (Chrome, Safari) does NACK for Opus without announcing it;
    /// Firefox does not.
    pub(crate) fn adds_opus_nack(self) -> bool {
        self != Handler::Firefox120
    }

    /// The browser's DTLS role for a transport whose server side has `server_role`.
    /// Firefox does not respect ICE-lite's roles, so it is always the client.
    pub(crate) fn local_dtls_role(self, server_role: DtlsRole) -> DtlsRole {
        match (self, server_role) {
            (Handler::Firefox120, _) => DtlsRole::Client,
            (_, DtlsRole::Server) => DtlsRole::Client,
            (_, DtlsRole::Client) => DtlsRole::Server,
            (_, DtlsRole::Auto) => DtlsRole::Client,
        }
    }

    /// Whether stopping a send closes its m-line (port 0) so that the
    /// transceiver can be stopped and the m-line reused. Firefox picks the
    /// wrong m-line to reuse at times, so its handler only disables sections.
    pub(crate) fn closes_stopped_sends(self) -> bool {
        self != Handler::Firefox120
    }

    /// Whether the browser gets its simulcast layers from SSRCs munged into
    /// the local offer (Safari12's "legacy simulcast") instead of rids.
    pub(crate) fn legacy_simulcast(self) -> bool {
        self == Handler::Safari12
    }

    /// The app's encodings normalized like mediasoup-client's
    /// `Transport.produce` (`active` defaults to true), then, for simulcast
    /// (more than one): Chrome111 gives them rids `r0..rN` and one
    /// `L1T<max temporal layers>` mode (3 by default); Firefox120 only the
    /// rids; Safari12 nothing. Pass the result to `addTransceiver(...,
    /// {sendEncodings})` and to `SendCore::produce`.
    pub fn prepare_send_encodings(
        self,
        encodings: Vec<RtpEncodingParameters>,
    ) -> Vec<RtpEncodingParameters> {
        let mut out: Vec<RtpEncodingParameters> = encodings
            .into_iter()
            .map(|e| RtpEncodingParameters {
                active: Some(e.active != Some(false)),
                ..e
            })
            .collect();
        if out.len() <= 1 || self == Handler::Safari12 {
            return out;
        }
        let max_temporal = out
            .iter()
            .map(|e| {
                e.scalability_mode
                    .as_deref()
                    .map_or(3, |m| parse_scalability_mode(m).1)
            })
            .max()
            .unwrap_or(1)
            .max(1);
        for (idx, e) in out.iter_mut().enumerate() {
            e.rid = Some(format!("r{idx}"));
            if self == Handler::Chrome111 {
                e.scalability_mode = Some(format!("L1T{max_temporal}"));
            }
        }
        out
    }
}

/// Firefox120 and Safari12, after building a simulcast send's encodings:
/// with VP8 or H264 each gets `L1T<n>` (n: the temporal layers of the first
/// encoding the app gave) if it had a mode, else `L1T3`.
pub(crate) fn set_simulcast_scalability(
    encodings: &mut [RtpEncodingParameters],
    codec_mime_type: &str,
    first_given_mode: Option<&str>,
) {
    let codec = codec_mime_type.to_ascii_lowercase();
    if encodings.len() <= 1 || !(codec == "video/vp8" || codec == "video/h264") {
        return;
    }
    let temporal = first_given_mode.map_or(1, |m| parse_scalability_mode(m).1);
    for e in encodings {
        e.scalability_mode = Some(match e.scalability_mode {
            Some(_) => format!("L1T{temporal}"),
            None => "L1T3".to_owned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_like_mediasoup_client() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", Some(Handler::Chrome111)),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", None),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0", Some(Handler::Firefox120)),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0", None),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", Some(Handler::Safari12)),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0 Mobile/15E148 Safari/604.1", Some(Handler::Safari12)),
            ("curl/8.0", None),
        ];
        for (ua, expected) in cases {
            assert_eq!(Handler::detect(ua), expected, "{ua}");
        }
    }

    #[test]
    fn dtls_roles() {
        assert_eq!(
            Handler::Chrome111.local_dtls_role(DtlsRole::Client),
            DtlsRole::Server
        );
        assert_eq!(
            Handler::Firefox120.local_dtls_role(DtlsRole::Client),
            DtlsRole::Client
        );
        assert_eq!(
            Handler::Safari12.local_dtls_role(DtlsRole::Auto),
            DtlsRole::Client
        );
    }

    #[test]
    fn simulcast_encodings_per_handler() {
        let given = || {
            vec![
                RtpEncodingParameters {
                    scalability_mode: Some("L1T2".into()),
                    ..Default::default()
                },
                RtpEncodingParameters::default(),
            ]
        };
        let chrome = Handler::Chrome111.prepare_send_encodings(given());
        assert_eq!(chrome[1].rid.as_deref(), Some("r1"));
        assert_eq!(chrome[1].scalability_mode.as_deref(), Some("L1T3"));
        let firefox = Handler::Firefox120.prepare_send_encodings(given());
        assert_eq!(firefox[1].rid.as_deref(), Some("r1"));
        assert_eq!(firefox[0].scalability_mode.as_deref(), Some("L1T2"));
        assert_eq!(firefox[1].scalability_mode, None);
        let safari = Handler::Safari12.prepare_send_encodings(given());
        assert_eq!(
            (safari[0].rid.clone(), safari[1].active),
            (None, Some(true))
        );

        let mut e = firefox;
        set_simulcast_scalability(&mut e, "video/VP8", Some("L1T2"));
        assert_eq!(e[0].scalability_mode.as_deref(), Some("L1T2"));
        assert_eq!(e[1].scalability_mode.as_deref(), Some("L1T3"));
        let mut vp9 = Handler::Firefox120.prepare_send_encodings(given());
        set_simulcast_scalability(&mut vp9, "video/VP9", Some("L1T2"));
        assert_eq!(vp9[1].scalability_mode, None);
    }
}
