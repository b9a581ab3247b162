//! Memory: server RSS per idle joined peer (WebSocket, receive transport with
//! DTLS up, no media) and per consumer, each from a fresh server.

use serde_json::{json, Value};

use crate::scenarios::{fmt, med, one_run, scenario};
use crate::Env;

/// Peers per run.
const PEERS: u32 = 100;

/// Runs the memory benchmark and prints its table.
pub async fn run(env: &Env) -> Result<Value, String> {
    let mut idle = Vec::new();
    let mut busy = Vec::new();
    for rep in 0..env.repeat {
        eprintln!(
            "memory: {PEERS} idle peers, then 1 publisher + {PEERS} subscribers (run {}/{})",
            rep + 1,
            env.repeat
        );
        idle.push(one_run(env, &scenario(env, 1, 0, PEERS)).await?);
        busy.push(one_run(env, &scenario(env, 1, 1, PEERS)).await?);
    }
    let growth = |r: &stunroom_load::Report| {
        r.server_rss_mb
            .zip(r.server_rss_start_mb)
            .map(|(e, s)| e - s)
    };
    let per_peer_kib = med(&idle, |r| growth(r).map(|g| 1024.0 * g / f64::from(PEERS)));
    let idle_growth = med(&idle, growth);
    let busy_growth = med(&busy, growth);
    let consumers = med(&busy, |r| Some(r.consumers as f64));
    let per_consumer_kib = busy_growth
        .zip(idle_growth)
        .zip(consumers)
        .map(|((b, i), c)| 1024.0 * (b - i * f64::from(PEERS + 1) / f64::from(PEERS)) / c.max(1.0));
    env.table(
        &format!("memory: server RSS growth with {PEERS} joined peers, idle and then consuming a publisher"),
        &["RSS at start MiB", "+ idle peers MiB", "KiB / idle peer", "+ consuming peers MiB", "consumers", "KiB / consumer"],
        &[vec![
            fmt(med(&idle, |r| r.server_rss_start_mb), 1),
            fmt(idle_growth, 1),
            fmt(per_peer_kib, 0),
            fmt(busy_growth, 1),
            fmt(consumers, 0),
            fmt(per_consumer_kib, 0),
        ]],
        &["KiB / consumer: (consuming growth − idle growth) ÷ consumers; no anchor published by mediasoup or LiveKit.".into()],
    );
    Ok(
        json!({"idle": idle, "consuming": busy, "kib_per_idle_peer": per_peer_kib, "kib_per_consumer": per_consumer_kib}),
    )
}
