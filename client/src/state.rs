//! What the UI shows, as signals: the room session writes, components read.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use stunroom_shared::messages::PeerInfo;
use web_sys::{MediaStream, MediaStreamTrack};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Joining,
    Joined,
    Left,
}

/// A remote peer's media as the page plays it: one stream per element.
#[derive(Clone)]
pub struct PeerStreams {
    pub video: MediaStream,
    pub audio: MediaStream,
}

impl PeerStreams {
    fn new() -> Option<Self> {
        Some(Self {
            video: MediaStream::new().ok()?,
            audio: MediaStream::new().ok()?,
        })
    }
}

pub type MediaRegistry = Rc<RefCell<HashMap<String, PeerStreams>>>;

#[derive(Clone, Copy)]
pub struct RoomState {
    pub phase: RwSignal<Phase>,
    pub error: RwSignal<Option<String>>,
    pub peers: RwSignal<Vec<PeerInfo>>,
    /// Bumped when a peer's tracks change so tiles re-evaluate what they show.
    pub media_version: RwSignal<u64>,
    pub local: StoredValue<Option<MediaStream>, LocalStorage>,
    pub local_ready: RwSignal<bool>,
    pub media: StoredValue<MediaRegistry, LocalStorage>,
}

impl RoomState {
    pub fn new() -> Self {
        Self {
            phase: RwSignal::new(Phase::Joining),
            error: RwSignal::new(None),
            peers: RwSignal::new(Vec::new()),
            media_version: RwSignal::new(0),
            local: StoredValue::new_local(None),
            local_ready: RwSignal::new(false),
            media: StoredValue::new_local(MediaRegistry::default()),
        }
    }

    pub fn show_error(&self, message: String) {
        crate::signaling::log(&message);
        self.error.set(Some(message));
    }

    pub fn set_local(&self, stream: MediaStream) {
        self.local.set_value(Some(stream));
        self.local_ready.set(true);
    }

    /// The streams a peer's tile plays, created on first use.
    pub fn streams_of(&self, peer_id: &str) -> Option<PeerStreams> {
        self.media.with_value(|m| {
            let mut m = m.borrow_mut();
            if let Some(s) = m.get(peer_id) {
                return Some(s.clone());
            }
            let s = PeerStreams::new()?;
            m.insert(peer_id.to_owned(), s.clone());
            Some(s)
        })
    }

    pub fn attach_track(&self, peer_id: &str, track: &MediaStreamTrack) {
        if let Some(s) = self.streams_of(peer_id) {
            let target = if track.kind() == "audio" {
                &s.audio
            } else {
                &s.video
            };
            target.add_track(track);
            self.media_version.update(|v| *v += 1);
        }
    }

    pub fn detach_track(&self, peer_id: &str, track: &MediaStreamTrack) {
        if let Some(s) = self.media.with_value(|m| m.borrow().get(peer_id).cloned()) {
            s.audio.remove_track(track);
            s.video.remove_track(track);
            self.media_version.update(|v| *v += 1);
        }
    }
}

impl Default for RoomState {
    fn default() -> Self {
        Self::new()
    }
}
