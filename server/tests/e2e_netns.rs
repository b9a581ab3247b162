//! The real topology (issue 12): browsers behind a NAT that cannot reach the
//! pod network, coturn standing in for STUNner as the only way in for media,
//! the real server on a private "pod" address behind an Ingress-like TCP
//! forwarder. Built from network namespaces by `netns/mod.rs` (see its
//! picture), torn down after each test.
//!
//! Run only this file (as root; needs dist/ like e2e_browser):
//!   cargo test -p stunroom-server --test e2e_netns -- --nocapture
//! Debian packages: iproute2, nftables, coturn, openssl, libnss3-tools,
//! faketime, chromium, chromium-driver.
//!
//! Every media case passes only if both pages decode the other's video
//! (`framesDecoded > 0`) and receive its audio (`bytesReceived > 0`), and every
//! peer connection's selected candidate pair has the expected local candidate
//! (`relay` over the expected protocol for the NATed browsers, not `relay` for
//! the one on the pod network) and the pod's address as the remote one.

mod e2e;
mod netns;

use std::io::Write;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, Instant};

use e2e::{dist_dir, serial, Browser, Driver, Server, TempDir};
use netns::{
    in_ns, tcp_reachable, v4, Certs, Forwarder, Netns, Topology, Turn, TurnOptions,
    GATEWAY_PUBLIC_IP, INGRESS_PORT, LOCALHOST, POD_IP, TURNS_PORT, TURN_PORT,
};
use serde_json::Value;

const MEDIA_TIMEOUT: Duration = Duration::from_secs(30);
const FAILURE_TIMEOUT: Duration = Duration::from_secs(25);
const TURN_SECRET: &str = "netns-test-shared-secret";
/// Where the pages are opened inside the browsers' namespaces:
/// `http://localhost:PAGE_PORT` is a secure context (camera, microphone).
const PAGE_PORT: u16 = 8080;
/// chromedriver's first port inside a browser namespace (one port per driver).
const DRIVER_PORT: u16 = 9515;

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "e2e_netns: {msg}");
}

fn unique_room(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("netns-{tag}-{}-{nanos}", std::process::id())
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn turn_udp() -> String {
    format!("turn:{GATEWAY_PUBLIC_IP}:{TURN_PORT}?transport=udp")
}
fn turn_tcp() -> String {
    format!("turn:{GATEWAY_PUBLIC_IP}:{TURN_PORT}?transport=tcp")
}
fn turns_tls() -> String {
    format!("turns:{GATEWAY_PUBLIC_IP}:{TURNS_PORT}?transport=tcp")
}

// ---------------------------------------------------------------------------
// The site: topology, TURN gateway, server in the pod, Ingress

struct SiteOptions<'a> {
    turn_urls: Vec<String>,
    certs: Option<&'a Certs>,
    /// libfaketime offset for coturn's clock.
    turn_clock_offset: Option<&'a str>,
    extra_server_args: Vec<&'a str>,
}

impl Default for SiteOptions<'_> {
    fn default() -> Self {
        SiteOptions {
            turn_urls: vec![turn_udp(), turn_tcp()],
            certs: None,
            turn_clock_offset: None,
            extra_server_args: Vec::new(),
        }
    }
}

/// Fields drop in order: the forwarders, the server, coturn, then the namespaces.
struct Site {
    /// client ns `localhost:PAGE_PORT` -> the Ingress (through the NAT).
    _client_page: Forwarder,
    /// lan ns `localhost:PAGE_PORT` -> the pod directly (same network).
    _lan_page: Forwarder,
    /// gateway ns `GATEWAY_PUBLIC_IP:80` -> the pod's HTTP port: the Ingress.
    _ingress: Forwarder,
    server: Server,
    turn: Turn,
    topo: Topology,
}

