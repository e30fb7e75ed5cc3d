//! From the JSON a device sent to a row the store can write: parse, validate
//! with the shared rules, and fingerprint the content so a replay is told
//! apart from a new version without comparing whole documents.

use netral_shared::match_keys::{MatchKey, report_keys};
use netral_shared::names::normalize_person_name;
use netral_shared::report::Report;
use netral_shared::sync::{Outcome, ReportResult};
use netral_shared::validate::{ReadyReport, ready};
use netral_shared::{Problem, ProblemCode};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime, UtcOffset};
use uuid::Uuid;

pub use crate::store::Incoming;

impl Incoming {
    pub fn new(ready: ReadyReport) -> Incoming {
        let found = report_keys(&ready);
        let keys: Vec<String> = found.stored.iter().map(MatchKey::key_string).collect();
        let lookup_keys = found.lookup;
        let name_norm = normalize_person_name(&ready.report.terlapor.name);
        let photo_dhashes = ready
            .report
            .photos
            .iter()
            .filter(|p| !p.dhash.is_empty())
            .map(|p| p.dhash.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let nip = ready.nip.as_ref().and_then(|n| n.key()).map(str::to_owned);
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
            warnings,
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
            warnings,
            violations,
            keys,
            lookup_keys,
            photo_dhashes,
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

/// Reads a JSON document into `T`. One that does not fit is read once more
/// with every float that is a whole number (`2.0`, `1e3`) written as an
/// integer: JSON, and the contract's JSON Schema, know one kind of number, in
/// which `2.0` is the integer 2, but serde fills an integer field only from
/// `2`. A client may send either.
pub fn from_json<T: DeserializeOwned>(raw: &str) -> serde_json::Result<T> {
    serde_json::from_str(raw).or_else(|error| {
        let Ok(mut value) = serde_json::from_str::<Value>(raw) else {
            return Err(error);
        };
        if !whole_floats_as_integers(&mut value) {
            return Err(error);
        }
        serde_json::from_str(&value.to_string())
    })
}

/// Beyond ±2^53 a float stands for several integers (and serde reads an
/// integer too large for 64 bits as one), so only those within are taken.
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// Rewrites every float with a whole value within ±2^53 as that integer; says
/// whether there was one.
fn whole_floats_as_integers(value: &mut Value) -> bool {
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.fract() != 0.0 || !(-EXACT_INTEGERS..=EXACT_INTEGERS).contains(&f) {
                return false;
            }
            *n = Number::from(f as i64);
            true
        }
        Value::Array(items) => {
            let mut changed = false;
            for v in items {
                changed |= whole_floats_as_integers(v);
            }
            changed
        }
        Value::Object(fields) => {
            let mut changed = false;
            for v in fields.values_mut() {
                changed |= whole_floats_as_integers(v);
            }
            changed
        }
        _ => false,
    }
}

/// Parses and validates one element of a sync batch. `Err` is the result to
/// send back as is (the report is not stored).
pub fn parse(raw: &str, today: Date) -> Result<Incoming, ReportResult> {
    let report: Report = from_json(raw).map_err(|_| {
        // Say which report it was if at least its id is readable.
        #[derive(Deserialize)]
        struct Head {
            id: Option<Uuid>,
            revision: Option<u32>,
        }
        let head = from_json::<Head>(raw).ok();
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
