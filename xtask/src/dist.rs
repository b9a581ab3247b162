//! The client's release build into `dist/`: binaryen from the npm registry
//! (client/build-tools), `trunk build --release` with it first on PATH, then
//! brotli and gzip variants of every asset next to it, which the server sends
//! to browsers that accept them (tower-http's ServeDir, precompressed).
//!
//! Compressing here rather than per request: brotli at quality 11 takes about
//! a second for the wasm, far too slow for a response, and is done once.

use std::env;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::Result;

/// npm project holding the build tools Debian has no working version of.
pub const BUILD_TOOLS: &str = "client/build-tools";
/// Where trunk writes the release build (Trunk.toml `[build] dist`).
const DIST: &str = "dist";
/// Files smaller than this are served as they are (compression would not pay
/// for the extra request headers' worth of bytes).
const MIN_COMPRESS_BYTES: u64 = 256;

/// `npm ci` in client/build-tools unless its node_modules is newer than the lock file.
pub fn setup_build_tools() -> Result {
    let dir = Path::new(BUILD_TOOLS);
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let fresh = match (fs::metadata(&installed), fs::metadata(&lock)) {
        (Ok(i), Ok(l)) => match (i.modified(), l.modified()) {
            (Ok(i), Ok(l)) => i >= l,
            _ => false,
        },
        _ => false,
    };
    if fresh && wasm_opt_path().is_file() {
        eprintln!("skip: {BUILD_TOOLS}/node_modules is up to date (binaryen)");
        return Ok(());
    }
    let status = std::process::Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .status()
        .map_err(|e| {
            format!("cannot run npm (install Node.js and npm: `cargo xtask setup`): {e}")
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("npm ci in {BUILD_TOOLS} failed ({status})"))
    }
}

fn wasm_opt_path() -> PathBuf {
    Path::new(BUILD_TOOLS).join("node_modules/.bin/wasm-opt")
}

/// `trunk build --release` with the npm binaryen first on PATH, then the
/// compressed variants; into `dist/`, or `$STUNROOM_E2E_DIST` when set.
pub fn build() -> Result {
    setup_build_tools()?;
    let bin = fs::canonicalize(Path::new(BUILD_TOOLS).join("node_modules/.bin"))
        .map_err(|e| format!("{BUILD_TOOLS}/node_modules/.bin: {e}"))?;
    let mut paths = vec![bin];
    paths.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    let path = env::join_paths(paths).map_err(|e| format!("PATH: {e}"))?;
    // The browser tests read STUNROOM_E2E_DIST too: one variable points both
    // at a build of one's own (parallel work trees, side-by-side builds).
    let dist = env::var("STUNROOM_E2E_DIST").unwrap_or_else(|_| DIST.to_owned());
    run_with_path("trunk", &["build", "--release", "--dist", &dist], &path).map_err(|e| {
        format!("{e}\n  (Trunk.toml builds offline: wasm-bindgen-cli must match Cargo.lock and wasm-opt must be binaryen from {BUILD_TOOLS}; `cargo xtask setup` installs both)")
    })?;
    compress_dir(Path::new(&dist))
}

fn run_with_path(program: &str, args: &[&str], path: &std::ffi::OsStr) -> Result {
    eprintln!("$ {program} {}", args.join(" "));
    let status = std::process::Command::new(program)
        .args(args)
        .env("PATH", path)
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} {} failed ({status})", args.join(" ")))
    }
}

/// Writes `F.br` and `F.gz` for every file `F` in `dir` (recursively) that
/// is worth compressing; prints the sizes.
pub fn compress_dir(dir: &Path) -> Result {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    let (mut raw, mut br, mut gz) = (0u64, 0u64, 0u64);
    for file in files {
        let data = fs::read(&file).map_err(|e| format!("read {}: {e}", file.display()))?;
        if (data.len() as u64) < MIN_COMPRESS_BYTES {
            continue;
        }
        let b = write_brotli(&file, &data)?;
        let g = write_gzip(&file, &data)?;
        eprintln!(
            "  {:<48} {:>9} B  br {:>8} B  gzip {:>8} B",
            file.strip_prefix(dir).unwrap_or(&file).display(),
            data.len(),
            b,
            g
        );
        raw += data.len() as u64;
        br += b;
        gz += g;
    }
    eprintln!("  total: {raw} B, br {br} B, gzip {gz} B");
    Ok(())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result {
    let entries = fs::read_dir(dir).map_err(|e| format!("read dir {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("br" | "gz" | "png" | "jpg" | "webp" | "woff2")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn write_brotli(file: &Path, data: &[u8]) -> Result<u64> {
    let out = with_suffix(file, ".br");
    let f = File::create(&out).map_err(|e| format!("create {}: {e}", out.display()))?;
    {
        // Quality 11 (the maximum), 4 MiB window: best ratio, done once per build.
        let mut w = brotli::CompressorWriter::new(BufWriter::new(f), 64 * 1024, 11, 22);
        w.write_all(data)
            .and_then(|()| w.flush())
            .map_err(|e| format!("brotli {}: {e}", out.display()))?;
    }
    size(&out)
}

fn write_gzip(file: &Path, data: &[u8]) -> Result<u64> {
    let out = with_suffix(file, ".gz");
    let f = File::create(&out).map_err(|e| format!("create {}: {e}", out.display()))?;
    let mut w = flate2::write::GzEncoder::new(BufWriter::new(f), flate2::Compression::best());
    w.write_all(data)
        .and_then(|()| w.finish().map(drop))
        .map_err(|e| format!("gzip {}: {e}", out.display()))?;
    size(&out)
}

fn size(file: &Path) -> Result<u64> {
    fs::metadata(file)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn variants_decompress_to_the_original() {
        let dir = env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        fs::create_dir_all(dir.join("sub")).unwrap();
        let text = "stunroom ".repeat(500);
        fs::write(dir.join("sub/app.js"), &text).unwrap();
        fs::write(dir.join("tiny.txt"), "x").unwrap();
        compress_dir(&dir).unwrap();

        let mut out = Vec::new();
        brotli::Decompressor::new(File::open(dir.join("sub/app.js.br")).unwrap(), 4096)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, text.as_bytes());
        let mut out = String::new();
        flate2::read::GzDecoder::new(File::open(dir.join("sub/app.js.gz")).unwrap())
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
        assert!(
            !dir.join("tiny.txt.br").exists(),
            "tiny files stay as they are"
        );
        // A second run does not compress the variants again.
        compress_dir(&dir).unwrap();
        assert!(!dir.join("sub/app.js.br.br").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