impl Site {
    fn start(opts: SiteOptions) -> Site {
        let dist = dist_dir();
        let topo = Topology::new();
        let turn = Turn::start(
            &topo.gateway,
            TURN_SECRET,
            TurnOptions {
                tls: opts.certs.map(|c| (c.cert.as_path(), c.key.as_path())),
                clock_offset: opts.turn_clock_offset,
            },
        );
        let mut prefix = topo.pod.exec_prefix();
        // The secret goes in through the environment, as in the Deployment.
        prefix.extend(["env".into(), format!("STUNROOM_TURN_SECRET={TURN_SECRET}")]);
        let prefix: Vec<&str> = prefix.iter().map(String::as_str).collect();
        let pod_ip = POD_IP.to_string();
        let listen = format!("{POD_IP}:0");
        let urls = opts.turn_urls.join(",");
        let mut extra = vec!["--ice-mode", "ephemeral", "--turn-urls", &urls];
        extra.extend(&opts.extra_server_args);
        let server = Server::start_in(
            &prefix,
            &dist,
            &[
                "--listen",
                &listen,
                "--rtc-listen-ip",
                &pod_ip,
                "--announced-ip",
                &pod_ip,
            ],
            &extra,
        );
        let http_port: u16 = server
            .base_url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in the server's URL {:?}", server.base_url));
        let pod_http = v4(POD_IP, http_port);
        let ingress = Forwarder::start(
            "ingress",
            Some(&topo.gateway.name),
            v4(GATEWAY_PUBLIC_IP, INGRESS_PORT),
            Some(&topo.gateway.name),
            pod_http,
        );
        let client_page = Forwarder::start(
            "client localhost",
            Some(&topo.client.name),
            v4(LOCALHOST, PAGE_PORT),
            Some(&topo.client.name),
            v4(GATEWAY_PUBLIC_IP, INGRESS_PORT),
        );
        let lan_page = Forwarder::start(
            "lan localhost",
            Some(&topo.lan.name),
            v4(LOCALHOST, PAGE_PORT),
            Some(&topo.lan.name),
            pod_http,
        );
        let site = Site {
            _client_page: client_page,
            _lan_page: lan_page,
            _ingress: ingress,
            server,
            turn,
            topo,
        };
        site.check_isolation(pod_http);
        say(&format!(
            "server in the pod at {pod_http}, Ingress {GATEWAY_PUBLIC_IP}:{INGRESS_PORT}, \
             TURN {GATEWAY_PUBLIC_IP}, /api/ice urls {urls}"
        ));
        site
    }

    /// The client reaches the page only through the Ingress, never the pod
    /// itself; the LAN peer reaches the pod.
    fn check_isolation(&self, pod_http: std::net::SocketAddr) {
        let short = Duration::from_secs(1);
        if tcp_reachable(&self.topo.client.name, pod_http, short).is_ok() {
            panic!(
                "the client namespace reaches the pod at {pod_http} directly: the topology is wrong\n{}",
                self.topo.describe()
            );
        }
        for (ns, what) in [(&self.topo.client, "client"), (&self.topo.lan, "lan")] {
            let (status, body) = http_get_in(ns, v4(LOCALHOST, PAGE_PORT), "/");
            assert!(
                status == 200 && body.contains("<html"),
                "the {what} namespace cannot load the page through localhost:{PAGE_PORT} \
                 (status {status}); server output:\n{}topology:\n{}",
                self.server.logs.dump(),
                self.topo.describe()
            );
        }
    }

    fn page_url(room: &str, name: &str) -> String {
        format!("http://localhost:{PAGE_PORT}/?roomId={room}&displayName={name}&lobby=0")
    }

    /// Server output, coturn log and the topology, for failure messages.
    fn context(&self) -> String {
        format!(
            "\n--- server output (last lines) ---\n{}--- turnserver log (last lines) ---\n{}--- topology ---\n{}",
            self.server.logs.dump(),
            self.turn.log_tail(40),
            self.topo.describe()
        )
    }

    fn assert_alive(&mut self) {
        self.server.assert_alive();
        self.turn.assert_alive();
    }
}

/// A plain `GET path` over a connection made inside `ns`: (status, body).
fn http_get_in(ns: &Netns, addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    use std::io::Read;
    in_ns(Some(&ns.name), || {
        let Ok(mut tcp) = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        else {
            return (0, String::new());
        };
        let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
        let _ = write!(
            tcp,
            "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
            addr.port()
        );
        let mut raw = Vec::new();
        let _ = tcp.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw);
        let status = raw
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = raw
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    })
}

// ---------------------------------------------------------------------------
// Browsers inside a namespace

/// chromedriver (and so its Chromium sessions) inside a namespace, reached
/// from this process through a forwarder to its port there.
struct NsDriver {
    driver: Driver,
    _forward: Forwarder,
    _home: Option<TempDir>,
}

