//! [`DashboardStore`] on the SQL store: the change feed for the per-replica
//! case index, page summaries, workflow steps, exports and corrections.

use std::collections::HashMap;

use futures::TryStreamExt;
use netral_shared::regions::RegionCode;
use netral_shared::workflow::{CaseAction, CaseStatus, WorkflowError};

use super::audit::Audit;
use super::case_desk::{
    Canonical, CaseReportFacts, CaseSink, ChangedCase, DashboardStore, ExportReport, IndexSnapshot,
    ReportFacts,
};
use super::db::{SqlStore, add_event, mark_changed, next_seq, write_audit};
use super::identity::Identity;
use super::reports::summaries;
use super::sql::Sql;
use super::{StoreError, SummaryRow, now_ms};

/// Ids per `IN (…)` list: well below both databases' bind limits.
const FACT_CHUNK: usize = 500;

#[derive(sqlx::FromRow)]
struct ChangedRow {
    id: i64,
    status: String,
    updated_at: i64,
    canonical: String,
    province: String,
    regency: String,
    merged_into: Option<i64>,
}

/// The columns of [`ReportFacts`], as every read of them names them.
const FACT_COLUMNS: &str = "occurred_on, known_on, violations, source_kind, platform, \
     position_class, election_kind, terlapor_name, agency";

