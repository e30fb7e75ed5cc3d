//! The `netral` command line: one binary, one subcommand per job. Every
//! setting is a flag and a `NETRAL_…` environment variable.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{ServeArgs, StoreArgs};
use crate::ops::telemetry::LogFormat;

/// Netral: records of civil-servant election-neutrality violations, synced
/// from volunteers' phones and grouped into cases for coordinators.
#[derive(Parser)]
#[command(name = "netral", version)]
pub struct Cli {
    /// Log lines for people (`text`) or one JSON object per line (`json`).
    #[arg(
        long,
        global = true,
        env = "NETRAL_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    pub log_format: LogFormat,
    /// Which log lines to write, as `tracing` directives: `warn`, `debug`,
    /// or per target, e.g. `info,netral::http=warn` (no request lines).
    /// Unset: `RUST_LOG` if set, else `info` (database driver and HTTP
    /// library at `warn`).
    #[arg(
        long,
        global = true,
        env = "NETRAL_LOG",
        value_name = "FILTER",
        value_parser = crate::ops::telemetry::parse_filter
    )]
    pub log_filter: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the API and the built app on one port (runs migrations first).
    /// Stops on SIGTERM or Ctrl-C after answering the requests in flight.
    // Boxed: its settings are many times the size of the other commands'.
    Serve(Box<ServeArgs>),
    /// Create or upgrade the database schema, then exit.
    Migrate(StoreArgs),
    /// Write a consistent snapshot of a SQLite database and its evidence
    /// files to a new directory, safely while the server runs. For
    /// PostgreSQL use `pg_dump` instead.
    Backup(BackupArgs),
    /// Import a backup file downloaded from a phone ("Unduh cadangan"):
    /// its reports are validated and stored exactly as a sync would store
    /// them, its photos verified and stored; importing twice stores nothing
    /// twice.
    Import(ImportArgs),
    /// Accounts from the server's shell: the first admin, password resets,
    /// organisations, invite codes.
    Admin(crate::ops::admin::AdminArgs),
}

#[derive(clap::Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// The directory to write to (created; must not already hold a backup).
    pub dest_dir: PathBuf,
}

