//! Device glue: listing cameras / microphones / speakers, capturing from a
//! picked one at a picked resolution, the microphone level meter, the
//! speaker (`setSinkId`), `devicechange`, and swapping a sender's track.
//!
//! The current picks live here (`PICKS`) so that every capture of the page,
//! including turning the camera back on mid-call, uses them.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MediaStream, MediaStreamTrack, RtcRtpSender};

use crate::lobby::{Device, DeviceKind, Resolution, MAX_DEVICES, MAX_DEVICE_ID_LEN, MAX_LABEL_LEN};
use crate::signaling::js_error_text;

/// The devices captures use (`None`: the browser's default).
#[derive(Debug, Clone, Default)]
pub struct Picks {
    pub camera: Option<String>,
    pub mic: Option<String>,
    pub resolution: Resolution,
}

/// An event handler kept alive by the page.
type Handler = Closure<dyn FnMut(JsValue)>;

thread_local! {
    static PICKS: RefCell<Picks> = RefCell::new(Picks::default());
    /// The `devicechange` handler, alive as long as the page.
    static ON_CHANGE: RefCell<Option<Handler>> = const { RefCell::new(None) };
}

pub fn picks() -> Picks {
    PICKS.with(|p| p.borrow().clone())
}

pub fn set_picks(f: impl FnOnce(&mut Picks)) {
    PICKS.with(|p| f(&mut p.borrow_mut()));
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

/// `deviceId: {ideal}`: a remembered device that has gone quietly gives the
/// default instead of a failure; `{exact}` for a pick made just now.
fn device_id(id: &str, exact: bool) -> JsValue {
    obj(&[(if exact { "exact" } else { "ideal" }, id.into())])
}

/// The `audio` member of getUserMedia's constraints.
pub fn audio_constraints(id: Option<&str>, exact: bool) -> JsValue {
    match id {
        Some(id) => obj(&[("deviceId", device_id(id, exact))]),
        None => JsValue::TRUE,
    }
}

/// The `video` member: the picked camera at the picked resolution (16:9, 24 fps).
pub fn video_constraints(id: Option<&str>, exact: bool, resolution: Resolution) -> JsValue {
    let mut pairs = size_constraints(resolution);
    if let Some(id) = id {
        pairs.push(("deviceId", device_id(id, exact)));
    }
    obj(&pairs)
}

/// `ideal` alone lets Chromium keep a camera's native 720p for "360p";
/// `max` makes it scale down (`resizeMode: crop-and-scale`).
fn size_constraints(r: Resolution) -> Vec<(&'static str, JsValue)> {
    let size = |n: u32| obj(&[("ideal", n.into()), ("max", n.into())]);
    vec![
        ("width", size(r.width())),
        ("height", size(r.height())),
        ("frameRate", obj(&[("ideal", 24.into())])),
        ("resizeMode", "crop-and-scale".into()),
    ]
}

/// One new track of `kind` (Camera or Mic) from device `id` (`exact`).
pub async fn capture_one(kind: DeviceKind, id: Option<&str>) -> Result<MediaStreamTrack, String> {
    let p = picks();
    let stream = match kind {
        DeviceKind::Camera => {
            get_user_media(None, Some(video_constraints(id, true, p.resolution))).await?
        }
        DeviceKind::Mic => get_user_media(Some(audio_constraints(id, true)), None).await?,
        DeviceKind::Speaker => return Err("a speaker is not captured".into()),
    };
    super::tracks_of(&stream)
        .into_iter()
        .next()
        .ok_or_else(|| format!("the {} gave no track", kind.noun()))
}

async fn get_user_media(
    audio: Option<JsValue>,
    video: Option<JsValue>,
) -> Result<MediaStream, String> {
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or("This browser cannot capture media (a secure https:// or http://localhost page is needed).")?;
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_audio(&audio.unwrap_or(JsValue::FALSE));
    constraints.set_video(&video.unwrap_or(JsValue::FALSE));
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| super::describe_media_error(&e))?;
    JsFuture::from(promise)
        .await
        .map_err(|e| super::describe_media_error(&e))?
        .dyn_into::<MediaStream>()
        .map_err(|_| "getUserMedia returned no stream".to_string())
}

