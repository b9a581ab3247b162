//! One load run: peers join at the ramp-up rate, media flows for the
//! measurement window, then everyone leaves and the figures are gathered.

use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::media::{self, MediaSettings};
use crate::peer::{run_peer, PeerOutcome, PeerPlan, PeerShared};
use crate::procfs::{self, Process};
use crate::report::{Report, ServerWindow, Window};

/// Most peers one run may start (every peer holds sockets and a task).
pub const MAX_PEERS: u32 = 2000;
/// Longest measurement window.
pub const MAX_SECONDS: u32 = 600;
/// How long peers get to join after the last one started.
const JOIN_GRACE: Duration = Duration::from_secs(30);
/// After everyone joined, media settles (layers, bandwidth estimates) before measuring.
const SETTLE: Duration = Duration::from_secs(3);
/// How long leaving may take before the run stops waiting for a peer.
const LEAVE_GRACE: Duration = Duration::from_secs(10);

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Rooms, each with the same peers.
    pub rooms: u32,
    /// Peers per room that send audio (and video).
    pub publishers: u32,
    /// Peers per room that only receive.
    pub subscribers: u32,
    /// Publishers also receive every other publisher (a meeting).
    pub publishers_subscribe: bool,
    /// Publishers send video as well as audio.
    pub video: bool,
    /// The measurement window.
    pub seconds: u32,
    /// Peers started per second (0: all at once).
    pub join_rate: f64,
    /// How the media is made.
    pub media: MediaSettings,
    /// Room names are `<prefix>-<n>`.
    pub room_prefix: String,
}

/// The server under test.
#[derive(Debug, Clone)]
pub struct Target {
    /// `http://host:port` of the server.
    pub http: String,
    /// Its process, for CPU and memory figures (`None`: not measured).
    pub pid: Option<u32>,
}

/// Why a run could not be done.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The scenario is out of bounds.
    #[error("{0}")]
    Scenario(String),
    /// The target is not a loopback HTTP URL.
    #[error("{0}")]
    Target(String),
    /// The media could not be made.
    #[error(transparent)]
    Media(#[from] media::MediaError),
}

impl Scenario {
    /// Peers per room.
    pub fn peers_per_room(&self) -> u32 {
        self.publishers + self.subscribers
    }

    /// Checks the bounds; the error names the flag.
    pub fn validate(&self) -> Result<(), LoadError> {
        let bad = |m: String| Err(LoadError::Scenario(m));
        let total = u64::from(self.rooms) * u64::from(self.peers_per_room());
        if self.rooms == 0 {
            return bad("--rooms must be at least 1".into());
        }
        if self.peers_per_room() == 0 {
            return bad("--publishers + --subscribers must be at least 1".into());
        }
        if total > u64::from(MAX_PEERS) {
            return bad(format!(
                "{total} peers asked (--rooms × (--publishers + --subscribers)); at most {MAX_PEERS}"
            ));
        }
        if !(1..=MAX_SECONDS).contains(&self.seconds) {
            return bad(format!("--seconds must be 1 to {MAX_SECONDS}"));
        }
        if !(self.join_rate.is_finite() && (0.0..=10_000.0).contains(&self.join_rate)) {
            return bad("--join-rate must be 0 (all at once) to 10000 peers/s".into());
        }
        Ok(())
    }

    /// Consumers the run should end up with, if everything works.
    pub fn expected_consumers(&self) -> u64 {
        let kinds = if self.video { 2 } else { 1 };
        let p = u64::from(self.publishers);
        let mut per_room = u64::from(self.subscribers) * p * kinds;
        if self.publishers_subscribe {
            per_room += p * p.saturating_sub(1) * kinds;
        }
        per_room * u64::from(self.rooms)
    }
}

