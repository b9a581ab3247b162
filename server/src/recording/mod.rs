//! Recording a room: the server consumes each producer of the room over a
//! plain RTP transport on 127.0.0.1 into its own ffmpeg (`-c copy`, one file
//! per producer: VP8/VP9/Opus into `.webm`, H264 into `.mkv`).
//!
//! - `api.rs`: the REST routes (`/rooms/:roomId/recordings…`), access like the Broadcaster API;
//! - `store.rs`: the recordings of this process (in memory), their limits and states;
//! - `recorder.rs`: one recording's task: tracks come and go with producers, peers are told;
//! - `ffmpeg.rs`: one supervised ffmpeg process; `sdp.rs`: the SDP it reads.
//!
//! Off unless `--recordings-dir` is set (the routes answer 503 then).

mod api;
mod ffmpeg;
mod recorder;
mod sdp;
mod store;

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

pub use api::routes;
pub use store::Recordings;

/// The recording flags.
#[derive(Debug, Clone, Args)]
pub struct RecordingArgs {
    /// Directory recordings are written to (`<dir>/<roomId>/<recordingId>/`).
    /// Recording is off without it.
    #[arg(long, env = "STUNROOM_RECORDINGS_DIR")]
    pub recordings_dir: Option<PathBuf>,
    /// Recordings running at once on this server.
    #[arg(long, env = "STUNROOM_MAX_RECORDINGS", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_recordings: u32,
    /// Recordings kept (listed, downloadable) per room, running or ended; the
    /// oldest ended one is forgotten (its files stay on disk) to make room.
    #[arg(long, env = "STUNROOM_MAX_RECORDINGS_PER_ROOM", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_recordings_per_room: u32,
    /// Longest recording, seconds: it stops by itself then.
    #[arg(long, env = "STUNROOM_MAX_RECORDING_DURATION", value_name = "SECONDS", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub max_recording_duration: u64,
    /// Tracks (producers) one recording records at most.
    #[arg(long, env = "STUNROOM_MAX_RECORDING_TRACKS", default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_recording_tracks: u32,
    /// The ffmpeg binary.
    #[arg(long, env = "STUNROOM_FFMPEG", default_value = "ffmpeg")]
    pub ffmpeg: PathBuf,
}

/// The recording settings in force.
#[derive(Debug, Clone)]
pub struct RecordingSettings {
    /// `None`: recording is off.
    pub dir: Option<PathBuf>,
    pub max_active: usize,
    pub max_per_room: usize,
    pub max_duration: Duration,
    pub max_tracks: usize,
    pub ffmpeg: PathBuf,
}

impl RecordingArgs {
    pub fn resolve(&self) -> Result<RecordingSettings, String> {
        if let Some(dir) = &self.recordings_dir {
            if dir.as_os_str().is_empty() {
                return Err("--recordings-dir must not be empty".into());
            }
        }
        Ok(RecordingSettings {
            dir: self.recordings_dir.clone(),
            max_active: self.max_recordings as usize,
            max_per_room: self.max_recordings_per_room as usize,
            max_duration: Duration::from_secs(self.max_recording_duration),
            max_tracks: self.max_recording_tracks as usize,
            ffmpeg: self.ffmpeg.clone(),
        })
    }
}
