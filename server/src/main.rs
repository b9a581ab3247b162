//! stunroom server: static client files, the protoo signaling WebSocket and a
//! mediasoup SFU.

mod access;
mod admission;
mod assets;
mod broadcaster;
mod config;
mod domain;
mod error;
mod http;
mod ice;
mod listener;
mod metrics;
mod protoo;
mod recording;
mod session;
mod sfu;
mod shutdown;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use admission::Admission;
use config::Config;
use domain::Hub;
use sfu::{Sfu, SfuSettings};

/// What every request handler shares.
pub struct App {
    pub config: Config,
    pub hub: Arc<Hub>,
    /// WebSocket sessions per server and per client address.
    pub admission: Admission,
    pub metrics: metrics::Metrics,
    pub shutdown: shutdown::Shutdown,
    /// The rooms' recordings (`recording/`).
    pub recordings: recording::Recordings,
}

fn init_tracing(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

fn log_config(c: &Config) {
    tracing::info!(
        listen = %c.listen,
        dist_dir = %c.dist_dir.display(),
        rtc_listen_ip = %c.rtc_listen_ip,
        announced_ip = %c.announced_ip,
        rtc_mode = ?c.rtc_mode,
        rtc_port = c.rtc_port,
        rtc_ports = %format!("{}-{}", c.rtc_min_port, c.rtc_max_port),
        workers = c.workers,
        log_level = %c.log_level,
        worker_log_level = ?c.worker_log_level,
        shutdown_grace_s = c.shutdown_grace.as_secs(),
        ice = %c.ice,
        "effective configuration"
    );
    tracing::info!(limits = ?c.limits, "limits");
    tracing::info!(
        mediasoup = sfu::MEDIASOUP_VERSION,
        openssl = %sfu::openssl_version(),
        "media engine: mediasoup {} worker, DTLS on {}",
        sfu::MEDIASOUP_VERSION,
        sfu::openssl_version()
    );
    tracing::info!(
        "announced IP {} from {}",
        c.announced_ip,
        c.announced_ip_source
    );
    if !c.dist_dir.join("index.html").is_file() {
        tracing::warn!(
            "{} has no index.html: build the client or pass --dist-dir",
            c.dist_dir.display()
        );
    }
}

/// Resolves on the next SIGTERM or Ctrl-C. SIGTERM is registered when this is
/// called, not when first polled, so one that arrives early is not lost (nor
/// does it kill the process); a call made after a signal does not see it.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        if let Ok(mut term) = term {
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = ctrl_c.await;
    }
}

fn main() -> ExitCode {
    // The media worker processes are this executable too.
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(sfu::WORKER_SUBCOMMAND) {
        return sfu::run_worker_process(&args[2..]);
    }
    if args.get(1).map(String::as_str) == Some("token") {
        return access::token_command(&args[2..]);
    }
    let config = Config::from_args();
    init_tracing(&config.log_level);
    log_config(&config);
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(serve(config)),
        Err(e) => {
            tracing::error!("cannot start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> ExitCode {
    let started = Sfu::start(SfuSettings {
        workers: config.workers,
        worker_log: config.worker_log_level,
        rtc_listen_ip: config.rtc_listen_ip,
        announced_ip: config.announced_ip,
        rtc_mode: config.rtc_mode,
        rtc_port: config.rtc_port,
        rtc_min_port: config.rtc_min_port,
        rtc_max_port: config.rtc_max_port,
        log_filter: config.log_level.clone(),
    })
    .await;
    let (sfu, mut workers_down) = match started {
        Ok(started) => started,
        Err(e) => {
            tracing::error!("cannot start the SFU: {e}");
            return ExitCode::FAILURE;
        }
    };

    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!("cannot listen on --listen {}: {e}", config.listen);
            return ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            tracing::error!("cannot read the bound address: {e}");
            return ExitCode::FAILURE;
        }
    };
    let first_signal = shutdown_signal();
    // The one line on stdout: tests and scripts parse it to find the port.
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "stunroom listening on http://{addr}");
    let _ = stdout.flush();

    let limits = config.limits.clone();
    let hub = Arc::new(Hub::new(sfu, limits.clone()));
    let recordings = recording::Recordings::new(config.recording.clone());
    let app = Arc::new(App {
        config,
        admission: Admission::new(limits.connections, limits.connections_per_ip),
        hub: hub.clone(),
        metrics: metrics::Metrics::default(),
        shutdown: shutdown::Shutdown::default(),
        recordings,
    });
    // A worker process that dies takes its rooms with it; their peers rejoin.
    let down_hub = hub.clone();
    tokio::spawn(async move {
        while let Some(down) = workers_down.recv().await {
            down_hub.worker_down(&down);
        }
    });
    // Broadcasters that stop calling expire.
    let idle_hub = hub.clone();
    tokio::spawn(async move {
        let every = (limits.broadcaster_idle / 4).clamp(
            std::time::Duration::from_secs(1),
            std::time::Duration::from_secs(30),
        );
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            idle_hub.expire_idle_broadcasters().await;
        }
    });
    // HTTP stays up during the drain (probes, /metrics, the 503 refusals) and
    // stops when the process exits.
    let mut serve = std::pin::pin!(listener::serve(
        listener,
        http::router(app.clone()),
        &limits
    ));
    tokio::select! {
        () = &mut serve => return serve_ended(),
        _ = first_signal => {}
    }
    // A second signal ends the drain early.
    let second_signal = shutdown_signal();
    tokio::select! {
        () = &mut serve => return serve_ended(),
        _ = app.shutdown.run(app.config.shutdown_grace, &app.hub.sfu, second_signal) => {}
    }
    // ffmpeg finishes each file's end before the process goes.
    app.recordings.stop_all().await;
    ExitCode::SUCCESS
}

fn serve_ended() -> ExitCode {
    tracing::error!("the HTTP server stopped");
    ExitCode::FAILURE
}
