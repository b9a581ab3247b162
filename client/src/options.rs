//! mediasoup-demo's room options from the page URL, with the demo's names
//! and meaning, parsed in this one place. Pure: the browser layer hands in a
//! lookup of the query string, this module decides.
//!
//! | parameter     | default | `false` / `true` means                                   |
//! |---------------|---------|-----------------------------------------------------------|
//! | `produce`     | true    | `false`: receive only (no capture, no send transport)     |
//! | `consume`     | true    | `false`: send only (no receive transport, joins without RTP capabilities) |
//! | `mic`         | true    | `false`: join with the microphone off                     |
//! | `webcam`      | true    | `false`: join with the camera off                         |
//! | `datachannel` | true    | `false`: no SCTP data channels (no chat)                  |
//! | `forceTcp`    | false   | `true`: the server's transports offer TCP only            |
//!
//! The demo compares with the strings `'true'` / `'false'` (`=== 'true'`,
//! `!== 'false'`); so do we, except that anything else is an error here
//! rather than a silent default. An empty value (`?produce=`) counts as not
//! given.

use crate::params::ParamError;

/// The options, decided once at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoomOptions {
    /// Send our microphone and camera (`produce`).
    pub produce: bool,
    /// Receive the others' media and chat (`consume`).
    pub consume: bool,
    /// Start with the microphone on (`mic`).
    pub mic: bool,
    /// Start with the camera on (`webcam`).
    pub webcam: bool,
    /// Use SCTP data channels, i.e. chat (`datachannel`).
    pub datachannel: bool,
    /// Ask the server for TCP-only transports (`forceTcp`).
    pub force_tcp: bool,
}

impl Default for RoomOptions {
    fn default() -> Self {
        Self {
            produce: true,
            consume: true,
            mic: true,
            webcam: true,
            datachannel: true,
            force_tcp: false,
        }
    }
}

impl RoomOptions {
    /// Reads the options with `get` (the URL query's value of a parameter).
    pub fn from_url_params(get: impl Fn(&str) -> Option<String>) -> Result<Self, ParamError> {
        let d = Self::default();
        let flag = |name: &'static str, default: bool| flag(name, get(name), default);
        Ok(Self {
            produce: flag("produce", d.produce)?,
            consume: flag("consume", d.consume)?,
            mic: flag("mic", d.mic)?,
            webcam: flag("webcam", d.webcam)?,
            datachannel: flag("datachannel", d.datachannel)?,
            force_tcp: flag("forceTcp", d.force_tcp)?,
        })
    }

    /// We capture and send the microphone at start-up.
    pub fn start_mic(&self) -> bool {
        self.produce && self.mic
    }

    /// We capture and send the camera at start-up.
    pub fn start_webcam(&self) -> bool {
        self.produce && self.webcam
    }

    /// Our own chat messages can go out (a data producer on the send transport).
    pub fn can_send_chat(&self) -> bool {
        self.produce && self.datachannel
    }

    /// Others' chat messages can come in (data consumers on the receive transport).
    pub fn can_receive_chat(&self) -> bool {
        self.consume && self.datachannel
    }
}

fn flag(name: &'static str, value: Option<String>, default: bool) -> Result<bool, ParamError> {
    match value.as_deref() {
        None | Some("") => Ok(default),
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(other) => Err(ParamError::Invalid {
            name,
            why: format!("expected true or false, got {other:?}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &[(&str, &str)]) -> Result<RoomOptions, ParamError> {
        RoomOptions::from_url_params(|name| {
            query
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn defaults_match_mediasoup_demo() {
        let o = parse(&[]).unwrap();
        assert_eq!(o, RoomOptions::default());
        assert!(o.produce && o.consume && o.mic && o.webcam && o.datachannel);
        assert!(!o.force_tcp);
        // An empty value is no value.
        assert_eq!(
            parse(&[("produce", ""), ("forceTcp", "")]).unwrap(),
            RoomOptions::default()
        );
    }

    #[test]
    fn each_option_has_its_own_name() {
        let all_flipped = parse(&[
            ("produce", "false"),
            ("consume", "false"),
            ("mic", "false"),
            ("webcam", "false"),
            ("datachannel", "false"),
            ("forceTcp", "true"),
        ])
        .unwrap();
        assert_eq!(
            all_flipped,
            RoomOptions {
                produce: false,
                consume: false,
                mic: false,
                webcam: false,
                datachannel: false,
                force_tcp: true,
            }
        );
        let d = RoomOptions::default();
        for (query, expected) in [
            (
                ("produce", "false"),
                RoomOptions {
                    produce: false,
                    ..d
                },
            ),
            (
                ("consume", "false"),
                RoomOptions {
                    consume: false,
                    ..d
                },
            ),
            (("mic", "false"), RoomOptions { mic: false, ..d }),
            (("webcam", "false"), RoomOptions { webcam: false, ..d }),
            (
                ("datachannel", "false"),
                RoomOptions {
                    datachannel: false,
                    ..d
                },
            ),
            (
                ("forceTcp", "true"),
                RoomOptions {
                    force_tcp: true,
                    ..d
                },
            ),
        ] {
            assert_eq!(parse(&[query]).unwrap(), expected, "{query:?}");
        }
        // The explicit default is accepted too.
        assert_eq!(
            parse(&[("produce", "true"), ("forceTcp", "false")]).unwrap(),
            RoomOptions::default()
        );
    }

    #[test]
    fn a_bad_value_names_the_parameter_and_the_value() {
        for name in [
            "produce",
            "consume",
            "mic",
            "webcam",
            "datachannel",
            "forceTcp",
        ] {
            for bad in ["maybe", "1", "0", "yes", "TRUE", "False", " true"] {
                let e = parse(&[(name, bad)]).unwrap_err();
                assert_eq!(
                    e.to_string(),
                    format!(
                        "URL parameter `{name}` is invalid: expected true or false, got {bad:?}"
                    ),
                );
            }
        }
    }

    #[test]
    fn derived_start_up_choices() {
        let o = |q: &[(&str, &str)]| parse(q).unwrap();
        assert!(o(&[]).start_mic() && o(&[]).start_webcam());
        // Receive-only captures nothing, whatever mic/webcam say.
        let recv_only = o(&[("produce", "false"), ("mic", "true")]);
        assert!(!recv_only.start_mic() && !recv_only.start_webcam());
        assert!(!recv_only.can_send_chat() && recv_only.can_receive_chat());
        let send_only = o(&[("consume", "false")]);
        assert!(send_only.can_send_chat() && !send_only.can_receive_chat());
        let no_dc = o(&[("datachannel", "false")]);
        assert!(!no_dc.can_send_chat() && !no_dc.can_receive_chat());
        let muted = o(&[("mic", "false")]);
        assert!(!muted.start_mic() && muted.start_webcam());
    }
}
