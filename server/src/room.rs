//! Rooms and the peers in them: plain state behind short-lived locks (never held
//! across an await). Operations that must see a consistent room — join, a new
//! producer, a peer leaving — are single locked steps that return snapshots.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use std::sync::Weak;

use stunroom_shared::media::{MediaKind, RtpCapabilities, SctpCapabilities};
use stunroom_shared::messages::{
    ActiveSpeakerData, AppData, DeviceInfo, PeerInfo, ServerNotification, CHAT_LABEL,
};
use tokio::sync::{mpsc, OnceCell};

use crate::session::Signal;
use crate::sfu::{EventSink, RoomEvent, RouterKey, Sfu, SfuError};

/// How to reach a connected peer.
#[derive(Clone)]
pub struct PeerLink {
    pub signal: Signal,
    /// Where the SFU sends events about this peer's consumers.
    pub events: EventSink,
}

#[derive(Debug, Clone)]
pub struct Joined {
    pub display_name: String,
    pub device: DeviceInfo,
    pub rtp_capabilities: Option<RtpCapabilities>,
}

#[derive(Debug, Clone, Copy)]
pub struct TransportRole {
    pub consuming: bool,
}

#[derive(Debug, Clone)]
pub struct ProducerRecord {
    pub id: String,
    pub peer_id: String,
    pub kind: MediaKind,
    /// As the client sent it, plus `peerId`.
    pub app_data: AppData,
}

/// One connection of a peer.
pub struct PeerEntry {
    pub conn_id: u64,
    pub link: PeerLink,
    pub joined: Option<Joined>,
    pub transports: HashMap<String, TransportRole>,
    pub producers: HashMap<String, ProducerRecord>,
    pub consumers: HashSet<String>,
    /// A broadcaster of the REST API (no WebSocket; its `signal` reaches no one).
    pub broadcaster: bool,
    /// Data channels (`produceData`, data consumers).
    pub data: PeerData,
}

/// A data producer of a peer.
#[derive(Debug, Clone)]
pub struct DataProducerRecord {
    pub id: String,
    pub peer_id: String,
    pub label: String,
    /// As the client sent it (echoed in `newDataConsumer`).
    pub app_data: AppData,
}

/// A peer's data channels.
#[derive(Debug, Clone, Default)]
pub struct PeerData {
    /// From `join`; without them the peer gets no data consumers (as in the reference).
    pub sctp_capabilities: Option<SctpCapabilities>,
    pub data_producers: HashMap<String, DataProducerRecord>,
    pub data_consumers: HashSet<String>,
}

impl PeerEntry {
    fn info(&self, id: &str) -> Option<PeerInfo> {
        self.joined.as_ref().map(|j| PeerInfo {
            id: id.to_owned(),
            display_name: j.display_name.clone(),
            device: j.device.clone(),
        })
    }
}

/// A joined peer that can receive a new consumer.
#[derive(Clone)]
pub struct ConsumerTarget {
    pub peer_id: String,
    pub conn_id: u64,
    pub link: PeerLink,
    pub recv_transport: Option<String>,
    pub rtp_capabilities: Option<RtpCapabilities>,
    /// It joined with SCTP capabilities (can take data consumers).
    pub sctp: bool,
}

/// What a successful join sees of the room.
pub struct JoinSnapshot {
    pub peers: Vec<PeerInfo>,
    pub producers: Vec<ProducerRecord>,
    /// The other peers' `chat` data producers.
    pub data_producers: Vec<DataProducerRecord>,
    pub others: Vec<PeerLink>,
    pub me: ConsumerTarget,
}

/// Why a join was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinError {
    AlreadyJoined,
    /// This connection left or was replaced meanwhile.
    Gone,
}

/// A peer taken out of its room.
pub struct Departed {
    pub entry: PeerEntry,
    /// Joined peers still in the room.
    pub others: Vec<PeerLink>,
    /// The room is now empty (and gone from the registry).
    pub room_empty: bool,
}

pub struct Room {
    pub id: String,
    pub key: RouterKey,
    router: OnceCell<RouterState>,
    closed: AtomicBool,
    peers: Mutex<HashMap<String, PeerEntry>>,
}

