//! What the ingest benchmarks share: syncs sent to real servers.

use std::time::{Duration, Instant};

use netral_server::config::Settings;
use netral_server::ops::synthetic;
use netral_server::startup::Application;
use netral_server::store::audit::{Actor, Audit};
use netral_shared::accounts::AuditAction;

/// p95 latency of one 100-report sync with 20 clients sending at once, 10
/// requests each, and the reports/s they achieved together. One server per
/// entry of `servers` (replicas: the same data directory and database),
/// each client sending to one of them in turn.
pub async fn concurrent_sync_p95(servers: &[Settings]) -> (Duration, f64) {
    const CLIENTS: usize = 20;
    const REQUESTS: usize = 10;
    let mut urls = Vec::new();
    for settings in servers {
        let app = Application::build(settings.clone()).await.unwrap();
        urls.push(format!("http://{}/api/v1", app.local_addr()));
        tokio::spawn(app.run_until_stopped());
    }
    let settings = &servers[0];
    let base = urls[0].clone();
    // One volunteer's device, joined as a phone does.
    let keys = netral_server::keys::Keys::load(settings).unwrap();
    let store = netral_server::store::connect_with(settings, std::sync::Arc::new(keys))
        .await
        .unwrap();
    let keys = netral_server::keys::Keys::load(settings).unwrap();
    let cli = |action| Audit::by(Actor::cli(), action, "");
    let org = store
        .create_organisation("Bench", &cli(AuditAction::OrganisationCreate))
        .await
        .unwrap()
        .unwrap();
    let (code, _) = netral_server::services::invites::create_invite(
        store.as_ref(),
        &keys,
        org.id,
        vec!["35".into()],
        1,
        1,
        cli(AuditAction::InviteCreate),
    )
    .await
    .unwrap();
    let joined: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/devices/join"))
        .json(&serde_json::json!({ "code": code }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = format!("Bearer {}", joined["token"].as_str().unwrap());
    // Dates in the synthetic data are in November 2024, in the past for the server.
    let (reports, _) = synthetic::reports(CLIENTS * REQUESTS * 100, 7);
    let bodies: Vec<String> = reports
        .chunks(100)
        .map(|c| serde_json::to_string(&serde_json::json!({ "reports": c })).unwrap())
        .collect();
    let client = reqwest::Client::new();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let mine: Vec<String> = bodies.iter().skip(c).step_by(CLIENTS).cloned().collect();
        let url = format!("{}/sync", urls[c % urls.len()]);
        let (client, bearer) = (client.clone(), bearer.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            for body in mine {
                let t = Instant::now();
                let res = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("authorization", &bearer)
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
                res.bytes().await.unwrap();
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let rate = (CLIENTS * REQUESTS * 100) as f64 / started.elapsed().as_secs_f64();
    all.sort();
    (all[(all.len() * 95).div_ceil(100) - 1], rate)
}
