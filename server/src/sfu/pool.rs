//! The server side of the worker processes: starting them, placing rooms on
//! them, carrying calls and events, and noticing when one dies.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::{mpsc, oneshot};

use super::protocol::{CallFrame, CloseAll, CreateRouter, Request, SinkId, Status, WorkerFrame};
use super::router::Router;
use super::{RoomEvent, RouterKey, SfuError, SfuEvent, SfuSettings, SfuStatus};

/// How long a worker gets to answer a call (mediasoup answers in milliseconds).
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a new worker process gets to say it is ready.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// Calls queued for one worker before callers wait.
const CALL_QUEUE: usize = 1024;
/// Restart delays after a worker dies, doubling while it keeps dying quickly.
const RESTART_MIN: Duration = Duration::from_millis(200);
const RESTART_MAX: Duration = Duration::from_secs(30);

/// A worker process stopped; these rooms (routers) went with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerDown {
    pub worker: usize,
    pub routers: Vec<RouterKey>,
}

type Pending = Mutex<HashMap<u64, oneshot::Sender<Result<Value, SfuError>>>>;

/// One running worker process.
pub(super) struct Link {
    pub(super) worker: usize,
    out: mpsc::Sender<String>,
    pending: Pending,
    alive: AtomicBool,
    next_call: AtomicU64,
    pid: u32,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Link {
    /// Sends a request and waits for its typed answer.
    pub(super) async fn call<R: Request>(&self, request: R) -> Result<R::Answer, SfuError> {
        let died = || SfuError::WorkerDied {
            worker: self.worker,
        };
        if !self.alive.load(Ordering::SeqCst) {
            return Err(died());
        }
        let id = self.next_call.fetch_add(1, Ordering::Relaxed);
        let line = serde_json::to_string(&CallFrame {
            id,
            call: request.into_call(),
        })
        .map_err(|e| SfuError::Internal(format!("cannot encode a worker call: {e}")))?;
        let (tx, rx) = oneshot::channel();
        lock(&self.pending).insert(id, tx);
        if self.out.send(line).await.is_err() {
            lock(&self.pending).remove(&id);
            return Err(died());
        }
        let answer = tokio::time::timeout(CALL_TIMEOUT, rx).await;
        lock(&self.pending).remove(&id);
        let value = match answer {
            Ok(Ok(result)) => result?,
            Ok(Err(_)) => return Err(died()),
            Err(_) => {
                return Err(SfuError::Internal(format!(
                    "media worker {} did not answer within {CALL_TIMEOUT:?}",
                    self.worker
                )))
            }
        };
        serde_json::from_value(value).map_err(|e| {
            SfuError::Internal(format!(
                "cannot decode media worker {}'s answer: {e}",
                self.worker
            ))
        })
    }

    /// The worker process's pid.
    pub(super) fn pid(&self) -> u32 {
        self.pid
    }
}

/// A worker's place in the pool.
#[derive(Default)]
struct Slot {
    link: Option<Arc<Link>>,
    routers: HashSet<RouterKey>,
}

/// A session's event channel, registered while the handle lives.
pub struct SinkHandle {
    pub(super) id: SinkId,
    pool: Weak<Pool>,
}

impl SinkHandle {
    /// A handle registered nowhere (its objects' events are dropped), for tests
    /// of the rooms without a media engine.
    #[cfg(test)]
    pub fn detached() -> SinkHandle {
        SinkHandle {
            id: 0,
            pool: Weak::new(),
        }
    }
}

impl Drop for SinkHandle {
    fn drop(&mut self) {
        if let Some(pool) = self.pool.upgrade() {
            lock(&pool.sinks).remove(&self.id);
        }
    }
}

pub(super) struct Pool {
    settings: SfuSettings,
    exe: PathBuf,
    slots: Vec<Mutex<Slot>>,
    sinks: Mutex<HashMap<SinkId, mpsc::Sender<SfuEvent>>>,
    rooms: Mutex<HashMap<RouterKey, mpsc::Sender<RoomEvent>>>,
    next_sink: AtomicU64,
    down: mpsc::UnboundedSender<WorkerDown>,
}

/// Handle to the worker pool. Cheap to clone.
#[derive(Clone)]
pub struct Sfu {
    pool: Arc<Pool>,
}

impl Sfu {
    /// Starts one worker process per configured worker and waits until each is
    /// ready. The receiver reports workers that stop later.
    pub async fn start(
        settings: SfuSettings,
    ) -> Result<(Sfu, mpsc::UnboundedReceiver<WorkerDown>), SfuError> {
        let exe = std::env::current_exe()
            .map_err(|e| SfuError::Internal(format!("cannot find our own executable: {e}")))?;
        let (down, down_rx) = mpsc::unbounded_channel();
        let pool = Arc::new(Pool {
            slots: (0..settings.workers).map(|_| Mutex::default()).collect(),
            settings,
            exe,
            sinks: Mutex::default(),
            rooms: Mutex::default(),
            next_sink: AtomicU64::new(1),
            down,
        });
        for worker in 0..pool.slots.len() {
            let link = spawn(&pool, worker).await?;
            lock(&pool.slots[worker]).link = Some(link);
        }
        Ok((Sfu { pool }, down_rx))
    }

