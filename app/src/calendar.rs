//! The deployment's changes to the built-in days off (an SKB revision after
//! the release), kept in local storage: a deadline computed offline counts
//! the same days as the server's. Fetched again at every sync.

use gloo_storage::{LocalStorage, Storage};
use netral_shared::calendar::{Calendar, CalendarChanges};

const KEY: &str = "netral.calendar";

/// The calendar as last fetched; the built-in one before any sync.
pub fn calendar() -> Calendar {
    Calendar::with_changes(LocalStorage::get::<CalendarChanges>(KEY).unwrap_or_default())
}

/// Fetches the changes; offline or on any error the kept ones stay.
pub async fn refresh() {
    if let Ok((200, body)) = crate::http::get("/api/v1/calendar").await
        && let Ok(changes) = serde_json::from_str::<CalendarChanges>(&body)
    {
        let _ = LocalStorage::set(KEY, &changes);
    }
}
