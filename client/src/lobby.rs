//! The lobby's decisions, as plain Rust (tested natively): whether to show
//! it (`lobby` URL parameter), the choices remembered in localStorage (read
//! back defensively), the sending resolutions, and what to do when the
//! device list changes under us (`devicechange`).

use serde_json::{json, Value};

use crate::params::ParamError;

/// localStorage key of the remembered [`Choices`].
pub const STORAGE_KEY: &str = "stunroom.lobby";
/// Longest display name (as `displayName` in the URL).
pub const MAX_NAME_LEN: usize = 40;
/// Longest device id we keep (Chromium's are 64 hex digits).
pub const MAX_DEVICE_ID_LEN: usize = 256;
/// Longest device label we keep (for messages only).
pub const MAX_LABEL_LEN: usize = 128;
/// Most devices of all kinds we list (a page cannot be flooded with pickers).
pub const MAX_DEVICES: usize = 64;

/// `lobby`: shown unless `lobby=0` / `lobby=false` (kiosks, tests).
pub fn lobby_param(value: Option<&str>) -> Result<bool, ParamError> {
    match value {
        None | Some("") | Some("1") | Some("true") => Ok(true),
        Some("0") | Some("false") => Ok(false),
        Some(other) => Err(ParamError::Invalid {
            name: "lobby",
            why: format!("expected 1, 0, true or false, got {other:?}"),
        }),
    }
}

/// The camera resolution we capture (and so send at the top simulcast layer;
/// the lower layers stay 1/2 and 1/4 of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Resolution {
    P360,
    #[default]
    P720,
    P1080,
}

impl Resolution {
    pub const ALL: [Resolution; 3] = [Resolution::P360, Resolution::P720, Resolution::P1080];

    pub fn height(self) -> u32 {
        match self {
            Resolution::P360 => 360,
            Resolution::P720 => 720,
            Resolution::P1080 => 1080,
        }
    }

    pub fn width(self) -> u32 {
        self.height() * 16 / 9
    }

    /// `360p`, `720p`, `1080p`: the picker's value and label, and what is stored.
    pub fn label(self) -> &'static str {
        match self {
            Resolution::P360 => "360p",
            Resolution::P720 => "720p",
            Resolution::P1080 => "1080p",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.label() == s)
    }
}

/// What the person picked in the lobby; remembered for the next visit.
/// A device `None` is the browser's default one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Choices {
    pub name: Option<String>,
    pub camera: Option<Chosen>,
    pub mic: Option<Chosen>,
    pub speaker: Option<Chosen>,
    pub cam_off: bool,
    pub mic_off: bool,
    pub resolution: Resolution,
}

/// A picked device: its id, and its label for telling the person about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub id: String,
    pub label: String,
}

impl Choices {
    /// Reads what [`Choices::to_stored`] wrote. Anything unreadable is
    /// dropped field by field (another version's data, a hand edit): the
    /// lobby then starts from defaults for that field, never fails.
    pub fn from_stored(text: &str) -> Choices {
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
            return Choices::default();
        };
        let flag = |k: &str| map.get(k).and_then(Value::as_bool).unwrap_or(false);
        let device = |k: &str| {
            let d = map.get(k)?;
            let id = d.get("id")?.as_str()?;
            let label = d.get("label").and_then(Value::as_str).unwrap_or("");
            (!id.is_empty() && id.len() <= MAX_DEVICE_ID_LEN).then(|| Chosen {
                id: id.to_owned(),
                label: truncate(label, MAX_LABEL_LEN),
            })
        };
        Choices {
            name: map.get("name").and_then(Value::as_str).and_then(clean_name),
            camera: device("camera"),
            mic: device("mic"),
            speaker: device("speaker"),
            cam_off: flag("camOff"),
            mic_off: flag("micOff"),
            resolution: map
                .get("resolution")
                .and_then(Value::as_str)
                .and_then(Resolution::parse)
                .unwrap_or_default(),
        }
    }

    pub fn to_stored(&self) -> String {
        let device = |d: &Option<Chosen>| match d {
            Some(c) => json!({ "id": c.id, "label": c.label }),
            None => Value::Null,
        };
        json!({
            "name": self.name,
            "camera": device(&self.camera),
            "mic": device(&self.mic),
            "speaker": device(&self.speaker),
            "camOff": self.cam_off,
            "micOff": self.mic_off,
            "resolution": self.resolution.label(),
        })
        .to_string()
    }
}

