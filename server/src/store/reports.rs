//! Reports and cases: a sync batch stored and grouped in one transaction,
//! a report's and a case's reads, splits and merges.
//!
//! Grouping runs inside the sync transaction, so a report is never stored
//! without its case, and costs a few indexed lookups per report (its match
//! keys), whatever the number of stored reports. The store loads what the
//! batch's keys touch, the caller's planner (`services::grouping::plan`)
//! decides, and the store writes the plan in a handful of multi-row
//! statements.

use std::collections::{HashMap, HashSet};

use netral_shared::cases::{CaseMember, CaseSummary};
use netral_shared::catalogue::ViolationCode;
use netral_shared::match_keys::MatchKind;
use netral_shared::sync::{Outcome, ReportStatus, StoredReport};
use netral_shared::workflow::{Agency, CaseStatus, Forwarding};
use sqlx::{AnyConnection, AnyPool};
use uuid::Uuid;

use super::Backend;
use super::audit::{Actor, Audit};
use super::db::{SqlStore, add_event, mark_changed, next_seq, write_audit};
use super::identity::{Identity, witness_count};
use super::plan::{Existing, Found, KeyHit, Plan, StoredFacts};
use super::sql::Sql;
use super::{
    BatchStats, CaseRows, EventRow, Incoming, LinkRow, Planner, Store, StoreError, SummaryRow,
};
use super::{format_ms, now_ms};
use crate::keys::Keys;
use netral_shared::accounts::AuditAction;

#[derive(sqlx::FromRow)]
struct StoredRow {
    revision: i64,
    received_at: i64,
    updated_at: i64,
    case_id: i64,
    pseudonym: Option<String>,
    versions: i64,
}

#[derive(sqlx::FromRow)]
struct StatusRow {
    id: String,
    revision: i64,
    case_id: i64,
    updated_at: i64,
    status: String,
    case_updated_at: i64,
    case_reports: i64,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: String,
    case_reason: Option<String>,
    case_matched: Option<String>,
    case_manual: i64,
    terlapor_name: String,
    occurred_on: String,
    pseudonym: Option<String>,
    body: String,
    witnesses: Option<i64>,
}

impl MemberRow {
    fn member(self) -> CaseMember {
        CaseMember {
            report_id: parse_uuid(&self.id),
            reason: self.case_reason.as_deref().and_then(MatchKind::from_code),
            matched_report: self.case_matched.as_deref().map(parse_uuid),
            manual: self.case_manual != 0,
            terlapor_name: self.terlapor_name,
            occurred_on: self.occurred_on,
            pseudonym: self.pseudonym,
            // Stored bodies hold no reporter and no witnesses: they are
            // sealed apart.
            report: serde_json::from_str(&self.body).ok(),
            witnesses: self.witnesses.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32,
            // Needs today's date: filled in by `services::case_views`.
            nip_kind: None,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ForwardingRow {
    agency: String,
    date: String,
    reference: String,
}

impl ForwardingRow {
    fn forwarding(self) -> Option<Forwarding> {
        Some(Forwarding {
            agency: Agency::from_code(&self.agency)?,
            date: self.date,
            reference: self.reference,
        })
    }
}

#[derive(sqlx::FromRow)]
struct FirstBody {
    body: String,
    contacts: i64,
}

#[async_trait::async_trait]
impl Store for SqlStore {
    async fn sync_batch_stats(
        &self,
        batch: &[Incoming],
        planner: Planner,
    ) -> Result<(Vec<Outcome>, BatchStats), StoreError> {
        let mut tx = self.begin_grouping().await?;
        let now = now_ms();
        let seq = next_seq(&mut tx).await?;
        let mut outcomes = Vec::with_capacity(batch.len());
        let mut stats = BatchStats::default();
        // One id twice in a batch (a device bug, or two edits queued):
        // the later copy is planned after the first is written.
        let mut start = 0;
        while start < batch.len() {
            let mut seen = std::collections::HashSet::new();
            let end = batch[start..]
                .iter()
                .position(|r| !seen.insert(r.id))
                .map_or(batch.len(), |p| start + p);
            let (part, part_stats) = store_part(
                &mut tx,
                &batch[start..end],
                planner,
                now,
                seq,
                &self.keys,
                self.legacy_name_keys,
            )
            .await?;
            outcomes.extend(part);
            stats.grouped_into_existing += part_stats.grouped_into_existing;
            stats.cases_merged += part_stats.cases_merged;
            start = end;
        }
        tx.commit().await?;
        Ok((outcomes, stats))
    }

    async fn schema_current(&self) -> Result<bool, StoreError> {
        let embedded = SqlStore::migrator(self.backend())
            .iter()
            .map(|m| m.version)
            .max();
        let applied: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.pool)
                .await?;
        Ok(applied.is_some() && applied >= embedded)
    }

    async fn report(&self, id: Uuid) -> Result<Option<StoredReport>, StoreError> {
        let row: Option<StoredRow> = sqlx::query_as(
            "SELECT r.revision, r.received_at, r.updated_at, r.case_id, d.pseudonym, \
                    (SELECT COUNT(*) FROM report_versions v WHERE v.report_id = r.id) AS versions \
             FROM reports r LEFT JOIN devices d ON d.id = r.device_id WHERE r.id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|row| StoredReport {
            id,
            revision: row.revision as u32,
            versions: row.versions as u32,
            received_at: format_ms(row.received_at),
            updated_at: format_ms(row.updated_at),
            case_id: Some(row.case_id),
            pseudonym: row.pseudonym,
        }))
    }

