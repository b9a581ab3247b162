//! Relay proven for real (issue 3): the real server and client in headless
//! Chromium, media forced through coturn (Debian's `turnserver`) on 127.0.0.1,
//! started and stopped by each test.
//!
//! Run only this file:  cargo test -p stunroom-server --test e2e_relay -- --nocapture
//! (needs dist/ like e2e_browser; `cargo xtask test` builds it first).
//!
//! Pass = on both pages inbound video `framesDecoded > 0` AND every peer
//! connection's selected candidate pair has a local candidate of type `relay`
//! (getStats: transport.selectedCandidatePairId -> candidate-pair.localCandidateId
//! -> local-candidate.candidateType). Cases: the seed's URL parameters with a
//! static coturn user over UDP and over TCP; `/api/ice` in ephemeral mode with
//! coturn's `use-auth-secret`; a wrong TURN password shows the ICE failure.

mod e2e;

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use e2e::{dist_dir, free_port, serial, Browser, Driver, Server, TempDir};
use serde_json::Value;

const MEDIA_TIMEOUT: Duration = Duration::from_secs(25);
const FAILURE_TIMEOUT: Duration = Duration::from_secs(15);
const TURN_USER: &str = "u";
const TURN_PASS: &str = "p";
const TURN_SECRET: &str = "relay-test-shared-secret";

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e_relay: {msg}");
}

fn unique_room(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("relay-{tag}-{}-{nanos}", std::process::id())
}

// ---------------------------------------------------------------------------
// coturn

enum TurnAuth {
    /// `--lt-cred-mech --user=u:p`
    Static,
    /// `--use-auth-secret --static-auth-secret=S` (TURN REST API)
    Secret,
}

/// A coturn process on 127.0.0.1; killed on drop, its log printed if the test failed.
struct Coturn {
    port: u16,
    child: Child,
    log: PathBuf,
    _dir: TempDir,
}

impl Coturn {
    fn start(auth: TurnAuth) -> Coturn {
        let bin = std::env::var_os("STUNROOM_E2E_TURNSERVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/turnserver"));
        assert!(
            bin.is_file(),
            "{} not found: install Debian's coturn (`cargo xtask setup` does)",
            bin.display()
        );
        let dir = TempDir::new("coturn");
        let log = dir.path().join("turnserver.log");
        let port = free_port();
        let mut cmd = Command::new(&bin);
        cmd.arg("-n") // no config file
            .arg(format!("--listening-port={port}"))
            .args([
                "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1",
                "--allow-loopback-peers",
                "--no-cli",
                "--no-tls",
                "--no-dtls",
                "--realm=stunroom",
                "--fingerprint",
                "--simple-log",
                "--no-stdout-log",
                "--verbose",
            ])
            .arg(format!("--log-file={}", log.display()))
            .arg(format!(
                "--pidfile={}",
                dir.path().join("turnserver.pid").display()
            ))
            .arg(format!("--db={}", dir.path().join("turndb").display()));
        match auth {
            TurnAuth::Static => cmd
                .arg("--lt-cred-mech")
                .arg(format!("--user={TURN_USER}:{TURN_PASS}")),
            TurnAuth::Secret => cmd
                .arg("--use-auth-secret")
                .arg(format!("--static-auth-secret={TURN_SECRET}")),
        };
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let mut turn = Coturn {
            port,
            child,
            log,
            _dir: dir,
        };
        // coturn listens on TCP and UDP on the same port; TCP tells when it is up.
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = turn.child.try_wait() {
                panic!(
                    "turnserver exited ({status}) at start; log:\n{}",
                    turn.log_text()
                );
            }
            assert!(
                Instant::now() < deadline,
                "turnserver did not listen on 127.0.0.1:{port} within 10 s; log:\n{}",
                turn.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // UDP listeners open at about the same time; give them a moment.
        std::thread::sleep(Duration::from_millis(200));
        turn
    }

    fn log_text(&self) -> String {
        // coturn may add a date to the name given with --log-file.
        let mut text = std::fs::read_to_string(&self.log).unwrap_or_default();
        if text.is_empty() {
            if let Some(dir) = self.log.parent() {
                for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.starts_with("turnserver") && name.ends_with(".log") {
                        text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
                    }
                }
            }
        }
        text
    }

    /// Whether coturn's log shows an allocation (what relays media).
    fn allocations(&self) -> usize {
        self.log_text()
            .matches("ALLOCATE processed, success")
            .count()
    }
}

