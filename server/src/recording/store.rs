//! The recordings of this server process, by room: in memory (a restart
//! forgets them; their files stay on disk), within the limits of
//! [`RecordingSettings`].

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use stunroom_shared::ids::{ProducerId, RoomId};
use stunroom_shared::media::MediaKind;
use stunroom_shared::recording::{RecordingFile, RecordingInfo, RecordingState};
use tokio::sync::watch;

use super::RecordingSettings;
use crate::error::ApiError;

/// How long a stop waits for the recording's ffmpegs to finish their files.
const STOP_WAIT: Duration = Duration::from_secs(15);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A recording id from a URL: what [`Recordings`] makes (`rec-…`), letters,
/// digits and `-`, at most 64 characters.
pub fn parse_recording_id(id: &str) -> Result<&str, ApiError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(id)
    } else {
        Err(ApiError::bad_request(format!(
            "invalid recording id {id:?}: expected 1-64 letters, digits or '-' (as returned by POST …/recordings)"
        )))
    }
}

/// One track's file.
#[derive(Debug, Clone)]
pub struct TrackFile {
    pub name: String,
    pub path: PathBuf,
    pub producer_id: ProducerId,
    pub kind: MediaKind,
    pub mime_type: String,
    pub error: Option<String>,
}

#[derive(Debug)]
struct Progress {
    state: RecordingState,
    ended: Option<Instant>,
    error: Option<String>,
    files: Vec<TrackFile>,
}

/// One recording of a room.
#[derive(Debug)]
pub struct Recording {
    pub id: String,
    pub room_id: RoomId,
    /// Its files' directory.
    pub dir: PathBuf,
    pub max_duration: Duration,
    pub started: Instant,
    started_at_ms: u64,
    progress: Mutex<Progress>,
    /// Set to ask the recorder to stop.
    stop: watch::Sender<bool>,
    /// Set by the recorder when everything is closed and written.
    done: watch::Sender<bool>,
}

impl Recording {
    pub fn stop_requested(&self) -> watch::Receiver<bool> {
        self.stop.subscribe()
    }

    pub fn is_running(&self) -> bool {
        lock(&self.progress).state == RecordingState::Recording
    }

    pub fn add_file(&self, file: TrackFile) {
        lock(&self.progress).files.push(file);
    }

    /// Notes a track's error on its file.
    pub fn file_error(&self, name: &str, error: String) {
        if let Some(f) = lock(&self.progress)
            .files
            .iter_mut()
            .find(|f| f.name == name)
        {
            f.error = Some(error);
        }
    }

    /// The recorder has ended: `error` makes it failed.
    pub fn finish(&self, state: RecordingState, error: Option<String>) {
        {
            let mut p = lock(&self.progress);
            p.state = state;
            p.ended = Some(Instant::now());
            p.error = error;
        }
        self.done.send_replace(true);
    }

    /// Asks it to stop and waits (bounded) until its files are finished.
    pub async fn stop(&self) {
        self.stop.send_replace(true);
        let mut done = self.done.subscribe();
        let _ = tokio::time::timeout(STOP_WAIT, done.wait_for(|d| *d)).await;
    }

    /// A file by name, as it is on disk now.
    pub fn file(&self, name: &str) -> Option<TrackFile> {
        lock(&self.progress)
            .files
            .iter()
            .find(|f| f.name == name)
            .cloned()
    }

    pub fn info(&self) -> RecordingInfo {
        let p = lock(&self.progress);
        let end = p.ended.unwrap_or_else(Instant::now);
        RecordingInfo {
            id: self.id.clone(),
            room_id: self.room_id.to_string(),
            state: p.state,
            started_at_ms: self.started_at_ms,
            duration_ms: u64::try_from(end.duration_since(self.started).as_millis())
                .unwrap_or(u64::MAX),
            error: p.error.clone(),
            files: p
                .files
                .iter()
                .map(|f| RecordingFile {
                    name: f.name.clone(),
                    producer_id: f.producer_id.clone(),
                    kind: f.kind,
                    mime_type: f.mime_type.clone(),
                    bytes: std::fs::metadata(&f.path).map_or(0, |m| m.len()),
                    error: f.error.clone(),
                })
                .collect(),
        }
    }
}

