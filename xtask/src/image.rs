//! The container image's build and start-up, exercised without Docker (no
//! engine runs on the build machines): the same commands as the builder stage
//! of `deploy/Dockerfile`, then the runtime stage's binary started with its
//! environment and probed like its HEALTHCHECK.

use std::env;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::{cargo, Result};

/// The builder stage's `RUN cargo …` lines (`trunk build --release` runs as its own step).
pub fn build() -> Result {
    cargo(&["fetch", "--locked"])?;
    cargo(&[
        "build",
        "--release",
        "--locked",
        "-p",
        "stunroom-server",
        "--bin",
        "stunroom",
    ])
}

/// Starts the release binary as the image does (`ENTRYPOINT`, `ENV
/// STUNROOM_DIST_DIR`), on a free loopback port instead of 8080, and checks
/// the HEALTHCHECK's `/healthz` and the served client.
pub fn start_and_probe(root: &Path) -> Result {
    let target = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let binary = target.join("release").join("stunroom");
    let mut child = Command::new(&binary)
        .env("STUNROOM_DIST_DIR", root.join("dist"))
        .env("STUNROOM_LISTEN", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let result = probe(&mut child);
    let _ = child.kill();
    let _ = child.wait();
    result
}

fn probe(child: &mut Child) -> Result {
    let stdout = child.stdout.take().ok_or("no stdout from the server")?;
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout)
            .lines()
            .map_while(std::io::Result::ok)
        {
            if let Some(addr) = line.strip_prefix("stunroom listening on http://") {
                let _ = tx.send(addr.to_owned());
                return;
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(60))
        .map_err(|_| "the release server printed no listening line within 60 s".to_owned())?;
    for path in ["/healthz", "/"] {
        let status = http_status(&addr, path)?;
        if status != 200 {
            return Err(format!("GET {path} answered {status}, expected 200"));
        }
        eprintln!("release server: GET {path} -> 200");
    }
    Ok(())
}

fn http_status(addr: &str, path: &str) -> Result<u16> {
    let mut stream =
        TcpStream::connect(addr).map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut head = [0u8; 32];
    let n = stream.read(&mut head).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&head[..n]);
    text.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("GET {path}: not an HTTP answer: {text:?}"))
}
