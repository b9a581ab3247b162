//! Every web-sys WebRTC and media-capture call of the client lives here: the
//! sans-IO core decides *what* SDP to apply, this module applies it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Reflect};
use stunroom_shared::ice::{IceConfiguration, IceTransportPolicy};
use stunroom_shared::media::RtpEncodingParameters;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MediaStream, MediaStreamConstraints, MediaStreamTrack, RtcBundlePolicy, RtcConfiguration,
    RtcIceServer, RtcIceTransportPolicy, RtcPeerConnection, RtcRtpTransceiver,
    RtcRtpTransceiverDirection, RtcRtpTransceiverInit, RtcSdpType, RtcSessionDescriptionInit,
};

use crate::signaling::js_error_text;

pub mod devices;
pub mod e2ee;

#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct WebRtcError(pub String);

impl From<JsValue> for WebRtcError {
    fn from(e: JsValue) -> Self {
        WebRtcError(js_error_text(&e))
    }
}

type Result<T> = std::result::Result<T, WebRtcError>;

/// Why camera/microphone capture failed, in words a person understands.
pub fn describe_media_error(e: &JsValue) -> String {
    let name = e
        .dyn_ref::<web_sys::DomException>()
        .map(|d| d.name())
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "SecurityError" => {
            "Camera and microphone access was refused. Allow them in the browser's site settings and reload.".into()
        }
        "NotFoundError" | "OverconstrainedError" => {
            "No camera or microphone was found on this device.".into()
        }
        "NotReadableError" | "AbortError" => {
            "The camera or microphone is in use by another application.".into()
        }
        _ => format!("Could not start camera and microphone: {}", js_error_text(e)),
    }
}

/// Asks for the camera and/or the microphone.
pub async fn capture(audio: bool, video: bool) -> std::result::Result<MediaStream, String> {
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or("This browser cannot capture media (a secure https:// or http://localhost page is needed).")?;
    // The lobby's / device menu's picks (default: 720p from the default devices).
    let picks = devices::picks();
    let constraints = MediaStreamConstraints::new();
    if audio {
        constraints.set_audio(&devices::audio_constraints(picks.mic.as_deref(), false));
    } else {
        constraints.set_audio(&JsValue::FALSE);
    }
    if video {
        constraints.set_video(&devices::video_constraints(
            picks.camera.as_deref(),
            false,
            picks.resolution,
        ));
    } else {
        constraints.set_video(&JsValue::FALSE);
    }
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| describe_media_error(&e))?;
    let stream = JsFuture::from(promise)
        .await
        .map_err(|e| describe_media_error(&e))?;
    stream
        .dyn_into::<MediaStream>()
        .map_err(|_| "getUserMedia returned no stream".to_string())
}

/// Asks which screen, window or tab to share.
pub async fn capture_screen() -> std::result::Result<MediaStream, String> {
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or("This browser cannot share the screen.")?;
    let promise = devices.get_display_media().map_err(|e| js_error_text(&e))?;
    let stream = JsFuture::from(promise).await.map_err(|e| {
        let name = e
            .dyn_ref::<web_sys::DomException>()
            .map(|d| d.name())
            .unwrap_or_default();
        if name == "NotAllowedError" {
            "screen sharing was cancelled or refused".to_string()
        } else {
            js_error_text(&e)
        }
    })?;
    stream
        .dyn_into::<MediaStream>()
        .map_err(|_| "getDisplayMedia returned no stream".to_string())
}

/// Runs `f` once when `track` ends (e.g. the browser's "Stop sharing" button).
pub fn on_track_ended(track: &MediaStreamTrack, f: impl FnOnce() + 'static) {
    let closure = Closure::once_into_js(f);
    track.set_onended(Some(closure.unchecked_ref()));
}

pub fn tracks_of(stream: &MediaStream) -> Vec<MediaStreamTrack> {
    stream
        .get_tracks()
        .iter()
        .filter_map(|t| t.dyn_into::<MediaStreamTrack>().ok())
        .collect()
}

/// Connection state changes worth telling the user about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Connecting,
    Connected,
    Disconnected,
    Failed,
    Closed,
}

/// An event handler kept alive as long as its owner.
type JsCallback = Closure<dyn FnMut(JsValue)>;

/// One RTCPeerConnection, i.e. one mediasoup transport's browser side.
pub struct PeerConnection {
    pc: RtcPeerConnection,
    /// The state-change, candidate and gathering handlers (see [`PeerConnection::on_state_change`]).
    on_state: RefCell<Vec<JsCallback>>,
}

