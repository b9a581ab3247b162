//! The control bar: my media, the side panels, connection actions, leave.

use std::time::Duration;

use leptos::prelude::*;

use super::icons::{icon, Icon};
use super::{bool_str, Panel, Panels};
use crate::actions::Actions;
use crate::state::{ChatFrom, Phase, RoomState, ToastLevel};

#[component]
pub fn Controls(state: RoomState, actions: Actions, panels: Panels) -> impl IntoView {
    let joined = move || state.phase.get() == Phase::Joined;
    // `produce=false` (receive only): nothing to switch on.
    let can_send = move || joined() && state.options.with(|o| o.produce);
    let copied = RwSignal::new(false);
    let copy_invite = move |_| match crate::app::invite_link() {
        Some(link) => {
            crate::app::copy_to_clipboard(&link);
            copied.set(true);
            state.toast(
                ToastLevel::Info,
                "Invite link copied — share it to bring people in",
            );
            set_timeout(move || copied.set(false), Duration::from_secs(2));
        }
        None => state.toast(ToastLevel::Error, "Could not read the page address"),
    };

    // Chat lines that arrived while the chat was closed.
    let seen = RwSignal::new(0usize);
    Effect::new(move |_| {
        if panels.is_open(Panel::Chat) {
            seen.set(state.chat.with(Vec::len));
        }
    });
    let unread = move || {
        let from = seen.get();
        state.chat.with(|c| {
            c.iter()
                .skip(from)
                .filter(|l| l.from != ChatFrom::Me)
                .count()
        })
    };

    view! {
        <nav class="controls" aria-label="Call controls">
            <div class="group">
                <ToggleButton
                    id="toggle-mic"
                    label="Mic"
                    aria="Microphone"
                    shortcut="M"
                    on=state.mic_on
                    on_icon=Icon::Mic
                    off_icon=Icon::MicOff
                    warn_when_off=true
                    enabled=Signal::derive(can_send)
                    act=Callback::new(move |()| actions.toggle_mic())
                />
                <ToggleButton
                    id="toggle-cam"
                    label="Camera"
                    aria="Camera"
                    shortcut="V"
                    on=state.cam_on
                    on_icon=Icon::Camera
                    off_icon=Icon::CameraOff
                    warn_when_off=true
                    enabled=Signal::derive(can_send)
                    act=Callback::new(move |()| actions.toggle_cam())
                />
                <ToggleButton
                    id="toggle-share"
                    label="Share"
                    aria="Share screen"
                    shortcut="S"
                    on=state.sharing
                    on_icon=Icon::Screen
                    off_icon=Icon::Screen
                    warn_when_off=false
                    enabled=Signal::derive(can_send)
                    act=Callback::new(move |()| actions.toggle_share())
                />
                <super::lobby::DeviceMenu state actions enabled=Signal::derive(can_send)/>
            </div>
            <div class="group">
                <super::reactions::ReactionControls state actions/>
            </div>
            <div class="group">
                <PanelButton panels panel=Panel::Chat label="Chat" shortcut="C" icon=Icon::Chat badge=Signal::derive(unread)/>
                <PanelButton panels panel=Panel::People label="People" shortcut="P" icon=Icon::People
                    badge=Signal::derive(move || match state.peers.with(Vec::len) {
                        0 => 0,
                        n => n + 1,
                    })/>
                <PanelButton panels panel=Panel::Stats label="Stats" shortcut="I" icon=Icon::Stats badge=Signal::derive(|| 0)/>
            </div>
            <div class="group">
                <button
                    id="restart-ice"
                    class="control"
                    aria-label="Restart connection (ICE restart)"
                    title="Restart the media connection (ICE restart) — try this when video freezes"
                    disabled=move || !joined()
                    on:click=move |_| actions.restart_ice()
                >
                    {icon(Icon::Restart)}
                    <span class="label">"Reconnect"</span>
                </button>
                <button
                    id="copy-invite"
                    class="control"
                    aria-label="Copy invite link"
                    title="Copy a link others can use to join"
                    on:click=copy_invite
                >
                    {move || icon(if copied.get() { Icon::Check } else { Icon::Link })}
                    <span class="label">{move || if copied.get() { "Copied" } else { "Invite" }}</span>
                </button>
            </div>
            <div class="group">
                <button
                    id="leave"
                    class="control danger"
                    aria-label="Leave the room"
                    title="Leave the room"
                    disabled=move || state.phase.get() == Phase::Left
                    on:click=move |_| actions.leave()
                >
                    {icon(Icon::Leave)}
                    <span class="label">"Leave"</span>
                </button>
            </div>
        </nav>
    }
}

/// A media on/off switch: `aria-pressed` is "true" while the thing is on.
#[allow(clippy::too_many_arguments)]
#[component]
fn ToggleButton(
    id: &'static str,
    label: &'static str,
    aria: &'static str,
    shortcut: &'static str,
    on: RwSignal<bool>,
    on_icon: Icon,
    off_icon: Icon,
    /// Off is shown in red (muted microphone, camera off).
    warn_when_off: bool,
    enabled: Signal<bool>,
    act: Callback<()>,
) -> impl IntoView {
    let title = move || {
        let verb = if on.get() { "Turn off" } else { "Turn on" };
        format!("{verb}: {} ({shortcut})", aria.to_lowercase())
    };
    view! {
        <button
            id=id
            class="control toggle"
            class:off=move || warn_when_off && !on.get()
            aria-label=aria
            aria-pressed=move || bool_str(on.get())
            aria-keyshortcuts=shortcut
            title=title
            disabled=move || !enabled.get()
            on:click=move |_| act.run(())
        >
            {move || icon(if on.get() { on_icon } else { off_icon })}
            <span class="label">{label}</span>
        </button>
    }
}

/// Opens / closes a side panel.
#[component]
fn PanelButton(
    panels: Panels,
    panel: Panel,
    label: &'static str,
    shortcut: &'static str,
    icon: Icon,
    /// A count shown on the button (unread messages, people); hidden when 0.
    badge: Signal<usize>,
) -> impl IntoView {
    let open = panels.open_signal(panel);
    let controls = format!("{}-panel", panel.name());
    view! {
        <button
            id=panel.toggle_id()
            class="control"
            class:active=open
            aria-label=move || match badge.get() {
                0 => label.to_owned(),
                n => format!("{label} ({n})"),
            }
            aria-pressed=move || bool_str(open.get())
            aria-expanded=move || bool_str(open.get())
            aria-controls=controls
            aria-keyshortcuts=shortcut
            title=format!("{label} ({shortcut})")
            on:click=move |_| panels.toggle(panel)
        >
            {super::icons::icon(icon)}
            <span class="label">{label}</span>
            <Show when=move || { badge.get() > 0 }>
                <span class="badge" aria-hidden="true">{move || badge.get().to_string()}</span>
            </Show>
        </button>
    }
}
