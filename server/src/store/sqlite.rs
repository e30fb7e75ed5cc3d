//! The SQLite store: one file, WAL so readers never wait for the writer, and
//! `synchronous = FULL` because an acknowledged report must survive a power
//! cut, not only a crash of the process.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use netral_shared::sync::{Outcome, StoredReport};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use super::{Store, StoreError, format_ms, now_ms};
use crate::ingest::Incoming;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub async fn open_file(path: &Path) -> Result<SqliteStore, StoreError> {
        SqliteStore::open(SqliteConnectOptions::new().filename(path)).await
    }

    pub async fn open_url(url: &str) -> Result<SqliteStore, StoreError> {
        SqliteStore::open(SqliteConnectOptions::from_str(url)?).await
    }

    async fn open(options: SqliteConnectOptions) -> Result<SqliteStore, StoreError> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(SqliteStore { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn sync_batch(&self, batch: &[Incoming]) -> Result<Vec<Outcome>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let now = now_ms();
        let mut outcomes = Vec::with_capacity(batch.len());
        for report in batch {
            outcomes.push(upsert(&mut tx, report, now).await?);
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    async fn report(&self, id: Uuid) -> Result<Option<StoredReport>, StoreError> {
        let row = sqlx::query(
            "SELECT r.revision, r.received_at, r.updated_at, \
                    (SELECT COUNT(*) FROM report_versions v WHERE v.report_id = r.id) AS versions \
             FROM reports r WHERE r.id = $1",
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
        }))
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// Inserts or updates one report inside the batch transaction.
///
/// The insert comes first: it takes SQLite's write lock at once, so a
/// concurrent transaction waits instead of failing on a stale snapshot, and
/// `ON CONFLICT DO NOTHING` makes the primary key decide which of two
/// concurrent sends is first.
async fn upsert(tx: &mut SqliteConnection, r: &Incoming, now: i64) -> Result<Outcome, StoreError> {
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
