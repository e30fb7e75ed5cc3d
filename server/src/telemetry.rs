//! Logging. Human-readable lines by default; `RUST_LOG` picks the level.
//! Request logs carry method, path and status only, never bodies, since
//! bodies hold reporters' and reported people's personal data.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    // A second init (several tests in one process) is harmless: ignore it.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
