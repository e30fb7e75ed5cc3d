//! Settings. Every one is a flag and a `NETRAL_…` environment variable, with
//! defaults that work on a laptop with nothing set up.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use netral_shared::calendar::{Calendar, CalendarChanges, ChangesError};

#[derive(clap::Args, Clone, Debug)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "NETRAL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub store: StoreArgs,
    /// The built app (Trunk's output).
    #[arg(long, env = "NETRAL_DIST_DIR", default_value = "./dist")]
    pub dist_dir: PathBuf,
    /// When the session cookie is marked `Secure`: `auto` when a proxy says
    /// the request came over HTTPS (`X-Forwarded-Proto: https`), or always,
    /// or never.
    #[arg(long, env = "NETRAL_COOKIE_SECURE", value_enum, default_value_t = CookieSecure::Auto)]
    pub cookie_secure: CookieSecure,
    /// Take the client address for per-IP limits from the last
    /// `X-Forwarded-For` entry: only behind a proxy that sets it.
    #[arg(long, env = "NETRAL_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Days off the built-in calendar lacks or has wrong (an SKB revision
    /// after the release), one a line: `2025-12-26 cuti_bersama Cuti
    /// bersama Natal`, `2025-05-30 kerja`; see README, "Domain notes".
    /// Default: `holidays.txt` in the data directory, if there is one.
    #[arg(long = "holidays", env = "NETRAL_HOLIDAYS_FILE")]
    pub holidays_file: Option<PathBuf>,
    #[command(flatten)]
    pub limits: Limits,
    #[command(flatten)]
    pub public_statistics: PublicStatistics,
}

/// Public statistics: counts anyone may read at `/statistik` and
/// `GET /api/v1/public/statistics`, with small numbers withheld (README,
/// "Statistik publik"). Off unless switched on: a coalition decides when
/// its findings are public.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct PublicStatistics {
    /// Publish the statistics; without it every public statistics route
    /// answers 404.
    #[arg(long = "public-statistics", env = "NETRAL_PUBLIC_STATISTICS")]
    pub enabled: bool,
    /// Counts below this are withheld (shown "< 5"), with as many others
    /// as it takes that none can be recovered by subtraction; at least 2.
    #[arg(
        long = "public-statistics-threshold",
        env = "NETRAL_PUBLIC_STATISTICS_THRESHOLD",
        default_value_t = netral_shared::public_stats::DEFAULT_THRESHOLD,
        value_parser = clap::value_parser!(u64).range(netral_shared::public_stats::MIN_THRESHOLD..)
    )]
    pub threshold: u64,
    /// The coalition's name, on the page and on every chart.
    #[arg(
        long = "public-statistics-title",
        env = "NETRAL_PUBLIC_STATISTICS_TITLE",
        default_value = "Netral"
    )]
    pub title: String,
    /// The counts of one view are computed at most once in this many
    /// seconds (and browsers and proxies may keep them as long).
    #[arg(
        long = "public-statistics-cache-seconds",
        env = "NETRAL_PUBLIC_STATISTICS_CACHE_SECONDS",
        default_value_t = 60,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub cache_seconds: u64,
}

impl Default for PublicStatistics {
    fn default() -> PublicStatistics {
        PublicStatistics {
            enabled: false,
            threshold: netral_shared::public_stats::DEFAULT_THRESHOLD,
            title: "Netral".to_owned(),
            cache_seconds: 60,
        }
    }
}