impl Room {
    fn peers(&self) -> MutexGuard<'_, HashMap<String, PeerEntry>> {
        self.peers.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The room's router capabilities, creating the router (with its
    /// AudioLevelObserver and bot) on first use.
    pub async fn router(self: &Arc<Self>, sfu: &Sfu) -> Result<RtpCapabilities, SfuError> {
        let caps = self
            .router
            .get_or_try_init(|| async {
                let caps = sfu.create_router(self.key).await?;
                let (events, rx) = mpsc::unbounded_channel();
                tokio::spawn(room_events(Arc::downgrade(self), sfu.clone(), rx));
                let bot_data_producer = sfu.set_up_room(self.key, events).await?;
                Ok::<_, SfuError>(RouterState {
                    caps,
                    bot_data_producer,
                })
            })
            .await?
            .caps
            .clone();
        if self.closed.load(Ordering::SeqCst) {
            // Everyone left while the router was being created.
            let _ = sfu.close_router(self.key).await;
            return Err(SfuError::NotFound("the room is closed".into()));
        }
        Ok(caps)
    }

    /// The id of the room's bot data producer (once the router exists).
    pub fn bot_data_producer(&self) -> Option<String> {
        self.router.get().map(|r| r.bot_data_producer.clone())
    }

    /// Joined peers' links (all of them, or all but `except`).
    pub fn joined_links(&self, except: Option<&str>) -> Vec<PeerLink> {
        self.peers()
            .iter()
            .filter(|(id, p)| Some(id.as_str()) != except && p.joined.is_some())
            .map(|(_, p)| p.link.clone())
            .collect()
    }

    /// Who produces `producer_id`.
    pub fn producer_owner(&self, producer_id: &str) -> Option<String> {
        self.peers()
            .iter()
            .find(|(_, p)| p.producers.contains_key(producer_id))
            .map(|(id, _)| id.clone())
    }

    /// The display name of the peer producing data `data_producer_id`.
    pub fn data_producer_owner_name(&self, data_producer_id: &str) -> Option<String> {
        self.peers()
            .values()
            .find(|p| p.data.data_producers.contains_key(data_producer_id))
            .and_then(|p| p.joined.as_ref().map(|j| j.display_name.clone()))
    }

    /// Sets a joined peer's display name; returns the old one and the other joined peers.
    pub fn change_display_name(
        &self,
        peer_id: &str,
        conn_id: u64,
        display_name: String,
    ) -> Option<(String, Vec<PeerLink>)> {
        let mut peers = self.peers();
        let me = peers.get_mut(peer_id).filter(|p| p.conn_id == conn_id)?;
        let joined = me.joined.as_mut()?;
        let old = std::mem::replace(&mut joined.display_name, display_name);
        Some((old, joined_links(&peers, peer_id)))
    }

    /// Records a data producer and returns the joined peers that must consume
    /// it: the others with SCTP capabilities for a `chat` one, nobody otherwise.
    pub fn add_data_producer(
        &self,
        conn_id: u64,
        record: DataProducerRecord,
    ) -> Option<Vec<ConsumerTarget>> {
        let mut peers = self.peers();
        let owner = peers
            .get_mut(&record.peer_id)
            .filter(|p| p.conn_id == conn_id)?;
        let peer_id = record.peer_id.clone();
        let chat = record.label == CHAT_LABEL;
        owner.data.data_producers.insert(record.id.clone(), record);
        if !chat {
            return Some(Vec::new());
        }
        Some(
            peers
                .iter()
                .filter(|(id, p)| **id != peer_id && p.joined.is_some())
                .map(|(id, p)| Self::target(id, p))
                .filter(|t| t.sctp)
                .collect(),
        )
    }

    /// Runs `f` on this connection's entry; `None` if it left or was replaced.
    pub fn with_peer<R>(
        &self,
        peer_id: &str,
        conn_id: u64,
        f: impl FnOnce(&mut PeerEntry) -> R,
    ) -> Option<R> {
        let mut peers = self.peers();
        peers
            .get_mut(peer_id)
            .filter(|p| p.conn_id == conn_id)
            .map(f)
    }

    /// The connection id of broadcaster `id`, if this room has one by that id.
    pub fn broadcaster(&self, id: &str) -> Option<u64> {
        self.peers()
            .get(id)
            .filter(|p| p.broadcaster)
            .map(|p| p.conn_id)
    }

    /// Whether a peer of this room has a producer with this id.
    pub fn has_producer(&self, producer_id: &str) -> bool {
        self.peers()
            .values()
            .any(|p| p.producers.contains_key(producer_id))
    }

