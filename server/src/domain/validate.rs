//! Checks of what clients send, before anything reaches mediasoup: sizes of
//! RTP parameter lists and encodings (mediasoup's own code is not written for
//! hostile input), and the strings that other peers see or the logs carry.

use serde_json::Value;
use stunroom_shared::media::{RtpCapabilities, RtpParameters};
use stunroom_shared::messages::AppData;

use super::error::PeerError;
use super::limits::Limits;

/// Longest data-channel label or protocol.
const MAX_LABEL: usize = 64;
/// Largest `appData` object, in bytes of JSON (it is echoed to every peer).
const MAX_APP_DATA: usize = 4096;

fn list(field: &'static str, len: usize, max: usize) -> Result<(), PeerError> {
    if len > max {
        return Err(PeerError::invalid(
            field,
            format!("{len} entries; at most {max}"),
        ));
    }
    Ok(())
}

/// A producer's RTP parameters: encodings and every list within bounds.
pub fn rtp_parameters(p: &RtpParameters, limits: &Limits) -> Result<(), PeerError> {
    if p.encodings.is_empty() {
        return Err(PeerError::invalid(
            "rtpParameters.encodings",
            "at least one encoding is needed",
        ));
    }
    list(
        "rtpParameters.encodings",
        p.encodings.len(),
        limits.encodings,
    )?;
    list("rtpParameters.codecs", p.codecs.len(), limits.rtp_list)?;
    list(
        "rtpParameters.headerExtensions",
        p.header_extensions.len(),
        limits.rtp_list,
    )?;
    for c in &p.codecs {
        list(
            "rtpParameters.codecs[].rtcpFeedback",
            c.rtcp_feedback.len(),
            limits.rtp_list,
        )?;
        list(
            "rtpParameters.codecs[].parameters",
            c.parameters.len(),
            limits.rtp_list,
        )?;
    }
    for h in &p.header_extensions {
        list(
            "rtpParameters.headerExtensions[].parameters",
            h.parameters.len(),
            limits.rtp_list,
        )?;
    }
    if p.mid.as_deref().is_some_and(|m| m.len() > MAX_LABEL) {
        return Err(PeerError::invalid(
            "rtpParameters.mid",
            format!("longer than {MAX_LABEL} bytes"),
        ));
    }
    Ok(())
}

/// An endpoint's RTP capabilities: every list within bounds.
pub fn rtp_capabilities(c: &RtpCapabilities, limits: &Limits) -> Result<(), PeerError> {
    list("rtpCapabilities.codecs", c.codecs.len(), limits.rtp_list)?;
    list(
        "rtpCapabilities.headerExtensions",
        c.header_extensions.len(),
        limits.rtp_list,
    )?;
    for codec in &c.codecs {
        list(
            "rtpCapabilities.codecs[].rtcpFeedback",
            codec.rtcp_feedback.len(),
            limits.rtp_list,
        )?;
        list(
            "rtpCapabilities.codecs[].parameters",
            codec.parameters.len(),
            limits.rtp_list,
        )?;
    }
    Ok(())
}

/// A display name: at most the limit in characters, no control characters
/// (they would forge lines in logs and confuse other peers' screens).
pub fn display_name(name: &str, limits: &Limits) -> Result<(), PeerError> {
    let chars = name.chars().count();
    if chars > limits.display_name {
        return Err(PeerError::invalid(
            "displayName",
            format!("{chars} characters; at most {}", limits.display_name),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(PeerError::invalid("displayName", "has control characters"));
    }
    Ok(())
}

/// A data channel's label or protocol.
pub fn label(field: &'static str, value: &str) -> Result<(), PeerError> {
    if value.len() > MAX_LABEL {
        return Err(PeerError::invalid(
            field,
            format!("longer than {MAX_LABEL} bytes"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(PeerError::invalid(field, "has control characters"));
    }
    Ok(())
}

/// `appData`: small enough to echo to every peer.
pub fn app_data(data: &AppData) -> Result<(), PeerError> {
    let size = serde_json::to_string(&Value::Object(data.clone())).map_or(usize::MAX, |s| s.len());
    if size > MAX_APP_DATA {
        return Err(PeerError::invalid(
            "appData",
            format!("{size} bytes of JSON; at most {MAX_APP_DATA}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use stunroom_shared::media::RtpEncodingParameters;

    #[test]
    fn encodings_and_lists_are_bounded() {
        let limits = Limits::default();
        let mut p = RtpParameters {
            encodings: vec![RtpEncodingParameters::default(); 4],
            ..RtpParameters::default()
        };
        assert!(rtp_parameters(&p, &limits).is_ok());
        p.encodings = vec![RtpEncodingParameters::default(); 100];
        let e = rtp_parameters(&p, &limits).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid rtpParameters.encodings: 100 entries; at most 4"
        );
        p.encodings.clear();
        assert!(rtp_parameters(&p, &limits).is_err());
    }

    #[test]
    fn names_and_labels_are_checked() {
        let limits = Limits::default();
        assert!(display_name("Zoë 🎥", &limits).is_ok());
        assert!(display_name(&"x".repeat(101), &limits).is_err());
        assert!(display_name("a\r\nb", &limits)
            .unwrap_err()
            .to_string()
            .contains("control"));
        assert!(label("label", "chat").is_ok());
        assert!(label("label", &"x".repeat(65)).is_err());
        let mut big = AppData::new();
        big.insert("x".into(), Value::String("y".repeat(5000)));
        assert!(app_data(&big).is_err());
    }
}
