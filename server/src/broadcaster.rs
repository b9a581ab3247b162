//! The Broadcaster REST API of mediasoup-demo v3: encoders without a browser
//! (ffmpeg, GStreamer) join a room over HTTP, get plain RTP (or WebRTC)
//! transports, and produce or consume.
//!
//! A broadcaster is a peer of its room (a [`PeerEntry`](crate::room::PeerEntry)
//! marked `broadcaster`, whose signal reaches no one): WebSocket peers get
//! `newPeer` when it is created, `newConsumer` for each of its producers, and
//! `peerClosed` when it is deleted; a WebSocket peer joining later sees it in
//! the `join` answer. A room with a broadcaster stays open.
//!
//! The data variants (`produce/data`, `consume/data`) need a transport created
//! with `sctpCapabilities`.
//!
//! Errors are plain-text reasons: a missing or mistyped field is a 400 naming
//! the field, an unknown room, broadcaster, transport or producer a 404.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use stunroom_shared::broadcaster::{
    BroadcasterPeerInfo, ConnectTransportRequest, ConsumeDataRequest, ConsumeDataResponse,
    ConsumeResponse, CreateBroadcasterRequest, CreateBroadcasterResponse, CreateProducerRequest,
    CreateTransportRequest, ProduceDataRequest, ProducerSummary, TransportType,
};
use stunroom_shared::media::{RtpCapabilities, RtpParameters};
use stunroom_shared::messages::{PeerIdData, PeerInfo, ProduceResponse, ServerNotification};
use tokio::sync::mpsc;

use crate::peer::{consume, consume_data};
use crate::room::{
    DataProducerRecord, Departed, Joined, PeerLink, ProducerRecord, Room, TransportRole,
};
use crate::session::Signal;
use crate::sfu::{self, Op, PlainOptions, SfuError, SfuEvent, TransportOptions};
use crate::App;

/// Most transports a broadcaster may hold at once.
const MAX_TRANSPORTS: usize = 8;

type ApiError = (StatusCode, String);
type ApiResult = Result<Response, ApiError>;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/rooms/{room_id}", get(room_capabilities))
        .route("/rooms/{room_id}/broadcasters", post(create_broadcaster))
        .route(
            "/rooms/{room_id}/broadcasters/{broadcaster_id}",
            delete(delete_broadcaster),
        )
        .route(
            "/rooms/{room_id}/broadcasters/{broadcaster_id}/transports",
            post(create_transport),
        )
        .route(
            "/rooms/{room_id}/broadcasters/{broadcaster_id}/transports/{transport_id}/connect",
            post(connect_transport),
        )
        .route(
            "/rooms/{room_id}/broadcasters/{broadcaster_id}/transports/{transport_id}/producers",
            post(create_producer),
        )
        .route(
            "/rooms/{room_id}/broadcasters/{broadcaster_id}/transports/{transport_id}/consume",
            post(create_consumer),
        )
        .route(
            "/rooms/{room_id}/broadcasters/{broadcaster_id}/transports/{transport_id}/produce/data",
            post(create_data_producer),
        )
        .route(
            "/rooms/{room_id}/broadcasters/{broadcaster_id}/transports/{transport_id}/consume/data",
            post(create_data_consumer),
        )
}

fn sfu_error(e: SfuError) -> ApiError {
    let status = StatusCode::from_u16(e.code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, e.to_string())
}

fn not_found(what: &str, id: &str) -> ApiError {
    (
        StatusCode::NOT_FOUND,
        format!("{what} with id \"{id}\" not found"),
    )
}

fn json_ok(value: impl Serialize) -> ApiResult {
    Ok(Json(value).into_response())
}

/// Decodes a JSON body; the reason names the offending field (`body.<path>`).
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err((
            StatusCode::BAD_REQUEST,
            "missing body: expected a JSON object".into(),
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." {
            "body".to_owned()
        } else {
            format!("body.{path}")
        };
        (
            StatusCode::BAD_REQUEST,
            format!("invalid {at}: {}", e.inner()),
        )
    })
}

fn room(app: &App, room_id: &str) -> Result<Arc<Room>, ApiError> {
    app.rooms
        .get(room_id)
        .ok_or_else(|| not_found("room", room_id))
}

