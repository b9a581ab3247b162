//! `stunroom-load`'s flags (LiveKit `lk load-test`-like scenario flags).

use std::path::PathBuf;

use clap::Parser;

use crate::media::MediaSettings;
use crate::run::Scenario;

/// Simulated WebRTC peers (str0m, no browser) against a stunroom server.
#[derive(Debug, Clone, Parser)]
#[command(name = "stunroom-load", version)]
pub struct Args {
    /// The server to load: http://HOST:PORT on this machine. Without it, the
    /// server on http://127.0.0.1:8080 is used if one answers, else one is started.
    #[arg(long)]
    pub server: Option<String>,
    /// Start a server of our own (release binary, one worker unless --server-arg says otherwise).
    #[arg(long)]
    pub spawn: bool,
    /// The server binary for --spawn [default: $STUNROOM_BIN, else target/release/stunroom].
    #[arg(long)]
    pub server_bin: Option<PathBuf>,
    /// Extra flags for the spawned server, e.g. --server-arg=--workers=2 (repeatable).
    #[arg(long = "server-arg", allow_hyphen_values = true)]
    pub server_args: Vec<String>,
    /// The server's pid, for CPU and memory figures [default: found from its port].
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// Rooms.
    #[arg(long, default_value_t = 1)]
    pub rooms: u32,
    /// Peers per room that send audio and video.
    #[arg(long, default_value_t = 1)]
    pub publishers: u32,
    /// Peers per room that only receive (every producer of the room).
    #[arg(long, default_value_t = 10)]
    pub subscribers: u32,
    /// Publishers also receive each other (an all-to-all meeting).
    #[arg(long)]
    pub publishers_subscribe: bool,
    /// Video on or off (audio only).
    #[arg(long, default_value = "on", value_parser = ["on", "off"])]
    pub video: String,
    /// Seconds to measure once everyone has joined.
    #[arg(long, default_value_t = 20)]
    pub seconds: u32,
    /// Peers started per second during ramp-up (0: all at once).
    #[arg(long, default_value_t = 25.0)]
    pub join_rate: f64,
    /// Simulcast layer bitrates in kbit/s, lowest first (1 to 3 layers).
    #[arg(long, value_delimiter = ',', default_value = "150,500,1500")]
    pub layers: Vec<u32>,
    /// Where the encoded clips are cached.
    #[arg(long, default_value = "target/stunroom-load/media")]
    pub media_dir: PathBuf,
    /// The ffmpeg used to encode them once.
    #[arg(long, default_value = "ffmpeg")]
    pub ffmpeg: PathBuf,
    /// Exit with status 1 unless every subscriber received everything with less loss (%).
    #[arg(long)]
    pub require_loss_below: Option<f64>,
}

impl Args {
    /// The scenario these flags describe.
    pub fn scenario(&self) -> Scenario {
        Scenario {
            rooms: self.rooms,
            publishers: self.publishers,
            subscribers: self.subscribers,
            publishers_subscribe: self.publishers_subscribe,
            video: self.video == "on",
            seconds: self.seconds,
            join_rate: self.join_rate,
            media: MediaSettings {
                layer_kbps: self.layers.clone(),
                cache_dir: self.media_dir.clone(),
                ffmpeg: self.ffmpeg.clone(),
            },
            room_prefix: "load".into(),
        }
    }
}
