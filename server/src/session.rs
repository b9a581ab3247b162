//! One protoo signaling session per WebSocket: frame parsing, request/response
//! correlation in both directions (server → client requests such as
//! `newConsumer` time out), keepalive pings, and an ordered writer.
//!
//! Client requests are handled one at a time, in arrival order, by a handler
//! task; the reader keeps reading meanwhile, so the client's answers to our own
//! requests are never stuck behind a request being handled.
//!
//! Bounded everywhere: a client sends at most `--max-requests-per-second`
//! (429 beyond), has at most [`MAX_QUEUED_REQUESTS`] waiting, and a peer that
//! does not read what we send — the queue to it fills, a write takes longer
//! than `--write-timeout`, or it answers no ping for two intervals — is dropped.
//!
//! Each session is counted by [`crate::shutdown`] until its clean-up is done;
//! when a graceful shutdown ends its drain, the session closes its WebSocket
//! with 1001 ("going away") and cleans up as if the peer had left.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use stunroom_shared::ids::{PeerId, RoomId};
use stunroom_shared::messages::{ServerNotification, ServerRequest, VersionData};
use stunroom_shared::protoo::{
    ErrorResponse, Message, Notification, Request, Response, CLOSE_NO_RECONNECT,
};
use tokio::sync::{mpsc, oneshot, Notify};

use crate::admission::Ticket;
use crate::domain::channel::{PeerChannel, RequestAnswer};
use crate::domain::{Arrival, Peer, PeerKind, PeerLink};
use crate::sfu::MEDIASOUP_VERSION;
use crate::shutdown::{CLOSE_GOING_AWAY, SHUTDOWN_REASON};
use crate::{protoo, App};

/// How long the client gets to answer a server → client request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// Client requests waiting to be handled; beyond, they are refused.
pub const MAX_QUEUED_REQUESTS: usize = 32;
/// WebSocket close code for a peer that does not keep up (RFC 6455 "policy violation").
const CLOSE_TOO_SLOW: u16 = 1008;

/// What the writer task sends.
enum Outgoing {
    Text(String),
    Ping,
    Close(u16, String),
}

type Pending = Mutex<HashMap<u64, oneshot::Sender<Result<Value, ErrorResponse>>>>;

/// Sends to one client: notifications, responses, and requests awaiting an
/// answer. Other sessions reach this peer through it ([`PeerChannel`]).
struct Channel {
    out: mpsc::Sender<Outgoing>,
    pending: Pending,
    next_id: AtomicU64,
    /// Why the session must end (the first reason wins), and its wake-up.
    ending: Mutex<Option<(u16, String)>>,
    end: Notify,
    ended: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Channel {
    fn send(&self, message: Message) {
        if self.ended.load(Ordering::Relaxed) {
            return;
        }
        if self
            .out
            .try_send(Outgoing::Text(message.to_json()))
            .is_err()
        {
            self.end_with(CLOSE_TOO_SLOW, "not reading the server's messages");
        }
    }

    fn respond(&self, response: Response) {
        self.send(Message::Response(response));
    }

    fn end_with(&self, code: u16, reason: &str) {
        let mut ending = lock(&self.ending);
        if ending.is_none() {
            *ending = Some((code, reason.to_owned()));
            self.end.notify_one();
        }
    }

    fn resolve(&self, response: Response) {
        match lock(&self.pending).remove(&response.id) {
            Some(tx) => {
                let _ = tx.send(response.result);
            }
            None => tracing::debug!(id = response.id, "response to no pending request"),
        }
    }
}

/// The channel as the rooms see it.
#[derive(Clone)]
struct SessionChannel(Arc<Channel>);

impl PeerChannel for SessionChannel {
    fn notify(&self, notification: ServerNotification) {
        self.0
            .send(Message::Notification(notification.into_notification()));
    }

    fn request(&self, request: ServerRequest) -> RequestAnswer {
        let channel = self.0.clone();
        Box::pin(async move {
            if channel.ended.load(Ordering::Relaxed) {
                return Err(ErrorResponse::new(500, "connection closed"));
            }
            let id = channel.next_id.fetch_add(1, Ordering::Relaxed);
            let (tx, rx) = oneshot::channel();
            lock(&channel.pending).insert(id, tx);
            let (method, data) = request.into_parts();
            channel.send(Message::Request(Request { id, method, data }));
            let result = tokio::time::timeout(REQUEST_TIMEOUT, rx).await;
            lock(&channel.pending).remove(&id);
            match result {
                Ok(Ok(answer)) => answer,
                Ok(Err(_)) => Err(ErrorResponse::new(500, "connection closed")),
                Err(_) => Err(ErrorResponse::new(408, "request timeout")),
            }
        })
    }

