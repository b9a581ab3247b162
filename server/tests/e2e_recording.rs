//! Recording (issue 13 item 5) through the real binary and client: two
//! Chromium pages in a room (a third joins during the recording), recording started and stopped over REST; both
//! pages show the "● Recording" badge while it runs and not after; every file
//! downloads and ffprobe finds what was sent (VP8 video with frames and a sane
//! size, Opus audio, over 2 s). Plus the API's refusals: unknown room 404, bad
//! and unknown recording ids 400/404 naming them, a room already recorded 409,
//! over `--max-recordings` 429, no token with room tokens on 401, recording
//! off 503.
//!
//! Run: STUNROOM_E2E_DIST=/tmp/dist-x cargo test -p stunroom-server --test e2e_recording -- --nocapture

mod e2e;

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use e2e::{dist_dir, serial, Browser, Driver, Server, TempDir};
use fantoccini::Locator;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const JOIN_TIMEOUT: Duration = Duration::from_secs(30);
const STEP_TIMEOUT: Duration = Duration::from_secs(10);
const SECRET: &str = "a-test-secret-of-at-least-32-bytes!";

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e_recording: {msg}");
}

/// One HTTP request: (status, body bytes).
async fn http(
    server: &Server,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: &str,
) -> (u16, Vec<u8>) {
    let addr = server.base_url.trim_start_matches("http://").to_owned();
    let work = async {
        let mut tcp = tokio::net::TcpStream::connect(&addr)
            .await
            .expect("connect");
        let auth = bearer
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        tcp.write_all(head.as_bytes()).await.expect("write");
        let mut raw = Vec::new();
        tcp.read_to_end(&mut raw).await.expect("read");
        raw
    };
    let raw = tokio::time::timeout(Duration::from_secs(20), work)
        .await
        .unwrap_or_else(|_| panic!("{method} {path}: no answer within 20 s"));
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{method} {path}: chunked answers are not decoded here: {head}"
    );
    (status, raw[split + 4..].to_vec())
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

fn json(status: u16, body: &[u8], want: u16, what: &str) -> Value {
    assert_eq!(status, want, "{what}: {}", text(body));
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {}", text(body)))
}

fn refused(answer: (u16, Vec<u8>), status: u16, words: &[&str]) {
    let body = text(&answer.1);
    assert_eq!(answer.0, status, "{body}");
    for w in words {
        assert!(body.contains(w), "reason {body:?} does not mention {w:?}");
    }
}

/// The header badge's text on a page, if shown.
async fn badge(page: &Browser) -> Option<String> {
    let found = tokio::time::timeout(
        Duration::from_secs(5),
        page.client().find_all(Locator::Css(".recording-badge")),
    )
    .await
    .expect("find in time")
    .expect("find");
    match found.first() {
        Some(el) => el.text().await.ok(),
        None => None,
    }
}

