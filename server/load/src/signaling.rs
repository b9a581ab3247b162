//! A protoo client over a WebSocket: typed requests with response correlation,
//! and the server's own requests (`newConsumer`, ...) handed to the peer.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;
use stunroom_shared::messages::ClientRequest;
use stunroom_shared::protoo::{ErrorResponse, Message, Request, Response, SUBPROTOCOL};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// How long the server gets to answer one request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Frames queued for the writer before `request` waits.
const OUTGOING_QUEUE: usize = 64;
/// Server requests queued for the peer before the reader waits.
const INCOMING_QUEUE: usize = 256;

/// Why a signaling step failed.
#[derive(Debug, thiserror::Error)]
pub enum SignalError {
    /// The WebSocket could not be opened.
    #[error("cannot open the signaling WebSocket {url}: {reason}")]
    Connect {
        /// The URL tried.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// The server answered with an error.
    #[error("{method}: the server answered {0}", .error)]
    Refused {
        /// The request's method.
        method: &'static str,
        /// The protoo error.
        error: ErrorResponse,
    },
    /// No answer in time, or the connection closed first.
    #[error("{method}: {reason}")]
    NoAnswer {
        /// The request's method.
        method: &'static str,
        /// Timeout or closed.
        reason: &'static str,
    },
    /// The answer's data is not what the method returns.
    #[error("{method}: unexpected answer: {reason}")]
    BadAnswer {
        /// The request's method.
        method: &'static str,
        /// The decoding error.
        reason: String,
    },
}

type Pending = Mutex<HashMap<u64, oneshot::Sender<Result<Value, ErrorResponse>>>>;

/// Sends requests and responses on one protoo connection. Cheap to clone.
#[derive(Clone)]
pub struct Signaling {
    out: mpsc::Sender<WsMessage>,
    pending: Arc<Pending>,
    next_id: Arc<AtomicU64>,
    notifications: Arc<Mutex<BTreeMap<String, u64>>>,
}

/// A request the server sent us; answer it with [`Signaling::respond`].
pub type ServerRequestFrame = Request;

impl Signaling {
    /// Opens `ws_url` with the `protoo` subprotocol. Returns the client and
    /// the stream of the server's requests (it ends when the socket closes).
    pub async fn connect(
        ws_url: &str,
    ) -> Result<(Signaling, mpsc::Receiver<ServerRequestFrame>), SignalError> {
        let connect_error = |reason: String| SignalError::Connect {
            url: ws_url.to_owned(),
            reason,
        };
        let mut request = ws_url
            .into_client_request()
            .map_err(|e| connect_error(e.to_string()))?;
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            HeaderValue::from_static(SUBPROTOCOL),
        );
        let (socket, _) =
            tokio::time::timeout(REQUEST_TIMEOUT, tokio_tungstenite::connect_async(request))
                .await
                .map_err(|_| connect_error("timed out".into()))?
                .map_err(|e| connect_error(e.to_string()))?;
        let (mut sink, mut stream) = socket.split();
        let (out, mut out_rx) = mpsc::channel::<WsMessage>(OUTGOING_QUEUE);
        tokio::spawn(async move {
            while let Some(frame) = out_rx.recv().await {
                let close = matches!(frame, WsMessage::Close(_));
                if sink.send(frame).await.is_err() || close {
                    break;
                }
            }
            let _ = sink.close().await;
        });
        let pending: Arc<Pending> = Arc::default();
        let notifications: Arc<Mutex<BTreeMap<String, u64>>> = Arc::default();
        let (requests_tx, requests) = mpsc::channel(INCOMING_QUEUE);
        {
            let pending = pending.clone();
            let notifications = notifications.clone();
            tokio::spawn(async move {
                while let Some(Ok(frame)) = stream.next().await {
                    let WsMessage::Text(text) = frame else {
                        continue;
                    };
                    match Message::parse(text.as_str()) {
                        Ok(Message::Response(response)) => resolve(&pending, response),
                        Ok(Message::Request(request)) => {
                            if requests_tx.send(request).await.is_err() {
                                break;
                            }
                        }
                        // Scores, layers, activeSpeaker, ...: only counted.
                        Ok(Message::Notification(n)) => {
                            let mut counts =
                                notifications.lock().unwrap_or_else(|e| e.into_inner());
                            *counts.entry(n.method).or_default() += 1;
                        }
                        Err(_) => {}
                    }
                }
                lock(&pending).clear();
            });
        }
        Ok((
            Signaling {
                out,
                pending,
                next_id: Arc::new(AtomicU64::new(1)),
                notifications,
            },
            requests,
        ))
    }

    /// Sends a request and decodes the success data as `T`.
    pub async fn request<T: DeserializeOwned>(
        &self,
        request: ClientRequest,
    ) -> Result<T, SignalError> {
        let method = request.method();
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        lock(&self.pending).insert(id, tx);
        let (method_name, data) = request.into_parts();
        let frame = Message::Request(Request {
            id,
            method: method_name,
            data,
        })
        .to_json();
        let closed = SignalError::NoAnswer {
            method,
            reason: "the connection closed",
        };
        if self.out.send(WsMessage::Text(frame.into())).await.is_err() {
            lock(&self.pending).remove(&id);
            return Err(closed);
        }
        let answer = tokio::time::timeout(REQUEST_TIMEOUT, rx).await;
        lock(&self.pending).remove(&id);
        let value = match answer {
            Ok(Ok(Ok(value))) => value,
            Ok(Ok(Err(error))) => return Err(SignalError::Refused { method, error }),
            Ok(Err(_)) => return Err(closed),
            Err(_) => {
                return Err(SignalError::NoAnswer {
                    method,
                    reason: "no answer within 30 s",
                })
            }
        };
        serde_json::from_value(value).map_err(|e| SignalError::BadAnswer {
            method,
            reason: e.to_string(),
        })
    }

    /// Answers one of the server's requests.
    pub async fn respond(&self, id: u64, result: Result<Value, ErrorResponse>) {
        let frame = Message::Response(Response { id, result }).to_json();
        let _ = self.out.send(WsMessage::Text(frame.into())).await;
    }

    /// How many notifications of each method arrived so far.
    pub fn notifications(&self) -> BTreeMap<String, u64> {
        self.notifications
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Closes the connection (the server then cleans the peer up).
    pub async fn close(&self) {
        let _ = self.out.send(WsMessage::Close(None)).await;
    }
}

fn lock(
    pending: &Pending,
) -> std::sync::MutexGuard<'_, HashMap<u64, oneshot::Sender<Result<Value, ErrorResponse>>>> {
    pending.lock().unwrap_or_else(|e| e.into_inner())
}

fn resolve(pending: &Pending, response: Response) {
    if let Some(tx) = lock(pending).remove(&response.id) {
        let _ = tx.send(response.result);
    }
}