    fn target(peer_id: &str, p: &PeerEntry) -> ConsumerTarget {
        ConsumerTarget {
            peer_id: peer_id.to_owned(),
            conn_id: p.conn_id,
            link: p.link.clone(),
            recv_transport: p
                .transports
                .iter()
                .find(|(_, role)| role.consuming)
                .map(|(id, _)| id.clone()),
            rtp_capabilities: p.joined.as_ref().and_then(|j| j.rtp_capabilities.clone()),
            sctp: p.joined.is_some() && p.data.sctp_capabilities.is_some(),
        }
    }

    /// Marks the peer joined and snapshots the others, atomically with respect to
    /// [`Room::add_producer`]: a producer is seen either here or there, never both.
    pub fn join(
        &self,
        peer_id: &str,
        conn_id: u64,
        joined: Joined,
    ) -> Result<JoinSnapshot, JoinError> {
        let mut peers = self.peers();
        let me = peers
            .get_mut(peer_id)
            .filter(|p| p.conn_id == conn_id)
            .ok_or(JoinError::Gone)?;
        if me.joined.is_some() {
            return Err(JoinError::AlreadyJoined);
        }
        me.joined = Some(joined);
        let me = Self::target(peer_id, me);
        let mut snapshot = JoinSnapshot {
            peers: Vec::new(),
            producers: Vec::new(),
            data_producers: Vec::new(),
            others: Vec::new(),
            me,
        };
        for (id, p) in peers.iter().filter(|(id, _)| *id != peer_id) {
            if let Some(info) = p.info(id) {
                snapshot.peers.push(info);
                snapshot.producers.extend(p.producers.values().cloned());
                snapshot.data_producers.extend(
                    p.data
                        .data_producers
                        .values()
                        .filter(|d| d.label == CHAT_LABEL)
                        .cloned(),
                );
                snapshot.others.push(p.link.clone());
            }
        }
        Ok(snapshot)
    }

    /// Records a producer and returns the joined peers that must consume it.
    pub fn add_producer(
        &self,
        conn_id: u64,
        record: ProducerRecord,
    ) -> Option<Vec<ConsumerTarget>> {
        let mut peers = self.peers();
        let owner = peers
            .get_mut(&record.peer_id)
            .filter(|p| p.conn_id == conn_id)?;
        let peer_id = record.peer_id.clone();
        owner.producers.insert(record.id.clone(), record);
        Some(
            peers
                .iter()
                .filter(|(id, p)| **id != peer_id && p.joined.is_some())
                .map(|(id, p)| Self::target(id, p))
                .collect(),
        )
    }
}

/// All rooms, by name.
pub struct Rooms {
    rooms: Mutex<HashMap<String, Arc<Room>>>,
    next_id: AtomicU64,
}

impl Default for Rooms {
    fn default() -> Self {
        Self {
            rooms: Mutex::default(),
            next_id: AtomicU64::new(1),
        }
    }
}

impl Rooms {
    fn rooms(&self) -> MutexGuard<'_, HashMap<String, Arc<Room>>> {
        self.rooms.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a connection to a room (created if needed). Returns the room, the
    /// connection id, and the previous connection of the same peer, taken out.
    pub fn connect(
        &self,
        room_id: &str,
        peer_id: &str,
        link: PeerLink,
    ) -> (Arc<Room>, u64, Option<Departed>) {
        let conn_id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut rooms = self.rooms();
        let room = rooms
            .entry(room_id.to_owned())
            .or_insert_with(|| {
                Arc::new(Room {
                    id: room_id.to_owned(),
                    key: self.next_id.fetch_add(1, Ordering::Relaxed),
                    router: OnceCell::new(),
                    closed: AtomicBool::new(false),
                    peers: Mutex::default(),
                })
            })
            .clone();
        let mut peers = room.peers();
        let entry = PeerEntry {
            conn_id,
            link,
            joined: None,
            transports: HashMap::new(),
            producers: HashMap::new(),
            consumers: HashSet::new(),
            broadcaster: false,
            data: PeerData::default(),
        };
        let replaced = peers.insert(peer_id.to_owned(), entry).map(|old| Departed {
            entry: old,
            others: joined_links(&peers, peer_id),
            room_empty: false,
        });
        drop(peers);
        (room, conn_id, replaced)
    }

    /// The room by this name, if it is open.
    pub fn get(&self, room_id: &str) -> Option<Arc<Room>> {
        self.rooms().get(room_id).cloned()
    }

