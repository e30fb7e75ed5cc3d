//! Cases stay in their region: a revision does not move a case, a report's
//! key never joins or merges cases of two kab/kota (a "possibly the same"
//! link instead, which coordinators confirm with a merge or dismiss), and
//! automatic merges are on the timeline and in the audit log.

mod common;

use common::{TestApp, json, spawn_app, valid_report};
use netral_shared::report::Report;
use serde_json::Value;
use uuid::Uuid;

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, Value) {
    let res = client.get(app.url(path)).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn post(client: &reqwest::Client, app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    let res = client
        .post(app.url(path))
        .header("sec-fetch-site", "same-origin")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn case_of(app: &TestApp, r: &Report) -> i64 {
    app.stored(r.id).await.unwrap()["case_id"].as_i64().unwrap()
}

fn report_in(regency: &str, link: &str) -> Report {
    let mut r = valid_report();
    r.place.province = regency[..2].into();
    r.place.regency = regency.into();
    r.source.url = link.into();
    r
}

async fn accepted(app: &TestApp, reports: &[&Report]) {
    let body: Vec<Value> = reports.iter().map(|r| json(r)).collect();
    let (status, answer) = app.sync(&body).await;
    assert_eq!(status, 200, "{answer}");
    for result in answer["results"].as_array().unwrap() {
        assert_eq!(result["outcome"], "accepted", "{answer}");
    }
}

/// The first report's sender cannot move the case, with other
/// organisations' reports in it, into another region by editing it.
#[tokio::test]
async fn a_revision_does_not_move_its_case_into_another_region() {
    let app = spawn_app().await;
    let surabaya = app.coordinator("koord-sby", &["35.78"]).await;
    let bandung = app.coordinator("koord-bdg", &["32.73"]).await;
    let first = report_in("35.78", "https://detik.com/berita/1");
    let second = Report {
        id: Uuid::now_v7(),
        ..first.clone()
    };
    accepted(&app, &[&first]).await;
    accepted(&app, &[&second]).await;
    let case = case_of(&app, &first).await;
    assert_eq!(case_of(&app, &second).await, case);

    let mut moved = first.clone();
    moved.revision = 2;
    moved.place.province = "32".into();
    moved.place.regency = "32.73".into();
    accepted(&app, &[&moved]).await;

    assert_eq!(
        case_of(&app, &first).await,
        case,
        "the report keeps its case"
    );
    let (status, detail) = get(&surabaya, &app, &format!("/api/v1/cases/{case}")).await;
    assert_eq!(status, 200, "Surabaya still sees its case");
    assert_eq!(detail["summary"]["regency"], "35.78", "{detail}");
    let (status, _) = get(&bandung, &app, &format!("/api/v1/cases/{case}")).await;
    assert_eq!(status, 404, "and Bandung does not get it");
    let (_, list) = get(&bandung, &app, "/api/v1/cases").await;
    assert_eq!(list["total"], 0, "{list}");
}

/// A bridging report (the link of a Surabaya case and the link of a Bandung
/// one) joins its own kab/kota's case only; the other is linked, visible to
/// coordinators of both, and nothing of Bandung moves to Surabaya.
#[tokio::test]
async fn a_bridging_report_links_cases_of_two_regions_and_never_merges_them() {
    let app = spawn_app().await;
    let surabaya = app.coordinator("koord-sby", &["35.78"]).await;
    let bandung = app.coordinator("koord-bdg", &["32.73"]).await;
    let sby = report_in("35.78", "https://detik.com/berita/1");
    let bdg = report_in("32.73", "https://detik.com/berita/2");
    accepted(&app, &[&sby, &bdg]).await;
    let (case_sby, case_bdg) = (case_of(&app, &sby).await, case_of(&app, &bdg).await);
    assert_ne!(case_sby, case_bdg);

    // Reported from Surabaya with Surabaya's link and Bandung's.
    let mut bridge = report_in("35.78", "https://detik.com/berita/1");
    bridge.evidence_links = vec!["https://detik.com/berita/2".into()];
    accepted(&app, &[&bridge]).await;

    assert_eq!(
        case_of(&app, &bdg).await,
        case_bdg,
        "Bandung's case is not swallowed"
    );
    let (status, detail) = get(&bandung, &app, &format!("/api/v1/cases/{case_bdg}")).await;
    assert_eq!(status, 200);
    assert_eq!(detail["summary"]["report_count"], 1, "{detail}");
    let links = detail["possibly_same"].as_array().unwrap();
    assert_eq!(links.len(), 1, "{detail}");
    assert_eq!(links[0]["reason"], "evidence_url");
    assert_eq!(
        links[0]["other_visible"], false,
        "Surabaya's case is not Bandung's"
    );

    let bridge_case = case_of(&app, &bridge).await;
    assert_eq!(bridge_case, case_sby, "it joins its own kab/kota's case");
    let (_, mine) = get(&surabaya, &app, "/api/v1/case-links").await;
    assert_eq!(mine["links"].as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine["links"][0]["case_id"], bridge_case);
    assert_eq!(mine["links"][0]["other_case_id"], case_bdg);
    let (_, theirs) = get(&bandung, &app, "/api/v1/case-links").await;
    assert_eq!(theirs["links"][0]["case_id"], case_bdg, "{theirs}");
    let outsider = app.coordinator("koord-aceh", &["11"]).await;
    let (_, none) = get(&outsider, &app, "/api/v1/case-links").await;
    assert_eq!(none["links"], serde_json::json!([]));

    // Confirming is the audited merge, by someone whose regions cover both.
    let (status, _) = post(
        &surabaya,
        &app,
        &format!("/api/v1/cases/{bridge_case}/merge"),
        serde_json::json!({ "other_case_id": case_bdg }),
    )
    .await;
    assert_eq!(
        status, 404,
        "a coordinator of one region cannot merge the other's"
    );
    let (status, merged) = post(
        &app.admin,
        &app,
        &format!("/api/v1/cases/{bridge_case}/merge"),
        serde_json::json!({ "other_case_id": case_bdg }),
    )
    .await;
    assert_eq!(status, 200, "{merged}");
    assert_eq!(
        merged["possibly_same"],
        serde_json::json!([]),
        "settled by the merge"
    );
}

#[tokio::test]
async fn a_dismissed_link_is_never_suggested_again() {
    let app = spawn_app().await;
    let bandung = app.coordinator("koord-bdg", &["32.73"]).await;
    let sby = report_in("35.78", "https://detik.com/berita/9");
    let bdg = report_in("32.73", "https://detik.com/berita/9");
    accepted(&app, &[&sby]).await;
    accepted(&app, &[&bdg]).await;
    let (case_sby, case_bdg) = (case_of(&app, &sby).await, case_of(&app, &bdg).await);
    assert_ne!(case_sby, case_bdg, "one post, two kab/kota: two cases");

    let path = format!("/api/v1/cases/{case_bdg}/links/{case_sby}/dismiss");
    let (status, detail) = post(&bandung, &app, &path, Value::Null).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["possibly_same"], serde_json::json!([]));
    assert!(
        detail["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "link_dismissed"),
        "{detail}"
    );
    let (status, again) = post(&bandung, &app, &path, Value::Null).await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("no_open_link"))
    );

    // A third report of the same post in Bandung links the same two cases:
    // still dismissed.
    let mut third = report_in("32.73", "https://detik.com/berita/9");
    third.id = Uuid::now_v7();
    accepted(&app, &[&third]).await;
    assert_eq!(case_of(&app, &third).await, case_bdg);
    let (_, list) = get(&bandung, &app, "/api/v1/case-links").await;
    assert_eq!(list["links"], serde_json::json!([]), "{list}");

    let (_, audit) = get(&app.admin, &app, "/api/v1/audit").await;
    assert!(
        audit["entries"].as_array().unwrap().iter().any(
            |e| e["action"] == "case_link_dismiss" && e["target"] == format!("case:{case_bdg}")
        ),
        "{audit}"
    );
}

