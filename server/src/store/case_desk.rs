//! What the coordinators' dashboard needs of the store beyond the case
//! reads of [`super::Store`]: the change feed for the per-replica fact
//! index, and the workflow's writes.

use async_trait::async_trait;
pub use netral_shared::cases::Canonical;
use netral_shared::workflow::{CaseAction, CaseStatus, WorkflowError};

use super::audit::Audit;
use super::{StoreError, SummaryRow};

/// One report's share of its case's fact, as the store reads it.
#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct ReportFacts {
    pub occurred_on: String,
    pub known_on: String,
    /// Codes, comma-separated.
    pub violations: String,
    pub source_kind: String,
    pub platform: String,
    pub position_class: String,
    pub election_kind: String,
    pub terlapor_name: String,
    pub agency: String,
}

/// One report's facts as the whole-table read gives them: with its case
/// and what orders it among the case's reports (first arrival, then id).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CaseReportFacts {
    pub case_id: i64,
    pub received_at: i64,
    #[sqlx(rename = "id")]
    pub report_id: String,
    #[sqlx(flatten)]
    pub facts: ReportFacts,
}

/// Takes the rows of [`DashboardStore::scan_live_cases`] as they are read,
/// so a million reports are folded into their cases without being held.
pub trait CaseSink: Send {
    /// A live case, before any of its reports (`reports` is empty).
    fn case(&mut self, case: ChangedCase);
    /// A report of some case; one not announced by [`CaseSink::case`]
    /// (created or moved during the read) is to be ignored: its case is
    /// newer than the returned cursor and is read again.
    fn report(&mut self, report: CaseReportFacts);
}

/// The case index as a replica saved it: opaque to the store.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IndexSnapshot {
    /// The change sequence the saved index had caught up to.
    pub cursor: i64,
    /// What wrote it; a reader ignores any other.
    pub format: String,
    pub facts: Vec<u8>,
}

/// A case written since the cursor, with its reports first report first.
#[derive(Clone, Debug)]
pub struct ChangedCase {
    pub id: i64,
    pub status: String,
    pub updated_at: i64,
    pub canonical: Canonical,
    /// The case's own region (kept from when it was created).
    pub province: String,
    pub regency: String,
    pub reports: Vec<ReportFacts>,
}

/// One report of an export. `reporter` is filled only when asked for (an
/// admin's export with identities).
#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct ExportReport {
    pub case_id: i64,
    pub report_id: String,
    pub received_at: i64,
    pub province: String,
    pub regency: String,
    pub occurred_on: String,
    pub known_on: String,
    pub terlapor_name: String,
    pub position: String,
    pub agency: String,
    pub place: String,
    pub violations: String,
    pub source_kind: String,
    pub platform: String,
    pub position_class: String,
    pub election_kind: String,
    /// Name, contact, address.
    #[sqlx(skip)]
    pub reporter: Option<[String; 3]>,
}

#[async_trait]
pub trait DashboardStore: Send + Sync {
    /// Live cases written after `cursor` (a change sequence number), the ids
    /// of cases that stopped being live (merged away), and the cursor to ask
    /// with next time. A changed case without reports is not live either.
    async fn cases_changed_since(
        &self,
        cursor: i64,
    ) -> Result<(Vec<ChangedCase>, Vec<i64>, i64), StoreError>;

    /// Every live case and then every report, in two sequential reads (no
    /// lookup per case: the first load of a replica's index at a million
    /// reports), given to `sink` as read; returns the cursor to catch up
    /// from, as [`DashboardStore::cases_changed_since`] does.
    async fn scan_live_cases(&self, sink: &mut dyn CaseSink) -> Result<i64, StoreError>;

    /// The live cases whose own region is one of `regions` (province or
    /// kab/kota codes), with their reports first report first, and the
    /// cursor they are current to: what a coordinator's dashboard reads
    /// while this replica's index is still loading.
    async fn live_cases_in(
        &self,
        regions: &[netral_shared::regions::RegionCode],
    ) -> Result<(Vec<ChangedCase>, i64), StoreError>;

    /// The saved case index, if any replica saved one.
    async fn index_snapshot(&self) -> Result<Option<IndexSnapshot>, StoreError>;

    /// Saves the case index unless one caught up further is saved already
    /// (replicas save theirs independently).
    async fn save_index_snapshot(&self, snapshot: &IndexSnapshot) -> Result<(), StoreError>;

    /// Each case and an agency it was forwarded to, once per pair, in one
    /// query: the public statistics count cases per agency over the cases
    /// of a view, which the fact index picks (merged-away cases among these
    /// are not in it).
    async fn forwarded_agencies(&self) -> Result<Vec<(i64, String)>, StoreError>;

    /// Summaries of these live cases, in the given order (unknown or merged
    /// ids left out).
    async fn summaries(&self, ids: &[i64]) -> Result<Vec<SummaryRow>, StoreError>;

    /// Takes a workflow step: the new status, the forwardings, a timeline
    /// event and `audit`, in one transaction. `None` if the case is not
    /// live; the inner `Err` if the step is not possible (nothing written).
    async fn case_action(
        &self,
        case_id: i64,
        action: &CaseAction,
        audit: &Audit,
    ) -> Result<Option<Result<CaseStatus, WorkflowError>>, StoreError>;

    /// The reports of these cases, case by case in the given order, each
    /// case's first report first.
    async fn export_reports(
        &self,
        case_ids: &[i64],
        identity: bool,
    ) -> Result<Vec<ExportReport>, StoreError>;

    /// Replaces a live case's canonical corrections; `false` if it is not live.
    async fn set_canonical(
        &self,
        case_id: i64,
        canonical: &Canonical,
        audit: &Audit,
    ) -> Result<bool, StoreError>;
}
