//! `POST /api/v1/sync`: a device's outbox, answered report by report.

use axum::Json;
use axum::extract::State;
use netral_shared::report::Report;
use netral_shared::sync::{ErrorBody, MAX_BATCH, ReportResult, SyncRequest, SyncResponse};
use serde_json::value::RawValue;

use super::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::ingest::{self, Incoming, today_in_indonesia};

/// Marks each report as this device's, and rejects those another device
/// sent first: a device may only change its own reports. The owner is set
/// once, when a report is first stored, so reading it before the batch's
/// transaction is safe. Reports from before accounts (no owner) are
/// claimed by the first device that sends them again.
pub async fn refuse_others_reports(
    state: &AppState,
    device: i64,
    parsed: &mut [Result<Incoming, ReportResult>],
) -> Result<(), ApiError> {
    let ids: Vec<_> = parsed.iter().flatten().map(|r| r.id).collect();
    let foreign: std::collections::HashSet<_> = state
        .store
        .report_owners(&ids)
        .await?
        .into_iter()
        .filter(|(_, owner)| owner.is_some_and(|o| o != device))
        .map(|(id, _)| id)
        .collect();
    for p in parsed.iter_mut() {
        if let Ok(r) = p {
            if foreign.contains(&r.id) {
                *p = Err(ReportResult {
                    id: Some(r.id),
                    revision: r.revision,
                    outcome: netral_shared::sync::Outcome::Rejected,
                    problems: vec![netral_shared::Problem::new(
                        "id",
                        netral_shared::ProblemCode::OtherDevice,
                    )],
                });
            } else {
                r.device_id = Some(device);
            }
        }
    }
    Ok(())
}

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
    let today = today_in_indonesia();
    // Validate everything first; only valid reports reach the transaction,
    // so one bad report never fails the others.
    let mut parsed: Vec<_> = request
        .reports
        .iter()
        .map(|raw| ingest::parse(raw.get(), today))
        .collect();
    refuse_others_reports(&state, device, &mut parsed).await?;
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
