mod common;

use common::{json, spawn_app, valid_report};
use serde_json::Value;

fn outcome(body: &Value, i: usize) -> &str {
    body["results"][i]["outcome"].as_str().unwrap()
}

#[tokio::test]
async fn healthz_answers() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_valid_report_is_stored() {
    let app = spawn_app().await;
    let report = valid_report();
    let (status, body) = app.sync(&[json(&report)]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(outcome(&body, 0), "accepted");
    assert_eq!(body["results"][0]["id"], report.id.to_string());

    let stored = app.stored(report.id).await.expect("stored");
    assert_eq!(stored["revision"], 1);
    assert_eq!(stored["versions"], 1);
    assert_eq!(app.count_rows("reports").await, 1);
    // The reporter's identity lives apart from the finding.
    assert_eq!(app.count_rows("reporters").await, 1);
}

#[tokio::test]
async fn the_same_report_sent_twice_is_stored_once() {
    let app = spawn_app().await;
    let report = json(&valid_report());
    let (_, first) = app.sync(std::slice::from_ref(&report)).await;
    let (status, second) = app.sync(std::slice::from_ref(&report)).await;
    assert_eq!(outcome(&first, 0), "accepted");
    assert_eq!(status, 200);
    assert_eq!(outcome(&second, 0), "replayed");
    assert_eq!(app.count_rows("reports").await, 1);
    assert_eq!(app.count_rows("report_versions").await, 1);
}

#[tokio::test]
async fn concurrent_sends_of_one_id_are_stored_once() {
    let app = spawn_app().await;
    let report = json(&valid_report());
    let sends = (0..12).map(|_| app.sync(std::slice::from_ref(&report)));
    let bodies = futures::future::join_all(sends).await;
    let accepted = bodies
        .iter()
        .filter(|(s, b)| *s == 200 && outcome(b, 0) == "accepted")
        .count();
    let replayed = bodies
        .iter()
        .filter(|(s, b)| *s == 200 && outcome(b, 0) == "replayed")
        .count();
    assert_eq!((accepted, replayed), (1, 11));
    assert_eq!(app.count_rows("reports").await, 1);
    assert_eq!(app.count_rows("report_versions").await, 1);
}

#[tokio::test]
async fn an_edited_report_is_a_new_version_and_keeps_history() {
    let app = spawn_app().await;
    let mut report = valid_report();
    app.sync(&[json(&report)]).await;
    report.revision = 2;
    report
        .description
        .push_str(" Foto diunggah di grup Facebook kecamatan.");
    let (_, body) = app.sync(&[json(&report)]).await;
    assert_eq!(outcome(&body, 0), "accepted");
    let stored = app.stored(report.id).await.unwrap();
    assert_eq!(
        (stored["revision"].as_u64(), stored["versions"].as_u64()),
        (Some(2), Some(2))
    );

    // An older revision arriving late changes nothing.
    report.revision = 1;
    report.description = "Versi lama yang terlambat datang dari perangkat lain.".into();
    let (_, body) = app.sync(&[json(&report)]).await;
    assert_eq!(outcome(&body, 0), "stale");
    assert_eq!(app.stored(report.id).await.unwrap()["revision"], 2);
}

#[tokio::test]
async fn one_invalid_report_does_not_fail_the_batch() {
    let app = spawn_app().await;
    let good = valid_report();
    let mut bad = valid_report();
    bad.terlapor.nip = "19661301 198803 1 001".into();
    bad.place.regency = "32.73".into();
    let (status, body) = app
        .sync(&[json(&bad), json(&good), serde_json::json!({"id": 5})])
        .await;
    assert_eq!(status, 200);
    assert_eq!(outcome(&body, 0), "rejected");
    let codes: Vec<_> = body["results"][0]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap();
            (s("field"), s("code"), s("severity"))
        })
        .collect();
    // Refused for the regency; the NIP's doubts are said alongside.
    assert_eq!(
        codes,
        vec![
            ("terlapor.nip", "nip_birth_date", "warning"),
            ("terlapor.nip", "nip_unrecognised", "warning"),
            ("place.regency", "regency_not_in_province", "error")
        ]
    );
    assert_eq!(outcome(&body, 1), "accepted");
    assert_eq!(outcome(&body, 2), "rejected");
    assert_eq!(body["results"][2]["problems"][0]["code"], "malformed");
    assert!(app.stored(bad.id).await.is_none());
    assert_eq!(app.count_rows("reports").await, 1);
}

#[tokio::test]
async fn an_invalid_report_gets_422_with_the_validation_codes() {
    let app = spawn_app().await;
    let mut report = valid_report();
    report.terlapor.name = String::new();
    report.occurred_at = "2024-11-31".into();
    let res = app
        .client
        .put(app.url(&format!("/api/v1/reports/{}", report.id)))
        .json(&report)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "invalid_report");
    let problems: Vec<_> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(problems, vec!["required", "invalid_date"]);
    assert_eq!(body["problems"][0]["field"], "terlapor.name");
    assert_eq!(body["problems"][0]["message"]["id"], "Wajib diisi.");
    assert_eq!(body["problems"][0]["message"]["en"], "Required.");

    // Corrected, the same id is stored (201), then a replay is 200.
    report.terlapor.name = "Ahmad Fauzi".into();
    report.occurred_at = "2024-11-20".into();
    let put = || {
        app.client
            .put(app.url(&format!("/api/v1/reports/{}", report.id)))
            .json(&report)
            .send()
    };
    assert_eq!(put().await.unwrap().status(), 201);
    let again = put().await.unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap()["outcome"], "replayed");
}

#[tokio::test]
async fn malformed_json_gets_400() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/api/v1/sync"))
        .header("content-type", "application/json")
        .body("{\"reports\": [")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "invalid_json");
    assert!(!body["message"]["id"].as_str().unwrap().is_empty());

    let res = app
        .client
        .post(app.url("/api/v1/sync"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
}

#[tokio::test]
async fn an_oversized_batch_gets_413() {
    let app = spawn_app().await;
    let reports: Vec<Value> = (0..501).map(|_| serde_json::json!({})).collect();
    let (status, body) = app.sync(&reports).await;
    assert_eq!(status, 413);
    assert_eq!(body["code"], "batch_too_large");
}

#[tokio::test]
async fn unknown_api_paths_are_json_404() {
    let app = spawn_app().await;
    for path in ["/api/v2/sync", "/api/v1/nope", "/api"] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "not_found");
    }
    let res = app
        .client
        .get(app.url("/api/v1/reports/not-a-uuid"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

/// Guards the PostgreSQL pass of `./x test`: when it asks for PostgreSQL,
/// the app must not quietly run on SQLite.
#[tokio::test]
async fn tests_run_on_the_backend_asked_for() {
    let app = spawn_app().await;
    app.sync(&[json(&valid_report())]).await;
    let sqlite_file = app.data_dir.path().join("netral.db").exists();
    match std::env::var("NETRAL_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(_) => assert!(app.database_url.is_some() && !sqlite_file),
        None => assert!(app.database_url.is_none() && sqlite_file),
    }
    assert_eq!(app.count_rows("reports").await, 1);
}