/// The limits that keep one client from tying up the server: time limits at
/// the HTTP edge, per-device evidence quotas, the export's size, and how long
/// an evidence file no report names is kept.
///
/// Durations are written `30s`, `5m`, `2h` or `7d` (a bare number is
/// seconds).
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// How long a connection may take to send a request's headers before it
    /// is closed (a client that opens connections and sends nothing).
    #[arg(long, env = "NETRAL_HEADER_TIMEOUT", default_value = "30s", value_parser = parse_duration)]
    pub header_timeout: Duration,
    /// How long the server waits for the next piece of a request body
    /// before it gives up on the request (a body that trickles or stops).
    #[arg(long, env = "NETRAL_BODY_TIMEOUT", default_value = "30s", value_parser = parse_duration)]
    pub body_timeout: Duration,
    /// The longest an API request may take, body included; after it the
    /// answer is `503 request_timeout`.
    #[arg(long, env = "NETRAL_REQUEST_TIMEOUT", default_value = "120s", value_parser = parse_duration)]
    pub request_timeout: Duration,
    /// Evidence files one device may upload per 24 hours.
    #[arg(long, env = "NETRAL_EVIDENCE_FILES_PER_DAY", default_value_t = 200)]
    pub evidence_files_per_day: u64,
    /// Megabytes (MiB) of evidence one device may upload per 24 hours.
    #[arg(long, env = "NETRAL_EVIDENCE_MB_PER_DAY", default_value_t = 500)]
    pub evidence_mb_per_day: u64,
    /// How long an evidence file that no report names is kept before it is
    /// deleted (a phone uploads photos just before their report).
    #[arg(long, env = "NETRAL_EVIDENCE_GRACE", default_value = "7d", value_parser = parse_duration)]
    pub evidence_grace: Duration,
    /// The most cases one export may hold; a larger view is refused with
    /// `422 export_too_large` (narrow the filters).
    #[arg(long, env = "NETRAL_EXPORT_MAX_CASES", default_value_t = 20_000)]
    pub export_max_cases: usize,
    /// How often the server looks for evidence files no report names (not a
    /// flag: tests shorten it).
    #[arg(skip = Duration::from_secs(3600))]
    pub evidence_sweep_every: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(120),
            evidence_files_per_day: 200,
            evidence_mb_per_day: 500,
            evidence_grace: Duration::from_secs(7 * 24 * 3600),
            export_max_cases: 20_000,
            evidence_sweep_every: Duration::from_secs(3600),
        }
    }
}

impl Limits {
    pub fn evidence_bytes_per_day(&self) -> u64 {
        self.evidence_mb_per_day.saturating_mul(1024 * 1024)
    }
}

/// `30s`, `5m`, `2h`, `7d`, or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (number, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{s:?} is not a duration like 30s, 5m, 2h or 7d"))?;
    let secs = match unit {
        "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        "d" => n.saturating_mul(24 * 3600),
        _ => return Err(format!("{s:?}: the unit is s, m, h or d")),
    };
    if secs == 0 {
        return Err(format!("{s:?}: must be more than zero"));
    }
    Ok(Duration::from_secs(secs))
}

/// Where the data lives: shared by `serve`, `migrate`, `backup` and `import`,
/// so every command reads the same database and evidence the server uses.
#[derive(clap::Args, Clone, Debug)]
pub struct StoreArgs {
    /// Where the SQLite database and evidence files live.
    #[arg(long, env = "NETRAL_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; default: `netral.db` in the data directory.
    #[arg(long, env = "NETRAL_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Where evidence files live: `s3://bucket[/prefix]` for an S3-compatible
    /// object store (endpoint, region and credentials from the standard
    /// `AWS_*` variables); default: the `evidence` directory in the data
    /// directory.
    #[arg(long, env = "NETRAL_EVIDENCE_URL")]
    pub evidence_url: Option<String>,
    /// The server secret (32 bytes) that keys token hashes and seals
    /// reporters' identities; default: `netral.key` in the data directory,
    /// created with mode 0600 when missing. `NETRAL_SECRET_KEY` (64 hex
    /// digits or base64), when set, is used instead of any file.
    #[arg(long, env = "NETRAL_KEY_FILE")]
    pub key_file: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    /// `None`: `{data_dir}/evidence`.
    pub evidence_url: Option<String>,
    pub dist_dir: PathBuf,
    pub cookie_secure: CookieSecure,
    pub trust_forwarded_for: bool,
    pub limits: Limits,
    /// `None`: `{data_dir}/netral.key`.
    pub key_file: Option<PathBuf>,
    /// The server secret itself, from `NETRAL_SECRET_KEY` (never a flag:
    /// command lines are visible to every user of the machine).
    pub secret_key: Option<String>,
    /// `None`: `{data_dir}/holidays.txt` when it exists.
    pub holidays_file: Option<PathBuf>,
    pub public_statistics: PublicStatistics,
}

