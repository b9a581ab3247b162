//! The lobby shown before joining (preview, level meter, device pickers,
//! name, camera/mic off, Join) and the device menu of the call, both over
//! one page-wide device model. Decisions are `crate::lobby`'s; browser
//! media calls are `webrtc::devices`'.

use std::cell::RefCell;
use std::time::Duration;

use futures::channel::oneshot;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::{MediaStream, MediaStreamTrack};

use crate::actions::Actions;
use crate::lobby::{self, Choices, Chosen, Device, DeviceKind, Fallback, Resolution};
use crate::options::RoomOptions;
use crate::state::{RoomState, ToastLevel};
use crate::webrtc::{self, devices};

/// The page's devices and picks, shared by the lobby and the device menu.
#[derive(Clone, Copy)]
pub struct DeviceModel {
    pub devices: RwSignal<Vec<Device>>,
    pub camera: RwSignal<Option<Chosen>>,
    pub mic: RwSignal<Option<Chosen>>,
    pub speaker: RwSignal<Option<Chosen>>,
    pub resolution: RwSignal<Resolution>,
    /// The lobby is up (picks then change the preview, not the call).
    pub in_lobby: RwSignal<bool>,
    /// The lobby's preview capture (later the call's).
    preview: StoredValue<Option<MediaStream>, LocalStorage>,
    level: RwSignal<f64>,
}

thread_local! {
    static MODEL: DeviceModel = DeviceModel {
        devices: RwSignal::new(Vec::new()),
        camera: RwSignal::new(None),
        mic: RwSignal::new(None),
        speaker: RwSignal::new(None),
        resolution: RwSignal::new(Resolution::default()),
        in_lobby: RwSignal::new(false),
        preview: StoredValue::new_local(None),
        level: RwSignal::new(0.0),
    };
    static METER: RefCell<Option<devices::LevelMeter>> = const { RefCell::new(None) };
}

pub fn model() -> DeviceModel {
    MODEL.with(|m| *m)
}

impl DeviceModel {
    fn pick(self, kind: DeviceKind) -> RwSignal<Option<Chosen>> {
        match kind {
            DeviceKind::Camera => self.camera,
            DeviceKind::Mic => self.mic,
            DeviceKind::Speaker => self.speaker,
        }
    }

    /// Records a pick, for captures (`webrtc::devices` picks) too.
    fn set_pick(self, kind: DeviceKind, chosen: Option<Chosen>) {
        let id = chosen.as_ref().map(|c| c.id.clone());
        devices::set_picks(|p| match kind {
            DeviceKind::Camera => p.camera = id,
            DeviceKind::Mic => p.mic = id,
            DeviceKind::Speaker => {}
        });
        self.pick(kind).set(chosen);
    }

    fn set_resolution(self, r: Resolution) {
        devices::set_picks(|p| p.resolution = r);
        self.resolution.set(r);
    }

    async fn refresh_devices(self) {
        match devices::enumerate().await {
            Ok(list) => self.devices.set(list),
            Err(e) => crate::signaling::log(&format!("cannot list devices: {e}")),
        }
    }
}

/// What the lobby hands to joining.
#[derive(Clone)]
pub struct LobbyOutcome {
    /// The preview capture, minus what was turned off.
    pub stream: Option<MediaStream>,
    pub mic_on: bool,
    pub cam_on: bool,
    pub name: String,
}

fn storage() -> Option<JsValue> {
    // Reflect: reading `localStorage` throws on pages that may not store.
    let window: JsValue = web_sys::window()?.into();
    js_sys::Reflect::get(&window, &"localStorage".into())
        .ok()
        .filter(|s| !s.is_null() && !s.is_undefined())
}

