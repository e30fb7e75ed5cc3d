//! Logging. Human-readable lines by default, one JSON object per line with
//! `--log-format json` (for log collectors); `RUST_LOG` picks the level.
//! Logs go to stderr, so stdout stays for what a command prints for its user.
//!
//! No personal data: request spans carry the method, the matched route
//! (`/api/v1/reports/{id}`, never the raw URI with its ids and query), the
//! request id, the status and the latency; never bodies, which hold
//! reporters' and reported people's personal data.

use tracing_subscriber::EnvFilter;

#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// Lines for a person reading a terminal or the journal.
    #[default]
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

/// Human-readable logs for in-process tests and benchmarks, through the
/// test harness's capture, so only a failing test shows its logs.
pub fn init() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_test_writer()
        .try_init();
}

fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"))
}

pub fn init_with(format: LogFormat) {
    // Colours only for a person at a terminal, never into the journal or a file.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_ansi(ansi)
        .with_writer(std::io::stderr);
    // A second init (several tests in one process) is harmless: ignore it.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
}