/// Parses `http://host:port` into the signaling URL `ws://host:port/ws`,
/// refusing anything that is not this machine.
pub fn ws_base(http: &str) -> Result<String, LoadError> {
    let bad = |m: String| Err(LoadError::Target(m));
    let Some(rest) = http.strip_prefix("http://") else {
        return bad(format!("--server {http:?}: give http://HOST:PORT"));
    };
    let authority = rest.trim_end_matches('/');
    if authority.contains('/') || authority.is_empty() {
        return bad(format!(
            "--server {http:?}: give http://HOST:PORT without a path"
        ));
    }
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(h, _)| h)
        .trim_start_matches('[')
        .trim_end_matches(']');
    let loopback = host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return bad(format!(
            "--server {http:?}: the load generator only targets this machine (127.0.0.1, ::1 or localhost)"
        ));
    }
    Ok(format!("ws://{authority}/ws"))
}

/// Media may go to loopback or to an address of this machine's own interfaces
/// (the server's default announced IP); nothing leaves the machine.
fn local_addresses() -> Arc<dyn Fn(IpAddr) -> bool + Send + Sync> {
    let own: Vec<IpAddr> = if_addrs::get_if_addrs()
        .map(|l| l.into_iter().map(|i| i.ip()).collect())
        .unwrap_or_default();
    Arc::new(move |ip: IpAddr| ip.is_loopback() || own.contains(&ip))
}

/// Joins, streams and leaves; returns the figures.
pub async fn run(scenario: &Scenario, target: &Target) -> Result<Report, LoadError> {
    scenario.validate()?;
    let ws = ws_base(&target.http)?;
    let settings = scenario.media.clone();
    let (media, _clips) = tokio::task::spawn_blocking(move || media::load_or_encode(&settings))
        .await
        .map_err(|e| LoadError::Scenario(format!("media task failed: {e}")))??;
    let shared = Arc::new(PeerShared {
        ws_base: ws,
        media: Arc::new(media),
        layer_kbps: scenario.media.layer_kbps.clone(),
        allowed: local_addresses(),
    });
    let plans = plans(scenario);
    let server = target.pid.and_then(|pid| Process::new(pid).ok());
    let (stop_tx, stop) = watch::channel(false);
    let progress = Arc::new(Progress::default());
    let rss_start = server
        .as_ref()
        .and_then(Process::sample)
        .map(|s| s.rss_bytes);

    let started = Instant::now();
    let mut tasks = Vec::with_capacity(plans.len());
    let gap = (scenario.join_rate > 0.0).then(|| Duration::from_secs_f64(1.0 / scenario.join_rate));
    let mut next = Instant::now();
    for plan in plans {
        if let Some(gap) = gap {
            tokio::time::sleep_until(next.into()).await;
            next += gap;
        }
        let (shared, stop, progress) = (shared.clone(), stop.clone(), progress.clone());
        tasks.push(tokio::spawn(run_peer(plan, shared, stop, progress)));
    }
    let total = tasks.len() as u64;
    let deadline = Instant::now() + JOIN_GRACE;
    while progress.settled() < total && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let ramp = started.elapsed();
    tokio::time::sleep(SETTLE).await;

    // The measurement window.
    let before = server.as_ref().and_then(Process::sample);
    let own_before = (Instant::now(), procfs::own_cpu_seconds());
    let packets_before = progress.rtp_packets.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(u64::from(scenario.seconds))).await;
    let packets_after = progress.rtp_packets.load(Ordering::Relaxed);
    let after = server.as_ref().and_then(Process::sample);
    let own_after = (Instant::now(), procfs::own_cpu_seconds());

    let run_time = started.elapsed();
    let _ = stop_tx.send(true);
    let mut outcomes: Vec<PeerOutcome> = Vec::with_capacity(tasks.len());
    let leave_deadline = Instant::now() + LEAVE_GRACE;
    for task in tasks {
        let left = leave_deadline.saturating_duration_since(Instant::now());
        if let Ok(Ok(outcome)) = tokio::time::timeout(left, task).await {
            outcomes.push(outcome);
        }
    }
    let wall = own_after.0.saturating_duration_since(own_before.0);
    let window = Window {
        wall,
        ramp,
        server: before
            .as_ref()
            .zip(after.as_ref())
            .map(|(b, a)| ServerWindow {
                usage: b.usage_until(a),
                rss_start: rss_start.unwrap_or(b.rss_bytes),
                rss_end: a.rss_bytes,
            }),
        loadgen_pct: 100.0 * (own_after.1 - own_before.1) / wall.as_secs_f64().max(1e-9),
        rtp_packets: packets_after.saturating_sub(packets_before),
        run: run_time,
    };
    Ok(Report::new(scenario, total, outcomes, window))
}

