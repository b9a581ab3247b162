//! Broadcasters of the REST API: peers without a connection. Each HTTP call
//! finds its broadcaster again by room and id ([`Peer::broadcaster`]); one that
//! sends nothing for `--broadcaster-idle` seconds is taken out of its room.

use std::sync::Arc;
use std::time::Instant;

use stunroom_shared::broadcaster::{BroadcasterPeerInfo, ProducerSummary};
use stunroom_shared::ids::{PeerId, RoomId};
use stunroom_shared::media::RtpCapabilities;
use stunroom_shared::messages::PeerInfo;

use super::error::PeerError;
use super::peer::Peer;
use super::Hub;

impl Peer {
    /// The joined peers with the producers these capabilities can consume (the
    /// reference's answer to `POST /rooms/:roomId/broadcasters`).
    pub async fn consumable_peers(
        &self,
        others: Vec<PeerInfo>,
        caps: RtpCapabilities,
    ) -> Vec<BroadcasterPeerInfo> {
        let peer = self;
        let producers = peer.room.producers(&peer.id);
        let ids = producers.iter().map(|p| p.id.clone()).collect();
        // It has joined by now: a failure here only shortens the list.
        let consumable = match peer.router().await {
            Ok(router) => router.consumable(ids, caps).await.unwrap_or_else(|e| {
                tracing::warn!(broadcaster = %peer.id, "cannot check which producers it can consume: {e}");
                Vec::new()
            }),
            Err(_) => Vec::new(),
        };
        others
            .into_iter()
            .map(|info| BroadcasterPeerInfo {
                producers: producers
                    .iter()
                    .filter(|p| p.peer_id == info.id && consumable.contains(&p.id))
                    .map(|p| ProducerSummary {
                        id: p.id.clone(),
                        kind: p.kind,
                    })
                    .collect(),
                id: info.id,
                display_name: info.display_name,
                device: info.device,
            })
            .collect()
    }

    /// Broadcaster `id` of room `room_id`, noted as active.
    pub fn broadcaster(hub: &Arc<Hub>, room_id: &RoomId, id: &PeerId) -> Result<Peer, PeerError> {
        let room = hub
            .rooms
            .get(room_id)
            .ok_or_else(|| PeerError::not_found("room", room_id))?;
        let conn_id = room
            .broadcaster(id)
            .ok_or_else(|| PeerError::not_found("broadcaster", id))?;
        let peer = Peer {
            hub: hub.clone(),
            room,
            id: id.clone(),
            conn_id,
        };
        peer.touch();
        Ok(peer)
    }
}

impl Hub {
    /// Takes out of their rooms the broadcasters idle for longer than the limit.
    /// Returns how many.
    pub async fn expire_idle_broadcasters(self: &Arc<Self>) -> usize {
        let Some(cutoff) = Instant::now().checked_sub(self.limits().broadcaster_idle) else {
            return 0;
        };
        let mut expired = 0;
        for room in self.rooms.all() {
            for (id, conn_id) in room.idle_broadcasters(cutoff) {
                let peer = Peer {
                    hub: self.clone(),
                    room: room.clone(),
                    id,
                    conn_id,
                };
                tracing::info!(room = %room.id, broadcaster = %peer.id, "broadcaster idle, deleting it");
                peer.close().await;
                expired += 1;
            }
        }
        expired
    }
}
