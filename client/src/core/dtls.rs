//! The browser's DTLS parameters from its local SDP
//! (mediasoup-client `commonUtils.extractDtlsParameters` + `setupTransport`).

use stunroom_shared::media::{DtlsFingerprint, DtlsParameters, DtlsRole};

use super::sdp::{Attributes, Sdp};
use super::sdp_attrs::fingerprint;
use super::CoreError;

/// Fingerprint of the local SDP (session level, else the first open media
/// section) with the given role, which is what the server is told in
/// `connectWebRtcTransport`.
pub fn dtls_parameters_with_role(
    local_sdp: &str,
    role: DtlsRole,
) -> Result<DtlsParameters, CoreError> {
    let sdp = Sdp::parse(local_sdp)?;
    let open = sdp.media.iter().find(|m| !m.is_closed());
    let setup = sdp
        .attr("setup")
        .or_else(|| open.and_then(|m| m.attr("setup")));
    let fp = fingerprint(&sdp).or_else(|| open.and_then(fingerprint));
    if setup.is_none() {
        return Err(CoreError::NoDtls(
            "no a=setup found at SDP session or media level",
        ));
    }
    let fp = fp.ok_or(CoreError::NoDtls(
        "no a=fingerprint found at SDP session or media level",
    ))?;
    Ok(DtlsParameters {
        role,
        fingerprints: vec![DtlsFingerprint {
            algorithm: fp.algorithm,
            value: fp.value,
        }],
    })
}

/// The browser's DTLS parameters for the first `connectWebRtcTransport`:
/// role `client` (the remote SDP says `a=setup:passive` on the send side).
pub fn local_dtls_parameters(local_sdp: &str) -> Result<DtlsParameters, CoreError> {
    dtls_parameters_with_role(local_sdp, DtlsRole::Client)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_media_level_fingerprint() {
        let sdp = "v=0\r\ns=-\r\nm=audio 9 RTP/SAVPF 0\r\na=setup:actpass\r\na=fingerprint:sha-256 AB:CD\r\n";
        let p = local_dtls_parameters(sdp).unwrap();
        assert_eq!(p.role, DtlsRole::Client);
        assert_eq!(p.fingerprints[0].algorithm, "sha-256");
        assert_eq!(p.fingerprints[0].value, "AB:CD");
        assert!(matches!(
            local_dtls_parameters("v=0\r\nm=audio 9 RTP/SAVPF 0\r\na=setup:actpass\r\n"),
            Err(CoreError::NoDtls(_))
        ));
    }
}
