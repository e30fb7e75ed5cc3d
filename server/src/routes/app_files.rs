//! The built app (Trunk's `dist/`). Paths that are not files get
//! `index.html`, so the app's own routes (`/laporan/…`) survive a reload.

use std::path::Path;

use tower_http::services::{ServeDir, ServeFile};

pub fn service(dist_dir: &Path) -> ServeDir<tower_http::set_status::SetStatus<ServeFile>> {
    ServeDir::new(dist_dir).not_found_service(ServeFile::new(dist_dir.join("index.html")))
}
