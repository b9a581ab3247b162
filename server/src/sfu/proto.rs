//! The rest of the mediasoup-demo v3 protocol on the SFU side: data channels
//! (`produceData`, data consumers, the room's bot), consumer controls
//! (preferred layers, priority, key frames, score), the `get*Stats` requests,
//! and each room's AudioLevelObserver.
//!
//! Per room (router) the SFU keeps a [`RoomExtras`]: the AudioLevelObserver
//! (maxEntries 1, threshold -80 dBov, interval 800 ms, as the reference server)
//! and the bot — a DirectTransport with a DataProducer labelled `bot` that every
//! peer consumes, and on which the server consumes the peers' `bot` data
//! producers. What they report goes to the room's [`RoomEventSink`].

use std::collections::HashMap;
use std::num::NonZeroU16;

use mediasoup::audio_level_observer::{AudioLevelObserver, AudioLevelObserverOptions};
use mediasoup::data_consumer::{DataConsumer, DataConsumerOptions};
use mediasoup::data_producer::{DataProducer, DataProducerOptions};
use mediasoup::data_structures::WebRtcMessage;
use mediasoup::prelude::{
    DirectTransport, DirectTransportOptions, RtpObserver, RtpObserverAddProducerOptions, Transport,
    TransportGeneric,
};
use mediasoup::transport::{ConsumeDataError, ProduceDataError};
use serde::Serialize;
use serde_json::Value;
use stunroom_shared::media::{MediaKind, SctpStreamParameters};
use stunroom_shared::messages::{ConsumerLayersChangedData, ProducerScore, BOT_LABEL};
use tokio::sync::mpsc;

use super::actor::{internal, not_found, request_error, Shared};
use super::convert::{from_ms, to_ms};
use super::{Command, EventSink, Reply, RouterKey, Sfu, SfuError, SfuEvent};

/// What a room's router reports; every peer of the room cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomEvent {
    /// The loudest audio producer over the last interval (dBov, -127..=0).
    ActiveSpeaker { producer_id: String, volume: i8 },
    /// No audio producer above the threshold.
    Silence,
    /// A text message (SCTP PPID 51) a peer sent on its `bot` data producer.
    BotMessage {
        data_producer_id: String,
        text: String,
    },
}

/// Where a room's [`RoomEvent`]s go.
pub type RoomEventSink = mpsc::UnboundedSender<RoomEvent>;

/// A data consumer just created for a peer.
#[derive(Debug, Clone)]
pub struct DataConsumerInfo {
    pub id: String,
    pub sctp_stream_parameters: SctpStreamParameters,
    pub label: String,
    pub protocol: String,
}

/// A consumer's adjustable behaviour (all answer `{}` except [`ConsumerControl::Score`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsumerControl {
    PreferredLayers {
        spatial_layer: u8,
        temporal_layer: Option<u8>,
    },
    Priority(u8),
    KeyFrame,
    /// The current `{score, producerScore, producerScores}`.
    Score,
}

/// Whose stats `get*Stats` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatsOf {
    Transport(String),
    Producer(String),
    Consumer(String),
    DataProducer(String),
    DataConsumer(String),
}

/// Commands only this module executes.
pub(super) enum ProtoCommand {
    SetUpRoom {
        router: RouterKey,
        events: RoomEventSink,
        reply: Reply<String>,
    },
    WatchProducer {
        router: RouterKey,
        id: String,
        events: EventSink,
        reply: Reply<()>,
    },
    ConsumerControl {
        id: String,
        control: ConsumerControl,
        reply: Reply<Value>,
    },
    ProduceData {
        transport_id: String,
        sctp_stream_parameters: SctpStreamParameters,
        label: String,
        protocol: String,
        reply: Reply<String>,
    },
    ConsumeData {
        transport_id: String,
        data_producer_id: String,
        events: EventSink,
        reply: Reply<DataConsumerInfo>,
    },
    CloseDataConsumer {
        id: String,
        reply: Reply<()>,
    },
    BotListen {
        router: RouterKey,
        data_producer_id: String,
        reply: Reply<()>,
    },
    BotSend {
        router: RouterKey,
        text: String,
        reply: Reply<()>,
    },
    Stats {
        of: StatsOf,
        reply: Reply<Vec<Value>>,
    },
    /// mediasoup closed a data producer/consumer by itself: drop our handle.
    ForgetDataProducer(String),
    ForgetDataConsumer(String),
    /// Runs test code on the SFU thread, with its state.
    #[cfg(test)]
    Test(tests::TestFn),
}

pub(super) struct RoomExtras {
    observer: AudioLevelObserver,
    bot_transport: DirectTransport,
    bot_producer: DataProducer,
    /// Where the bot's listeners report.
    events: RoomEventSink,
    /// The server's consumers of the peers' `bot` data producers, by data producer id.
    bot_listeners: HashMap<String, DataConsumer>,
}

