//! Volunteers' devices joining with invite codes, and coordinators revoking
//! them.

mod common;

use common::{TestApp, bearer_client, json, spawn_app, valid_report};
use netral_shared::accounts::AuditAction;
use serde_json::{Value, json};

async fn join(app: &TestApp, code: &str) -> (u16, Value) {
    let res = app
        .anon
        .post(app.url("/api/v1/devices/join"))
        .json(&json!({ "code": code }))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn create_invite(app: &TestApp, client: &reqwest::Client, body: Value) -> (u16, Value) {
    let res = client
        .post(app.url("/api/v1/invites"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn a_coordinators_invite_lets_devices_join_up_to_its_uses() {
    let app = spawn_app().await;
    let koord = app.coordinator("koord", &["35.78"]).await;
    let (status, created) = create_invite(&app, &koord, json!({ "max_uses": 2 })).await;
    assert_eq!(status, 201, "{created}");
    let code = created["code"].as_str().unwrap();
    // Grouped for reading aloud, without look-alike characters.
    assert_eq!(code.len(), 12);
    assert_eq!(code.matches('-').count(), 2);
    assert!(!code.contains(['0', 'O', '1', 'I', 'L']), "{code}");
    // And as a link for a phone's camera, with its QR code.
    assert_eq!(
        created["join_url"],
        format!("http://{}/gabung?kode={code}", app.addr)
    );
    assert!(created["qr_svg"].as_str().unwrap().contains("<svg"));
    // The coordinator's own regions by default, valid three days.
    assert_eq!(created["invite"]["scopes"], json!(["35.78"]));
    assert_eq!(created["invite"]["max_uses"], 2);

    // Typed in lower case with spaces instead of dashes.
    let typed = code.to_lowercase().replace('-', " ");
    let (status, first) = join(&app, &typed).await;
    assert_eq!(status, 201, "{first}");
    let token = first["token"].as_str().unwrap();
    assert_eq!(token.len(), 64);
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    let pseudonym = first["device"]["pseudonym"].as_str().unwrap();
    assert!(
        pseudonym.starts_with("Relawan-") && pseudonym.len() == 12,
        "{pseudonym}"
    );
    assert_eq!(first["device"]["organisation"], common::ORG);
    assert_eq!(first["device"]["scopes"], json!(["35.78"]));

    let (status, second) = join(&app, code).await;
    assert_eq!(status, 201);
    assert_ne!(second["token"], first["token"]);
    assert_ne!(second["device"]["pseudonym"], first["device"]["pseudonym"]);
    let (status, third) = join(&app, code).await;
    assert_eq!(
        (status, third["code"].as_str()),
        (410, Some("invite_used_up"))
    );

    // The token works, and says who the device is.
    let device = bearer_client(token);
    let me: Value = device
        .get(app.url("/api/v1/devices/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["pseudonym"], pseudonym);
    // Only its hash is stored.
    assert_eq!(
        app.count_rows(&format!("devices WHERE pseudonym = '{pseudonym}'"))
            .await,
        1
    );
    let invites: Value = koord
        .get(app.url("/api/v1/invites"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(invites["invites"][0]["uses"], 2);
    assert!(!invites.to_string().contains(&code.replace('-', "")));
}

#[tokio::test]
async fn unknown_expired_and_revoked_codes_are_told_apart() {
    let app = spawn_app().await;
    for bad in ["AAAA-BBBB-CC", "K7QM-4XTR-90", "kurang"] {
        let (status, body) = join(&app, bad).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (404, Some("invite_invalid")),
            "{bad}"
        );
    }
    let expired = app.invite(&["35"], 5).await;
    app.execute("UPDATE invites SET expires_at = 1").await;
    let (status, body) = join(&app, &expired).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (410, Some("invite_expired"))
    );
    assert!(
        body["message"]["id"]
            .as_str()
            .unwrap()
            .contains("kedaluwarsa")
    );

    let koord = app.coordinator("koord", &["35"]).await;
    let (_, created) = create_invite(&app, &koord, json!({})).await;
    let id = created["invite"]["id"].as_i64().unwrap();
    let res = koord
        .post(app.url(&format!("/api/v1/invites/{id}/revoke")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let (status, body) = join(&app, created["code"].as_str().unwrap()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (410, Some("invite_revoked"))
    );
}

#[tokio::test]
async fn invites_stay_inside_the_coordinators_organisation_and_regions() {
    let app = spawn_app().await;
    let sby = app.coordinator("koord-sby", &["35.78"]).await;
    let (status, body) = create_invite(&app, &sby, json!({ "scopes": ["35"] })).await;
    assert_eq!(status, 422);
    assert_eq!(body["problems"][0]["code"], "unknown_region");
    let (status, _) =
        create_invite(&app, &sby, json!({ "scopes": ["35.78"], "max_uses": 501 })).await;
    assert_eq!(status, 422);
    let (status, _) = create_invite(&app, &sby, json!({ "organisation_id": app.org_id + 1 })).await;
    assert_eq!(status, 403);
    // An admin must say for which organisation and regions.
    let (status, body) = create_invite(&app, &app.admin, json!({})).await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = create_invite(
        &app,
        &app.admin,
        json!({ "organisation_id": app.org_id, "scopes": ["95"] }),
    )
    .await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn a_revoked_device_is_told_so_and_its_reports_stay() {
    let app = spawn_app().await;
    let report = valid_report();
    let (status, _) = app.sync(&[json(&report)]).await;
    assert_eq!(status, 200);

    let jatim = app.coordinator("koord-jatim", &["35"]).await;
    let jabar = app.coordinator("koord-jabar", &["32"]).await;
    let list = |client: &reqwest::Client| {
        let req = client.get(app.url("/api/v1/devices"));
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let devices = list(&jatim).await;
    assert_eq!(devices["devices"].as_array().unwrap().len(), 1);
    let id = devices["devices"][0]["id"].as_i64().unwrap();
    assert_eq!(list(&jabar).await["devices"], json!([]));
    let revoke = |client: &reqwest::Client| {
        let req = client.post(app.url(&format!("/api/v1/devices/{id}/revoke")));
        async move { req.send().await.unwrap().status() }
    };
    // Not theirs: as if unknown.
    assert_eq!(revoke(&jabar).await, 404);
    assert_eq!(revoke(&jatim).await, 204);
    assert_eq!(revoke(&jatim).await, 404);
    assert!(!list(&jatim).await["devices"][0]["revoked_at"].is_null());

    for res in [
        app.client
            .post(app.url("/api/v1/sync"))
            .json(&json!({ "reports": [json(&valid_report())] }))
            .send()
            .await
            .unwrap(),
        app.client
            .get(app.url("/api/v1/devices/me"))
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(res.status(), 401);
        assert!(res.headers().contains_key("www-authenticate"));
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "device_revoked");
        assert!(body["message"]["id"].as_str().unwrap().contains("dicabut"));
        assert!(body["message"]["en"].as_str().unwrap().contains("revoked"));
    }
    // What it sent before is still there.
    assert_eq!(app.stored(report.id).await.unwrap()["revision"], 1);
}

#[tokio::test]
async fn tokens_that_are_not_a_devices_are_refused() {
    let app = spawn_app().await;
    for value in [
        "Bearer 0000000000000000000000000000000000000000000000000000000000000000",
        "Bearer ",
        "Basic YWRtaW46YWRtaW4=",
    ] {
        let res = app
            .anon
            .post(app.url("/api/v1/sync"))
            .header("authorization", value)
            .json(&json!({ "reports": [] }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{value}");
        assert_eq!(res.json::<Value>().await.unwrap()["code"], "invalid_token");
    }
}

#[tokio::test]
async fn guessing_codes_from_one_address_is_limited() {
    let app = spawn_app().await;
    let mut statuses = Vec::new();
    for _ in 0..25 {
        let res = app
            .anon
            .post(app.url("/api/v1/devices/join"))
            .json(&json!({ "code": "AAAA-BBBB-CC" }))
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
        if res.status() == 429 {
            assert!(res.headers().contains_key("retry-after"));
            assert_eq!(res.json::<Value>().await.unwrap()["code"], "rate_limited");
            break;
        }
    }
    // spawn_app joined one device; the burst is 20.
    assert_eq!(statuses.len(), 20, "{statuses:?}");
    assert!(statuses[..19].iter().all(|s| *s == 404));
}

/// Rows of `table` in which some column holds `needle`, read straight from
/// the database: on SQLite every column's bytes, on PostgreSQL the row as
/// text (where a `bytea` shows as hex).
async fn rows_holding(app: &TestApp, table: &str, needle: &[u8]) -> i64 {
    if let Some(url) = &app.database_url {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        let needle = match std::str::from_utf8(needle) {
            Ok(text) => text.to_owned(),
            Err(_) => hex::encode(needle),
        };
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {table} t WHERE position($1 in t::text) > 0"
        ))
        .bind(needle)
        .fetch_one(&pool)
        .await
        .unwrap();
        pool.close().await;
        return n;
    }
    let pool = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new().filename(app.data_dir.path().join("netral.db")),
    )
    .await
    .unwrap();
    let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
        .bind(table)
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(!columns.is_empty(), "no table {table}");
    let any = columns
        .iter()
        .map(|c| format!("instr(CAST({c} AS BLOB), ?1) > 0"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE {any}"))
        .bind(needle)
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    n
}

/// The SQLite database file and its write-ahead log, as bytes.
fn database_bytes(app: &TestApp) -> Vec<u8> {
    let mut bytes = Vec::new();
    for name in ["netral.db", "netral.db-wal"] {
        if let Ok(b) = std::fs::read(app.data_dir.path().join(name)) {
            bytes.extend(b);
        }
    }
    bytes
}

fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A database copied off the server must not let anyone join or send as a
/// device: the code and the token are kept only as SHA-256 hashes.
#[tokio::test]
async fn tokens_and_codes_are_stored_only_as_hashes() {
    let app = spawn_app().await;
    let koord = app.coordinator("koord", &["35"]).await;
    let (status, created) = create_invite(&app, &koord, json!({ "max_uses": 2 })).await;
    assert_eq!(status, 201, "{created}");
    let shown = created["code"].as_str().unwrap().to_owned();
    let code = shown.replace('-', "");
    let (status, joined) = join(&app, &shown).await;
    assert_eq!(status, 201, "{joined}");
    let token = joined["token"].as_str().unwrap().to_owned();
    // As shown, as typed, and the token's 32 random bytes themselves.
    let plaintexts: Vec<Vec<u8>> = vec![
        token.clone().into_bytes(),
        token.to_uppercase().into_bytes(),
        hex::decode(&token).unwrap(),
        code.clone().into_bytes(),
        code.to_lowercase().into_bytes(),
        shown.into_bytes(),
    ];
    let token_hash = netral_server::services::credentials::secret_hash(&app.keys, &token);
    let code_hash = netral_server::services::credentials::secret_hash(&app.keys, &code);

    // Looking in the right place: the hashes are there.
    assert_eq!(rows_holding(&app, "devices", &token_hash).await, 1);
    assert_eq!(rows_holding(&app, "invites", &code_hash).await, 1);
    for (i, plain) in plaintexts.iter().enumerate() {
        for table in ["devices", "invites", "audit_log"] {
            assert_eq!(
                rows_holding(&app, table, plain).await,
                0,
                "{table}, secret {i}"
            );
        }
    }
    if app.database_url.is_none() {
        let bytes = database_bytes(&app);
        assert!(holds(&bytes, &token_hash));
        for (i, plain) in plaintexts.iter().enumerate() {
            assert!(!holds(&bytes, plain), "secret {i} is in the database file");
        }
    }
}

/// Only a coordinator whose regions cover all of an invite's or a device's
/// regions, in its organisation, sees it and may revoke it.
#[tokio::test]
async fn invites_and_devices_are_managed_only_by_a_coordinator_covering_them() {
    let app = spawn_app().await;
    // Java-wide: an invite for East and West Java, and a phone joined with it.
    let (status, created) = create_invite(
        &app,
        &app.admin,
        json!({ "organisation_id": app.org_id, "scopes": ["35", "32"], "max_uses": 2 }),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let invite = created["invite"]["id"].as_i64().unwrap();
    let (status, joined) = join(&app, created["code"].as_str().unwrap()).await;
    assert_eq!(status, 201, "{joined}");
    let device = joined["device"]["id"].as_i64().unwrap();

    let other_org = app
        .store
        .create_organisation(
            "Jaringan Lain",
            &common::cli_audit(AuditAction::OrganisationCreate),
        )
        .await
        .unwrap()
        .unwrap()
        .id;
    app.create_user(
        "koord-lain",
        netral_shared::accounts::Role::Koordinator,
        Some(other_org),
        &["35", "32"],
    )
    .await;
    let elsewhere = app.session_client("koord-lain").await;
    let partly = app.coordinator("koord-jatim", &["35"]).await;
    let covering = app.coordinator("koord-jawa", &["32", "35"]).await;

    let ids = |client: &reqwest::Client, what: &'static str| {
        let req = client.get(app.url(&format!("/api/v1/{what}")));
        async move {
            let body: Value = req.send().await.unwrap().json().await.unwrap();
            body[what]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    let revoke = |client: &reqwest::Client, what: &str, id: i64| {
        let req = client.post(app.url(&format!("/api/v1/{what}/{id}/revoke")));
        async move { req.send().await.unwrap().status().as_u16() }
    };
    for (name, client) in [("another organisation", &elsewhere), ("partly", &partly)] {
        assert!(!ids(client, "invites").await.contains(&invite), "{name}");
        assert!(!ids(client, "devices").await.contains(&device), "{name}");
        assert_eq!(revoke(client, "invites", invite).await, 404, "{name}");
        assert_eq!(revoke(client, "devices", device).await, 404, "{name}");
    }
    // Untouched by those attempts.
    let (status, _) = join(&app, created["code"].as_str().unwrap()).await;
    assert_eq!(status, 201, "the invite still works");

    assert!(ids(&covering, "invites").await.contains(&invite));
    assert!(ids(&covering, "devices").await.contains(&device));
    assert_eq!(revoke(&covering, "devices", device).await, 204);
    // An invite a coordinator made is theirs, whatever it was made for.
    let (status, own) = create_invite(&app, &partly, json!({ "scopes": ["35.78"] })).await;
    assert_eq!(status, 201, "{own}");
    let own = own["invite"]["id"].as_i64().unwrap();
    assert!(ids(&partly, "invites").await.contains(&own));
    assert_eq!(revoke(&partly, "invites", own).await, 204);
}
