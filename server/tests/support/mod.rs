//! Test support: spawn the real `stunroom` binary and drive it with a small
//! protoo client. Every wait is bounded; the child is killed on drop.
#![allow(dead_code)] // each test binary uses a different subset

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use stunroom_shared::protoo::{ErrorResponse, Message, Request, Response};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{self, Message as WsMessage};

/// The processes whose parent is `pid` (the server's media workers).
pub fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let child: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            let rest = &stat[stat.rfind(')')? + 1..];
            let ppid: u32 = rest.split_whitespace().nth(1)?.parse().ok()?;
            (ppid == pid).then_some(child)
        })
        .collect()
}

/// Upper bound for any single wait in these tests.
pub const WAIT: Duration = Duration::from_secs(15);

/// A running server process.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Spawns the binary on a free port and waits for its `stunroom listening on` line.
    pub fn start() -> Server {
        Self::start_with(&[], &[])
    }

    /// Like [`Server::start`], with extra flags and environment variables.
    pub fn start_with(args: &[&str], envs: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("index.html"),
            "<!doctype html><title>stunroom test</title>",
        )
        .expect("write index.html");
        let log = dir.path().join("server.log");
        let log_file = std::fs::File::create(&log).expect("log file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_stunroom"))
            .args(["--listen", "127.0.0.1:0"])
            .args([
                "--rtc-listen-ip",
                "127.0.0.1",
                "--announced-ip",
                "127.0.0.1",
            ])
            .args(["--workers", "1", "--rtc-port", "0"])
            .args(if args.contains(&"--log-level") {
                &[][..]
            } else {
                &["--log-level", "debug"][..]
            })
            .arg("--dist-dir")
            .arg(dir.path())
            .args(args)
            .envs(envs.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log_file))
            .spawn()
            .expect("spawn stunroom");
        let stdout = child.stdout.take().expect("child stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.strip_prefix("stunroom listening on http://") {
                    let _ = tx.send(addr.trim().to_owned());
                }
            }
        });
        let mut server = Server {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            log,
            _dir: dir,
        };
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(addr) => server.addr = addr.parse().expect("listen address"),
            Err(_) => panic!("no listen line within 60 s; log:\n{}", server.log_text()),
        }
        server
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn ws_url(&self, path_and_query: &str) -> String {
        format!("ws://{}{}", self.addr, path_and_query)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident memory of the server and its child (media worker) processes, bytes.
    pub fn rss_bytes(&self) -> u64 {
        let mut pids = vec![self.pid()];
        pids.extend(children_of(self.pid()));
        pids.iter()
            .filter_map(|pid| {
                let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
                let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
                let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
                Some(kb * 1024)
            })
            .sum()
    }

    /// The value of a gauge of `/metrics` (text format).
    pub fn gauge(&self, name: &str) -> f64 {
        let (status, _, body) = self.http_get("/metrics");
        assert_eq!(status, 200, "{body}");
        body.lines()
            .find_map(|l| {
                let (n, v) = l.split_once(' ')?;
                (n == name).then(|| v.trim().parse().ok())?
            })
            .unwrap_or_else(|| panic!("no gauge {name} in /metrics:\n{body}"))
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends SIGTERM, as Kubernetes does to stop a pod.
    pub fn terminate(&self) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid");
        // SAFETY: kill(2) on our own child's pid; no memory is involved.
        let rc = unsafe { libc::kill(pid, libc::SIGTERM) };
        assert_eq!(rc, 0, "kill -TERM {pid}");
    }

    /// The exit status, if the process exits within `within`.
    pub fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = std::time::Instant::now() + within;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if std::time::Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// A plain HTTP/1.1 GET: (status, lower-cased headers, body).
    pub fn http_get(&self, path: &str) -> (u16, HashMap<String, String>, String) {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .expect("write request");
        let mut raw = String::new();
        stream.read_to_string(&mut raw).expect("read response");
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .expect("status line");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        (status, headers, body.to_owned())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // STUNROOM_TEST_LOG=1 shows the whole log of passing tests too.
        let show_all = std::env::var_os("STUNROOM_TEST_LOG").is_some();
        if std::thread::panicking() || show_all {
            let log = self.log_text();
            let keep = if show_all { usize::MAX } else { 80 };
            let tail: Vec<&str> = log.lines().rev().take(keep).collect();
            eprintln!("--- server log (last lines) ---");
            for line in tail.into_iter().rev() {
                eprintln!("{line}");
            }
        }
    }
}

/// Something the server sent that is not a response.
#[derive(Debug)]
pub enum Incoming {
    Request(Request),
    Notification { method: String, data: Value },
    Closed(Option<CloseFrame>),
}

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Result<Value, ErrorResponse>>>>>;

/// A protoo client over tokio-tungstenite.
pub struct Client {
    out: mpsc::UnboundedSender<WsMessage>,
    inbox: mpsc::UnboundedReceiver<Incoming>,
    backlog: VecDeque<Incoming>,
    pending: Pending,
    next_id: AtomicU64,
}

