//! What the UI shows, as signals: the room session writes, components read.
//! Browser media objects (not `Send`) live in `StoredValue`s with local storage.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use leptos::prelude::*;
use stunroom_shared::ids::PeerId;
use stunroom_shared::messages::{DeviceInfo, PeerInfo};
use web_sys::{MediaStream, MediaStreamTrack};

use crate::options::RoomOptions;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Joining,
    Joined,
    /// Signaling dropped; rejoining by itself.
    Reconnecting,
    Left,
}

/// Which of a peer's sources a tile shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Camera,
    Screen,
}

/// The consumer layers a person asks for on a simulcast tile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Quality {
    #[default]
    Auto,
    Low,
    Medium,
    High,
}

impl Quality {
    pub const ALL: [Quality; 4] = [Quality::Auto, Quality::Low, Quality::Medium, Quality::High];

    pub fn label(self) -> &'static str {
        match self {
            Quality::Auto => "Auto",
            Quality::Low => "Low",
            Quality::Medium => "Medium",
            Quality::High => "High",
        }
    }

    /// Preferred (spatial, temporal) layers for three simulcast streams.
    pub fn layers(self) -> (u8, u8) {
        match self {
            Quality::Low => (0, 2),
            Quality::Medium => (1, 2),
            Quality::Auto | Quality::High => (2, 2),
        }
    }
}

/// A remote participant as the UI shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerView {
    pub id: PeerId,
    pub display_name: String,
    pub device: DeviceInfo,
    pub has_audio: bool,
    pub has_video: bool,
    pub has_screen: bool,
    /// Their microphone / camera producer is paused (muted / camera off).
    pub audio_paused: bool,
    pub video_paused: bool,
    /// Camera consumer score 0–10 from `consumerScore` (None until known).
    pub score: Option<u8>,
    /// Camera consumer's current (spatial, temporal) layers from `consumerLayersChanged`.
    pub layers: Option<(i64, i64)>,
    /// The camera is simulcast: a quality choice is possible.
    pub simulcast: bool,
    pub quality: Quality,
    /// Their hand is up (`peerHandChanged`, or `handRaised` in `join`).
    pub hand_raised: bool,
    /// The reaction floating on their tile now (id, emoji).
    pub reaction: Option<(u64, String)>,
}

impl PeerView {
    pub fn new(info: PeerInfo) -> Self {
        Self {
            id: info.id,
            display_name: info.display_name,
            device: info.device,
            has_audio: false,
            has_video: false,
            has_screen: false,
            audio_paused: false,
            video_paused: false,
            score: None,
            layers: None,
            simulcast: false,
            quality: Quality::Auto,
            hand_raised: info.hand_raised,
            reaction: None,
        }
    }
}

