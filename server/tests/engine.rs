//! The media engine: mediasoup's worker is linked against Debian's OpenSSL 3
//! (and libuv, usrsctp), not a vendored OpenSSL 1.1; its libsrtp2 (built from
//! Debian's source package) does its crypto with that OpenSSL, not NSS; and
//! the server says which versions it runs.

mod support;

use std::process::Command;

use support::Server;

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_stunroom")
}

#[test]
fn the_worker_links_debians_shared_libraries() {
    let out = Command::new("ldd").arg(binary()).output().expect("run ldd");
    assert!(out.status.success(), "ldd failed: {out:?}");
    let ldd = String::from_utf8_lossy(&out.stdout);
    for lib in [
        "libssl.so.3",
        "libcrypto.so.3",
        "libuv.so.1",
        "libusrsctp.so",
    ] {
        assert!(
            ldd.lines().any(|l| l.contains(lib) && l.contains("=> /")),
            "{lib} is not linked (from the system):\n{ldd}"
        );
    }
    // SRTP must not go through NSS (Debian's binary libsrtp2 does: slow per packet).
    assert!(!ldd.contains("libnss3"), "NSS is linked:\n{ldd}");
}

#[test]
fn srtp_crypto_runs_on_openssl() {
    let bytes = std::fs::read(binary()).expect("read the binary");
    for cipher in [
        "AES-128 GCM using openssl",
        "AES-128 counter mode using openssl",
    ] {
        assert!(
            bytes.windows(cipher.len()).any(|w| w == cipher.as_bytes()),
            "libsrtp2's {cipher:?} is not built in: SRTP does not use OpenSSL"
        );
    }
}

#[test]
fn no_openssl_1_is_built_in() {
    let bytes = std::fs::read(binary()).expect("read the binary");
    let needle = b"OpenSSL 1.";
    let found = bytes.windows(needle.len()).position(|w| w == needle);
    assert_eq!(
        found, None,
        "the binary carries an OpenSSL 1.x version string: a vendored OpenSSL is linked in"
    );
}

#[tokio::test]
async fn start_up_log_names_mediasoup_and_openssl() {
    let server = Server::start();
    let log = server.log_text();
    let line = log
        .lines()
        .find(|l| l.contains("media engine:"))
        .unwrap_or_else(|| panic!("no media engine line in the log:\n{log}"));
    assert!(line.contains("mediasoup 0.15.0"), "{line}");
    assert!(line.contains("DTLS on OpenSSL 3."), "{line}");
}
