//! `e2eKey`: every sender's and receiver's encoded frames go through a
//! TransformStream running [`crate::e2ee_frame`], as mediasoup-demo does
//! with Chromium's insertable streams (`encodedInsertableStreams: true` on
//! the RTCPeerConnection, `createEncodedStreams()` on each sender and
//! receiver). The transform runs on the main thread: a frame is a few KB and
//! the XOR is one pass, cheaper than shipping a Worker script.
//!
//! Browsers without `createEncodedStreams` (Firefox, Safari: they have only
//! `RTCRtpScriptTransform`, which needs a Worker) get a clear error instead.

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{RtcRtpReceiver, RtcRtpSender};

use super::{PeerConnection, WebRtcError};
use crate::e2ee_frame::{self, FrameKind};
use crate::options::E2eKey;

type Result<T> = std::result::Result<T, WebRtcError>;

/// Whether this browser has Chromium's insertable streams.
pub fn supported() -> bool {
    let global = js_sys::global();
    Reflect::get(&global, &"RTCRtpSender".into())
        .and_then(|c| Reflect::get(&c, &"prototype".into()))
        .and_then(|p| Reflect::get(&p, &"createEncodedStreams".into()))
        .map(|f| f.is_function())
        .unwrap_or(false)
}

/// The error shown when `e2eKey` is given to a browser without them.
pub fn unsupported_error() -> String {
    "URL parameter `e2eKey`: end-to-end encryption is not supported in this browser \
     (it needs insertable streams, RTCRtpSender.createEncodedStreams, as in Chromium); \
     open the room without e2eKey or in a Chromium-based browser"
        .into()
}

#[derive(Clone, Copy)]
enum Direction {
    Encrypt,
    Decrypt,
}

impl PeerConnection {
    /// Encrypts everything `sender` sends (call right after `addTransceiver`).
    pub fn encrypt_sender(&self, sender: &RtcRtpSender, key: E2eKey) -> Result<()> {
        transform(sender, Direction::Encrypt, key)
    }

    /// Decrypts what the receiver of the transceiver under `mid` receives.
    pub fn decrypt_receiver(&self, mid: &str, key: E2eKey) -> Result<()> {
        let receiver: RtcRtpReceiver = self
            .pc
            .get_transceivers()
            .iter()
            .filter_map(|t| t.dyn_into::<web_sys::RtcRtpTransceiver>().ok())
            .find(|t| t.mid().as_deref() == Some(mid))
            .map(|t| t.receiver())
            .ok_or_else(|| WebRtcError(format!("no receiver for mid {mid}")))?;
        transform(&receiver, Direction::Decrypt, key)
    }
}

/// `endpoint.createEncodedStreams()` piped through a TransformStream that
/// applies `direction` to each frame.
fn transform(endpoint: &JsValue, direction: Direction, key: E2eKey) -> Result<()> {
    let create = Reflect::get(endpoint, &"createEncodedStreams".into())?
        .dyn_into::<Function>()
        .map_err(|_| WebRtcError(unsupported_error()))?;
    let streams = create.call0(endpoint)?;
    // Early Chromium named them readableStream / writableStream.
    let pick = |a: &str, b: &str| -> Result<JsValue> {
        let v = Reflect::get(&streams, &a.into())?;
        if v.is_undefined() {
            Ok(Reflect::get(&streams, &b.into())?)
        } else {
            Ok(v)
        }
    };
    let readable = pick("readable", "readableStream")?;
    let writable = pick("writable", "writableStream")?;

    let on_frame =
        Closure::<dyn FnMut(JsValue, JsValue)>::new(move |frame: JsValue, controller: JsValue| {
            if let Some(frame) = apply(direction, key, frame) {
                if let Ok(enqueue) = Reflect::get(&controller, &"enqueue".into())
                    .and_then(|f| f.dyn_into::<Function>())
                {
                    let _ = enqueue.call1(&controller, &frame);
                }
            }
        });
    let transformer = Object::new();
    Reflect::set(&transformer, &"transform".into(), &on_frame.into_js_value())?;
    let ctor = Reflect::get(&js_sys::global(), &"TransformStream".into())?
        .dyn_into::<Function>()
        .map_err(|_| WebRtcError("this browser has no TransformStream".into()))?;
    let stream = Reflect::construct(&ctor, &Array::of1(&transformer))?;
    let piped = call(&readable, "pipeThrough", &stream)?;
    // The pipe ends (rejects) when the sender/receiver goes away: nothing to do then.
    let done = call(&piped, "pipeTo", &writable)?;
    if let Ok(promise) = done.dyn_into::<js_sys::Promise>() {
        let ignore = Closure::<dyn FnMut(JsValue)>::new(|_| {});
        let _ = promise.catch(&ignore);
        ignore.forget();
    }
    Ok(())
}

fn call(target: &JsValue, method: &str, arg: &JsValue) -> Result<JsValue> {
    let f = Reflect::get(target, &method.into())?
        .dyn_into::<Function>()
        .map_err(|_| WebRtcError(format!("stream without {method}")))?;
    Ok(f.call1(target, arg)?)
}

/// The frame with its data encrypted or decrypted; `None` drops it.
fn apply(direction: Direction, key: E2eKey, frame: JsValue) -> Option<JsValue> {
    let data = Reflect::get(&frame, &"data".into()).ok()?;
    let bytes = Uint8Array::new(&data).to_vec();
    let kind = Reflect::get(&frame, &"type".into())
        .ok()
        .filter(|t| !t.is_undefined())
        .map(|t| t.as_string().unwrap_or_default());
    let kind = FrameKind::from_type(kind.as_deref());
    let out = match direction {
        Direction::Encrypt => e2ee_frame::encrypt(&bytes, kind, key.bytes()),
        Direction::Decrypt => e2ee_frame::decrypt(&bytes, kind, key.bytes())?,
    };
    let buffer = Uint8Array::from(out.as_slice()).buffer();
    Reflect::set(&frame, &"data".into(), &buffer).ok()?;
    Some(frame)
}
