//! One joined room session: the join sequence and the server's requests and
//! notifications. Drives the sans-IO core, applies its SDP through `webrtc`,
//! talks to the server through `signaling`, reports to the UI only through
//! [`RoomState`]. Sending lives in `send`, receiving in `recv`, chat in
//! `data`, statistics in `stats`.

mod data;
mod devices;
mod extras;
mod recv;
mod send;
mod stats;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::future::{LocalBoxFuture, Shared};
use futures::lock::Mutex;
use futures::StreamExt;
use leptos::prelude::*;
use serde_json::{json, Value};
use stunroom_shared::ice::IceConfiguration;
use stunroom_shared::ids::{ConsumerId, TransportId};
use stunroom_shared::media::DtlsParameters;
use stunroom_shared::messages::{
    ChangeDisplayNameRequest, ClientRequest, ConnectWebRtcTransportRequest,
    CreateWebRtcTransportRequest, DeviceInfo, Empty, JoinRequest, JoinResponse, ServerNotification,
    ServerRequest, TransportInfo,
};
use stunroom_shared::protoo::{ErrorResponse, Request, CLOSE_NO_RECONNECT};

use crate::core::{Device, Handler, RecvCore, SendCore};
use crate::options::RoomOptions;
use crate::signaling::{log, Incoming, Signaling};
use crate::state::{PeerView, Phase, RoomState, ToastLevel};
use crate::timing::{self, Mark};
use crate::webrtc::{self, LinkState, PeerConnection};

pub use data::DataChannels;
use recv::ConsumerEntry;
use send::Producers;

/// What a room needs to (re)join.
#[derive(Clone)]
pub struct JoinArgs {
    pub ws_url: String,
    /// mediasoup-demo's URL options: which transports, media and data channels.
    pub options: RoomOptions,
    /// The ICE servers, fetched while the socket opens (done once; a rejoin
    /// reuses the answer).
    pub ice: Shared<LocalBoxFuture<'static, IceConfiguration>>,
    /// Done when the camera/microphone capture has finished, well or not:
    /// producing waits for it, joining does not.
    pub media_ready: Shared<LocalBoxFuture<'static, ()>>,
}

/// Why a joined room stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// The person left.
    Left,
    /// The signaling connection dropped: worth rejoining.
    Lost,
    /// The server asked us not to come back (e.g. the same peer joined elsewhere).
    Refused(String),
}

pub struct Room {
    signaling: Rc<Signaling>,
    device: Device,
    options: RoomOptions,
    /// None with `produce=false` (receive only).
    send: Option<Transport<SendCore>>,
    /// None with `consume=false` (send only).
    recv: Option<Transport<RecvCore>>,
    consumers: RefCell<HashMap<ConsumerId, ConsumerEntry>>,
    producers: Producers,
    data: DataChannels,
    state: RoomState,
    ended: Cell<bool>,
    /// Video consumers paused because their tile is off screen (`extras`).
    hidden_paused: extras::HiddenPaused,
}

/// One mediasoup transport: its id, the browser side, and the core that
/// serializes SDP negotiations on it (held across each offer/answer round).
struct Transport<C> {
    id: TransportId,
    pc: Rc<PeerConnection>,
    core: Mutex<C>,
    connected: Cell<bool>,
}

fn failed(what: &str, e: impl std::fmt::Display) -> String {
    format!("{what}: {e}")
}

