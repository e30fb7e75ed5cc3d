//! The built app (Trunk's `dist/`). App routes (`/laporan/…`) are not files:
//! they get `index.html` with 200, so a reload or a shared link opens the
//! app. A missing file (a path with an extension) stays a plain 404, so a
//! stale asset name is never answered with HTML.
//!
//! Files, and the shell of an app route, are sent precompressed when
//! `scripts/precompress.py` wrote a `.br` or `.gz` beside them and the
//! browser accepts it. Trunk's hashed files
//! never change under their name, so browsers keep them for a year; every
//! other file is revalidated, because `index.html` and `sw.js` name the
//! current hashed files and must never be stale.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::services::{ServeDir, ServeFile};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

pub fn service(dist_dir: &Path) -> Router {
    // The shell of an app route is the same file as `/`, so it is sent the
    // same way: precompressed when the browser accepts it.
    let shell = |index: &Path| {
        ServeFile::new(index)
            .precompressed_br()
            .precompressed_gzip()
    };
    // The coordinators' dashboard is its own app (its own WASM bundle, so
    // the volunteers' phones never download it) under `/dasbor/`.
    let dashboard = crate::http::security::DASHBOARD_DIR;
    let dashboard_shell = shell(&dist_dir.join(dashboard).join("index.html"));
    let app_routes = Router::new()
        .route_service(&format!("/{dashboard}"), dashboard_shell.clone())
        .route_service(&format!("/{dashboard}/"), dashboard_shell.clone())
        .route_service(&format!("/{dashboard}/{{*rest}}"), dashboard_shell)
        .fallback_service(shell(&dist_dir.join("index.html")))
        .layer(middleware::from_fn(app_route));
    let files = ServeDir::new(dist_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(app_routes);
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
/// `netral-app-<16 hex>_bg.wasm`, `style-<16 hex>.css`. Not the snippets:
/// wasm-bindgen names `snippets/netral-app-<16 hex>/` after the crate's
/// name, not the files' content, so a new build with a changed `photo.js`
/// keeps its URL and it must be revalidated.
fn is_hashed(path: &str) -> bool {
    if path.split('/').any(|s| s == "snippets") {
        return false;
    }
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if !matches!(ext, "js" | "wasm" | "css") {
        return false;
    }
    has_hash_suffix(stem.strip_suffix("_bg").unwrap_or(stem))
}

/// `anything-<16 hex>`.
fn has_hash_suffix(stem: &str) -> bool {
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Paths that are not files get their app's shell; a path that names a file
/// (its last segment has an extension) and was not found stays a 404.
async fn app_route(request: Request, next: Next) -> Response {
    let last = request.uri().path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return StatusCode::NOT_FOUND.into_response();
    }
    let response = next.run(request).await;
    if response.status() == StatusCode::NOT_FOUND {
        return (StatusCode::NOT_FOUND, "The app is not built: run ./x start").into_response();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn recognises_trunks_hashed_names_only() {
        for hashed in [
            "/netral-app-a25fd282fe4ca093.js",
            "/netral-app-a25fd282fe4ca093_bg.wasm",
            "/style-b5e0b0737d9ce8e4.css",
            "/dasbor/dasbor-a5cc7ee9476b592e.css",
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
            "/snippets/netral-app-8c1da4aa87f5c8a9/",
            "/snippets/netral-app-8c1da4aa87f5c8a9/js/photo.js",
            "/dasbor/snippets/netral-app-8c1da4aa87f5c8a9/js/photo.js",
            "/snippets/netral-app/js/photo.js",
            "/snippets/netral-app-8c1da4aa87f5c8a/js/photo.js",
            "/other/netral-app-8c1da4aa87f5c8a9/js/photo.js",
        ] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }
}
