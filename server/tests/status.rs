mod common;

use common::{json, spawn_app, valid_report};
use serde_json::Value;

#[tokio::test]
async fn a_device_pulls_the_state_of_its_reports_since_its_cursor() {
    let app = spawn_app().await;
    let mut a = valid_report();
    a.evidence_links = vec!["https://x.com/camat_sby/status/1850000000000000001".into()];
    let mut b = valid_report();
    b.terlapor.name = "Ahmad Fauzi".into();
    b.evidence_links = vec!["https://twitter.com/CamatSby/status/1850000000000000001?s=20".into()];
    app.sync(&[json(&a), json(&b)]).await;

    let pull = |since: i64| {
        let body = serde_json::json!({ "ids": [a.id, b.id, uuid::Uuid::now_v7()], "since": since });
        let app = &app;
        async move {
            let res = app
                .client
                .post(app.url("/api/v1/reports/status"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            res.json::<Value>().await.unwrap()
        }
    };
    let first = pull(0).await;
    let reports = first["reports"].as_array().unwrap();
    // The unknown id is simply absent.
    assert_eq!(reports.len(), 2);
    for r in reports {
        assert_eq!(r["case_status"], "baru");
        // Both reports are in one case of two: "digabung".
        assert_eq!(r["case_reports"], 2);
        assert_eq!(r["revision"], 1);
    }
    assert_eq!(reports[0]["case_id"], reports[1]["case_id"]);

    // Nothing changed since a cursor in the future of every change.
    let later = pull(i64::MAX / 2).await;
    assert_eq!(later["reports"].as_array().unwrap().len(), 0);
    // The cursor never moves backwards and trails the newest change.
    let cursor = first["cursor"].as_i64().unwrap();
    assert!(
        cursor
            <= reports
                .iter()
                .map(|r| r["changed_at"].as_i64().unwrap())
                .max()
                .unwrap()
    );
    assert!(later["cursor"].as_i64().unwrap() >= i64::MAX / 2);
}

#[tokio::test]
async fn too_many_ids_get_413() {
    let app = spawn_app().await;
    let ids: Vec<_> = (0..501).map(|_| uuid::Uuid::now_v7()).collect();
    let res = app
        .client
        .post(app.url("/api/v1/reports/status"))
        .json(&serde_json::json!({ "ids": ids }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
}
