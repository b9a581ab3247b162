//! A room on this worker: its router, and its AudioLevelObserver and bot.
//!
//! The observer has the reference server's settings (maxEntries 1, threshold
//! -80 dBov, interval 800 ms). The bot is a DirectTransport with a data
//! producer labelled `bot` that every peer consumes; the server consumes the
//! peers' `bot` data producers on the same transport. What they report goes to
//! the server as room events.

use std::collections::HashMap;
use std::num::NonZeroU16;

use mediasoup::audio_level_observer::{AudioLevelObserver, AudioLevelObserverOptions};
use mediasoup::data_consumer::{DataConsumer, DataConsumerOptions};
use mediasoup::data_producer::{DataProducer, DataProducerOptions};
use mediasoup::data_structures::WebRtcMessage;
use mediasoup::prelude::{DirectTransport, DirectTransportOptions, RouterOptions, Transport};
use stunroom_shared::ids::{DataProducerId, ProducerId};
use stunroom_shared::media::RtpCapabilities;
use stunroom_shared::messages::BOT_LABEL;

use super::state::{Forget, State};
use super::{forget, Shared};
use crate::sfu::convert::from_ms;
use crate::sfu::{codecs, Entity, RoomEvent, RouterKey, SfuError};

/// A router and, once set up, its observer and bot.
pub(in crate::sfu) struct RoomEntry {
    pub router: mediasoup::router::Router,
    pub extras: Option<RoomExtras>,
}

pub(in crate::sfu) struct RoomExtras {
    pub observer: AudioLevelObserver,
    pub bot_transport: DirectTransport,
    pub bot_producer: DataProducer,
    /// The bot's consumers of the peers' `bot` data producers.
    pub bot_listeners: HashMap<DataProducerId, DataConsumer>,
}

pub(super) async fn create_router(
    state: &Shared,
    key: RouterKey,
) -> Result<RtpCapabilities, SfuError> {
    let worker = {
        let s = state.borrow();
        if let Some(room) = s.rooms.get(&key) {
            return from_ms("rtpCapabilities", room.router.rtp_capabilities());
        }
        s.worker.clone()
    };
    let router = worker
        .create_router(RouterOptions::new(codecs::media_codecs()))
        .await
        .map_err(|e| SfuError::internal("createRouter", e))?;
    let caps = from_ms("rtpCapabilities", router.rtp_capabilities())?;
    state.borrow_mut().rooms.entry(key).or_insert(RoomEntry {
        router,
        extras: None,
    });
    Ok(caps)
}

pub(super) fn close_router(state: &Shared, key: RouterKey) -> Result<(), SfuError> {
    let closed = state.borrow_mut().take_room(key);
    drop(closed);
    Ok(())
}

/// The reference server's AudioLevelObserver settings.
fn observer_options() -> AudioLevelObserverOptions {
    let mut options = AudioLevelObserverOptions::default();
    options.max_entries = NonZeroU16::MIN;
    options.threshold = -80;
    options.interval = 800;
    options
}

/// Creates the room's observer and bot (idempotent); returns the bot's data producer.
pub(super) async fn set_up_room(
    state: &Shared,
    key: RouterKey,
) -> Result<DataProducerId, SfuError> {
    let (router, out) = {
        let s = state.borrow();
        if let Some(extras) = s.rooms.get(&key).and_then(|r| r.extras.as_ref()) {
            return Ok(DataProducerId::new(extras.bot_producer.id().to_string()));
        }
        (s.router(key)?, s.out.clone())
    };
    let observer = router
        .create_audio_level_observer(observer_options())
        .await
        .map_err(|e| SfuError::internal("createAudioLevelObserver", e))?;
    {
        let out = out.clone();
        observer
            .on_volumes(move |volumes| {
                if let Some(loudest) = volumes.first() {
                    out.room(
                        key,
                        RoomEvent::ActiveSpeaker {
                            producer_id: ProducerId::new(loudest.producer.id().to_string()),
                            volume: loudest.volume,
                        },
                    );
                }
            })
            .detach();
    }
    {
        let out = out.clone();
        observer
            .on_silence(move || out.room(key, RoomEvent::Silence))
            .detach();
    }
    let bot_transport = router
        .create_direct_transport(DirectTransportOptions::default())
        .await
        .map_err(|e| SfuError::internal("createDirectTransport", e))?;
    let mut options = DataProducerOptions::new_direct();
    options.label = BOT_LABEL.to_owned();
    let bot_producer = bot_transport
        .produce_data(options)
        .await
        .map_err(|e| SfuError::internal("bot produceData", e))?;
    let mut s = state.borrow_mut();
    let room = s
        .rooms
        .get_mut(&key)
        .ok_or_else(|| SfuError::not_found(Entity::Router, key))?;
    // Set up twice at once: keep the first.
    let extras = room.extras.get_or_insert(RoomExtras {
        observer,
        bot_transport,
        bot_producer,
        bot_listeners: HashMap::new(),
    });
    Ok(DataProducerId::new(extras.bot_producer.id().to_string()))
}

