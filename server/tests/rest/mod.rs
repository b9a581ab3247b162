//! A minimal HTTP/1.1 client for the Broadcaster REST API tests: one request
//! per connection (`Connection: close`), JSON bodies, bounded by a deadline.
#![allow(dead_code)] // each test binary uses a different subset

use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Upper bound for one request.
pub const HTTP_WAIT: Duration = Duration::from_secs(15);

/// An HTTP answer: status and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }

    /// Asserts status 200 and returns the JSON body.
    pub fn ok_json(&self, what: &str) -> Value {
        assert_eq!(self.status, 200, "{what}: {}", self.body);
        self.json()
    }

    /// Asserts a status and that the reason mentions each of `words`.
    pub fn fails(&self, status: u16, words: &[&str]) {
        assert_eq!(self.status, status, "{}", self.body);
        for w in words {
            assert!(
                self.body.contains(w),
                "reason {:?} does not mention {w:?}",
                self.body
            );
        }
    }
}

/// One request to `addr` (`host:port`) with a raw body, if any.
pub async fn http_raw(addr: &str, method: &str, path: &str, body: Option<&str>) -> Answer {
    let work = async {
        let mut stream = tokio::net::TcpStream::connect(addr)
            .await
            .unwrap_or_else(|e| panic!("connect {addr}: {e}"));
        let body = body.unwrap_or("");
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await.expect("write");
        stream.write_all(body.as_bytes()).await.expect("write");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.expect("read");
        raw
    };
    let raw = tokio::time::timeout(HTTP_WAIT, work)
        .await
        .unwrap_or_else(|_| panic!("no answer to {method} {path} within {HTTP_WAIT:?}"));
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {raw:?}"));
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked { dechunk(body) } else { body.into() };
    Answer { status, body }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

pub async fn http(addr: &str, method: &str, path: &str, body: Option<Value>) -> Answer {
    let text = body.map(|b| b.to_string());
    http_raw(addr, method, path, text.as_deref()).await
}

pub async fn post(addr: &str, path: &str, body: Value) -> Answer {
    http(addr, "POST", path, Some(body)).await
}

/// ffmpeg's Opus RTP parameters, as mediasoup-demo's broadcasters/ffmpeg.sh posts them.
pub fn opus_parameters(payload_type: u8, ssrc: u32) -> Value {
    serde_json::json!({"codecs": [{"mimeType": "audio/opus", "payloadType": payload_type,
                       "clockRate": 48000, "channels": 2, "parameters": {"sprop-stereo": 1}}],
           "encodings": [{"ssrc": ssrc}]})
}

/// ffmpeg's VP8 RTP parameters (lower-case mime type, as ffmpeg.sh sends it).
pub fn vp8_parameters(payload_type: u8, ssrc: u32) -> Value {
    serde_json::json!({"codecs": [{"mimeType": "video/vp8", "payloadType": payload_type,
                       "clockRate": 90000}],
           "encodings": [{"ssrc": ssrc}]})
}
