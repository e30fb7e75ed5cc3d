//! Dashboard read benchmark: prints numbers, asserts nothing.
//!
//! `cargo bench -p netral-server --bench dashboard` (NETRAL_BENCH_REPORTS
//! sets the count, default 1,000,000). Fills a SQLite database with
//! synthetic reports through the store (batches of 500, as sync does),
//! starts the real server on it, signs an admin in, and prints p50/p95/max
//! latencies of the dashboard's first requests: the overview without and
//! with a province filter, and the first page of the case list. The first
//! request, which loads the fact index from the database, is timed apart.

use netral_shared::accounts::AuditAction;
use std::time::{Duration, Instant};

use netral_server::config::Settings;
use netral_server::ops::synthetic;
use netral_server::startup::Application;
use netral_server::store::Incoming;
use netral_server::store::audit::{Actor, Audit};
use netral_shared::accounts::{NewUser, Role};
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
    let settings = Settings::ephemeral(dir.path().to_owned());
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
        "filled: {n} reports ({incidents} incidents) in {:.0} s",
        t.elapsed().as_secs_f64()
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
        "first overview (loads the index): {:.0} ms, {} cases, {} reports",
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
