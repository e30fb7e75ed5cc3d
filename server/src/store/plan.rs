//! What grouping reads from the database for a batch, and the plan it
//! hands back for the store to write. The store loads and writes; the pure
//! planner (`services::grouping::plan`) decides.

use netral_shared::match_keys::MatchKind;
use netral_shared::sync::Outcome;

/// What the database holds for a report id of the batch.
#[derive(Clone, Debug)]
pub struct Existing {
    pub revision: i64,
    pub content_hash: Vec<u8>,
    pub case_id: i64,
    /// The kab/kota of its case (which keeps the one it was created with).
    pub case_regency: String,
    pub manual: bool,
}

/// The stored reports sharing a lookup key with the batch: which key
/// found which report, and each report found once.
#[derive(Clone, Debug, Default)]
pub struct Found {
    pub hits: Vec<KeyHit>,
    pub reports: Vec<StoredFacts>,
}

/// A stored report's key that a report of the batch looks up.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct KeyHit {
    pub key: String,
    pub report_id: String,
}

/// What matching weighs of a stored report, and where it is.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StoredFacts {
    pub report_id: String,
    pub case_id: i64,
    /// The kab/kota of its case.
    pub case_regency: String,
    pub nip: Option<String>,
    pub name_norm: String,
    pub violations: String,
    /// `YYYY-MM-DD`.
    pub occurred_on: String,
    pub position: String,
    pub agency: String,
    /// Perceptual hashes of its photos, comma-separated.
    pub photo_dhashes: String,
}

/// Where an accepted report goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub case_id: i64,
    pub reason: Option<MatchKind>,
    pub matched: Option<String>,
    /// The report stays where it was, with its stored reason.
    pub keep_reason: bool,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub outcomes: Vec<Outcome>,
    /// For each accepted report (index into the batch): its placement and
    /// whether it is new (insert) or a new version (update).
    pub accepted: Vec<(usize, Placement, bool)>,
    pub new_cases: Vec<i64>,
    /// `(retired, into)`, in the order decided.
    pub merges: Vec<(i64, i64)>,
    /// Live cases that gained reports.
    pub touched: Vec<i64>,
    /// Cases a report matched but may not join ("possibly the same").
    pub links: Vec<CaseLink>,
}

/// Two cases a report's keys linked but automatic grouping keeps apart
/// ("possibly the same"): across kab/kota, or on evidence too weak to
/// join. Coordinators decide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseLink {
    /// Where the report went.
    pub case_id: i64,
    /// The case of the stored report it matched.
    pub other_case_id: i64,
    pub reason: MatchKind,
    pub report_id: String,
}
