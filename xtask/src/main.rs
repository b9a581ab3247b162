//! Project task runner: `cargo xtask <command>` (alias in `.cargo/config.toml`).
//!
//! Plain `std::process::Command`, no shell, no dependencies. Every command runs
//! from the workspace root, whatever the caller's working directory.

mod dist;
mod fuzz;
mod image;

use std::env;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{exit, Command, Stdio};
use std::time::{Duration, Instant};

/// trunk release that still builds with our rustc (0.22 needs a newer one).
const TRUNK_VERSION: &str = "0.21.14";
/// Debian packages for building: the libraries mediasoup's C++ worker links
/// (server/vendor/mediasoup-sys/STUNROOM.md) with pkg-config to find them; pip
/// for mediasoup-sys's build script. (wasm-opt is binaryen from the npm
/// registry, client/build-tools: Debian's 108 breaks wasm-bindgen's output.)
const DEBIAN_BUILD: &[&str] = &[
    "libssl-dev",
    "libuv1-dev",
    "libusrsctp-dev",
    "libabsl-dev",
    "libflatbuffers-dev",
    "flatbuffers-compiler",
    "pkg-config",
    "python3-pip",
];
/// Debian packages only the tests need: browser end-to-end tests, the TURN
/// relay test (coturn), the broadcaster test (ffmpeg), credential and
/// certificate making (openssl); the network-namespace topology test:
/// `ip` (iproute2), NAT and firewall rules (nftables), the TURNS CA in
/// Chromium's NSS store (libnss3-tools' certutil), coturn an hour ahead for
/// expired credentials (faketime); Firefox ESR for the Firefox tests, with a
/// virtual display (xvfb) for the pages that share their screen.
const DEBIAN_TEST: &[&str] = &[
    "chromium",
    "chromium-driver",
    "firefox-esr",
    "xvfb",
    "coturn",
    "ffmpeg",
    "openssl",
    "iproute2",
    "nftables",
    "libnss3-tools",
    "faketime",
];
/// The libsrtp2 source mediasoup's worker is built with (its meson wrap names
/// this file and hash): the orig tarball of Debian bookworm's source package.
const LIBSRTP2_SOURCE: &str = "libsrtp2_2.5.0.orig.tar.gz";
const LIBSRTP2_SHA256: &str = "8a43ef8e9ae2b665292591af62aa1a4ae41e468b6d98d8258f91478735da4e09";
/// Where meson finds it (MESON_PACKAGE_CACHE_DIR in .cargo/config.toml).
const MESON_CACHE: &str = "target/meson-packagecache";
/// A deb-src entry for bookworm, written when the machine has none.
const DEB_SRC_LIST: &str = "/etc/apt/sources.list.d/stunroom-deb-src.sources";

