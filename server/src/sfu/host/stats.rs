//! The `get*Stats` requests, and the worker's own status.

use std::time::Duration;

use mediasoup::prelude::TransportGeneric as _;
use serde::Serialize;
use serde_json::Value;

use super::transport::Transport;
use super::Shared;
use crate::sfu::{Entity, SfuError, SfuStatus, StatsOf};

/// mediasoup's stats as JSON, each object with its `type` (added where the
/// Rust crate leaves it out).
fn typed_stats<T: Serialize>(
    what: &str,
    stats: &T,
    types: &[&str],
) -> Result<Vec<Value>, SfuError> {
    let value = serde_json::to_value(stats)
        .map_err(|e| SfuError::Internal(format!("cannot encode mediasoup's {what}: {e}")))?;
    let mut list = match value {
        Value::Array(list) => list,
        Value::Object(_) => vec![value],
        _ => {
            return Err(SfuError::Internal(format!(
                "mediasoup's {what} is not a list"
            )))
        }
    };
    for (i, item) in list.iter_mut().enumerate() {
        if let (Some(obj), Some(t)) = (item.as_object_mut(), types.get(i).or(types.last())) {
            obj.entry("type").or_insert_with(|| Value::from(*t));
        }
    }
    Ok(list)
}

pub(super) async fn stats(state: &Shared, of: StatsOf) -> Result<Vec<Value>, SfuError> {
    let failed =
        |what: &'static str| move |e: mediasoup::worker::RequestError| SfuError::internal(what, e);
    match of {
        StatsOf::Transport(id) => {
            let transport = state.borrow().transport(&id)?;
            match transport {
                Transport::WebRtc(t, _) => {
                    let s = t.get_stats().await.map_err(failed("getTransportStats"))?;
                    typed_stats("transport stats", &s, &["webrtc-transport"])
                }
                Transport::Plain(t, _) => {
                    let s = t.get_stats().await.map_err(failed("getTransportStats"))?;
                    typed_stats("transport stats", &s, &["plain-rtp-transport"])
                }
            }
        }
        StatsOf::Producer(id) => {
            let producer = state.borrow().producer(&id)?;
            let s = producer
                .get_stats()
                .await
                .map_err(failed("getProducerStats"))?;
            typed_stats("producer stats", &s, &["inbound-rtp"])
        }
        StatsOf::Consumer(id) => {
            let consumer = state.borrow().consumer(&id)?;
            let s = consumer
                .get_stats()
                .await
                .map_err(failed("getConsumerStats"))?;
            typed_stats("consumer stats", &s, &["outbound-rtp", "inbound-rtp"])
        }
        StatsOf::DataProducer(id) => {
            let producer = state
                .borrow()
                .data_producers
                .get(&id)
                .map(|p| p.data_producer.clone())
                .ok_or_else(|| SfuError::not_found(Entity::DataProducer, &id))?;
            let s = producer
                .get_stats()
                .await
                .map_err(failed("getDataProducerStats"))?;
            typed_stats("data producer stats", &s, &["data-producer"])
        }
        StatsOf::DataConsumer(id) => {
            let consumer = state
                .borrow()
                .data_consumers
                .get(&id)
                .map(|c| c.data_consumer.clone())
                .ok_or_else(|| SfuError::not_found(Entity::DataConsumer, &id))?;
            let s = consumer
                .get_stats()
                .await
                .map_err(failed("getDataConsumerStats"))?;
            typed_stats("data consumer stats", &s, &["data-consumer"])
        }
    }
}

/// Counts of the objects; with `probe_ms`, the worker must answer a dump that fast.
pub(super) async fn status(state: &Shared, probe_ms: Option<u64>) -> Result<SfuStatus, SfuError> {
    let (mut status, worker) = {
        let s = state.borrow();
        let status = SfuStatus {
            workers: 1,
            workers_alive: 0,
            routers: s.rooms.len(),
            transports: s.transports.len(),
            producers: s.producers.len(),
            consumers: s.consumers.len(),
        };
        (status, s.worker.clone())
    };
    let alive = match probe_ms {
        _ if worker.closed() => false,
        None => true,
        Some(ms) => matches!(
            tokio::time::timeout(Duration::from_millis(ms), worker.dump()).await,
            Ok(Ok(_))
        ),
    };
    status.workers_alive = usize::from(alive);
    Ok(status)
}
