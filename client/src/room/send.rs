//! Sending: microphone, camera (3-layer simulcast) and screen share producers.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use serde_json::Value;
use stunroom_shared::ids::{ProducerId, TransportId};
use stunroom_shared::media::IceParameters;
use stunroom_shared::media::{MediaKind, RtpCodecCapability, RtpEncodingParameters};
use stunroom_shared::messages::{
    AppData, ClientRequest, ProduceRequest, ProduceResponse, ProducerIdRequest, TransportIdRequest,
};
use web_sys::{MediaStream, MediaStreamTrack, RtcRtpTransceiver};

use super::Room;
use crate::core::{self, CodecOptions};
use crate::options::{ForcedCodec, ScalabilityMode};
use crate::state::ToastLevel;
use crate::webrtc::{self, SdpKind};

/// The three things a page can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Mic,
    Cam,
    Screen,
}

struct ProducerEntry {
    id: ProducerId,
    mid: String,
    transceiver: RtcRtpTransceiver,
    track: MediaStreamTrack,
}

#[derive(Default)]
pub struct Producers(RefCell<HashMap<Slot, ProducerEntry>>);

impl Producers {
    /// The sender and track of what `slot` sends (device switching: room/devices.rs).
    pub(super) fn sender_of(
        &self,
        slot: Slot,
    ) -> Option<(web_sys::RtcRtpSender, MediaStreamTrack)> {
        self.0
            .borrow()
            .get(&slot)
            .map(|p| (p.transceiver.sender(), p.track.clone()))
    }

    /// Records the track `replaceTrack` put on `slot`'s sender.
    pub(super) fn set_track(&self, slot: Slot, track: MediaStreamTrack) {
        if let Some(p) = self.0.borrow_mut().get_mut(&slot) {
            p.track = track;
        }
    }
}

/// mediasoup-demo's camera encodings, as the handler passes them to
/// `addTransceiver`. VP9 (`forceVP9`): SVC in one encoding, `svc` or
/// L3T3_KEY. VP8/H264: simulcast at 1/4, 1/2 and full resolution, each with
/// `svc` when it is temporal-only (`L1Tn`; spatial modes are VP9's).
fn camera_encodings(
    handler: core::Handler,
    vp9: bool,
    svc: Option<ScalabilityMode>,
) -> Vec<RtpEncodingParameters> {
    if vp9 {
        return handler.prepare_send_encodings(vec![RtpEncodingParameters {
            max_bitrate: Some(5_000_000),
            scalability_mode: Some(svc.unwrap_or(ScalabilityMode::VP9_DEFAULT).to_string()),
            ..RtpEncodingParameters::default()
        }]);
    }
    let temporal_only = svc.filter(|m| m.spatial == 1).map(|m| m.to_string());
    handler.prepare_send_encodings(
        [(4.0, 500_000), (2.0, 1_000_000), (1.0, 5_000_000)]
            .into_iter()
            .map(|(scale, bitrate)| RtpEncodingParameters {
                scale_resolution_down_by: Some(scale),
                max_bitrate: Some(bitrate),
                scalability_mode: temporal_only.clone(),
                ..RtpEncodingParameters::default()
            })
            .collect(),
    )
}

impl Room {
    /// Produces the tracks the person has on, right after joining.
    pub(super) async fn start_sending(&self) {
        let Some(stream) = self.state.local.get_value() else {
            return;
        };
        // The camera first: a picture is what people wait for on joining
        // (and the first produce also connects the transport).
        let mut tracks = webrtc::tracks_of(&stream);
        tracks.sort_by_key(|t| t.kind() == "audio");
        for track in tracks {
            let slot = if track.kind() == "audio" {
                Slot::Mic
            } else {
                Slot::Cam
            };
            if let Err(e) = self.produce(slot, &track, &stream).await {
                self.state.toast(
                    ToastLevel::Error,
                    format!("Could not send your {}: {e}", track.kind()),
                );
                continue;
            }
            if slot == Slot::Mic && !self.state.mic_on.get_untracked() {
                let _ = self.set_mic_paused(true).await;
            }
        }
        self.state.mic_on.set(
            self.producers.0.borrow().contains_key(&Slot::Mic) && self.state.mic_on.get_untracked(),
        );
        self.state
            .cam_on
            .set(self.producers.0.borrow().contains_key(&Slot::Cam));
    }

