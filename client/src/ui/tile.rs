//! Video tiles: my camera, my screen preview, and one tile per remote
//! (peer, source). Media elements get their `srcObject` from the state's
//! streams through a `NodeRef` + `Effect`.

use leptos::html;
use leptos::prelude::*;
use stunroom_shared::ids::PeerId;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlMediaElement, MediaStream};

use super::grid::{Layout, TileKey};
use super::icons::{icon, Icon};
use super::reactions::TileBadges;
use super::{avatar_color, bool_str, initial, Sound};
use crate::actions::Actions;
use crate::state::{PeerView, Quality, RoomState, Source};

/// Plays `stream` in `el` (only re-assigning when it changed) and (re)starts
/// playback. An autoplay refusal is reported to `sound` (the page then offers
/// a button to turn sound on); other refusals are ignored.
fn play(el: &HtmlMediaElement, stream: Option<&MediaStream>, sound: Option<Sound>) {
    if el.src_object().as_ref() != stream {
        el.set_src_object(stream);
    }
    if stream.is_some() {
        if let Ok(promise) = el.play() {
            leptos::task::spawn_local(async move {
                if let Err(e) = JsFuture::from(promise).await {
                    let name = js_sys::Reflect::get(&e, &"name".into())
                        .ok()
                        .and_then(|n| n.as_string());
                    if let (Some(sound), Some("NotAllowedError")) = (sound, name.as_deref()) {
                        sound.blocked.set(true);
                    }
                }
            });
        }
    }
}

/// My camera: `.tile.local` with `video#local-video`.
#[component]
pub fn LocalTile(state: RoomState) -> impl IntoView {
    let video = NodeRef::<html::Video>::new();
    Effect::new(move |_| {
        state.local_version.track();
        if let Some(el) = video.get() {
            state.local.with_value(|s| play(&el, s.as_ref(), None));
        }
    });
    let speaking = move || {
        let me = state.my_id.get();
        !me.is_empty()
            && state
                .active_speaker
                .with(|s| s.as_ref().map(PeerId::as_str) == Some(me.as_str()))
    };
    let cam_off = move || !state.cam_on.get();
    let name = move || state.my_name.get();
    let hand = state.hand_raised;
    view! {
        <div
            class="tile local"
            class:speaking=speaking
            class:novideo=cam_off
            data-hand-raised=move || bool_str(hand.get())
        >
            <div class="avatar" aria-hidden="true" style:background=move || avatar_color(&state.my_id.get())>
                {move || initial(&name())}
            </div>
            <video id="local-video" node_ref=video autoplay playsinline muted></video>
            <div class="tile-top-left">
                <TileBadges hand=hand reaction=state.my_reaction/>
            </div>
            <div class="tile-footer">
                <span class="name-tag">
                    <Show when=move || !state.mic_on.get()>
                        <span class="muted-icon" role="img" aria-label="Microphone off">{icon(Icon::MicOff)}</span>
                    </Show>
                    <span class="name">{name}</span>
                    <span class="you">" (you)"</span>
                </span>
            </div>
        </div>
    }
}

/// What I share, as I see it: `.tile.local-screen`.
#[component]
pub fn LocalScreenTile(state: RoomState) -> impl IntoView {
    let video = NodeRef::<html::Video>::new();
    Effect::new(move |_| {
        state.local_version.track();
        if let Some(el) = video.get() {
            state
                .local_screen
                .with_value(|s| play(&el, s.as_ref(), None));
        }
    });
    view! {
        <div class="tile local-screen screen">
            <video node_ref=video autoplay playsinline muted></video>
            <div class="tile-footer">
                <span class="name-tag">
                    <span class="source-icon" aria-hidden="true">{icon(Icon::Screen)}</span>
                    <span class="name">"Your screen"</span>
                </span>
            </div>
        </div>
    }
}

