//! Coordinators and admins: sign in, sign out, who am I, change password;
//! and opening a reporter's identity (audited).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use netral_shared::accounts::AuditAction;
use netral_shared::accounts::{
    LoginRequest, MAX_PASSWORD_CHARS, Me, PasswordChange, ReporterIdentity, Role,
};
use netral_shared::sync::ErrorBody;
use uuid::Uuid;

use crate::http::auth::{AuthState, Caller, ClientIp, User, cookie_header};
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::services::AppState;
use crate::services::credentials::{self, secret_hash};
use crate::services::users::{check_password, hash, verify};
use crate::store::accounts::{ReportAccess, UserRow};
use crate::store::audit::{Actor, Audit};
use crate::store::now_ms;

pub fn me_of(row: &UserRow) -> Me {
    Me {
        id: row.id,
        username: row.username.clone(),
        role: row.role,
        organisation_id: row.organisation_id,
        organisation: row.organisation.clone(),
        scopes: row.scopes.clone(),
        disabled: row.disabled,
    }
}

/// Signs in and sets the session cookie `netral_session` (`HttpOnly;
/// SameSite=Strict; Path=/`; over HTTPS `__Host-netral_session`, `Secure`).
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "accounts",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; `Set-Cookie: netral_session=…` (over HTTPS `__Host-netral_session=…; Secure`)", body = Me),
        (status = 400, description = "Not valid JSON, or not the expected fields", body = ErrorBody),
        (status = 403, description = "`cross_site`: sent from another site", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 401, description = "`invalid_credentials`", body = ErrorBody),
        (status = 429, description = "`rate_limited` (this address) or `account_locked`; see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    AuthState::check(&state.auth.login_limiter, ip)?;
    // No password is that long: refused before the account is looked up,
    // the same for every username, with no hashing and nothing counted.
    if too_long(&req.password) {
        return Err(ApiError::BadCredentials);
    }
    let now = now_ms();
    let address = address_key(ip);
    let Some(user) = state.store.user_by_name(req.username.trim()).await? else {
        // As slow as a real check, so the answer does not say whether the
        // username exists. Not audited: what was typed may be a password.
        verify(req.password, credentials::dummy_hash().to_owned()).await;
        return Err(ApiError::BadCredentials);
    };
    let audit = |action| Audit::by(actor_of(&user), action, format!("user:{}", user.id));
    let lock = state.store.login_lock(user.id, &address).await?;
    if lock > now {
        state.store.audit(&audit(AuditAction::SignInLocked)).await?;
        return Err(ApiError::AccountLocked(secs_until(lock, now)));
    }
    let matches = verify(req.password, user.password_hash.clone()).await;
    // A disabled account answers like a wrong password, after the same work.
    if user.disabled {
        state.store.audit(&audit(AuditAction::SignInFailed)).await?;
        return Err(ApiError::BadCredentials);
    }
    if !matches {
        let until = state.store.login_failed(user.id, &address, now).await?;
        let failed =
            audit(AuditAction::SignInFailed).details(serde_json::json!({ "locked": until > now }));
        state.store.audit(&failed).await?;
        if until > now {
            return Err(ApiError::AccountLocked(secs_until(until, now)));
        }
        return Err(ApiError::BadCredentials);
    }
    state.store.login_succeeded(user.id, &address).await?;
    let token = credentials::new_token();
    state
        .store
        .create_session(&secret_hash(&state.keys, &token), user.id, now)
        .await?;
    state.store.audit(&audit(AuditAction::SignIn)).await?;
    let cookie = cookie_header(&state.auth, &headers, Some(&token));
    Ok(([(header::SET_COOKIE, cookie)], Json(me_of(&user))).into_response())
}

/// Longer than any password may be (in characters, or bytes of four-byte
/// characters): never hashed.
fn too_long(password: &str) -> bool {
    password.len() > 4 * MAX_PASSWORD_CHARS || password.chars().count() > MAX_PASSWORD_CHARS
}

/// The client address as the per-account lockout counts it: an IPv4
/// address or an IPv6 /64.
fn address_key(ip: std::net::IpAddr) -> String {
    crate::services::sessions::limit_key(ip).to_string()
}

fn actor_of(user: &UserRow) -> Actor {
    Actor {
        id: Some(user.id),
        username: user.username.clone(),
    }
}