    async fn statuses(
        &self,
        ids: &[Uuid],
        device_id: i64,
    ) -> Result<Vec<ReportStatus>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(900) {
            let mut q = Sql::new(
                self.backend(),
                "SELECT r.id, r.revision, r.case_id, r.updated_at, c.status, \
                        c.updated_at AS case_updated_at, \
                        (SELECT COUNT(*) FROM reports m WHERE m.case_id = r.case_id) AS case_reports \
                 FROM reports r JOIN cases c ON c.id = r.case_id WHERE r.device_id = ",
            );
            q.push_bind(device_id).push(" AND r.id IN (");
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(id.to_string());
            }
            q.push(")");
            let rows: Vec<StatusRow> = q.build_query_as().fetch_all(&self.pool).await?;
            out.extend(rows.into_iter().map(|row| ReportStatus {
                id: parse_uuid(&row.id),
                revision: row.revision as u32,
                case_id: row.case_id,
                case_status: CaseStatus::from_code(&row.status).unwrap_or(CaseStatus::Baru),
                case_reports: row.case_reports as u32,
                changed_at: row.updated_at.max(row.case_updated_at),
                forwarded_to: Vec::new(),
            }));
        }
        let mut cases: Vec<i64> = out.iter().map(|s| s.case_id).collect();
        cases.sort_unstable();
        cases.dedup();
        let mut agencies: HashMap<i64, Vec<Agency>> = HashMap::new();
        for chunk in cases.chunks(900) {
            let mut q = Sql::new(
                self.backend(),
                "SELECT case_id, agency FROM case_forwardings WHERE case_id IN (",
            );
            let mut list = q.separated(", ");
            for c in chunk {
                list.push_bind(*c);
            }
            q.push(")");
            let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&self.pool).await?;
            for (case_id, agency) in rows {
                if let Some(a) = Agency::from_code(&agency) {
                    let list = agencies.entry(case_id).or_default();
                    if !list.contains(&a) {
                        list.push(a);
                    }
                }
            }
        }
        for s in &mut out {
            if let Some(list) = agencies.get(&s.case_id) {
                s.forwarded_to = list.clone();
                s.forwarded_to.sort();
            }
        }
        Ok(out)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn case(&self, id: i64) -> Result<Option<CaseRows>, StoreError> {
        let Some(summary) = summaries(&self.pool, self.backend(), &[id]).await?.pop() else {
            return Ok(None);
        };
        let members: Vec<MemberRow> = sqlx::query_as(
            "SELECT r.id, r.case_reason, r.case_matched, r.case_manual, r.terlapor_name, \
                    r.occurred_on, d.pseudonym, v.body, p.witnesses \
             FROM reports r LEFT JOIN devices d ON d.id = r.device_id \
             LEFT JOIN reporters p ON p.report_id = r.id \
             JOIN report_versions v ON v.report_id = r.id AND v.revision = r.revision \
             WHERE r.case_id = $1 ORDER BY r.received_at, r.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let events: Vec<EventRow> = sqlx::query_as(
            "SELECT at, actor_username, action, details, note FROM case_events \
             WHERE case_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let forwardings: Vec<ForwardingRow> = sqlx::query_as(
            "SELECT agency, date, reference FROM case_forwardings WHERE case_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        // The canonical report is the case's first: its current version.
        let first_body: Option<FirstBody> = match members.first() {
            Some(first) => {
                sqlx::query_as(
                    "SELECT v.body, (SELECT COUNT(*) FROM reporters p \
                                     WHERE p.report_id = r.id AND p.has_contact <> 0) AS contacts \
                     FROM reports r \
                     JOIN report_versions v ON v.report_id = r.id AND v.revision = r.revision \
                     WHERE r.id = $1",
                )
                .bind(&first.id)
                .fetch_optional(&self.pool)
                .await?
            }
            None => None,
        };
        let links = links_of(&self.pool, "(l.case_a = $1 OR l.case_b = $1)", id, 1000).await?;
        Ok(Some(CaseRows {
            links: links.into_iter().map(|l| l.seen_from(id)).collect(),
            summary,
            reports: members.into_iter().map(MemberRow::member).collect(),
            events,
            forwardings: forwardings
                .into_iter()
                .filter_map(ForwardingRow::forwarding)
                .collect(),
            first_body: first_body.map(|b| (b.body, b.contacts > 0)),
        }))
    }

    async fn resolve_case(&self, id: i64) -> Result<Option<i64>, StoreError> {
        let mut current = id;
        // Merges chain (a into b, b into c); follow them to the live case.
        for _ in 0..64 {
            let row: Option<Option<i64>> =
                sqlx::query_scalar("SELECT merged_into FROM cases WHERE id = $1")
                    .bind(current)
                    .fetch_optional(&self.pool)
                    .await?;
            match row {
                None => return Ok(None),
                Some(None) => return Ok(Some(current)),
                Some(Some(next)) => current = next,
            }
        }
        Ok(Some(current))
    }

    async fn split(
        &self,
        case_id: i64,
        report_id: Uuid,
        audit: &Audit,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin_grouping().await?;
        let now = now_ms();
        let seq = next_seq(&mut tx).await?;
        let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE case_id = $1")
            .bind(case_id)
            .fetch_one(&mut *tx)
            .await?;
        let is_member: Option<i64> =
            sqlx::query_scalar("SELECT case_id FROM reports WHERE id = $1 AND case_id = $2")
                .bind(report_id.to_string())
                .bind(case_id)
                .fetch_optional(&mut *tx)
                .await?;
        if is_member.is_none() || members < 2 {
            return Ok(None);
        }
        let new_case = new_case(&mut tx, now).await?;
        // The split-off report's case lies where the report says it happened.
        sqlx::query(
            "UPDATE cases SET province = (SELECT province FROM reports WHERE id = $2), \
                              regency = (SELECT regency FROM reports WHERE id = $2) \
             WHERE id = $1",
        )
        .bind(new_case)
        .bind(report_id.to_string())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE reports SET case_id = $1, case_reason = NULL, case_matched = NULL, case_manual = 1 WHERE id = $2",
        )
        .bind(new_case)
        .bind(report_id.to_string())
        .execute(&mut *tx)
        .await?;
        separate(&mut tx, case_id, new_case).await?;
        touch_case(&mut tx, case_id, now).await?;
        mark_changed(&mut tx, seq, &[case_id, new_case]).await?;
        let mut audit = audit.clone();
        if let serde_json::Value::Object(details) = &mut audit.details {
            details.insert("new_case_id".into(), new_case.into());
        }
        add_event(&mut tx, case_id, now, &audit, "split", &audit.details, "").await?;
        let back = serde_json::json!({ "report_id": report_id, "other_case_id": case_id });
        add_event(&mut tx, new_case, now, &audit, "split_from", &back, "").await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(new_case))
    }

    async fn open_links(&self, limit: u32) -> Result<Vec<LinkRow>, StoreError> {
        links_of(&self.pool, "$1 = $1", 0, limit).await
    }

    async fn dismiss_link(&self, a: i64, b: i64, audit: &Audit) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let seq = next_seq(&mut tx).await?;
        let now = now_ms();
        let done = sqlx::query(
            "UPDATE case_links SET dismissed_at = $3 \
             WHERE case_a = $1 AND case_b = $2 AND dismissed_at IS NULL",
        )
        .bind(a.min(b))
        .bind(a.max(b))
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !done {
            return Ok(false);
        }
        for (case, other) in [(a, b), (b, a)] {
            let details = serde_json::json!({ "other_case_id": other });
            add_event(&mut tx, case, now, audit, "link_dismissed", &details, "").await?;
        }
        mark_changed(&mut tx, seq, &[a, b]).await?;
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn merge(&self, case_id: i64, other: i64, audit: &Audit) -> Result<bool, StoreError> {
        if case_id == other {
            return Ok(false);
        }
        let mut tx = self.begin_grouping().await?;
        let live: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM cases WHERE id IN ($1, $2) AND merged_into IS NULL",
        )
        .bind(case_id)
        .bind(other)
        .fetch_one(&mut *tx)
        .await?;
        if live != 2 {
            return Ok(false);
        }
        let now = now_ms();
        let seq = next_seq(&mut tx).await?;
        sqlx::query("UPDATE reports SET case_id = $1, case_manual = 1 WHERE case_id = $2")
            .bind(case_id)
            .bind(other)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM case_separations WHERE (case_a = $1 AND case_b = $2) OR (case_a = $2 AND case_b = $1)")
            .bind(case_id)
            .bind(other)
            .execute(&mut *tx)
            .await?;
        retire_case(&mut tx, other, case_id, now).await?;
        touch_case(&mut tx, case_id, now).await?;
        mark_changed(&mut tx, seq, &[case_id, other]).await?;
        add_event(&mut tx, case_id, now, audit, "merge", &audit.details, "").await?;
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }
}