pub(super) struct DataProducerEntry {
    data_producer: DataProducer,
    transport_id: String,
}

pub(super) struct DataConsumerEntry {
    data_consumer: DataConsumer,
    transport_id: String,
}

/// This module's part of the SFU state.
#[derive(Default)]
pub(super) struct ProtoState {
    rooms: HashMap<RouterKey, RoomExtras>,
    data_producers: HashMap<String, DataProducerEntry>,
    data_consumers: HashMap<String, DataConsumerEntry>,
}

/// Handles that must be dropped (closing their mediasoup objects) after the state borrow ends.
pub(super) type Dropped = (Vec<DataConsumerEntry>, Vec<DataProducerEntry>);

impl ProtoState {
    /// Takes out the data producers and consumers of a transport being closed
    /// (each holds a clone of it, so they go first).
    pub(super) fn take_children(&mut self, transport_id: &str) -> Dropped {
        let consumers: Vec<String> = self
            .data_consumers
            .iter()
            .filter(|(_, c)| c.transport_id == transport_id)
            .map(|(k, _)| k.clone())
            .collect();
        let producers: Vec<String> = self
            .data_producers
            .iter()
            .filter(|(_, p)| p.transport_id == transport_id)
            .map(|(k, _)| k.clone())
            .collect();
        (
            consumers
                .iter()
                .filter_map(|k| self.data_consumers.remove(k))
                .collect(),
            producers
                .iter()
                .filter_map(|k| self.data_producers.remove(k))
                .collect(),
        )
    }

    /// Takes out a room's observer and bot (the router is closing).
    pub(super) fn take_room(&mut self, router: RouterKey) -> Option<RoomExtras> {
        self.rooms.remove(&router)
    }

    /// Takes out everything (the SFU is closing all rooms).
    pub(super) fn take_all(&mut self) -> ProtoState {
        std::mem::take(self)
    }
}

impl Sfu {
    async fn proto<T>(&self, make: impl FnOnce(Reply<T>) -> ProtoCommand) -> Result<T, SfuError> {
        self.call(|reply| Command::Proto(make(reply))).await
    }

    /// Creates a room's AudioLevelObserver and bot (idempotent); returns the
    /// bot's data producer id. The room's events go to `events`.
    pub async fn set_up_room(
        &self,
        router: RouterKey,
        events: RoomEventSink,
    ) -> Result<String, SfuError> {
        self.proto(|reply| ProtoCommand::SetUpRoom {
            router,
            events,
            reply,
        })
        .await
    }

    /// Reports a producer's scores to `events`; audio producers also join the
    /// room's AudioLevelObserver.
    pub async fn watch_producer(
        &self,
        router: RouterKey,
        id: String,
        events: EventSink,
    ) -> Result<(), SfuError> {
        self.proto(|reply| ProtoCommand::WatchProducer {
            router,
            id,
            events,
            reply,
        })
        .await
    }

    /// Adjusts a consumer; [`ConsumerControl::Score`] answers its score, the others `{}`.
    pub async fn consumer_control(
        &self,
        id: String,
        control: ConsumerControl,
    ) -> Result<Value, SfuError> {
        self.proto(|reply| ProtoCommand::ConsumerControl { id, control, reply })
            .await
    }

    /// Creates an SCTP data producer on a WebRTC transport; returns its id.
    pub async fn produce_data(
        &self,
        transport_id: String,
        sctp_stream_parameters: SctpStreamParameters,
        label: String,
        protocol: String,
    ) -> Result<String, SfuError> {
        self.proto(|reply| ProtoCommand::ProduceData {
            transport_id,
            sctp_stream_parameters,
            label,
            protocol,
            reply,
        })
        .await
    }

    /// Creates an SCTP data consumer of a peer's or the bot's data producer.
    pub async fn consume_data(
        &self,
        transport_id: String,
        data_producer_id: String,
        events: EventSink,
    ) -> Result<DataConsumerInfo, SfuError> {
        self.proto(|reply| ProtoCommand::ConsumeData {
            transport_id,
            data_producer_id,
            events,
            reply,
        })
        .await
    }

    pub async fn close_data_consumer(&self, id: String) -> Result<(), SfuError> {
        self.proto(|reply| ProtoCommand::CloseDataConsumer { id, reply })
            .await
    }

    /// The room's bot consumes a peer's `bot` data producer: each text message
    /// becomes a [`RoomEvent::BotMessage`].
    pub async fn bot_listen(
        &self,
        router: RouterKey,
        data_producer_id: String,
    ) -> Result<(), SfuError> {
        self.proto(|reply| ProtoCommand::BotListen {
            router,
            data_producer_id,
            reply,
        })
        .await
    }

