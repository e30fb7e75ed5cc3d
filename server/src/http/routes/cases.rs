//! Cases for coordinators: list, detail, split a report out, merge two.
//! A coordinator sees only cases whose region lies in theirs; another
//! region's case answers 404, as if it did not exist.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use netral_shared::accounts::AuditAction;
use netral_shared::cases::{CaseDetail, CaseList, MergeRequest, PossiblySameList, SplitRequest};
use netral_shared::sync::ErrorBody;
use serde::Deserialize;

use super::overview::{ViewParams, scope_of};
use crate::http::auth::{Caller, User};
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::services::AppState;
use crate::services::case_views;
use crate::store::audit::Audit;

/// The dashboard's page size (`hal`).
const PAGE: usize = 50;
const MAX_LIMIT: u32 = 200;

/// The list's first parameters, kept for links and scripts made before the
/// dashboard's view parameters (`provinsi`, `hal`, … win when both are given).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Province code, e.g. `35` (older name of `provinsi`).
    province: Option<String>,
    /// Kabupaten/kota code, e.g. `35.78` (older name of `kabkota`).
    regency: Option<String>,
    /// Page size, 1–200 (a larger one is taken as 200, 0 as 1); with
    /// `offset`, instead of `hal`'s pages of 50.
    #[param(value_type = Option<u64>, maximum = 4_294_967_295_u64)]
    limit: Option<u32>,
    /// Cases to skip.
    #[param(value_type = Option<u64>, maximum = 4_294_967_295_u64)]
    offset: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/cases",
    tag = "cases",
    security(("session" = [])),
    params(ViewParams, ListQuery),
    responses(
        (status = 200, description = "The live cases of the caller's regions that match the view, one page", body = CaseList),
        (status = 400, description = "A paging value is not valid", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    view: Result<Query<ViewParams>, QueryRejection>,
    legacy: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<CaseList>, ApiError> {
    let user = caller.user()?;
    let (Ok(Query(mut view)), Ok(Query(legacy))) = (view, legacy) else {
        return Err(ApiError::InvalidQuery);
    };
    view.provinsi = view.provinsi.or(legacy.province);
    view.kabkota = view.kabkota.or(legacy.regency);
    let query = view.query();
    let scope = scope_of(user);
    let (total, ids) = {
        let bounds = case_views::read_bounds(&query, &scope);
        let index = case_views::caught_up(&state, bounds.as_deref()).await?;
        match (legacy.limit, legacy.offset) {
            (None, None) => index.page(&query, &scope, PAGE),
            (limit, offset) => index.slice(
                &query,
                &scope,
                offset.unwrap_or(0) as usize,
                limit.unwrap_or(PAGE as u32).clamp(1, MAX_LIMIT) as usize,
            ),
        }
    };
    // The index only orders and counts; what is shown is read from the
    // database, so a summary is never staler than the request.
    let cases = case_views::summaries(state.store.as_ref(), &ids, &state.calendar).await?;
    Ok(Json(CaseList { cases, total }))
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
        (status = 404, description = "Unknown, not a case id, or outside the coordinator's regions", body = ErrorBody),
    )
)]
pub async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<CaseDetail>, ApiError> {
    let user = caller.user()?;
    let id = path_id(&id)?;
    let live = state
        .store
        .resolve_case(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    case_in_scope(&state, user, live).await?;
    detail_of(&state, user, live).await
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
        (status = 400, description = "Not valid JSON, or not a split request", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "Not a case id, or outside the coordinator's regions", body = ErrorBody),
        (status = 409, description = "The report is not in the case, or is its only report", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    )
)]
pub async fn split(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SplitRequest>,
) -> Result<Json<CaseDetail>, ApiError> {
    let user = caller.user()?;
    let id = path_id(&id)?;
    case_in_scope(&state, user, id).await?;
    let audit = Audit::new(user, AuditAction::CaseSplit, format!("case:{id}"))
        .details(serde_json::json!({ "report_id": req.report_id }));
    let new_case = state
        .store
        .split(id, req.report_id, &audit)
        .await?
        .ok_or(ApiError::CannotSplit)?;
    detail_of(&state, user, new_case).await
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
        (status = 400, description = "Not valid JSON, or not a merge request", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "Not a case id, or either case outside the coordinator's regions", body = ErrorBody),
        (status = 409, description = "Both cases must exist, differ and not be merged already", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    )
)]
pub async fn merge(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<MergeRequest>,
) -> Result<Json<CaseDetail>, ApiError> {
    let user = caller.user()?;
    let id = path_id(&id)?;
    case_in_scope(&state, user, id).await?;
    case_in_scope(&state, user, req.other_case_id).await?;
    let audit = Audit::new(user, AuditAction::CaseMerge, format!("case:{id}"))
        .details(serde_json::json!({ "other_case_id": req.other_case_id }));
    if !state.store.merge(id, req.other_case_id, &audit).await? {
        return Err(ApiError::CannotMerge);
    }
    state.metrics.coordinator_merge();
    detail_of(&state, user, id).await
}

