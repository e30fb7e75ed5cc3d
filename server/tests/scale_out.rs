//! Two `netral serve` replicas on one PostgreSQL database and one evidence
//! store (an S3-compatible bucket under scripts/test-s3.sh), as behind a
//! load balancer. Overlapping batches (the same
//! reports sent again in other batches, and the same batch sent to both
//! replicas at once) and the same photos uploaded to both: every report is
//! stored exactly once, accepted exactly once, readable from either
//! replica, and the cases are the same partition as one process ingesting
//! the reports in order. Each photo is stored once, and readable from both.
//!
//! Needs PostgreSQL: `./x test` runs it through scripts/test-s3.sh and
//! scripts/test-postgres.sh (`cargo test --test scale_out` selects it; a
//! plain `cargo test` leaves it out). Without `NETRAL_TEST_DATABASE_URL` it fails rather than pass
//! without having run.

mod common;

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::process::{Db, Netral, admin_client, device_headers, partition, reference};
use common::{jpeg, sha256};
use futures::StreamExt;
use netral_server::ops::synthetic::Rng;
use netral_shared::sync::{Outcome, SyncResponse};
use uuid::Uuid;

const REPORTS: usize = 3_000;
const SEED: u64 = 9_042_026;
const BATCH: usize = 100;
/// Reports of other batches sent again in each batch.
const OVERLAP: usize = 20;
const CLIENTS: usize = 8;
const PHOTOS: usize = 20;

