//! The client core's SDP parser and what reads a browser's SDP: capabilities,
//! DTLS parameters, the attribute helpers. Properties: nothing panics, and a
//! parsed SDP prints to text that parses to the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stunroom_client::core::sdp::Sdp;
use stunroom_client::core::{caps, local_dtls_parameters, sdp_attrs, Handler};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = local_dtls_parameters(text);
    let Ok(sdp) = Sdp::parse(text) else {
        return;
    };
    let printed = sdp.to_string();
    let again = Sdp::parse(&printed).expect("printed SDP parses");
    assert_eq!(again.to_string(), printed, "printing is stable");
    let _ = caps::extract_rtp_capabilities(&sdp);
    for handler in [Handler::Chrome111, Handler::Firefox120, Handler::Safari12] {
        let _ = caps::local_rtp_capabilities(&sdp, handler);
    }
    for m in &sdp.media {
        let _ = sdp_attrs::rtpmaps(m);
        let _ = sdp_attrs::fmtps(m);
        let _ = sdp_attrs::rtcp_fbs(m);
        let _ = sdp_attrs::extmaps(m);
        let _ = sdp_attrs::ssrc_lines(m);
        let _ = sdp_attrs::ssrc_groups(m);
        let _ = sdp_attrs::rids(m);
        let _ = sdp_attrs::simulcast(m);
    }
});