/// Someone else's camera (video + audio) or screen (video).
#[component]
pub fn RemoteTile(
    state: RoomState,
    actions: Actions,
    peer_id: PeerId,
    source: Source,
) -> impl IntoView {
    let peer = {
        let id = peer_id.clone();
        Memo::new(move |_| {
            state
                .peers
                .with(|ps| ps.iter().find(|p| p.id == id).cloned())
        })
    };
    // A field of the peer (its default once the peer is gone).
    let field = move |f: fn(&PeerView) -> bool| move || peer.with(|p| p.as_ref().is_some_and(f));
    let camera = source == Source::Camera;

    let video = NodeRef::<html::Video>::new();
    let audio = NodeRef::<html::Audio>::new();
    let sound = use_context::<Sound>();
    {
        let id = peer_id.clone();
        Effect::new(move |_| {
            state.media_version.track();
            if let Some(sound) = sound {
                sound.retry.track();
            }
            let Some(streams) = state.streams_of(&id, source) else {
                return;
            };
            if let Some(v) = video.get() {
                play(&v, Some(&streams.video), sound);
                crate::timing::watch_first_frame(&v);
            }
            if let Some(a) = audio.get() {
                play(&a, Some(&streams.audio), sound);
            }
        });
    }

    let name = move || {
        peer.with(|p| {
            p.as_ref()
                .map(|p| p.display_name.clone())
                .unwrap_or_default()
        })
    };
    let audio_paused = field(|p| p.audio_paused);
    let muted = field(|p| p.audio_paused || !p.has_audio);
    let video_paused = move || camera && field(|p| p.video_paused)();
    let video_off = move || camera && field(|p| p.video_paused || !p.has_video)();
    let layers = move || {
        peer.with(|p| match p.as_ref().and_then(|p| p.layers) {
            Some((s, t)) if camera => format!("{s},{t}"),
            _ => String::new(),
        })
    };
    let speaking = {
        let id = peer_id.clone();
        move || camera && state.active_speaker.with(|s| s.as_ref() == Some(&id))
    };
    let label = move || {
        if camera {
            name()
        } else {
            format!("{}’s screen", name())
        }
    };
    let color = avatar_color(peer_id.as_str());
    let select_id = peer_id.clone();
    let key = TileKey {
        peer_id: peer_id.clone(),
        source,
    };
    let layout = use_context::<Layout>();
    let pinned = {
        let key = key.clone();
        Signal::derive(move || layout.is_some_and(|l| l.is_pinned(&key)))
    };
    let offpage = {
        let key = key.clone();
        Signal::derive(move || layout.is_some_and(|l| !l.is_shown(&key)))
    };
    let hand = Signal::derive(move || camera && field(|p| p.hand_raised)());
    let reaction = Signal::derive(move || {
        if !camera {
            return None;
        }
        peer.with(|p| p.as_ref().and_then(|p| p.reaction.clone()))
    });
    let pin_label = Signal::derive(move || {
        let verb = if pinned.get() { "Unpin" } else { "Pin" };
        format!("{verb} {}", label())
    });
    let toggle_pin = move |_| {
        if let Some(l) = layout {
            l.toggle_pin(key.clone());
        }
    };

    view! {
        <div
            class="tile remote"
            class:screen=!camera
            class:speaking=speaking
            class:novideo=video_off
            class:spotlight=pinned
            class:offpage=offpage
            data-pinned=move || bool_str(pinned.get())
            data-visible=move || bool_str(!offpage.get())
            data-hand-raised=move || bool_str(hand.get())
            data-peer-id=peer_id.to_string()
            data-peer-name=name
            data-source=if camera { "camera" } else { "screen" }
            data-audio-paused=move || bool_str(audio_paused())
            data-video-paused=move || bool_str(video_paused())
            data-layers=layers
        >
            {camera.then(|| view! {
                <div class="avatar" aria-hidden="true" style:background=color.clone()>
                    {move || initial(&name())}
                </div>
            })}
            <video node_ref=video autoplay playsinline muted></video>
            {camera.then(|| view! { <audio node_ref=audio autoplay></audio> })}
            <div class="tile-top-left">
                <button
                    class="pin"
                    aria-pressed=move || bool_str(pinned.get())
                    aria-label=pin_label
                    title=pin_label
                    on:click=toggle_pin
                >
                    {icon(Icon::Pin)}
                </button>
                <TileBadges hand reaction/>
            </div>
            {camera.then(|| view! {
                <div class="tile-top">
                    <Show when=move || field(|p| p.simulcast)() && !video_off()>
                        <QualitySelect actions peer peer_id=select_id.clone()/>
                    </Show>
                </div>
            })}
            <div class="tile-footer">
                <span class="name-tag">
                    {(!camera).then(|| view! {
                        <span class="source-icon" aria-hidden="true">{icon(Icon::Screen)}</span>
                    })}
                    {camera.then(|| view! {
                        <Show when=muted>
                            <span class="muted-icon" role="img" aria-label="Microphone off">
                                {icon(Icon::MicOff)}
                            </span>
                        </Show>
                    })}
                    <span class="name">{label}</span>
                </span>
                {camera.then(|| view! { <QualityIndicator peer/> })}
            </div>
        </div>
    }
}

