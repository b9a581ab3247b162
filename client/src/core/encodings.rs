//! RTP encodings of a send: from the offer's SSRCs, or the app's simulcast list.

use stunroom_shared::media::{RtpCodecParameters, RtpEncodingParameters, RtxSsrc};

use super::sdp::MediaSection;
use super::sdp_attrs::{ssrc_groups, ssrc_lines};
use super::CoreError;

/// `(spatial, temporal)` layers of a scalability mode such as `L1T3` or
/// `S3T3_KEY`; `(1, 1)` when it does not parse.
pub fn parse_scalability_mode(mode: &str) -> (u8, u8) {
    let parse = || -> Option<(u8, u8)> {
        let rest = mode.strip_prefix(['L', 'S'])?;
        let (spatial, rest) = rest.split_once('T')?;
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (temporal, suffix) = rest.split_at(digits);
        let ok_suffix = matches!(suffix, "" | "_KEY" | "_SHIFT" | "_KEY_SHIFT");
        let num = |s: &str| {
            (!s.is_empty() && s.len() <= 2 && !s.starts_with('0'))
                .then(|| s.parse::<u8>().ok())
                .flatten()
        };
        ok_suffix.then_some((num(spatial)?, num(temporal)?))
    };
    parse().unwrap_or((1, 1))
}

/// Normalizes the app's encodings like mediasoup-client's `Transport.produce`
/// (`active` defaults to true) and, for simulcast (more than one), gives them
/// rids `r0..rN` and the same `L1T<max temporal layers>` mode (3 by default).
/// Pass the result to `addTransceiver(..., {sendEncodings})` and to `produce`.
pub fn prepare_send_encodings(encodings: Vec<RtpEncodingParameters>) -> Vec<RtpEncodingParameters> {
    let mut out: Vec<RtpEncodingParameters> = encodings
        .into_iter()
        .map(|e| RtpEncodingParameters {
            active: Some(e.active != Some(false)),
            ..e
        })
        .collect();
    if out.len() > 1 {
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
            e.scalability_mode = Some(format!("L1T{max_temporal}"));
        }
    }
    out
}

/// Encodings from `a=ssrc` / `a=ssrc-group:FID` of an offer section
/// (`unifiedPlanUtils.getRtpEncodings`).
pub fn encodings_from_offer(
    section: &MediaSection,
    codecs: &[RtpCodecParameters],
) -> Result<Vec<RtpEncodingParameters>, CoreError> {
    // Insertion-ordered set of SSRCs.
    let mut ssrcs: Vec<u32> = Vec::new();
    for line in ssrc_lines(section) {
        if line.id != 0 && !ssrcs.contains(&line.id) {
            ssrcs.push(line.id);
        }
    }
    if ssrcs.is_empty() {
        return Err(CoreError::NoSsrc(
            section.mid().unwrap_or_default().to_owned(),
        ));
    }
    let mut pairs: Vec<(u32, Option<u32>)> = Vec::new();
    for group in ssrc_groups(section) {
        if group.semantics != "FID" {
            continue;
        }
        let (Some(&ssrc), Some(&rtx)) = (group.ssrcs.first(), group.ssrcs.get(1)) else {
            continue;
        };
        if ssrcs.contains(&ssrc) {
            ssrcs.retain(|s| *s != ssrc && *s != rtx);
            set_pair(&mut pairs, ssrc, Some(rtx));
        }
    }
    for ssrc in ssrcs {
        set_pair(&mut pairs, ssrc, None);
    }
    // Only with more than one codec (the media codec and its RTX).
    let with_rtx = codecs.len() > 1;
    Ok(pairs
        .into_iter()
        .map(|(ssrc, rtx)| RtpEncodingParameters {
            ssrc: Some(ssrc),
            rtx: rtx
                .filter(|r| *r != 0 && with_rtx)
                .map(|ssrc| RtxSsrc { ssrc }),
            ..Default::default()
        })
        .collect())
}

fn set_pair(pairs: &mut Vec<(u32, Option<u32>)>, ssrc: u32, rtx: Option<u32>) {
    match pairs.iter_mut().find(|(s, _)| *s == ssrc) {
        Some(slot) => slot.1 = rtx,
        None => pairs.push((ssrc, rtx)),
    }
}

/// `Object.assign(target, source)` for the fields an app may give.
pub fn merge_encoding(target: &mut RtpEncodingParameters, source: &RtpEncodingParameters) {
    let mut t = serde_json::to_value(&*target).unwrap_or_default();
    if let (Some(obj), Ok(serde_json::Value::Object(src))) =
        (t.as_object_mut(), serde_json::to_value(source))
    {
        obj.extend(src);
        if let Ok(merged) = serde_json::from_value(t) {
            *target = merged;
        }
    }
}

/// `dtx` defaults to false (`validateAndNormalizeRtpEncodingParameters`).
pub fn normalize_encodings(encodings: &mut [RtpEncodingParameters]) {
    for e in encodings {
        if e.dtx != Some(true) {
            e.dtx = Some(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalability_modes() {
        assert_eq!(parse_scalability_mode("L1T3"), (1, 3));
        assert_eq!(parse_scalability_mode("S3T3_KEY"), (3, 3));
        assert_eq!(parse_scalability_mode("L3T2_KEY_SHIFT"), (3, 2));
        assert_eq!(parse_scalability_mode("foo"), (1, 1));
        assert_eq!(parse_scalability_mode("L0T3"), (1, 1));
    }

    #[test]
    fn simulcast_encodings_get_rids_and_one_mode() {
        let e = prepare_send_encodings(vec![
            RtpEncodingParameters {
                scalability_mode: Some("L1T2".into()),
                ..Default::default()
            },
            RtpEncodingParameters {
                active: Some(false),
                ..Default::default()
            },
        ]);
        assert_eq!(e[0].rid.as_deref(), Some("r0"));
        assert_eq!(e[1].rid.as_deref(), Some("r1"));
        assert_eq!(e[0].scalability_mode.as_deref(), Some("L1T3"));
        assert_eq!((e[0].active, e[1].active), (Some(true), Some(false)));
        assert_eq!(prepare_send_encodings(vec![]), vec![]);
    }
}
