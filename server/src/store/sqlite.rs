//! The SQLite store: one file, WAL so readers never wait for the writer, and
//! `synchronous = FULL` because an acknowledged report must survive a power
//! cut, not only a crash of the process.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::account_queries::impl_account_store;
use super::dashboard_queries::impl_dashboard_store;
use super::queries::impl_store;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub async fn open_file(path: &Path) -> Result<SqliteStore, StoreError> {
        SqliteStore::open(SqliteConnectOptions::new().filename(path)).await
    }

    pub async fn open_url(url: &str) -> Result<SqliteStore, StoreError> {
        SqliteStore::open(SqliteConnectOptions::from_str(url)?).await
    }

    async fn open(options: SqliteConnectOptions) -> Result<SqliteStore, StoreError> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // 64 MiB of page cache per connection (the default is 2 MiB):
            // grouping probes the key index at random, and a cache that
            // holds the indexes keeps ingest speed flat as the file grows.
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory")
            // Checkpoint every ~40 MiB of WAL instead of every 4 MiB: each
            // checkpoint fsyncs the database file, and ingest bursts write
            // fast enough that the default checkpoints several times a second.
            .pragma("wal_autocheckpoint", "10000");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(SqliteStore { pool })
    }
}

// IMMEDIATE takes the write lock at BEGIN: a batch that reads before it
// writes would otherwise fail when another writer commits in between.
impl_store!(
    SqliteStore,
    sqlx::Sqlite,
    begin = "BEGIN IMMEDIATE",
    lock = ""
);

impl_account_store!(SqliteStore, sqlx::Sqlite, begin = "BEGIN IMMEDIATE");

impl_dashboard_store!(SqliteStore, sqlx::Sqlite, begin = "BEGIN IMMEDIATE");