    async fn produce(
        &self,
        slot: Slot,
        track: &MediaStreamTrack,
        stream: &MediaStream,
    ) -> Result<(), String> {
        let kind = match slot {
            Slot::Mic => MediaKind::Audio,
            Slot::Cam | Slot::Screen => MediaKind::Video,
        };
        if !self.device.can_produce(kind) {
            return Err(format!(
                "the server cannot receive {kind} from this browser"
            ));
        }
        let send = self.send()?;
        // mediasoup-demo's enableWebcam: `forceH264` / `forceVP9` pick the
        // codec from the device's RTP capabilities (`codec` of produce).
        let forced = (slot == Slot::Cam)
            .then(|| self.options.forced_codec())
            .flatten();
        let codec = match forced {
            Some(forced) => Some(self.forced_codec_capability(forced)?),
            None => None,
        };
        let vp9 = codec
            .as_ref()
            .or_else(|| {
                self.device
                    .recv_rtp_capabilities()
                    .codecs
                    .iter()
                    .find(|c| c.kind == MediaKind::Video)
            })
            .is_some_and(|c| c.mime_type.eq_ignore_ascii_case("video/vp9"));
        let mut core = send.core.lock().await;
        let encodings = if slot == Slot::Cam {
            camera_encodings(core.handler(), vp9, self.options.svc)
        } else {
            Vec::new()
        };
        let transceiver = send
            .pc
            .add_sender(track, stream, &encodings)
            .map_err(|e| e.to_string())?;
        if let Some(key) = self.options.e2e_key {
            send.pc
                .encrypt_sender(&transceiver.sender(), key)
                .map_err(|e| format!("e2eKey: cannot encrypt what is sent: {e}"))?;
        }
        let offer = self.send_offer(&core).await?;
        // Safari: legacy simulcast SSRCs go into the offer.
        let offer = core
            .local_offer(&offer, Some(&encodings))
            .map_err(|e| e.to_string())?;
        send.pc
            .set_local(SdpKind::Offer, &offer)
            .await
            .map_err(|e| e.to_string())?;
        let mid = transceiver
            .mid()
            .ok_or("the browser assigned no mid to the new sender")?;
        let local = send.pc.local_sdp().unwrap_or(offer);
        let options = match kind {
            MediaKind::Audio => CodecOptions::mic(),
            MediaKind::Video => CodecOptions::webcam(),
        };
        let (rtp_parameters, answer) = core
            .produce_with_codec(
                &local,
                &mid,
                kind,
                (!encodings.is_empty()).then_some(encodings),
                options,
                codec.as_ref(),
            )
            .map_err(|e| match (forced, e) {
                (Some(f), core::CoreError::NoMatchingCodec) => unsupported_codec(f),
                (_, e) => e.to_string(),
            })?;
        send.pc
            .set_remote(SdpKind::Answer, &answer)
            .await
            .map_err(|e| e.to_string())?;
        drop(core);
        let mut app_data = AppData::new();
        app_data.insert("share".into(), Value::Bool(slot == Slot::Screen));
        let produced: ProduceResponse = self
            .signaling
            .request(ClientRequest::Produce(ProduceRequest {
                transport_id: send.id.clone(),
                kind,
                rtp_parameters,
                app_data,
            }))
            .await
            .map_err(|e| e.to_string())?;
        if slot == Slot::Cam {
            crate::timing::mark(crate::timing::Mark::Producing);
        }
        self.producers.0.borrow_mut().insert(
            slot,
            ProducerEntry {
                id: produced.id,
                mid,
                transceiver,
                track: track.clone(),
            },
        );
        Ok(())
    }

    /// The device's codec for `forceH264` / `forceVP9`: the first of the
    /// router's that this browser also has (mediasoup-demo's
    /// `device.rtpCapabilities.codecs.find(...)`).
    fn forced_codec_capability(&self, forced: ForcedCodec) -> Result<RtpCodecCapability, String> {
        self.device
            .recv_rtp_capabilities()
            .codecs
            .iter()
            .find(|c| c.mime_type.eq_ignore_ascii_case(forced.mime_type()))
            .cloned()
            .ok_or_else(|| unsupported_codec(forced))
    }

