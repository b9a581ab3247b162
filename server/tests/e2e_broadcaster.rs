//! A real encoder end to end: ffmpeg (Debian's, with libvpx and libopus)
//! pushes a VP8 test pattern and an Opus tone over plain RTP into a room as a
//! broadcaster, through the Broadcaster REST API exactly as mediasoup-demo's
//! broadcasters/ffmpeg.sh does; a headless Chromium page of our client in that
//! room decodes the video (inbound-rtp framesDecoded > 0), receives the audio
//! (bytesReceived > 0) and shows a tile named after the broadcaster. Deleting
//! the broadcaster removes the tile.
//!
//! Run only this file:  cargo test -p stunroom-server --test e2e_broadcaster -- --nocapture
//! Needs dist/ (the built client), chromium + chromium-driver and ffmpeg (Debian packages).

mod e2e;
mod rest;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use e2e::{dist_dir, Driver, Server};
use rest::{http, opus_parameters, post, vp8_parameters};
use serde_json::{json, Value};

const MEDIA_TIMEOUT: Duration = Duration::from_secs(25);
const LEAVE_TIMEOUT: Duration = Duration::from_secs(5);
/// The whole test must stay under a minute.
const TEST_BUDGET: Duration = Duration::from_secs(60);

const AUDIO_SSRC: u32 = 1111;
const AUDIO_PT: u8 = 100;
const VIDEO_SSRC: u32 = 2222;
const VIDEO_PT: u8 = 101;
const BROADCASTER_NAME: &str = "FFmpeg pattern";

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e-broadcaster: {msg}");
}

/// ffmpeg in its own process group, killed (with the group) on drop.
struct Ffmpeg {
    child: Child,
    /// Its last lines of output, for failure messages.
    logs: Arc<Mutex<Vec<String>>>,
}

impl Ffmpeg {
    fn start(args: &[String]) -> Ffmpeg {
        let bin = std::env::var_os("STUNROOM_E2E_FFMPEG")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/ffmpeg"));
        assert!(
            bin.is_file(),
            "{} not found: install Debian's ffmpeg (`apt-get install ffmpeg`; `cargo xtask setup` does)",
            bin.display()
        );
        let mut cmd = Command::new(&bin);
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0);
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let logs = Arc::new(Mutex::new(Vec::new()));
        if let Some(stderr) = child.stderr.take() {
            let tail = logs.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    eprintln!("[ffmpeg] {line}");
                    let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
                    if tail.len() == 40 {
                        tail.remove(0);
                    }
                    tail.push(line);
                }
            });
        }
        Ffmpeg { child, logs }
    }

    fn assert_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            std::thread::sleep(Duration::from_millis(200));
            let logs = self.logs.lock().unwrap_or_else(|e| e.into_inner());
            panic!("ffmpeg exited ({status}); its output:\n{}", logs.join("\n"));
        }
    }
}