    /// Adds a broadcaster (a peer without a WebSocket) to a room, created if
    /// needed. `None` if the room already has a peer with that id.
    pub fn connect_broadcaster(
        &self,
        room_id: &str,
        peer_id: &str,
        link: PeerLink,
    ) -> Option<(Arc<Room>, u64)> {
        let conn_id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut rooms = self.rooms();
        let room = rooms
            .entry(room_id.to_owned())
            .or_insert_with(|| {
                Arc::new(Room {
                    id: room_id.to_owned(),
                    key: self.next_id.fetch_add(1, Ordering::Relaxed),
                    router: OnceCell::new(),
                    closed: AtomicBool::new(false),
                    peers: Mutex::default(),
                })
            })
            .clone();
        let mut peers = room.peers();
        if peers.contains_key(peer_id) {
            return None;
        }
        let entry = PeerEntry {
            conn_id,
            link,
            joined: None,
            transports: HashMap::new(),
            producers: HashMap::new(),
            consumers: HashSet::new(),
            broadcaster: true,
            data: PeerData::default(),
        };
        peers.insert(peer_id.to_owned(), entry);
        drop(peers);
        Some((room, conn_id))
    }

    /// Takes a connection out of its room; the room goes when its last peer does.
    pub fn leave(&self, room: &Room, peer_id: &str, conn_id: u64) -> Option<Departed> {
        let mut rooms = self.rooms();
        let mut peers = room.peers();
        if peers.get(peer_id).map(|p| p.conn_id) != Some(conn_id) {
            return None;
        }
        let entry = peers.remove(peer_id)?;
        let room_empty = peers.is_empty();
        if room_empty {
            room.closed.store(true, Ordering::SeqCst);
            if rooms.get(&room.id).is_some_and(|r| r.key == room.key) {
                rooms.remove(&room.id);
            }
        }
        Some(Departed {
            others: joined_links(&peers, peer_id),
            entry,
            room_empty,
        })
    }

    pub fn count(&self) -> usize {
        self.rooms().len()
    }

    /// Rooms open and the peers connected to them (joined or not).
    pub fn counts(&self) -> (usize, usize) {
        let rooms = self.rooms();
        let peers = rooms.values().map(|room| room.peers().len()).sum();
        (rooms.len(), peers)
    }
}

fn joined_links(peers: &HashMap<String, PeerEntry>, except: &str) -> Vec<PeerLink> {
    peers
        .iter()
        .filter(|(id, p)| *id != except && p.joined.is_some())
        .map(|(_, p)| p.link.clone())
        .collect()
}

/// A room's router once created: its capabilities and its bot's data producer.
struct RouterState {
    caps: RtpCapabilities,
    bot_data_producer: String,
}

/// The bot's answer to `text` from `display_name` (the reference Bot's words).
pub fn bot_reply(display_name: &str, text: &str) -> String {
    format!("{display_name} said me: \"{text}\"")
}

/// Handles what the room's router reports until the router (or the room) is gone.
async fn room_events(room: Weak<Room>, sfu: Sfu, mut rx: mpsc::UnboundedReceiver<RoomEvent>) {
    while let Some(event) = rx.recv().await {
        let Some(room) = room.upgrade() else { return };
        match event {
            RoomEvent::ActiveSpeaker {
                producer_id,
                volume,
            } => {
                let Some(peer_id) = room.producer_owner(&producer_id) else {
                    continue;
                };
                let data = ActiveSpeakerData {
                    peer_id: Some(peer_id),
                    volume: Some(i32::from(volume)),
                };
                for link in room.joined_links(None) {
                    link.signal
                        .notify(ServerNotification::ActiveSpeaker(data.clone()));
                }
            }
            RoomEvent::Silence => {
                let data = ActiveSpeakerData {
                    peer_id: None,
                    volume: None,
                };
                for link in room.joined_links(None) {
                    link.signal
                        .notify(ServerNotification::ActiveSpeaker(data.clone()));
                }
            }
            RoomEvent::BotMessage {
                data_producer_id,
                text,
            } => {
                let Some(name) = room.data_producer_owner_name(&data_producer_id) else {
                    continue;
                };
                if let Err(e) = sfu.bot_send(room.key, bot_reply(&name, &text)).await {
                    tracing::warn!(room = %room.id, "the bot could not answer: {e}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::bot_reply;

    #[test]
    fn bot_replies_like_the_reference_bot() {
        assert_eq!(bot_reply("Alice", "hello"), "Alice said me: \"hello\"");
        assert_eq!(bot_reply("", ""), " said me: \"\"");
        assert_eq!(
            bot_reply("Zoë 🎥", "say \"hi\""),
            "Zoë 🎥 said me: \"say \"hi\"\""
        );
    }
}