/// A room's observer and bot (set up once its router exists).
fn room_extras(s: &State, key: RouterKey) -> Result<&RoomExtras, SfuError> {
    s.rooms
        .get(&key)
        .and_then(|r| r.extras.as_ref())
        .ok_or_else(|| SfuError::not_found(Entity::Bot, key))
}

/// The room's bot consumes a peer's `bot` data producer: each text message
/// becomes a [`RoomEvent::BotMessage`].
pub(super) async fn bot_listen(
    state: &Shared,
    key: RouterKey,
    data_producer: DataProducerId,
) -> Result<(), SfuError> {
    let (bot_transport, producer_id, out, tx) = {
        let s = state.borrow();
        let extras = room_extras(&s, key)?;
        let producer_id = s
            .data_producers
            .get(&data_producer)
            .map(|p| p.data_producer.id())
            .ok_or_else(|| SfuError::not_found(Entity::DataProducer, &data_producer))?;
        (
            extras.bot_transport.clone(),
            producer_id,
            s.out.clone(),
            s.forget.clone(),
        )
    };
    let listener = bot_transport
        .consume_data(DataConsumerOptions::new_direct(producer_id, None))
        .await
        .map_err(|e| SfuError::internal("bot consumeData", e))?;
    {
        let id = data_producer.clone();
        listener
            .on_message(move |message| {
                let text = match message {
                    // PPID 51 says UTF-8, but a peer can send anything: decode lossily.
                    WebRtcMessage::String(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                    WebRtcMessage::EmptyString => String::new(),
                    _ => {
                        tracing::debug!("the bot ignores a binary message");
                        return;
                    }
                };
                out.room(
                    key,
                    RoomEvent::BotMessage {
                        data_producer_id: id.clone(),
                        text,
                    },
                );
            })
            .detach();
    }
    {
        let id = data_producer.clone();
        listener
            .on_data_producer_close(move || forget(&tx, Forget::DataProducer(id.clone())))
            .detach();
    }
    let mut s = state.borrow_mut();
    if !s.data_producers.contains_key(&data_producer) {
        return Err(SfuError::not_found(Entity::DataProducer, &data_producer));
    }
    let extras = s
        .rooms
        .get_mut(&key)
        .and_then(|r| r.extras.as_mut())
        .ok_or_else(|| SfuError::not_found(Entity::Bot, key))?;
    extras.bot_listeners.insert(data_producer, listener);
    Ok(())
}

/// Sends a text message through the room's bot data producer (to every peer).
pub(super) fn bot_send(state: &Shared, key: RouterKey, text: String) -> Result<(), SfuError> {
    let s = state.borrow();
    let extras = room_extras(&s, key)?;
    match &extras.bot_producer {
        DataProducer::Direct(direct) => direct
            .send(WebRtcMessage::String(text.into_bytes().into()), None, None)
            .map_err(|e| SfuError::internal("bot send", e)),
        _ => Err(SfuError::Internal(
            "the bot data producer is not direct".into(),
        )),
    }
}