    /// A new event channel for one session's objects.
    pub fn sink(&self, capacity: usize) -> (SinkHandle, mpsc::Receiver<SfuEvent>) {
        let id = self.pool.next_sink.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel(capacity.max(1));
        lock(&self.pool.sinks).insert(id, tx);
        (
            SinkHandle {
                id,
                pool: Arc::downgrade(&self.pool),
            },
            rx,
        )
    }

    /// Creates a room's router on the least-loaded live worker.
    pub async fn create_router(&self, key: RouterKey) -> Result<Router, SfuError> {
        let (worker, link) = self.pool.pick_worker()?;
        let caps = link.call(CreateRouter { router: key }).await?;
        lock(&self.pool.slots[worker]).routers.insert(key);
        Ok(Router::new(key, link, Arc::downgrade(&self.pool), caps))
    }

    /// Counts of the live mediasoup objects. With `probe`, a worker counts as
    /// alive only if it also answers a request (a dump) within that time.
    pub async fn status(&self, probe: Option<Duration>) -> Result<SfuStatus, SfuError> {
        let mut total = SfuStatus {
            workers: self.pool.slots.len(),
            ..SfuStatus::default()
        };
        let probe_ms = probe.map(|p| p.as_millis() as u64);
        for link in self.pool.links() {
            let call = link.call(Status { probe_ms });
            let answer = match probe {
                Some(limit) => tokio::time::timeout(limit * 2, call).await.ok(),
                None => Some(call.await),
            };
            if let Some(Ok(s)) = answer {
                total.workers_alive += s.workers_alive;
                total.routers += s.routers;
                total.transports += s.transports;
                total.producers += s.producers;
                total.consumers += s.consumers;
            }
        }
        Ok(total)
    }

    /// Closes every router on every worker (the workers stay up). Returns how
    /// many routers were open.
    pub async fn close_all(&self) -> Result<usize, SfuError> {
        let mut open = 0;
        for link in self.pool.links() {
            if let Ok(n) = link.call(CloseAll {}).await {
                open += n;
            }
        }
        for slot in &self.pool.slots {
            lock(slot).routers.clear();
        }
        lock(&self.pool.rooms).clear();
        Ok(open)
    }

    /// The pids of the worker processes now running (for operators and tests).
    pub fn worker_pids(&self) -> Vec<u32> {
        self.pool.links().iter().map(|l| l.pid()).collect()
    }
}

impl Pool {
    fn links(&self) -> Vec<Arc<Link>> {
        self.slots
            .iter()
            .filter_map(|s| lock(s).link.clone())
            .filter(|l| l.alive.load(Ordering::SeqCst))
            .collect()
    }

