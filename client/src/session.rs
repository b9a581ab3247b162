//! The page's stay in a room across connection drops: joins, and when the
//! signaling connection is lost, rejoins by itself with backoff.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::actions::CurrentRoom;
use crate::room::{Ended, JoinArgs, Room};
use crate::signaling::log;
use crate::state::{Phase, RoomState, ToastLevel};

const FIRST_RETRY: Duration = Duration::from_secs(1);
const MAX_RETRY: Duration = Duration::from_secs(10);

pub struct Session {
    args: JoinArgs,
    state: RoomState,
    current: CurrentRoom,
}

impl Session {
    pub fn new(args: JoinArgs, state: RoomState, current: CurrentRoom) -> Rc<Self> {
        Rc::new(Self {
            args,
            state,
            current,
        })
    }

    /// Joins once; the error is for the caller to show.
    pub async fn join(self: &Rc<Self>) -> Result<(), String> {
        let me = Rc::clone(self);
        let room = Room::join(&self.args, self.state, move |ended| me.on_end(ended)).await?;
        *self.current.borrow_mut() = Some(room);
        Ok(())
    }

    fn on_end(self: Rc<Self>, ended: Ended) {
        self.current.borrow_mut().take();
        let state = self.state;
        state.peers.set(Vec::new());
        state.forget_all_media();
        state.active_speaker.set(None);
        // A screen share ends with the session that sent it (the next one
        // does not produce it): stop the capture so the controls tell the truth.
        if let Some(screen) = state.local_screen.get_value() {
            for track in crate::webrtc::tracks_of(&screen) {
                track.stop();
            }
            state.set_local_screen(None);
        }
        state.sharing.set(false);
        match ended {
            Ended::Left => {}
            Ended::Refused(reason) => {
                state.show_error(format!("The server ended this session: {reason}"));
                state.phase.set(Phase::Left);
            }
            Ended::Lost => {
                state.phase.set(Phase::Reconnecting);
                state.toast(ToastLevel::Error, "Connection lost, reconnecting…");
                leptos::task::spawn_local(self.rejoin());
            }
        }
    }

    async fn rejoin(self: Rc<Self>) {
        let mut delay = FIRST_RETRY;
        loop {
            gloo_timers::future::sleep(delay).await;
            if self.state.phase.get_untracked() == Phase::Left {
                return;
            }
            match self.join().await {
                Ok(()) => {
                    self.state.toast(ToastLevel::Info, "Reconnected");
                    return;
                }
                Err(e) => {
                    log(&format!("rejoin failed: {e}"));
                    delay = (delay * 2).min(MAX_RETRY);
                }
            }
        }
    }
}