#[tokio::test]
async fn two_replicas_store_each_report_once_and_group_like_one() {
    let admin = std::env::var("NETRAL_TEST_DATABASE_URL").unwrap_or_default();
    assert!(
        !admin.is_empty(),
        "scale_out needs PostgreSQL: run `scripts/test-postgres.sh cargo test -p netral-server --test scale_out`"
    );
    let database_url = common::fresh_postgres_database().await.unwrap();
    let started = Instant::now();

    let (reports, incidents) = netral_server::ops::synthetic::reports(REPORTS, SEED);
    let reference = reference(&reports, BATCH).await;

    // One evidence store for both: an S3-compatible bucket when the test
    // runs under scripts/test-s3.sh (as `./x test` runs it), else one
    // shared directory, as an NFS mount would be.
    let data = tempfile::tempdir().unwrap();
    let env = [("RUST_LOG", "warn")];
    let evidence = std::env::var("NETRAL_TEST_S3_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .map(|bucket| format!("{bucket}/scale-out-{}", Uuid::new_v4()));
    eprintln!(
        "scale_out: evidence in {}",
        evidence.as_deref().unwrap_or("one shared directory")
    );
    let args: Vec<&str> = match &evidence {
        Some(url) => vec!["--evidence-url", url],
        None => Vec::new(),
    };
    let mut a = Netral::serve(data.path(), Some(&database_url), &args, &env);
    let mut b = Netral::serve(data.path(), Some(&database_url), &args, &env);
    a.wait_ready().await;
    b.wait_ready().await;
    let replicas = [&a, &b];

    // Phones sync in any order: shuffle, cut into batches, and add to each
    // batch some reports of other batches (a phone resending).
    let mut rng = Rng::new(SEED);
    let mut order: Vec<usize> = (0..REPORTS).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut sends: Vec<(usize, String, Vec<Uuid>)> = Vec::new();
    for (n, chunk) in order.chunks(BATCH).enumerate() {
        let mut picked: Vec<usize> = chunk.to_vec();
        for _ in 0..OVERLAP {
            let extra = order[rng.below(REPORTS as u64) as usize];
            if !picked.contains(&extra) {
                picked.push(extra);
            }
        }
        let batch: Vec<_> = picked.iter().map(|&i| &reports[i]).collect();
        let body = serde_json::json!({ "reports": batch }).to_string();
        let ids = batch.iter().map(|r| r.id).collect();
        sends.push((n % 2, body.clone(), ids));
        // Every third batch also goes to the other replica at the same time.
        if n % 3 == 0 {
            let ids = batch.iter().map(|r| r.id).collect();
            sends.push((1 - n % 2, body, ids));
        }
    }

    // One phone, joined through replica A; its token works on B too.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .default_headers(device_headers(data.path(), Some(&database_url), &a.url("")).await)
        .build()
        .unwrap();
    let next = AtomicUsize::new(0);
    let retries = AtomicUsize::new(0);
    let outcomes: Mutex<HashMap<Uuid, Vec<Outcome>>> = Mutex::new(HashMap::new());
    let accepted_by: Mutex<[usize; 2]> = Mutex::new([0, 0]);
    let worker = async |_| {
        loop {
            let s = next.fetch_add(1, Ordering::SeqCst);
            let Some((replica, body, ids)) = sends.get(s) else {
                break;
            };
            let answer = loop {
                let res = client
                    .post(replicas[*replica].url("/api/v1/sync"))
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap();
                if res.status() == 503 {
                    // A concurrent batch stored one of these first; retry.
                    retries.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
                assert_eq!(res.status(), 200);
                break res.json::<SyncResponse>().await.unwrap();
            };
            assert_eq!(answer.results.len(), ids.len());
            let mut seen = outcomes.lock().unwrap();
            for (id, result) in ids.iter().zip(&answer.results) {
                assert_eq!(result.id, Some(*id));
                seen.entry(*id).or_default().push(result.outcome);
                if result.outcome == Outcome::Accepted {
                    accepted_by.lock().unwrap()[*replica] += 1;
                }
            }
        }
    };

    // The same photos to both replicas at once.
    let photos: Vec<Vec<u8>> = (0..PHOTOS).map(|i| jpeg(4_000 + i, i as u8)).collect();
    let uploads = futures::stream::iter(
        photos
            .iter()
            .flat_map(|p| replicas.iter().map(move |r| (r, p))),
    )
    .map(|(r, p)| {
        let req = client
            .put(r.url(&format!("/api/v1/evidence/{}", sha256(p))))
            .body(p.clone());
        async move { req.send().await.unwrap().status().as_u16() }
    })
    .buffer_unordered(8)
    .collect::<Vec<u16>>();

    let (_, statuses) =
        futures::join!(futures::future::join_all((0..CLIENTS).map(worker)), uploads);
    let created = statuses.iter().filter(|s| **s == 201).count();
    assert_eq!(
        created + statuses.iter().filter(|s| **s == 200).count(),
        2 * PHOTOS,
        "{statuses:?}"
    );
    if evidence.is_none() {
        assert_eq!(created, PHOTOS);
    } else {
        // S3 makes a conditional create atomic; moto, the stand-in here,
        // lets two simultaneous creates of one key both succeed now and
        // then. The object is still one (same key, same bytes), checked
        // below from both replicas.
        assert!((PHOTOS..=2 * PHOTOS).contains(&created), "{created}");
    }

    // Accepted exactly once, whichever replica, however often sent.
    let outcomes = outcomes.into_inner().unwrap();
    assert_eq!(outcomes.len(), REPORTS);
    for (id, seen) in &outcomes {
        let accepted = seen.iter().filter(|o| **o == Outcome::Accepted).count();
        assert_eq!(accepted, 1, "{id}: {seen:?}");
        assert!(
            seen.iter()
                .all(|o| matches!(o, Outcome::Accepted | Outcome::Replayed))
        );
    }
    let accepted_by = accepted_by.into_inner().unwrap();
    assert!(accepted_by[0] > 0 && accepted_by[1] > 0, "{accepted_by:?}");

    // Stored once; the same groups as one process.
    let db = Db::open(data.path(), Some(&database_url)).await;
    let n = REPORTS as i64;
    assert_eq!(db.count("SELECT COUNT(*) FROM reports").await, n);
    assert_eq!(db.count("SELECT COUNT(*) FROM report_versions").await, n);
    assert_eq!(db.count("SELECT COUNT(*) FROM reporters").await, n);
    let got = partition(db.cases().await);
    assert_eq!(
        db.count(
            "SELECT COUNT(*) FROM cases c WHERE c.merged_into IS NULL \
             AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.case_id = c.id)"
        )
        .await,
        0,
        "live cases without reports"
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM report_keys").await,
        reference.report_keys
    );
    db.close().await;
    assert!(
        got == reference.partition,
        "grouping differs: {} cases vs {} in the reference",
        got.len(),
        reference.partition.len()
    );

    // Nothing only one replica knows: each serves what the other stored.
    for r in reports.iter().step_by(50) {
        let mut cases = Vec::new();
        for replica in replicas {
            let res = client
                .get(replica.url(&format!("/api/v1/reports/{}", r.id)))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            let body: serde_json::Value = res.json().await.unwrap();
            cases.push(body["case_id"].clone());
        }
        assert_eq!(cases[0], cases[1]);
    }
    // Signed in on A, the admin's session is good on B: sessions live in
    // the database.
    let staff = admin_client(data.path(), Some(&database_url), &a.url("")).await;
    for p in &photos {
        for replica in replicas {
            let res = staff
                .get(replica.url(&format!("/api/v1/evidence/{}", sha256(p))))
                .send()
                .await
                .unwrap();
            assert_eq!(res.bytes().await.unwrap().as_ref(), p.as_slice());
        }
    }

    // Metrics are per replica; their sum is the whole.
    let mut accepted_metric = 0.0;
    for replica in replicas {
        let text = client
            .get(replica.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        accepted_metric += text
            .lines()
            .find_map(|l| l.strip_prefix(r#"netral_reports_total{outcome="accepted"} "#))
            .unwrap()
            .parse::<f64>()
            .unwrap();
    }
    assert_eq!(accepted_metric, REPORTS as f64);

    for replica in [&mut a, &mut b] {
        replica.terminate();
        assert!(replica.wait_exit(Duration::from_secs(20)).await.success());
        assert!(!replica.logs().contains("panicked"), "{}", replica.logs());
    }
    println!(
        "scale-out summary: replicas=2 sends={} reports={REPORTS} incidents={incidents} cases={} \
         accepted_by={accepted_by:?} retries_after_503={} elapsed={:.1}s",
        sends.len(),
        got.len(),
        retries.load(Ordering::SeqCst),
        started.elapsed().as_secs_f64()
    );
}
