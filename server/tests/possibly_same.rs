//! Duplicates as volunteers write them, through the real server (SQLite
//! here, PostgreSQL under `scripts/test-postgres.sh`): spelling variants
//! and a re-encoded screenshot join with their reason; part of a name
//! without the office is only suggested ("kemungkinan sama"), and a
//! coordinator confirms one suggestion with the audited merge and dismisses
//! another for good; a namesake in another office stays apart.

mod common;

use common::{TestApp, json, spawn_app, valid_report};
use netral_shared::report::{PhotoRef, Report};
use serde_json::Value;

async fn case_of(app: &TestApp, r: &Report) -> i64 {
    app.stored(r.id).await.expect("stored")["case_id"]
        .as_i64()
        .unwrap()
}

async fn get(app: &TestApp, path: &str) -> Value {
    let res = app.admin.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

async fn post(app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    let res = app
        .admin
        .post(app.url(path))
        .header("sec-fetch-site", "same-origin")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn accepted(app: &TestApp, reports: &[&Report]) {
    let body: Vec<Value> = reports.iter().map(|r| json(r)).collect();
    let (status, answer) = app.sync(&body).await;
    assert_eq!(status, 200, "{answer}");
    for result in answer["results"].as_array().unwrap() {
        assert_eq!(result["outcome"], "accepted", "{answer}");
    }
}

/// A camat of Kecamatan Wonokromo, Surabaya, on 2024-11-20.
fn camat(name: &str) -> Report {
    let mut r = valid_report();
    r.terlapor.name = name.into();
    r.terlapor.position = "Camat".into();
    r.terlapor.agency = "Kecamatan Wonokromo".into();
    r
}

fn screenshot(sha_seed: char, dhash: &str) -> PhotoRef {
    let sha: String = std::iter::repeat_n(sha_seed, 64).collect();
    PhotoRef {
        sha256: sha.clone(),
        original_sha256: sha,
        dhash: dhash.into(),
        ..PhotoRef::default()
    }
}

fn member_reasons(detail: &Value) -> Vec<String> {
    detail["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn spelling_variants_a_day_off_and_a_reencoded_screenshot_join_with_their_reason() {
    let app = spawn_app().await;
    let first = camat("Drs. H. Achmad Fauzi, M.Si.");
    let mut respelt = camat("Ahmad Fauzy");
    respelt.occurred_at = "2024-11-22".into();
    respelt.known_at = "2024-11-22".into();
    accepted(&app, &[&first]).await;
    accepted(&app, &[&respelt]).await;
    let case = case_of(&app, &first).await;
    assert_eq!(
        case_of(&app, &respelt).await,
        case,
        "Achmad/Ahmad, two days apart"
    );

    // The same screenshot from another phone (other bytes, 3 bits of its
    // dHash flipped), by a volunteer who wrote the office for the name.
    let mut with_photo = camat("Achmad Fauzi");
    with_photo.photos = vec![screenshot('a', "f0e08103070f3e7c")];
    accepted(&app, &[&with_photo]).await;
    let mut nameless = valid_report();
    nameless.terlapor.name = "Camat Wonokromo".into();
    nameless.terlapor.position = String::new();
    nameless.photos = vec![screenshot('b', "f0e08103070f3e7b")];
    accepted(&app, &[&nameless]).await;
    assert_eq!(case_of(&app, &nameless).await, case);

    let detail = get(&app, &format!("/api/v1/cases/{case}")).await;
    let reasons = member_reasons(&detail);
    assert!(reasons.contains(&"similar_name".to_owned()), "{reasons:?}");
    assert!(reasons.contains(&"similar_photo".to_owned()), "{reasons:?}");
    assert_eq!(detail["possibly_same"], serde_json::json!([]), "{detail}");

    // A perceptual hash that is not one is refused, with where and why.
    let mut bad = camat("Ahmad Fauzi");
    bad.photos = vec![screenshot('c', "F0E08103070F3E7B")];
    let (status, answer) = app.sync(&[json(&bad)]).await;
    assert_eq!(status, 200);
    let result = &answer["results"][0];
    assert_eq!(result["outcome"], "rejected", "{answer}");
    assert_eq!(result["problems"][0]["field"], "photos.0.dhash", "{answer}");
    assert_eq!(
        result["problems"][0]["code"], "invalid_photo_hash",
        "{answer}"
    );
    assert!(app.stored(bad.id).await.is_none());
}

#[tokio::test]
async fn a_namesake_in_another_office_is_another_person() {
    let app = spawn_app().await;
    let camat = camat("Ahmad Fauzi");
    let mut teacher = valid_report();
    teacher.terlapor.name = "Ahmad Fauzi, S.Pd.".into();
    teacher.terlapor.position = "Guru".into();
    teacher.terlapor.agency = "SD Negeri 1 Rungkut".into();
    accepted(&app, &[&camat]).await;
    accepted(&app, &[&teacher]).await;
    let (a, b) = (case_of(&app, &camat).await, case_of(&app, &teacher).await);
    assert_ne!(a, b, "the same name, another agency and position");
    let detail = get(&app, &format!("/api/v1/cases/{a}")).await;
    assert_eq!(
        detail["possibly_same"],
        serde_json::json!([]),
        "not even suggested"
    );
}

#[tokio::test]
async fn weak_evidence_is_suggested_then_confirmed_or_dismissed() {
    let app = spawn_app().await;
    // "Pak Fauzi", office not given: perhaps the camat, perhaps not.
    let full = camat("Ahmad Fauzi");
    let mut short = valid_report();
    short.terlapor.name = "Pak Fauzi".into();
    short.terlapor.position = String::new();
    accepted(&app, &[&full]).await;
    accepted(&app, &[&short]).await;
    let (case_full, case_short) = (case_of(&app, &full).await, case_of(&app, &short).await);
    assert_ne!(case_full, case_short, "not joined automatically");

    // One name, two positions, no agency: suggested too.
    let mut guru = valid_report();
    guru.terlapor.name = "Budi Santoso".into();
    guru.terlapor.position = "Guru SD".into();
    let mut lurah = valid_report();
    lurah.terlapor.name = "Budi Santoso".into();
    lurah.terlapor.position = "Lurah".into();
    accepted(&app, &[&guru]).await;
    accepted(&app, &[&lurah]).await;
    let (case_guru, case_lurah) = (case_of(&app, &guru).await, case_of(&app, &lurah).await);
    assert_ne!(case_guru, case_lurah);

    let list = get(&app, "/api/v1/case-links").await;
    let links = list["links"].as_array().unwrap();
    assert_eq!(links.len(), 2, "{list}");
    let reason_of = |a: i64, b: i64| {
        links
            .iter()
            .find(|l| {
                let pair = (l["case_id"].as_i64(), l["other_case_id"].as_i64());
                pair == (Some(a), Some(b)) || pair == (Some(b), Some(a))
            })
            .map(|l| l["reason"].as_str().unwrap().to_owned())
    };
    assert_eq!(
        reason_of(case_full, case_short).as_deref(),
        Some("partial_name"),
        "{list}"
    );
    assert_eq!(
        reason_of(case_guru, case_lurah).as_deref(),
        Some("name_region_date"),
        "{list}"
    );

    // Confirmed: the audited merge.
    let (status, merged) = post(
        &app,
        &format!("/api/v1/cases/{case_full}/merge"),
        serde_json::json!({ "other_case_id": case_short }),
    )
    .await;
    assert_eq!(status, 200, "{merged}");
    assert_eq!(case_of(&app, &short).await, case_of(&app, &full).await);
    assert_eq!(merged["possibly_same"], serde_json::json!([]), "{merged}");

    // Dismissed: remembered, and another report of the lurah that matches
    // both again brings no new suggestion.
    let (status, _) = post(
        &app,
        &format!("/api/v1/cases/{case_lurah}/links/{case_guru}/dismiss"),
        Value::Null,
    )
    .await;
    assert_eq!(status, 200);
    let mut again = valid_report();
    again.terlapor.name = "Budi Santoso".into();
    again.terlapor.position = "Lurah".into();
    accepted(&app, &[&again]).await;
    assert_eq!(case_of(&app, &again).await, case_lurah);
    let list = get(&app, "/api/v1/case-links").await;
    assert_eq!(list["links"], serde_json::json!([]), "{list}");

    let audit = get(&app, "/api/v1/audit").await;
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"case_merge"), "{actions:?}");
    assert!(actions.contains(&"case_link_dismiss"), "{actions:?}");
}

/// A report stored before the fuzzy keys has only `name:<name>:<PP.RR>:<day>`:
/// the server that starts on such a database still looks those up.
#[tokio::test]
async fn reports_stored_under_the_old_name_keys_are_still_found() {
    let mut app = spawn_app().await;
    let old = camat("Achmad Fauzi");
    accepted(&app, &[&old]).await;
    app.execute(&format!(
        "DELETE FROM report_keys WHERE report_id = '{}'",
        old.id
    ))
    .await;
    app.execute(&format!(
        "INSERT INTO report_keys (key, report_id) VALUES ('name:achmad fauzi:35.78:2024-11-20', '{}')",
        old.id
    ))
    .await;
    restart(&mut app).await;

    let mut next_day = camat("Achmad Fauzi");
    next_day.occurred_at = "2024-11-21".into();
    next_day.known_at = "2024-11-21".into();
    accepted(&app, &[&next_day]).await;
    assert_eq!(case_of(&app, &next_day).await, case_of(&app, &old).await);
}

/// Fuzzy keys stored before they led with their block
/// (`word:<sound>:<PP.RR>:<day>`) are rewritten when the server migrates,
/// so a spelling variant sent later still joins the report.
#[tokio::test]
async fn fuzzy_keys_of_the_older_form_are_rewritten_and_still_found() {
    let mut app = spawn_app().await;
    let old = camat("Achmad Fauzi");
    accepted(&app, &[&old]).await;
    // Only its fuzzy keys left, put back in the older form, and the
    // database as it was before migration 10.
    app.execute(&format!(
        "DELETE FROM report_keys WHERE report_id = '{}' \
         AND (key LIKE 'url:%' OR key LIKE 'photo:%' OR key LIKE 'nip:%')",
        old.id
    ))
    .await;
    app.execute(&format!(
        "UPDATE report_keys SET key = substr(key, 18) || ':' || substr(key, 1, 16) \
         WHERE report_id = '{}'",
        old.id
    ))
    .await;
    let older = "report_keys WHERE key IN ('word:amad:35.78:2024-11-20', \
                 'word:fauzi:35.78:2024-11-20', 'office:camat:wonokromo:35.78:2024-11-20')";
    assert_eq!(app.count_rows(older).await, 3);
    app.execute("DELETE FROM _sqlx_migrations WHERE version = 10")
        .await;
    restart(&mut app).await;
    assert_eq!(app.count_rows(older).await, 0);
    assert_eq!(
        app.count_rows("report_keys WHERE key = '35.78:2024-11-20:word:fauzi'")
            .await,
        1
    );

    let mut variant = camat("Ahmad Fauzi");
    variant.occurred_at = "2024-11-21".into();
    variant.known_at = "2024-11-21".into();
    accepted(&app, &[&variant]).await;
    assert_eq!(case_of(&app, &variant).await, case_of(&app, &old).await);
}

/// The server started again on the same database (migrating it, reading
/// what it reads at start); the test talks to the new one from here on.
async fn restart(app: &mut TestApp) {
    let restarted = netral_server::startup::Application::build(app.settings.clone())
        .await
        .unwrap();
    app.addr = restarted.local_addr();
    tokio::spawn(restarted.run_until_stopped());
}
