//! The store's logic, written once for both backends. Both accept the same
//! SQL (`$n` placeholders, `ON CONFLICT`), and a macro instantiates the code
//! for each driver's concrete types, which keeps the drivers' native speed
//! without generic trait bounds over `sqlx::Database`.

/// Implements [`super::Store`] for `$store` (a struct with a `pool` field)
/// on the sqlx driver `$db`.
macro_rules! impl_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            async fn sync_batch(
                &self,
                batch: &[$crate::ingest::Incoming],
            ) -> Result<Vec<netral_shared::sync::Outcome>, $crate::store::StoreError> {
                let mut tx = self.pool.begin().await?;
                let now = $crate::store::now_ms();
                let mut outcomes = Vec::with_capacity(batch.len());
                for report in batch {
                    outcomes.push(upsert(&mut tx, report, now).await?);
                }
                tx.commit().await?;
                Ok(outcomes)
            }

            async fn report(
                &self,
                id: uuid::Uuid,
            ) -> Result<Option<netral_shared::sync::StoredReport>, $crate::store::StoreError> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT r.revision, r.received_at, r.updated_at, \
                            (SELECT COUNT(*) FROM report_versions v WHERE v.report_id = r.id) AS versions \
                     FROM reports r WHERE r.id = $1",
                )
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|row| netral_shared::sync::StoredReport {
                    id,
                    revision: row.get::<i64, _>("revision") as u32,
                    versions: row.get::<i64, _>("versions") as u32,
                    received_at: $crate::store::format_ms(row.get("received_at")),
                    updated_at: $crate::store::format_ms(row.get("updated_at")),
                }))
            }

            async fn ping(&self) -> Result<(), $crate::store::StoreError> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }
        }

        /// Inserts or updates one report inside the batch transaction.
        ///
        /// The insert comes first: on SQLite it takes the write lock at once,
        /// so a concurrent transaction waits instead of failing on a stale
        /// snapshot; on both, `ON CONFLICT DO NOTHING` lets the primary key
        /// decide which of two concurrent sends is first (PostgreSQL makes the
        /// second wait for the first to commit, then sees the row).
        async fn upsert(
            tx: &mut <$db as sqlx::Database>::Connection,
            r: &$crate::ingest::Incoming,
            now: i64,
        ) -> Result<netral_shared::sync::Outcome, $crate::store::StoreError> {
            use netral_shared::sync::Outcome;
            use sqlx::Row;
            let id = r.id.to_string();
            let inserted = sqlx::query(
                "INSERT INTO reports (id, revision, content_hash, body, province, regency, occurred_on, known_on, received_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (id) DO NOTHING",
            )
            .bind(&id)
            .bind(i64::from(r.revision))
            .bind(&r.content_hash[..])
            .bind(&r.body)
            .bind(&r.province)
            .bind(&r.regency)
            .bind(r.occurred_on.to_string())
            .bind(r.known_on.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;

            if !inserted {
                let row = sqlx::query("SELECT revision, content_hash FROM reports WHERE id = $1")
                    .bind(&id)
                    .fetch_one(&mut *tx)
                    .await?;
                let stored_revision: i64 = row.get("revision");
                let stored_hash: Vec<u8> = row.get("content_hash");
                if stored_hash == r.content_hash {
                    return Ok(Outcome::Replayed);
                }
                if i64::from(r.revision) <= stored_revision {
                    return Ok(Outcome::Stale);
                }
                sqlx::query(
                    "UPDATE reports SET revision = $2, content_hash = $3, body = $4, province = $5, regency = $6, \
                     occurred_on = $7, known_on = $8, updated_at = $9 WHERE id = $1",
                )
                .bind(&id)
                .bind(i64::from(r.revision))
                .bind(&r.content_hash[..])
                .bind(&r.body)
                .bind(&r.province)
                .bind(&r.regency)
                .bind(r.occurred_on.to_string())
                .bind(r.known_on.to_string())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }

            sqlx::query(
                "INSERT INTO report_versions (report_id, revision, content_hash, body, received_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (report_id, revision) DO NOTHING",
            )
            .bind(&id)
            .bind(i64::from(r.revision))
            .bind(&r.content_hash[..])
            .bind(&r.body)
            .bind(now)
            .execute(&mut *tx)
            .await?;

            sqlx::query(
                "INSERT INTO reporters (report_id, name, contact, address, updated_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (report_id) DO UPDATE SET name = excluded.name, contact = excluded.contact, \
                 address = excluded.address, updated_at = excluded.updated_at",
            )
            .bind(&id)
            .bind(&r.reporter.name)
            .bind(&r.reporter.contact)
            .bind(&r.reporter.address)
            .bind(now)
            .execute(&mut *tx)
            .await?;

            Ok(Outcome::Accepted)
        }
    };
}

pub(crate) use impl_store;
