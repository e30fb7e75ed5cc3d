//! The one store implementation: SQLite (the default, a file under the data
//! directory) or PostgreSQL (several replicas), both through sqlx's `Any`
//! driver, so every query is written once, in ordinary functions that
//! rustfmt, rust-analyzer and the compiler read like any other code. The
//! SQL itself is the common dialect of both (`$n` placeholders,
//! `ON CONFLICT`, `RETURNING`); what differs (how a writing transaction
//! begins, the migrations) is decided here at run time.
//!
//! Why `Any` and not functions generic over `sqlx::Database`: generic store
//! code needs a dozen higher-ranked trait bounds repeated on every function
//! (`for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>`, `Encode`
//! and `Decode` per column type), which buries the SQL. `Any` costs a copy
//! of each bound value and each row into its own enum (ingest speed: README,
//! Performance).
//! Columns are therefore only the types both databases and `Any` share:
//! 64-bit integers, text and bytes; truth values are stored and read as
//! integers.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyConnection, AnyPool, Executor, Transaction};

use super::StoreError;
use super::audit::Audit;
use super::now_ms;
use super::sql::Sql;
use crate::keys::Keys;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct SqlStore {
    pub(super) pool: AnyPool,
    backend: Backend,
    /// Seals and opens reporters' identities (`store::identity`).
    pub(super) keys: Arc<Keys>,
    /// Whether some report is still stored under the `name:` keys of before
    /// the fuzzy keys: only then are they looked up (some 1,500 lookups a
    /// batch of 500 saved). Nothing writes such keys any more, so a `false`
    /// stays true to the database; a restored backup is opened anew.
    pub(super) legacy_name_keys: bool,
}

impl Backend {
    /// The database a connection speaks to.
    pub fn of(conn: &AnyConnection) -> Backend {
        if conn.backend_name() == "SQLite" {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }
}

impl SqlStore {
    /// A SQLite file, created if missing.
    pub async fn open_file(path: &Path, keys: Arc<Keys>) -> Result<SqlStore, StoreError> {
        SqlStore::open(&format!("sqlite://{}?mode=rwc", path.display()), keys).await
    }

    /// `sqlite://…` or `postgres://…`. After the migrations, checks that
    /// the database belongs to this server secret (adopting it on the first
    /// start) and seals identities still stored in plain text.
    pub async fn open(url: &str, keys: Arc<Keys>) -> Result<SqlStore, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        let options: AnyConnectOptions = url.parse()?;
        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(Duration::from_secs(10))
                    .after_connect(|conn, _| Box::pin(async move { sqlite_session(conn).await }))
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?
            }
        };
        // Replicas starting together take turns: sqlx holds a lock while
        // migrating (an advisory lock on PostgreSQL).
        SqlStore::migrator(backend).run(&pool).await?;
        // SQLite compares bytes, so the range is an index lookup; on
        // PostgreSQL a locale's collation may not order `:` and `;` so, and
        // LIKE cannot use the index: a scan, once per start.
        let legacy_sql = match backend {
            Backend::Sqlite => {
                "SELECT COUNT(*) FROM (SELECT 1 FROM report_keys \
                 WHERE key >= 'name:' AND key < 'name;' LIMIT 1) t"
            }
            Backend::Postgres => {
                "SELECT COUNT(*) FROM (SELECT 1 FROM report_keys \
                 WHERE key LIKE 'name:%' LIMIT 1) t"
            }
        };
        let legacy: i64 = sqlx::query_scalar(legacy_sql).fetch_one(&pool).await?;
        let store = SqlStore {
            pool,
            backend,
            keys,
            legacy_name_keys: legacy > 0,
        };
        store.adopt_key().await?;
        store.seal_plain_identities().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub(super) fn migrator(backend: Backend) -> &'static sqlx::migrate::Migrator {
        match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// A writing transaction. On SQLite, IMMEDIATE takes the write lock at
    /// BEGIN: a transaction that reads before it writes would otherwise fail
    /// when another writer commits in between.
    pub(super) async fn begin(&self) -> Result<Transaction<'static, Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// A writing transaction that changes which reports share a case.
    /// Grouping reads other reports' keys; on PostgreSQL two concurrent
    /// batches would not see each other's uncommitted keys and could open two
    /// cases for one incident, so a transaction-scoped advisory lock makes
    /// them group one at a time (their validation and parsing still run in
    /// parallel). SQLite's write lock already does.
    pub(super) async fn begin_grouping(&self) -> Result<Transaction<'static, Any>, StoreError> {
        let mut tx = self.begin().await?;
        if self.backend == Backend::Postgres {
            // Wrapped so the row holds an integer: `Any` reads no `void`.
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(7240501)) AS grouping_lock")
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }
}

/// Per-connection SQLite settings: WAL so readers never wait for the writer;
/// `secure_delete` so that a value changed or deleted (an identity sealed
/// from its old plain text, a session ended) is overwritten in the file,
/// not left in a free page;
/// `synchronous = FULL` because an acknowledged report must survive a power
/// cut, not only a crash of the process; a 64 MiB page cache (the default
/// is 2 MiB) because grouping probes the key index at random, and a cache
/// that holds the indexes keeps ingest speed flat as the file grows; a
/// checkpoint every ~40 MiB of WAL instead of every 4 MiB, because each
/// checkpoint fsyncs the database file and ingest bursts would otherwise
/// checkpoint several times a second.
async fn sqlite_session(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute(
        "PRAGMA journal_mode = WAL; \
         PRAGMA synchronous = FULL; \
         PRAGMA foreign_keys = ON; \
         PRAGMA secure_delete = ON; \
         PRAGMA busy_timeout = 10000; \
         PRAGMA temp_store = MEMORY; \
         PRAGMA cache_size = -65536; \
         PRAGMA wal_autocheckpoint = 10000;",
    )
    .await?;
    Ok(())
}

/// The next change sequence number, taken first thing in a writing
/// transaction: the counter row stays locked until commit, so numbers are
/// handed out in commit order, and taking it before any case row keeps one
/// lock order for every writer.
pub(super) async fn next_seq(tx: &mut AnyConnection) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("UPDATE change_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq")
            .fetch_one(&mut *tx)
            .await?,
    )
}

/// Stamps cases with the transaction's sequence number, for the dashboard
/// indexes to catch up on.
pub(super) async fn mark_changed(
    tx: &mut AnyConnection,
    seq: i64,
    cases: &[i64],
) -> Result<(), StoreError> {
    for chunk in cases.chunks(800) {
        let mut q = Sql::new(Backend::of(tx), "UPDATE cases SET change_seq = ");
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

/// One entry of a case's timeline, written in the change's transaction.
/// `details` holds codes and ids only (see `CaseAction::event_details`);
/// free text goes to `note`.
pub(super) async fn add_event(
    tx: &mut AnyConnection,
    case_id: i64,
    at: i64,
    audit: &Audit,
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

pub(super) async fn write_audit(tx: &mut AnyConnection, audit: &Audit) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_username, action, target, details) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now_ms())
    .bind(audit.actor.id)
    .bind(&audit.actor.username)
    .bind(audit.action.code())
    .bind(&audit.target)
    .bind(audit.details.to_string())
    .execute(&mut *tx)
    .await?;
    Ok(())
}