impl NsDriver {
    /// `home`: a `$HOME` for Chromium (where it finds `~/.pki/nssdb`).
    fn start(ns: &Netns, home: Option<TempDir>) -> NsDriver {
        // A port of its own: a second chromedriver on a taken port would exit
        // while the first one answered the readiness check.
        static NEXT: AtomicU16 = AtomicU16::new(DRIVER_PORT);
        let port = NEXT.fetch_add(1, Ordering::Relaxed);
        let forward = Forwarder::start(
            "webdriver",
            None,
            v4(LOCALHOST, 0),
            Some(&ns.name),
            v4(LOCALHOST, port),
        );
        let mut prefix = ns.exec_prefix();
        if let Some(home) = &home {
            prefix.extend(["env".into(), format!("HOME={}", home.path().display())]);
        }
        let prefix: Vec<&str> = prefix.iter().map(String::as_str).collect();
        let name = ns.name.clone();
        let driver = Driver::start_in(
            &prefix,
            port,
            format!("http://{}", forward.addr),
            move || tcp_reachable(&name, v4(LOCALHOST, port), Duration::from_millis(200)).is_ok(),
        );
        NsDriver {
            driver,
            _forward: forward,
            _home: home,
        }
    }
}

/// Loads the page; if the app has not started within 10 s (dist/ may be
/// rebuilt meanwhile by another build), loads it once more.
async fn open(page: &Browser, url: &str) {
    for attempt in 1..=2 {
        page.goto(url).await;
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if page.snapshot().await.state.is_some() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        say(&format!(
            "page {}: the app did not start (attempt {attempt}), reloading",
            page.label
        ));
    }
    panic!(
        "page {}: the app did not start at {url} (no body data-state) twice in 10 s",
        page.label
    );
}

// ---------------------------------------------------------------------------
// What the user sees and which path media takes