impl Room {
    /// Runs the whole join sequence. `on_end` is called once when the room
    /// stops for any reason other than [`Room::leave`].
    pub async fn join(
        args: &JoinArgs,
        state: RoomState,
        on_end: impl FnOnce(Ended) + 'static,
    ) -> Result<Rc<Room>, String> {
        // The browser's codec probe needs no socket: both at once.
        let connect = async {
            let c = Signaling::connect(&args.ws_url).await;
            timing::mark(Mark::SocketOpen);
            c
        };
        let (connected, probe) = futures::join!(connect, webrtc::probe_offer());
        let (signaling, incoming) = connected.map_err(|e| e.to_string())?;

        let caps = signaling
            .request(ClientRequest::GetRouterRtpCapabilities(Empty {}))
            .await
            .map_err(|e| failed("Could not load the room's media settings", e))?;
        let probe = probe.map_err(|e| failed("This browser cannot do WebRTC", e))?;
        // mediasoup-client's handler for this browser (Chrome111 where it knows none).
        let handler = Handler::detect(&webrtc::user_agent()).unwrap_or_default();
        log(&format!("WebRTC handler: {}", handler.name()));
        let device = Device::load_for(handler, caps, &probe)
            .map_err(|e| failed("This browser's codecs do not match the server's", e))?;

        // Like mediasoup-demo, only the transports the options call for; both
        // requests in flight (protoo answers them by id).
        let options = args.options;
        if options.e2e_key.is_some() && !webrtc::e2ee::supported() {
            return Err(webrtc::e2ee::unsupported_error());
        }
        let want = |wanted: bool, producing: bool| {
            let (signaling, device) = (&signaling, &device);
            async move {
                if !wanted {
                    return Ok(None);
                }
                create_transport(signaling, device, options, producing)
                    .await
                    .map(Some)
            }
        };
        let (send_info, recv_info) =
            futures::join!(want(options.produce, true), want(options.consume, false));
        let (send_info, recv_info) = (send_info?, recv_info?);
        let ice = args.ice.clone().await;
        let send = match send_info {
            Some(info) => Some(Transport {
                core: Mutex::new(SendCore::new(&device, &info)),
                pc: PeerConnection::new(&ice, options.e2e_key.is_some())
                    .map_err(|e| e.to_string())?,
                id: info.id,
                connected: Cell::new(false),
            }),
            None => None,
        };
        let recv = match recv_info {
            Some(info) => Some(Transport {
                core: Mutex::new(RecvCore::new(&device, &info)),
                pc: PeerConnection::new(&ice, options.e2e_key.is_some())
                    .map_err(|e| e.to_string())?,
                id: info.id,
                connected: Cell::new(false),
            }),
            None => None,
        };

        let room = Rc::new(Room {
            signaling,
            device,
            options,
            send,
            recv,
            consumers: RefCell::default(),
            producers: Producers::default(),
            data: DataChannels::default(),
            state,
            ended: Cell::new(false),
            hidden_paused: Default::default(),
        });
        room.watch_links();
        // Server requests (newConsumer) start arriving right after `join` answers.
        leptos::task::spawn_local(Rc::clone(&room).handle_incoming(incoming, on_end));

        if let Err(e) = room.join_room(args.media_ready.clone()).await {
            // Not joined: close without reporting an end (the caller reports the error).
            room.leave();
            return Err(e);
        }
        Ok(room)
    }

    async fn join_room(
        &self,
        media_ready: Shared<LocalBoxFuture<'static, ()>>,
    ) -> Result<(), String> {
        let state = self.state;
        let options = self.options;
        let (flag, name, version) = webrtc::browser_device();
        // mediasoup-demo: no RTP capabilities when not consuming (the server
        // then offers us no consumers), no SCTP ones without data channels.
        let joined: JoinResponse = self
            .signaling
            .request(ClientRequest::Join(JoinRequest {
                display_name: state.my_name.get_untracked(),
                device: DeviceInfo {
                    flag: Some(flag),
                    name,
                    version: Some(version),
                },
                rtp_capabilities: options
                    .consume
                    .then(|| self.device.recv_rtp_capabilities().clone()),
                sctp_capabilities: options
                    .can_receive_chat()
                    .then(|| self.device.sctp_capabilities()),
            }))
            .await
            .map_err(|e| failed("Could not join the room", e))?;
        state
            .peers
            .set(joined.peers.into_iter().map(PeerView::new).collect());
        state.phase.set(Phase::Joined);
        timing::mark(Mark::Joined);
        self.restore_hand().await;
        if options.produce {
            media_ready.await;
            self.start_sending().await;
        }
        if options.can_send_chat() {
            if let Err(e) = self.open_chat().await {
                state.toast(ToastLevel::Error, format!("Chat is unavailable: {e}"));
            }
        }
        Ok(())
    }

