//! One protoo signaling session per WebSocket: frame parsing, request/response
//! correlation in both directions (server → client requests such as
//! `newConsumer` time out), keepalive pings, and an ordered writer.
//!
//! Client requests are handled one at a time, in arrival order, by a handler
//! task; the reader keeps reading meanwhile, so the client's answers to our own
//! requests are never stuck behind a request being handled.
//!
//! Each session is counted by [`crate::shutdown`] until its clean-up is done;
//! when a graceful shutdown ends its drain, the session closes its WebSocket
//! with 1001 ("going away") and cleans up as if the peer had left.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use stunroom_shared::messages::{ServerNotification, ServerRequest, VersionData};
use stunroom_shared::protoo::{
    ErrorResponse, Message, Notification, Request, Response, CLOSE_NO_RECONNECT,
};
use tokio::sync::{mpsc, oneshot};

use crate::peer::Peer;
use crate::room::PeerLink;
use crate::sfu::{SfuEvent, MEDIASOUP_VERSION};
use crate::shutdown::{CLOSE_GOING_AWAY, SHUTDOWN_REASON};
use crate::App;

/// How often we ping; a peer silent for two intervals is dropped.
pub const PING_INTERVAL: Duration = Duration::from_secs(60);
/// How long the client gets to answer a server → client request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// What the writer task sends.
enum Outgoing {
    Text(String),
    Ping,
    Close(u16, String),
}

type Pending = Mutex<HashMap<u64, oneshot::Sender<Result<Value, ErrorResponse>>>>;

/// Sends to one client: notifications, responses, and requests awaiting an answer.
/// Cheap to clone; other sessions use it to reach this peer.
#[derive(Clone)]
pub struct Signal {
    out: mpsc::UnboundedSender<Outgoing>,
    pending: Arc<Pending>,
    next_id: Arc<AtomicU64>,
}

impl Signal {
    fn new(out: mpsc::UnboundedSender<Outgoing>) -> Self {
        Self {
            out,
            pending: Arc::default(),
            next_id: Arc::new(AtomicU64::new(1)),
        }
    }

    /// A signal that reaches no one, for a peer without a WebSocket (a
    /// broadcaster of the REST API): notifications are dropped and requests
    /// fail at once.
    pub fn detached() -> Self {
        let (out, _) = mpsc::unbounded_channel();
        Self::new(out)
    }

    fn send(&self, message: Message) {
        let _ = self.out.send(Outgoing::Text(message.to_json()));
    }

    pub fn notify(&self, notification: ServerNotification) {
        self.send(Message::Notification(notification.into_notification()));
    }

    fn respond(&self, response: Response) {
        self.send(Message::Response(response));
    }

    /// Closes the WebSocket (the session then ends and cleans up).
    pub fn close(&self, code: u16, reason: &str) {
        let _ = self.out.send(Outgoing::Close(code, reason.to_owned()));
    }

