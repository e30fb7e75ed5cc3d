//! The store's logic, written once for both backends. Both accept the same
//! SQL (`$n` placeholders, `ON CONFLICT`, `RETURNING`), and a macro
//! instantiates the code for each driver's concrete types, which keeps the
//! drivers' native speed without generic trait bounds over `sqlx::Database`.
//!
//! Grouping runs inside the sync transaction, so a report is never stored
//! without its case, and costs a few indexed lookups per report (its match
//! keys), whatever the number of stored reports.

/// Implements [`super::Store`] for `$store` (a struct with a `pool` field) on
/// the sqlx driver `$db`. `$begin` opens the batch transaction; `$lock` (SQL
/// or empty) then serialises grouping between concurrent batches, so two
/// replicas never open two cases for one incident.
macro_rules! impl_store {
    ($store:ty, $db:ty, begin = $begin:expr, lock = $lock:expr) => {
        use netral_shared::cases::{CaseDetail, CaseList, CaseMember, CaseSummary};
        use netral_shared::catalogue::ViolationCode;
        use netral_shared::match_keys::MatchKind;
        use netral_shared::sync::{Outcome, StoredReport};
        use sqlx::Row;
        use uuid::Uuid;

        use $crate::ingest::Incoming;
        use $crate::store::{CaseFilter, StoreError, format_ms, now_ms};

        type Conn = <$db as sqlx::Database>::Connection;

        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            async fn sync_batch_stats(
                &self,
                batch: &[Incoming],
            ) -> Result<(Vec<Outcome>, $crate::store::BatchStats), StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
                if !$lock.is_empty() {
                    sqlx::query($lock).execute(&mut *tx).await?;
                }
                let now = now_ms();
                let seq = next_seq(&mut tx).await?;
                let mut outcomes = Vec::with_capacity(batch.len());
                let mut stats = $crate::store::BatchStats::default();
                // One id twice in a batch (a device bug, or two edits queued):
                // the later copy is planned after the first is written.
                let mut start = 0;
                while start < batch.len() {
                    let mut seen = std::collections::HashSet::new();
                    let end = batch[start..]
                        .iter()
                        .position(|r| !seen.insert(r.id))
                        .map_or(batch.len(), |p| start + p);
                    let (part, part_stats) = store_part(&mut tx, &batch[start..end], now, seq).await?;
                    outcomes.extend(part);
                    stats.grouped_into_existing += part_stats.grouped_into_existing;
                    stats.cases_merged += part_stats.cases_merged;
                    start = end;
                }
                tx.commit().await?;
                Ok((outcomes, stats))
            }

            async fn schema_current(&self) -> Result<bool, StoreError> {
                // `MIGRATOR` is the static of the module this macro expands in.
                let embedded = MIGRATOR.iter().map(|m| m.version).max();
                let applied: Option<i64> =
                    sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                        .fetch_one(&self.pool)
                        .await?;
                Ok(applied.is_some() && applied >= embedded)
            }

            async fn report(&self, id: Uuid) -> Result<Option<StoredReport>, StoreError> {
                let row = sqlx::query(
                    "SELECT r.revision, r.received_at, r.updated_at, r.case_id, d.pseudonym, \
                            (SELECT COUNT(*) FROM report_versions v WHERE v.report_id = r.id) AS versions \
                     FROM reports r LEFT JOIN devices d ON d.id = r.device_id WHERE r.id = $1",
                )
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|row| StoredReport {
                    id,
                    revision: row.get::<i64, _>("revision") as u32,
                    versions: row.get::<i64, _>("versions") as u32,
                    received_at: format_ms(row.get("received_at")),
                    updated_at: format_ms(row.get("updated_at")),
                    case_id: Some(row.get("case_id")),
                    pseudonym: row.get("pseudonym"),
                }))
            }

            async fn statuses(&self, ids: &[Uuid], device_id: i64) -> Result<Vec<netral_shared::sync::ReportStatus>, StoreError> {
                let mut out = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(900) {
                    let mut q = sqlx::QueryBuilder::<$db>::new(
                        "SELECT r.id, r.revision, r.case_id, r.updated_at, c.status, c.updated_at AS case_updated_at, \
                         (SELECT COUNT(*) FROM reports m WHERE m.case_id = r.case_id) AS case_reports \
                         FROM reports r JOIN cases c ON c.id = r.case_id WHERE r.device_id = ",
                    );
                    q.push_bind(device_id).push(" AND r.id IN (");
                    let mut list = q.separated(", ");
                    for id in chunk {
                        list.push_bind(id.to_string());
                    }
                    q.push(")");
                    for row in q.build().fetch_all(&self.pool).await? {
                        out.push(netral_shared::sync::ReportStatus {
                            id: parse_uuid(row.get("id")),
                            revision: row.get::<i64, _>("revision") as u32,
                            case_id: row.get("case_id"),
                            case_status: row.get("status"),
                            case_reports: row.get::<i64, _>("case_reports") as u32,
                            changed_at: row.get::<i64, _>("updated_at").max(row.get("case_updated_at")),
                            forwarded_to: Vec::new(),
                        });
                    }
                }
                let mut cases: Vec<i64> = out.iter().map(|s| s.case_id).collect();
                cases.sort_unstable();
                cases.dedup();
                let mut agencies: std::collections::HashMap<i64, Vec<netral_shared::workflow::Agency>> = Default::default();
                for chunk in cases.chunks(900) {
                    let mut q = sqlx::QueryBuilder::<$db>::new("SELECT case_id, agency FROM case_forwardings WHERE case_id IN (");
                    let mut list = q.separated(", ");
                    for c in chunk {
                        list.push_bind(*c);
                    }
                    q.push(")");
                    for row in q.build().fetch_all(&self.pool).await? {
                        if let Some(a) = netral_shared::workflow::Agency::from_code(row.get("agency")) {
                            let list = agencies.entry(row.get("case_id")).or_default();
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

            async fn list_cases(&self, filter: &CaseFilter) -> Result<CaseList, StoreError> {
                let regency = filter.regency.clone().unwrap_or_default();
                let province = filter.province.clone().unwrap_or_default();
                // A coordinator's scope is matched against the case's region
                // (its first report's, as in the summary): `$5` is the scope
                // codes comma-separated, `*` for everything. Region codes hold
                // no LIKE wildcards.
                let scopes = filter.scopes.as_deref().map_or_else(|| "*".to_owned(), |s| s.join(","));
                let where_sql = "c.merged_into IS NULL \
                     AND ($1 = '' OR EXISTS (SELECT 1 FROM reports f WHERE f.case_id = c.id AND f.regency = $1)) \
                     AND ($2 = '' OR EXISTS (SELECT 1 FROM reports f WHERE f.case_id = c.id AND f.province = $2)) \
                     AND ($5 = '*' \
                          OR (',' || $5 || ',') LIKE ('%,' || (SELECT f.province FROM reports f WHERE f.case_id = c.id ORDER BY f.received_at, f.id LIMIT 1) || ',%') \
                          OR (',' || $5 || ',') LIKE ('%,' || (SELECT f.regency FROM reports f WHERE f.case_id = c.id ORDER BY f.received_at, f.id LIMIT 1) || ',%'))";
                // `$3`/`$4` are the page; bound here too so `$5` keeps its number.
                let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM cases c WHERE {where_sql} AND $3 >= 0 AND $4 >= 0"))
                    .bind(&regency)
                    .bind(&province)
                    .bind(0i64)
                    .bind(0i64)
                    .bind(&scopes)
                    .fetch_one(&self.pool)
                    .await?;
                let ids: Vec<i64> = sqlx::query_scalar(&format!(
                    "SELECT c.id FROM cases c WHERE {where_sql} ORDER BY c.updated_at DESC, c.id DESC LIMIT $3 OFFSET $4"
                ))
                .bind(&regency)
                .bind(&province)
                .bind(i64::from(filter.limit))
                .bind(i64::from(filter.offset))
                .bind(&scopes)
                .fetch_all(&self.pool)
                .await?;
                let mut cases = Vec::with_capacity(ids.len());
                for id in ids {
                    if let Some(summary) = summary(&self.pool, id).await? {
                        cases.push(summary);
                    }
                }
                Ok(CaseList { cases, total: total as u64 })
            }

            async fn case(&self, id: i64) -> Result<Option<CaseDetail>, StoreError> {
                let Some(summary) = summary(&self.pool, id).await? else { return Ok(None) };
                let rows = sqlx::query(
                    "SELECT r.id, r.case_reason, r.case_matched, r.case_manual, r.terlapor_name, r.occurred_on, d.pseudonym, v.body \
                     FROM reports r LEFT JOIN devices d ON d.id = r.device_id \
                     JOIN report_versions v ON v.report_id = r.id AND v.revision = r.revision \
                     WHERE r.case_id = $1 ORDER BY r.received_at, r.id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                let reports = rows
                    .iter()
                    .map(|row| CaseMember {
                        report_id: parse_uuid(row.get("id")),
                        reason: row.get::<Option<String>, _>("case_reason").as_deref().and_then(MatchKind::from_code),
                        matched_report: row.get::<Option<String>, _>("case_matched").as_deref().map(parse_uuid),
                        manual: row.get::<i64, _>("case_manual") != 0,
                        terlapor_name: row.get("terlapor_name"),
                        occurred_on: row.get("occurred_on"),
                        pseudonym: row.get("pseudonym"),
                        // Stored bodies hold no reporter: identity is kept apart.
                        report: serde_json::from_str(row.get::<&str, _>("body")).ok(),
                    })
                    .collect::<Vec<_>>();
                let timeline = sqlx::query(
                    "SELECT at, actor_username, action, details, note FROM case_events WHERE case_id = $1 ORDER BY id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|row| $crate::dashboard::event_from_row(
                    row.get("at"),
                    row.get("actor_username"),
                    row.get("action"),
                    row.get("details"),
                    row.get("note"),
                ))
                .collect();
                let forwardings = sqlx::query(
                    "SELECT agency, date, reference FROM case_forwardings WHERE case_id = $1 ORDER BY id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .filter_map(|row| {
                    Some(netral_shared::workflow::Forwarding {
                        agency: netral_shared::workflow::Agency::from_code(row.get("agency"))?,
                        date: row.get("date"),
                        reference: row.get("reference"),
                    })
                })
                .collect();
                // The canonical report is the case's first: its current version.
                let body: Option<(String, bool)> = match reports.first() {
                    Some(first) => sqlx::query(
                        "SELECT v.body, (SELECT COUNT(*) FROM reporters p WHERE p.report_id = r.id AND p.contact <> '') AS contacts \
                         FROM reports r JOIN report_versions v ON v.report_id = r.id AND v.revision = r.revision \
                         WHERE r.id = $1",
                    )
                    .bind(first.report_id.to_string())
                    .fetch_optional(&self.pool)
                    .await?
                    .map(|row| (row.get("body"), row.get::<i64, _>("contacts") > 0)),
                    None => None,
                };
                let status = netral_shared::workflow::CaseStatus::from_code(&summary.status);
                Ok(Some(CaseDetail {
                    summary,
                    reports,
                    timeline,
                    forwardings,
                    next_steps: status.map_or(&[][..], |s| s.next_steps()).iter().map(|s| (*s).to_owned()).collect(),
                    formal_missing: body.map(|(b, c)| $crate::dashboard::formal_gaps(&b, c)).unwrap_or_default(),
                }))
            }

            async fn resolve_case(&self, id: i64) -> Result<Option<i64>, StoreError> {
                let mut current = id;
                // Merges chain (a into b, b into c); follow them to the live case.
                for _ in 0..64 {
                    let row: Option<Option<i64>> = sqlx::query_scalar("SELECT merged_into FROM cases WHERE id = $1")
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

            async fn split(&self, case_id: i64, report_id: Uuid, audit: &$crate::audit::Audit) -> Result<Option<i64>, StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
                if !$lock.is_empty() {
                    sqlx::query($lock).execute(&mut *tx).await?;
                }
                let now = now_ms();
                let seq = next_seq(&mut tx).await?;
                let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE case_id = $1")
                    .bind(case_id)
                    .fetch_one(&mut *tx)
                    .await?;
                let is_member: Option<i64> = sqlx::query_scalar("SELECT case_id FROM reports WHERE id = $1 AND case_id = $2")
                    .bind(report_id.to_string())
                    .bind(case_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if is_member.is_none() || members < 2 {
                    return Ok(None);
                }
                let new_case = new_case(&mut tx, now).await?;
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

            async fn merge(&self, case_id: i64, other: i64, audit: &$crate::audit::Audit) -> Result<bool, StoreError> {
                if case_id == other {
                    return Ok(false);
                }
                let mut tx = self.pool.begin_with($begin).await?;
                if !$lock.is_empty() {
                    sqlx::query($lock).execute(&mut *tx).await?;
                }
                let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE id IN ($1, $2) AND merged_into IS NULL")
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
            tx: &mut Conn,
            batch: &[Incoming],
            now: i64,
            seq: i64,
        ) -> Result<(Vec<Outcome>, $crate::store::BatchStats), StoreError> {
            use std::collections::HashMap;
            use $crate::grouping::{self, Existing, KeyHit};
            // SQLite allows 32,766 variables per statement, PostgreSQL 65,535;
            // lists are bound in chunks well below both.
            const CHUNK: usize = 900;

            let ids: Vec<String> = batch.iter().map(|r| r.id.to_string()).collect();
            let mut existing = HashMap::new();
            for chunk in ids.chunks(CHUNK) {
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "SELECT id, revision, content_hash, case_id, case_manual FROM reports WHERE id IN (",
                );
                let mut list = q.separated(", ");
                for id in chunk {
                    list.push_bind(id);
                }
                q.push(")");
                for row in q.build().fetch_all(&mut *tx).await? {
                    existing.insert(
                        row.get::<String, _>("id"),
                        Existing {
                            revision: row.get("revision"),
                            content_hash: row.get("content_hash"),
                            case_id: row.get("case_id"),
                            manual: row.get::<i64, _>("case_manual") != 0,
                        },
                    );
                }
            }

            let mut keys: Vec<&String> = batch.iter().flat_map(|r| &r.lookup_keys).collect();
            keys.sort_unstable();
            keys.dedup();
            let mut hits = Vec::new();
            for chunk in keys.chunks(CHUNK) {
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "SELECT k.key, o.id, o.case_id, o.nip, o.name_norm, o.violations \
                     FROM report_keys k JOIN reports o ON o.id = k.report_id WHERE k.key IN (",
                );
                let mut list = q.separated(", ");
                for key in chunk {
                    list.push_bind(*key);
                }
                q.push(")");
                for row in q.build().fetch_all(&mut *tx).await? {
                    hits.push(KeyHit {
                        key: row.get("key"),
                        report_id: row.get("id"),
                        case_id: row.get("case_id"),
                        nip: row.get("nip"),
                        name_norm: row.get("name_norm"),
                        violations: row.get("violations"),
                    });
                }
            }

            let mut involved: Vec<i64> = hits.iter().map(|h| h.case_id).chain(existing.values().map(|e| e.case_id)).collect();
            involved.sort_unstable();
            involved.dedup();
            let mut separations = Vec::new();
            for chunk in involved.chunks(CHUNK / 2) {
                let mut q = sqlx::QueryBuilder::<$db>::new("SELECT case_a, case_b FROM case_separations WHERE case_a IN (");
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
                for row in q.build().fetch_all(&mut *tx).await? {
                    separations.push((row.get::<i64, _>("case_a"), row.get::<i64, _>("case_b")));
                }
            }

            let max_case: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM cases").fetch_one(&mut *tx).await?;
            let plan = grouping::plan(batch, &existing, hits, &separations, max_case);
            // A new revision may move a report out of its case: that case
            // changed too.
            let previous: Vec<i64> = existing.values().map(|e| e.case_id).collect();
            write_plan(tx, batch, &plan, now).await?;
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
            let stats = $crate::store::BatchStats {
                grouped_into_existing: plan
                    .accepted
                    .iter()
                    .filter(|(_, p, is_new)| *is_new && !plan.new_cases.contains(&p.case_id))
                    .count() as u64,
                cases_merged: plan.merges.len() as u64,
            };
            Ok((plan.outcomes, stats))
        }

        async fn write_plan(
            tx: &mut Conn,
            batch: &[Incoming],
            plan: &$crate::grouping::Plan,
            now: i64,
        ) -> Result<(), StoreError> {
            const ROWS: usize = 200;
            for chunk in plan.new_cases.chunks(ROWS * 4) {
                let mut q = sqlx::QueryBuilder::<$db>::new("INSERT INTO cases (id, created_at, updated_at) ");
                q.push_values(chunk, |mut b, id| {
                    b.push_bind(*id).push_bind(now).push_bind(now);
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
            }

            let ids: Vec<String> = batch.iter().map(|r| r.id.to_string()).collect();
            let dates: Vec<(String, String)> =
                batch.iter().map(|r| (r.occurred_on.to_string(), r.known_on.to_string())).collect();
            let (new, updated): (Vec<_>, Vec<_>) = plan.accepted.iter().partition(|(_, _, is_new)| *is_new);
            for chunk in new.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO reports (id, revision, content_hash, province, regency, occurred_on, known_on, \
                     received_at, updated_at, terlapor_name, name_norm, nip, violations, case_id, case_reason, case_matched, device_id, \
                     source_kind, platform, position_class, agency, election_kind, position, place) ",
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
                        .push_bind(&r.place);
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
                     position = $23, place = $24 \
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
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM report_keys WHERE report_id = $1").bind(&id).execute(&mut *tx).await?;
            }

            let keys: Vec<(&String, &String)> =
                plan.accepted.iter().flat_map(|(i, _, _)| batch[*i].keys.iter().map(|k| (k, &ids[*i]))).collect();
            for chunk in keys.chunks(ROWS * 4) {
                let mut q = sqlx::QueryBuilder::<$db>::new("INSERT INTO report_keys (key, report_id) ");
                q.push_values(chunk, |mut b, (key, id)| {
                    b.push_bind(*key).push_bind(*id);
                });
                q.push(" ON CONFLICT DO NOTHING");
                q.build().execute(&mut *tx).await?;
            }
            let accepted: Vec<(&String, &Incoming)> = plan.accepted.iter().map(|(i, _, _)| (&ids[*i], &batch[*i])).collect();
            for chunk in accepted.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::<$db>::new(
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

                let mut q = sqlx::QueryBuilder::<$db>::new("INSERT INTO reporters (report_id, name, contact, address, updated_at) ");
                q.push_values(chunk, |mut b, (id, r)| {
                    b.push_bind(*id)
                        .push_bind(&r.reporter.name)
                        .push_bind(&r.reporter.contact)
                        .push_bind(&r.reporter.address)
                        .push_bind(now);
                });
                q.push(
                    " ON CONFLICT (report_id) DO UPDATE SET name = excluded.name, contact = excluded.contact, \
                     address = excluded.address, updated_at = excluded.updated_at",
                );
                q.build().execute(&mut *tx).await?;
            }
            for chunk in plan.touched.chunks(ROWS * 4) {
                let mut q = sqlx::QueryBuilder::<$db>::new("UPDATE cases SET updated_at = ");
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
        async fn new_case(tx: &mut Conn, now: i64) -> Result<i64, StoreError> {
            Ok(sqlx::query_scalar(
                "INSERT INTO cases (id, created_at, updated_at) SELECT COALESCE(MAX(id), 0) + 1, $1, $1 FROM cases RETURNING id",
            )
            .bind(now)
            .fetch_one(&mut *tx)
            .await?)
        }

        /// The next change sequence number, taken first thing in a writing
        /// transaction: the counter row stays locked until commit, so numbers
        /// are handed out in commit order, and taking it before any case row
        /// keeps one lock order for every writer.
        async fn next_seq(tx: &mut Conn) -> Result<i64, StoreError> {
            Ok(sqlx::query_scalar("UPDATE change_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq")
                .fetch_one(&mut *tx)
                .await?)
        }

        /// Stamps cases with the transaction's sequence number, for the
        /// dashboard indexes to catch up on.
        async fn mark_changed(tx: &mut Conn, seq: i64, cases: &[i64]) -> Result<(), StoreError> {
            for chunk in cases.chunks(800) {
                let mut q = sqlx::QueryBuilder::<$db>::new("UPDATE cases SET change_seq = ");
                q.push_bind(seq).push(" WHERE id IN (");
                let mut list = q.separated(", ");
                for c in chunk {
                    list.push_bind(*c);
                }
                q.push(")");
                q.build().execute(&mut *tx).await?;
            }
            Ok(())
        }

        /// One entry of a case's timeline, written in the change's
        /// transaction. `details` holds codes and ids only (see
        /// `dashboard::event_details`); free text goes to `note`.
        async fn add_event(
            tx: &mut Conn,
            case_id: i64,
            at: i64,
            audit: &$crate::audit::Audit,
            action: &str,
            details: &serde_json::Value,
            note: &str,
        ) -> Result<(), StoreError> {
            sqlx::query(
                "INSERT INTO case_events (case_id, at, actor_id, actor_username, action, details, note) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(case_id)
            .bind(at)
            .bind(audit.actor.id)
            .bind(&audit.actor.username)
            .bind(action)
            .bind(details.to_string())
            .bind(note)
            .execute(&mut *tx)
            .await?;
            Ok(())
        }

        async fn touch_case(tx: &mut Conn, id: i64, now: i64) -> Result<(), StoreError> {
            sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1").bind(id).bind(now).execute(&mut *tx).await?;
            Ok(())
        }

        /// Marks `old` as merged into `into`; its separations move along.
        async fn retire_case(tx: &mut Conn, old: i64, into: i64, now: i64) -> Result<(), StoreError> {
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
            Ok(())
        }

        async fn separate(tx: &mut Conn, a: i64, b: i64) -> Result<(), StoreError> {
            sqlx::query("INSERT INTO case_separations (case_a, case_b) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(a.min(b))
                .bind(a.max(b))
                .execute(&mut *tx)
                .await?;
            Ok(())
        }


        /// The canonical summary of a live case, derived from its reports.
        async fn summary<'e, E>(exec: E, id: i64) -> Result<Option<CaseSummary>, StoreError>
        where
            E: sqlx::Executor<'e, Database = $db> + Copy,
        {
            let Some(case) = sqlx::query("SELECT status, updated_at, canonical FROM cases WHERE id = $1 AND merged_into IS NULL")
                .bind(id)
                .fetch_optional(exec)
                .await?
            else {
                return Ok(None);
            };
            let rows = sqlx::query(
                "SELECT terlapor_name, province, regency, occurred_on, known_on, violations, election_kind, position, agency, place \
                 FROM reports WHERE case_id = $1 ORDER BY received_at, id",
            )
            .bind(id)
            .fetch_all(exec)
            .await?;
            let Some(first) = rows.first() else { return Ok(None) };
            let mut violations: Vec<ViolationCode> = Vec::new();
            for row in &rows {
                for code in row.get::<String, _>("violations").split(',') {
                    if let Some(v) = ViolationCode::from_code(code)
                        && !violations.contains(&v)
                    {
                        violations.push(v);
                    }
                }
            }
            violations.sort();
            let min = |col: &str| rows.iter().map(|r| r.get::<String, _>(col)).min().unwrap_or_default();
            let kinds: Vec<String> = rows.iter().map(|r| r.get("election_kind")).collect();
            let deadline = $crate::facts::case_deadline(&min("known_on"), kinds.iter().map(String::as_str));
            let canonical: netral_shared::cases::Canonical =
                serde_json::from_str(case.get::<&str, _>("canonical")).unwrap_or_default();
            // A coordinator's correction wins over the first report, field by field.
            let pick = |edited: &str, col: &str| {
                if edited.is_empty() { first.get::<String, _>(col) } else { edited.to_owned() }
            };
            Ok(Some(CaseSummary {
                id,
                status: case.get("status"),
                report_count: rows.len() as u32,
                terlapor_name: pick(&canonical.name, "terlapor_name"),
                terlapor_position: pick(&canonical.position, "position"),
                terlapor_agency: pick(&canonical.agency, "agency"),
                place: pick(&canonical.place, "place"),
                canonical_edited: canonical != netral_shared::cases::Canonical::default(),
                province: first.get("province"),
                regency: first.get("regency"),
                first_occurred_on: min("occurred_on"),
                first_known_on: min("known_on"),
                violations,
                updated_at: format_ms(case.get("updated_at")),
                deadline: deadline.map(|d| d.to_string()),
            }))
        }
    };
}

pub(crate) use impl_store;
