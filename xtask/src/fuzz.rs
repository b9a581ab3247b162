//! Fuzzing with cargo-fuzz (libFuzzer, nightly): the targets in `fuzz/`,
//! their corpora in `fuzz/corpus/<target>` (kept in the repo), a short smoke
//! for the test command and long runs for `cargo xtask fuzz`.

use std::path::Path;
use std::process::Command;

use crate::Result;

/// cargo-fuzz from crates.io, pinned.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Every target (`fuzz/fuzz_targets/<name>.rs`).
pub const TARGETS: &[&str] = &["protoo", "sdp", "remote_sdp", "url_params", "broadcaster"];

/// Largest input tried (a browser's SDP is a few KiB; bodies are bounded by --max-body).
const MAX_LEN: &str = "-max_len=16384";

/// `rustup run nightly cargo fuzz ...` in `fuzz/`. No sanitizer: the code
/// under test is safe Rust, and libFuzzer runs several times faster without ASan.
fn cargo_fuzz(args: &[&str]) -> Command {
    let mut c = Command::new("rustup");
    c.args(["run", "nightly", "cargo", "fuzz"])
        .args(args)
        .current_dir("fuzz")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO");
    c
}

fn status(mut c: Command, what: &str) -> Result {
    eprintln!("$ {c:?}");
    let s = c
        .status()
        .map_err(|e| format!("cannot start {what}: {e}"))?;
    if s.success() {
        Ok(())
    } else {
        Err(format!("{what} exited with {s}"))
    }
}

/// The nightly toolchain (present on these machines) and cargo-fuzz.
pub fn setup() -> Result {
    let nightly = Command::new("rustup")
        .args(["run", "nightly", "rustc", "--version"])
        .output()
        .map_err(|e| format!("cannot run rustup: {e}"))?;
    if !nightly.status.success() {
        return Err("the nightly toolchain is missing (cargo-fuzz needs it): `rustup toolchain install nightly`".into());
    }
    let found = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    if found.as_deref() == Some(format!("cargo-fuzz {CARGO_FUZZ_VERSION}").as_str()) {
        eprintln!("skip: cargo-fuzz {CARGO_FUZZ_VERSION} already installed");
        return Ok(());
    }
    let mut c = Command::new("cargo");
    c.args([
        "install",
        "cargo-fuzz",
        "--version",
        CARGO_FUZZ_VERSION,
        "--locked",
    ]);
    status(c, "cargo install cargo-fuzz")
}

/// Builds every target.
pub fn build() -> Result {
    status(cargo_fuzz(&["build", "-s", "none"]), "cargo fuzz build")
}

/// Each target for `secs` seconds from its committed corpus; new inputs go
/// to a scratch directory, so the repo stays as it was. A crash fails with
/// the input left in `fuzz/artifacts/<target>/`.
pub fn smoke(secs: u32) -> Result {
    let scratch = std::env::temp_dir().join(format!("stunroom-fuzz-{}", std::process::id()));
    for target in TARGETS {
        let new = scratch.join(target);
        std::fs::create_dir_all(&new).map_err(|e| format!("{}: {e}", new.display()))?;
        let corpus = Path::new("corpus").join(target);
        let time = format!("-max_total_time={secs}");
        let new = new.to_string_lossy().into_owned();
        let corpus = corpus.to_string_lossy().into_owned();
        let c = cargo_fuzz(&[
            "run", "-s", "none", target, &new, &corpus, "--", &time, MAX_LEN,
        ]);
        status(c, &format!("fuzz target {target}"))?;
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

/// Long runs (`cargo xtask fuzz [TARGET] [-- FLAGS]`): the corpus grows in
/// place; FLAGS go to libFuzzer (default: 10 million runs each).
pub fn long(target: Option<&str>, flags: &[String]) -> Result {
    let targets: Vec<&str> = match target {
        Some(t) if TARGETS.contains(&t) => vec![t],
        Some(t) => return Err(format!("unknown fuzz target `{t}` (one of {TARGETS:?})")),
        None => TARGETS.to_vec(),
    };
    let flags: Vec<&str> = if flags.is_empty() {
        vec!["-runs=10000000", "-print_final_stats=1"]
    } else {
        flags.iter().map(String::as_str).collect()
    };
    for t in targets {
        let mut args = vec!["run", "-s", "none", t, "--", MAX_LEN];
        args.extend(&flags);
        status(cargo_fuzz(&args), &format!("fuzz target {t}"))?;
    }
    Ok(())
}
