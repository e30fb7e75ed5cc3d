//! The dashboard's reads, between the routes and the store: catching the
//! per-replica case index up with the database, and the wire forms of a
//! case (its summary with the deadline, timeline entries, formal gaps) built
//! from the rows the store returns.

use std::collections::HashMap;
use std::ops::Deref;
use std::time::Duration;

use netral_shared::calendar::Calendar;
use netral_shared::cases::{CaseDetail, CaseEvent, CaseSummary, FormalGap, PossiblySame};
use netral_shared::dashboard::CaseQuery;
use netral_shared::match_keys::MatchKind;
use netral_shared::nip::EmployeeNumber;
use netral_shared::regions::{RegionCode, RegionScope};
use netral_shared::report::Report;
use netral_shared::routing::{CaseFacts, RouteAdvice, advise};
use netral_shared::validate::When;
use netral_shared::workflow::CaseStatus;
use serde_json::Value;
use time::Date;
use tokio::sync::MutexGuard;
use uuid::Uuid;

use crate::services::case_index::{CaseFact, FactBuilder, FactIndex, case_deadline, case_fact};
use crate::services::intake::today_in_indonesia;
use crate::services::{AppState, index_snapshot};
use crate::store::case_desk::{CaseReportFacts, CaseSink, ChangedCase};
use crate::store::{CaseRows, EventRow, LinkRow, Store, StoreError, SummaryRow, format_ms};

/// The fact index as one read sees it.
pub enum IndexView<'a> {
    /// This replica's index, caught up with the database.
    Shared(MutexGuard<'a, FactIndex>),
    /// Only the cases of the read's regions, read from the database for
    /// this request while the replica's index is still loading.
    Scoped(FactIndex),
}

impl Deref for IndexView<'_> {
    type Target = FactIndex;

    fn deref(&self) -> &FactIndex {
        match self {
            IndexView::Shared(index) => index,
            IndexView::Scoped(index) => index,
        }
    }
}

/// The regions a read can be limited to: the view's kab/kota or province,
/// else the caller's regions; `None` for all of Indonesia.
pub fn read_bounds(query: &CaseQuery, scope: &RegionScope) -> Option<Vec<RegionCode>> {
    if let Some(regency) = query.regency {
        return Some(vec![RegionCode::Regency(regency)]);
    }
    if let Some(province) = query.province {
        return Some(vec![RegionCode::Province(province)]);
    }
    match scope {
        RegionScope::All => None,
        RegionScope::Only(codes) => Some(codes.clone()),
    }
}

/// The index, brought up to date with every case write committed before
/// this call. Writes happen on any replica, so each read asks the database
/// what changed since the index's cursor: one indexed query when nothing did.
///
/// While the first load runs (seconds at a million reports), a read
/// bounded to some regions is answered from the database alone, the
/// regional coordinator's usual view; a national one waits for the load.
pub async fn caught_up<'a>(
    state: &'a AppState,
    bounds: Option<&[RegionCode]>,
) -> Result<IndexView<'a>, StoreError> {
    let shared = &state.facts;
    let index = match (shared.index.try_lock(), bounds) {
        (Ok(index), _) => index,
        (Err(_), Some(regions)) if !shared.is_loaded() => {
            return Ok(IndexView::Scoped(scoped(state, regions).await?));
        }
        (Err(_), _) => shared.index.lock().await,
    };
    catch_up(state, index).await.map(IndexView::Shared)
}

async fn catch_up<'a>(
    state: &AppState,
    mut index: MutexGuard<'a, FactIndex>,
) -> Result<MutexGuard<'a, FactIndex>, StoreError> {
    if index.cursor < 0 {
        *index = match saved_index(state).await {
            Some(saved) => saved,
            None => load(state).await?,
        };
        state.facts.set_loaded();
    }
    let (changed, removed, cursor) = state.store.cases_changed_since(index.cursor).await?;
    for id in removed {
        index.remove(id);
    }
    for case in changed {
        match fact_of(&state.calendar, &case) {
            Some(fact) => index.upsert(fact),
            // A case without reports is not live.
            None => index.remove(case.id),
        }
    }
    index.cursor = cursor;
    Ok(index)
}

fn fact_of(calendar: &Calendar, case: &ChangedCase) -> Option<CaseFact> {
    let canonical = [case.canonical.name.as_str(), case.canonical.agency.as_str()];
    case_fact(
        calendar,
        case.id,
        &case.status,
        case.updated_at,
        (&case.province, &case.regency),
        &canonical,
        &case.reports,
    )
}