/// geckodriver (crates.io) drives Firefox for the tests; 0.37.1 builds with our rustc.
const GECKODRIVER_VERSION: &str = "0.37.1";
/// Debian packages the load generator needs: ffmpeg encodes its VP8/Opus clips once.
const DEBIAN_LOAD: &[&str] = &["ffmpeg"];
/// Seconds each fuzz target runs in the test command.
const FUZZ_SMOKE_SECS: u32 = 20;
/// The smoke run of the load generator inside `cargo xtask test` (short, so it cannot rot).
const LOAD_SMOKE: &[&str] = &[
    "--spawn",
    "--rooms",
    "1",
    "--publishers",
    "1",
    "--subscribers",
    "5",
    "--seconds",
    "5",
    "--require-loss-below",
    "1",
];
/// Where `cargo xtask bench` writes its figures and plot (committed; the README quotes them).
const BENCH_RESULTS: &str = "server/load/results";
/// PyPI package the manifest test validates Kubernetes objects with (ships its schemas).
const KUBERNETES_VALIDATE: &str = "1.37.0";
/// Address `cargo xtask run` serves on unless the caller passes `--listen`.
const RUN_LISTEN: &str = "127.0.0.1:8080";

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup            install what building and testing need (skips what is present):
                   wasm32 target, trunk, wasm-bindgen-cli, Debian packages
                   chromium, chromium-driver, coturn; node/npm and binaryen
  run [-- ARGS]    setup, `trunk build --release`, then run the server on
                   http://localhost:8080 serving dist/ (ARGS go to the server)
  test             setup, fmt check, clippy (native + wasm32 client), trunk build,
                   cargo test --workspace (includes the browser e2e test)
  e2e              client build, then only the main browser end-to-end tests
                   (e2e_browser, e2e_room_features, e2e_url_options,
                   e2e_media_options, e2e_lobby, e2e_room_extras, e2e_recording)
  dist             only the client's release build into dist/: trunk with
                   wasm-opt (binaryen 132 from npm), then .br/.gz of every asset
  load [-- FLAGS]  release build of the server and the load generator, then
                   `stunroom-load FLAGS` (simulated WebRTC peers; --help lists the flags)
  bench [NAME] [-- FLAGS]
                   the SFU benchmarks (fanout, meeting, join-storm, control,
                   memory; all by default), figures written to server/load/results/;
                   `bench first-frame [-- --trials N]`: first load to first remote
                   frame, our client vs the npm mediasoup-client page (Chromium)
  fuzz [TARGET] [-- FLAGS]
                   cargo-fuzz (nightly) on protoo, sdp, remote_sdp, url_params,
                   broadcaster: 10 million runs each by default, corpora in fuzz/corpus/
";

type Result<T = (), E = String> = std::result::Result<T, E>;

