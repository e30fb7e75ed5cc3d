//! The deployment's changes to the built-in days off (an SKB revision after
//! the release), kept in local storage: a deadline computed offline counts
//! the same days as the server's. Fetched again at every sync.

use gloo_storage::{LocalStorage, Storage};
use netral_shared::calendar::{Calendar, CalendarChanges};

const KEY: &str = "netral.calendar";

/// The calendar as last fetched; the built-in one before any sync.
pub fn calendar() -> Calendar {
    let kept = LocalStorage::raw().get_item(KEY).ok().flatten();
    let changes = kept.and_then(|json| serde_json::from_str::<CalendarChanges>(&json).ok());
    Calendar::with_changes(changes.unwrap_or_default())
}

/// Fetches the changes; offline or on any error the kept ones stay. The
/// body is kept as it came, once it parses: re-serialising it would put
/// serde's writer for it into the app for nothing.
pub async fn refresh() {
    if let Ok((200, body)) = crate::http::get("/api/v1/calendar").await
        && serde_json::from_str::<CalendarChanges>(&body).is_ok()
    {
        let _ = LocalStorage::raw().set_item(KEY, &body);
    }
}
