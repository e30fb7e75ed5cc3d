//! The dashboard's view of the live cases: one small row per case, held in
//! memory by each replica and brought up to date from the database before
//! every answer (see `store::Store::case_facts_since`), so the overview and
//! the case list filter, count and sort a million reports in a few
//! milliseconds without scanning tables. Nothing here is the truth: it is a
//! cache of rows any replica can rebuild from the database.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use netral_shared::calendar::Calendar;
use netral_shared::catalogue::{
    Catalogue, ElectionKind, Platform, PositionClass, SourceKind, ViolationCode,
};
use netral_shared::dashboard::{CaseQuery, CaseSort, Count, Overview};
use netral_shared::deadline::{Deadline, DeadlineStatus};
use netral_shared::names::normalize_person_name;
pub use netral_shared::regions::RegionScope;
use netral_shared::regions::{ProvinceCode, RegencyCode};
use netral_shared::validate::When;
use netral_shared::workflow::CaseStatus;
use time::Date;

pub use crate::store::case_desk::ReportFacts;

/// Open cases whose deadline is at most this many days away are "soon"
/// (and those in the grace of a cuti bersama, see `Deadline::is_soon`).
pub const DEADLINE_SOON_DAYS: i64 = 2;

/// What the dashboard needs of one live case. Multi-valued facets (a case's
/// reports may name several violations, sources…) are bit sets over the
/// catalogue's order.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseFact {
    pub id: i64,
    pub status: CaseStatus,
    pub province: Option<ProvinceCode>,
    pub regency: Option<RegencyCode>,
    pub violations: u32,
    pub sources: u32,
    pub platforms: u32,
    pub positions: u32,
    /// The earliest occurrence among its reports.
    pub occurred_on: Option<Date>,
    /// The earliest day a report says it became known, and the election
    /// kind of the first report naming one: what `deadline` is worked out
    /// from (again, with the calendar of the day, when a saved index loads).
    pub first_known: Option<Date>,
    pub election_kind: Option<ElectionKind>,
    pub deadline: Option<Deadline>,
    pub reports: u32,
    pub updated_at: i64,
    /// Normalised names and agencies of its reports, for free-text search.
    pub search: String,
}

/// Bit of `c` in a facet set.
pub fn bit<C: Catalogue>(c: C) -> u32 {
    let i = C::all().iter().position(|x| *x == c).unwrap_or(0);
    1 << i
}

/// What a free-text query matches against: the same normaliser that groups
/// names, so "Drs. H. Ahmad Fauzi" finds "Ahmad Fauzi, M.Si.". Each name
/// and agency once, sorted: the text does not depend on the order its
/// reports were read in (a query word has no spaces, so it never matches
/// across the " | " between two of them).
pub fn search_text(names: &[&str], agencies: &[&str]) -> String {
    let mut out: Vec<String> = names.iter().map(|n| normalize_person_name(n)).collect();
    out.extend(agencies.iter().map(|a| a.to_lowercase()));
    finish_search(out)
}

fn finish_search(mut parts: Vec<String>) -> String {
    parts.retain(|s| !s.is_empty());
    parts.sort_unstable();
    parts.dedup();
    parts.join(" | ")
}

/// The deadline of a case: from the earliest day any report says it became
/// known, under the first election kind a report names. With no kind, the
/// Pilkada rule (calendar days) gives the earlier, safe date.
pub fn case_deadline<'a>(
    earliest_known: &str,
    kinds: impl IntoIterator<Item = &'a str>,
    calendar: &Calendar,
) -> Option<Deadline> {
    let kind = kinds.into_iter().find_map(ElectionKind::from_code);
    deadline_under(When::parse(earliest_known).map(|w| w.date), kind, calendar)
}

/// [`case_deadline`] from what a [`CaseFact`] keeps.
pub fn deadline_under(
    known: Option<Date>,
    kind: Option<ElectionKind>,
    calendar: &Calendar,
) -> Option<Deadline> {
    let kind = kind.unwrap_or(ElectionKind::PilkadaBupati);
    Some(netral_shared::deadline::deadline(known?, kind, calendar))
}

