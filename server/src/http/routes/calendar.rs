//! The deployment's changes to the built-in days off, for the volunteer
//! app to keep: its offline deadlines then count the same days as the
//! server's.

use axum::Json;
use axum::extract::State;
use netral_shared::calendar::CalendarChanges;

use crate::services::AppState;

/// Days off added, or built-in ones cancelled (`kerja`), by this
/// deployment; the built-in table ships with the app. Public: it is the
/// government's calendar, nothing about any report.
#[utoipa::path(
    get,
    path = "/api/v1/calendar",
    tag = "operations",
    responses((status = 200, description = "The deployment's calendar changes, sorted by date", body = CalendarChanges))
)]
pub async fn calendar(State(state): State<AppState>) -> Json<CalendarChanges> {
    Json(state.calendar.changes().clone())
}
