//! Offering a producer (or data producer) to a peer: the consumer is created
//! paused, offered with `newConsumer`, and resumed once the client accepted it
//! (closed otherwise), as the reference server does.

use std::sync::Arc;

use stunroom_shared::messages::{
    ConsumerIdRequest, ConsumerScoreData, NewConsumer, NewDataConsumer, ServerNotification,
    ServerRequest,
};

use super::room::{ConsumerTarget, DataProducerRecord, ProducerRecord, Room};
use super::Hub;
use crate::sfu::{ConsumerControl, Op, SfuError};

/// Whether `target` may hold one more consumer (data consumer if `data`).
fn has_room_for(hub: &Hub, room: &Room, target: &ConsumerTarget, data: bool) -> bool {
    let limits = hub.limits();
    let (count, max) = match room.with_peer(&target.peer_id, target.conn_id, |p| {
        if data {
            p.data.data_consumers.len()
        } else {
            p.consumers.len()
        }
    }) {
        Some(count) if data => (count, limits.data_consumers_per_peer),
        Some(count) => (count, limits.consumers_per_peer),
        None => return false,
    };
    if count >= max {
        tracing::warn!(peer = %target.peer_id, count, "not offering more: the peer holds the most consumers it may");
        return false;
    }
    true
}

/// Creates a paused consumer of `producer` for `target`, offers it with
/// `newConsumer`, and resumes it once the client accepted (closes it otherwise).
pub(super) async fn consume(
    hub: Arc<Hub>,
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
    let Some(router) = room.router_state().map(|s| s.router.clone()) else {
        return;
    };
    if !has_room_for(&hub, &room, &target, false) {
        return;
    }
    let info = match router
        .consume(transport_id, producer.id.clone(), caps, &target.link.sink)
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
        let _ = router.consumer(consumer_id, Op::Close).await;
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
    if let Err(e) = target.link.channel.request(request).await {
        tracing::info!(peer = %target.peer_id, consumer = %consumer_id, "newConsumer refused: {}", e.reason);
        room.with_peer(&target.peer_id, target.conn_id, |p| {
            p.consumers.remove(&consumer_id)
        });
        let _ = router.consumer(consumer_id, Op::Close).await;
        return;
    }
    match router.consumer(consumer_id.clone(), Op::Resume).await {
        Ok(()) => {
            // As the reference: the score right after resuming.
            if let Ok(score) = router
                .consumer_control(consumer_id.clone(), ConsumerControl::Score)
                .await
            {
                target
                    .link
                    .channel
                    .notify(ServerNotification::ConsumerScore(ConsumerScoreData {
                        consumer_id,
                        score,
                    }));
            }
        }
        Err(e) => {
            tracing::debug!(consumer = %consumer_id, "resume after newConsumer failed: {e}");
            // Closed before we could hear about it: make sure the client does.
            let unannounced = matches!(e, SfuError::NotFound { .. })
                && room
                    .with_peer(&target.peer_id, target.conn_id, |p| {
                        p.consumers.remove(&consumer_id)
                    })
                    .unwrap_or(false);
            if unannounced {
                target
                    .link
                    .channel
                    .notify(ServerNotification::ConsumerClosed(ConsumerIdRequest {
                        consumer_id,
                    }));
            }
        }
    }
}

/// Creates a data consumer for `target` of a peer's data producer (`None`: the
/// room's bot), offers it with `newDataConsumer`, and closes it if refused.
pub(super) async fn consume_data(
    hub: Arc<Hub>,
    room: Arc<Room>,
    target: ConsumerTarget,
    producer: Option<DataProducerRecord>,
) {
    let Some(transport_id) = target.recv_transport.clone() else {
        tracing::debug!(peer = %target.peer_id, "not consuming data: no receive transport");
        return;
    };
    let Some(state) = room.router_state() else {
        return;
    };
    let router = state.router.clone();
    let data_producer_id = match &producer {
        Some(p) => p.id.clone(),
        None => state.bot.clone(),
    };
    if !has_room_for(&hub, &room, &target, true) {
        return;
    }
    let info = match router
        .consume_data(transport_id, data_producer_id.clone(), &target.link.sink)
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
        let _ = router.close_data_consumer(id).await;
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
    if let Err(e) = target.link.channel.request(request).await {
        tracing::info!(peer = %target.peer_id, data_consumer = %id, "newDataConsumer refused: {}", e.reason);
        room.with_peer(&target.peer_id, target.conn_id, |p| {
            p.data.data_consumers.remove(&id)
        });
        let _ = router.close_data_consumer(id).await;
    }
}
