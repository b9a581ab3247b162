//! H264 `profile-level-id` rules (RFC 6184 §8.1), as libwebrtc and the
//! `h264-profile-level-id` npm package used by mediasoup-client apply them.

use stunroom_shared::media::{CodecParameters, ParamValue};

/// H264 profiles that WebRTC distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    ConstrainedBaseline,
    Baseline,
    Main,
    ConstrainedHigh,
    High,
    PredictiveHigh444,
}

/// A level as its `level_idc` (31 = 3.1); 1b is `0`.
pub type Level = u8;
const LEVEL_1B: Level = 0;
const LEVEL_1: Level = 10;
const LEVEL_1_1: Level = 11;
const KNOWN_LEVELS: [Level; 16] = [
    10, 11, 12, 13, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 52,
];

/// A parsed `profile-level-id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileLevelId {
    pub profile: Profile,
    pub level: Level,
}

/// The default when the parameter is absent (libwebrtc's interim choice).
const DEFAULT: ProfileLevelId = ProfileLevelId {
    profile: Profile::ConstrainedBaseline,
    level: 31,
};

/// `(profile_idc, bit pattern of profile_iop, profile)`; `x` = don't care.
const PATTERNS: [(u8, &str, Profile); 9] = [
    (0x42, "x1xx0000", Profile::ConstrainedBaseline),
    (0x4d, "1xxx0000", Profile::ConstrainedBaseline),
    (0x58, "11xx0000", Profile::ConstrainedBaseline),
    (0x42, "x0xx0000", Profile::Baseline),
    (0x58, "10xx0000", Profile::Baseline),
    (0x4d, "0x0x0000", Profile::Main),
    (0x64, "00000000", Profile::High),
    (0x64, "00001100", Profile::ConstrainedHigh),
    (0xf4, "00000000", Profile::PredictiveHigh444),
];

fn pattern_matches(pattern: &str, value: u8) -> bool {
    pattern.bytes().enumerate().all(|(i, c)| {
        let bit = (value >> (7 - i)) & 1;
        match c {
            b'1' => bit == 1,
            b'0' => bit == 0,
            _ => true,
        }
    })
}

/// Parses three hex bytes; `None` for anything unrecognised.
pub fn parse_profile_level_id(s: &str) -> Option<ProfileLevelId> {
    const CONSTRAINT_SET3: u8 = 0x10;
    if s.len() != 6 {
        return None;
    }
    let n = u32::from_str_radix(s, 16).ok()?;
    if n == 0 {
        return None;
    }
    let [_, idc, iop, level_idc] = n.to_be_bytes();
    let level = match level_idc {
        LEVEL_1_1 if iop & CONSTRAINT_SET3 != 0 => LEVEL_1B,
        l if KNOWN_LEVELS.contains(&l) => l,
        _ => return None,
    };
    PATTERNS
        .iter()
        .find(|(p_idc, pattern, _)| *p_idc == idc && pattern_matches(pattern, iop))
        .map(|&(_, _, profile)| ProfileLevelId { profile, level })
}

/// The canonical string, or `None` where none exists (1b for high profiles).
pub fn profile_level_id_to_string(id: ProfileLevelId) -> Option<String> {
    if id.level == LEVEL_1B {
        return match id.profile {
            Profile::ConstrainedBaseline => Some("42f00b".into()),
            Profile::Baseline => Some("42100b".into()),
            Profile::Main => Some("4d100b".into()),
            _ => None,
        };
    }
    let prefix = match id.profile {
        Profile::ConstrainedBaseline => "42e0",
        Profile::Baseline => "4200",
        Profile::Main => "4d00",
        Profile::ConstrainedHigh => "640c",
        Profile::High => "6400",
        Profile::PredictiveHigh444 => "f400",
    };
    Some(format!("{prefix}{:02x}", id.level))
}

fn param_str(params: &CodecParameters, key: &str) -> Option<String> {
    params.get(key).map(ParamValue::to_string)
}

/// The profile-level-id of codec parameters: the default when absent, `None`
/// when present but invalid.
pub fn parse_sdp_profile_level_id(params: &CodecParameters) -> Option<ProfileLevelId> {
    match param_str(params, "profile-level-id") {
        Some(s) if !s.is_empty() => parse_profile_level_id(&s),
        _ => Some(DEFAULT),
    }
}

