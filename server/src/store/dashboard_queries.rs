//! [`super::dashboard::DashboardStore`] written once for both backends,
//! like `queries.rs`, and expanded in the same module as `impl_store!`, whose
//! helpers (`summary`, `next_seq`, `mark_changed`, `write_audit`) it uses.

macro_rules! impl_dashboard_store {
    ($store:ty, $db:ty, begin = $begin:expr) => {
        use netral_shared::workflow::{CaseAction, CaseStatus, WorkflowError};
        use $crate::facts::{CaseFact, ReportFacts};
        use $crate::store::dashboard::{Canonical, DashboardStore, ExportReport};

        /// Ids per `IN (…)` list: well below both drivers' bind limits.
        const FACT_CHUNK: usize = 500;

        #[async_trait::async_trait]
        impl DashboardStore for $store {
            async fn case_facts_since(
                &self,
                cursor: i64,
            ) -> Result<(Vec<CaseFact>, Vec<i64>, i64), StoreError> {
                // Read first: every transaction numbered up to `seq` has
                // committed (the counter row stays locked until commit), so
                // the reads below see all of them. Later ones seen too are
                // read again next time, which is harmless.
                let seq: i64 = sqlx::query_scalar("SELECT seq FROM change_counter WHERE id = 1")
                    .fetch_one(&self.pool)
                    .await?;
                if seq <= cursor {
                    return Ok((Vec::new(), Vec::new(), cursor));
                }
                let changed = sqlx::query(
                    "SELECT id, status, updated_at, canonical, merged_into FROM cases WHERE change_seq > $1 ORDER BY id",
                )
                .bind(cursor)
                .fetch_all(&self.pool)
                .await?;
                let mut facts = Vec::new();
                let mut removed = Vec::new();
                let mut live = Vec::new();
                for row in &changed {
                    let id: i64 = row.get("id");
                    if row.get::<Option<i64>, _>("merged_into").is_some() {
                        removed.push(id);
                    } else {
                        live.push((id, row));
                    }
                }
                for chunk in live.chunks(FACT_CHUNK) {
                    let mut q = sqlx::QueryBuilder::<$db>::new(
                        "SELECT case_id, province, regency, occurred_on, known_on, violations, source_kind, platform, \
                         position_class, election_kind, terlapor_name, agency FROM reports WHERE case_id IN (",
                    );
                    let mut list = q.separated(", ");
                    for (id, _) in chunk {
                        list.push_bind(*id);
                    }
                    q.push(") ORDER BY case_id, received_at, id");
                    let mut by_case: std::collections::HashMap<i64, Vec<ReportFacts>> = Default::default();
                    for row in q.build().fetch_all(&self.pool).await? {
                        by_case.entry(row.get("case_id")).or_default().push(ReportFacts {
                            province: row.get("province"),
                            regency: row.get("regency"),
                            occurred_on: row.get("occurred_on"),
                            known_on: row.get("known_on"),
                            violations: row.get("violations"),
                            source_kind: row.get("source_kind"),
                            platform: row.get("platform"),
                            position_class: row.get("position_class"),
                            election_kind: row.get("election_kind"),
                            terlapor_name: row.get("terlapor_name"),
                            agency: row.get("agency"),
                        });
                    }
                    for (id, row) in chunk {
                        let canonical: Canonical =
                            serde_json::from_str(row.get::<&str, _>("canonical")).unwrap_or_default();
                        let reports = by_case.remove(id).unwrap_or_default();
                        match $crate::facts::case_fact(
                            *id,
                            row.get("status"),
                            row.get("updated_at"),
                            &[&canonical.name, &canonical.agency],
                            &reports,
                        ) {
                            Some(fact) => facts.push(fact),
                            None => removed.push(*id),
                        }
                    }
                }
                Ok((facts, removed, seq))
            }

            async fn summaries(&self, ids: &[i64]) -> Result<Vec<CaseSummary>, StoreError> {
                let mut out = Vec::with_capacity(ids.len());
                for &id in ids {
                    if let Some(s) = summary(&self.pool, id).await? {
                        out.push(s);
                    }
                }
                Ok(out)
            }

            async fn case_action(
                &self,
                case_id: i64,
                action: &CaseAction,
                audit: &Audit,
            ) -> Result<Option<Result<CaseStatus, WorkflowError>>, StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
                let seq = next_seq(&mut tx).await?;
                let status: Option<String> =
                    sqlx::query_scalar("SELECT status FROM cases WHERE id = $1 AND merged_into IS NULL")
                        .bind(case_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some(status) = status else { return Ok(None) };
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
                            "INSERT INTO case_forwardings (case_id, agency, date, reference, at) VALUES ($1, $2, $3, $4, $5)",
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
                let details = $crate::dashboard::event_details(action, from, to);
                add_event(
                    &mut tx,
                    case_id,
                    now,
                    audit,
                    $crate::dashboard::action_code(action),
                    &details,
                    $crate::dashboard::event_note(action),
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
                let mut by_case: std::collections::HashMap<i64, Vec<ExportReport>> = Default::default();
                for chunk in case_ids.chunks(FACT_CHUNK) {
                    // The reporters table is joined only for an export with
                    // identities: reading cases otherwise never touches it.
                    let mut q = sqlx::QueryBuilder::<$db>::new(if identity {
                        "SELECT r.*, p.name AS reporter_name, p.contact AS reporter_contact, p.address AS reporter_address \
                         FROM reports r LEFT JOIN reporters p ON p.report_id = r.id WHERE r.case_id IN ("
                    } else {
                        "SELECT r.* FROM reports r WHERE r.case_id IN ("
                    });
                    let mut list = q.separated(", ");
                    for id in chunk {
                        list.push_bind(*id);
                    }
                    q.push(") ORDER BY r.case_id, r.received_at, r.id");
                    for row in q.build().fetch_all(&self.pool).await? {
                        let reporter = identity.then(|| {
                            let text = |c: &str| row.get::<Option<String>, _>(c).unwrap_or_default();
                            [text("reporter_name"), text("reporter_contact"), text("reporter_address")]
                        });
                        by_case.entry(row.get("case_id")).or_default().push(ExportReport {
                            case_id: row.get("case_id"),
                            report_id: row.get("id"),
                            received_at: row.get("received_at"),
                            province: row.get("province"),
                            regency: row.get("regency"),
                            occurred_on: row.get("occurred_on"),
                            known_on: row.get("known_on"),
                            terlapor_name: row.get("terlapor_name"),
                            position: row.get("position"),
                            agency: row.get("agency"),
                            place: row.get("place"),
                            violations: row.get("violations"),
                            source_kind: row.get("source_kind"),
                            platform: row.get("platform"),
                            position_class: row.get("position_class"),
                            election_kind: row.get("election_kind"),
                            reporter,
                        });
                    }
                }
                Ok(case_ids.iter().flat_map(|id| by_case.remove(id).unwrap_or_default()).collect())
            }

            async fn set_canonical(
                &self,
                case_id: i64,
                canonical: &Canonical,
                audit: &Audit,
            ) -> Result<bool, StoreError> {
                let mut tx = self.pool.begin_with($begin).await?;
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
                add_event(&mut tx, case_id, now, audit, "canonical", &audit.details, "").await?;
                write_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

pub(crate) use impl_dashboard_store;
