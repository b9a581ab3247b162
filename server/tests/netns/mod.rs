//! The production topology in network namespaces, for the browser tests of
//! `e2e_netns.rs`: browsers behind a NAT, a TURN gateway (coturn standing in
//! for STUNner) with one leg on the public side and one on the pod network, the
//! media server on the pod network, its HTTP port reachable only through a
//! forwarder (the Ingress's role).
//!
//! ```text
//!  client ns                nat ns                      gateway ns                 podnet ns (bridge br0)
//!  eth0 192.168.77.2 ── lan0 192.168.77.1                                           ├── pod ns  eth0 10.244.0.10 (stunroom)
//!  route 203.0.113/24      wan0 203.0.113.2 ── eth0 203.0.113.1 (TURN, Ingress)     ├── lan ns  eth0 10.244.0.20 (a peer on the pod side)
//!  (nothing else)          masquerade out wan0     pod0 10.244.0.1 (TURN relay) ────┘
//!                          no route to 10.244/16   no IP forwarding
//! ```
//!
//! Every address lives inside a namespace made here (named
//! `stunroom-t<pid>-<n>-<role>`); nothing is configured in the namespace the
//! tests run in. The test process reaches into the namespaces with sockets it
//! opens from a thread that has `setns(2)`-ed into one (a network namespace is
//! per thread), which is how [`Forwarder`] joins the test's own loopback to
//! chromedriver's port inside the client namespace, and the client's
//! `localhost` to the Ingress. Namespaces are deleted on drop, also when a test
//! panics; ones left by a killed test process are deleted by the next run.

#![allow(dead_code)] // not every test uses every helper

use std::fs::File;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, SocketAddrV4, TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::e2e::{ChildGuard, TempDir};

/// Client LAN (behind the NAT).
pub const CLIENT_IP: Ipv4Addr = Ipv4Addr::new(192, 168, 77, 2);
pub const ROUTER_LAN_IP: Ipv4Addr = Ipv4Addr::new(192, 168, 77, 1);
/// The NAT's public address: what the gateway sees as the client's address.
pub const ROUTER_WAN_IP: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 2);
/// The gateway's public address (STUNner's LoadBalancer IP and the Ingress IP).
pub const GATEWAY_PUBLIC_IP: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 1);
/// The gateway's leg on the pod network (TURN relay address).
pub const GATEWAY_POD_IP: Ipv4Addr = Ipv4Addr::new(10, 244, 0, 1);
/// The media server pod.
pub const POD_IP: Ipv4Addr = Ipv4Addr::new(10, 244, 0, 10);
/// A browser on the pod network itself.
pub const LAN_PEER_IP: Ipv4Addr = Ipv4Addr::new(10, 244, 0, 20);
/// The Ingress's port on the gateway's public address.
pub const INGRESS_PORT: u16 = 80;

const NS_PREFIX: &str = "stunroom-t";

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "netns: {msg}");
}

/// Runs a command to completion; panics with its output if it fails.
pub fn run(program: &str, args: &[&str], stdin: Option<&str>) -> String {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| {
        panic!(
            "cannot run `{program}`: {e} (the topology tests need root and Debian's iproute2, \
             nftables, coturn, openssl, libnss3-tools, faketime)"
        )
    });
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(text.as_bytes())
            .unwrap_or_else(|e| panic!("`{program}`: cannot write its input: {e}"));
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("`{program}`: cannot wait for it: {e}"));
    if !out.status.success() {
        panic!(
            "`{program} {}` failed ({}):\n{}{}{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            stdin.map(|s| format!("input:\n{s}")).unwrap_or_default()
        );
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ip(args: &[&str]) {
    run("ip", args, None);
}

/// Moves the calling thread into network namespace `ns` (None: stays).
fn enter(ns: Option<&str>) {
    let Some(ns) = ns else { return };
    let path = format!("/run/netns/{ns}");
    let file = File::open(&path).unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    // SAFETY: setns(2) on a file descriptor we own; it changes only the
    // calling thread's network namespace.
    let rc = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
    assert!(
        rc == 0,
        "setns into {ns}: {}",
        std::io::Error::last_os_error()
    );
}

/// Runs `f` on a thread inside network namespace `ns` (None: this one).
/// Sockets made there stay in that namespace, whichever thread uses them later.
pub fn in_ns<T: Send>(ns: Option<&str>, f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        s.spawn(|| {
            enter(ns);
            f()
        })
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
    })
}

