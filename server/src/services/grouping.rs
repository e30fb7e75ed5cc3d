//! Planning a sync batch: which reports are new, replays or new versions,
//! and which case each belongs to. Pure and in memory: the store loads what
//! the batch's keys touch in two queries, this module decides, and the store
//! writes the plan in a handful of multi-row statements. That keeps the cost
//! per report independent of how many reports are stored, and close to a
//! plain insert.
//!
//! Rules: two reports sharing a key are weighed by `shared::match_keys::judge`
//! (joined, suggested, or other people); joined reports share one case,
//! transitively; a report joining several cases merges them into the
//! oldest, except cases a coordinator split apart; a report a coordinator
//! placed is never moved. Cases stay in their kab/kota: a report joins
//! only cases of its own (an edited report, those of its case). A match
//! with a case elsewhere, and a suggestion anywhere, is recorded as a
//! "possibly the same" link for coordinators, never an automatic join, so
//! no report can carry a case into another region or swallow another
//! region's case, and weak evidence never joins strangers.

use std::collections::HashMap;

use std::cell::OnceCell;
use std::collections::HashSet;

use netral_shared::match_keys::{
    Facts, KeyFamily, MatchKind, Profile, Verdict, days_may_meet, weigh,
};
use netral_shared::sync::Outcome;
use netral_shared::validate::When;
use time::Date;

use crate::store::Incoming;
pub use crate::store::plan::{CaseLink, Existing, Found, KeyHit, Placement, Plan, StoredFacts};

/// Union-find over case ids, for merges decided within the batch, with
/// each case's kab/kota (merges never cross one, so a set has one).
#[derive(Default)]
struct Cases {
    parent: HashMap<i64, i64>,
    regency: HashMap<i64, String>,
}

impl Cases {
    fn find(&self, mut id: i64) -> i64 {
        while let Some(&p) = self.parent.get(&id) {
            id = p;
        }
        id
    }

    fn region(&self, id: i64) -> &str {
        self.regency.get(&self.find(id)).map_or("", String::as_str)
    }
}

/// A report a later one may join: stored, or planned earlier in the batch.
struct Candidate {
    report_id: String,
    case_id: i64,
    date: Date,
    /// A stored report's facts, profiled when first weighed: in a crowded
    /// kab/kota most reports a key brings up are turned away by their day.
    stored: Option<StoredFacts>,
    profile: OnceCell<Profile>,
}

impl Candidate {
    fn profile(&self) -> &Profile {
        self.profile.get_or_init(|| {
            let f = self
                .stored
                .as_ref()
                .expect("a batch report is profiled when planned");
            Profile::of(&Facts {
                nip: f.nip.as_deref(),
                name: &f.name_norm,
                position: &f.position,
                agency: &f.agency,
                violations: &f.violations,
                photo_hashes: &f.photo_dhashes,
                date: self.date,
            })
        })
    }
}

/// The candidates, and which of them each key finds (in the order the
/// database gave them, then the batch's).
#[derive(Default)]
struct Pool {
    candidates: Vec<Candidate>,
    by_key: HashMap<String, Vec<usize>>,
}

