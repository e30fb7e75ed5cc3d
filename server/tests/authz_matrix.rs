//! Every API route × every kind of caller → the expected status. The routes
//! come from the router's own table (`routes::api_routes`), so a route added
//! without a row here fails this test, and a row for a route that no longer
//! exists fails it too.

mod common;

use std::collections::BTreeMap;

use common::{
    PASSWORD, TestApp, bearer_client, jpeg, json, sha256, spawn_app, spawn_app_with, valid_report,
};
use netral_server::http::api_routes;
use netral_shared::accounts::Role;
use netral_shared::report::PhotoRef;
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

const CALLERS: [&str; 6] = [
    "anonymous",
    "device",
    "revoked device",
    "coordinator in scope",
    "coordinator out of scope",
    "admin",
];

/// Expected status per caller, in the order of [`CALLERS`].
fn matrix() -> BTreeMap<(&'static str, &'static str), [u16; 6]> {
    let public_ok = [200; 6];
    let device_only = |ok| [401, ok, 401, 403, 403, 403];
    let staff = |ok, out| [401, 403, 401, ok, out, ok];
    let admin_only = |ok| [401, 403, 401, 403, 403, ok];
    BTreeMap::from([
        (("GET", "/api/v1/openapi.json"), public_ok),
        (("GET", "/api/v1/calendar"), public_ok),
        // Switched on for this test (off, it is a 404 for everyone).
        (("GET", "/api/v1/public/statistics"), public_ok),
        (("POST", "/api/v1/auth/login"), public_ok),
        (("POST", "/api/v1/devices/join"), [201; 6]),
        (("POST", "/api/v1/sync"), device_only(200)),
        (("PUT", "/api/v1/reports/{id}"), device_only(201)),
        (("POST", "/api/v1/reports/status"), device_only(200)),
        (("PUT", "/api/v1/evidence/{sha256}"), device_only(201)),
        (("HEAD", "/api/v1/evidence/{sha256}"), device_only(200)),
        (("GET", "/api/v1/devices/me"), device_only(200)),
        // The owning device, or staff in scope; out of scope looks unknown.
        (
            ("GET", "/api/v1/reports/{id}"),
            [401, 200, 401, 200, 404, 200],
        ),
        (("GET", "/api/v1/reports/{id}/reporter"), staff(200, 404)),
        (("GET", "/api/v1/evidence/{sha256}"), staff(200, 404)),
        // Another region's coordinator gets an empty list, not an error.
        (("GET", "/api/v1/cases"), staff(200, 200)),
        (("GET", "/api/v1/cases/{id}"), staff(200, 404)),
        // Sent so that they change nothing: 409 shows the caller got past
        // authorisation to the store's own answer.
        (("POST", "/api/v1/cases/{id}/split"), staff(409, 404)),
        (("POST", "/api/v1/cases/{id}/merge"), staff(409, 404)),
        // There is no link to dismiss: 409 is past authorisation.
        (
            ("POST", "/api/v1/cases/{id}/links/{other}/dismiss"),
            staff(409, 404),
        ),
        // Another region's coordinator gets an empty list, not an error.
        (("GET", "/api/v1/case-links"), staff(200, 200)),
        // Closing a new case is not a possible step: 409, nothing changes.
        (("POST", "/api/v1/cases/{id}/status"), staff(409, 404)),
        // An empty correction: no correction, as before.
        (("PUT", "/api/v1/cases/{id}/canonical"), staff(200, 404)),
        (("GET", "/api/v1/overview"), staff(200, 200)),
        // Another region's coordinator gets a file with only the header.
        (("GET", "/api/v1/cases/export"), staff(200, 200)),
        (("GET", "/api/v1/auth/me"), staff(200, 200)),
        // With a wrong current password: 422 is past authorisation.
        (("POST", "/api/v1/auth/password"), staff(422, 422)),
        (("POST", "/api/v1/auth/logout"), staff(204, 204)),
        (("GET", "/api/v1/devices"), staff(200, 200)),
        (("POST", "/api/v1/devices/{id}/revoke"), staff(204, 404)),
        (("GET", "/api/v1/invites"), staff(200, 200)),
        (("POST", "/api/v1/invites"), staff(201, 201)),
        (("POST", "/api/v1/invites/{id}/revoke"), staff(204, 404)),
        (("GET", "/api/v1/users"), admin_only(200)),
        (("POST", "/api/v1/users"), admin_only(201)),
        (("POST", "/api/v1/users/{id}/disable"), admin_only(204)),
        (("GET", "/api/v1/organisations"), admin_only(200)),
        (("POST", "/api/v1/organisations"), admin_only(201)),
        (("GET", "/api/v1/audit"), admin_only(200)),
    ])
}

