//! Cases for coordinators: list, detail, split a report out, merge two.
//! A coordinator sees only cases whose region lies in theirs; another
//! region's case answers 404, as if it did not exist.

use axum::Json;
use axum::extract::{Path, Query, State};
use netral_shared::cases::{CaseDetail, CaseList, MergeRequest, SplitRequest};
use netral_shared::sync::ErrorBody;
use serde::Deserialize;

use super::AppState;
use crate::audit::Audit;
use crate::auth::{Caller, User};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::store::CaseFilter;

const DEFAULT_PAGE: u32 = 50;
const MAX_PAGE: u32 = 200;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Province code, e.g. `35`.
    province: Option<String>,
    /// Kabupaten/kota code, e.g. `35.78`.
    regency: Option<String>,
    /// Page size, 1–200 (default 50).
    limit: Option<u32>,
    offset: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/cases",
    tag = "cases",
    security(("session" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "Only the coordinator's regions", body = CaseList),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<CaseList>, ApiError> {
    let user = caller.user()?;
    let filter = CaseFilter {
        province: q.province.filter(|p| !p.is_empty()),
        regency: q.regency.filter(|r| !r.is_empty()),
        limit: q.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE),
        offset: q.offset.unwrap_or(0),
        scopes: (!user.is_admin()).then(|| user.scopes.clone()),
    };
    Ok(Json(state.store.list_cases(&filter).await?))
}

/// A merged case's old id answers with the case it was merged into, so a
/// link kept from before the merge still leads somewhere.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}",
    tag = "cases",
    security(("session" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = CaseDetail),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown, or outside the coordinator's regions", body = ErrorBody),
    )
)]
pub async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<CaseDetail>, ApiError> {
    let user = caller.user()?;
    let live = state
        .store
        .resolve_case(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    case_in_scope(&state, user, live).await?;
    state
        .store
        .case(live)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/split",
    tag = "cases",
    security(("session" = [])),
    params(("id" = i64, Path)),
    request_body = SplitRequest,
    responses(
        (status = 200, description = "The new case holding the report", body = CaseDetail),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "Outside the coordinator's regions", body = ErrorBody),
        (status = 409, body = ErrorBody),
    )
)]
pub async fn split(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<SplitRequest>,
) -> Result<Json<CaseDetail>, ApiError> {
    let user = caller.user()?;
    case_in_scope(&state, user, id).await?;
    let audit = Audit::new(user, "case_split", format!("case:{id}"))
        .details(serde_json::json!({ "report_id": req.report_id }));
    let new_case = state
        .store
        .split(id, req.report_id, &audit)
        .await?
        .ok_or(ApiError::CannotSplit)?;
    state
        .store
        .case(new_case)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/merge",
    tag = "cases",
    security(("session" = [])),
    params(("id" = i64, Path)),
    request_body = MergeRequest,
    responses(
        (status = 200, body = CaseDetail),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "Either case outside the coordinator's regions", body = ErrorBody),
        (status = 409, body = ErrorBody),
    )
)]
pub async fn merge(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<MergeRequest>,
) -> Result<Json<CaseDetail>, ApiError> {
    let user = caller.user()?;
    case_in_scope(&state, user, id).await?;
    case_in_scope(&state, user, req.other_case_id).await?;
    let audit = Audit::new(user, "case_merge", format!("case:{id}"))
        .details(serde_json::json!({ "other_case_id": req.other_case_id }));
    if !state.store.merge(id, req.other_case_id, &audit).await? {
        return Err(ApiError::CannotMerge);
    }
    state
        .store
        .case(id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// 404 unless a coordinator's regions hold the case's region. Admins skip
/// the lookup, so an unknown case still reaches the store's own answer.
pub async fn case_in_scope(state: &AppState, user: &User, case_id: i64) -> Result<(), ApiError> {
    if user.is_admin() {
        return Ok(());
    }
    match state.store.case_region(case_id).await? {
        Some((province, regency)) if user.sees(&province, &regency) => Ok(()),
        _ => Err(ApiError::NotFound),
    }
}