/// Whether a TCP connection to `addr` from inside `ns` succeeds within `timeout`.
pub fn tcp_reachable(ns: &str, addr: SocketAddr, timeout: Duration) -> Result<(), String> {
    in_ns(Some(ns), || {
        TcpStream::connect_timeout(&addr, timeout)
            .map(drop)
            .map_err(|e| e.to_string())
    })
}

// ---------------------------------------------------------------------------
// Namespaces

/// One network namespace, deleted on drop.
pub struct Netns {
    pub name: String,
}

impl Netns {
    fn create(name: String) -> Netns {
        ip(&["netns", "add", &name]);
        let ns = Netns { name };
        ip(&["-n", &ns.name, "link", "set", "lo", "up"]);
        ns
    }

    /// `ip -n NAME args...`
    pub fn ip(&self, args: &[&str]) {
        let mut all = vec!["-n", self.name.as_str()];
        all.extend_from_slice(args);
        ip(&all);
    }

    /// The command prefix that runs a program inside this namespace.
    pub fn exec_prefix(&self) -> Vec<String> {
        vec![
            "ip".into(),
            "netns".into(),
            "exec".into(),
            self.name.clone(),
        ]
    }

    /// Runs `program args...` inside this namespace to completion.
    pub fn run(&self, program: &str, args: &[&str], stdin: Option<&str>) -> String {
        let mut all = vec!["netns", "exec", self.name.as_str(), program];
        all.extend_from_slice(args);
        run("ip", &all, stdin)
    }

    /// Loads an nftables ruleset into this namespace.
    pub fn nft(&self, ruleset: &str) {
        self.run("nft", &["-f", "-"], Some(ruleset));
    }

    /// Writes a sysctl of this namespace (`net.ipv4.ip_forward` style key).
    pub fn sysctl(&self, key: &str, value: &str) {
        let path = format!("/proc/sys/{}", key.replace('.', "/"));
        in_ns(Some(&self.name), || {
            std::fs::write(&path, value)
                .unwrap_or_else(|e| panic!("{}: cannot write {value} to {path}: {e}", self.name))
        });
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let out = Command::new("ip")
            .args(["netns", "delete", &self.name])
            .stdin(Stdio::null())
            .output();
        match out {
            Ok(o) if o.status.success() => {}
            Ok(o) => eprintln!(
                "netns: cannot delete {}: {}",
                self.name,
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => eprintln!("netns: cannot delete {}: {e}", self.name),
        }
    }
}

/// Deletes namespaces left by test processes that no longer run (killed
/// before their drops ran).
fn delete_stale_namespaces() {
    let Ok(entries) = std::fs::read_dir("/run/netns") else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(NS_PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            // Its processes (coturn, the server, browsers) outlived their guards too.
            let pids = Command::new("ip")
                .args(["netns", "pids", &name])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
            for p in pids
                .split_whitespace()
                .filter_map(|p| p.parse::<i32>().ok())
            {
                // SAFETY: plain kill(2) of a process inside a namespace this
                // test binary created.
                unsafe {
                    libc::kill(p, libc::SIGKILL);
                }
            }
            say(&format!(
                "deleting {name}, left by test process {pid} (killed: {})",
                pids.split_whitespace().collect::<Vec<_>>().join(" ")
            ));
            drop(Netns { name });
        }
    }
}

/// The whole topology (see the module docs).
pub struct Topology {
    pub client: Netns,
    pub nat: Netns,
    pub gateway: Netns,
    pub podnet: Netns,
    pub pod: Netns,
    pub lan: Netns,
}

