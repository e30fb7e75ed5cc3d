//! The replica's dashboard index when it starts (on SQLite, and on
//! PostgreSQL under `scripts/test-postgres.sh`): a regional view answered
//! from the database while the first load runs, and a start from the index
//! another replica saved, caught up from its cursor.

mod common;

use std::time::Duration;

use common::{TestApp, json, spawn_app, valid_report};
use netral_server::services::AppState;
use netral_server::services::case_views::{IndexView, caught_up, save_if_moved};
use netral_server::startup::app_state;
use netral_shared::catalogue::ViolationCode;
use netral_shared::dashboard::{CaseQuery, Overview};
use netral_shared::regions::{RegionCode, RegionScope};
use netral_shared::report::Report;
use serde_json::Value;
use time::macros::date;

/// A report about its own incident (a name and a link of its own).
fn incident(regency: &str, n: u32) -> Report {
    let mut r = valid_report();
    r.place.province = regency[..2].into();
    r.place.regency = regency.into();
    r.terlapor.name = format!("Orang Ke{n} Berbeda");
    r.terlapor.position = format!("Kepala Seksi {n}");
    r.source.url = format!("https://detik.com/berita/{n}");
    r
}

async fn accepted(app: &TestApp, reports: &[Report]) {
    let body: Vec<Value> = reports.iter().map(json).collect();
    let (status, answer) = app.sync(&body).await;
    assert_eq!(status, 200, "{answer}");
    for result in answer["results"].as_array().unwrap() {
        assert_eq!(result["outcome"], "accepted", "{answer}");
    }
}

fn surabaya() -> Vec<RegionCode> {
    vec![RegionCode::parse("35.78").unwrap()]
}

async fn overview(
    state: &AppState,
    bounds: Option<&[RegionCode]>,
    scope: &RegionScope,
) -> Overview {
    let index = caught_up(state, bounds).await.unwrap();
    index.overview(&CaseQuery::default(), scope, date!(2024 - 11 - 21))
}

fn violations(o: &Overview) -> Vec<(String, u64)> {
    o.by_violation
        .iter()
        .map(|c| (c.key.clone(), c.n))
        .collect()
}

#[tokio::test]
async fn a_regional_view_is_answered_from_the_database_while_the_index_loads() {
    let app = spawn_app().await;
    accepted(
        &app,
        &[
            incident("35.78", 1),
            incident("35.78", 2),
            incident("35.15", 3),
        ],
    )
    .await;
    // Another replica starting on this database, its first load under way
    // (it holds the index's lock while it reads).
    let replica = app_state(&app.settings).await.unwrap();
    let loading = replica.facts.index.lock().await;
    let scope = RegionScope::Only(surabaya());

    let view = tokio::time::timeout(
        Duration::from_secs(10),
        caught_up(&replica, Some(&surabaya())),
    )
    .await
    .expect("a view bounded to one kab/kota does not wait for the load")
    .unwrap();
    assert!(matches!(view, IndexView::Scoped(_)));
    let while_loading = view.overview(&CaseQuery::default(), &scope, date!(2024 - 11 - 21));
    drop(view);
    assert_eq!((while_loading.cases, while_loading.reports), (2, 2));

    // A national view needs the whole index: it waits for the load.
    let national =
        tokio::time::timeout(Duration::from_millis(300), caught_up(&replica, None)).await;
    assert!(national.is_err(), "answered before the load");

    drop(loading);
    let loaded = overview(&replica, Some(&surabaya()), &scope).await;
    assert!(replica.facts.is_loaded());
    assert_eq!(
        loaded, while_loading,
        "the database's answer is the index's"
    );
    let all = overview(&replica, None, &RegionScope::All).await;
    assert_eq!(all.cases, 3);
}

#[tokio::test]
async fn a_starting_replica_loads_the_saved_index_and_catches_up() {
    let app = spawn_app().await;
    accepted(&app, &[incident("35.78", 1), incident("35.78", 2)]).await;
    let first = app_state(&app.settings).await.unwrap();
    save_if_moved(&first).await.unwrap();
    assert_eq!(app.count_rows("case_index_snapshot").await, 1);

    // Changed behind every replica's back (no change sequence): only a
    // replica that reads every case again can see it.
    app.execute("UPDATE reports SET violations = 'pasang_apk'")
        .await;
    // And a new case written the ordinary way after the save.
    accepted(&app, &[incident("35.15", 3)]).await;

    let second = app_state(&app.settings).await.unwrap();
    let o = overview(&second, None, &RegionScope::All).await;
    assert_eq!(o.cases, 3, "caught up from the saved cursor");
    let photo = ViolationCode::MedsosFoto.code().to_owned();
    let apk = ViolationCode::PasangApk.code().to_owned();
    assert_eq!(
        violations(&o),
        vec![(photo.clone(), 3)],
        "the two saved cases as saved, the new one as read"
    );

    // A snapshot of another format is not read: every case is.
    app.execute("UPDATE case_index_snapshot SET format = 'case-facts/0'")
        .await;
    let third = app_state(&app.settings).await.unwrap();
    let o = overview(&third, None, &RegionScope::All).await;
    assert_eq!(o.cases, 3);
    assert_eq!(violations(&o), vec![(photo, 1), (apk, 2)]);
    // And that replica saves the index in this release's format again.
    save_if_moved(&third).await.unwrap();
    let fourth = app_state(&app.settings).await.unwrap();
    assert_eq!(overview(&fourth, None, &RegionScope::All).await, o);
}
