//! Producers and consumers: creating them on either kind of transport,
//! pause/resume/close, consumer controls, and their events.

use mediasoup::consumer::{Consumer, ConsumerLayers, ConsumerOptions};
use mediasoup::prelude::{RtpObserver, RtpObserverAddProducerOptions, Transport as _};
use mediasoup::producer::ProducerOptions;
use mediasoup::transport::{ConsumeError, ProduceError};
use serde_json::Value;
use stunroom_shared::ids::{ConsumerId, ProducerId, TransportId};
use stunroom_shared::media::{MediaKind, RtpCapabilities, RtpParameters};
use stunroom_shared::messages::{ConsumerLayersChangedData, ProducerScore};

use super::state::{ConsumerEntry, Forget, ProducerEntry};
use super::transport::{request_error, Transport};
use super::{forget, Out, Shared};
use crate::sfu::convert::{from_ms, rtp_capabilities_to_ms, to_ms};
use crate::sfu::protocol::SinkId;
use crate::sfu::{ConsumerControl, ConsumerInfo, Entity, Op, RouterKey, SfuError, SfuEvent};

fn produce_error(e: ProduceError) -> SfuError {
    match e {
        ProduceError::Request(e) => request_error("produce", e),
        other => SfuError::Refused {
            what: "produce".into(),
            reason: other.to_string(),
        },
    }
}

pub(super) async fn produce(
    state: &Shared,
    transport_id: TransportId,
    kind: MediaKind,
    rtp_parameters: RtpParameters,
) -> Result<ProducerId, SfuError> {
    let (transport, tx) = {
        let s = state.borrow();
        (s.transport(&transport_id)?, s.forget.clone())
    };
    let options = ProducerOptions::new(
        to_ms("kind", &kind)?,
        to_ms("rtpParameters", &rtp_parameters)?,
    );
    let producer = match &transport {
        Transport::WebRtc(t, _) => t.produce(options).await,
        Transport::Plain(t, _) => t.produce(options).await,
    }
    .map_err(produce_error)?;
    let id = ProducerId::new(producer.id().to_string());
    {
        let id = id.clone();
        producer
            .on_transport_close(move || forget(&tx, Forget::Producer(id.clone())))
            .detach();
    }
    let mut s = state.borrow_mut();
    if !s.transports.contains_key(&transport_id) {
        return Err(SfuError::not_found(Entity::Transport, &transport_id));
    }
    s.producers.insert(
        id.clone(),
        ProducerEntry {
            producer,
            transport: transport_id,
        },
    );
    Ok(id)
}

pub(super) async fn producer_op(state: &Shared, id: ProducerId, op: Op) -> Result<(), SfuError> {
    let producer = state.borrow().producer(&id)?;
    match op {
        Op::Close => {
            let removed = state.borrow_mut().producers.remove(&id);
            drop(removed);
            Ok(())
        }
        Op::Pause => producer
            .pause()
            .await
            .map_err(|e| SfuError::internal("pauseProducer", e)),
        Op::Resume => producer
            .resume()
            .await
            .map_err(|e| SfuError::internal("resumeProducer", e)),
    }
}

/// Reports a producer's scores to `sink`; an audio producer also joins the
/// room's AudioLevelObserver.
pub(super) async fn watch_producer(
    state: &Shared,
    key: RouterKey,
    id: ProducerId,
    sink: SinkId,
) -> Result<(), SfuError> {
    let (producer, observer, out) = {
        let s = state.borrow();
        let observer = s
            .rooms
            .get(&key)
            .and_then(|r| r.extras.as_ref())
            .map(|e| e.observer.clone());
        (s.producer(&id)?, observer, s.out.clone())
    };
    {
        let id = id.clone();
        producer
            .on_score(move |scores| {
                match from_ms::<_, Vec<ProducerScore>>("producer score", &scores) {
                    Ok(score) => out.event(
                        sink,
                        SfuEvent::ProducerScore {
                            producer_id: id.clone(),
                            score,
                        },
                    ),
                    Err(e) => tracing::debug!("{e}"),
                }
            })
            .detach();
    }
    let kind: MediaKind = from_ms("kind", &producer.kind())?;
    if let (MediaKind::Audio, Some(observer)) = (kind, observer) {
        observer
            .add_producer(RtpObserverAddProducerOptions::new(producer.id()))
            .await
            .map_err(|e| SfuError::internal("audioLevelObserver.addProducer", e))?;
    }
    Ok(())
}