impl Topology {
    pub fn new() -> Topology {
        assert!(
            Path::new("/proc/self/ns/net").exists(),
            "this kernel has no network namespaces"
        );
        delete_stale_namespaces();
        static N: AtomicUsize = AtomicUsize::new(0);
        let base = format!(
            "{NS_PREFIX}{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let ns = |role: &str| Netns::create(format!("{base}-{role}"));
        let t = Topology {
            client: ns("client"),
            nat: ns("nat"),
            gateway: ns("gateway"),
            podnet: ns("podnet"),
            pod: ns("pod"),
            lan: ns("lan"),
        };
        let cidr = |ip: Ipv4Addr, bits: u8| format!("{ip}/{bits}");

        // client <-> NAT router: a private LAN; the client knows only the public side.
        t.client.ip(&[
            "link",
            "add",
            "eth0",
            "type",
            "veth",
            "peer",
            "name",
            "lan0",
            "netns",
            &t.nat.name,
        ]);
        t.client
            .ip(&["addr", "add", &cidr(CLIENT_IP, 24), "dev", "eth0"]);
        t.client.ip(&["link", "set", "eth0", "up"]);
        t.client.ip(&[
            "route",
            "add",
            "203.0.113.0/24",
            "via",
            &ROUTER_LAN_IP.to_string(),
        ]);
        t.nat
            .ip(&["addr", "add", &cidr(ROUTER_LAN_IP, 24), "dev", "lan0"]);
        t.nat.ip(&["link", "set", "lan0", "up"]);

        // NAT router <-> gateway: the "internet".
        t.nat.ip(&[
            "link",
            "add",
            "wan0",
            "type",
            "veth",
            "peer",
            "name",
            "eth0",
            "netns",
            &t.gateway.name,
        ]);
        t.nat
            .ip(&["addr", "add", &cidr(ROUTER_WAN_IP, 24), "dev", "wan0"]);
        t.nat.ip(&["link", "set", "wan0", "up"]);
        t.gateway
            .ip(&["addr", "add", &cidr(GATEWAY_PUBLIC_IP, 24), "dev", "eth0"]);
        t.gateway.ip(&["link", "set", "eth0", "up"]);
        t.nat.sysctl("net.ipv4.ip_forward", "1");
        t.nat.nft(
            "table ip nat {\n\
             \x20 chain postrouting {\n\
             \x20   type nat hook postrouting priority srcnat; policy accept;\n\
             \x20   oifname \"wan0\" udp dport 3478 counter masquerade\n\
             \x20   oifname \"wan0\" tcp dport { 3478, 443 } counter masquerade\n\
             \x20   oifname \"wan0\" masquerade\n\
             \x20 }\n\
             }\n",
        );

        // The pod network: a bridge with the gateway's second leg, the pod and a LAN peer.
        t.podnet.ip(&["link", "add", "br0", "type", "bridge"]);
        t.podnet.ip(&["link", "set", "br0", "up"]);
        let attach = |ns: &Netns, dev: &str, port: &str, addr: Ipv4Addr| {
            ns.ip(&[
                "link",
                "add",
                dev,
                "type",
                "veth",
                "peer",
                "name",
                port,
                "netns",
                &t.podnet.name,
            ]);
            t.podnet.ip(&["link", "set", port, "master", "br0", "up"]);
            ns.ip(&["addr", "add", &cidr(addr, 24), "dev", dev]);
            ns.ip(&["link", "set", dev, "up"]);
        };
        attach(&t.gateway, "pod0", "gw", GATEWAY_POD_IP);
        attach(&t.pod, "eth0", "pod", POD_IP);
        attach(&t.lan, "eth0", "lan", LAN_PEER_IP);
        // The gateway does not route between its legs (a new namespace's
        // default): only the TURN server crosses from one side to the other.
        say(&format!("topology {base}-* is up"));
        t
    }

    /// One line per namespace and its addresses, for failure messages.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for ns in [&self.client, &self.nat, &self.gateway, &self.pod, &self.lan] {
            let addrs = Command::new("ip")
                .args(["-n", &ns.name, "-4", "-brief", "addr"])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).replace('\n', "; "))
                .unwrap_or_default();
            out.push_str(&format!("    {}: {addrs}\n", ns.name));
        }
        out
    }

    /// Drops all UDP leaving the client namespace (loopback excepted), as a
    /// firewall that lets only TCP out.
    pub fn block_client_udp(&self) {
        self.client.nft(
            "table inet firewall {\n\
             \x20 chain output {\n\
             \x20   type filter hook output priority filter; policy accept;\n\
             \x20   oifname \"lo\" accept\n\
             \x20   meta l4proto udp counter drop\n\
             \x20 }\n\
             }\n",
        );
    }

    /// A corporate firewall: from the client namespace only TCP to ports 80
    /// and 443 leaves (loopback excepted); everything else is dropped.
    pub fn allow_client_only_web_ports(&self) {
        self.client.nft(
            "table inet firewall {\n\
             \x20 chain output {\n\
             \x20   type filter hook output priority filter; policy drop;\n\
             \x20   oifname \"lo\" accept\n\
             \x20   tcp dport { 80, 443 } accept\n\
             \x20   counter\n\
             \x20 }\n\
             }\n",
        );
    }

    /// Connections to the TURN ports the NAT router masqueraded (its
    /// `counter` rules see the first packet of each).
    pub fn nat_translations(&self) -> u64 {
        let ruleset = self.nat.run("nft", &["list", "table", "ip", "nat"], None);
        counted_packets(&ruleset)
    }

    /// Packets the client firewall dropped (its `counter` rule).
    pub fn client_firewall_drops(&self) -> u64 {
        let ruleset = self
            .client
            .run("nft", &["list", "table", "inet", "firewall"], None);
        counted_packets(&ruleset)
    }
}

