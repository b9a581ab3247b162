//! HTTP routes: the protoo WebSocket (`/ws`, and `/` for upgrade requests),
//! `/api/ice`, the `/healthz` and `/readyz` probes, `/metrics`, and the
//! client's static files with an `index.html` fallback.

use crate::access::Permission;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, FromRequestParts, Query, Request, State};
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, UPGRADE};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use stunroom_shared::ids::{PeerId, RoomId};
use stunroom_shared::protoo::{MAX_FRAME_BYTES, SUBPROTOCOL};
use tower_http::trace::TraceLayer;

use crate::assets;
use crate::error::ApiError;
use crate::ice;
use crate::metrics::{Format, Snapshot};
use crate::{session, shutdown, App};

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/ws", get(websocket))
        .route("/", get(root))
        .route("/api/ice", get(ice_config))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(crate::broadcaster::routes(app.config.limits.body))
        .merge(crate::recording::routes(app.config.limits.body))
        .route("/metrics", get(metrics))
        .fallback(static_files)
        .layer(TraceLayer::new_for_http())
        .with_state(app)
}

/// `/`: the protoo WebSocket for upgrade requests (the reference app connects
/// there), otherwise the client's `index.html`.
async fn root(State(app): State<Arc<App>>, request: Request) -> Response {
    let is_upgrade = request
        .headers()
        .get(UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if is_upgrade {
        return upgrade(app, request).await;
    }
    assets::serve_index(&app.config.dist_dir, request).await
}

/// Everything no route above claims: the client's files (`assets`).
async fn static_files(State(app): State<Arc<App>>, request: Request) -> Response {
    assets::serve(&app.config.dist_dir, request).await
}

async fn websocket(State(app): State<Arc<App>>, request: Request) -> Response {
    upgrade(app, request).await
}

/// Initial WebSocket read buffer (protoo frames are mostly well under 4 KiB).
const WS_READ_BUFFER: usize = 8 * 1024;

fn query_param<'q>(query: &'q HashMap<String, String>, name: &str) -> Result<&'q str, ApiError> {
    match query.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        Some(v) => Ok(v),
        None => Err(ApiError::bad_request(format!(
            "missing query parameter \"{name}\""
        ))),
    }
}

fn query(uri: &Uri) -> Result<HashMap<String, String>, ApiError> {
    Query::<HashMap<String, String>>::try_from_uri(uri)
        .map(|Query(q)| q)
        .map_err(|e| ApiError::bad_request(format!("bad query string: {e}")))
}

/// `roomId` and `peerId` of a signaling URL, validated.
fn caller_ids(uri: &Uri) -> Result<(RoomId, PeerId), ApiError> {
    let q = query(uri)?;
    Ok((
        RoomId::parse(query_param(&q, "roomId")?)?,
        PeerId::parse(query_param(&q, "peerId")?)?,
    ))
}

/// The client's address: the TCP peer's, or the last entry of the trusted
/// proxy's header (`--client-ip-header`) when it holds one.
pub fn client_ip(
    headers: &HeaderMap,
    connected: Option<SocketAddr>,
    header: Option<&str>,
) -> IpAddr {
    let from_proxy = header
        .and_then(|h| headers.get_all(h).iter().next_back())
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| v.trim().parse::<IpAddr>().ok());
    from_proxy
        .or(connected.map(|a| a.ip()))
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// Validates and accepts a protoo WebSocket: `roomId` and `peerId` are required
/// and must be valid names (400), the `protoo` subprotocol too (403), which is
/// echoed; at most `--max-connections-per-ip` from one address (429). Refused
/// with 503 once shutdown has begun.
async fn upgrade(app: Arc<App>, request: Request) -> Response {
    if app.shutdown.is_shutting_down() {
        return (StatusCode::SERVICE_UNAVAILABLE, shutdown::REFUSED_REASON).into_response();
    }
    let (mut parts, _body) = request.into_parts();
    let (room_id, peer_id) = match caller_ids(&parts.uri) {
        Ok(ids) => ids,
        Err(error) => return error.into_response(),
    };
    let token = query(&parts.uri).ok().and_then(|mut q| q.remove("token"));
    let access = &app.config.access;
    if let Err(e) = access
        .check_origin(&parts.headers)
        .and_then(|()| access.check(token.as_deref(), &room_id, Some(&peer_id), Permission::Join))
    {
        tracing::info!(room = %room_id, peer = %peer_id, reason = ?e.reason, "signaling connection refused");
        return e.into_response();
    }
    let connected = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let ip = client_ip(
        &parts.headers,
        connected,
        app.config.limits.client_ip_header.as_deref(),
    );
    let ws = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(ws) => ws.protocols([SUBPROTOCOL]),
        Err(rejection) => return rejection.into_response(),
    };
    if ws.selected_protocol().is_none() {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            format!("WebSocket subprotocol \"{SUBPROTOCOL}\" required (Sec-WebSocket-Protocol)"),
        )
        .into_response();
    }
    let ticket = match app.admission.admit(ip) {
        Ok(ticket) => ticket,
        Err(crowded) => {
            tracing::info!(%ip, "signaling connection refused: {crowded}");
            return ApiError::new(StatusCode::TOO_MANY_REQUESTS, crowded.to_string())
                .into_response();
        }
    };
    let caller = session::Caller {
        room_id,
        peer_id,
        ip,
        ticket,
    };
    // A small read buffer: tungstenite allocates it per connection up front and
    // zero-fills its free capacity on every read (the default 128 KiB cost a
    // memset of 128 KiB per frame and ~130 KiB per idle peer); big frames still fit,
    // the buffer grows for them.
    ws.max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .read_buffer_size(WS_READ_BUFFER)
        .on_upgrade(move |socket| session::run(socket, app, caller))
}