/// A display name as typed: trimmed; `None` when empty or too long.
pub fn clean_name(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty() && name.chars().count() <= MAX_NAME_LEN).then(|| name.to_owned())
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeviceKind {
    Camera,
    Mic,
    Speaker,
}

impl DeviceKind {
    /// `MediaDeviceInfo.kind`.
    pub fn from_web(kind: &str) -> Option<Self> {
        match kind {
            "videoinput" => Some(DeviceKind::Camera),
            "audioinput" => Some(DeviceKind::Mic),
            "audiooutput" => Some(DeviceKind::Speaker),
            _ => None,
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            DeviceKind::Camera => "camera",
            DeviceKind::Mic => "microphone",
            DeviceKind::Speaker => "speaker",
        }
    }
}

/// One entry of `enumerateDevices()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub kind: DeviceKind,
    pub id: String,
    pub label: String,
}

impl Device {
    /// What a picker shows: the label, or a numbered stand-in before
    /// permission is given (labels are empty then).
    pub fn display(&self, index: usize) -> String {
        if self.label.is_empty() {
            format!("{} {}", self.kind.noun(), index + 1)
        } else {
            self.label.clone()
        }
    }
}

/// The devices of one kind, in the browser's order.
pub fn of_kind(devices: &[Device], kind: DeviceKind) -> Vec<Device> {
    devices.iter().filter(|d| d.kind == kind).cloned().collect()
}

/// What a device-list change means for a picked device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fallback {
    /// Still there (or the default was in use): nothing to do.
    Keep,
    /// Gone: use the default device from now on, and tell the person.
    ToDefault { message: String },
    /// Gone and no device of the kind is left at all.
    NoneLeft { message: String },
}

/// Decides, after `devicechange`, what becomes of the `picked` device of
/// `kind` given the new device list. The browser's default (`None`) follows
/// the system by itself unless no device of the kind is left.
pub fn on_device_change(kind: DeviceKind, picked: Option<&Chosen>, devices: &[Device]) -> Fallback {
    let left = of_kind(devices, kind);
    let still_there = |id: &str| left.iter().any(|d| d.id == id);
    match picked {
        Some(c) if still_there(&c.id) => Fallback::Keep,
        Some(c) if left.is_empty() => Fallback::NoneLeft {
            message: format!(
                "Your {} {} was disconnected and no other {} is available",
                kind.noun(),
                quoted(&c.label),
                kind.noun()
            ),
        },
        Some(c) => Fallback::ToDefault {
            message: format!(
                "Your {} {} was disconnected; using the default {} instead",
                kind.noun(),
                quoted(&c.label),
                kind.noun()
            ),
        },
        None if left.is_empty() && kind != DeviceKind::Speaker => Fallback::NoneLeft {
            message: format!("No {} is available any more", kind.noun()),
        },
        None => Fallback::Keep,
    }
}

