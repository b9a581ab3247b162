//! The worker side without a process or a socket: a real mediasoup worker,
//! the entity functions called directly, what they tell the server read from
//! the output channel. Browsers are stood in for by DirectTransports.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use mediasoup::data_consumer::DataConsumerOptions;
use mediasoup::data_producer::{DataProducer, DataProducerOptions};
use mediasoup::data_structures::WebRtcMessage;
use mediasoup::prelude::{DirectTransportOptions, Transport as _};
use stunroom_shared::ids::{DataProducerId, ProducerId, TransportId};
use stunroom_shared::messages::BOT_LABEL;
use tokio::sync::mpsc;

use super::state::{DataProducerEntry, ProducerEntry, State};
use super::{media, room, Out, Shared};
use crate::sfu::protocol::WorkerFrame;
use crate::sfu::{RoomEvent, RouterKey, RtcMode, SfuEvent, SfuSettings, WorkerLog};

fn settings(first_port: u16) -> SfuSettings {
    SfuSettings {
        workers: 1,
        worker_log: WorkerLog::Error,
        rtc_listen_ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
        announced_ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
        rtc_mode: RtcMode::WebRtcServer,
        rtc_port: 0,
        rtc_min_port: first_port,
        rtc_max_port: first_port + 99,
        log_filter: "warn".into(),
    }
}

/// A worker's state and what it says to the server.
async fn host(first_port: u16) -> (Shared, mpsc::Receiver<WorkerFrame>) {
    let (tx, rx) = mpsc::channel(4096);
    let (state, _forget) = State::start(0, settings(first_port), Out { tx })
        .await
        .expect("worker");
    (state, rx)
}

/// The next room event from the output, within `within`.
async fn room_event(rx: &mut mpsc::Receiver<WorkerFrame>, within: Duration) -> Option<RoomEvent> {
    tokio::time::timeout(within, async {
        while let Some(frame) = rx.recv().await {
            if let WorkerFrame::Room { event, .. } = frame {
                return Some(event);
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
}

#[tokio::test(flavor = "current_thread")]
async fn the_bot_reads_bot_channels_and_answers_everyone() {
    let local = tokio::task::LocalSet::new();
    local
        .run_until(async {
            let (state, mut out) = host(45000).await;
            let key: RouterKey = 7;
            room::create_router(&state, key).await.expect("router");
            let bot = room::set_up_room(&state, key).await.expect("bot");
            // Idempotent: the same bot again.
            assert_eq!(room::set_up_room(&state, key).await.as_ref(), Ok(&bot));

            // A stand-in peer: a `bot` data producer, and a reader of the bot's producer.
            let router = state.borrow().router(key).expect("router");
            let bot_producer = state.borrow().rooms[&key]
                .extras
                .as_ref()
                .expect("extras")
                .bot_producer
                .id();
            assert_eq!(bot_producer.to_string(), bot.as_str());
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
            let (heard_tx, mut heard_rx) = mpsc::unbounded_channel::<String>();
            reader
                .on_message(move |m| {
                    if let WebRtcMessage::String(text) = m {
                        let _ = heard_tx.send(String::from_utf8_lossy(text).into_owned());
                    }
                })
                .detach();
            let peer = DataProducerId::new(producer.id().to_string());
            state.borrow_mut().data_producers.insert(
                peer.clone(),
                DataProducerEntry {
                    data_producer: producer.clone(),
                    transport: TransportId::new("stand-in"),
                },
            );

            room::bot_listen(&state, key, peer.clone())
                .await
                .expect("bot listens");
            let unknown = room::bot_listen(&state, key, DataProducerId::new("nope"))
                .await
                .unwrap_err();
            assert!(unknown.to_string().contains("nope"), "{unknown}");

            // The peer says something (not valid UTF-8 at the end: decoded lossily).
            let DataProducer::Direct(direct) = producer else {
                panic!("not direct")
            };
            let mut text = b"hello bot".to_vec();
            text.push(0xff);
            direct
                .send(WebRtcMessage::String(text.into()), None, None)
                .expect("send");
            let event = room_event(&mut out, Duration::from_secs(5)).await;
            assert_eq!(
                event,
                Some(RoomEvent::BotMessage {
                    data_producer_id: peer,
                    text: "hello bot\u{fffd}".into(),
                })
            );

            // The answer goes out on the bot's data producer, to every reader.
            let reply = crate::domain::bot_reply("Alice", "hello bot");
            room::bot_send(&state, key, reply.clone()).expect("bot send");
            let heard = tokio::time::timeout(Duration::from_secs(5), heard_rx.recv())
                .await
                .expect("the reader heard the bot")
                .expect("reader open");
            assert_eq!(heard, reply);

            // Closing the router takes the bot with it.
            room::close_router(&state, key).expect("close");
            assert!(room::bot_send(&state, key, "x".into()).is_err());
        })
        .await;
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

#[tokio::test(flavor = "current_thread")]
async fn audio_producers_feed_the_active_speaker_observer() {
    let local = tokio::task::LocalSet::new();
    local
        .run_until(async {
            let (state, mut out) = host(45100).await;
            let key: RouterKey = 8;
            room::create_router(&state, key).await.expect("router");
            room::set_up_room(&state, key).await.expect("room");

            // An audio producer on a DirectTransport stands in for a browser's microphone.
            let router = state.borrow().router(key).expect("router");
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
            let id = ProducerId::new(producer.id().to_string());
            state.borrow_mut().producers.insert(
                id.clone(),
                ProducerEntry {
                    producer: producer.clone(),
                    transport: TransportId::new("stand-in"),
                },
            );
            let sink = 42;
            media::watch_producer(&state, key, id.clone(), sink)
                .await
                .expect("watch");

            // Speak at -30 dBov for 2 s: the observer names this producer.
            let mediasoup::producer::Producer::Direct(direct) = producer else {
                panic!("not direct")
            };
            for seq in 0..100_u16 {
                direct.send(audio_packet(seq, 30)).expect("send rtp");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            let mut frames = Vec::new();
            while let Ok(frame) = out.try_recv() {
                frames.push(frame);
            }
            let spoke = frames.iter().rev().find_map(|f| match f {
                WorkerFrame::Room {
                    event: e @ RoomEvent::ActiveSpeaker { .. },
                    ..
                } => Some(e.clone()),
                _ => None,
            });
            assert_eq!(
                spoke,
                Some(RoomEvent::ActiveSpeaker {
                    producer_id: id.clone(),
                    volume: -30
                })
            );
            // The producer's score was reported to its owner's sink.
            let scored = frames.iter().rev().find_map(|f| match f {
                WorkerFrame::Event {
                    sink: s,
                    event: SfuEvent::ProducerScore { producer_id, score },
                } if *s == sink => Some((producer_id.clone(), score.clone())),
                _ => None,
            });
            let (p, score) = scored.expect("a producerScore");
            assert_eq!(p, id);
            assert_eq!(score.first().map(|s| s.ssrc), Some(1111), "{score:?}");
            // Then quiet: silence.
            let quiet = tokio::time::timeout(Duration::from_secs(3), async {
                loop {
                    match room_event(&mut out, Duration::from_secs(3)).await {
                        Some(RoomEvent::Silence) | None => return,
                        Some(_) => {}
                    }
                }
            })
            .await;
            assert!(quiet.is_ok(), "no silence after the speaker stopped");
        })
        .await;
}
