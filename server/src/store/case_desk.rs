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
