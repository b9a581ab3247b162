//! Bodies of the recording REST API (see the server's `recording/api.rs`):
//!
//! | route | body | answer |
//! |---|---|---|
//! | `POST /rooms/:roomId/recordings` | [`StartRecordingRequest`] or none | 201 [`RecordingInfo`] |
//! | `GET /rooms/:roomId/recordings` | – | [`RecordingList`] |
//! | `GET /rooms/:roomId/recordings/:recordingId` | – | [`RecordingInfo`] |
//! | `DELETE /rooms/:roomId/recordings/:recordingId` | – | [`RecordingInfo`] (stopped) |
//! | `GET /rooms/:roomId/recordings/:recordingId/files/:file` | – | the file's bytes |
//!
//! And the room notification `recordingStateChanged` ([`RecordingStateChangedData`]).

use serde::{Deserialize, Serialize};

use crate::ids::ProducerId;
use crate::media::MediaKind;

/// `POST …/recordings`: everything optional (an empty body is fine).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartRecordingRequest {
    /// Stop by itself after this many seconds (at most the server's limit,
    /// which is also the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_duration_s: Option<u64>,
}

/// Where a recording is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RecordingState {
    /// ffmpeg processes run and write.
    Recording,
    /// Stopped (by a call, its maximum duration, the room closing, shutdown).
    Stopped,
    /// An ffmpeg process died by itself or could not be started (see `error`).
    Failed,
}

/// One file of a recording: one producer's track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingFile {
    /// The name to download it by (`…/files/:name`).
    pub name: String,
    pub producer_id: ProducerId,
    pub kind: MediaKind,
    /// The codec's mime type (`video/VP8`, `audio/opus`, ...).
    pub mime_type: String,
    /// Bytes written so far.
    pub bytes: u64,
    /// Set when this file's ffmpeg ended badly (its last stderr lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A recording and its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingInfo {
    pub id: String,
    pub room_id: String,
    pub state: RecordingState,
    /// Milliseconds since the Unix epoch.
    pub started_at_ms: u64,
    /// How long it has recorded (so far), milliseconds.
    pub duration_ms: u64,
    /// Why it failed or stopped by itself, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub files: Vec<RecordingFile>,
}

/// `GET …/recordings`: oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingList {
    pub recordings: Vec<RecordingInfo>,
}

/// `recordingStateChanged`: whether the room is being recorded now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingStateChangedData {
    pub recording: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_request_is_optional_and_strict() {
        let r: StartRecordingRequest = serde_json::from_str(r#"{"maxDurationS":5}"#).unwrap();
        assert_eq!(r.max_duration_s, Some(5));
        assert!(serde_json::from_str::<StartRecordingRequest>(r#"{"max":5}"#).is_err());
    }

    #[test]
    fn state_is_camel_case() {
        assert_eq!(
            serde_json::to_string(&RecordingState::Recording).unwrap(),
            "\"recording\""
        );
    }
}
