//! What a person can do in the room, as one `Copy` handle the components share.
//! Each action runs asynchronously on the current room session; failures end
//! up as toasts, never as panics.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use stunroom_shared::ids::PeerId;

use leptos::prelude::*;

use crate::room::Room;
use crate::state::{Quality, RoomState, ToastLevel};

/// The room session currently joined (replaced on automatic rejoin).
pub type CurrentRoom = Rc<RefCell<Option<Rc<Room>>>>;

#[derive(Clone, Copy)]
pub struct Actions {
    pub state: RoomState,
    room: StoredValue<CurrentRoom, LocalStorage>,
}

impl Actions {
    pub fn new(state: RoomState, room: CurrentRoom) -> Self {
        Self {
            state,
            room: StoredValue::new_local(room),
        }
    }

    fn with_room<F, Fut>(&self, what: &'static str, f: F)
    where
        F: FnOnce(Rc<Room>) -> Fut + 'static,
        Fut: Future<Output = Result<(), String>> + 'static,
    {
        let Some(room) = self.room.with_value(|r| r.borrow().clone()) else {
            self.state
                .toast(ToastLevel::Error, format!("Cannot {what}: not in a room"));
            return;
        };
        let state = self.state;
        leptos::task::spawn_local(async move {
            if let Err(e) = f(room).await {
                state.toast(ToastLevel::Error, format!("Could not {what}: {e}"));
            }
        });
    }

    pub fn toggle_mic(&self) {
        self.with_room(
            "switch the microphone",
            |r| async move { r.toggle_mic().await },
        );
    }

    pub fn toggle_cam(&self) {
        self.with_room("switch the camera", |r| async move { r.toggle_cam().await });
    }

    /// Sends from another camera / microphone, or plays on another speaker
    /// (`None`: the default device).
    pub fn switch_device(
        &self,
        kind: crate::lobby::DeviceKind,
        device: Option<crate::lobby::Chosen>,
    ) {
        self.with_room("switch the device", move |r| async move {
            r.switch_device(kind, device).await
        });
    }

    pub fn set_resolution(&self, resolution: crate::lobby::Resolution) {
        self.with_room("change the resolution", move |r| async move {
            r.set_resolution(resolution).await
        });
    }

    /// Whether a room session is running (the device menu acts on it).
    pub fn in_room(&self) -> bool {
        self.room.with_value(|r| r.borrow().is_some())
    }

    pub fn toggle_share(&self) {
        self.with_room(
            "share the screen",
            |r| async move { r.toggle_share().await },
        );
    }

    /// Chat text; `@bot …` goes to the bot.
    pub fn send_chat(&self, text: String) {
        self.with_room(
            "send the message",
            |r| async move { r.send_chat(text).await },
        );
    }

    pub fn rename(&self, name: String) {
        self.with_room("change your name", |r| async move { r.rename(name).await });
    }

    pub fn set_quality(&self, peer_id: PeerId, quality: Quality) {
        self.with_room("change the quality", move |r| async move {
            r.set_quality(&peer_id, quality).await
        });
    }

    pub fn restart_ice(&self) {
        self.with_room("restart the connection", |r| async move {
            r.restart_ice().await
        });
    }

    pub fn toggle_hand(&self) {
        let raised = !self.state.hand_raised.get_untracked();
        self.with_room(
            if raised {
                "raise your hand"
            } else {
                "lower your hand"
            },
            move |r| async move { r.set_hand_raised(raised).await },
        );
    }

    pub fn react(&self, emoji: String) {
        self.with_room("send the reaction", |r| async move {
            r.send_reaction(emoji).await
        });
    }

    /// Pauses / resumes video consumers after the grid's `hidden_tiles` changed.
    pub fn sync_hidden(&self) {
        if let Some(room) = self.room.with_value(|r| r.borrow().clone()) {
            leptos::task::spawn_local(async move { room.sync_hidden().await });
        }
    }

    /// Refreshes `state.stats` (browser getStats and server stats side by side).
    pub fn refresh_stats(&self) {
        self.with_room(
            "read statistics",
            |r| async move { r.refresh_stats().await },
        );
    }

    pub fn leave(&self) {
        if let Some(room) = self.room.with_value(|r| r.borrow_mut().take()) {
            room.leave();
        }
        // Turn the camera light off: stop every capture, sent or not.
        for stream in [
            self.state.local.get_value(),
            self.state.local_screen.get_value(),
        ]
        .into_iter()
        .flatten()
        {
            for track in crate::webrtc::tracks_of(&stream) {
                track.stop();
            }
        }
        self.state.phase.set(crate::state::Phase::Left);
    }
}
