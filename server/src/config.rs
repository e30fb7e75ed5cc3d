//! Settings. Every one is a flag and a `NETRAL_…` environment variable, with
//! defaults that work on a laptop with nothing set up.

use std::net::SocketAddr;
use std::path::PathBuf;

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
    /// `None`: `{data_dir}/netral.key`.
    pub key_file: Option<PathBuf>,
    /// The server secret itself, from `NETRAL_SECRET_KEY` (never a flag:
    /// command lines are visible to every user of the machine).
    pub secret_key: Option<String>,
}

impl From<ServeArgs> for Settings {
    fn from(a: ServeArgs) -> Settings {
        Settings {
            listen: a.listen,
            dist_dir: a.dist_dir,
            cookie_secure: a.cookie_secure,
            trust_forwarded_for: a.trust_forwarded_for,
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
            key_file: a.key_file,
            secret_key: std::env::var("NETRAL_SECRET_KEY")
                .ok()
                .filter(|k| !k.trim().is_empty()),
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
            key_file: None,
            secret_key: None,
        }
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