#[derive(clap::Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// The phone's backup file (`netral-cadangan-….json`).
    pub file: PathBuf,
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;
    use std::path::PathBuf;
    use std::process::Command as Process;
    use std::time::Duration;

    use clap::{CommandFactory, Parser};

    use super::{Cli, Command};
    use crate::config::CookieSecure;
    use crate::config::Settings;
    use crate::ops::telemetry::LogFormat;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// The README promises every setting of `serve` as a flag and a
    /// `NETRAL_…` variable; a new flag without one fails here.
    #[test]
    fn every_setting_has_a_netral_variable() {
        let cli = Cli::command();
        let serve = cli.find_subcommand("serve").unwrap();
        for arg in serve.get_arguments().chain(cli.get_arguments()) {
            let id = arg.get_id().as_str();
            if arg.is_positional() || matches!(id, "help" | "version") {
                continue;
            }
            let env = arg.get_env().and_then(|e| e.to_str()).unwrap_or_default();
            assert!(env.starts_with("NETRAL_"), "--{id} has no NETRAL_ variable");
        }
    }

    /// `netral help …` is the manual on a server without the README.
    #[test]
    fn every_flag_and_argument_is_explained() {
        fn walk(command: &clap::Command, path: &str) {
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if !matches!(id, "help" | "version") {
                    assert!(arg.get_help().is_some(), "{path} {id} has no help");
                }
            }
            for sub in command.get_subcommands() {
                assert!(
                    sub.get_about().is_some(),
                    "{path} {} has no help",
                    sub.get_name()
                );
                walk(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        walk(&Cli::command(), "netral");
    }

    fn serve(cli: Cli) -> (Settings, LogFormat, Option<String>) {
        match cli.command {
            Command::Serve(args) => ((*args).into(), cli.log_format, cli.log_filter),
            _ => panic!("not serve"),
        }
    }

    /// The environment is one per process and clap reads it directly, so
    /// each case runs this test binary again, as a child holding exactly
    /// the variables the case sets; parallel tests never see them.
    fn in_child(case: &str, vars: &[(&str, &str)]) {
        let out = Process::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "ops::cli::tests::settings_from_a_controlled_environment",
                "--nocapture",
                "--test-threads=1",
            ])
            .env_clear()
            .env("NETRAL_CLI_TEST_CASE", case)
            .envs(vars.iter().copied())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "{case}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn settings_default_and_come_from_netral_variables() {
        in_child("defaults", &[]);
        in_child(
            "environment",
            &[
                ("NETRAL_LISTEN", "0.0.0.0:9000"),
                ("NETRAL_DATA_DIR", "/srv/netral/data"),
                ("NETRAL_DATABASE_URL", "postgres://netral@db/netral"),
                ("NETRAL_DIST_DIR", "/srv/netral/dist"),
                ("NETRAL_EVIDENCE_URL", "s3://bukti/prod"),
                ("NETRAL_LOG_FORMAT", "json"),
                ("NETRAL_LOG", "warn,netral::http=info"),
                ("NETRAL_COOKIE_SECURE", "always"),
                ("NETRAL_TRUST_FORWARDED_FOR", "true"),
                ("NETRAL_HEADER_TIMEOUT", "10s"),
                ("NETRAL_BODY_TIMEOUT", "2m"),
                ("NETRAL_REQUEST_TIMEOUT", "300"),
                ("NETRAL_EVIDENCE_FILES_PER_DAY", "50"),
                ("NETRAL_EVIDENCE_MB_PER_DAY", "100"),
                ("NETRAL_EVIDENCE_GRACE", "14d"),
                ("NETRAL_EXPORT_MAX_CASES", "1000"),
                // Read only when neither the flag nor NETRAL_LOG is set.
                ("RUST_LOG", "trace"),
            ],
        );
        in_child("bad_filter", &[("NETRAL_LOG", "info,netral=loud")]);
    }

    /// Does its work only in a child started by the test above.
    #[test]
    fn settings_from_a_controlled_environment() {
        let Ok(case) = std::env::var("NETRAL_CLI_TEST_CASE") else {
            return;
        };
        let parse = |args: &[&str]| Cli::try_parse_from(["netral"].iter().chain(args));
        match case.as_str() {
            "defaults" => {
                let (s, format, filter) = serve(parse(&["serve"]).unwrap());
                assert_eq!(s.listen, SocketAddr::from(([127, 0, 0, 1], 8080)));
                assert_eq!(s.data_dir, PathBuf::from("./data"));
                assert_eq!(s.sqlite_path(), PathBuf::from("./data/netral.db"));
                assert_eq!(s.database_url, None);
                assert_eq!(s.dist_dir, PathBuf::from("./dist"));
                assert_eq!(s.evidence_url, None);
                assert_eq!(s.cookie_secure, CookieSecure::Auto);
                assert!(!s.trust_forwarded_for);
                assert_eq!(s.limits, crate::config::Limits::default());
                assert_eq!(format, LogFormat::Text);
                assert_eq!(filter, None);
                assert_eq!(
                    crate::ops::telemetry::filter_directives(None),
                    "info,sqlx=warn,tower_http=warn"
                );
            }
            "environment" => {
                let (s, format, filter) = serve(parse(&["serve"]).unwrap());
                assert_eq!(s.listen, SocketAddr::from(([0, 0, 0, 0], 9000)));
                assert_eq!(s.data_dir, PathBuf::from("/srv/netral/data"));
                assert_eq!(
                    s.database_url.as_deref(),
                    Some("postgres://netral@db/netral")
                );
                assert_eq!(s.dist_dir, PathBuf::from("/srv/netral/dist"));
                assert_eq!(s.evidence_url.as_deref(), Some("s3://bukti/prod"));
                assert_eq!(s.cookie_secure, CookieSecure::Always);
                assert!(s.trust_forwarded_for);
                assert_eq!(
                    s.limits,
                    crate::config::Limits {
                        header_timeout: Duration::from_secs(10),
                        body_timeout: Duration::from_secs(120),
                        request_timeout: Duration::from_secs(300),
                        evidence_files_per_day: 50,
                        evidence_mb_per_day: 100,
                        evidence_grace: Duration::from_secs(14 * 24 * 3600),
                        export_max_cases: 1000,
                        ..crate::config::Limits::default()
                    }
                );
                assert_eq!(format, LogFormat::Json);
                assert_eq!(filter.as_deref(), Some("warn,netral::http=info"));
                assert_eq!(
                    crate::ops::telemetry::filter_directives(filter.as_deref()),
                    "warn,netral::http=info"
                );
                // A flag wins over its variable.
                let (s, _, filter) = serve(
                    parse(&["serve", "--listen", "127.0.0.1:1", "--log-filter", "debug"]).unwrap(),
                );
                assert_eq!(s.listen, SocketAddr::from(([127, 0, 0, 1], 1)));
                assert_eq!(filter.as_deref(), Some("debug"));
                // The admin commands find the same database.
                let Command::Admin(admin) = parse(&["admin", "create", "--username", "a"])
                    .unwrap()
                    .command
                else {
                    panic!("not admin");
                };
                assert_eq!(admin.data_dir, PathBuf::from("/srv/netral/data"));
                assert_eq!(
                    admin.database_url.as_deref(),
                    Some("postgres://netral@db/netral")
                );
            }
            "bad_filter" => {
                let err = parse(&["serve"])
                    .err()
                    .expect("a bad NETRAL_LOG is refused");
                assert!(err.to_string().contains("netral=loud"), "{err}");
            }
            other => panic!("unknown case {other}"),
        }
    }
}