/// Where a report stands among its case's reports: first arrival, then id
/// (a UUID as a number orders as its text does).
pub type ReportOrder = (i64, u128);

/// A live case's fact, built from its reports in whatever order they are
/// read: the whole-table read at start-up gives them unsorted, a catch-up
/// first report first, and both must give the same fact.
#[derive(Debug)]
pub struct FactBuilder {
    fact: CaseFact,
    earliest_known: Option<String>,
    /// The first report that names an election kind, and that kind.
    kind: Option<(ReportOrder, ElectionKind)>,
    search: Vec<String>,
}

impl FactBuilder {
    /// A case from its region and status; `extra_names` are a coordinator's
    /// corrections, searchable too.
    pub fn new(
        id: i64,
        status: &str,
        updated_at: i64,
        (province, regency): (&str, &str),
        extra_names: &[&str],
    ) -> FactBuilder {
        FactBuilder {
            fact: CaseFact {
                id,
                status: CaseStatus::from_code(status).unwrap_or(CaseStatus::Baru),
                province: ProvinceCode::parse(province).ok(),
                regency: RegencyCode::parse(regency).ok(),
                violations: 0,
                sources: 0,
                platforms: 0,
                positions: 0,
                occurred_on: None,
                first_known: None,
                election_kind: None,
                deadline: None,
                reports: 0,
                updated_at,
                search: String::new(),
            },
            earliest_known: None,
            kind: None,
            search: extra_names
                .iter()
                .map(|n| normalize_person_name(n))
                .collect(),
        }
    }

    pub fn add(&mut self, order: ReportOrder, r: &ReportFacts) {
        let f = &mut self.fact;
        f.reports += 1;
        for v in r.violations.split(',').filter_map(ViolationCode::from_code) {
            f.violations |= bit(v);
        }
        f.sources |= SourceKind::from_code(&r.source_kind).map_or(0, bit);
        f.platforms |= Platform::from_code(&r.platform).map_or(0, bit);
        f.positions |= PositionClass::from_code(&r.position_class).map_or(0, bit);
        let occurred = When::parse(&r.occurred_on).map(|w| w.date);
        f.occurred_on = match (f.occurred_on, occurred) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if self
            .earliest_known
            .as_deref()
            .is_none_or(|k| r.known_on.as_str() < k)
        {
            self.earliest_known = Some(r.known_on.clone());
        }
        if let Some(kind) = ElectionKind::from_code(&r.election_kind)
            && self.kind.is_none_or(|(first, _)| order < first)
        {
            self.kind = Some((order, kind));
        }
        for part in [
            normalize_person_name(&r.terlapor_name),
            r.agency.to_lowercase(),
        ] {
            if !part.is_empty() && !self.search.contains(&part) {
                self.search.push(part);
            }
        }
    }

    /// The fact; `None` for a case without reports (it is not live).
    pub fn finish(self, calendar: &Calendar) -> Option<CaseFact> {
        let mut f = self.fact;
        let known = self.earliest_known?;
        f.first_known = When::parse(&known).map(|w| w.date);
        f.election_kind = self.kind.map(|(_, k)| k);
        f.deadline = deadline_under(f.first_known, f.election_kind, calendar);
        f.search = finish_search(self.search);
        Some(f)
    }
}

/// A live case's fact from its region and its reports, first report first. `extra_names`
/// are a coordinator's corrections, searchable too. `None` for a case
/// without reports (it is not live).
pub fn case_fact(
    calendar: &Calendar,
    id: i64,
    status: &str,
    updated_at: i64,
    region: (&str, &str),
    extra_names: &[&str],
    reports: &[ReportFacts],
) -> Option<CaseFact> {
    let mut b = FactBuilder::new(id, status, updated_at, region, extra_names);
    for (i, r) in reports.iter().enumerate() {
        b.add((i as i64, 0), r);
    }
    b.finish(calendar)
}

