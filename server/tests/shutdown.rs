//! SIGTERM while syncs are in flight: the real binary stops accepting,
//! answers the requests it already has (each batch committed), and exits 0.
//! Afterwards every batch answered 200 is stored exactly once, and every
//! other batch is stored whole or not at all.

mod common;

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::process::{Db, Netral, device_headers};
use netral_shared::sync::{Outcome, SyncResponse};
use uuid::Uuid;

const REPORTS: usize = 4_000;
const BATCH: usize = 200;
const CLIENTS: usize = 8;
/// SIGTERM once this many batches are answered.
const TERM_AFTER: usize = 4;

enum Sent {
    Answered(SyncResponse),
    Failed(String),
}

#[tokio::test]
async fn sigterm_lets_syncs_in_flight_commit_and_answer_then_exits_0() {
    let data = tempfile::tempdir().unwrap();
    let database_url = common::fresh_postgres_database().await;
    let mut server = Netral::serve(data.path(), database_url.as_deref(), &[], &[]);
    server.wait_ready().await;

    let (reports, _) = netral_server::ops::synthetic::reports(REPORTS, 8_2026);
    let batches: Vec<(Vec<Uuid>, String)> = reports
        .chunks(BATCH)
        .map(|c| {
            let body = serde_json::json!({ "reports": c }).to_string();
            (c.iter().map(|r| r.id).collect(), body)
        })
        .collect();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .default_headers(
            device_headers(data.path(), database_url.as_deref(), &server.url("")).await,
        )
        .build()
        .unwrap();
    let next = AtomicUsize::new(0);
    let answered = AtomicUsize::new(0);
    let terminated = AtomicBool::new(false);
    // (batch, what came back, sent before SIGTERM, answered after it)
    let sent: Mutex<Vec<(usize, Sent, bool, bool)>> = Mutex::new(Vec::new());

    let worker = async |_| {
        loop {
            let b = next.fetch_add(1, Ordering::SeqCst);
            let Some((_, body)) = batches.get(b) else {
                break;
            };
            let before_term = !terminated.load(Ordering::SeqCst);
            let result = client
                .post(server.url("/api/v1/sync"))
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await;
            let outcome = match result {
                Ok(res) if res.status() == 200 => match res.json::<SyncResponse>().await {
                    Ok(answer) => Sent::Answered(answer),
                    Err(e) => Sent::Failed(e.to_string()),
                },
                Ok(res) => Sent::Failed(format!("status {}", res.status())),
                Err(e) => Sent::Failed(e.to_string()),
            };
            let after_term = terminated.load(Ordering::SeqCst);
            let failed = matches!(outcome, Sent::Failed(_));
            if !failed {
                answered.fetch_add(1, Ordering::SeqCst);
            }
            sent.lock()
                .unwrap()
                .push((b, outcome, before_term, after_term));
            if failed {
                // The server is going away; a phone would retry later.
                break;
            }
        }
    };
    let killer = async {
        while answered.load(Ordering::SeqCst) < TERM_AFTER {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        terminated.store(true, Ordering::SeqCst);
        server.terminate();
    };
    let started = Instant::now();
    futures::join!(futures::future::join_all((0..CLIENTS).map(worker)), killer);
    let status = server.wait_exit(Duration::from_secs(30)).await;
    assert!(status.success(), "exit status {status}:\n{}", server.logs());
    assert!(!server.logs().contains("panicked"), "{}", server.logs());

    let db = Db::open(data.path(), database_url.as_deref()).await;
    let sent = sent.into_inner().unwrap();
    let mut ok = 0;
    let mut finished_after_term = 0;
    let mut failed = 0;
    for (b, outcome, before_term, after_term) in &sent {
        let ids = &batches[*b].0;
        let stored = db.count_ids("reports", "id", ids).await;
        let versions = db.count_ids("report_versions", "report_id", ids).await;
        let reporters = db.count_ids("reporters", "report_id", ids).await;
        match outcome {
            Sent::Answered(answer) => {
                ok += 1;
                if *before_term && *after_term {
                    finished_after_term += 1;
                }
                assert_eq!(answer.results.len(), ids.len());
                assert!(
                    answer
                        .results
                        .iter()
                        .all(|r| r.outcome == Outcome::Accepted),
                    "batch {b}"
                );
                assert_eq!(stored, ids.len() as i64, "batch {b} answered 200");
                assert_eq!(versions, ids.len() as i64, "batch {b}");
                assert_eq!(reporters, ids.len() as i64, "batch {b}");
            }
            Sent::Failed(why) => {
                failed += 1;
                assert!(
                    stored == 0 || stored == ids.len() as i64,
                    "batch {b} ({why}) half stored: {stored} of {}",
                    ids.len()
                );
                assert_eq!(versions, stored, "batch {b}");
                assert_eq!(reporters, stored, "batch {b}");
            }
        }
    }
    // Nothing stored that was never sent, and nothing twice.
    let sent_ids: usize = sent.iter().map(|(b, ..)| batches[*b].0.len()).sum();
    let total = db.count("SELECT COUNT(*) FROM reports").await;
    assert!(total <= sent_ids as i64);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM report_versions").await,
        total
    );
    db.close().await;
    assert!(ok >= TERM_AFTER, "{ok} answered");
    assert!(
        finished_after_term > 0,
        "no sync was in flight at SIGTERM and answered after it ({ok} answered, {failed} failed)"
    );
    println!(
        "shutdown summary: answered={ok} answered_after_sigterm={finished_after_term} failed={failed} \
         stored={total} elapsed={:.1}s",
        started.elapsed().as_secs_f64()
    );
}
