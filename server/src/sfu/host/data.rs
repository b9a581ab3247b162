//! Data channels: SCTP data producers on WebRTC transports, and data
//! consumers of a peer's data producer or of the room's bot.

use mediasoup::data_consumer::DataConsumerOptions;
use mediasoup::data_producer::DataProducerOptions;
use mediasoup::prelude::Transport as _;
use mediasoup::transport::{ConsumeDataError, ProduceDataError};
use stunroom_shared::ids::{DataConsumerId, DataProducerId, TransportId};
use stunroom_shared::media::SctpStreamParameters;

use super::state::{DataConsumerEntry, DataProducerEntry, Forget};
use super::transport::request_error;
use super::{forget, Shared};
use crate::sfu::convert::{from_ms, to_ms};
use crate::sfu::protocol::SinkId;
use crate::sfu::{DataConsumerInfo, Entity, SfuError, SfuEvent};

fn no_sctp(id: &TransportId) -> SfuError {
    SfuError::Refused {
        what: "data channels".into(),
        reason: format!(
            "transport with id \"{id}\" has no SCTP (create a WebRTC transport with sctpCapabilities)"
        ),
    }
}

pub(super) async fn produce_data(
    state: &Shared,
    transport_id: TransportId,
    sctp_stream_parameters: SctpStreamParameters,
    label: String,
    protocol: String,
) -> Result<DataProducerId, SfuError> {
    let (transport, tx) = {
        let s = state.borrow();
        let transport = s
            .transport(&transport_id)?
            .webrtc(&transport_id, "produceData")?;
        (transport, s.forget.clone())
    };
    if transport.sctp_parameters().is_none() {
        return Err(no_sctp(&transport_id));
    }
    let mut options =
        DataProducerOptions::new_sctp(to_ms("sctpStreamParameters", &sctp_stream_parameters)?);
    options.label = label;
    options.protocol = protocol;
    let data_producer = transport.produce_data(options).await.map_err(|e| match e {
        ProduceDataError::Request(e) => request_error("produceData", e),
        other => SfuError::Refused {
            what: "produceData".into(),
            reason: other.to_string(),
        },
    })?;
    let id = DataProducerId::new(data_producer.id().to_string());
    {
        let id = id.clone();
        data_producer
            .on_transport_close(move || forget(&tx, Forget::DataProducer(id.clone())))
            .detach();
    }
    let mut s = state.borrow_mut();
    if !s.transports.contains_key(&transport_id) {
        return Err(SfuError::not_found(Entity::Transport, &transport_id));
    }
    s.data_producers.insert(
        id.clone(),
        DataProducerEntry {
            data_producer,
            transport: transport_id,
        },
    );
    Ok(id)
}

/// A data consumer of a peer's data producer, or of the room's bot producer.
pub(super) async fn consume_data(
    state: &Shared,
    transport_id: TransportId,
    data_producer: DataProducerId,
    sink: SinkId,
) -> Result<DataConsumerInfo, SfuError> {
    let (transport, producer_id, out, tx) = {
        let s = state.borrow();
        let transport = s
            .transport(&transport_id)?
            .webrtc(&transport_id, "consumeData")?;
        let producer_id = s
            .data_producers
            .get(&data_producer)
            .map(|p| p.data_producer.id())
            .or_else(|| {
                s.rooms
                    .values()
                    .filter_map(|r| r.extras.as_ref())
                    .map(|e| &e.bot_producer)
                    .find(|p| p.id().to_string() == data_producer.as_str())
                    .map(|p| p.id())
            })
            .ok_or_else(|| SfuError::not_found(Entity::DataProducer, &data_producer))?;
        (transport, producer_id, s.out.clone(), s.forget.clone())
    };
    if transport.sctp_parameters().is_none() {
        return Err(no_sctp(&transport_id));
    }
    let data_consumer = transport
        .consume_data(DataConsumerOptions::new_sctp(producer_id))
        .await
        .map_err(|e| match e {
            ConsumeDataError::Request(e) => request_error("consumeData", e),
            other => SfuError::Refused {
                what: "consumeData".into(),
                reason: other.to_string(),
            },
        })?;
    let id = DataConsumerId::new(data_consumer.id().to_string());
    {
        let (id, tx) = (id.clone(), tx.clone());
        data_consumer
            .on_data_producer_close(move || {
                out.event(
                    sink,
                    SfuEvent::DataConsumerClosed {
                        data_consumer_id: id.clone(),
                    },
                );
                forget(&tx, Forget::DataConsumer(id.clone()));
            })
            .detach();
    }
    {
        let id = id.clone();
        data_consumer
            .on_transport_close(move || forget(&tx, Forget::DataConsumer(id.clone())))
            .detach();
    }
    let sctp_stream_parameters = match data_consumer.sctp_stream_parameters() {
        Some(p) => from_ms("sctpStreamParameters", &p)?,
        None => {
            return Err(SfuError::Internal(
                "mediasoup gave the data consumer no SCTP stream parameters".into(),
            ))
        }
    };
    let info = DataConsumerInfo {
        id: id.clone(),
        sctp_stream_parameters,
        label: data_consumer.label().clone(),
        protocol: data_consumer.protocol().clone(),
    };
    let mut s = state.borrow_mut();
    if !s.transports.contains_key(&transport_id) {
        return Err(SfuError::not_found(Entity::Transport, &transport_id));
    }
    s.data_consumers.insert(
        id,
        DataConsumerEntry {
            data_consumer,
            transport: transport_id,
        },
    );
    Ok(info)
}

pub(super) fn close_data_consumer(state: &Shared, id: &DataConsumerId) -> Result<(), SfuError> {
    let removed = state
        .borrow_mut()
        .data_consumers
        .remove(id)
        .ok_or_else(|| SfuError::not_found(Entity::DataConsumer, id))?;
    drop(removed);
    Ok(())
}
