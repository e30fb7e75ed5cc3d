//! Volunteers' devices: invite codes made by coordinators, joining with one,
//! listing and revoking devices.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use netral_shared::accounts::AuditAction;
use netral_shared::accounts::{
    CreatedInvite, DEFAULT_INVITE_HOURS, DeviceInfo, DeviceList, InviteInfo, InviteList,
    JoinRequest, JoinResponse, NewInvite, invite_limit_problems,
};
use netral_shared::regions::RegionCode;
use netral_shared::sync::ErrorBody;
use netral_shared::{Problem, ProblemCode};

use super::cases::path_id;
use crate::http::auth::{AuthState, Caller, ClientIp, User};
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::services::AppState;
use crate::services::credentials::{self, format_invite_code, normalize_invite_code, secret_hash};
use crate::store::accounts::{DeviceRow, InviteRow, Redeemed};
use crate::store::audit::Audit;
use crate::store::{format_ms, now_ms};

pub fn device_info(d: &DeviceRow) -> DeviceInfo {
    DeviceInfo {
        id: d.id,
        pseudonym: d.pseudonym.clone(),
        organisation_id: d.organisation_id,
        organisation: d.organisation.clone(),
        scopes: d.scopes.clone(),
        created_at: format_ms(d.created_at),
        last_seen: format_ms(d.last_seen),
        revoked_at: d.revoked_at.map(format_ms),
    }
}

fn invite_info(i: &InviteRow) -> InviteInfo {
    InviteInfo {
        id: i.id,
        organisation_id: i.organisation_id,
        organisation: i.organisation.clone(),
        scopes: i.scopes.clone(),
        created_at: format_ms(i.created_at),
        expires_at: format_ms(i.expires_at),
        max_uses: i.max_uses as u32,
        uses: i.uses as u32,
        revoked_at: i.revoked_at.map(format_ms),
    }
}

/// Whose devices and invites a caller lists: every organisation's for an
/// admin, else their own (a coordinator without one sees nothing).
fn listed_organisation(user: &User) -> Result<Option<i64>, ApiError> {
    if user.is_admin() {
        Ok(None)
    } else {
        user.organisation_id.map(Some).ok_or(ApiError::Forbidden)
    }
}

/// An invite or device is a coordinator's to see and revoke only when it
/// belongs to their organisation and every one of its regions lies inside
/// theirs: one shared region is not enough, or a kab/kota coordinator could
/// cut off a whole province's phones. An invite a coordinator made passes,
/// since its regions had to lie inside theirs when it was made.
fn manages(user: &User, organisation_id: i64, scopes: &[String]) -> bool {
    user.is_admin()
        || (user.organisation_id == Some(organisation_id)
            && !scopes.is_empty()
            && scopes
                .iter()
                .all(|s| RegionCode::parse(s).is_ok_and(|code| user.scope().covers(code))))
}

/// Registers this device with an invite code. Answers the device's token
/// once; send it as `Authorization: Bearer <token>` from then on.
#[utoipa::path(
    post,
    path = "/api/v1/devices/join",
    tag = "devices",
    request_body = JoinRequest,
    responses(
        (status = 201, body = JoinResponse),
        (status = 400, description = "Not valid JSON, or not the expected fields", body = ErrorBody),
        (status = 403, description = "`cross_site`: sent from another site", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 404, description = "`invite_invalid`: no such code", body = ErrorBody),
        (status = 410, description = "`invite_expired`, `invite_used_up` or `invite_revoked`", body = ErrorBody),
        (status = 429, description = "`rate_limited`; see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn join(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<JoinRequest>,
) -> Result<(StatusCode, Json<JoinResponse>), ApiError> {
    AuthState::check(&state.auth.join_limiter, ip)?;
    let code = normalize_invite_code(&req.code).ok_or(ApiError::InviteInvalid)?;
    let token = credentials::new_token();
    match state
        .store
        .redeem_invite(
            &secret_hash(&state.keys, &code),
            &secret_hash(&state.keys, &token),
            credentials::new_pseudonym,
            now_ms(),
        )
        .await?
    {
        Redeemed::Joined(device) => Ok((
            StatusCode::CREATED,
            Json(JoinResponse {
                token,
                device: device_info(&device),
            }),
        )),
        Redeemed::Unknown => Err(ApiError::InviteInvalid),
        Redeemed::Expired => Err(ApiError::InviteExpired),
        Redeemed::UsedUp => Err(ApiError::InviteUsedUp),
        Redeemed::Revoked => Err(ApiError::InviteRevoked),
    }
}

/// The calling device: a cheap check that its token still works.
#[utoipa::path(
    get,
    path = "/api/v1/devices/me",
    tag = "devices",
    security(("device" = [])),
    responses(
        (status = 200, body = DeviceInfo),
        (status = 401, description = "`unauthenticated`, `invalid_token` or `device_revoked`", body = ErrorBody),
        (status = 403, description = "Not a device", body = ErrorBody),
    )
)]
pub async fn device_me(caller: Caller) -> Result<Json<DeviceInfo>, ApiError> {
    Ok(Json(device_info(caller.device()?)))
}

