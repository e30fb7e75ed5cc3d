//! Persistence: the database (SQLite by default, a file under the data
//! directory; PostgreSQL for deployments with several replicas) behind the
//! [`Store`] traits, and evidence files ([`evidence`]). The store returns
//! rows; the services above build the wire forms (timelines, deadlines,
//! formal gaps) from them. It imports nothing of the layers above.

pub mod accounts;
mod accounts_sql;
pub mod audit;
pub mod case_desk;
mod case_desk_sql;
mod db;
pub mod evidence;
mod identity;
mod incoming;
pub mod plan;
mod reports;
mod sql;
pub mod uploads;

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use netral_shared::cases::{CaseMember, CaseSummary};
use netral_shared::sync::{Outcome, ReportStatus, StoredReport};
use netral_shared::workflow::Forwarding;
use uuid::Uuid;

use crate::config::Settings;
use crate::keys::Keys;

pub use db::{Backend, SqlStore};
pub use incoming::Incoming;
use plan::{Existing, Found, Plan};

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
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
    /// The database was first started with another server secret.
    #[error(
        "this database belongs to another server secret: start with the key it was made with \
         (NETRAL_SECRET_KEY or the key file; see DEPLOY.md, The server secret)"
    )]
    WrongKey,
    /// A sealed identity that does not open with the server secret.
    #[error("the sealed identity of report {0} does not open with this server secret")]
    Unsealable(String),
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

/// Decides where a batch's reports go from what the database holds for
/// them (`services::grouping::plan`): the batch, the stored rows of its ids,
/// the stored reports sharing a key with it, the separated case pairs among
/// those, and the highest case id.
pub type Planner = fn(&[Incoming], &HashMap<String, Existing>, Found, &[(i64, i64)], i64) -> Plan;

/// A live case as stored: its summary, reports, timeline entries,
/// forwardings, and its first report's current body (for the formal
/// checklist) with whether a contact was given.
#[derive(Clone, Debug)]
pub struct CaseRows {
    pub summary: SummaryRow,
    pub reports: Vec<CaseMember>,
    pub events: Vec<EventRow>,
    pub forwardings: Vec<Forwarding>,
    pub first_body: Option<(String, bool)>,
    /// Its open (not dismissed) "possibly the same" links.
    pub links: Vec<LinkRow>,
}

/// A "possibly the same" link as stored, seen from `case_id`.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LinkRow {
    pub case_id: i64,
    pub other_case_id: i64,
    pub other_province: String,
    pub other_regency: String,
    pub case_province: String,
    pub case_regency: String,
    pub reason: String,
    pub report_id: String,
    pub created_at: i64,
}

/// A case's summary as derived from its reports (its `deadline` left to the
/// caller), with the election kinds its reports name, first report first.
#[derive(Clone, Debug)]
pub struct SummaryRow {
    pub summary: CaseSummary,
    pub election_kinds: Vec<String>,
}

impl LinkRow {
    /// The same link as seen from `case_id`'s side.
    pub fn seen_from(self, case_id: i64) -> LinkRow {
        if self.case_id == case_id {
            return self;
        }
        LinkRow {
            case_id: self.other_case_id,
            other_case_id: self.case_id,
            other_province: self.case_province,
            other_regency: self.case_regency,
            case_province: self.other_province,
            case_regency: self.other_regency,
            ..self
        }
    }
}

/// One stored timeline entry; `details` is the JSON the change wrote.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EventRow {
    pub at: i64,
    pub actor_username: String,
    pub action: String,
    pub details: String,
    pub note: String,
}

#[async_trait]
pub trait Store:
    accounts::AccountStore + case_desk::DashboardStore + uploads::UploadStore + Send + Sync
{
    /// Stores a batch in one transaction, grouped into cases by `planner`,
    /// and returns one outcome per report, in order, and what grouping did.
    /// Returns only after the commit, so an outcome is durable.
    async fn sync_batch_stats(
        &self,
        batch: &[Incoming],
        planner: Planner,
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

    /// A live case with its reports; `None` if unknown or merged away.
    async fn case(&self, id: i64) -> Result<Option<CaseRows>, StoreError>;

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
        audit: &audit::Audit,
    ) -> Result<Option<i64>, StoreError>;

    /// Open "possibly the same" links, newest first (at most `limit`).
    async fn open_links(&self, limit: u32) -> Result<Vec<LinkRow>, StoreError>;

    /// Marks the link between two cases dismissed, with `audit`; `false` if
    /// there is no open one.
    async fn dismiss_link(&self, a: i64, b: i64, audit: &audit::Audit) -> Result<bool, StoreError>;

    /// Moves every report of `other` into `case_id`. `false` if either is
    /// not a live case.
    async fn merge(
        &self,
        case_id: i64,
        other: i64,
        audit: &audit::Audit,
    ) -> Result<bool, StoreError>;
}

/// Opens the configured database and brings its schema up to date.
/// The server secret comes from the settings ([`Keys::load`]).
pub async fn connect(settings: &Settings) -> Result<Arc<dyn Store>, StoreError> {
    let keys = Arc::new(Keys::load(settings)?);
    connect_with(settings, keys).await
}

/// [`connect`] with the server secret already loaded.
pub async fn connect_with(
    settings: &Settings,
    keys: Arc<Keys>,
) -> Result<Arc<dyn Store>, StoreError> {
    match settings.database_url.as_deref() {
        None => {
            std::fs::create_dir_all(&settings.data_dir).map_err(StoreError::DataDir)?;
            Ok(Arc::new(
                SqlStore::open_file(&settings.sqlite_path(), keys).await?,
            ))
        }
        Some(url) => Ok(Arc::new(SqlStore::open(url, keys).await?)),
    }
}

pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

pub fn format_ms(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
