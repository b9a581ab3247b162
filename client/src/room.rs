//! The room session: join sequence, producing our camera and microphone,
//! consuming everyone else's. Drives the sans-IO core, applies its SDP through
//! `webrtc`, talks to the server through `signaling`, and reports to the UI
//! only through [`RoomState`].

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::lock::Mutex;
use futures::StreamExt;
use leptos::prelude::*;
use serde_json::{json, Value};
use stunroom_shared::ice::IceConfiguration;
use stunroom_shared::media::{MediaKind, RtpEncodingParameters};
use stunroom_shared::messages::{
    AppData, ClientRequest, ConnectWebRtcTransportRequest, CreateWebRtcTransportRequest,
    DeviceInfo, Empty, JoinRequest, JoinResponse, NewConsumer, PeerInfo, ProduceRequest,
    ProduceResponse, ServerNotification, ServerRequest, TransportInfo,
};
use stunroom_shared::protoo::{ErrorResponse, Request};
use web_sys::{MediaStream, MediaStreamTrack};

use crate::core::{self, CodecOptions, ConsumeRequest, Device, RecvCore, SendCore};
use crate::signaling::{log, Incoming, Signaling, SignalingError};
use crate::state::{Phase, RoomState};
use crate::webrtc::{self, LinkState, PeerConnection, SdpKind};

/// Everything one joined page holds. Dropped on leave.
pub struct Room {
    signaling: Rc<Signaling>,
    device: Device,
    send: Option<SendSide>,
    recv: RecvSide,
    consumers: RefCell<HashMap<String, ConsumerEntry>>,
    state: RoomState,
}

struct SendSide {
    transport_id: String,
    pc: Rc<PeerConnection>,
    core: Mutex<SendCore>,
    connected: Cell<bool>,
}

struct RecvSide {
    transport_id: String,
    pc: Rc<PeerConnection>,
    core: Mutex<RecvCore>,
    connected: Cell<bool>,
}

struct ConsumerEntry {
    peer_id: String,
    mid: String,
    track: MediaStreamTrack,
}

pub struct JoinArgs {
    pub ws_url: String,
    pub ice: IceConfiguration,
    pub display_name: String,
    pub local: Option<MediaStream>,
}

fn failed(what: &str, e: impl std::fmt::Display) -> String {
    format!("{what}: {e}")
}

impl Room {
    /// Runs the whole join sequence; on success the room keeps running in the
    /// background until [`Room::leave`] or the connection drops.
    pub async fn join(args: JoinArgs, state: RoomState) -> Result<Rc<Room>, String> {
        let (signaling, incoming) = Signaling::connect(&args.ws_url)
            .await
            .map_err(|e| e.to_string())?;

        let caps = signaling
            .request(ClientRequest::GetRouterRtpCapabilities(Empty {}))
            .await
            .map_err(|e| failed("Could not load the room's media settings", e))?;
        let probe = webrtc::probe_offer()
            .await
            .map_err(|e| failed("This browser cannot do WebRTC", e))?;
        let device = Device::load(caps, &probe)
            .map_err(|e| failed("This browser's codecs do not match the server's", e))?;

        let producing = args.local.is_some();
        let send = if producing {
            let info = create_transport(&signaling, true).await?;
            let pc = PeerConnection::new(&args.ice).map_err(|e| e.to_string())?;
            Some(SendSide {
                core: Mutex::new(SendCore::new(&device, &info)),
                transport_id: info.id,
                pc,
                connected: Cell::new(false),
            })
        } else {
            None
        };
        let recv_info = create_transport(&signaling, false).await?;
        let recv_pc = PeerConnection::new(&args.ice).map_err(|e| e.to_string())?;
        let recv = RecvSide {
            core: Mutex::new(RecvCore::new(&device, &recv_info)),
            transport_id: recv_info.id,
            pc: recv_pc,
            connected: Cell::new(false),
        };

        let room = Rc::new(Room {
            signaling,
            device,
            send,
            recv,
            consumers: RefCell::default(),
            state,
        });
        room.watch_links();
        // Server requests (newConsumer) start arriving right after `join` answers.
        leptos::task::spawn_local(Rc::clone(&room).handle_incoming(incoming));

        let (flag, name, version) = webrtc::browser_device();
        let joined: JoinResponse = room
            .signaling
            .request(ClientRequest::Join(JoinRequest {
                display_name: args.display_name,
                device: DeviceInfo {
                    flag: Some(flag),
                    name,
                    version: Some(version),
                },
                rtp_capabilities: Some(room.device.recv_rtp_capabilities().clone()),
                sctp_capabilities: None,
            }))
            .await
            .map_err(|e| failed("Could not join the room", e))?;
        for peer in joined.peers {
            room.state.add_peer(peer);
        }
        room.state.phase.set(Phase::Joined);

        if let Some(local) = &args.local {
            for track in webrtc::tracks_of(local) {
                if let Err(e) = room.produce(&track, local).await {
                    room.state
                        .show_error(format!("Could not send your {}: {e}", track.kind()));
                }
            }
        }
        Ok(room)
    }