fn call_storage(method: &str, args: &js_sys::Array) -> Option<JsValue> {
    let s = storage()?;
    js_sys::Reflect::get(&s, &method.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .apply(&s, args)
        .ok()
}

use wasm_bindgen::JsCast;

fn load_choices() -> Choices {
    call_storage("getItem", &js_sys::Array::of1(&lobby::STORAGE_KEY.into()))
        .and_then(|v| v.as_string())
        .map(|t| Choices::from_stored(&t))
        .unwrap_or_default()
}

fn save_choices(c: &Choices) {
    let _ = call_storage(
        "setItem",
        &js_sys::Array::of2(&lobby::STORAGE_KEY.into(), &c.to_stored().into()),
    );
}

/// Installs the page's `devicechange` handler: a picked device that is gone
/// falls back to the default one, with a toast saying so.
pub fn watch_devices(state: RoomState, actions: Actions) {
    let m = model();
    devices::on_device_change(move |_| {
        leptos::task::spawn_local(async move {
            m.refresh_devices().await;
            let list = m.devices.get_untracked();
            for kind in [DeviceKind::Camera, DeviceKind::Mic, DeviceKind::Speaker] {
                let picked = m.pick(kind).get_untracked();
                let (message, switch) = match lobby::on_device_change(kind, picked.as_ref(), &list)
                {
                    Fallback::Keep => continue,
                    Fallback::ToDefault { message } => (message, true),
                    Fallback::NoneLeft { message } => (message, false),
                };
                state.toast(ToastLevel::Info, message);
                m.set_pick(kind, None);
                if !switch {
                    continue;
                }
                if m.in_lobby.get_untracked() {
                    preview_switch(kind, None).await;
                } else if actions.in_room() {
                    actions.switch_device(kind, None);
                }
            }
        });
    });
}

/// Shows the lobby and waits for Join. `url_name`: `displayName` of the URL
/// (wins over the remembered one); the URL's `mic=false` / `webcam=false`
/// preset the toggles.
pub async fn run(state: RoomState, url_name: Option<String>, options: RoomOptions) -> LobbyOutcome {
    let m = model();
    let stored = load_choices();
    m.set_pick(DeviceKind::Camera, stored.camera.clone());
    m.set_pick(DeviceKind::Mic, stored.mic.clone());
    m.set_pick(DeviceKind::Speaker, stored.speaker.clone());
    m.set_resolution(stored.resolution);
    m.in_lobby.set(true);
    let name = RwSignal::new(
        url_name
            .and_then(|n| lobby::clean_name(&n))
            .or(stored.name.clone())
            .unwrap_or_else(|| state.my_name.get_untracked()),
    );
    let cam_off = RwSignal::new(!options.webcam || stored.cam_off);
    let mic_off = RwSignal::new(!options.mic || stored.mic_off);
    let error = RwSignal::new(None::<String>);
    let (tx, rx) = oneshot::channel::<()>();
    let tx = StoredValue::new_local(Some(tx));
    let join = Callback::new(move |()| {
        if let Some(tx) = tx.try_update_value(Option::take).flatten() {
            let _ = tx.send(());
        }
    });

    leptos::mount::mount_to_body(move || {
        view! {
            <Show when=move || m.in_lobby.get()>
                <LobbyView name cam_off mic_off error join/>
            </Show>
        }
    });

    // The preview is the call's capture: both devices, whatever the toggles
    // say (turning one off in the lobby must not need a second prompt to undo).
    match webrtc::capture(true, true).await {
        Ok(stream) => {
            m.preview.set_value(Some(stream.clone()));
            start_meter(&stream);
        }
        Err(e) => error.set(Some(e)),
    }
    m.refresh_devices().await;
    sync_picks_with_tracks(m);

    let _ = rx.await;
    METER.with(|meter| meter.borrow_mut().take());
    let stream = m.preview.get_value();
    let (cam_on, mic_on) = (!cam_off.get_untracked(), !mic_off.get_untracked());
    if let Some(stream) = &stream {
        for track in webrtc::tracks_of(stream) {
            let keep = if track.kind() == "video" {
                cam_on
            } else {
                mic_on
            };
            if !keep {
                // Off means off: the camera light goes out.
                track.stop();
                stream.remove_track(&track);
            }
        }
    }
    let name =
        lobby::clean_name(&name.get_untracked()).unwrap_or_else(|| state.my_name.get_untracked());
    save_choices(&Choices {
        name: Some(name.clone()),
        camera: m.camera.get_untracked(),
        mic: m.mic.get_untracked(),
        speaker: m.speaker.get_untracked(),
        cam_off: !cam_on,
        mic_off: !mic_on,
        resolution: m.resolution.get_untracked(),
    });
    m.in_lobby.set(false);
    let has = |kind: &str| {
        stream
            .as_ref()
            .is_some_and(|s| webrtc::tracks_of(s).iter().any(|t| t.kind() == kind))
    };
    LobbyOutcome {
        mic_on: mic_on && has("audio"),
        cam_on: cam_on && has("video"),
        stream: stream.filter(|s| !webrtc::tracks_of(s).is_empty()),
        name,
    }
}

/// Pickers show the device actually captured (the default one, or a
/// remembered one that was replaced by the default).
fn sync_picks_with_tracks(m: DeviceModel) {
    let Some(stream) = m.preview.get_value() else {
        return;
    };
    let list = m.devices.get_untracked();
    for track in webrtc::tracks_of(&stream) {
        let kind = if track.kind() == "video" {
            DeviceKind::Camera
        } else {
            DeviceKind::Mic
        };
        let Some(id) = devices::track_device_id(&track) else {
            continue;
        };
        if let Some(d) = list.iter().find(|d| d.kind == kind && d.id == id) {
            if m.pick(kind).get_untracked().is_some() {
                m.set_pick(
                    kind,
                    Some(Chosen {
                        id: d.id.clone(),
                        label: d.label.clone(),
                    }),
                );
            }
        } else if m.pick(kind).get_untracked().is_some() {
            m.set_pick(kind, None);
        }
    }
}

fn start_meter(stream: &MediaStream) {
    let m = model();
    let track = webrtc::tracks_of(stream)
        .into_iter()
        .find(|t| t.kind() == "audio");
    let meter = track.and_then(|t| devices::LevelMeter::new(&t).ok());
    let running = meter.is_some();
    METER.with(|slot| *slot.borrow_mut() = meter);
    if !running {
        return;
    }
    leptos::task::spawn_local(async move {
        // Ends when the meter is dropped (Join, or a new microphone's meter).
        loop {
            gloo_timers::future::sleep(Duration::from_millis(100)).await;
            let Some(level) = METER.with(|slot| slot.borrow().as_ref().map(|m| m.level())) else {
                break;
            };
            m.level.set(level);
        }
    });
}

/// A picker changed in the lobby: recapture that device for the preview.
async fn preview_switch(kind: DeviceKind, chosen: Option<Chosen>) {
    let m = model();
    m.set_pick(kind, chosen.clone());
    if kind == DeviceKind::Speaker {
        return;
    }
    let Some(stream) = m.preview.get_value() else {
        return;
    };
    let web_kind = if kind == DeviceKind::Camera {
        "video"
    } else {
        "audio"
    };
    let old: Vec<MediaStreamTrack> = webrtc::tracks_of(&stream)
        .into_iter()
        .filter(|t| t.kind() == web_kind)
        .collect();
    // Stopped first: some cameras cannot be opened twice at once.
    for t in &old {
        t.stop();
        stream.remove_track(t);
    }
    match devices::capture_one(kind, chosen.as_ref().map(|c| c.id.as_str())).await {
        Ok(track) => stream.add_track(&track),
        Err(e) => crate::signaling::log(&format!("preview: {e}")),
    }
    // A new MediaStream object: the <video> re-reads it.
    if let Ok(fresh) = MediaStream::new_with_tracks(&stream.get_tracks()) {
        m.preview.set_value(Some(fresh.clone()));
        if kind == DeviceKind::Mic {
            start_meter(&fresh);
        }
    }
    m.level.update(|_| {});
}

async fn preview_resolution(r: Resolution) {
    let m = model();
    m.set_resolution(r);
    let Some(stream) = m.preview.get_value() else {
        return;
    };
    let mut applied = true;
    for t in webrtc::tracks_of(&stream)
        .iter()
        .filter(|t| t.kind() == "video")
    {
        let ok = devices::apply_resolution(t, r).await.is_ok();
        applied &= ok && devices::track_height(t).is_some_and(|h| h <= r.height());
    }
    // The preview becomes the call's capture: if the camera kept its size,
    // capture anew at the picked one (as the call's device menu does).
    if !applied {
        preview_switch(DeviceKind::Camera, m.camera.get_untracked()).await;
    }
}

#[component]
fn LobbyView(
    name: RwSignal<String>,
    cam_off: RwSignal<bool>,
    mic_off: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    join: Callback<()>,
) -> impl IntoView {
    let m = model();
    let video = NodeRef::<html::Video>::new();
    // Re-attach whenever the preview stream object changes (level ticks re-run it cheaply).
    Effect::new(move |_| {
        m.level.track();
        if let (Some(el), Some(stream)) = (video.get(), m.preview.get_value()) {
            if el.src_object().as_ref() != Some(&stream) {
                el.set_src_object(Some(&stream));
                let _ = el.play();
            }
        }
    });
    let on_pick = Callback::new(move |(kind, chosen): (DeviceKind, Option<Chosen>)| {
        leptos::task::spawn_local(preview_switch(kind, chosen));
    });
    let on_resolution = Callback::new(move |r: Resolution| {
        leptos::task::spawn_local(preview_resolution(r));
    });
    view! {
        <div class="lobby" role="dialog" aria-label="Get ready to join">
            <div class="lobby-card">
                <h1>"Ready to join?"</h1>
                <div class="lobby-preview" class:novideo=move || cam_off.get()>
                    <video id="lobby-preview" node_ref=video autoplay playsinline muted></video>
                    <Show when=move || cam_off.get()>
                        <div class="lobby-camoff">"Camera off"</div>
                    </Show>
                </div>
                <label class="lobby-level">
                    "Microphone "
                    <meter id="lobby-level" min="0" max="1" low="0.05" value=move || m.level.get()></meter>
                </label>
                {move || error.get().map(|e| view! { <p class="lobby-error" role="alert">{e}</p> })}
                <label>
                    "Your name "
                    <input
                        id="lobby-name"
                        type="text"
                        maxlength=lobby::MAX_NAME_LEN.to_string()
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <DevicePickers prefix="lobby" on_pick on_resolution/>
                <label>
                    <input id="lobby-cam-off" type="checkbox"
                        prop:checked=move || cam_off.get()
                        on:change=move |ev| cam_off.set(event_target_checked(&ev))/>
                    " Join with camera off"
                </label>
                <label>
                    <input id="lobby-mic-off" type="checkbox"
                        prop:checked=move || mic_off.get()
                        on:change=move |ev| mic_off.set(event_target_checked(&ev))/>
                    " Join with microphone off"
                </label>
                <button id="lobby-join" class="lobby-join" on:click=move |_| join.run(())>"Join"</button>
            </div>
        </div>
    }
}

/// `select#<prefix>-camera`, `-mic`, `-speaker` (where setSinkId exists) and
/// `-resolution`; the value "" is the default device.
#[component]
fn DevicePickers(
    prefix: &'static str,
    on_pick: Callback<(DeviceKind, Option<Chosen>)>,
    on_resolution: Callback<Resolution>,
) -> impl IntoView {
    let m = model();
    let picker = move |kind: DeviceKind, label: &'static str, suffix: &'static str| {
        let on_change = move |ev: leptos::ev::Event| {
            let id = event_target_value(&ev);
            let chosen = m
                .devices
                .get_untracked()
                .into_iter()
                .find(|d| d.kind == kind && d.id == id)
                .map(|d| Chosen {
                    id: d.id,
                    label: d.label,
                });
            on_pick.run((kind, chosen));
        };
        let current = move || m.pick(kind).with(|c| c.as_ref().map(|c| c.id.clone()));
        view! {
            <label>
                {label}" "
                <select id=format!("{prefix}-{suffix}") on:change=on_change>
                    <option value="" prop:selected=move || current().is_none()>"Default"</option>
                    {move || {
                        lobby::of_kind(&m.devices.get(), kind)
                            .into_iter()
                            .enumerate()
                            .map(|(i, d)| {
                                let shown = d.display(i);
                                let id = d.id.clone();
                                view! {
                                    <option value=d.id prop:selected=move || current().as_deref() == Some(id.as_str())>
                                        {shown}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        }
    };
    let speaker =
        devices::can_pick_speaker().then(|| picker(DeviceKind::Speaker, "Speaker", "speaker"));
    view! {
        <div class="device-pickers">
            {picker(DeviceKind::Camera, "Camera", "camera")}
            {picker(DeviceKind::Mic, "Microphone", "mic")}
            {speaker}
            <label>
                "Resolution "
                <select
                    id=format!("{prefix}-resolution")
                    on:change=move |ev| {
                        if let Some(r) = Resolution::parse(&event_target_value(&ev)) {
                            on_resolution.run(r);
                        }
                    }
                >
                    {Resolution::ALL
                        .into_iter()
                        .map(|r| view! {
                            <option value=r.label() prop:selected=move || m.resolution.get() == r>{r.label()}</option>
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}

/// The call's device menu (`#device-menu`): the same pickers, acting on what is sent.
#[component]
pub fn DeviceMenu(state: RoomState, actions: Actions, enabled: Signal<bool>) -> impl IntoView {
    let m = model();
    let open = RwSignal::new(false);
    // New remote <audio> elements play on the picked speaker too.
    Effect::new(move |_| {
        state.media_version.track();
        let id = m
            .speaker
            .with(|s| s.as_ref().map(|c| c.id.clone()))
            .unwrap_or_default();
        set_timeout(move || devices::set_speaker(&id), Duration::from_millis(50));
    });
    let on_pick = Callback::new(move |(kind, chosen): (DeviceKind, Option<Chosen>)| {
        model().pick(kind).set(chosen.clone());
        actions.switch_device(kind, chosen);
    });
    let on_resolution = Callback::new(move |r: Resolution| {
        model().resolution.set(r);
        actions.set_resolution(r);
    });
    let toggle = move |_| {
        let opening = !open.get_untracked();
        open.set(opening);
        if opening {
            leptos::task::spawn_local(m.refresh_devices());
        }
    };
    view! {
        <div class="device-menu-wrap">
            <button
                id="device-menu-button"
                class="control"
                aria-label="Devices"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                title="Camera, microphone, speaker and resolution"
                disabled=move || !enabled.get()
                on:click=toggle
            >
                {super::icons::icon(super::icons::Icon::Camera)}
                <span class="label">"Devices"</span>
            </button>
            <Show when=move || open.get()>
                <div id="device-menu" class="device-menu" role="dialog" aria-label="Devices">
                    <DevicePickers prefix="device" on_pick on_resolution/>
                </div>
            </Show>
        </div>
    }
}
