//! Grouping reports about one incident into cases.

mod common;

use common::{TestApp, json, spawn_app, valid_report};
use netral_shared::catalogue::ViolationCode;
use netral_shared::report::Report;
use serde_json::Value;

async fn case_of(app: &TestApp, r: &Report) -> i64 {
    app.stored(r.id).await.expect("stored")["case_id"]
        .as_i64()
        .unwrap()
}

async fn case(app: &TestApp, id: i64) -> Value {
    let res = app
        .admin
        .get(app.url(&format!("/api/v1/cases/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn live_cases(app: &TestApp) -> u64 {
    let list: Value = app
        .admin
        .get(app.url("/api/v1/cases"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list["total"].as_u64().unwrap()
}

/// The same camat's Facebook post, seen by three volunteers.
fn three_views_of_one_post() -> [Report; 3] {
    let mut a = valid_report();
    a.evidence_links =
        vec!["https://m.facebook.com/story.php?story_fbid=123456789&id=100064&mibextid=abc".into()];
    let mut b = valid_report();
    b.terlapor.name = "Ahmad Fauzi".into();
    b.evidence_links =
        vec!["https://www.facebook.com/100064/posts/123456789/?fbclid=IwAR0x".into()];
    let mut c = valid_report();
    c.terlapor.name = "AHMAD FAUZI, S.Sos".into();
    c.evidence_links =
        vec!["https://web.facebook.com/permalink.php?story_fbid=123456789&id=100064".into()];
    [a, b, c]
}

#[tokio::test]
async fn reports_of_one_post_make_one_case_with_reasons() {
    let app = spawn_app().await;
    let [a, b, c] = three_views_of_one_post();
    app.sync(&[json(&a)]).await;
    app.sync(&[json(&b), json(&c)]).await;
    let id = case_of(&app, &a).await;
    assert_eq!(case_of(&app, &b).await, id);
    assert_eq!(case_of(&app, &c).await, id);
    assert_eq!(live_cases(&app).await, 1);

    let detail = case(&app, id).await;
    assert_eq!(detail["summary"]["report_count"], 3);
    assert_eq!(
        detail["summary"]["terlapor_name"],
        "Drs. H. Ahmad Fauzi, M.Si."
    );
    assert_eq!(detail["summary"]["regency"], "35.78");
    let reasons: Vec<_> = detail["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].clone())
        .collect();
    assert_eq!(
        reasons,
        vec![Value::Null, "evidence_url".into(), "evidence_url".into()]
    );

    // Replaying the whole batch changes nothing.
    app.sync(&[json(&a), json(&b), json(&c)]).await;
    assert_eq!(live_cases(&app).await, 1);
    assert_eq!(case(&app, id).await["summary"]["report_count"], 3);
}

#[tokio::test]
async fn one_link_naming_different_people_makes_separate_cases() {
    let app = spawn_app().await;
    let article = "https://surabaya.detik.com/berita/d-7654321/asn-ikut-kampanye?utm_source=wa";
    let mut a = valid_report();
    a.terlapor.nip = "19660801 198803 1 001".into();
    a.evidence_links = vec![article.into()];
    let mut b = valid_report();
    b.terlapor.name = "Budi Santoso, S.Pd.".into();
    b.terlapor.nip = "19700101 199503 1 002".into();
    b.evidence_links = vec![article.into()];
    let mut c = valid_report();
    c.terlapor.name = "Siti Rahayu".into();
    c.evidence_links = vec![article.into()];
    app.sync(&[json(&a), json(&b), json(&c)]).await;
    let cases = [
        case_of(&app, &a).await,
        case_of(&app, &b).await,
        case_of(&app, &c).await,
    ];
    assert!(
        cases[0] != cases[1] && cases[1] != cases[2] && cases[0] != cases[2],
        "{cases:?}"
    );
    assert_eq!(live_cases(&app).await, 3);
}

#[tokio::test]
async fn same_name_region_and_neighbouring_day_join_only_for_the_same_kind_of_violation() {
    let app = spawn_app().await;
    let a = valid_report();
    let mut b = valid_report();
    b.terlapor.name = "H. Ahmad Fauzi".into();
    b.occurred_at = "2024-11-21".into();
    b.known_at = "2024-11-21".into();
    let mut c = valid_report();
    c.terlapor.name = "Ahmad Fauzi".into();
    c.violations = vec![ViolationCode::PasangApk];
    app.sync(&[json(&a), json(&b), json(&c)]).await;
    assert_eq!(case_of(&app, &a).await, case_of(&app, &b).await);
    assert_ne!(case_of(&app, &a).await, case_of(&app, &c).await);
    let detail = case(&app, case_of(&app, &a).await).await;
    assert_eq!(detail["reports"][1]["reason"], "name_region_date");
    assert_eq!(detail["reports"][1]["matched_report"], a.id.to_string());
}

#[tokio::test]
async fn a_report_matching_two_cases_merges_them() {
    let app = spawn_app().await;
    let mut a = valid_report();
    a.terlapor.nip = "19660801 198803 1 001".into();
    a.occurred_at = "2024-11-01".into();
    a.known_at = "2024-11-01".into();
    let mut b = valid_report();
    b.evidence_links = vec!["https://youtu.be/dQw4w9WgXcQ".into()];
    b.occurred_at = "2024-11-10".into();
    b.known_at = "2024-11-10".into();
    app.sync(&[json(&a), json(&b)]).await;
    let (case_a, case_b) = (case_of(&app, &a).await, case_of(&app, &b).await);
    assert_ne!(case_a, case_b);

    // Same NIP and day as `a`, same video as `b`.
    let mut c = valid_report();
    c.terlapor.nip = "196608011988031001".into();
    c.occurred_at = "2024-11-01".into();
    c.known_at = "2024-11-01".into();
    c.evidence_links = vec!["https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=share".into()];
    app.sync(&[json(&c)]).await;
    let merged = case_of(&app, &c).await;
    assert_eq!(case_of(&app, &a).await, merged);
    assert_eq!(case_of(&app, &b).await, merged);
    assert_eq!(live_cases(&app).await, 1);
    // The retired case's id still leads to the merged case.
    let retired = if merged == case_a { case_b } else { case_a };
    assert_eq!(case(&app, retired).await["summary"]["id"], merged);
}

#[tokio::test]
async fn a_coordinators_split_is_not_undone_by_later_matching() {
    let app = spawn_app().await;
    let [a, b, c] = three_views_of_one_post();
    app.sync(&[json(&a), json(&b)]).await;
    let id = case_of(&app, &a).await;
    let res = app
        .admin
        .post(app.url(&format!("/api/v1/cases/{id}/split")))
        .json(&serde_json::json!({ "report_id": b.id }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let split_case = case_of(&app, &b).await;
    assert_ne!(split_case, id);

    // A third report matching both stays with one and does not rejoin them.
    app.sync(&[json(&c)]).await;
    assert_ne!(case_of(&app, &a).await, case_of(&app, &b).await);
    assert_eq!(live_cases(&app).await, 2);

    // An explicit merge by the coordinator does join them.
    let res = app
        .admin
        .post(app.url(&format!("/api/v1/cases/{id}/merge")))
        .json(&serde_json::json!({ "other_case_id": split_case }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(live_cases(&app).await, 1);
    assert_eq!(case(&app, id).await["summary"]["report_count"], 3);

    // Splitting the only report of a case, or a report from the wrong case, is refused.
    let res = app
        .admin
        .post(app.url("/api/v1/cases/999999/split"))
        .json(&serde_json::json!({ "report_id": a.id }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "cannot_split");
}

#[tokio::test]
async fn cases_can_be_filtered_and_paged() {
    let app = spawn_app().await;
    let mut reports = Vec::new();
    for i in 0..5 {
        let mut r = valid_report();
        r.terlapor.name = format!("Pegawai Nomor {i}");
        if i == 4 {
            r.place.province = "32".into();
            r.place.regency = "32.73".into();
        }
        reports.push(json(&r));
    }
    app.sync(&reports).await;
    let get = |q: &'static str| {
        let app = &app;
        async move {
            app.admin
                .get(app.url(&format!("/api/v1/cases{q}")))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(get("").await["total"], 5);
    let page = get("?limit=2&offset=0").await;
    assert_eq!(
        (
            page["total"].as_u64(),
            page["cases"].as_array().unwrap().len()
        ),
        (Some(5), 2)
    );
    assert_eq!(get("?province=32").await["total"], 1);
    assert_eq!(get("?regency=35.78").await["total"], 4);
    assert_eq!(
        app.admin
            .get(app.url("/api/v1/cases/424242"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}
