//! IndexedDB, the device's source of truth. One database, `netral`; store
//! `reports` holds [`LocalReport`]s by id, store `photos` holds photo Blobs
//! by the SHA-256 of their bytes (`{sha256, blob}`), store `shares` what
//! another app shared into Netral, written by the service worker
//! (`public/sw.js`) until the `/bagikan` page makes it a draft. The connection is opened once
//! and kept, so a save is issued synchronously after an edit and saves land
//! in the order the edits were made.
//!
//! Records are `{id, json}`: the report as JSON text, through the same
//! serde_json code the sync already needs, rather than a second serialiser
//! to JS objects (which costs tens of KB of WASM). It is also exactly what a
//! backup file holds.

use std::cell::RefCell;

use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};

use wasm_bindgen::JsValue;

use crate::local::LocalReport;

const DB_NAME: &str = "netral";
/// 2 added `photos`, 3 `shares`. An upgrade only adds stores: drafts
/// written by an older version of the app stay as they are. The service
/// worker opens the database too, at this version with the same stores
/// (`public/sw.js`, `DB_VERSION`): whichever opens it first upgrades it.
const DB_VERSION: u32 = 3;
const REPORTS: &str = "reports";
const PHOTOS: &str = "photos";
const SHARES: &str = "shares";

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
        .with_on_upgrade_needed(
            |_event: VersionChangeEvent, db: Database| -> indexed_db_futures::Result<()> {
                let names: Vec<String> = db.object_store_names().collect();
                if !names.iter().any(|n| n == REPORTS) {
                    db.create_object_store(REPORTS)
                        .with_key_path("id".into())
                        .build()?;
                }
                for (store, key) in [(PHOTOS, "sha256"), (SHARES, "id")] {
                    if !names.iter().any(|n| n == store) {
                        db.create_object_store(store)
                            .with_key_path(key.into())
                            .build()?;
                    }
                }
                Ok(())
            },
        )
        .await
        .map_err(|e| e.to_string())?;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

fn to_record(report: &LocalReport) -> Result<js_sys::Object, Error> {
    let json = serde_json::to_string(report).map_err(|e| e.to_string())?;
    let record = js_sys::Object::new();
    js_sys::Reflect::set(&record, &"id".into(), &JsValue::from_str(&report.id))
        .map_err(js_error)?;
    js_sys::Reflect::set(&record, &"json".into(), &JsValue::from_str(&json)).map_err(js_error)?;
    Ok(record)
}

fn from_record(record: &JsValue) -> Result<LocalReport, Error> {
    let json = js_sys::Reflect::get(record, &"json".into())
        .map_err(js_error)?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&json).map_err(|e| e.to_string())
}

fn js_error(e: JsValue) -> Error {
    format!("{e:?}")
}

/// A readwrite transaction on one store.
fn write_tx<'a>(db: &'a Database, name: &str) -> Result<Transaction<'a>, Error> {
    db.transaction(name)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(err)
}

/// A readwrite transaction on both stores, for changes that touch a
/// report and its photos together.
fn write_all(db: &Database) -> Result<Transaction<'_>, Error> {
    db.transaction([REPORTS, PHOTOS])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(err)
}

/// Writes a report. The put is issued before the first await, so writes are
/// ordered as the calls are.
pub async fn put_report(db: &Database, report: &LocalReport) -> Result<(), Error> {
    let record = to_record(report)?;
    let tx = write_tx(db, REPORTS)?;
    let store = tx.object_store(REPORTS).map_err(|e| e.to_string())?;
    let put = store.put(record).primitive().map_err(|e| e.to_string())?;
    put.await.map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())
}

/// Reads a report, lets `change` decide what to store, and writes that, in
/// one readwrite transaction. The form's saves and the outbox both change
/// reports; IndexedDB runs overlapping readwrite transactions one after the
/// other, so neither can overwrite what the other wrote between its read and
/// its write. `change` gets `None` for a report that is not (or no longer)
/// there, and returns `None` to leave the record as it is. Returns what is
/// stored afterwards. (One body for every caller: a generic `change` would
/// copy this whole future into the WASM once per call site.)
pub async fn update_report(
    id: &str,
    change: &mut dyn FnMut(Option<LocalReport>) -> Option<LocalReport>,
) -> Result<Option<LocalReport>, Error> {
    let db = db().await?;
    let tx = write_tx(&db, REPORTS)?;
    let store = tx.object_store(REPORTS).map_err(err)?;
    let record: Option<JsValue> = store.get(id).primitive().map_err(err)?.await.map_err(err)?;
    let stored = record.as_ref().map(from_record).transpose()?;
    let Some(next) = change(stored.clone()) else {
        return Ok(stored);
    };
    store
        .put(to_record(&next)?)
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?;
    tx.commit().await.map_err(err)?;
    Ok(Some(next))
}

pub async fn get_report(id: &str) -> Result<Option<LocalReport>, Error> {
    let db = db().await?;
    let tx = db.transaction(REPORTS).build().map_err(|e| e.to_string())?;
    let store = tx.object_store(REPORTS).map_err(|e| e.to_string())?;
    let record: Option<JsValue> = store
        .get(id)
        .primitive()
        .map_err(|e| e.to_string())?
        .await
        .map_err(|e| e.to_string())?;
    record.as_ref().map(from_record).transpose()
}

