//! `/api/ice` against the real server binary in each ICE mode, including the
//! STUNner auth-service pass-through against an in-test HTTP stand-in (STUNner
//! itself cannot run here) and its failures; start-up validation of the ICE
//! flags and environment variables; secrets kept out of logs and errors.

mod support;

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{json, Value};
use support::{Client, Server};

const PASSWORD: &str = "pw-Sq3cret-static";
const SECRET: &str = "sh4red-Secret-ephemeral";

/// GET from async code without stalling the runtime's other tasks.
fn fetch(server: &Server, path: &str) -> (u16, HashMap<String, String>, String) {
    tokio::task::block_in_place(|| server.http_get(path))
}

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

fn assert_no_secrets(server: &Server) {
    let log = server.log_text();
    for s in [PASSWORD, SECRET] {
        assert!(!log.contains(s), "the server log shows a secret:\n{log}");
    }
}

/// base64(HMAC-SHA1(key, message)) by the openssl CLI, an implementation independent of ours.
fn openssl_hmac_sha1_base64(key: &str, message: &str) -> String {
    let mut child = Command::new("openssl")
        .args(["dgst", "-sha1", "-hmac", key, "-binary"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("cannot run `openssl` (install Debian's openssl)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(message.as_bytes())
        .expect("write to openssl");
    let out = child.wait_with_output().expect("openssl output");
    assert!(out.status.success() && out.stdout.len() == 20, "{out:?}");
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(out.stdout)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn none_mode_and_peer_id_validation() {
    let server = Server::start();
    let (status, headers, body) = fetch(&server, "/api/ice?peerId=p1&roomId=r1");
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(headers["content-type"].starts_with("application/json"));
    assert_eq!(
        json_of(&body),
        json!({"iceServers": [], "iceTransportPolicy": "all"})
    );
    for path in [
        "/api/ice",
        "/api/ice?roomId=r1",
        "/api/ice?peerId=&roomId=r1",
        "/api/ice?peerId=%20%20",
    ] {
        let (status, headers, body) = fetch(&server, path);
        assert_eq!(status, 400, "{path}: {body}");
        assert!(body.contains("peerId"), "{path}: reason {body:?}");
        assert_eq!(headers["cache-control"], "no-store", "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_mode_from_flags() {
    let server = Server::start_with(
        &[
            "--ice-mode",
            "static",
            "--turn-urls",
            "turn:192.0.2.1:3478?transport=udp,turns:192.0.2.1:443?transport=tcp",
            "--turn-username",
            "user-1",
        ],
        &[("STUNROOM_TURN_PASSWORD", PASSWORD)],
    );
    let (status, headers, body) = fetch(&server, "/api/ice?peerId=p1&roomId=r1");
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(
        json_of(&body),
        json!({"iceServers": [{
            "urls": ["turn:192.0.2.1:3478?transport=udp", "turns:192.0.2.1:443?transport=tcp"],
            "username": "user-1", "credential": PASSWORD}],
         "iceTransportPolicy": "relay"})
    );
    assert!(server.log_text().contains("<redacted>"));
    assert_no_secrets(&server);
}

/// Configured the way deploy/kubernetes/base/deployment.yaml does it: only
/// environment variables, the stunner-auth ones set too (and ignored).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ephemeral_mode_from_the_deployments_environment() {
    let server = Server::start_with(
        &[],
        &[
            ("STUNROOM_ICE_MODE", "ephemeral"),
            ("STUNROOM_TURN_URLS", "turn:198.51.100.9:3478?transport=udp"),
            ("STUNROOM_TURN_SECRET", SECRET),
            ("STUNROOM_TURN_TTL", "3600"),
            ("STUNROOM_ICE_TRANSPORT_POLICY", "relay"),
            (
                "STUNROOM_STUNNER_AUTH_URL",
                "http://stunner-auth.stunner-system:8088",
            ),
            ("STUNROOM_STUNNER_NAMESPACE", "stunner-system"),
            ("STUNROOM_STUNNER_GATEWAY", "udp-gateway"),
            ("STUNROOM_STUNNER_LISTENER", "udp-listener"),
        ],
    );
    let now = || {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("clock")
            .as_secs()
    };
    let before = now();
    let (status, headers, body) = fetch(&server, "/api/ice?peerId=peer-7&roomId=r1");
    let after = now();
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    let v = json_of(&body);
    assert_eq!(v["iceTransportPolicy"], "relay");
    let ice = &v["iceServers"][0];
    assert_eq!(ice["urls"], json!(["turn:198.51.100.9:3478?transport=udp"]));
    let username = ice["username"].as_str().expect("username");
    let (expiry, peer) = username.split_once(':').expect("expiry:peer");
    let expiry: u64 = expiry.parse().expect("expiry is a number");
    assert!(
        (before + 3600..=after + 3600).contains(&expiry),
        "expiry {expiry} not now+3600"
    );
    assert_eq!(peer, "peer-7");
    assert_eq!(
        ice["credential"].as_str(),
        Some(openssl_hmac_sha1_base64(SECRET, username).as_str()),
        "credential must be base64(HMAC-SHA1(secret, username))"
    );
    // A fresh credential per request and per peer.
    let (_, _, other) = fetch(&server, "/api/ice?peerId=peer-8&roomId=r1");
    assert!(json_of(&other)["iceServers"][0]["username"]
        .as_str()
        .is_some_and(|u| u.ends_with(":peer-8")));
    assert_no_secrets(&server);
}

// ---------------------------------------------------------------------------
// stunner-auth: a stand-in for STUNner's auth service

#[derive(Clone, Copy, Debug, PartialEq)]
enum Behaviour {
    Documented,
    Status500,
    BadJson,
    Slow,
}

#[derive(Clone)]
struct StandIn {
    behaviour: Arc<Mutex<Behaviour>>,
    queries: Arc<Mutex<Vec<HashMap<String, String>>>>,
}

/// The documented answer (docs/AUTH.md of l7mp/stunner).
fn documented_answer(username: &str) -> Value {
    json!({"iceServers": [{"urls": ["turn:1.2.3.4:3478?transport=udp"],
        "username": format!("1700000000:{username}"), "credential": "c3R1bm5lcg=="}],
        "iceTransportPolicy": "relay"})
}

async fn stand_in_ice(
    State(s): State<StandIn>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    s.queries.lock().expect("lock").push(q.clone());
    let behaviour = *s.behaviour.lock().expect("lock");
    match behaviour {
        Behaviour::Documented => {
            let mut v = documented_answer(q.get("username").map_or("", String::as_str));
            v["somethingExtra"] = json!(1); // dropped by the server
            axum::Json(v).into_response()
        }
        Behaviour::Status500 => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "no configuration available",
        )
            .into_response(),
        Behaviour::BadJson => "<html>not json</html>".into_response(),
        Behaviour::Slow => {
            tokio::time::sleep(Duration::from_secs(6)).await;
            axum::Json(documented_answer("late")).into_response()
        }
    }
}

/// Serves `/ice` on `addr` (0 = a free port) until the task is aborted.
async fn serve_stand_in(
    addr: SocketAddr,
    state: StandIn,
) -> (SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .expect("bind the stand-in");
    let addr = listener.local_addr().expect("stand-in address");
    let app = axum::Router::new()
        .route("/auth/ice", get(stand_in_ice))
        .with_state(state);
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, task)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stunner_auth_pass_through_and_failures() {
    let state = StandIn {
        behaviour: Arc::new(Mutex::new(Behaviour::Documented)),
        queries: Arc::default(),
    };
    let (addr, stand_in) =
        serve_stand_in(SocketAddr::from(([127, 0, 0, 1], 0)), state.clone()).await;
    let auth_url = format!("http://{addr}/auth/");
    let mut server = Server::start_with(
        &[
            "--ice-mode",
            "stunner-auth",
            "--stunner-auth-url",
            &auth_url,
            "--stunner-namespace",
            "stunner-system",
            "--stunner-gateway",
            "udp-gateway",
            "--stunner-listener",
            "udp-listener",
            "--ice-transport-policy",
            "relay",
        ],
        &[],
    );
    let set = |b| *state.behaviour.lock().expect("lock") = b;

    // The documented answer is passed on; the query is the documented one.
    let (status, headers, body) = fetch(&server, "/api/ice?peerId=peer.1&roomId=r");
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(json_of(&body), documented_answer("peer.1"));
    let q = state
        .queries
        .lock()
        .expect("lock")
        .last()
        .cloned()
        .expect("a query");
    let expected: HashMap<String, String> = [
        ("service", "turn"),
        ("username", "peer.1"),
        ("namespace", "stunner-system"),
        ("gateway", "udp-gateway"),
        ("listener", "udp-listener"),
        ("iceTransportPolicy", "relay"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(q, expected);

    // Failures: 502 with a reason naming what failed, quickly.
    let cases = [
        (Behaviour::Status500, "status 500"),
        (Behaviour::BadJson, "bad JSON"),
        (Behaviour::Slow, "timeout"),
    ];
    for (behaviour, needle) in cases {
        set(behaviour);
        let t = Instant::now();
        let (status, headers, body) = fetch(&server, "/api/ice?peerId=p&roomId=r");
        let took = t.elapsed();
        assert_eq!(status, 502, "{behaviour:?}: {body}");
        assert_eq!(headers["cache-control"], "no-store");
        assert!(
            body.contains("STUNner auth service") && body.contains(needle),
            "{behaviour:?}: reason {body:?} should name {needle:?}"
        );
        assert!(took < Duration::from_secs(5), "{behaviour:?} took {took:?}");
        if behaviour == Behaviour::Slow {
            assert!(
                took >= Duration::from_millis(2500),
                "timed out after {took:?}"
            );
        }
    }

    // The stand-in goes down: unreachable.
    stand_in.abort();
    let _ = stand_in.await;
    let (status, _, body) = fetch(&server, "/api/ice?peerId=p&roomId=r");
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("unreachable"), "reason {body:?}");

    // The server keeps working: probes, signaling, and /api/ice once the
    // auth service is back.
    assert!(server.alive());
    assert_eq!(fetch(&server, "/healthz").0, 200);
    let mut client = Client::join_url(&server, "after", "p1").await;
    assert_eq!(
        client.notification("mediasoup-version").await["version"],
        "0.15.0"
    );
    set(Behaviour::Documented);
    let (_, stand_in) = serve_stand_in(addr, state.clone()).await;
    let (status, _, body) = fetch(&server, "/api/ice?peerId=back&roomId=r");
    assert_eq!(status, 200, "{body}");
    assert_eq!(json_of(&body), documented_answer("back"));
    stand_in.abort();
    assert!(server.alive());
}

/// Only the parameters that are set go into the query.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stunner_auth_omits_unset_parameters() {
    let state = StandIn {
        behaviour: Arc::new(Mutex::new(Behaviour::Documented)),
        queries: Arc::default(),
    };
    let (addr, stand_in) =
        serve_stand_in(SocketAddr::from(([127, 0, 0, 1], 0)), state.clone()).await;
    let auth_url = format!("http://{addr}/auth");
    let server = Server::start_with(
        &[],
        &[
            ("STUNROOM_ICE_MODE", "stunner-auth"),
            ("STUNROOM_STUNNER_AUTH_URL", &auth_url),
        ],
    );
    let (status, _, body) = fetch(&server, "/api/ice?peerId=solo");
    assert_eq!(status, 200, "{body}");
    let q = state
        .queries
        .lock()
        .expect("lock")
        .last()
        .cloned()
        .expect("a query");
    let mut keys: Vec<&str> = q.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["service", "username"]);
    stand_in.abort();
}

// ---------------------------------------------------------------------------
// Start-up validation

/// Flags, environment, and the setting the error must name.
type BadStart<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

#[test]
fn bad_ice_settings_stop_the_start_naming_the_setting_without_secrets() {
    let cases: &[BadStart] = &[
        (
            &["--ice-mode", "static"],
            &[("STUNROOM_TURN_PASSWORD", PASSWORD)],
            "STUNROOM_TURN_URLS",
        ),
        (
            &["--ice-mode", "static", "--turn-urls", "turn:h:3478"],
            &[("STUNROOM_TURN_PASSWORD", PASSWORD)],
            "STUNROOM_TURN_USERNAME",
        ),
        (
            &[
                "--ice-mode",
                "static",
                "--turn-urls",
                "turn:h:3478",
                "--turn-username",
                "u",
            ],
            &[],
            "STUNROOM_TURN_PASSWORD",
        ),
        (
            &[],
            &[
                ("STUNROOM_ICE_MODE", "ephemeral"),
                ("STUNROOM_TURN_URLS", "turn:h:3478"),
            ],
            "STUNROOM_TURN_SECRET",
        ),
        (
            &[],
            &[
                ("STUNROOM_ICE_MODE", "ephemeral"),
                ("STUNROOM_TURN_SECRET", SECRET),
            ],
            "STUNROOM_TURN_URLS",
        ),
        (
            &[],
            &[
                ("STUNROOM_ICE_MODE", "ephemeral"),
                ("STUNROOM_TURN_URLS", "http://h:3478"),
                ("STUNROOM_TURN_SECRET", SECRET),
            ],
            "STUNROOM_TURN_URLS",
        ),
        (
            &[],
            &[
                ("STUNROOM_ICE_MODE", "ephemeral"),
                ("STUNROOM_TURN_URLS", "turn:h:3478"),
                ("STUNROOM_TURN_SECRET", SECRET),
                ("STUNROOM_TURN_TTL", "0"),
            ],
            "STUNROOM_TURN_TTL",
        ),
        (
            &[],
            &[
                ("STUNROOM_ICE_MODE", "stunner-auth"),
                ("STUNROOM_STUNNER_AUTH_URL", "https://x:1"),
            ],
            "STUNROOM_STUNNER_AUTH_URL",
        ),
        (&[], &[("STUNROOM_ICE_MODE", "sometimes")], "--ice-mode"),
        (
            &[],
            &[("STUNROOM_ICE_TRANSPORT_POLICY", "maybe")],
            "--ice-transport-policy",
        ),
    ];
    for (args, envs, name) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_stunroom"))
            .args(["--announced-ip", "127.0.0.1", "--dist-dir", "/nonexistent"])
            .args(*args)
            .envs(envs.iter().copied())
            .output()
            .expect("run stunroom");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} {envs:?} should fail");
        assert!(
            stderr.contains(name),
            "{args:?} {envs:?}: stderr should name {name}: {stderr}"
        );
        assert!(
            !stderr.contains(PASSWORD) && !stderr.contains(SECRET),
            "{args:?} {envs:?}: stderr shows a secret: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
    }
}

#[test]
fn help_does_not_show_secret_environment_values() {
    let out = Command::new(env!("CARGO_BIN_EXE_stunroom"))
        .arg("--help")
        .envs([
            ("STUNROOM_TURN_PASSWORD", PASSWORD),
            ("STUNROOM_TURN_SECRET", SECRET),
        ])
        .output()
        .expect("run stunroom --help");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    for flag in [
        "--ice-mode",
        "--turn-urls",
        "--turn-secret",
        "--turn-ttl",
        "--stunner-auth-url",
        "STUNROOM_STUNNER_LISTENER",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}:\n{help}");
    }
    assert!(!help.contains(PASSWORD) && !help.contains(SECRET), "{help}");
}
