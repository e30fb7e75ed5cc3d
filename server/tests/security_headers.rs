//! Security headers on every kind of response, a CSP that admits the app's
//! inline boot script by hash, cross-site writes refused, small bodies on
//! the account routes.

mod common;

use base64::Engine;
use common::{TestApp, json, spawn_app, valid_report};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// What Trunk writes: an inline module script that boots the WASM.
const BOOT: &str = "\nimport init, * as bindings from '/netral-app-123.js';\nconst wasm = await init({ module_or_path: '/netral-app-123_bg.wasm' });\nwindow.wasmBindings = bindings;\n";

fn index_html(script: &str) -> String {
    format!(
        "<!doctype html><html><head><title>Netral</title>\n<script type=\"module\">{script}</script>\n\
         <link rel=\"modulepreload\" href=\"/netral-app-123.js\"></head><body></body></html>"
    )
}

fn hash(script: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script))
    )
}

fn assert_headers(res: &reqwest::Response, what: &str) -> String {
    let h = res.headers();
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
    ] {
        assert_eq!(
            h.get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{name} on {what}"
        );
    }
    let csp = h
        .get("content-security-policy")
        .unwrap_or_else(|| panic!("no CSP on {what}"))
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        // The phone previews a video from its Blob before it is sent.
        "media-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
    ] {
        assert!(csp.contains(part), "{part} missing on {what}: {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    csp
}

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> reqwest::Response {
    client.get(app.url(path)).send().await.unwrap()
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let dist = app.data_dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), index_html(BOOT)).unwrap();
    std::fs::write(dist.join("netral-app-123.js"), "export default 1;").unwrap();

    let index = get(&app, &app.anon, "/").await;
    assert_eq!(index.status(), 200);
    let csp = assert_headers(&index, "index.html");
    // The inline boot script is allowed by its hash, and only it.
    assert!(csp.contains(&hash(BOOT)), "{csp}");
    assert_eq!(csp.matches("'sha256-").count(), 1, "{csp}");
    let shell = get(&app, &app.anon, "/laporan/abc").await;
    assert!(assert_headers(&shell, "an app route").contains(&hash(BOOT)));

    let js = get(&app, &app.anon, "/netral-app-123.js").await;
    assert_eq!(js.status(), 200);
    assert_headers(&js, "a static file");
    let missing = get(&app, &app.anon, "/netral-app-999.js").await;
    assert_eq!(missing.status(), 404);
    assert_headers(&missing, "a missing file");
    let api = get(&app, &app.anon, "/api/v1/openapi.json").await;
    assert_eq!(api.status(), 200);
    assert_headers(&api, "an API response");
    let api_404 = get(&app, &app.admin, "/api/v1/cases/424242").await;
    assert_eq!(api_404.status(), 404);
    assert_headers(&api_404, "an API 404");
    let denied = get(&app, &app.anon, "/api/v1/cases").await;
    assert_eq!(denied.status(), 401);
    assert_headers(&denied, "a 401");

    // A new build deployed under the running server: the new script's
    // hash replaces the old one.
    let rebuilt = BOOT.replace("123", "456789");
    std::fs::write(dist.join("index.html"), index_html(&rebuilt)).unwrap();
    let csp = assert_headers(&get(&app, &app.anon, "/").await, "the new index.html");
    assert!(csp.contains(&hash(&rebuilt)), "{csp}");
    assert!(!csp.contains(&hash(BOOT)), "{csp}");
}

#[tokio::test]
async fn cross_site_writes_are_refused_and_same_origin_ones_pass() {
    let app = spawn_app().await;
    let body = serde_json::json!({ "reports": [json(&valid_report())] });
    let send = |headers: &[(&'static str, String)]| {
        let mut req = app.client.post(app.url("/api/v1/sync")).json(&body);
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        async move { req.send().await.unwrap() }
    };
    for headers in [
        vec![("sec-fetch-site", "cross-site".to_owned())],
        vec![("origin", "https://jahat.example".to_owned())],
        vec![("origin", "null".to_owned())],
    ] {
        let res = send(&headers).await;
        assert_eq!(res.status(), 403, "{headers:?}");
        assert_headers(&res, "a refused write");
        assert_eq!(res.json::<Value>().await.unwrap()["code"], "cross_site");
    }
    assert_eq!(app.count_rows("reports").await, 0);
    let ours = format!("http://{}", app.addr);
    let res = send(&[
        ("origin", ours),
        ("sec-fetch-site", "same-origin".to_owned()),
    ])
    .await;
    assert_eq!(res.status(), 200);

    // Signing in from another site's form, too.
    let res = app
        .anon
        .post(app.url("/api/v1/auth/login"))
        .header("sec-fetch-site", "cross-site")
        .json(&serde_json::json!({ "username": "admin", "password": common::PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Reads are not writes.
    let res = app
        .admin
        .get(app.url("/api/v1/cases"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn account_routes_take_small_json_bodies_only() {
    let app = spawn_app().await;
    let big = "x".repeat(20 * 1024);
    let res = app
        .anon
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({ "username": "admin", "password": big }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "body_too_large");
    let res = app
        .anon
        .post(app.url("/api/v1/devices/join"))
        .header("content-type", "text/plain")
        .body("{\"code\": \"AAAA-BBBB-CC\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
}

/// `Strict-Transport-Security` only on an answer to a request that came
/// over HTTPS (a proxy's `X-Forwarded-Proto: https`, trusted as for the
/// session cookie), never over plain HTTP, where it would mean nothing.
#[tokio::test]
async fn hsts_only_when_the_request_came_over_https() {
    let app = spawn_app().await;
    let hsts = |res: &reqwest::Response| {
        res.headers()
            .get("strict-transport-security")
            .map(|v| v.to_str().unwrap().to_owned())
    };
    for path in ["/healthz", "/api/v1/openapi.json", "/api/v1/cases", "/"] {
        let res = app.anon.get(app.url(path)).send().await.unwrap();
        assert_eq!(hsts(&res), None, "{path}");
        let res = app
            .anon
            .get(app.url(path))
            .header("x-forwarded-proto", "https")
            .send()
            .await
            .unwrap();
        assert_eq!(hsts(&res).as_deref(), Some("max-age=31536000"), "{path}");
        let res = app
            .anon
            .get(app.url(path))
            .header("x-forwarded-proto", "http")
            .send()
            .await
            .unwrap();
        assert_eq!(hsts(&res), None, "{path}");
    }

    let never = common::spawn_app_with(|s| {
        s.cookie_secure = netral_server::config::CookieSecure::Never;
    })
    .await;
    let res = never
        .anon
        .get(never.url("/healthz"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(hsts(&res), None);
}