/// Every live case, read table by table and folded as it is read.
async fn load(state: &AppState) -> Result<FactIndex, StoreError> {
    struct Loading(HashMap<i64, FactBuilder>);
    impl CaseSink for Loading {
        fn case(&mut self, case: ChangedCase) {
            let canonical = [case.canonical.name.as_str(), case.canonical.agency.as_str()];
            let region = (case.province.as_str(), case.regency.as_str());
            let builder =
                FactBuilder::new(case.id, &case.status, case.updated_at, region, &canonical);
            self.0.insert(case.id, builder);
        }
        fn report(&mut self, report: CaseReportFacts) {
            if let Some(builder) = self.0.get_mut(&report.case_id) {
                let id = Uuid::parse_str(&report.report_id).map_or(0, |id| id.as_u128());
                builder.add((report.received_at, id), &report.facts);
            }
        }
    }
    let mut loading = Loading(HashMap::new());
    let cursor = state.store.scan_live_cases(&mut loading).await?;
    let mut index = FactIndex::new();
    for builder in loading.0.into_values() {
        if let Some(fact) = builder.finish(&state.calendar) {
            index.upsert(fact);
        }
    }
    index.cursor = cursor;
    Ok(index)
}

/// The live cases of these regions, as an index of their own.
async fn scoped(state: &AppState, regions: &[RegionCode]) -> Result<FactIndex, StoreError> {
    let (cases, cursor) = state.store.live_cases_in(regions).await?;
    let mut index = FactIndex::new();
    for fact in cases.iter().filter_map(|c| fact_of(&state.calendar, c)) {
        index.upsert(fact);
    }
    index.cursor = cursor;
    Ok(index)
}

/// The index some replica saved, if it is of this release's format.
async fn saved_index(state: &AppState) -> Option<FactIndex> {
    let snapshot = match state.store.index_snapshot().await {
        Ok(snapshot) => snapshot?,
        Err(e) => {
            tracing::warn!(error = %e, "the saved case index could not be read; reading every case");
            return None;
        }
    };
    let calendar = state.calendar.clone();
    tokio::task::spawn_blocking(move || index_snapshot::decode(&snapshot, &calendar))
        .await
        .ok()
        .flatten()
}

/// How often the background task catches the index up and, when it moved,
/// saves it: what a starting replica then catches up on is at most this old.
pub const SAVE_EVERY: Duration = Duration::from_secs(300);

/// Loads the index in the background when the server starts, so the
/// first load is not the first coordinator's wait, then keeps it caught up
/// and saved (see [`SAVE_EVERY`]). A failure is left to the next round or
/// the next read, which loads anyway.
pub fn warm_up(state: AppState) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = save_if_moved(&state).await {
                tracing::warn!(error = %e, "the case index could not be saved");
            }
            tokio::time::sleep(SAVE_EVERY).await;
        }
    });
}

/// Catches the index up and saves it unless the saved one is as current.
pub async fn save_if_moved(state: &AppState) -> Result<(), StoreError> {
    let (facts, cursor) = {
        let index = caught_up(state, None).await?;
        if index.cursor <= index.saved_cursor {
            return Ok(());
        }
        // A copy, so that encoding does not hold up the dashboard.
        (index.facts().to_vec(), index.cursor)
    };
    let encoding = tokio::task::spawn_blocking(move || index_snapshot::encode(&facts, cursor));
    let Ok(snapshot) = encoding.await else {
        tracing::error!("encoding the case index panicked; not saved");
        return Ok(());
    };
    state.store.save_index_snapshot(&snapshot).await?;
    let mut index = state.facts.index.lock().await;
    index.saved_cursor = index.saved_cursor.max(cursor);
    tracing::debug!(
        cases = index.len(),
        cursor,
        bytes = snapshot.facts.len(),
        "case index saved"
    );
    Ok(())
}

/// A summary as shown: the store's, with the Bawaslu deadline under the
/// deployment's calendar.
pub fn summary(row: SummaryRow, calendar: &Calendar) -> CaseSummary {
    let deadline = case_deadline(
        &row.summary.first_known_on,
        row.election_kinds.iter().map(String::as_str),
        calendar,
    );
    CaseSummary {
        deadline: deadline.map(|d| d.legal.to_string()),
        deadline_latest: deadline.map(|d| d.latest.to_string()),
        ..row.summary
    }
}

/// Summaries of these live cases, in the given order.
pub async fn summaries(
    store: &dyn Store,
    ids: &[i64],
    calendar: &Calendar,
) -> Result<Vec<CaseSummary>, StoreError> {
    Ok(store
        .summaries(ids)
        .await?
        .into_iter()
        .map(|row| summary(row, calendar))
        .collect())
}

/// A live case's detail; `None` if unknown or merged away.
/// `scope` is the caller's: it decides which linked cases they may open.
pub async fn case_detail(
    store: &dyn Store,
    id: i64,
    scope: &RegionScope,
    calendar: &Calendar,
) -> Result<Option<CaseDetail>, StoreError> {
    Ok(store
        .case(id)
        .await?
        .map(|rows| detail(rows, scope, calendar)))
}

