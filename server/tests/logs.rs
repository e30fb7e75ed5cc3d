//! The real binary with JSON logs: one JSON object per line on stderr, with
//! the matched route and a request id, and none of the personal data a
//! sync carries (reporter's name and contact, the reported person's name),
//! nor report ids or query strings from the URI.

mod common;

use common::process::{Netral, device_client};
use common::valid_report;
use serde_json::Value;

#[tokio::test]
async fn json_logs_carry_routes_and_request_ids_but_no_personal_data() {
    let data = tempfile::tempdir().unwrap();
    let database_url = common::fresh_postgres_database().await;
    let mut server = Netral::serve(
        data.path(),
        database_url.as_deref(),
        &[],
        &[("NETRAL_LOG_FORMAT", "json")],
    );
    server.wait_ready().await;

    let mut report = valid_report();
    report.reporter.name = "Kartika Wulandari Sastrowardoyo".into();
    report.reporter.contact = "0812-9876-5432".into();
    report.terlapor.name = "Bambang Sukmajaya Prawiranegara".into();
    let client = device_client(data.path(), database_url.as_deref(), &server.url("")).await;
    let res = client
        .post(server.url("/api/v1/sync"))
        .json(&serde_json::json!({ "reports": [report] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let request_id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    // A failing request, with a name in its query string.
    let res = client
        .get(server.url(&format!(
            "/api/v1/reports/{}?nama=Kartika+Wulandari",
            report.id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = client
        .post(server.url("/api/v1/sync"))
        .header("content-type", "application/json")
        .body(r#"{"reports": [{"reporter": {"name": "Kartika Wulandari Sastrowardoyo"}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);

    server.terminate();
    assert!(
        server
            .wait_exit(std::time::Duration::from_secs(10))
            .await
            .success()
    );
    let logs = server.logs();

    let lines: Vec<Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let answered: Vec<&Value> = lines
        .iter()
        .filter(|l| {
            l["fields"]["message"] == "answered"
                && l["span"]["route"] != "/readyz"
                && l["span"]["route"] != "/api/v1/devices/join"
        })
        .collect();
    assert_eq!(answered.len(), 3, "one line per request:\n{logs}");
    let sync = answered
        .iter()
        .find(|l| l["span"]["request_id"] == request_id.as_str())
        .unwrap_or_else(|| panic!("no line with request id {request_id}:\n{logs}"));
    assert_eq!(sync["span"]["route"], "/api/v1/sync");
    assert_eq!(sync["span"]["method"], "POST");
    assert_eq!(sync["fields"]["status"], 200);
    assert!(sync["fields"]["latency_ms"].is_number());
    assert!(logs.contains(r#""route":"/api/v1/reports/{id}""#), "{logs}");

    for secret in [
        "Kartika",
        "Wulandari",
        "0812",
        "Bambang",
        "Prawiranegara",
        "nama=",
        &report.id.to_string(),
    ] {
        assert!(!logs.contains(secret), "{secret:?} is in the logs:\n{logs}");
    }
}
