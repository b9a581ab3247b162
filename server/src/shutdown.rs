//! Graceful shutdown: drain, then close.
//!
//! On SIGTERM or Ctrl-C (see `main.rs`) the server:
//!
//! 1. **Stops accepting.** `/readyz` answers 503 at once, so Kubernetes takes
//!    the pod out of the Service's endpoints (and so out of ingress-nginx and
//!    STUNner); a new signaling WebSocket is refused with HTTP 503 and a reason.
//!    Everything else (static files, `/api/ice`, `/healthz`, `/metrics`) keeps
//!    being served while the process lives.
//! 2. **Drains.** Connected peers keep their calls: their rooms, transports and
//!    media stay up until they leave by themselves, for up to the grace period
//!    (`--shutdown-grace`, default 30 s). The process exits as soon as the last
//!    signaling WebSocket has closed. A second SIGTERM or Ctrl-C ends the wait.
//! 3. **Closes.** At the end of the drain — at the latest [`CLOSE_BUDGET`]
//!    before the deadline — every remaining WebSocket is closed with code
//!    [`CLOSE_GOING_AWAY`] (1001, "going away") and the reason
//!    [`SHUTDOWN_REASON`], each peer's transports are closed and its room with
//!    the last peer, and whatever mediasoup routers, transports, producers and
//!    consumers remain are closed. The process then exits 0, within the grace
//!    period.
//!
//! Why 1001 and not 4000: code 4000 tells the reference (protoo) client that
//! the server ended the session on purpose, and it then gives up. For any other
//! code the protoo client reconnects to the same URL and joins again. The pod
//! has left the endpoints by then, so the Ingress's roomId hash sends the whole
//! room to the same other pod, and the call continues there. stunroom's own
//! client shows the close code and reason and asks the user to reload, which
//! lands on another pod the same way.
//!
//! A grace of 0 skips the drain: peers are closed at once.

use std::future::Future;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use crate::sfu::Sfu;

/// WebSocket close code for a server going away (RFC 6455 §7.4.1).
pub const CLOSE_GOING_AWAY: u16 = 1001;
/// Close reason sent to the peers still connected at the end of the drain.
pub const SHUTDOWN_REASON: &str = "server shutting down; join again to continue on another server";
/// The HTTP 503 body for a WebSocket refused during shutdown.
pub const REFUSED_REASON: &str =
    "server shutting down: not accepting new connections; join again to reach another server";
/// Part of the grace period kept for closing (at most half of it).
pub const CLOSE_BUDGET: Duration = Duration::from_secs(2);

/// Where the server is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Accepting WebSockets.
    Running,
    /// Refusing new WebSockets; existing ones carry on.
    Draining,
    /// Closing every WebSocket that is left.
    Closing,
}

#[derive(Debug, Clone, Copy)]
struct State {
    phase: Phase,
    /// Signaling sessions alive (from acceptance until their clean-up is done).
    sessions: usize,
}

/// The server's life cycle, shared by the HTTP handlers, the sessions and `main`.
pub struct Shutdown {
    state: watch::Sender<State>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            state: watch::Sender::new(State {
                phase: Phase::Running,
                sessions: 0,
            }),
        }
    }
}

impl Shutdown {
    pub fn phase(&self) -> Phase {
        self.state.borrow().phase
    }

    /// Whether shutdown has begun (new WebSockets are refused).
    pub fn is_shutting_down(&self) -> bool {
        self.phase() != Phase::Running
    }

    /// Signaling sessions alive now.
    pub fn sessions(&self) -> usize {
        self.state.borrow().sessions
    }

    /// Registers a new session, unless shutdown has begun. The session counts
    /// until the returned guard is dropped.
    pub fn enter(&self) -> Option<SessionGuard> {
        let admitted = self.state.send_if_modified(|s| {
            if s.phase == Phase::Running {
                s.sessions += 1;
                true
            } else {
                false
            }
        });
        admitted.then(|| SessionGuard {
            state: self.state.clone(),
            changes: self.state.subscribe(),
        })
    }

