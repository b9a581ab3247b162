//! A small SDP model: a session part and media sections, each an ordered list
//! of lines. Parsing keeps every line (unknown attributes included), so a
//! browser's SDP can be edited and written back unchanged elsewhere; typed
//! views of the attributes this crate uses live in [`attrs`](super::sdp_attrs).

use std::fmt::{self, Write as _};

use thiserror::Error;

/// A malformed SDP.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("SDP line {line}: {reason}")]
pub struct SdpError {
    pub line: usize,
    pub reason: String,
}

impl SdpError {
    fn new(line: usize, reason: impl Into<String>) -> Self {
        Self {
            line,
            reason: reason.into(),
        }
    }
}

/// One `<type>=<value>` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: char,
    pub value: String,
}

impl Line {
    pub fn new(kind: char, value: impl Into<String>) -> Self {
        Self {
            kind,
            value: value.into(),
        }
    }

    /// An `a=` attribute line.
    pub fn attr(value: impl Into<String>) -> Self {
        Self::new('a', value)
    }

    /// `(name, value)` of an attribute line; value is `""` for flags.
    pub fn as_attr(&self) -> Option<(&str, &str)> {
        if self.kind != 'a' {
            return None;
        }
        Some(match self.value.split_once(':') {
            Some((name, value)) => (name, value),
            None => (self.value.as_str(), ""),
        })
    }
}

/// An `m=` section: its media line and the lines after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaSection {
    /// `audio`, `video`, `application`.
    pub kind: String,
    pub port: u16,
    pub protocol: String,
    /// Payload types (or `webrtc-datachannel`) as written.
    pub formats: Vec<String>,
    pub lines: Vec<Line>,
}

/// Lines of one level (session or media) with attribute look-ups.
pub trait Attributes {
    fn lines(&self) -> &[Line];

    /// Values of every `a=<name>[:value]` line, in order.
    fn attrs<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.lines()
            .iter()
            .filter_map(Line::as_attr)
            .filter(move |(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    /// Value of the first `a=<name>` line.
    fn attr(&self, name: &str) -> Option<&str> {
        self.lines()
            .iter()
            .filter_map(Line::as_attr)
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    fn has_attr(&self, name: &str) -> bool {
        self.attr(name).is_some()
    }
}

impl Attributes for MediaSection {
    fn lines(&self) -> &[Line] {
        &self.lines
    }
}

impl MediaSection {
    pub fn mid(&self) -> Option<&str> {
        self.attr("mid")
    }

    /// Port 0: rejected or stopped.
    pub fn is_closed(&self) -> bool {
        self.port == 0
    }
}

/// A whole session description.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sdp {
    /// Lines before the first `m=` (`v=`, `o=`, `s=`, `t=`, session attributes).
    pub session: Vec<Line>,
    pub media: Vec<MediaSection>,
}

impl Attributes for Sdp {
    fn lines(&self) -> &[Line] {
        &self.session
    }
}

impl Sdp {
    /// Parses an SDP with `\r\n` or `\n` line ends. Blank lines are skipped.
    pub fn parse(text: &str) -> Result<Self, SdpError> {
        let mut sdp = Sdp::default();
        for (idx, raw) in text.lines().enumerate() {
            let number = idx + 1;
            let raw = raw.trim_end_matches('\r');
            if raw.trim().is_empty() {
                continue;
            }
            let (kind, value) = split_line(raw).ok_or_else(|| {
                SdpError::new(number, format!("not a <type>=<value> line: {raw:?}"))
            })?;
            if kind == 'm' {
                sdp.media.push(parse_media_line(value, number)?);
            } else if let Some(media) = sdp.media.last_mut() {
                media.lines.push(Line::new(kind, value));
            } else {
                sdp.session.push(Line::new(kind, value));
            }
        }
        if sdp.session.first().is_none_or(|l| l.kind != 'v') {
            return Err(SdpError::new(1, "an SDP starts with v="));
        }
        Ok(sdp)
    }

    pub fn media_by_mid(&self, mid: &str) -> Option<&MediaSection> {
        self.media.iter().find(|m| m.mid() == Some(mid))
    }

    pub fn media_by_mid_mut(&mut self, mid: &str) -> Option<&mut MediaSection> {
        self.media.iter_mut().find(|m| m.mid() == Some(mid))
    }
}

fn split_line(raw: &str) -> Option<(char, &str)> {
    let mut chars = raw.chars();
    let kind = chars.next()?;
    let rest = chars.as_str().strip_prefix('=')?;
    kind.is_ascii_alphabetic().then_some((kind, rest))
}

fn parse_media_line(value: &str, number: usize) -> Result<MediaSection, SdpError> {
    let mut parts = value.split_whitespace();
    let (Some(kind), Some(port), Some(protocol)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(SdpError::new(number, format!("bad m= line: {value:?}")));
    };
    // "port/count" is legal; only the port matters here.
    let port = port
        .split('/')
        .next()
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| SdpError::new(number, format!("bad port in m= line: {value:?}")))?;
    Ok(MediaSection {
        kind: kind.to_owned(),
        port,
        protocol: protocol.to_owned(),
        formats: parts.map(str::to_owned).collect(),
        lines: Vec::new(),
    })
}

impl fmt::Display for Sdp {
    /// Writes the SDP with `\r\n` line ends (and a final one).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        for line in &self.session {
            let _ = write!(out, "{}={}\r\n", line.kind, line.value);
        }
        for m in &self.media {
            let _ = write!(out, "m={} {} {}", m.kind, m.port, m.protocol);
            for format in &m.formats {
                out.push(' ');
                out.push_str(format);
            }
            out.push_str("\r\n");
            for line in &m.lines {
                let _ = write!(out, "{}={}\r\n", line.kind, line.value);
            }
        }
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFER: &str = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n\
a=group:BUNDLE 0\r\na=extmap-allow-mixed\r\n\
m=audio 9 UDP/TLS/RTP/SAVPF 111 63\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\n\
a=rtpmap:111 opus/48000/2\r\na=x-unknown:keep me\r\n";

    #[test]
    fn round_trips_every_line() {
        let sdp = Sdp::parse(OFFER).unwrap();
        assert_eq!(sdp.to_string(), OFFER);
        assert_eq!(sdp.media[0].formats, ["111", "63"]);
        assert_eq!(sdp.media[0].mid(), Some("0"));
        assert!(sdp.has_attr("extmap-allow-mixed"));
        assert_eq!(sdp.media[0].attr("x-unknown"), Some("keep me"));
        assert!(sdp.media_by_mid("0").is_some());
    }

    #[test]
    fn accepts_bare_newlines_and_rejects_garbage() {
        let sdp = Sdp::parse(&OFFER.replace("\r\n", "\n")).unwrap();
        assert_eq!(sdp.to_string(), OFFER);
        assert!(Sdp::parse("hello").is_err());
        assert!(Sdp::parse("s=-\r\n").is_err());
        let err = Sdp::parse("v=0\r\nm=audio x RTP/AVP 0\r\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
