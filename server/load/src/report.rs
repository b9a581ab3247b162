//! The figures of a run: a table for people and one JSON object for scripts.

use std::fmt;
use std::time::Duration;

use serde::Serialize;
use stunroom_shared::media::MediaKind;

use crate::peer::PeerOutcome;
use crate::procfs::Usage;
use crate::run::Scenario;
use crate::stats::{median, percentile};

/// What the run measured around the peers.
#[derive(Debug, Clone)]
pub struct Window {
    /// The measurement window.
    pub wall: Duration,
    /// From the first peer starting to the last one settled (joined or failed).
    pub ramp: Duration,
    /// Server CPU and memory over the window (`None`: no pid).
    pub server: Option<ServerWindow>,
    /// The load generator's own CPU over the window, % of one core.
    pub loadgen_pct: f64,
    /// RTP packets all subscribers received during the window.
    pub rtp_packets: u64,
    /// From the first peer starting to the stop.
    pub run: Duration,
}

/// The server process over the window.
#[derive(Debug, Clone, Copy)]
pub struct ServerWindow {
    /// CPU use.
    pub usage: Usage,
    /// RSS before the first peer joined, bytes.
    pub rss_start: u64,
    /// RSS at the end of the window, bytes.
    pub rss_end: u64,
}

/// The result of a run. Its JSON is the last line `stunroom-load` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Peers started.
    pub peers: u64,
    /// Peers whose join was answered.
    pub joined: u64,
    /// Peers that hit an error.
    pub failed: u64,
    /// The first few errors, with the peer they hit.
    pub errors: Vec<String>,
    /// Consumers (streams) the server gave the subscribers.
    pub consumers: u64,
    /// Consumers the scenario should have (all producers to all subscribers).
    pub expected_consumers: u64,
    /// Subscribers that received audio and video from every publisher.
    pub subscribers_complete: u64,
    /// Subscribers in the run.
    pub subscribers: u64,
    /// Packets lost over all received streams, %.
    pub loss_pct: f64,
    /// The same, audio streams only.
    pub audio_loss_pct: f64,
    /// The same, video streams only.
    pub video_loss_pct: f64,
    /// Median interarrival jitter of the audio streams, ms.
    pub audio_jitter_p50_ms: Option<f64>,
    /// Median interarrival jitter of the video streams, ms.
    pub video_jitter_p50_ms: Option<f64>,
    /// WebSocket open → join answered, median and 99th percentile, ms.
    pub join_p50_ms: Option<f64>,
    /// See `join_p50_ms`.
    pub join_p99_ms: Option<f64>,
    /// WebSocket open → first RTP packet of every consumer of the peer, ms.
    pub first_rtp_p50_ms: Option<f64>,
    /// See `first_rtp_p50_ms`.
    pub first_rtp_p99_ms: Option<f64>,
    /// The mediasoup worker threads' CPU, % of one core.
    pub worker_cpu_pct: Option<f64>,
    /// The whole server process's CPU, % of one core.
    pub server_cpu_pct: Option<f64>,
    /// The server minus its worker threads: the Rust layer, % of one core.
    pub rust_cpu_pct: Option<f64>,
    /// Server resident memory at the end of the window, MiB.
    pub server_rss_mb: Option<f64>,
    /// Server resident memory before the first peer joined, MiB.
    pub server_rss_start_mb: Option<f64>,
    /// The load generator's CPU, % of one core (near 100: it is the bottleneck).
    pub loadgen_cpu_pct: f64,
    /// RTP packets per second the server sent to the subscribers.
    pub pkts_out_per_s: f64,
    /// Rust-layer CPU seconds over the window (not rounded).
    pub rust_cpu_s: Option<f64>,
    /// Worker CPU per forwarded packet, µs.
    pub worker_us_per_pkt: Option<f64>,
    /// Rust-layer CPU per forwarded packet, µs.
    pub rust_us_per_pkt: Option<f64>,
    /// Key-frame requests the publishers got.
    pub keyframe_requests: u64,
    /// Notifications the peers received per second of the run, by method.
    pub notifications_per_s: std::collections::BTreeMap<String, f64>,
    /// Median time at which each join step ended, ms after the WebSocket began opening.
    pub join_steps_p50_ms: Vec<(String, f64)>,
    /// Seconds measured.
    pub window_s: f64,
    /// Seconds from the first peer to the last settled.
    pub ramp_s: f64,
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

fn round(v: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (v * k).round() / k
}

