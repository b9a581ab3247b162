//! A connected peer: what each protocol request does to the room and the SFU.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{json, Value};
use stunroom_shared::messages::{
    ClientRequest, ConsumerIdRequest, ConsumerScoreData, DataConsumerIdRequest, JoinResponse,
    NewConsumer, NewDataConsumer, PeerDisplayNameChangedData, PeerIdData, ProduceResponse,
    ProducerScoreData, ServerNotification, ServerRequest, BOT_LABEL, NETWORK_THROTTLE_UNSUPPORTED,
};
use stunroom_shared::protoo::{ErrorResponse, Request, Response, CLOSE_NO_RECONNECT};

use crate::room::{
    ConsumerTarget, DataProducerRecord, Departed, JoinError, Joined, ProducerRecord, Room,
    TransportRole,
};
use crate::session;
use crate::sfu::{self, ConsumerControl, Op, SfuError, SfuEvent, StatsOf, TransportOptions};
use crate::App;

/// Work to run after the response has been queued (so the client sees the
/// response before, e.g., the `newConsumer` requests it causes).
pub type FollowUp = Pin<Box<dyn Future<Output = ()> + Send>>;

type Handled = Result<(Value, Option<FollowUp>), ErrorResponse>;

/// Most transports a peer may hold at once (a browser needs two).
const MAX_TRANSPORTS: usize = 8;

pub struct Peer {
    app: Arc<App>,
    room: Arc<Room>,
    id: String,
    conn_id: u64,
}

fn sfu_error(e: SfuError) -> ErrorResponse {
    ErrorResponse::new(e.code(), e.to_string())
}

fn not_found(what: &str, id: &str) -> ErrorResponse {
    ErrorResponse::new(404, format!("{what} with id \"{id}\" not found"))
}

fn gone() -> ErrorResponse {
    ErrorResponse::new(410, "peer connection closed")
}

fn ok(data: impl Serialize) -> Handled {
    serde_json::to_value(data)
        .map(|v| (v, None))
        .map_err(|e| ErrorResponse::new(500, format!("cannot encode the response: {e}")))
}

impl Peer {
    /// Registers the connection in its room, replacing (and cleaning up) a
    /// previous connection of the same peer.
    pub async fn connect(
        app: Arc<App>,
        room_id: &str,
        peer_id: &str,
        link: crate::room::PeerLink,
    ) -> Peer {
        let (room, conn_id, replaced) = app.rooms.connect(room_id, peer_id, link);
        let peer = Peer {
            app,
            room,
            id: peer_id.to_owned(),
            conn_id,
        };
        if let Some(old) = replaced {
            tracing::info!(room = %room_id, peer = %peer_id, "replacing the previous connection");
            session::close_replaced(&old.entry.link.signal);
            peer.clean_up(old).await;
        }
        peer
    }

    /// Leaves the room: closes this peer's transports (and so its producers and
    /// consumers) and tells the others.
    pub async fn close(&self) {
        if let Some(departed) = self.app.rooms.leave(&self.room, &self.id, self.conn_id) {
            self.clean_up(departed).await;
        }
    }

    async fn clean_up(&self, departed: Departed) {
        let sfu = &self.app.sfu;
        for id in departed.entry.transports.keys() {
            let _ = sfu.close_transport(id.clone()).await;
        }
        if departed.entry.joined.is_some() {
            for other in &departed.others {
                other
                    .signal
                    .notify(ServerNotification::PeerClosed(PeerIdData {
                        peer_id: self.id.clone(),
                    }));
            }
        }
        if departed.room_empty {
            let _ = sfu.close_router(self.room.key).await;
            tracing::info!(room = %self.room.id, rooms = self.app.rooms.count(), "room closed");
        }
    }

    /// Handles one client request.
    pub async fn handle(&self, request: Request) -> (Response, Option<FollowUp>) {
        let id = request.id;
        let result = match ClientRequest::from_request(&request) {
            Ok(r) => self.dispatch(r).await,
            Err(e) => Err(e),
        };
        match result {
            Ok((data, follow_up)) => (Response::ok(id, data), follow_up),
            Err(e) => {
                tracing::debug!(peer = %self.id, method = %request.method, "request failed: {}", e.reason);
                (Response::error(id, e), None)
            }
        }
    }

