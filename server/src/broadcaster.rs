//! The Broadcaster REST API of mediasoup-demo v3: encoders without a browser
//! (ffmpeg, GStreamer) join a room over HTTP, get plain RTP (or WebRTC)
//! transports, and produce or consume.
//!
//! A broadcaster is a [`Peer`] of its room without a connection (its channel
//! is [`Detached`]): WebSocket peers get `newPeer` when it is created,
//! `newConsumer` for each of its producers, and `peerClosed` when it is
//! deleted or expires (idle for `--broadcaster-idle`); a WebSocket peer joining
//! later sees it in the `join` answer. Every handler here only decodes, calls
//! the domain, and encodes: the rules (limits, ownership, validation) are the
//! same as for protoo peers.
//!
//! With room tokens (`--token-secret`), every call needs `Authorization: Bearer
//! <token>` allowing `broadcast` in the room (see access.rs).
//!
//! Errors are plain-text reasons ([`ApiError`]): a missing or mistyped field is
//! a 400 naming the field, a body over `--max-body` a 413, an unknown room,
//! broadcaster, transport or producer a 404, a limit a 429.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde_json::json;
use stunroom_shared::broadcaster::{
    decode_body, ConnectTransportRequest, ConsumeDataRequest, ConsumeDataResponse, ConsumeResponse,
    CreateBroadcasterRequest, CreateBroadcasterResponse, CreateProducerRequest,
    CreateTransportRequest, ProduceDataRequest, TransportType,
};
use stunroom_shared::ids::{PeerId, ProducerId, RoomId, TransportId};
use stunroom_shared::messages::{
    CreateWebRtcTransportRequest, JoinRequest, ProduceDataResponse, ProduceResponse,
};

use crate::access::Permission;
use crate::domain::channel::Detached;
use crate::domain::data::DataProducerOptions;
use crate::domain::peer::room_router;
use crate::domain::{Arrival, Peer, PeerKind, PeerLink};
use crate::error::ApiError;
use crate::http::client_ip;
use crate::sfu::PlainOptions;
use crate::App;

type ApiResult = Result<Response, ApiError>;

pub fn routes(body_limit: usize) -> Router<Arc<App>> {
    let b = "/rooms/{room_id}/broadcasters/{broadcaster_id}";
    let t = format!("{b}/transports/{{transport_id}}");
    Router::new()
        .route("/rooms/{room_id}", get(room_capabilities))
        .route("/rooms/{room_id}/broadcasters", post(create_broadcaster))
        .route(b, delete(delete_broadcaster))
        .route(&format!("{b}/transports"), post(create_transport))
        .route(&format!("{t}/connect"), post(connect_transport))
        .route(&format!("{t}/producers"), post(create_producer))
        .route(&format!("{t}/consume"), post(create_consumer))
        .route(&format!("{t}/produce/data"), post(create_data_producer))
        .route(&format!("{t}/consume/data"), post(create_data_consumer))
        // Bodies over the limit: 413 before anything is decoded.
        .layer(DefaultBodyLimit::max(body_limit))
}

/// Decodes a JSON body; the reason names the offending field (`body.<path>`).
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    decode_body(body).map_err(|e| ApiError::bad_request(e.to_string()))
}

/// The room and broadcaster ids of a path, validated like protoo's.
fn ids(room_id: &str, broadcaster_id: &str) -> Result<(RoomId, PeerId), ApiError> {
    Ok((RoomId::parse(room_id)?, PeerId::parse(broadcaster_id)?))
}

/// With room tokens: the `Authorization: Bearer` token must allow
/// broadcasting in this room (as this broadcaster, when it names one).
/// The recording API checks its callers with this too.
pub(crate) fn authorize(
    app: &App,
    headers: &HeaderMap,
    room: &RoomId,
    id: Option<&PeerId>,
) -> Result<(), ApiError> {
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    app.config
        .access
        .check(token, room, id, Permission::Broadcast)
}

