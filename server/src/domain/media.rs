//! A peer's producers and consumers.

use serde_json::Value;
use stunroom_shared::ids::{ConsumerId, ProducerId, TransportId};
use stunroom_shared::media::{MediaKind, RtpCapabilities, RtpParameters};
use stunroom_shared::messages::AppData;

use super::consume::consume;
use super::error::PeerError;
use super::peer::{FollowUp, Peer};
use super::room::ProducerRecord;
use super::validate;
use crate::sfu::{ConsumerControl, ConsumerInfo, Op};

impl Peer {
    /// A new producer; the follow-up offers it to every other joined peer.
    pub async fn produce(
        &self,
        transport: TransportId,
        kind: MediaKind,
        mut rtp_parameters: RtpParameters,
        mut app_data: AppData,
    ) -> Result<(ProducerId, FollowUp), PeerError> {
        self.joined()?;
        self.owns("transport", &transport, |e| {
            e.transports.contains_key(&transport)
        })?;
        self.within_limit("producers", self.limits().producers_per_peer, |p| {
            p.producers.len()
        })?;
        validate::rtp_parameters(&rtp_parameters, self.limits())?;
        validate::app_data(&app_data)?;
        let router = self.router().await?;
        canonical_mime_types(&mut rtp_parameters, router.rtp_capabilities());
        // An empty CNAME is no CNAME: mediasoup-client sends "" for a first
        // producer whose m-section has no a=ssrc lines (rid simulcast), and
        // mediasoup's Rust crate would adopt "" for every producer of the
        // transport; consumers then get an empty msid stream id, which
        // browsers refuse. Absent, mediasoup picks one for the transport.
        if rtp_parameters
            .rtcp
            .cname
            .as_deref()
            .is_some_and(|c| c.trim().is_empty())
        {
            rtp_parameters.rtcp.cname = None;
        }
        let id = router.produce(transport, kind, rtp_parameters).await?;
        app_data.insert("peerId".into(), Value::String(self.id.to_string()));
        let record = ProducerRecord {
            id: id.clone(),
            peer_id: self.id.clone(),
            kind,
            app_data,
        };
        tracing::info!(peer = %self.id, producer = %record.id, kind = %record.kind, "producing");
        let Some(targets) = self.room.add_producer(self.conn_id, record.clone()) else {
            let _ = router.producer(id, Op::Close).await;
            return Err(PeerError::Gone);
        };
        // producerScore to this peer; audio joins the room's AudioLevelObserver.
        let sink = self.sink()?;
        if let Err(e) = router.watch_producer(id.clone(), &sink).await {
            tracing::warn!(producer = %id, "cannot watch the producer: {e}");
        }
        let (hub, room) = (self.hub.clone(), self.room.clone());
        let follow_up: FollowUp = Box::pin(async move {
            for target in targets {
                tokio::spawn(consume(hub.clone(), room.clone(), target, record.clone()));
            }
        });
        Ok((id, follow_up))
    }

    pub async fn close_producer(&self, id: ProducerId) -> Result<(), PeerError> {
        self.joined()?;
        let removed = self
            .room
            .with_peer(&self.id, self.conn_id, |e| {
                e.producers.remove(&id).is_some()
            })
            .ok_or(PeerError::Gone)?;
        if !removed {
            return Err(PeerError::not_found("producer", &id));
        }
        Ok(self.router().await?.producer(id, Op::Close).await?)
    }

    pub async fn producer_op(&self, id: ProducerId, op: Op) -> Result<(), PeerError> {
        self.joined()?;
        self.owns("producer", &id, |p| p.producers.contains_key(&id))?;
        Ok(self.router().await?.producer(id, op).await?)
    }

    pub async fn consumer_op(&self, id: ConsumerId, op: Op) -> Result<(), PeerError> {
        self.joined()?;
        self.owns("consumer", &id, |p| p.consumers.contains(&id))?;
        Ok(self.router().await?.consumer(id, op).await?)
    }

    pub async fn consumer_control(
        &self,
        id: ConsumerId,
        control: ConsumerControl,
    ) -> Result<Value, PeerError> {
        self.joined()?;
        if control == ConsumerControl::Priority(0) {
            return Err(PeerError::invalid("priority", "0 (it goes from 1 to 255)"));
        }
        self.owns("consumer", &id, |p| p.consumers.contains(&id))?;
        Ok(self.router().await?.consumer_control(id, control).await?)
    }

    /// A consumer created and resumed at once, for a broadcaster (REST): the
    /// reference creates them unpaused.
    pub async fn consume_now(
        &self,
        transport: TransportId,
        producer: ProducerId,
    ) -> Result<ConsumerInfo, PeerError> {
        self.owns("transport", &transport, |e| {
            e.transports.contains_key(&transport)
        })?;
        let caps: Option<RtpCapabilities> = self
            .room
            .with_peer(&self.id, self.conn_id, |p| {
                p.joined.as_ref().and_then(|j| j.rtp_capabilities.clone())
            })
            .ok_or(PeerError::Gone)?;
        let Some(caps) = caps else {
            return Err(PeerError::invalid(
                "rtpCapabilities",
                format!(
                    "broadcaster \"{}\" has none (give them when creating it)",
                    self.id
                ),
            ));
        };
        if !self.room.has_producer(&producer) {
            return Err(PeerError::not_found("producer", &producer));
        }
        self.within_limit("consumers", self.limits().consumers_per_peer, |p| {
            p.consumers.len()
        })?;
        let router = self.router().await?;
        let sink = self.sink()?;
        let info = router
            .consume(transport, producer.clone(), caps, &sink)
            .await?
            .ok_or_else(|| {
                PeerError::invalid(
                    "rtpCapabilities",
                    format!("the broadcaster's cannot consume producer \"{producer}\""),
                )
            })?;
        let kept = self.room.with_peer(&self.id, self.conn_id, |p| {
            p.consumers.insert(info.id.clone())
        });
        if kept.is_none() {
            let _ = router.consumer(info.id, Op::Close).await;
            return Err(PeerError::Gone);
        }
        router.consumer(info.id.clone(), Op::Resume).await?;
        Ok(info)
    }
}

/// Spells codec mime types as the router does: MIME types are case-insensitive
/// and mediasoup-demo's ffmpeg.sh sends `video/vp8`, but mediasoup's Rust types
/// know only its own spelling (`video/VP8`).
fn canonical_mime_types(params: &mut RtpParameters, router: &RtpCapabilities) {
    for codec in &mut params.codecs {
        let known = router
            .codecs
            .iter()
            .map(|c| c.mime_type.as_str())
            .chain(["video/rtx"])
            .find(|m| m.eq_ignore_ascii_case(&codec.mime_type));
        if let Some(m) = known {
            codec.mime_type = m.to_owned();
        }
    }
}