fn parse_uuid(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap_or_default()
}

/// Plans and writes one part of a batch (no id twice).
async fn store_part(
    tx: &mut AnyConnection,
    batch: &[Incoming],
    planner: Planner,
    now: i64,
    seq: i64,
    secret: &Keys,
    legacy_name_keys: bool,
) -> Result<(Vec<Outcome>, BatchStats), StoreError> {
    // SQLite allows 32,766 variables per statement, PostgreSQL 65,535;
    // lists are bound in chunks well below both.
    const CHUNK: usize = 900;

    let ids: Vec<String> = batch.iter().map(|r| r.id.to_string()).collect();
    let mut existing = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let mut q = Sql::new(
            Backend::of(tx),
            "SELECT r.id, r.revision, r.content_hash, r.case_id, c.regency, r.case_manual \
             FROM reports r JOIN cases c ON c.id = r.case_id WHERE r.id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(id);
        }
        q.push(")");
        let rows: Vec<(String, i64, Vec<u8>, i64, String, i64)> =
            q.build_query_as().fetch_all(&mut *tx).await?;
        for (id, revision, content_hash, case_id, case_regency, case_manual) in rows {
            let manual = case_manual != 0;
            existing.insert(
                id,
                Existing {
                    revision,
                    content_hash,
                    case_id,
                    case_regency,
                    manual,
                },
            );
        }
    }

    let mut keys: Vec<&String> = batch
        .iter()
        .flat_map(|r| &r.lookup_keys)
        .filter(|k| legacy_name_keys || !k.starts_with("name:"))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    // Which stored report each key finds, then each report found once: a
    // report often comes up through several keys (each word of its name).
    let mut found = Found::default();
    for chunk in keys.chunks(CHUNK) {
        let mut q = Sql::new(
            Backend::of(tx),
            "SELECT key, report_id FROM report_keys WHERE key IN (",
        );
        let mut list = q.separated(", ");
        for key in chunk {
            list.push_bind(*key);
        }
        q.push(")");
        found
            .hits
            .extend(q.build_query_as::<KeyHit>().fetch_all(&mut *tx).await?);
    }
    let mut hit_ids: Vec<&str> = found.hits.iter().map(|h| h.report_id.as_str()).collect();
    hit_ids.sort_unstable();
    hit_ids.dedup();
    for chunk in hit_ids.chunks(CHUNK) {
        let mut q = Sql::new(
            Backend::of(tx),
            "SELECT o.id AS report_id, o.case_id, c.regency AS case_regency, o.nip, \
                    o.name_norm, o.violations, o.occurred_on, o.position, o.agency, o.photo_dhashes \
             FROM reports o JOIN cases c ON c.id = o.case_id WHERE o.id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        let rows = q
            .build_query_as::<StoredFacts>()
            .fetch_all(&mut *tx)
            .await?;
        found.reports.extend(rows);
    }

    let mut involved: Vec<i64> = found
        .reports
        .iter()
        .map(|h| h.case_id)
        .chain(existing.values().map(|e| e.case_id))
        .collect();
    involved.sort_unstable();
    involved.dedup();
    let mut separations = Vec::new();
    for chunk in involved.chunks(CHUNK / 2) {
        let mut q = Sql::new(
            Backend::of(tx),
            "SELECT case_a, case_b FROM case_separations WHERE case_a IN (",
        );
        let mut list = q.separated(", ");
        for c in chunk {
            list.push_bind(*c);
        }
        q.push(") OR case_b IN (");
        let mut list = q.separated(", ");
        for c in chunk {
            list.push_bind(*c);
        }
        q.push(")");
        separations.extend(q.build_query_as::<(i64, i64)>().fetch_all(&mut *tx).await?);
    }

    let max_case: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM cases")
        .fetch_one(&mut *tx)
        .await?;
    let plan = planner(batch, &existing, found, &separations, max_case);
    // A new revision may move a report out of its case: that case
    // changed too.
    let previous: Vec<i64> = existing.values().map(|e| e.case_id).collect();
    write_plan(tx, batch, &plan, max_case, now, secret).await?;
    let mut changed: Vec<i64> = plan
        .touched
        .iter()
        .chain(&plan.new_cases)
        .copied()
        .chain(plan.merges.iter().flat_map(|&(a, b)| [a, b]))
        .chain(previous)
        .collect();
    changed.sort_unstable();
    changed.dedup();
    mark_changed(tx, seq, &changed).await?;
    let stats = BatchStats {
        grouped_into_existing: plan
            .accepted
            .iter()
            .filter(|(_, p, is_new)| *is_new && !plan.new_cases.contains(&p.case_id))
            .count() as u64,
        // A case opened and merged away within the batch was never written.
        cases_merged: plan
            .merges
            .iter()
            .filter(|(old, _)| *old <= max_case)
            .count() as u64,
    };
    Ok((plan.outcomes, stats))
}

