//! The HTTP accept loop: axum's router on hyper's HTTP/1 server with the
//! limits `axum::serve` does not offer: a header-read timeout (a half-sent
//! request, or a keep-alive connection idle between requests, is closed after
//! `--header-timeout`), and at most `--max-connections` TCP connections at
//! once (further ones wait in the kernel's backlog until one closes).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::domain::Limits;

/// Serves `router` on `listener` until the listener fails for good (never, in
/// practice: accept errors such as EMFILE are logged and retried).
pub async fn serve(listener: TcpListener, router: Router, limits: &Limits) {
    // WebSocket sessions hold their TCP connection: room for them, plus the
    // short HTTP requests.
    let connections = Arc::new(Semaphore::new(limits.connections.saturating_mul(2).max(16)));
    let header_timeout = limits.header_timeout;
    loop {
        let Ok(permit) = connections.clone().acquire_owned().await else {
            return;
        };
        let (tcp, remote) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of descriptors and the like: wait instead of spinning.
                tracing::warn!("cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let router = router.clone();
        tokio::spawn(async move {
            serve_connection(tcp, remote, router, header_timeout).await;
            drop(permit);
        });
    }
}

async fn serve_connection(
    tcp: TcpStream,
    remote: SocketAddr,
    router: Router,
    header_timeout: Duration,
) {
    // A response right after a notification (e.g. `mediasoup-version` then the
    // first answer) must not wait for the peer's delayed ACK (~40 ms).
    if let Err(e) = tcp.set_nodelay(true) {
        tracing::debug!("cannot set TCP_NODELAY: {e}");
    }
    let service = router.map_request(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(remote));
        request
    });
    let service = TowerToHyperService::new(service);
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .serve_connection(TokioIo::new(tcp), service)
        .with_upgrades();
    if let Err(e) = connection.await {
        tracing::debug!(%remote, "connection ended: {e}");
    }
}
