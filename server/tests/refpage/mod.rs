//! The reference page (tests/refclient: the npm mediasoup-client, bundled
//! with esbuild) next to our client in one dist dir: our client at `/`, the
//! reference page at `/ref/`. Used by e2e_refclient (compatibility) and
//! e2e_first_frame (`cargo xtask bench first-frame`).
//!
//! npm: `npm ci` runs in tests/refclient when its node_modules is missing or
//! older than package-lock.json. If that fails (no registry), the test fails
//! and says why; it never skips.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::e2e::TempDir;

const NPM_TIMEOUT: Duration = Duration::from_secs(300);

/// How the reference page is bundled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // each test crate that includes this module uses one variant
pub enum Bundle {
    /// Readable, as the compatibility test needs it.
    Test,
    /// As a production app would ship it: minified, with brotli and gzip
    /// variants (what our client gets from `cargo xtask dist`), so a
    /// first-load comparison is fair.
    Production,
}

fn say(msg: &str) {
    let _ = writeln!(std::io::stderr(), "refpage: {msg}");
}

fn refclient_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/refclient")
}

/// Runs a command with a deadline; panics with its output on failure.
fn run(what: &str, cmd: &mut Command, timeout: Duration, hint: &str) {
    let started = Instant::now();
    let mut child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start {:?}: {e}. {hint}", cmd.get_program()));
    // Read the pipes on threads so a chatty child cannot block.
    let read = |r: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            if let Some(mut r) = r {
                let _ = r.read_to_string(&mut s);
            }
            s
        })
    };
    let out = read(
        child
            .stdout
            .take()
            .map(|r| Box::new(r) as Box<dyn std::io::Read + Send>),
    );
    let err = read(
        child
            .stderr
            .take()
            .map(|r| Box::new(r) as Box<dyn std::io::Read + Send>),
    );
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: no result within {} s. {hint}", timeout.as_secs());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (out, err) = (
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    );
    assert!(
        status.success(),
        "{what} failed ({status}). {hint}\n--- stdout ---\n{out}\n--- stderr ---\n{err}"
    );
}

fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// `npm ci` in tests/refclient unless node_modules matches package-lock.json.
fn npm_install(dir: &Path) {
    let installed = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let current = matches!(
        (modified(&installed), modified(&lock)),
        (Some(i), Some(l)) if i >= l
    ) && dir.join("node_modules/.bin/esbuild").exists()
        && dir
            .join("node_modules/mediasoup-client/package.json")
            .exists();
    if current {
        say("node_modules is current (npm ci skipped)");
        return;
    }
    let started = Instant::now();
    run(
        "npm ci (tests/refclient: mediasoup-client + esbuild)",
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(dir),
        NPM_TIMEOUT,
        "The reference-client test needs the npm registry (registry.npmjs.org) or a node_modules \
         pre-installed with `npm ci` in server/tests/refclient (`cargo xtask setup`), and node (>= 18) \
         with npm on PATH.",
    );
    say(&format!(
        "npm ci took {:.1} s",
        started.elapsed().as_secs_f64()
    ));
}

/// A dist dir with our client at `/` and the bundled reference page at `/ref/`.
pub fn build_dist(ours: &Path, bundle: Bundle) -> TempDir {
    let dir = refclient_dir();
    npm_install(&dir);
    let dist = TempDir::new("refclient-dist");
    copy_dir(ours, dist.path());
    let ref_dir = dist.path().join("ref");
    std::fs::create_dir_all(&ref_dir).expect("create ref/");
    std::fs::copy(dir.join("index.html"), ref_dir.join("index.html")).expect("copy index.html");
    let started = Instant::now();
    run(
        "esbuild (bundling tests/refclient/main.js)",
        Command::new(dir.join("node_modules/.bin/esbuild"))
            .arg("main.js")
            .args(["--bundle", "--format=iife", "--target=chrome110"])
            .arg(format!("--outfile={}", ref_dir.join("bundle.js").display()))
            .args(if bundle == Bundle::Production {
                &["--minify"][..]
            } else {
                &[][..]
            })
            .arg("--log-level=warning")
            .current_dir(&dir),
        Duration::from_secs(60),
        "esbuild comes from tests/refclient/node_modules (npm ci).",
    );
    say(&format!(
        "bundled the reference page in {:.2} s",
        started.elapsed().as_secs_f64()
    ));
    if bundle == Bundle::Production {
        for name in ["index.html", "bundle.js"] {
            compress(&ref_dir.join(name));
        }
    }
    dist
}

/// `F.br` and `F.gz` next to `F`, with the settings of `cargo xtask dist`.
fn compress(file: &Path) {
    let data = std::fs::read(file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 64 * 1024, 11, 22);
        w.write_all(&data).expect("brotli");
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&data).expect("gzip");
    let gz = gz.finish().expect("gzip");
    let with = |ext: &str| PathBuf::from(format!("{}.{ext}", file.display()));
    std::fs::write(with("br"), br).expect("write .br");
    std::fs::write(with("gz"), gz).expect("write .gz");
    // A check that the variant is what the server will send in its place.
    let mut back = Vec::new();
    brotli::Decompressor::new(&std::fs::read(with("br")).expect("read .br")[..], 4096)
        .read_to_end(&mut back)
        .expect("valid brotli");
    assert_eq!(back, data, "{}: br variant", file.display());
}

fn copy_dir(from: &Path, to: &Path) {
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}
