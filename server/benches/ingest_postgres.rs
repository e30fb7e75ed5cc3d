//! Ingest on PostgreSQL: prints numbers, asserts nothing.
//!
//! `scripts/test-postgres.sh cargo bench -p netral-server --bench
//! ingest_postgres` (the script starts a throwaway server and sets
//! NETRAL_TEST_DATABASE_URL; NETRAL_BENCH_REPORTS sets the count, default
//! 100,000). Each measurement gets a fresh database (as the tests do):
//! 1. reports/s stored with grouping (batches of 500 as `POST /api/v1/sync`
//!    sends them, across all kab/kota) by one replica, then by two replicas
//!    each sending every other batch at once;
//! 2. p95 latency of one 100-report sync with 20 clients sending at once to
//!    one real server, then spread over two replicas sharing the database.

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::sync::Arc;
use std::time::Instant;

use netral_server::config::Settings;
use netral_server::keys::Keys;
use netral_server::ops::synthetic;
use netral_server::store::{Incoming, SqlStore};
use netral_shared::validate::ready;

const BATCH: usize = 500;

#[tokio::main]
async fn main() {
    let Ok(admin_url) = std::env::var("NETRAL_TEST_DATABASE_URL") else {
        eprintln!("NETRAL_TEST_DATABASE_URL is not set: run under scripts/test-postgres.sh");
        std::process::exit(2);
    };
    let n: usize = std::env::var("NETRAL_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let today = time::macros::date!(2024 - 12 - 31);
    let (reports, incidents) = synthetic::reports(n, 42);
    let incoming: Arc<Vec<Incoming>> = Arc::new(
        reports
            .into_iter()
            .map(|r| Incoming::new(ready(r, today).unwrap()))
            .collect(),
    );
    println!(
        "reports: {n} synthetic, {incidents} incidents, PostgreSQL {}",
        server_version(&admin_url).await
    );

    for replicas in [1, 2] {
        let url = common::fresh_postgres_database().await.unwrap();
        let keys = Arc::new(Keys::random());
        let mut stores = Vec::new();
        for _ in 0..replicas {
            stores.push(Arc::new(SqlStore::open(&url, keys.clone()).await.unwrap()));
        }
        let t = Instant::now();
        let mut tasks = Vec::new();
        for (i, store) in stores.into_iter().enumerate() {
            let incoming = incoming.clone();
            tasks.push(tokio::spawn(async move {
                for chunk in incoming.chunks(BATCH).skip(i).step_by(replicas) {
                    netral_server::services::sync::store_batch(store.as_ref(), chunk)
                        .await
                        .unwrap();
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        println!(
            "store with grouping, {replicas} replica(s): {:>7.0} reports/s",
            n as f64 / t.elapsed().as_secs_f64()
        );
    }

    for replicas in [1, 2] {
        let url = common::fresh_postgres_database().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::ephemeral(dir.path().to_owned());
        settings.database_url = Some(url);
        let servers = vec![settings; replicas];
        let (p95, rate) = support::concurrent_sync_p95(&servers).await;
        println!(
            "sync of 100 reports, 20 clients, {replicas} replica(s): p95 {:.0} ms, {rate:.0} reports/s",
            p95.as_secs_f64() * 1000.0
        );
    }
}

async fn server_version(admin_url: &str) -> String {
    let pool = sqlx::PgPool::connect(admin_url).await.unwrap();
    let version: String = sqlx::query_scalar("SHOW server_version")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    version
}