/// An open case still needs a coordinator before its deadline.
fn open(status: CaseStatus) -> bool {
    matches!(status, CaseStatus::Baru | CaseStatus::Diverifikasi)
}

/// A query prepared once for matching many facts.
struct Matcher<'a> {
    q: &'a CaseQuery,
    scope: &'a RegionScope,
    from: Option<Date>,
    to: Option<Date>,
    text: Vec<String>,
}

impl<'a> Matcher<'a> {
    fn new(q: &'a CaseQuery, scope: &'a RegionScope) -> Matcher<'a> {
        let date = |s: &Option<String>| s.as_deref().and_then(When::parse).map(|w| w.date);
        Matcher {
            q,
            scope,
            from: date(&q.from),
            to: date(&q.to),
            text: normalize_person_name(&q.text)
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        }
    }

    fn matches(&self, f: &CaseFact) -> bool {
        let q = self.q;
        self.scope.admits(f.province, f.regency)
            && q.province.is_none_or(|p| f.province == Some(p))
            && q.regency.is_none_or(|r| f.regency == Some(r))
            && q.status.is_none_or(|s| f.status == s)
            && q.violation.is_none_or(|v| f.violations & bit(v) != 0)
            && q.source.is_none_or(|v| f.sources & bit(v) != 0)
            && q.platform.is_none_or(|v| f.platforms & bit(v) != 0)
            && q.position_class.is_none_or(|v| f.positions & bit(v) != 0)
            && self
                .from
                .is_none_or(|d| f.occurred_on.is_some_and(|o| o >= d))
            && self
                .to
                .is_none_or(|d| f.occurred_on.is_some_and(|o| o <= d))
            && self.text.iter().all(|w| f.search.contains(w.as_str()))
    }
}

/// This replica's index, and whether its first load is done: readable
/// without the lock, which that load holds for seconds.
#[derive(Debug)]
pub struct SharedIndex {
    pub index: tokio::sync::Mutex<FactIndex>,
    loaded: AtomicBool,
}

impl SharedIndex {
    pub fn new() -> SharedIndex {
        SharedIndex {
            index: tokio::sync::Mutex::new(FactIndex::new()),
            loaded: AtomicBool::new(false),
        }
    }

    pub fn is_loaded(&self) -> bool {
        self.loaded.load(Ordering::Acquire)
    }

    pub fn set_loaded(&self) {
        self.loaded.store(true, Ordering::Release);
    }
}

impl Default for SharedIndex {
    fn default() -> SharedIndex {
        SharedIndex::new()
    }
}

#[derive(Debug, Default)]
pub struct FactIndex {
    facts: Vec<CaseFact>,
    by_id: HashMap<i64, usize>,
    /// The database's change sequence this index has caught up to.
    pub cursor: i64,
    /// The cursor of the saved snapshot this replica loaded or last saved
    /// (-1: none), so an index that did not move is not saved again.
    pub saved_cursor: i64,
}

impl FactIndex {
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// Every live case, in no particular order.
    pub fn facts(&self) -> &[CaseFact] {
        &self.facts
    }

    /// An empty index that has read nothing: its first catch-up reads every
    /// case, including those written before change sequences existed (0).
    pub fn new() -> FactIndex {
        FactIndex {
            cursor: -1,
            saved_cursor: -1,
            ..FactIndex::default()
        }
    }

    /// Inserts or replaces a live case.
    pub fn upsert(&mut self, fact: CaseFact) {
        match self.by_id.get(&fact.id) {
            Some(&i) => self.facts[i] = fact,
            None => {
                self.by_id.insert(fact.id, self.facts.len());
                self.facts.push(fact);
            }
        }
    }

    /// Forgets a case that was merged away or emptied.
    pub fn remove(&mut self, id: i64) {
        if let Some(i) = self.by_id.remove(&id) {
            self.facts.swap_remove(i);
            if let Some(moved) = self.facts.get(i) {
                self.by_id.insert(moved.id, i);
            }
        }
    }