/// The room and the broadcaster's connection id.
fn broadcaster(app: &App, room_id: &str, id: &str) -> Result<(Arc<Room>, u64), ApiError> {
    let room = room(app, room_id)?;
    let conn = room
        .broadcaster(id)
        .ok_or_else(|| not_found("broadcaster", id))?;
    Ok((room, conn))
}

/// Checks that the transport is the broadcaster's.
fn owned_transport(room: &Room, id: &str, conn: u64, transport_id: &str) -> Result<(), ApiError> {
    match room.with_peer(id, conn, |p| p.transports.contains_key(transport_id)) {
        Some(true) => Ok(()),
        Some(false) => Err(not_found("transport", transport_id)),
        None => Err(not_found("broadcaster", id)),
    }
}

/// `GET /rooms/:roomId`: the router's RTP capabilities of an open room.
async fn room_capabilities(State(app): State<Arc<App>>, Path(room_id): Path<String>) -> ApiResult {
    let room = room(&app, &room_id)?;
    json_ok(room.router(&app.sfu).await.map_err(sfu_error)?)
}

/// `POST /rooms/:roomId/broadcasters`: joins the room (created if needed).
async fn create_broadcaster(
    State(app): State<Arc<App>>,
    Path(room_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let request: CreateBroadcasterRequest = parse(&body)?;
    if let Some(field) = request.empty_field() {
        return Err((
            StatusCode::BAD_REQUEST,
            format!("invalid body.{field}: must be a non-empty string"),
        ));
    }
    if let Some(caps) = &request.rtp_capabilities {
        sfu::check_rtp_capabilities(caps).map_err(sfu_error)?;
    }
    let id = request.id.clone();
    let (events_tx, events_rx) = mpsc::unbounded_channel();
    let link = PeerLink {
        signal: Signal::detached(),
        events: events_tx,
    };
    let Some((room, conn)) = app.rooms.connect_broadcaster(&room_id, &id, link) else {
        return Err((
            StatusCode::CONFLICT,
            format!("room \"{room_id}\" already has a peer with id \"{id}\""),
        ));
    };
    if let Err(e) = room.router(&app.sfu).await {
        leave(&app, &room, &id, conn).await;
        return Err(sfu_error(e));
    }
    let device = request.device.to_device_info();
    let joined = Joined {
        display_name: request.display_name.clone(),
        device: device.clone(),
        rtp_capabilities: request.rtp_capabilities.clone(),
    };
    let Ok(snapshot) = room.join(&id, conn, joined) else {
        return Err(not_found("broadcaster", &id));
    };
    tokio::spawn(watch_events(room.clone(), id.clone(), conn, events_rx));
    tracing::info!(room = %room_id, broadcaster = %id, others = snapshot.peers.len(), "broadcaster joined");
    let me = PeerInfo {
        id: id.clone(),
        display_name: request.display_name,
        device,
    };
    for other in &snapshot.others {
        other.signal.notify(ServerNotification::NewPeer(me.clone()));
    }

    // Like the reference: the peers and the producers it can consume, only
    // when it gave its RTP capabilities.
    let mut peers = Vec::new();
    if let Some(caps) = request.rtp_capabilities {
        let ids = snapshot.producers.iter().map(|p| p.id.clone()).collect();
        // It has joined by now: a failure here only shortens the list.
        let consumable = app
            .sfu
            .consumable(room.key, ids, caps)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(broadcaster = %id, "cannot check which producers it can consume: {e}");
                Vec::new()
            });
        for peer in snapshot.peers {
            let producers = snapshot
                .producers
                .iter()
                .filter(|p| p.peer_id == peer.id && consumable.contains(&p.id))
                .map(|p| ProducerSummary {
                    id: p.id.clone(),
                    kind: p.kind,
                })
                .collect();
            peers.push(BroadcasterPeerInfo {
                id: peer.id,
                display_name: peer.display_name,
                device: peer.device,
                producers,
            });
        }
    }
    json_ok(CreateBroadcasterResponse { peers })
}

