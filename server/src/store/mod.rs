//! Persistence behind one interface. SQLite is the default (a file under the
//! data directory); PostgreSQL joins behind the same trait for deployments
//! with several replicas. SQL is written with `$n` placeholders, which both
//! backends accept.

mod account_queries;
pub mod accounts;
pub mod dashboard;
mod dashboard_queries;
mod postgres;
mod queries;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use netral_shared::cases::{CaseDetail, CaseList};
use netral_shared::sync::{Outcome, ReportStatus, StoredReport};
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
    /// A concurrent writer stored one of the batch's reports first; the
    /// whole batch rolled back and a retry will see it as a replay.
    #[error("a report of the batch was stored concurrently")]
    Conflict,
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

/// What grouping did in one committed batch, for the metrics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchStats {
    /// New reports placed in a case that existed before the batch.
    pub grouped_into_existing: u64,
    /// Existing cases joined because a new report matched both.
    pub cases_merged: u64,
}

#[async_trait]
pub trait Store: accounts::AccountStore + dashboard::DashboardStore + Send + Sync {
    /// Stores a batch in one transaction and returns one outcome per report,
    /// in order. Returns only after the commit, so an outcome is durable.
    async fn sync_batch(&self, batch: &[Incoming]) -> Result<Vec<Outcome>, StoreError> {
        Ok(self.sync_batch_stats(batch).await?.0)
    }

    /// [`Store::sync_batch`], also saying what grouping did.
    async fn sync_batch_stats(
        &self,
        batch: &[Incoming],
    ) -> Result<(Vec<Outcome>, BatchStats), StoreError>;

    /// Whether every migration this binary embeds is applied (a replica of
    /// an older binary, or a database restored from an older backup, is not
    /// ready for this one).
    async fn schema_current(&self) -> Result<bool, StoreError>;

    async fn report(&self, id: Uuid) -> Result<Option<StoredReport>, StoreError>;

    /// The state of the given reports sent by `device_id` (unknown ids, and
    /// other devices' reports, are left out).
    async fn statuses(&self, ids: &[Uuid], device_id: i64)
    -> Result<Vec<ReportStatus>, StoreError>;

    /// Cheap round trip, for readiness checks.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Live (not merged) cases, most recently changed first.
    async fn list_cases(&self, filter: &CaseFilter) -> Result<CaseList, StoreError>;

    /// A live case with its reports; `None` if unknown or merged away.
    async fn case(&self, id: i64) -> Result<Option<CaseDetail>, StoreError>;

    /// The live case a case id stands for now (itself, or the case it was
    /// merged into); `None` if unknown.
    async fn resolve_case(&self, id: i64) -> Result<Option<i64>, StoreError>;

    /// Moves a report out of `case_id` into a new case that automatic
    /// grouping will never join with `case_id` again. `None` if the report
    /// is not in the case or is its only report.
    /// `audit` is written in the same transaction, with `new_case_id` added
    /// to its details.
    async fn split(
        &self,
        case_id: i64,
        report_id: Uuid,
        audit: &crate::audit::Audit,
    ) -> Result<Option<i64>, StoreError>;

    /// Moves every report of `other` into `case_id`. `false` if either is
    /// not a live case.
    async fn merge(
        &self,
        case_id: i64,
        other: i64,
        audit: &crate::audit::Audit,
    ) -> Result<bool, StoreError>;
}

#[derive(Clone, Debug, Default)]
pub struct CaseFilter {
    pub province: Option<String>,
    pub regency: Option<String>,
    pub limit: u32,
    pub offset: u32,
    /// Only cases whose region lies in these codes (a coordinator's
    /// scope); `None` for every case.
    pub scopes: Option<Vec<String>>,
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

pub fn now_ms() -> i64 {
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