/// `enumerateDevices()` (labels are empty until capture was allowed once).
pub async fn enumerate() -> Result<Vec<Device>, String> {
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or("this browser cannot list media devices")?;
    let promise = devices.enumerate_devices().map_err(|e| js_error_text(&e))?;
    let list = JsFuture::from(promise)
        .await
        .map_err(|e| js_error_text(&e))?;
    let text = |d: &JsValue, k: &str| {
        Reflect::get(d, &k.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    Ok(Array::from(&list)
        .iter()
        .filter_map(|d| {
            let kind = DeviceKind::from_web(&text(&d, "kind"))?;
            let id = text(&d, "deviceId");
            // Before permission the ids are empty: nothing to pick yet.
            (!id.is_empty() && id.len() <= MAX_DEVICE_ID_LEN).then(|| Device {
                kind,
                id,
                label: text(&d, "label").chars().take(MAX_LABEL_LEN).collect(),
            })
        })
        .take(MAX_DEVICES)
        .collect())
}

/// The device id a live track captures from.
pub fn track_device_id(track: &MediaStreamTrack) -> Option<String> {
    let settings = Reflect::get(track, &"getSettings".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?
        .call0(track)
        .ok()?;
    Reflect::get(&settings, &"deviceId".into())
        .ok()?
        .as_string()
}

/// The height a live video track captures at now.
pub fn track_height(track: &MediaStreamTrack) -> Option<u32> {
    let settings = Reflect::get(track, &"getSettings".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?
        .call0(track)
        .ok()?;
    Reflect::get(&settings, &"height".into())
        .ok()?
        .as_f64()
        .map(|h| h as u32)
}

/// What device switching did, on the console and in
/// `window.stunroomDeviceLog` (the last 50 lines, for devtools and tests).
pub fn note(line: &str) {
    crate::signaling::log(line);
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str("stunroomDeviceLog");
    let list = match Reflect::get(&window, &key)
        .ok()
        .and_then(|l| l.dyn_into::<Array>().ok())
    {
        Some(list) => list,
        None => {
            let list = Array::new();
            let _ = Reflect::set(&window, &key, &list);
            list
        }
    };
    list.push(&line.into());
    while list.length() > 50 {
        list.shift();
    }
}

/// Calls `f` on every `devicechange` (replacing an earlier handler).
pub fn on_device_change(f: impl FnMut(JsValue) + 'static) {
    let Some(devices) = web_sys::window().and_then(|w| w.navigator().media_devices().ok()) else {
        return;
    };
    let closure = Closure::<dyn FnMut(JsValue)>::new(f);
    devices.set_ondevicechange(Some(closure.as_ref().unchecked_ref()));
    ON_CHANGE.with(|c| *c.borrow_mut() = Some(closure));
}

/// Changes a live camera track's resolution in place.
pub async fn apply_resolution(track: &MediaStreamTrack, r: Resolution) -> Result<(), String> {
    // Size only (the frame rate stays as captured).
    let mut size = size_constraints(r);
    size.retain(|(k, _)| *k != "frameRate");
    let constraints = obj(&size);
    let apply = Reflect::get(track, &"applyConstraints".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or("this browser cannot change a camera's resolution")?;
    let promise = apply
        .call1(track, &constraints)
        .map_err(|e| js_error_text(&e))?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| "applyConstraints returned no promise".to_string())?;
    JsFuture::from(promise)
        .await
        .map_err(|e| js_error_text(&e))?;
    Ok(())
}

/// `RTCRtpSender.replaceTrack`: no renegotiation, the sender's encodings
/// (simulcast layers, their scaleResolutionDownBy) stay as they are.
pub async fn replace_track(sender: &RtcRtpSender, track: &MediaStreamTrack) -> Result<(), String> {
    JsFuture::from(sender.replace_track(Some(track)))
        .await
        .map_err(|e| js_error_text(&e))?;
    Ok(())
}

/// `HTMLMediaElement.setSinkId` exists (Chromium; Firefox behind a setting; not Safari).
pub fn can_pick_speaker() -> bool {
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &"HTMLMediaElement".into()).ok())
        .and_then(|c| Reflect::get(&c, &"prototype".into()).ok())
        .is_some_and(|p| Reflect::has(&p, &"setSinkId".into()).unwrap_or(false))
}

/// Plays every `<audio>` of the page on speaker `id` ("" = the default).
/// Elements created later are handled by calling this again.
pub fn set_speaker(id: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // querySelectorAll through Reflect: web-sys's NodeList is not enabled.
    let Some(list) = Reflect::get(&doc, &"querySelectorAll".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call1(&doc, &"audio".into()).ok())
    else {
        return;
    };
    for el in Array::from(&list).iter() {
        let current = Reflect::get(&el, &"sinkId".into())
            .ok()
            .and_then(|v| v.as_string());
        if current.as_deref() == Some(id) {
            continue;
        }
        if let Ok(f) = Reflect::get(&el, &"setSinkId".into()) {
            if let Some(f) = f.dyn_ref::<Function>() {
                // A rejected promise (device gone) leaves the element on its old output.
                let _ = f.call1(&el, &id.into());
            }
        }
    }
}

/// The microphone level: an AnalyserNode on the track, read on demand.
pub struct LevelMeter {
    context: JsValue,
    analyser: JsValue,
    buffer: js_sys::Float32Array,
}

impl LevelMeter {
    pub fn new(track: &MediaStreamTrack) -> Result<Self, String> {
        let window = web_sys::window().ok_or("no window")?;
        let class = Reflect::get(&window, &"AudioContext".into())
            .ok()
            .and_then(|c| c.dyn_into::<Function>().ok())
            .ok_or("this browser has no AudioContext")?;
        let context = Reflect::construct(&class, &Array::new()).map_err(|e| js_error_text(&e))?;
        let call = |target: &JsValue, name: &str, args: &Array| -> Result<JsValue, String> {
            Reflect::get(target, &name.into())
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
                .ok_or_else(|| format!("{name} is missing"))?
                .apply(target, args)
                .map_err(|e| js_error_text(&e))
        };
        let stream = MediaStream::new().map_err(|e| js_error_text(&e))?;
        stream.add_track(track);
        let source = call(&context, "createMediaStreamSource", &Array::of1(&stream))?;
        let analyser = call(&context, "createAnalyser", &Array::new())?;
        let _ = Reflect::set(&analyser, &"fftSize".into(), &512.into());
        call(&source, "connect", &Array::of1(&analyser))?;
        // Started without a click the context may be suspended.
        let _ = call(&context, "resume", &Array::new());
        Ok(Self {
            context,
            analyser,
            buffer: js_sys::Float32Array::new_with_length(512),
        })
    }

    /// 0.0 (silence) to 1.0: the RMS of the last ~10 ms, scaled so speech fills the bar.
    pub fn level(&self) -> f64 {
        let Some(f) = Reflect::get(&self.analyser, &"getFloatTimeDomainData".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
        else {
            return 0.0;
        };
        if f.call1(&self.analyser, &self.buffer).is_err() {
            return 0.0;
        }
        let samples = self.buffer.to_vec();
        let sum: f64 = samples.iter().map(|s| f64::from(*s) * f64::from(*s)).sum();
        let rms = (sum / samples.len().max(1) as f64).sqrt();
        (rms * 4.0).min(1.0)
    }
}

impl Drop for LevelMeter {
    fn drop(&mut self) {
        if let Ok(close) = Reflect::get(&self.context, &"close".into()) {
            if let Some(close) = close.dyn_ref::<Function>() {
                let _ = close.call0(&self.context);
            }
        }
    }
}