    fn joined(&self) -> Result<(), ErrorResponse> {
        match self
            .room
            .with_peer(&self.id, self.conn_id, |p| p.joined.is_some())
        {
            Some(true) => Ok(()),
            Some(false) => Err(ErrorResponse::new(403, "Peer not yet joined")),
            None => Err(gone()),
        }
    }

    fn owns(
        &self,
        what: &str,
        id: &str,
        has: impl FnOnce(&crate::room::PeerEntry) -> bool,
    ) -> Result<(), ErrorResponse> {
        match self.room.with_peer(&self.id, self.conn_id, |p| has(p)) {
            Some(true) => Ok(()),
            Some(false) => Err(not_found(what, id)),
            None => Err(gone()),
        }
    }

    async fn dispatch(&self, request: ClientRequest) -> Handled {
        let sfu = &self.app.sfu;
        match request {
            ClientRequest::GetRouterRtpCapabilities(_) => {
                ok(self.room.router(sfu).await.map_err(sfu_error)?)
            }
            ClientRequest::CreateWebRtcTransport(t) => {
                let count = self
                    .room
                    .with_peer(&self.id, self.conn_id, |p| p.transports.len())
                    .ok_or_else(gone)?;
                if count >= MAX_TRANSPORTS {
                    return Err(ErrorResponse::new(
                        429,
                        format!("too many transports (at most {MAX_TRANSPORTS})"),
                    ));
                }
                self.room.router(sfu).await.map_err(sfu_error)?;
                let events = self
                    .room
                    .with_peer(&self.id, self.conn_id, |p| p.link.events.clone())
                    .ok_or_else(gone)?;
                let options = TransportOptions {
                    force_tcp: t.force_tcp,
                    producing: t.producing,
                    sctp_capabilities: t.sctp_capabilities,
                    events,
                };
                let info = sfu
                    .create_webrtc_transport(self.room.key, options)
                    .await
                    .map_err(sfu_error)?;
                let role = TransportRole {
                    consuming: t.consuming,
                };
                let kept = self.room.with_peer(&self.id, self.conn_id, |p| {
                    p.transports.insert(info.id.clone(), role);
                });
                if kept.is_none() {
                    let _ = sfu.close_transport(info.id).await;
                    return Err(gone());
                }
                ok(info)
            }
            ClientRequest::ConnectWebRtcTransport(c) => {
                self.owns("transport", &c.transport_id, |p| {
                    p.transports.contains_key(&c.transport_id)
                })?;
                sfu.connect_transport(c.transport_id, c.dtls_parameters)
                    .await
                    .map_err(sfu_error)?;
                ok(json!({}))
            }
            ClientRequest::RestartIce(r) => {
                self.owns("transport", &r.transport_id, |p| {
                    p.transports.contains_key(&r.transport_id)
                })?;
                ok(sfu.restart_ice(r.transport_id).await.map_err(sfu_error)?)
            }
            ClientRequest::Join(j) => self.join(j).await,
            ClientRequest::Produce(p) => self.produce(p).await,
            ClientRequest::CloseProducer(p) => {
                self.joined()?;
                let removed = self
                    .room
                    .with_peer(&self.id, self.conn_id, |e| {
                        e.producers.remove(&p.producer_id).is_some()
                    })
                    .ok_or_else(gone)?;
                if !removed {
                    return Err(not_found("producer", &p.producer_id));
                }
                sfu.producer(p.producer_id, Op::Close)
                    .await
                    .map_err(sfu_error)?;
                ok(json!({}))
            }
            ClientRequest::PauseProducer(p) => self.producer_op(p.producer_id, Op::Pause).await,
            ClientRequest::ResumeProducer(p) => self.producer_op(p.producer_id, Op::Resume).await,
            ClientRequest::PauseConsumer(c) => self.consumer_op(c.consumer_id, Op::Pause).await,
            ClientRequest::ResumeConsumer(c) => self.consumer_op(c.consumer_id, Op::Resume).await,
            ClientRequest::SetConsumerPreferredLayers(l) => {
                let control = ConsumerControl::PreferredLayers {
                    spatial_layer: l.spatial_layer,
                    temporal_layer: l.temporal_layer,
                };
                self.consumer_control(l.consumer_id, control).await
            }
            ClientRequest::SetConsumerPriority(p) => {
                if p.priority == 0 {
                    return Err(ErrorResponse::new(
                        400,
                        "invalid priority 0 (it goes from 1 to 255)",
                    ));
                }
                let control = ConsumerControl::Priority(p.priority);
                self.consumer_control(p.consumer_id, control).await
            }
            ClientRequest::RequestConsumerKeyFrame(c) => {
                self.consumer_control(c.consumer_id, ConsumerControl::KeyFrame)
                    .await
            }
            ClientRequest::ProduceData(d) => self.produce_data(d).await,
            ClientRequest::ChangeDisplayName(c) => {
                self.joined()?;
                let (old, others) = self
                    .room
                    .change_display_name(&self.id, self.conn_id, c.display_name.clone())
                    .ok_or_else(gone)?;
                let changed = PeerDisplayNameChangedData {
                    peer_id: self.id.clone(),
                    display_name: c.display_name,
                    old_display_name: old,
                };
                for other in others {
                    other
                        .signal
                        .notify(ServerNotification::PeerDisplayNameChanged(changed.clone()));
                }
                ok(json!({}))
            }
            ClientRequest::GetTransportStats(t) => {
                self.owns("transport", &t.transport_id, |p| {
                    p.transports.contains_key(&t.transport_id)
                })?;
                self.stats(StatsOf::Transport(t.transport_id)).await
            }
            ClientRequest::GetProducerStats(p) => {
                self.owns("producer", &p.producer_id, |e| {
                    e.producers.contains_key(&p.producer_id)
                })?;
                self.stats(StatsOf::Producer(p.producer_id)).await
            }
            ClientRequest::GetConsumerStats(c) => {
                self.owns("consumer", &c.consumer_id, |e| {
                    e.consumers.contains(&c.consumer_id)
                })?;
                self.stats(StatsOf::Consumer(c.consumer_id)).await
            }
            ClientRequest::GetDataProducerStats(d) => {
                self.owns("dataProducer", &d.data_producer_id, |e| {
                    e.data.data_producers.contains_key(&d.data_producer_id)
                })?;
                self.stats(StatsOf::DataProducer(d.data_producer_id)).await
            }
            ClientRequest::GetDataConsumerStats(d) => {
                self.owns("dataConsumer", &d.data_consumer_id, |e| {
                    e.data.data_consumers.contains(&d.data_consumer_id)
                })?;
                self.stats(StatsOf::DataConsumer(d.data_consumer_id)).await
            }
            ClientRequest::ApplyNetworkThrottle(_) | ClientRequest::ResetNetworkThrottle(_) => {
                let (code, reason) = NETWORK_THROTTLE_UNSUPPORTED;
                Err(ErrorResponse::new(code, reason))
            }
        }
    }