fn secs_until(until: i64, now: i64) -> u64 {
    ((until - now).max(0) as u64).div_ceil(1000)
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "accounts",
    security(("session" = [])),
    responses(
        (status = 204, description = "Signed out; the cookie is cleared"),
        (status = 401, body = ErrorBody),
        (status = 403, description = "A device", body = ErrorBody),
    )
)]
pub async fn logout(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = caller.user()?;
    state.store.delete_session(&user.session).await?;
    let cookie = cookie_header(&state.auth, &headers, None);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/auth/me",
    tag = "accounts",
    security(("session" = [])),
    responses(
        (status = 200, body = Me),
        (status = 401, description = "`unauthenticated` or `session_expired`", body = ErrorBody),
        (status = 403, description = "A device", body = ErrorBody),
    )
)]
pub async fn me(caller: Caller) -> Result<Json<Me>, ApiError> {
    let u = caller.user()?;
    Ok(Json(Me {
        id: u.id,
        username: u.username.clone(),
        role: u.role,
        organisation_id: u.organisation_id,
        organisation: u.organisation.clone(),
        scopes: u.scopes.clone(),
        disabled: false,
    }))
}

/// Needs the current password; ends every other session of the account.
/// Throttled like sign-in: the same per-address limit, and a wrong current
/// password counts as a failed sign-in (the same lockout).
#[utoipa::path(
    post,
    path = "/api/v1/auth/password",
    tag = "accounts",
    security(("session" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "Not valid JSON, or not the expected fields", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not staff, or `cross_site`", body = ErrorBody),
        (status = 422, description = "`wrong_password`, or `invalid_input` (at least 12 characters)", body = ErrorBody),
        (status = 429, description = "`rate_limited` (this address) or `account_locked`; see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let user = caller.user()?;
    AuthState::check(&state.auth.password_limiter, ip)?;
    check_password("new_password", &req.new_password)?;
    let row = state
        .store
        .user(user.id)
        .await?
        .ok_or(ApiError::SessionExpired)?;
    let now = now_ms();
    let address = address_key(ip);
    let lock = state.store.login_lock(user.id, &address).await?;
    if lock > now {
        return Err(ApiError::AccountLocked(secs_until(lock, now)));
    }
    if too_long(&req.current_password) || !verify(req.current_password, row.password_hash).await {
        let until = state.store.login_failed(user.id, &address, now).await?;
        let failed = Audit::new(user, AuditAction::SignInFailed, format!("user:{}", user.id))
            .details(serde_json::json!({ "locked": until > now, "password_change": true }));
        state.store.audit(&failed).await?;
        if until > now {
            return Err(ApiError::AccountLocked(secs_until(until, now)));
        }
        return Err(ApiError::WrongPassword);
    }
    let phc = hash(req.new_password).await;
    let audit = Audit::new(
        user,
        AuditAction::PasswordChange,
        format!("user:{}", user.id),
    );
    state
        .store
        .set_password(user.id, &phc, Some(&user.session), &audit)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who sent a report: name, contact, address. For a coordinator whose
/// regions hold the report's case, or an admin; every read is audited.
#[utoipa::path(
    get,
    path = "/api/v1/reports/{id}/reporter",
    tag = "reports",
    security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = ReporterIdentity),
        (status = 401, body = ErrorBody),
        (status = 403, description = "A device, or a coordinator of another organisation than the sending device's (or of a report with no sending device)", body = ErrorBody),
        (status = 404, description = "Unknown, or outside the coordinator's regions", body = ErrorBody),
    )
)]
pub async fn reporter(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ReporterIdentity>, ApiError> {
    let user = caller.user()?;
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    let access = report_in_scope(&state, user, id).await?;
    // A volunteer's identity is their own organisation's to know: a
    // coordinator of another organisation working the same region sees the
    // case, not who reported it. A report with no sending device (from
    // before accounts, or an admin's import) is the admin's to open.
    if user.role == Role::Koordinator
        && (access.organisation_id.is_none() || access.organisation_id != user.organisation_id)
    {
        return Err(ApiError::Forbidden);
    }
    let audit = Audit::new(user, AuditAction::ReporterOpen, format!("report:{id}"));
    state
        .store
        .open_reporter(id, &audit)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// 404 unless the report exists and its case lies in the user's regions:
/// a coordinator cannot tell another region's report from none.
pub async fn report_in_scope(
    state: &AppState,
    user: &User,
    id: Uuid,
) -> Result<ReportAccess, ApiError> {
    let access = state
        .store
        .report_access(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if user.sees(&access.province, &access.regency) {
        Ok(access)
    } else {
        Err(ApiError::NotFound)
    }
}
