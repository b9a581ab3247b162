//! The rooms without a socket or a media engine: admission limits, joining,
//! producers seen exactly once, replacing and leaving.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Mutex};

use stunroom_shared::ids::{PeerId, ProducerId, RoomId};
use stunroom_shared::media::MediaKind;
use stunroom_shared::messages::{DeviceInfo, ServerNotification, ServerRequest};

use super::channel::{PeerChannel, RequestAnswer};
use super::room::{Arrival, Joined, PeerKind, PeerLink, ProducerRecord, Refusal, Rooms};
use super::Limits;
use crate::sfu::SinkHandle;

/// A channel that records what it was sent.
#[derive(Default)]
struct Recorder {
    notified: Mutex<Vec<String>>,
    closed: Mutex<Option<u16>>,
}

impl PeerChannel for Recorder {
    fn notify(&self, n: ServerNotification) {
        self.notified
            .lock()
            .unwrap()
            .push(n.into_notification().method);
    }
    fn request(&self, _r: ServerRequest) -> RequestAnswer {
        Box::pin(async { Ok(serde_json::json!({})) })
    }
    fn close(&self, code: u16, _reason: &str) {
        *self.closed.lock().unwrap() = Some(code);
    }
}

fn link(rec: &Arc<Recorder>) -> PeerLink {
    PeerLink {
        channel: rec.clone(),
        sink: Arc::new(SinkHandle::detached()),
    }
}

fn ip(last: u8) -> Option<IpAddr> {
    Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, last)))
}

fn arrive<'a>(
    room: &'a RoomId,
    peer: &'a PeerId,
    from: Option<IpAddr>,
    rec: &Arc<Recorder>,
) -> Arrival<'a> {
    Arrival {
        room_id: room,
        peer_id: peer,
        kind: PeerKind::Signaling,
        ip: from,
        link: link(rec),
    }
}

fn joined(name: &str) -> Joined {
    Joined {
        display_name: name.into(),
        device: DeviceInfo::default(),
        rtp_capabilities: None,
    }
}

fn id<T: TryFrom<String>>(s: &str) -> T
where
    T::Error: std::fmt::Debug,
{
    T::try_from(s.to_owned()).unwrap()
}

#[test]
fn rooms_enforce_their_limits() {
    let limits = Limits {
        peers_per_room: 2,
        rooms: 2,
        rooms_per_ip: 1,
        broadcasters: 1,
        ..Limits::default()
    };
    let rooms = Rooms::new(limits);
    let rec = Arc::new(Recorder::default());
    let (a, b, c): (RoomId, RoomId, RoomId) = (id("a"), id("b"), id("c"));
    let (p1, p2, p3): (PeerId, PeerId, PeerId) = (id("p1"), id("p2"), id("p3"));
    rooms.connect(arrive(&a, &p1, ip(1), &rec)).unwrap();
    rooms.connect(arrive(&a, &p2, ip(2), &rec)).unwrap();
    // Full, but the same peer may reconnect (it replaces itself).
    assert_eq!(
        rooms.connect(arrive(&a, &p3, ip(3), &rec)).err(),
        Some(Refusal::RoomFull(2))
    );
    let (_, _, replaced) = rooms.connect(arrive(&a, &p2, ip(2), &rec)).unwrap();
    assert!(replaced.is_some());
    // One room per address.
    assert_eq!(
        rooms.connect(arrive(&b, &p3, ip(1), &rec)).err(),
        Some(Refusal::TooManyRoomsFromIp(1))
    );
    rooms.connect(arrive(&b, &p3, ip(3), &rec)).unwrap();
    assert_eq!(
        rooms.connect(arrive(&c, &p3, ip(4), &rec)).err(),
        Some(Refusal::TooManyRooms(2))
    );
    // The refusals say what the limit is.
    assert_eq!(
        Refusal::RoomFull(2).to_string(),
        "the room is full (at most 2 peers)"
    );
    // Broadcasters: an id in use is taken; one in all.
    let mut bcast = arrive(&b, &p3, ip(3), &rec);
    bcast.kind = PeerKind::Broadcaster;
    assert_eq!(rooms.connect(bcast).err(), Some(Refusal::Taken(p3.clone())));
    let p4: PeerId = id("p4");
    let mut bcast = arrive(&b, &p4, ip(3), &rec);
    bcast.kind = PeerKind::Broadcaster;
    rooms.connect(bcast).unwrap();
    let p5: PeerId = id("p5");
    let mut bcast = arrive(&a, &p5, ip(1), &rec);
    bcast.kind = PeerKind::Broadcaster;
    assert!(matches!(
        rooms.connect(bcast).err(),
        Some(Refusal::RoomFull(_) | Refusal::TooManyBroadcasters(1))
    ));
    assert_eq!(rooms.counts(), (2, 4));
}