async fn write_plan(
    tx: &mut AnyConnection,
    batch: &[Incoming],
    plan: &Plan,
    max_case: i64,
    now: i64,
    secret: &Keys,
) -> Result<(), StoreError> {
    const ROWS: usize = 200;
    // A new case takes its first report's region and keeps it: a later
    // version of a report that names another place moves neither the case
    // nor the other reports in it (README, Cases stay in their region).
    // All of a batch is received at one instant, so "first" is the lowest
    // id (a UUID orders as its text does), the order the UPDATE below uses.
    let mut first: HashMap<i64, &Incoming> = HashMap::new();
    for (i, p, _) in &plan.accepted {
        let r = &batch[*i];
        first
            .entry(p.case_id)
            .and_modify(|f| {
                if r.id < f.id {
                    *f = r;
                }
            })
            .or_insert(r);
    }
    for chunk in plan.new_cases.chunks(ROWS * 2) {
        let mut q = Sql::new(
            Backend::of(tx),
            "INSERT INTO cases (id, created_at, updated_at, province, regency) ",
        );
        q.push_values(chunk, |mut b, id| {
            let (province, regency) = first
                .get(id)
                .map_or(("", ""), |r| (&r.province[..], &r.regency[..]));
            b.push_bind(*id)
                .push_bind(now)
                .push_bind(now)
                .push_bind(province)
                .push_bind(regency);
        });
        q.build().execute(&mut *tx).await?;
    }
    for &(old, into) in &plan.merges {
        sqlx::query("UPDATE reports SET case_id = $1 WHERE case_id = $2")
            .bind(into)
            .bind(old)
            .execute(&mut *tx)
            .await?;
        retire_case(tx, old, into, now).await?;
        // A case opened and merged away within the batch was never seen;
        // one that existed is merged like a coordinator's merge: on the
        // timeline and in the audit log.
        if old <= max_case {
            let audit = Audit::by(
                Actor::grouping(),
                AuditAction::CaseMergeAuto,
                format!("case:{into}"),
            )
            .details(serde_json::json!({ "other_case_id": old }));
            add_event(tx, into, now, &audit, "auto_merge", &audit.details, "").await?;
            write_audit(tx, &audit).await?;
        }
    }

    let ids: Vec<String> = batch.iter().map(|r| r.id.to_string()).collect();
    let dates: Vec<(String, String)> = batch
        .iter()
        .map(|r| (r.occurred_on.to_string(), r.known_on.to_string()))
        .collect();
    let (new, updated): (Vec<_>, Vec<_>) = plan.accepted.iter().partition(|(_, _, is_new)| *is_new);
    for chunk in new.chunks(ROWS) {
        let mut q = Sql::new(
            Backend::of(tx),
            "INSERT INTO reports (id, revision, content_hash, province, regency, occurred_on, known_on, \
             received_at, updated_at, terlapor_name, name_norm, nip, violations, case_id, case_reason, case_matched, device_id, \
             source_kind, platform, position_class, agency, election_kind, position, place, photo_dhashes) ",
        );
        q.push_values(chunk, |mut b, (i, p, _)| {
            let r = &batch[*i];
            b.push_bind(&ids[*i])
                .push_bind(i64::from(r.revision))
                .push_bind(&r.content_hash[..])
                .push_bind(&r.province)
                .push_bind(&r.regency)
                .push_bind(&dates[*i].0)
                .push_bind(&dates[*i].1)
                .push_bind(now)
                .push_bind(now)
                .push_bind(&r.terlapor_name)
                .push_bind(&r.name_norm)
                .push_bind(&r.nip)
                .push_bind(&r.violations)
                .push_bind(p.case_id)
                .push_bind(p.reason.map(MatchKind::code))
                .push_bind(&p.matched)
                .push_bind(r.device_id)
                .push_bind(r.source_kind)
                .push_bind(r.platform)
                .push_bind(r.position_class)
                .push_bind(&r.agency)
                .push_bind(r.election_kind)
                .push_bind(&r.position)
                .push_bind(&r.place)
                .push_bind(&r.photo_dhashes);
        });
        // The primary key is the last line of defence: batches are
        // serialised by the write lock, so a row can only exist here
        // if something bypassed it. Then fail loudly (the device
        // retries and gets a replay) rather than answer "accepted"
        // for a row that was not written.
        q.push(" ON CONFLICT (id) DO NOTHING");
        let written = q.build().execute(&mut *tx).await?.rows_affected();
        if written != chunk.len() as u64 {
            return Err(StoreError::Conflict);
        }
    }
    for (i, p, _) in &updated {
        let r = &batch[*i];
        let id = r.id.to_string();
        sqlx::query(
            "UPDATE reports SET revision = $2, content_hash = $3, province = $4, regency = $5, \
             occurred_on = $6, known_on = $7, updated_at = $8, terlapor_name = $9, name_norm = $10, nip = $11, \
             violations = $12, case_id = $13, \
             case_reason = CASE WHEN $16 THEN case_reason ELSE $14 END, \
             case_matched = CASE WHEN $16 THEN case_matched ELSE $15 END, \
             device_id = COALESCE(device_id, $17), \
             source_kind = $18, platform = $19, position_class = $20, agency = $21, election_kind = $22, \
             position = $23, place = $24, photo_dhashes = $25 \
             WHERE id = $1",
        )
        .bind(&id)
        .bind(i64::from(r.revision))
        .bind(&r.content_hash[..])
        .bind(&r.province)
        .bind(&r.regency)
        .bind(r.occurred_on.to_string())
        .bind(r.known_on.to_string())
        .bind(now)
        .bind(&r.terlapor_name)
        .bind(&r.name_norm)
        .bind(&r.nip)
        .bind(&r.violations)
        .bind(p.case_id)
        .bind(p.reason.map(MatchKind::code))
        .bind(&p.matched)
        .bind(p.keep_reason)
        .bind(r.device_id)
        .bind(r.source_kind)
        .bind(r.platform)
        .bind(r.position_class)
        .bind(&r.agency)
        .bind(r.election_kind)
        .bind(&r.position)
        .bind(&r.place)
        .bind(&r.photo_dhashes)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM report_keys WHERE report_id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
    }

    // An older case that still has no region takes it the same way.
    let opened: HashSet<i64> = plan.new_cases.iter().copied().collect();
    let placed: Vec<i64> = plan
        .accepted
        .iter()
        .map(|(_, p, _)| p.case_id)
        .filter(|c| !opened.contains(c))
        .collect();
    for chunk in placed.chunks(ROWS * 4) {
        let mut q = Sql::new(
            Backend::of(tx),
            "UPDATE cases SET \
                province = (SELECT r.province FROM reports r WHERE r.case_id = cases.id \
                            ORDER BY r.received_at, r.id LIMIT 1), \
                regency = (SELECT r.regency FROM reports r WHERE r.case_id = cases.id \
                           ORDER BY r.received_at, r.id LIMIT 1) \
             WHERE regency = '' AND id IN (",
        );
        let mut list = q.separated(", ");
        for c in chunk {
            list.push_bind(*c);
        }
        q.push(")");
        q.build().execute(&mut *tx).await?;
    }
    for chunk in plan.links.chunks(ROWS) {
        let mut q = Sql::new(
            Backend::of(tx),
            "INSERT INTO case_links (case_a, case_b, reason, report_id, created_at) ",
        );
        q.push_values(chunk, |mut b, link| {
            b.push_bind(link.case_id.min(link.other_case_id))
                .push_bind(link.case_id.max(link.other_case_id))
                .push_bind(link.reason.code())
                .push_bind(&link.report_id)
                .push_bind(now);
        });
        q.push(" ON CONFLICT DO NOTHING");
        q.build().execute(&mut *tx).await?;
    }
    let keys: Vec<(&String, &String)> = plan
        .accepted
        .iter()
        .flat_map(|(i, _, _)| batch[*i].keys.iter().map(|k| (k, &ids[*i])))
        .collect();
    for chunk in keys.chunks(ROWS * 4) {
        let mut q = Sql::new(Backend::of(tx), "INSERT INTO report_keys (key, report_id) ");
        q.push_values(chunk, |mut b, (key, id)| {
            b.push_bind(*key).push_bind(*id);
        });
        q.push(" ON CONFLICT DO NOTHING");
        q.build().execute(&mut *tx).await?;
    }
    let accepted: Vec<(&String, &Incoming)> = plan
        .accepted
        .iter()
        .map(|(i, _, _)| (&ids[*i], &batch[*i]))
        .collect();
    for chunk in accepted.chunks(ROWS) {
        let mut q = Sql::new(
            Backend::of(tx),
            "INSERT INTO report_versions (report_id, revision, content_hash, body, received_at) ",
        );
        q.push_values(chunk, |mut b, (id, r)| {
            b.push_bind(*id)
                .push_bind(i64::from(r.revision))
                .push_bind(&r.content_hash[..])
                .push_bind(&r.body)
                .push_bind(now);
        });
        q.push(" ON CONFLICT (report_id, revision) DO NOTHING");
        q.build().execute(&mut *tx).await?;

        // The identity is sealed (`store::identity`); the plain columns
        // stay empty.
        let sealed: Vec<(Vec<u8>, i64, i64)> = chunk
            .iter()
            .map(|(id, r)| {
                let identity = Identity {
                    name: r.reporter.name.clone(),
                    contact: r.reporter.contact.clone(),
                    address: r.reporter.address.clone(),
                    witnesses: r.witnesses.clone(),
                };
                (
                    identity.seal(secret, id),
                    i64::from(!identity.contact.trim().is_empty()),
                    witness_count(&identity.witnesses),
                )
            })
            .collect();
        let mut q = Sql::new(
            Backend::of(tx),
            "INSERT INTO reporters (report_id, name, contact, address, sealed, has_contact, \
             witnesses, updated_at) ",
        );
        q.push_values(chunk.iter().zip(&sealed), |mut b, ((id, _), s)| {
            b.push_bind(*id)
                .push_bind("")
                .push_bind("")
                .push_bind("")
                .push_bind(&s.0)
                .push_bind(s.1)
                .push_bind(s.2)
                .push_bind(now);
        });
        q.push(
            " ON CONFLICT (report_id) DO UPDATE SET sealed = excluded.sealed, \
             has_contact = excluded.has_contact, witnesses = excluded.witnesses, \
             updated_at = excluded.updated_at",
        );
        q.build().execute(&mut *tx).await?;
    }
    for chunk in plan.touched.chunks(ROWS * 4) {
        let mut q = Sql::new(Backend::of(tx), "UPDATE cases SET updated_at = ");
        q.push_bind(now).push(" WHERE id IN (");
        let mut list = q.separated(", ");
        for c in chunk {
            list.push_bind(*c);
        }
        q.push(")");
        q.build().execute(&mut *tx).await?;
    }
    Ok(())
}

