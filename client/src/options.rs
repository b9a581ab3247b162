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
//! | `forceH264`   | false   | `true`: the camera is sent as H264                        |
//! | `forceVP9`    | false   | `true`: the camera is sent as VP9, with SVC (one encoding) |
//!
//! And two with a value:
//! - `svc=<mode>`: the camera's scalability mode (e.g. `L3T3`, `L3T3_KEY`,
//!   `S3T3`, `L1T3`): VP9's single SVC encoding (default `L3T3_KEY`); with
//!   VP8/H264 simulcast a temporal-only mode (`L1Tn`) goes on each layer and
//!   spatial modes are VP9's only.
//! - `e2eKey=<secret>`: end-to-end encryption of all media with mediasoup-demo's
//!   insertable-streams scheme (at most [`MAX_E2E_KEY_LEN`] characters; not
//!   with `forceH264`, which it would break).
//!
//! The demo compares with the strings `'true'` / `'false'` (`=== 'true'`,
//! `!== 'false'`); so do we, except that anything else is an error here
//! rather than a silent default. An empty value (`?produce=`) counts as not
//! given.

use crate::params::ParamError;

/// The options, decided once at start-up (Copy: the key and the mode are
/// small fixed-size values).
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
    /// Send the camera as H264 (`forceH264`).
    pub force_h264: bool,
    /// Send the camera as VP9 (`forceVP9`).
    pub force_vp9: bool,
    /// The camera's scalability mode (`svc`).
    pub svc: Option<ScalabilityMode>,
    /// End-to-end encryption key (`e2eKey`).
    pub e2e_key: Option<E2eKey>,
}

/// The codec the camera is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForcedCodec {
    H264,
    Vp9,
}

impl ForcedCodec {
    pub fn mime_type(self) -> &'static str {
        match self {
            ForcedCodec::H264 => "video/H264",
            ForcedCodec::Vp9 => "video/VP9",
        }
    }
}

/// A W3C scalability mode as the demo passes it to the browser: `L` or `S`,
/// 1-3 spatial and 1-3 temporal layers, and for several spatial layers an
/// optional `_KEY` (L only) or `h` suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScalabilityMode {
    /// `S` (simulcast-like, independent spatial layers) rather than `L`.
    pub independent: bool,
    pub spatial: u8,
    pub temporal: u8,
    pub suffix: ModeSuffix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeSuffix {
    None,
    /// `_KEY`: spatial layers depend on each other on key frames only (K-SVC).
    Key,
    /// `h`: 1.5:1 instead of 2:1 between spatial layers.
    H,
}

impl ScalabilityMode {
    /// mediasoup-demo's VP9 webcam mode when `svc` is not given.
    pub const VP9_DEFAULT: ScalabilityMode = ScalabilityMode {
        independent: false,
        spatial: 3,
        temporal: 3,
        suffix: ModeSuffix::Key,
    };

    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        let independent = match b.first()? {
            b'L' => false,
            b'S' => true,
            _ => return None,
        };
        let digit = |c: Option<&u8>| c.filter(|c| (b'1'..=b'3').contains(c)).map(|c| c - b'0');
        let spatial = digit(b.get(1))?;
        if b.get(2) != Some(&b'T') {
            return None;
        }
        let temporal = digit(b.get(3))?;
        let suffix = match &s[4..] {
            "" => ModeSuffix::None,
            "_KEY" if !independent && spatial > 1 => ModeSuffix::Key,
            "h" if spatial > 1 => ModeSuffix::H,
            _ => return None,
        };
        Some(Self {
            independent,
            spatial,
            temporal,
            suffix,
        })
    }
}

impl std::fmt::Display for ScalabilityMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let suffix = match self.suffix {
            ModeSuffix::None => "",
            ModeSuffix::Key => "_KEY",
            ModeSuffix::H => "h",
        };
        let kind = if self.independent { 'S' } else { 'L' };
        write!(f, "{kind}{}T{}{suffix}", self.spatial, self.temporal)
    }
}