impl PeerConnection {
    /// `insertable_streams`: Chromium's `encodedInsertableStreams` (for
    /// `e2eKey`; every sender and receiver then needs its transform, see `e2ee`).
    pub fn new(ice: &IceConfiguration, insertable_streams: bool) -> Result<Rc<Self>> {
        let config = RtcConfiguration::new();
        if insertable_streams {
            Reflect::set(&config, &"encodedInsertableStreams".into(), &JsValue::TRUE)?;
        }
        let servers = Array::new();
        for s in &ice.ice_servers {
            let server = RtcIceServer::new();
            let urls: Array = s.urls.iter().map(|u| JsValue::from_str(u)).collect();
            server.set_urls(&urls);
            if let Some(u) = &s.username {
                server.set_username(u);
            }
            if let Some(c) = &s.credential {
                server.set_credential(c);
            }
            servers.push(&server);
        }
        config.set_ice_servers(&servers);
        config.set_ice_transport_policy(match ice.ice_transport_policy {
            IceTransportPolicy::All => RtcIceTransportPolicy::All,
            IceTransportPolicy::Relay => RtcIceTransportPolicy::Relay,
        });
        config.set_bundle_policy(RtcBundlePolicy::MaxBundle);
        // web-sys has no setter for rtcpMuxPolicy.
        let _ = Reflect::set(&config, &"rtcpMuxPolicy".into(), &"require".into());
        let pc = RtcPeerConnection::new_with_configuration(&config)?;
        register_for_diagnostics(&pc);
        Ok(Rc::new(PeerConnection {
            pc,
            on_state: RefCell::new(Vec::new()),
        }))
    }