    async fn consumer_control(&self, id: String, control: ConsumerControl) -> Handled {
        self.joined()?;
        self.owns("consumer", &id, |p| p.consumers.contains(&id))?;
        let answer = self
            .app
            .sfu
            .consumer_control(id, control)
            .await
            .map_err(sfu_error)?;
        ok(answer)
    }

    async fn stats(&self, of: StatsOf) -> Handled {
        ok(self.app.sfu.stats(of).await.map_err(sfu_error)?)
    }

    async fn produce_data(&self, d: stunroom_shared::messages::ProduceDataRequest) -> Handled {
        self.joined()?;
        self.owns("transport", &d.transport_id, |e| {
            e.transports.contains_key(&d.transport_id)
        })?;
        let sfu = &self.app.sfu;
        let id = sfu
            .produce_data(
                d.transport_id,
                d.sctp_stream_parameters,
                d.label.clone(),
                d.protocol,
            )
            .await
            .map_err(sfu_error)?;
        let record = DataProducerRecord {
            id: id.clone(),
            peer_id: self.id.clone(),
            label: d.label,
            app_data: d.app_data,
        };
        tracing::info!(peer = %self.id, data_producer = %id, label = %record.label, "producing data");
        let bot = record.label == BOT_LABEL;
        let Some(targets) = self.room.add_data_producer(self.conn_id, record.clone()) else {
            return Err(gone());
        };
        if bot {
            // The reference passes it to its bot after answering; an error here
            // would leave the client with a channel nobody reads, so fail now.
            if let Err(e) = sfu.bot_listen(self.room.key, id.clone()).await {
                self.room.with_peer(&self.id, self.conn_id, |p| {
                    p.data.data_producers.remove(&id)
                });
                return Err(sfu_error(e));
            }
        }
        let (app, room) = (self.app.clone(), self.room.clone());
        let follow_up: FollowUp = Box::pin(async move {
            for target in targets {
                tokio::spawn(consume_data(
                    app.clone(),
                    room.clone(),
                    target,
                    Some(record.clone()),
                ));
            }
        });
        let (value, _) = ok(ProduceResponse { id })?;
        Ok((value, Some(follow_up)))
    }