/// A paused consumer of `producer_id` on `transport_id`, or `None` when the
/// capabilities cannot receive it.
pub(super) async fn consume(
    state: &Shared,
    transport_id: TransportId,
    producer_id: ProducerId,
    caps: RtpCapabilities,
    sink: SinkId,
) -> Result<Option<ConsumerInfo>, SfuError> {
    let ms_caps = rtp_capabilities_to_ms(&caps)?;
    let (transport, router, ms_producer, out, tx) = {
        let s = state.borrow();
        let transport = s.transport(&transport_id)?;
        let router = s.router(transport.router())?;
        let producer = s.producer(&producer_id)?;
        (
            transport,
            router,
            producer.id(),
            s.out.clone(),
            s.forget.clone(),
        )
    };
    if !router.can_consume(&ms_producer, &ms_caps) {
        return Ok(None);
    }
    let mut options = ConsumerOptions::new(ms_producer, ms_caps);
    options.paused = true;
    let consumer = match &transport {
        Transport::WebRtc(t, _) => t.consume(options).await,
        Transport::Plain(t, _) => t.consume(options).await,
    }
    .map_err(|e| match e {
        ConsumeError::Request(e) => request_error("consume", e),
        other => SfuError::internal("consume", other),
    })?;
    let id = ConsumerId::new(consumer.id().to_string());
    subscribe(&consumer, &id, &out, sink, &tx);
    let info = ConsumerInfo {
        id: id.clone(),
        kind: from_ms("kind", &consumer.kind())?,
        rtp_parameters: from_ms("rtpParameters", consumer.rtp_parameters())?,
        consumer_type: from_ms("type", &consumer.r#type())?,
        producer_paused: consumer.producer_paused(),
    };
    let mut s = state.borrow_mut();
    if !s.transports.contains_key(&transport_id) || !s.producers.contains_key(&producer_id) {
        return Err(SfuError::Refused {
            what: "consume".into(),
            reason: format!(
                "transport \"{transport_id}\" or producer \"{producer_id}\" closed while consuming"
            ),
        });
    }
    s.consumers.insert(
        id,
        ConsumerEntry {
            consumer,
            transport: transport_id,
        },
    );
    Ok(Some(info))
}

/// `consumerLayersChanged` data from mediasoup's layers.
fn layers_changed(id: &ConsumerId, layers: &Option<ConsumerLayers>) -> ConsumerLayersChangedData {
    ConsumerLayersChangedData {
        consumer_id: id.clone(),
        spatial_layer: layers.as_ref().map(|l| l.spatial_layer),
        temporal_layer: layers.as_ref().and_then(|l| l.temporal_layer),
    }
}

/// Forwards a consumer's mediasoup events to its owner.
fn subscribe(
    consumer: &Consumer,
    id: &ConsumerId,
    out: &Out,
    sink: SinkId,
    tx: &tokio::sync::mpsc::UnboundedSender<Forget>,
) {
    let ev = |make: fn(ConsumerId) -> SfuEvent| {
        let (id, out) = (id.clone(), out.clone());
        move || out.event(sink, make(id.clone()))
    };
    consumer
        .on_producer_pause(ev(|consumer_id| SfuEvent::ConsumerPaused { consumer_id }))
        .detach();
    consumer
        .on_producer_resume(ev(|consumer_id| SfuEvent::ConsumerResumed { consumer_id }))
        .detach();
    {
        let (id, out, tx) = (id.clone(), out.clone(), tx.clone());
        consumer
            .on_producer_close(move || {
                out.event(
                    sink,
                    SfuEvent::ConsumerClosed {
                        consumer_id: id.clone(),
                    },
                );
                forget(&tx, Forget::Consumer(id.clone()));
            })
            .detach();
    }
    {
        let (id, tx) = (id.clone(), tx.clone());
        consumer
            .on_transport_close(move || forget(&tx, Forget::Consumer(id.clone())))
            .detach();
    }
    {
        let (id, out) = (id.clone(), out.clone());
        consumer
            .on_layers_change(move |layers| {
                out.event(
                    sink,
                    SfuEvent::ConsumerLayersChanged(layers_changed(&id, layers)),
                )
            })
            .detach();
    }
    {
        let (id, out) = (id.clone(), out.clone());
        consumer
            .on_score(move |score| {
                let score = serde_json::to_value(score).unwrap_or(Value::Null);
                out.event(
                    sink,
                    SfuEvent::ConsumerScore {
                        consumer_id: id.clone(),
                        score,
                    },
                );
            })
            .detach();
    }
}

pub(super) async fn consumer_op(state: &Shared, id: ConsumerId, op: Op) -> Result<(), SfuError> {
    let consumer = state.borrow().consumer(&id)?;
    match op {
        Op::Close => {
            let removed = state.borrow_mut().consumers.remove(&id);
            drop(removed);
            Ok(())
        }
        Op::Pause => consumer
            .pause()
            .await
            .map_err(|e| SfuError::internal("pauseConsumer", e)),
        Op::Resume => consumer
            .resume()
            .await
            .map_err(|e| SfuError::internal("resumeConsumer", e)),
    }
}

/// Adjusts a consumer; [`ConsumerControl::Score`] answers its score, the others `{}`.
pub(super) async fn consumer_control(
    state: &Shared,
    id: ConsumerId,
    control: ConsumerControl,
) -> Result<Value, SfuError> {
    let consumer = state.borrow().consumer(&id)?;
    match control {
        ConsumerControl::PreferredLayers {
            spatial_layer,
            temporal_layer,
        } => consumer
            .set_preferred_layers(ConsumerLayers {
                spatial_layer,
                temporal_layer,
            })
            .await
            .map_err(|e| request_error("setConsumerPreferredLayers", e))?,
        ConsumerControl::Priority(priority) => consumer
            .set_priority(priority)
            .await
            .map_err(|e| request_error("setConsumerPriority", e))?,
        ConsumerControl::KeyFrame => consumer
            .request_key_frame()
            .await
            .map_err(|e| request_error("requestConsumerKeyFrame", e))?,
        ConsumerControl::Score => {
            return serde_json::to_value(consumer.score())
                .map_err(|e| SfuError::Internal(format!("cannot encode the consumer score: {e}")));
        }
    }
    Ok(Value::Object(Default::default()))
}

/// Which of `producers` an endpoint with `caps` can consume (unknown ids are left out).
pub(super) fn can_consume(
    state: &Shared,
    key: RouterKey,
    producers: Vec<ProducerId>,
    caps: &RtpCapabilities,
) -> Result<Vec<ProducerId>, SfuError> {
    let ms_caps = rtp_capabilities_to_ms(caps)?;
    let s = state.borrow();
    let router = s.router(key)?;
    let ok = |id: &ProducerId| {
        s.producers
            .get(id)
            .map(|p| p.producer.id())
            .is_some_and(|pid| router.can_consume(&pid, &ms_caps))
    };
    Ok(producers.into_iter().filter(|id| ok(id)).collect())
}