fn quoted(label: &str) -> String {
    if label.is_empty() {
        String::new()
    } else {
        format!("“{label}”")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(kind: DeviceKind, id: &str, label: &str) -> Device {
        Device {
            kind,
            id: id.into(),
            label: label.into(),
        }
    }

    fn chosen(id: &str, label: &str) -> Chosen {
        Chosen {
            id: id.into(),
            label: label.into(),
        }
    }

    #[test]
    fn lobby_param_accepts_0_1_true_false() {
        assert!(lobby_param(None).unwrap());
        assert!(lobby_param(Some("")).unwrap());
        assert!(lobby_param(Some("1")).unwrap());
        assert!(lobby_param(Some("true")).unwrap());
        assert!(!lobby_param(Some("0")).unwrap());
        assert!(!lobby_param(Some("false")).unwrap());
        let e = lobby_param(Some("no")).unwrap_err().to_string();
        assert!(e.contains("lobby") && e.contains("\"no\""), "{e}");
    }

    #[test]
    fn choices_round_trip() {
        let c = Choices {
            name: Some("Ann".into()),
            camera: Some(chosen("cam1", "Front camera")),
            mic: None,
            speaker: Some(chosen("spk", "")),
            cam_off: true,
            mic_off: false,
            resolution: Resolution::P1080,
        };
        assert_eq!(Choices::from_stored(&c.to_stored()), c);
    }

    #[test]
    fn bad_stored_data_is_ignored_not_fatal() {
        for junk in ["", "not json", "[1,2]", "null", "42", "{\"name\":"] {
            assert_eq!(Choices::from_stored(junk), Choices::default(), "{junk:?}");
        }
        let long_name = "x".repeat(MAX_NAME_LEN + 1);
        let long_id = "d".repeat(MAX_DEVICE_ID_LEN + 1);
        let text = json!({
            "name": long_name,
            "camera": { "id": long_id },
            "mic": { "id": 7 },
            "speaker": "spk",
            "camOff": "yes",
            "micOff": true,
            "resolution": "4k",
        })
        .to_string();
        let c = Choices::from_stored(&text);
        assert_eq!(
            c,
            Choices {
                mic_off: true,
                ..Choices::default()
            }
        );
        // Good fields survive next to bad ones.
        let c = Choices::from_stored(r#"{"name":"  Bo ","resolution":"360p","camera":{"id":"c"}}"#);
        assert_eq!(c.name.as_deref(), Some("Bo"));
        assert_eq!(c.resolution, Resolution::P360);
        assert_eq!(c.camera, Some(chosen("c", "")));
    }

    #[test]
    fn resolutions() {
        for r in Resolution::ALL {
            assert_eq!(Resolution::parse(r.label()), Some(r));
        }
        assert_eq!(
            (Resolution::P360.width(), Resolution::P360.height()),
            (640, 360)
        );
        assert_eq!(Resolution::P1080.width(), 1920);
        assert_eq!(Resolution::default(), Resolution::P720);
    }

    #[test]
    fn device_change_keeps_a_device_still_present() {
        let list = [
            dev(DeviceKind::Camera, "a", "A"),
            dev(DeviceKind::Camera, "b", "B"),
        ];
        let picked = chosen("b", "B");
        assert_eq!(
            on_device_change(DeviceKind::Camera, Some(&picked), &list),
            Fallback::Keep
        );
        assert_eq!(
            on_device_change(DeviceKind::Camera, None, &list),
            Fallback::Keep
        );
    }

    #[test]
    fn device_change_falls_back_to_default_with_a_message() {
        let list = [
            dev(DeviceKind::Camera, "a", "Built-in"),
            dev(DeviceKind::Mic, "usb", "USB mic"),
        ];
        let picked = chosen("usb", "USB camera");
        match on_device_change(DeviceKind::Camera, Some(&picked), &list) {
            Fallback::ToDefault { message } => {
                assert!(message.contains("“USB camera”"), "{message}");
                assert!(message.contains("default camera"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        // An id of another kind does not count.
        let picked_mic = chosen("a", "Headset");
        assert!(matches!(
            on_device_change(DeviceKind::Mic, Some(&picked_mic), &list),
            Fallback::ToDefault { .. }
        ));
    }

    #[test]
    fn device_change_with_nothing_left() {
        let list = [dev(DeviceKind::Mic, "m", "Mic")];
        let picked = chosen("c", "Cam");
        assert!(matches!(
            on_device_change(DeviceKind::Camera, Some(&picked), &list),
            Fallback::NoneLeft { .. }
        ));
        assert!(matches!(
            on_device_change(DeviceKind::Camera, None, &list),
            Fallback::NoneLeft { .. }
        ));
        // No output device listed (browsers without setSinkId list none): fine.
        assert_eq!(
            on_device_change(DeviceKind::Speaker, None, &list),
            Fallback::Keep
        );
    }

    #[test]
    fn names() {
        assert_eq!(clean_name("  Ann  ").as_deref(), Some("Ann"));
        assert_eq!(clean_name("   "), None);
        assert_eq!(
            clean_name(&"é".repeat(MAX_NAME_LEN)).map(|n| n.chars().count()),
            Some(MAX_NAME_LEN)
        );
        assert_eq!(clean_name(&"é".repeat(MAX_NAME_LEN + 1)), None);
        let unnamed = dev(DeviceKind::Mic, "x", "");
        assert_eq!(unnamed.display(1), "microphone 2");
    }
}
