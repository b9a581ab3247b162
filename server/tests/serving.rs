//! The client as a browser downloads it (issue 11): the real release build in
//! dist/ (built by `cargo xtask dist`, which the test command runs first),
//! served by the real binary and read over plain HTTP/1.1.
//!
//! Asserted: brotli and gzip variants chosen by `Accept-Encoding` that decode
//! to exactly the plain file; `Vary: accept-encoding`; a year and `immutable`
//! for trunk's hashed names, `no-cache` (revalidation, 304) for index.html;
//! `Content-Type`s; the wasm preloaded from index.html; a 404 (not index.html)
//! for a missing asset while the app's own routes get index.html; the wasm is
//! the wasm-opt output (no name section). Prints the bytes on the wire before
//! joining, the figure `cargo xtask bench first-frame` reports too.

mod e2e;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use e2e::{dist_dir, Server};

struct Reply {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }
}

fn get(server: &Server, path: &str, extra: &[(&str, &str)]) -> Reply {
    let addr = server.base_url.trim_start_matches("http://");
    let mut tcp = TcpStream::connect(addr).expect("connect to the server");
    tcp.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("read timeout");
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in extra {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    tcp.write_all(request.as_bytes()).expect("send request");
    let mut raw = Vec::new();
    tcp.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of the response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn unbrotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(data, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

fn ungzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

/// The value of `attr="…"` in an HTML tag.
fn attr<'a>(tag: &'a str, attr: &str) -> Option<&'a str> {
    let start = tag.find(&format!("{attr}=\""))? + attr.len() + 2;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Every `<link …>` tag of the page.
fn links(html: &str) -> Vec<&str> {
    html.match_indices("<link ")
        .filter_map(|(i, _)| html[i..].find('>').map(|end| &html[i..i + end]))
        .collect()
}

/// Custom section names of a wasm module.
fn custom_sections(wasm: &[u8]) -> Vec<String> {
    fn leb(data: &[u8], pos: &mut usize) -> usize {
        let (mut value, mut shift) = (0usize, 0);
        loop {
            let byte = data[*pos];
            *pos += 1;
            value |= ((byte & 0x7f) as usize) << shift;
            if byte & 0x80 == 0 {
                return value;
            }
            shift += 7;
        }
    }
    assert_eq!(&wasm[..4], b"\0asm", "a wasm module");
    let mut pos = 8;
    let mut names = Vec::new();
    while pos < wasm.len() {
        let id = wasm[pos];
        pos += 1;
        let size = leb(wasm, &mut pos);
        let end = pos + size;
        if id == 0 {
            let mut p = pos;
            let len = leb(wasm, &mut p);
            names.push(String::from_utf8_lossy(&wasm[p..p + len]).into_owned());
        }
        pos = end;
    }
    names
}

#[test]
fn the_client_is_compressed_cached_and_preloaded() {
    let server = Server::start(&dist_dir());
    let both = [("Accept-Encoding", "br, gzip")];

    // index.html: brotli, revalidated on every load.
    let index = get(&server, "/", &both);
    assert_eq!(index.status, 200);
    assert_eq!(index.header("content-encoding"), "br");
    assert_eq!(index.header("cache-control"), "no-cache");
    assert_eq!(index.header("vary"), "accept-encoding");
    assert!(index.header("content-type").starts_with("text/html"));
    let html = String::from_utf8(unbrotli(&index.body)).expect("UTF-8 index.html");
    let plain = get(&server, "/index.html", &[]);
    assert_eq!(plain.header("content-encoding"), "", "no encoding unasked");
    assert_eq!(plain.body, html.as_bytes(), "br variant == index.html");

    // Revalidation costs a 304 and no body.
    let since = index.header("last-modified").to_owned();
    assert!(!since.is_empty(), "index.html has Last-Modified");
    let again = get(&server, "/", &[("If-Modified-Since", &since)]);
    assert_eq!(again.status, 304, "unchanged index.html revalidates to 304");
    assert!(again.body.is_empty());

    // What the page loads: the module script's JS and wasm, the CSS; the
    // wasm and the JS are preloaded so they download while the HTML parses.
    let links = links(&html);
    let preload = links
        .iter()
        .find(|l| attr(l, "rel") == Some("preload") && attr(l, "type") == Some("application/wasm"))
        .unwrap_or_else(|| panic!("no wasm preload in index.html:\n{html}"));
    assert_eq!(attr(preload, "as"), Some("fetch"), "{preload}");
    let wasm = attr(preload, "href").expect("preload href").to_owned();
    let js = links
        .iter()
        .find(|l| attr(l, "rel") == Some("modulepreload"))
        .and_then(|l| attr(l, "href"))
        .unwrap_or_else(|| panic!("no modulepreload in index.html:\n{html}"))
        .to_owned();
    let css = links
        .iter()
        .find(|l| attr(l, "rel") == Some("stylesheet"))
        .and_then(|l| attr(l, "href"))
        .unwrap_or_else(|| panic!("no stylesheet in index.html:\n{html}"))
        .to_owned();
    assert!(
        html.contains(&format!("module_or_path: '{wasm}'")),
        "the module script loads the preloaded wasm"
    );

    let mut on_wire = index.body.len();
    let mut plain_total = plain.body.len();
    for (path, content_type) in [
        (&wasm, "application/wasm"),
        (&js, "text/javascript"),
        (&css, "text/css"),
    ] {
        let plain = get(&server, path, &[]);
        assert_eq!(plain.status, 200, "{path}");
        assert_eq!(plain.header("content-type"), content_type, "{path}");
        assert_eq!(
            plain.header("cache-control"),
            "public, max-age=31536000, immutable",
            "{path} is content-hashed"
        );
        let br = get(&server, path, &both);
        assert_eq!(br.header("content-encoding"), "br", "{path}");
        assert_eq!(br.header("content-type"), content_type, "{path}");
        assert_eq!(br.header("vary"), "accept-encoding", "{path}");
        assert_eq!(unbrotli(&br.body), plain.body, "{path}: br variant == file");
        let gz = get(&server, path, &[("Accept-Encoding", "gzip")]);
        assert_eq!(gz.header("content-encoding"), "gzip", "{path}");
        assert_eq!(ungzip(&gz.body), plain.body, "{path}: gzip variant == file");
        assert!(br.body.len() < gz.body.len() && gz.body.len() < plain.body.len());
        println!(
            "{path}: {} B, br {} B, gzip {} B",
            plain.body.len(),
            br.body.len(),
            gz.body.len()
        );
        on_wire += br.body.len();
        plain_total += plain.body.len();
        if content_type == "application/wasm" {
            let sections = custom_sections(&plain.body);
            assert!(
                !sections.iter().any(|s| s == "name" || s == "producers"),
                "the served wasm is wasm-opt's output (stripped), custom sections: {sections:?}"
            );
        }
    }
    println!("before joining, on the wire (br): {on_wire} B (uncompressed {plain_total} B)");

    // A missing asset is a 404, not index.html under a .js name; the app's
    // own routes get index.html.
    let missing = get(&server, "/stunroom-client-0123456789abcdef.js", &both);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("cache-control"), "no-cache");
    let route = get(&server, "/room/demo", &both);
    assert_eq!(route.status, 200);
    assert_eq!(unbrotli(&route.body), html.as_bytes());
    assert_eq!(route.header("cache-control"), "no-cache");
}
