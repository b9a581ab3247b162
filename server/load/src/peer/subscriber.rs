//! A subscriber's receive transport: expects the streams of the consumers
//! the server offers and measures each one.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use str0m::media::{MediaKind, Mid};
use str0m::rtp::Ssrc;
use str0m::{Event, Rtc};
use stunroom_shared::media::MediaKind as Kind;

use crate::rtc::{Role, Sender};
use crate::run::Progress;
use crate::stats::StreamStats;

/// A consumer the server created for us.
pub struct ConsumerStream {
    /// Its media section id (from its RTP parameters).
    pub mid: String,
    /// Audio or video.
    pub kind: Kind,
    /// The SSRC mediasoup sends it on.
    pub ssrc: u32,
    /// Its RTX SSRC, if any.
    pub rtx: Option<u32>,
    /// The codec's RTP clock rate.
    pub clock_rate: u32,
}

/// Per consumer: what it is and what arrived.
pub struct Received {
    /// Audio or video.
    pub kind: Kind,
    /// The counters.
    pub stats: StreamStats,
}

/// The receive side of a peer.
pub struct Subscriber {
    epoch: Instant,
    progress: Arc<Progress>,
    by_ssrc: HashMap<u32, usize>,
    /// One entry per consumer, in the order they were offered.
    pub streams: Vec<Received>,
}

impl Subscriber {
    /// No streams yet; jitter is measured against `epoch`.
    pub fn new(epoch: Instant, progress: Arc<Progress>) -> Self {
        Subscriber {
            epoch,
            progress,
            by_ssrc: HashMap::new(),
            streams: Vec::new(),
        }
    }
}

/// Expect a consumer's stream; `applied` fires once it is expected (so the
/// peer accepts the consumer only when its first packets can be counted).
pub struct Expect {
    /// The stream.
    pub stream: ConsumerStream,
    /// Told when done.
    pub applied: tokio::sync::oneshot::Sender<()>,
}

impl Role for Subscriber {
    type Command = Expect;

    fn on_event(&mut self, event: Event) {
        if let Event::RtpPacket(packet) = event {
            let ssrc = *packet.header.ssrc;
            if let Some(&i) = self.by_ssrc.get(&ssrc) {
                self.progress.rtp_packets.fetch_add(1, Ordering::Relaxed);
                self.streams[i].stats.on_packet(
                    *packet.seq_no,
                    packet.header.timestamp,
                    packet.timestamp,
                    packet.payload.len(),
                );
            }
        }
    }

    fn on_command(&mut self, command: Expect, rtc: &mut Rtc) {
        let Expect { stream: c, applied } = command;
        let mid = Mid::from(c.mid.as_str());
        let kind = match c.kind {
            Kind::Audio => MediaKind::Audio,
            Kind::Video => MediaKind::Video,
        };
        if rtc.media(mid).is_none() {
            rtc.direct_api().declare_media(mid, kind);
        }
        let mut api = rtc.direct_api();
        let stream = api.expect_stream_rx(Ssrc::from(c.ssrc), c.rtx.map(Ssrc::from), mid, None);
        // Browsers NACK only what negotiated it (video, with RTX); Opus does not.
        if c.kind == Kind::Audio || c.rtx.is_none() {
            stream.suppress_nack(true);
        }
        self.by_ssrc.insert(c.ssrc, self.streams.len());
        self.streams.push(Received {
            kind: c.kind,
            stats: StreamStats::new(c.clock_rate, self.epoch),
        });
        let _ = applied.send(());
    }

    fn next_due(&self) -> Option<Instant> {
        None
    }

    fn send_due(&mut self, _now: Instant, _out: &mut Sender<'_>) {}
}
