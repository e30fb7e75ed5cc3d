//! [`DashboardStore`] on the SQL store: the change feed for the per-replica
//! case index, page summaries, workflow steps, exports and corrections.

use std::collections::HashMap;

use netral_shared::workflow::{CaseAction, CaseStatus, WorkflowError};

use super::audit::Audit;
use super::case_desk::{Canonical, ChangedCase, DashboardStore, ExportReport, ReportFacts};
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

#[derive(sqlx::FromRow)]
struct CaseReportFacts {
    case_id: i64,
    #[sqlx(flatten)]
    facts: ReportFacts,
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
        let mut cases = Vec::with_capacity(live.len());
        for chunk in live.chunks(FACT_CHUNK) {
            let mut q = Sql::new(
                self.backend(),
                "SELECT case_id, occurred_on, known_on, violations, source_kind, \
                        platform, position_class, election_kind, terlapor_name, agency \
                 FROM reports WHERE case_id IN (",
            );
            let mut list = q.separated(", ");
            for case in chunk {
                list.push_bind(case.id);
            }
            q.push(") ORDER BY case_id, received_at, id");
            let rows: Vec<CaseReportFacts> = q.build_query_as().fetch_all(&self.pool).await?;
            let mut by_case: HashMap<i64, Vec<ReportFacts>> = HashMap::new();
            for row in rows {
                by_case.entry(row.case_id).or_default().push(row.facts);
            }
            cases.extend(chunk.iter().map(|case| ChangedCase {
                id: case.id,
                status: case.status.clone(),
                updated_at: case.updated_at,
                canonical: serde_json::from_str(&case.canonical).unwrap_or_default(),
                province: case.province.clone(),
                regency: case.regency.clone(),
                reports: by_case.remove(&case.id).unwrap_or_default(),
            }));
        }
        Ok((cases, removed, seq))
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
