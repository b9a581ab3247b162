//! Raise hand and emoji reactions: the control-bar buttons (`#toggle-hand`,
//! `#toggle-reactions` with its picker of [`REACTIONS`]) and what a tile
//! shows (`.hand-badge`, `.reaction-float`).

use leptos::prelude::*;
use stunroom_shared::messages::REACTIONS;

use super::bool_str;
use super::icons::{icon, Icon};
use crate::actions::Actions;
use crate::state::{Phase, RoomState};

/// `#toggle-hand` and `#toggle-reactions`; the picker opens above the bar.
#[component]
pub fn ReactionControls(state: RoomState, actions: Actions) -> impl IntoView {
    let joined = move || state.phase.get() == Phase::Joined;
    let raised = state.hand_raised;
    let picker = RwSignal::new(false);
    let hand_title = move || {
        if raised.get() {
            "Lower your hand (H)"
        } else {
            "Raise your hand (H)"
        }
    };
    view! {
        <button
            id="toggle-hand"
            class="control toggle"
            class:active=move || raised.get()
            aria-label="Raise hand"
            aria-pressed=move || bool_str(raised.get())
            aria-keyshortcuts="H"
            title=hand_title
            disabled=move || !joined()
            on:click=move |_| actions.toggle_hand()
        >
            {icon(Icon::Hand)}
            <span class="label">{move || if raised.get() { "Lower" } else { "Raise" }}</span>
        </button>
        <div class="reactions-wrap">
            <button
                id="toggle-reactions"
                class="control"
                class:active=move || picker.get()
                aria-label="Reactions"
                aria-expanded=move || bool_str(picker.get())
                aria-controls="reaction-picker"
                title="Send a reaction"
                disabled=move || !joined()
                on:click=move |_| picker.update(|o| *o = !*o)
            >
                {icon(Icon::Smile)}
                <span class="label">"React"</span>
            </button>
            <Show when=move || picker.get()>
                <div id="reaction-picker" class="reaction-picker" role="group" aria-label="Reactions">
                    {REACTIONS
                        .iter()
                        .map(|e| {
                            let emoji = (*e).to_owned();
                            view! {
                                <button
                                    class="reaction-choice"
                                    data-emoji=emoji.clone()
                                    aria-label=format!("React {emoji}")
                                    on:click=move |_| {
                                        picker.set(false);
                                        actions.react(emoji.clone());
                                    }
                                >
                                    {*e}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </Show>
        </div>
    }
}

/// The hand badge and the floating reaction of one tile.
#[component]
pub fn TileBadges(
    #[prop(into)] hand: Signal<bool>,
    #[prop(into)] reaction: Signal<Option<(u64, String)>>,
) -> impl IntoView {
    view! {
        <Show when=move || hand.get()>
            <span class="hand-badge" title="Raised hand">
                {icon(Icon::Hand)}
                <span class="hand-text">"Raised hand"</span>
            </span>
        </Show>
        {move || {
            reaction
                .get()
                .map(|(id, emoji)| {
                    let shown = emoji.clone();
                    view! {
                        <div class="reaction-float" data-reaction-id=id.to_string() data-emoji=emoji aria-hidden="true">
                            {shown}
                        </div>
                    }
                })
        }}
    }
}
