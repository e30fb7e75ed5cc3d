//! Ingest benchmark: prints numbers, asserts nothing.
//!
//! `cargo bench -p netral-server --bench ingest` (NETRAL_BENCH_REPORTS sets
//! the count, default 100,000). Measures, on SQLite files in a temporary
//! directory:
//! 1. reports/s stored with grouping into cases (validated reports, batches
//!    of 500, one transaction each, as `POST /api/v1/sync` does), across all
//!    kab/kota; and the same crowded into 16 kab/kota, for the record;
//! 2. reports/s of a plain batched insert of the same rows (no keys, no
//!    grouping): the ceiling; and the ratio of the two;
//! 3. p95 latency of one 100-report sync request with 20 clients sending at
//!    once to the real server.

mod support;

use std::time::Instant;

use netral_server::config::Settings;
use netral_server::ops::synthetic::{self, Mess, Spread};
use netral_server::store::Incoming;
use netral_server::store::SqlStore;
use netral_server::store::case_desk::DashboardStore;
use netral_shared::validate::ready;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

const BATCH: usize = 500;

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("NETRAL_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let today = time::macros::date!(2024 - 12 - 31);
    let dir = tempfile::tempdir().unwrap();

    let t = Instant::now();
    let (reports, incidents) = synthetic::reports(n, 42);
    let dense: Vec<Incoming> = synthetic::labelled(n, 42, Mess::Clean, Spread::Dense)
        .0
        .into_iter()
        .map(|(r, _)| Incoming::new(ready(r, today).unwrap()))
        .collect();
    let incoming: Vec<Incoming> = reports
        .into_iter()
        .map(|r| Incoming::new(ready(r, today).unwrap()))
        .collect();
    let parse = t.elapsed();
    println!(
        "reports: {n} synthetic, {incidents} incidents ({:.0}% duplicates)",
        100.0 * (1.0 - incidents as f64 / n as f64)
    );
    println!(
        "validate + match keys:   {:>9.0} reports/s",
        n as f64 / parse.as_secs_f64()
    );

    let store = SqlStore::open_file(
        &dir.path().join("grouped.db"),
        std::sync::Arc::new(netral_server::keys::Keys::random()),
    )
    .await
    .unwrap();
    let t = Instant::now();
    for chunk in incoming.chunks(BATCH) {
        netral_server::services::sync::store_batch(&store, chunk)
            .await
            .unwrap();
    }
    let grouped = n as f64 / t.elapsed().as_secs_f64();
    let cases = store
        .cases_changed_since(0)
        .await
        .unwrap()
        .0
        .iter()
        .filter(|c| !c.reports.is_empty())
        .count();
    println!(
        "store with grouping:     {grouped:>9.0} reports/s  ({cases} cases for {incidents} incidents)"
    );

    // The same count in 16 kab/kota: the key index's blocks (kab/kota and
    // five days) hold far more reports each, so every lookup finds more.
    let dense_store = SqlStore::open_file(
        &dir.path().join("dense.db"),
        std::sync::Arc::new(netral_server::keys::Keys::random()),
    )
    .await
    .unwrap();
    let t = Instant::now();
    for chunk in dense.chunks(BATCH) {
        netral_server::services::sync::store_batch(&dense_store, chunk)
            .await
            .unwrap();
    }
    println!(
        "same, in 16 kab/kota:    {:>9.0} reports/s  (a stress test, no budget)",
        n as f64 / t.elapsed().as_secs_f64()
    );
    drop(dense_store);

    let plain = plain_insert(&dir.path().join("plain.db"), &incoming).await;
    println!("plain batched insert:    {plain:>9.0} reports/s  (ceiling)");
    println!("ratio grouping/plain:    {:>9.2}", grouped / plain);

    let settings = Settings::ephemeral(dir.path().join("server"));
    let (p95, _) = support::concurrent_sync_p95(&[settings]).await;
    println!(
        "sync of 100 reports, 20 concurrent clients: p95 {:.0} ms",
        p95.as_secs_f64() * 1000.0
    );
}

async fn plain_insert(path: &std::path::Path, rows: &[Incoming]) -> f64 {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .pragma("cache_size", "-65536")
        .pragma("wal_autocheckpoint", "10000");
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    sqlx::query(
        "CREATE TABLE reports (id TEXT PRIMARY KEY NOT NULL, revision INTEGER NOT NULL, content_hash BLOB NOT NULL, \
         body TEXT NOT NULL, province TEXT NOT NULL, regency TEXT NOT NULL, occurred_on TEXT NOT NULL, known_on TEXT NOT NULL, \
         received_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, terlapor_name TEXT NOT NULL, name_norm TEXT NOT NULL, \
         nip TEXT, violations TEXT NOT NULL) STRICT",
    )
    .execute(&pool)
    .await
    .unwrap();
    let t = Instant::now();
    for chunk in rows.chunks(BATCH) {
        let mut tx = pool.begin().await.unwrap();
        for r in chunk {
            sqlx::query(
                "INSERT INTO reports VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13)",
            )
            .bind(r.id.to_string())
            .bind(i64::from(r.revision))
            .bind(&r.content_hash[..])
            .bind(&r.body)
            .bind(&r.province)
            .bind(&r.regency)
            .bind(r.occurred_on.to_string())
            .bind(r.known_on.to_string())
            .bind(0i64)
            .bind(&r.terlapor_name)
            .bind(&r.name_norm)
            .bind(&r.nip)
            .bind(&r.violations)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    rows.len() as f64 / t.elapsed().as_secs_f64()
}