    async fn produce(&self, track: &MediaStreamTrack, stream: &MediaStream) -> Result<(), String> {
        let Some(send) = &self.send else {
            return Ok(());
        };
        let kind = if track.kind() == "audio" {
            MediaKind::Audio
        } else {
            MediaKind::Video
        };
        if !self.device.can_produce(kind) {
            return Err(format!(
                "the server cannot receive {kind} from this browser"
            ));
        }
        let encodings: Vec<RtpEncodingParameters> = Vec::new();
        let mut core = send.core.lock().await;
        let transceiver = send
            .pc
            .add_sender(track, stream, &encodings)
            .map_err(|e| e.to_string())?;
        let offer = send.pc.create_offer().await.map_err(|e| e.to_string())?;
        if !send.connected.get() {
            let dtls = core::local_dtls_parameters(&offer).map_err(|e| e.to_string())?;
            self.connect_transport(&send.transport_id, dtls).await?;
            send.connected.set(true);
        }
        send.pc
            .set_local(SdpKind::Offer, &offer)
            .await
            .map_err(|e| e.to_string())?;
        let mid = transceiver
            .mid()
            .ok_or("the browser assigned no mid to the new sender")?;
        let local = send.pc.local_sdp().unwrap_or(offer);
        let (rtp_parameters, answer) = core
            .produce(
                &local,
                &mid,
                kind,
                (!encodings.is_empty()).then_some(encodings),
                match kind {
                    MediaKind::Audio => CodecOptions::mic(),
                    MediaKind::Video => CodecOptions::webcam(),
                },
            )
            .map_err(|e| e.to_string())?;
        send.pc
            .set_remote(SdpKind::Answer, &answer)
            .await
            .map_err(|e| e.to_string())?;
        drop(core);
        let _: ProduceResponse = self
            .signaling
            .request(ClientRequest::Produce(ProduceRequest {
                transport_id: send.transport_id.clone(),
                kind,
                rtp_parameters,
                app_data: AppData::from_iter([("share".to_owned(), Value::Bool(false))]),
            }))
            .await
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    async fn connect_transport(
        &self,
        transport_id: &str,
        dtls_parameters: stunroom_shared::media::DtlsParameters,
    ) -> Result<(), String> {
        let _: Value = self
            .signaling
            .request(ClientRequest::ConnectWebRtcTransport(
                ConnectWebRtcTransportRequest {
                    transport_id: transport_id.to_owned(),
                    dtls_parameters,
                },
            ))
            .await
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    async fn consume(&self, c: NewConsumer) -> Result<(), String> {
        let mut core = self.recv.core.lock().await;
        let request = ConsumeRequest {
            id: c.id.clone(),
            kind: c.kind,
            rtp_parameters: c.rtp_parameters,
            stream_id: format!("{}-{}", c.peer_id, stream_suffix(&c.app_data)),
            track_id: c.id.clone(),
        };
        let (offer, mids) = core
            .receive(std::slice::from_ref(&request))
            .map_err(|e| e.to_string())?;
        let pc = &self.recv.pc;
        pc.set_remote(SdpKind::Offer, &offer)
            .await
            .map_err(|e| e.to_string())?;
        let answer = pc.create_answer().await.map_err(|e| e.to_string())?;
        let answer = core.local_answer(&answer).map_err(|e| e.to_string())?;
        if !self.recv.connected.get() {
            let dtls = core::local_dtls_parameters(&answer).map_err(|e| e.to_string())?;
            self.connect_transport(&self.recv.transport_id, dtls)
                .await?;
            self.recv.connected.set(true);
        }
        pc.set_local(SdpKind::Answer, &answer)
            .await
            .map_err(|e| e.to_string())?;
        drop(core);
        let mid = mids.into_iter().next().ok_or("no mid for the consumer")?;
        let track = pc
            .receiver_track(&mid)
            .ok_or_else(|| format!("no receiver for mid {mid}"))?;
        self.state.attach_track(&c.peer_id, &track);
        self.consumers.borrow_mut().insert(
            c.id,
            ConsumerEntry {
                peer_id: c.peer_id,
                mid,
                track,
            },
        );
        Ok(())
    }

    async fn close_consumer(&self, consumer_id: &str) {
        let Some(entry) = self.consumers.borrow_mut().remove(consumer_id) else {
            return;
        };
        self.state.detach_track(&entry.peer_id, &entry.track);
        let mut core = self.recv.core.lock().await;
        let result = async {
            let offer = core
                .stop_receiving(std::slice::from_ref(&entry.mid))
                .map_err(|e| e.to_string())?;
            let pc = &self.recv.pc;
            pc.set_remote(SdpKind::Offer, &offer)
                .await
                .map_err(|e| e.to_string())?;
            let answer = pc.create_answer().await.map_err(|e| e.to_string())?;
            let answer = core.local_answer(&answer).map_err(|e| e.to_string())?;
            pc.set_local(SdpKind::Answer, &answer)
                .await
                .map_err(|e| e.to_string())
        }
        .await;
        if let Err(e) = result {
            log(&format!("renegotiation after closing consumer failed: {e}"));
        }
    }

    async fn handle_incoming(self: Rc<Self>, mut incoming: mpsc::UnboundedReceiver<Incoming>) {
        while let Some(event) = incoming.next().await {
            match event {
                Incoming::Request(request) => {
                    let room = Rc::clone(&self);
                    leptos::task::spawn_local(async move { room.serve_request(request).await });
                }
                Incoming::Notification(n) => match ServerNotification::from_notification(&n) {
                    Ok(Some(notification)) => self.on_notification(notification).await,
                    Ok(None) => {}
                    Err(e) => log(&format!("bad notification {}: {e}", n.method)),
                },
                Incoming::Closed { code, reason } => {
                    if self.state.phase.get_untracked() != Phase::Left {
                        self.state.show_error(format!(
                            "Connection to the server was lost (code {code}{}). Reload to rejoin.",
                            if reason.is_empty() {
                                String::new()
                            } else {
                                format!(": {reason}")
                            }
                        ));
                    }
                    break;
                }
            }
        }
    }

    async fn serve_request(&self, request: Request) {
        let result = match ServerRequest::from_request(&request) {
            Ok(ServerRequest::NewConsumer(c)) => self
                .consume(c)
                .await
                .map(|()| json!({}))
                .map_err(|e| ErrorResponse::new(500, e)),
            Err(e) => Err(e),
        };
        if let Err(e) = &result {
            log(&format!("server request {} failed: {e}", request.method));
        }
        self.signaling.respond(request.id, result);
    }

    async fn on_notification(&self, n: ServerNotification) {
        match n {
            ServerNotification::NewPeer(peer) => self.state.add_peer(peer),
            ServerNotification::PeerClosed(p) => {
                let ids: Vec<String> = self
                    .consumers
                    .borrow()
                    .iter()
                    .filter(|(_, c)| c.peer_id == p.peer_id)
                    .map(|(id, _)| id.clone())
                    .collect();
                for id in ids {
                    self.close_consumer(&id).await;
                }
                self.state.remove_peer(&p.peer_id);
            }
            ServerNotification::ConsumerClosed(c) => self.close_consumer(&c.consumer_id).await,
            ServerNotification::MediasoupVersion(_)
            | ServerNotification::ConsumerPaused(_)
            | ServerNotification::ConsumerResumed(_)
            | ServerNotification::ConsumerScore(_)
            | ServerNotification::ActiveSpeaker(_) => {}
        }
    }

    fn watch_links(&self) {
        let sides = self
            .send
            .as_ref()
            .map(|s| &s.pc)
            .into_iter()
            .chain(std::iter::once(&self.recv.pc));
        for pc in sides {
            let state = self.state;
            pc.on_state_change(move |link| {
                if link == LinkState::Failed {
                    state.show_error(
                        "The media connection failed (ICE). A firewall may block UDP; \
                         a TURN server (see the README) gets through it."
                            .into(),
                    );
                }
            });
        }
    }

    pub fn leave(&self) {
        self.state.phase.set(Phase::Left);
        self.signaling.close();
        if let Some(send) = &self.send {
            send.pc.close();
        }
        self.recv.pc.close();
        for entry in self.consumers.borrow().values() {
            entry.track.stop();
        }
    }
}

async fn create_transport(signaling: &Signaling, producing: bool) -> Result<TransportInfo, String> {
    signaling
        .request(ClientRequest::CreateWebRtcTransport(
            CreateWebRtcTransportRequest {
                force_tcp: false,
                producing,
                consuming: !producing,
                sctp_capabilities: None,
            },
        ))
        .await
        .map_err(|e: SignalingError| failed("Could not set up the media connection", e))
}

/// The reference client's stream ids: `<peerId>-share` for screen sharing,
/// `<peerId>-mic-webcam` for camera and microphone (so they lip-sync).
fn stream_suffix(app_data: &AppData) -> &'static str {
    if app_data.get("share") == Some(&Value::Bool(true)) {
        "share"
    } else {
        "mic-webcam"
    }
}

impl RoomState {
    fn add_peer(&self, peer: PeerInfo) {
        self.peers.update(|peers| {
            if !peers.iter().any(|p| p.id == peer.id) {
                peers.push(peer);
            }
        });
    }

    fn remove_peer(&self, peer_id: &str) {
        self.peers.update(|peers| peers.retain(|p| p.id != peer_id));
        self.media.with_value(|m| m.borrow_mut().remove(peer_id));
    }
}
