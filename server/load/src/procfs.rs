//! CPU time and memory of a process and its threads, from Linux's `/proc`.
//!
//! The server runs each media worker in a child process of its own
//! (`stunroom sfu-worker N`), where mediasoup's Rust crate runs the C++ worker
//! as a thread named `mediasoup-worker-<id>` (`comm` keeps 15 bytes:
//! `mediasoup-worke`). A watched [`Process`] is the server and its children:
//! the worker's CPU is the sum over those threads, the Rust layer's is the
//! rest (the server, and the children's glue around mediasoup), and memory is
//! the RSS of all of them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How `/proc` names mediasoup's worker threads.
pub const WORKER_THREAD_PREFIX: &str = "mediasoup-worke";

/// Clock ticks per second of `/proc/*/stat` times (`sysconf(_SC_CLK_TCK)`).
fn ticks_per_second() -> f64 {
    // SAFETY: sysconf reads a constant of the running system; no memory is involved.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 {
        ticks as f64
    } else {
        100.0
    }
}

/// utime + stime of one `/proc/.../stat` line, in seconds. The command name
/// (field 2) may hold spaces and parentheses, so fields are counted after the last `)`.
pub fn cpu_seconds_of_stat(stat: &str) -> Option<f64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3, utime field 14, stime field 15.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / ticks_per_second())
}

/// CPU seconds from a `schedstat` line: its first field is nanoseconds on a CPU.
pub fn cpu_seconds_of_schedstat(line: &str) -> Option<f64> {
    let ns: u64 = line.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

/// One reading of a process.
#[derive(Debug, Clone)]
pub struct Sample {
    /// When it was taken.
    pub at: Instant,
    /// CPU seconds of the whole process (live threads).
    pub process_cpu: f64,
    /// CPU seconds of its mediasoup worker threads.
    pub worker_cpu: f64,
    /// Resident memory, bytes.
    pub rss_bytes: u64,
    /// CPU seconds per live thread, and whether it is a worker thread.
    threads: HashMap<u32, (f64, bool)>,
}

/// CPU per core between two samples, in percent of one core.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    /// The whole process.
    pub process_pct: f64,
    /// The mediasoup worker threads.
    pub worker_pct: f64,
    /// Everything else: the Rust layer (axum, tokio, the SFU thread, mediasoup's channels).
    pub rust_pct: f64,
    /// CPU seconds of the worker threads in the interval.
    pub worker_seconds: f64,
    /// CPU seconds of the Rust layer in the interval.
    pub rust_seconds: f64,
    /// Wall time of the interval.
    pub wall: Duration,
}

impl Sample {
    /// The usage from `self` (earlier) to `later`, thread by thread (a thread
    /// born in between counts from zero; one that ended is missed).
    pub fn usage_until(&self, later: &Sample) -> Usage {
        let wall = later.at.saturating_duration_since(self.at);
        let secs = wall.as_secs_f64().max(1e-9);
        let (mut worker, mut rust) = (0.0, 0.0);
        for (tid, (cpu, is_worker)) in &later.threads {
            let before = self.threads.get(tid).map_or(0.0, |(c, _)| *c);
            let d = (cpu - before).max(0.0);
            if *is_worker {
                worker += d;
            } else {
                rust += d;
            }
        }
        let process = worker + rust;
        Usage {
            process_pct: 100.0 * process / secs,
            worker_pct: 100.0 * worker / secs,
            rust_pct: 100.0 * rust / secs,
            worker_seconds: worker,
            rust_seconds: rust,
            wall,
        }
    }
}

/// A process watched through `/proc/<pid>`.
#[derive(Debug, Clone)]
pub struct Process {
    pid: u32,
    dir: PathBuf,
}

impl Process {
    /// The process `pid` (must exist).
    pub fn new(pid: u32) -> std::io::Result<Process> {
        let dir = PathBuf::from(format!("/proc/{pid}"));
        std::fs::metadata(&dir)?;
        Ok(Process { pid, dir })
    }

    /// Its pid.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Thread ids whose name starts with `prefix`.
    pub fn threads_named(&self, prefix: &str) -> Vec<u32> {
        self.threads()
            .into_iter()
            .filter(|(_, name)| name.starts_with(prefix))
            .map(|(tid, _)| tid)
            .collect()
    }

