//! Rooms and the peers in them: plain state behind short-lived locks (never
//! held across an await). Operations that must see a consistent room — join, a
//! new producer, a peer leaving — are single locked steps that return snapshots.
//! Nothing here knows how a peer is connected ([`PeerChannel`]).

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use stunroom_shared::ids::{
    ConsumerId, DataConsumerId, DataProducerId, PeerId, ProducerId, RoomId, TransportId,
};
use stunroom_shared::media::{MediaKind, RtpCapabilities, SctpCapabilities};
use stunroom_shared::messages::{AppData, DeviceInfo, PeerInfo, CHAT_LABEL};
use tokio::sync::OnceCell;

use super::channel::PeerChannel;
use super::extras::PeerExtras;
use super::limits::Limits;
use crate::sfu::{self, RouterKey, SinkHandle};

/// How to reach a connected peer, and where its objects' SFU events go.
#[derive(Clone)]
pub struct PeerLink {
    pub channel: Arc<dyn PeerChannel>,
    pub sink: Arc<SinkHandle>,
}

/// What a peer said about itself in `join`.
#[derive(Debug, Clone)]
pub struct Joined {
    pub display_name: String,
    pub device: DeviceInfo,
    pub rtp_capabilities: Option<RtpCapabilities>,
}

/// Whether a transport is for receiving.
#[derive(Debug, Clone, Copy)]
pub struct TransportRole {
    pub consuming: bool,
}

/// A producer of a peer.
#[derive(Debug, Clone)]
pub struct ProducerRecord {
    pub id: ProducerId,
    pub peer_id: PeerId,
    pub kind: MediaKind,
    /// As the client sent it, plus `peerId`.
    pub app_data: AppData,
}

/// A data producer of a peer.
#[derive(Debug, Clone)]
pub struct DataProducerRecord {
    pub id: DataProducerId,
    pub peer_id: PeerId,
    pub label: String,
    /// As the client sent it (echoed in `newDataConsumer`).
    pub app_data: AppData,
}

/// A peer's data channels.
#[derive(Debug, Clone, Default)]
pub struct PeerData {
    /// From `join`; without them the peer gets no data consumers (as in the reference).
    pub sctp_capabilities: Option<SctpCapabilities>,
    pub data_producers: HashMap<DataProducerId, DataProducerRecord>,
    pub data_consumers: HashSet<DataConsumerId>,
}

/// A browser (protoo) or a broadcaster of the REST API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerKind {
    Signaling,
    Broadcaster,
}

/// One connection of a peer.
pub struct PeerEntry {
    pub conn_id: u64,
    pub kind: PeerKind,
    pub link: PeerLink,
    pub ip: Option<IpAddr>,
    pub joined: Option<Joined>,
    pub transports: HashMap<TransportId, TransportRole>,
    pub producers: HashMap<ProducerId, ProducerRecord>,
    pub consumers: HashSet<ConsumerId>,
    pub data: PeerData,
    /// The last request (broadcasters expire when idle).
    pub last_seen: Instant,
    /// A raised hand and recent reactions.
    pub extras: PeerExtras,
}

impl PeerEntry {
    fn info(&self, id: &PeerId) -> Option<PeerInfo> {
        self.joined.as_ref().map(|j| PeerInfo {
            id: id.clone(),
            display_name: j.display_name.clone(),
            device: j.device.clone(),
            hand_raised: self.extras.hand_raised,
        })
    }
}

/// A joined peer that can receive a new consumer.
#[derive(Clone)]
pub struct ConsumerTarget {
    pub peer_id: PeerId,
    pub conn_id: u64,
    pub link: PeerLink,
    pub recv_transport: Option<TransportId>,
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
    pub peer_id: PeerId,
    pub entry: PeerEntry,
    /// Joined peers still in the room.
    pub others: Vec<PeerLink>,
    /// The room is now empty (and gone from the registry).
    pub room_empty: bool,
}

/// Why a connection was not admitted to a room.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the room is full (at most {0} peers)")]
    RoomFull(usize),
    #[error("the server has too many rooms (at most {0})")]
    TooManyRooms(usize),
    #[error("too many rooms from your address (at most {0})")]
    TooManyRoomsFromIp(usize),
    #[error("the server has too many broadcasters (at most {0})")]
    TooManyBroadcasters(usize),
    #[error("the room already has a peer with id \"{0}\"")]
    Taken(PeerId),
}

/// A room's router once created: its handle and its bot's data producer.
pub struct RouterState {
    pub router: sfu::Router,
    pub bot: DataProducerId,
}

