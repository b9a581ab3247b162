//! Typed views of the SDP attributes the core reads, parsed the way
//! `sdp-transform` (mediasoup-client's parser) does. Lines that do not match
//! are skipped, as `sdp-transform` leaves them aside.

use stunroom_shared::media::{CodecParameters, ParamValue};

use super::sdp::{Attributes, MediaSection};

/// `a=rtpmap:<pt> <name>/<rate>[/<channels>]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rtpmap {
    pub payload: u8,
    pub codec: String,
    pub rate: u32,
    pub channels: Option<u8>,
}

/// `a=fmtp:<pt> <config>`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fmtp {
    pub payload: u8,
    pub config: String,
}

/// `a=rtcp-fb:<pt|*> <type> [<subtype>]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RtcpFb {
    /// `None` for `*`.
    pub payload: Option<u8>,
    pub kind: String,
    pub subtype: String,
}

/// `a=extmap:<id>[/<direction>] [<encrypt-uri>] <uri>`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extmap {
    pub id: u16,
    pub uri: String,
    pub encrypted: bool,
}

/// `a=ssrc:<id> <attribute>[:<value>]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsrcLine {
    pub id: u32,
    pub attribute: String,
    pub value: String,
}

/// `a=ssrc-group:<semantics> <ssrc>...`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsrcGroup {
    pub semantics: String,
    pub ssrcs: Vec<u32>,
}

/// `a=rid:<id> <send|recv> [params]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rid {
    pub id: String,
    pub direction: String,
}

/// `a=fingerprint:<algorithm> <value>`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub algorithm: String,
    pub value: String,
}

pub fn rtpmaps(m: &MediaSection) -> Vec<Rtpmap> {
    m.attrs("rtpmap").filter_map(parse_rtpmap).collect()
}

fn parse_rtpmap(v: &str) -> Option<Rtpmap> {
    let (pt, rest) = v.split_once(' ')?;
    let mut parts = rest.trim().split('/');
    let codec = parts.next()?.trim().to_owned();
    let rate = parts.next()?.trim().parse().ok()?;
    let channels = parts.next().and_then(|c| c.trim().parse().ok());
    Some(Rtpmap {
        payload: pt.parse().ok()?,
        codec,
        rate,
        channels,
    })
}

pub fn fmtps(m: &MediaSection) -> Vec<Fmtp> {
    m.attrs("fmtp")
        .filter_map(|v| {
            let (pt, config) = v.split_once(' ')?;
            Some(Fmtp {
                payload: pt.parse().ok()?,
                config: config.to_owned(),
            })
        })
        .collect()
}

pub fn rtcp_fbs(m: &MediaSection) -> Vec<RtcpFb> {
    m.attrs("rtcp-fb")
        .filter_map(|v| {
            let mut parts = v.split_whitespace();
            let pt = parts.next()?;
            let payload = if pt == "*" {
                None
            } else {
                Some(pt.parse().ok()?)
            };
            let kind = parts.next()?.to_owned();
            // "trr-int" has its own grammar entry in sdp-transform.
            if kind == "trr-int" {
                return None;
            }
            Some(RtcpFb {
                payload,
                kind,
                subtype: parts.collect::<Vec<_>>().join(" "),
            })
        })
        .collect()
}

pub fn extmaps(m: &MediaSection) -> Vec<Extmap> {
    m.attrs("extmap")
        .filter_map(|v| {
            let mut parts = v.split_whitespace();
            let id = parts.next()?.split('/').next()?.parse().ok()?;
            let first = parts.next()?;
            let (encrypted, uri) = if first == "urn:ietf:params:rtp-hdrext:encrypt" {
                (true, parts.next()?)
            } else {
                (false, first)
            };
            Some(Extmap {
                id,
                uri: uri.to_owned(),
                encrypted,
            })
        })
        .collect()
}

pub fn ssrc_lines(m: &MediaSection) -> Vec<SsrcLine> {
    m.attrs("ssrc")
        .filter_map(|v| {
            let (id, rest) = v.split_once(' ')?;
            let (attribute, value) = rest.split_once(':').unwrap_or((rest, ""));
            Some(SsrcLine {
                id: id.parse().ok()?,
                attribute: attribute.to_owned(),
                value: value.to_owned(),
            })
        })
        .collect()
}

pub fn ssrc_groups(m: &MediaSection) -> Vec<SsrcGroup> {
    m.attrs("ssrc-group")
        .filter_map(|v| {
            let mut parts = v.split_whitespace();
            let semantics = parts.next()?.to_owned();
            let ssrcs = parts.map(str::parse).collect::<Result<_, _>>().ok()?;
            Some(SsrcGroup { semantics, ssrcs })
        })
        .collect()
}

