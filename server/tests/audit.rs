//! The audit log: every change a coordinator or admin makes, and every
//! opening of a reporter's identity, with who and when, and no personal data.

mod common;

use common::{PASSWORD, TestApp, json, spawn_app, valid_report};
use netral_shared::accounts::Role;
use serde_json::{Value, json};

async fn audit(app: &TestApp, query: &str) -> Value {
    let res = app
        .admin
        .get(app.url(&format!("/api/v1/audit{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// How many times the log says a reporter's identity was opened.
fn identities_opened(log: &Value) -> usize {
    log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "reporter_open")
        .count()
}

async fn post(client: &reqwest::Client, url: String, body: Value) -> (u16, Value) {
    let res = client.post(url).json(&body).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn every_change_and_every_identity_opened_is_logged_without_personal_data() {
    let app = spawn_app().await;
    let koord = app.coordinator("koord", &["35"]).await;
    let a = valid_report();
    let mut b = valid_report();
    b.terlapor.name = "H. Ahmad Fauzi".into();
    b.reporter.name = "Budi Pelapor".into();
    b.reporter.contact = "0812-3456-7890".into();
    app.sync(&[json(&a), json(&b)]).await;
    let case = app.stored(a.id).await.unwrap()["case_id"].as_i64().unwrap();

    // Split, then merge back.
    let (status, split) = post(
        &koord,
        app.url(&format!("/api/v1/cases/{case}/split")),
        json!({ "report_id": b.id }),
    )
    .await;
    assert_eq!(status, 200, "{split}");
    let new_case = split["summary"]["id"].as_i64().unwrap();
    let (status, _) = post(
        &koord,
        app.url(&format!("/api/v1/cases/{case}/merge")),
        json!({ "other_case_id": new_case }),
    )
    .await;
    assert_eq!(status, 200);
    // A refused split writes nothing.
    let (status, _) = post(
        &koord,
        app.url(&format!("/api/v1/cases/{case}/split")),
        json!({ "report_id": uuid::Uuid::now_v7() }),
    )
    .await;
    assert_eq!(status, 409);

    // Opening who sent a report: the identity, for an in-scope coordinator.
    let res = koord
        .get(app.url(&format!("/api/v1/reports/{}/reporter", b.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let identity: Value = res.json().await.unwrap();
    assert_eq!(identity["name"], "Budi Pelapor");
    assert_eq!(identity["contact"], "0812-3456-7890");

    // Invites and devices.
    let (status, invite) = post(&koord, app.url("/api/v1/invites"), json!({ "max_uses": 3 })).await;
    assert_eq!(status, 201);
    let invite_id = invite["invite"]["id"].as_i64().unwrap();
    let code = invite["code"].as_str().unwrap().to_owned();
    assert_eq!(
        post(
            &koord,
            app.url(&format!("/api/v1/invites/{invite_id}/revoke")),
            json!({})
        )
        .await
        .0,
        204
    );
    let devices: Value = koord
        .get(app.url("/api/v1/devices"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let device_id = devices["devices"][0]["id"].as_i64().unwrap();
    assert_eq!(
        post(
            &koord,
            app.url(&format!("/api/v1/devices/{device_id}/revoke")),
            json!({})
        )
        .await
        .0,
        204
    );

    // Accounts.
    let (status, org) = post(
        &app.admin,
        app.url("/api/v1/organisations"),
        json!({ "name": "LSM Pemantau" }),
    )
    .await;
    assert_eq!(status, 201);
    let (status, user) = post(
        &app.admin,
        app.url("/api/v1/users"),
        json!({ "username": "koord2", "password": PASSWORD, "role": "koordinator",
                "organisation_id": org["id"], "scopes": ["32.73"] }),
    )
    .await;
    assert_eq!(status, 201, "{user}");
    let (status, _) = post(
        &koord,
        app.url("/api/v1/auth/password"),
        json!({ "current_password": PASSWORD, "new_password": "kata sandi baru yang panjang" }),
    )
    .await;
    assert_eq!(status, 204);

    let res = app
        .admin
        .post(app.url(&format!("/api/v1/users/{}/disable", user["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);

    let log = audit(&app, "?limit=500").await;
    let entries = log["entries"].as_array().unwrap();
    assert_eq!(log["total"].as_u64().unwrap() as usize, entries.len());
    let find = |action: &str| -> Vec<&Value> {
        entries.iter().filter(|e| e["action"] == action).collect()
    };
    let koord_id = {
        let me: Value = koord
            .get(app.url("/api/v1/auth/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        me["id"].clone()
    };
    for (action, target) in [
        ("case_split", format!("case:{case}")),
        ("case_merge", format!("case:{case}")),
        ("reporter_open", format!("report:{}", b.id)),
        ("invite_create", format!("invite:{invite_id}")),
        ("invite_revoke", format!("invite:{invite_id}")),
        ("device_revoke", format!("device:{device_id}")),
        ("password_change", format!("user:{koord_id}")),
    ] {
        let found = find(action);
        let by_koord: Vec<_> = found
            .iter()
            .filter(|e| e["actor_username"] == "koord")
            .collect();
        assert_eq!(by_koord.len(), 1, "{action}: {found:?}");
        assert_eq!(by_koord[0]["target"], target, "{action}");
        assert_eq!(by_koord[0]["actor_id"], koord_id, "{action}");
        assert!(by_koord[0]["at"].as_str().unwrap().ends_with('Z'));
    }
    assert_eq!(find("case_split")[0]["details"]["new_case_id"], new_case);
    assert_eq!(find("case_merge")[0]["details"]["other_case_id"], new_case);
    let by_admin = |action: &str| {
        find(action)
            .into_iter()
            .filter(|e| e["actor_username"] == "admin")
            .count()
    };
    assert_eq!(by_admin("organisation_create"), 1);
    assert_eq!(by_admin("user_create"), 1);
    assert_eq!(by_admin("user_disable"), 1);
    assert_eq!(
        find("user_create")
            .iter()
            .filter(|e| e["target"] == format!("user:{}", user["id"]))
            .count(),
        1
    );

    // No personal data: not the reporter, not the reported civil servant,
    // not a password, token or invite code.
    let text = log.to_string();
    for secret in [
        "Budi Pelapor",
        "0812-3456-7890",
        "Siti Aminah",
        "Darmo",
        "Ahmad Fauzi",
        PASSWORD,
        "kata sandi baru",
        &code,
        &code.replace('-', ""),
        &app.device_token,
    ] {
        assert!(!text.contains(secret), "{secret:?} in the audit log");
    }

    // Paged, newest first.
    let page = audit(&app, "?limit=2&offset=1").await;
    let ids: Vec<i64> = page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids[0] > ids[1]);
    assert_eq!(ids[0], entries[1]["id"].as_i64().unwrap());
}

#[tokio::test]
async fn an_identity_outside_the_coordinators_regions_is_neither_shown_nor_logged() {
    let app = spawn_app().await;
    let jabar = app.coordinator("koord-jabar", &["32"]).await;
    let report = valid_report();
    app.sync(&[json(&report)]).await;
    let res = jabar
        .get(app.url(&format!("/api/v1/reports/{}/reporter", report.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let log = audit(&app, "").await;
    assert_eq!(identities_opened(&log), 0);
    // The admin may, and is logged.
    let res = app
        .admin
        .get(app.url(&format!("/api/v1/reports/{}/reporter", report.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let log = audit(&app, "").await;
    assert_eq!(log["entries"][0]["action"], "reporter_open");
    assert_eq!(log["entries"][0]["actor_username"], "admin");
}

#[tokio::test]
async fn only_the_sending_devices_organisation_may_open_its_reporters_identity() {
    let app = spawn_app().await;
    let report = valid_report();
    app.sync(&[json(&report)]).await;
    // Another organisation of the coalition works the same province.
    let (status, org) = post(
        &app.admin,
        app.url("/api/v1/organisations"),
        json!({ "name": "Koalisi Lain Jawa Timur" }),
    )
    .await;
    assert_eq!(status, 201);
    app.create_user("koord-lain", Role::Koordinator, org["id"].as_i64(), &["35"])
        .await;
    let other = app.session_client("koord-lain").await;
    let own = app.coordinator("koord-jatim", &["35"]).await;
    let url = app.url(&format!("/api/v1/reports/{}/reporter", report.id));

    // Both see the case; only the sender's organisation sees who sent it.
    let case = app.url(&format!("/api/v1/reports/{}", report.id));
    assert_eq!(other.get(&case).send().await.unwrap().status(), 200);
    let res = other.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "forbidden");
    let log = audit(&app, "").await;
    assert_eq!(identities_opened(&log), 0);

    let res = own.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let log = audit(&app, "").await;
    assert_eq!(log["entries"][0]["action"], "reporter_open");
    assert_eq!(log["entries"][0]["actor_username"], "koord-jatim");
}
