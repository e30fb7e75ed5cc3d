//! Cases as coordinators see them: the reports about one incident, grouped
//! by the server with the keys of [`crate::match_keys`], each with the reason
//! it joined.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalogue::ViolationCode;
use crate::match_keys::MatchKind;

/// A case's canonical summary, derived from its reports.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: i64,
    pub status: String,
    pub report_count: u32,
    /// The name as written in the case's first report.
    pub terlapor_name: String,
    pub province: String,
    pub regency: String,
    /// The earliest day any report says it happened.
    pub first_occurred_on: String,
    /// The earliest day it became known: the deadline runs from here.
    pub first_known_on: String,
    pub violations: Vec<ViolationCode>,
    pub updated_at: String,
}

/// One report of a case and why it is there.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseMember {
    pub report_id: Uuid,
    /// `None` for the report that opened the case.
    pub reason: Option<MatchKind>,
    /// The report it matched.
    pub matched_report: Option<Uuid>,
    /// Placed here by a coordinator (split or merge); automatic grouping
    /// never moves it again.
    pub manual: bool,
    pub terlapor_name: String,
    pub occurred_on: String,
    /// The sending device's pseudonym, never the reporter's identity (that
    /// is `GET /api/v1/reports/{id}/reporter`, audited).
    #[serde(default)]
    pub pseudonym: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseDetail {
    pub summary: CaseSummary,
    pub reports: Vec<CaseMember>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseList {
    pub cases: Vec<CaseSummary>,
    /// All cases matching the filter, for paging.
    pub total: u64,
}

/// `POST /api/v1/cases/{id}/split`: take a report out into a case of its own.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SplitRequest {
    pub report_id: Uuid,
}

/// `POST /api/v1/cases/{id}/merge`: move every report of another case here.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeRequest {
    pub other_case_id: i64,
}
