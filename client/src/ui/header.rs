//! Top bar: room name, head count, connection status and my editable name.

use leptos::html;
use leptos::prelude::*;

use super::icons::{icon, Icon};
use crate::actions::Actions;
use crate::state::{Phase, RoomState};

#[component]
pub fn TopBar(state: RoomState, actions: Actions) -> impl IntoView {
    let people = move || state.peers.with(Vec::len) + 1;
    let status = move || match state.phase.get() {
        Phase::Joining => ("joining", "Joining…"),
        Phase::Joined => ("joined", "Live"),
        Phase::Reconnecting => ("reconnecting", "Reconnecting…"),
        Phase::Left => ("left", "Left"),
    };
    view! {
        <header class="topbar">
            <span class="brand" aria-hidden="true">"stunroom"</span>
            <h1 class="room">
                <span class="visually-hidden">"Room "</span>
                {move || state.room_id.get()}
            </h1>
            <span class="status-pill" data-phase=move || status().0>
                <span class="dot" aria-hidden="true"></span>
                {move || status().1}
            </span>
            <Show when=move || state.recording.get()>
                <span class="recording-badge" role="status" title="This room is being recorded">
                    "● Recording"
                </span>
            </Show>
            <span class="count">
                {move || match people() {
                    1 => "Just you".to_owned(),
                    n => format!("{n} people"),
                }}
            </span>
            <NameField state actions/>
        </header>
    }
}

/// `input#display-name`: Enter or leaving the field renames (when changed and
/// not empty); Escape puts the current name back.
#[component]
fn NameField(state: RoomState, actions: Actions) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    let commit = move || {
        let Some(el) = input.get_untracked() else {
            return;
        };
        let current = state.my_name.get_untracked();
        let value = el.value();
        let wanted = value.trim();
        if wanted.is_empty() {
            el.set_value(&current);
        } else if wanted != current {
            actions.rename(wanted.to_owned());
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            commit();
            if let Some(el) = input.get_untracked() {
                let _ = el.blur();
            }
        }
        "Escape" => {
            if let Some(el) = input.get_untracked() {
                el.set_value(&state.my_name.get_untracked());
                let _ = el.blur();
            }
        }
        _ => {}
    };
    view! {
        <div class="name-field">
            <label for="display-name" class="visually-hidden">"Your name"</label>
            <span class="edit-icon" aria-hidden="true">{icon(Icon::Edit)}</span>
            <input
                id="display-name"
                node_ref=input
                type="text"
                maxlength="40"
                autocomplete="nickname"
                spellcheck="false"
                placeholder="Your name"
                title="Your name as others see it (Enter to save)"
                prop:value=move || state.my_name.get()
                on:keydown=on_keydown
                on:blur=move |_| commit()
            />
        </div>
    }
}