/// Why a WebSocket connection was refused: HTTP status and body.
#[derive(Debug)]
pub struct Refused {
    pub status: u16,
    pub body: String,
}

impl Client {
    /// Connects to `/ws?roomId=..&peerId=..` with the `protoo` subprotocol.
    pub async fn join_url(server: &Server, room: &str, peer: &str) -> Client {
        Self::connect(server, &format!("/ws?roomId={room}&peerId={peer}"), true)
            .await
            .expect("connect")
    }

    pub async fn connect(server: &Server, path: &str, protoo: bool) -> Result<Client, Refused> {
        let mut request = server.ws_url(path).into_client_request().expect("request");
        if protoo {
            request
                .headers_mut()
                .insert("Sec-WebSocket-Protocol", HeaderValue::from_static("protoo"));
        }
        let connected = tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(request))
            .await
            .expect("connect timeout");
        let (ws, response) = match connected {
            Ok(ok) => ok,
            Err(tungstenite::Error::Http(response)) => {
                let body = response
                    .body()
                    .as_ref()
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default();
                return Err(Refused {
                    status: response.status().as_u16(),
                    body,
                });
            }
            Err(e) => panic!("WebSocket connect failed: {e}"),
        };
        if protoo {
            assert_eq!(
                response
                    .headers()
                    .get("sec-websocket-protocol")
                    .and_then(|v| v.to_str().ok()),
                Some("protoo"),
                "subprotocol echoed"
            );
        }
        let (mut sink, mut stream) = ws.split();
        let (out, mut out_rx) = mpsc::unbounded_channel::<WsMessage>();
        tokio::spawn(async move {
            while let Some(m) = out_rx.recv().await {
                if sink.send(m).await.is_err() {
                    break;
                }
            }
        });
        let (in_tx, inbox) = mpsc::unbounded_channel();
        let pending: Pending = Arc::default();
        let reader_pending = pending.clone();
        tokio::spawn(async move {
            while let Some(frame) = stream.next().await {
                match frame {
                    Ok(WsMessage::Text(text)) => match Message::parse(text.as_str()) {
                        Ok(Message::Response(Response { id, result })) => {
                            let tx = reader_pending.lock().ok().and_then(|mut p| p.remove(&id));
                            if let Some(tx) = tx {
                                let _ = tx.send(result);
                            }
                        }
                        Ok(Message::Request(r)) => {
                            let _ = in_tx.send(Incoming::Request(r));
                        }
                        Ok(Message::Notification(n)) => {
                            let _ = in_tx.send(Incoming::Notification {
                                method: n.method,
                                data: n.data,
                            });
                        }
                        Err(e) => panic!("server sent a non-protoo frame: {e}: {text}"),
                    },
                    Ok(WsMessage::Close(frame)) => {
                        let _ = in_tx.send(Incoming::Closed(frame));
                        return;
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
            let _ = in_tx.send(Incoming::Closed(None));
        });
        Ok(Client {
            out,
            inbox,
            backlog: VecDeque::new(),
            pending,
            next_id: AtomicU64::new(1000),
        })
    }

    pub fn send_raw(&self, text: &str) {
        let _ = self.out.send(WsMessage::Text(text.into()));
    }

    /// Sends a request and waits for its response.
    pub async fn request(&self, method: &str, data: Value) -> Result<Value, ErrorResponse> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.pending.lock().expect("pending").insert(id, tx);
        let text = Message::Request(Request {
            id,
            method: method.into(),
            data,
        })
        .to_json();
        self.send_raw(&text);
        self.wait_response(id, method, rx).await
    }

    /// Registers interest in response `id` (for raw frames), then waits for it.
    pub async fn response_to_raw(&self, id: u64, raw: &str) -> Result<Value, ErrorResponse> {
        let (tx, rx) = oneshot::channel();
        self.pending.lock().expect("pending").insert(id, tx);
        self.send_raw(raw);
        self.wait_response(id, raw, rx).await
    }

    async fn wait_response(
        &self,
        id: u64,
        what: &str,
        rx: oneshot::Receiver<Result<Value, ErrorResponse>>,
    ) -> Result<Value, ErrorResponse> {
        match tokio::time::timeout(WAIT, rx).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => panic!("connection closed before the response to {what} (id {id})"),
            Err(_) => panic!("no response to {what} (id {id}) within {WAIT:?}"),
        }
    }

    /// Answers a server request.
    pub fn respond(&self, id: u64, result: Result<Value, ErrorResponse>) {
        let text = Message::Response(Response { id, result }).to_json();
        self.send_raw(&text);
    }

