//! Logging. Human-readable lines by default, one JSON object per line with
//! `--log-format json` (for log collectors); `--log-filter`/`NETRAL_LOG`, or
//! else `RUST_LOG`, picks the level.
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
        .with_env_filter(filter(None))
        .with_test_writer()
        .try_init();
}

/// Without a filter: every `info` line of ours, but only warnings from the
/// database driver and the HTTP library, which are chatty at `info`.
const DEFAULT_FILTER: &str = "info,sqlx=warn,tower_http=warn";

/// The directives in force: `--log-filter`/`NETRAL_LOG`, else `RUST_LOG`
/// (what Rust tools and the tests set), else [`DEFAULT_FILTER`].
pub fn filter_directives(setting: Option<&str>) -> String {
    setting
        .map(str::to_owned)
        .or_else(|| {
            std::env::var(EnvFilter::DEFAULT_ENV)
                .ok()
                .filter(|v| EnvFilter::try_new(v).is_ok())
        })
        .unwrap_or_else(|| DEFAULT_FILTER.to_owned())
}

fn filter(setting: Option<&str>) -> EnvFilter {
    EnvFilter::try_new(filter_directives(setting))
        .unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER))
}

/// For clap: a filter that does not parse stops the command at once, rather
/// than the server starting with its logs silently at another level.
pub fn parse_filter(directives: &str) -> Result<String, String> {
    EnvFilter::try_new(directives)
        .map(|_| directives.to_owned())
        .map_err(|e| format!("{e} (e.g. `info`, `warn`, `info,netral::http=warn`)"))
}

pub fn init_with(format: LogFormat, setting: Option<&str>) {
    // Colours only for a person at a terminal, never into the journal or a file.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter(setting))
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