/// Forgets the broadcaster's consumers that mediasoup closed (their producer went).
async fn watch_events(
    room: Arc<Room>,
    id: String,
    conn: u64,
    mut events: mpsc::UnboundedReceiver<SfuEvent>,
) {
    while let Some(event) = events.recv().await {
        match event {
            SfuEvent::ConsumerClosed { consumer_id } => {
                let gone = room.with_peer(&id, conn, |p| p.consumers.remove(&consumer_id));
                if gone.is_none() {
                    break;
                }
            }
            SfuEvent::DataConsumerClosed { data_consumer_id } => {
                let gone = room.with_peer(&id, conn, |p| {
                    p.data.data_consumers.remove(&data_consumer_id)
                });
                if gone.is_none() {
                    break;
                }
            }
            SfuEvent::TransportFailed {
                transport_id,
                state,
            } => {
                tracing::info!(broadcaster = %id, transport = %transport_id, "{state}");
            }
            _ => {}
        }
    }
}

/// Takes the broadcaster out of its room: closes its transports (with their
/// producers and consumers) and tells the others.
async fn leave(app: &App, room: &Room, id: &str, conn: u64) -> bool {
    let Some(departed) = app.rooms.leave(room, id, conn) else {
        return false;
    };
    let Departed {
        entry,
        others,
        room_empty,
    } = departed;
    for transport_id in entry.transports.keys() {
        let _ = app.sfu.close_transport(transport_id.clone()).await;
    }
    if entry.joined.is_some() {
        for other in &others {
            other
                .signal
                .notify(ServerNotification::PeerClosed(PeerIdData {
                    peer_id: id.to_owned(),
                }));
        }
    }
    if room_empty {
        let _ = app.sfu.close_router(room.key).await;
        tracing::info!(room = %room.id, "room closed");
    }
    true
}

/// `DELETE /rooms/:roomId/broadcasters/:id`.
async fn delete_broadcaster(
    State(app): State<Arc<App>>,
    Path((room_id, id)): Path<(String, String)>,
) -> ApiResult {
    let (room, conn) = broadcaster(&app, &room_id, &id)?;
    if !leave(&app, &room, &id, conn).await {
        return Err(not_found("broadcaster", &id));
    }
    tracing::info!(room = %room_id, broadcaster = %id, "broadcaster deleted");
    Ok((StatusCode::OK, "broadcaster deleted").into_response())
}

