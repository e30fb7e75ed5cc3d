//! A coordinator working a case: workflow steps (verify, reject, forward…)
//! and corrections of the terlapor where reports disagree. Both are in the
//! coordinator's regions only, and audited.

use axum::Json;
use axum::extract::{Path, State};
use netral_shared::accounts::AuditAction;
use netral_shared::cases::{Canonical, CaseDetail};
use netral_shared::sync::ErrorBody;
use netral_shared::workflow::CaseAction;

use super::cases::{case_in_scope, path_id};
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::services::AppState;
use crate::store::audit::Audit;

/// Longest correction kept, per field.

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
    crate::http::extract::ApiJson(action): crate::http::extract::ApiJson<CaseAction>,
) -> Result<Json<CaseDetail>, ApiError> {
    let user = caller.user()?;
    let id = path_id(&id)?;
    case_in_scope(&state, user, id).await?;
    let audit = Audit::new(user, AuditAction::CaseStatus, format!("case:{id}"));
    state
        .store
        .case_action(id, &action, &audit)
        .await?
        .ok_or(ApiError::NotFound)?
        .map_err(ApiError::Workflow)?;
    super::cases::detail_of(&state, user, id).await
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
    crate::http::extract::ApiJson(edit): crate::http::extract::ApiJson<Canonical>,
) -> Result<Json<CaseDetail>, ApiError> {
    let user = caller.user()?;
    let id = path_id(&id)?;
    case_in_scope(&state, user, id).await?;
    // Lengths count the fields as sent, as the contract's `maxLength` does;
    // what is kept is trimmed.
    let problems = edit.problems();
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let edit = edit.trimmed();
    // Which fields changed, not their values: the audit log keeps no names.
    let fields: Vec<&str> = edit
        .fields()
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, _)| k)
        .collect();
    let audit = Audit::new(user, AuditAction::CaseCanonical, format!("case:{id}"))
        .details(serde_json::json!({ "fields": fields }));
    if !state.store.set_canonical(id, &edit, &audit).await? {
        return Err(ApiError::NotFound);
    }
    super::cases::detail_of(&state, user, id).await
}
