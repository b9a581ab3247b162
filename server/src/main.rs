//! stunroom server: static client files, the protoo signaling WebSocket and a
//! mediasoup SFU.

mod broadcaster;
mod config;
mod http;
mod ice;
mod metrics;
mod peer;
mod room;
mod session;
mod sfu;
mod shutdown;

use std::future::IntoFuture;

use axum::serve::ListenerExt;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use config::Config;
use room::Rooms;
use sfu::{Sfu, SfuSettings};

/// What every request handler shares.
pub struct App {
    pub config: Config,
    pub sfu: Sfu,
    pub rooms: Rooms,
    pub metrics: metrics::Metrics,
    pub shutdown: shutdown::Shutdown,
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

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::from_args();
    init_tracing(&config.log_level);
    log_config(&config);

    let sfu = match Sfu::start(SfuSettings {
        workers: config.workers,
        worker_log: config.worker_log_level,
        rtc_listen_ip: config.rtc_listen_ip,
        announced_ip: config.announced_ip,
        rtc_mode: config.rtc_mode,
        rtc_port: config.rtc_port,
        rtc_min_port: config.rtc_min_port,
        rtc_max_port: config.rtc_max_port,
    })
    .await
    {
        Ok(sfu) => sfu,
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

    let app = Arc::new(App {
        config,
        sfu,
        rooms: Rooms::default(),
        metrics: metrics::Metrics::default(),
        shutdown: shutdown::Shutdown::default(),
    });
    // HTTP stays up during the drain (probes, /metrics, the 503 refusals) and
    // stops when the process exits.
    // TCP_NODELAY: a response right after a notification (e.g. `mediasoup-version`
    // then the first answer) must not wait for the peer's delayed ACK (~40 ms).
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("cannot set TCP_NODELAY: {e}");
        }
    });
    let mut serve = std::pin::pin!(axum::serve(listener, http::router(app.clone())).into_future());
    tokio::select! {
        result = &mut serve => return serve_ended(result),
        _ = first_signal => {}
    }
    // A second signal ends the drain early.
    let second_signal = shutdown_signal();
    tokio::select! {
        result = &mut serve => return serve_ended(result),
        _ = app.shutdown.run(app.config.shutdown_grace, &app.sfu, second_signal) => {}
    }
    ExitCode::SUCCESS
}

fn serve_ended(result: std::io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => tracing::error!("the HTTP server stopped"),
        Err(e) => tracing::error!("server error: {e}"),
    }
    ExitCode::FAILURE
}
