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

use netral_shared::match_keys::{Facts, KeyFamily, MatchKind, Verdict, judge};
use netral_shared::sync::Outcome;
use netral_shared::validate::When;

use crate::store::Incoming;
pub use crate::store::plan::{CaseLink, Existing, KeyHit, Placement, Plan};

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

/// Plans `batch`. `existing` maps report ids to stored rows; `hits` are the
/// stored reports sharing a lookup key with any report of the batch;
/// `separations` are the separated case pairs touching those cases; new
/// case ids start after `max_case_id`. A batch must not hold one id twice
/// (the store splits such batches).
pub fn plan(
    batch: &[Incoming],
    existing: &HashMap<String, Existing>,
    hits: Vec<KeyHit>,
    separations: &[(i64, i64)],
    max_case_id: i64,
) -> Plan {
    let mut cases = Cases::default();
    for e in existing.values() {
        cases.regency.insert(e.case_id, e.case_regency.clone());
    }
    let mut index: HashMap<String, Vec<KeyHit>> = HashMap::new();
    for hit in hits {
        cases.regency.insert(hit.case_id, hit.case_regency.clone());
        index.entry(hit.key.clone()).or_default().push(hit);
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
                    &id,
                    current,
                    &index,
                    &mut cases,
                    separations,
                    &mut next_case,
                    &mut plan,
                )
            }
        };
        // Later reports of the batch find this one by its keys.
        for key in &r.keys {
            index.entry(key.clone()).or_default().push(KeyHit {
                key: key.clone(),
                report_id: id.clone(),
                case_id: placement.case_id,
                case_regency: cases.region(placement.case_id).to_owned(),
                nip: r.nip.clone(),
                name_norm: r.name_norm.clone(),
                violations: r.violations.clone(),
                occurred_on: r.occurred_on.to_string(),
                position: r.position.clone(),
                agency: r.agency.clone(),
                photo_dhashes: r.photo_dhashes.clone(),
            });
        }
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
    id: &str,
    current: Option<i64>,
    index: &HashMap<String, Vec<KeyHit>>,
    cases: &mut Cases,
    separations: &[(i64, i64)],
    next_case: &mut i64,
    plan: &mut Plan,
) -> Placement {
    let me = r.facts();
    // The strongest reason per candidate case, to join and to suggest.
    let mut best: Vec<(i64, MatchKind, &str)> = Vec::new();
    let mut hints: Vec<(i64, MatchKind, &str)> = Vec::new();
    // A stored report often comes up through several keys of one family
    // (each word of a name): weighed once.
    let mut weighed: Vec<(&str, KeyFamily)> = Vec::new();
    for key in &r.lookup_keys {
        let Some(family) = KeyFamily::of_key_string(key) else {
            continue;
        };
        for hit in index.get(key).into_iter().flatten() {
            if hit.report_id == id || weighed.contains(&(hit.report_id.as_str(), family)) {
                continue;
            }
            weighed.push((&hit.report_id, family));
            let other = Facts {
                nip: hit.nip.as_deref(),
                name: &hit.name_norm,
                position: &hit.position,
                agency: &hit.agency,
                violations: &hit.violations,
                photo_hashes: &hit.photo_dhashes,
                // A stored date is always one the report was validated with.
                date: When::parse(&hit.occurred_on).map_or(r.occurred_on, |w| w.date),
            };
            let (list, kind) = match judge(family, &me, &other) {
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
