//! Fault test: a client syncs 2,000 synthetic reports in batches of 100,
//! four batches at a time, retrying like a phone, while the real `netral`
//! binary is killed with SIGKILL three times and restarted on the same port
//! and data. Afterwards every report is stored exactly once, every
//! acknowledgement was `accepted` or `replayed`, and the cases are the same
//! partition of reports as a fault-free ingest of the same data produces.
//!
//! Runs on SQLite (a file in the data directory), or on a fresh database of
//! the PostgreSQL server named by `NETRAL_TEST_DATABASE_URL` (as
//! `scripts/test-postgres.sh` sets it).

mod common;

use std::collections::{BTreeSet, HashMap};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::process::{Db, Reference, partition, reference};
use futures::StreamExt;
use netral_shared::report::Report;
use netral_shared::sync::{Outcome, SyncResponse};
use uuid::Uuid;

const REPORTS: usize = 2_000;
const SEED: u64 = 20_241_127;
const BATCH: usize = 100;
const CLIENTS: usize = 4;
/// The killer strikes once this many batches are acknowledged, after the
/// given delay, and keeps the server down for the given time.
const KILLS: [(usize, u64, u64); 3] = [(2, 0, 150), (7, 9, 400), (12, 23, 60)];
// Batches remain to be sent after the last kill, so every kill lands
// mid-stream by construction.
const _: () = assert!(KILLS[2].0 + CLIENTS < REPORTS / BATCH);

/// The `netral serve` child process. Dropping it (also while unwinding from
/// a failed assertion) kills the process, then removes its data directory.
struct Server {
    child: Mutex<Option<Child>>,
    port: u16,
    database_url: Option<String>,
    log: PathBuf,
    data_dir: tempfile::TempDir,
}