/// A stored link as the caller sees it.
pub fn possibly_same(row: LinkRow, scope: &RegionScope) -> Option<PossiblySame> {
    Some(PossiblySame {
        case_id: row.case_id,
        other_case_id: row.other_case_id,
        other_visible: scope.admits_codes(&row.other_province, &row.other_regency),
        other_province: row.other_province,
        other_regency: row.other_regency,
        reason: MatchKind::from_code(&row.reason)?,
        report_id: Uuid::parse_str(&row.report_id).ok()?,
        created_at: format_ms(row.created_at),
    })
}

fn detail(rows: CaseRows, scope: &RegionScope, calendar: &Calendar) -> CaseDetail {
    let summary = summary(rows.summary, calendar);
    // Past the deadline only once the later reading (cuti bersama off) has
    // passed too: until then Bawaslu is still the route.
    let latest = summary
        .deadline_latest
        .as_deref()
        .and_then(When::parse)
        .map(|w| w.date);
    let status = Some(summary.status);
    CaseDetail {
        possibly_same: rows
            .links
            .into_iter()
            .filter_map(|l| possibly_same(l, scope))
            .collect(),
        summary,
        reports: rows.reports.into_iter().map(with_nip_kind).collect(),
        timeline: rows.events.into_iter().map(event).collect(),
        forwardings: rows.forwardings,
        next_steps: status
            .map_or(&[][..], |s| s.next_steps())
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        route: rows
            .first_body
            .as_ref()
            .and_then(|(body, _)| route(body, latest, today_in_indonesia())),
        formal_missing: rows
            .first_body
            .map(|(body, has_contact)| formal_gaps(&body, has_contact))
            .unwrap_or_default(),
    }
}

/// Where the case should go, judged on its first report (as the formal
/// checklist is) and the last day Bawaslu may still take it.
pub fn route(body: &str, deadline: Option<Date>, today: Date) -> Option<RouteAdvice> {
    let report = serde_json::from_str::<Report>(body).ok()?;
    let facts = CaseFacts {
        election: report.election.kind,
        stage: report.election.stage,
        subject: report.terlapor.subject_type,
        occurred_on: When::parse(&report.occurred_at).map(|w| w.date),
        has_nip: EmployeeNumber::parse(&report.terlapor.nip, today)
            .is_some_and(|n| n.key().is_some()),
        bawaslu_deadline_passed: deadline.is_some_and(|d| d < today),
    };
    Some(advise(&facts))
}

fn event(row: EventRow) -> CaseEvent {
    let EventRow {
        at,
        actor_username: actor,
        action,
        details,
        note,
    } = row;
    let details: Value = serde_json::from_str(&details).unwrap_or_default();
    let text = |k: &str| details[k].as_str().unwrap_or_default().to_owned();
    let list = |k: &str| -> Vec<String> {
        details[k]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    CaseEvent {
        at: format_ms(at),
        actor,
        action,
        from_status: CaseStatus::from_code(&text("from")),
        to_status: CaseStatus::from_code(&text("to")),
        reason: details["reason"].as_str().map(str::to_owned),
        agencies: list("agencies"),
        note,
        other_case: details["other_case_id"]
            .as_i64()
            .or(details["new_case_id"].as_i64()),
        fields: list("fields"),
    }
}

/// Whether the coordinator can trust the number typed as the terlapor's NIP.
fn with_nip_kind(mut member: netral_shared::cases::CaseMember) -> netral_shared::cases::CaseMember {
    let today = crate::services::intake::today_in_indonesia();
    member.nip_kind = member
        .report
        .as_ref()
        .and_then(|r| EmployeeNumber::parse(&r.terlapor.nip, today))
        .map(|n| n.kind());
    member
}

/// What a formal filing still lacks, from a stored report body. The body
/// holds no reporter (stored apart), so whether a contact exists is passed
/// in: the checklist says "contact missing", never the contact.
pub fn formal_gaps(body: &str, has_contact: bool) -> Vec<FormalGap> {
    let Ok(mut report) = serde_json::from_str::<Report>(body) else {
        return Vec::new();
    };
    if has_contact {
        report.reporter.contact = "(ada)".to_owned();
    }
    // Stored reports are settled (`Report::with_identity_settled`): unless
    // marked the coalition's, the pelapor's name and address are there.
    if !report.coalition_is_pelapor {
        report.reporter.name = "(ada)".to_owned();
        report.reporter.address = "(ada)".to_owned();
    }
    netral_shared::validate::formal_missing(&report)
        .into_iter()
        .map(|(field, label)| FormalGap {
            field: field.to_owned(),
            label: label.into(),
        })
        .collect()
}
