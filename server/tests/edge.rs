//! The HTTP edge (issue 15): connections that do not finish their headers
//! or bodies in time are closed, API requests have a time limit, API
//! answers are never cached, exports are bounded, and the metrics' method
//! label takes only known methods.

mod common;

use std::time::{Duration, Instant};

use common::{TestApp, json, spawn_app, spawn_app_with, valid_report};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until the server closes the connection, or `deadline` passes;
/// what was read and whether it was closed.
async fn read_until_closed(stream: &mut TcpStream, deadline: Duration) -> (String, bool) {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let until = tokio::time::Instant::now() + deadline;
    loop {
        match tokio::time::timeout_at(until, stream.read(&mut buf)).await {
            Err(_) => return (String::from_utf8_lossy(&out).into_owned(), false),
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&out).into_owned(), true),
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
        }
    }
}

fn sync_head(app: &TestApp, length: usize) -> String {
    format!(
        "POST /api/v1/sync HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n",
        app.addr, app.device_token
    )
}

#[tokio::test]
async fn a_connection_that_does_not_finish_its_headers_is_closed() {
    let app = spawn_app_with(|s| s.limits.header_timeout = Duration::from_secs(1)).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: netral\r\nX-Slow: ")
        .await
        .unwrap();
    let (answer, closed) = read_until_closed(&mut stream, Duration::from_secs(6)).await;
    assert!(closed, "still open after 6 s: {answer:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert!(!answer.contains("200 OK"), "{answer}");

    // A connection that sends nothing at all goes the same way.
    let mut idle = TcpStream::connect(app.addr).await.unwrap();
    let (_, closed) = read_until_closed(&mut idle, Duration::from_secs(6)).await;
    assert!(closed, "an idle connection stayed open");

    // A request that arrives in time is answered as ever.
    let res = app.anon.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_request_whose_body_stops_arriving_is_answered_and_closed() {
    let app = spawn_app_with(|s| s.limits.body_timeout = Duration::from_secs(1)).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(format!("{}{{\"reports\": [", sync_head(&app, 1000)).as_bytes())
        .await
        .unwrap();
    let (answer, closed) = read_until_closed(&mut stream, Duration::from_secs(6)).await;
    assert!(closed, "still open after 6 s: {answer:?}");
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("invalid_json"), "{answer}");
    assert_eq!(app.count_rows("reports").await, 0);
}

#[tokio::test]
async fn an_api_request_over_its_time_limit_gets_a_json_503() {
    let app = spawn_app_with(|s| s.limits.request_timeout = Duration::from_secs(1)).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream
        .write_all(sync_head(&app, 1000).as_bytes())
        .await
        .unwrap();
    // A byte every 200 ms: never idle long enough for the body timeout,
    // but the whole request takes longer than its limit.
    let started = Instant::now();
    let mut answer = String::new();
    let mut buf = [0u8; 4096];
    while started.elapsed() < Duration::from_secs(6) {
        let _ = stream.write_all(b" ").await;
        if let Ok(Ok(n)) =
            tokio::time::timeout(Duration::from_millis(200), stream.read(&mut buf)).await
        {
            if n == 0 {
                break;
            }
            answer.push_str(&String::from_utf8_lossy(&buf[..n]));
            if answer.contains("}") {
                break;
            }
        }
    }
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("\"code\":\"request_timeout\""), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("cache-control: no-store"),
        "{answer}"
    );
    let elapsed = started.elapsed();
    assert!(
        (Duration::from_millis(900)..Duration::from_secs(4)).contains(&elapsed),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn api_answers_are_never_cached() {
    let app = spawn_app().await;
    for (client, path, status) in [
        (&app.admin, "/api/v1/auth/me", 200),
        (&app.admin, "/api/v1/cases", 200),
        (&app.client, "/api/v1/devices/me", 200),
        (&app.anon, "/api/v1/openapi.json", 200),
        (&app.anon, "/api/v1/cases", 401),
        (&app.anon, "/api/v1/nothing-here", 404),
        (&app.anon, "/api/v2/cases", 404),
    ] {
        let res = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), status, "{path}");
        assert_eq!(
            res.headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn an_export_over_the_limit_is_refused_with_a_clear_error() {
    let app = spawn_app_with(|s| s.limits.export_max_cases = 1).await;
    let first = valid_report();
    let mut second = valid_report();
    second.terlapor.name = "Budi Santoso".into();
    second.terlapor.nip = String::new();
    let (status, body) = app.sync(&[json(&first), json(&second)]).await;
    assert_eq!(status, 200, "{body}");

    let res = app
        .admin
        .get(app.url("/api/v1/cases/export?format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "export_too_large", "{body}");
    assert!(
        body["message"]["id"]
            .as_str()
            .unwrap()
            .contains("persempit")
    );
    assert!(body["message"]["en"].as_str().unwrap().contains("narrow"));

    // Narrowed to one case, it is exported.
    let res = app
        .admin
        .get(app.url("/api/v1/cases/export?format=csv&cari=Budi"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let csv = res.text().await.unwrap();
    assert_eq!(csv.trim().lines().count(), 2, "{csv}");
}

#[tokio::test]
async fn the_method_label_takes_only_known_methods() {
    let app = spawn_app().await;
    for method in ["BREW", "X-ANYTHING-AT-ALL", "PROPFIND"] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let res = app
            .anon
            .request(method, app.url("/healthz"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405);
    }
    let metrics = app
        .anon
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(
            r#"netral_http_requests_total{method="other",route="/healthz",status="405"} 3"#
        ),
        "{metrics}"
    );
    for unknown in ["BREW", "X-ANYTHING", "PROPFIND"] {
        assert!(!metrics.contains(unknown), "{unknown} in {metrics}");
    }
}