    /// Waits for the next incoming item matching `want`, keeping the others for later.
    pub async fn next_matching(
        &mut self,
        what: &str,
        want: impl Fn(&Incoming) -> bool,
    ) -> Incoming {
        if let Some(pos) = self.backlog.iter().position(&want) {
            return self.backlog.remove(pos).expect("backlog item");
        }
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            match tokio::time::timeout_at(deadline, self.inbox.recv()).await {
                Ok(Some(item)) if want(&item) => return item,
                Ok(Some(item)) => self.backlog.push_back(item),
                Ok(None) => panic!("connection gone while waiting for {what}"),
                Err(_) => panic!("no {what} within {WAIT:?}; got {:?}", self.backlog),
            }
        }
    }

    pub async fn notification(&mut self, method: &str) -> Value {
        let m = method.to_owned();
        match self
            .next_matching(
                method,
                |i| matches!(i, Incoming::Notification { method, .. } if *method == m),
            )
            .await
        {
            Incoming::Notification { data, .. } => data,
            _ => unreachable!(),
        }
    }

    pub async fn server_request(&mut self, method: &str) -> Request {
        let m = method.to_owned();
        match self
            .next_matching(
                method,
                |i| matches!(i, Incoming::Request(r) if r.method == m),
            )
            .await
        {
            Incoming::Request(r) => r,
            _ => unreachable!(),
        }
    }

    pub async fn closed(&mut self) -> Option<CloseFrame> {
        match self
            .next_matching("close", |i| matches!(i, Incoming::Closed(_)))
            .await
        {
            Incoming::Closed(frame) => frame,
            _ => unreachable!(),
        }
    }

    /// Nothing matching `want` arrives within `within`.
    pub async fn assert_none(
        &mut self,
        what: &str,
        within: Duration,
        want: impl Fn(&Incoming) -> bool,
    ) {
        assert!(
            !self.backlog.iter().any(&want),
            "unexpected {what}: {:?}",
            self.backlog
        );
        let deadline = tokio::time::Instant::now() + within;
        while let Ok(Some(item)) = tokio::time::timeout_at(deadline, self.inbox.recv()).await {
            assert!(!want(&item), "unexpected {what}: {item:?}");
            self.backlog.push_back(item);
        }
    }

    pub fn close(&self) {
        let _ = self.out.send(WsMessage::Close(None));
    }
}

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("fixture JSON")
}

/// mediasoup-client 3.24 device RTP capabilities of Chrome 156 (receiving).
pub fn chrome_rtp_capabilities() -> Value {
    fixture("chrome156_recv_rtp_capabilities.json")
}

/// Chrome 156's send RTP parameters for a microphone track (opus), via mediasoup-client.
pub fn chrome_audio_rtp_parameters() -> Value {
    fixture("chrome156_send_audio_rtp_parameters.json")
}

/// Chrome 156's send RTP parameters for a camera track (VP8 + rtx), via mediasoup-client.
pub fn chrome_video_rtp_parameters() -> Value {
    fixture("chrome156_send_video_rtp_parameters.json")
}

/// A peer that has loaded the router capabilities, created both transports and joined.
pub struct Peer {
    pub client: Client,
    pub id: String,
    pub send_transport: String,
    pub recv_transport: String,
    pub join: Value,
}

impl Peer {
    /// The reference join sequence: mediasoup-version, getRouterRtpCapabilities,
    /// two createWebRtcTransport, join.
    pub async fn join(server: &Server, room: &str, id: &str) -> Peer {
        let mut client = Client::join_url(server, room, id).await;
        let version = client.notification("mediasoup-version").await;
        assert!(version["version"].is_string(), "{version}");
        let caps = client
            .request("getRouterRtpCapabilities", json!({}))
            .await
            .expect("getRouterRtpCapabilities");
        assert!(caps["codecs"].as_array().is_some_and(|c| !c.is_empty()));
        let send = client
            .request(
                "createWebRtcTransport",
                json!({"forceTcp": false, "producing": true, "consuming": false,
                       "sctpCapabilities": {"numStreams": {"OS": 1024, "MIS": 1024}}}),
            )
            .await
            .expect("send transport");
        let recv = client
            .request(
                "createWebRtcTransport",
                json!({"forceTcp": false, "producing": false, "consuming": true}),
            )
            .await
            .expect("recv transport");
        let join = client
            .request(
                "join",
                json!({"displayName": format!("{id} name"),
                       "device": {"flag": "chrome", "name": "Chrome", "version": "156.0"},
                       "rtpCapabilities": chrome_rtp_capabilities(),
                       "sctpCapabilities": {"numStreams": {"OS": 1024, "MIS": 1024}}}),
            )
            .await
            .expect("join");
        Peer {
            client,
            id: id.to_owned(),
            send_transport: send["id"].as_str().expect("send id").to_owned(),
            recv_transport: recv["id"].as_str().expect("recv id").to_owned(),
            join,
        }
    }

    pub async fn produce(&self, kind: &str, rtp_parameters: Value, app_data: Value) -> String {
        let r = self
            .client
            .request(
                "produce",
                json!({"transportId": self.send_transport, "kind": kind,
                       "rtpParameters": rtp_parameters, "appData": app_data}),
            )
            .await
            .expect("produce");
        r["id"].as_str().expect("producer id").to_owned()
    }
}
