//! Readiness, metrics and request ids, on the in-process server (SQLite, or
//! PostgreSQL on the second pass).

mod common;

use common::{TestApp, jpeg, json, sha256, spawn_app, valid_report};
use netral_shared::report::Report;
use serde_json::Value;

/// As the signed-in admin (the cases need staff; health and metrics need no one).
async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.admin.get(app.url(path)).send().await.unwrap()
}

/// Runs one statement on the app's database, not through the API.
async fn execute(app: &TestApp, sql: &str) {
    if let Some(url) = &app.database_url {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::SqlitePool::connect_with(
            sqlx::sqlite::SqliteConnectOptions::new()
                .filename(app.data_dir.path().join("netral.db")),
        )
        .await
        .unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    }
}

#[tokio::test]
async fn readyz_is_503_with_an_error_body_when_migrations_are_missing() {
    let app = spawn_app().await;
    assert_eq!(get(&app, "/readyz").await.status(), 200);
    assert_eq!(get(&app, "/healthz").await.status(), 200);

    // As if the database were restored from before the newest migration.
    execute(&app, "DELETE FROM _sqlx_migrations").await;
    let res = get(&app, "/readyz").await;
    assert_eq!(res.status(), 503);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "schema_behind", "{body}");
    assert!(
        body["message"]["id"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
    assert!(
        body["message"]["en"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
    // Alive all the same: a restart would not help.
    assert_eq!(get(&app, "/healthz").await.status(), 200);

    execute(&app, "DROP TABLE _sqlx_migrations").await;
    let res = get(&app, "/readyz").await;
    assert_eq!(res.status(), 503);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "database_unavailable", "{body}");
}

/// The value of one sample in the Prometheus text format; 0 when absent.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| {
            let (name, value) = line.rsplit_once(' ')?;
            (name == series).then(|| value.parse().unwrap())
        })
        .unwrap_or(0.0)
}

async fn scrape(app: &TestApp) -> String {
    let res = get(app, "/metrics").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    res.text().await.unwrap()
}

/// Two reports in separate cases, and a third that matches both.
fn bridge() -> [Report; 3] {
    let mut a = valid_report();
    a.terlapor.nip = "19660801 198803 1 001".into();
    a.occurred_at = "2024-11-01".into();
    a.known_at = "2024-11-01".into();
    let mut b = valid_report();
    b.evidence_links = vec!["https://youtu.be/dQw4w9WgXcQ".into()];
    b.occurred_at = "2024-11-10".into();
    b.known_at = "2024-11-10".into();
    let mut c = valid_report();
    c.terlapor.nip = "196608011988031001".into();
    c.occurred_at = "2024-11-01".into();
    c.known_at = "2024-11-01".into();
    c.evidence_links = vec!["https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=share".into()];
    [a, b, c]
}

