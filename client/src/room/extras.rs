//! stunroom's own room extras: my raised hand, reactions, and pausing the
//! video of tiles the grid does not show (other pages) so that a big room
//! costs the server and the browser only what is on screen. Audio is never
//! paused here: everyone stays audible.

use std::collections::HashSet;
use std::time::Duration;

use leptos::prelude::*;
use serde_json::Value;
use stunroom_shared::ids::ConsumerId;
use stunroom_shared::media::MediaKind;
use stunroom_shared::messages::{
    ClientRequest, ConsumerIdRequest, PeerHandChangedData, PeerReactionData, SendReactionRequest,
    SetHandRaisedRequest,
};

use super::Room;
use crate::signaling::log;

/// The server resumes a new consumer once we answered `newConsumer`: pausing
/// a hidden one waits this long so that our pause comes after its resume.
pub(super) const PAUSE_NEW_AFTER: Duration = Duration::from_millis(1500);

impl Room {
    pub async fn set_hand_raised(&self, raised: bool) -> Result<(), String> {
        let _: Value = self
            .signaling
            .request(ClientRequest::SetHandRaised(SetHandRaisedRequest {
                raised,
            }))
            .await
            .map_err(|e| e.to_string())?;
        self.state.hand_raised.set(raised);
        Ok(())
    }

    /// A rejoin starts with the hand down on the server: raise it again if
    /// it was up.
    pub(super) async fn restore_hand(&self) {
        if self.state.hand_raised.get_untracked() {
            if let Err(e) = self.set_hand_raised(true).await {
                log(&format!(
                    "could not raise the hand again after rejoining: {e}"
                ));
                self.state.hand_raised.set(false);
            }
        }
    }

    pub async fn send_reaction(&self, emoji: String) -> Result<(), String> {
        let _: Value = self
            .signaling
            .request(ClientRequest::SendReaction(SendReactionRequest {
                emoji: emoji.clone(),
            }))
            .await
            .map_err(|e| e.to_string())?;
        self.state.show_reaction(None, emoji);
        Ok(())
    }

    pub(super) fn on_hand_changed(&self, h: PeerHandChangedData) {
        self.state
            .update_peer(&h.peer_id, |p| p.hand_raised = h.raised);
    }

    pub(super) fn on_reaction(&self, r: PeerReactionData) {
        self.state.show_reaction(Some(&r.peer_id), r.emoji);
    }

    /// Pauses the video consumers of hidden tiles and resumes those shown
    /// again (`state.hidden_tiles`); only what changed is asked.
    pub async fn sync_hidden(&self) {
        let hidden_tiles = self.state.hidden_tiles.get_untracked();
        let (mut pause, mut resume) = (Vec::new(), Vec::new());
        {
            let consumers = self.consumers.borrow();
            let paused = self.hidden_paused.borrow();
            for (id, c) in consumers.iter().filter(|(_, c)| c.kind == MediaKind::Video) {
                let hide = hidden_tiles.contains(&(c.peer_id.clone(), c.source));
                match (hide, paused.contains(id)) {
                    (true, false) => pause.push(id.clone()),
                    (false, true) => resume.push(id.clone()),
                    _ => {}
                }
            }
        }
        // Forget consumers that are gone.
        self.hidden_paused
            .borrow_mut()
            .retain(|id| self.consumers.borrow().contains_key(id));
        for (ids, paused) in [(pause, true), (resume, false)] {
            for id in ids {
                match self.pause_consumer(&id, paused).await {
                    Ok(()) => {
                        let mut set = self.hidden_paused.borrow_mut();
                        if paused {
                            set.insert(id);
                        } else {
                            set.remove(&id);
                        }
                    }
                    Err(e) => log(&format!("could not (un)pause consumer {id}: {e}")),
                }
            }
        }
    }

    async fn pause_consumer(&self, consumer_id: &ConsumerId, paused: bool) -> Result<(), String> {
        let data = ConsumerIdRequest {
            consumer_id: consumer_id.clone(),
        };
        let request = if paused {
            ClientRequest::PauseConsumer(data)
        } else {
            ClientRequest::ResumeConsumer(data)
        };
        let _: Value = self
            .signaling
            .request(request)
            .await
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    /// After a new consumer was accepted: pauses it if its tile is hidden,
    /// once the server has resumed it (it does so on our answer).
    pub(super) async fn pause_if_hidden(&self) {
        gloo_timers::future::sleep(PAUSE_NEW_AFTER).await;
        if !self.ended.get() {
            self.sync_hidden().await;
        }
    }

    /// Consumers this page paused because their tile is hidden.
    pub fn hidden_paused_count(&self) -> usize {
        self.hidden_paused.borrow().len()
    }
}

/// The set type `Room::hidden_paused` holds.
pub(super) type HiddenPaused = std::cell::RefCell<HashSet<ConsumerId>>;