impl Report {
    /// Gathers the outcomes of every peer.
    pub fn new(
        scenario: &Scenario,
        peers: u64,
        outcomes: Vec<PeerOutcome>,
        window: Window,
    ) -> Report {
        let kinds: u64 = if scenario.video { 2 } else { 1 };
        let mut errors = Vec::new();
        let (mut joined, mut failed, mut consumers, mut complete, mut subscribers) =
            (0, 0, 0, 0, 0);
        let (mut joins, mut firsts) = (Vec::new(), Vec::new());
        let (mut jitter_a, mut jitter_v) = (Vec::new(), Vec::new());
        let mut lost = [0u64; 2];
        let mut expected = [0u64; 2];
        let mut keyframes = 0;
        let mut notifications = std::collections::BTreeMap::<String, u64>::new();
        let mut steps: Vec<(&'static str, Vec<f64>)> = Vec::new();
        for o in &outcomes {
            for (name, at) in &o.steps {
                match steps.iter_mut().find(|(n, _)| n == name) {
                    Some((_, v)) => v.push(*at),
                    None => steps.push((name, vec![*at])),
                }
            }
            for (method, n) in &o.notifications {
                *notifications.entry(method.clone()).or_default() += n;
            }
            if o.join_ms.is_some() {
                joined += 1;
            }
            if let Some(e) = &o.error {
                failed += 1;
                if errors.len() < 5 {
                    errors.push(format!("{}/{}: {e}", o.plan.room, o.plan.peer_id));
                }
            }
            joins.extend(o.join_ms);
            if let Some((k, _)) = o.published {
                keyframes += k;
            }
            if !o.plan.subscribe {
                continue;
            }
            subscribers += 1;
            firsts.extend(o.first_rtp_ms);
            consumers += o.streams.len() as u64;
            let publishers = u64::from(scenario.publishers) - u64::from(o.plan.publish);
            let flowing = o.streams.iter().filter(|s| s.stats.packets > 0).count() as u64;
            if flowing == publishers * kinds && o.streams.len() as u64 == flowing {
                complete += 1;
            }
            for s in &o.streams {
                let i = usize::from(s.kind == MediaKind::Video);
                lost[i] += s.stats.lost();
                expected[i] += s.stats.expected();
                let j = s.stats.jitter().as_secs_f64() * 1000.0;
                if s.stats.packets > 1 {
                    match s.kind {
                        MediaKind::Audio => jitter_a.push(j),
                        MediaKind::Video => jitter_v.push(j),
                    }
                }
            }
        }
        // Peers whose task did not come back are failures too.
        failed += peers.saturating_sub(outcomes.len() as u64);
        let secs = window.wall.as_secs_f64().max(1e-9);
        let pkts = window.rtp_packets as f64 / secs;
        let usage = window.server.map(|w| w.usage);
        let mib = |b: u64| round(b as f64 / 1048576.0, 1);
        let per_pkt = |cpu_s: f64| {
            (window.rtp_packets > 0).then(|| round(1e6 * cpu_s / window.rtp_packets as f64, 3))
        };
        Report {
            peers,
            joined,
            failed,
            errors,
            consumers,
            expected_consumers: scenario.expected_consumers(),
            subscribers_complete: complete,
            subscribers,
            loss_pct: round(pct(lost[0] + lost[1], expected[0] + expected[1]), 3),
            audio_loss_pct: round(pct(lost[0], expected[0]), 3),
            video_loss_pct: round(pct(lost[1], expected[1]), 3),
            audio_jitter_p50_ms: median(&jitter_a).map(|v| round(v, 2)),
            video_jitter_p50_ms: median(&jitter_v).map(|v| round(v, 2)),
            join_p50_ms: median(&joins).map(|v| round(v, 1)),
            join_p99_ms: percentile(&joins, 99.0).map(|v| round(v, 1)),
            first_rtp_p50_ms: median(&firsts).map(|v| round(v, 1)),
            first_rtp_p99_ms: percentile(&firsts, 99.0).map(|v| round(v, 1)),
            worker_cpu_pct: usage.map(|u| round(u.worker_pct, 1)),
            server_cpu_pct: usage.map(|u| round(u.process_pct, 1)),
            rust_cpu_pct: usage.map(|u| round(u.rust_pct, 1)),
            server_rss_mb: window.server.map(|w| mib(w.rss_end)),
            server_rss_start_mb: window.server.map(|w| mib(w.rss_start)),
            loadgen_cpu_pct: round(window.loadgen_pct, 1),
            pkts_out_per_s: round(pkts, 0),
            rust_cpu_s: usage.map(|u| round(u.rust_seconds, 4)),
            worker_us_per_pkt: usage.and_then(|u| per_pkt(u.worker_seconds)),
            rust_us_per_pkt: usage.and_then(|u| per_pkt(u.rust_seconds)),
            keyframe_requests: keyframes,
            notifications_per_s: notifications
                .into_iter()
                .map(|(m, n)| (m, round(n as f64 / window.run.as_secs_f64().max(1e-9), 1)))
                .collect(),
            join_steps_p50_ms: steps
                .iter()
                .filter_map(|(n, v)| median(v).map(|m| ((*n).to_owned(), round(m, 1))))
                .collect(),
            window_s: round(secs, 2),
            ramp_s: round(window.ramp.as_secs_f64(), 2),
        }
    }

    /// The one-line JSON object.
    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// Every subscriber got every stream, and loss stayed under `max_loss_pct`.
    pub fn healthy(&self, max_loss_pct: f64) -> bool {
        self.failed == 0
            && self.consumers == self.expected_consumers
            && self.subscribers_complete == self.subscribers
            && self.loss_pct < max_loss_pct
    }
}

fn opt(v: Option<f64>, unit: &str) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v}{unit}"))
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = |f: &mut fmt::Formatter<'_>, k: &str, v: String| writeln!(f, "  {k:<28} {v}");
        row(
            f,
            "peers joined / started",
            format!("{} / {}", self.joined, self.peers),
        )?;
        row(f, "peers failed", self.failed.to_string())?;
        row(
            f,
            "consumers / expected",
            format!("{} / {}", self.consumers, self.expected_consumers),
        )?;
        row(
            f,
            "subscribers receiving all",
            format!("{} / {}", self.subscribers_complete, self.subscribers),
        )?;
        row(
            f,
            "loss (all / audio / video)",
            format!(
                "{} % / {} % / {} %",
                self.loss_pct, self.audio_loss_pct, self.video_loss_pct
            ),
        )?;
        row(
            f,
            "jitter p50 (audio / video)",
            format!(
                "{} / {}",
                opt(self.audio_jitter_p50_ms, " ms"),
                opt(self.video_jitter_p50_ms, " ms")
            ),
        )?;
        row(
            f,
            "join p50 / p99",
            format!(
                "{} / {}",
                opt(self.join_p50_ms, " ms"),
                opt(self.join_p99_ms, " ms")
            ),
        )?;
        row(
            f,
            "first RTP p50 / p99",
            format!(
                "{} / {}",
                opt(self.first_rtp_p50_ms, " ms"),
                opt(self.first_rtp_p99_ms, " ms")
            ),
        )?;
        row(
            f,
            "packets out of the server",
            format!("{} /s", self.pkts_out_per_s),
        )?;
        row(
            f,
            "CPU worker / Rust / process",
            format!(
                "{} / {} / {} (of one core)",
                opt(self.worker_cpu_pct, " %"),
                opt(self.rust_cpu_pct, " %"),
                opt(self.server_cpu_pct, " %")
            ),
        )?;
        row(
            f,
            "CPU per packet worker / Rust",
            format!(
                "{} / {}",
                opt(self.worker_us_per_pkt, " µs"),
                opt(self.rust_us_per_pkt, " µs")
            ),
        )?;
        row(
            f,
            "server RSS start / end",
            format!(
                "{} / {}",
                opt(self.server_rss_start_mb, " MiB"),
                opt(self.server_rss_mb, " MiB")
            ),
        )?;
        row(
            f,
            "load generator CPU",
            format!("{} % of one core", self.loadgen_cpu_pct),
        )?;
        row(f, "key-frame requests", self.keyframe_requests.to_string())?;
        let notes: Vec<String> = self
            .notifications_per_s
            .iter()
            .map(|(m, n)| format!("{m} {n}"))
            .collect();
        row(f, "notifications /s", notes.join(", "))?;
        let steps: Vec<String> = self
            .join_steps_p50_ms
            .iter()
            .map(|(s, t)| format!("{s} {t}"))
            .collect();
        row(f, "join steps p50 (ms)", steps.join(", "))?;
        row(
            f,
            "window / ramp-up",
            format!("{} s / {} s", self.window_s, self.ramp_s),
        )?;
        for e in &self.errors {
            row(f, "error", e.clone())?;
        }
        Ok(())
    }
}
