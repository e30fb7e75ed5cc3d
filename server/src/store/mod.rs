//! Persistence behind one interface. SQLite is the default (a file under the
//! data directory); PostgreSQL joins behind the same trait for deployments
//! with several replicas. SQL is written with `$n` placeholders, which both
//! backends accept.

mod postgres;
mod queries;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use netral_shared::sync::{Outcome, StoredReport};
use uuid::Uuid;

use crate::config::Settings;
use crate::ingest::Incoming;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached in time; worth retrying.
    #[error("database unavailable: {0}")]
    Unavailable(sqlx::Error),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL (expected sqlite://… or postgres://…)")]
    UnsupportedUrl,
    #[error("cannot create the data directory: {0}")]
    DataDir(std::io::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e)
            }
            e => StoreError::Database(e),
        }
    }
}

#[async_trait]
pub trait Store: Send + Sync {
    /// Stores a batch in one transaction and returns one outcome per report,
    /// in order. Returns only after the commit, so an outcome is durable.
    async fn sync_batch(&self, batch: &[Incoming]) -> Result<Vec<Outcome>, StoreError>;

    async fn report(&self, id: Uuid) -> Result<Option<StoredReport>, StoreError>;

    /// Cheap round trip, for readiness checks.
    async fn ping(&self) -> Result<(), StoreError>;
}

/// Opens the configured database and brings its schema up to date.
pub async fn connect(settings: &Settings) -> Result<Arc<dyn Store>, StoreError> {
    match settings.database_url.as_deref() {
        None => {
            std::fs::create_dir_all(&settings.data_dir).map_err(StoreError::DataDir)?;
            Ok(Arc::new(
                SqliteStore::open_file(&settings.sqlite_path()).await?,
            ))
        }
        Some(url) if url.starts_with("sqlite:") => Ok(Arc::new(SqliteStore::open_url(url).await?)),
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Ok(Arc::new(PgStore::open(url).await?))
        }
        Some(_) => Err(StoreError::UnsupportedUrl),
    }
}

pub(crate) fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

pub(crate) fn format_ms(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