pub fn is_same_profile(a: &CodecParameters, b: &CodecParameters) -> bool {
    match (parse_sdp_profile_level_id(a), parse_sdp_profile_level_id(b)) {
        (Some(a), Some(b)) => a.profile == b.profile,
        _ => false,
    }
}

fn level_asymmetry_allowed(params: &CodecParameters) -> bool {
    matches!(params.get("level-asymmetry-allowed"), Some(v) if v.to_string() == "1")
}

fn is_less_level(a: Level, b: Level) -> bool {
    if a == LEVEL_1B {
        return b != LEVEL_1 && b != LEVEL_1B;
    }
    if b == LEVEL_1B {
        return a != LEVEL_1;
    }
    a < b
}

/// Why no answer profile-level-id could be generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileMismatch;

/// The profile-level-id to answer with (`Ok(None)`: neither side has one).
pub fn generate_profile_level_id_for_answer(
    local: &CodecParameters,
    remote: &CodecParameters,
) -> Result<Option<String>, ProfileMismatch> {
    let has = |p: &CodecParameters| param_str(p, "profile-level-id").is_some_and(|s| !s.is_empty());
    if !has(local) && !has(remote) {
        return Ok(None);
    }
    let local_id = parse_sdp_profile_level_id(local).ok_or(ProfileMismatch)?;
    let remote_id = parse_sdp_profile_level_id(remote).ok_or(ProfileMismatch)?;
    if local_id.profile != remote_id.profile {
        return Err(ProfileMismatch);
    }
    let asymmetry = level_asymmetry_allowed(local) && level_asymmetry_allowed(remote);
    let min_level = if is_less_level(local_id.level, remote_id.level) {
        local_id.level
    } else {
        remote_id.level
    };
    let level = if asymmetry { local_id.level } else { min_level };
    Ok(profile_level_id_to_string(ProfileLevelId {
        profile: local_id.profile,
        level,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(plid: &str, asym: bool) -> CodecParameters {
        let mut p = CodecParameters::new();
        p.insert("profile-level-id".into(), ParamValue::String(plid.into()));
        if asym {
            p.insert("level-asymmetry-allowed".into(), ParamValue::Number(1));
        }
        p
    }

    #[test]
    fn parses_common_profiles() {
        let p = |s| parse_profile_level_id(s).map(|id| id.profile);
        assert_eq!(p("42e01f"), Some(Profile::ConstrainedBaseline));
        assert_eq!(p("42001f"), Some(Profile::Baseline));
        assert_eq!(p("4d001f"), Some(Profile::Main));
        assert_eq!(p("4d0032"), Some(Profile::Main));
        assert_eq!(p("640c1f"), Some(Profile::ConstrainedHigh));
        assert_eq!(p("f4001f"), Some(Profile::PredictiveHigh444));
        assert_eq!(parse_profile_level_id("42e00b").map(|i| i.level), Some(11));
        assert_eq!(
            parse_profile_level_id("42f00b").map(|i| i.level),
            Some(LEVEL_1B)
        );
        assert_eq!(p("zzzzzz"), None);
        assert_eq!(p("42e0"), None);
        assert_eq!(p("42e0ff"), None);
    }

    #[test]
    fn answer_uses_local_level_with_asymmetry() {
        let answer =
            generate_profile_level_id_for_answer(&params("4d001f", true), &params("4d0032", true));
        assert_eq!(answer, Ok(Some("4d001f".into())));
        let answer =
            generate_profile_level_id_for_answer(&params("42e034", false), &params("42e01f", true));
        assert_eq!(answer, Ok(Some("42e01f".into())));
        assert_eq!(
            generate_profile_level_id_for_answer(&params("42e01f", true), &params("4d001f", true)),
            Err(ProfileMismatch)
        );
        assert_eq!(
            generate_profile_level_id_for_answer(&CodecParameters::new(), &CodecParameters::new()),
            Ok(None)
        );
        assert!(is_same_profile(
            &params("42e01f", false),
            &CodecParameters::new()
        ));
    }
}