    /// `/proc/<pid>` of the process and of each of its child processes.
    fn dirs(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.dir.clone()];
        dirs.extend(
            children_of(self.pid)
                .into_iter()
                .map(|c| PathBuf::from(format!("/proc/{c}"))),
        );
        dirs
    }

    /// `(tid, name)` of every thread of the process and its children.
    pub fn threads(&self) -> Vec<(u32, String)> {
        self.thread_dirs()
            .into_iter()
            .map(|(tid, name, _)| (tid, name))
            .collect()
    }

    fn thread_dirs(&self) -> Vec<(u32, String, PathBuf)> {
        let mut threads = Vec::new();
        for dir in self.dirs() {
            let Ok(entries) = std::fs::read_dir(dir.join("task")) else {
                continue;
            };
            threads.extend(entries.flatten().filter_map(|e| {
                let tid: u32 = e.file_name().to_str()?.parse().ok()?;
                let name = std::fs::read_to_string(e.path().join("comm")).ok()?;
                Some((tid, name.trim().to_owned(), e.path()))
            }));
        }
        threads
    }

    /// Reads the CPU time of every thread (nanoseconds from `schedstat`,
    /// else ticks from `stat`) and the RSS now.
    pub fn sample(&self) -> Option<Sample> {
        let at = Instant::now();
        let mut threads = HashMap::new();
        for (tid, name, task) in self.thread_dirs() {
            let cpu = std::fs::read_to_string(task.join("schedstat"))
                .ok()
                .and_then(|s| cpu_seconds_of_schedstat(&s))
                .or_else(|| cpu_seconds_of_stat(&std::fs::read_to_string(task.join("stat")).ok()?));
            if let Some(cpu) = cpu {
                threads.insert(tid, (cpu, name.starts_with(WORKER_THREAD_PREFIX)));
            }
        }
        if threads.is_empty() {
            return None;
        }
        let worker_cpu = threads.values().filter(|(_, w)| *w).map(|(c, _)| c).sum();
        let process_cpu = threads.values().map(|(c, _)| c).sum();
        Some(Sample {
            at,
            process_cpu,
            worker_cpu,
            rss_bytes: self.dirs().iter().filter_map(|d| rss_bytes(d)).sum(),
            threads,
        })
    }
}

/// The processes whose parent is `pid` (from each `/proc/<n>/stat`).
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let child: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // After the name: state, then the parent's pid.
            let rest = &stat[stat.rfind(')')? + 1..];
            let ppid: u32 = rest.split_whitespace().nth(1)?.parse().ok()?;
            (ppid == pid).then_some(child)
        })
        .collect()
}

fn rss_bytes(dir: &Path) -> Option<u64> {
    let status = std::fs::read_to_string(dir.join("status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// CPU seconds this process has used.
pub fn own_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| cpu_seconds_of_stat(&s))
        .unwrap_or(0.0)
}

/// The pid of the process listening on TCP `port` of loopback or any address,
/// found through `/proc/net/tcp` and the processes' socket inodes.
pub fn pid_listening_on(port: u16) -> Option<u32> {
    let mut inodes = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split_whitespace().collect();
            // local_address is HEXIP:HEXPORT, st 0A is LISTEN, inode is field 10.
            let (Some(local), Some(state), Some(inode)) = (f.get(1), f.get(3), f.get(9)) else {
                continue;
            };
            let listening = *state == "0A";
            let port_matches = local
                .rsplit(':')
                .next()
                .and_then(|p| u16::from_str_radix(p, 16).ok())
                == Some(port);
            if listening && port_matches {
                inodes.push(format!("socket:[{inode}]"));
            }
        }
    }
    if inodes.is_empty() {
        return None;
    }
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(target) = std::fs::read_link(fd.path()) {
                if inodes.iter().any(|i| target.as_os_str() == i.as_str()) {
                    return Some(pid);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cpu_times_after_the_name() {
        // A name with spaces and a parenthesis must not shift the fields.
        let stat =
            "1234 (tokio) (x y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 8 0 100 0 0";
        let secs = cpu_seconds_of_stat(stat).unwrap();
        assert!((secs - 300.0 / ticks_per_second()).abs() < 1e-9, "{secs}");
        assert_eq!(cpu_seconds_of_stat("garbage"), None);
        assert_eq!(cpu_seconds_of_schedstat("1500000000 42 7\n"), Some(1.5));
        assert_eq!(cpu_seconds_of_schedstat(""), None);
    }

    #[test]
    fn samples_this_process() {
        let me = Process::new(std::process::id()).unwrap();
        let a = me.sample().unwrap();
        assert!(a.rss_bytes > 0);
        assert!(!me.threads().is_empty());
        let b = me.sample().unwrap();
        let u = a.usage_until(&b);
        assert!(u.process_pct >= 0.0 && u.worker_pct == 0.0);
    }
}
