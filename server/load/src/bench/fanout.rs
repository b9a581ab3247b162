//! Fan-out: one publisher to N subscribers on one worker. The worker's CPU per
//! forwarded packet and per consumer-second, and consumers per core at < 1 % loss.

use serde::Serialize;
use stunroom_load::Report;

use crate::scenarios::{fmt, med, one_run, scenario, MEDIASOUP_CONSUMERS_PER_CORE};
use crate::Env;

/// Loss above this is not "carried".
const MAX_LOSS_PCT: f64 = 1.0;
/// A worker this busy is saturated: its figure is measured, not extrapolated.
const SATURATED_PCT: f64 = 90.0;

/// The medians at one subscriber count.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// Subscribers.
    pub subscribers: u32,
    /// Consumers (2 per subscriber).
    pub consumers: f64,
    /// Loss, %.
    pub loss_pct: f64,
    /// Worker CPU, % of one core.
    pub worker_pct: f64,
    /// Rust-layer CPU, % of one core.
    pub rust_pct: f64,
    /// Packets forwarded per second.
    pub pkts_per_s: f64,
    /// Worker CPU per forwarded packet, µs.
    pub worker_us_per_pkt: f64,
    /// Worker CPU per consumer and second, µs.
    pub worker_us_per_consumer_s: f64,
    /// Rust-layer CPU per forwarded packet, µs.
    pub rust_us_per_pkt: f64,
    /// Load generator CPU, % of its core.
    pub loadgen_pct: f64,
    /// Every run at this point.
    pub runs: Vec<Report>,
}

/// Runs the sweep (interleaved repeats) and prints the table.
pub async fn run(env: &Env, sizes: &[u32]) -> Result<Vec<Point>, String> {
    let mut runs: Vec<Vec<Report>> = vec![Vec::new(); sizes.len()];
    for rep in 0..env.repeat {
        for (i, n) in sizes.iter().enumerate() {
            eprintln!("fan-out: 1 -> {n} (run {}/{})", rep + 1, env.repeat);
            runs[i].push(one_run(env, &scenario(env, 1, 1, *n)).await?);
        }
    }
    let points: Vec<Point> = sizes
        .iter()
        .zip(runs)
        .map(|(n, reports)| {
            let m = |f: &dyn Fn(&Report) -> Option<f64>| med(&reports, f).unwrap_or(0.0);
            let consumers = m(&|r| Some(r.consumers as f64));
            let worker_pct = m(&|r| r.worker_cpu_pct);
            Point {
                subscribers: *n,
                consumers,
                loss_pct: m(&|r| Some(r.loss_pct)),
                worker_pct,
                rust_pct: m(&|r| r.rust_cpu_pct),
                pkts_per_s: m(&|r| Some(r.pkts_out_per_s)),
                worker_us_per_pkt: m(&|r| r.worker_us_per_pkt),
                worker_us_per_consumer_s: 1e6 * (worker_pct / 100.0) / consumers.max(1.0),
                rust_us_per_pkt: m(&|r| r.rust_us_per_pkt),
                loadgen_pct: m(&|r| Some(r.loadgen_cpu_pct)),
                runs: reports,
            }
        })
        .collect();
    let rows: Vec<Vec<String>> = points
        .iter()
        .map(|p| {
            vec![
                p.subscribers.to_string(),
                format!("{:.0}", p.consumers),
                format!("{:.3}", p.loss_pct),
                format!("{:.1}", p.worker_pct),
                format!("{:.1}", p.rust_pct),
                format!("{:.0}", p.pkts_per_s),
                format!("{:.2}", p.worker_us_per_pkt),
                format!("{:.0}", p.worker_us_per_consumer_s),
                format!("{:.3}", p.rust_us_per_pkt),
                format!("{:.0}", p.loadgen_pct),
            ]
        })
        .collect();
    let (per_core, how) = consumers_per_core(&points);
    let notes = vec![
        format!(
            "consumers per core at < {MAX_LOSS_PCT} % loss: {} ({how}); mediasoup's guidance: {MEDIASOUP_CONSUMERS_PER_CORE:.0} → ratio {}",
            fmt(per_core, 0),
            fmt(per_core.map(|c| c / MEDIASOUP_CONSUMERS_PER_CORE), 2)
        ),
        "worker/rust %: CPU of the mediasoup worker thread / the rest of the server process, % of one core; loadgen %: the load generator on the other core.".into(),
    ];
    env.table(
        "fan-out: 1 publisher (audio + VP8 150/500/1500 kbit/s) → N subscribers, one worker",
        &[
            "subs",
            "consumers",
            "loss %",
            "worker %",
            "rust %",
            "pkts/s",
            "worker µs/pkt",
            "worker µs/consumer·s",
            "rust µs/pkt",
            "loadgen %",
        ],
        &rows,
        &notes,
    );
    Ok(points)
}

/// Measured where the worker saturated with loss still < 1 %; else
/// extrapolated from the largest point under 1 % loss.
fn consumers_per_core(points: &[Point]) -> (Option<f64>, String) {
    let ok: Vec<&Point> = points
        .iter()
        .filter(|p| p.loss_pct < MAX_LOSS_PCT && p.worker_pct > 0.0)
        .collect();
    if let Some(p) = ok.iter().rev().find(|p| p.worker_pct >= SATURATED_PCT) {
        return (
            Some(p.consumers),
            format!(
                "measured: the worker saturated at {} subscribers",
                p.subscribers
            ),
        );
    }
    match ok.last() {
        Some(p) => (
            Some(p.consumers / (p.worker_pct / 100.0)),
            format!(
                "extrapolated from the per-consumer cost at {} subscribers, where the worker used {:.0} % of its core",
                p.subscribers, p.worker_pct
            ),
        ),
        None => (None, "no point had < 1 % loss".into()),
    }
}
