//! Control plane: protoo requests per second through the whole path
//! (WebSocket → session → SFU thread → mediasoup worker and back), with
//! `getTransportStats` from several clients at once, each waiting for its answer.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use stunroom_load::procfs::Process;
use stunroom_load::signaling::Signaling;
use stunroom_load::stats::{median, percentile};
use stunroom_shared::media::RtpCapabilities;
use stunroom_shared::messages::{
    ClientRequest, CreateWebRtcTransportRequest, Empty, TransportIdRequest, TransportInfo,
};

use crate::scenarios::{fmt, server};
use crate::Env;

/// Clients sending at once.
const CLIENTS: usize = 16;
/// A join needs about six requests (capabilities, two transports, two connects, join):
/// the anchor is the rate a 100-peers-per-second join storm needs.
const JOIN_STORM_RATE: f64 = 600.0;

/// One run: every client loops until the deadline; returns (requests, latencies in ms).
async fn one_run(ws: &str, seconds: u32) -> Result<(u64, Vec<f64>, Duration), String> {
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let url = format!("{ws}?roomId=control&peerId=c{c}");
        tasks.push(tokio::spawn(async move {
            let (signal, _requests) = Signaling::connect(&url).await.map_err(|e| e.to_string())?;
            let _: RtpCapabilities = signal
                .request(ClientRequest::GetRouterRtpCapabilities(Empty {}))
                .await
                .map_err(|e| e.to_string())?;
            let info: TransportInfo = signal
                .request(ClientRequest::CreateWebRtcTransport(
                    CreateWebRtcTransportRequest {
                        force_tcp: false,
                        producing: false,
                        consuming: true,
                        sctp_capabilities: None,
                    },
                ))
                .await
                .map_err(|e| e.to_string())?;
            Ok::<_, String>((signal, info.id))
        }));
    }
    let mut clients = Vec::new();
    for t in tasks {
        clients.push(t.await.map_err(|e| e.to_string())??);
    }
    let started = Instant::now();
    let deadline = started + Duration::from_secs(u64::from(seconds));
    let mut loops = Vec::new();
    for (signal, transport_id) in clients {
        loops.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let t0 = Instant::now();
                let request = ClientRequest::GetTransportStats(TransportIdRequest {
                    transport_id: transport_id.clone(),
                });
                let _: Value = signal.request(request).await.map_err(|e| e.to_string())?;
                latencies.push(t0.elapsed().as_secs_f64() * 1000.0);
            }
            signal.close().await;
            Ok::<_, String>(latencies)
        }));
    }
    let mut all = Vec::new();
    for l in loops {
        all.extend(l.await.map_err(|e| e.to_string())??);
    }
    Ok((all.len() as u64, all, started.elapsed()))
}

/// Runs the control-plane benchmark and prints its table.
pub async fn run(env: &Env) -> Result<Value, String> {
    let mut rates = Vec::new();
    let mut p50s = Vec::new();
    let mut p99s = Vec::new();
    let mut cpu = Vec::new();
    let mut out = Vec::new();
    for rep in 0..env.repeat {
        eprintln!(
            "control: {CLIENTS} clients × getTransportStats (run {}/{})",
            rep + 1,
            env.repeat
        );
        let srv = server(env)?;
        let ws = format!("{}/ws", srv.http.replacen("http://", "ws://", 1));
        let process = Process::new(srv.pid()).map_err(|e| e.to_string())?;
        let before = process.sample();
        let (count, latencies, wall) = one_run(&ws, env.seconds).await?;
        let after = process.sample();
        let rate = count as f64 / wall.as_secs_f64();
        let usage = before
            .as_ref()
            .zip(after.as_ref())
            .map(|(b, a)| b.usage_until(a));
        rates.push(rate);
        p50s.extend(median(&latencies));
        p99s.extend(percentile(&latencies, 99.0));
        if let Some(u) = usage {
            cpu.push(u.process_pct);
        }
        out.push(json!({
            "requests": count,
            "per_s": rate,
            "p50_ms": median(&latencies),
            "p99_ms": percentile(&latencies, 99.0),
            "server_cpu_pct": usage.map(|u| u.process_pct),
            "worker_cpu_pct": usage.map(|u| u.worker_pct),
        }));
    }
    let rate = median(&rates);
    env.table(
        &format!("control plane: {CLIENTS} clients, getTransportStats back to back (WebSocket → SFU thread → worker → back)"),
        &["requests/s", "p50 ms", "p99 ms", "server CPU %", "ratio vs 600/s (a 100-peer/s join storm)"],
        &[vec![
            fmt(rate, 0),
            fmt(median(&p50s), 2),
            fmt(median(&p99s), 2),
            fmt(median(&cpu), 0),
            fmt(rate.map(|r| r / JOIN_STORM_RATE), 1),
        ]],
        &[],
    );
    Ok(Value::Array(out))
}