#[test]
fn a_producer_is_seen_by_join_or_by_add_never_both() {
    let rooms = Rooms::new(Limits::default());
    let (r1, r2) = (Arc::new(Recorder::default()), Arc::new(Recorder::default()));
    let room_id: RoomId = id("room");
    let (alice, bob): (PeerId, PeerId) = (id("alice"), id("bob"));
    let (room, ca, _) = rooms.connect(arrive(&room_id, &alice, ip(1), &r1)).unwrap();
    let (_, cb, _) = rooms.connect(arrive(&room_id, &bob, ip(2), &r2)).unwrap();
    room.join(&alice, ca, joined("Alice")).unwrap();
    let record = |n: &str| ProducerRecord {
        id: ProducerId::new(n),
        peer_id: alice.clone(),
        kind: MediaKind::Audio,
        app_data: Default::default(),
    };
    // Bob has not joined: Alice's producer has nobody to go to ...
    let targets = room.add_producer(ca, record("mic")).unwrap();
    assert!(targets.is_empty());
    // ... and Bob's join snapshot has it, and Alice.
    let snapshot = room.join(&bob, cb, joined("Bob")).unwrap();
    assert_eq!(snapshot.peers.len(), 1);
    assert_eq!(snapshot.peers[0].display_name, "Alice");
    assert_eq!(snapshot.producers.len(), 1);
    assert!(room.join(&bob, cb, joined("Bob")).is_err(), "joined twice");
    // Now a new producer of Alice's targets Bob.
    let targets = room.add_producer(ca, record("cam")).unwrap();
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0].peer_id, bob);
    assert_eq!(
        room.producer_owner(&ProducerId::new("cam")),
        Some(alice.clone())
    );
    // A stale connection id does nothing.
    assert!(room.add_producer(ca + 100, record("x")).is_none());

    // Alice leaves: Bob stays, the room too; then Bob leaves: it closes.
    let departed = rooms.leave(&room, &alice, ca).unwrap();
    assert_eq!(departed.others.len(), 1);
    assert!(!departed.room_empty);
    assert!(rooms.leave(&room, &alice, ca).is_none(), "left twice");
    let departed = rooms.leave(&room, &bob, cb).unwrap();
    assert!(departed.room_empty);
    assert!(room.is_closed());
    assert!(rooms.get(&room_id).is_none());
}

#[test]
fn a_room_lost_with_its_worker_is_replaced_by_a_new_one() {
    let rooms = Rooms::new(Limits::default());
    let rec = Arc::new(Recorder::default());
    let room_id: RoomId = id("room");
    let alice: PeerId = id("alice");
    let (room, ca, _) = rooms
        .connect(arrive(&room_id, &alice, ip(1), &rec))
        .unwrap();
    let lost = rooms.remove_by_router(room.key).unwrap();
    assert!(lost.is_closed());
    for l in lost.all_links() {
        l.channel.close(1012, "restart");
    }
    assert_eq!(*rec.closed.lock().unwrap(), Some(1012));
    // The peer rejoins: a new room by the same name.
    let (again, _, replaced) = rooms
        .connect(arrive(&room_id, &alice, ip(1), &rec))
        .unwrap();
    assert!(replaced.is_none());
    assert_ne!(again.key, room.key);
    // The old session's leave does not take the new room away.
    rooms.leave(&room, &alice, ca);
    assert!(rooms.get(&room_id).is_some());
}
