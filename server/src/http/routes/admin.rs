//! For admins: organisations, coordinator and admin accounts, the audit log.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use netral_shared::accounts::AuditAction;
use netral_shared::accounts::{
    AuditEntry, AuditPage, Me, NewOrganisation, NewUser, Organisation, OrganisationList, UserList,
};
use netral_shared::sync::ErrorBody;
use serde::Deserialize;

use super::sign_in::me_of;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::services::AppState;
use crate::services::users::{sent_organisation_name_problem, validate_user};
use crate::store::accounts::NewUserRow;
use crate::store::audit::Audit;
use crate::store::format_ms;

#[utoipa::path(
    get,
    path = "/api/v1/organisations",
    tag = "admin",
    security(("session" = [])),
    responses(
        (status = 200, body = OrganisationList),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
    )
)]
pub async fn list_organisations(
    State(state): State<AppState>,
) -> Result<Json<OrganisationList>, ApiError> {
    Ok(Json(OrganisationList {
        organisations: state.store.organisations().await?,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/organisations",
    tag = "admin",
    security(("session" = [])),
    request_body = NewOrganisation,
    responses(
        (status = 201, body = Organisation),
        (status = 400, description = "Not valid JSON, or not the expected fields", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an admin, or `cross_site`", body = ErrorBody),
        (status = 409, description = "`already_exists`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
pub async fn create_organisation(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewOrganisation>,
) -> Result<(StatusCode, Json<Organisation>), ApiError> {
    let user = caller.user()?;
    if let Some(problem) = sent_organisation_name_problem("name", &req.name) {
        return Err(ApiError::Invalid(vec![problem]));
    }
    let name = req.name.trim();
    // The name is an organisation's, not a person's: fine in the log.
    let audit = Audit::new(user, AuditAction::OrganisationCreate, "")
        .details(serde_json::json!({ "name": name }));
    state
        .store
        .create_organisation(name, &audit)
        .await?
        .map(|o| (StatusCode::CREATED, Json(o)))
        .ok_or(ApiError::Taken)
}

#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "admin",
    security(("session" = [])),
    responses(
        (status = 200, body = UserList),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    )
)]
pub async fn list_users(State(state): State<AppState>) -> Result<Json<UserList>, ApiError> {
    Ok(Json(UserList {
        users: state.store.users().await?.iter().map(me_of).collect(),
    }))
}

/// A coordinator (one organisation, one or more regions) or another admin.
#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "admin",
    security(("session" = [])),
    request_body = NewUser,
    responses(
        (status = 201, body = Me),
        (status = 400, description = "Not valid JSON, or not the expected fields", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an admin, or `cross_site`", body = ErrorBody),
        (status = 409, description = "`already_exists`: the username is taken", body = ErrorBody),
        (status = 422, description = "`invalid_input`", body = ErrorBody),
    )
)]
pub async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<Me>), ApiError> {
    let admin = caller.user()?;
    let row = validate_new_user(&state, req).await?;
    let audit = Audit::new(admin, AuditAction::UserCreate, "").details(serde_json::json!({
        "role": row.role.code(),
        "organisation_id": row.organisation_id,
        "scopes": row.scopes,
    }));
    let id = state
        .store
        .create_user(&row, &audit)
        .await?
        .ok_or(ApiError::Taken)?;
    let created = state.store.user(id).await?.ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(me_of(&created))))
}

/// Checks a new account and hashes its password (also for the CLI).
pub async fn validate_new_user(state: &AppState, req: NewUser) -> Result<NewUserRow, ApiError> {
    Ok(validate_user(state.store.as_ref(), req).await?)
}

/// Someone who left the coalition: the account can no longer sign in, its
/// sessions end at once. What it did stays in the audit log.
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/disable",
    tag = "admin",
    security(("session" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Disabled"),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not an admin, or the admin's own account", body = ErrorBody),
        (status = 404, description = "Unknown or disabled already", body = ErrorBody),
    )
)]
pub async fn disable_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.user()?;
    let id = super::cases::path_id(&id)?;
    // An admin cannot lock themselves out (nor the last admin out).
    if id == admin.id {
        return Err(ApiError::Forbidden);
    }
    let audit = Audit::new(admin, AuditAction::UserDisable, format!("user:{id}"));
    if state.store.disable_user(id, &audit).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Page size, 1–500 (default 100); a larger one is taken as 500, 0 as 1.
    #[param(value_type = Option<u64>, maximum = 4_294_967_295_u64)]
    limit: Option<u32>,
    /// Entries to skip, newest first.
    #[param(value_type = Option<u64>, maximum = 4_294_967_295_u64)]
    offset: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "admin",
    security(("session" = [])),
    params(AuditQuery),
    responses(
        (status = 200, body = AuditPage),
        (status = 400, description = "`limit` or `offset` is not a whole number from 0", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    )
)]
pub async fn audit(
    State(state): State<AppState>,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<AuditPage>, ApiError> {
    let Query(q) = query.map_err(|_| ApiError::InvalidQuery)?;
    let (rows, total) = state
        .store
        .audit_page(q.limit.unwrap_or(100).clamp(1, 500), q.offset.unwrap_or(0))
        .await?;
    let entries = rows
        .into_iter()
        // Only `AuditAction` codes are ever written.
        .filter_map(|r| {
            Some(AuditEntry {
                id: r.id,
                at: format_ms(r.at),
                actor_id: r.actor_id,
                actor_username: r.actor_username,
                action: AuditAction::from_code(&r.action)?,
                target: r.target,
                details: serde_json::from_str(&r.details).unwrap_or_default(),
            })
        })
        .collect();
    Ok(Json(AuditPage { entries, total }))
}
