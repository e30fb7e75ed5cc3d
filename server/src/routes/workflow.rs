//! A coordinator working a case: workflow steps (verify, reject, forward…)
//! and corrections of the terlapor where reports disagree. Both are in the
//! coordinator's regions only, and audited.

use axum::Json;
use axum::extract::{Path, State};
use netral_shared::cases::{Canonical, CaseDetail};
use netral_shared::sync::ErrorBody;
use netral_shared::workflow::CaseAction;
use netral_shared::{Problem, ProblemCode};

use super::AppState;
use super::cases::{case_in_scope, path_id};
use crate::audit::Audit;
use crate::auth::Caller;
use crate::error::ApiError;

/// Longest correction kept, per field.
const MAX_FIELD: usize = 200;

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/status",
    tag = "cases",
    security(("session" = [])),
    params(("id" = i64, Path)),
    request_body = CaseAction,
    responses(
        (status = 200, description = "The case after the step", body = CaseDetail),
        (status = 400, description = "Not valid JSON, or not an action", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown, merged away, or outside the coordinator's regions", body = ErrorBody),
        (status = 409, description = "The step is not possible from the case's status (`step_not_allowed`)", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A forwarding without agency, date or reference, or a follow-up without text (`step_incomplete`)", body = ErrorBody),
    )
)]
pub async fn status(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    crate::extract::ApiJson(action): crate::extract::ApiJson<CaseAction>,
) -> Result<Json<CaseDetail>, ApiError> {
    let user = caller.user()?;
    let id = path_id(&id)?;
    case_in_scope(&state, user, id).await?;
    let audit = Audit::new(user, "case_status", format!("case:{id}"));
    state
        .store
        .case_action(id, &action, &audit)
        .await?
        .ok_or(ApiError::NotFound)?
        .map_err(ApiError::Workflow)?;
    super::cases::detail_of(&state, id).await
}

#[utoipa::path(
    put,
    path = "/api/v1/cases/{id}/canonical",
    tag = "cases",
    security(("session" = [])),
    params(("id" = i64, Path)),
    request_body = Canonical,
    responses(
        (status = 200, description = "The case with the correction in its summary", body = CaseDetail),
        (status = 400, description = "Not valid JSON", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown, merged away, or outside the coordinator's regions", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A field longer than 200 characters", body = ErrorBody),
    )
)]
pub async fn canonical(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    crate::extract::ApiJson(edit): crate::extract::ApiJson<Canonical>,
) -> Result<Json<CaseDetail>, ApiError> {
    let user = caller.user()?;
    let id = path_id(&id)?;
    case_in_scope(&state, user, id).await?;
    let edit = Canonical {
        name: edit.name.trim().to_owned(),
        position: edit.position.trim().to_owned(),
        agency: edit.agency.trim().to_owned(),
        place: edit.place.trim().to_owned(),
    };
    let problems: Vec<Problem> = [
        ("name", &edit.name),
        ("position", &edit.position),
        ("agency", &edit.agency),
        ("place", &edit.place),
    ]
    .into_iter()
    .filter(|(_, v)| v.chars().count() > MAX_FIELD)
    .map(|(k, _)| Problem::new(k, ProblemCode::TooLong))
    .collect();
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    // Which fields changed, not their values: the audit log keeps no names.
    let fields: Vec<&str> = [
        ("name", &edit.name),
        ("position", &edit.position),
        ("agency", &edit.agency),
        ("place", &edit.place),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, _)| k)
    .collect();
    let audit = Audit::new(user, "case_canonical", format!("case:{id}"))
        .details(serde_json::json!({ "fields": fields }));
    if !state.store.set_canonical(id, &edit, &audit).await? {
        return Err(ApiError::NotFound);
    }
    super::cases::detail_of(&state, id).await
}
