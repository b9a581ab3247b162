//! Chat over SCTP data channels: our `chat` and `bot` data producers, and a
//! data consumer per other peer's chat plus one for the server's bot.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;

use stunroom_shared::ids::{DataConsumerId, PeerId};
use stunroom_shared::messages::{
    AppData, ClientRequest, NewDataConsumer, ProduceDataRequest, ProduceResponse, BOT_LABEL,
    CHAT_LABEL,
};
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, RtcDataChannel};

use super::Room;
use crate::state::{ChatFrom, RoomState};
use crate::webrtc::SdpKind;

/// Text a person types that goes to the bot instead of the room.
const BOT_PREFIX: &str = "@bot ";

/// A channel's message handler, kept alive with the channel.
type OnMessage = Closure<dyn FnMut(MessageEvent)>;

#[derive(Default)]
pub struct DataChannels {
    chat: RefCell<Option<RtcDataChannel>>,
    bot: RefCell<Option<RtcDataChannel>>,
    /// Incoming channels by data consumer id, with their message handlers.
    consumers: RefCell<HashMap<DataConsumerId, (RtcDataChannel, OnMessage)>>,
}

impl DataChannels {
    pub fn close(&self, data_consumer_id: &DataConsumerId) {
        if let Some((channel, _)) = self.consumers.borrow_mut().remove(data_consumer_id) {
            channel.set_onmessage(None);
            channel.close();
        }
    }

    pub fn close_all(&self) {
        let ids: Vec<DataConsumerId> = self.consumers.borrow().keys().cloned().collect();
        for id in ids {
            self.close(&id);
        }
        for c in [&self.chat, &self.bot] {
            if let Some(channel) = c.borrow_mut().take() {
                channel.close();
            }
        }
    }
}

impl Room {
    /// Opens our `chat` and `bot` data producers.
    pub(super) async fn open_chat(&self) -> Result<(), String> {
        let chat = self.produce_data(CHAT_LABEL).await?;
        *self.data.chat.borrow_mut() = Some(chat);
        let bot = self.produce_data(BOT_LABEL).await?;
        *self.data.bot.borrow_mut() = Some(bot);
        Ok(())
    }

    async fn produce_data(&self, label: &str) -> Result<RtcDataChannel, String> {
        let send = self.send()?;
        let mut core = send.core.lock().await;
        // mediasoup-demo's chat: unordered, one retransmission.
        let params = core.next_sctp_stream_parameters(false, None, Some(1));
        let channel = send
            .pc
            .data_channel(
                label,
                params.stream_id,
                params.ordered,
                params.max_retransmits,
            )
            .map_err(|e| e.to_string())?;
        let offer = self.send_offer(&core).await?;
        // Only the first channel changes the SDP (it adds the SCTP section).
        if let Some(answer) = core
            .data_channel_answer(&offer)
            .map_err(|e| e.to_string())?
        {
            send.pc
                .set_local(SdpKind::Offer, &offer)
                .await
                .map_err(|e| e.to_string())?;
            send.pc
                .set_remote(SdpKind::Answer, &answer)
                .await
                .map_err(|e| e.to_string())?;
        }
        drop(core);
        let _: ProduceResponse = self
            .signaling
            .request(ClientRequest::ProduceData(ProduceDataRequest {
                transport_id: send.id.clone(),
                sctp_stream_parameters: params,
                label: label.to_owned(),
                protocol: String::new(),
                app_data: AppData::new(),
            }))
            .await
            .map_err(|e| e.to_string())?;
        Ok(channel)
    }

    pub(super) async fn consume_data(&self, d: NewDataConsumer) -> Result<(), String> {
        let recv = self.recv()?;
        let mut core = recv.core.lock().await;
        let channel = recv
            .pc
            .data_channel(
                &d.label,
                d.sctp_stream_parameters.stream_id,
                d.sctp_stream_parameters.ordered,
                d.sctp_stream_parameters.max_retransmits,
            )
            .map_err(|e| e.to_string())?;
        // Only the first channel changes the SDP (it adds the SCTP section).
        if let Some(offer) = core.data_channel_offer().map_err(|e| e.to_string())? {
            self.apply_remote_offer(&mut core, &offer).await?;
        }
        drop(core);
        let on_message = chat_receiver(self.state, d.peer_id.clone(), d.label == BOT_LABEL);
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        self.data
            .consumers
            .borrow_mut()
            .insert(d.id, (channel, on_message));
        Ok(())
    }

    /// Sends a chat line; `@bot …` goes to the bot.
    pub async fn send_chat(&self, text: String) -> Result<(), String> {
        let text = text.trim().to_owned();
        if text.is_empty() {
            return Ok(());
        }
        let (channel, payload) = match text.strip_prefix(BOT_PREFIX) {
            Some(rest) => (&self.data.bot, rest.to_owned()),
            None => (&self.data.chat, text.clone()),
        };
        let channel = channel.borrow().clone().ok_or("chat is not connected")?;
        if channel.ready_state() != web_sys::RtcDataChannelState::Open {
            return Err("chat is still connecting".into());
        }
        channel
            .send_with_str(&payload)
            .map_err(|e| crate::signaling::js_error_text(&e))?;
        self.state
            .add_chat(ChatFrom::Me, self.state.my_name.get_untracked(), text);
        Ok(())
    }
}

fn chat_receiver(state: RoomState, peer_id: Option<PeerId>, from_bot: bool) -> OnMessage {
    Closure::new(move |ev: MessageEvent| {
        let Some(text) = ev.data().as_string() else {
            return;
        };
        let (from, name) = match (&peer_id, from_bot) {
            (None, _) | (_, true) => (ChatFrom::Bot, "Bot".to_owned()),
            (Some(id), false) => (
                ChatFrom::Peer,
                state.peer_name(id).unwrap_or_else(|| "Someone".into()),
            ),
        };
        state.add_chat(from, name, text);
    })
}