/// `POST …/broadcasters/:id/transports`: `{type: "plain"|"webrtc", rtcpMux, comedia, sctpCapabilities}`.
async fn create_transport(
    State(app): State<Arc<App>>,
    Path((room_id, id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let request: CreateTransportRequest = parse(&body)?;
    let (room, conn) = broadcaster(&app, &room_id, &id)?;
    let (count, events) = room
        .with_peer(&id, conn, |p| (p.transports.len(), p.link.events.clone()))
        .ok_or_else(|| not_found("broadcaster", &id))?;
    if count >= MAX_TRANSPORTS {
        return Err((
            StatusCode::TOO_MANY_REQUESTS,
            format!("too many transports (at most {MAX_TRANSPORTS})"),
        ));
    }
    room.router(&app.sfu).await.map_err(sfu_error)?;
    let sfu = &app.sfu;
    let (transport_id, answer): (String, Value) = match request.transport_type {
        TransportType::Plain => {
            let options = PlainOptions {
                rtcp_mux: request.rtcp_mux,
                comedia: request.comedia,
                sctp_capabilities: request.sctp_capabilities,
            };
            let info = sfu
                .create_plain_transport(room.key, options)
                .await
                .map_err(sfu_error)?;
            (info.id.clone(), json!(info))
        }
        TransportType::WebRtc => {
            let options = TransportOptions {
                force_tcp: false,
                producing: false,
                sctp_capabilities: request.sctp_capabilities,
                events,
            };
            let info = sfu
                .create_webrtc_transport(room.key, options)
                .await
                .map_err(sfu_error)?;
            (info.id.clone(), json!(info))
        }
    };
    let kept = room.with_peer(&id, conn, |p| {
        p.transports
            .insert(transport_id.clone(), TransportRole { consuming: false });
    });
    if kept.is_none() {
        let _ = sfu.close_transport(transport_id).await;
        return Err(not_found("broadcaster", &id));
    }
    json_ok(answer)
}

/// `POST …/transports/:tid/connect` `{dtlsParameters}` (WebRTC transports only).
async fn connect_transport(
    State(app): State<Arc<App>>,
    Path((room_id, id, transport_id)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let request: ConnectTransportRequest = parse(&body)?;
    let (room, conn) = broadcaster(&app, &room_id, &id)?;
    owned_transport(&room, &id, conn, &transport_id)?;
    app.sfu
        .connect_transport(transport_id, request.dtls_parameters)
        .await
        .map_err(sfu_error)?;
    json_ok(json!({}))
}

/// `POST …/transports/:tid/producers` `{kind, rtpParameters}` → `{id}`; every
/// joined WebSocket peer gets a consumer for it.
async fn create_producer(
    State(app): State<Arc<App>>,
    Path((room_id, id, transport_id)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let request: CreateProducerRequest = parse(&body)?;
    let (room, conn) = broadcaster(&app, &room_id, &id)?;
    owned_transport(&room, &id, conn, &transport_id)?;
    let sfu = &app.sfu;
    let mut rtp_parameters = request.rtp_parameters;
    let router_caps = room.router(sfu).await.map_err(sfu_error)?;
    canonical_mime_types(&mut rtp_parameters, &router_caps);
    let producer_id = sfu
        .produce(transport_id, request.kind, rtp_parameters)
        .await
        .map_err(sfu_error)?;
    let mut app_data = request.app_data;
    app_data.insert("peerId".into(), Value::String(id.clone()));
    let record = ProducerRecord {
        id: producer_id.clone(),
        peer_id: id.clone(),
        kind: request.kind,
        app_data,
    };
    let Some(targets) = room.add_producer(conn, record.clone()) else {
        let _ = sfu.producer(producer_id, Op::Close).await;
        return Err(not_found("broadcaster", &id));
    };
    tracing::info!(broadcaster = %id, producer = %producer_id, kind = %request.kind, "broadcaster producing");
    // Like the reference: its audio joins the room's AudioLevelObserver (active speaker).
    let events = room
        .with_peer(&id, conn, |p| p.link.events.clone())
        .ok_or_else(|| not_found("broadcaster", &id))?;
    if let Err(e) = sfu
        .watch_producer(room.key, producer_id.clone(), events)
        .await
    {
        tracing::warn!(producer = %producer_id, "cannot watch the producer: {e}");
    }
    for target in targets {
        tokio::spawn(consume(app.clone(), room.clone(), target, record.clone()));
    }
    json_ok(ProduceResponse { id: producer_id })
}

/// Spells codec mime types as the router does: MIME types are case-insensitive
/// and mediasoup-demo's ffmpeg.sh sends `video/vp8`, but mediasoup's Rust types
/// know only its own spelling (`video/VP8`).
fn canonical_mime_types(params: &mut RtpParameters, router: &RtpCapabilities) {
    for codec in &mut params.codecs {
        let known = router
            .codecs
            .iter()
            .map(|c| c.mime_type.as_str())
            .chain(["video/rtx"])
            .find(|m| m.eq_ignore_ascii_case(&codec.mime_type));
        if let Some(m) = known {
            codec.mime_type = m.to_owned();
        }
    }
}

/// `POST …/transports/:tid/consume?producerId=…` → `{id, producerId, kind, rtpParameters, type}`.
async fn create_consumer(
    State(app): State<Arc<App>>,
    Path((room_id, id, transport_id)): Path<(String, String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    let producer_id = query
        .get("producerId")
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            (
                StatusCode::BAD_REQUEST,
                "missing query parameter \"producerId\"".to_owned(),
            )
        })?
        .to_owned();
    let (room, conn) = broadcaster(&app, &room_id, &id)?;
    owned_transport(&room, &id, conn, &transport_id)?;
    let (caps, events) = room
        .with_peer(&id, conn, |p| {
            (
                p.joined.as_ref().and_then(|j| j.rtp_capabilities.clone()),
                p.link.events.clone(),
            )
        })
        .ok_or_else(|| not_found("broadcaster", &id))?;
    let Some(caps) = caps else {
        return Err((
            StatusCode::BAD_REQUEST,
            format!("broadcaster \"{id}\" has no rtpCapabilities (give them when creating it)"),
        ));
    };
    if !room.has_producer(&producer_id) {
        return Err(not_found("producer", &producer_id));
    }
    let sfu = &app.sfu;
    let info = sfu
        .consume(transport_id, producer_id.clone(), caps, events)
        .await
        .map_err(sfu_error)?
        .ok_or_else(|| {
            (
                StatusCode::BAD_REQUEST,
                format!(
                    "the broadcaster's rtpCapabilities cannot consume producer \"{producer_id}\""
                ),
            )
        })?;
    let consumer_id = info.id.clone();
    let kept = room.with_peer(&id, conn, |p| p.consumers.insert(consumer_id.clone()));
    if kept.is_none() {
        let _ = sfu.consumer(consumer_id, Op::Close).await;
        return Err(not_found("broadcaster", &id));
    }
    // The reference creates broadcaster consumers unpaused.
    sfu.consumer(consumer_id.clone(), Op::Resume)
        .await
        .map_err(sfu_error)?;
    json_ok(ConsumeResponse {
        id: consumer_id,
        producer_id,
        kind: info.kind,
        rtp_parameters: info.rtp_parameters,
        consumer_type: info.consumer_type,
    })
}

/// `POST …/transports/:tid/produce/data` `{label, protocol, sctpStreamParameters, appData}`
/// → `{id}` (a transport created with `sctpCapabilities`). A `chat` data
/// producer reaches the joined peers that have SCTP, as a peer's does.
async fn create_data_producer(
    State(app): State<Arc<App>>,
    Path((room_id, id, transport_id)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let request: ProduceDataRequest = parse(&body)?;
    let (room, conn) = broadcaster(&app, &room_id, &id)?;
    owned_transport(&room, &id, conn, &transport_id)?;
    let sfu = &app.sfu;
    let data_producer_id = sfu
        .produce_data(
            transport_id,
            request.sctp_stream_parameters,
            request.label.clone(),
            request.protocol,
        )
        .await
        .map_err(sfu_error)?;
    let record = DataProducerRecord {
        id: data_producer_id.clone(),
        peer_id: id.clone(),
        label: request.label,
        app_data: request.app_data,
    };
    let Some(targets) = room.add_data_producer(conn, record.clone()) else {
        return Err(not_found("broadcaster", &id));
    };
    tracing::info!(broadcaster = %id, data_producer = %data_producer_id, label = %record.label, "broadcaster producing data");
    for target in targets {
        tokio::spawn(consume_data(
            app.clone(),
            room.clone(),
            target,
            Some(record.clone()),
        ));
    }
    json_ok(ProduceResponse {
        id: data_producer_id,
    })
}

/// `POST …/transports/:tid/consume/data` `{dataProducerId}` → `{id, streamId}`:
/// a peer's data producer or the room's bot.
async fn create_data_consumer(
    State(app): State<Arc<App>>,
    Path((room_id, id, transport_id)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let request: ConsumeDataRequest = parse(&body)?;
    let (room, conn) = broadcaster(&app, &room_id, &id)?;
    owned_transport(&room, &id, conn, &transport_id)?;
    let data_producer_id = request.data_producer_id;
    let known = room.bot_data_producer().as_deref() == Some(data_producer_id.as_str())
        || room.data_producer_owner_name(&data_producer_id).is_some();
    if !known {
        return Err(not_found("data producer", &data_producer_id));
    }
    let events = room
        .with_peer(&id, conn, |p| p.link.events.clone())
        .ok_or_else(|| not_found("broadcaster", &id))?;
    let sfu = &app.sfu;
    let info = sfu
        .consume_data(transport_id, data_producer_id, events)
        .await
        .map_err(sfu_error)?;
    let kept = room.with_peer(&id, conn, |p| p.data.data_consumers.insert(info.id.clone()));
    if kept.is_none() {
        let _ = sfu.close_data_consumer(info.id).await;
        return Err(not_found("broadcaster", &id));
    }
    json_ok(ConsumeDataResponse {
        id: info.id,
        stream_id: info.sctp_stream_parameters.stream_id,
    })
}
