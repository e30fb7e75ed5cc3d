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
/// device: the code and the token are kept only as HMAC-SHA-256 with the
/// server secret.
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

    // Keyed with the server secret, which is not in the database: an
    // unkeyed SHA-256 of a guessed code would match nothing stored.
    use sha2::Digest;
    for (keyed, secret) in [(&token_hash, &token), (&code_hash, &code)] {
        assert_ne!(
            keyed.as_slice(),
            sha2::Sha256::digest(secret.as_bytes()).as_slice()
        );
        assert_eq!(
            rows_holding(&app, "devices", &sha2::Sha256::digest(secret.as_bytes())).await
                + rows_holding(&app, "invites", &sha2::Sha256::digest(secret.as_bytes())).await,
            0
        );
    }
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

/// The reporter's identity and the witnesses of `report`, as they must
/// appear nowhere in the database.
fn identity_secrets(report: &netral_shared::report::Report) -> Vec<Vec<u8>> {
    [
        report.reporter.name.as_str(),
        report.reporter.contact.as_str(),
        report.reporter.address.as_str(),
        "Bambang Sutrisno",
        "0857-1111-2222",
        "Dewi Lestari",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}

/// A report whose reporter and witnesses are easy to find in a file.
fn report_with_witnesses() -> netral_shared::report::Report {
    let mut r = valid_report();
    r.reporter.name = "Wulandari Pelapor-Rahasia".into();
    r.reporter.contact = "0813-9999-4321".into();
    r.reporter.address = "Jl. Kenanga Rahasia 17, Surabaya".into();
    r.witnesses = "Saksi Bambang Sutrisno, 0857-1111-2222; Saksi Dewi Lestari".into();
    r
}

/// Where the secrets could be: every table a report or an opening writes.
const REPORT_TABLES: [&str; 6] = [
    "reporters",
    "report_versions",
    "reports",
    "report_keys",
    "audit_log",
    "case_events",
];

/// What `pg_dump` writes of the test's PostgreSQL database.
fn postgres_dump(url: &str) -> Vec<u8> {
    let pg_dump = std::fs::read_dir("/usr/lib/postgresql")
        .ok()
        .and_then(|dirs| {
            dirs.filter_map(Result::ok)
                .map(|d| d.path().join("bin/pg_dump"))
                .filter(|p| p.is_file())
                .max()
        })
        .unwrap_or_else(|| "pg_dump".into());
    let out = std::process::Command::new(pg_dump)
        .arg("--data-only")
        .arg(url)
        .output()
        .expect("pg_dump runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Everything of the database a thief could copy: the SQLite file and its
/// WAL, or a PostgreSQL dump.
fn stolen_database(app: &TestApp) -> Vec<u8> {
    match &app.database_url {
        Some(url) => postgres_dump(url),
        None => database_bytes(app),
    }
}

async fn case_detail_of(app: &TestApp, id: uuid::Uuid) -> Value {
    let case = app.stored(id).await.unwrap()["case_id"].as_i64().unwrap();
    app.admin
        .get(app.url(&format!("/api/v1/cases/{case}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn reveal(app: &TestApp, id: uuid::Uuid) -> Value {
    let res = app
        .admin
        .get(app.url(&format!("/api/v1/reports/{id}/reporter")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// A database copied off the server (the SQLite file and its WAL, or a
/// PostgreSQL dump) holds nothing of the reporter's identity or of the
/// witnesses, in any version of the report: both are sealed with the server
/// secret. Coordinators see how many witnesses there are; their details come
/// only with the audited opening of the identity.
#[tokio::test]
async fn identities_and_witnesses_are_sealed_at_rest() {
    let app = spawn_app().await;
    let mut r = report_with_witnesses();
    let (status, body) = app.sync(&[json(&r)]).await;
    assert_eq!(status, 200, "{body}");
    r.revision = 2;
    r.description.push_str(" Diperbarui.");
    let (status, body) = app.sync(&[json(&r)]).await;
    assert_eq!(body["results"][0]["outcome"], "accepted", "{status} {body}");

    assert_eq!(
        app.count_rows("reporters WHERE sealed IS NOT NULL").await,
        1,
        "the sealed identity is where it belongs"
    );
    let secrets = identity_secrets(&r);
    for (i, secret) in secrets.iter().enumerate() {
        for table in REPORT_TABLES {
            assert_eq!(
                rows_holding(&app, table, secret).await,
                0,
                "{table}, secret {i}"
            );
        }
    }
    let stolen = stolen_database(&app);
    assert!(
        holds(&stolen, r.terlapor.name.as_bytes()),
        "the finding is there"
    );
    for (i, secret) in secrets.iter().enumerate() {
        assert!(!holds(&stolen, secret), "secret {i} is in the database");
    }

    let detail = case_detail_of(&app, r.id).await;
    assert_eq!(detail["reports"][0]["witnesses"], 2, "{detail}");
    assert_eq!(detail["reports"][0]["report"]["witnesses"], "");
    let text = detail.to_string();
    assert!(
        !text.contains("Bambang") && !text.contains("Wulandari"),
        "{text}"
    );

    let opened = reveal(&app, r.id).await;
    assert_eq!(opened["name"], r.reporter.name.as_str());
    assert_eq!(opened["contact"], r.reporter.contact.as_str());
    assert_eq!(opened["address"], r.reporter.address.as_str());
    assert_eq!(opened["witnesses"], r.witnesses.as_str());
    let log: Value = app
        .admin
        .get(app.url("/api/v1/audit"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["entries"][0]["action"], "reporter_open");
    assert_eq!(log["entries"][0]["target"], format!("report:{}", r.id));
}

/// A database written before identities were sealed (migration 0005 leaves
/// them in the plain columns, and the witnesses in every stored version of
/// the finding): the next start seals them and removes the plain text from
/// the rows, the database file and the WAL.
#[tokio::test]
async fn identities_stored_in_plain_text_are_sealed_at_the_next_start() {
    let app = spawn_app().await;
    let mut r = report_with_witnesses();
    let (status, body) = app.sync(&[json(&r)]).await;
    assert_eq!(status, 200, "{body}");
    r.revision = 2;
    r.description.push_str(" Diperbarui.");
    let (_, body) = app.sync(&[json(&r)]).await;
    assert_eq!(body["results"][0]["outcome"], "accepted", "{body}");

    // The rows as the server wrote them before: the identity in the clear,
    // the witnesses in each version's body.
    let q = |s: &str| s.replace('\'', "''");
    app.execute(&format!(
        "UPDATE reporters SET sealed = NULL, has_contact = 0, witnesses = 0, \
         name = '{}', contact = '{}', address = '{}' WHERE report_id = '{}'",
        q(&r.reporter.name),
        q(&r.reporter.contact),
        q(&r.reporter.address),
        r.id
    ))
    .await;
    for revision in [1, 2] {
        let mut version = r.clone();
        version.revision = revision;
        version.reporter = Default::default();
        app.execute(&format!(
            "UPDATE report_versions SET body = '{}' WHERE report_id = '{}' AND revision = {revision}",
            q(&serde_json::to_string(&version).unwrap()),
            r.id
        ))
        .await;
    }
    let secrets = identity_secrets(&r);
    for (i, secret) in secrets.iter().enumerate() {
        let rows = rows_holding(&app, "reporters", secret).await
            + rows_holding(&app, "report_versions", secret).await;
        assert!(rows > 0, "secret {i} is in plain text before the start");
    }

    // The next start (another replica, or the same server restarted).
    let restarted = netral_server::startup::Application::build(app.settings.clone())
        .await
        .unwrap();
    drop(restarted);

    for (i, secret) in secrets.iter().enumerate() {
        for table in REPORT_TABLES {
            assert_eq!(
                rows_holding(&app, table, secret).await,
                0,
                "{table}, secret {i}"
            );
        }
    }
    let stolen = stolen_database(&app);
    for (i, secret) in secrets.iter().enumerate() {
        assert!(
            !holds(&stolen, secret),
            "secret {i} is still in the database"
        );
    }
    let detail = case_detail_of(&app, r.id).await;
    assert_eq!(detail["reports"][0]["witnesses"], 2, "{detail}");
    assert_eq!(
        detail["formal_missing"]
            .as_array()
            .map(|m| m.iter().any(|g| g["field"] == "reporter.contact")),
        Some(false),
        "{detail}"
    );
    let opened = reveal(&app, r.id).await;
    assert_eq!(opened["name"], r.reporter.name.as_str());
    assert_eq!(opened["witnesses"], r.witnesses.as_str());
}

/// Token hashes written before the server secret (plain SHA-256) are keyed
/// at the first start with it, so joined phones keep working; a start with
/// another secret, or with a key file others may read, is refused.
#[tokio::test]
async fn older_token_hashes_are_keyed_and_another_secret_is_refused() {
    use sha2::Digest;
    let app = spawn_app().await;
    let legacy = hex::encode(sha2::Sha256::digest(app.device_token.as_bytes()));
    let literal = match app.database_url {
        Some(_) => format!("'\\x{legacy}'::bytea"),
        None => format!("X'{legacy}'"),
    };
    app.execute(&format!("UPDATE devices SET token_hash = {literal}"))
        .await;
    app.execute("DELETE FROM server_key").await;
    let me = |app: &TestApp| {
        let req = app.client.get(app.url("/api/v1/devices/me"));
        async move { req.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(
        me(&app).await,
        401,
        "a plain hash is not what the server looks for"
    );

    let restarted = netral_server::startup::Application::build(app.settings.clone())
        .await
        .unwrap();
    drop(restarted);
    assert_eq!(
        me(&app).await,
        200,
        "the phone works again, without re-joining"
    );
    assert_eq!(
        rows_holding(&app, "devices", &hex::decode(&legacy).unwrap()).await,
        0
    );

    let mut other = app.settings.clone();
    other.secret_key = Some("ab".repeat(32));
    let err = netral_server::startup::Application::build(other)
        .await
        .err()
        .expect("another secret is refused");
    assert!(err.to_string().contains("another server secret"), "{err}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = app.data_dir.path().join("netral.key");
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "created for the server's user alone");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o640)).unwrap();
        let err = netral_server::startup::Application::build(app.settings.clone())
            .await
            .err()
            .expect("a key file others may read is refused");
        assert!(err.to_string().contains("chmod 600"), "{err}");
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