/// The sum of the `counter packets N bytes M` figures in an nft listing.
fn counted_packets(ruleset: &str) -> u64 {
    ruleset
        .split("packets ")
        .skip(1)
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

// ---------------------------------------------------------------------------
// TCP forwarder

/// Accepts TCP connections on `listen` inside one namespace and connects each
/// to `target` from inside another, copying bytes both ways. Stops accepting
/// and cuts its connections on drop.
pub struct Forwarder {
    pub what: &'static str,
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    conns: Arc<Mutex<Vec<TcpStream>>>,
    accept: Option<JoinHandle<()>>,
}

impl Forwarder {
    pub fn start(
        what: &'static str,
        listen_ns: Option<&str>,
        listen: SocketAddr,
        target_ns: Option<&str>,
        target: SocketAddr,
    ) -> Forwarder {
        let listener = in_ns(listen_ns, || TcpListener::bind(listen))
            .unwrap_or_else(|e| panic!("forwarder {what}: cannot listen on {listen}: {e}"));
        listener
            .set_nonblocking(true)
            .unwrap_or_else(|e| panic!("forwarder {what}: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("forwarder {what}: {e}"));
        let stop = Arc::new(AtomicBool::new(false));
        let conns = Arc::new(Mutex::new(Vec::new()));
        let target_ns = target_ns.map(str::to_owned);
        let accept = {
            let stop = stop.clone();
            let conns = conns.clone();
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((down, _)) => {
                            let conns = conns.clone();
                            let target_ns = target_ns.clone();
                            std::thread::spawn(move || {
                                enter(target_ns.as_deref());
                                forward_one(what, down, target, &conns);
                            });
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            std::thread::sleep(Duration::from_millis(10));
                        }
                        Err(e) => {
                            eprintln!("forwarder {what}: accept: {e}");
                            std::thread::sleep(Duration::from_millis(50));
                        }
                    }
                }
            })
        };
        Forwarder {
            what,
            addr,
            stop,
            conns,
            accept: Some(accept),
        }
    }
}

/// Connects to `target` (from the calling thread's namespace) and pumps bytes.
fn forward_one(
    what: &'static str,
    down: TcpStream,
    target: SocketAddr,
    conns: &Mutex<Vec<TcpStream>>,
) {
    let _ = down.set_nonblocking(false);
    // If the target is not there (yet), the accepted connection just closes,
    // as a refused connection would.
    let Ok(up) = TcpStream::connect_timeout(&target, Duration::from_secs(5)) else {
        return;
    };
    let _ = up.set_nodelay(true);
    let _ = down.set_nodelay(true);
    let (Ok(down2), Ok(up2)) = (down.try_clone(), up.try_clone()) else {
        eprintln!("forwarder {what}: cannot clone sockets");
        return;
    };
    {
        let mut list = conns.lock().unwrap_or_else(|p| p.into_inner());
        if let (Ok(a), Ok(b)) = (down.try_clone(), up.try_clone()) {
            list.push(a);
            list.push(b);
        }
    }
    let pump = |mut from: TcpStream, mut to: TcpStream| {
        std::thread::spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            loop {
                match from.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if to.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                }
            }
            let _ = to.shutdown(Shutdown::Write);
        })
    };
    pump(down, up2);
    pump(up, down2);
}

