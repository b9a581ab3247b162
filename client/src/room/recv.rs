//! Receiving: consumers of the other peers' producers, their pause state,
//! scores, layers and the quality a person picks for them.

use serde_json::Value;
use stunroom_shared::ids::{ConsumerId, PeerId};
use stunroom_shared::media::{ConsumerType, MediaKind};
use stunroom_shared::messages::{
    ClientRequest, ConsumerLayersChangedData, NewConsumer, SetConsumerPreferredLayersRequest,
};
use web_sys::MediaStreamTrack;

use super::Room;
use crate::core::{ConsumeRequest, RecvCore};
use crate::state::{PeerView, Quality, Source};
use crate::webrtc::SdpKind;

pub struct ConsumerEntry {
    pub peer_id: PeerId,
    pub source: Source,
    pub kind: MediaKind,
    pub mid: String,
    pub track: MediaStreamTrack,
}

impl Room {
    pub(super) async fn consume(&self, c: NewConsumer) -> Result<(), String> {
        let source = if c.app_data.get("share") == Some(&Value::Bool(true)) {
            Source::Screen
        } else {
            Source::Camera
        };
        // The reference client's stream ids: camera and mic share one (lip sync).
        let stream_id = match source {
            Source::Screen => format!("{}-share", c.peer_id),
            Source::Camera => format!("{}-mic-webcam", c.peer_id),
        };
        let recv = self.recv()?;
        let mut core = recv.core.lock().await;
        let (offer, mids) = core
            .receive(&[ConsumeRequest {
                id: c.id.to_string(),
                kind: c.kind,
                rtp_parameters: c.rtp_parameters,
                stream_id,
                track_id: c.id.to_string(),
            }])
            .map_err(|e| e.to_string())?;
        self.apply_remote_offer(&mut core, &offer).await?;
        drop(core);
        let mid = mids.into_iter().next().ok_or("no mid for the consumer")?;
        let track = recv
            .pc
            .receiver_track(&mid)
            .ok_or_else(|| format!("no receiver for mid {mid}"))?;
        if let Some(key) = self.options.e2e_key {
            recv.pc
                .decrypt_receiver(&mid, key)
                .map_err(|e| format!("e2eKey: cannot decrypt what is received: {e}"))?;
        }
        self.state.attach_track(&c.peer_id, source, &track);
        if c.kind == MediaKind::Video {
            crate::timing::mark(crate::timing::Mark::Consuming);
        }
        let simulcast = c.consumer_type == ConsumerType::Simulcast;
        self.state
            .update_peer(&c.peer_id, |p| match (source, c.kind) {
                (Source::Screen, _) => p.has_screen = true,
                (Source::Camera, MediaKind::Audio) => {
                    p.has_audio = true;
                    p.audio_paused = c.producer_paused;
                }
                (Source::Camera, MediaKind::Video) => {
                    p.has_video = true;
                    p.video_paused = c.producer_paused;
                    p.simulcast = simulcast;
                }
            });
        self.consumers.borrow_mut().insert(
            c.id,
            ConsumerEntry {
                peer_id: c.peer_id,
                source,
                kind: c.kind,
                mid,
                track,
            },
        );
        Ok(())
    }

    pub(super) async fn close_consumer(&self, consumer_id: &ConsumerId) {
        let Some(entry) = self.consumers.borrow_mut().remove(consumer_id) else {
            return;
        };
        self.state
            .detach_track(&entry.peer_id, entry.source, &entry.track);
        self.state
            .update_peer(&entry.peer_id, |p| match (entry.source, entry.kind) {
                (Source::Screen, _) => p.has_screen = false,
                (Source::Camera, MediaKind::Audio) => p.has_audio = false,
                (Source::Camera, MediaKind::Video) => {
                    p.has_video = false;
                    p.score = None;
                    p.layers = None;
                }
            });
        let Ok(recv) = self.recv() else {
            return;
        };
        let mut core = recv.core.lock().await;
        let result = match core.stop_receiving(std::slice::from_ref(&entry.mid)) {
            Ok(offer) => self.apply_remote_offer(&mut core, &offer).await,
            Err(e) => Err(e.to_string()),
        };
        if let Err(e) = result {
            crate::signaling::log(&format!(
                "renegotiation after closing a consumer failed: {e}"
            ));
        }
    }