/// The broadcaster a path names, if the caller may act for it.
fn broadcaster(app: &App, headers: &HeaderMap, room_id: &str, id: &str) -> Result<Peer, ApiError> {
    let (room_id, id) = ids(room_id, id)?;
    authorize(app, headers, &room_id, Some(&id))?;
    Ok(Peer::broadcaster(&app.hub, &room_id, &id)?)
}

/// `GET /rooms/:roomId`: the router's RTP capabilities of an open room.
async fn room_capabilities(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(room_id): Path<String>,
) -> ApiResult {
    let room_id = RoomId::parse(&room_id)?;
    authorize(&app, &headers, &room_id, None)?;
    let room = app
        .hub
        .rooms
        .get(&room_id)
        .ok_or_else(|| ApiError::not_found("room", &room_id))?;
    let router = room_router(&room, &app.hub.sfu)
        .await
        .map_err(crate::domain::PeerError::from)?;
    Ok(Json(router.rtp_capabilities()).into_response())
}

/// `POST /rooms/:roomId/broadcasters`: joins the room (created if needed).
async fn create_broadcaster(
    State(app): State<Arc<App>>,
    Path(room_id): Path<String>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let request: CreateBroadcasterRequest = parse(&body)?;
    if let Some(field) = request.empty_field() {
        return Err(ApiError::bad_request(format!(
            "invalid body.{field}: must be a non-empty string"
        )));
    }
    let (room_id, id) = ids(&room_id, &request.id)?;
    authorize(&app, &headers, &room_id, Some(&id))?;
    let limits = app.hub.limits();
    let ip = client_ip(&headers, Some(addr), limits.client_ip_header.as_deref());
    let (sink, mut events) = app.hub.sfu.sink(limits.send_queue);
    let arrival = Arrival {
        room_id: &room_id,
        peer_id: &id,
        kind: PeerKind::Broadcaster,
        ip: Some(ip),
        link: PeerLink {
            channel: Arc::new(Detached),
            sink: Arc::new(sink),
        },
    };
    let peer = Peer::connect(app.hub.clone(), arrival).await?;
    let caps = request.rtp_capabilities.clone();
    let join = JoinRequest {
        display_name: request.display_name,
        device: request.device.to_device_info(),
        rtp_capabilities: request.rtp_capabilities,
        sctp_capabilities: None,
    };
    let (joined, follow_up) = match peer.join(join).await {
        Ok(joined) => joined,
        Err(e) => {
            peer.close().await;
            return Err(e.into());
        }
    };
    tokio::spawn(follow_up);
    // Its consumers' closes and its transports' failures; ends with the sink,
    // when the broadcaster leaves.
    let watcher = peer.clone();
    tokio::spawn(async move {
        while let Some(event) = events.recv().await {
            watcher.on_sfu_event(event);
        }
    });
    tracing::info!(room = %room_id, broadcaster = %id, others = joined.peers.len(), "broadcaster joined");
    // Like the reference: the peers and their producers, only when it gave
    // its RTP capabilities.
    let peers = match caps {
        Some(caps) => peer.consumable_peers(joined.peers, caps).await,
        None => Vec::new(),
    };
    Ok(Json(CreateBroadcasterResponse { peers }).into_response())
}

/// `DELETE /rooms/:roomId/broadcasters/:id`.
async fn delete_broadcaster(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((room_id, id)): Path<(String, String)>,
) -> ApiResult {
    let peer = broadcaster(&app, &headers, &room_id, &id)?;
    peer.close().await;
    tracing::info!(room = %peer.room.id, broadcaster = %peer.id, "broadcaster deleted");
    Ok((StatusCode::OK, "broadcaster deleted").into_response())
}