/// Every recording of this process.
pub struct Recordings {
    pub settings: RecordingSettings,
    rooms: Mutex<HashMap<RoomId, Vec<Arc<Recording>>>>,
    next: AtomicU64,
}

impl Recordings {
    pub fn new(settings: RecordingSettings) -> Self {
        Recordings {
            settings,
            rooms: Mutex::default(),
            next: AtomicU64::new(1),
        }
    }

    /// A new running recording of `room_id`, within the limits: at most one
    /// running per room (409), `--max-recordings` running in all (429),
    /// `--max-recordings-per-room` kept (the oldest, ended since one room has
    /// at most one running, is forgotten; its files stay on disk).
    pub fn create(
        &self,
        room_id: &RoomId,
        max_duration: Duration,
    ) -> Result<Arc<Recording>, ApiError> {
        let Some(base) = &self.settings.dir else {
            return Err(disabled());
        };
        let mut rooms = lock(&self.rooms);
        let running: usize = rooms.values().flatten().filter(|r| r.is_running()).count();
        let list = rooms.entry(room_id.clone()).or_default();
        if let Some(r) = list.iter().find(|r| r.is_running()) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                format!(
                    "room \"{room_id}\" is already being recorded (recording \"{}\")",
                    r.id
                ),
            ));
        }
        if running >= self.settings.max_active {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "too many recordings running on this server (limit {}, --max-recordings)",
                    self.settings.max_active
                ),
            ));
        }
        if list.len() >= self.settings.max_per_room {
            // All are ended here (none runs): forget the oldest.
            list.remove(0);
        }
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(0));
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let id = format!("rec-{now_ms:x}-{n}");
        let dir = base.join(room_id.as_str()).join(&id);
        std::fs::create_dir_all(&dir).map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!(
                    "cannot create the recording directory {}: {e}",
                    dir.display()
                ),
            )
        })?;
        let recording = Arc::new(Recording {
            id,
            room_id: room_id.clone(),
            dir,
            max_duration,
            started: Instant::now(),
            started_at_ms: now_ms,
            progress: Mutex::new(Progress {
                state: RecordingState::Recording,
                ended: None,
                error: None,
                files: Vec::new(),
            }),
            stop: watch::channel(false).0,
            done: watch::channel(false).0,
        });
        list.push(recording.clone());
        Ok(recording)
    }

    /// A room's recordings, oldest first.
    pub fn list(&self, room_id: &RoomId) -> Vec<Arc<Recording>> {
        lock(&self.rooms).get(room_id).cloned().unwrap_or_default()
    }

    /// One recording of a room (404 naming it).
    pub fn get(&self, room_id: &RoomId, id: &str) -> Result<Arc<Recording>, ApiError> {
        let id = parse_recording_id(id)?;
        lock(&self.rooms)
            .get(room_id)
            .and_then(|l| l.iter().find(|r| r.id == id).cloned())
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!("recording with id \"{id}\" not found in room \"{room_id}\""),
                )
            })
    }

    /// Whether the room is being recorded now (for the `recordingStateChanged` of a joining peer).
    pub fn is_recording(&self, room_id: &RoomId) -> bool {
        lock(&self.rooms)
            .get(room_id)
            .is_some_and(|l| l.iter().any(|r| r.is_running()))
    }

    /// Stops every running recording (shutdown), waiting for their files.
    pub async fn stop_all(&self) {
        let running: Vec<Arc<Recording>> = lock(&self.rooms)
            .values()
            .flatten()
            .filter(|r| r.is_running())
            .cloned()
            .collect();
        let stops = running.iter().map(|r| r.stop());
        futures_util::future::join_all(stops).await;
    }
}

/// The answer while recording is off.
pub fn disabled() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "recording is off on this server (start it with --recordings-dir)",
    )
}
