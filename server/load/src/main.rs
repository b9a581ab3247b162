//! `stunroom-load`: run a load scenario against a stunroom server, print a
//! table and, as the last line, one JSON object with the figures.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use stunroom_load::cli::Args;
use stunroom_load::spawn::{default_server_binary, SpawnedServer};
use stunroom_load::{procfs, run, Target};

const DEFAULT_SERVER: &str = "http://127.0.0.1:8080";

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("stunroom-load: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(load(args)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("stunroom-load: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Whether something answers HTTP at `http` (a TCP connect suffices).
fn answers(http: &str) -> bool {
    let addr = http.trim_start_matches("http://").trim_end_matches('/');
    std::net::ToSocketAddrs::to_socket_addrs(addr)
        .ok()
        .and_then(|mut a| a.next())
        .is_some_and(|a| std::net::TcpStream::connect_timeout(&a, Duration::from_secs(1)).is_ok())
}

fn port_of(http: &str) -> Option<u16> {
    http.rsplit(':').next()?.trim_end_matches('/').parse().ok()
}

async fn load(args: Args) -> Result<ExitCode, String> {
    let scenario = args.scenario();
    scenario.validate().map_err(|e| e.to_string())?;
    let spawn = args.spawn || (args.server.is_none() && !answers(DEFAULT_SERVER));
    if spawn && !args.spawn {
        eprintln!(
            "stunroom-load: nothing answers at {DEFAULT_SERVER}: starting a server (--spawn)"
        );
    }
    let mut spawned = None;
    let target = if spawn {
        let binary = args
            .server_bin
            .clone()
            .unwrap_or_else(default_server_binary);
        let mut extra = args.server_args.clone();
        if !extra.iter().any(|a| a.starts_with("--workers")) {
            extra.extend(["--workers".into(), "1".into()]);
        }
        let server = SpawnedServer::start(&binary, &extra)?;
        let target = Target {
            http: server.http.clone(),
            pid: Some(server.pid()),
        };
        spawned = Some(server);
        target
    } else {
        let http = args.server.clone().unwrap_or_else(|| DEFAULT_SERVER.into());
        let pid = args
            .server_pid
            .or_else(|| port_of(&http).and_then(procfs::pid_listening_on));
        if pid.is_none() {
            eprintln!("stunroom-load: cannot find the server's process (give --server-pid): no CPU/memory figures");
        }
        Target { http, pid }
    };
    let kinds = if scenario.video {
        "audio + video"
    } else {
        "audio only"
    };
    println!(
        "stunroom-load: {} room(s) x ({} publisher(s) + {} subscriber(s){}), {kinds}, layers {:?} kbit/s, {} s, join rate {}/s, server {}",
        scenario.rooms,
        scenario.publishers,
        scenario.subscribers,
        if scenario.publishers_subscribe { ", publishers subscribe" } else { "" },
        scenario.media.layer_kbps,
        scenario.seconds,
        scenario.join_rate,
        target.http
    );
    let report = run(&scenario, &target).await.map_err(|e| e.to_string())?;
    if let Some(server) = spawned.as_mut() {
        if !server.alive() {
            return Err("the spawned server died during the run".into());
        }
    }
    print!("{report}");
    println!("{}", report.json());
    match args.require_loss_below {
        Some(max) if !report.healthy(max) => {
            eprintln!("stunroom-load: FAILED: not every subscriber received every stream with loss below {max} %");
            Ok(ExitCode::FAILURE)
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}
