//! RTP encodings of a send: from the offer's SSRCs, or the app's simulcast list.

use stunroom_shared::media::{RtpCodecParameters, RtpEncodingParameters, RtxSsrc};

use super::handler::Handler;
use super::sdp::{Line, MediaSection};
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
/// and its Chrome111 handler: see [`Handler::prepare_send_encodings`].
pub fn prepare_send_encodings(encodings: Vec<RtpEncodingParameters>) -> Vec<RtpEncodingParameters> {
    Handler::Chrome111.prepare_send_encodings(encodings)
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

/// Safari12's legacy simulcast (`unifiedPlanUtils.addLegacySimulcast`): the
/// browser offered one SSRC (and its RTX) for the track; this rewrites the
/// section's `a=ssrc` / `a=ssrc-group` lines to `num_streams` consecutive
/// SSRCs (and RTX SSRCs) in a `SIM` group, each with the first one's cname
/// and msid. The new lines take the place of the old ones.
pub fn add_legacy_simulcast(
    section: &mut MediaSection,
    num_streams: usize,
) -> Result<(), CoreError> {
    let invalid = |what: &str| CoreError::InvalidParameters(what.to_owned());
    if num_streams <= 1 {
        return Err(invalid("legacy simulcast needs more than one stream"));
    }
    let lines = ssrc_lines(section);
    let msid_line = lines
        .iter()
        .find(|l| l.attribute == "msid")
        .ok_or_else(|| invalid("a=ssrc line with msid information not found"))?;
    let msid = msid_line
        .value
        .split(' ')
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let first = msid_line.id;
    let first_rtx = ssrc_groups(section)
        .into_iter()
        .find(|g| g.semantics == "FID" && g.ssrcs.first() == Some(&first))
        .and_then(|g| g.ssrcs.get(1).copied())
        .filter(|r| *r != 0);
    let cname = lines
        .iter()
        .find(|l| l.attribute == "cname")
        .map(|l| l.value.clone())
        .ok_or_else(|| invalid("a=ssrc line with cname information not found"))?;
    let consecutive = |base: u32| -> Result<Vec<u32>, CoreError> {
        (0..num_streams)
            .map(|i| {
                u32::try_from(i)
                    .ok()
                    .and_then(|i| base.checked_add(i))
                    .ok_or_else(|| invalid("legacy simulcast SSRCs past 2^32"))
            })
            .collect()
    };
    let ssrcs = consecutive(first)?;
    let rtx_ssrcs = first_rtx.map(consecutive).transpose()?.unwrap_or_default();

    // sdp-transform's order: every a=ssrc, then every a=ssrc-group.
    let mut new_lines = Vec::new();
    for ssrc in ssrcs.iter().chain(&rtx_ssrcs) {
        new_lines.push(Line::attr(format!("ssrc:{ssrc} cname:{cname}")));
        new_lines.push(Line::attr(format!("ssrc:{ssrc} msid:{msid}")));
    }
    let list = ssrcs.iter().map(u32::to_string).collect::<Vec<_>>();
    new_lines.push(Line::attr(format!("ssrc-group:SIM {}", list.join(" "))));
    for (ssrc, rtx) in ssrcs.iter().zip(&rtx_ssrcs) {
        new_lines.push(Line::attr(format!("ssrc-group:FID {ssrc} {rtx}")));
    }
    let is_ssrc_line =
        |l: &Line| matches!(l.as_attr(), Some(("ssrc", _)) | Some(("ssrc-group", _)));
    let at = section
        .lines
        .iter()
        .position(is_ssrc_line)
        .unwrap_or(section.lines.len());
    section.lines.retain(|l| !is_ssrc_line(l));
    let at = at.min(section.lines.len());
    section.lines.splice(at..at, new_lines);
    Ok(())
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
    fn legacy_simulcast_rewrites_the_ssrcs() {
        let sdp = super::super::sdp::Sdp::parse(
            "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=mid:0\r\na=ssrc-group:FID 10 20\r\n\
a=ssrc:10 cname:c\r\na=ssrc:10 msid:s t\r\na=ssrc:20 cname:c\r\na=ssrc:20 msid:s t\r\na=rtcp-mux\r\n",
        )
        .unwrap();
        let mut m = sdp.media[0].clone();
        add_legacy_simulcast(&mut m, 2).unwrap();
        let text: Vec<String> = m.lines.iter().map(|l| l.value.clone()).collect();
        assert_eq!(
            text,
            [
                "mid:0",
                "ssrc:10 cname:c",
                "ssrc:10 msid:s t",
                "ssrc:11 cname:c",
                "ssrc:11 msid:s t",
                "ssrc:20 cname:c",
                "ssrc:20 msid:s t",
                "ssrc:21 cname:c",
                "ssrc:21 msid:s t",
                "ssrc-group:SIM 10 11",
                "ssrc-group:FID 10 20",
                "ssrc-group:FID 11 21",
                "rtcp-mux",
            ]
        );
        let codec = RtpCodecParameters {
            mime_type: "video/VP8".into(),
            payload_type: 96,
            clock_rate: 90000,
            channels: None,
            parameters: Default::default(),
            rtcp_feedback: Vec::new(),
        };
        let codecs = vec![codec.clone(), codec];
        let e = encodings_from_offer(&m, &codecs).unwrap();
        assert_eq!(
            e.iter()
                .map(|e| (e.ssrc, e.rtx.map(|r| r.ssrc)))
                .collect::<Vec<_>>(),
            [(Some(10), Some(20)), (Some(11), Some(21))]
        );
        assert!(add_legacy_simulcast(&mut m, 1).is_err());
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
