//! The client's static files from `--dist-dir`.
//!
//! - The brotli or gzip variant `cargo xtask dist` wrote next to each file
//!   (`F.br`, `F.gz`) when the browser accepts it (`Content-Encoding`, `Vary`).
//! - Hashed names (trunk's `name-<16 hex>.ext`) never change content, so the
//!   browser may keep them a year without asking again (`immutable`); every
//!   other file, `index.html` above all, is revalidated on each load
//!   (`no-cache` + `Last-Modified`), so a new release is seen at once.
//! - Paths without a file extension are the app's own URLs (`/?roomId=…`,
//!   `/room/x`): they get `index.html`. A missing file *with* an extension is
//!   a 404, not `index.html` under a `.js` name (a stale cached page asking for
//!   an old bundle then fails clearly instead of parsing HTML as JavaScript).

use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, VARY, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// A year: the longest `max-age` caches honour.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Always revalidate (a cheap 304 while unchanged).
const REVALIDATE: &str = "no-cache";

/// Serves `request` from `dist`.
pub async fn serve(dist: &Path, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true);
    // ServeDir and ServeFile answer I/O errors themselves (500): their error is Infallible.
    let Ok(response) = files.oneshot(request_parts_copy(&request)).await;
    let response = if response.status() == StatusCode::NOT_FOUND && is_app_route(&path) {
        let Ok(index) = index(dist).oneshot(request).await;
        index.map(Body::new)
    } else {
        response.map(Body::new)
    };
    with_cache_headers(&path, response)
}

/// `index.html` (for `/` and the app's routes).
pub async fn serve_index(dist: &Path, request: Request) -> Response {
    let Ok(response) = index(dist).oneshot(request).await;
    with_cache_headers("/index.html", response.map(Body::new))
}

fn index(dist: &Path) -> ServeFile {
    ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip()
}

/// The same method, URI and headers without the body (static GETs have none),
/// so the request can be offered to the index fallback afterwards.
fn request_parts_copy(request: &Request) -> Request {
    let mut copy = Request::new(Body::empty());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

fn with_cache_headers(path: &str, mut response: Response) -> Response {
    let ok = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let policy = if ok && is_hashed(path) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // The body depends on Accept-Encoding (a br, gzip or plain variant): shared
    // caches (an Ingress, a CDN) must keep them apart.
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// The last path segment has no extension: one of the app's own addresses.
fn is_app_route(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    !last.contains('.')
}

/// trunk's content-hashed names: `stem-<16 lowercase hex>[_bg].ext`.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let Some((stem, _ext)) = name.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((base, hash)) => {
            !base.is_empty()
                && hash.len() == 16
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_names_are_hashed() {
        assert!(is_hashed("/stunroom-client-35f2d3aa84b24f42_bg.wasm"));
        assert!(is_hashed("/stunroom-client-35f2d3aa84b24f42.js"));
        assert!(is_hashed("/style-44c55c66e32de1ea.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/"));
        assert!(!is_hashed("/favicon.ico"));
        assert!(!is_hashed("/style-44c55c66e32de1eZ.css"));
        assert!(!is_hashed("/-44c55c66e32de1ea.css"));
        assert!(!is_hashed("/ref/bundle.js"));
    }

    #[test]
    fn app_routes_have_no_extension() {
        assert!(is_app_route("/"));
        assert!(is_app_route("/room/demo"));
        assert!(!is_app_route("/stunroom-client-0000000000000000.js"));
    }
}