    /// Stops sending `slot`: renegotiates the send transport, closes the
    /// producer on the server and stops the capture.
    async fn stop_producing(&self, slot: Slot) -> Result<(), String> {
        let Some(entry) = self.producers.0.borrow_mut().remove(&slot) else {
            return Ok(());
        };
        entry.track.stop();
        let send = self.send()?;
        let mut core = send.core.lock().await;
        send.pc
            .stop_sender(&entry.transceiver, core.stop_closes_section(&entry.mid));
        let offer = send.pc.create_offer().await.map_err(|e| e.to_string())?;
        send.pc
            .set_local(SdpKind::Offer, &offer)
            .await
            .map_err(|e| e.to_string())?;
        let local = send.pc.local_sdp().unwrap_or(offer);
        let answer = core
            .stop_sending(&entry.mid, &local)
            .map_err(|e| e.to_string())?;
        send.pc
            .set_remote(SdpKind::Answer, &answer)
            .await
            .map_err(|e| e.to_string())?;
        drop(core);
        let _: Value = self
            .signaling
            .request(ClientRequest::CloseProducer(ProducerIdRequest {
                producer_id: entry.id,
            }))
            .await
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    /// A new offer of the send transport; connects the transport (with the
    /// offer's DTLS parameters) before its first negotiation.
    pub(super) async fn send_offer(&self, core: &core::SendCore) -> Result<String, String> {
        let send = self.send()?;
        let offer = send.pc.create_offer().await.map_err(|e| e.to_string())?;
        if !send.connected.get() {
            let dtls = core
                .local_dtls_parameters(&offer)
                .map_err(|e| e.to_string())?;
            self.connect_transport(&send.id, dtls).await?;
            send.connected.set(true);
        }
        Ok(offer)
    }

    async fn set_mic_paused(&self, paused: bool) -> Result<(), String> {
        let Some((id, track)) = self
            .producers
            .0
            .borrow()
            .get(&Slot::Mic)
            .map(|p| (p.id.clone(), p.track.clone()))
        else {
            return Err("no microphone is being sent".into());
        };
        let request = ProducerIdRequest { producer_id: id };
        let _: Value = self
            .signaling
            .request(if paused {
                ClientRequest::PauseProducer(request)
            } else {
                ClientRequest::ResumeProducer(request)
            })
            .await
            .map_err(|e| e.to_string())?;
        // A disabled track sends silence: nothing leaves the browser while muted.
        track.set_enabled(!paused);
        Ok(())
    }

    pub async fn toggle_mic(&self) -> Result<(), String> {
        self.send()?;
        let turn_on = !self.state.mic_on.get_untracked();
        if self.producers.0.borrow().contains_key(&Slot::Mic) {
            self.set_mic_paused(!turn_on).await?;
        } else if turn_on {
            let stream = webrtc::capture(true, false).await?;
            let track = webrtc::tracks_of(&stream)
                .into_iter()
                .next()
                .ok_or("no microphone track")?;
            self.add_local_track(&track);
            self.produce(Slot::Mic, &track, &stream).await?;
        }
        self.state.mic_on.set(turn_on);
        Ok(())
    }

    pub async fn toggle_cam(&self) -> Result<(), String> {
        self.send()?;
        if self.producers.0.borrow().contains_key(&Slot::Cam) {
            let track = self
                .producers
                .0
                .borrow()
                .get(&Slot::Cam)
                .map(|p| p.track.clone());
            self.stop_producing(Slot::Cam).await?;
            if let (Some(track), Some(local)) = (track, self.state.local.get_value()) {
                local.remove_track(&track);
                self.state.set_local(Some(local));
            }
            self.state.cam_on.set(false);
        } else {
            let stream = webrtc::capture(false, true).await?;
            let track = webrtc::tracks_of(&stream)
                .into_iter()
                .next()
                .ok_or("no camera track")?;
            self.add_local_track(&track);
            self.produce(Slot::Cam, &track, &stream).await?;
            self.state.cam_on.set(true);
        }
        Ok(())
    }

    pub async fn toggle_share(self: Rc<Self>) -> Result<(), String> {
        self.send()?;
        if self.producers.0.borrow().contains_key(&Slot::Screen) {
            return self.stop_share().await;
        }
        let stream = webrtc::capture_screen().await?;
        let track = webrtc::tracks_of(&stream)
            .into_iter()
            .find(|t| t.kind() == "video")
            .ok_or("the shared screen has no video")?;
        let room = Rc::downgrade(&self);
        // The browser's own "Stop sharing" button ends the track.
        webrtc::on_track_ended(&track, move || {
            if let Some(room) = room.upgrade() {
                leptos::task::spawn_local(async move {
                    let _ = room.stop_share().await;
                });
            }
        });
        self.produce(Slot::Screen, &track, &stream).await?;
        self.state.set_local_screen(Some(stream));
        self.state.sharing.set(true);
        Ok(())
    }

    async fn stop_share(&self) -> Result<(), String> {
        self.state.sharing.set(false);
        self.state.set_local_screen(None);
        self.stop_producing(Slot::Screen).await
    }

    fn add_local_track(&self, track: &MediaStreamTrack) {
        let stream = self
            .state
            .local
            .get_value()
            .or_else(|| MediaStream::new().ok());
        if let Some(stream) = stream {
            stream.add_track(track);
            self.state.set_local(Some(stream));
        }
    }

    pub(super) async fn restart_send_ice(&self) -> Result<(), String> {
        let send = self.send()?;
        let ice = self.request_ice_restart(&send.id).await?;
        let mut core = send.core.lock().await;
        let Some(answer) = core.restart_ice(ice) else {
            return Ok(());
        };
        let pc = &send.pc;
        let offer = pc
            .create_ice_restart_offer()
            .await
            .map_err(|e| e.to_string())?;
        pc.set_local(SdpKind::Offer, &offer)
            .await
            .map_err(|e| e.to_string())?;
        pc.set_remote(SdpKind::Answer, &answer)
            .await
            .map_err(|e| e.to_string())
    }

    pub(super) async fn request_ice_restart(
        &self,
        transport_id: &TransportId,
    ) -> Result<IceParameters, String> {
        self.signaling
            .request(ClientRequest::RestartIce(TransportIdRequest {
                transport_id: transport_id.to_owned(),
            }))
            .await
            .map_err(|e| e.to_string())
    }
}

fn unsupported_codec(forced: ForcedCodec) -> String {
    let (param, name) = match forced {
        ForcedCodec::H264 => ("forceH264", "H264"),
        ForcedCodec::Vp9 => ("forceVP9", "VP9"),
    };
    format!(
        "{param}=true: this browser cannot send {name} in a configuration the server accepts \
         (open the room without {param})"
    )
}
