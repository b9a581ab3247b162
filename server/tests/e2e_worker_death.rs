//! A media worker process killed during a call (`kill -9`), in real Chromium
//! pages: the server stays up, `/readyz` says a worker is down until its
//! replacement runs, the affected room's pages rejoin by themselves and decode
//! each other's video again within 5 s, and a room on the other worker is not
//! touched (its page never leaves the call).
//!
//! Run only this file: cargo test -p stunroom-server --test e2e_worker_death -- --nocapture

mod e2e;

use std::io::Write;
use std::time::{Duration, Instant};

use e2e::{dist_dir, Driver, Server};

const MEDIA_TIMEOUT: Duration = Duration::from_secs(20);
/// What the issue asks of the rejoin: media back within this.
const REJOIN_GOAL: Duration = Duration::from_secs(5);

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e: {msg}");
}

fn has_media(s: &e2e::Snapshot) -> bool {
    s.decoding_videos() >= 1 && s.audios_with_bytes() >= 1
}

/// The pid of the server's media worker process number `index`
/// (`stunroom sfu-worker INDEX ...` in its command line).
fn worker_pid(server_pid: u32, index: usize) -> Option<u32> {
    let entries = std::fs::read_dir("/proc").ok()?;
    entries.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
        let ppid: u32 = stat[stat.rfind(')')? + 1..]
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()?;
        let cmdline = std::fs::read(e.path().join("cmdline")).ok()?;
        let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
        let is_worker = args.get(1) == Some(&&b"sfu-worker"[..])
            && args.get(2) == Some(&index.to_string().as_bytes());
        (ppid == server_pid && is_worker).then_some(pid)
    })
}

#[test]
fn a_killed_worker_is_replaced_and_its_rooms_rejoin() {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(body());
}

async fn body() {
    let dist = dist_dir();
    let mut server = Server::start_with(&dist, &["--workers", "2"]);
    let driver = Driver::start();
    let stamp = std::process::id();
    // Rooms go to the least-loaded worker: the first to worker 0, the next to 1.
    let (room_a, room_b) = (format!("wd-a-{stamp}"), format!("wd-b-{stamp}"));
    let a1 = driver.browser("A1").await;
    a1.goto(&server.room_url(&room_a, "A1")).await;
    let a2 = driver.browser("A2").await;
    a2.goto(&server.room_url(&room_a, "A2")).await;
    for page in [&a1, &a2] {
        page.wait_until("media from the other page", MEDIA_TIMEOUT, has_media)
            .await;
    }
    let b1 = driver.browser("B1").await;
    b1.goto(&server.room_url(&room_b, "B1")).await;
    b1.wait_until("joined", MEDIA_TIMEOUT, |s| {
        s.state.as_deref() == Some("joined")
    })
    .await;
    assert_eq!(server.get("/readyz").0, 200);

    let victim = worker_pid(server.pid(), 0).expect("media worker 0's process");
    say(&format!(
        "killing media worker 0 (pid {victim}) with SIGKILL"
    ));
    let killed = Instant::now();
    // SAFETY: kill(2) on a process this test's server started; no memory involved.
    let rc = unsafe { libc::kill(victim as libc::pid_t, libc::SIGKILL) };
    assert_eq!(rc, 0, "kill -9 {victim}");

    // /readyz says so, then the replacement is up.
    let mut saw_down = false;
    let deadline = killed + Duration::from_secs(15);
    loop {
        let (status, body) = server.get("/readyz");
        if status == 503 {
            assert!(body.contains("1 of 2"), "{body}");
            saw_down = true;
        } else if status == 200 && saw_down {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "/readyz: {status} {body} (down seen: {saw_down})"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let replaced = worker_pid(server.pid(), 0).expect("a new worker 0");
    assert_ne!(replaced, victim);
    say(&format!(
        "worker 0 replaced by pid {replaced} {:.2} s after the kill",
        killed.elapsed().as_secs_f64()
    ));
    server.assert_alive();

    // The affected pages leave the dead call and rejoin with media.
    for page in [&a1, &a2] {
        page.wait_until_since(
            "the call on the dead worker ended",
            killed,
            MEDIA_TIMEOUT,
            |s| s.state.as_deref() != Some("joined") || s.decoding_videos() == 0,
        )
        .await;
    }
    for page in [&a1, &a2] {
        let (t, s) = page
            .wait_until_since("media again after the rejoin", killed, MEDIA_TIMEOUT, |s| {
                s.state.as_deref() == Some("joined") && has_media(s)
            })
            .await;
        say(&format!(
            "page {}: media back {:.1} s after the kill ({})",
            page.label,
            t.as_secs_f64(),
            s.summary()
        ));
        assert!(
            t <= REJOIN_GOAL,
            "page {}: media back only after {t:?}",
            page.label
        );
    }
    // The other worker's room never noticed.
    let s = b1.snapshot().await;
    assert_eq!(s.state.as_deref(), Some("joined"), "{}", s.summary());
    let log = server.logs.dump();
    assert!(
        !log.lines()
            .any(|l| l.contains(&room_b) && l.contains("room lost")),
        "room B was closed:\n{log}"
    );
    server.assert_alive();
}