impl Drop for Ffmpeg {
    fn drop(&mut self) {
        extern "C" {
            fn kill(pid: i32, sig: i32) -> i32;
        }
        let pid = self.child.id() as i32;
        // SAFETY: kill(2) on the process group created for this child.
        unsafe {
            kill(-pid, 9);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The ffmpeg command line of mediasoup-demo's ffmpeg.sh, with lavfi test
/// sources instead of a file and settings that keep two cores free for the rest:
/// one keyframe a second (ffmpeg ignores RTCP PLI, so a late viewer waits at most 1 s).
fn ffmpeg_args(audio: &Value, video: &Value) -> Vec<String> {
    let target = |t: &Value, what: &str| -> String {
        let ip = t["ip"]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: ip in {t}"));
        let port = t["port"]
            .as_u64()
            .unwrap_or_else(|| panic!("{what}: port in {t}"));
        let rtcp = t["rtcpPort"]
            .as_u64()
            .unwrap_or_else(|| panic!("{what}: rtcpPort in {t}"));
        format!("rtp://{ip}:{port}?rtcpport={rtcp}&pkt_size=1200")
    };
    let tee = format!(
        "[select=a:f=rtp:ssrc={AUDIO_SSRC}:payload_type={AUDIO_PT}]{}|[select=v:f=rtp:ssrc={VIDEO_SSRC}:payload_type={VIDEO_PT}]{}",
        target(audio, "audio transport"),
        target(video, "video transport")
    );
    [
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "warning",
        "-re",
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=640x480:rate=30",
        "-re",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=48000",
        "-map",
        "1:a:0",
        "-c:a",
        "libopus",
        "-b:a",
        "64k",
        "-ac",
        "2",
        "-ar",
        "48000",
        "-map",
        "0:v:0",
        "-c:v",
        "libvpx",
        "-pix_fmt",
        "yuv420p",
        "-b:v",
        "300k",
        "-deadline",
        "realtime",
        "-cpu-used",
        "8",
        "-g",
        "30",
        "-f",
        "tee",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([tee])
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ffmpeg_broadcaster_reaches_a_browser() {
    let started = Instant::now();
    let dist = dist_dir();
    let mut server = Server::start(&dist);
    let addr = server
        .base_url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let driver = Driver::start();
    let room = format!(
        "bcast-{}-{}",
        std::process::id(),
        started.elapsed().as_nanos()
    );

    // The viewer opens the room first (ffmpeg.sh expects the room to exist).
    let viewer = driver.browser("Viewer").await;
    viewer.goto(&server.room_url(&room, "Viewer")).await;
    viewer
        .wait_until("the page to join", MEDIA_TIMEOUT, |s| {
            s.state.as_deref() == Some("joined")
        })
        .await;

    // ffmpeg.sh's REST sequence.
    let caps = http(&addr, "GET", &format!("/rooms/{room}"), None)
        .await
        .ok_json("GET /rooms/:roomId");
    assert!(caps["codecs"].is_array(), "{caps}");
    let base = format!("/rooms/{room}/broadcasters/ffmpeg1");
    post(
        &addr,
        &format!("/rooms/{room}/broadcasters"),
        json!({"id": "ffmpeg1", "displayName": BROADCASTER_NAME, "device": {"name": "FFmpeg"}}),
    )
    .await
    .ok_json("create broadcaster");
    let plain = json!({"type": "plain", "comedia": true, "rtcpMux": false});
    let audio_t = post(&addr, &format!("{base}/transports"), plain.clone())
        .await
        .ok_json("audio transport");
    let video_t = post(&addr, &format!("{base}/transports"), plain)
        .await
        .ok_json("video transport");
    let tid = |t: &Value| t["id"].as_str().expect("transport id").to_owned();
    post(
        &addr,
        &format!("{base}/transports/{}/producers", tid(&audio_t)),
        json!({"kind": "audio", "rtpParameters": opus_parameters(AUDIO_PT, AUDIO_SSRC)}),
    )
    .await
    .ok_json("audio producer");
    post(
        &addr,
        &format!("{base}/transports/{}/producers", tid(&video_t)),
        json!({"kind": "video", "rtpParameters": vp8_parameters(VIDEO_PT, VIDEO_SSRC)}),
    )
    .await
    .ok_json("video producer");

    let mut ffmpeg = Ffmpeg::start(&ffmpeg_args(&audio_t, &video_t));
    let pushing = Instant::now();
    say(&format!(
        "ffmpeg pushing to {}:{} (audio) and {}:{} (video)",
        audio_t["ip"].as_str().unwrap_or("?"),
        audio_t["port"],
        video_t["ip"].as_str().unwrap_or("?"),
        video_t["port"]
    ));

    // The viewer decodes the pattern and receives the tone.
    let (t, s) = viewer
        .wait_until_since(
            &format!(
                "inbound-rtp video framesDecoded > 0, audio bytesReceived > 0 and a tile for {BROADCASTER_NAME:?}"
            ),
            pushing,
            MEDIA_TIMEOUT,
            |s| {
                s.decoding_videos() >= 1
                    && s.audios_with_bytes() >= 1
                    && s.has_tile(BROADCASTER_NAME)
            },
        )
        .await;
    say(&format!(
        "viewer decoding the broadcaster {:.1} s after ffmpeg started ({})",
        t.as_secs_f64(),
        s.summary()
    ));
    // And keeps decoding: a second of the 30 fps pattern.
    let (t, s) = viewer
        .wait_until_since(
            "30 decoded frames of the broadcaster's video",
            pushing,
            MEDIA_TIMEOUT,
            |s| s.video_frames_decoded.iter().any(|&f| f >= 30),
        )
        .await;
    say(&format!(
        "30 frames decoded {:.1} s after ffmpeg started ({})",
        t.as_secs_f64(),
        s.summary()
    ));
    ffmpeg.assert_running();
    server.assert_alive();

    // Deleting the broadcaster (what ffmpeg.sh's exit trap does) drops the tile.
    drop(ffmpeg);
    let deleted = http(&addr, "DELETE", &base, None).await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    let (t, _) = viewer
        .wait_until(
            "the broadcaster's tile removed after DELETE",
            LEAVE_TIMEOUT,
            |s| !s.has_tile(BROADCASTER_NAME),
        )
        .await;
    say(&format!(
        "tile removed {:.1} s after DELETE",
        t.as_secs_f64()
    ));
    let s = viewer.snapshot().await;
    viewer.assert_no_error(&s);
    server.assert_alive();
    let mut viewer = viewer;
    viewer.close().await;
    let total = started.elapsed();
    say(&format!("total {:.1} s", total.as_secs_f64()));
    assert!(
        total < TEST_BUDGET,
        "the test took {:.1} s (budget {} s)",
        total.as_secs_f64(),
        TEST_BUDGET.as_secs()
    );
}
