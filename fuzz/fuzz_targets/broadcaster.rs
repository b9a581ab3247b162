//! The Broadcaster REST API's bodies, decoded as the server decodes them
//! (`decode_body`: the reason names the field), and the ids in its paths.
//! The first byte picks the body type. Properties: nothing panics; every
//! refusal names a place in the body, without control characters.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use stunroom_shared::broadcaster::{
    decode_body, BodyError, ConnectTransportRequest, ConsumeDataRequest, CreateBroadcasterRequest,
    CreateProducerRequest, CreateTransportRequest, ProduceDataRequest,
};
use stunroom_shared::ids::{PeerId, RoomId};

fn decode<T: DeserializeOwned>(body: &[u8]) -> Option<T> {
    match decode_body::<T>(body) {
        Ok(v) => Some(v),
        Err(BodyError::Missing) => None,
        Err(BodyError::Invalid { at, reason }) => {
            assert!(at == "body" || at.starts_with("body."), "{at}");
            assert!(!at.chars().any(char::is_control), "{at:?}");
            assert!(!reason.is_empty());
            None
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    match which % 7 {
        0 => {
            if let Some(b) = decode::<CreateBroadcasterRequest>(body) {
                let _ = b.empty_field();
                let _ = b.device.to_device_info();
                let _ = PeerId::parse(&b.id);
            }
        }
        1 => drop(decode::<CreateTransportRequest>(body)),
        2 => drop(decode::<ConnectTransportRequest>(body)),
        3 => drop(decode::<CreateProducerRequest>(body)),
        4 => drop(decode::<ProduceDataRequest>(body)),
        5 => drop(decode::<ConsumeDataRequest>(body)),
        _ => {
            if let Ok(text) = std::str::from_utf8(body) {
                if let Ok(id) = RoomId::parse(text) {
                    assert_eq!(id.as_str(), text);
                    assert!(text.chars().all(|c| !c.is_control()));
                }
            }
        }
    }
});
