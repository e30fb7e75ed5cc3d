mod common;

use common::spawn_app;
use serde_json::Value;

#[tokio::test]
async fn the_api_describes_itself() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for (path, method) in [
        ("/api/v1/sync", "post"),
        ("/api/v1/reports/{id}", "get"),
        ("/api/v1/reports/{id}", "put"),
        ("/api/v1/reports/status", "post"),
        ("/api/v1/cases", "get"),
        ("/api/v1/cases/{id}", "get"),
        ("/api/v1/cases/{id}/split", "post"),
        ("/api/v1/cases/{id}/merge", "post"),
        ("/api/v1/evidence/{sha256}", "put"),
        ("/api/v1/evidence/{sha256}", "head"),
        ("/api/v1/evidence/{sha256}", "get"),
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/metrics", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is not documented"
        );
    }
    let schemas = &doc["components"]["schemas"];
    for name in [
        "Report",
        "SyncResponse",
        "ErrorBody",
        "Problem",
        "CaseDetail",
        "ViolationCode",
        "Outcome",
    ] {
        assert!(schemas[name].is_object(), "schema {name} missing");
    }
    // The catalogue codes are the wire values.
    let codes = schemas["ViolationCode"]["enum"].as_array().unwrap();
    assert!(codes.iter().any(|c| c == "medsos_foto"));
    assert_eq!(codes.len(), 16);
}