    fn set_phase(&self, phase: Phase) {
        self.state.send_modify(|s| s.phase = phase);
    }

    /// Waits until no session is left, or `deadline`. True if none is left.
    async fn sessions_gone(&self, deadline: Instant) -> bool {
        let mut changes = self.state.subscribe();
        tokio::time::timeout_at(deadline, changes.wait_for(|s| s.sessions == 0))
            .await
            .is_ok_and(|r| r.is_ok())
    }

    /// Runs the whole shutdown (see the module documentation); returns when the
    /// process may exit. `interrupt` (a second signal) cuts the drain short.
    pub async fn run(&self, grace: Duration, sfu: &Sfu, interrupt: impl Future<Output = ()>) {
        let start = Instant::now();
        let deadline = start + grace;
        let close_at = deadline - CLOSE_BUDGET.min(grace / 2);
        self.set_phase(Phase::Draining);
        let sessions = self.sessions();
        if sessions > 0 {
            tracing::info!(
                sessions,
                grace_s = grace.as_secs_f64(),
                "shutting down: new joins refused, waiting for the peers to leave"
            );
            tokio::select! {
                gone = self.sessions_gone(close_at) => {
                    if gone {
                        tracing::info!("drained: every peer left");
                    }
                }
                _ = interrupt => tracing::info!("second signal: closing now"),
            }
        } else {
            tracing::info!("shutting down: no peers connected");
        }
        self.set_phase(Phase::Closing);
        let left = self.sessions();
        if left > 0 {
            tracing::info!(sessions = left, "closing the remaining connections");
            if !self.sessions_gone(deadline).await {
                tracing::warn!(
                    sessions = self.sessions(),
                    "connections still closing at the deadline"
                );
            }
        }
        // Whatever the sessions did not get to close.
        let remaining = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(remaining.max(Duration::from_millis(100)), sfu.close_all()).await
        {
            Ok(Ok(0)) => {}
            Ok(Ok(routers)) => tracing::info!(routers, "closed the remaining routers"),
            Ok(Err(e)) => tracing::warn!("closing the SFU: {e}"),
            Err(_) => tracing::warn!("the SFU did not close in time"),
        }
        tracing::info!(took_s = start.elapsed().as_secs_f64(), "shutdown complete");
    }
}

/// One signaling session, counted while alive.
pub struct SessionGuard {
    state: watch::Sender<State>,
    changes: watch::Receiver<State>,
}

impl SessionGuard {
    /// Resolves once the server closes the remaining sessions. Cancel-safe.
    pub async fn closing(&mut self) {
        if self
            .changes
            .wait_for(|s| s.phase == Phase::Closing)
            .await
            .is_err()
        {
            // Cannot happen (we hold a sender); never resolve rather than spin.
            std::future::pending::<()>().await;
        }
    }
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        self.state
            .send_modify(|s| s.sessions = s.sessions.saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sessions_are_counted_and_refused_once_shutting_down() {
        let s = Shutdown::default();
        let a = s.enter().expect("admitted while running");
        let b = s.enter().expect("admitted while running");
        assert_eq!(s.sessions(), 2);
        drop(a);
        assert_eq!(s.sessions(), 1);
        s.set_phase(Phase::Draining);
        assert!(s.is_shutting_down());
        assert!(s.enter().is_none(), "refused while draining");
        assert_eq!(s.sessions(), 1);
        drop(b);
        assert!(s.sessions_gone(Instant::now()).await);
    }

    #[tokio::test]
    async fn closing_wakes_the_sessions() {
        let s = Shutdown::default();
        let mut guard = s.enter().expect("admitted");
        let waiting = tokio::spawn(async move {
            guard.closing().await;
            guard
        });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished());
        s.set_phase(Phase::Draining);
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "draining does not close");
        s.set_phase(Phase::Closing);
        let guard = tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("woken")
            .expect("task");
        drop(guard);
        assert_eq!(s.sessions(), 0);
    }
}