    fn close(&self, code: u16, reason: &str) {
        self.0.end_with(code, reason);
    }
}

/// A token bucket: `rate` requests per second, bursts of twice that.
struct RateLimit {
    rate: f64,
    tokens: f64,
    at: Instant,
}

impl RateLimit {
    fn new(rate: u32) -> Self {
        let rate = f64::from(rate.max(1));
        RateLimit {
            rate,
            tokens: rate * 2.0,
            at: Instant::now(),
        }
    }

    fn allow(&mut self) -> bool {
        let now = Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.at).as_secs_f64() * self.rate)
            .min(self.rate * 2.0);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return true;
        }
        false
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

/// Who is connecting.
pub struct Caller {
    pub room_id: RoomId,
    pub peer_id: PeerId,
    pub ip: IpAddr,
    pub ticket: Ticket,
}

/// Runs a session until the socket closes, then cleans the peer up.
pub async fn run(mut socket: WebSocket, app: Arc<App>, caller: Caller) {
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
    let limits = app.hub.limits().clone();
    let (mut sink, mut stream) = socket.split();
    let (out_tx, mut out_rx) = mpsc::channel::<Outgoing>(limits.send_queue);
    let write_timeout = limits.write_timeout;
    let writer = tokio::spawn(async move {
        while let Some(item) = out_rx.recv().await {
            let (frame, last) = match item {
                Outgoing::Text(text) => (WsMessage::Text(text.into()), false),
                Outgoing::Ping => (WsMessage::Ping(Default::default()), false),
                Outgoing::Close(code, reason) => (
                    WsMessage::Close(Some(CloseFrame {
                        code,
                        reason: reason.into(),
                    })),
                    true,
                ),
            };
            match tokio::time::timeout(write_timeout, sink.send(frame)).await {
                Ok(Ok(())) if !last => {}
                _ => break,
            }
        }
        let _ = tokio::time::timeout(write_timeout, sink.close()).await;
    });

    let channel = Arc::new(Channel {
        out: out_tx.clone(),
        pending: Mutex::default(),
        next_id: AtomicU64::new(1),
        ending: Mutex::default(),
        end: Notify::new(),
        ended: AtomicBool::new(false),
    });
    let (sfu_sink, mut events) = app.hub.sfu.sink(limits.send_queue);
    let link = PeerLink {
        channel: Arc::new(SessionChannel(channel.clone())),
        sink: Arc::new(sfu_sink),
    };
    let arrival = Arrival {
        room_id: &caller.room_id,
        peer_id: &caller.peer_id,
        kind: PeerKind::Signaling,
        ip: Some(caller.ip),
        link,
    };
    let (room_id, peer_id) = (&caller.room_id, &caller.peer_id);
    let peer = match Peer::connect(app.hub.clone(), arrival).await {
        Ok(peer) => Arc::new(peer),
        Err(e) => {
            tracing::info!(room = %room_id, peer = %peer_id, ip = %caller.ip, reason = ?e.to_string(), "refused");
            // 4000: the reference client does not retry a refusal in a loop.
            let _ = out_tx.try_send(Outgoing::Close(CLOSE_NO_RECONNECT, e.to_string()));
            drop(out_tx);
            let _ = writer.await;
            return;
        }
    };
    tracing::info!(room = %room_id, peer = %peer_id, "peer connected");
    SessionChannel(channel.clone()).notify(ServerNotification::MediasoupVersion(VersionData {
        version: MEDIASOUP_VERSION.into(),
    }));

    // Requests are handled in order by one task.
    let (req_tx, mut req_rx) = mpsc::channel::<Request>(MAX_QUEUED_REQUESTS);
    let handler = {
        let (peer, channel) = (peer.clone(), channel.clone());
        tokio::spawn(async move {
            while let Some(request) = req_rx.recv().await {
                let (id, method) = (request.id, request.method.clone());
                // Its own task, so that a bug panicking in one handler costs one
                // error response, not the session.
                let peer = peer.clone();
                match tokio::spawn(async move { protoo::handle(&peer, &request).await }).await {
                    Ok((response, follow_up)) => {
                        channel.respond(response);
                        if let Some(f) = follow_up {
                            tokio::spawn(f);
                        }
                    }
                    Err(e) => {
                        tracing::error!(method = ?method, error = ?e.to_string(), "request handler failed");
                        let error = ErrorResponse::new(500, "internal error handling the request");
                        channel.respond(Response::error(id, error));
                    }
                }
            }
        })
    };

    let mut rate = RateLimit::new(limits.requests_per_second);
    let mut ping = tokio::time::interval(limits.ping_interval);
    ping.tick().await;
    let mut last_heard = Instant::now();
    let close: Option<(u16, String)> = loop {
        tokio::select! {
            frame = stream.next() => {
                let Some(Ok(frame)) = frame else { break None };
                last_heard = Instant::now();
                match frame {
                    WsMessage::Text(text) => on_text(text.as_str(), &channel, &req_tx, &mut rate),
                    WsMessage::Close(_) => break None,
                    WsMessage::Binary(_) => tracing::debug!(peer = %peer_id, "ignoring a binary frame"),
                    WsMessage::Ping(_) | WsMessage::Pong(_) => {}
                }
            }
            event = events.recv() => match event {
                Some(event) => peer.on_sfu_event(event),
                None => {
                    tracing::warn!(peer = %peer_id, "dropping a peer whose SFU events piled up");
                    break Some((CLOSE_TOO_SLOW, "not keeping up with the server's events".into()));
                }
            },
            _ = ping.tick() => {
                if last_heard.elapsed() > limits.ping_interval * 2 {
                    tracing::info!(peer = %peer_id, "no answer to keepalive pings, closing");
                    break Some((CLOSE_TOO_SLOW, "no answer to keepalive pings".into()));
                }
                if out_tx.try_send(Outgoing::Ping).is_err() {
                    channel.end_with(CLOSE_TOO_SLOW, "not reading the server's messages");
                }
            }
            _ = channel.end.notified() => {
                let why = lock(&channel.ending).clone();
                if let Some((code, reason)) = &why {
                    tracing::info!(peer = %peer_id, code, reason = ?reason, "closing");
                }
                break why;
            }
            _ = lifecycle.closing() => {
                tracing::info!(peer = %peer_id, "server shutting down, closing the connection");
                break Some((CLOSE_GOING_AWAY, SHUTDOWN_REASON.into()));
            }
        }
    };
    // Told first, so the client can go elsewhere (or rejoin) while we clean up.
    let (code, reason) = close.unwrap_or((1000, "bye".into()));
    let _ = tokio::time::timeout(write_timeout, out_tx.send(Outgoing::Close(code, reason))).await;
    channel.ended.store(true, Ordering::Relaxed);

    // Stop taking requests, let the one in progress finish, then clean up.
    drop(req_tx);
    let _ = handler.await;
    lock(&channel.pending).clear();
    peer.close().await;
    drop(out_tx);
    drop(peer);
    drop(channel);
    let _ = writer.await;
    tracing::info!(room = %room_id, peer = %peer_id, "peer disconnected");
    drop(caller.ticket);
    drop(lifecycle);
}