fn main() {
    let mut args = env::args_os().skip(1);
    let cmd = args.next().map(|a| a.to_string_lossy().into_owned());
    let rest: Vec<OsString> = args.collect();
    let root = workspace_root();
    if let Err(e) = env::set_current_dir(&root) {
        fail(&format!(
            "cannot enter workspace root {}: {e}",
            root.display()
        ));
    }
    let mut runner = Runner::default();
    match cmd.as_deref() {
        Some("setup") => {
            no_args("setup", &rest);
            setup(&mut runner, true);
        }
        Some("run") => {
            setup(&mut runner, false);
            runner.step("cargo fetch", || cargo(&["fetch"]));
            runner.step(
                "client release build (trunk, wasm-opt, br/gzip)",
                dist::build,
            );
            runner.summary();
            run_server(&rest);
        }
        Some("test") => {
            no_args("test", &rest);
            setup(&mut runner, true);
            runner.step("cargo fmt --check", || {
                cargo(&["fmt", "--all", "--check"]).map_err(|e| {
                    format!("{e}\n  (formatting differs: run `cargo fmt --all` and commit)")
                })
            });
            runner.step("clippy (workspace, native)", || {
                cargo(&[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ])
            });
            runner.step("clippy (client, wasm32)", || {
                cargo(&[
                    "clippy",
                    "-p",
                    "stunroom-client",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--",
                    "-D",
                    "warnings",
                ])
            });
            runner.step(
                "client release build (trunk, wasm-opt, br/gzip)",
                dist::build,
            );
            runner.step(
                "image build steps (deploy/Dockerfile, no Docker)",
                image::build,
            );
            runner.step("image start + HEALTHCHECK probe", || {
                image::start_and_probe(&root)
            });
            runner.step("cargo test --workspace", || cargo(&["test", "--workspace"]));
            runner.step("load generator smoke (cargo xtask load)", || {
                build_load()?;
                run_load(LOAD_SMOKE)
            });
            runner.step("fuzz smoke (cargo fuzz, 20 s per target)", || {
                fuzz::build()?;
                fuzz::smoke(FUZZ_SMOKE_SECS)
            });
            runner.summary();
        }
        Some("fuzz") => {
            let (target, flags) = match rest.first().map(|a| a.to_string_lossy().into_owned()) {
                Some(n) if n != "--" => (Some(n), after_dashes(&rest[1..])),
                _ => (None, after_dashes(&rest)),
            };
            runner.step("setup: cargo-fuzz", fuzz::setup);
            runner.step("fuzz", || fuzz::long(target.as_deref(), &flags));
            runner.summary();
        }
        Some("load") => {
            setup(&mut runner, false);
            runner.step("setup: ffmpeg", || setup_debian(DEBIAN_LOAD));
            runner.step("release build (server, load generator)", build_load);
            runner.summary();
            let args = after_dashes(&rest);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            match run_load(&args) {
                Ok(()) => {}
                Err(e) => fail(&e),
            }
        }
        Some("bench") => {
            let (name, flags) = match rest.first().map(|a| a.to_string_lossy().into_owned()) {
                Some(n) if n != "--" => (Some(n), after_dashes(&rest[1..])),
                _ => (None, after_dashes(&rest)),
            };
            if name.as_deref() == Some("first-frame") {
                setup(&mut runner, true);
                runner.step(
                    "client release build (trunk, wasm-opt, br/gzip)",
                    dist::build,
                );
                runner.step("first-frame benchmark (Chromium)", || first_frame(&flags));
                runner.summary();
                return;
            }
            setup(&mut runner, false);
            runner.step("setup: ffmpeg", || setup_debian(DEBIAN_LOAD));
            runner.step("release build (server, load generator)", build_load);
            runner.step("benchmarks", || {
                let mut args: Vec<String> = name.into_iter().collect();
                args.extend(["--save".to_owned(), BENCH_RESULTS.to_owned()]);
                args.extend(flags);
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                run_release_tool("stunroom-bench", &args)
            });
            runner.summary();
        }
        Some("e2e") => {
            no_args("e2e", &rest);
            runner.step(
                "client release build (trunk, wasm-opt, br/gzip)",
                dist::build,
            );
            runner.step("e2e browser tests", || {
                cargo(&[
                    "test",
                    "-p",
                    "stunroom-server",
                    "--test",
                    "e2e_browser",
                    "--test",
                    "e2e_room_features",
                    "--test",
                    "e2e_url_options",
                    "--test",
                    "e2e_media_options",
                    "--test",
                    "e2e_lobby",
                    "--test",
                    "e2e_room_extras",
                    "--test",
                    "e2e_recording",
                    "--",
                    "--nocapture",
                ])
            });
            runner.summary();
        }
        Some("dist") => {
            no_args("dist", &rest);
            runner.step(
                "client release build (trunk, wasm-opt, br/gzip)",
                dist::build,
            );
            runner.summary();
        }
        Some("help" | "-h" | "--help") => print!("{USAGE}"),
        Some(other) => {
            eprint!("xtask: unknown command `{other}`\n\n{USAGE}");
            exit(2);
        }
        None => {
            eprint!("{USAGE}");
            exit(2);
        }
    }
}

/// `cargo xtask bench first-frame [-- --trials N]`: the ignored benchmark in
/// server/tests/e2e_first_frame.rs, figures saved to server/load/results/first-frame.md.
fn first_frame(flags: &[String]) -> Result {
    let trials = match flags {
        [] => "6".to_owned(),
        [flag, n] if flag == "--trials" && n.parse::<u32>().is_ok_and(|n| n > 0) => n.clone(),
        _ => {
            return Err(format!(
                "first-frame takes `-- --trials N` (N > 0), not {flags:?}"
            ))
        }
    };
    let status = Command::new(cargo_bin())
        .args([
            "test",
            "-p",
            "stunroom-server",
            "--test",
            "e2e_first_frame",
            "--",
        ])
        .args([
            "--ignored",
            "--nocapture",
            "--test-threads=1",
            "first_frame_bench",
        ])
        .env("STUNROOM_BENCH_TRIALS", &trials)
        // Absolute: cargo runs the test in server/.
        .env("STUNROOM_BENCH_SAVE", workspace_root().join(BENCH_RESULTS))
        .status()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("first-frame benchmark failed ({status})"))
    }
}

