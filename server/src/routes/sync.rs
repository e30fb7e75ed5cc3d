//! `POST /api/v1/sync`: a device's outbox, answered report by report.

use axum::Json;
use axum::extract::State;
use netral_shared::report::Report;
use netral_shared::sync::{ErrorBody, MAX_BATCH, ReportResult, SyncRequest, SyncResponse};
use serde_json::value::RawValue;

use super::AppState;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::ingest::{self, today_in_indonesia};

#[utoipa::path(
    post,
    path = "/api/v1/sync",
    tag = "sync",
    request_body = SyncRequest<Report>,
    responses(
        (status = 200, description = "One result per report, in request order", body = SyncResponse),
        (status = 400, description = "Not valid JSON", body = ErrorBody),
        (status = 413, description = "More than 500 reports, or a body over 8 MiB", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 503, description = "Database unavailable; retry", body = ErrorBody),
    )
)]
pub async fn sync(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SyncRequest<Box<RawValue>>>,
) -> Result<Json<SyncResponse>, ApiError> {
    if request.reports.len() > MAX_BATCH {
        return Err(ApiError::BatchTooLarge(request.reports.len()));
    }
    let today = today_in_indonesia();
    // Validate everything first; only valid reports reach the transaction,
    // so one bad report never fails the others.
    let parsed: Vec<_> = request
        .reports
        .iter()
        .map(|raw| ingest::parse(raw.get(), today))
        .collect();
    let valid: Vec<_> = parsed
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .cloned()
        .collect();
    let mut outcomes = state.store.sync_batch(&valid).await?.into_iter();

    let results = parsed
        .into_iter()
        .map(|p| match p {
            Ok(incoming) => ReportResult {
                id: Some(incoming.id),
                revision: incoming.revision,
                outcome: outcomes.next().expect("one outcome per stored report"),
                problems: Vec::new(),
            },
            Err(rejected) => rejected,
        })
        .collect();
    Ok(Json(SyncResponse { results }))
}
