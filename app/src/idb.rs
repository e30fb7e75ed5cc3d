//! IndexedDB, the device's source of truth. One database, `netral`; store
//! `reports` holds [`LocalReport`]s by id. The connection is opened once
//! and kept, so a save is issued synchronously after an edit and saves land
//! in the order the edits were made.

use std::cell::RefCell;

use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use crate::local::LocalReport;

const DB_NAME: &str = "netral";
const DB_VERSION: u32 = 1;
const REPORTS: &str = "reports";

thread_local! {
    static DB: RefCell<Option<Database>> = const { RefCell::new(None) };
}

pub type Error = String;

/// The open database, opening it on first use.
pub async fn db() -> Result<Database, Error> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let db = Database::open(DB_NAME)
        .with_version(DB_VERSION)
        .with_on_upgrade_needed(|_event: VersionChangeEvent, db: Database| -> indexed_db_futures::Result<()> {
            let names: Vec<String> = db.object_store_names().collect();
            if !names.iter().any(|n| n == REPORTS) {
                db.create_object_store(REPORTS).with_key_path("id".into()).build()?;
            }
            Ok(())
        })
        .await
        .map_err(|e| e.to_string())?;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// Writes a report. The put is issued before the first await, so writes are
/// ordered as the calls are.
pub async fn put_report(db: &Database, report: &LocalReport) -> Result<(), Error> {
    let tx = db.transaction(REPORTS).with_mode(TransactionMode::Readwrite).build().map_err(|e| e.to_string())?;
    let store = tx.object_store(REPORTS).map_err(|e| e.to_string())?;
    let put = store.put(report).serde().map_err(|e| e.to_string())?;
    put.await.map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())
}

pub async fn get_report(id: &str) -> Result<Option<LocalReport>, Error> {
    let db = db().await?;
    let tx = db.transaction(REPORTS).build().map_err(|e| e.to_string())?;
    let store = tx.object_store(REPORTS).map_err(|e| e.to_string())?;
    store.get(id).serde().map_err(|e| e.to_string())?.await.map_err(|e| e.to_string())
}

pub async fn all_reports() -> Result<Vec<LocalReport>, Error> {
    let db = db().await?;
    let tx = db.transaction(REPORTS).build().map_err(|e| e.to_string())?;
    let store = tx.object_store(REPORTS).map_err(|e| e.to_string())?;
    let mut all = store
        .get_all::<LocalReport>()
        .serde()
        .map_err(|e| e.to_string())?
        .await
        .map_err(|e| e.to_string())?
        .collect::<indexed_db_futures::Result<Vec<_>>>()
        .map_err(|e| e.to_string())?;
    all.sort_by(|a, b| b.updated_at.total_cmp(&a.updated_at));
    Ok(all)
}
