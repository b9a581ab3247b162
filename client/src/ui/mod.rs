//! Leptos components: the room page (`App`) and its parts, one per file.
//!
//! Components read `RoomState` signals and act only through `Actions`.
//! Layout: top bar, banners, the tile grid with a side panel (chat, people or
//! stats; one at a time), the control bar and the toasts.

mod chat;
mod controls;
mod grid;
mod header;
mod icons;
pub mod lobby;
mod people;
mod reactions;
mod stats;
mod tile;
mod toasts;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::actions::Actions;
use crate::state::{Phase, RoomState};

/// The side panel shown next to (or, on narrow screens, over) the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Chat,
    People,
    Stats,
}

impl Panel {
    /// Id of the button that opens it (focus returns there on close).
    fn toggle_id(self) -> &'static str {
        match self {
            Panel::Chat => "toggle-chat",
            Panel::People => "toggle-people",
            Panel::Stats => "toggle-stats",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Panel::Chat => "chat",
            Panel::People => "people",
            Panel::Stats => "stats",
        }
    }
}

/// Which side panel is open, shared by the controls, the panels and the shortcuts.
#[derive(Clone, Copy)]
pub struct Panels(RwSignal<Option<Panel>>);

impl Panels {
    fn new() -> Self {
        Self(RwSignal::new(None))
    }

    pub fn is_open(self, panel: Panel) -> bool {
        self.0.get() == Some(panel)
    }

    pub fn open_signal(self, panel: Panel) -> Signal<bool> {
        Signal::derive(move || self.is_open(panel))
    }

    pub fn toggle(self, panel: Panel) {
        if self.0.get_untracked() == Some(panel) {
            self.close();
        } else {
            self.0.set(Some(panel));
        }
    }

    /// Closes the open panel; focus goes back to its button if it was inside.
    pub fn close(self) {
        let Some(panel) = self.0.get_untracked() else {
            return;
        };
        self.0.set(None);
        let doc = document();
        let focus_inside = doc
            .active_element()
            .and_then(|el| el.closest(".side").ok().flatten())
            .is_some();
        if focus_inside {
            if let Some(button) = doc
                .get_element_by_id(panel.toggle_id())
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = button.focus();
            }
        }
    }
}

/// The browser refused to play sound before the person interacted with the
/// page (autoplay policy): a button offers to turn it on, and tiles retry.
#[derive(Clone, Copy)]
pub struct Sound {
    pub blocked: RwSignal<bool>,
    pub retry: RwSignal<u64>,
}

impl Sound {
    fn new() -> Self {
        Self {
            blocked: RwSignal::new(false),
            retry: RwSignal::new(0),
        }
    }

    /// Called from a click: media may play now.
    fn unlock(self) {
        self.blocked.set(false);
        self.retry.update(|n| *n += 1);
    }
}

/// The page. It only renders: joining was started by `app::start` before
/// mounting, and its progress reaches the view through `state`.
#[component]
pub fn App(state: RoomState, actions: Actions) -> impl IntoView {
    let panels = Panels::new();
    let sound = Sound::new();
    provide_context(sound);

    // `body[data-state]` lets styles (and tests) follow the page's phase.
    Effect::new(move |_| {
        let label = match (state.error.get().is_some(), state.phase.get()) {
            (true, _) => "error",
            (false, Phase::Joining) => "joining",
            (false, Phase::Joined) => "joined",
            (false, Phase::Left) => "left",
            (false, Phase::Reconnecting) => "reconnecting",
        };
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-state", label);
        }
    });

    shortcuts(state, actions, panels);

    view! {
        <header::TopBar state actions/>
        <Banners state sound/>
        <div class="main">
            <grid::Grid state actions/>
            <aside
                class="side"
                data-open=move || panels.0.get().map(Panel::name).unwrap_or_default()
                aria-label="Side panel"
            >
                <chat::ChatPanel state actions panels/>
                <people::PeoplePanel state panels/>
                <stats::StatsPanel state actions panels/>
            </aside>
        </div>
        <controls::Controls state actions panels/>
        <toasts::Toasts state/>
    }
}

/// Error, reconnecting and left notices above the grid.
#[component]
fn Banners(state: RoomState, sound: Sound) -> impl IntoView {
    let phase = state.phase;
    view! {
        <Show when=move || state.error.with(Option::is_some)>
            <div class="error-banner" role="alert">
                {move || state.error.get().unwrap_or_default()}
            </div>
        </Show>
        <div class="status-region" role="status" aria-live="polite">
            <Show when=move || sound.blocked.get()>
                <div class="status-banner sound">
                    "Your browser is holding back the sound."
                    <button id="enable-sound" on:click=move |_| sound.unlock()>"Turn sound on"</button>
                </div>
            </Show>
            <Show when=move || phase.get() == Phase::Reconnecting>
                <div class="status-banner reconnecting">
                    <span class="spinner" aria-hidden="true"></span>
                    "Connection lost — reconnecting…"
                </div>
            </Show>
            <Show when=move || phase.get() == Phase::Left>
                <div class="status-banner left">
                    "You left the room. "
                    // Read when shown: the address carries the room (and ICE settings).
                    <a href=crate::app::invite_link().unwrap_or_default()>"Rejoin"</a>
                </div>
            </Show>
        </div>
    }
}

/// Keyboard shortcuts (when focus is not in a text field): M microphone,
/// V camera, S screen, H raise/lower hand, C chat, P people, I stats; Escape
/// closes the side panel.
fn shortcuts(state: RoomState, actions: Actions, panels: Panels) {
    let handle = window_event_listener(ev::keydown, move |ev| {
        if ev.default_prevented() || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let key = ev.key();
        if key == "Escape" {
            if panels.0.get_untracked().is_some() && !in_name_field(&ev) {
                ev.prevent_default();
                panels.close();
            }
            return;
        }
        if ev.repeat() || typing_in(&ev) {
            return;
        }
        let joined = state.phase.get_untracked() == Phase::Joined;
        let handled = match key.to_ascii_lowercase().as_str() {
            "m" if joined => {
                actions.toggle_mic();
                true
            }
            "v" if joined => {
                actions.toggle_cam();
                true
            }
            "s" if joined => {
                actions.toggle_share();
                true
            }
            "h" if joined => {
                actions.toggle_hand();
                true
            }
            "c" => {
                panels.toggle(Panel::Chat);
                true
            }
            "p" => {
                panels.toggle(Panel::People);
                true
            }
            "i" => {
                panels.toggle(Panel::Stats);
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

fn event_element(ev: &web_sys::KeyboardEvent) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}

/// The key goes to a text field (or a select), not to the page.
fn typing_in(ev: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = event_element(ev) else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || el
            .dyn_ref::<web_sys::HtmlElement>()
            .is_some_and(web_sys::HtmlElement::is_content_editable)
}

fn in_name_field(ev: &web_sys::KeyboardEvent) -> bool {
    event_element(ev).is_some_and(|el| el.id() == "display-name")
}

/// "true" / "false" for `aria-*` and `data-*` attributes.
fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// First letter of a name, upper-cased, for avatars.
fn initial(name: &str) -> String {
    name.trim()
        .chars()
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "?".into())
}

/// A stable, pleasant background colour for someone's avatar.
fn avatar_color(id: &str) -> String {
    let hash = id.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    });
    format!("hsl({} 42% 34%)", hash % 360)
}