    fn pending(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<u64, oneshot::Sender<Result<Value, ErrorResponse>>>>
    {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends a request and waits (at most [`REQUEST_TIMEOUT`]) for the client's answer.
    pub async fn request(&self, request: ServerRequest) -> Result<Value, ErrorResponse> {
        if self.out.is_closed() {
            return Err(ErrorResponse::new(500, "connection closed"));
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.pending().insert(id, tx);
        let (method, data) = request.into_parts();
        self.send(Message::Request(Request { id, method, data }));
        let result = tokio::time::timeout(REQUEST_TIMEOUT, rx).await;
        self.pending().remove(&id);
        match result {
            Ok(Ok(answer)) => answer,
            Ok(Err(_)) => Err(ErrorResponse::new(500, "connection closed")),
            Err(_) => Err(ErrorResponse::new(408, "request timeout")),
        }
    }

    fn resolve(&self, response: Response) {
        match self.pending().remove(&response.id) {
            Some(tx) => {
                let _ = tx.send(response.result);
            }
            None => tracing::debug!(id = response.id, "response to no pending request"),
        }
    }

    /// Fails every request still waiting for an answer.
    fn fail_pending(&self) {
        self.pending().clear();
    }
}

/// Finds a numeric `"id"` in a frame that is not valid JSON, so the error can
/// still be correlated to the request that carried it.
fn salvage_id(text: &str) -> Option<u64> {
    let at = text.find("\"id\"")? + 4;
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Runs a session until the socket closes, then cleans the peer up.
pub async fn run(mut socket: WebSocket, app: Arc<App>, room_id: String, peer_id: String) {
    // The upgrade handler already refuses during shutdown; this closes the gap
    // between its check and here.
    let Some(mut lifecycle) = app.shutdown.enter() else {
        let frame = CloseFrame {
            code: CLOSE_GOING_AWAY,
            reason: SHUTDOWN_REASON.into(),
        };
        let _ = socket.send(WsMessage::Close(Some(frame))).await;
        return;
    };
    app.metrics.websocket_accepted();
    let (mut sink, mut stream) = socket.split();
    let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Outgoing>();
    let writer = tokio::spawn(async move {
        while let Some(item) = out_rx.recv().await {
            let result = match item {
                Outgoing::Text(text) => sink.send(WsMessage::Text(text.into())).await,
                Outgoing::Ping => sink.send(WsMessage::Ping(Default::default())).await,
                Outgoing::Close(code, reason) => {
                    let frame = CloseFrame {
                        code,
                        reason: reason.into(),
                    };
                    let _ = sink.send(WsMessage::Close(Some(frame))).await;
                    break;
                }
            };
            if result.is_err() {
                break;
            }
        }
        let _ = sink.close().await;
    });

    let signal = Signal::new(out_tx);
    let (events_tx, mut events_rx) = mpsc::unbounded_channel::<SfuEvent>();
    let link = PeerLink {
        signal: signal.clone(),
        events: events_tx,
    };
    let peer = Arc::new(Peer::connect(app, &room_id, &peer_id, link).await);
    tracing::info!(room = %room_id, peer = %peer_id, "peer connected");
    signal.notify(ServerNotification::MediasoupVersion(VersionData {
        version: MEDIASOUP_VERSION.into(),
    }));

    // Requests are handled in order by one task.
    let (req_tx, mut req_rx) = mpsc::unbounded_channel::<Request>();
    let handler = {
        let (peer, signal) = (peer.clone(), signal.clone());
        tokio::spawn(async move {
            while let Some(request) = req_rx.recv().await {
                let (id, method) = (request.id, request.method.clone());
                // Its own task, so that a bug panicking in one handler costs one
                // error response, not the session.
                let peer = peer.clone();
                match tokio::spawn(async move { peer.handle(request).await }).await {
                    Ok((response, follow_up)) => {
                        signal.respond(response);
                        if let Some(f) = follow_up {
                            tokio::spawn(f);
                        }
                    }
                    Err(e) => {
                        tracing::error!(%method, "request handler failed: {e}");
                        let error = ErrorResponse::new(
                            500,
                            format!("internal error handling \"{method}\""),
                        );
                        signal.respond(Response::error(id, error));
                    }
                }
            }
        })
    };

    let mut ping = tokio::time::interval(PING_INTERVAL);
    ping.tick().await;
    let mut last_heard = Instant::now();
    loop {
        tokio::select! {
            frame = stream.next() => {
                let Some(Ok(frame)) = frame else { break };
                last_heard = Instant::now();
                match frame {
                    WsMessage::Text(text) => on_text(text.as_str(), &signal, &req_tx),
                    WsMessage::Close(_) => break,
                    WsMessage::Binary(_) => tracing::debug!(peer = %peer_id, "ignoring a binary frame"),
                    WsMessage::Ping(_) | WsMessage::Pong(_) => {}
                }
            }
            Some(event) = events_rx.recv() => peer.on_sfu_event(event),
            _ = ping.tick() => {
                if last_heard.elapsed() > PING_INTERVAL * 2 {
                    tracing::info!(peer = %peer_id, "no answer to keepalive pings, closing");
                    break;
                }
                let _ = signal.out.send(Outgoing::Ping);
            }
            _ = lifecycle.closing() => {
                tracing::info!(peer = %peer_id, "server shutting down, closing the connection");
                // Told first, so the client can go elsewhere while we clean up.
                signal.close(CLOSE_GOING_AWAY, SHUTDOWN_REASON);
                break;
            }
        }
    }

    // Stop taking requests, let the one in progress finish, then clean up.
    drop(req_tx);
    let _ = handler.await;
    signal.fail_pending();
    peer.close().await;
    signal.close(1000, "bye");
    let _ = writer.await;
    tracing::info!(room = %room_id, peer = %peer_id, "peer disconnected");
    drop(lifecycle);
}

fn on_text(text: &str, signal: &Signal, requests: &mpsc::UnboundedSender<Request>) {
    match Message::parse(text) {
        Ok(Message::Request(request)) => {
            let _ = requests.send(request);
        }
        Ok(Message::Response(response)) => signal.resolve(response),
        Ok(Message::Notification(Notification { method, .. })) => {
            tracing::debug!(%method, "ignoring a client notification");
        }
        Err(e) => {
            tracing::debug!("bad frame: {e}");
            if let Some(id) = salvage_id(text) {
                signal.respond(Response::error(id, ErrorResponse::new(400, e.to_string())));
            }
        }
    }
}

/// Closes a replaced connection so the reference client does not reconnect.
pub fn close_replaced(signal: &Signal) {
    signal.close(
        CLOSE_NO_RECONNECT,
        "replaced by a new connection of the same peer",
    );
}

#[cfg(test)]
mod tests {
    use super::salvage_id;

    #[test]
    fn salvages_ids_from_broken_frames() {
        assert_eq!(
            salvage_id(r#"{"request":true,"id": 42,"method":"jo"#),
            Some(42)
        );
        assert_eq!(salvage_id(r#"{"request":true,"id":"x"}"#), None);
        assert_eq!(salvage_id("garbage"), None);
    }
}