    /// Calls `f` on every connection-state change (replacing an earlier callback).
    ///
    /// Also reports [`LinkState::Failed`] when ICE gathering completes without a
    /// single local candidate: ICE then never starts and `connectionState` stays
    /// "new" for good. That is what a relay-only configuration looks like when
    /// the TURN server refuses the credentials or cannot be reached. And when
    /// the connection is still not up [`CONNECT_DEADLINE`] after gathering
    /// started: a TURNS server whose certificate the browser does not trust,
    /// or a firewall that drops everything, leaves it "new" without either.
    pub fn on_state_change(&self, f: impl FnMut(LinkState) + 'static) {
        let f = Rc::new(RefCell::new(f));
        let mut handlers = Vec::new();
        let pc = self.pc.clone();
        let on_change = f.clone();
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            let state = Reflect::get(&pc, &"connectionState".into())
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default();
            (on_change.borrow_mut())(match state.as_str() {
                "connected" => LinkState::Connected,
                "disconnected" => LinkState::Disconnected,
                "failed" => LinkState::Failed,
                "closed" => LinkState::Closed,
                _ => LinkState::Connecting,
            });
        });
        let _ = Reflect::set(
            &self.pc,
            &"onconnectionstatechange".into(),
            closure.as_ref().unchecked_ref(),
        );
        handlers.push(closure);

        let gathered = Rc::new(Cell::new(0u32));
        let counter = gathered.clone();
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let candidate = Reflect::get(&event, &"candidate".into()).unwrap_or(JsValue::NULL);
            if !candidate.is_null() && !candidate.is_undefined() {
                counter.set(counter.get().saturating_add(1));
            }
        });
        let _ = Reflect::set(
            &self.pc,
            &"onicecandidate".into(),
            closure.as_ref().unchecked_ref(),
        );
        handlers.push(closure);

        // Why a TURN server gave no candidate (401 = wrong credentials, 701 = unreachable).
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let field = |name: &str| {
                Reflect::get(&event, &name.into())
                    .ok()
                    .and_then(|v| v.as_string().or_else(|| v.as_f64().map(|n| n.to_string())))
                    .unwrap_or_default()
            };
            crate::signaling::log(&format!(
                "ICE candidate error: {} {} {}",
                field("url"),
                field("errorCode"),
                field("errorText")
            ));
        });
        let _ = Reflect::set(
            &self.pc,
            &"onicecandidateerror".into(),
            closure.as_ref().unchecked_ref(),
        );
        handlers.push(closure);

        let pc = self.pc.clone();
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            let state = Reflect::get(&pc, &"iceGatheringState".into())
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default();
            match state.as_str() {
                // A new round (ICE restart) counts afresh.
                "gathering" => {
                    gathered.set(0);
                    watch_connect_deadline(pc.clone(), f.clone());
                }
                "complete" if gathered.get() == 0 => {
                    crate::signaling::log("ICE gathering completed without any local candidate");
                    (f.borrow_mut())(LinkState::Failed);
                }
                _ => {}
            }
        });
        let _ = Reflect::set(
            &self.pc,
            &"onicegatheringstatechange".into(),
            closure.as_ref().unchecked_ref(),
        );
        handlers.push(closure);
        *self.on_state.borrow_mut() = handlers;
    }

    pub async fn create_offer(&self) -> Result<String> {
        let offer = JsFuture::from(self.pc.create_offer()).await?;
        sdp_of(&offer)
    }

    pub async fn create_answer(&self) -> Result<String> {
        let answer = JsFuture::from(self.pc.create_answer()).await?;
        sdp_of(&answer)
    }

    pub async fn set_local(&self, kind: SdpKind, sdp: &str) -> Result<()> {
        let desc = RtcSessionDescriptionInit::new(kind.into());
        desc.set_sdp(sdp);
        JsFuture::from(self.pc.set_local_description(&desc)).await?;
        Ok(())
    }

    pub async fn set_remote(&self, kind: SdpKind, sdp: &str) -> Result<()> {
        let desc = RtcSessionDescriptionInit::new(kind.into());
        desc.set_sdp(sdp);
        JsFuture::from(self.pc.set_remote_description(&desc)).await?;
        Ok(())
    }

    /// Adds a send-only transceiver for `track`, with simulcast encodings when given.
    pub fn add_sender(
        &self,
        track: &MediaStreamTrack,
        stream: &MediaStream,
        encodings: &[RtpEncodingParameters],
    ) -> Result<RtcRtpTransceiver> {
        let init = RtcRtpTransceiverInit::new();
        init.set_direction(RtcRtpTransceiverDirection::Sendonly);
        init.set_streams(&Array::of1(stream));
        if !encodings.is_empty() {
            let list = Array::new();
            for e in encodings {
                // serde gives exactly the RTCRtpEncodingParameters dictionary keys
                // (rid, maxBitrate, scaleResolutionDownBy, scalabilityMode, ...).
                let value = serde_json::to_string(e).map_err(|e| WebRtcError(e.to_string()))?;
                list.push(&js_sys::JSON::parse(&value)?);
            }
            let _ = Reflect::set(&init, &"sendEncodings".into(), &list);
        }
        Ok(self
            .pc
            .add_transceiver_with_media_stream_track_and_init(track, &init))
    }

    /// Detaches a sender's track; stops the transceiver too when its m-line
    /// is to be closed (see `SendCore::stop_closes_section`).
    pub fn stop_sender(&self, transceiver: &RtcRtpTransceiver, stop_transceiver: bool) {
        let sender = transceiver.sender();
        let _ = sender.replace_track(None);
        self.pc.remove_track(&sender);
        if stop_transceiver {
            if let Ok(stop) = Reflect::get(transceiver, &"stop".into()) {
                if let Some(f) = stop.dyn_ref::<js_sys::Function>() {
                    let _ = f.call0(transceiver);
                }
            }
        }
    }

    pub async fn create_ice_restart_offer(&self) -> Result<String> {
        let options = web_sys::RtcOfferOptions::new();
        let _ = Reflect::set(&options, &"iceRestart".into(), &JsValue::TRUE);
        let offer = JsFuture::from(self.pc.create_offer_with_rtc_offer_options(&options)).await?;
        sdp_of(&offer)
    }

    /// A negotiated data channel on SCTP stream `id`.
    pub fn data_channel(
        &self,
        label: &str,
        id: u16,
        ordered: bool,
        max_retransmits: Option<u16>,
    ) -> Result<web_sys::RtcDataChannel> {
        let init = web_sys::RtcDataChannelInit::new();
        init.set_negotiated(true);
        init.set_id(id);
        init.set_ordered(ordered);
        if let Some(n) = max_retransmits {
            init.set_max_retransmits(n);
        }
        // Called through Reflect: web-sys's binding cannot report the
        // exception createDataChannel throws (e.g. on a closed connection).
        let create = Reflect::get(&self.pc, &"createDataChannel".into())?
            .dyn_into::<js_sys::Function>()
            .map_err(|_| WebRtcError("createDataChannel is missing".into()))?;
        create
            .call2(&self.pc, &JsValue::from_str(label), &init)?
            .dyn_into::<web_sys::RtcDataChannel>()
            .map_err(|_| WebRtcError("createDataChannel returned no channel".into()))
    }

    pub async fn stats(&self) -> Result<Vec<JsValue>> {
        let report = JsFuture::from(self.pc.get_stats()).await?;
        let values = Reflect::get(&report, &"values".into())?
            .dyn_into::<js_sys::Function>()
            .map_err(|_| WebRtcError("stats report without values()".into()))?
            .call0(&report)?;
        Ok(js_sys::Array::from(&values).to_vec())
    }

    /// The receiving track of the transceiver negotiated under `mid`.
    pub fn receiver_track(&self, mid: &str) -> Option<MediaStreamTrack> {
        self.pc
            .get_transceivers()
            .iter()
            .filter_map(|t| t.dyn_into::<RtcRtpTransceiver>().ok())
            .find(|t| t.mid().as_deref() == Some(mid))
            .map(|t| t.receiver().track())
    }

    pub fn local_sdp(&self) -> Option<String> {
        self.pc.local_description().map(|d| d.sdp())
    }

    pub fn close(&self) {
        self.pc.close();
        unregister_for_diagnostics(&self.pc);
    }
}