    async fn connect_transport(
        &self,
        transport_id: &TransportId,
        dtls_parameters: DtlsParameters,
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

    async fn handle_incoming(
        self: Rc<Self>,
        mut incoming: mpsc::UnboundedReceiver<Incoming>,
        on_end: impl FnOnce(Ended) + 'static,
    ) {
        while let Some(event) = incoming.next().await {
            match event {
                Incoming::Request(request) => {
                    let room = Rc::clone(&self);
                    leptos::task::spawn_local(async move {
                        if room.serve_request(request).await {
                            room.pause_if_hidden().await;
                        }
                    });
                }
                Incoming::Notification(n) => match ServerNotification::from_notification(&n) {
                    Ok(Some(notification)) => self.on_notification(notification).await,
                    Ok(None) => {}
                    Err(e) => log(&format!("bad notification {}: {e}", n.method)),
                },
                Incoming::Closed { code, reason } => {
                    if self.ended.replace(true) {
                        return;
                    }
                    self.close_media();
                    on_end(if code == CLOSE_NO_RECONNECT {
                        Ended::Refused(if reason.is_empty() {
                            "the server closed the session".into()
                        } else {
                            reason
                        })
                    } else {
                        Ended::Lost
                    });
                    return;
                }
            }
        }
    }

    /// Answers a server request; true when it was a `newConsumer` we took.
    async fn serve_request(&self, request: Request) -> bool {
        let refused = |why: &str| Err(ErrorResponse::new(403, why));
        let mut new_consumer = false;
        let result = match ServerRequest::from_request(&request) {
            // mediasoup-demo's answers when the options rule a consumer out.
            Ok(ServerRequest::NewConsumer(_)) if !self.options.consume => {
                refused("I do not want to consume")
            }
            Ok(ServerRequest::NewDataConsumer(_)) if !self.options.consume => {
                refused("I do not want to data consume")
            }
            Ok(ServerRequest::NewDataConsumer(_)) if !self.options.datachannel => {
                refused("I do not want DataChannels")
            }
            Ok(ServerRequest::NewConsumer(c)) => {
                let result = self
                    .consume(c)
                    .await
                    .map(|()| json!({}))
                    .map_err(|e| ErrorResponse::new(500, e));
                new_consumer = result.is_ok();
                result
            }
            Ok(ServerRequest::NewDataConsumer(d)) => self
                .consume_data(d)
                .await
                .map(|()| json!({}))
                .map_err(|e| ErrorResponse::new(500, e)),
            Err(e) => Err(e),
        };
        if let Err(e) = &result {
            log(&format!("server request {} failed: {e}", request.method));
        }
        self.signaling.respond(request.id, result);
        new_consumer
    }

    async fn on_notification(&self, n: ServerNotification) {
        let state = self.state;
        match n {
            ServerNotification::NewPeer(peer) => {
                state.toast(ToastLevel::Info, format!("{} joined", peer.display_name));
                state.peers.update(|peers| {
                    if !peers.iter().any(|p| p.id == peer.id) {
                        peers.push(PeerView::new(peer));
                    }
                });
            }
            ServerNotification::PeerClosed(p) => {
                let ids: Vec<ConsumerId> = self
                    .consumers
                    .borrow()
                    .iter()
                    .filter(|(_, c)| c.peer_id == p.peer_id)
                    .map(|(id, _)| id.clone())
                    .collect();
                for id in ids {
                    self.close_consumer(&id).await;
                }
                if let Some(name) = state.peer_name(&p.peer_id) {
                    state.toast(ToastLevel::Info, format!("{name} left"));
                }
                state
                    .peers
                    .update(|peers| peers.retain(|x| x.id != p.peer_id));
                state.forget_peer_media(&p.peer_id);
            }
            ServerNotification::PeerDisplayNameChanged(c) => {
                state.update_peer(&c.peer_id, |p| p.display_name = c.display_name.clone());
                state.toast(
                    ToastLevel::Info,
                    format!("{} is now {}", c.old_display_name, c.display_name),
                );
            }
            ServerNotification::ConsumerClosed(c) => self.close_consumer(&c.consumer_id).await,
            ServerNotification::ConsumerPaused(c) => self.set_consumer_paused(&c.consumer_id, true),
            ServerNotification::ConsumerResumed(c) => {
                self.set_consumer_paused(&c.consumer_id, false)
            }
            ServerNotification::ConsumerScore(s) => {
                if let Some(score) = s.typed() {
                    self.set_consumer_score(&s.consumer_id, score.score);
                }
            }
            ServerNotification::ConsumerLayersChanged(l) => self.set_consumer_layers(l),
            ServerNotification::ActiveSpeaker(a) => state.active_speaker.set(a.peer_id),
            ServerNotification::DataConsumerClosed(d) => self.data.close(&d.data_consumer_id),
            ServerNotification::PeerHandChanged(h) => self.on_hand_changed(h),
            ServerNotification::PeerReaction(r) => self.on_reaction(r),
            ServerNotification::RecordingStateChanged(r) => state.recording.set(r.recording),
            ServerNotification::MediasoupVersion(_)
            | ServerNotification::ProducerScore(_)
            | ServerNotification::DownlinkBwe(_) => {}
        }
    }

    fn watch_links(&self) {
        let links = [
            self.send.as_ref().map(|t| (&t.pc, Mark::SendConnected)),
            self.recv.as_ref().map(|t| (&t.pc, Mark::RecvConnected)),
        ];
        for (pc, connected) in links.into_iter().flatten() {
            let state = self.state;
            pc.on_state_change(move |link| match link {
                LinkState::Failed => state.show_error(
                    "The media connection failed (ICE/TURN). A firewall may block UDP, or the \
                     TURN server refused the credentials; see the README's TURN section."
                        .into(),
                ),
                LinkState::Disconnected => state.toast(
                    ToastLevel::Error,
                    "Media connection interrupted; trying to recover…",
                ),
                LinkState::Connected => {
                    timing::mark(connected);
                    // A recovered connection clears an earlier ICE failure.
                    if state
                        .error
                        .get_untracked()
                        .is_some_and(|e| e.contains("ICE/TURN"))
                    {
                        state.error.set(None);
                    }
                }
                LinkState::Connecting | LinkState::Closed => {}
            });
        }
    }

    pub async fn rename(&self, name: String) -> Result<(), String> {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err("the name is empty".into());
        }
        let _: Value = self
            .signaling
            .request(ClientRequest::ChangeDisplayName(ChangeDisplayNameRequest {
                display_name: name.clone(),
            }))
            .await
            .map_err(|e| e.to_string())?;
        self.state.my_name.set(name);
        Ok(())
    }

