//! A publisher's send transport: Opus every 20 ms with the audio-level
//! extension, and VP8 simulcast layers at 30 frames per second, each layer
//! jumping to a key frame when mediasoup asks for one.

use std::sync::Arc;
use std::time::{Duration, Instant};

use str0m::media::{Mid, Pt, Rid};
use str0m::rtp::{ExtensionValues, RtpWrite, Ssrc};
use str0m::{Event, Rtc};

use crate::media::vp8::Vp8State;
use crate::media::{Media, AUDIO_PTIME_MS, FRAME_RATE};
use crate::rtc::{Role, Sender};

/// Media section ids of the send transport.
pub const AUDIO_MID: &str = "0";
/// See [`AUDIO_MID`].
pub const VIDEO_MID: &str = "1";
/// The level written into every audio packet (dBov, as a talking person).
const AUDIO_LEVEL: i8 = -30;
/// Behind by more than this, a track skips ahead instead of bursting.
const MAX_LAG: Duration = Duration::from_millis(200);

/// What a publisher sends, and its SSRCs (for the `produce` requests).
pub struct Publisher {
    media: Arc<Media>,
    audio: Option<AudioTrack>,
    video: Option<VideoTrack>,
    /// Key-frame requests (PLI/FIR) mediasoup sent us.
    pub keyframe_requests: u64,
    /// RTP packets written.
    pub packets_sent: u64,
}

struct AudioTrack {
    ssrc: Ssrc,
    pt: Pt,
    seq: u64,
    index: usize,
    rtp_time: u32,
    next_at: Instant,
}

struct VideoTrack {
    pt: Pt,
    layers: Vec<Layer>,
    rtp_time: u32,
    next_at: Instant,
    period: Duration,
}

struct Layer {
    rid: Rid,
    ssrc: Ssrc,
    seq: u64,
    index: usize,
    vp8: Vp8State,
    key_wanted: bool,
}

/// SSRCs the publisher's transport declared.
pub struct PublisherSsrcs {
    /// The audio stream.
    pub audio: Option<u32>,
    /// `(rid, ssrc, rtx ssrc)` per video layer, lowest first.
    pub video: Vec<(String, u32, u32)>,
}

/// A pseudo-random value per call site, good enough for SSRCs and initial
/// sequence numbers (not for anything secret).
fn random_u32(salt: u64) -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(salt);
    h.finish() as u32
}

impl Publisher {
    /// Declares the streams on `rtc`: audio, and one stream (with RTX) per video layer.
    pub fn new(
        rtc: &mut Rtc,
        media: Arc<Media>,
        opus_pt: u8,
        vp8_pt: u8,
        video: bool,
    ) -> (Publisher, PublisherSsrcs) {
        let now = Instant::now();
        let mut ssrcs = PublisherSsrcs {
            audio: None,
            video: Vec::new(),
        };
        let mut api = rtc.direct_api();
        api.declare_media(Mid::from(AUDIO_MID), str0m::media::MediaKind::Audio);
        let audio_ssrc = random_u32(1) | 1;
        api.declare_stream_tx(Ssrc::from(audio_ssrc), None, Mid::from(AUDIO_MID), None);
        ssrcs.audio = Some(audio_ssrc);
        let audio = AudioTrack {
            ssrc: Ssrc::from(audio_ssrc),
            pt: Pt::from(opus_pt),
            seq: u64::from(random_u32(2) & 0x7fff),
            index: 0,
            rtp_time: random_u32(3),
            next_at: now,
        };
        let video = video.then(|| {
            api.declare_media(Mid::from(VIDEO_MID), str0m::media::MediaKind::Video);
            let layers = (0..media.layers.len())
                .map(|i| {
                    let rid = format!("r{i}");
                    let ssrc = random_u32(10 + i as u64) | 1;
                    let rtx = random_u32(20 + i as u64) | 1;
                    api.declare_stream_tx(
                        Ssrc::from(ssrc),
                        Some(Ssrc::from(rtx)),
                        Mid::from(VIDEO_MID),
                        Some(Rid::from(rid.as_str())),
                    );
                    ssrcs.video.push((rid.clone(), ssrc, rtx));
                    Layer {
                        rid: Rid::from(rid.as_str()),
                        ssrc: Ssrc::from(ssrc),
                        seq: u64::from(random_u32(30 + i as u64) & 0x7fff),
                        index: 0,
                        vp8: Vp8State::new(random_u32(40 + i as u64) as u16),
                        key_wanted: false,
                    }
                })
                .collect();
            VideoTrack {
                pt: Pt::from(vp8_pt),
                layers,
                rtp_time: random_u32(4),
                next_at: now,
                period: Duration::from_secs(1) / FRAME_RATE,
            }
        });
        (
            Publisher {
                media,
                audio: Some(audio),
                video,
                keyframe_requests: 0,
                packets_sent: 0,
            },
            ssrcs,
        )
    }