    pub fn overview(&self, q: &CaseQuery, scope: &RegionScope, today: Date) -> Overview {
        let m = Matcher::new(q, scope);
        let mut o = Overview::default();
        let mut status = [0u64; 8];
        let mut violation = [0u64; 32];
        let mut source = [0u64; 32];
        let mut platform = [0u64; 32];
        let mut position = [0u64; 32];
        let mut province: HashMap<ProvinceCode, u64> = HashMap::new();
        let mut regency: HashMap<RegencyCode, u64> = HashMap::new();
        let mut day: HashMap<Date, u64> = HashMap::new();
        let tally = |bits: u32, into: &mut [u64; 32]| {
            let mut b = bits;
            while b != 0 {
                into[b.trailing_zeros() as usize] += 1;
                b &= b - 1;
            }
        };
        for f in self.facts.iter().filter(|f| m.matches(f)) {
            o.cases += 1;
            o.reports += u64::from(f.reports);
            o.merged_reports += u64::from(f.reports.saturating_sub(1));
            status[CaseStatus::ALL
                .iter()
                .position(|s| *s == f.status)
                .unwrap_or(0)] += 1;
            tally(f.violations, &mut violation);
            tally(f.sources, &mut source);
            tally(f.platforms, &mut platform);
            tally(f.positions, &mut position);
            if let Some(p) = f.province {
                *province.entry(p).or_default() += 1;
            }
            if q.province.is_some()
                && let Some(r) = f.regency
            {
                *regency.entry(r).or_default() += 1;
            }
            if let Some(d) = f.occurred_on {
                *day.entry(d).or_default() += 1;
            }
            if open(f.status)
                && let Some(deadline) = f.deadline
            {
                // Past only once the latest reading has passed: until then
                // a report may still be accepted, which is urgent.
                if deadline.status(today) == DeadlineStatus::Passed {
                    o.deadline_passed += 1;
                } else if deadline.is_soon(today, DEADLINE_SOON_DAYS) {
                    o.deadline_soon += 1;
                }
            }
        }
        fn counts<C: Catalogue>(n: &[u64]) -> Vec<Count> {
            C::all()
                .iter()
                .enumerate()
                .filter(|(i, _)| n[*i] > 0)
                .map(|(i, c)| Count {
                    key: c.code().to_owned(),
                    n: n[i],
                })
                .collect()
        }
        o.by_status = counts::<CaseStatus>(&status);
        o.by_violation = counts::<ViolationCode>(&violation);
        o.by_source = counts::<SourceKind>(&source);
        o.by_platform = counts::<Platform>(&platform);
        o.by_position_class = counts::<PositionClass>(&position);
        o.by_province = sorted_desc(province.into_iter().map(|(k, n)| (k.to_string(), n)));
        o.by_regency = sorted_desc(regency.into_iter().map(|(k, n)| (k.to_string(), n)));
        let mut days: Vec<_> = day.into_iter().collect();
        days.sort_unstable();
        o.by_day = days
            .into_iter()
            .map(|(d, n)| Count {
                key: d.to_string(),
                n,
            })
            .collect();
        o
    }

    /// The ids of every matching case, in no particular order (the public
    /// statistics count forwardings over them).
    pub fn ids(&self, q: &CaseQuery, scope: &RegionScope) -> Vec<i64> {
        let m = Matcher::new(q, scope);
        self.facts
            .iter()
            .filter(|f| m.matches(f))
            .map(|f| f.id)
            .collect()
    }

    /// The ids of one page of matching cases, in the view's order, and how
    /// many match in all.
    pub fn page(&self, q: &CaseQuery, scope: &RegionScope, page_size: usize) -> (u64, Vec<i64>) {
        let start = (q.page as usize).saturating_mul(page_size);
        self.slice(q, scope, start, page_size)
    }