    /// Sends a text message through the room's bot data producer (to every peer).
    pub async fn bot_send(&self, router: RouterKey, text: String) -> Result<(), SfuError> {
        self.proto(|reply| ProtoCommand::BotSend {
            router,
            text,
            reply,
        })
        .await
    }

    /// mediasoup's stats of one object, each with its `type`.
    pub async fn stats(&self, of: StatsOf) -> Result<Vec<Value>, SfuError> {
        self.proto(|reply| ProtoCommand::Stats { of, reply }).await
    }
}

fn spawn(work: impl std::future::Future<Output = ()> + 'static) {
    tokio::task::spawn_local(work);
}

async fn answer<T>(reply: Reply<T>, work: impl std::future::Future<Output = Result<T, SfuError>>) {
    let _ = reply.send(work.await);
}

fn send_command(weak: &mpsc::WeakUnboundedSender<Command>, command: ProtoCommand) {
    if let Some(tx) = weak.upgrade() {
        let _ = tx.send(Command::Proto(command));
    }
}

/// Runs one of this module's commands on the SFU thread.
pub(super) fn execute(state: &Shared, command: ProtoCommand) {
    match command {
        ProtoCommand::SetUpRoom {
            router,
            events,
            reply,
        } => spawn(answer(reply, set_up_room(state.clone(), router, events))),
        ProtoCommand::WatchProducer {
            router,
            id,
            events,
            reply,
        } => spawn(answer(
            reply,
            watch_producer(state.clone(), router, id, events),
        )),
        ProtoCommand::ConsumerControl { id, control, reply } => {
            let found = state
                .borrow()
                .consumers
                .get(&id)
                .map(|c| c.consumer.clone());
            let Some(consumer) = found else {
                let _ = reply.send(Err(not_found("consumer", &id)));
                return;
            };
            spawn(answer(reply, async move {
                match control {
                    ConsumerControl::PreferredLayers {
                        spatial_layer,
                        temporal_layer,
                    } => consumer
                        .set_preferred_layers(mediasoup::consumer::ConsumerLayers {
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
                        return to_value("consumer score", &consumer.score());
                    }
                }
                Ok(Value::Object(Default::default()))
            }))
        }
        ProtoCommand::ProduceData {
            transport_id,
            sctp_stream_parameters,
            label,
            protocol,
            reply,
        } => spawn(answer(
            reply,
            produce_data(
                state.clone(),
                transport_id,
                sctp_stream_parameters,
                label,
                protocol,
            ),
        )),
        ProtoCommand::ConsumeData {
            transport_id,
            data_producer_id,
            events,
            reply,
        } => spawn(answer(
            reply,
            consume_data(state.clone(), transport_id, data_producer_id, events),
        )),
        ProtoCommand::CloseDataConsumer { id, reply } => {
            let removed = state.borrow_mut().proto.data_consumers.remove(&id);
            let _ = reply.send(match removed {
                Some(entry) => {
                    drop(entry);
                    Ok(())
                }
                None => Err(not_found("dataConsumer", &id)),
            });
        }
        ProtoCommand::BotListen {
            router,
            data_producer_id,
            reply,
        } => spawn(answer(
            reply,
            bot_listen(state.clone(), router, data_producer_id),
        )),
        ProtoCommand::BotSend {
            router,
            text,
            reply,
        } => {
            let found = state
                .borrow()
                .proto
                .rooms
                .get(&router)
                .map(|r| r.bot_producer.clone());
            let Some(producer) = found else {
                let _ = reply.send(Err(SfuError::NotFound("the room's bot is gone".into())));
                return;
            };
            let sent = match producer {
                DataProducer::Direct(direct) => direct
                    .send(WebRtcMessage::String(text.into_bytes().into()), None, None)
                    .map_err(|e| internal("bot send", e)),
                _ => Err(SfuError::Internal(
                    "the bot data producer is not direct".into(),
                )),
            };
            let _ = reply.send(sent);
        }
        ProtoCommand::Stats { of, reply } => spawn(answer(reply, stats(state.clone(), of))),
        ProtoCommand::ForgetDataProducer(id) => {
            let removed = {
                let mut s = state.borrow_mut();
                let removed = s.proto.data_producers.remove(&id);
                let listener = s
                    .proto
                    .rooms
                    .values_mut()
                    .find_map(|r| r.bot_listeners.remove(&id));
                (removed, listener)
            };
            drop(removed);
        }
        ProtoCommand::ForgetDataConsumer(id) => {
            let removed = state.borrow_mut().proto.data_consumers.remove(&id);
            drop(removed);
        }
        #[cfg(test)]
        ProtoCommand::Test(f) => spawn(f(state.clone())),
    }
}

fn to_value<T: Serialize>(what: &str, value: &T) -> Result<Value, SfuError> {
    serde_json::to_value(value)
        .map_err(|e| SfuError::Internal(format!("cannot encode mediasoup's {what}: {e}")))
}

/// The reference server's AudioLevelObserver settings.
fn observer_options() -> AudioLevelObserverOptions {
    let mut options = AudioLevelObserverOptions::default();
    options.max_entries = NonZeroU16::MIN;
    options.threshold = -80;
    options.interval = 800;
    options
}

async fn set_up_room(
    state: Shared,
    key: RouterKey,
    events: RoomEventSink,
) -> Result<String, SfuError> {
    let router = {
        let s = state.borrow();
        if let Some(extras) = s.proto.rooms.get(&key) {
            return Ok(extras.bot_producer.id().to_string());
        }
        s.routers
            .get(&key)
            .cloned()
            .ok_or_else(|| SfuError::NotFound("the room's router is closed".into()))?
    };
    let observer = router
        .create_audio_level_observer(observer_options())
        .await
        .map_err(|e| internal("createAudioLevelObserver", e))?;
    {
        let events = events.clone();
        observer
            .on_volumes(move |volumes| {
                if let Some(loudest) = volumes.first() {
                    let _ = events.send(RoomEvent::ActiveSpeaker {
                        producer_id: loudest.producer.id().to_string(),
                        volume: loudest.volume,
                    });
                }
            })
            .detach();
    }
    {
        let events = events.clone();
        observer
            .on_silence(move || {
                let _ = events.send(RoomEvent::Silence);
            })
            .detach();
    }
    let bot_transport = router
        .create_direct_transport(DirectTransportOptions::default())
        .await
        .map_err(|e| internal("createDirectTransport", e))?;
    let mut options = DataProducerOptions::new_direct();
    options.label = BOT_LABEL.to_owned();
    let bot_producer = bot_transport
        .produce_data(options)
        .await
        .map_err(|e| internal("bot produceData", e))?;
    let id = bot_producer.id().to_string();
    let mut s = state.borrow_mut();
    if !s.routers.contains_key(&key) {
        return Err(SfuError::NotFound("the room's router is closed".into()));
    }
    if let Some(existing) = s.proto.rooms.get(&key) {
        // Set up twice at once: keep the first.
        return Ok(existing.bot_producer.id().to_string());
    }
    s.proto.rooms.insert(
        key,
        RoomExtras {
            observer,
            bot_transport,
            bot_producer,
            events,
            bot_listeners: HashMap::new(),
        },
    );
    Ok(id)
}

async fn watch_producer(
    state: Shared,
    key: RouterKey,
    id: String,
    events: EventSink,
) -> Result<(), SfuError> {
    let (producer, observer) = {
        let s = state.borrow();
        let producer = s
            .producers
            .get(&id)
            .map(|p| p.producer.clone())
            .ok_or_else(|| not_found("producer", &id))?;
        let observer = s.proto.rooms.get(&key).map(|r| r.observer.clone());
        (producer, observer)
    };
    {
        let id = id.clone();
        producer
            .on_score(move |scores| {
                match from_ms::<_, Vec<ProducerScore>>("producer score", &scores) {
                    Ok(score) => {
                        let _ = events.send(SfuEvent::ProducerScore {
                            producer_id: id.clone(),
                            score,
                        });
                    }
                    Err(e) => tracing::debug!("{e}"),
                }
            })
            .detach();
    }
    let kind: MediaKind = from_ms("kind", &producer.kind())?;
    if kind == MediaKind::Audio {
        if let Some(observer) = observer {
            observer
                .add_producer(RtpObserverAddProducerOptions::new(producer.id()))
                .await
                .map_err(|e| internal("audioLevelObserver.addProducer", e))?;
        }
    }
    Ok(())
}

fn produce_data_error(e: ProduceDataError) -> SfuError {
    match e {
        ProduceDataError::Request(e) => request_error("produceData", e),
        other => SfuError::BadRequest(format!("produceData: {other}")),
    }
}

async fn produce_data(
    state: Shared,
    transport_id: String,
    sctp_stream_parameters: SctpStreamParameters,
    label: String,
    protocol: String,
) -> Result<String, SfuError> {
    let (transport, weak) = {
        let s = state.borrow();
        let transport = s
            .transports
            .get(&transport_id)
            .map(|t| t.transport.clone())
            .ok_or_else(|| not_found("transport", &transport_id))?;
        (transport, s.commands.clone())
    };
    if transport.sctp_parameters().is_none() {
        return Err(SfuError::BadRequest(format!(
            "transport with id \"{transport_id}\" has no SCTP (create it with sctpCapabilities)"
        )));
    }
    let params = to_ms("sctpStreamParameters", &sctp_stream_parameters)?;
    let mut options = DataProducerOptions::new_sctp(params);
    options.label = label;
    options.protocol = protocol;
    let data_producer = transport
        .produce_data(options)
        .await
        .map_err(produce_data_error)?;
    let id = data_producer.id().to_string();
    {
        let (id, weak) = (id.clone(), weak.clone());
        data_producer
            .on_transport_close(move || send_command(&weak, ProtoCommand::ForgetDataProducer(id)))
            .detach();
    }
    let mut s = state.borrow_mut();
    if !s.transports.contains_key(&transport_id) {
        return Err(not_found("transport", &transport_id));
    }
    s.proto.data_producers.insert(
        id.clone(),
        DataProducerEntry {
            data_producer,
            transport_id,
        },
    );
    Ok(id)
}

async fn consume_data(
    state: Shared,
    transport_id: String,
    data_producer_id: String,
    events: EventSink,
) -> Result<DataConsumerInfo, SfuError> {
    let (transport, producer_id, weak) = {
        let s = state.borrow();
        let transport = s
            .transports
            .get(&transport_id)
            .map(|t| t.transport.clone())
            .ok_or_else(|| not_found("transport", &transport_id))?;
        let producer_id = s
            .proto
            .data_producers
            .get(&data_producer_id)
            .map(|p| p.data_producer.id())
            .or_else(|| {
                s.proto
                    .rooms
                    .values()
                    .map(|r| &r.bot_producer)
                    .find(|p| p.id().to_string() == data_producer_id)
                    .map(|p| p.id())
            })
            .ok_or_else(|| not_found("dataProducer", &data_producer_id))?;
        (transport, producer_id, s.commands.clone())
    };
    if transport.sctp_parameters().is_none() {
        return Err(SfuError::BadRequest(format!(
            "transport with id \"{transport_id}\" has no SCTP"
        )));
    }
    let data_consumer = transport
        .consume_data(DataConsumerOptions::new_sctp(producer_id))
        .await
        .map_err(|e| match e {
            ConsumeDataError::Request(e) => request_error("consumeData", e),
            other => SfuError::BadRequest(format!("consumeData: {other}")),
        })?;
    let id = data_consumer.id().to_string();
    {
        let (id, weak) = (id.clone(), weak.clone());
        data_consumer
            .on_data_producer_close(move || {
                let _ = events.send(SfuEvent::DataConsumerClosed {
                    data_consumer_id: id.clone(),
                });
                send_command(&weak, ProtoCommand::ForgetDataConsumer(id));
            })
            .detach();
    }
    {
        let (id, weak) = (id.clone(), weak.clone());
        data_consumer
            .on_transport_close(move || send_command(&weak, ProtoCommand::ForgetDataConsumer(id)))
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
        return Err(not_found("transport", &transport_id));
    }
    s.proto.data_consumers.insert(
        id,
        DataConsumerEntry {
            data_consumer,
            transport_id,
        },
    );
    Ok(info)
}

async fn bot_listen(
    state: Shared,
    key: RouterKey,
    data_producer_id: String,
) -> Result<(), SfuError> {
    let (bot_transport, producer_id, events, weak) = {
        let s = state.borrow();
        let room = s
            .proto
            .rooms
            .get(&key)
            .ok_or_else(|| SfuError::NotFound("the room's bot is gone".into()))?;
        let producer_id = s
            .proto
            .data_producers
            .get(&data_producer_id)
            .map(|p| p.data_producer.id())
            .ok_or_else(|| not_found("dataProducer", &data_producer_id))?;
        (
            room.bot_transport.clone(),
            producer_id,
            room.events.clone(),
            s.commands.clone(),
        )
    };
    let listener = bot_transport
        .consume_data(DataConsumerOptions::new_direct(producer_id, None))
        .await
        .map_err(|e| internal("bot consumeData", e))?;
    {
        let id = data_producer_id.clone();
        listener
            .on_message(move |message| match message {
                WebRtcMessage::String(bytes) => {
                    // PPID 51 says UTF-8, but a peer can send anything: decode lossily.
                    let _ = events.send(RoomEvent::BotMessage {
                        data_producer_id: id.clone(),
                        text: String::from_utf8_lossy(bytes).into_owned(),
                    });
                }
                WebRtcMessage::EmptyString => {
                    let _ = events.send(RoomEvent::BotMessage {
                        data_producer_id: id.clone(),
                        text: String::new(),
                    });
                }
                _ => tracing::debug!("the bot ignores a binary message"),
            })
            .detach();
    }
    {
        let id = data_producer_id.clone();
        listener
            .on_data_producer_close(move || {
                send_command(&weak, ProtoCommand::ForgetDataProducer(id))
            })
            .detach();
    }
    let mut s = state.borrow_mut();
    if !s.proto.data_producers.contains_key(&data_producer_id) {
        return Err(not_found("dataProducer", &data_producer_id));
    }
    match s.proto.rooms.get_mut(&key) {
        Some(room) => {
            room.bot_listeners.insert(data_producer_id, listener);
            Ok(())
        }
        None => Err(SfuError::NotFound("the room's bot is gone".into())),
    }
}

/// Adds mediasoup's `type` to each stats object (mediasoup-rust 0.8.5 drops it).
fn typed_stats<T: Serialize>(
    what: &str,
    stats: &T,
    types: &[&str],
) -> Result<Vec<Value>, SfuError> {
    let value = to_value(what, stats)?;
    let Value::Array(mut list) = value else {
        return Err(SfuError::Internal(format!(
            "mediasoup's {what} is not an array"
        )));
    };
    for (i, item) in list.iter_mut().enumerate() {
        if let (Some(obj), Some(t)) = (item.as_object_mut(), types.get(i).or(types.last())) {
            obj.entry("type").or_insert_with(|| Value::from(*t));
        }
    }
    Ok(list)
}

async fn stats(state: Shared, of: StatsOf) -> Result<Vec<Value>, SfuError> {
    match of {
        StatsOf::Transport(id) => {
            let transport = super::ops::transport(&state, &id)?;
            let stats = transport
                .get_stats()
                .await
                .map_err(|e| internal("getTransportStats", e))?;
            typed_stats("transport stats", &stats, &["webrtc-transport"])
        }
        StatsOf::Producer(id) => {
            let found = state
                .borrow()
                .producers
                .get(&id)
                .map(|p| p.producer.clone());
            let producer = found.ok_or_else(|| not_found("producer", &id))?;
            let stats = producer
                .get_stats()
                .await
                .map_err(|e| internal("getProducerStats", e))?;
            typed_stats("producer stats", &stats, &["inbound-rtp"])
        }
        StatsOf::Consumer(id) => {
            let found = state
                .borrow()
                .consumers
                .get(&id)
                .map(|c| c.consumer.clone());
            let consumer = found.ok_or_else(|| not_found("consumer", &id))?;
            let stats = consumer
                .get_stats()
                .await
                .map_err(|e| internal("getConsumerStats", e))?;
            typed_stats("consumer stats", &stats, &["outbound-rtp", "inbound-rtp"])
        }
        StatsOf::DataProducer(id) => {
            let found = state
                .borrow()
                .proto
                .data_producers
                .get(&id)
                .map(|p| p.data_producer.clone());
            let producer = found.ok_or_else(|| not_found("dataProducer", &id))?;
            let stats = producer
                .get_stats()
                .await
                .map_err(|e| internal("getDataProducerStats", e))?;
            typed_stats("data producer stats", &stats, &["data-producer"])
        }
        StatsOf::DataConsumer(id) => {
            let found = state
                .borrow()
                .proto
                .data_consumers
                .get(&id)
                .map(|c| c.data_consumer.clone());
            let consumer = found.ok_or_else(|| not_found("dataConsumer", &id))?;
            let stats = consumer
                .get_stats()
                .await
                .map_err(|e| internal("getDataConsumerStats", e))?;
            typed_stats("data consumer stats", &stats, &["data-consumer"])
        }
    }
}

/// `consumerLayersChanged` data from mediasoup's layers.
pub(super) fn layers_changed(
    consumer_id: &str,
    layers: &Option<mediasoup::consumer::ConsumerLayers>,
) -> ConsumerLayersChangedData {
    ConsumerLayersChangedData {
        consumer_id: consumer_id.to_owned(),
        spatial_layer: layers.as_ref().map(|l| l.spatial_layer),
        temporal_layer: layers.as_ref().and_then(|l| l.temporal_layer),
    }
}

#[cfg(test)]
mod tests {
    //! The bot's loop with a real mediasoup worker, without SCTP: a stand-in
    //! peer produces `bot` messages on a DirectTransport (instead of a browser's
    //! DataChannel) and reads the bot's data producer on another one.

    use std::future::Future;
    use std::net::{IpAddr, Ipv4Addr};
    use std::pin::Pin;
    use std::time::Duration;

    use super::*;
    use crate::sfu::SfuSettings;

    pub(in crate::sfu) type TestFn =
        Box<dyn FnOnce(Shared) -> Pin<Box<dyn Future<Output = ()>>> + Send>;

    async fn on_sfu_thread<T: Send + 'static>(
        sfu: &Sfu,
        f: impl FnOnce(Shared) -> Pin<Box<dyn Future<Output = T>>> + Send + 'static,
    ) -> T {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let run: TestFn = Box::new(move |state| {
            Box::pin(async move {
                let _ = tx.send(f(state).await);
            })
        });
        sfu.proto(|reply| {
            let _ = reply.send(Ok(()));
            ProtoCommand::Test(run)
        })
        .await
        .expect("test command");
        tokio::time::timeout(Duration::from_secs(10), rx)
            .await
            .expect("test code finished")
            .expect("test code answered")
    }

    #[tokio::test]
    async fn the_bot_reads_bot_channels_and_answers_everyone() {
        let sfu = Sfu::start(SfuSettings {
            workers: 1,
            worker_log: crate::sfu::WorkerLog::Error,
            rtc_listen_ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            announced_ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            rtc_mode: crate::sfu::RtcMode::WebRtcServer,
            rtc_port: 45300,
            rtc_min_port: 45000,
            rtc_max_port: 45099,
        })
        .await
        .expect("SFU");
        let key: RouterKey = 7;
        sfu.create_router(key).await.expect("router");
        let (room_tx, mut room_rx) = mpsc::unbounded_channel();
        let bot_id = sfu.set_up_room(key, room_tx.clone()).await.expect("bot");
        // Idempotent: the same bot again.
        assert_eq!(sfu.set_up_room(key, room_tx).await.as_ref(), Ok(&bot_id));

        // A stand-in peer: a `bot` data producer, and a reader of the bot's producer.
        let (heard_tx, mut heard_rx) = mpsc::unbounded_channel::<String>();
        let bot = bot_id.clone();
        let peer_producer = on_sfu_thread(&sfu, move |state| {
            Box::pin(async move {
                let (router, bot_producer) = {
                    let s = state.borrow();
                    let extras = s.proto.rooms.get(&key).expect("room extras");
                    (
                        s.routers.get(&key).cloned().expect("router"),
                        extras.bot_producer.id(),
                    )
                };
                assert_eq!(bot_producer.to_string(), bot);
                let transport = router
                    .create_direct_transport(DirectTransportOptions::default())
                    .await
                    .expect("peer transport");
                let mut options = DataProducerOptions::new_direct();
                options.label = BOT_LABEL.to_owned();
                let producer = transport.produce_data(options).await.expect("produce");
                let reader = transport
                    .consume_data(DataConsumerOptions::new_direct(bot_producer, None))
                    .await
                    .expect("consume the bot");
                reader
                    .on_message(move |m| {
                        if let WebRtcMessage::String(text) = m {
                            let _ = heard_tx.send(String::from_utf8_lossy(text).into_owned());
                        }
                    })
                    .detach();
                let id = producer.id().to_string();
                let mut s = state.borrow_mut();
                s.proto.data_producers.insert(
                    id.clone(),
                    DataProducerEntry {
                        data_producer: producer,
                        transport_id: "stand-in".into(),
                    },
                );
                s.proto.data_consumers.insert(
                    "reader".into(),
                    DataConsumerEntry {
                        data_consumer: reader,
                        transport_id: "stand-in".into(),
                    },
                );
                id
            })
        })
        .await;

        sfu.bot_listen(key, peer_producer.clone())
            .await
            .expect("bot listens");
        let unknown = sfu.bot_listen(key, "nope".into()).await.unwrap_err();
        assert!(unknown.to_string().contains("nope"), "{unknown}");

        // The peer says something; the room hears it from the bot's listener.
        let id = peer_producer.clone();
        on_sfu_thread(&sfu, move |state| {
            Box::pin(async move {
                let producer = state
                    .borrow()
                    .proto
                    .data_producers
                    .get(&id)
                    .map(|p| p.data_producer.clone())
                    .expect("peer producer");
                let DataProducer::Direct(direct) = producer else {
                    panic!("not direct")
                };
                direct
                    .send(
                        WebRtcMessage::String(b"hello bot".to_vec().into()),
                        None,
                        None,
                    )
                    .expect("send");
            })
        })
        .await;
        let event = tokio::time::timeout(Duration::from_secs(5), room_rx.recv())
            .await
            .expect("a room event")
            .expect("room events open");
        assert_eq!(
            event,
            RoomEvent::BotMessage {
                data_producer_id: peer_producer,
                text: "hello bot".into(),
            }
        );

        // The answer goes out on the bot's data producer, to every reader.
        let reply = crate::room::bot_reply("Alice", "hello bot");
        sfu.bot_send(key, reply.clone()).await.expect("bot send");
        let heard = tokio::time::timeout(Duration::from_secs(5), heard_rx.recv())
            .await
            .expect("the bot's answer")
            .expect("reader open");
        assert_eq!(heard, "Alice said me: \"hello bot\"");

        // Closing the room's router takes the bot with it.
        sfu.close_router(key).await.expect("close");
        let gone = sfu.bot_send(key, "x".into()).await.unwrap_err();
        assert!(gone.to_string().contains("bot"), "{gone}");
    }

    /// One Opus RTP packet with the ssrc-audio-level header extension (id 1).
    fn audio_packet(seq: u16, level: u8) -> Vec<u8> {
        let mut p = vec![0x90, 100];
        p.extend_from_slice(&seq.to_be_bytes());
        p.extend_from_slice(&(u32::from(seq) * 960).to_be_bytes());
        p.extend_from_slice(&1111_u32.to_be_bytes());
        // One-byte header extension block: id 1, one byte (V flag + level), padding.
        p.extend_from_slice(&[0xBE, 0xDE, 0x00, 0x01, 0x10, 0x80 | level, 0x00, 0x00]);
        p.extend_from_slice(&[0xF8, 0xFF, 0xFE]);
        p
    }

    #[tokio::test]
    async fn audio_producers_feed_the_active_speaker_observer() {
        let sfu = Sfu::start(SfuSettings {
            workers: 1,
            worker_log: crate::sfu::WorkerLog::Error,
            rtc_listen_ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            announced_ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            rtc_mode: crate::sfu::RtcMode::PortRange,
            rtc_port: 45301,
            rtc_min_port: 45100,
            rtc_max_port: 45199,
        })
        .await
        .expect("SFU");
        let key: RouterKey = 8;
        sfu.create_router(key).await.expect("router");
        let (room_tx, mut room_rx) = mpsc::unbounded_channel();
        sfu.set_up_room(key, room_tx).await.expect("room");

        // An audio producer on a DirectTransport stands in for a browser's microphone.
        let producer_id = on_sfu_thread(&sfu, move |state| {
            Box::pin(async move {
                let router = state.borrow().routers.get(&key).cloned().expect("router");
                let transport = router
                    .create_direct_transport(DirectTransportOptions::default())
                    .await
                    .expect("transport");
                let params = serde_json::from_value(serde_json::json!({
                    "codecs": [{"mimeType": "audio/opus", "payloadType": 100,
                                "clockRate": 48000, "channels": 2,
                                "parameters": {}, "rtcpFeedback": []}],
                    "headerExtensions": [
                        {"uri": "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "id": 1, "encrypt": false, "parameters": {}}
                    ],
                    "encodings": [{"ssrc": 1111}],
                    "rtcp": {"cname": "standin", "reducedSize": true}
                }))
                .expect("rtp parameters");
                let producer = transport
                    .produce(mediasoup::producer::ProducerOptions::new(
                        mediasoup::rtp_parameters::MediaKind::Audio,
                        params,
                    ))
                    .await
                    .expect("produce");
                let id = producer.id().to_string();
                state.borrow_mut().producers.insert(
                    id.clone(),
                    crate::sfu::actor::ProducerEntry {
                        producer,
                        transport_id: "stand-in".into(),
                    },
                );
                id
            })
        })
        .await;
        let (events, mut scores) = mpsc::unbounded_channel();
        sfu.watch_producer(key, producer_id.clone(), events)
            .await
            .expect("watch");

        // Speak at -30 dBov for 2 s: the observer names this producer.
        let producer_id_for_scores = producer_id.clone();
        let id = producer_id.clone();
        on_sfu_thread(&sfu, move |state| {
            Box::pin(async move {
                let producer = state
                    .borrow()
                    .producers
                    .get(&id)
                    .map(|p| p.producer.clone())
                    .expect("producer");
                let mediasoup::producer::Producer::Direct(direct) = producer else {
                    panic!("not direct")
                };
                for seq in 0..100_u16 {
                    direct.send(audio_packet(seq, 30)).expect("send rtp");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        })
        .await;
        let mut spoke = None;
        while let Ok(Some(event)) =
            tokio::time::timeout(Duration::from_millis(100), room_rx.recv()).await
        {
            if let RoomEvent::ActiveSpeaker { .. } = event {
                spoke = Some(event);
            }
        }
        assert_eq!(
            spoke,
            Some(RoomEvent::ActiveSpeaker {
                producer_id,
                volume: -30
            })
        );
        // Then quiet: silence.
        let quiet = tokio::time::timeout(Duration::from_secs(3), async {
            loop {
                match room_rx.recv().await {
                    Some(RoomEvent::Silence) | None => return,
                    Some(_) => {}
                }
            }
        })
        .await;
        assert!(quiet.is_ok(), "no silence after the speaker stopped");
        // The producer's score was reported to its owner meanwhile.
        let mut scored = Vec::new();
        while let Ok(event) = scores.try_recv() {
            if let SfuEvent::ProducerScore {
                producer_id: p,
                score,
            } = event
            {
                scored.push((p, score));
            }
        }
        let (p, score) = scored.last().expect("a producerScore");
        assert_eq!(p, &producer_id_for_scores);
        assert_eq!(score.first().map(|s| s.ssrc), Some(1111), "{score:?}");
    }
}
