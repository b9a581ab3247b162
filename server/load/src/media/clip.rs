//! Encoding the material once with ffmpeg (lavfi test sources, libvpx, libopus)
//! and reading it back.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use super::container::{ivf_frames, ogg_packets};
use super::{layer_size, Frame, Media, MediaSettings, FRAME_RATE};

/// Seconds of material; publishers loop it.
const CLIP_SECONDS: u32 = 10;
/// A key frame every two seconds, as a browser's encoder does at this rate.
const KEY_INTERVAL: u32 = 2 * FRAME_RATE;

/// The clips a [`Media`] is read from (kept for the report).
#[derive(Debug, Clone)]
pub struct Clips {
    /// One IVF file per layer, lowest first.
    pub video: Vec<PathBuf>,
    /// The Ogg/Opus file.
    pub audio: PathBuf,
}

/// Why the material could not be made.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// ffmpeg is missing or failed.
    #[error("ffmpeg ({program}) failed to make {file}: {reason} (cargo xtask setup installs Debian's ffmpeg)")]
    Ffmpeg {
        /// The program run.
        program: String,
        /// The file it was to write.
        file: String,
        /// What went wrong.
        reason: String,
    },
    /// A file could not be read or written.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    /// ffmpeg wrote something we cannot read.
    #[error("{0}: {1}")]
    Format(String, super::container::ContainerError),
    /// Bad settings.
    #[error("{0}")]
    Settings(String),
}

/// Reads the clips for `settings`, encoding those not in the cache yet.
pub fn load_or_encode(settings: &MediaSettings) -> Result<(Media, Clips), MediaError> {
    let count = settings.layer_kbps.len();
    if !(1..=3).contains(&count) || settings.layer_kbps.iter().any(|k| !(30..=8000).contains(k)) {
        return Err(MediaError::Settings(format!(
            "layer bitrates {:?}: give 1 to 3 layers of 30 to 8000 kbit/s",
            settings.layer_kbps
        )));
    }
    std::fs::create_dir_all(&settings.cache_dir)
        .map_err(|e| MediaError::Io(settings.cache_dir.display().to_string(), e))?;
    let mut clips = Clips {
        video: Vec::new(),
        audio: settings.cache_dir.join("opus-48k-32kbps-20ms.ogg"),
    };
    let mut layers = Vec::new();
    for (i, kbps) in settings.layer_kbps.iter().enumerate() {
        let (w, h) = layer_size(i, count);
        let file = settings
            .cache_dir
            .join(format!("vp8-{w}x{h}-{kbps}kbps-{FRAME_RATE}fps.ivf"));
        if !file.is_file() {
            encode_video(settings, &file, w, h, *kbps)?;
        }
        let bytes = read(&file)?;
        let frames = ivf_frames(&bytes)
            .map_err(|e| MediaError::Format(file.display().to_string(), e))?
            .into_iter()
            .filter(|f| !f.is_empty())
            .map(|f| Frame {
                data: Arc::from(f),
                // RFC 6386 9.1: bit 0 of the frame tag is 0 on a key frame.
                key: f[0] & 1 == 0,
            })
            .collect::<Vec<_>>();
        if frames.first().is_none_or(|f| !f.key) {
            return Err(MediaError::Settings(format!(
                "{} does not start with a key frame",
                file.display()
            )));
        }
        layers.push(frames);
        clips.video.push(file);
    }
    if !clips.audio.is_file() {
        encode_audio(settings, &clips.audio)?;
    }
    let bytes = read(&clips.audio)?;
    let audio = ogg_packets(&bytes)
        .map_err(|e| MediaError::Format(clips.audio.display().to_string(), e))?
        .into_iter()
        // OpusHead and OpusTags come first.
        .filter(|p| !p.starts_with(b"OpusHead") && !p.starts_with(b"OpusTags") && !p.is_empty())
        .map(Arc::from)
        .collect::<Vec<Arc<[u8]>>>();
    if audio.is_empty() {
        return Err(MediaError::Settings(format!(
            "{} holds no Opus packets",
            clips.audio.display()
        )));
    }
    Ok((Media { layers, audio }, clips))
}

fn read(file: &Path) -> Result<Vec<u8>, MediaError> {
    std::fs::read(file).map_err(|e| MediaError::Io(file.display().to_string(), e))
}

fn encode_video(
    settings: &MediaSettings,
    file: &Path,
    w: u32,
    h: u32,
    kbps: u32,
) -> Result<(), MediaError> {
    let source = format!("testsrc2=size={w}x{h}:rate={FRAME_RATE}");
    let rate = format!("{kbps}k");
    let buffer = format!("{}k", kbps / 2);
    let key = KEY_INTERVAL.to_string();
    let seconds = CLIP_SECONDS.to_string();
    ffmpeg(
        settings,
        file,
        &[
            "-f",
            "lavfi",
            "-i",
            &source,
            "-t",
            &seconds,
            "-c:v",
            "libvpx",
            "-deadline",
            "realtime",
            "-cpu-used",
            "8",
            "-b:v",
            &rate,
            "-minrate",
            &rate,
            "-maxrate",
            &rate,
            "-bufsize",
            &buffer,
            "-g",
            &key,
            "-keyint_min",
            &key,
            "-auto-alt-ref",
            "0",
            "-lag-in-frames",
            "0",
            "-error-resilient",
            "1",
            "-f",
            "ivf",
        ],
    )
}

fn encode_audio(settings: &MediaSettings, file: &Path) -> Result<(), MediaError> {
    let seconds = CLIP_SECONDS.to_string();
    ffmpeg(
        settings,
        file,
        &[
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000",
            "-t",
            &seconds,
            "-ac",
            "2",
            "-c:a",
            "libopus",
            "-b:a",
            "32k",
            "-frame_duration",
            "20",
            "-application",
            "voip",
            "-f",
            "ogg",
        ],
    )
}

/// Runs ffmpeg into a temporary file, renamed into place when complete (so a
/// cache entry is never half written).
fn ffmpeg(settings: &MediaSettings, file: &Path, args: &[&str]) -> Result<(), MediaError> {
    let partial = file.with_extension("partial");
    let program = settings.ffmpeg.display().to_string();
    let fail = |reason: String| MediaError::Ffmpeg {
        program: program.clone(),
        file: file.display().to_string(),
        reason,
    };
    let output = Command::new(&settings.ffmpeg)
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-y"])
        .args(args)
        .arg(&partial)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| fail(e.to_string()))?;
    if !output.status.success() {
        let _ = std::fs::remove_file(&partial);
        return Err(fail(format!(
            "{}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    std::fs::rename(&partial, file).map_err(|e| MediaError::Io(file.display().to_string(), e))
}