    fn send_audio(&mut self, now: Instant, out: &mut Sender<'_>) {
        let Some(track) = self.audio.as_mut() else {
            return;
        };
        if now.saturating_duration_since(track.next_at) > MAX_LAG {
            track.next_at = now;
        }
        let period = Duration::from_millis(u64::from(AUDIO_PTIME_MS));
        while track.next_at <= now {
            let payload = self.media.audio[track.index % self.media.audio.len()].clone();
            track.index = track.index.wrapping_add(1);
            let ext = ExtensionValues {
                audio_level: Some(AUDIO_LEVEL),
                voice_activity: Some(true),
                ..ExtensionValues::default()
            };
            let write = RtpWrite::new(track.pt, track.seq.into(), track.rtp_time, now, payload)
                .ext_vals(ext);
            track.seq += 1;
            track.rtp_time = track.rtp_time.wrapping_add(48 * AUDIO_PTIME_MS);
            track.next_at += period;
            write_packet(out, track.ssrc, write, &mut self.packets_sent);
        }
    }

    fn send_video(&mut self, now: Instant, out: &mut Sender<'_>) {
        let Some(track) = self.video.as_mut() else {
            return;
        };
        if now.saturating_duration_since(track.next_at) > MAX_LAG {
            track.next_at = now;
        }
        while track.next_at <= now {
            for (layer, frames) in track.layers.iter_mut().zip(&self.media.layers) {
                if layer.key_wanted {
                    layer.key_wanted = false;
                    // Jump to the clip's next key frame: a decoder can start there.
                    if let Some(k) = (0..frames.len())
                        .map(|o| (layer.index + o) % frames.len())
                        .find(|&i| frames[i].key)
                    {
                        layer.index = k;
                    }
                }
                let frame = &frames[layer.index % frames.len()];
                layer.index = (layer.index + 1) % frames.len();
                let payloads = layer.vp8.packetize(&frame.data);
                let last = payloads.len().saturating_sub(1);
                for (i, payload) in payloads.into_iter().enumerate() {
                    let write =
                        RtpWrite::new(track.pt, layer.seq.into(), track.rtp_time, now, payload)
                            .marker(i == last)
                            .nackable(true);
                    layer.seq += 1;
                    write_packet(out, layer.ssrc, write, &mut self.packets_sent);
                }
            }
            track.rtp_time = track.rtp_time.wrapping_add(90_000 / FRAME_RATE);
            track.next_at += track.period;
        }
    }
}

fn write_packet(out: &mut Sender<'_>, ssrc: Ssrc, write: RtpWrite, sent: &mut u64) {
    if let Some(stream) = out.rtc().direct_api().stream_tx(&ssrc) {
        stream.write_rtp(write);
        *sent += 1;
    }
    // A failed drain ends nothing here: the transport's loop sees the error next.
    let _ = out.drain();
}

impl Role for Publisher {
    type Command = ();

    fn on_event(&mut self, event: Event) {
        if let Event::KeyframeRequest(request) = event {
            self.keyframe_requests += 1;
            if let Some(video) = self.video.as_mut() {
                for layer in &mut video.layers {
                    if request.rid.is_none() || request.rid == Some(layer.rid) {
                        layer.key_wanted = true;
                    }
                }
            }
        }
    }

    fn on_command(&mut self, _command: (), _rtc: &mut Rtc) {}

    fn next_due(&self) -> Option<Instant> {
        [
            self.audio.as_ref().map(|a| a.next_at),
            self.video.as_ref().map(|v| v.next_at),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    fn send_due(&mut self, now: Instant, out: &mut Sender<'_>) {
        self.send_audio(now, out);
        self.send_video(now, out);
    }
}