    /// Like [`FactIndex::page`], from any offset (the list's older
    /// `limit`/`offset` parameters).
    pub fn slice(
        &self,
        q: &CaseQuery,
        scope: &RegionScope,
        start: usize,
        len: usize,
    ) -> (u64, Vec<i64>) {
        let m = Matcher::new(q, scope);
        let mut hits: Vec<&CaseFact> = self.facts.iter().filter(|f| m.matches(f)).collect();
        let total = hits.len() as u64;
        if start >= hits.len() {
            return (total, Vec::new());
        }
        let end = start.saturating_add(len).min(hits.len());
        // Ties broken by id, newest first, so paging is stable.
        let key = |f: &CaseFact| match q.sort {
            CaseSort::Updated => (-f.updated_at, -f.id),
            // Cases without a deadline last.
            CaseSort::Deadline => (
                f.deadline
                    .map_or(i64::MAX, |d| i64::from(d.legal.to_julian_day())),
                -f.id,
            ),
            CaseSort::Reports => (-i64::from(f.reports), -f.id),
        };
        // Only the first `end` need ordering: select, then sort that prefix.
        if end < hits.len() {
            hits.select_nth_unstable_by_key(end, |f| key(f));
        }
        let prefix = &mut hits[..end];
        prefix.sort_unstable_by_key(|f| key(f));
        (total, prefix[start..].iter().map(|f| f.id).collect())
    }
}

