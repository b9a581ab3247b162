//! The protoo envelope and every request's and notification's decoding, as
//! the server (client requests) and the client (server requests and
//! notifications) do it. Properties: nothing panics, and an envelope that
//! parses re-encodes to one that parses again the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stunroom_shared::messages::{ClientRequest, ServerNotification, ServerRequest};
use stunroom_shared::protoo::Message;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(message) = Message::parse(text) else {
        return;
    };
    let again = Message::parse(&message.to_json()).expect("our own encoding parses");
    assert_eq!(again.to_json(), message.to_json(), "re-encoding is stable");
    match &message {
        Message::Request(r) => {
            let _ = ClientRequest::from_request(r);
            let _ = ServerRequest::from_request(r);
        }
        Message::Notification(n) => {
            let _ = ServerNotification::from_notification(n);
        }
        Message::Response(_) => {}
    }
});
