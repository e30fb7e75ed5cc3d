//! Dashboard read benchmark: prints numbers, asserts nothing.
//!
//! `cargo bench -p netral-server --bench dashboard` (NETRAL_BENCH_REPORTS
//! sets the count, default 1,000,000; under `scripts/test-postgres.sh` on
//! PostgreSQL). Fills a SQLite or PostgreSQL database with
//! synthetic reports through the store (batches of 500, as sync does),
//! starts the real server on it, signs an admin in, and prints p50/p95/max
//! latencies of the dashboard's first requests: the overview without and
//! with a province filter, and the first page of the case list. Before
//! that, a replica's case index: read from every case, saved, loaded from
//! the saved one, and a one-kab/kota view answered while a load runs.

#[path = "../tests/common/mod.rs"]
mod common;

use netral_shared::accounts::AuditAction;
use std::time::{Duration, Instant};

use netral_server::config::Settings;
use netral_server::ops::synthetic;
use netral_server::services::case_views::{caught_up, save_if_moved};
use netral_server::startup::{Application, app_state};
use netral_server::store::Incoming;
use netral_server::store::audit::{Actor, Audit};
use netral_shared::accounts::{NewUser, Role};
use netral_shared::regions::RegionCode;
use netral_shared::validate::ready;

const BATCH: usize = 500;
const REQUESTS: usize = 60;
const PASSWORD: &str = "kata-sandi-benchmark-panjang";

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("NETRAL_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let today = time::macros::date!(2024 - 12 - 31);
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::ephemeral(dir.path().to_owned());
    // Under `scripts/test-postgres.sh`, a fresh database on its server.
    settings.database_url = common::fresh_postgres_database().await;
    let backend = if settings.database_url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let store = netral_server::store::connect(&settings).await.unwrap();

    let t = Instant::now();
    let (reports, incidents) = synthetic::reports(n, 42);
    let mut batch = Vec::with_capacity(BATCH);
    for r in reports {
        batch.push(Incoming::new(ready(r, today).unwrap()));
        if batch.len() == BATCH {
            netral_server::services::sync::store_batch(store.as_ref(), &batch)
                .await
                .unwrap();
            batch.clear();
        }
    }
    if !batch.is_empty() {
        netral_server::services::sync::store_batch(store.as_ref(), &batch)
            .await
            .unwrap();
    }
    println!(
        "filled ({backend}): {n} reports ({incidents} incidents) in {:.0} s",
        t.elapsed().as_secs_f64()
    );

    // A replica's index: first read from every case, then saved, then
    // loaded by a starting replica from what was saved.
    let cold = app_state(&settings).await.unwrap();
    let t = Instant::now();
    let cases = caught_up(&cold, None).await.unwrap().len();
    println!(
        "index read from every case: {:.0} ms, {cases} cases",
        ms(t.elapsed())
    );
    let t = Instant::now();
    save_if_moved(&cold).await.unwrap();
    let bytes = store
        .index_snapshot()
        .await
        .unwrap()
        .map_or(0, |s| s.facts.len());
    println!("index saved: {:.0} ms, {bytes} bytes", ms(t.elapsed()));
    let warm = app_state(&settings).await.unwrap();
    let t = Instant::now();
    let cases = caught_up(&warm, None).await.unwrap().len();
    println!(
        "index loaded from the saved one: {:.0} ms, {cases} cases",
        ms(t.elapsed())
    );
    // While a replica's first load runs (here: holds the lock), a
    // coordinator of one kab/kota is answered from the database.
    let loading = app_state(&settings).await.unwrap();
    let _held = loading.facts.index.lock().await;
    let surabaya = [RegionCode::parse("35.78").unwrap()];
    let t = Instant::now();
    let cases = caught_up(&loading, Some(&surabaya)).await.unwrap().len();
    println!(
        "one kab/kota while the index loads: {:.0} ms, {cases} cases",
        ms(t.elapsed())
    );

    let cli = || Audit::by(Actor::cli(), AuditAction::UserCreate, "");
    let admin = netral_server::services::users::validate_user(
        store.as_ref(),
        NewUser {
            username: "bench-admin".into(),
            password: PASSWORD.into(),
            role: Role::Admin,
            organisation_id: None,
            scopes: Vec::new(),
        },
    )
    .await
    .unwrap();
    store.create_user(&admin, &cli()).await.unwrap();

    let app = Application::build(settings).await.unwrap();
    let base = format!("http://{}/api/v1", app.local_addr());
    tokio::spawn(app.run_until_stopped());
    let login = reqwest::Client::new()
        .post(format!("{base}/auth/login"))
        .json(&serde_json::json!({ "username": "bench-admin", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let cookie = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("netral_session="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_owned();
    let client = reqwest::Client::new();
    let get = |path: String| {
        let (client, cookie) = (client.clone(), cookie.clone());
        async move {
            let t = Instant::now();
            let res = client
                .get(path)
                .header("cookie", cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            let body: serde_json::Value = res.json().await.unwrap();
            (t.elapsed(), body)
        }
    };
    let (first, o) = get(format!("{base}/overview")).await;
    println!(
        "first overview of the started server: {:.0} ms, {} cases, {} reports",
        ms(first),
        o["cases"],
        o["reports"]
    );
    for (label, path) in [
        ("overview", format!("{base}/overview")),
        (
            "overview provinsi=35",
            format!("{base}/overview?provinsi=35"),
        ),
        ("cases, first page", format!("{base}/cases")),
    ] {
        let mut times = Vec::with_capacity(REQUESTS);
        for _ in 0..REQUESTS {
            times.push(get(path.clone()).await.0);
        }
        times.sort();
        let at = |p: usize| times[(times.len() * p).div_ceil(100) - 1];
        println!(
            "{label:<22} n={REQUESTS}  p50 {:>6.1} ms  p95 {:>6.1} ms  max {:>6.1} ms",
            ms(at(50)),
            ms(at(95)),
            ms(*times.last().unwrap())
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