/// `/api/ice?peerId=..&roomId=..`: the browser's ICE configuration.
async fn ice_config(State(app): State<Arc<App>>, uri: Uri) -> Result<Response, ApiError> {
    let q = query(&uri)?;
    // Validated like the WebSocket's: the credentials are minted for this peer.
    let peer_id = PeerId::parse(query_param(&q, "peerId")?)?;
    let room_id = match q.get("roomId").map(|r| r.trim()).filter(|r| !r.is_empty()) {
        Some(r) => Some(RoomId::parse(r)?),
        None => None,
    };
    // With room tokens, TURN credentials are for peers admitted to a room.
    if app.config.access.tokens_required() {
        let room = room_id.as_ref().ok_or_else(|| {
            ApiError::bad_request("missing query parameter \"roomId\" (needed with room tokens)")
        })?;
        let token = q.get("token").map(String::as_str);
        app.config
            .access
            .check(token, room, Some(&peer_id), Permission::Join)?;
    }
    match ice::configuration(
        &app.config.ice,
        peer_id.as_str(),
        room_id.as_ref().map(RoomId::as_str),
    )
    .await
    {
        Ok(config) => Ok(([(CACHE_CONTROL, "no-store")], Json(config)).into_response()),
        Err(e) => Err(ApiError::new(e.status, e.reason)),
    }
}

/// Liveness: the process serves HTTP.
async fn healthz() -> &'static str {
    "ok"
}

/// How long each mediasoup worker gets to answer `/readyz`'s request (the
/// Deployment's probe gives up after 3 s).
const READY_PROBE: Duration = Duration::from_secs(1);

/// Readiness: not shutting down, and every mediasoup worker alive and answering
/// a request through the SFU thread.
async fn readyz(State(app): State<Arc<App>>) -> Response {
    let unavailable = |reason: String| (StatusCode::SERVICE_UNAVAILABLE, reason).into_response();
    if app.shutdown.is_shutting_down() {
        return unavailable("shutting down: not accepting new connections".into());
    }
    let status = app.hub.sfu.status(Some(READY_PROBE));
    match tokio::time::timeout(READY_PROBE * 2, status).await {
        Ok(Ok(s)) if s.workers > 0 && s.workers_alive == s.workers => {
            (StatusCode::OK, "ready").into_response()
        }
        Ok(Ok(s)) => unavailable(format!(
            "{} of {} mediasoup workers alive",
            s.workers_alive, s.workers
        )),
        Ok(Err(e)) => unavailable(format!("the SFU is not running: {e}")),
        Err(_) => unavailable("the SFU did not answer in time".into()),
    }
}

/// `/metrics`: Prometheus text format (OpenMetrics if the scraper asks for it).
/// See metrics.rs for the metric names.
async fn metrics(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let format = Format::from_accept(headers.get(ACCEPT).and_then(|v| v.to_str().ok()));
    // An SFU that does not answer has no live objects to count.
    let sfu = match tokio::time::timeout(READY_PROBE * 2, app.hub.sfu.status(None)).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            tracing::warn!("/metrics: {e}");
            Default::default()
        }
        Err(_) => {
            tracing::warn!("/metrics: the SFU did not answer in time");
            Default::default()
        }
    };
    let (rooms, peers) = app.hub.rooms.counts();
    let now = Snapshot {
        rooms,
        peers,
        transports: sfu.transports,
        producers: sfu.producers,
        consumers: sfu.consumers,
        workers_alive: sfu.workers_alive,
        websocket_connections: app.shutdown.sessions(),
        draining: app.shutdown.is_shutting_down(),
    };
    match app.metrics.render(&now, format) {
        Ok(body) => ([(CONTENT_TYPE, format.content_type())], body).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot encode the metrics: {e}"),
        )
            .into_response(),
    }
}