/// Connection quality from the camera consumer's score: four bars.
#[component]
fn QualityIndicator(peer: Memo<Option<PeerView>>) -> impl IntoView {
    let score = move || peer.with(|p| p.as_ref().and_then(|p| p.score));
    let bars = move || match score() {
        None | Some(0) => 0,
        Some(1..=3) => 1,
        Some(4..=6) => 2,
        Some(7..=8) => 3,
        Some(_) => 4,
    };
    let level = move || match score() {
        None => "unknown",
        Some(0..=3) => "poor",
        Some(4..=6) => "fair",
        Some(_) => "good",
    };
    let text = move || {
        let layers = peer
            .with(|p| p.as_ref().and_then(|p| p.layers))
            .map(|(s, t)| format!(", layers {s}/{t}"))
            .unwrap_or_default();
        match score() {
            Some(s) => format!("Connection {} ({s}/10{layers})", level()),
            None => "Connection quality not known yet".to_owned(),
        }
    };
    view! {
        <span
            class="quality-indicator"
            data-score=move || score().map(|s| s.to_string())
            data-level=level
            data-bars=bars
            role="img"
            aria-label=text
            title=text
        >
            <span class="bar"></span>
            <span class="bar"></span>
            <span class="bar"></span>
            <span class="bar"></span>
        </span>
    }
}

pub fn quality_value(q: Quality) -> &'static str {
    match q {
        Quality::Auto => "auto",
        Quality::Low => "low",
        Quality::Medium => "medium",
        Quality::High => "high",
    }
}

fn parse_quality(value: &str) -> Option<Quality> {
    Quality::ALL
        .into_iter()
        .find(|q| quality_value(*q) == value)
}

/// `select.quality` on simulcast camera tiles: which layers to receive.
#[component]
fn QualitySelect(actions: Actions, peer: Memo<Option<PeerView>>, peer_id: PeerId) -> impl IntoView {
    let current = move || peer.with(|p| p.as_ref().map(|p| p.quality).unwrap_or_default());
    let label = move || {
        let name = peer.with(|p| {
            p.as_ref()
                .map(|p| p.display_name.clone())
                .unwrap_or_default()
        });
        format!("Video quality for {name}")
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(q) = parse_quality(&event_target_value(&ev)) {
            actions.set_quality(peer_id.clone(), q);
        }
    };
    view! {
        <select class="quality" aria-label=label title="Video quality" on:change=on_change>
            {Quality::ALL
                .into_iter()
                .map(|q| {
                    view! {
                        <option value=quality_value(q) prop:selected=move || current() == q>
                            {q.label()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}
