//! One report by id: read what the server holds, or store one report (the
//! same path as a sync batch of one, but answering 422 when it is invalid).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use netral_shared::report::Report;
use netral_shared::sync::{
    ErrorBody, MAX_BATCH, Outcome, ReportResult, StatusRequest, StatusResponse, StoredReport,
};
use serde_json::value::RawValue;
use uuid::Uuid;

use super::sign_in::report_in_scope;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::services::AppState;
use crate::services::grouping;
use crate::services::intake::{self, today_in_indonesia};

#[utoipa::path(
    get,
    path = "/api/v1/reports/{id}",
    tag = "reports",
    security(("device" = []), ("session" = [])),
    params(("id" = Uuid, Path, description = "The report id made on the device")),
    responses(
        (status = 200, body = StoredReport),
        (status = 401, body = ErrorBody),
        (status = 404, description = "Unknown, another device's, or outside the coordinator's regions", body = ErrorBody),
    )
)]
pub async fn get_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<StoredReport>, ApiError> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    match &caller {
        Caller::Device(d) => {
            let access = state.store.report_access(id).await?;
            if access.and_then(|a| a.device_id) != Some(d.id) {
                return Err(ApiError::NotFound);
            }
        }
        _ => {
            report_in_scope(&state, caller.user()?, id).await?;
        }
    }
    state
        .store
        .report(id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

#[utoipa::path(
    put,
    path = "/api/v1/reports/{id}",
    tag = "reports",
    security(("device" = [])),
    params(("id" = Uuid, Path, description = "The report id made on the device")),
    request_body = Report,
    responses(
        (status = 201, description = "Stored", body = ReportResult),
        (status = 200, description = "A replay, a new version, or stale", body = ReportResult),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Invalid report, with the problems field by field (`other_device`: another device's report)", body = ErrorBody),
    )
)]
pub async fn put_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<Box<RawValue>>,
) -> Result<(StatusCode, Json<ReportResult>), ApiError> {
    let device = caller.device()?.id;
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    let mut parsed = [intake::parse(raw.get(), today_in_indonesia())];
    crate::services::sync::refuse_others_reports(state.store.as_ref(), device, &mut parsed).await?;
    let [parsed] = parsed;
    let incoming = parsed.map_err(|rejected| {
        // A sync counts its rejected reports; one sent alone is no different.
        state.metrics.batch(
            std::slice::from_ref(&rejected),
            crate::store::BatchStats::default(),
            false,
        );
        ApiError::InvalidReport(rejected.problems)
    })?;
    if incoming.id != id {
        return Err(ApiError::IdMismatch);
    }
    let (outcomes, stats) = state
        .store
        .sync_batch_stats(std::slice::from_ref(&incoming), grouping::plan)
        .await?;
    let outcome = outcomes[0];
    let status = match outcome {
        Outcome::Accepted => StatusCode::CREATED,
        _ => StatusCode::OK,
    };
    let result = ReportResult {
        id: Some(id),
        revision: incoming.revision,
        outcome,
        problems: Vec::new(),
    };
    state
        .metrics
        .batch(std::slice::from_ref(&result), stats, false);
    Ok((status, Json(result)))
}

/// Changes that commit at most this long after they were stamped are still
/// seen by the next pull: the cursor trails the newest change by this much,
/// so a device may get a status twice but never miss one.
const CURSOR_SLACK_MS: i64 = 60_000;

/// `POST /api/v1/reports/status`: what changed for these reports since the
/// device's cursor.
#[utoipa::path(
    post,
    path = "/api/v1/reports/status",
    tag = "reports",
    security(("device" = [])),
    request_body = StatusRequest,
    responses(
        (status = 200, body = StatusResponse),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    )
)]
pub async fn statuses(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<StatusRequest>,
) -> Result<Json<StatusResponse>, ApiError> {
    let device = caller.device()?.id;
    if req.ids.len() > MAX_BATCH {
        return Err(ApiError::BatchTooLarge(req.ids.len()));
    }
    let all = state.store.statuses(&req.ids, device).await?;
    let newest = all.iter().map(|s| s.changed_at).max().unwrap_or(req.since);
    let cursor = req
        .since
        .max(newest.min(crate::store::now_ms() - CURSOR_SLACK_MS));
    let reports = all
        .into_iter()
        .filter(|s| s.changed_at > req.since)
        .collect();
    Ok(Json(StatusResponse { reports, cursor }))
}