impl Server {
    fn new(database_url: Option<String>) -> Server {
        let data_dir = tempfile::tempdir().unwrap();
        // A free port: bind port 0, read it, let it go. Every restart reuses it.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Server {
            child: Mutex::new(None),
            port,
            database_url,
            log: data_dir.path().join("server.log"),
            data_dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    fn spawn(&self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_netral"));
        cmd.arg("serve")
            .arg("--listen")
            .arg(format!("127.0.0.1:{}", self.port))
            .arg("--data-dir")
            .arg(self.data_dir.path())
            .arg("--dist-dir")
            .arg(self.data_dir.path().join("dist"))
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        if let Some(url) = &self.database_url {
            cmd.arg("--database-url").arg(url);
        }
        let child = cmd.spawn().expect("start netral serve");
        let old = self.child.lock().unwrap().replace(child);
        assert!(old.is_none(), "a server was already running");
    }

    /// Runs `netral admin <args>` on the server's data; its stdout.
    fn admin(&self, args: &[&str]) -> String {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_netral"));
        cmd.arg("admin")
            .args(args)
            .arg("--data-dir")
            .arg(self.data_dir.path())
            .env("RUST_LOG", "warn");
        if let Some(url) = &self.database_url {
            cmd.arg("--database-url").arg(url);
        }
        let out = cmd.output().expect("run netral admin");
        assert!(
            out.status.success(),
            "netral admin {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// SIGKILL (what `Child::kill` sends on Unix), then reap it.
    fn kill(&self) -> bool {
        let child = self.child.lock().unwrap_or_else(|e| e.into_inner()).take();
        match child {
            Some(mut c) => {
                let _ = c.kill();
                let _ = c.wait();
                true
            }
            None => false,
        }
    }

    /// Starts the server and waits until `GET /healthz` answers 200. A start
    /// that exits early (the port still held, say) is tried again.
    async fn start(&self, client: &reqwest::Client) {
        let deadline = Instant::now() + Duration::from_secs(30);
        self.spawn();
        loop {
            if let Ok(res) = client.get(self.url("/healthz")).send().await
                && res.status() == 200
            {
                return;
            }
            let exited = {
                let mut guard = self.child.lock().unwrap();
                match guard.as_mut().map(|c| c.try_wait()) {
                    Some(Ok(Some(status))) => {
                        guard.take();
                        Some(status)
                    }
                    _ => None,
                }
            };
            assert!(
                Instant::now() < deadline,
                "the server did not become healthy in 30 s; log:\n{}",
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
            if let Some(status) = exited {
                eprintln!("fault: server exited at start ({status}); starting it again");
                tokio::time::sleep(Duration::from_millis(200)).await;
                self.spawn();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// What the client saw.
#[derive(Default)]
struct Seen {
    /// Every acknowledged outcome per report, over all attempts.
    outcomes: HashMap<Uuid, Vec<Outcome>>,
    /// Failed attempts (connection error, cut body, 5xx) per batch.
    failed: HashMap<usize, usize>,
    /// Attempts that found no server listening.
    refused: usize,
    /// Attempts whose connection broke after it was made: the request was
    /// sent or being sent, and no whole answer came back.
    cut: usize,
    /// Attempts answered with a 5xx status.
    server_errors: usize,
}

impl Seen {
    fn answer(&mut self, b: usize, batch_ids: &[Uuid], answer: &SyncResponse) {
        assert_eq!(answer.results.len(), batch_ids.len(), "batch {b}");
        for (id, result) in batch_ids.iter().zip(&answer.results) {
            assert_eq!(result.id, Some(*id), "batch {b}: results in order");
            self.outcomes.entry(*id).or_default().push(result.outcome);
        }
        // One transaction per batch: all new, or all already there.
        let kinds: Vec<Outcome> = answer.results.iter().map(|r| r.outcome).collect();
        assert!(
            kinds.iter().all(|k| *k == kinds[0]),
            "batch {b} was half stored: {kinds:?}"
        );
    }

    fn failure(&mut self, b: usize, failure: &Attempt) {
        *self.failed.entry(b).or_default() += 1;
        match failure {
            Attempt::Refused => self.refused += 1,
            Attempt::ServerError => self.server_errors += 1,
            Attempt::Cut | Attempt::Answer(_) => self.cut += 1,
        }
    }
}

enum Attempt {
    Answer(SyncResponse),
    Refused,
    Cut,
    ServerError,
}

#[tokio::test]
async fn reports_survive_three_sigkills_exactly_once_with_the_same_cases() {
    let started = Instant::now();
    let (reports, incidents) = netral_server::ops::synthetic::reports(REPORTS, SEED);
    assert_eq!(reports.len(), REPORTS);
    let ids: BTreeSet<Uuid> = reports.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), REPORTS, "synthetic ids are unique");

    let Reference {
        partition: reference_partition,
        report_keys: reference_keys,
    } = reference(&reports, BATCH).await;

    let database_url = common::fresh_postgres_database().await;
    let server = Server::new(database_url.clone());
    // A volunteer's phone joins the way a real one does: an invite code
    // (made here with the CLI), redeemed over the API for a device token.
    server.admin(&["create-organisation", "--name", "Koalisi Uji"]);
    let code = server.admin(&["invite", "--organisation", "Koalisi Uji", "--region", "35"]);
    let plain = reqwest::Client::new();
    server.start(&plain).await;
    let joined: serde_json::Value = plain
        .post(server.url("/api/v1/devices/join"))
        .json(&serde_json::json!({ "code": code.trim() }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = joined["token"].as_str().expect("a device token");
    let mut auth = reqwest::header::HeaderMap::new();
    auth.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .default_headers(auth)
        .build()
        .unwrap();

    // Volunteers' phones sync at different times: the copies of one
    // incident (adjacent in the synthetic data) are spread over batches, so
    // grouping across batches happens under the faults.
    // The reference above ingested them in the original order.
    let mut shuffled: Vec<&Report> = reports.iter().collect();
    let mut rng = netral_server::ops::synthetic::Rng::new(SEED ^ 0x5EED);
    for i in (1..shuffled.len()).rev() {
        shuffled.swap(i, rng.below(i as u64 + 1) as usize);
    }
    // Bodies made once; a retry sends the very same bytes.
    let batches: Vec<(Vec<Uuid>, String)> = shuffled
        .chunks(BATCH)
        .map(|chunk| {
            let body = serde_json::json!({ "reports": chunk }).to_string();
            (chunk.iter().map(|r| r.id).collect(), body)
        })
        .collect();

    let next = AtomicUsize::new(0);
    let acked = AtomicUsize::new(0);
    let in_flight = AtomicUsize::new(0);
    let attempts = AtomicUsize::new(0);
    let seen = Mutex::new(Seen::default());

    let (next, acked, in_flight, attempts, seen) = (&next, &acked, &in_flight, &attempts, &seen);
    let (batches_ref, client_ref, server_ref) = (&batches, &client, &server);
    let worker = move |_: usize| async move {
        let (batches, client, server) = (batches_ref, client_ref, server_ref);
        loop {
            let b = next.fetch_add(1, Ordering::SeqCst);
            let Some((batch_ids, body)) = batches.get(b) else {
                break;
            };
            let mut backoff = Duration::from_millis(25);
            loop {
                attempts.fetch_add(1, Ordering::SeqCst);
                in_flight.fetch_add(1, Ordering::SeqCst);
                let attempt = match client
                    .post(server.url("/api/v1/sync"))
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.clone())
                    .send()
                    .await
                {
                    Ok(res) if res.status() == 200 => match res.json::<SyncResponse>().await {
                        Ok(answer) => Attempt::Answer(answer),
                        Err(_) => Attempt::Cut,
                    },
                    Ok(res) if res.status().is_server_error() => Attempt::ServerError,
                    Ok(res) => {
                        let status = res.status();
                        panic!(
                            "batch {b}: unexpected {status}: {}",
                            res.text().await.unwrap_or_default()
                        )
                    }
                    Err(e) if e.is_connect() => Attempt::Refused,
                    Err(_) => Attempt::Cut,
                };
                in_flight.fetch_sub(1, Ordering::SeqCst);
                match attempt {
                    Attempt::Answer(answer) => {
                        seen.lock().unwrap().answer(b, batch_ids, &answer);
                        acked.fetch_add(1, Ordering::SeqCst);
                        break;
                    }
                    failure => {
                        seen.lock().unwrap().failure(b, &failure);
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(Duration::from_millis(400));
                    }
                }
            }
        }
    };

    let killer = async {
        let mut in_flight_at_kill = Vec::new();
        for (after, delay, down) in KILLS {
            while acked.load(Ordering::SeqCst) < after {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            tokio::time::sleep(Duration::from_millis(delay)).await;
            in_flight_at_kill.push(in_flight.load(Ordering::SeqCst));
            assert!(server.kill(), "the server was running");
            tokio::time::sleep(Duration::from_millis(down)).await;
            server.start(&client).await;
        }
        in_flight_at_kill
    };

    let sync = async {
        futures::future::join_all((0..CLIENTS).map(worker)).await;
    };
    let ((), in_flight_at_kill) = tokio::time::timeout(Duration::from_secs(120), async {
        futures::join!(sync, killer)
    })
    .await
    .expect("the sync finished within 120 s");

    // The fault was exercised.
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    let failed: usize = seen.failed.values().sum();
    let attempts = attempts.load(Ordering::SeqCst);
    assert_eq!(in_flight_at_kill.len(), 3, "three kills");
    assert!(
        in_flight_at_kill.iter().any(|&n| n > 0),
        "at least one kill hit requests in flight: {in_flight_at_kill:?}"
    );
    assert!(failed > 0, "some requests failed and were retried");
    assert_eq!(attempts, batches.len() + failed);
    assert_eq!(acked.load(Ordering::SeqCst), batches.len());

    // Every report acknowledged, only ever accepted or replayed, accepted
    // at most once; one never acknowledged as accepted was accepted in an
    // answer that was lost, so its batch must have failed at least once.
    let batch_of: HashMap<Uuid, usize> = batches
        .iter()
        .enumerate()
        .flat_map(|(b, (ids, _))| ids.iter().map(move |id| (*id, b)))
        .collect();
    let mut lost_accepts = 0;
    for id in &ids {
        let outcomes = seen.outcomes.get(id).map(Vec::as_slice).unwrap_or_default();
        assert!(!outcomes.is_empty(), "{id} was never acknowledged");
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(o, Outcome::Accepted | Outcome::Replayed)),
            "{id}: {outcomes:?}"
        );
        let accepted = outcomes.iter().filter(|o| **o == Outcome::Accepted).count();
        assert!(accepted <= 1, "{id} accepted {accepted} times");
        if accepted == 0 {
            lost_accepts += 1;
            assert!(
                seen.failed.get(&batch_of[id]).copied().unwrap_or(0) > 0,
                "{id} was replayed though no earlier send of its batch failed"
            );
        }
    }

    // Stored exactly once, through the API...
    let stored: Vec<(Uuid, reqwest::StatusCode, serde_json::Value)> =
        futures::stream::iter(reports.iter().map(|r| {
            let client = &client;
            let url = server.url(&format!("/api/v1/reports/{}", r.id));
            async move {
                let res = client.get(url).send().await.unwrap();
                let status = res.status();
                (r.id, status, res.json().await.unwrap_or_default())
            }
        }))
        .buffer_unordered(8)
        .collect()
        .await;
    let mut case_of = HashMap::new();
    for (id, status, body) in stored {
        assert_eq!(status, 200, "{id}: {body}");
        assert_eq!(body["versions"], 1, "{id}: {body}");
        assert_eq!(body["revision"], 1, "{id}: {body}");
        case_of.insert(id, body["case_id"].as_i64().expect("a case"));
    }
    // ...and in the database itself.
    let n = REPORTS as i64;
    let db = Db::open(server.data_dir.path(), database_url.as_deref()).await;
    assert_eq!(db.count("SELECT COUNT(*) FROM reports").await, n);
    assert_eq!(db.count("SELECT COUNT(*) FROM report_versions").await, n);
    assert_eq!(db.count("SELECT COUNT(*) FROM reporters").await, n);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM report_keys").await,
        reference_keys
    );

    // The same duplicate groups as without faults, as sets of report ids
    // (case ids depend on arrival order), and no live case left empty.
    let got = partition(case_of.iter().map(|(id, case)| (*id, *case)));
    if got != reference_partition {
        let only_got: Vec<_> = got.difference(&reference_partition).take(5).collect();
        let only_ref: Vec<_> = reference_partition.difference(&got).take(5).collect();
        panic!(
            "grouping differs: {} cases vs {} in the reference\nonly after faults: {only_got:?}\nonly in the reference: {only_ref:?}",
            got.len(),
            reference_partition.len()
        );
    }
    let live = db
        .count("SELECT COUNT(*) FROM cases WHERE merged_into IS NULL")
        .await;
    let empty = db
        .count(
            "SELECT COUNT(*) FROM cases c WHERE c.merged_into IS NULL \
             AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.case_id = c.id)",
        )
        .await;
    assert_eq!(empty, 0, "live cases without reports");
    assert_eq!(live, got.len() as i64, "live cases");
    let merged = db
        .count("SELECT COUNT(*) FROM cases WHERE merged_into IS NOT NULL")
        .await;
    let log = std::fs::read_to_string(&server.log).unwrap_or_default();
    assert!(!log.contains("panicked"), "the server panicked:\n{log}");

    println!(
        "fault summary: backend={} kills={} in_flight_at_kills={in_flight_at_kill:?} \
         attempts={attempts} failed_and_retried={failed} (refused={} cut={} 5xx={}) \
         acknowledged_batches={} \
         acknowledged_reports={} lost_accepts={lost_accepts} cases={} merged_cases={merged} incidents={incidents} \
         elapsed={:.1}s",
        if database_url.is_some() {
            "postgres"
        } else {
            "sqlite"
        },
        in_flight_at_kill.len(),
        seen.refused,
        seen.cut,
        seen.server_errors,
        batches.len(),
        seen.outcomes.len(),
        got.len(),
        started.elapsed().as_secs_f64()
    );
}