impl From<ServeArgs> for Settings {
    fn from(a: ServeArgs) -> Settings {
        Settings {
            listen: a.listen,
            dist_dir: a.dist_dir,
            cookie_secure: a.cookie_secure,
            trust_forwarded_for: a.trust_forwarded_for,
            limits: a.limits,
            holidays_file: a.holidays_file,
            public_statistics: a.public_statistics,
            ..Settings::from(a.store)
        }
    }
}

/// For the commands that serve nothing: the listen address and app
/// directory keep their defaults and are never used.
impl From<StoreArgs> for Settings {
    fn from(a: StoreArgs) -> Settings {
        Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            dist_dir: PathBuf::from("./dist"),
            data_dir: a.data_dir,
            database_url: a.database_url,
            evidence_url: a.evidence_url,
            cookie_secure: CookieSecure::Auto,
            trust_forwarded_for: false,
            limits: Limits::default(),
            key_file: a.key_file,
            secret_key: std::env::var("NETRAL_SECRET_KEY")
                .ok()
                .filter(|k| !k.trim().is_empty()),
            holidays_file: None,
            public_statistics: PublicStatistics::default(),
        }
    }
}

impl Settings {
    /// Settings for a throwaway instance on a free port (tests, benchmarks).
    pub fn ephemeral(data_dir: PathBuf) -> Settings {
        Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            dist_dir: data_dir.join("dist"),
            data_dir,
            database_url: None,
            evidence_url: None,
            cookie_secure: CookieSecure::Auto,
            trust_forwarded_for: false,
            limits: Limits::default(),
            key_file: None,
            secret_key: None,
            holidays_file: None,
            public_statistics: PublicStatistics::default(),
        }
    }

    /// The calendar deadlines count: built-in, with the deployment's file.
    /// A bad line stops the server with the file and line named, rather
    /// than computing deadlines from half of it.
    pub fn calendar(&self) -> Result<Calendar, CalendarFileError> {
        let path = match &self.holidays_file {
            Some(path) => path.clone(),
            None => {
                let path = self.data_dir.join("holidays.txt");
                if !path.exists() {
                    return Ok(Calendar::builtin());
                }
                path
            }
        };
        let text = std::fs::read_to_string(&path).map_err(|source| CalendarFileError::Read {
            path: path.clone(),
            source,
        })?;
        let changes = CalendarChanges::parse(&text)
            .map_err(|source| CalendarFileError::Line { path, source })?;
        Ok(Calendar::with_changes(changes))
    }

    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("netral.db")
    }

    /// Whether the database is PostgreSQL (else SQLite).
    pub fn is_postgres(&self) -> bool {
        self.database_url
            .as_deref()
            .is_some_and(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
    }
}

/// Why the deployment's holidays file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CalendarFileError {
    #[error("holidays file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("holidays file {}: {source}", path.display())]
    Line { path: PathBuf, source: ChangesError },
}

pub const SESSION_COOKIE: &str = "netral_session";
/// A session unused this long ends (a coordinator who walked away).
pub const SESSION_IDLE_MS: i64 = 12 * 3600 * 1000;
/// And every session ends this long after sign-in, used or not.
pub const SESSION_ABSOLUTE_MS: i64 = 7 * 24 * 3600 * 1000;

/// When the session cookie gets `Secure`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CookieSecure {
    /// When the request arrived over HTTPS at a proxy that says so with
    /// `X-Forwarded-Proto: https`.
    #[default]
    Auto,
    Always,
    Never,
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::parse_duration;

    #[test]
    fn durations_take_a_unit_or_are_seconds() {
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(604_800)));
        for bad in ["", "0", "0s", "s", "-1", "1.5h", "7 days", "1w"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
