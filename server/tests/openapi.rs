mod common;

use std::collections::BTreeSet;

use common::spawn_app;
use netral_server::http::api_routes;
use netral_server::http::auth::Access;
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
    // Exactly the routes the router declares, no more, no fewer; every
    // protected one says how to authenticate and documents 401 (and 403
    // where a wrong kind of caller can reach it).
    let methods = ["get", "put", "post", "delete", "head", "patch"];
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, _)| path.starts_with("/api/v1"))
        .flat_map(|(path, item)| {
            methods
                .iter()
                .filter(|m| item[**m].is_object())
                .map(|m| (m.to_string(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let declared: BTreeSet<(String, String)> = api_routes()
        .into_iter()
        .map(|r| (r.method.as_str().to_lowercase(), r.path))
        .collect();
    assert_eq!(documented, declared);
    for r in api_routes() {
        let op = &doc["paths"][&r.path][r.method.as_str().to_lowercase()];
        let route = format!("{} {}", r.method, r.path);
        if r.access == Access::Public {
            assert!(op.get("security").is_none(), "{route} is public");
            continue;
        }
        assert!(
            !op["security"].as_array().unwrap_or(&Vec::new()).is_empty(),
            "{route} names no security scheme"
        );
        assert!(op["responses"]["401"].is_object(), "{route}: no 401");
        if r.access != Access::DeviceOrStaff {
            assert!(op["responses"]["403"].is_object(), "{route}: no 403");
        }
    }
    for path in ["/api/v1/auth/login", "/api/v1/devices/join"] {
        assert!(doc["paths"][path]["post"]["responses"]["429"].is_object());
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["device"]["scheme"], "bearer");
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["session"]["name"], "netral_session");

    // The catalogue codes are the wire values.
    let codes = schemas["ViolationCode"]["enum"].as_array().unwrap();
    assert!(codes.iter().any(|c| c == "medsos_foto"));
    assert_eq!(codes.len(), 16);
}