/// Case ids are allocated as MAX + 1: every writer of cases holds the
/// write lock (SQLite) or the grouping lock (PostgreSQL), and sync
/// batches allocate many ids at once without a round trip each.
async fn new_case(tx: &mut AnyConnection, now: i64) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO cases (id, created_at, updated_at) SELECT COALESCE(MAX(id), 0) + 1, $1, $1 FROM cases RETURNING id",
    )
    .bind(now)
    .fetch_one(&mut *tx)
    .await?)
}

async fn touch_case(tx: &mut AnyConnection, id: i64, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Marks `old` as merged into `into`; its separations move along.
async fn retire_case(
    tx: &mut AnyConnection,
    old: i64,
    into: i64,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE cases SET merged_into = $2, updated_at = $3 WHERE id = $1")
        .bind(old)
        .bind(into)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let partners: Vec<i64> = sqlx::query_scalar(
        "SELECT case_b FROM case_separations WHERE case_a = $1 UNION SELECT case_a FROM case_separations WHERE case_b = $1",
    )
    .bind(old)
    .fetch_all(&mut *tx)
    .await?;
    for partner in partners {
        if partner != into {
            separate(tx, into, partner).await?;
        }
    }
    // Its "possibly the same" links move along; one to `into` is settled.
    sqlx::query(
        "INSERT INTO case_links (case_a, case_b, reason, report_id, created_at, dismissed_at) \
         SELECT CASE WHEN other < $2 THEN other ELSE $2 END, \
                CASE WHEN other < $2 THEN $2 ELSE other END, \
                reason, report_id, created_at, dismissed_at \
         FROM (SELECT CASE WHEN case_a = $1 THEN case_b ELSE case_a END AS other, \
                      reason, report_id, created_at, dismissed_at \
               FROM case_links WHERE case_a = $1 OR case_b = $1) AS moved \
         WHERE other <> $2 \
         ON CONFLICT DO NOTHING",
    )
    .bind(old)
    .bind(into)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM case_links WHERE case_a = $1 OR case_b = $1")
        .bind(old)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

async fn separate(tx: &mut AnyConnection, a: i64, b: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO case_separations (case_a, case_b) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(a.min(b))
    .bind(a.max(b))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Open links between live cases matching `filter` (SQL on `l`, with `$1`
/// bound to `arg`), newest first, each seen from its `case_a`.
async fn links_of(
    pool: &AnyPool,
    filter: &str,
    arg: i64,
    limit: u32,
) -> Result<Vec<LinkRow>, StoreError> {
    let sql = format!(
        "SELECT l.case_a AS case_id, l.case_b AS other_case_id, \
                b.province AS other_province, b.regency AS other_regency, \
                a.province AS case_province, a.regency AS case_regency, \
                l.reason, l.report_id, l.created_at \
         FROM case_links l JOIN cases a ON a.id = l.case_a JOIN cases b ON b.id = l.case_b \
         WHERE l.dismissed_at IS NULL AND a.merged_into IS NULL AND b.merged_into IS NULL \
           AND {filter} \
         ORDER BY l.created_at DESC, l.case_a, l.case_b LIMIT $2"
    );
    Ok(sqlx::query_as(&sql)
        .bind(arg)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?)
}

#[derive(sqlx::FromRow)]
struct CaseHead {
    id: i64,
    status: String,
    updated_at: i64,
    canonical: String,
    province: String,
    regency: String,
}

#[derive(sqlx::FromRow)]
struct SummaryReport {
    case_id: i64,
    terlapor_name: String,
    occurred_on: String,
    known_on: String,
    violations: String,
    election_kind: String,
    position: String,
    agency: String,
    place: String,
}

/// The canonical summaries of these live cases, derived from their reports,
/// in the order asked (unknown or merged ids left out): two queries for a
/// whole page, whatever its size.
pub(super) async fn summaries(
    pool: &AnyPool,
    backend: Backend,
    ids: &[i64],
) -> Result<Vec<SummaryRow>, StoreError> {
    let mut heads: HashMap<i64, CaseHead> = HashMap::new();
    let mut reports: HashMap<i64, Vec<SummaryReport>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let mut q = Sql::new(
            backend,
            "SELECT id, status, updated_at, canonical, province, regency FROM cases \
             WHERE merged_into IS NULL AND id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        let rows: Vec<CaseHead> = q.build_query_as().fetch_all(pool).await?;
        heads.extend(rows.into_iter().map(|h| (h.id, h)));

        let mut q = Sql::new(
            backend,
            "SELECT case_id, terlapor_name, occurred_on, known_on, violations, \
                    election_kind, position, agency, place \
             FROM reports WHERE case_id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(") ORDER BY case_id, received_at, id");
        let rows: Vec<SummaryReport> = q.build_query_as().fetch_all(pool).await?;
        for row in rows {
            reports.entry(row.case_id).or_default().push(row);
        }
    }
    Ok(ids
        .iter()
        .filter_map(|id| summary_of(heads.remove(id)?, reports.remove(id)?))
        .collect())
}

/// A case's summary from its reports, first report first.
fn summary_of(case: CaseHead, rows: Vec<SummaryReport>) -> Option<SummaryRow> {
    let first = rows.first()?;
    let mut violations: Vec<ViolationCode> = Vec::new();
    for row in &rows {
        for v in row
            .violations
            .split(',')
            .filter_map(ViolationCode::from_code)
        {
            if !violations.contains(&v) {
                violations.push(v);
            }
        }
    }
    violations.sort();
    let earliest =
        |f: fn(&SummaryReport) -> &String| rows.iter().map(f).min().cloned().unwrap_or_default();
    let canonical: netral_shared::cases::Canonical =
        serde_json::from_str(&case.canonical).unwrap_or_default();
    // A coordinator's correction wins over the first report, field by field.
    let pick =
        |edited: &str, original: &str| if edited.is_empty() { original } else { edited }.to_owned();
    let summary = CaseSummary {
        id: case.id,
        status: CaseStatus::from_code(&case.status).unwrap_or(CaseStatus::Baru),
        report_count: rows.len() as u32,
        terlapor_name: pick(&canonical.name, &first.terlapor_name),
        terlapor_position: pick(&canonical.position, &first.position),
        terlapor_agency: pick(&canonical.agency, &first.agency),
        place: pick(&canonical.place, &first.place),
        canonical_edited: canonical != netral_shared::cases::Canonical::default(),
        province: case.province,
        regency: case.regency,
        first_occurred_on: earliest(|r| &r.occurred_on),
        first_known_on: earliest(|r| &r.known_on),
        violations,
        updated_at: format_ms(case.updated_at),
        deadline: None,
        deadline_latest: None,
    };
    Some(SummaryRow {
        summary,
        election_kinds: rows.into_iter().map(|r| r.election_kind).collect(),
    })
}
