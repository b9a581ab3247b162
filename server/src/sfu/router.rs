//! One room's router, from the server's side: every operation on the room's
//! mediasoup objects goes through here to the worker process holding them.

use std::sync::{Arc, Weak};

use serde_json::Value;
use stunroom_shared::broadcaster::PlainTransportInfo;
use stunroom_shared::ids::{ConsumerId, DataConsumerId, DataProducerId, ProducerId, TransportId};
use stunroom_shared::media::{
    DtlsParameters, IceParameters, MediaKind, RtpCapabilities, RtpParameters, SctpStreamParameters,
};
use stunroom_shared::messages::TransportInfo;
use tokio::sync::mpsc;

use super::pool::{Link, Pool, SinkHandle};
use super::protocol::{
    BotListen, BotSend, CanConsume, CloseDataConsumer, CloseRouter, CloseTransport,
    ConnectPlainTransport, ConnectTransport, Consume, ConsumeData, ConsumerControlCall, ConsumerOp,
    CreatePlainTransport, CreateRecordingTransport, CreateWebRtcTransport, Produce, ProduceData,
    ProducerOp, RestartIce, SetUpRoom, Stats, WatchProducer,
};
use super::{
    ConsumerControl, ConsumerInfo, DataConsumerInfo, Op, PlainOptions, RoomEvent, RouterKey,
    SfuError, StatsOf, WebRtcTransportOptions,
};

/// A room's router on one worker. Cheap to clone.
#[derive(Clone)]
pub struct Router {
    key: RouterKey,
    link: Arc<Link>,
    pool: Weak<Pool>,
    caps: RtpCapabilities,
}

impl Router {
    pub(super) fn new(
        key: RouterKey,
        link: Arc<Link>,
        pool: Weak<Pool>,
        caps: RtpCapabilities,
    ) -> Self {
        Router {
            key,
            link,
            pool,
            caps,
        }
    }

    /// Its key.
    pub fn key(&self) -> RouterKey {
        self.key
    }

    /// The worker it runs on.
    pub fn worker(&self) -> usize {
        self.link.worker
    }

    /// The router's RTP capabilities.
    pub fn rtp_capabilities(&self) -> &RtpCapabilities {
        &self.caps
    }

    /// Closes the router with everything in it.
    pub async fn close(&self) -> Result<(), SfuError> {
        if let Some(pool) = self.pool.upgrade() {
            pool.router_closed(self.link.worker, self.key);
        }
        self.link.call(CloseRouter { router: self.key }).await
    }

    /// Creates the room's AudioLevelObserver and bot (idempotent); returns the
    /// bot's data producer. The room's events go to `events`.
    pub async fn set_up_room(
        &self,
        events: mpsc::Sender<RoomEvent>,
    ) -> Result<DataProducerId, SfuError> {
        if let Some(pool) = self.pool.upgrade() {
            pool.room_sink(self.key, events);
        }
        self.link.call(SetUpRoom { router: self.key }).await
    }

    pub async fn create_webrtc_transport(
        &self,
        options: WebRtcTransportOptions,
        sink: &SinkHandle,
    ) -> Result<TransportInfo, SfuError> {
        self.link
            .call(CreateWebRtcTransport {
                router: self.key,
                options,
                sink: sink.id,
            })
            .await
    }

    pub async fn create_plain_transport(
        &self,
        options: PlainOptions,
    ) -> Result<PlainTransportInfo, SfuError> {
        self.link
            .call(CreatePlainTransport {
                router: self.key,
                options,
            })
            .await
    }

    /// A plain transport on 127.0.0.1 that sends to a local recorder
    /// (comedia off, RTCP not muxed); connect it with [`Self::connect_plain`].
    pub async fn create_recording_transport(&self) -> Result<PlainTransportInfo, SfuError> {
        self.link
            .call(CreateRecordingTransport { router: self.key })
            .await
    }

    /// Points a recording transport at the recorder's RTP (and RTCP) port on 127.0.0.1.
    pub async fn connect_plain(
        &self,
        transport: TransportId,
        port: u16,
        rtcp_port: Option<u16>,
    ) -> Result<(), SfuError> {
        self.link
            .call(ConnectPlainTransport {
                transport,
                port,
                rtcp_port,
            })
            .await
    }