/// Plans `batch`. `existing` maps report ids to stored rows; `found` are the
/// stored reports sharing a lookup key with any report of the batch;
/// `separations` are the separated case pairs touching those cases; new
/// case ids start after `max_case_id`. A batch must not hold one id twice
/// (the store splits such batches).
pub fn plan(
    batch: &[Incoming],
    existing: &HashMap<String, Existing>,
    found: Found,
    separations: &[(i64, i64)],
    max_case_id: i64,
) -> Plan {
    let mut cases = Cases::default();
    for e in existing.values() {
        cases.regency.insert(e.case_id, e.case_regency.clone());
    }
    let mut pool = Pool::default();
    let mut stored: HashMap<String, usize> = HashMap::new();
    for f in found.reports {
        cases.regency.insert(f.case_id, f.case_regency.clone());
        stored.insert(f.report_id.clone(), pool.candidates.len());
        pool.candidates.push(Candidate {
            report_id: f.report_id.clone(),
            case_id: f.case_id,
            // A stored date is always one the report was validated with.
            date: When::parse(&f.occurred_on).map_or(Date::MIN, |w| w.date),
            stored: Some(f),
            profile: OnceCell::new(),
        });
    }
    for hit in found.hits {
        if let Some(&c) = stored.get(&hit.report_id) {
            pool.by_key.entry(hit.key).or_default().push(c);
        }
    }
    let mut plan = Plan::default();
    let mut next_case = max_case_id;

    // Planned in the order of the reports' ids (UUIDv7: when each was
    // begun), not of their arrival: a report found by a later one's keys
    // decides where that one goes, so the same reports in another order
    // would otherwise group differently when separations or a
    // coordinator's placement are involved.
    let mut order: Vec<usize> = (0..batch.len()).collect();
    order.sort_by_key(|&i| batch[i].id);
    plan.outcomes = vec![Outcome::Accepted; batch.len()];
    for i in order {
        let r = &batch[i];
        let id = r.id.to_string();
        let stored = existing.get(&id);
        if let Some(s) = stored {
            if s.content_hash == r.content_hash {
                plan.outcomes[i] = Outcome::Replayed;
                continue;
            }
            if i64::from(r.revision) <= s.revision {
                plan.outcomes[i] = Outcome::Stale;
                continue;
            }
        }

        let profile = Profile::of(&r.facts());
        let placement = match stored {
            Some(s) if s.manual => Placement {
                case_id: s.case_id,
                reason: None,
                matched: None,
                keep_reason: true,
            },
            _ => {
                let current = stored.map(|s| cases.find(s.case_id));
                place(
                    r,
                    &profile,
                    &id,
                    current,
                    &pool,
                    &mut cases,
                    separations,
                    &mut next_case,
                    &mut plan,
                )
            }
        };
        // Later reports of the batch find this one by its keys.
        let me = pool.candidates.len();
        for key in &r.keys {
            pool.by_key.entry(key.clone()).or_default().push(me);
        }
        pool.candidates.push(Candidate {
            report_id: id,
            case_id: placement.case_id,
            date: r.occurred_on,
            stored: None,
            profile: OnceCell::from(profile),
        });
        plan.accepted.push((i, placement, stored.is_none()));
    }

    plan.accepted.sort_unstable_by_key(|a| a.0);
    // Resolve every decision against the merges made after it.
    for (_, p, _) in &mut plan.accepted {
        p.case_id = cases.find(p.case_id);
    }
    plan.touched = plan.accepted.iter().map(|(_, p, _)| p.case_id).collect();
    plan.touched.sort_unstable();
    plan.touched.dedup();
    plan.new_cases.retain(|c| cases.find(*c) == *c);
    plan.merges = plan
        .merges
        .iter()
        .map(|&(old, _)| (old, cases.find(old)))
        .collect();
    let mut links: Vec<CaseLink> = Vec::new();
    for mut link in std::mem::take(&mut plan.links) {
        link.case_id = cases.find(link.case_id);
        link.other_case_id = cases.find(link.other_case_id);
        let pair = |l: &CaseLink| {
            (
                l.case_id.min(l.other_case_id),
                l.case_id.max(l.other_case_id),
            )
        };
        if link.case_id != link.other_case_id && !links.iter().any(|l| pair(l) == pair(&link)) {
            links.push(link);
        }
    }
    plan.links = links;
    plan
}