fn sorted_desc(items: impl Iterator<Item = (String, u64)>) -> Vec<Count> {
    let mut v: Vec<Count> = items.map(|(key, n)| Count { key, n }).collect();
    v.sort_unstable_by(|a, b| b.n.cmp(&a.n).then_with(|| a.key.cmp(&b.key)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn fact(id: i64, regency: &str, status: CaseStatus, reports: u32) -> CaseFact {
        let regency = RegencyCode::parse(regency).unwrap();
        CaseFact {
            id,
            status,
            province: Some(regency.province()),
            regency: Some(regency),
            violations: bit(ViolationCode::MedsosFoto),
            sources: bit(SourceKind::MediaSosial),
            platforms: bit(Platform::Facebook),
            positions: bit(PositionClass::Administrator),
            occurred_on: Some(date!(2024 - 11 - 20)),
            first_known: Some(date!(2024 - 11 - 20)),
            election_kind: Some(ElectionKind::PilkadaBupati),
            deadline: Some(Deadline {
                legal: date!(2024 - 11 - 27),
                latest: date!(2024 - 11 - 27),
            }),
            reports,
            updated_at: id,
            search: search_text(&["Drs. H. Ahmad Fauzi, M.Si."], &["Kecamatan Tegalsari"]),
        }
    }

    fn index(facts: Vec<CaseFact>) -> FactIndex {
        let mut ix = FactIndex::default();
        for f in facts {
            ix.upsert(f);
        }
        ix
    }

    #[test]
    fn the_overview_counts_what_the_filters_leave() {
        let mut jabar = fact(3, "32.73", CaseStatus::Diteruskan, 1);
        jabar.violations |= bit(ViolationCode::PasangApk);
        jabar.occurred_on = Some(date!(2024 - 11 - 21));
        let ix = index(vec![
            fact(1, "35.78", CaseStatus::Baru, 2),
            fact(2, "35.15", CaseStatus::Baru, 1),
            jabar,
        ]);
        let today = date!(2024 - 11 - 26);
        let all = ix.overview(&CaseQuery::default(), &RegionScope::All, today);
        assert_eq!((all.cases, all.reports, all.merged_reports), (3, 4, 1));
        // Two open cases due tomorrow; the forwarded one no longer counts.
        assert_eq!((all.deadline_soon, all.deadline_passed), (2, 0));
        assert_eq!(
            all.by_province,
            vec![
                Count {
                    key: "35".into(),
                    n: 2
                },
                Count {
                    key: "32".into(),
                    n: 1
                }
            ]
        );
        assert!(
            all.by_regency.is_empty(),
            "regencies only inside one province"
        );
        assert_eq!(
            all.by_violation,
            vec![
                Count {
                    key: "medsos_foto".into(),
                    n: 3
                },
                Count {
                    key: "pasang_apk".into(),
                    n: 1
                }
            ]
        );
        assert_eq!(all.by_day.len(), 2);
        assert_eq!(
            all.by_status,
            vec![
                Count {
                    key: "baru".into(),
                    n: 2
                },
                Count {
                    key: "diteruskan".into(),
                    n: 1
                }
            ]
        );

        let jatim = CaseQuery::from_pairs([("provinsi", "35")]);
        let o = ix.overview(&jatim, &RegionScope::All, date!(2024 - 11 - 30));
        assert_eq!((o.cases, o.deadline_passed), (2, 2));
        assert_eq!(o.by_regency.len(), 2);

        let text = CaseQuery::from_pairs([("cari", "ahmad fauzi")]);
        assert_eq!(ix.overview(&text, &RegionScope::All, today).cases, 3);
        let agency = CaseQuery::from_pairs([("cari", "Tegalsari")]);
        assert_eq!(ix.overview(&agency, &RegionScope::All, today).cases, 3);
        let nobody = CaseQuery::from_pairs([("cari", "budi")]);
        assert_eq!(ix.overview(&nobody, &RegionScope::All, today).cases, 0);
        let apk = CaseQuery::from_pairs([("pelanggaran", "pasang_apk")]);
        assert_eq!(ix.overview(&apk, &RegionScope::All, today).cases, 1);
        let from = CaseQuery::from_pairs([("dari", "2024-11-21")]);
        assert_eq!(ix.overview(&from, &RegionScope::All, today).cases, 1);
    }

    #[test]
    fn pages_are_ordered_stable_and_complete() {
        let ix = index(
            (1..=25)
                .map(|i| fact(i, "35.78", CaseStatus::Baru, (i % 4) as u32 + 1))
                .collect(),
        );
        let mut q = CaseQuery::default();
        let mut seen = Vec::new();
        for page in 0..3 {
            q.page = page;
            let (total, ids) = ix.page(&q, &RegionScope::All, 10);
            assert_eq!(total, 25);
            seen.extend(ids);
        }
        assert_eq!(seen, (1..=25).rev().collect::<Vec<_>>());
        q.page = 0;
        q.sort = CaseSort::Reports;
        let (_, ids) = ix.page(&q, &RegionScope::All, 3);
        assert_eq!(ids, vec![23, 19, 15]);
        q.page = 9;
        assert_eq!(ix.page(&q, &RegionScope::All, 10), (25, vec![]));
    }

    #[test]
    fn a_coordinator_counts_only_their_regions() {
        let ix = index(vec![
            fact(1, "35.78", CaseStatus::Baru, 1),
            fact(2, "35.15", CaseStatus::Baru, 1),
            fact(3, "32.73", CaseStatus::Baru, 1),
        ]);
        let today = date!(2024 - 11 - 26);
        let q = CaseQuery::default();
        let jatim = RegionScope::of_codes(&["35".to_owned()]);
        assert_eq!(ix.overview(&q, &jatim, today).cases, 2);
        let sby = RegionScope::of_codes(&["35.78".to_owned(), "32".to_owned()]);
        assert_eq!(ix.page(&q, &sby, 10), (2, vec![3, 1]));
        let nothing = RegionScope::of_codes(&["bogus".to_owned()]);
        assert_eq!(ix.overview(&q, &nothing, today).cases, 0);
    }

    #[test]
    fn a_fact_unites_its_reports() {
        let report = |known: &str, kind: &str, violations: &str| ReportFacts {
            occurred_on: known.to_owned(),
            known_on: known.to_owned(),
            violations: violations.to_owned(),
            source_kind: "media_sosial".to_owned(),
            platform: "facebook".to_owned(),
            election_kind: kind.to_owned(),
            terlapor_name: "Drs. Ahmad Fauzi".to_owned(),
            agency: "Kecamatan Tegalsari".to_owned(),
            ..ReportFacts::default()
        };
        let f = case_fact(
            &Calendar::builtin(),
            7,
            "diverifikasi",
            1,
            ("35", "35.78"),
            &["Budi Santoso"],
            &[
                report("2024-11-21", "", "medsos_foto"),
                report("2024-11-20", "pilkada_bupati", "pasang_apk,medsos_foto"),
            ],
        )
        .unwrap();
        assert_eq!(
            f.regency,
            RegencyCode::parse("35.78").ok(),
            "the case's own region"
        );
        assert_eq!(f.status, CaseStatus::Diverifikasi);
        assert_eq!(
            f.violations,
            bit(ViolationCode::MedsosFoto) | bit(ViolationCode::PasangApk)
        );
        assert_eq!(f.sources, bit(SourceKind::MediaSosial));
        assert_eq!(f.occurred_on, Some(date!(2024 - 11 - 20)));
        // Pilkada: 7 calendar days from the earliest known day.
        let legal = f.deadline.map(|d| (d.legal, d.latest));
        assert_eq!(legal, Some((date!(2024 - 11 - 27), date!(2024 - 11 - 27))));
        assert!(f.search.contains("budi santoso") && f.search.contains("tegalsari"));
        let none = case_fact(
            &Calendar::builtin(),
            8,
            "baru",
            1,
            ("35", "35.78"),
            &[],
            &[],
        );
        assert_eq!(none, None);
    }

    #[test]
    fn a_fact_does_not_depend_on_the_order_its_reports_are_read_in() {
        // As the start-up read gives them (table order) and as a catch-up
        // does (first report first): the same fact.
        let report = |known: &str, kind: &str, name: &str| ReportFacts {
            occurred_on: known.to_owned(),
            known_on: known.to_owned(),
            violations: "medsos_foto".to_owned(),
            election_kind: kind.to_owned(),
            terlapor_name: name.to_owned(),
            agency: "Kecamatan Tegalsari".to_owned(),
            ..ReportFacts::default()
        };
        let reports = [
            ((10, 2), report("2024-11-21", "", "Ahmad Fauzi")),
            ((10, 7), report("2024-11-22", "pilpres", "Budi")),
            (
                (12, 1),
                report("2024-11-20", "pilkada_bupati", "Ahmad Fauzi"),
            ),
        ];
        let build = |order: &[usize]| {
            let mut b = FactBuilder::new(7, "baru", 1, ("35", "35.78"), &["Fauzi"]);
            for &i in order {
                b.add(reports[i].0, &reports[i].1);
            }
            b.finish(&Calendar::builtin()).unwrap()
        };
        let first_first = build(&[0, 1, 2]);
        for order in [[2, 1, 0], [1, 0, 2], [2, 0, 1]] {
            assert_eq!(build(&order), first_first, "{order:?}");
        }
        assert_eq!(
            first_first.election_kind,
            Some(ElectionKind::Pilpres),
            "the first report naming one"
        );
        assert_eq!(first_first.first_known, Some(date!(2024 - 11 - 20)));
        assert_eq!(
            first_first.search,
            "ahmad fauzi | budi | fauzi | kecamatan tegalsari"
        );
        let slice = case_fact(
            &Calendar::builtin(),
            7,
            "baru",
            1,
            ("35", "35.78"),
            &["Fauzi"],
            &reports.map(|(_, r)| r),
        );
        assert_eq!(slice, Some(first_first));
    }

    #[test]
    fn removing_keeps_the_id_map_right() {
        let mut ix = index(vec![
            fact(1, "35.78", CaseStatus::Baru, 1),
            fact(2, "35.78", CaseStatus::Baru, 1),
            fact(3, "35.78", CaseStatus::Baru, 1),
        ]);
        ix.remove(1);
        ix.upsert(fact(3, "35.78", CaseStatus::Selesai, 5));
        assert_eq!(ix.len(), 2);
        let o = ix.overview(
            &CaseQuery::default(),
            &RegionScope::All,
            date!(2024 - 11 - 26),
        );
        assert_eq!(o.reports, 6);
        assert_eq!(o.by_status.len(), 2);
    }
}