pub fn rids(m: &MediaSection) -> Vec<Rid> {
    m.attrs("rid")
        .filter_map(|v| {
            let mut parts = v.split_whitespace();
            Some(Rid {
                id: parts.next()?.to_owned(),
                direction: parts.next()?.to_owned(),
            })
        })
        .collect()
}

/// `a=simulcast:<dir1> <list1>` (RFC 8853 form only): `(dir1, list1)`.
pub fn simulcast(m: &MediaSection) -> Option<(String, String)> {
    let v = m.attr("simulcast")?;
    let mut parts = v.split_whitespace();
    Some((parts.next()?.to_owned(), parts.next()?.to_owned()))
}

pub fn fingerprint(level: &impl Attributes) -> Option<Fingerprint> {
    let (algorithm, value) = level.attr("fingerprint")?.split_once(' ')?;
    Some(Fingerprint {
        algorithm: algorithm.to_owned(),
        value: value.trim().to_owned(),
    })
}

/// An fmtp value the way sdp-transform's `toIntIfInt` reads it: a number when
/// it prints back identically, a string otherwise.
pub fn param_value(v: &str) -> ParamValue {
    if let Ok(n) = v.parse::<u32>() {
        if n.to_string() == v {
            return ParamValue::Number(n);
        }
    }
    if let Ok(x) = v.parse::<f64>() {
        if x.is_finite() && x.to_string() == v {
            return ParamValue::Float(x);
        }
    }
    ParamValue::String(v.to_owned())
}

/// `key=value` pairs of an fmtp config, in order (sdp-transform `parseParams`).
pub fn parse_params_ordered(config: &str) -> Vec<(String, ParamValue)> {
    split_params(config)
        .filter_map(|expr| match expr.split_once('=') {
            Some((k, v)) if !v.is_empty() => Some((k.to_owned(), param_value(v))),
            Some((k, _)) => Some((k.to_owned(), ParamValue::String(String::new()))),
            None if expr.len() > 1 => Some((expr.to_owned(), ParamValue::String(String::new()))),
            None => None,
        })
        .collect()
}

fn split_params(config: &str) -> impl Iterator<Item = &str> {
    // sdp-transform splits on /;\s?/.
    config.split(';').map(|p| p.strip_prefix(' ').unwrap_or(p))
}

pub fn parse_params(config: &str) -> CodecParameters {
    parse_params_ordered(config).into_iter().collect()
}

/// `k=v;k=v` in the given order.
pub fn write_params<'a>(params: impl IntoIterator<Item = (&'a String, &'a ParamValue)>) -> String {
    params
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::super::sdp::Sdp;
    use super::*;

    #[test]
    fn reads_codec_and_stream_attributes() {
        let sdp = Sdp::parse(
            "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=rtpmap:96 VP8/90000\r\n\
a=rtpmap:111 opus/48000/2\r\na=fmtp:97 apt=96\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:* ccm fir\r\n\
a=extmap:3/sendonly urn:x\r\na=ssrc:5 cname:a:b\r\na=ssrc-group:FID 5 6\r\na=rid:r0 send\r\n\
a=simulcast:send r0;r1\r\na=fingerprint:sha-256 AA:BB\r\n",
        )
        .unwrap();
        let m = &sdp.media[0];
        assert_eq!(rtpmaps(m)[1].channels, Some(2));
        assert_eq!(fmtps(m)[0].config, "apt=96");
        let fbs = rtcp_fbs(m);
        assert_eq!(
            (fbs[0].kind.as_str(), fbs[0].subtype.as_str()),
            ("nack", "pli")
        );
        assert_eq!(fbs[1].payload, None);
        assert_eq!(extmaps(m)[0].id, 3);
        assert_eq!(ssrc_lines(m)[0].value, "a:b");
        assert_eq!(ssrc_groups(m)[0].ssrcs, [5, 6]);
        assert_eq!(rids(m)[0].direction, "send");
        assert_eq!(simulcast(m), Some(("send".into(), "r0;r1".into())));
        assert_eq!(fingerprint(m).unwrap().value, "AA:BB");
    }

    #[test]
    fn params_parse_like_sdp_transform() {
        let p = parse_params("minptime=10;useinbandfec=1; x=0.5;red=111/111;flag;z=01");
        assert_eq!(p["minptime"], ParamValue::Number(10));
        assert_eq!(p["x"], ParamValue::Float(0.5));
        assert_eq!(p["red"], ParamValue::String("111/111".into()));
        assert_eq!(p["flag"], ParamValue::String(String::new()));
        assert_eq!(p["z"], ParamValue::String("01".into()));
        assert_eq!(
            write_params(&p),
            "flag=;minptime=10;red=111/111;useinbandfec=1;x=0.5;z=01"
        );
    }
}