/// Longest accepted `e2eKey`, in UTF-16 code units (what the demo's
/// `charCodeAt` walks).
pub const MAX_E2E_KEY_LEN: usize = 256;

/// The `e2eKey` as the transform uses it: the low byte of each UTF-16 code
/// unit of the key (mediasoup-demo XORs with `key.charCodeAt(i)` written
/// through `DataView.setInt8`, which keeps the low 8 bits).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct E2eKey {
    bytes: [u8; MAX_E2E_KEY_LEN],
    len: u16,
}

impl E2eKey {
    fn new(key: &str) -> Result<Self, String> {
        let units: Vec<u16> = key.encode_utf16().collect();
        if units.len() > MAX_E2E_KEY_LEN {
            return Err(format!(
                "longer than {MAX_E2E_KEY_LEN} characters ({} given)",
                units.len()
            ));
        }
        let mut bytes = [0; MAX_E2E_KEY_LEN];
        for (b, u) in bytes.iter_mut().zip(&units) {
            *b = (*u & 0xff) as u8;
        }
        Ok(Self {
            bytes,
            len: units.len() as u16,
        })
    }

    /// Never empty (an empty `e2eKey=` counts as not given).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

/// Does not print the secret.
impl std::fmt::Debug for E2eKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "E2eKey({} bytes)", self.len)
    }
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
            force_h264: false,
            force_vp9: false,
            svc: None,
            e2e_key: None,
        }
    }
}

impl RoomOptions {
    /// Reads the options with `get` (the URL query's value of a parameter).
    pub fn from_url_params(get: impl Fn(&str) -> Option<String>) -> Result<Self, ParamError> {
        let d = Self::default();
        let flag = |name: &'static str, default: bool| flag(name, get(name), default);
        let given = |name: &str| get(name).filter(|v| !v.is_empty());
        let force_h264 = flag("forceH264", d.force_h264)?;
        let force_vp9 = flag("forceVP9", d.force_vp9)?;
        if force_h264 && force_vp9 {
            return Err(ParamError::Invalid {
                name: "forceH264",
                why: "forceH264=true and forceVP9=true ask for two codecs at once; give one".into(),
            });
        }
        let svc = match given("svc") {
            None => None,
            Some(v) => Some(
                ScalabilityMode::parse(&v).ok_or_else(|| ParamError::Invalid {
                    name: "svc",
                    why: format!(
                        "expected a scalability mode like L1T3, L3T3, L3T3_KEY or S3T3 \
                     (L or S, 1-3 spatial, T, 1-3 temporal layers), got {v:?}"
                    ),
                })?,
            ),
        };
        let e2e_key = match given("e2eKey") {
            None => None,
            Some(v) => Some(E2eKey::new(&v).map_err(|why| ParamError::Invalid {
                name: "e2eKey",
                why,
            })?),
        };
        // The demo's frame encryption keeps a VP8 header clear; Chromium's
        // H264 packetizer splits the frame at NAL start codes, which the XOR
        // scrambles: the receiver assembles no frame (the demo shows a black
        // tile). VP8 and VP9 (whose RTP descriptor says it all) work.
        if force_h264 && e2e_key.is_some() {
            return Err(ParamError::Invalid {
                name: "forceH264",
                why: "H264 cannot be sent with e2eKey (the frame encryption breaks H264's \
                      packetization); drop forceH264 or use forceVP9"
                    .into(),
            });
        }
        Ok(Self {
            produce: flag("produce", d.produce)?,
            consume: flag("consume", d.consume)?,
            mic: flag("mic", d.mic)?,
            webcam: flag("webcam", d.webcam)?,
            datachannel: flag("datachannel", d.datachannel)?,
            force_tcp: flag("forceTcp", d.force_tcp)?,
            force_h264,
            force_vp9,
            svc,
            e2e_key,
        })
    }

