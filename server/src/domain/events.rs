//! What the SFU reports, turned into what peers see: a peer's objects'
//! events ([`Peer::on_sfu_event`]), a room's active speaker and bot
//! ([`room_events`]), and a worker process that died ([`Hub::worker_down`]).

use std::sync::Weak;

use stunroom_shared::messages::{
    ActiveSpeakerData, ConsumerIdRequest, ConsumerScoreData, DataConsumerIdRequest,
    ProducerScoreData, ServerNotification,
};
use stunroom_shared::protoo::CLOSE_NO_RECONNECT;
use tokio::sync::mpsc;

use super::peer::Peer;
use super::room::Room;
use super::Hub;
use crate::sfu::{RoomEvent, SfuEvent, WorkerDown};

/// WebSocket close code for peers whose media worker died: "service restart";
/// clients reconnect (any code but 4000), and land on a live worker.
pub const CLOSE_WORKER_DIED: u16 = 1012;

/// The bot's answer to `text` from `display_name` (the reference Bot's words).
pub fn bot_reply(display_name: &str, text: &str) -> String {
    format!("{display_name} said me: \"{text}\"")
}

impl Peer {
    /// mediasoup news about one of this peer's objects.
    pub fn on_sfu_event(&self, event: SfuEvent) {
        let Some(channel) = self
            .room
            .with_peer(&self.id, self.conn_id, |p| p.link.channel.clone())
        else {
            return;
        };
        let has = |f: &dyn Fn(&super::room::PeerEntry) -> bool| {
            self.room
                .with_peer(&self.id, self.conn_id, |p| f(p))
                .unwrap_or(false)
        };
        let notification = match event {
            SfuEvent::TransportFailed {
                transport_id,
                state,
            } => {
                if has(&|p| p.transports.contains_key(&transport_id)) {
                    tracing::warn!(peer = %self.id, transport = %transport_id, "{state}, closing the peer");
                    channel.close(CLOSE_NO_RECONNECT, &format!("transport {state}"));
                }
                return;
            }
            SfuEvent::ConsumerClosed { consumer_id } => {
                let was_known = self
                    .room
                    .with_peer(&self.id, self.conn_id, |p| p.consumers.remove(&consumer_id))
                    .unwrap_or(false);
                if !was_known {
                    return;
                }
                ServerNotification::ConsumerClosed(ConsumerIdRequest { consumer_id })
            }
            SfuEvent::ConsumerPaused { consumer_id }
                if has(&|p| p.consumers.contains(&consumer_id)) =>
            {
                ServerNotification::ConsumerPaused(ConsumerIdRequest { consumer_id })
            }
            SfuEvent::ConsumerResumed { consumer_id }
                if has(&|p| p.consumers.contains(&consumer_id)) =>
            {
                ServerNotification::ConsumerResumed(ConsumerIdRequest { consumer_id })
            }
            SfuEvent::ConsumerScore { consumer_id, score }
                if has(&|p| p.consumers.contains(&consumer_id)) =>
            {
                ServerNotification::ConsumerScore(ConsumerScoreData { consumer_id, score })
            }
            SfuEvent::ConsumerLayersChanged(layers)
                if has(&|p| p.consumers.contains(&layers.consumer_id)) =>
            {
                ServerNotification::ConsumerLayersChanged(layers)
            }
            SfuEvent::ProducerScore { producer_id, score }
                if has(&|p| p.producers.contains_key(&producer_id)) =>
            {
                ServerNotification::ProducerScore(ProducerScoreData { producer_id, score })
            }
            SfuEvent::DownlinkBwe(bwe) => ServerNotification::DownlinkBwe(bwe),
            SfuEvent::DataConsumerClosed { data_consumer_id } => {
                let was_known = self
                    .room
                    .with_peer(&self.id, self.conn_id, |p| {
                        p.data.data_consumers.remove(&data_consumer_id)
                    })
                    .unwrap_or(false);
                if !was_known {
                    return;
                }
                ServerNotification::DataConsumerClosed(DataConsumerIdRequest { data_consumer_id })
            }
            _ => return,
        };
        channel.notify(notification);
    }
}

/// Handles what the room's router reports until the room is gone.
pub(super) async fn room_events(room: Weak<Room>, mut rx: mpsc::Receiver<RoomEvent>) {
    while let Some(event) = rx.recv().await {
        let Some(room) = room.upgrade() else { return };
        let speaker = match event {
            RoomEvent::ActiveSpeaker {
                producer_id,
                volume,
            } => {
                let Some(peer_id) = room.producer_owner(&producer_id) else {
                    continue;
                };
                ActiveSpeakerData {
                    peer_id: Some(peer_id),
                    volume: Some(i32::from(volume)),
                }
            }
            RoomEvent::Silence => ActiveSpeakerData {
                peer_id: None,
                volume: None,
            },
            RoomEvent::BotMessage {
                data_producer_id,
                text,
            } => {
                let (Some(name), Some(state)) = (
                    room.data_producer_owner_name(&data_producer_id),
                    room.router_state(),
                ) else {
                    continue;
                };
                if let Err(e) = state.router.bot_send(bot_reply(&name, &text)).await {
                    tracing::warn!(room = %room.id, "the bot could not answer: {e}");
                }
                continue;
            }
        };
        for link in room.joined_links(None) {
            link.channel
                .notify(ServerNotification::ActiveSpeaker(speaker.clone()));
        }
    }
}

impl Hub {
    /// A worker process died with these rooms: they are closed, and their
    /// peers disconnected with [`CLOSE_WORKER_DIED`] so they rejoin; the rooms'
    /// names get new rooms (on live workers) when they do.
    pub fn worker_down(&self, down: &WorkerDown) {
        let mut peers = 0;
        for key in &down.routers {
            let Some(room) = self.rooms.remove_by_router(*key) else {
                continue;
            };
            for link in room.all_links() {
                link.channel
                    .close(CLOSE_WORKER_DIED, "the media server restarted; rejoin");
                peers += 1;
            }
            tracing::warn!(room = %room.id, worker = down.worker, "room lost with its media worker");
        }
        tracing::warn!(
            worker = down.worker,
            rooms = down.routers.len(),
            peers,
            "media worker died; its peers are rejoining"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::bot_reply;

    #[test]
    fn bot_replies_like_the_reference_bot() {
        assert_eq!(bot_reply("Alice", "hello"), "Alice said me: \"hello\"");
        assert_eq!(bot_reply("", ""), " said me: \"\"");
        assert_eq!(
            bot_reply("Zoë 🎥", "say \"hi\""),
            "Zoë 🎥 said me: \"say \"hi\"\""
        );
    }
}
