//! Cases as coordinators see them: the reports about one incident, grouped
//! by the server with the keys of [`crate::match_keys`], each with the reason
//! it joined.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalogue::ViolationCode;
use crate::i18n::Message;
use crate::match_keys::MatchKind;
use crate::report::Report;
use crate::workflow::{CaseStatus, Forwarding};

/// A case's canonical summary, derived from its reports.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: i64,
    pub status: CaseStatus,
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
    /// The last day to file with Bawaslu, `YYYY-MM-DD` (from the earliest
    /// known day and the election kind; see `deadline`), cuti bersama
    /// counted as a working day: the legal date.
    #[serde(default)]
    pub deadline: Option<String>,
    /// The same with cuti bersama skipped too: until this day a late report
    /// may still be accepted, since offices were closed. Equal to
    /// `deadline` when no cuti bersama falls in between.
    #[serde(default)]
    pub deadline_latest: Option<String>,
    /// The terlapor's position, agency and the place: a coordinator's
    /// correction where there is one, else the first report's.
    #[serde(default)]
    pub terlapor_position: String,
    #[serde(default)]
    pub terlapor_agency: String,
    #[serde(default)]
    pub place: String,
    /// A coordinator corrected the name, position, agency or place
    /// (`PUT /api/v1/cases/{id}/canonical`); `terlapor_name` and the three
    /// fields above show the correction.
    #[serde(default)]
    pub canonical_edited: bool,
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
    /// The report as its current version stands: the description, the
    /// source, the evidence links and photos (`GET /api/v1/evidence/{sha256}`).
    /// Its `reporter` and `witnesses` are always empty: they are stored
    /// apart, sealed, and opened only through the audited reporter route.
    #[serde(default)]
    pub report: Option<Report>,
    /// How many witnesses the report names (their details: the reporter
    /// route, audited).
    #[serde(default)]
    pub witnesses: u32,
    /// What the report's `terlapor.nip` is, when one was typed: an
    /// unrecognised number is shown with a warning, and joined no reports.
    #[serde(default)]
    pub nip_kind: Option<crate::nip::NipKind>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseDetail {
    pub summary: CaseSummary,
    pub reports: Vec<CaseMember>,
    /// What coordinators did, oldest first.
    #[serde(default)]
    pub timeline: Vec<CaseEvent>,
    #[serde(default)]
    pub forwardings: Vec<Forwarding>,
    /// The `action` codes of [`crate::workflow::CaseAction`] possible now.
    #[serde(default)]
    pub next_steps: Vec<String>,
    /// What a formal filing still lacks, judged on the case's first report
    /// (see `validate::formal_missing`).
    #[serde(default)]
    pub formal_missing: Vec<FormalGap>,
    /// Where the case should go and why, judged on its first report; the
    /// forward form starts on it.
    #[serde(default)]
    pub route: Option<crate::routing::RouteAdvice>,
    /// Cases that may be the same incident but were not joined
    /// automatically (another kab/kota), not yet dismissed.
    #[serde(default)]
    pub possibly_same: Vec<PossiblySame>,
}

/// "Kemungkinan sama": another case a report's key linked to this one.
/// Confirmed with a merge (by someone whose regions cover both), or
/// dismissed, after which it is never suggested again.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PossiblySame {
    pub case_id: i64,
    pub other_case_id: i64,
    /// The other case's region.
    pub other_province: String,
    pub other_regency: String,
    /// The key the two share.
    pub reason: crate::match_keys::MatchKind,
    /// The report that linked them.
    pub report_id: Uuid,
    /// RFC 3339.
    pub created_at: String,
    /// Whether the caller may see the other case (and so merge them).
    pub other_visible: bool,
}

/// `GET /api/v1/case-links`: the open "possibly the same" pairs touching
/// the caller's regions, newest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PossiblySameList {
    pub links: Vec<PossiblySame>,
}

/// One entry of a case's timeline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseEvent {
    /// RFC 3339.
    pub at: String,
    /// The coordinator's username.
    pub actor: String,
    /// `verify`, `reject`, `forward`, `follow_up`, `close`, `reopen`, and
    /// the corrections `split` (a report moved out to `other_case`),
    /// `split_from` (this case began as a report split out of
    /// `other_case`), `merge` (`other_case` merged in), `canonical`.
    pub action: String,
    /// For a status step: the status before and after.
    #[serde(default)]
    pub from_status: Option<CaseStatus>,
    #[serde(default)]
    pub to_status: Option<CaseStatus>,
    /// A rejection's reason code.
    #[serde(default)]
    pub reason: Option<String>,
    /// A forwarding's agency codes.
    #[serde(default)]
    pub agencies: Vec<String>,
    /// A follow-up's outcome or a rejection's note, as the coordinator
    /// wrote it.
    #[serde(default)]
    pub note: String,
    /// The other case of a `split`, `split_from` or `merge`.
    #[serde(default)]
    pub other_case: Option<i64>,
    /// The fields a `canonical` correction set: `name`, `position`,
    /// `agency`, `place`.
    #[serde(default)]
    pub fields: Vec<String>,
}

/// A field a formal filing still needs, with its label in both languages.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormalGap {
    pub field: String,
    pub label: Message,
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

/// `PUT /api/v1/cases/{id}/canonical`: a coordinator's correction of the
/// terlapor where the case's reports disagree. An empty field keeps what the
/// first report says; all empty removes the correction.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Canonical {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub position: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub agency: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub place: String,
}

/// The longest corrected field, in characters.
pub const MAX_CANONICAL_CHARS: usize = 200;

impl Canonical {
    /// The same correction with every field trimmed.
    pub fn trimmed(&self) -> Canonical {
        Canonical {
            name: self.name.trim().to_owned(),
            position: self.position.trim().to_owned(),
            agency: self.agency.trim().to_owned(),
            place: self.place.trim().to_owned(),
        }
    }

    /// The fields by their wire names, in order.
    pub fn fields(&self) -> [(&'static str, &str); 4] {
        [
            ("name", &self.name),
            ("position", &self.position),
            ("agency", &self.agency),
            ("place", &self.place),
        ]
    }

    /// What is wrong with the correction, if anything: a field too long.
    pub fn problems(&self) -> Vec<crate::Problem> {
        self.fields()
            .into_iter()
            .filter(|(_, v)| v.chars().count() > MAX_CANONICAL_CHARS)
            .map(|(k, _)| crate::Problem::new(k, crate::ProblemCode::TooLong))
            .collect()
    }
}
