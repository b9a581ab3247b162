//! The remote-SDP builder: a transport as the server describes it (JSON) and
//! consumers with arbitrary RTP parameters, turned into the offer the browser
//! is given. Properties: nothing panics, and whatever it builds parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use std::sync::OnceLock;
use stunroom_client::core::remote_sdp::RemoteSdp;
use stunroom_client::core::sdp::Sdp;
use stunroom_client::core::{ConsumeRequest, Device, RecvCore};
use stunroom_shared::media::{MediaKind, RtpCapabilities, RtpParameters};
use stunroom_shared::messages::TransportInfo;

#[derive(Deserialize)]
struct Input {
    transport: TransportInfo,
    #[serde(default)]
    consumers: Vec<(bool, RtpParameters)>,
}

/// A device loaded from the golden inputs (real Chromium probes).
fn device() -> &'static Device {
    static DEVICE: OnceLock<Device> = OnceLock::new();
    DEVICE.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../client/golden/inputs/");
        let read = |f: &str| std::fs::read_to_string(format!("{dir}{f}")).expect("golden input");
        let caps: RtpCapabilities = serde_json::from_str(&read("router_caps.json")).expect("caps");
        Device::load_with_probes(
            caps,
            &read("chrome_probe_recvonly.sdp"),
            &read("chrome_probe_sendonly.sdp"),
        )
        .expect("device")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Input>(data) else {
        return;
    };
    let mut remote = RemoteSdp::new(&input.transport);
    let text = remote.get_sdp();
    Sdp::parse(&text).expect("the empty remote SDP parses");
    let mut core = RecvCore::new(device(), &input.transport);
    let consumers: Vec<ConsumeRequest> = input
        .consumers
        .into_iter()
        .take(16)
        .enumerate()
        .map(|(i, (video, rtp_parameters))| ConsumeRequest {
            id: format!("c{i}"),
            kind: if video {
                MediaKind::Video
            } else {
                MediaKind::Audio
            },
            rtp_parameters,
            stream_id: String::new(),
            track_id: format!("t{i}"),
        })
        .collect();
    if let Ok((offer, _mids)) = core.receive(&consumers) {
        Sdp::parse(&offer).expect("a built offer parses");
    }
});