    pub async fn connect_transport(
        &self,
        transport: TransportId,
        dtls_parameters: DtlsParameters,
    ) -> Result<(), SfuError> {
        self.link
            .call(ConnectTransport {
                transport,
                dtls_parameters,
            })
            .await
    }

    pub async fn restart_ice(&self, transport: TransportId) -> Result<IceParameters, SfuError> {
        self.link.call(RestartIce { transport }).await
    }

    /// Closes a transport with its producers and consumers.
    pub async fn close_transport(&self, transport: TransportId) -> Result<(), SfuError> {
        self.link.call(CloseTransport { transport }).await
    }

    pub async fn produce(
        &self,
        transport: TransportId,
        kind: MediaKind,
        rtp_parameters: RtpParameters,
    ) -> Result<ProducerId, SfuError> {
        self.link
            .call(Produce {
                transport,
                kind,
                rtp_parameters,
            })
            .await
    }

    pub async fn producer(&self, producer: ProducerId, op: Op) -> Result<(), SfuError> {
        self.link.call(ProducerOp { producer, op }).await
    }

    /// Reports a producer's scores to `sink`; audio producers also join the
    /// room's AudioLevelObserver.
    pub async fn watch_producer(
        &self,
        producer: ProducerId,
        sink: &SinkHandle,
    ) -> Result<(), SfuError> {
        self.link
            .call(WatchProducer {
                router: self.key,
                producer,
                sink: sink.id,
            })
            .await
    }

    /// A paused consumer, or `None` when the capabilities cannot consume the producer.
    pub async fn consume(
        &self,
        transport: TransportId,
        producer: ProducerId,
        rtp_capabilities: RtpCapabilities,
        sink: &SinkHandle,
    ) -> Result<Option<ConsumerInfo>, SfuError> {
        self.link
            .call(Consume {
                transport,
                producer,
                rtp_capabilities,
                sink: sink.id,
            })
            .await
    }

    pub async fn consumer(&self, consumer: ConsumerId, op: Op) -> Result<(), SfuError> {
        self.link.call(ConsumerOp { consumer, op }).await
    }

    /// Adjusts a consumer; [`ConsumerControl::Score`] answers its score, the others `{}`.
    pub async fn consumer_control(
        &self,
        consumer: ConsumerId,
        control: ConsumerControl,
    ) -> Result<Value, SfuError> {
        self.link
            .call(ConsumerControlCall { consumer, control })
            .await
    }

    /// An SCTP data producer on a WebRTC transport.
    pub async fn produce_data(
        &self,
        transport: TransportId,
        sctp_stream_parameters: SctpStreamParameters,
        label: String,
        protocol: String,
    ) -> Result<DataProducerId, SfuError> {
        self.link
            .call(ProduceData {
                transport,
                sctp_stream_parameters,
                label,
                protocol,
            })
            .await
    }

    /// A data consumer of a peer's data producer or of the room's bot.
    pub async fn consume_data(
        &self,
        transport: TransportId,
        data_producer: DataProducerId,
        sink: &SinkHandle,
    ) -> Result<DataConsumerInfo, SfuError> {
        self.link
            .call(ConsumeData {
                transport,
                data_producer,
                sink: sink.id,
            })
            .await
    }

    pub async fn close_data_consumer(&self, data_consumer: DataConsumerId) -> Result<(), SfuError> {
        self.link.call(CloseDataConsumer { data_consumer }).await
    }

    /// The room's bot reads a peer's `bot` data producer.
    pub async fn bot_listen(&self, data_producer: DataProducerId) -> Result<(), SfuError> {
        self.link
            .call(BotListen {
                router: self.key,
                data_producer,
            })
            .await
    }

    /// Sends a text message through the room's bot (to every peer).
    pub async fn bot_send(&self, text: String) -> Result<(), SfuError> {
        self.link
            .call(BotSend {
                router: self.key,
                text,
            })
            .await
    }

    /// mediasoup's stats of one object, each with its `type`.
    pub async fn stats(&self, of: StatsOf) -> Result<Vec<Value>, SfuError> {
        self.link.call(Stats { of }).await
    }

    /// The producers (of this router) an endpoint with these capabilities can consume.
    pub async fn consumable(
        &self,
        producers: Vec<ProducerId>,
        rtp_capabilities: RtpCapabilities,
    ) -> Result<Vec<ProducerId>, SfuError> {
        self.link
            .call(CanConsume {
                router: self.key,
                producers,
                rtp_capabilities,
            })
            .await
    }
}