    /// The codec forced for the camera, if any.
    pub fn forced_codec(&self) -> Option<ForcedCodec> {
        if self.force_h264 {
            Some(ForcedCodec::H264)
        } else if self.force_vp9 {
            Some(ForcedCodec::Vp9)
        } else {
            None
        }
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
                ..RoomOptions::default()
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
            "forceH264",
            "forceVP9",
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

    #[test]
    fn forced_codecs() {
        let o = |q: &[(&str, &str)]| parse(q).unwrap();
        assert_eq!(o(&[]).forced_codec(), None);
        assert_eq!(
            o(&[("forceH264", "true")]).forced_codec(),
            Some(ForcedCodec::H264)
        );
        assert_eq!(
            o(&[("forceVP9", "true")]).forced_codec(),
            Some(ForcedCodec::Vp9)
        );
        assert_eq!(
            o(&[("forceVP9", "true"), ("forceH264", "false")]).forced_codec(),
            Some(ForcedCodec::Vp9)
        );
        let e = parse(&[("forceH264", "true"), ("forceVP9", "true")])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("`forceH264`") && e.contains("forceVP9"),
            "names both: {e}"
        );
        let e = parse(&[("forceH264", "yes")]).unwrap_err().to_string();
        assert!(e.contains("`forceH264`") && e.contains("\"yes\""), "{e}");
    }

    #[test]
    fn scalability_modes_round_trip_and_bad_ones_name_svc() {
        for good in [
            "L1T1", "L1T2", "L1T3", "L2T3", "L3T3", "L3T3_KEY", "L2T1_KEY", "S2T3", "S3T3",
            "L3T3h", "S3T1h",
        ] {
            let o = parse(&[("svc", good)]).unwrap();
            assert_eq!(o.svc.map(|m| m.to_string()).as_deref(), Some(good));
        }
        let l3t3 = ScalabilityMode::parse("L3T3").unwrap();
        assert_eq!(
            (l3t3.spatial, l3t3.temporal, l3t3.independent),
            (3, 3, false)
        );
        assert_eq!(ScalabilityMode::VP9_DEFAULT.to_string(), "L3T3_KEY");
        for bad in [
            "L9T9", "L0T1", "L1T0", "l3t3", "L3T3_key", "S3T3_KEY", "L1T3_KEY", "L1T3h", "L3T",
            "L3T33", "X3T3", "L3T3 ", "T3", "L3X3",
        ] {
            let e = parse(&[("svc", bad)]).unwrap_err().to_string();
            assert!(
                e.starts_with("URL parameter `svc` is invalid") && e.contains(&format!("{bad:?}")),
                "{bad}: {e}"
            );
        }
        assert_eq!(parse(&[("svc", "")]).unwrap().svc, None);
    }

    #[test]
    fn e2e_key_bytes_and_limit() {
        let o = parse(&[("e2eKey", "k3y")]).unwrap();
        assert_eq!(o.e2e_key.unwrap().bytes(), b"k3y");
        // charCodeAt's low byte: 'é' is U+00E9, '€' U+20AC -> 0xAC, and a
        // character outside the BMP is two code units.
        let o = parse(&[("e2eKey", "é€😀")]).unwrap();
        assert_eq!(o.e2e_key.unwrap().bytes(), &[0xE9, 0xAC, 0x3D, 0x00]);
        assert!(!format!("{o:?}").contains("k3y"));
        let longest = "x".repeat(MAX_E2E_KEY_LEN);
        assert_eq!(
            parse(&[("e2eKey", &longest)])
                .unwrap()
                .e2e_key
                .unwrap()
                .bytes()
                .len(),
            MAX_E2E_KEY_LEN
        );
        let e = parse(&[("e2eKey", &format!("{longest}x"))])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "URL parameter `e2eKey` is invalid: longer than 256 characters (257 given)"
        );
        assert_eq!(parse(&[("e2eKey", "")]).unwrap().e2e_key, None);
        let e = parse(&[("e2eKey", "k"), ("forceH264", "true")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("`forceH264`") && e.contains("e2eKey"), "{e}");
        assert!(parse(&[("e2eKey", "k"), ("forceVP9", "true")]).is_ok());
    }
}
