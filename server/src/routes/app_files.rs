//! The built app (Trunk's `dist/`). App routes (`/laporan/…`) are not files:
//! they get `index.html` with 200, so a reload or a shared link opens the
//! app. A missing file (a path with an extension) stays a plain 404, so a
//! stale asset name is never answered with HTML.
//!
//! Files are sent precompressed when `scripts/precompress.py` wrote a `.br`
//! or `.gz` beside them and the browser accepts it. Trunk's hashed files
//! never change under their name, so browsers keep them for a year; every
//! other file is revalidated, because `index.html` and `sw.js` name the
//! current hashed files and must never be stale.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::services::ServeDir;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

pub fn service(dist_dir: &Path) -> Router {
    let dist = dist_dir.to_owned();
    let files = ServeDir::new(dist_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(get(move |uri: Uri| {
            let index = shell_for(&dist, uri.path());
            app_shell(uri, index)
        }));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let immutable = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if !response.status().is_success() && response.status() != StatusCode::NOT_MODIFIED {
        return response;
    }
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if immutable { IMMUTABLE } else { REVALIDATE }),
    );
    // The same URL answers with a different body per Accept-Encoding; a
    // shared cache must keep them apart.
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Trunk's content-hashed names: `netral-app-<16 hex>.js`,
/// `netral-app-<16 hex>_bg.wasm`, `style-<16 hex>.css`.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if !matches!(ext, "js" | "wasm" | "css") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The coordinators' dashboard is its own app (its own WASM bundle, so the
/// volunteers' phones never download it) under `/dasbor/`.
fn shell_for(dist: &Path, path: &str) -> PathBuf {
    let dashboard = crate::security::DASHBOARD_DIR;
    let in_dashboard = path
        .strip_prefix('/')
        .and_then(|p| p.strip_prefix(dashboard))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    if in_dashboard {
        dist.join(dashboard).join("index.html")
    } else {
        dist.join("index.html")
    }
}

async fn app_shell(uri: Uri, index: PathBuf) -> Response {
    let last = uri.path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return StatusCode::NOT_FOUND.into_response();
    }
    match tokio::fs::read(&index).await {
        Ok(html) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, REVALIDATE),
            ],
            html,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "The app is not built: run ./x start").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_hashed, shell_for};
    use std::path::Path;

    #[test]
    fn dashboard_paths_get_the_dashboard_shell() {
        let dist = Path::new("/d");
        assert_eq!(
            shell_for(dist, "/dasbor"),
            Path::new("/d/dasbor/index.html")
        );
        assert_eq!(
            shell_for(dist, "/dasbor/kasus/3"),
            Path::new("/d/dasbor/index.html")
        );
        assert_eq!(shell_for(dist, "/dasborx"), Path::new("/d/index.html"));
        assert_eq!(shell_for(dist, "/laporan/1"), Path::new("/d/index.html"));
    }

    #[test]
    fn recognises_trunks_hashed_names_only() {
        for hashed in [
            "/netral-app-a25fd282fe4ca093.js",
            "/netral-app-a25fd282fe4ca093_bg.wasm",
            "/style-b5e0b0737d9ce8e4.css",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/sw.js",
            "/manifest.webmanifest",
            "/icons/icon-192.png",
            "/app-123.js",
            "/style-b5e0b0737d9ce8e4.css.map",
            "/laporan/0193a1b2-0000-7000-8000-000000000001",
        ] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }
}
