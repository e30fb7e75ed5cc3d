//! From the JSON a device sent to a row the store can write: parse, validate
//! with the shared rules, and fingerprint the content so a replay is told
//! apart from a new version without comparing whole documents.

use netral_shared::match_keys::{MatchKey, match_keys, name_keys_for_lookup};
use netral_shared::names::normalize_person_name;
use netral_shared::report::Report;
use netral_shared::sync::{Outcome, ReportResult};
use netral_shared::validate::{ReadyReport, ready};
use netral_shared::{Problem, ProblemCode};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime, UtcOffset};
use uuid::Uuid;

pub use crate::store::Incoming;

impl Incoming {
    pub fn new(ready: ReadyReport) -> Incoming {
        let keys: Vec<String> = match_keys(&ready)
            .iter()
            .map(MatchKey::key_string)
            .collect();
        let mut lookup_keys = keys.clone();
        let name_norm = normalize_person_name(&ready.report.terlapor.name);
        if !name_norm.is_empty() {
            for key in name_keys_for_lookup(&name_norm, ready.regency, ready.occurred.date) {
                if !lookup_keys.contains(&key) {
                    lookup_keys.push(key);
                }
            }
        }
        let nip = ready.nip.map(|n| n.as_str().to_owned());
        let violations = ready
            .report
            .violations
            .iter()
            .map(|v| v.code())
            .collect::<Vec<_>>()
            .join(",");
        let code = |c: Option<&'static str>| c.unwrap_or("");
        let source_kind = code(ready.report.source.kind.map(|c| c.code()));
        let platform = code(ready.report.source.platform.map(|c| c.code()));
        let position_class = code(ready.report.terlapor.position_class.map(|c| c.code()));
        let election_kind = code(ready.report.election.kind.map(|c| c.code()));
        let ReadyReport {
            mut report,
            province,
            regency,
            occurred,
            known,
            ..
        } = ready;
        // Serialising the parsed struct (fixed field order, no maps) gives the
        // same bytes for the same content, whatever the device's key order.
        let canonical = serde_json::to_vec(&report).expect("a report always serialises");
        let content_hash = Sha256::digest(&canonical).into();
        let reporter = std::mem::take(&mut report.reporter);
        let witnesses = std::mem::take(&mut report.witnesses);
        Incoming {
            id: report.id,
            revision: report.revision,
            content_hash,
            body: serde_json::to_string(&report).expect("a report always serialises"),
            reporter,
            witnesses,
            province: province.to_string(),
            regency: regency.to_string(),
            occurred_on: occurred.date,
            known_on: known.date,
            terlapor_name: report.terlapor.name.trim().to_owned(),
            name_norm,
            nip,
            violations,
            keys,
            lookup_keys,
            source_kind,
            platform,
            position_class,
            election_kind,
            agency: report.terlapor.agency.trim().to_owned(),
            position: report.terlapor.position.trim().to_owned(),
            place: report.place.description.trim().to_owned(),
            device_id: None,
        }
    }
}

/// The latest date that is not in the future anywhere in Indonesia (WIT, UTC+9).
pub fn today_in_indonesia() -> Date {
    let wit = UtcOffset::from_hms(9, 0, 0).expect("valid offset");
    OffsetDateTime::now_utc().to_offset(wit).date()
}

/// Parses and validates one element of a sync batch. `Err` is the result to
/// send back as is (the report is not stored).
pub fn parse(raw: &str, today: Date) -> Result<Incoming, ReportResult> {
    let report: Report = serde_json::from_str(raw).map_err(|_| {
        // Say which report it was if at least its id is readable.
        #[derive(Deserialize)]
        struct Head {
            id: Option<Uuid>,
            revision: Option<u32>,
        }
        let head = serde_json::from_str::<Head>(raw).ok();
        rejected(
            head.as_ref().and_then(|h| h.id),
            head.and_then(|h| h.revision).unwrap_or(0),
            vec![Problem::new("", ProblemCode::Malformed)],
        )
    })?;
    let (id, revision) = (report.id, report.revision);
    ready(report, today)
        .map(Incoming::new)
        .map_err(|problems| rejected(Some(id), revision, problems))
}

fn rejected(id: Option<Uuid>, revision: u32, problems: Vec<Problem>) -> ReportResult {
    ReportResult {
        id,
        revision,
        outcome: Outcome::Rejected,
        problems,
    }
}
