//! One report by id: read what the server holds, or store one report (the
//! same path as a sync batch of one, but answering 422 when it is invalid).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use netral_shared::sync::{Outcome, ReportResult, StoredReport};
use serde_json::value::RawValue;
use uuid::Uuid;

use super::AppState;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::ingest::{self, today_in_indonesia};

pub async fn get_report(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<StoredReport>, ApiError> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    state
        .store
        .report(id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

pub async fn put_report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<Box<RawValue>>,
) -> Result<(StatusCode, Json<ReportResult>), ApiError> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    let incoming = ingest::parse(raw.get(), today_in_indonesia())
        .map_err(|r| ApiError::InvalidReport(r.problems))?;
    if incoming.id != id {
        return Err(ApiError::IdMismatch);
    }
    let outcome = state
        .store
        .sync_batch(std::slice::from_ref(&incoming))
        .await?[0];
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
    Ok((status, Json(result)))
}