    async fn producer_op(&self, id: String, op: Op) -> Handled {
        self.joined()?;
        self.owns("producer", &id, |p| p.producers.contains_key(&id))?;
        self.app.sfu.producer(id, op).await.map_err(sfu_error)?;
        ok(json!({}))
    }

    async fn consumer_op(&self, id: String, op: Op) -> Handled {
        self.joined()?;
        self.owns("consumer", &id, |p| p.consumers.contains(&id))?;
        self.app.sfu.consumer(id, op).await.map_err(sfu_error)?;
        ok(json!({}))
    }

    async fn join(&self, j: stunroom_shared::messages::JoinRequest) -> Handled {
        if let Some(caps) = &j.rtp_capabilities {
            sfu::check_rtp_capabilities(caps).map_err(sfu_error)?;
        }
        let sctp_capabilities = j.sctp_capabilities;
        self.room
            .with_peer(&self.id, self.conn_id, |p| {
                p.data.sctp_capabilities = sctp_capabilities;
            })
            .ok_or_else(gone)?;
        let joined = Joined {
            display_name: j.display_name,
            device: j.device,
            rtp_capabilities: j.rtp_capabilities,
        };
        let me_info = stunroom_shared::messages::PeerInfo {
            id: self.id.clone(),
            display_name: joined.display_name.clone(),
            device: joined.device.clone(),
        };
        let snapshot = self
            .room
            .join(&self.id, self.conn_id, joined)
            .map_err(|e| match e {
                JoinError::AlreadyJoined => ErrorResponse::new(409, "Peer already joined"),
                JoinError::Gone => gone(),
            })?;
        tracing::info!(room = %self.room.id, peer = %self.id, others = snapshot.peers.len(), "peer joined");
        let (app, room) = (self.app.clone(), self.room.clone());
        let follow_up: FollowUp = Box::pin(async move {
            for producer in snapshot.producers {
                tokio::spawn(consume(
                    app.clone(),
                    room.clone(),
                    snapshot.me.clone(),
                    producer,
                ));
            }
            if snapshot.me.sctp {
                for data_producer in snapshot.data_producers {
                    tokio::spawn(consume_data(
                        app.clone(),
                        room.clone(),
                        snapshot.me.clone(),
                        Some(data_producer),
                    ));
                }
                // The bot's data producer (peerId null in newDataConsumer).
                tokio::spawn(consume_data(
                    app.clone(),
                    room.clone(),
                    snapshot.me.clone(),
                    None,
                ));
            }
            for other in snapshot.others {
                other
                    .signal
                    .notify(ServerNotification::NewPeer(me_info.clone()));
            }
        });
        let (value, _) = ok(JoinResponse {
            peers: snapshot.peers,
        })?;
        Ok((value, Some(follow_up)))
    }

    async fn produce(&self, p: stunroom_shared::messages::ProduceRequest) -> Handled {
        self.joined()?;
        self.owns("transport", &p.transport_id, |e| {
            e.transports.contains_key(&p.transport_id)
        })?;
        let sfu = &self.app.sfu;
        let id = sfu
            .produce(p.transport_id, p.kind, p.rtp_parameters)
            .await
            .map_err(sfu_error)?;
        let mut app_data = p.app_data;
        app_data.insert("peerId".into(), Value::String(self.id.clone()));
        let record = ProducerRecord {
            id: id.clone(),
            peer_id: self.id.clone(),
            kind: p.kind,
            app_data,
        };
        tracing::info!(peer = %self.id, producer = %record.id, kind = %record.kind, "producing");
        let Some(targets) = self.room.add_producer(self.conn_id, record.clone()) else {
            let _ = sfu.producer(id, Op::Close).await;
            return Err(gone());
        };
        // producerScore to this peer; audio joins the room's AudioLevelObserver.
        let events = self
            .room
            .with_peer(&self.id, self.conn_id, |p| p.link.events.clone())
            .ok_or_else(gone)?;
        if let Err(e) = sfu.watch_producer(self.room.key, id.clone(), events).await {
            tracing::warn!(producer = %id, "cannot watch the producer: {e}");
        }
        let (app, room) = (self.app.clone(), self.room.clone());
        let follow_up: FollowUp = Box::pin(async move {
            for target in targets {
                tokio::spawn(consume(app.clone(), room.clone(), target, record.clone()));
            }
        });
        let (value, _) = ok(ProduceResponse { id })?;
        Ok((value, Some(follow_up)))
    }

