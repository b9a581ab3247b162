//! `#people-panel`: who is here (me first), with microphone / camera / screen state.

use leptos::prelude::*;
use stunroom_shared::ids::PeerId;

use super::chat::PanelHeader;
use super::icons::{icon, Icon};
use super::{avatar_color, initial, Panel, Panels};
use crate::state::RoomState;

/// What one line of the list shows.
#[derive(Debug, Clone, PartialEq)]
struct Person {
    id: String,
    name: String,
    device: String,
    me: bool,
    mic: bool,
    cam: bool,
    screen: bool,
    hand: bool,
}

#[component]
pub fn PeoplePanel(state: RoomState, panels: Panels) -> impl IntoView {
    let open = panels.open_signal(Panel::People);
    let people = Memo::new(move |_| {
        let mut list = vec![Person {
            id: state.my_id.get(),
            name: state.my_name.get(),
            device: String::new(),
            me: true,
            mic: state.mic_on.get(),
            cam: state.cam_on.get(),
            screen: state.sharing.get(),
            hand: state.hand_raised.get(),
        }];
        state.peers.with(|peers| {
            list.extend(peers.iter().map(|p| Person {
                id: p.id.to_string(),
                name: p.display_name.clone(),
                device: p.device.name.clone(),
                me: false,
                mic: p.has_audio && !p.audio_paused,
                cam: p.has_video && !p.video_paused,
                screen: p.has_screen,
                hand: p.hand_raised,
            }))
        });
        list
    });
    view! {
        <section
            id="people-panel"
            class="panel"
            class:open=open
            aria-labelledby="people-title"
            inert=move || !open.get()
        >
            <PanelHeader title="People" title_id="people-title" panels/>
            <ul class="people">
                <For each=move || people.get() key=|p| p.id.clone() let:person>
                    <PersonRow state person=person.id.clone() people/>
                </For>
            </ul>
            <p class="hint">
                "Shortcuts: " <kbd>"M"</kbd> " mic · " <kbd>"V"</kbd> " camera · " <kbd>"S"</kbd>
                " share · " <kbd>"H"</kbd> " hand · " <kbd>"C"</kbd> " chat · " <kbd>"P"</kbd> " people · " <kbd>"I"</kbd>
                " stats · " <kbd>"Esc"</kbd> " close panel"
            </p>
        </section>
    }
}

#[component]
fn PersonRow(state: RoomState, person: String, people: Memo<Vec<Person>>) -> impl IntoView {
    let id = person.clone();
    let me = Memo::new(move |_| people.with(|list| list.iter().find(|p| p.id == id).cloned()));
    let get = move |f: fn(&Person) -> bool| move || me.with(|p| p.as_ref().is_some_and(f));
    let name = move || me.with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let device = move || me.with(|p| p.as_ref().map(|p| p.device.clone()).unwrap_or_default());
    let speaking = {
        let id = person.clone();
        move || {
            state
                .active_speaker
                .with(|s| s.as_ref().map(PeerId::as_str) == Some(id.as_str()))
        }
    };
    view! {
        <li
            data-peer-id=person.clone()
            class:speaking=speaking
            data-mic=move || if get(|p| p.mic)() { "on" } else { "off" }
            data-cam=move || if get(|p| p.cam)() { "on" } else { "off" }
            data-hand-raised=move || if get(|p| p.hand)() { "true" } else { "false" }
        >
            <span class="avatar small" aria-hidden="true" style:background=avatar_color(&person)>
                {move || initial(&name())}
            </span>
            <span class="who">
                <span class="person-name">
                    {name}
                    <Show when=get(|p| p.me)>
                        <span class="you">" (you)"</span>
                    </Show>
                </span>
                <span class="device">{device}</span>
            </span>
            <span class="states">
                <Show when=get(|p| p.hand)>
                    <span class="state on hand" title="Raised hand">
                        {icon(Icon::Hand)}
                        <span class="hand-text">"Raised hand"</span>
                    </span>
                </Show>
                <Show when=get(|p| p.screen)>
                    <span class="state on" role="img" aria-label="Sharing the screen" title="Sharing the screen">
                        {icon(Icon::Screen)}
                    </span>
                </Show>
                <span
                    class="state"
                    class:off=move || !get(|p| p.cam)()
                    role="img"
                    aria-label=move || if get(|p| p.cam)() { "Camera on" } else { "Camera off" }
                    title=move || if get(|p| p.cam)() { "Camera on" } else { "Camera off" }
                >
                    {move || icon(if get(|p| p.cam)() { Icon::Camera } else { Icon::CameraOff })}
                </span>
                <span
                    class="state"
                    class:off=move || !get(|p| p.mic)()
                    role="img"
                    aria-label=move || if get(|p| p.mic)() { "Microphone on" } else { "Microphone off" }
                    title=move || if get(|p| p.mic)() { "Microphone on" } else { "Microphone off" }
                >
                    {move || icon(if get(|p| p.mic)() { Icon::Mic } else { Icon::MicOff })}
                </span>
            </span>
        </li>
    }
}