/// How long a reaction floats on a tile.
pub const REACTION_SHOWN: std::time::Duration = std::time::Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatFrom {
    Me,
    Peer,
    Bot,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChatLine {
    pub id: u64,
    pub from: ChatFrom,
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastLevel {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub level: ToastLevel,
    pub text: String,
}

/// One line of the stats panel: the same thing seen by the browser and by the server.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatsRow {
    pub label: String,
    pub local: Vec<(String, String)>,
    pub server: Vec<(String, String)>,
}

/// A peer's media as the page plays it: one stream per element.
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

pub type MediaRegistry = Rc<RefCell<HashMap<(PeerId, Source), PeerStreams>>>;

#[derive(Clone, Copy)]
pub struct RoomState {
    pub phase: RwSignal<Phase>,
    /// Blocking problem shown in the banner (the page cannot work as it should).
    pub error: RwSignal<Option<String>>,
    pub room_id: RwSignal<String>,
    pub my_id: RwSignal<String>,
    pub my_name: RwSignal<String>,
    pub peers: RwSignal<Vec<PeerView>>,
    /// mediasoup-demo's URL options (`produce`, `datachannel`, …), set at start-up.
    pub options: RwSignal<RoomOptions>,
    pub mic_on: RwSignal<bool>,
    pub cam_on: RwSignal<bool>,
    pub sharing: RwSignal<bool>,
    /// Peer id of whoever speaks now (may be `my_id`).
    pub active_speaker: RwSignal<Option<PeerId>>,
    pub chat: RwSignal<Vec<ChatLine>>,
    pub toasts: RwSignal<Vec<Toast>>,
    pub stats: RwSignal<Vec<StatsRow>>,
    /// Bumped when tracks change so tiles re-evaluate what they play.
    pub media_version: RwSignal<u64>,
    pub local: StoredValue<Option<MediaStream>, LocalStorage>,
    pub local_screen: StoredValue<Option<MediaStream>, LocalStorage>,
    pub local_version: RwSignal<u64>,
    pub media: StoredValue<MediaRegistry, LocalStorage>,
    /// My hand is up.
    pub hand_raised: RwSignal<bool>,
    /// The reaction floating on my tile now (id, emoji).
    pub my_reaction: RwSignal<Option<(u64, String)>>,
    /// Remote tiles the grid does not show (other pages): their video
    /// consumers are paused on the server.
    pub hidden_tiles: RwSignal<HashSet<(PeerId, Source)>>,
    /// The room is being recorded (`recordingStateChanged`): the header shows it.
    pub recording: RwSignal<bool>,
    next_id: StoredValue<u64>,
}

impl RoomState {
    pub fn new() -> Self {
        Self {
            phase: RwSignal::new(Phase::Joining),
            error: RwSignal::new(None),
            room_id: RwSignal::new(String::new()),
            my_id: RwSignal::new(String::new()),
            my_name: RwSignal::new(String::new()),
            peers: RwSignal::new(Vec::new()),
            options: RwSignal::new(RoomOptions::default()),
            mic_on: RwSignal::new(false),
            cam_on: RwSignal::new(false),
            sharing: RwSignal::new(false),
            active_speaker: RwSignal::new(None),
            chat: RwSignal::new(Vec::new()),
            toasts: RwSignal::new(Vec::new()),
            stats: RwSignal::new(Vec::new()),
            media_version: RwSignal::new(0),
            local: StoredValue::new_local(None),
            local_screen: StoredValue::new_local(None),
            local_version: RwSignal::new(0),
            media: StoredValue::new_local(MediaRegistry::default()),
            hand_raised: RwSignal::new(false),
            my_reaction: RwSignal::new(None),
            hidden_tiles: RwSignal::new(HashSet::new()),
            recording: RwSignal::new(false),
            next_id: StoredValue::new(0),
        }
    }

    fn fresh_id(&self) -> u64 {
        self.next_id.update_value(|n| *n += 1);
        self.next_id.get_value()
    }

    pub fn show_error(&self, message: String) {
        crate::signaling::log(&message);
        self.error.set(Some(message));
    }

    /// A passing message; disappears after a few seconds.
    pub fn toast(&self, level: ToastLevel, text: impl Into<String>) {
        let id = self.fresh_id();
        self.toasts.update(|t| {
            t.push(Toast {
                id,
                level,
                text: text.into(),
            })
        });
        let toasts = self.toasts;
        leptos::task::spawn_local(async move {
            gloo_timers::future::sleep(std::time::Duration::from_secs(5)).await;
            toasts.update(|t| t.retain(|x| x.id != id));
        });
    }

    /// Shows `emoji` on `peer_id`'s tile (mine for `None`) for [`REACTION_SHOWN`].
    pub fn show_reaction(&self, peer_id: Option<&PeerId>, emoji: String) {
        let id = self.fresh_id();
        match peer_id {
            Some(p) => self.update_peer(p, |v| v.reaction = Some((id, emoji))),
            None => self.my_reaction.set(Some((id, emoji))),
        }
        let (state, peer_id) = (*self, peer_id.cloned());
        leptos::task::spawn_local(async move {
            gloo_timers::future::sleep(REACTION_SHOWN).await;
            let mine = |r: &Option<(u64, String)>| r.as_ref().is_some_and(|(i, _)| *i == id);
            match peer_id {
                Some(p) => state.update_peer(&p, |v| {
                    if mine(&v.reaction) {
                        v.reaction = None;
                    }
                }),
                None => {
                    if state.my_reaction.with_untracked(mine) {
                        state.my_reaction.set(None);
                    }
                }
            }
        });
    }

    pub fn add_chat(&self, from: ChatFrom, name: String, text: String) {
        let id = self.fresh_id();
        self.chat.update(|c| {
            c.push(ChatLine {
                id,
                from,
                name,
                text,
            })
        });
    }

    pub fn set_local(&self, stream: Option<MediaStream>) {
        self.local.set_value(stream);
        self.local_version.update(|v| *v += 1);
    }

    pub fn set_local_screen(&self, stream: Option<MediaStream>) {
        self.local_screen.set_value(stream);
        self.local_version.update(|v| *v += 1);
    }

    pub fn update_peer(&self, peer_id: &PeerId, f: impl FnOnce(&mut PeerView)) {
        self.peers.update(|peers| {
            if let Some(p) = peers.iter_mut().find(|p| p.id == *peer_id) {
                f(p);
            }
        });
    }

    pub fn peer_name(&self, peer_id: &PeerId) -> Option<String> {
        self.peers.with_untracked(|peers| {
            peers
                .iter()
                .find(|p| p.id == *peer_id)
                .map(|p| p.display_name.clone())
        })
    }

    /// The streams a tile plays, created on first use.
    pub fn streams_of(&self, peer_id: &PeerId, source: Source) -> Option<PeerStreams> {
        self.media.with_value(|m| {
            let mut m = m.borrow_mut();
            let key = (peer_id.to_owned(), source);
            if let Some(s) = m.get(&key) {
                return Some(s.clone());
            }
            let s = PeerStreams::new()?;
            m.insert(key, s.clone());
            Some(s)
        })
    }

    pub fn attach_track(&self, peer_id: &PeerId, source: Source, track: &MediaStreamTrack) {
        if let Some(s) = self.streams_of(peer_id, source) {
            let target = if track.kind() == "audio" {
                &s.audio
            } else {
                &s.video
            };
            target.add_track(track);
            self.media_version.update(|v| *v += 1);
        }
    }

    pub fn detach_track(&self, peer_id: &PeerId, source: Source, track: &MediaStreamTrack) {
        let key = (peer_id.to_owned(), source);
        if let Some(s) = self.media.with_value(|m| m.borrow().get(&key).cloned()) {
            s.audio.remove_track(track);
            s.video.remove_track(track);
            self.media_version.update(|v| *v += 1);
        }
    }

    pub fn forget_peer_media(&self, peer_id: &PeerId) {
        self.media
            .with_value(|m| m.borrow_mut().retain(|(id, _), _| id != peer_id));
    }

    /// Drops every remote stream: the session that received them ended, and
    /// its (stopped) tracks must not stay first in the streams a rejoin fills.
    pub fn forget_all_media(&self) {
        self.media.with_value(|m| m.borrow_mut().clear());
        self.media_version.update(|v| *v += 1);
    }
}

impl Default for RoomState {
    fn default() -> Self {
        Self::new()
    }
}
