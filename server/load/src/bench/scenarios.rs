//! Running one scenario on a fresh, pinned server; the meeting and join-storm
//! benchmarks.

use serde_json::{json, Value};
use stunroom_load::spawn::SpawnedServer;
use stunroom_load::stats::median;
use stunroom_load::{run, MediaSettings, Report, Scenario, Target};

use crate::{pin, Env};

/// mediasoup's guidance: about 500 consumers per worker (one core).
pub const MEDIASOUP_CONSUMERS_PER_CORE: f64 = 500.0;

/// A scenario of `rooms` rooms for this environment (video on, three layers).
pub fn scenario(env: &Env, rooms: u32, publishers: u32, subscribers: u32) -> Scenario {
    Scenario {
        rooms,
        publishers,
        subscribers,
        publishers_subscribe: false,
        video: true,
        seconds: env.seconds,
        join_rate: 50.0,
        media: MediaSettings::new(env.media_dir.clone()),
        room_prefix: "bench".into(),
    }
}

/// Starts a server with one worker, pinned as [`pin::pin_server`] says.
pub fn server(env: &Env) -> Result<SpawnedServer, String> {
    let server = SpawnedServer::start(&env.server_bin, &["--workers".into(), "1".into()])?;
    if let Some(cores) = env.cores {
        pin::pin_server(server.pid(), cores)?;
    }
    Ok(server)
}

/// One run of `scenario` on a fresh server.
pub async fn one_run(env: &Env, scenario: &Scenario) -> Result<Report, String> {
    let mut server = server(env)?;
    let target = Target {
        http: server.http.clone(),
        pid: Some(server.pid()),
    };
    let report = run(scenario, &target).await.map_err(|e| e.to_string())?;
    if !server.alive() {
        return Err("the server died during the run".into());
    }
    Ok(report)
}

/// Median of a field over runs.
pub fn med(reports: &[Report], f: impl Fn(&Report) -> Option<f64>) -> Option<f64> {
    let v: Vec<f64> = reports.iter().filter_map(f).collect();
    median(&v)
}

/// `v` with `places` decimals, or `-`.
pub fn fmt(v: Option<f64>, places: usize) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.places$}"))
}

/// Rooms of 4, 8 and 16 where everyone publishes and receives everyone else.
pub async fn meeting(env: &Env) -> Result<Value, String> {
    let sizes = [4u32, 8, 16];
    let mut runs: Vec<Vec<Report>> = vec![Vec::new(); sizes.len()];
    for _ in 0..env.repeat {
        for (i, n) in sizes.iter().enumerate() {
            let mut s = scenario(env, 1, *n, 0);
            s.publishers_subscribe = true;
            eprintln!("meeting: {n} all-to-all");
            runs[i].push(one_run(env, &s).await?);
        }
    }
    let mut rows = Vec::new();
    let mut out = Vec::new();
    for (n, reports) in sizes.iter().zip(&runs) {
        let consumers = med(reports, |r| Some(r.consumers as f64));
        let worker = med(reports, |r| r.worker_cpu_pct);
        let per_core = consumers
            .zip(worker)
            .map(|(c, w)| c / (w / 100.0).max(1e-9));
        rows.push(vec![
            n.to_string(),
            fmt(consumers, 0),
            fmt(med(reports, |r| Some(r.loss_pct)), 3),
            fmt(worker, 1),
            fmt(med(reports, |r| r.rust_cpu_pct), 1),
            fmt(med(reports, |r| Some(r.pkts_out_per_s)), 0),
            fmt(med(reports, |r| r.first_rtp_p99_ms), 0),
            fmt(per_core, 0),
            fmt(per_core.map(|p| p / MEDIASOUP_CONSUMERS_PER_CORE), 2),
        ]);
        out.push(json!({"size": n, "runs": reports}));
    }
    env.table(
        "meeting: one room, everyone publishes (audio + 3-layer VP8) and receives everyone else",
        &[
            "peers",
            "consumers",
            "loss %",
            "worker %",
            "rust %",
            "pkts/s",
            "first RTP p99 ms",
            "consumers/core (extrap.)",
            "ratio vs 500",
        ],
        &rows,
        &["consumers/core: consumers ÷ worker CPU share (extrapolated to a full core).".into()],
    );
    Ok(Value::Array(out))
}

