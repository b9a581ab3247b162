//! Leptos components: the room page, its tiles and controls.

use leptos::html;
use leptos::prelude::*;

use crate::state::{Phase, RoomState};

#[component]
pub fn App() -> impl IntoView {
    let state = RoomState::new();
    let actions = crate::app::start_session(state);
    let room_id = state.room_id;

    // `body[data-state]` lets styles (and tests) follow the page's phase.
    Effect::new(move |_| {
        let label = match (state.error.get().is_some(), state.phase.get()) {
            (true, _) => "error",
            (false, Phase::Joining) => "joining",
            (false, Phase::Joined) => "joined",
            (false, Phase::Left) => "left",
            (false, Phase::Reconnecting) => "reconnecting",
        };
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-state", label);
        }
    });

    let leave = move |_| actions.leave();
    let copied = RwSignal::new(false);
    let copy_invite = move |_| {
        if let Some(link) = crate::app::invite_link() {
            crate::app::copy_to_clipboard(&link);
            copied.set(true);
        }
    };
    let peer_count = move || state.peers.with(Vec::len);

    view! {
        <header class="topbar">
            <span class="brand">"stunroom"</span>
            <span class="room">"Room " <strong>{move || room_id.get()}</strong></span>
            <span class="count">{move || format!("{} in the room", peer_count() + 1)}</span>
            <button id="copy-invite" on:click=copy_invite title="Copy a link others can use to join">
                {move || if copied.get() { "Link copied" } else { "Copy invite link" }}
            </button>
            <button id="leave" class="danger" on:click=leave
                disabled=move || state.phase.get() == Phase::Left
                title="Leave the room">"Leave"</button>
        </header>
        <Show when=move || state.error.get().is_some()>
            <div class="error-banner" role="alert">{move || state.error.get().unwrap_or_default()}</div>
        </Show>
        <Show when=move || state.phase.get() == Phase::Left>
            <div class="notice">"You left the room. " <a href=move || format!("?roomId={}", room_id.get())>"Rejoin"</a></div>
        </Show>
        <main class="grid" data-tiles=move || peer_count() + 1>
            <LocalTile state/>
            <For each=move || state.peers.get() key=|p| p.id.clone() let:peer>
                <RemoteTile peer state/>
            </For>
        </main>
    }
}

#[component]
fn LocalTile(state: RoomState) -> impl IntoView {
    let video = NodeRef::<html::Video>::new();
    Effect::new(move |_| {
        if !state.local_version.get() > 0 {
            return;
        }
        if let (Some(el), Some(stream)) = (video.get(), state.local.get_value()) {
            el.set_src_object(Some(&stream));
        }
    });
    view! {
        <div class="tile local">
            <video id="local-video" node_ref=video autoplay playsinline muted></video>
            <div class="name">"You"</div>
        </div>
    }
}

#[component]
fn RemoteTile(peer: crate::state::PeerView, state: RoomState) -> impl IntoView {
    let video = NodeRef::<html::Video>::new();
    let audio = NodeRef::<html::Audio>::new();
    let peer_id = peer.id.clone();
    Effect::new(move |_| {
        state.media_version.track();
        let (Some(v), Some(a), Some(streams)) = (
            video.get(),
            audio.get(),
            state.streams_of(&peer_id, crate::state::Source::Camera),
        ) else {
            return;
        };
        if v.src_object().is_none() {
            v.set_src_object(Some(&streams.video));
            a.set_src_object(Some(&streams.audio));
        }
        // New tracks may have arrived in the streams: make sure both play.
        let _ = v.play();
        let _ = a.play();
    });
    let initial = peer
        .display_name
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    view! {
        <div class="tile remote" data-peer-id=peer.id.clone() data-peer-name=peer.display_name.clone()>
            <div class="avatar" aria-hidden="true">{initial}</div>
            <video node_ref=video autoplay playsinline muted></video>
            <audio node_ref=audio autoplay></audio>
            <div class="name">{peer.display_name.clone()}</div>
        </div>
    }
}
