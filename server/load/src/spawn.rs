//! Starting a `stunroom` server of our own (`--spawn`, the benchmarks, the
//! smoke test): on loopback, a free port, killed when dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// How long the server gets to print its listening line.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running server child process.
pub struct SpawnedServer {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub http: String,
    _dir: tempdir::Dir,
}

mod tempdir {
    /// A scratch directory removed on drop (the server's empty `--dist-dir`).
    pub struct Dir(pub std::path::PathBuf);

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl SpawnedServer {
    /// Starts `binary` with media on 127.0.0.1 and `extra` flags (e.g. `--workers 1`).
    pub fn start(binary: &Path, extra: &[String]) -> Result<SpawnedServer, String> {
        let dir =
            std::env::temp_dir().join(format!("stunroom-load-{}-{}", std::process::id(), unique()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let dir = tempdir::Dir(dir);
        // A page to serve, so the server does not warn about a missing client.
        std::fs::write(
            dir.0.join("index.html"),
            "<!doctype html><title>stunroom-load</title>",
        )
        .map_err(|e| format!("{}: {e}", dir.0.display()))?;
        // Our defaults, each unless `extra` sets it.
        let mut args: Vec<String> = Vec::new();
        for (flag, value) in [
            ("--listen", "127.0.0.1:0"),
            ("--rtc-listen-ip", "127.0.0.1"),
            ("--announced-ip", "127.0.0.1"),
            ("--log-level", "warn"),
            // Free WebRtcServer ports: several servers may run at once.
            ("--rtc-port", "0"),
            // Every simulated peer comes from 127.0.0.1 and joins fast: the
            // per-client limits are for real clients, not what is measured here.
            ("--max-peers-per-room", "10000"),
            ("--max-connections", "1000000"),
            ("--max-connections-per-ip", "1000000"),
            ("--max-rooms-per-ip", "100000"),
            ("--max-requests-per-second", "100000"),
        ] {
            if !extra
                .iter()
                .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
            {
                args.extend([flag.to_owned(), value.to_owned()]);
            }
        }
        let mut child = Command::new(binary)
            .args(&args)
            .arg("--dist-dir")
            .arg(&dir.0)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start {}: {e} (build it: cargo build --release -p stunroom-server)",
                    binary.display()
                )
            })?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.strip_prefix("stunroom listening on ") {
                    let _ = tx.send(addr.trim().to_owned());
                }
            }
        });
        let deadline = std::time::Instant::now() + START_TIMEOUT;
        loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(http) => {
                    return Ok(SpawnedServer {
                        child,
                        http,
                        _dir: dir,
                    })
                }
                Err(_) if std::time::Instant::now() >= deadline => {
                    let _ = child.kill();
                    return Err(format!(
                        "{} printed no listening line within {START_TIMEOUT:?}",
                        binary.display()
                    ));
                }
                Err(_) => {
                    if let Ok(Some(status)) = child.try_wait() {
                        return Err(format!(
                            "{} exited with {status} before listening (its error is above)",
                            binary.display()
                        ));
                    }
                }
            }
        }
    }

    /// The server's pid.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether it still runs.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for SpawnedServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// The server binary: `$STUNROOM_BIN`, else `target/release/stunroom` next to
/// the running executable's directory, else `target/release/stunroom`.
pub fn default_server_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("STUNROOM_BIN") {
        return PathBuf::from(bin);
    }
    if let Ok(me) = std::env::current_exe() {
        if let Some(sibling) = me.parent().map(|d| d.join("stunroom")) {
            if sibling.is_file() {
                return sibling;
            }
        }
    }
    PathBuf::from("target/release/stunroom")
}