/// 100 subscribers joining a room with one publisher within one second.
pub async fn join_storm(env: &Env) -> Result<Value, String> {
    let mut reports = Vec::new();
    for _ in 0..env.repeat {
        let mut s = scenario(env, 1, 1, 100);
        s.join_rate = 101.0;
        eprintln!("join storm: 1 publisher + 100 subscribers at 101 peers/s");
        reports.push(one_run(env, &s).await?);
    }
    let rows = vec![vec![
        fmt(med(&reports, |r| Some(r.joined as f64)), 0),
        fmt(med(&reports, |r| Some(r.ramp_s)), 2),
        fmt(med(&reports, |r| r.join_p50_ms), 0),
        fmt(med(&reports, |r| r.join_p99_ms), 0),
        fmt(med(&reports, |r| r.first_rtp_p50_ms), 0),
        fmt(med(&reports, |r| r.first_rtp_p99_ms), 0),
        fmt(med(&reports, |r| Some(r.subscribers_complete as f64)), 0),
        fmt(med(&reports, |r| r.join_p99_ms).map(|p| p / 1000.0), 2),
    ]];
    env.table(
        "join storm: 1 publisher, then 100 subscribers started within 1 s",
        &["joined", "ramp s", "join p50 ms", "join p99 ms", "first RTP p50 ms", "first RTP p99 ms", "receiving all", "join p99 / 1 s"],
        &rows,
        &["join: WebSocket open → join answered; first RTP: WebSocket open → first packet of both consumers.".into()],
    );
    Ok(json!({"runs": reports}))
}

/// The Rust layer's cost per packet: the same 100 subscribers with the same
/// objects and events, but video at two bitrates (about 3× the packets),
/// interleaved. The marginal Rust CPU per extra packet is the per-packet work;
/// the goal is zero (mediasoup's worker moves the packets, the Rust layer
/// only signals).
pub async fn rust_cost(env: &Env) -> Result<Value, String> {
    const HIGH: [u32; 3] = [300, 1000, 3000];
    const LOW: [u32; 3] = [50, 150, 450];
    let (mut high, mut low) = (Vec::new(), Vec::new());
    for rep in 0..env.repeat {
        eprintln!(
            "rust cost: 1 -> 100 at two video bitrates (run {}/{})",
            rep + 1,
            env.repeat
        );
        let mut s = scenario(env, 1, 1, 100);
        s.media.layer_kbps = HIGH.to_vec();
        high.push(one_run(env, &s).await?);
        s.media.layer_kbps = LOW.to_vec();
        low.push(one_run(env, &s).await?);
    }
    let rust_s = |r: &Report| r.rust_cpu_s.map(|s| s / r.window_s);
    let (rh, rl) = (med(&high, rust_s), med(&low, rust_s));
    let (ph, pl) = (
        med(&high, |r| Some(r.pkts_out_per_s)),
        med(&low, |r| Some(r.pkts_out_per_s)),
    );
    let marginal = rh
        .zip(rl)
        .zip(ph.zip(pl))
        .map(|((rh, rl), (ph, pl))| 1e6 * (rh - rl) / (ph - pl).max(1.0));
    let row = |name: &str, reports: &[Report]| {
        vec![
            name.to_owned(),
            fmt(med(reports, |r| Some(r.pkts_out_per_s)), 0),
            fmt(med(reports, |r| r.worker_cpu_pct), 1),
            fmt(
                med(reports, |r| r.rust_cpu_s.map(|s| 100.0 * s / r.window_s)),
                2,
            ),
            fmt(med(reports, |r| r.rust_us_per_pkt), 3),
            fmt(
                med(reports, |r| {
                    Some(r.notifications_per_s.values().sum::<f64>())
                }),
                0,
            ),
        ]
    };
    env.table(
        "Rust-layer cost: 1 publisher → 100 subscribers, video at two bitrates",
        &["layers kbit/s", "pkts/s", "worker %", "rust %", "rust µs/pkt (average)", "notifications/s"],
        &[row("300/1000/3000", &high), row("50/150/450", &low)],
        &[format!(
            "marginal Rust CPU per extra forwarded packet: {} µs (goal: 0: the Rust layer's CPU follows signaling, not packets)",
            fmt(marginal, 3)
        )],
    );
    Ok(json!({"high": high, "low": low, "marginal_rust_us_per_pkt": marginal}))
}
