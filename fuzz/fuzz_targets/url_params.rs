//! The page's URL parameters: the seed's ICE parameters (`enableIceServer`,
//! `iceServerHost`, ...) and the room/peer/name ones, from an arbitrary query
//! string. Properties: nothing panics; what is accepted is well-formed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stunroom_client::params;
use stunroom_shared::ice;

fuzz_target!(|data: &[u8]| {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(data).into_owned().collect();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if let Ok(settings) = ice::from_url_params(get) {
        let _ = format!("{settings:?}");
    }
    let mut n = 0u32;
    let random = || {
        n += 1;
        format!("r{n:07}")
    };
    if let Ok(join) = params::resolve(get("roomId"), get("peerId"), get("displayName"), random) {
        assert!(!join.room_id.is_empty() && join.room_id.len() <= 64);
        assert!(!join.peer_id.is_empty() && join.peer_id.len() <= 64);
        assert!(!join.display_name.is_empty());
    }
    let _ = params::signaling_url;
});
