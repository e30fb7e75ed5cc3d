//! Issue 14: a number the parser does not recognise never stops a report and
//! never joins reports; a report without the volunteer's identity is taken,
//! and its case says the pelapor is still to be named.

mod common;

use common::{TestApp, json, spawn_app, valid_report};
use netral_shared::report::Report;
use serde_json::Value;

fn problems(body: &Value, i: usize) -> Vec<(String, String, String)> {
    body["results"][i]["problems"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
                    (s("field"), s("code"), s("severity"))
                })
                .collect()
        })
        .unwrap_or_default()
}

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

fn warning(code: &str) -> (String, String, String) {
    ("terlapor.nip".into(), code.into(), "warning".into())
}

#[tokio::test]
async fn a_pppk_number_and_a_partial_nip_are_accepted_the_partial_one_with_a_warning() {
    let app = spawn_app().await;
    let mut pppk = valid_report();
    pppk.terlapor.nip = "19850512 2021 21 1 003".into();
    let mut partial = valid_report();
    partial.terlapor.name = "Budi Santoso".into();
    partial.terlapor.nip = "19660801 1988".into();
    let (status, body) = app.sync(&[json(&pppk), json(&partial)]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["outcome"], "accepted");
    assert_eq!(problems(&body, 0), vec![]);
    assert_eq!(body["results"][1]["outcome"], "accepted");
    assert_eq!(
        problems(&body, 1),
        vec![warning("nip_length"), warning("nip_unrecognised")]
    );

    // Kept as typed, and the coordinator is told which is which.
    let detail = case(&app, case_of(&app, &partial).await).await;
    assert_eq!(
        detail["reports"][0]["report"]["terlapor"]["nip"],
        "19660801 1988"
    );
    assert_eq!(detail["reports"][0]["nip_kind"], "unrecognised");
    let detail = case(&app, case_of(&app, &pppk).await).await;
    assert_eq!(detail["reports"][0]["nip_kind"], "pppk");
}

#[tokio::test]
async fn a_partial_nip_is_no_match_key_a_recognised_one_is() {
    let app = spawn_app().await;
    // Same day and regency, different names: only a NIP key could join them.
    let pair = |nip: &str| {
        let mut a = valid_report();
        a.terlapor.nip = nip.into();
        let mut b = valid_report();
        b.terlapor.name = "Budi Santoso".into();
        b.terlapor.nip = nip.into();
        (a, b)
    };
    let (a, b) = pair("19660801 1988");
    app.sync(&[json(&a), json(&b)]).await;
    assert_ne!(case_of(&app, &a).await, case_of(&app, &b).await);

    let (c, d) = pair("19850512 2021 21 1 003");
    app.sync(&[json(&c), json(&d)]).await;
    assert_eq!(case_of(&app, &c).await, case_of(&app, &d).await);
    let detail = case(&app, case_of(&app, &c).await).await;
    let reasons: Vec<&Value> = detail["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["reason"])
        .collect();
    assert!(reasons.contains(&&Value::from("nip_date")), "{reasons:?}");
}

#[tokio::test]
async fn a_report_without_the_volunteers_identity_is_accepted_and_lacks_a_pelapor() {
    let app = spawn_app().await;
    let mut hidden = valid_report();
    hidden.coalition_is_pelapor = true;
    hidden.reporter.contact = "0812 3456 7890".into();
    let mut blank = valid_report();
    blank.terlapor.name = "Budi Santoso".into();
    blank.reporter.name.clear();
    blank.reporter.address.clear();
    let (status, body) = app.sync(&[json(&hidden), json(&blank)]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["outcome"], "accepted", "{body}");
    assert_eq!(body["results"][1]["outcome"], "accepted", "{body}");

    for r in [&hidden, &blank] {
        let detail = case(&app, case_of(&app, r).await).await;
        let missing: Vec<&str> = detail["formal_missing"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["field"].as_str().unwrap())
            .collect();
        assert!(missing.contains(&"pelapor"), "{missing:?}");
    }
    // A hidden identity is not stored, not even the contact typed with it.
    let res = app
        .admin
        .get(app.url(&format!("/api/v1/reports/{}/reporter", hidden.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let identity: Value = res.json().await.unwrap();
    for field in ["name", "address", "contact"] {
        assert_eq!(identity[field], "", "{field}: {identity}");
    }
    // A volunteer who gives their identity is the pelapor.
    let mut full = valid_report();
    full.terlapor.name = "Siti Rahayu".into();
    app.sync(&[json(&full)]).await;
    let detail = case(&app, case_of(&app, &full).await).await;
    assert!(
        !detail["formal_missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["field"] == "pelapor"),
        "{detail}"
    );
}