fn on_text(text: &str, channel: &Channel, requests: &mpsc::Sender<Request>, rate: &mut RateLimit) {
    match Message::parse(text) {
        Ok(Message::Request(request)) => {
            let id = request.id;
            if !rate.allow() {
                let e = ErrorResponse::new(429, "too many requests: slow down");
                channel.respond(Response::error(id, e));
                return;
            }
            if requests.try_send(request).is_err() {
                let e = ErrorResponse::new(
                    429,
                    format!("too many requests waiting (at most {MAX_QUEUED_REQUESTS})"),
                );
                channel.respond(Response::error(id, e));
            }
        }
        Ok(Message::Response(response)) => channel.resolve(response),
        Ok(Message::Notification(Notification { method, .. })) => {
            tracing::debug!(method = ?method, "ignoring a client notification");
        }
        Err(e) => {
            tracing::debug!(error = ?e.to_string(), "bad frame");
            if let Some(id) = salvage_id(text) {
                channel.respond(Response::error(id, ErrorResponse::new(400, e.to_string())));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{salvage_id, RateLimit};

    #[test]
    fn salvages_ids_from_broken_frames() {
        assert_eq!(
            salvage_id(r#"{"request":true,"id": 42,"method":"jo"#),
            Some(42)
        );
        assert_eq!(salvage_id(r#"{"request":true,"id":"x"}"#), None);
        assert_eq!(salvage_id("garbage"), None);
    }

    #[test]
    fn the_rate_limit_allows_a_burst_then_the_rate() {
        let mut rate = RateLimit::new(10);
        let burst = (0..100).filter(|_| rate.allow()).count();
        assert_eq!(burst, 20);
        rate.at -= std::time::Duration::from_millis(500);
        let later = (0..100).filter(|_| rate.allow()).count();
        assert_eq!(later, 5);
    }
}
