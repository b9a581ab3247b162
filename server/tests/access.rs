//! Room access through the real binary: tokens minted by `stunroom token`
//! admit to their room only, for their permission and until they expire; the
//! Origin allow-list guards the WebSocket; without the flags nothing changes
//! (the other tests run that way).

mod support;

use std::process::Command;
use std::time::Duration;

use support::Server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

const SECRET: &str = "a-test-secret-of-at-least-32-bytes!";
const ORIGIN: &str = "https://rooms.example.com";

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
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_owned()
}

/// A WebSocket upgrade with this Origin: Ok, or the refusal's (status, body).
async fn ws(server: &Server, path: &str, origin: Option<&str>) -> Result<(), (u16, String)> {
    let mut request = server.ws_url(path).into_client_request().expect("request");
    let h = request.headers_mut();
    h.insert("Sec-WebSocket-Protocol", HeaderValue::from_static("protoo"));
    if let Some(o) = origin {
        h.insert("Origin", HeaderValue::from_str(o).expect("origin"));
    }
    match tokio::time::timeout(support::WAIT, tokio_tungstenite::connect_async(request))
        .await
        .expect("in time")
    {
        Ok(_) => Ok(()),
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => Err((
            r.status().as_u16(),
            String::from_utf8_lossy(r.body().as_deref().unwrap_or_default()).into_owned(),
        )),
        Err(e) => panic!("{e}"),
    }
}

/// A POST with an optional bearer token: (status, body).
async fn post(server: &Server, path: &str, bearer: Option<&str>, body: &str) -> (u16, String) {
    let mut tcp = tokio::net::TcpStream::connect(server.addr)
        .await
        .expect("connect");
    let auth = bearer
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    tcp.write_all(head.as_bytes()).await.expect("write");
    let mut raw = String::new();
    tokio::time::timeout(support::WAIT, tcp.read_to_string(&mut raw))
        .await
        .expect("in time")
        .expect("read");
    let status = raw
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (
        status,
        raw.split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_and_origins_guard_the_rooms() {
    let server = Server::start_with(
        &["--allowed-origins", ORIGIN],
        &[("STUNROOM_TOKEN_SECRET", SECRET)],
    );
    let alice = token(&["--room", "r1", "--peer", "alice"]);
    let any_room = token(&["--room", "*", "--perm", "join,broadcast"]);
    let short = token(&["--room", "r1", "--ttl", "1"]);

    // The WebSocket: origin, then token.
    let path = |peer: &str, t: &str| format!("/ws?roomId=r1&peerId={peer}&token={t}");
    let (code, why) = ws(
        &server,
        &path("alice", &alice),
        Some("https://evil.example"),
    )
    .await
    .unwrap_err();
    assert_eq!(code, 403, "{why}");
    assert!(why.contains("evil.example"), "{why}");
    let (code, why) = ws(&server, "/ws?roomId=r1&peerId=alice", Some(ORIGIN))
        .await
        .unwrap_err();
    assert_eq!(code, 401, "{why}");
    assert!(why.contains("token is required"), "{why}");
    let (code, why) = ws(&server, &path("bob", &alice), Some(ORIGIN))
        .await
        .unwrap_err();
    assert_eq!(code, 403, "{why}");
    assert!(why.contains("alice"), "{why}");
    let (code, why) = ws(
        &server,
        &format!("/ws?roomId=r2&peerId=alice&token={alice}"),
        Some(ORIGIN),
    )
    .await
    .unwrap_err();
    assert_eq!(code, 403, "{why}");
    assert!(why.contains("r1"), "{why}");
    ws(&server, &path("alice", &alice), Some(ORIGIN))
        .await
        .expect("alice's token admits her");
    ws(&server, &path("carol", &any_room), Some(ORIGIN))
        .await
        .expect("a * token admits anyone");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (code, why) = ws(&server, &path("dave", &short), Some(ORIGIN))
        .await
        .unwrap_err();
    assert_eq!((code, why.as_str()), (401, "the room token has expired"));
    // A forged token: its signature does not match.
    // One character in the middle of the signature (the last one holds padding bits).
    let mut forged: Vec<char> = alice.chars().collect();
    let at = forged.len() - 10;
    forged[at] = if forged[at] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    let (code, _) = ws(&server, &path("alice", &forged), Some(ORIGIN))
        .await
        .unwrap_err();
    assert_eq!(code, 401);

    // /api/ice wants the token too.
    let (code, _, body) = server.http_get("/api/ice?peerId=alice&roomId=r1");
    assert_eq!(code, 401, "{body}");
    let (code, _, body) =
        server.http_get(&format!("/api/ice?peerId=alice&roomId=r1&token={alice}"));
    assert_eq!(code, 200, "{body}");

    // The Broadcaster API: bearer tokens with the broadcast permission.
    let create = r#"{"id":"b1","displayName":"B","device":{"name":"ffmpeg"}}"#;
    let (code, why) = post(&server, "/rooms/r1/broadcasters", None, create).await;
    assert_eq!(code, 401, "{why}");
    let (code, why) = post(&server, "/rooms/r1/broadcasters", Some(&alice), create).await;
    assert_eq!(code, 403, "{why}");
    let (code, why) = post(&server, "/rooms/r1/broadcasters", Some(&any_room), create).await;
    assert_eq!(code, 200, "{why}");
}

#[test]
fn the_token_command_checks_its_input() {
    let out = Command::new(env!("CARGO_BIN_EXE_stunroom"))
        .args(["token", "--room", "r1"])
        .env("STUNROOM_TOKEN_SECRET", "short")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--token-secret"));
    let out = Command::new(env!("CARGO_BIN_EXE_stunroom"))
        .args(["token", "--room", "bad room"])
        .env("STUNROOM_TOKEN_SECRET", SECRET)
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--room"));
}
