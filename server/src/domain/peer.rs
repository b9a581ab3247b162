//! A peer in a room and what it can do: the operations both the protoo
//! session and the Broadcaster REST API call. Connecting, leaving, the room's
//! router, transports, joining, names and stats; producing and consuming are in
//! `media.rs` and `data.rs`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use serde_json::Value;
use stunroom_shared::broadcaster::PlainTransportInfo;
use stunroom_shared::ids::{PeerId, TransportId};
use stunroom_shared::media::{DtlsParameters, IceParameters, RtpCapabilities};
use stunroom_shared::messages::{
    CreateWebRtcTransportRequest, JoinRequest, JoinResponse, PeerDisplayNameChangedData,
    PeerIdData, PeerInfo, ServerNotification, TransportInfo,
};
use stunroom_shared::protoo::CLOSE_NO_RECONNECT;
use tokio::sync::mpsc;

use super::consume::{consume, consume_data};
use super::error::PeerError;
use super::events::room_events;
use super::limits::Limits;
use super::room::{Arrival, Departed, JoinError, Joined, Room, RouterState, TransportRole};
use super::validate;
use super::Hub;
use crate::sfu::{self, PlainOptions, Sfu, SfuError, SinkHandle, StatsOf, WebRtcTransportOptions};

/// Work to run after the response has been sent (so the client sees the
/// response before, e.g., the `newConsumer` requests it causes).
pub type FollowUp = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Room events queued for a room's event loop.
const ROOM_EVENTS: usize = 256;

/// A connection of a peer, in its room.
#[derive(Clone)]
pub struct Peer {
    pub(super) hub: Arc<Hub>,
    pub room: Arc<Room>,
    pub id: PeerId,
    pub conn_id: u64,
}

/// The room's router, created (with its observer and bot) on first use.
pub async fn room_router(room: &Arc<Room>, sfu: &Sfu) -> Result<sfu::Router, SfuError> {
    let state = room
        .router
        .get_or_try_init(|| async {
            let router = sfu.create_router(room.key).await?;
            let (events, rx) = mpsc::channel(ROOM_EVENTS);
            tokio::spawn(room_events(Arc::downgrade(room), rx));
            let bot = router.set_up_room(events).await?;
            Ok::<_, SfuError>(RouterState { router, bot })
        })
        .await?;
    let router = state.router.clone();
    if room.is_closed() {
        // Everyone left while the router was being created.
        let _ = router.close().await;
        return Err(SfuError::Refused {
            what: "room".into(),
            reason: "the room is closed".into(),
        });
    }
    Ok(router)
}

impl Peer {
    /// Registers the connection in its room (within the limits), replacing (and
    /// cleaning up) a previous connection of the same peer.
    pub async fn connect(hub: Arc<Hub>, arrival: Arrival<'_>) -> Result<Peer, PeerError> {
        let peer_id = arrival.peer_id.clone();
        let (room, conn_id, replaced) = hub.rooms.connect(arrival)?;
        let peer = Peer {
            hub,
            room,
            id: peer_id,
            conn_id,
        };
        if let Some(old) = replaced {
            tracing::info!(room = %peer.room.id, peer = %peer.id, "replacing the previous connection");
            old.entry.link.channel.close(
                CLOSE_NO_RECONNECT,
                "replaced by a new connection of the same peer",
            );
            peer.clean_up(old).await;
        }
        Ok(peer)
    }

    pub fn limits(&self) -> &Limits {
        self.hub.limits()
    }

    /// Leaves the room: closes this peer's transports (and so its producers and
    /// consumers) and tells the others.
    pub async fn close(&self) {
        if let Some(departed) = self.hub.rooms.leave(&self.room, &self.id, self.conn_id) {
            self.clean_up(departed).await;
        }
    }

    async fn clean_up(&self, departed: Departed) {
        if let Some(state) = self.room.router_state() {
            for id in departed.entry.transports.keys() {
                let _ = state.router.close_transport(id.clone()).await;
            }
        }
        if departed.entry.joined.is_some() {
            let closed = ServerNotification::PeerClosed(PeerIdData {
                peer_id: departed.peer_id.clone(),
            });
            for other in &departed.others {
                other.channel.notify(closed.clone());
            }
        }
        if departed.room_empty {
            if let Some(state) = self.room.router_state() {
                let _ = state.router.close().await;
            }
            tracing::info!(room = %self.room.id, rooms = self.hub.rooms.count(), "room closed");
        }
    }