/// What the requests act on: a report with a photo in Kota Surabaya (35),
/// its case, and per caller a fresh invite, device and photo, so that one
/// caller's success does not change the next caller's answer.
struct World {
    callers: Vec<reqwest::Client>,
    report: Uuid,
    case: i64,
    photo: String,
    invites: Vec<(i64, String)>,
    devices: Vec<i64>,
    users: Vec<i64>,
    fresh_photos: Vec<Vec<u8>>,
}

async fn world(app: &TestApp) -> World {
    let photo = jpeg(2000, 42);
    let photo_hash = sha256(&photo);
    let res = app
        .client
        .put(app.url(&format!("/api/v1/evidence/{photo_hash}")))
        .body(photo.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let mut report = valid_report();
    report.photos = vec![PhotoRef {
        sha256: photo_hash.clone(),
        original_sha256: photo_hash.clone(),
        captured_at: "2024-11-20T09:31".into(),
        bytes: 2000,
        dhash: String::new(),
    }];
    let (status, body) = app.sync(&[json(&report)]).await;
    assert_eq!(
        (status, &body["results"][0]["outcome"]),
        (200, &json!("accepted")),
        "{body}"
    );
    let case = app.stored(report.id).await.unwrap()["case_id"]
        .as_i64()
        .unwrap();

    let revoked = app.join_device(&["35"]).await;
    let me: Value = bearer_client(&revoked)
        .get(app.url("/api/v1/devices/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let res = app
        .admin
        .post(app.url(&format!("/api/v1/devices/{}/revoke", me["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);

    let callers = vec![
        app.anon.clone(),
        app.client.clone(),
        bearer_client(&revoked),
        app.coordinator("koord-jatim", &["35"]).await,
        app.coordinator("koord-jabar", &["32"]).await,
        app.admin.clone(),
    ];
    let mut invites = Vec::new();
    let mut devices = Vec::new();
    let mut fresh_photos = Vec::new();
    let mut users = Vec::new();
    for i in 0..CALLERS.len() {
        users.push(
            app.create_user(
                &format!("lama-{i}"),
                Role::Koordinator,
                Some(app.org_id),
                &["35"],
            )
            .await,
        );
        let code = app.invite(&["35"], 1).await;
        let id = app.store.invites(None).await.unwrap()[0].id;
        invites.push((id, code));
        let token = app.join_device(&["35"]).await;
        let me: Value = bearer_client(&token)
            .get(app.url("/api/v1/devices/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        devices.push(me["id"].as_i64().unwrap());
        fresh_photos.push(jpeg(1500, i as u8 + 100));
    }
    // The login route signs this account in.
    app.create_user("matrix", Role::Koordinator, Some(app.org_id), &["35"])
        .await;
    World {
        callers,
        report: report.id,
        case,
        photo: photo_hash,
        invites,
        devices,
        users,
        fresh_photos,
    }
}

/// The concrete request for `path` by caller `i`: URL path and body.
fn request(w: &World, app: &TestApp, i: usize, method: &str, path: &str) -> (String, Body) {
    let fill = |p: &str| {
        p.replace("{id}", &w.report.to_string())
            .replace("{sha256}", &w.photo)
    };
    let none = Body::None;
    match (method, path) {
        ("GET", "/api/v1/cases/{id}") => (format!("/api/v1/cases/{}", w.case), none),
        ("POST", "/api/v1/cases/{id}/split") => (
            format!("/api/v1/cases/{}/split", w.case),
            // The only report of the case: refused, nothing changes.
            Body::Json(json!({ "report_id": w.report })),
        ),
        ("POST", "/api/v1/cases/{id}/links/{other}/dismiss") => (
            format!("/api/v1/cases/{}/links/{}/dismiss", w.case, w.case),
            none,
        ),
        ("POST", "/api/v1/cases/{id}/merge") => (
            format!("/api/v1/cases/{}/merge", w.case),
            Body::Json(json!({ "other_case_id": w.case })),
        ),
        ("POST", "/api/v1/cases/{id}/status") => (
            format!("/api/v1/cases/{}/status", w.case),
            Body::Json(json!({ "action": "close" })),
        ),
        ("PUT", "/api/v1/cases/{id}/canonical") => (
            format!("/api/v1/cases/{}/canonical", w.case),
            Body::Json(json!({})),
        ),
        ("POST", "/api/v1/devices/{id}/revoke") => {
            (format!("/api/v1/devices/{}/revoke", w.devices[i]), none)
        }
        ("POST", "/api/v1/invites/{id}/revoke") => {
            (format!("/api/v1/invites/{}/revoke", w.invites[i].0), none)
        }
        ("POST", "/api/v1/devices/join") => (
            path.into(),
            Body::Json(json!({ "code": w.invites[i].1.to_lowercase() })),
        ),
        ("POST", "/api/v1/auth/login") => (
            path.into(),
            Body::Json(json!({ "username": "matrix", "password": PASSWORD })),
        ),
        ("POST", "/api/v1/auth/password") => (
            path.into(),
            Body::Json(
                json!({ "current_password": "not the password", "new_password": "a new long password" }),
            ),
        ),
        ("PUT", "/api/v1/reports/{id}") => {
            let r = unrelated_report();
            (format!("/api/v1/reports/{}", r.id), Body::Json(json(&r)))
        }
        ("POST", "/api/v1/sync") => (
            path.into(),
            Body::Json(json!({ "reports": [json(&unrelated_report())] })),
        ),
        ("POST", "/api/v1/reports/status") => (
            path.into(),
            Body::Json(json!({ "ids": [w.report], "since": 0 })),
        ),
        ("PUT", "/api/v1/evidence/{sha256}") => {
            let bytes = w.fresh_photos[i].clone();
            (
                format!("/api/v1/evidence/{}", sha256(&bytes)),
                Body::Bytes(bytes),
            )
        }
        // A coordinator's invite defaults to their regions; an admin names them.
        ("POST", "/api/v1/invites") if i == 5 => (
            path.into(),
            Body::Json(json!({ "organisation_id": app.org_id, "scopes": ["35"] })),
        ),
        ("POST", "/api/v1/invites") => (path.into(), Body::Json(json!({}))),
        ("POST", "/api/v1/users") => (
            path.into(),
            Body::Json(json!({
                "username": format!("baru-{i}"),
                "password": PASSWORD,
                "role": "koordinator",
                "organisation_id": app.org_id,
                "scopes": ["35.78"],
            })),
        ),
        ("POST", "/api/v1/users/{id}/disable") => {
            (format!("/api/v1/users/{}/disable", w.users[i]), none)
        }
        ("POST", "/api/v1/organisations") => (
            path.into(),
            Body::Json(json!({ "name": format!("Organisasi {i}") })),
        ),
        _ => (fill(path), none),
    }
}

/// A report that joins no existing case (another regency), so the case
/// the split and merge rows act on keeps its single report.
fn unrelated_report() -> netral_shared::report::Report {
    let mut r = valid_report();
    r.place.province = "32".into();
    r.place.regency = "32.73".into();
    r
}

enum Body {
    None,
    Json(Value),
    Bytes(Vec<u8>),
}

#[tokio::test]
async fn every_route_answers_every_kind_of_caller_as_declared() {
    let app = spawn_app_with(|s| s.public_statistics.enabled = true).await;
    let w = world(&app).await;
    let matrix = matrix();
    let mut routes = api_routes();
    // Signing out ends the session the other rows need: last.
    routes.sort_by_key(|r| r.path.ends_with("/logout"));
    let mut failures = Vec::new();
    for route in &routes {
        let key = (route.method.as_str(), route.path.as_str());
        let Some(expected) = matrix.get(&key) else {
            panic!("{} {} has no row in the authorisation matrix", key.0, key.1);
        };
        for (i, caller) in w.callers.iter().enumerate() {
            let (path, body) = request(&w, &app, i, key.0, key.1);
            let method = Method::from_bytes(key.0.as_bytes()).unwrap();
            let mut req = caller.request(method, app.url(&path));
            req = match body {
                Body::None => req,
                Body::Json(v) => req.json(&v),
                Body::Bytes(b) => req.body(b),
            };
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            let text = res.text().await.unwrap_or_default();
            if status != expected[i] {
                failures.push(format!(
                    "{} {} as {}: {status}, expected {} {text}",
                    key.0, key.1, CALLERS[i], expected[i]
                ));
                continue;
            }
            // The refusals say why, with a stable code.
            let code = serde_json::from_str::<Value>(&text)
                .ok()
                .map(|b| b["code"].clone());
            let want = match (status, i) {
                (401, 0) => Some("unauthenticated"),
                (401, 2) => Some("device_revoked"),
                (403, _) => Some("forbidden"),
                _ => None,
            };
            if let Some(want) = want
                && key.0 != "HEAD"
                && code != Some(Value::from(want))
            {
                failures.push(format!(
                    "{} {} as {}: code {code:?}, expected {want}",
                    key.0, key.1, CALLERS[i]
                ));
            }
        }
    }
    let declared: Vec<_> = routes
        .iter()
        .map(|r| (r.method.as_str().to_owned(), r.path.clone()))
        .collect();
    for (method, path) in matrix.keys() {
        assert!(
            declared.contains(&(method.to_string(), path.to_string())),
            "the matrix has a row for {method} {path}, which the router does not declare"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A device reads and changes only its own reports; a coordinator works
/// only the cases of their regions and sees pseudonyms, never identities.
#[tokio::test]
async fn devices_see_their_own_reports_and_coordinators_their_regions() {
    let app = spawn_app().await;
    let other = bearer_client(&app.join_device(&["35"]).await);
    let mine = valid_report();
    let mut jabar = valid_report();
    jabar.terlapor.name = "Budi Santoso".into();
    jabar.place.province = "32".into();
    jabar.place.regency = "32.73".into();
    app.sync(&[json(&mine), json(&jabar)]).await;

    // Another device: the report is not its own.
    let res = other
        .get(app.url(&format!("/api/v1/reports/{}", mine.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let status: Value = other
        .post(app.url("/api/v1/reports/status"))
        .json(&json!({ "ids": [mine.id, jabar.id] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["reports"], json!([]));
    let own: Value = app
        .client
        .post(app.url("/api/v1/reports/status"))
        .json(&json!({ "ids": [mine.id, jabar.id] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(own["reports"].as_array().unwrap().len(), 2);
    // Nor can it overwrite it.
    let mut hijack = mine.clone();
    hijack.revision = 2;
    hijack.description = "Diubah oleh perangkat lain yang tahu ID laporannya.".into();
    let body: Value = other
        .post(app.url("/api/v1/sync"))
        .json(&json!({ "reports": [json(&hijack)] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["results"][0]["outcome"], "rejected");
    assert_eq!(body["results"][0]["problems"][0]["code"], "other_device");
    let res = other
        .put(app.url(&format!("/api/v1/reports/{}", mine.id)))
        .json(&json(&hijack))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(app.stored(mine.id).await.unwrap()["revision"], 1);
    // An identical copy (a phone backup imported on a new phone) changes
    // nothing and passes as a replay, so neither phone shows it refused.
    let body: Value = other
        .post(app.url("/api/v1/sync"))
        .json(&json!({ "reports": [json(&mine)] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["results"][0]["outcome"], "replayed", "{body}");
    let still_mine: Value = app
        .client
        .post(app.url("/api/v1/reports/status"))
        .json(&json!({ "ids": [mine.id] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(still_mine["reports"].as_array().unwrap().len(), 1);

    // A Jawa Timur coordinator: one case, with the device's pseudonym.
    let jatim = app.coordinator("koord-jatim", &["35"]).await;
    let list: Value = jatim
        .get(app.url("/api/v1/cases"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["cases"][0]["regency"], "35.78");
    let case = list["cases"][0]["id"].as_i64().unwrap();
    let detail: Value = jatim
        .get(app.url(&format!("/api/v1/cases/{case}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let member = &detail["reports"][0];
    assert!(
        member["pseudonym"]
            .as_str()
            .unwrap()
            .starts_with("Relawan-")
    );
    let text = detail.to_string();
    assert!(
        !text.contains("Siti Aminah") && !text.contains("Darmo"),
        "{text}"
    );
    let stored: Value = jatim
        .get(app.url(&format!("/api/v1/reports/{}", mine.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stored["pseudonym"], member["pseudonym"]);
    assert!(!stored.to_string().contains("Siti Aminah"));

    // The Jawa Barat case is not there for them: 404, as if unknown.
    let jabar_case = app.stored(jabar.id).await.unwrap()["case_id"]
        .as_i64()
        .unwrap();
    for path in [
        format!("/api/v1/cases/{jabar_case}"),
        format!("/api/v1/reports/{}", jabar.id),
        format!("/api/v1/reports/{}/reporter", jabar.id),
    ] {
        let res = jatim.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
    // A kabupaten-level scope: Kota Surabaya only.
    let sby = app.coordinator("koord-sby", &["35.78"]).await;
    let list: Value = sby
        .get(app.url("/api/v1/cases"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    let bandung = app.coordinator("koord-bandung", &["32.01"]).await;
    let list: Value = bandung
        .get(app.url("/api/v1/cases"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 0);
    // The admin sees both.
    let list: Value = app
        .admin
        .get(app.url("/api/v1/cases"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 2);
}
