//! protoo client over the browser WebSocket: typed requests with timeouts,
//! incoming server requests and notifications as a stream of events.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use futures::channel::{mpsc, oneshot};
use futures::future::{select, Either};
use serde::de::DeserializeOwned;
use serde_json::Value;
use stunroom_shared::messages::ClientRequest;
use stunroom_shared::protoo::{self, ErrorResponse, Message, Request, RequestId, Response};
use wasm_bindgen::prelude::*;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// The reference client gives up on a request after ~22.5 s.
const REQUEST_TIMEOUT: Duration = Duration::from_millis(22_500);

#[derive(Debug, Clone, thiserror::Error)]
pub enum SignalingError {
    #[error("could not open the signaling connection: {0}")]
    Open(String),
    #[error("signaling connection lost")]
    Closed,
    #[error("server did not answer \"{0}\" in time")]
    Timeout(&'static str),
    #[error("server refused \"{method}\": {error}")]
    Refused {
        method: &'static str,
        error: ErrorResponse,
    },
    #[error("unexpected answer to \"{method}\": {detail}")]
    BadAnswer {
        method: &'static str,
        detail: String,
    },
}

/// What the server sends us unprompted.
#[derive(Debug)]
pub enum Incoming {
    Request(Request),
    Notification(protoo::Notification),
    Closed { code: u16, reason: String },
}

type Pending = Rc<RefCell<HashMap<RequestId, oneshot::Sender<Result<Value, ErrorResponse>>>>>;

pub struct Signaling {
    ws: WebSocket,
    pending: Pending,
    next_id: Cell<RequestId>,
    _handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Signaling {
    /// Opens `url` with the `protoo` subprotocol and resolves once it is open.
    pub async fn connect(
        url: &str,
    ) -> Result<(Rc<Signaling>, mpsc::UnboundedReceiver<Incoming>), SignalingError> {
        let ws = WebSocket::new_with_str(url, protoo::SUBPROTOCOL)
            .map_err(|e| SignalingError::Open(js_error_text(&e)))?;
        let pending: Pending = Rc::default();
        let (tx, rx) = mpsc::unbounded();
        let (open_tx, open_rx) = oneshot::channel::<Result<(), String>>();
        let open_tx = Rc::new(RefCell::new(Some(open_tx)));

        let on_open = {
            let open_tx = open_tx.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                if let Some(t) = open_tx.borrow_mut().take() {
                    let _ = t.send(Ok(()));
                }
            })
        };
        let on_message = {
            let pending = pending.clone();
            let tx = tx.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
                let Some(text) = ev
                    .dyn_ref::<MessageEvent>()
                    .and_then(|m| m.data().as_string())
                else {
                    return;
                };
                match Message::parse(&text) {
                    Ok(Message::Response(Response { id, result })) => {
                        if let Some(waiter) = pending.borrow_mut().remove(&id) {
                            let _ = waiter.send(result);
                        }
                    }
                    Ok(Message::Request(r)) => {
                        let _ = tx.unbounded_send(Incoming::Request(r));
                    }
                    Ok(Message::Notification(n)) => {
                        let _ = tx.unbounded_send(Incoming::Notification(n));
                    }
                    Err(e) => log(&format!("ignoring bad signaling frame: {e}")),
                }
            })
        };
        let on_close = {
            let pending = pending.clone();
            let open_tx = open_tx.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
                let (code, reason) = ev
                    .dyn_ref::<CloseEvent>()
                    .map(|c| (c.code(), c.reason()))
                    .unwrap_or((1006, String::new()));
                if let Some(t) = open_tx.borrow_mut().take() {
                    let _ = t.send(Err(format!("closed with code {code} {reason}")));
                }
                // Dropping the senders fails every outstanding request with `Closed`.
                pending.borrow_mut().clear();
                let _ = tx.unbounded_send(Incoming::Closed { code, reason });
            })
        };
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));

        match open_rx.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(SignalingError::Open(e)),
            Err(_) => return Err(SignalingError::Open("connection dropped".into())),
        }
        expose_drop_hook(&ws);
        let signaling = Signaling {
            ws,
            pending,
            next_id: Cell::new(js_sys::Math::floor(js_sys::Math::random() * 1e6) as RequestId),
            _handlers: vec![on_open, on_message, on_close],
        };
        Ok((Rc::new(signaling), rx))
    }

    /// Sends a request and decodes its success data as `T`.
    pub async fn request<T: DeserializeOwned>(
        &self,
        request: ClientRequest,
    ) -> Result<T, SignalingError> {
        let method = request.method();
        let data = self.request_raw(request).await?;
        serde_json::from_value(data).map_err(|e| SignalingError::BadAnswer {
            method,
            detail: e.to_string(),
        })
    }

    async fn request_raw(&self, request: ClientRequest) -> Result<Value, SignalingError> {
        let method = request.method();
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let (tx, rx) = oneshot::channel();
        self.pending.borrow_mut().insert(id, tx);
        let (method_name, data) = request.into_parts();
        let frame = Message::Request(Request {
            id,
            method: method_name,
            data,
        });
        if self.ws.send_with_str(&frame.to_json()).is_err() {
            self.pending.borrow_mut().remove(&id);
            return Err(SignalingError::Closed);
        }
        let timeout = gloo_timers::future::sleep(REQUEST_TIMEOUT);
        match select(rx, Box::pin(timeout)).await {
            Either::Left((Ok(Ok(data)), _)) => Ok(data),
            Either::Left((Ok(Err(error)), _)) => Err(SignalingError::Refused { method, error }),
            Either::Left((Err(_), _)) => Err(SignalingError::Closed),
            Either::Right(_) => {
                self.pending.borrow_mut().remove(&id);
                Err(SignalingError::Timeout(method))
            }
        }
    }

    /// Answers a server request.
    pub fn respond(&self, id: RequestId, result: Result<Value, ErrorResponse>) {
        let frame = Message::Response(Response { id, result });
        let _ = self.ws.send_with_str(&frame.to_json());
    }

    pub fn close(&self) {
        let _ = self.ws.close();
    }
}

impl Drop for Signaling {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

pub fn js_error_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    if let Some(ex) = e.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", ex.name(), ex.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

pub fn log(text: &str) {
    web_sys::console::log_1(&JsValue::from_str(text));
}

/// `window.stunroomDropSignaling()` closes the signaling connection as a
/// network drop would: a diagnostics hook to try (and test) automatic rejoin.
fn expose_drop_hook(ws: &WebSocket) {
    let ws = ws.clone();
    let hook = Closure::<dyn FnMut()>::new(move || {
        let _ = ws.close();
    });
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"stunroomDropSignaling".into(), hook.as_ref());
    }
    // Lives as long as the page: replaced on every new connection.
    hook.forget();
}
