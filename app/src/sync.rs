//! The outbox in the browser: its rules (`outbox.rs`) over IndexedDB,
//! `fetch` and local storage. One sync at a time per tab.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use gloo_storage::{LocalStorage, Storage};
use netral_shared::Problem;
use wasm_bindgen::JsValue;

use crate::http::{post_json, request};
use crate::local::{LocalReport, SendState};
use crate::outbox::{Api, Device, Gate, Outbox, Store};
pub use crate::outbox::{Summary, SyncError};
use crate::{device, idb};

thread_local! {
    static GATE: Gate = const { Gate::new() };
    /// Kept for the session, across syncs: see [`Outbox::uploaded`].
    static UPLOADED: Rc<RefCell<HashSet<String>>> = Rc::default();
}

pub const CURSOR_KEY: &str = "netral.status_cursor";

/// Sends everything queued. Safe to call at any time and as often as liked.
pub async fn send_outbox() -> Result<Summary, SyncError> {
    if !GATE.with(Gate::enter) {
        return Err(SyncError::Busy);
    }
    let uploaded = UPLOADED.with(Rc::clone);
    let outbox = Outbox {
        store: &Browser,
        api: &Browser,
        device: &Browser,
        now: js_sys::Date::now,
        uploaded: &uploaded,
    };
    let result = loop {
        let result = outbox.sync().await;
        if !GATE.with(Gate::round_done) {
            break result;
        }
    };
    // Whatever the outbox's fate: a phone that reaches the server learns
    // the deployment's days off for its offline deadlines.
    crate::calendar::refresh().await;
    result
}

/// The browser behind each of the outbox's seams.
struct Browser;

impl Store for Browser {
    type Photo = JsValue;

    fn reports(&self) -> impl Future<Output = Result<Vec<LocalReport>, String>> {
        idb::all_reports()
    }

    fn update(
        &self,
        id: &str,
        change: &mut dyn FnMut(Option<LocalReport>) -> Option<LocalReport>,
    ) -> impl Future<Output = Result<Option<LocalReport>, String>> {
        idb::update_report(id, change)
    }

    fn photo(&self, sha256: &str) -> impl Future<Output = Result<Option<JsValue>, String>> {
        idb::get_photo(sha256)
    }
}

impl Api for Browser {
    type Photo = JsValue;
    type NoAnswer = JsValue;

    fn post_json(
        &self,
        url: &str,
        body: &str,
        token: &str,
    ) -> impl Future<Output = Result<(u16, String), JsValue>> {
        post_json(url, body, Some(token))
    }

    fn head(&self, url: &str, token: &str) -> impl Future<Output = Result<(u16, String), JsValue>> {
        request("HEAD", url, None, Some(token))
    }

    fn put_photo(
        &self,
        url: &str,
        photo: &JsValue,
        token: &str,
    ) -> impl Future<Output = Result<(u16, String), JsValue>> {
        request("PUT", url, Some((photo, "image/jpeg")), Some(token))
    }
}

impl Device for Browser {
    fn token(&self) -> Option<String> {
        device::token()
    }

    fn mark_revoked(&self) {
        device::mark_revoked();
    }

    fn forget(&self) {
        device::forget();
    }

    fn cursor(&self) -> i64 {
        LocalStorage::get(CURSOR_KEY).unwrap_or(0)
    }

    fn set_cursor(&self, cursor: i64) {
        let _ = LocalStorage::set(CURSOR_KEY, cursor);
    }
}

/// Problems the server reported for fields, if the report was rejected.
pub fn server_problems(state: &SendState) -> &[Problem] {
    match state {
        SendState::Rejected { problems } => problems,
        _ => &[],
    }
}