/// The organisation's devices in the coordinator's regions (every device for
/// an admin), newest first.
#[utoipa::path(
    get,
    path = "/api/v1/devices",
    tag = "devices",
    security(("session" = [])),
    responses(
        (status = 200, body = DeviceList),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    )
)]
pub async fn list_devices(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<DeviceList>, ApiError> {
    let user = caller.user()?;
    let org = listed_organisation(user)?;
    let devices = state
        .store
        .devices(org)
        .await?
        .iter()
        .filter(|d| manages(user, d.organisation_id, &d.scopes))
        .map(device_info)
        .collect();
    Ok(Json(DeviceList { devices }))
}

/// A lost or misused phone: its token is refused from now on
/// (`401 device_revoked`). Its reports stay.
#[utoipa::path(
    post,
    path = "/api/v1/devices/{id}/revoke",
    tag = "devices",
    security(("session" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown, already revoked, or not the coordinator's", body = ErrorBody),
    )
)]
pub async fn revoke_device(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let user = caller.user()?;
    let id = path_id(&id)?;
    let device = state.store.device(id).await?.ok_or(ApiError::NotFound)?;
    if !manages(user, device.organisation_id, &device.scopes) {
        return Err(ApiError::NotFound);
    }
    let audit = Audit::new(user, AuditAction::DeviceRevoke, format!("device:{id}"))
        .details(serde_json::json!({ "organisation_id": device.organisation_id }));
    if !state.store.revoke_device(id, &audit).await? {
        return Err(ApiError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/v1/invites",
    tag = "devices",
    security(("session" = [])),
    responses(
        (status = 200, body = InviteList),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    )
)]
pub async fn list_invites(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<InviteList>, ApiError> {
    let user = caller.user()?;
    let org = listed_organisation(user)?;
    let invites = state
        .store
        .invites(org)
        .await?
        .iter()
        .filter(|i| manages(user, i.organisation_id, &i.scopes))
        .map(invite_info)
        .collect();
    Ok(Json(InviteList { invites }))
}

/// A code for volunteers to join with. The code is in this answer only.
#[utoipa::path(
    post,
    path = "/api/v1/invites",
    tag = "devices",
    security(("session" = [])),
    request_body = NewInvite,
    responses(
        (status = 201, body = CreatedInvite),
        (status = 400, description = "Not valid JSON, or not the expected fields", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not staff, another organisation, or `cross_site`", body = ErrorBody),
        (status = 422, description = "`invalid_input`: a region outside the coordinator's, limits", body = ErrorBody),
    )
)]
pub async fn create_invite(
    State(state): State<AppState>,
    caller: Caller,
    headers: axum::http::HeaderMap,
    ApiJson(req): ApiJson<NewInvite>,
) -> Result<(StatusCode, Json<CreatedInvite>), ApiError> {
    let user = caller.user()?;
    let mut problems = Vec::new();
    let organisation_id = if user.is_admin() {
        match req.organisation_id {
            Some(id) => id,
            None => {
                problems.push(Problem::new("organisation_id", ProblemCode::Required));
                0
            }
        }
    } else {
        let own = user.organisation_id.ok_or(ApiError::Forbidden)?;
        if req.organisation_id.is_some_and(|o| o != own) {
            return Err(ApiError::Forbidden);
        }
        own
    };
    let scopes = req.scopes.unwrap_or_else(|| user.scopes.clone());
    if scopes.is_empty() {
        problems.push(Problem::new("scopes", ProblemCode::Required));
    }
    for (i, s) in scopes.iter().enumerate() {
        if !RegionCode::parse(s).is_ok_and(|code| user.scope().covers(code)) {
            problems.push(Problem::new(
                format!("scopes.{i}"),
                ProblemCode::UnknownRegion,
            ));
        }
    }
    let hours = req.expires_in_hours.unwrap_or(DEFAULT_INVITE_HOURS);
    let max_uses = req.max_uses.unwrap_or(1);
    problems.extend(invite_limit_problems(hours, max_uses));
    if user.is_admin()
        && organisation_id != 0
        && !state
            .store
            .organisations()
            .await?
            .iter()
            .any(|o| o.id == organisation_id)
    {
        problems.push(Problem::new("organisation_id", ProblemCode::Required));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let (code, invite) = crate::services::invites::create_invite(
        state.store.as_ref(),
        &state.keys,
        organisation_id,
        scopes,
        hours,
        max_uses,
        Audit::new(user, AuditAction::InviteCreate, ""),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json({
            let code = format_invite_code(&code);
            let join_url = crate::services::qr::join_url(&headers, &code);
            CreatedInvite {
                qr_svg: crate::services::qr::svg(&join_url),
                join_url,
                code,
                invite: invite_info(&invite),
            }
        }),
    ))
}

/// The code stops working; devices that joined with it stay.
#[utoipa::path(
    post,
    path = "/api/v1/invites/{id}/revoke",
    tag = "devices",
    security(("session" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown, already revoked, or not the coordinator's", body = ErrorBody),
    )
)]
pub async fn revoke_invite(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let user = caller.user()?;
    let id = path_id(&id)?;
    let invite = state.store.invite(id).await?.ok_or(ApiError::NotFound)?;
    if !manages(user, invite.organisation_id, &invite.scopes) {
        return Err(ApiError::NotFound);
    }
    let audit = Audit::new(user, AuditAction::InviteRevoke, format!("invite:{id}"));
    if !state.store.revoke_invite(id, &audit).await? {
        return Err(ApiError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}