pub struct Room {
    pub id: RoomId,
    pub key: RouterKey,
    pub(super) router: OnceCell<RouterState>,
    pub(super) closed: AtomicBool,
    peers: Mutex<HashMap<PeerId, PeerEntry>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn joined_links(peers: &HashMap<PeerId, PeerEntry>, except: &PeerId) -> Vec<PeerLink> {
    peers
        .iter()
        .filter(|(id, p)| *id != except && p.joined.is_some())
        .map(|(_, p)| p.link.clone())
        .collect()
}

impl Room {
    fn peers(&self) -> MutexGuard<'_, HashMap<PeerId, PeerEntry>> {
        lock(&self.peers)
    }

    /// The router, if it has been created.
    pub fn router_state(&self) -> Option<&RouterState> {
        self.router.get()
    }

    /// Whether the room has been closed (its last peer left, or its worker died).
    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// Joined peers' links (all of them, or all but `except`).
    pub fn joined_links(&self, except: Option<&PeerId>) -> Vec<PeerLink> {
        self.peers()
            .iter()
            .filter(|(id, p)| Some(*id) != except && p.joined.is_some())
            .map(|(_, p)| p.link.clone())
            .collect()
    }

    /// Every connection's link (joined or not).
    pub fn all_links(&self) -> Vec<PeerLink> {
        self.peers().values().map(|p| p.link.clone()).collect()
    }

    /// Who produces `producer_id`.
    pub fn producer_owner(&self, producer_id: &ProducerId) -> Option<PeerId> {
        self.peers()
            .iter()
            .find(|(_, p)| p.producers.contains_key(producer_id))
            .map(|(id, _)| id.clone())
    }

    /// The display name of the peer producing data `data_producer_id`.
    pub fn data_producer_owner_name(&self, data_producer_id: &DataProducerId) -> Option<String> {
        self.peers()
            .values()
            .find(|p| p.data.data_producers.contains_key(data_producer_id))
            .and_then(|p| p.joined.as_ref().map(|j| j.display_name.clone()))
    }

    /// Every producer of the room's joined peers, but `except`'s.
    pub fn producers(&self, except: &PeerId) -> Vec<ProducerRecord> {
        self.peers()
            .iter()
            .filter(|(id, p)| *id != except && p.joined.is_some())
            .flat_map(|(_, p)| p.producers.values().cloned())
            .collect()
    }

    /// Every producer of the room's joined peers (what a recording records).
    pub fn all_producers(&self) -> Vec<ProducerRecord> {
        self.peers()
            .values()
            .filter(|p| p.joined.is_some())
            .flat_map(|p| p.producers.values().cloned())
            .collect()
    }

    /// Whether a peer of this room has a producer with this id.
    pub fn has_producer(&self, producer_id: &ProducerId) -> bool {
        self.peers()
            .values()
            .any(|p| p.producers.contains_key(producer_id))
    }

