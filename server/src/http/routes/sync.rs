//! `POST /api/v1/sync`: a device's outbox, answered report by report.

use axum::Json;
use axum::extract::State;
use netral_shared::report::Report;
use netral_shared::sync::{ErrorBody, MAX_BATCH, SyncRequest, SyncResponse};
use serde_json::value::RawValue;

use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::services::AppState;
use crate::services::intake::today_in_indonesia;
use crate::services::sync as sync_service;

#[utoipa::path(
    post,
    path = "/api/v1/sync",
    tag = "sync",
    security(("device" = [])),
    request_body = SyncRequest<Report>,
    responses(
        (status = 200, description = "One result per report, in request order", body = SyncResponse),
        (status = 400, description = "Not valid JSON", body = ErrorBody),
        (status = 401, description = "`unauthenticated`, `invalid_token` or `device_revoked`", body = ErrorBody),
        (status = 403, description = "Not a device", body = ErrorBody),
        (status = 413, description = "More than 500 reports, or a body over 8 MiB", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 503, description = "Database unavailable; retry", body = ErrorBody),
    )
)]
pub async fn sync(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<SyncRequest<Box<RawValue>>>,
) -> Result<Json<SyncResponse>, ApiError> {
    let device = caller.device()?.id;
    if request.reports.len() > MAX_BATCH {
        return Err(ApiError::BatchTooLarge(request.reports.len()));
    }
    let raw: Vec<&str> = request.reports.iter().map(|r| r.get()).collect();
    let (results, stats) = sync_service::store_reports(
        state.store.as_ref(),
        &raw,
        today_in_indonesia(),
        Some(device),
    )
    .await?;
    state.metrics.batch(&results, stats, true);
    Ok(Json(SyncResponse { results }))
}
