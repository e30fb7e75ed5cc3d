//! Grouping quality benchmark: prints numbers, and exits non-zero when a
//! budget is broken.
//!
//! `cargo bench -p netral-server --bench grouping_quality`
//! (NETRAL_BENCH_REPORTS sets the count, default 20,000). Stores the
//! labelled synthetic sets (`ops::synthetic::labelled`) through the real
//! sync path into SQLite files, reads back each report's case, and prints
//! pairwise precision, recall and F1 against the true incidents: a pair of
//! reports is a true positive when they share a case and an incident.
//! Budgets: messy precision ≥ 0.98 and recall ≥ 0.95; clean ≥ 0.99 / 0.99.

use std::collections::HashMap;
use std::time::Instant;

use netral_server::ops::synthetic::{self, Mess, Spread};
use netral_server::store::{Incoming, SqlStore};
use netral_shared::validate::ready;

const BATCH: usize = 500;

struct Quality {
    precision: f64,
    recall: f64,
    f1: f64,
    links: i64,
    rate: f64,
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("NETRAL_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let dir = tempfile::tempdir().unwrap();
    let mut broken = 0;
    println!(
        "{:<8} {:>9} {:>9} {:>7} {:>9} {:>12}",
        "set", "precision", "recall", "F1", "suggested", "reports/s"
    );
    // The dense set has no budget: sixteen kab/kota holding a national
    // campaign's reports make namesakes far commoner than they are.
    let sets = [
        ("clean", Mess::Clean, Spread::National, Some((0.99, 0.99))),
        ("messy", Mess::Messy, Spread::National, Some((0.98, 0.95))),
        ("dense", Mess::Messy, Spread::Dense, None),
    ];
    for (name, mess, spread, budget) in sets {
        let q = measure(&dir.path().join(format!("{name}.db")), n, mess, spread).await;
        println!(
            "{name:<8} {:>9.4} {:>9.4} {:>7.4} {:>9} {:>12.0}",
            q.precision, q.recall, q.f1, q.links, q.rate
        );
        let Some((min_p, min_r)) = budget else {
            continue;
        };
        if q.precision < min_p || q.recall < min_r {
            eprintln!(
                "grouping_quality: {name} below budget (precision ≥ {min_p}, recall ≥ {min_r})"
            );
            broken += 1;
        }
    }
    if broken > 0 {
        std::process::exit(1);
    }
    println!("grouping_quality: all within budget");
}

async fn measure(path: &std::path::Path, n: usize, mess: Mess, spread: Spread) -> Quality {
    let today = time::macros::date!(2024 - 12 - 31);
    let (reports, _) = synthetic::labelled(n, 2026, mess, spread);
    let mut truth: HashMap<String, u64> = HashMap::new();
    let incoming: Vec<Incoming> = reports
        .into_iter()
        .map(|(r, incident)| {
            truth.insert(r.id.to_string(), incident);
            Incoming::new(ready(r, today).unwrap())
        })
        .collect();
    let store = SqlStore::open_file(
        path,
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
    let rate = n as f64 / t.elapsed().as_secs_f64();
    drop(store);
    if let Ok(dir) = std::env::var("NETRAL_BENCH_TRUTH_DIR") {
        // For looking into mistakes: report id → incident.
        let lines: Vec<String> = truth.iter().map(|(id, i)| format!("{id},{i}")).collect();
        let file = std::path::Path::new(&dir).join(path.with_extension("csv").file_name().unwrap());
        std::fs::write(file, lines.join("\n")).unwrap();
        std::fs::copy(
            path,
            std::path::Path::new(&dir).join(path.file_name().unwrap()),
        )
        .unwrap();
    }

    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT id, case_id FROM reports")
        .fetch_all(&pool)
        .await
        .unwrap();
    let links: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_links")
        .fetch_one(&pool)
        .await
        .unwrap();
    // Pair counts from the contingency table, without listing pairs.
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let (mut by_case, mut by_incident, mut by_both) =
        (HashMap::new(), HashMap::new(), HashMap::new());
    for (id, case) in &rows {
        let incident = truth[id];
        *by_case.entry(*case).or_insert(0u64) += 1;
        *by_incident.entry(incident).or_insert(0u64) += 1;
        *by_both.entry((*case, incident)).or_insert(0u64) += 1;
    }
    let sum = |counts: Vec<u64>| counts.into_iter().map(pairs).sum::<u64>() as f64;
    let (tp, predicted, actual) = (
        sum(by_both.into_values().collect()),
        sum(by_case.into_values().collect()),
        sum(by_incident.into_values().collect()),
    );
    let precision = if predicted > 0.0 { tp / predicted } else { 1.0 };
    let recall = if actual > 0.0 { tp / actual } else { 1.0 };
    Quality {
        precision,
        recall,
        f1: 2.0 * precision * recall / (precision + recall),
        links,
        rate,
    }
}