/// The arguments after a leading `--` (or all of them).
fn after_dashes(rest: &[OsString]) -> Vec<String> {
    let rest = match rest.first() {
        Some(a) if a == "--" => &rest[1..],
        _ => rest,
    };
    rest.iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// Release build of the server binary and the load-generator tools: two
/// invocations, so the server is built with its own features only (the same
/// artefact as the image step's, not rebuilt).
fn build_load() -> Result {
    cargo(&[
        "build",
        "--release",
        "-p",
        "stunroom-server",
        "--bin",
        "stunroom",
    ])?;
    cargo(&["build", "--release", "-p", "stunroom-load", "--bins"])
}

fn release_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"))
        .join("release")
}

/// Runs a release tool of the load crate with `STUNROOM_BIN` set to the release server.
fn run_release_tool(tool: &str, args: &[&str]) -> Result {
    let dir = release_dir();
    let program = dir.join(tool);
    eprintln!("$ {} {}", program.display(), args.join(" "));
    let status = Command::new(&program)
        .args(args)
        .env("STUNROOM_BIN", dir.join("stunroom"))
        .status()
        .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{tool}` exited with {status}"))
    }
}

fn run_load(args: &[&str]) -> Result {
    run_release_tool("stunroom-load", args)
}

fn no_args(cmd: &str, rest: &[OsString]) {
    if !rest.is_empty() {
        fail(&format!(
            "`cargo xtask {cmd}` takes no arguments (got {rest:?})"
        ));
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("xtask: error: {msg}");
    exit(1);
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

// ---------------------------------------------------------------------------
// Steps with timing

#[derive(Default)]
struct Runner {
    started: Option<Instant>,
    done: Vec<(String, Duration)>,
}

impl Runner {
    /// Runs one named step; on failure prints which step failed (plus the
    /// timings so far) and exits non-zero.
    fn step(&mut self, name: &str, f: impl FnOnce() -> Result) {
        let start = Instant::now();
        self.started.get_or_insert(start);
        eprintln!("\n==> {name}");
        let res = f();
        let took = start.elapsed();
        match res {
            Ok(()) => {
                eprintln!("==> {name}: ok ({})", secs(took));
                self.done.push((name.to_owned(), took));
            }
            Err(e) => {
                self.done.push((format!("{name}  <-- FAILED"), took));
                self.print_table();
                eprintln!("\nxtask: step `{name}` FAILED after {}: {e}", secs(took));
                exit(1);
            }
        }
    }

    fn print_table(&self) {
        let mut out = String::from("\nstep timings:\n");
        for (name, took) in &self.done {
            let _ = writeln!(out, "  {:>8}  {name}", secs(*took));
        }
        if let Some(start) = self.started {
            let _ = writeln!(out, "  {:>8}  total", secs(start.elapsed()));
        }
        eprint!("{out}");
    }

    fn summary(&self) {
        self.print_table();
        eprintln!("xtask: all steps passed");
    }
}

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

// ---------------------------------------------------------------------------
// Running programs

fn show(program: &str, args: &[&str]) -> String {
    let mut s = program.to_owned();
    for a in args {
        s.push(' ');
        s.push_str(a);
    }
    s
}

/// Runs a program with inherited stdio; error if it cannot start or fails.
fn run(program: &str, args: &[&str]) -> Result {
    eprintln!("$ {}", show(program, args));
    let status = Command::new(program)
        .args(args)
        .status()
        .map_err(|e| format!("cannot start `{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` exited with {status}", show(program, args)))
    }
}

/// Runs a program quietly and returns its stdout if it succeeded.
fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn cargo_bin() -> String {
    env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

pub(crate) fn cargo(args: &[&str]) -> Result {
    run(&cargo_bin(), args)
}

// ---------------------------------------------------------------------------
// setup

fn setup(runner: &mut Runner, with_test_packages: bool) {
    runner.step(
        "setup: rust target wasm32-unknown-unknown",
        setup_wasm_target,
    );
    runner.step("setup: trunk", setup_trunk);
    runner.step("setup: wasm-bindgen-cli", setup_wasm_bindgen);
    let mut pkgs: Vec<&str> = DEBIAN_BUILD.to_vec();
    if with_test_packages {
        pkgs.extend_from_slice(DEBIAN_TEST);
    }
    runner.step("setup: Debian packages", || setup_debian(&pkgs));
    runner.step("setup: libsrtp2 source (Debian)", setup_libsrtp2_source);
    runner.step("setup: node and npm", setup_node);
    runner.step(
        "setup: binaryen (npm, client/build-tools)",
        dist::setup_build_tools,
    );
    if with_test_packages {
        runner.step("setup: geckodriver", setup_geckodriver);
        runner.step("setup: kubernetes-validate", setup_kubernetes_validate);
        runner.step("setup: cargo-fuzz (nightly)", fuzz::setup);
    }
}

/// binaryen for the client build (client/build-tools) and the reference-client
/// test (npm's mediasoup-client bundled with esbuild) come from the npm registry.
fn setup_node() -> Result {
    if output("node", &["--version"]).is_some() && output("npm", &["--version"]).is_some() {
        eprintln!("skip: node and npm already on PATH");
        return Ok(());
    }
    setup_debian(&["nodejs", "npm"])
}

fn setup_geckodriver() -> Result {
    // `geckodriver --version` prints `geckodriver 0.37.1 (…)` first.
    let found = output("geckodriver", &["--version"]);
    let found = found
        .as_deref()
        .and_then(|s| s.split_whitespace().nth(1))
        .map(str::to_owned);
    if found.as_deref() == Some(GECKODRIVER_VERSION) {
        eprintln!("skip: geckodriver {GECKODRIVER_VERSION} already installed");
        return Ok(());
    }
    eprintln!(
        "geckodriver {GECKODRIVER_VERSION} needed, found {} (takes ~3 min)",
        found.as_deref().unwrap_or("none")
    );
    cargo(&[
        "install",
        "geckodriver",
        "--version",
        GECKODRIVER_VERSION,
        "--locked",
    ])
}

fn setup_kubernetes_validate() -> Result {
    let found = output("kubernetes-validate", &["--version"]);
    if found
        .as_deref()
        .is_some_and(|v| v.contains(KUBERNETES_VALIDATE))
    {
        eprintln!("skip: kubernetes-validate {KUBERNETES_VALIDATE} already installed");
        return Ok(());
    }
    let spec = format!("kubernetes-validate=={KUBERNETES_VALIDATE}");
    run("python3", &["-m", "pip", "install", "--quiet", &spec])
}

fn setup_wasm_target() -> Result {
    const TARGET: &str = "wasm32-unknown-unknown";
    let installed = output("rustup", &["target", "list", "--installed"])
        .ok_or("`rustup target list --installed` failed (is rustup on PATH?)".to_owned())?;
    if installed.lines().any(|l| l.trim() == TARGET) {
        eprintln!("skip: target {TARGET} already installed");
        return Ok(());
    }
    run("rustup", &["target", "add", TARGET])
}

fn setup_trunk() -> Result {
    // `trunk --version` prints `trunk 0.21.14`.
    let found = output("trunk", &["--version"]);
    let found = found.as_deref().map(str::trim);
    if found == Some(format!("trunk {TRUNK_VERSION}").as_str()) {
        eprintln!("skip: {} already installed", found.unwrap_or_default());
        return Ok(());
    }
    eprintln!(
        "trunk {TRUNK_VERSION} needed, found {} (takes ~5 min)",
        found.unwrap_or("none")
    );
    cargo(&["install", "trunk", "--version", TRUNK_VERSION, "--locked"])
}

fn setup_wasm_bindgen() -> Result {
    let Some(want) = locked_version("wasm-bindgen")? else {
        eprintln!("skip: Cargo.lock has no wasm-bindgen (client has no wasm deps yet)");
        return Ok(());
    };
    // `wasm-bindgen --version` prints `wasm-bindgen 0.2.130`.
    let found = output("wasm-bindgen", &["--version"]);
    let found_version = found
        .as_deref()
        .and_then(|s| s.split_whitespace().nth(1))
        .map(str::to_owned);
    if found_version.as_deref() == Some(want.as_str()) {
        eprintln!("skip: wasm-bindgen {want} already installed (matches Cargo.lock)");
        return Ok(());
    }
    eprintln!(
        "wasm-bindgen-cli {want} needed (Cargo.lock), found {} (takes ~1.5 min)",
        found_version.as_deref().unwrap_or("none")
    );
    // Not --locked: its lock file names a webpki-roots release crates.io does not serve.
    cargo(&["install", "wasm-bindgen-cli", "--version", &want])
}

/// Version of a package in the workspace's Cargo.lock (first match).
fn locked_version(name: &str) -> Result<Option<String>> {
    let lock = std::fs::read_to_string("Cargo.lock")
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(Some(v.trim_matches('"').to_owned()));
            }
        }
    }
    Ok(None)
}

fn setup_debian(pkgs: &[&str]) -> Result {
    let missing: Vec<&str> = pkgs
        .iter()
        .copied()
        .filter(|p| !dpkg_installed(p))
        .collect();
    for p in pkgs.iter().filter(|p| !missing.contains(p)) {
        eprintln!("skip: Debian package {p} already installed");
    }
    if missing.is_empty() {
        return Ok(());
    }
    if output("apt-get", &["--version"]).is_none() {
        return Err(format!(
            "missing packages {missing:?} and no apt-get here: install them by hand"
        ));
    }
    let as_root = output("id", &["-u"]).is_some_and(|s| s.trim() == "0");
    let apt = |args: &[&str]| -> Result {
        let mut full: Vec<&str> = Vec::new();
        if !as_root {
            full.push("sudo");
        }
        full.extend(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        full.extend_from_slice(args);
        run(full[0], &full[1..])
    };
    eprintln!("installing Debian packages: {}", missing.join(" "));
    apt(&["update"])?;
    let mut args = vec!["install", "-y"];
    args.extend_from_slice(&missing);
    apt(&args)
}

/// Puts Debian's libsrtp2 orig tarball into the meson package cache, fetched
/// with `apt-get source --download-only` (a deb-src entry for bookworm is added
/// if the machine has none). Skipped when the cached file has the right hash.
fn setup_libsrtp2_source() -> Result {
    let cached = Path::new(MESON_CACHE).join(LIBSRTP2_SOURCE);
    if sha256(&cached).as_deref() == Some(LIBSRTP2_SHA256) {
        eprintln!("skip: {} already in {MESON_CACHE}", LIBSRTP2_SOURCE);
        return Ok(());
    }
    let as_root = output("id", &["-u"]).is_some_and(|s| s.trim() == "0");
    let sudo = |args: &[&str]| -> Result {
        let mut full: Vec<&str> = Vec::new();
        if !as_root {
            full.push("sudo");
        }
        full.extend_from_slice(args);
        run(full[0], &full[1..])
    };
    let has_deb_src = std::fs::read_dir("/etc/apt/sources.list.d")
        .map(|d| {
            d.flatten()
                .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("deb-src")))
        })
        .unwrap_or(false)
        || std::fs::read_to_string("/etc/apt/sources.list")
            .is_ok_and(|t| t.lines().any(|l| l.trim_start().starts_with("deb-src")));
    if !has_deb_src {
        let list = "Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n";
        let tmp = std::env::temp_dir().join("stunroom-deb-src.sources");
        std::fs::write(&tmp, list).map_err(|e| format!("{}: {e}", tmp.display()))?;
        let tmp = tmp.display().to_string();
        sudo(&["install", "-m", "0644", &tmp, DEB_SRC_LIST])?;
        sudo(&["apt-get", "update"])?;
    }
    let work = std::env::temp_dir().join(format!("stunroom-libsrtp2-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    eprintln!(
        "$ apt-get source --download-only libsrtp2   (in {})",
        work.display()
    );
    let status = Command::new("apt-get")
        .args(["source", "--download-only", "-q", "libsrtp2"])
        .current_dir(&work)
        .status()
        .map_err(|e| format!("cannot start apt-get: {e}"))?;
    if !status.success() {
        return Err(format!(
            "`apt-get source --download-only libsrtp2` exited with {status}"
        ));
    }
    let fetched = work.join(LIBSRTP2_SOURCE);
    match sha256(&fetched) {
        Some(h) if h == LIBSRTP2_SHA256 => {}
        Some(h) => {
            return Err(format!(
                "{} has sha256 {h}, the worker's wrap expects {LIBSRTP2_SHA256}",
                fetched.display()
            ))
        }
        None => return Err(format!("apt-get source did not fetch {LIBSRTP2_SOURCE}")),
    }
    std::fs::create_dir_all(MESON_CACHE).map_err(|e| format!("{MESON_CACHE}: {e}"))?;
    std::fs::copy(&fetched, &cached).map_err(|e| format!("{}: {e}", cached.display()))?;
    let _ = std::fs::remove_dir_all(&work);
    eprintln!("{LIBSRTP2_SOURCE} -> {MESON_CACHE}");
    Ok(())
}

/// The sha256 of a file, by `sha256sum` (coreutils), if it exists.
fn sha256(file: &Path) -> Option<String> {
    if !file.is_file() {
        return None;
    }
    let out = output("sha256sum", &[&file.display().to_string()])?;
    out.split_whitespace().next().map(str::to_owned)
}

fn dpkg_installed(pkg: &str) -> bool {
    output("dpkg-query", &["-W", "-f=${Status}", pkg])
        .is_some_and(|s| s.trim() == "install ok installed")
}

// ---------------------------------------------------------------------------
// run

fn run_server(extra: &[OsString]) {
    let extra: Vec<OsString> = match extra.first() {
        Some(a) if a == "--" => extra[1..].to_vec(),
        _ => extra.to_vec(),
    };
    let has = |flag: &str| {
        extra.iter().any(|a| {
            let a = a.to_string_lossy();
            a == flag || a.starts_with(&format!("{flag}="))
        })
    };
    let mut args: Vec<OsString> = [
        "run",
        "--release",
        "-p",
        "stunroom-server",
        "--bin",
        "stunroom",
        "--",
    ]
    .iter()
    .map(OsString::from)
    .collect();
    if !has("--dist-dir") {
        args.extend(["--dist-dir".into(), "dist".into()]);
    }
    let open = if has("--listen") {
        "the address it prints, with ?roomId=demo".to_owned()
    } else {
        args.extend(["--listen".into(), RUN_LISTEN.into()]);
        "http://localhost:8080/?roomId=demo".to_owned()
    };
    args.extend(extra);
    eprintln!("\n==> starting the server: open {open} (Ctrl-C stops it)");
    eprintln!(
        "$ cargo {}",
        args.iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    // exec-like: hand the terminal to cargo/the server and mirror its exit code.
    match Command::new(cargo_bin()).args(&args).status() {
        Ok(s) => exit(s.code().unwrap_or(1)),
        Err(e) => fail(&format!("cannot start cargo: {e}")),
    }
}