pub async fn all_reports() -> Result<Vec<LocalReport>, Error> {
    let db = db().await?;
    let tx = db.transaction(REPORTS).build().map_err(|e| e.to_string())?;
    let store = tx.object_store(REPORTS).map_err(|e| e.to_string())?;
    let records = store
        .get_all::<JsValue>()
        .primitive()
        .map_err(|e| e.to_string())?
        .await
        .map_err(|e| e.to_string())?
        .collect::<indexed_db_futures::Result<Vec<_>>>()
        .map_err(|e| e.to_string())?;
    let mut all = records
        .iter()
        .map(from_record)
        .collect::<Result<Vec<_>, _>>()?;
    all.sort_by(|a, b| b.updated_at.total_cmp(&a.updated_at));
    Ok(all)
}

fn err(e: impl std::fmt::Display) -> Error {
    e.to_string()
}

/// Keeps a photo Blob. Photos are content-addressed, so storing one twice
/// overwrites it with the same bytes.
pub async fn put_photo(sha256: &str, blob: &JsValue) -> Result<(), Error> {
    let db = db().await?;
    let record = js_sys::Object::new();
    js_sys::Reflect::set(&record, &"sha256".into(), &JsValue::from_str(sha256))
        .map_err(js_error)?;
    js_sys::Reflect::set(&record, &"blob".into(), blob).map_err(js_error)?;
    js_sys::Reflect::set(
        &record,
        &"stored_at".into(),
        &JsValue::from_f64(js_sys::Date::now()),
    )
    .map_err(js_error)?;
    let tx = write_tx(&db, PHOTOS)?;
    let store = tx.object_store(PHOTOS).map_err(err)?;
    store
        .put(record)
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?;
    tx.commit().await.map_err(err)
}

/// The Blob of a photo, if this device has it.
pub async fn get_photo(sha256: &str) -> Result<Option<JsValue>, Error> {
    let db = db().await?;
    let tx = db.transaction(PHOTOS).build().map_err(err)?;
    let store = tx.object_store(PHOTOS).map_err(err)?;
    let record: Option<JsValue> = store
        .get(sha256)
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?;
    record
        .map(|r| js_sys::Reflect::get(&r, &"blob".into()).map_err(js_error))
        .transpose()
}

/// Deletes the photo Blobs no report on this device names any more (a photo
/// removed from its report), so a cheap phone's storage does not fill up
/// with them. Photos stored in the last day are kept whatever the reports
/// say: another tab may have just stored one whose report is not saved yet
/// (a photo being added, a backup being imported, photos first).
pub async fn drop_unused_photos() -> Result<usize, Error> {
    const KEEP_MS: f64 = 24.0 * 3600.0 * 1000.0;
    let named: std::collections::HashSet<String> = all_reports()
        .await?
        .into_iter()
        .flat_map(|l| {
            l.report
                .evidence_files()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let recent = js_sys::Date::now() - KEEP_MS;
    let db = db().await?;
    let tx = write_tx(&db, PHOTOS)?;
    let store = tx.object_store(PHOTOS).map_err(err)?;
    let records = store
        .get_all::<JsValue>()
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?
        .collect::<indexed_db_futures::Result<Vec<_>>>()
        .map_err(err)?;
    let mut dropped = 0;
    for record in records {
        let field = |name: &str| js_sys::Reflect::get(&record, &name.into()).ok();
        let Some(sha256) = field("sha256").and_then(|v| v.as_string()) else {
            continue;
        };
        // Photos from before `stored_at` was recorded count as old.
        let stored_at = field("stored_at").and_then(|v| v.as_f64()).unwrap_or(0.0);
        if stored_at < recent && !named.contains(&sha256) {
            store
                .delete(JsValue::from_str(&sha256))
                .primitive()
                .map_err(err)?
                .await
                .map_err(err)?;
            dropped += 1;
        }
    }
    tx.commit().await.map_err(err)?;
    Ok(dropped)
}

/// Removes one report and the given photos, in one transaction: the outbox
/// then finds nothing to send (`outbox::mark_attempted` skips a report that
/// is gone) and cannot write it back.
pub async fn delete_report(id: &str, photos: &[String]) -> Result<(), Error> {
    let db = db().await?;
    let tx = write_all(&db)?;
    let reports = tx.object_store(REPORTS).map_err(err)?;
    reports
        .delete(JsValue::from_str(id))
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?;
    let store = tx.object_store(PHOTOS).map_err(err)?;
    for sha in photos {
        store
            .delete(JsValue::from_str(sha))
            .primitive()
            .map_err(err)?
            .await
            .map_err(err)?;
    }
    tx.commit().await.map_err(err)
}

/// Removes every report and photo from this device ("Hapus data perangkat").
pub async fn clear_all() -> Result<(), Error> {
    let db = db().await?;
    let tx = write_all(&db)?;
    for name in [REPORTS, PHOTOS] {
        let store = tx.object_store(name).map_err(err)?;
        store.clear().map_err(err)?.await.map_err(err)?;
    }
    tx.commit().await.map_err(err)
}

/// A share the service worker stored: `{id, title, text, url, files}`, the
/// files as the File objects the share sheet sent.
pub async fn get_share(id: &str) -> Result<Option<JsValue>, Error> {
    let db = db().await?;
    let tx = db.transaction(SHARES).build().map_err(err)?;
    let store = tx.object_store(SHARES).map_err(err)?;
    store.get(id).primitive().map_err(err)?.await.map_err(err)
}

/// Forgets a share once it is a draft (or part of one).
pub async fn delete_share(id: &str) -> Result<(), Error> {
    let db = db().await?;
    let tx = write_tx(&db, SHARES)?;
    let store = tx.object_store(SHARES).map_err(err)?;
    store
        .delete(JsValue::from_str(id))
        .primitive()
        .map_err(err)?
        .await
        .map_err(err)?;
    tx.commit().await.map_err(err)
}