impl Drop for Forwarder {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
        for c in self
            .conns
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .drain(..)
        {
            let _ = c.shutdown(Shutdown::Both);
        }
    }
}

pub fn v4(ip: Ipv4Addr, port: u16) -> SocketAddr {
    SocketAddr::V4(SocketAddrV4::new(ip, port))
}

pub const LOCALHOST: Ipv4Addr = Ipv4Addr::LOCALHOST;

// ---------------------------------------------------------------------------
// coturn in the gateway namespace

pub const TURN_PORT: u16 = 3478;
pub const TURNS_PORT: u16 = 443;
/// STUNner's default realm.
pub const TURN_REALM: &str = "stunner.l7mp.io";

pub struct TurnOptions<'a> {
    /// TLS listener on [`TURNS_PORT`] with this certificate chain and key.
    pub tls: Option<(&'a Path, &'a Path)>,
    /// Runs coturn with its wall clock moved by this libfaketime offset (e.g. `+1h`).
    pub clock_offset: Option<&'a str>,
}

/// coturn (Debian's `turnserver`) in the gateway namespace, like STUNner:
/// listening on the public leg, relaying from the pod-network leg, TURN REST
/// API ("ephemeral") credentials from a shared secret. Killed on drop; its log
/// is printed when a test panics.
pub struct Turn {
    child: ChildGuard,
    log: PathBuf,
    dir: TempDir,
}

const LIBFAKETIME_MT: &str = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";

