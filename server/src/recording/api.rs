//! The recording REST routes. Access is the Broadcaster API's: with room
//! tokens (`--token-secret`) every call needs `Authorization: Bearer <token>`
//! allowing `broadcast` in the room (401 without one, 403 for another room).
//!
//! Errors are plain-text reasons ([`ApiError`]): a bad room or recording id
//! 400, an unknown one 404, a room already recorded 409, a limit 429, recording
//! off (no `--recordings-dir`) 503.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use stunroom_shared::broadcaster::decode_body;
use stunroom_shared::ids::RoomId;
use stunroom_shared::recording::{RecordingList, StartRecordingRequest};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::store::disabled;
use crate::error::ApiError;
use crate::App;

type ApiResult = Result<Response, ApiError>;

pub fn routes(body_limit: usize) -> Router<Arc<App>> {
    let r = "/rooms/{room_id}/recordings";
    Router::new()
        .route(r, get(list).post(start))
        .route(&format!("{r}/{{recording_id}}"), get(show).delete(stop))
        .route(
            &format!("{r}/{{recording_id}}/files/{{file}}"),
            get(download),
        )
        .layer(DefaultBodyLimit::max(body_limit))
}

/// The room of a path, if the caller may record it (and recording is on).
fn room(app: &App, headers: &HeaderMap, room_id: &str) -> Result<RoomId, ApiError> {
    let room_id = RoomId::parse(room_id)?;
    crate::broadcaster::authorize(app, headers, &room_id, None)?;
    if app.recordings.settings.dir.is_none() {
        return Err(disabled());
    }
    Ok(room_id)
}

/// `POST /rooms/:roomId/recordings` [`StartRecordingRequest`] (optional) →
/// 201 with the recording; the room must be open.
async fn start(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(room_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let room_id = room(&app, &headers, &room_id)?;
    let request: StartRecordingRequest = if body.iter().all(u8::is_ascii_whitespace) {
        StartRecordingRequest::default()
    } else {
        decode_body(&body).map_err(|e| ApiError::bad_request(e.to_string()))?
    };
    let limit = app.recordings.settings.max_duration;
    let max_duration = match request.max_duration_s {
        None => limit,
        Some(0) => {
            return Err(ApiError::bad_request(
                "invalid body.maxDurationS: must be at least 1",
            ))
        }
        Some(s) if s > limit.as_secs() => {
            return Err(ApiError::bad_request(format!(
                "invalid body.maxDurationS: {s} is over this server's limit of {} s (--max-recording-duration)",
                limit.as_secs()
            )))
        }
        Some(s) => Duration::from_secs(s),
    };
    match app.hub.rooms.get(&room_id) {
        Some(room) if !room.is_closed() => {}
        _ => return Err(ApiError::not_found("room", &room_id)),
    }
    let recording = app.recordings.create(&room_id, max_duration)?;
    tracing::info!(room = %room_id, recording = %recording.id, "recording started");
    tokio::spawn(super::recorder::run(app.clone(), recording.clone()));
    Ok((StatusCode::CREATED, Json(recording.info())).into_response())
}

/// `GET /rooms/:roomId/recordings` → [`RecordingList`] (empty for a room never recorded).
async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(room_id): Path<String>,
) -> ApiResult {
    let room_id = room(&app, &headers, &room_id)?;
    let recordings = app
        .recordings
        .list(&room_id)
        .iter()
        .map(|r| r.info())
        .collect();
    Ok(Json(RecordingList { recordings }).into_response())
}

/// `GET /rooms/:roomId/recordings/:id` → the recording.
async fn show(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((room_id, id)): Path<(String, String)>,
) -> ApiResult {
    let room_id = room(&app, &headers, &room_id)?;
    Ok(Json(app.recordings.get(&room_id, &id)?.info()).into_response())
}

/// `DELETE /rooms/:roomId/recordings/:id`: stops it (its files stay) and
/// answers it once its files are finished. Stopping an ended one changes nothing.
async fn stop(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((room_id, id)): Path<(String, String)>,
) -> ApiResult {
    let room_id = room(&app, &headers, &room_id)?;
    let recording = app.recordings.get(&room_id, &id)?;
    recording.stop().await;
    tracing::info!(room = %room_id, recording = %recording.id, "recording stopped");
    Ok(Json(recording.info()).into_response())
}

/// `GET /rooms/:roomId/recordings/:id/files/:file`: a file listed in the
/// recording (only those: the name is never joined to a path unchecked).
async fn download(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((room_id, id, file)): Path<(String, String, String)>,
    request: Request,
) -> ApiResult {
    let room_id = room(&app, &headers, &room_id)?;
    let recording = app.recordings.get(&room_id, &id)?;
    let track = recording.file(&file).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("file \"{file}\" not found in recording \"{id}\""),
        )
    })?;
    let mime = match (track.name.ends_with(".webm"), track.kind) {
        (true, stunroom_shared::media::MediaKind::Audio) => "audio/webm",
        (true, _) => "video/webm",
        _ => "video/x-matroska",
    };
    let served = ServeFile::new_with_mime(
        &track.path,
        &mime
            .parse()
            .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "bad mime type"))?,
    )
    .oneshot(request)
    .await
    .map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot read {file}: {e}"),
        )
    })?;
    let mut response = served.into_response();
    if response.status().is_success() {
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", track.name)) {
            response.headers_mut().insert(CONTENT_DISPOSITION, v);
        }
        let _ = response.headers().get(CONTENT_TYPE);
    }
    Ok(response)
}
