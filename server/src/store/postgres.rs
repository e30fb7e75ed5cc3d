//! The PostgreSQL store, for deployments with several server replicas.

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};

use super::account_queries::impl_account_store;
use super::dashboard_queries::impl_dashboard_store;
use super::queries::impl_store;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    pub async fn open(url: &str) -> Result<PgStore, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        // Replicas starting together take turns: sqlx holds an advisory
        // lock while migrating.
        MIGRATOR.run(&pool).await?;
        Ok(PgStore { pool })
    }
}

// Grouping reads other reports' keys; two concurrent batches would not see
// each other's uncommitted keys and could open two cases for one incident.
// A transaction-scoped advisory lock makes batches group one at a time
// (their validation and parsing still run in parallel).
impl_store!(
    PgStore,
    sqlx::Postgres,
    begin = "BEGIN",
    lock = "SELECT pg_advisory_xact_lock(7240501)"
);

impl_account_store!(PgStore, sqlx::Postgres, begin = "BEGIN");

impl_dashboard_store!(PgStore, sqlx::Postgres, begin = "BEGIN");