/// The open "possibly the same" pairs in which the caller sees at least one
/// of the two cases, newest first (at most 500).
#[utoipa::path(
    get,
    path = "/api/v1/case-links",
    tag = "cases",
    security(("session" = [])),
    responses(
        (status = 200, body = PossiblySameList),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    )
)]
pub async fn links(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<PossiblySameList>, ApiError> {
    let user = caller.user()?;
    let scope = user.scope();
    let links = state
        .store
        .open_links(500)
        .await?
        .into_iter()
        .filter_map(|row| {
            // Seen from the caller's side when only one of the two is theirs.
            let row = if scope.admits_codes(&row.case_province, &row.case_regency) {
                row
            } else {
                let other = row.other_case_id;
                row.seen_from(other)
            };
            scope
                .admits_codes(&row.case_province, &row.case_regency)
                .then(|| case_views::possibly_same(row, &scope))
                .flatten()
        })
        .collect();
    Ok(Json(PossiblySameList { links }))
}

/// "Not the same incident": the link is kept as dismissed, so grouping never
/// suggests it again. A coordinator of either case's region may dismiss it.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/links/{other}/dismiss",
    tag = "cases",
    security(("session" = [])),
    params(("id" = i64, Path), ("other" = i64, Path)),
    responses(
        (status = 200, description = "The case, without the dismissed link", body = CaseDetail),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "Not a case id, or the case outside the coordinator's regions", body = ErrorBody),
        (status = 409, description = "`no_open_link`: no open link between the two", body = ErrorBody),
    )
)]
pub async fn dismiss_link(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, other)): Path<(String, String)>,
) -> Result<Json<CaseDetail>, ApiError> {
    let user = caller.user()?;
    let (id, other) = (path_id(&id)?, path_id(&other)?);
    case_in_scope(&state, user, id).await?;
    let audit = Audit::new(user, AuditAction::CaseLinkDismiss, format!("case:{id}"))
        .details(serde_json::json!({ "other_case_id": other }));
    if !state.store.dismiss_link(id, other, &audit).await? {
        return Err(ApiError::NoOpenLink);
    }
    detail_of(&state, user, id).await
}

/// A numeric id from the path (a case, device, invite or account):
/// anything that is not one (including numbers beyond 64 bits) names
/// nothing, so it is a JSON 404 like any unknown id, never axum's plain-text
/// 400.
pub(super) fn path_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse().map_err(|_| ApiError::NotFound)
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

/// A live case's detail, the answer of every route that shows or changes one.
pub async fn detail_of(
    state: &AppState,
    user: &User,
    id: i64,
) -> Result<Json<CaseDetail>, ApiError> {
    case_views::case_detail(state.store.as_ref(), id, &user.scope(), &state.calendar)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}