    /// Restarts ICE on both transports (after a network change, for instance).
    pub async fn restart_ice(&self) -> Result<(), String> {
        if self.send.is_some() {
            self.restart_send_ice().await?;
        }
        if self.recv.is_some() {
            self.restart_recv_ice().await?;
        }
        self.state.toast(ToastLevel::Info, "Connection restarted");
        Ok(())
    }

    fn close_media(&self) {
        self.data.close_all();
        if let Some(send) = &self.send {
            send.pc.close();
        }
        if let Some(recv) = &self.recv {
            recv.pc.close();
        }
        for entry in self.consumers.borrow().values() {
            entry.track.stop();
        }
    }

    /// The send transport; an error with `produce=false`.
    fn send(&self) -> Result<&Transport<SendCore>, String> {
        self.send
            .as_ref()
            .ok_or_else(|| "this page only receives (produce=false)".into())
    }

    /// The receive transport; an error with `consume=false`.
    fn recv(&self) -> Result<&Transport<RecvCore>, String> {
        self.recv
            .as_ref()
            .ok_or_else(|| "this page only sends (consume=false)".into())
    }

    /// Leaves for good: no rejoin. Local capture keeps running only if the
    /// page rejoins; the caller stops it.
    pub fn leave(&self) {
        if self.ended.replace(true) {
            return;
        }
        self.signaling.close();
        self.close_media();
    }
}

async fn create_transport(
    signaling: &Signaling,
    device: &Device,
    options: RoomOptions,
    producing: bool,
) -> Result<TransportInfo, String> {
    signaling
        .request(ClientRequest::CreateWebRtcTransport(
            CreateWebRtcTransportRequest {
                force_tcp: options.force_tcp,
                producing,
                consuming: !producing,
                sctp_capabilities: options.datachannel.then(|| device.sctp_capabilities()),
            },
        ))
        .await
        .map_err(|e| failed("Could not set up the media connection", e))
}