    /// Runs `f` on the peer owning camera consumer `consumer_id`, with the consumer's kind.
    fn with_consumer_peer(
        &self,
        consumer_id: &ConsumerId,
        f: impl FnOnce(&mut PeerView, MediaKind),
    ) {
        let Some((peer_id, kind, source)) = self
            .consumers
            .borrow()
            .get(consumer_id)
            .map(|c| (c.peer_id.clone(), c.kind, c.source))
        else {
            return;
        };
        if source == Source::Camera {
            self.state.update_peer(&peer_id, |p| f(p, kind));
        }
    }

    pub(super) fn set_consumer_paused(&self, consumer_id: &ConsumerId, paused: bool) {
        self.with_consumer_peer(consumer_id, |p, kind| match kind {
            MediaKind::Audio => p.audio_paused = paused,
            MediaKind::Video => p.video_paused = paused,
        });
    }

    pub(super) fn set_consumer_score(&self, consumer_id: &ConsumerId, score: u8) {
        self.with_consumer_peer(consumer_id, |p, kind| {
            if kind == MediaKind::Video || !p.has_video {
                p.score = Some(score);
            }
        });
    }

    pub(super) fn set_consumer_layers(&self, l: ConsumerLayersChangedData) {
        self.with_consumer_peer(&l.consumer_id, |p, _| {
            p.layers = l
                .spatial_layer
                .map(|s| (i64::from(s), l.temporal_layer.map_or(-1, i64::from)));
        });
    }

    /// Asks the server to forward the layers matching `quality` for a peer's camera.
    pub async fn set_quality(&self, peer_id: &PeerId, quality: Quality) -> Result<(), String> {
        let consumer_id = self
            .consumers
            .borrow()
            .iter()
            .find(|(_, c)| {
                c.peer_id == *peer_id && c.source == Source::Camera && c.kind == MediaKind::Video
            })
            .map(|(id, _)| id.clone())
            .ok_or("that person sends no camera")?;
        let (spatial_layer, temporal_layer) = quality.layers();
        let _: Value = self
            .signaling
            .request(ClientRequest::SetConsumerPreferredLayers(
                SetConsumerPreferredLayersRequest {
                    consumer_id,
                    spatial_layer,
                    temporal_layer: Some(temporal_layer),
                },
            ))
            .await
            .map_err(|e| e.to_string())?;
        self.state.update_peer(peer_id, |p| p.quality = quality);
        Ok(())
    }

    pub(super) async fn restart_recv_ice(&self) -> Result<(), String> {
        let recv = self.recv()?;
        let ice = self.request_ice_restart(&recv.id).await?;
        let mut core = recv.core.lock().await;
        let Some(offer) = core.restart_ice(ice) else {
            return Ok(());
        };
        self.apply_remote_offer(&mut core, &offer).await
    }

    /// One offer/answer round on the receive transport with an offer from the
    /// core; connects the transport on the first round. The caller holds the
    /// core's lock for the whole round.
    pub(super) async fn apply_remote_offer(
        &self,
        core: &mut RecvCore,
        offer: &str,
    ) -> Result<(), String> {
        let recv = self.recv()?;
        recv.pc
            .set_remote(SdpKind::Offer, offer)
            .await
            .map_err(|e| e.to_string())?;
        let answer = recv.pc.create_answer().await.map_err(|e| e.to_string())?;
        let answer = core.local_answer(&answer).map_err(|e| e.to_string())?;
        if !recv.connected.get() {
            let dtls = core
                .local_dtls_parameters(&answer)
                .map_err(|e| e.to_string())?;
            self.connect_transport(&recv.id, dtls).await?;
            recv.connected.set(true);
        }
        recv.pc
            .set_local(SdpKind::Answer, &answer)
            .await
            .map_err(|e| e.to_string())
    }
}
