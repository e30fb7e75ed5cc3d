//! What the coordinators' dashboard needs of the store beyond the case
//! reads of [`super::Store`]: the change feed for the per-replica fact
//! index, and the workflow's writes.

use async_trait::async_trait;
pub use netral_shared::cases::Canonical;
use netral_shared::cases::CaseSummary;
use netral_shared::workflow::{CaseAction, CaseStatus, WorkflowError};

use super::StoreError;
use crate::audit::Audit;
use crate::facts::CaseFact;

/// One report of an export. `reporter` is filled only when asked for (an
/// admin's export with identities).
#[derive(Clone, Debug, Default)]
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
    pub reporter: Option<[String; 3]>,
}

#[async_trait]
pub trait DashboardStore: Send + Sync {
    /// Live cases written after `cursor` (a change sequence number), the ids
    /// of cases that stopped being live (merged away, emptied), and the
    /// cursor to ask with next time.
    async fn case_facts_since(
        &self,
        cursor: i64,
    ) -> Result<(Vec<CaseFact>, Vec<i64>, i64), StoreError>;

    /// Summaries of these live cases, in the given order (unknown or merged
    /// ids left out).
    async fn summaries(&self, ids: &[i64]) -> Result<Vec<CaseSummary>, StoreError>;

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