#[derive(Debug, Clone, Copy)]
pub enum SdpKind {
    Offer,
    Answer,
}

impl From<SdpKind> for RtcSdpType {
    fn from(k: SdpKind) -> Self {
        match k {
            SdpKind::Offer => RtcSdpType::Offer,
            SdpKind::Answer => RtcSdpType::Answer,
        }
    }
}

fn sdp_of(description: &JsValue) -> Result<String> {
    Reflect::get(description, &"sdp".into())?
        .as_string()
        .ok_or_else(|| WebRtcError("session description without SDP".into()))
}

/// The offer of a throwaway connection with one audio and one video
/// transceiver: tells `Device::load` what this browser can do.
pub async fn probe_offer() -> Result<String> {
    let config = RtcConfiguration::new();
    config.set_bundle_policy(RtcBundlePolicy::MaxBundle);
    let _ = Reflect::set(&config, &"rtcpMuxPolicy".into(), &"require".into());
    let pc = RtcPeerConnection::new_with_configuration(&config)?;
    let _ = pc.add_transceiver_with_str("audio");
    let _ = pc.add_transceiver_with_str("video");
    let offer = JsFuture::from(pc.create_offer()).await;
    pc.close();
    sdp_of(&offer?)
}

/// `navigator.userAgent` (empty if unavailable).
pub fn user_agent() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default()
}

/// Browser name and version for the `join` request's `device` field.
pub fn browser_device() -> (String, String, String) {
    let ua = user_agent();
    for (token, flag, name) in [
        ("Edg/", "edge", "Edge"),
        ("Firefox/", "firefox", "Firefox"),
        ("Chrome/", "chrome", "Chrome"),
        ("Safari/", "safari", "Safari"),
    ] {
        if let Some(i) = ua.find(token) {
            let version: String = ua[i + token.len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            return (flag.into(), name.into(), version);
        }
    }
    ("unknown".into(), "Unknown browser".into(), String::new())
}

// `window.stunroomPeerConnections` lists the page's peer connections so that
// devtools (and the end-to-end tests) can call getStats() on them.
const DIAGNOSTICS_KEY: &str = "stunroomPeerConnections";

fn diagnostics_list() -> Option<Array> {
    let window = web_sys::window()?;
    let existing = Reflect::get(&window, &DIAGNOSTICS_KEY.into()).ok()?;
    if let Ok(list) = existing.dyn_into::<Array>() {
        return Some(list);
    }
    let list = Array::new();
    Reflect::set(&window, &DIAGNOSTICS_KEY.into(), &list).ok()?;
    Some(list)
}

fn register_for_diagnostics(pc: &RtcPeerConnection) {
    if let Some(list) = diagnostics_list() {
        list.push(pc);
    }
}

fn unregister_for_diagnostics(pc: &RtcPeerConnection) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(list) = diagnostics_list() {
        let pc: &JsValue = pc;
        let kept: Array = list.iter().filter(|p| p != pc).collect();
        let _ = Reflect::set(&window, &DIAGNOSTICS_KEY.into(), &kept);
    }
}

/// How long a peer connection may take from gathering to connected before the
/// page says the media connection failed (loopback: ~0.1 s; relayed over TLS
/// across continents: ~2 s).
pub const CONNECT_DEADLINE: std::time::Duration = std::time::Duration::from_secs(15);

/// Reports [`LinkState::Failed`] if `pc` has not connected by [`CONNECT_DEADLINE`].
fn watch_connect_deadline(pc: RtcPeerConnection, f: Rc<RefCell<dyn FnMut(LinkState)>>) {
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::sleep(CONNECT_DEADLINE).await;
        let state = Reflect::get(&pc, &"connectionState".into())
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        if state == "new" || state == "connecting" {
            crate::signaling::log(&format!(
                "media connection still {state} {} s after gathering started",
                CONNECT_DEADLINE.as_secs()
            ));
            (f.borrow_mut())(LinkState::Failed);
        }
    });
}
