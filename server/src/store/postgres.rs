//! The PostgreSQL store, for deployments with several server replicas.

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};

use super::StoreError;
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

impl_store!(PgStore, sqlx::Postgres);