impl ChangedRow {
    fn into_case(self, reports: Vec<ReportFacts>) -> ChangedCase {
        ChangedCase {
            id: self.id,
            status: self.status,
            updated_at: self.updated_at,
            canonical: serde_json::from_str(&self.canonical).unwrap_or_default(),
            province: self.province,
            regency: self.regency,
            reports,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ExportWithReporter {
    #[sqlx(flatten)]
    report: ExportReport,
    reporter_sealed: Option<Vec<u8>>,
}

const EXPORT_COLUMNS: &str = "r.case_id, r.id AS report_id, r.received_at, r.province, r.regency, \
     r.occurred_on, r.known_on, r.terlapor_name, r.position, r.agency, r.place, r.violations, \
     r.source_kind, r.platform, r.position_class, r.election_kind";

impl SqlStore {
    /// These cases with their reports, first report first, read a chunk
    /// of cases at a time through the reports' case index.
    async fn with_reports(&self, live: Vec<ChangedRow>) -> Result<Vec<ChangedCase>, StoreError> {
        let mut cases = Vec::with_capacity(live.len());
        let mut live = live.into_iter().peekable();
        while live.peek().is_some() {
            let chunk: Vec<ChangedRow> = live.by_ref().take(FACT_CHUNK).collect();
            let mut q = Sql::new(
                self.backend(),
                format!(
                    "SELECT case_id, received_at, id, {FACT_COLUMNS} FROM reports WHERE case_id IN ("
                ),
            );
            let mut list = q.separated(", ");
            for case in &chunk {
                list.push_bind(case.id);
            }
            q.push(") ORDER BY case_id, received_at, id");
            let rows: Vec<CaseReportFacts> = q.build_query_as().fetch_all(&self.pool).await?;
            let mut by_case: HashMap<i64, Vec<ReportFacts>> = HashMap::new();
            for row in rows {
                by_case.entry(row.case_id).or_default().push(row.facts);
            }
            cases.extend(chunk.into_iter().map(|case| {
                let reports = by_case.remove(&case.id).unwrap_or_default();
                case.into_case(reports)
            }));
        }
        Ok(cases)
    }
}

#[async_trait::async_trait]
impl DashboardStore for SqlStore {
    async fn cases_changed_since(
        &self,
        cursor: i64,
    ) -> Result<(Vec<ChangedCase>, Vec<i64>, i64), StoreError> {
        // Read first: every transaction numbered up to `seq` has committed
        // (the counter row stays locked until commit), so the reads below
        // see all of them. Later ones seen too are read again next time,
        // which is harmless.
        let seq: i64 = sqlx::query_scalar("SELECT seq FROM change_counter WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        if seq <= cursor {
            return Ok((Vec::new(), Vec::new(), cursor));
        }
        let changed: Vec<ChangedRow> = sqlx::query_as(
            "SELECT id, status, updated_at, canonical, province, regency, merged_into FROM cases \
             WHERE change_seq > $1 ORDER BY id",
        )
        .bind(cursor)
        .fetch_all(&self.pool)
        .await?;
        let (merged, live): (Vec<ChangedRow>, Vec<ChangedRow>) =
            changed.into_iter().partition(|c| c.merged_into.is_some());
        let removed = merged.into_iter().map(|c| c.id).collect();
        let cases = self.with_reports(live).await?;
        Ok((cases, removed, seq))
    }

    async fn scan_live_cases(&self, sink: &mut dyn CaseSink) -> Result<i64, StoreError> {
        // As in `cases_changed_since`: the cursor first, so whatever
        // commits during the two reads is newer than it and read again.
        let seq: i64 = sqlx::query_scalar("SELECT seq FROM change_counter WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        let mut cases = sqlx::query_as::<_, ChangedRow>(
            "SELECT id, status, updated_at, canonical, province, regency, merged_into FROM cases \
             WHERE merged_into IS NULL",
        )
        .fetch(&self.pool);
        while let Some(case) = cases.try_next().await? {
            sink.case(case.into_case(Vec::new()));
        }
        drop(cases);
        // In table order, not by case: a walk of the case index would look
        // each report up on its own (19.5 s at a million on SQLite).
        let sql = format!("SELECT case_id, received_at, id, {FACT_COLUMNS} FROM reports");
        let mut reports = sqlx::query_as::<_, CaseReportFacts>(&sql).fetch(&self.pool);
        while let Some(report) = reports.try_next().await? {
            sink.report(report);
        }
        Ok(seq)
    }

    async fn live_cases_in(
        &self,
        regions: &[RegionCode],
    ) -> Result<(Vec<ChangedCase>, i64), StoreError> {
        let seq: i64 = sqlx::query_scalar("SELECT seq FROM change_counter WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        let codes = |pick: fn(&RegionCode) -> bool| -> Vec<String> {
            regions
                .iter()
                .filter(|c| pick(c))
                .map(|c| c.to_string())
                .collect()
        };
        let provinces = codes(|c| matches!(c, RegionCode::Province(_)));
        let regencies = codes(|c| matches!(c, RegionCode::Regency(_)));
        let mut q = Sql::new(
            self.backend(),
            "SELECT id, status, updated_at, canonical, province, regency, merged_into FROM cases \
             WHERE merged_into IS NULL AND (province IN (",
        );
        // `''` keeps an empty list valid SQL; no case has an empty region
        // code that a scope could name.
        q.push_bind(String::new());
        for p in provinces {
            q.push(", ").push_bind(p);
        }
        q.push(") OR regency IN (").push_bind(String::new());
        for r in regencies {
            q.push(", ").push_bind(r);
        }
        q.push(")) ORDER BY id");
        let live: Vec<ChangedRow> = q.build_query_as().fetch_all(&self.pool).await?;
        Ok((self.with_reports(live).await?, seq))
    }

    async fn index_snapshot(&self) -> Result<Option<IndexSnapshot>, StoreError> {
        Ok(
            sqlx::query_as("SELECT cursor, format, facts FROM case_index_snapshot WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn save_index_snapshot(&self, snapshot: &IndexSnapshot) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO case_index_snapshot (id, cursor, format, facts, written_at) \
             VALUES (1, $1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor, format = excluded.format, \
                 facts = excluded.facts, written_at = excluded.written_at \
             WHERE excluded.cursor > case_index_snapshot.cursor \
                OR excluded.format <> case_index_snapshot.format",
        )
        .bind(snapshot.cursor)
        .bind(&snapshot.format)
        .bind(&snapshot.facts)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn forwarded_agencies(&self) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT DISTINCT case_id, agency FROM case_forwardings")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    async fn summaries(&self, ids: &[i64]) -> Result<Vec<SummaryRow>, StoreError> {
        summaries(&self.pool, self.backend(), ids).await
    }

    async fn case_action(
        &self,
        case_id: i64,
        action: &CaseAction,
        audit: &Audit,
    ) -> Result<Option<Result<CaseStatus, WorkflowError>>, StoreError> {
        let mut tx = self.begin().await?;
        let seq = next_seq(&mut tx).await?;
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM cases WHERE id = $1 AND merged_into IS NULL")
                .bind(case_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(status) = status else {
            return Ok(None);
        };
        let from = CaseStatus::from_code(&status).unwrap_or(CaseStatus::Baru);
        let to = match from.apply(action) {
            Ok(to) => to,
            // Dropping the transaction rolls the sequence number back.
            Err(e) => return Ok(Some(Err(e))),
        };
        let now = now_ms();
        sqlx::query("UPDATE cases SET status = $2, updated_at = $3 WHERE id = $1")
            .bind(case_id)
            .bind(to.code())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        if let CaseAction::Forward { targets } = action {
            for t in targets {
                sqlx::query(
                    "INSERT INTO case_forwardings (case_id, agency, date, reference, at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(case_id)
                .bind(t.agency.code())
                .bind(t.date.trim())
                .bind(t.reference.trim())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        let details = action.event_details(from, to);
        add_event(
            &mut tx,
            case_id,
            now,
            audit,
            action.code(),
            &details,
            action.note(),
        )
        .await?;
        mark_changed(&mut tx, seq, &[case_id]).await?;
        write_audit(&mut tx, &audit.clone().details(details)).await?;
        tx.commit().await?;
        Ok(Some(Ok(to)))
    }

    async fn export_reports(
        &self,
        case_ids: &[i64],
        identity: bool,
    ) -> Result<Vec<ExportReport>, StoreError> {
        let mut by_case: HashMap<i64, Vec<ExportReport>> = HashMap::new();
        for chunk in case_ids.chunks(FACT_CHUNK) {
            // The reporters table is joined only for an export with
            // identities: reading cases otherwise never touches it.
            let mut q = Sql::new(self.backend(), format!("SELECT {EXPORT_COLUMNS}"));
            if identity {
                q.push(
                    ", p.sealed AS reporter_sealed \
                     FROM reports r LEFT JOIN reporters p ON p.report_id = r.id",
                );
            } else {
                q.push(" FROM reports r");
            }
            q.push(" WHERE r.case_id IN (");
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            q.push(") ORDER BY r.case_id, r.received_at, r.id");
            let rows: Vec<ExportReport> = if identity {
                let rows: Vec<ExportWithReporter> =
                    q.build_query_as().fetch_all(&self.pool).await?;
                let mut out = Vec::with_capacity(rows.len());
                for row in rows {
                    let identity = match &row.reporter_sealed {
                        Some(sealed) => Identity::open(&self.keys, &row.report.report_id, sealed)?,
                        None => Identity::default(),
                    };
                    out.push(ExportReport {
                        reporter: Some([identity.name, identity.contact, identity.address]),
                        ..row.report
                    });
                }
                out
            } else {
                q.build_query_as().fetch_all(&self.pool).await?
            };
            for row in rows {
                by_case.entry(row.case_id).or_default().push(row);
            }
        }
        Ok(case_ids
            .iter()
            .flat_map(|id| by_case.remove(id).unwrap_or_default())
            .collect())
    }

    async fn set_canonical(
        &self,
        case_id: i64,
        canonical: &Canonical,
        audit: &Audit,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let seq = next_seq(&mut tx).await?;
        let now = now_ms();
        let written = sqlx::query(
            "UPDATE cases SET canonical = $2, updated_at = $3 WHERE id = $1 AND merged_into IS NULL",
        )
        .bind(case_id)
        .bind(serde_json::to_string(canonical).unwrap_or_else(|_| "{}".to_owned()))
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if written == 0 {
            return Ok(false);
        }
        mark_changed(&mut tx, seq, &[case_id]).await?;
        add_event(
            &mut tx,
            case_id,
            now,
            audit,
            "canonical",
            &audit.details,
            "",
        )
        .await?;
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }
}
