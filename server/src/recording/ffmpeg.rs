//! One supervised ffmpeg process: reads one track's RTP through an SDP file
//! and copies it (no transcoding) into WebM or Matroska. Its stderr is kept in
//! a bounded log (the last [`LOG_LINES`] lines) for the recording's error.

use std::collections::VecDeque;
use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// stderr lines kept per process.
const LOG_LINES: usize = 40;
/// A line longer than this is cut (ffmpeg's are short; a flood must not grow memory).
const LINE_BYTES: usize = 400;
/// How long ffmpeg gets to open its UDP ports.
const LISTEN_TIMEOUT: Duration = Duration::from_secs(5);
/// After a first SIGINT, how long before a second one.
const SECOND_SIGNAL_AFTER: Duration = Duration::from_secs(2);
/// How long ffmpeg gets to write the file's end after the second SIGINT, before SIGKILL.
const FINISH_TIMEOUT: Duration = Duration::from_secs(4);

/// The last lines ffmpeg wrote to stderr.
#[derive(Clone, Default)]
pub struct StderrLog(Arc<Mutex<VecDeque<String>>>);

impl StderrLog {
    fn push(&self, mut line: String) {
        if line.len() > LINE_BYTES {
            let mut cut = LINE_BYTES;
            while !line.is_char_boundary(cut) {
                cut -= 1;
            }
            line.truncate(cut);
        }
        let mut lines = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if lines.len() == LOG_LINES {
            lines.pop_front();
        }
        lines.push_back(line);
    }

    /// The last `n` lines, joined.
    pub fn tail(&self, n: usize) -> String {
        let lines = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let skip = lines.len().saturating_sub(n);
        lines
            .iter()
            .skip(skip)
            .cloned()
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

/// A running ffmpeg.
pub struct Ffmpeg {
    child: Child,
    pub log: StderrLog,
}

/// Two free adjacent loopback UDP ports (RTP even, RTCP = RTP + 1), found by
/// binding and releasing them. Another process may take them before ffmpeg
/// binds: [`Ffmpeg::start`] then fails and the caller retries with new ones.
pub fn free_port_pair() -> std::io::Result<u16> {
    for _ in 0..50 {
        let rtp = UdpSocket::bind(("127.0.0.1", 0))?;
        let port = rtp.local_addr()?.port();
        if port % 2 != 0 || port == u16::MAX {
            continue;
        }
        if UdpSocket::bind(("127.0.0.1", port + 1)).is_ok() {
            return Ok(port);
        }
    }
    Err(std::io::Error::other(
        "no two adjacent free UDP ports on 127.0.0.1",
    ))
}

/// Whether some socket is bound to UDP `port` (ffmpeg has opened its input).
fn udp_port_bound(port: u16) -> bool {
    let hex = format!(":{port:04X} ");
    ["/proc/net/udp", "/proc/net/udp6"].iter().any(|file| {
        std::fs::read_to_string(file).is_ok_and(|table| {
            // Column 2 is local_address "IP:PORT" (hex).
            table
                .lines()
                .skip(1)
                .filter_map(|l| l.split_whitespace().nth(1))
                .any(|local| format!("{local} ").ends_with(&hex))
        })
    })
}

impl Ffmpeg {
    /// Starts `ffmpeg` on `sdp`, writing `output`, and waits until it listens
    /// on `port` (RTP). Fails if it exits or does not listen in time.
    pub async fn start(
        binary: &Path,
        sdp: &Path,
        output: &Path,
        port: u16,
    ) -> Result<Self, String> {
        let mut command = Command::new(binary);
        command
            .args(["-nostdin", "-hide_banner", "-loglevel", "warning"])
            .args(["-protocol_whitelist", "file,udp,rtp"])
            // Probe only until the first keyframe is in (the consumer asks for one).
            .args(["-analyzeduration", "3000000", "-probesize", "5000000"])
            .args(["-fflags", "+genpts"])
            .arg("-i")
            .arg(sdp)
            .args(["-map", "0", "-c", "copy", "-y"])
            .arg(output)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        // SAFETY: prctl(PR_SET_PDEATHSIG) between fork and exec touches no memory
        // of the parent; it makes ffmpeg die with the server if the server is killed.
        unsafe {
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let log = StderrLog::default();
        if let Some(stderr) = child.stderr.take() {
            let log = log.clone();
            tokio::spawn(async move {
                let mut lines = BufReader::new(stderr).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    log.push(line);
                }
            });
        }
        let mut ffmpeg = Ffmpeg { child, log };
        let deadline = tokio::time::Instant::now() + LISTEN_TIMEOUT;
        loop {
            if let Some(status) = ffmpeg.exited() {
                return Err(ffmpeg.failure(status));
            }
            if udp_port_bound(port) {
                return Ok(ffmpeg);
            }
            if tokio::time::Instant::now() >= deadline {
                ffmpeg.kill().await;
                return Err(format!(
                    "ffmpeg did not open UDP port {port} within {LISTEN_TIMEOUT:?}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Its exit status, if it has exited.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// What to report for an exit.
    pub fn failure(&self, status: ExitStatus) -> String {
        format!("ffmpeg exited ({status}): {}", self.log.tail(4))
    }

    /// Asks it to finish the file (SIGINT), waits, and kills it if it does not
    /// end in time. Answers an error when it ended badly.
    pub async fn stop(&mut self) -> Result<(), String> {
        if let Some(status) = self.exited() {
            return if status.success() {
                Ok(())
            } else {
                Err(self.failure(status))
            };
        }
        // The first SIGINT makes ffmpeg end at its next packet (so RTP must
        // still flow); a second one also interrupts a read that waits for input.
        for (signal, wait) in [(1, SECOND_SIGNAL_AFTER), (2, FINISH_TIMEOUT)] {
            if let Some(pid) = self.child.id().and_then(|p| i32::try_from(p).ok()) {
                // SAFETY: kill(2) on our own child's pid; no memory is involved.
                unsafe {
                    libc::kill(pid, libc::SIGINT);
                }
            }
            match tokio::time::timeout(wait, self.child.wait()).await {
                // ffmpeg exits 255 when a signal ended it (after writing the file's end).
                Ok(Ok(status)) if status.success() || status.code() == Some(255) => return Ok(()),
                Ok(Ok(status)) => return Err(self.failure(status)),
                Ok(Err(e)) => return Err(format!("cannot wait for ffmpeg: {e}")),
                Err(_) if signal == 1 => continue,
                Err(_) => break,
            }
        }
        self.kill().await;
        Err(format!(
            "ffmpeg did not finish within {:?} of SIGINT: killed",
            SECOND_SIGNAL_AFTER + FINISH_TIMEOUT
        ))
    }

    async fn kill(&mut self) {
        let _ = self.child.kill().await;
    }
}

/// Where a track's files go: `<dir>/<name>.sdp` and `<dir>/<name>.<ext>`.
pub fn paths(dir: &Path, name: &str, ext: &str) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("{name}.sdp")),
        dir.join(format!("{name}.{ext}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_is_bounded() {
        let log = StderrLog::default();
        for i in 0..100 {
            log.push(format!("line {i} {}", "x".repeat(1000)));
        }
        assert_eq!(log.0.lock().unwrap().len(), LOG_LINES);
        assert!(log.tail(1).starts_with("line 99"));
        assert!(log.tail(1).len() <= LINE_BYTES);
    }

    #[test]
    fn port_pair_is_even() {
        let port = free_port_pair().unwrap();
        assert_eq!(port % 2, 0);
    }
}
