//! What publishers send: VP8 simulcast layers and Opus, encoded once by
//! ffmpeg from its test sources and looped, plus the RTP packetizers.

mod clip;
mod container;
pub mod vp8;

use std::path::PathBuf;
use std::sync::Arc;

pub use clip::{load_or_encode, MediaError};

/// The encoded material, shared by every publisher.
#[derive(Debug)]
pub struct Media {
    /// Video layers, lowest first (each a loop of frames at [`FRAME_RATE`]).
    pub layers: Vec<Vec<Frame>>,
    /// Opus packets of 20 ms each.
    pub audio: Vec<Arc<[u8]>>,
}

/// One encoded video frame.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The VP8 frame (RFC 6386), as the encoder wrote it.
    pub data: Arc<[u8]>,
    /// An intra frame: a decoder can start here.
    pub key: bool,
}

/// Frames per second of every video layer.
pub const FRAME_RATE: u32 = 30;
/// Milliseconds of audio per Opus packet.
pub const AUDIO_PTIME_MS: u32 = 20;

/// How the material is made.
#[derive(Debug, Clone)]
pub struct MediaSettings {
    /// Target bitrate of each simulcast layer in kbit/s, lowest first (1 to 3 layers).
    pub layer_kbps: Vec<u32>,
    /// Where encoded clips are cached (made once, reused while the settings match).
    pub cache_dir: PathBuf,
    /// The ffmpeg program.
    pub ffmpeg: PathBuf,
}

impl MediaSettings {
    /// The default three layers (150 / 500 / 1500 kbit/s), cached under `cache_dir`.
    pub fn new(cache_dir: PathBuf) -> Self {
        MediaSettings {
            layer_kbps: vec![150, 500, 1500],
            cache_dir,
            ffmpeg: PathBuf::from("ffmpeg"),
        }
    }
}

/// Resolution of layer `index` of `count`: the top layer is 1280x720, each
/// lower one half the size (as `scaleResolutionDownBy` 4/2/1).
pub fn layer_size(index: usize, count: usize) -> (u32, u32) {
    let down = 1u32 << (count.saturating_sub(1).saturating_sub(index)).min(4);
    (1280 / down, 720 / down)
}

#[cfg(test)]
mod tests {
    use super::layer_size;

    #[test]
    fn layers_halve_downwards() {
        assert_eq!(layer_size(0, 3), (320, 180));
        assert_eq!(layer_size(1, 3), (640, 360));
        assert_eq!(layer_size(2, 3), (1280, 720));
        assert_eq!(layer_size(0, 1), (1280, 720));
    }
}
