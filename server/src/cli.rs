//! The `netral` command line: one binary, one subcommand per job. Every
//! setting is a flag and a `NETRAL_…` environment variable.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{ServeArgs, StoreArgs};
use crate::telemetry::LogFormat;

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
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the API and the built app on one port (runs migrations first).
    /// Stops on SIGTERM or Ctrl-C after answering the requests in flight.
    Serve(ServeArgs),
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
    Admin(crate::admin_cli::AdminArgs),
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