impl Turn {
    pub fn start(gateway: &Netns, secret: &str, opts: TurnOptions) -> Turn {
        let bin = std::env::var_os("STUNROOM_E2E_TURNSERVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/turnserver"));
        assert!(
            bin.is_file(),
            "{} not found: install Debian's coturn (`cargo xtask setup` does)",
            bin.display()
        );
        let dir = TempDir::new("netns-coturn");
        let log = dir.path().join("turnserver.log");
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &gateway.name]);
        if let Some(offset) = opts.clock_offset {
            assert!(
                Path::new(LIBFAKETIME_MT).is_file(),
                "{LIBFAKETIME_MT} not found: install Debian's faketime"
            );
            cmd.arg("env")
                .arg(format!("LD_PRELOAD={LIBFAKETIME_MT}"))
                .arg(format!("FAKETIME={offset}"))
                .arg("FAKETIME_DONT_FAKE_MONOTONIC=1");
        }
        cmd.arg(&bin)
            .arg("-n") // no config file
            .arg(format!("--listening-ip={GATEWAY_PUBLIC_IP}"))
            .arg(format!("--listening-port={TURN_PORT}"))
            .arg(format!("--relay-ip={GATEWAY_POD_IP}"))
            .arg(format!("--realm={TURN_REALM}"))
            .arg("--use-auth-secret")
            .arg(format!("--static-auth-secret={secret}"))
            .args([
                "--no-cli",
                "--no-dtls",
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
        match opts.tls {
            Some((cert, key)) => {
                cmd.arg(format!("--tls-listening-port={TURNS_PORT}"))
                    .arg(format!("--cert={}", cert.display()))
                    .arg(format!("--pkey={}", key.display()));
            }
            None => {
                cmd.arg("--no-tls");
            }
        }
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = ChildGuard::spawn("turnserver", &mut cmd);
        let mut turn = Turn { child, log, dir };
        let mut ports = vec![TURN_PORT];
        if opts.tls.is_some() {
            ports.push(TURNS_PORT);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        for port in ports {
            while tcp_reachable(
                &gateway.name,
                v4(GATEWAY_PUBLIC_IP, port),
                Duration::from_millis(200),
            )
            .is_err()
            {
                if let Some(status) = turn.child.exited() {
                    panic!(
                        "turnserver exited ({status}) at start; log:\n{}",
                        turn.log_text()
                    );
                }
                assert!(
                    Instant::now() < deadline,
                    "turnserver did not listen on {GATEWAY_PUBLIC_IP}:{port} within 10 s; log:\n{}",
                    turn.log_text()
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        // UDP listeners open at about the same time; give them a moment.
        std::thread::sleep(Duration::from_millis(200));
        turn
    }

    pub fn log_text(&self) -> String {
        // coturn may add a date to the name given with --log-file.
        let mut text = String::new();
        for entry in std::fs::read_dir(self.dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("turnserver") && name.ends_with(".log") {
                text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
            }
        }
        text
    }

    /// The last `n` lines of the log, indented, for failure messages.
    pub fn log_tail(&self, n: usize) -> String {
        let log = self.log_text();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(n)..]
            .iter()
            .map(|l| format!("    {l}\n"))
            .collect()
    }

    /// Successful allocations in the log (what relays media).
    pub fn allocations(&self) -> usize {
        self.log_text()
            .matches("ALLOCATE processed, success")
            .count()
    }

    pub fn assert_alive(&mut self) {
        if let Some(status) = self.child.exited() {
            panic!(
                "turnserver exited during the test ({status}); log:\n{}",
                self.log_tail(60)
            );
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("--- turnserver log (last lines) ---\n{}", self.log_tail(60));
        }
    }
}

// ---------------------------------------------------------------------------
// Certificates for TURN over TLS

/// A test CA and a server certificate it signed for [`GATEWAY_PUBLIC_IP`]
/// (subjectAltName IP, serverAuth), made with `openssl` at test time.
pub struct Certs {
    pub ca_cert: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
    /// base64(SHA-256(SubjectPublicKeyInfo)) of the server key.
    pub spki_sha256: String,
    _dir: TempDir,
}

impl Certs {
    pub fn make() -> Certs {
        let dir = TempDir::new("netns-certs");
        let p = |name: &str| dir.path().join(name);
        let s = |path: &Path| path.to_string_lossy().into_owned();
        let (ca_key, ca_cert, key, csr, cert, ext) = (
            p("ca.key"),
            p("ca.pem"),
            p("server.key"),
            p("server.csr"),
            p("server.pem"),
            p("server.ext"),
        );
        run(
            "openssl",
            &[
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=stunroom test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout",
                &s(&ca_key),
                "-out",
                &s(&ca_cert),
            ],
            None,
        );
        run(
            "openssl",
            &[
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-subj",
                &format!("/CN={GATEWAY_PUBLIC_IP}"),
                "-keyout",
                &s(&key),
                "-out",
                &s(&csr),
            ],
            None,
        );
        std::fs::write(
            &ext,
            format!(
                "basicConstraints=critical,CA:FALSE\n\
                 keyUsage=critical,digitalSignature\n\
                 extendedKeyUsage=serverAuth\n\
                 subjectAltName=IP:{GATEWAY_PUBLIC_IP}\n"
            ),
        )
        .expect("write the certificate extensions");
        run(
            "openssl",
            &[
                "x509",
                "-req",
                "-in",
                &s(&csr),
                "-CA",
                &s(&ca_cert),
                "-CAkey",
                &s(&ca_key),
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                &s(&ext),
                "-out",
                &s(&cert),
            ],
            None,
        );
        let spki = run(
            "sh",
            &[
                "-c",
                &format!(
                    "openssl pkey -in '{}' -pubout -outform DER | openssl dgst -sha256 -binary | openssl base64 -A",
                    s(&key)
                ),
            ],
            None,
        );
        Certs {
            ca_cert,
            cert,
            key,
            spki_sha256: spki.trim().to_owned(),
            _dir: dir,
        }
    }

    /// A `$HOME` whose NSS database (`~/.pki/nssdb`, where Chromium on Linux
    /// reads locally trusted CAs) trusts the test CA for servers.
    pub fn home_trusting_ca(&self) -> TempDir {
        let home = TempDir::new("netns-home");
        let db = home.path().join(".pki/nssdb");
        std::fs::create_dir_all(&db).expect("create the NSS db directory");
        let db_arg = format!("sql:{}", db.display());
        run("certutil", &["-N", "-d", &db_arg, "--empty-password"], None);
        run(
            "certutil",
            &[
                "-A",
                "-d",
                &db_arg,
                "-n",
                "stunroom test CA",
                "-t",
                "C,,",
                "-i",
                &self.ca_cert.to_string_lossy(),
            ],
            None,
        );
        home
    }
}