#[derive(Clone, Copy, Debug)]
enum Route {
    /// Every selected pair's local candidate is `relay` over this protocol
    /// (`udp`, `tcp`, `tls`) to the TURN server.
    Relay(&'static str),
    /// No selected pair uses a relay candidate.
    Direct,
}

fn path_ok(pairs: &[Value], want: Route) -> bool {
    let pod = POD_IP.to_string();
    !pairs.is_empty()
        && pairs.iter().all(|p| {
            let to_pod = p["remote"]["address"] == pod.as_str();
            let local = &p["local"];
            to_pod
                && match want {
                    Route::Relay(proto) => {
                        local["type"] == "relay" && local["relayProtocol"] == proto
                    }
                    Route::Direct => {
                        matches!(local["type"].as_str(), Some("host" | "srflx" | "prflx"))
                    }
                }
        })
}

/// Waits until `page` decodes remote video, receives remote audio and every
/// peer connection's selected pair matches `want`.
async fn wait_media(page: &Browser, site: &Site, start: Instant, want: Route) {
    loop {
        let s = page.snapshot().await;
        if s.state.as_deref() == Some("error") || s.error.is_some() {
            panic!(
                "page {} shows an error: {:?} ({}); selected pairs: {}{}",
                page.label,
                s.error,
                s.summary(),
                Value::Array(page.selected_pairs().await),
                site.context()
            );
        }
        let pairs = page.selected_pairs().await;
        let video = s.decoding_videos() >= 1;
        let audio = s.audios_with_bytes() >= 1;
        let path = path_ok(&pairs, want);
        if video && audio && path {
            say(&format!(
                "page {}: video and audio after {:.1} s over {want:?}; selected pairs: {}",
                page.label,
                start.elapsed().as_secs_f64(),
                Value::Array(pairs)
            ));
            return;
        }
        if start.elapsed() >= MEDIA_TIMEOUT {
            panic!(
                "page {}: within {} s wanted remote video framesDecoded > 0 ({video}), remote audio \
                 bytesReceived > 0 ({audio}) and every selected candidate pair {want:?} to the pod \
                 {POD_IP} ({path}); last probe: {}; selected pairs: {}{}",
                page.label,
                MEDIA_TIMEOUT.as_secs(),
                s.summary(),
                Value::Array(pairs),
                site.context()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The `/api/ice` answer as the page gets it (through the Ingress).
async fn ice_answer(page: &Browser) -> Value {
    const JS: &str = r#"
const done = arguments[arguments.length - 1];
fetch('/api/ice?peerId=probe&roomId=probe')
  .then(r => r.text().then(t => done({ status: r.status, body: t })))
  .catch(e => done({ error: String(e) }));
"#;
    let raw = tokio::time::timeout(
        Duration::from_secs(15),
        page.client().execute_async(JS, vec![]),
    )
    .await
    .unwrap_or_else(|_| panic!("page {}: fetching /api/ice hung for 15 s", page.label))
    .unwrap_or_else(|e| panic!("page {}: fetching /api/ice failed: {e}", page.label));
    assert_eq!(
        raw["status"], 200,
        "page {}: /api/ice answered {raw}",
        page.label
    );
    let body = raw["body"].as_str().unwrap_or_default();
    serde_json::from_str(body).unwrap_or_else(|e| {
        panic!(
            "page {}: /api/ice answer {body:?} is not JSON: {e}",
            page.label
        )
    })
}

/// The NATed browsers reached coturn through the NAT (the router masqueraded
/// their connections, coturn never saw their private address) and coturn
/// allocated relays for them.
fn assert_natted_clients_used_turn(site: &Site, min_allocations: usize) {
    let allocations = site.turn.allocations();
    assert!(
        allocations >= min_allocations,
        "coturn shows {allocations} successful allocations, expected at least {min_allocations}{}",
        site.context()
    );
    let translated = site.topo.nat_translations();
    assert!(
        translated > 0,
        "the NAT router masqueraded no connection to a TURN port: the browsers did not go \
         through it{}",
        site.context()
    );
    assert!(
        !site.turn.log_text().contains(&netns::CLIENT_IP.to_string()),
        "coturn saw the client's private address {}: no NAT in the path{}",
        netns::CLIENT_IP,
        site.context()
    );
    say(&format!(
        "coturn: {allocations} allocations; the NAT masqueraded {translated} connections to TURN"
    ));
}

/// Two NATed pages in one room; both must see and hear each other over `want`.
async fn two_natted_peers(site: &mut Site, driver: &NsDriver, room: &str, want: Route) {
    let mut a = driver.driver.browser("A").await;
    let mut b = driver.driver.browser("B").await;
    let start = Instant::now();
    open(&a, &Site::page_url(room, "A")).await;
    open(&b, &Site::page_url(room, "B")).await;
    wait_media(&a, site, start, want).await;
    wait_media(&b, site, start, want).await;
    assert_natted_clients_used_turn(site, 2);
    site.assert_alive();
    a.close().await;
    b.close().await;
}

// ---------------------------------------------------------------------------
// The cases

/// (a) TURN/UDP with the server's ephemeral credentials. The answer offers
/// UDP only: offered UDP and TCP, Chromium now and then settles on TURN/TCP for
/// one of its connections although UDP works (seen here in about one run in
/// four), so "UDP" would not be a stable assertion; (b) covers the pair.
#[test]
fn natted_peers_relay_over_turn_udp_with_ephemeral_credentials() {
    serial(async {
        let mut site = Site::start(SiteOptions {
            turn_urls: vec![turn_udp()],
            ..SiteOptions::default()
        });
        let driver = NsDriver::start(&site.topo.client, None);
        two_natted_peers(&mut site, &driver, &unique_room("udp"), Route::Relay("udp")).await;
        let log = site.turn.log_text();
        assert!(
            log.contains(&format!("realm <{}> user <", netns::TURN_REALM)),
            "coturn's log shows no TURN REST API user{}",
            site.context()
        );
    });
}

/// (b) UDP blocked in the client's network: TURN/TCP is used without the
/// user doing anything, because the `/api/ice` answer lists both.
#[test]
fn udp_blocked_falls_back_to_turn_tcp() {
    serial(async {
        let mut site = Site::start(SiteOptions::default());
        site.topo.block_client_udp();
        let driver = NsDriver::start(&site.topo.client, None);
        let mut probe = driver.driver.browser("probe").await;
        open(&probe, &Site::page_url(&unique_room("probe"), "probe")).await;
        let answer = ice_answer(&probe).await;
        probe.close().await;
        let urls: Vec<&str> = answer["iceServers"][0]["urls"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert!(
            urls.contains(&turn_udp().as_str()) && urls.contains(&turn_tcp().as_str()),
            "/api/ice should list TURN over UDP and TCP: {answer}"
        );
        let username = answer["iceServers"][0]["username"].as_str().unwrap_or("");
        assert!(
            username.ends_with(":probe") && answer["iceServers"][0]["credential"].is_string(),
            "/api/ice should hand out ephemeral credentials for peer `probe`: {answer}"
        );
        assert_eq!(
            answer["iceTransportPolicy"], "relay",
            "/api/ice should make the browser relay (STUNner's model): {answer}"
        );
        say(&format!("/api/ice answer: {answer}"));
        two_natted_peers(&mut site, &driver, &unique_room("tcp"), Route::Relay("tcp")).await;
        let drops = site.topo.client_firewall_drops();
        assert!(
            drops > 0,
            "the client firewall dropped no UDP: the TURN/UDP attempt never happened{}",
            site.context()
        );
        say(&format!("client firewall dropped {drops} UDP packets"));
    });
}

/// (c) TURN over TLS on 443 behind a firewall that lets only TCP 80 and 443
/// out (the `/api/ice` answer lists UDP, TCP and TLS): the browsers relay over
/// `turns:`, with coturn's certificate made at test time by a test CA.
///
/// What Chromium (156, Debian) needs to accept a TURNS server certificate,
/// found here: it verifies it like an HTTPS server's, in the network service
/// (the TLS socket factory with the profile's certificate verifier): the name
/// in the `turns:` URL (here an IP, so the certificate has a subjectAltName
/// IP) and a chain to a trusted root. An untrusted certificate fails the
/// handshake silently: no relay candidate, no ICE, no error event. It is
/// accepted with any of: the CA in the NSS database Chromium reads on Linux
/// (`$HOME/.pki/nssdb`, `certutil -A -t C,,`: what an enterprise-managed or
/// publicly trusted certificate amounts to); `--ignore-certificate-errors-spki-list=
/// <base64 SHA-256 of the server's SubjectPublicKeyInfo>` (needs
/// `--user-data-dir`); or the blanket `--ignore-certificate-errors` (it does
/// apply to TURNS, unlike what one might expect of a page-level switch). This
/// test pins the first two and the failure without either.
#[test]
fn corporate_firewall_relays_over_turns_on_443() {
    serial(async {
        let certs = Certs::make();
        let mut site = Site::start(SiteOptions {
            turn_urls: vec![turn_udp(), turn_tcp(), turns_tls()],
            certs: Some(&certs),
            ..SiteOptions::default()
        });
        site.topo.allow_client_only_web_ports();

        // Without trust: the TLS handshake fails and nothing is allocated.
        let plain = NsDriver::start(&site.topo.client, None);
        let mut untrusted = plain.driver.browser("untrusted").await;
        let start = Instant::now();
        open(&untrusted, &Site::page_url(&unique_room("untrusted"), "U")).await;
        let tls_closed = format!("local {GATEWAY_PUBLIC_IP}:{TURNS_PORT}, remote");
        while !site.turn.log_text().contains(&tls_closed) {
            if start.elapsed() >= FAILURE_TIMEOUT {
                panic!(
                    "page untrusted: no TLS connection to coturn on {TURNS_PORT} ended within {} s; \
                     selected pairs: {}{}",
                    FAILURE_TIMEOUT.as_secs(),
                    Value::Array(untrusted.selected_pairs().await),
                    site.context()
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        let pairs = untrusted.selected_pairs().await;
        assert!(
            site.turn.allocations() == 0 && pairs.iter().all(|p| p["local"].is_null()),
            "a browser that does not trust the TURNS certificate got a relay (allocations {}, \
             selected pairs {}){}",
            site.turn.allocations(),
            Value::Array(pairs),
            site.context()
        );
        say(&format!(
            "page untrusted: TLS to coturn refused after {:.1} s, no allocation",
            start.elapsed().as_secs_f64()
        ));
        // What the person sees: no candidate, no "failed" state, yet the page
        // says the media connection failed once the client's connect deadline
        // (15 s after gathering started) has passed.
        let error = loop {
            let s = untrusted.snapshot().await;
            if let Some(e) = s.error.clone() {
                break e;
            }
            if start.elapsed() >= FAILURE_TIMEOUT {
                panic!(
                    "page untrusted: no .error-banner within {} s; last probe: {}{}",
                    FAILURE_TIMEOUT.as_secs(),
                    s.summary(),
                    site.context()
                );
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        };
        assert!(
            error.contains("media connection failed (ICE"),
            "page untrusted: the banner should name the ICE/TURN failure: {error:?}"
        );
        say(&format!(
            "page untrusted: error banner after {:.1} s",
            start.elapsed().as_secs_f64()
        ));
        untrusted.close().await;

        // Trusted through the NSS database (A) and through an SPKI pin (B).
        let trusting = NsDriver::start(&site.topo.client, Some(certs.home_trusting_ca()));
        let mut a = trusting.driver.browser("A-nss").await;
        let pin = format!(
            "--ignore-certificate-errors-spki-list={}",
            certs.spki_sha256
        );
        let mut b = plain.driver.browser_with("B-spki", &[pin]).await;
        let room = unique_room("tls");
        let start = Instant::now();
        open(&a, &Site::page_url(&room, "A")).await;
        open(&b, &Site::page_url(&room, "B")).await;
        wait_media(&a, &site, start, Route::Relay("tls")).await;
        wait_media(&b, &site, start, Route::Relay("tls")).await;
        assert_natted_clients_used_turn(&site, 2);
        let drops = site.topo.client_firewall_drops();
        assert!(
            drops > 0,
            "the client firewall dropped nothing: TURN over UDP/TCP 3478 was never tried{}",
            site.context()
        );
        site.assert_alive();
        a.close().await;
        b.close().await;
    });
}

/// (d) Credentials past their expiry by the TURN server's clock (coturn runs an
/// hour ahead, the server hands out 10-minute credentials): the page says
/// the media connection failed.
#[test]
fn expired_credentials_show_the_ice_failure() {
    serial(async {
        let mut site = Site::start(SiteOptions {
            turn_clock_offset: Some("+1h"),
            extra_server_args: vec!["--turn-ttl", "600"],
            ..SiteOptions::default()
        });
        let driver = NsDriver::start(&site.topo.client, None);
        let mut a = driver.driver.browser("A").await;
        let start = Instant::now();
        open(&a, &Site::page_url(&unique_room("expired"), "A")).await;
        let error = loop {
            let s = a.snapshot().await;
            if let Some(e) = s.error.clone() {
                break e;
            }
            if start.elapsed() >= FAILURE_TIMEOUT {
                panic!(
                    "page A: no .error-banner within {} s with expired TURN credentials; last probe: {}; selected pairs: {}{}",
                    FAILURE_TIMEOUT.as_secs(),
                    s.summary(),
                    Value::Array(a.selected_pairs().await),
                    site.context()
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        say(&format!(
            "page A: error banner after {:.1} s: {error:?}",
            start.elapsed().as_secs_f64()
        ));
        assert!(
            error.contains("media connection failed (ICE"),
            "the banner should name the ICE/TURN failure: {error:?}{}",
            site.context()
        );
        // coturn refused the user because of the expiry it carries: valid by
        // the real clock, an hour ahead (coturn's) it is past.
        let log = site.turn.log_text();
        let refused: Vec<u64> = log
            .split("Cannot find credentials of user <")
            .skip(1)
            .filter_map(|rest| rest.split(':').next()?.parse().ok())
            .collect();
        let now = unix_now();
        assert!(
            !refused.is_empty() && refused.iter().all(|&exp| exp > now && exp < now + 3600),
            "coturn should have refused the server's credentials (expiring within 10 min by the \
             real clock) as expired; refused expiries {refused:?}, now {now}{}",
            site.context()
        );
        assert_eq!(
            site.turn.allocations(),
            0,
            "coturn allocated with expired credentials{}",
            site.context()
        );
        site.assert_alive();
        a.close().await;
    });
}

/// (e) One browser on the pod network itself (direct to the pod) and one
/// behind the NAT (relayed) in one room, each decoding the other. The server
/// answers with policy `all`, so each browser takes the best path it has
/// (TURN/UDP only in the answer: see (a) for why).
#[test]
fn pod_network_peer_goes_direct_while_natted_peer_relays() {
    serial(async {
        let mut site = Site::start(SiteOptions {
            turn_urls: vec![turn_udp()],
            extra_server_args: vec!["--ice-transport-policy", "all"],
            ..SiteOptions::default()
        });
        let natted = NsDriver::start(&site.topo.client, None);
        let local = NsDriver::start(&site.topo.lan, None);
        let mut a = natted.driver.browser("natted").await;
        let mut l = local.driver.browser("pod-side").await;
        let room = unique_room("mixed");
        let start = Instant::now();
        open(&a, &Site::page_url(&room, "natted")).await;
        open(&l, &Site::page_url(&room, "podside")).await;
        wait_media(&a, &site, start, Route::Relay("udp")).await;
        wait_media(&l, &site, start, Route::Direct).await;
        assert_natted_clients_used_turn(&site, 1);
        site.assert_alive();
        a.close().await;
        l.close().await;
    });
}