/// A report matching two cases of its kab/kota merges them, and the merge is
/// on the timeline and in the audit log like a coordinator's.
#[tokio::test]
async fn an_automatic_merge_is_on_the_timeline_and_in_the_audit_log() {
    let app = spawn_app().await;
    let a = report_in("35.78", "https://detik.com/berita/1");
    let mut b = report_in("35.78", "https://detik.com/berita/2");
    b.known_at = "2024-11-24".into();
    b.occurred_at = "2024-11-24T10:00".into();
    b.violations = vec![netral_shared::catalogue::ViolationCode::PasangApk];
    accepted(&app, &[&a]).await;
    accepted(&app, &[&b]).await;
    let (case_a, case_b) = (case_of(&app, &a).await, case_of(&app, &b).await);
    assert_ne!(case_a, case_b);
    let mut bridge = report_in("35.78", "https://detik.com/berita/2");
    bridge.evidence_links = vec!["https://detik.com/berita/1".into()];
    accepted(&app, &[&bridge]).await;
    assert_eq!(
        case_of(&app, &b).await,
        case_a,
        "merged into the older case"
    );

    let (_, detail) = get(&app.admin, &app, &format!("/api/v1/cases/{case_a}")).await;
    let event = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "auto_merge")
        .cloned()
        .unwrap_or_else(|| panic!("no auto_merge event: {detail}"));
    assert_eq!(event["other_case"], case_b);
    let (_, audit) = get(&app.admin, &app, "/api/v1/audit").await;
    let entry = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "case_merge_auto")
        .cloned()
        .unwrap_or_else(|| panic!("no audit entry: {audit}"));
    assert_eq!(entry["target"], format!("case:{case_a}"));
    assert_eq!(entry["details"]["other_case_id"], case_b);
}
