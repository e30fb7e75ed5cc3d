//! The dashboard's case index saved in the database, so that a replica
//! which starts reads one row and catches up from its cursor instead of
//! reading every case (seconds at a million reports). Deadlines are not
//! saved but worked out again on loading, under the calendar of the day.

use std::borrow::Cow;
use std::io::Read;

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use netral_shared::calendar::Calendar;
use netral_shared::catalogue::ElectionKind;
use netral_shared::regions::{ProvinceCode, RegencyCode};
use netral_shared::validate::When;
use netral_shared::workflow::CaseStatus;
use serde::{Deserialize, Serialize};

use crate::services::case_index::{CaseFact, FactIndex, deadline_under};
use crate::store::case_desk::IndexSnapshot;

/// What wrote a snapshot: a reader ignores any other format, which costs
/// one slow start and never a misread fact. The release is part of it
/// because what a fact holds follows the code (the search normaliser, the
/// catalogue's bit order); the number changes with the layout below.
pub const FORMAT: &str = concat!("case-facts/1 netral ", env!("CARGO_PKG_VERSION"));

/// One fact as saved: an array, not an object, to keep a million of them
/// small.
#[derive(Serialize, Deserialize)]
struct Saved<'a>(
    i64,
    &'a str,
    Option<String>,
    Option<String>,
    [u32; 4],
    Option<String>,
    Option<String>,
    Option<&'a str>,
    u32,
    i64,
    // Owned when read: a name may hold a quote, which JSON escapes.
    Cow<'a, str>,
);

impl<'a> Saved<'a> {
    fn of(f: &'a CaseFact) -> Saved<'a> {
        Saved(
            f.id,
            f.status.code(),
            f.province.map(|p| p.to_string()),
            f.regency.map(|r| r.to_string()),
            [f.violations, f.sources, f.platforms, f.positions],
            f.occurred_on.map(|d| d.to_string()),
            f.first_known.map(|d| d.to_string()),
            f.election_kind.map(ElectionKind::code),
            f.reports,
            f.updated_at,
            Cow::Borrowed(&f.search),
        )
    }

    fn fact(self, calendar: &Calendar) -> CaseFact {
        let date = |d: Option<String>| d.as_deref().and_then(When::parse).map(|w| w.date);
        let first_known = date(self.6);
        let election_kind = self.7.and_then(ElectionKind::from_code);
        CaseFact {
            id: self.0,
            status: CaseStatus::from_code(self.1).unwrap_or(CaseStatus::Baru),
            province: self.2.and_then(|p| ProvinceCode::parse(&p).ok()),
            regency: self.3.and_then(|r| RegencyCode::parse(&r).ok()),
            violations: self.4[0],
            sources: self.4[1],
            platforms: self.4[2],
            positions: self.4[3],
            occurred_on: date(self.5),
            first_known,
            election_kind,
            deadline: deadline_under(first_known, election_kind, calendar),
            reports: self.8,
            updated_at: self.9,
            search: self.10.into_owned(),
        }
    }
}

/// The index as a snapshot to save.
pub fn encode(facts: &[CaseFact], cursor: i64) -> IndexSnapshot {
    let saved: Vec<Saved> = facts.iter().map(Saved::of).collect();
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    serde_json::to_writer(&mut gz, &saved).expect("writing to memory does not fail");
    IndexSnapshot {
        cursor,
        format: FORMAT.to_owned(),
        facts: gz.finish().expect("writing to memory does not fail"),
    }
}

/// The saved index, its deadlines under `calendar`; `None` when it is of
/// another format or cannot be read (the caller then reads every case).
pub fn decode(snapshot: &IndexSnapshot, calendar: &Calendar) -> Option<FactIndex> {
    if snapshot.format != FORMAT {
        return None;
    }
    let mut json = Vec::new();
    GzDecoder::new(snapshot.facts.as_slice())
        .read_to_end(&mut json)
        .ok()?;
    let saved: Vec<Saved> = serde_json::from_slice(&json).ok()?;
    let mut index = FactIndex::new();
    for s in saved {
        index.upsert(s.fact(calendar));
    }
    index.cursor = snapshot.cursor;
    index.saved_cursor = snapshot.cursor;
    Some(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::case_index::case_fact;
    use crate::store::case_desk::ReportFacts;
    use netral_shared::calendar::CalendarChanges;

    fn facts(calendar: &Calendar) -> Vec<CaseFact> {
        let report = ReportFacts {
            occurred_on: "2024-11-19".into(),
            known_on: "2024-11-20".into(),
            violations: "medsos_foto,pasang_apk".into(),
            source_kind: "media_sosial".into(),
            platform: "facebook".into(),
            election_kind: "pilpres".into(),
            // JSON escapes the quote: still read back.
            terlapor_name: "Drs. Ahmad \"Kiai\" Fauzi".into(),
            agency: "Kecamatan Tegalsari".into(),
            ..ReportFacts::default()
        };
        vec![
            case_fact(
                calendar,
                1,
                "diverifikasi",
                5,
                ("35", "35.78"),
                &[],
                &[report],
            )
            .unwrap(),
            // A case with nothing parseable keeps its Nones.
            case_fact(
                calendar,
                2,
                "baru",
                6,
                ("", ""),
                &["Budi"],
                &[ReportFacts::default()],
            )
            .unwrap(),
        ]
    }

    #[test]
    fn a_saved_index_loads_as_it_was() {
        let calendar = Calendar::builtin();
        let facts = facts(&calendar);
        let snapshot = encode(&facts, 42);
        let index = decode(&snapshot, &calendar).unwrap();
        assert_eq!((index.cursor, index.saved_cursor), (42, 42));
        let mut loaded = index.facts().to_vec();
        loaded.sort_by_key(|f| f.id);
        assert_eq!(loaded, facts);
    }

    #[test]
    fn deadlines_follow_the_calendar_of_the_day() {
        // Saved under the built-in calendar; the deployment then declares
        // the Pemilu deadline's day (working days) a day off.
        let facts = facts(&Calendar::builtin());
        let before = facts[0].deadline.unwrap();
        let changes = CalendarChanges::parse(&format!("{} libur Hari tambahan\n", before.legal));
        let Ok(changes) = changes else {
            panic!("calendar changes: {changes:?}");
        };
        let later = Calendar::with_changes(changes);
        let index = decode(&encode(&facts, 1), &later).unwrap();
        let moved = index.facts().iter().find(|f| f.id == 1).unwrap().deadline;
        let expected = deadline_under(facts[0].first_known, facts[0].election_kind, &later);
        assert_eq!(moved, expected);
        assert!(
            moved.unwrap().legal > before.legal,
            "worked out again: {moved:?}"
        );
    }

    #[test]
    fn another_format_or_broken_bytes_are_not_read() {
        let calendar = Calendar::builtin();
        let mut snapshot = encode(&facts(&calendar), 1);
        snapshot.format = "case-facts/0".into();
        assert!(decode(&snapshot, &calendar).is_none());
        let mut snapshot = encode(&facts(&calendar), 1);
        snapshot.facts.truncate(snapshot.facts.len() / 2);
        assert!(decode(&snapshot, &calendar).is_none());
    }
}