    fn pick_worker(&self) -> Result<(usize, Arc<Link>), SfuError> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let s = lock(s);
                let link = s.link.clone().filter(|l| l.alive.load(Ordering::SeqCst))?;
                Some((s.routers.len(), i, link))
            })
            .min_by_key(|(load, i, _)| (*load, *i))
            .map(|(_, i, link)| (i, link))
            .ok_or_else(|| SfuError::Internal("no media worker is running".into()))
    }

    pub(super) fn router_closed(&self, worker: usize, key: RouterKey) {
        if let Some(slot) = self.slots.get(worker) {
            lock(slot).routers.remove(&key);
        }
        lock(&self.rooms).remove(&key);
    }

    pub(super) fn room_sink(&self, key: RouterKey, tx: mpsc::Sender<RoomEvent>) {
        lock(&self.rooms).insert(key, tx);
    }

    /// Delivers an object's event to its session. A session that does not keep
    /// up loses its channel: the session sees it closed and ends.
    fn deliver(&self, sink: SinkId, event: SfuEvent) {
        let mut sinks = lock(&self.sinks);
        let Some(tx) = sinks.get(&sink) else {
            return;
        };
        if tx.try_send(event).is_err() {
            tracing::warn!(
                sink,
                "a session's SFU events are not read fast enough: dropping the session"
            );
            sinks.remove(&sink);
        }
    }

    /// A room's events are best effort (active speaker, bot answers).
    fn deliver_room(&self, key: RouterKey, event: RoomEvent) {
        if let Some(tx) = lock(&self.rooms).get(&key) {
            let _ = tx.try_send(event);
        }
    }

    /// A worker's process ended: fail its calls, report its rooms, restart it.
    fn exited(self: &Arc<Self>, worker: usize, link: &Arc<Link>, lived: Duration) {
        link.alive.store(false, Ordering::SeqCst);
        for (_, tx) in lock(&link.pending).drain() {
            let _ = tx.send(Err(SfuError::WorkerDied { worker }));
        }
        let routers: Vec<RouterKey> = {
            let mut slot = lock(&self.slots[worker]);
            if !slot.link.as_ref().is_some_and(|l| Arc::ptr_eq(l, link)) {
                return;
            }
            slot.link = None;
            slot.routers.drain().collect()
        };
        {
            let mut rooms = lock(&self.rooms);
            for key in &routers {
                rooms.remove(key);
            }
        }
        tracing::error!(
            worker,
            pid = link.pid,
            rooms = routers.len(),
            "media worker process stopped; restarting it"
        );
        let _ = self.down.send(WorkerDown { worker, routers });
        let pool = self.clone();
        tokio::spawn(async move {
            // A worker that dies right after starting is not restarted in a loop.
            let mut delay = if lived < Duration::from_secs(10) {
                RESTART_MIN * 5
            } else {
                RESTART_MIN
            };
            loop {
                tokio::time::sleep(delay).await;
                match spawn(&pool, worker).await {
                    Ok(link) => {
                        tracing::info!(worker, pid = link.pid, "media worker process restarted");
                        lock(&pool.slots[worker]).link = Some(link);
                        return;
                    }
                    Err(e) => {
                        tracing::error!(worker, "cannot restart the media worker: {e}");
                        delay = (delay * 2).min(RESTART_MAX);
                    }
                }
            }
        });
    }
}

/// Starts worker process `worker` and waits for its Ready frame.
async fn spawn(pool: &Arc<Pool>, worker: usize) -> Result<Arc<Link>, SfuError> {
    let settings = serde_json::to_string(&pool.settings)
        .map_err(|e| SfuError::Internal(format!("cannot encode the worker settings: {e}")))?;
    let mut child = tokio::process::Command::new(&pool.exe)
        .arg(super::host::SUBCOMMAND)
        .arg(worker.to_string())
        .arg(settings)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| SfuError::Internal(format!("cannot start media worker {worker}: {e}")))?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(SfuError::Internal("the worker process has no pipes".into()));
    };
    let mut lines = BufReader::new(stdout).lines();
    let first = tokio::time::timeout(START_TIMEOUT, lines.next_line()).await;
    let pid = match first {
        Ok(Ok(Some(line))) => match serde_json::from_str::<WorkerFrame>(&line) {
            Ok(WorkerFrame::Ready { pid, .. }) => pid,
            _ => {
                return Err(SfuError::Internal(format!(
                    "media worker {worker} started with {line:?} instead of Ready"
                )))
            }
        },
        Ok(_) => {
            let status = child.wait().await.ok();
            return Err(SfuError::Internal(format!(
                "media worker {worker} exited before it was ready ({status:?}; its error is above)"
            )));
        }
        Err(_) => {
            return Err(SfuError::Internal(format!(
                "media worker {worker} was not ready within {START_TIMEOUT:?}"
            )))
        }
    };
    let (out, mut out_rx) = mpsc::channel::<String>(CALL_QUEUE);
    let link = Arc::new(Link {
        worker,
        out,
        pending: Mutex::default(),
        alive: AtomicBool::new(true),
        next_call: AtomicU64::new(1),
        pid,
    });
    tokio::spawn(async move {
        while let Some(mut line) = out_rx.recv().await {
            line.push('\n');
            if stdin.write_all(line.as_bytes()).await.is_err() {
                break;
            }
        }
    });
    let started = Instant::now();
    let (weak, reader_link) = (Arc::downgrade(pool), link.clone());
    tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            let Some(pool) = weak.upgrade() else { return };
            match serde_json::from_str::<WorkerFrame>(&line) {
                Ok(WorkerFrame::Answer { id, result }) => {
                    if let Some(tx) = lock(&reader_link.pending).remove(&id) {
                        let _ = tx.send(result);
                    }
                }
                Ok(WorkerFrame::Event { sink, event }) => pool.deliver(sink, event),
                Ok(WorkerFrame::Room { router, event }) => pool.deliver_room(router, event),
                Ok(WorkerFrame::Ready { .. }) => {}
                Err(e) => tracing::error!(worker, "unreadable line from the media worker: {e}"),
            }
        }
        let status = child.wait().await;
        tracing::warn!(worker, ?status, "media worker process exited");
        if let Some(pool) = weak.upgrade() {
            pool.exited(worker, &reader_link, started.elapsed());
        }
    });
    Ok(link)
}