    /// mediasoup news about one of this peer's consumers.
    pub fn on_sfu_event(&self, event: SfuEvent) {
        let Some(signal) = self
            .room
            .with_peer(&self.id, self.conn_id, |p| p.link.signal.clone())
        else {
            return;
        };
        let known = |id: &str| {
            self.room
                .with_peer(&self.id, self.conn_id, |p| p.consumers.contains(id))
                .unwrap_or(false)
        };
        let notification = match event {
            SfuEvent::TransportFailed {
                transport_id,
                state,
            } => {
                let ours = self
                    .room
                    .with_peer(&self.id, self.conn_id, |p| {
                        p.transports.contains_key(&transport_id)
                    })
                    .unwrap_or(false);
                if ours {
                    tracing::warn!(peer = %self.id, transport = %transport_id, "{state}, closing the peer");
                    signal.close(CLOSE_NO_RECONNECT, &format!("transport {state}"));
                }
                return;
            }
            SfuEvent::ConsumerClosed { consumer_id } => {
                let was_known = self
                    .room
                    .with_peer(&self.id, self.conn_id, |p| p.consumers.remove(&consumer_id))
                    .unwrap_or(false);
                if !was_known {
                    return;
                }
                ServerNotification::ConsumerClosed(ConsumerIdRequest { consumer_id })
            }
            SfuEvent::ConsumerPaused { consumer_id } if known(&consumer_id) => {
                ServerNotification::ConsumerPaused(ConsumerIdRequest { consumer_id })
            }
            SfuEvent::ConsumerResumed { consumer_id } if known(&consumer_id) => {
                ServerNotification::ConsumerResumed(ConsumerIdRequest { consumer_id })
            }
            SfuEvent::ConsumerScore { consumer_id, score } if known(&consumer_id) => {
                ServerNotification::ConsumerScore(ConsumerScoreData { consumer_id, score })
            }
            SfuEvent::ConsumerLayersChanged(layers) if known(&layers.consumer_id) => {
                ServerNotification::ConsumerLayersChanged(layers)
            }
            SfuEvent::ProducerScore { producer_id, score } => {
                let ours = self
                    .room
                    .with_peer(&self.id, self.conn_id, |p| {
                        p.producers.contains_key(&producer_id)
                    })
                    .unwrap_or(false);
                if !ours {
                    return;
                }
                ServerNotification::ProducerScore(ProducerScoreData { producer_id, score })
            }
            SfuEvent::DownlinkBwe(bwe) => ServerNotification::DownlinkBwe(bwe),
            SfuEvent::DataConsumerClosed { data_consumer_id } => {
                let was_known = self
                    .room
                    .with_peer(&self.id, self.conn_id, |p| {
                        p.data.data_consumers.remove(&data_consumer_id)
                    })
                    .unwrap_or(false);
                if !was_known {
                    return;
                }
                ServerNotification::DataConsumerClosed(DataConsumerIdRequest { data_consumer_id })
            }
            _ => return,
        };
        signal.notify(notification);
    }
}

