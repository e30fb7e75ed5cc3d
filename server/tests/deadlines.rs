//! The deadline for Bawaslu as the API states it: national holidays and
//! voting days from the built-in calendar, and the days a deployment adds
//! or cancels in its holidays file, which the app fetches too.

mod common;

use common::{TestApp, json, spawn_app_with, valid_report};
use netral_server::config::Settings;
use netral_server::startup::Application;
use netral_shared::catalogue::ElectionKind;
use netral_shared::report::Report;
use serde_json::{Value, json};

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> Value {
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

fn pilpres_known(day: &str) -> Report {
    let mut r = valid_report();
    r.election.kind = Some(ElectionKind::Pilpres);
    r.occurred_at = day.into();
    r.known_at = day.into();
    r
}

#[tokio::test]
async fn a_cases_deadline_counts_holidays_and_the_deployments_days() {
    // `holidays.txt` in the data directory is picked up without a setting.
    let app = spawn_app_with(|s| {
        std::fs::write(
            s.data_dir.join("holidays.txt"),
            "# SKB revision after the release\n\
             2024-02-16 libur Hari libur tambahan\n\
             2024-04-24 kerja\n",
        )
        .unwrap();
    })
    .await;
    let feb = pilpres_known("2024-02-05");
    let (status, body) = app.sync(&[json(&feb)]).await;
    assert_eq!(status, 200, "{body}");
    let case = app.stored(feb.id).await.expect("stored")["case_id"]
        .as_i64()
        .unwrap();
    let detail = get(&app, &app.admin, &format!("/api/v1/cases/{case}")).await;
    // 8 Feb Isra Mi'raj and 14 Feb voting day are skipped; 9 Feb cuti
    // bersama counts as a working day for the legal date; the deployment's
    // 16 Feb pushes both readings one working day on.
    assert_eq!(detail["summary"]["deadline"], "2024-02-19");
    assert_eq!(detail["summary"]["deadline_latest"], "2024-02-20");
    let list = get(&app, &app.admin, "/api/v1/cases").await;
    assert_eq!(list["cases"][0]["deadline"], "2024-02-19");

    // What the app fetches at its sync: the changes alone, sorted.
    let calendar = get(&app, &app.anon, "/api/v1/calendar").await;
    assert_eq!(
        calendar,
        json!({ "changes": [
            { "date": "2024-02-16", "kind": "libur", "name": "Hari libur tambahan" },
            { "date": "2024-04-24", "kind": "kerja", "name": "" },
        ]})
    );
}

#[tokio::test]
async fn without_a_file_the_built_in_calendar_alone() {
    let app = spawn_app_with(|_| {}).await;
    let apr = pilpres_known("2019-04-15");
    let (status, body) = app.sync(&[json(&apr)]).await;
    assert_eq!(status, 200, "{body}");
    let list = get(&app, &app.admin, "/api/v1/cases").await;
    // 17 Apr 2019 voting day, 19 Apr Good Friday.
    assert_eq!(list["cases"][0]["deadline"], "2019-04-26");
    assert_eq!(list["cases"][0]["deadline_latest"], "2019-04-26");
    let calendar = get(&app, &app.anon, "/api/v1/calendar").await;
    assert_eq!(calendar, json!({ "changes": [] }));
}

#[tokio::test]
async fn a_bad_line_stops_the_server_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("libur.txt");
    std::fs::write(&file, "2025-12-26 cuti_bersama Natal\n2025-02-30 libur\n").unwrap();
    let mut settings = Settings::ephemeral(dir.path().to_owned());
    settings.holidays_file = Some(file.clone());
    let err = Application::build(settings).await.err().expect("refused");
    let message = format!("{err:#}");
    assert!(message.contains("libur.txt"), "{message}");
    assert!(
        message.contains(r#"line 2: not a date YYYY-MM-DD: "2025-02-30 libur""#),
        "{message}"
    );
    // A file named but missing is as wrong.
    let mut settings = Settings::ephemeral(dir.path().to_owned());
    settings.holidays_file = Some(dir.path().join("missing.txt"));
    assert!(Application::build(settings).await.is_err());
}
