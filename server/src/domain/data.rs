//! A peer's data channels: a `chat` data producer reaches every other joined
//! peer with SCTP; a `bot` one is read by the room's bot.

use stunroom_shared::ids::{DataProducerId, TransportId};
use stunroom_shared::media::SctpStreamParameters;
use stunroom_shared::messages::{AppData, BOT_LABEL};

use super::consume::consume_data;
use super::error::PeerError;
use super::peer::{FollowUp, Peer};
use super::room::DataProducerRecord;
use super::validate;
use crate::sfu::DataConsumerInfo;

/// What `produceData` asks for.
pub struct DataProducerOptions {
    pub sctp_stream_parameters: SctpStreamParameters,
    pub label: String,
    pub protocol: String,
    pub app_data: AppData,
}

impl Peer {
    /// A new data producer; the follow-up offers a `chat` one to the others.
    pub async fn produce_data(
        &self,
        transport: TransportId,
        options: DataProducerOptions,
    ) -> Result<(DataProducerId, FollowUp), PeerError> {
        self.joined()?;
        self.owns("transport", &transport, |e| {
            e.transports.contains_key(&transport)
        })?;
        validate::label("label", &options.label)?;
        validate::label("protocol", &options.protocol)?;
        validate::app_data(&options.app_data)?;
        self.within_limit(
            "data producers",
            self.limits().data_producers_per_peer,
            |p| p.data.data_producers.len(),
        )?;
        let router = self.router().await?;
        let id = router
            .produce_data(
                transport,
                options.sctp_stream_parameters,
                options.label.clone(),
                options.protocol,
            )
            .await?;
        let record = DataProducerRecord {
            id: id.clone(),
            peer_id: self.id.clone(),
            label: options.label,
            app_data: options.app_data,
        };
        tracing::info!(peer = %self.id, data_producer = %id, label = ?record.label, "producing data");
        let bot = record.label == BOT_LABEL;
        let Some(targets) = self.room.add_data_producer(self.conn_id, record.clone()) else {
            return Err(PeerError::Gone);
        };
        if bot {
            // The reference hands it to its bot after answering; an error then
            // would leave the client with a channel nobody reads, so fail now.
            if let Err(e) = router.bot_listen(id.clone()).await {
                self.room.with_peer(&self.id, self.conn_id, |p| {
                    p.data.data_producers.remove(&id)
                });
                return Err(e.into());
            }
        }
        let (hub, room) = (self.hub.clone(), self.room.clone());
        let follow_up: FollowUp = Box::pin(async move {
            for target in targets {
                tokio::spawn(consume_data(
                    hub.clone(),
                    room.clone(),
                    target,
                    Some(record.clone()),
                ));
            }
        });
        Ok((id, follow_up))
    }

    /// A data consumer of a peer's data producer or of the room's bot, for a
    /// broadcaster (REST): no `newDataConsumer`, the answer says it all.
    pub async fn consume_data_now(
        &self,
        transport: TransportId,
        data_producer: DataProducerId,
    ) -> Result<DataConsumerInfo, PeerError> {
        self.owns("transport", &transport, |e| {
            e.transports.contains_key(&transport)
        })?;
        let router = self.router().await?;
        let is_bot = self
            .room
            .router_state()
            .is_some_and(|s| s.bot == data_producer);
        if !is_bot && self.room.data_producer_owner_name(&data_producer).is_none() {
            return Err(PeerError::not_found("dataProducer", &data_producer));
        }
        self.within_limit(
            "data consumers",
            self.limits().data_consumers_per_peer,
            |p| p.data.data_consumers.len(),
        )?;
        let sink = self.sink()?;
        let info = router.consume_data(transport, data_producer, &sink).await?;
        let kept = self.room.with_peer(&self.id, self.conn_id, |p| {
            p.data.data_consumers.insert(info.id.clone())
        });
        if kept.is_none() {
            let _ = router.close_data_consumer(info.id).await;
            return Err(PeerError::Gone);
        }
        Ok(info)
    }
}