    /// The room's router (created on first use).
    pub async fn router(&self) -> Result<sfu::Router, PeerError> {
        Ok(room_router(&self.room, &self.hub.sfu).await?)
    }

    /// The room's router RTP capabilities.
    pub async fn capabilities(&self) -> Result<RtpCapabilities, PeerError> {
        Ok(self.router().await?.rtp_capabilities().clone())
    }

    /// Notes activity (an idle broadcaster expires).
    pub fn touch(&self) {
        self.room
            .with_peer(&self.id, self.conn_id, |p| p.last_seen = Instant::now());
    }

    pub(super) fn joined(&self) -> Result<(), PeerError> {
        match self
            .room
            .with_peer(&self.id, self.conn_id, |p| p.joined.is_some())
        {
            Some(true) => Ok(()),
            Some(false) => Err(PeerError::NotJoined),
            None => Err(PeerError::Gone),
        }
    }

    /// Checks that this peer owns something (`has` looks in its entry).
    pub(super) fn owns(
        &self,
        what: &'static str,
        id: &dyn std::fmt::Display,
        has: impl FnOnce(&super::room::PeerEntry) -> bool,
    ) -> Result<(), PeerError> {
        match self.room.with_peer(&self.id, self.conn_id, |p| has(p)) {
            Some(true) => Ok(()),
            Some(false) => Err(PeerError::not_found(what, id)),
            None => Err(PeerError::Gone),
        }
    }

    fn owns_transport(&self, id: &TransportId) -> Result<(), PeerError> {
        self.owns("transport", id, |p| p.transports.contains_key(id))
    }

    /// Refuses one more of `what` when this peer already holds `max`
    /// (`count` reads how many from its entry).
    pub(super) fn within_limit(
        &self,
        what: &'static str,
        max: usize,
        count: impl FnOnce(&super::room::PeerEntry) -> usize,
    ) -> Result<(), PeerError> {
        let count = self
            .room
            .with_peer(&self.id, self.conn_id, |p| count(p))
            .ok_or(PeerError::Gone)?;
        if count >= max {
            return Err(PeerError::Limit { what, max });
        }
        Ok(())
    }

    /// Where this peer's objects' SFU events go.
    pub(super) fn sink(&self) -> Result<Arc<SinkHandle>, PeerError> {
        self.room
            .with_peer(&self.id, self.conn_id, |p| p.link.sink.clone())
            .ok_or(PeerError::Gone)
    }

    fn transport_slot(&self) -> Result<(), PeerError> {
        self.within_limit("transports", self.limits().transports_per_peer, |p| {
            p.transports.len()
        })
    }

    fn keep_transport(&self, id: &TransportId, consuming: bool) -> Result<(), PeerError> {
        let kept = self.room.with_peer(&self.id, self.conn_id, |p| {
            p.transports.insert(id.clone(), TransportRole { consuming });
        });
        kept.ok_or(PeerError::Gone)
    }

    pub async fn create_webrtc_transport(
        &self,
        t: CreateWebRtcTransportRequest,
    ) -> Result<TransportInfo, PeerError> {
        self.transport_slot()?;
        let router = self.router().await?;
        let sink = self.sink()?;
        let options = WebRtcTransportOptions {
            force_tcp: t.force_tcp,
            producing: t.producing,
            sctp_capabilities: t.sctp_capabilities,
            max_message_size: self.limits().message_size,
        };
        let info = router.create_webrtc_transport(options, &sink).await?;
        if let Err(e) = self.keep_transport(&info.id, t.consuming) {
            let _ = router.close_transport(info.id).await;
            return Err(e);
        }
        Ok(info)
    }

    /// A plain RTP transport (the Broadcaster API).
    pub async fn create_plain_transport(
        &self,
        options: PlainOptions,
    ) -> Result<PlainTransportInfo, PeerError> {
        self.transport_slot()?;
        let router = self.router().await?;
        let info = router.create_plain_transport(options).await?;
        if let Err(e) = self.keep_transport(&info.id, false) {
            let _ = router.close_transport(info.id).await;
            return Err(e);
        }
        Ok(info)
    }

