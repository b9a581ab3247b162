//! How the rooms reach a peer, whatever carries it: the protoo WebSocket
//! session implements [`PeerChannel`]; a broadcaster of the REST API has no
//! channel ([`Detached`]). The rooms know only this trait.

use std::future::Future;
use std::pin::Pin;

use serde_json::Value;
use stunroom_shared::messages::{ServerNotification, ServerRequest};
use stunroom_shared::protoo::ErrorResponse;

/// A server → client request's answer.
pub type RequestAnswer = Pin<Box<dyn Future<Output = Result<Value, ErrorResponse>> + Send>>;

/// What the server can send to a connected peer.
pub trait PeerChannel: Send + Sync {
    /// A notification (dropped if the peer cannot take it).
    fn notify(&self, notification: ServerNotification);
    /// A request (`newConsumer`, ...) and its answer, bounded in time.
    fn request(&self, request: ServerRequest) -> RequestAnswer;
    /// Ends the connection with a WebSocket close code and reason.
    fn close(&self, code: u16, reason: &str);
}

/// A peer without a connection (a REST broadcaster): notifications go nowhere
/// and requests are refused.
pub struct Detached;

impl PeerChannel for Detached {
    fn notify(&self, _notification: ServerNotification) {}

    fn request(&self, _request: ServerRequest) -> RequestAnswer {
        Box::pin(async {
            Err(ErrorResponse::new(
                501,
                "this peer has no signaling connection",
            ))
        })
    }

    fn close(&self, _code: u16, _reason: &str) {}
}
