//! Shared (wire) types ⇄ mediasoup types, through their common JSON form.
//! Inbound failures are [`SfuError::Invalid`] naming the field; outbound ones
//! (mediasoup gave us something our wire types cannot hold) are internal errors.

use mediasoup::data_structures::IceCandidate as MsIceCandidate;
use mediasoup::rtp_parameters::{
    RtpCapabilities as MsRtpCapabilities, RtpCodecCapability, RtpHeaderExtension,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use stunroom_shared::media::{IceCandidate, RtpCapabilities};

use super::SfuError;

/// Deserializes `value` into a mediasoup type; the error names `what` and the path inside it.
pub(super) fn value_to_ms<T: DeserializeOwned>(what: &str, value: Value) -> Result<T, SfuError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            what.to_owned()
        } else {
            format!("{what}.{path}")
        };
        SfuError::invalid(field, e.inner())
    })
}

/// Shared type → mediasoup type.
pub(super) fn to_ms<S: Serialize, T: DeserializeOwned>(
    what: &str,
    value: &S,
) -> Result<T, SfuError> {
    let value = serde_json::to_value(value).map_err(|e| SfuError::invalid(what, e))?;
    value_to_ms(what, value)
}

/// mediasoup type → shared type.
pub(super) fn from_ms<S: Serialize, T: DeserializeOwned>(
    what: &str,
    value: &S,
) -> Result<T, SfuError> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|e| SfuError::Internal(format!("cannot convert mediasoup's {what}: {e}")))
}

/// An endpoint's RTP capabilities in mediasoup's form. Codecs and header
/// extensions mediasoup does not know are left out (the endpoint simply will not
/// receive them); a malformed entry of a known kind is an error naming it.
pub(super) fn rtp_capabilities_to_ms(
    caps: &RtpCapabilities,
) -> Result<MsRtpCapabilities, SfuError> {
    let mut codecs = Vec::with_capacity(caps.codecs.len());
    for (i, codec) in caps.codecs.iter().enumerate() {
        let mut value = serde_json::to_value(codec)
            .map_err(|e| SfuError::invalid(format!("rtpCapabilities.codecs[{i}]"), e))?;
        // mediasoup requires `channels` on audio codecs; SDP defaults it to 1.
        if let Some(obj) = value.as_object_mut() {
            if obj.get("kind") == Some(&Value::from("audio")) && !obj.contains_key("channels") {
                obj.insert("channels".into(), Value::from(1));
            }
        }
        match value_to_ms::<RtpCodecCapability>(&format!("rtpCapabilities.codecs[{i}]"), value) {
            Ok(c) => codecs.push(c),
            Err(e) => tracing::debug!("ignoring a codec mediasoup cannot use: {e}"),
        }
    }
    let mut header_extensions = Vec::with_capacity(caps.header_extensions.len());
    for (i, ext) in caps.header_extensions.iter().enumerate() {
        let what = format!("rtpCapabilities.headerExtensions[{i}]");
        match to_ms::<_, RtpHeaderExtension>(&what, ext) {
            Ok(e) => header_extensions.push(e),
            Err(e) => tracing::debug!("ignoring a header extension mediasoup cannot use: {e}"),
        }
    }
    Ok(MsRtpCapabilities {
        codecs,
        header_extensions,
    })
}

/// Checks that an endpoint's RTP capabilities can be used for consuming.
pub fn check_rtp_capabilities(caps: &RtpCapabilities) -> Result<(), SfuError> {
    rtp_capabilities_to_ms(caps).map(|_| ())
}

/// ICE candidates with the address in both `ip` (mediasoup ≤ 3.10 clients) and `address`.
pub(super) fn ice_candidates(list: &[MsIceCandidate]) -> Result<Vec<IceCandidate>, SfuError> {
    let mut out: Vec<IceCandidate> = from_ms("iceCandidates", &list)?;
    for c in &mut out {
        let addr = c.addr().to_owned();
        c.ip = Some(addr.clone());
        c.address = Some(addr);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mediasoup::rtp_parameters::RtpParameters as MsRtpParameters;
    use serde_json::json;
    use stunroom_shared::media::RtpParameters;

    #[test]
    fn bad_rtp_parameters_name_the_field() {
        let params: RtpParameters = serde_json::from_value(json!({
            "codecs": [{"mimeType": "video/NOPE", "payloadType": 96, "clockRate": 90000}],
            "encodings": [{"ssrc": 1}]
        }))
        .unwrap();
        let e = to_ms::<_, MsRtpParameters>("rtpParameters", &params).unwrap_err();
        assert!(matches!(e, SfuError::Invalid { .. }));
        assert!(e.to_string().contains("rtpParameters.codecs[0]"), "{e}");
    }

    #[test]
    fn capabilities_skip_unknown_codecs_and_default_channels() {
        let caps: RtpCapabilities = serde_json::from_value(json!({
            "codecs": [
                {"kind":"audio","mimeType":"audio/opus","preferredPayloadType":100,"clockRate":48000},
                {"kind":"video","mimeType":"video/AV1X","preferredPayloadType":45,"clockRate":90000}
            ],
            "headerExtensions": [
                {"kind":"video","uri":"urn:3gpp:video-orientation","preferredId":4}
            ]
        }))
        .unwrap();
        let ms = rtp_capabilities_to_ms(&caps).unwrap();
        assert_eq!(ms.codecs.len(), 1);
        assert_eq!(ms.header_extensions.len(), 1);
    }
}
