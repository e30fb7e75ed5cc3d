//! The coordinators' dashboard: overview counts, the case list's filters
//! and paging, workflow steps with their timeline, corrections of the
//! terlapor, and what a volunteer's phone learns of a forwarding.

mod common;

use common::{TestApp, jpeg, json, sha256, spawn_app, valid_report};
use netral_shared::accounts::AuditAction;
use netral_shared::catalogue::{Platform, PositionClass, SourceKind, ViolationCode};
use netral_shared::report::{PhotoRef, Report};
use serde_json::{Value, json};

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> Value {
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

async fn step(app: &TestApp, case: i64, action: Value) -> (u16, Value) {
    let res = app
        .admin
        .post(app.url(&format!("/api/v1/cases/{case}/status")))
        .json(&action)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn case_of(app: &TestApp, r: &Report) -> i64 {
    app.stored(r.id).await.expect("stored")["case_id"]
        .as_i64()
        .unwrap()
}

/// Three unrelated cases: two in Jawa Timur (one on Facebook by a lurah),
/// one in Jawa Barat.
async fn three_cases(app: &TestApp) -> [Report; 3] {
    let sby = valid_report();
    let mut malang = valid_report();
    malang.terlapor.name = "Budi Santoso".into();
    malang.terlapor.agency = "Kelurahan Klojen".into();
    malang.terlapor.position_class = Some(PositionClass::Pelaksana);
    malang.place.regency = "35.73".into();
    malang.source.platform = Some(Platform::Facebook);
    malang.violations = vec![ViolationCode::PasangApk];
    malang.occurred_at = "2024-11-18".into();
    malang.known_at = "2024-11-18".into();
    let mut jabar = valid_report();
    jabar.terlapor.name = "Dewi Lestari".into();
    jabar.place.province = "32".into();
    jabar.place.regency = "32.73".into();
    jabar.source.kind = Some(SourceKind::Langsung);
    let (status, body) = app.sync(&[json(&sby), json(&malang), json(&jabar)]).await;
    assert_eq!(status, 200, "{body}");
    [sby, malang, jabar]
}

#[tokio::test]
async fn the_overview_counts_the_callers_regions_and_filters() {
    let app = spawn_app().await;
    three_cases(&app).await;
    let all = get(&app, &app.admin, "/api/v1/overview").await;
    assert_eq!(
        (all["cases"].as_u64(), all["reports"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(all["by_province"][0], json!({ "key": "35", "n": 2 }));
    assert_eq!(all["by_status"], json!([{ "key": "baru", "n": 3 }]));

    let jatim = get(&app, &app.admin, "/api/v1/overview?provinsi=35").await;
    assert_eq!(jatim["cases"], 2);
    assert_eq!(jatim["by_regency"].as_array().unwrap().len(), 2);
    // Filters on what ingest now records per report.
    for (query, n) in [
        ("platform=facebook", 1),
        ("jabatan=pelaksana", 1),
        ("sumber=langsung", 1),
        ("pelanggaran=pasang_apk", 1),
        ("cari=klojen", 1),
        ("cari=ahmad%20fauzi", 1),
        ("sampai=2024-11-19", 1),
        ("status=ditolak", 0),
        // A value that does not parse is ignored, as in the app.
        ("provinsi=nope", 3),
    ] {
        let o = get(&app, &app.admin, &format!("/api/v1/overview?{query}")).await;
        assert_eq!(o["cases"], n, "{query}");
    }

    // A Jawa Barat coordinator counts only Jawa Barat, whatever the filter.
    let bandung = app.coordinator("koord-jabar", &["32"]).await;
    let o = get(&app, &bandung, "/api/v1/overview").await;
    assert_eq!(o["cases"], 1);
    let o = get(&app, &bandung, "/api/v1/overview?provinsi=35").await;
    assert_eq!(o["cases"], 0);
    let sby = app.coordinator("koord-sby", &["35.78"]).await;
    assert_eq!(get(&app, &sby, "/api/v1/overview").await["cases"], 1);
}

#[tokio::test]
async fn the_case_list_filters_sorts_and_pages_from_the_index() {
    let app = spawn_app().await;
    let [sby, malang, _] = three_cases(&app).await;
    let list = get(&app, &app.admin, "/api/v1/cases?provinsi=35&urut=deadline").await;
    assert_eq!(list["total"], 2);
    // Malang became known two days earlier: its deadline comes first.
    assert_eq!(list["cases"][0]["id"], case_of(&app, &malang).await);
    assert_eq!(list["cases"][0]["deadline"], "2024-11-25");
    assert_eq!(list["cases"][1]["id"], case_of(&app, &sby).await);
    assert_eq!(list["cases"][1]["terlapor_position"], "Camat Tegalsari");
    // Older parameters still work.
    let list = get(&app, &app.admin, "/api/v1/cases?province=32").await;
    assert_eq!(list["total"], 1);
    let list = get(&app, &app.admin, "/api/v1/cases?limit=1&offset=1").await;
    assert_eq!(
        (
            list["total"].as_u64(),
            list["cases"].as_array().unwrap().len()
        ),
        (Some(3), 1)
    );
    let list = get(&app, &app.admin, "/api/v1/cases?hal=1").await;
    assert_eq!(list["total"], 3);
    assert_eq!(list["cases"], json!([]), "page 1 of 50 is empty");
}

#[tokio::test]
async fn a_case_goes_from_new_to_forwarded_with_its_timeline() {
    let app = spawn_app().await;
    let report = valid_report();
    app.sync(&[json(&report)]).await;
    let case = case_of(&app, &report).await;

    let detail = get(&app, &app.admin, &format!("/api/v1/cases/{case}")).await;
    assert_eq!(detail["next_steps"], json!(["verify", "reject"]));
    assert_eq!(detail["summary"]["deadline"], "2024-11-27");
    // The example has no photo, link or contact.
    let missing: Vec<&str> = detail["formal_missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["field"].as_str().unwrap())
        .collect();
    assert!(missing.contains(&"photos"), "{missing:?}");
    assert!(missing.contains(&"reporter.contact"), "{missing:?}");

    // Forwarding a case nobody verified is refused, in both languages.
    let forward = json!({ "action": "forward", "targets": [
        { "agency": "bawaslu_kabkota", "date": "2024-11-22", "reference": "001/LP/PW/Kota/16.00/XI/2024" }
    ]});
    let (status, body) = step(&app, case, forward.clone()).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "step_not_allowed");
    assert!(
        body["message"]["id"]
            .as_str()
            .unwrap()
            .contains("tidak bisa")
    );

    let (status, body) = step(&app, case, json!({ "action": "verify" })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["summary"]["status"], "diverifikasi");
    let (status, body) = step(
        &app,
        case,
        json!({ "action": "forward", "targets": [{ "agency": "bkn", "date": "2024-11-22", "reference": " " }] }),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("step_incomplete"))
    );
    let (status, body) = step(&app, case, forward).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["summary"]["status"], "diteruskan");
    assert_eq!(body["next_steps"], json!(["forward", "follow_up"]));
    assert_eq!(
        body["forwardings"][0]["reference"],
        "001/LP/PW/Kota/16.00/XI/2024"
    );
    let timeline = body["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 2, "refused steps leave no trace");
    assert_eq!(timeline[0]["action"], "verify");
    assert_eq!(timeline[0]["actor"], "admin");
    assert_eq!(timeline[1]["from_status"], "diverifikasi");
    assert_eq!(timeline[1]["agencies"], json!(["bawaslu_kabkota"]));

    // The overview and list see the new status at once.
    let o = get(&app, &app.admin, "/api/v1/overview?status=diteruskan").await;
    assert_eq!(o["cases"], 1);
    // The volunteer's phone learns where it went.
    let status: Value = app
        .client
        .post(app.url("/api/v1/reports/status"))
        .json(&json!({ "ids": [report.id] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["reports"][0]["case_status"], "diteruskan");
    assert_eq!(
        status["reports"][0]["forwarded_to"],
        json!(["bawaslu_kabkota"])
    );

    // Audited, with codes and no free text.
    let audit: Value = get(&app, &app.admin, "/api/v1/audit").await;
    let entries = audit["entries"].as_array().unwrap();
    let steps: Vec<&Value> = entries
        .iter()
        .filter(|e| e["action"] == "case_status")
        .collect();
    assert_eq!(steps.len(), 2, "{audit}");
}

#[tokio::test]
async fn free_text_is_on_the_timeline_but_never_in_the_audit_log() {
    let app = spawn_app().await;
    let report = valid_report();
    app.sync(&[json(&report)]).await;
    let case = case_of(&app, &report).await;
    let (status, body) = step(
        &app,
        case,
        json!({ "action": "reject", "reason": "duplikat", "note": "Pelapor Siti bilang sudah dilaporkan" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["timeline"][0]["reason"], "duplikat");
    assert_eq!(
        body["timeline"][0]["note"],
        "Pelapor Siti bilang sudah dilaporkan"
    );
    let (status, _) = step(&app, case, json!({ "action": "reopen" })).await;
    assert_eq!(status, 200);
    step(&app, case, json!({ "action": "verify" })).await;
    let forward = json!({ "action": "forward", "targets": [
        { "agency": "bkn", "date": "2024-11-22", "reference": "SBT-99" }
    ] });
    assert_eq!(step(&app, case, forward).await.0, 200);
    let outcome = "Sanksi teguran tertulis untuk Drs. Ahmad";
    let (status, body) = step(
        &app,
        case,
        json!({ "action": "follow_up", "outcome": format!("  {outcome} ") }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let last = body["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "follow_up");
    assert_eq!(last["note"], outcome, "kept, trimmed");
    assert_eq!(body["summary"]["status"], "ditindaklanjuti");

    let audit = get(&app, &app.admin, "/api/v1/audit").await.to_string();
    assert!(!audit.contains("Siti"), "{audit}");
    assert!(!audit.contains("teguran"), "{audit}");
    assert!(audit.contains("duplikat"));
}

#[tokio::test]
async fn a_case_shows_each_report_with_its_evidence_and_corrections_on_the_timeline() {
    let app = spawn_app().await;
    let photo = jpeg(2000, 7);
    let photo_hash = sha256(&photo);
    let res = app
        .client
        .put(app.url(&format!("/api/v1/evidence/{photo_hash}")))
        .body(photo)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let first = valid_report();
    let mut second = valid_report();
    second.terlapor.name = "Ahmad Fauzi".into();
    second.evidence_links = vec!["https://www.facebook.com/share/p/AbC123/".into()];
    second.photos = vec![PhotoRef {
        sha256: photo_hash.clone(),
        original_sha256: photo_hash.clone(),
        captured_at: "2024-11-20T09:31".into(),
        bytes: 2000,
        dhash: String::new(),
    }];
    let (status, body) = app.sync(&[json(&first), json(&second)]).await;
    assert_eq!(status, 200, "{body}");
    let case = case_of(&app, &first).await;
    assert_eq!(case_of(&app, &second).await, case, "one incident, one case");

    let detail = get(&app, &app.admin, &format!("/api/v1/cases/{case}")).await;
    let members = detail["reports"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    let body = &members[1]["report"];
    assert_eq!(body["id"], second.id.to_string());
    assert_eq!(body["description"], second.description.as_str());
    assert_eq!(
        body["evidence_links"],
        json!(["https://www.facebook.com/share/p/AbC123/"])
    );
    assert_eq!(body["photos"][0]["sha256"], photo_hash.as_str());
    assert_eq!(body["reporter"]["name"], "", "identity is stored apart");
    assert!(!detail.to_string().contains(&first.reporter.address));

    let res = app
        .admin
        .post(app.url(&format!("/api/v1/cases/{case}/split")))
        .json(&json!({ "report_id": second.id }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let split: Value = res.json().await.unwrap();
    let new_case = split["summary"]["id"].as_i64().unwrap();
    assert_eq!(split["timeline"][0]["action"], "split_from");
    assert_eq!(split["timeline"][0]["other_case"], case);

    let res = app
        .admin
        .post(app.url(&format!("/api/v1/cases/{case}/merge")))
        .json(&json!({ "other_case_id": new_case }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .admin
        .put(app.url(&format!("/api/v1/cases/{case}/canonical")))
        .json(&json!({ "position": "Camat" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let merged: Value = res.json().await.unwrap();
    let actions: Vec<(&str, Value, Value)> = merged["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["other_case"].clone(),
                e["fields"].clone(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        vec![
            ("split", json!(new_case), json!([])),
            ("merge", json!(new_case), json!([])),
            ("canonical", Value::Null, json!(["position"])),
        ]
    );
    assert_eq!(merged["reports"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn coordinators_act_only_in_their_regions() {
    let app = spawn_app().await;
    let report = valid_report();
    app.sync(&[json(&report)]).await;
    let case = case_of(&app, &report).await;
    let jabar = app.coordinator("koord-jabar", &["32"]).await;
    let res = jabar
        .post(app.url(&format!("/api/v1/cases/{case}/status")))
        .json(&json!({ "action": "verify" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let jatim = app.coordinator("koord-jatim", &["35"]).await;
    let res = jatim
        .post(app.url(&format!("/api/v1/cases/{case}/status")))
        .json(&json!({ "action": "verify" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = jatim
        .post(app.url("/api/v1/cases/999999/status"))
        .json(&json!({ "action": "verify" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn a_coordinator_corrects_the_terlapor_and_search_finds_it() {
    let app = spawn_app().await;
    let report = valid_report();
    app.sync(&[json(&report)]).await;
    let case = case_of(&app, &report).await;
    let res = app
        .admin
        .put(app.url(&format!("/api/v1/cases/{case}/canonical")))
        .json(&json!({ "name": "Ahmad Fauzan", "agency": "Kecamatan Genteng" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let detail: Value = res.json().await.unwrap();
    let summary = &detail["summary"];
    assert_eq!(summary["terlapor_name"], "Ahmad Fauzan");
    assert_eq!(summary["terlapor_agency"], "Kecamatan Genteng");
    // Not corrected: still the first report's.
    assert_eq!(summary["terlapor_position"], "Camat Tegalsari");
    assert_eq!(summary["canonical_edited"], true);
    let o = get(&app, &app.admin, "/api/v1/overview?cari=genteng").await;
    assert_eq!(o["cases"], 1);
    let audit = get(&app, &app.admin, "/api/v1/audit").await;
    assert!(audit.to_string().contains("case_canonical"));
    assert!(
        !audit.to_string().contains("Fauzan"),
        "no names in the audit log"
    );

    let res = app
        .admin
        .put(app.url(&format!("/api/v1/cases/{case}/canonical")))
        .json(&json!({ "name": "x".repeat(201) }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}

/// Another replica's write (here: a second store handle on the same
/// database) reaches this replica's index through the change sequence.
#[tokio::test]
async fn writes_elsewhere_reach_the_index() {
    let app = spawn_app().await;
    let [sby, malang, _] = three_cases(&app).await;
    assert_eq!(get(&app, &app.admin, "/api/v1/overview").await["cases"], 3);
    let (a, b) = (case_of(&app, &sby).await, case_of(&app, &malang).await);
    let audit = common::cli_audit(AuditAction::CaseMerge);
    assert!(app.store.merge(a, b, &audit).await.unwrap());
    let o = get(&app, &app.admin, "/api/v1/overview").await;
    assert_eq!(
        (o["cases"].as_u64(), o["reports"].as_u64()),
        (Some(2), Some(3))
    );
    let list = get(&app, &app.admin, "/api/v1/cases?pelanggaran=pasang_apk").await;
    assert_eq!(
        list["cases"][0]["id"], a,
        "the merged case carries both violations"
    );
    assert_eq!(list["cases"][0]["report_count"], 2);
}

#[tokio::test]
async fn exports_follow_the_view_and_keep_identities_for_admins() {
    let app = spawn_app().await;
    let [sby, _, _] = three_cases(&app).await;
    let mut formula = valid_report();
    formula.terlapor.name = "Joko Susilo".into();
    formula.terlapor.agency = "=HYPERLINK(\"http://x\")".into();
    formula.place.regency = "35.15".into();
    app.sync(&[json(&formula)]).await;

    let jatim = app.coordinator("koord-jatim", &["35"]).await;
    let res = jatim
        .get(app.url("/api/v1/cases/export?format=csv&rows=cases"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("case_id,status,report_count,terlapor_name"));
    assert_eq!(lines.len(), 1 + 3, "Jawa Timur's three cases only: {text}");
    assert!(!text.contains("Dewi Lestari"));
    assert!(text.contains("'=HYPERLINK"), "a formula is defused: {text}");

    // Reports, filtered; no identity unless an admin asks.
    let path = "/api/v1/cases/export?rows=reports&kabkota=35.78";
    let text = jatim
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains(&sby.id.to_string()));
    assert!(!text.contains("Siti Aminah"));
    let res = jatim
        .get(app.url(&format!("{path}&identity=1")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let text = app
        .admin
        .get(app.url(&format!("{path}&identity=1")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.lines().next().unwrap().ends_with("reporter_address"));
    assert!(text.contains("Siti Aminah"), "{text}");

    let res = app
        .admin
        .get(app.url("/api/v1/cases/export?format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK", "an XLSX is a zip");
    let res = app
        .admin
        .get(app.url("/api/v1/cases/export?format=pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);

    let audit = get(&app, &app.admin, "/api/v1/audit").await;
    let exports: Vec<&Value> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "export")
        .collect();
    assert_eq!(exports.len(), 4, "every export is audited: {audit}");
    assert!(exports.iter().any(|e| e["details"]["identity"] == true));
}

/// The audit log's contract is ids and codes: a search for a terlapor's name
/// is recorded as "there was a search", and identity is recorded only when
/// identity columns were actually written.
#[tokio::test]
async fn an_export_audit_keeps_neither_the_search_text_nor_a_false_identity() {
    let app = spawn_app().await;
    three_cases(&app).await;
    let res = app
        .admin
        .get(app.url("/api/v1/cases/export?rows=cases&identity=1&provinsi=35&cari=Budi%20Santoso"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(text.contains("Budi Santoso"), "the search matched: {text}");
    assert!(!text.lines().next().unwrap().contains("reporter_"));

    let audit = get(&app, &app.admin, "/api/v1/audit").await;
    let raw = audit.to_string();
    assert!(
        !raw.contains("Budi"),
        "no searched name in the audit: {raw}"
    );
    assert!(
        !raw.contains("Santoso"),
        "no searched name in the audit: {raw}"
    );
    let export = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "export")
        .unwrap();
    assert_eq!(export["details"]["text"], true, "{export}");
    assert_eq!(
        export["details"]["view"],
        json!(["provinsi=35"]),
        "{export}"
    );
    assert_eq!(
        export["details"]["identity"], false,
        "per-case rows carry no identity: {export}"
    );
}

#[tokio::test]
async fn the_case_page_suggests_where_to_file_and_why() {
    let app = spawn_app().await;
    // The example: Pilkada wali kota, November 2024, no NIP. Bawaslu's
    // deadline passed long ago, and BKN's portal needs a NIP: SP4N-LAPOR!.
    let late = valid_report();
    // A village head seen today in a governor's election: Bawaslu provinsi,
    // and the regent or mayor over the village.
    let today = (time::OffsetDateTime::now_utc() + time::Duration::hours(9)).date();
    let mut desa = valid_report();
    desa.terlapor.name = "Slamet Riyadi".into();
    desa.terlapor.subject_type = Some(netral_shared::catalogue::SubjectType::KepalaDesa);
    desa.election.kind = Some(netral_shared::catalogue::ElectionKind::PilkadaGubernur);
    desa.occurred_at = today.to_string();
    desa.known_at = today.to_string();
    // An ASN with a NIP, before Pilkada 2024's candidates were set (22
    // September 2024): a bakal calon case, ethics, to BKN.
    let mut bakal = valid_report();
    bakal.terlapor.name = "Rina Kusuma".into();
    bakal.terlapor.nip = "19660801 198803 1 001".into();
    bakal.occurred_at = "2024-08-30".into();
    bakal.known_at = "2024-08-30".into();
    let (status, body) = app.sync(&[json(&late), json(&desa), json(&bakal)]).await;
    assert_eq!(status, 200, "{body}");

    let route = |r: &Report| {
        let app = &app;
        let id = r.id;
        async move {
            let case = app.stored(id).await.expect("stored")["case_id"]
                .as_i64()
                .unwrap();
            get(app, &app.admin, &format!("/api/v1/cases/{case}")).await["route"].clone()
        }
    };
    assert_eq!(
        route(&late).await,
        json!({"to": "lapor", "also": [], "reasons": ["deadline_passed", "no_nip"], "act": "disiplin"})
    );
    assert_eq!(
        route(&desa).await,
        json!({"to": "bawaslu_provinsi", "also": ["bupati_walikota"], "reasons": ["bawaslu_provinsi", "desa"], "act": "bukan_asn"})
    );
    assert_eq!(
        route(&bakal).await,
        json!({"to": "bkn", "also": [], "reasons": ["bakal_calon"], "act": "kode_etik"})
    );
}