#[allow(clippy::too_many_arguments)]
fn place(
    r: &Incoming,
    me: &Profile,
    id: &str,
    current: Option<i64>,
    pool: &Pool,
    cases: &mut Cases,
    separations: &[(i64, i64)],
    next_case: &mut i64,
    plan: &mut Plan,
) -> Placement {
    // The strongest reason per candidate case, to join and to suggest.
    let mut best: Vec<(i64, MatchKind, &str)> = Vec::new();
    let mut hints: Vec<(i64, MatchKind, &str)> = Vec::new();
    // A stored report often comes up through several keys of one family
    // (each word of a name): weighed once.
    let mut weighed: HashSet<(&str, KeyFamily)> = HashSet::new();
    for key in &r.lookup_keys {
        let Some(family) = KeyFamily::of_key_string(key) else {
            continue;
        };
        for &c in pool.by_key.get(key).into_iter().flatten() {
            let hit = &pool.candidates[c];
            if hit.report_id == id
                || !days_may_meet(family, r.occurred_on, hit.date)
                || !weighed.insert((hit.report_id.as_str(), family))
            {
                continue;
            }
            let (list, kind) = match weigh(family, me, hit.profile()) {
                Some(Verdict::Join(kind)) => (&mut best, kind),
                Some(Verdict::Suggest(kind)) => (&mut hints, kind),
                None => continue,
            };
            let case = cases.find(hit.case_id);
            match list.iter_mut().find(|b| b.0 == case) {
                Some(b) if kind < b.1 => *b = (case, kind, &hit.report_id),
                Some(_) => {}
                None => list.push((case, kind, &hit.report_id)),
            }
        }
    }

    // The kab/kota whose cases the report may join: its own, or for a new
    // version its case's, which does not move with it.
    let region = match current {
        Some(c) => cases.region(c).to_owned(),
        None => r.regency.clone(),
    };
    let (elsewhere, here): (Vec<_>, Vec<_>) =
        best.into_iter().partition(|b| cases.region(b.0) != region);
    let best = here;
    let mut candidates: Vec<i64> = best.iter().map(|b| b.0).chain(current).collect();
    // A new version never takes its report into a case a coordinator
    // separated from the one it is in: that would undo the split.
    if let Some(current) = current {
        candidates.retain(|&c| !separated(cases, separations, c, current));
    }
    candidates.sort_unstable();
    candidates.dedup();
    let placement = choose(
        r,
        current,
        &best,
        &candidates,
        cases,
        separations,
        next_case,
        plan,
    );
    // Joined by a stronger reason, a case needs no suggestion.
    hints.retain(|h| cases.find(h.0) != cases.find(placement.case_id));
    for (other, kind, _) in elsewhere.into_iter().chain(hints) {
        if !separated(cases, separations, placement.case_id, other) {
            plan.links.push(CaseLink {
                case_id: placement.case_id,
                other_case_id: other,
                reason: kind,
                report_id: id.to_owned(),
            });
        }
    }
    placement
}

/// The case among `candidates` (same kab/kota, not separated from the
/// report's own) that the report joins, merging the others into it, or a
/// new case.
#[allow(clippy::too_many_arguments)]
fn choose(
    r: &Incoming,
    current: Option<i64>,
    best: &[(i64, MatchKind, &str)],
    candidates: &[i64],
    cases: &mut Cases,
    separations: &[(i64, i64)],
    next_case: &mut i64,
    plan: &mut Plan,
) -> Placement {
    let Some(&target) = candidates.first() else {
        *next_case += 1;
        plan.new_cases.push(*next_case);
        cases.regency.insert(*next_case, r.regency.clone());
        return Placement {
            case_id: *next_case,
            reason: None,
            matched: None,
            keep_reason: false,
        };
    };
    for &other in &candidates[1..] {
        if separated(cases, separations, target, other) {
            continue;
        }
        cases.parent.insert(other, target);
        plan.merges.push((other, target));
    }
    if current == Some(target) {
        return Placement {
            case_id: target,
            reason: None,
            matched: None,
            keep_reason: true,
        };
    }
    let (reason, matched) = best
        .iter()
        .find(|b| b.0 == target)
        .map(|b| (Some(b.1), Some(b.2.to_owned())))
        .unwrap_or((None, None));
    Placement {
        case_id: target,
        reason,
        matched,
        keep_reason: false,
    }
}

fn separated(cases: &Cases, separations: &[(i64, i64)], a: i64, b: i64) -> bool {
    separations.iter().any(|&(x, y)| {
        let (x, y) = (cases.find(x), cases.find(y));
        (x == a && y == b) || (x == b && y == a)
    })
}