impl Drop for Coturn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = self.log_text();
            let tail: Vec<&str> = log.lines().rev().take(60).collect();
            eprintln!("--- turnserver log (last lines) ---");
            for line in tail.into_iter().rev() {
                eprintln!("{line}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Selected candidate pairs

async fn selected_pairs(page: &Browser) -> Vec<Value> {
    page.selected_pairs().await
}

/// Every peer connection has a selected pair whose local candidate is a relay
/// candidate (over `relay_protocol` to the TURN server), and there is at least one.
fn all_relayed(pairs: &[Value], relay_protocol: &str) -> bool {
    !pairs.is_empty()
        && pairs
            .iter()
            .all(|p| p["local"]["type"] == "relay" && p["local"]["relayProtocol"] == relay_protocol)
}

/// Waits until the page decodes the other peer's video and all its peer
/// connections run over a TURN relay; returns the time taken.
async fn wait_relayed_media(page: &Browser, start: Instant, relay_protocol: &str) -> Duration {
    loop {
        let s = page.snapshot().await;
        page.assert_no_error(&s);
        let pairs = selected_pairs(page).await;
        let video = s.decoding_videos() >= 1;
        let relayed = all_relayed(&pairs, relay_protocol);
        if video && relayed {
            say(&format!(
                "page {}: video decoded over relay after {:.1} s; selected pairs: {}",
                page.label,
                start.elapsed().as_secs_f64(),
                Value::Array(pairs)
            ));
            return start.elapsed();
        }
        if start.elapsed() >= MEDIA_TIMEOUT {
            panic!(
                "page {}: within {} s wanted inbound video framesDecoded > 0 ({}) and every selected \
                 candidate pair's local candidate of type relay over {relay_protocol} ({}); \
                 last probe: {}; selected pairs: {}",
                page.label,
                MEDIA_TIMEOUT.as_secs(),
                video,
                relayed,
                s.summary(),
                Value::Array(pairs)
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn seed_params(port: u16, proto: &str, pass: &str) -> String {
    format!(
        "&enableIceServer=yes&iceServerHost=127.0.0.1&iceServerPort={port}&iceServerProto={proto}&iceServerUser={TURN_USER}&iceServerPass={pass}"
    )
}

/// Two pages join one room with the given URL suffixes; both must decode video over relay.
async fn two_peers_over_relay(
    server: &mut Server,
    turn: &Coturn,
    room: &str,
    suffix: &str,
    relay_protocol: &str,
) {
    let driver = Driver::start();
    let mut a = driver.browser("A").await;
    let mut b = driver.browser("B").await;
    let start = Instant::now();
    a.goto(&format!("{}{suffix}", server.room_url(room, "A")))
        .await;
    b.goto(&format!("{}{suffix}", server.room_url(room, "B")))
        .await;
    wait_relayed_media(&a, start, relay_protocol).await;
    wait_relayed_media(&b, start, relay_protocol).await;
    assert!(
        turn.allocations() >= 2,
        "coturn's log shows {} successful allocations, expected one per page at least",
        turn.allocations()
    );
    server.assert_alive();
    a.close().await;
    b.close().await;
}

#[test]
fn relay_with_seed_url_parameters_udp() {
    serial(relay_with_seed_url_parameters_udp_body());
}

async fn relay_with_seed_url_parameters_udp_body() {
    let dist = dist_dir();
    let turn = Coturn::start(TurnAuth::Static);
    let mut server = Server::start(&dist);
    let suffix = seed_params(turn.port, "udp", TURN_PASS);
    say(&format!(
        "coturn on 127.0.0.1:{}, pages with `{suffix}`",
        turn.port
    ));
    two_peers_over_relay(&mut server, &turn, &unique_room("udp"), &suffix, "udp").await;
}

#[test]
fn relay_with_seed_url_parameters_tcp() {
    serial(relay_with_seed_url_parameters_tcp_body());
}

async fn relay_with_seed_url_parameters_tcp_body() {
    let dist = dist_dir();
    let turn = Coturn::start(TurnAuth::Static);
    let mut server = Server::start(&dist);
    let suffix = seed_params(turn.port, "tcp", TURN_PASS);
    say(&format!(
        "coturn on 127.0.0.1:{}, pages with `{suffix}`",
        turn.port
    ));
    two_peers_over_relay(&mut server, &turn, &unique_room("tcp"), &suffix, "tcp").await;
}

#[test]
fn relay_with_ephemeral_credentials_from_api_ice() {
    serial(relay_with_ephemeral_credentials_from_api_ice_body());
}

async fn relay_with_ephemeral_credentials_from_api_ice_body() {
    let dist = dist_dir();
    let turn = Coturn::start(TurnAuth::Secret);
    let turn_url = format!("turn:127.0.0.1:{}?transport=udp", turn.port);
    let mut server = Server::start_with(
        &dist,
        &[
            "--ice-mode",
            "ephemeral",
            "--turn-urls",
            &turn_url,
            "--turn-secret",
            TURN_SECRET,
        ],
    );
    say(&format!(
        "coturn (use-auth-secret) on 127.0.0.1:{}, server in ephemeral mode",
        turn.port
    ));
    two_peers_over_relay(&mut server, &turn, &unique_room("ephemeral"), "", "udp").await;
    let log = turn.log_text();
    assert!(
        log.contains("realm <stunroom> user <"),
        "coturn's log shows no REST API user; log:\n{log}"
    );
}

#[test]
fn wrong_turn_password_shows_the_ice_failure() {
    serial(wrong_turn_password_shows_the_ice_failure_body());
}

async fn wrong_turn_password_shows_the_ice_failure_body() {
    let dist = dist_dir();
    let turn = Coturn::start(TurnAuth::Static);
    let mut server = Server::start(&dist);
    let driver = Driver::start();
    let mut a = driver.browser("A").await;
    let suffix = seed_params(turn.port, "udp", "wrong-password");
    let start = Instant::now();
    a.goto(&format!(
        "{}{suffix}",
        server.room_url(&unique_room("wrong"), "A")
    ))
    .await;
    let error = loop {
        let s = a.snapshot().await;
        if let Some(e) = s.error.clone() {
            break e;
        }
        assert!(
            start.elapsed() < FAILURE_TIMEOUT,
            "page A: no .error-banner within {} s with a wrong TURN password; last probe: {}; selected pairs: {}",
            FAILURE_TIMEOUT.as_secs(),
            s.summary(),
            Value::Array(selected_pairs(&a).await)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    say(&format!(
        "page A: error banner after {:.1} s: {error:?}",
        start.elapsed().as_secs_f64()
    ));
    assert!(
        error.contains("media connection failed (ICE"),
        "the banner should name the ICE/TURN failure: {error:?}"
    );
    server.assert_alive();
    a.close().await;
}