    /// Runs `f` on this connection's entry; `None` if it left or was replaced.
    pub fn with_peer<R>(
        &self,
        peer_id: &PeerId,
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
    pub fn broadcaster(&self, id: &PeerId) -> Option<u64> {
        self.peers()
            .get(id)
            .filter(|p| p.kind == PeerKind::Broadcaster)
            .map(|p| p.conn_id)
    }

    /// Broadcasters idle since before `cutoff`.
    pub fn idle_broadcasters(&self, cutoff: Instant) -> Vec<(PeerId, u64)> {
        self.peers()
            .iter()
            .filter(|(_, p)| p.kind == PeerKind::Broadcaster && p.last_seen < cutoff)
            .map(|(id, p)| (id.clone(), p.conn_id))
            .collect()
    }

    /// Sets a joined peer's display name; returns the old one and the other joined peers.
    pub fn change_display_name(
        &self,
        peer_id: &PeerId,
        conn_id: u64,
        display_name: String,
    ) -> Option<(String, Vec<PeerLink>)> {
        let mut peers = self.peers();
        let me = peers.get_mut(peer_id).filter(|p| p.conn_id == conn_id)?;
        let joined = me.joined.as_mut()?;
        let old = std::mem::replace(&mut joined.display_name, display_name);
        Some((old, joined_links(&peers, peer_id)))
    }

    fn target(peer_id: &PeerId, p: &PeerEntry) -> ConsumerTarget {
        ConsumerTarget {
            peer_id: peer_id.clone(),
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
        peer_id: &PeerId,
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

    /// Connections and how many of them come from `ip`.
    fn count(&self, ip: Option<IpAddr>) -> (usize, bool) {
        let peers = self.peers();
        let mine = ip.is_some() && peers.values().any(|p| p.ip == ip);
        (peers.len(), mine)
    }
}

/// All rooms, by name.
pub struct Rooms {
    rooms: Mutex<HashMap<RoomId, Arc<Room>>>,
    next_id: AtomicU64,
    limits: Limits,
}

/// A new connection of a peer.
pub struct Arrival<'a> {
    pub room_id: &'a RoomId,
    pub peer_id: &'a PeerId,
    pub kind: PeerKind,
    pub ip: Option<IpAddr>,
    pub link: PeerLink,
}

impl Rooms {
    pub fn new(limits: Limits) -> Self {
        Rooms {
            rooms: Mutex::default(),
            next_id: AtomicU64::new(1),
            limits,
        }
    }

    fn rooms(&self) -> MutexGuard<'_, HashMap<RoomId, Arc<Room>>> {
        lock(&self.rooms)
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Adds a connection to a room (created if needed), within the limits.
    /// Returns the room, the connection id, and the previous connection of the
    /// same peer, taken out (a broadcaster never replaces anyone).
    pub fn connect(
        &self,
        arrival: Arrival<'_>,
    ) -> Result<(Arc<Room>, u64, Option<Departed>), Refusal> {
        let conn_id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut rooms = self.rooms();
        let existing = rooms.get(arrival.room_id).cloned();
        // Rooms this address is in (a new room would be one more).
        let ip_rooms = || {
            rooms
                .values()
                .filter(|r| arrival.ip.is_some() && r.count(arrival.ip).1)
                .count()
        };
        let room = match existing {
            Some(room) => {
                let (peers, mine) = room.count(arrival.ip);
                let replacing = arrival.kind == PeerKind::Signaling
                    && room.peers().contains_key(arrival.peer_id);
                if peers >= self.limits.peers_per_room && !replacing {
                    return Err(Refusal::RoomFull(self.limits.peers_per_room));
                }
                if !mine && ip_rooms() >= self.limits.rooms_per_ip {
                    return Err(Refusal::TooManyRoomsFromIp(self.limits.rooms_per_ip));
                }
                room
            }
            None => {
                if rooms.len() >= self.limits.rooms {
                    return Err(Refusal::TooManyRooms(self.limits.rooms));
                }
                if ip_rooms() >= self.limits.rooms_per_ip {
                    return Err(Refusal::TooManyRoomsFromIp(self.limits.rooms_per_ip));
                }
                let room = Arc::new(Room {
                    id: arrival.room_id.clone(),
                    key: self.next_id.fetch_add(1, Ordering::Relaxed),
                    router: OnceCell::new(),
                    closed: AtomicBool::new(false),
                    peers: Mutex::default(),
                });
                rooms.insert(arrival.room_id.clone(), room.clone());
                room
            }
        };
        if arrival.kind == PeerKind::Broadcaster {
            let broadcasters: usize = rooms
                .values()
                .map(|r| {
                    r.peers()
                        .values()
                        .filter(|p| p.kind == PeerKind::Broadcaster)
                        .count()
                })
                .sum();
            if broadcasters >= self.limits.broadcasters {
                return Err(Refusal::TooManyBroadcasters(self.limits.broadcasters));
            }
        }
        let mut peers = room.peers();
        if arrival.kind == PeerKind::Broadcaster && peers.contains_key(arrival.peer_id) {
            return Err(Refusal::Taken(arrival.peer_id.clone()));
        }
        let entry = PeerEntry {
            conn_id,
            kind: arrival.kind,
            link: arrival.link,
            ip: arrival.ip,
            joined: None,
            transports: HashMap::new(),
            producers: HashMap::new(),
            consumers: HashSet::new(),
            data: PeerData::default(),
            last_seen: Instant::now(),
            extras: PeerExtras::default(),
        };
        let replaced = peers
            .insert(arrival.peer_id.clone(), entry)
            .map(|old| Departed {
                peer_id: arrival.peer_id.clone(),
                entry: old,
                others: joined_links(&peers, arrival.peer_id),
                room_empty: false,
            });
        drop(peers);
        Ok((room, conn_id, replaced))
    }

    /// The room by this name, if it is open.
    pub fn get(&self, room_id: &RoomId) -> Option<Arc<Room>> {
        self.rooms().get(room_id).cloned()
    }

    /// Every open room.
    pub fn all(&self) -> Vec<Arc<Room>> {
        self.rooms().values().cloned().collect()
    }

    /// Takes a connection out of its room; the room goes when its last peer does.
    pub fn leave(&self, room: &Room, peer_id: &PeerId, conn_id: u64) -> Option<Departed> {
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
            peer_id: peer_id.clone(),
            others: joined_links(&peers, peer_id),
            entry,
            room_empty,
        })
    }

    /// The room whose router is `key`, taken out of the registry and marked
    /// closed (its worker died): new connections to its name get a new room.
    pub fn remove_by_router(&self, key: RouterKey) -> Option<Arc<Room>> {
        let mut rooms = self.rooms();
        let id = rooms
            .iter()
            .find(|(_, r)| r.key == key)
            .map(|(id, _)| id.clone())?;
        let room = rooms.remove(&id)?;
        room.closed.store(true, Ordering::SeqCst);
        Some(room)
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