/// `POST …/broadcasters/:id/transports`: `{type: "plain"|"webrtc", rtcpMux, comedia, sctpCapabilities}`.
async fn create_transport(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((room_id, id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let request: CreateTransportRequest = parse(&body)?;
    let peer = broadcaster(&app, &headers, &room_id, &id)?;
    let answer = match request.transport_type {
        TransportType::Plain => {
            let options = PlainOptions {
                rtcp_mux: request.rtcp_mux,
                comedia: request.comedia,
                sctp_capabilities: request.sctp_capabilities,
                max_message_size: peer.limits().message_size,
            };
            json!(peer.create_plain_transport(options).await?)
        }
        TransportType::WebRtc => {
            let options = CreateWebRtcTransportRequest {
                force_tcp: false,
                producing: false,
                consuming: false,
                sctp_capabilities: request.sctp_capabilities,
            };
            json!(peer.create_webrtc_transport(options).await?)
        }
    };
    Ok(Json(answer).into_response())
}

/// `POST …/transports/:tid/connect` `{dtlsParameters}` (WebRTC transports only).
async fn connect_transport(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((room_id, id, transport_id)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let request: ConnectTransportRequest = parse(&body)?;
    let peer = broadcaster(&app, &headers, &room_id, &id)?;
    peer.connect_transport(TransportId::from(transport_id), request.dtls_parameters)
        .await?;
    Ok(Json(json!({})).into_response())
}

/// `POST …/transports/:tid/producers` `{kind, rtpParameters}` → `{id}`; every
/// joined WebSocket peer gets a consumer for it.
async fn create_producer(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((room_id, id, transport_id)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let request: CreateProducerRequest = parse(&body)?;
    let peer = broadcaster(&app, &headers, &room_id, &id)?;
    let (producer_id, follow_up) = peer
        .produce(
            TransportId::from(transport_id),
            request.kind,
            request.rtp_parameters,
            request.app_data,
        )
        .await?;
    tracing::info!(broadcaster = %peer.id, producer = %producer_id, kind = %request.kind, "broadcaster producing");
    tokio::spawn(follow_up);
    Ok(Json(ProduceResponse { id: producer_id }).into_response())
}

/// `POST …/transports/:tid/consume?producerId=…` → `{id, producerId, kind, rtpParameters, type}`.
async fn create_consumer(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((room_id, id, transport_id)): Path<(String, String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    let producer_id = query
        .get("producerId")
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(ProducerId::from)
        .ok_or_else(|| ApiError::bad_request("missing query parameter \"producerId\""))?;
    let peer = broadcaster(&app, &headers, &room_id, &id)?;
    let info = peer
        .consume_now(TransportId::from(transport_id), producer_id.clone())
        .await?;
    Ok(Json(ConsumeResponse {
        id: info.id,
        producer_id,
        kind: info.kind,
        rtp_parameters: info.rtp_parameters,
        consumer_type: info.consumer_type,
    })
    .into_response())
}

/// `POST …/transports/:tid/produce/data` `{label, protocol, sctpStreamParameters, appData}`
/// → `{id}` (a transport created with `sctpCapabilities`). A `chat` data
/// producer reaches the joined peers that have SCTP, as a peer's does.
async fn create_data_producer(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((room_id, id, transport_id)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let request: ProduceDataRequest = parse(&body)?;
    let peer = broadcaster(&app, &headers, &room_id, &id)?;
    let options = DataProducerOptions {
        sctp_stream_parameters: request.sctp_stream_parameters,
        label: request.label,
        protocol: request.protocol,
        app_data: request.app_data,
    };
    let (data_producer_id, follow_up) = peer
        .produce_data(TransportId::from(transport_id), options)
        .await?;
    tokio::spawn(follow_up);
    Ok(Json(ProduceDataResponse {
        id: data_producer_id,
    })
    .into_response())
}

/// `POST …/transports/:tid/consume/data` `{dataProducerId}` → `{id, streamId}`:
/// a peer's data producer or the room's bot.
async fn create_data_consumer(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((room_id, id, transport_id)): Path<(String, String, String)>,
    body: Bytes,
) -> ApiResult {
    let request: ConsumeDataRequest = parse(&body)?;
    let peer = broadcaster(&app, &headers, &room_id, &id)?;
    let info = peer
        .consume_data_now(TransportId::from(transport_id), request.data_producer_id)
        .await?;
    Ok(Json(ConsumeDataResponse {
        id: info.id,
        stream_id: info.sctp_stream_parameters.stream_id,
    })
    .into_response())
}