/// Creates a paused consumer of `producer` for `target`, offers it with
/// `newConsumer`, and resumes it once the client accepted (closes it otherwise).
pub(crate) async fn consume(
    app: Arc<App>,
    room: Arc<Room>,
    target: ConsumerTarget,
    producer: ProducerRecord,
) {
    let (Some(transport_id), Some(caps)) = (
        target.recv_transport.clone(),
        target.rtp_capabilities.clone(),
    ) else {
        tracing::debug!(peer = %target.peer_id, "not consuming: no receive transport or no RTP capabilities");
        return;
    };
    let sfu = &app.sfu;
    let info = match sfu
        .consume(
            transport_id,
            producer.id.clone(),
            caps,
            target.link.events.clone(),
        )
        .await
    {
        Ok(Some(info)) => info,
        Ok(None) => {
            tracing::debug!(peer = %target.peer_id, producer = %producer.id, "cannot consume with these RTP capabilities");
            return;
        }
        Err(e) => {
            tracing::warn!(peer = %target.peer_id, producer = %producer.id, "consume failed: {e}");
            return;
        }
    };
    let consumer_id = info.id.clone();
    let registered = room.with_peer(&target.peer_id, target.conn_id, |p| {
        p.consumers.insert(consumer_id.clone());
    });
    if registered.is_none() {
        let _ = sfu.consumer(consumer_id, Op::Close).await;
        return;
    }
    let request = ServerRequest::NewConsumer(NewConsumer {
        peer_id: producer.peer_id.clone(),
        producer_id: producer.id.clone(),
        id: consumer_id.clone(),
        kind: info.kind,
        rtp_parameters: info.rtp_parameters,
        consumer_type: info.consumer_type,
        app_data: producer.app_data.clone(),
        producer_paused: info.producer_paused,
    });
    match target.link.signal.request(request).await {
        Ok(_) => {
            let resumed = sfu.consumer(consumer_id.clone(), Op::Resume).await;
            if resumed.is_ok() {
                // As the reference: the score right after resuming.
                if let Ok(score) = sfu
                    .consumer_control(consumer_id.clone(), ConsumerControl::Score)
                    .await
                {
                    target.link.signal.notify(ServerNotification::ConsumerScore(
                        ConsumerScoreData {
                            consumer_id: consumer_id.clone(),
                            score,
                        },
                    ));
                }
            }
            if let Err(e) = resumed {
                tracing::debug!(consumer = %consumer_id, "resume after newConsumer failed: {e}");
                // Closed before we could hear about it: make sure the client does.
                let unannounced = matches!(e, SfuError::NotFound(_))
                    && room
                        .with_peer(&target.peer_id, target.conn_id, |p| {
                            p.consumers.remove(&consumer_id)
                        })
                        .unwrap_or(false);
                if unannounced {
                    let closed = ConsumerIdRequest { consumer_id };
                    target
                        .link
                        .signal
                        .notify(ServerNotification::ConsumerClosed(closed));
                }
            }
        }
        Err(e) => {
            tracing::info!(peer = %target.peer_id, consumer = %consumer_id, "newConsumer refused: {}", e.reason);
            room.with_peer(&target.peer_id, target.conn_id, |p| {
                p.consumers.remove(&consumer_id)
            });
            let _ = sfu.consumer(consumer_id, Op::Close).await;
        }
    }
}

/// Creates a data consumer for `target` of a peer's data producer (`None`: the
/// room's bot), offers it with `newDataConsumer`, and closes it if refused.
pub(crate) async fn consume_data(
    app: Arc<App>,
    room: Arc<Room>,
    target: ConsumerTarget,
    producer: Option<DataProducerRecord>,
) {
    let Some(transport_id) = target.recv_transport.clone() else {
        tracing::debug!(peer = %target.peer_id, "not consuming data: no receive transport");
        return;
    };
    let data_producer_id = match &producer {
        Some(p) => p.id.clone(),
        None => match room.bot_data_producer() {
            Some(id) => id,
            None => return,
        },
    };
    let sfu = &app.sfu;
    let info = match sfu
        .consume_data(
            transport_id,
            data_producer_id.clone(),
            target.link.events.clone(),
        )
        .await
    {
        Ok(info) => info,
        Err(e) => {
            tracing::warn!(peer = %target.peer_id, data_producer = %data_producer_id, "consumeData failed: {e}");
            return;
        }
    };
    let id = info.id.clone();
    let registered = room.with_peer(&target.peer_id, target.conn_id, |p| {
        p.data.data_consumers.insert(id.clone());
    });
    if registered.is_none() {
        let _ = sfu.close_data_consumer(id).await;
        return;
    }
    let (peer_id, app_data) = match producer {
        Some(p) => (Some(p.peer_id), p.app_data),
        None => (None, Default::default()),
    };
    let request = ServerRequest::NewDataConsumer(NewDataConsumer {
        peer_id,
        data_producer_id,
        id: id.clone(),
        sctp_stream_parameters: info.sctp_stream_parameters,
        label: info.label,
        protocol: info.protocol,
        app_data,
    });
    if let Err(e) = target.link.signal.request(request).await {
        tracing::info!(peer = %target.peer_id, data_consumer = %id, "newDataConsumer refused: {}", e.reason);
        room.with_peer(&target.peer_id, target.conn_id, |p| {
            p.data.data_consumers.remove(&id)
        });
        let _ = sfu.close_data_consumer(id).await;
    }
}