/// Live counters every peer updates.
#[derive(Debug, Default)]
pub struct Progress {
    /// Peers whose `join` was answered.
    pub joined: AtomicU64,
    /// Peers that gave up before joining.
    pub failed: AtomicU64,
    /// RTP packets received by all subscribers.
    pub rtp_packets: AtomicU64,
}

impl Progress {
    fn settled(&self) -> u64 {
        self.joined.load(Ordering::Relaxed) + self.failed.load(Ordering::Relaxed)
    }
}

/// Every peer of the scenario, publishers of each room first, rooms interleaved.
fn plans(s: &Scenario) -> Vec<PeerPlan> {
    let tag = std::process::id();
    let mut per_room: Vec<Vec<PeerPlan>> = (0..s.rooms)
        .map(|r| {
            let room = format!("{}-{tag}-{r}", s.room_prefix);
            let publishers = (0..s.publishers).map(|i| PeerPlan {
                room: room.clone(),
                peer_id: format!("pub{i}"),
                publish: true,
                subscribe: s.publishers_subscribe,
                video: s.video,
            });
            let subscribers = (0..s.subscribers).map(|i| PeerPlan {
                room: room.clone(),
                peer_id: format!("sub{i}"),
                publish: false,
                subscribe: true,
                video: s.video,
            });
            publishers.chain(subscribers).collect()
        })
        .collect();
    let mut out = Vec::new();
    let longest = per_room.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..longest {
        for room in &mut per_room {
            if let Some(plan) = room.get(i) {
                out.push(plan.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        Scenario {
            rooms: 2,
            publishers: 1,
            subscribers: 3,
            publishers_subscribe: false,
            video: true,
            seconds: 5,
            join_rate: 10.0,
            media: MediaSettings::new("target/x".into()),
            room_prefix: "t".into(),
        }
    }

    #[test]
    fn bounds_name_the_flag() {
        let mut s = scenario();
        assert!(s.validate().is_ok());
        s.subscribers = 5000;
        assert!(s
            .validate()
            .unwrap_err()
            .to_string()
            .contains("at most 2000"));
        s.subscribers = 1;
        s.seconds = 0;
        assert!(s.validate().unwrap_err().to_string().contains("--seconds"));
    }

    #[test]
    fn expected_consumers_of_fan_out_and_meetings() {
        let mut s = scenario();
        assert_eq!(s.expected_consumers(), 2 * 3 * 2);
        s.publishers = 4;
        s.subscribers = 0;
        s.publishers_subscribe = true;
        assert_eq!(s.expected_consumers(), 2 * 4 * 3 * 2);
    }

    #[test]
    fn plans_interleave_rooms_publishers_first() {
        let p = plans(&scenario());
        assert_eq!(p.len(), 8);
        assert!(p[0].publish && p[1].publish && p[0].room != p[1].room);
        assert!(!p[2].publish);
    }

    #[test]
    fn only_this_machine_is_a_target() {
        assert_eq!(
            ws_base("http://127.0.0.1:8080").unwrap(),
            "ws://127.0.0.1:8080/ws"
        );
        assert_eq!(
            ws_base("http://localhost:9/").unwrap(),
            "ws://localhost:9/ws"
        );
        assert_eq!(ws_base("http://[::1]:9").unwrap(), "ws://[::1]:9/ws");
        assert!(ws_base("http://10.0.0.1:8080").is_err());
        assert!(ws_base("https://127.0.0.1").is_err());
        assert!(ws_base("http://127.0.0.1:8080/x").is_err());
    }
}
