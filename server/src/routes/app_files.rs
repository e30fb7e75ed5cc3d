//! The built app (Trunk's `dist/`). App routes (`/laporan/…`) are not files:
//! they get `index.html` with 200, so a reload or a shared link opens the
//! app. A missing file (a path with an extension) stays a plain 404, so a
//! stale asset name is never answered with HTML.

use std::path::{Path, PathBuf};

use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use tower_http::services::ServeDir;

pub fn service(dist_dir: &Path) -> ServeDir<MethodRouter> {
    let index = dist_dir.join("index.html");
    ServeDir::new(dist_dir).fallback(get(move |uri: Uri| app_shell(uri, index.clone())))
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
                (header::CACHE_CONTROL, "no-cache"),
            ],
            html,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "The app is not built: run ./x start").into_response(),
    }
}