    pub async fn connect_transport(
        &self,
        id: TransportId,
        dtls: DtlsParameters,
    ) -> Result<(), PeerError> {
        self.owns_transport(&id)?;
        Ok(self.router().await?.connect_transport(id, dtls).await?)
    }

    pub async fn restart_ice(&self, id: TransportId) -> Result<IceParameters, PeerError> {
        self.owns_transport(&id)?;
        Ok(self.router().await?.restart_ice(id).await?)
    }

    /// Joins: the answer lists the other joined peers; the follow-up offers this
    /// peer their producers (`newConsumer`) and chat and bot channels, and tells
    /// the others `newPeer`.
    pub async fn join(&self, j: JoinRequest) -> Result<(JoinResponse, FollowUp), PeerError> {
        validate::display_name(&j.display_name, self.limits())?;
        if let Some(caps) = &j.rtp_capabilities {
            validate::rtp_capabilities(caps, self.limits())?;
            sfu::check_rtp_capabilities(caps)?;
        }
        let sctp_capabilities = j.sctp_capabilities;
        self.room
            .with_peer(&self.id, self.conn_id, |p| {
                p.data.sctp_capabilities = sctp_capabilities
            })
            .ok_or(PeerError::Gone)?;
        let joined = Joined {
            display_name: j.display_name,
            device: j.device,
            rtp_capabilities: j.rtp_capabilities,
        };
        let me_info = PeerInfo {
            id: self.id.clone(),
            display_name: joined.display_name.clone(),
            device: joined.device.clone(),
            hand_raised: false,
        };
        // The router first, so that consuming right after the answer finds it.
        self.router().await?;
        let snapshot = self
            .room
            .join(&self.id, self.conn_id, joined)
            .map_err(|e| match e {
                JoinError::AlreadyJoined => PeerError::AlreadyJoined,
                JoinError::Gone => PeerError::Gone,
            })?;
        tracing::info!(room = %self.room.id, peer = %self.id, others = snapshot.peers.len(), "peer joined");
        let (hub, room) = (self.hub.clone(), self.room.clone());
        let follow_up: FollowUp = Box::pin(async move {
            for producer in snapshot.producers {
                tokio::spawn(consume(
                    hub.clone(),
                    room.clone(),
                    snapshot.me.clone(),
                    producer,
                ));
            }
            if snapshot.me.sctp {
                for data_producer in snapshot.data_producers {
                    tokio::spawn(consume_data(
                        hub.clone(),
                        room.clone(),
                        snapshot.me.clone(),
                        Some(data_producer),
                    ));
                }
                // The bot's data producer (peerId null in newDataConsumer).
                tokio::spawn(consume_data(
                    hub.clone(),
                    room.clone(),
                    snapshot.me.clone(),
                    None,
                ));
            }
            for other in snapshot.others {
                other
                    .channel
                    .notify(ServerNotification::NewPeer(me_info.clone()));
            }
        });
        Ok((
            JoinResponse {
                peers: snapshot.peers,
            },
            follow_up,
        ))
    }

    pub fn change_display_name(&self, display_name: String) -> Result<(), PeerError> {
        self.joined()?;
        validate::display_name(&display_name, self.limits())?;
        let (old, others) = self
            .room
            .change_display_name(&self.id, self.conn_id, display_name.clone())
            .ok_or(PeerError::Gone)?;
        let changed = PeerDisplayNameChangedData {
            peer_id: self.id.clone(),
            display_name,
            old_display_name: old,
        };
        for other in others {
            other
                .channel
                .notify(ServerNotification::PeerDisplayNameChanged(changed.clone()));
        }
        Ok(())
    }

    /// mediasoup's stats of one of this peer's objects.
    pub async fn stats(&self, of: StatsOf) -> Result<Vec<Value>, PeerError> {
        match &of {
            StatsOf::Transport(id) => self.owns_transport(id)?,
            StatsOf::Producer(id) => self.owns("producer", id, |e| e.producers.contains_key(id))?,
            StatsOf::Consumer(id) => self.owns("consumer", id, |e| e.consumers.contains(id))?,
            StatsOf::DataProducer(id) => self.owns("dataProducer", id, |e| {
                e.data.data_producers.contains_key(id)
            })?,
            StatsOf::DataConsumer(id) => {
                self.owns("dataConsumer", id, |e| e.data.data_consumers.contains(id))?
            }
        }
        Ok(self.router().await?.stats(of).await?)
    }
}