#[tokio::test]
async fn metrics_count_requests_outcomes_merges_and_evidence_bytes() {
    let app = spawn_app().await;
    let [a, b, c] = bridge();
    let (status, _) = app.sync(&[json(&a), json(&b)]).await;
    assert_eq!(status, 200);
    let (_, answer) = app.sync(&[json(&c)]).await;
    assert_eq!(answer["results"][0]["outcome"], "accepted");
    let (_, answer) = app.sync(&[json(&c)]).await;
    assert_eq!(answer["results"][0]["outcome"], "replayed");
    let mut invalid = json(&valid_report());
    invalid["terlapor"]["name"] = "".into();
    let (_, answer) = app.sync(&[invalid]).await;
    assert_eq!(answer["results"][0]["outcome"], "rejected");

    // A coordinator takes `c` out of the merged case and merges it back.
    let stored = app.stored(c.id).await.unwrap();
    let case = stored["case_id"].as_i64().unwrap();
    let res = app
        .admin
        .post(app.url(&format!("/api/v1/cases/{case}/split")))
        .json(&serde_json::json!({ "report_id": c.id }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let split: Value = res.json().await.unwrap();
    let new_case = split["summary"]["id"].as_i64().unwrap();
    let res = app
        .admin
        .post(app.url(&format!("/api/v1/cases/{case}/merge")))
        .json(&serde_json::json!({ "other_case_id": new_case }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let photo = jpeg(5_000, 7);
    for expected in [201, 200] {
        let res = app
            .client
            .put(app.url(&format!("/api/v1/evidence/{}", sha256(&photo))))
            .body(photo.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), expected);
    }

    let text = scrape(&app).await;
    let m = |series: &str| sample(&text, series);
    assert_eq!(m("netral_sync_batches_total"), 4.0, "{text}");
    assert_eq!(m(r#"netral_reports_total{outcome="accepted"}"#), 3.0);
    assert_eq!(m(r#"netral_reports_total{outcome="replayed"}"#), 1.0);
    assert_eq!(m(r#"netral_reports_total{outcome="rejected"}"#), 1.0);
    assert_eq!(m(r#"netral_reports_total{outcome="stale"}"#), 0.0);
    // `c` joined an existing case, and joined `a`'s and `b`'s cases.
    assert_eq!(m("netral_reports_grouped_total"), 1.0);
    assert_eq!(m(r#"netral_case_merges_total{by="automatic"}"#), 1.0);
    assert_eq!(m(r#"netral_case_merges_total{by="coordinator"}"#), 1.0);
    assert_eq!(m("netral_evidence_stored_files_total"), 1.0);
    assert_eq!(m("netral_evidence_stored_bytes_total"), 5_000.0);
    // Requests by matched route (the id in the path is not a label).
    assert_eq!(
        m(r#"netral_http_requests_total{method="POST",route="/api/v1/sync",status="200"}"#),
        4.0
    );
    assert_eq!(
        m(r#"netral_http_requests_total{method="GET",route="/api/v1/reports/{id}",status="200"}"#),
        1.0
    );
    assert_eq!(
        m(
            r#"netral_http_requests_total{method="PUT",route="/api/v1/evidence/{sha256}",status="201"}"#
        ),
        1.0
    );
    assert_eq!(
        m(r#"netral_http_request_duration_seconds_count{method="POST",route="/api/v1/sync"}"#),
        4.0
    );
    assert!(!text.contains(&c.id.to_string()));

    // One report sent alone counts the same as in a sync: accepted, then
    // replayed, and a rejected one even though it answers 422 before any
    // transaction.
    let d = valid_report();
    let mut invalid = json(&valid_report());
    invalid["terlapor"]["name"] = "".into();
    for (body, expected) in [(json(&d), 201), (json(&d), 200), (invalid, 422)] {
        let res = app
            .client
            .put(app.url(&format!("/api/v1/reports/{}", body["id"].as_str().unwrap())))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), expected);
    }
    let text = scrape(&app).await;
    let m = |series: &str| sample(&text, series);
    assert_eq!(
        m("netral_sync_batches_total"),
        4.0,
        "a PUT is not a sync batch"
    );
    assert_eq!(m(r#"netral_reports_total{outcome="accepted"}"#), 4.0);
    assert_eq!(m(r#"netral_reports_total{outcome="replayed"}"#), 2.0);
    assert_eq!(m(r#"netral_reports_total{outcome="rejected"}"#), 2.0);
    assert_eq!(m(r#"netral_reports_total{outcome="stale"}"#), 0.0);
    for status in [201, 200, 422] {
        let series = format!(
            r#"netral_http_requests_total{{method="PUT",route="/api/v1/reports/{{id}}",status="{status}"}}"#
        );
        assert_eq!(m(&series), 1.0, "{series}");
    }
}

#[tokio::test]
async fn every_answer_carries_a_request_id() {
    let app = spawn_app().await;
    let res = get(&app, "/healthz").await;
    let id = res.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    // One set by a proxy in front is kept, so its logs and ours line up.
    let res = app
        .admin
        .get(app.url("/api/v1/cases"))
        .header("x-request-id", "proxy-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "proxy-123");
}

/// A request id from outside is kept only when it is short and plain, since
/// it is logged verbatim; anything else is replaced by a fresh one.
#[tokio::test]
async fn only_a_short_plain_request_id_is_kept() {
    let app = spawn_app().await;
    let sent = |value: reqwest::header::HeaderValue| {
        let req = app
            .anon
            .get(app.url("/healthz"))
            .header("x-request-id", value);
        async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.headers()["x-request-id"].to_str().unwrap().to_owned()
        }
    };
    for kept in [
        "a1B2.c3_d4-e5",
        &"f".repeat(64),
        "0192b1c4-5e1f-7c2a-9d3e-4f5a6b7c8d9e",
    ] {
        assert_eq!(sent(kept.parse().unwrap()).await, kept);
    }
    let long = "f".repeat(65);
    for replaced in [
        long.as_bytes(),
        b"Siti Aminah 0812-3456-7890",
        b"id\tnext",
        b"a;b",
        b"{\"x\":1}",
        "caf\u{e9}".as_bytes(),
    ] {
        let value = reqwest::header::HeaderValue::from_bytes(replaced).unwrap();
        let answered = sent(value).await;
        assert!(
            uuid::Uuid::parse_str(&answered).is_ok(),
            "{:?} became {answered}",
            String::from_utf8_lossy(replaced)
        );
    }
    // Two ids: neither is trusted.
    let res = app
        .anon
        .get(app.url("/healthz"))
        .header("x-request-id", "first")
        .header("x-request-id", "second")
        .send()
        .await
        .unwrap();
    let answered = res.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(answered).is_ok(), "{answered}");
}

#[tokio::test]
async fn a_bad_paging_value_is_a_json_400() {
    let app = spawn_app().await;
    for query in ["limit=-1", "offset=abc", "limit=99999999999"] {
        let res = get(&app, &format!("/api/v1/cases?{query}")).await;
        assert_eq!(res.status(), 400, "{query}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "invalid_query", "{query}: {body}");
    }
    assert_eq!(get(&app, "/api/v1/cases?limit=5").await.status(), 200);
}