async fn wait_badge(page: &Browser, label: &str, shown: bool) -> Duration {
    let start = Instant::now();
    loop {
        let text = badge(page).await;
        let ok = match &text {
            Some(t) => shown && t.contains("Recording"),
            None => !shown,
        };
        if ok {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < STEP_TIMEOUT,
            "page {label}: recording badge {} within {STEP_TIMEOUT:?} (now {text:?})",
            if shown { "not shown" } else { "still shown" }
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// ffprobe's streams (with counted frames) and format of a file.
fn ffprobe(path: &Path) -> Value {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-count_frames",
            "-show_streams",
            "-show_format",
            "-of",
            "json",
        ])
        .arg(path)
        .output()
        .expect("run ffprobe (Debian's ffmpeg package)");
    assert!(
        out.status.success(),
        "ffprobe {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("ffprobe JSON")
}

fn num(v: &Value) -> f64 {
    match v {
        Value::String(s) => s.parse().unwrap_or(0.0),
        other => other.as_f64().unwrap_or(0.0),
    }
}

#[test]
fn records_a_two_peer_room() {
    serial(async {
        let t0 = Instant::now();
        let dist = dist_dir();
        let dir = TempDir::new("recordings");
        let rec_dir = dir.path().to_string_lossy().into_owned();
        let mut server = Server::start_with(
            &dist,
            &["--recordings-dir", &rec_dir, "--max-recordings", "1"],
        );
        let driver = Driver::start();
        let mut a = driver.browser("A").await;
        let mut b = driver.browser("B").await;
        a.goto(&server.room_url("rec1", "Alice")).await;
        b.goto(&server.room_url("rec1", "Bob")).await;
        for page in [&a, &b] {
            page.wait_until("decoding the other's video", JOIN_TIMEOUT, |s| {
                s.decoding_videos() >= 1
            })
            .await;
        }
        say(&format!(
            "both pages decode each other after {:?}",
            t0.elapsed()
        ));

        let (status, body) = http(&server, "POST", "/rooms/rec1/recordings", None, "").await;
        let started = json(status, &body, 201, "start");
        let id = started["id"].as_str().expect("id").to_owned();
        assert_eq!(started["state"], "recording", "{started}");
        // One recording per room; the server-wide limit is 1 (another room
        // opened by a broadcaster).
        refused(
            http(&server, "POST", "/rooms/rec1/recordings", None, "").await,
            409,
            &["rec1", "already being recorded"],
        );
        let (s, b2) = http(
            &server,
            "POST",
            "/rooms/other/broadcasters",
            None,
            r#"{"id":"enc","displayName":"enc","device":{"name":"ffmpeg"}}"#,
        )
        .await;
        assert_eq!(s, 200, "broadcaster: {}", text(&b2));
        refused(
            http(&server, "POST", "/rooms/other/recordings", None, "").await,
            429,
            &["--max-recordings"],
        );
        for (page, label) in [(&a, "A"), (&b, "B")] {
            let took = wait_badge(page, label, true).await;
            say(&format!("page {label} shows the badge after {took:?}"));
        }
        // C joins while recording: it is told on joining, and its producers
        // (new after the start) are recorded too.
        let mut c = driver.browser("C").await;
        c.goto(&server.room_url("rec1", "Carol")).await;
        let took = wait_badge(&c, "C", true).await;
        say(&format!(
            "page C (joined during the recording) shows the badge after {took:?}"
        ));
        c.wait_until("decoding A and B", JOIN_TIMEOUT, |s| {
            s.decoding_videos() >= 2
        })
        .await;
        // Every track has a file (C's producers come after the start).
        let start = Instant::now();
        loop {
            let (status, body) = http(&server, "GET", "/rooms/rec1/recordings", None, "").await;
            let list = json(status, &body, 200, "list");
            let files = list["recordings"][0]["files"]
                .as_array()
                .map_or(0, Vec::len);
            if files >= 6 {
                say(&format!("6 tracks recorded after {:?}", start.elapsed()));
                break;
            }
            assert!(
                start.elapsed() < 2 * STEP_TIMEOUT,
                "files of 3 peers expected: {list}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        // 5 s: C's files must hold over 2 s even when its ffmpegs start slowly (a busy machine).
        tokio::time::sleep(Duration::from_secs(5)).await;
        let (status, body) = http(&server, "GET", "/rooms/rec1/recordings", None, "").await;
        let list = json(status, &body, 200, "list");
        assert_eq!(list["recordings"][0]["id"], id.as_str(), "{list}");

        let (status, body) = http(
            &server,
            "DELETE",
            &format!("/rooms/rec1/recordings/{id}"),
            None,
            "",
        )
        .await;
        let stopped = json(status, &body, 200, "stop");
        say(&format!("stopped: {stopped}"));
        assert_eq!(stopped["state"], "stopped", "{stopped}");
        for (page, label) in [(&a, "A"), (&b, "B"), (&c, "C")] {
            wait_badge(page, label, false).await;
        }
        let files = stopped["files"].as_array().expect("files").clone();
        let (mut videos, mut audios) = (0, 0);
        for f in &files {
            let name = f["name"].as_str().expect("name");
            assert!(f["error"].is_null(), "{f}");
            let (status, bytes) = http(
                &server,
                "GET",
                &format!("/rooms/rec1/recordings/{id}/files/{name}"),
                None,
                "",
            )
            .await;
            assert_eq!(status, 200, "download {name}: {}", text(&bytes));
            let local = dir.path().join(format!("downloaded-{name}"));
            std::fs::write(&local, &bytes).expect("write the download");
            let probe = ffprobe(&local);
            let stream = &probe["streams"][0];
            let duration = num(&probe["format"]["duration"]);
            say(&format!(
                "{name}: {} bytes, codec {}, {duration:.2} s, frames {}, {}x{}",
                bytes.len(),
                stream["codec_name"],
                stream["nb_read_frames"],
                stream["width"],
                stream["height"]
            ));
            assert!(duration >= 2.0, "{name}: duration {duration} s: {probe}");
            match f["kind"].as_str() {
                Some("video") => {
                    videos += 1;
                    assert_eq!(stream["codec_name"], "vp8", "{probe}");
                    assert!(num(&stream["nb_read_frames"]) >= 20.0, "{name}: {probe}");
                    let (w, h) = (num(&stream["width"]), num(&stream["height"]));
                    assert!(
                        (16.0..=4096.0).contains(&w) && (16.0..=4096.0).contains(&h),
                        "{probe}"
                    );
                }
                _ => {
                    audios += 1;
                    assert_eq!(stream["codec_name"], "opus", "{probe}");
                }
            }
        }
        assert!(
            videos >= 3 && audios >= 3,
            "a video and an audio file per peer (3): {stopped}"
        );
        refused(
            http(
                &server,
                "GET",
                &format!("/rooms/rec1/recordings/{id}/files/..%2Fx"),
                None,
                "",
            )
            .await,
            404,
            &["not found"],
        );
        server.assert_alive();
        a.close().await;
        b.close().await;
        c.close().await;
        say(&format!("done in {:?}", t0.elapsed()));
    });
}

fn token(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_stunroom"))
        .arg("token")
        .args(args)
        .env("STUNROOM_TOKEN_SECRET", SECRET)
        .output()
        .expect("run stunroom token");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn recording_api_refuses_bad_requests() {
    serial(async {
        let dist = dist_dir();
        let dir = TempDir::new("recordings-bad");
        let rec_dir = dir.path().to_string_lossy().into_owned();
        let server = Server::start_with(&dist, &["--recordings-dir", &rec_dir]);
        refused(
            http(&server, "POST", "/rooms/nobody-here/recordings", None, "").await,
            404,
            &["room", "nobody-here", "not found"],
        );
        refused(
            http(&server, "POST", "/rooms/bad%20room/recordings", None, "").await,
            400,
            &["roomId"],
        );
        refused(
            http(&server, "GET", "/rooms/r1/recordings/bad!id", None, "").await,
            400,
            &["recording id", "bad!id"],
        );
        refused(
            http(&server, "DELETE", "/rooms/r1/recordings/rec-0-0", None, "").await,
            404,
            &["recording", "rec-0-0", "not found"],
        );
        refused(
            http(
                &server,
                "POST",
                "/rooms/r1/recordings",
                None,
                r#"{"maxDurationS":0}"#,
            )
            .await,
            400,
            &["maxDurationS"],
        );
        refused(
            http(
                &server,
                "POST",
                "/rooms/r1/recordings",
                None,
                r#"{"max":1}"#,
            )
            .await,
            400,
            &["max"],
        );
        let (s, body) = http(&server, "GET", "/rooms/r1/recordings", None, "").await;
        assert_eq!(
            json(s, &body, 200, "empty list")["recordings"],
            serde_json::json!([])
        );
        drop(server);

        // Room tokens on, recording off: the token is checked first.
        let server = Server::start_with(&dist, &["--token-secret", SECRET]);
        refused(
            http(&server, "POST", "/rooms/r1/recordings", None, "").await,
            401,
            &["token"],
        );
        let other = token(&["--room", "r2", "--perm", "broadcast"]);
        let (s, _) = http(&server, "POST", "/rooms/r1/recordings", Some(&other), "").await;
        assert!(s == 401 || s == 403, "a token for another room: {s}");
        let good = token(&["--room", "r1", "--perm", "broadcast"]);
        refused(
            http(&server, "POST", "/rooms/r1/recordings", Some(&good), "").await,
            503,
            &["--recordings-dir"],
        );
    });
}
