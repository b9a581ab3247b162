//! CPU pinning on a 2-core machine: the mediasoup worker threads get one core
//! to themselves; the server's other threads and the load generator share
//! the other. Done with `taskset` (util-linux), per thread.

use std::process::Command;

use stunroom_load::procfs::{Process, WORKER_THREAD_PREFIX};

/// Which cores things run on.
#[derive(Debug, Clone, Copy)]
pub struct Cores {
    /// The mediasoup worker threads.
    pub worker: usize,
    /// Everything else (server Rust layer, load generator).
    pub rest: usize,
}

/// The split for this machine, or `None` on a single core (nothing to pin).
pub fn cores() -> Option<Cores> {
    let n = std::thread::available_parallelism().map_or(1, |n| n.get());
    (n >= 2).then_some(Cores { worker: 0, rest: 1 })
}

fn taskset(core: usize, tid: u32) -> Result<(), String> {
    let out = Command::new("taskset")
        .args(["-p", "-c", &core.to_string(), &tid.to_string()])
        .output()
        .map_err(|e| format!("cannot run taskset: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "taskset -p -c {core} {tid}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Pins this process (call before starting any thread: threads inherit it).
pub fn pin_self(core: usize) -> Result<(), String> {
    taskset(core, std::process::id())
}

/// Pins every thread of the server: workers on `cores.worker`, the rest on
/// `cores.rest`. Returns how many worker threads were pinned.
pub fn pin_server(pid: u32, cores: Cores) -> Result<usize, String> {
    let server = Process::new(pid).map_err(|e| format!("server {pid}: {e}"))?;
    let mut workers = 0;
    for (tid, name) in server.threads() {
        if name.starts_with(WORKER_THREAD_PREFIX) {
            taskset(cores.worker, tid)?;
            workers += 1;
        } else {
            taskset(cores.rest, tid)?;
        }
    }
    if workers == 0 {
        return Err(format!(
            "server {pid} has no {WORKER_THREAD_PREFIX}* thread"
        ));
    }
    Ok(workers)
}
