//! The dashboard's calls to the API. The session cookie travels by itself
//! (same origin); an error answer comes back as the server's `ErrorBody`.

use netral_app::http;
use netral_shared::ErrorCode;
use netral_shared::Text;
use netral_shared::accounts::{
    AuditPage, CreatedInvite, DeviceList, InviteList, LoginRequest, Me, NewInvite, NewOrganisation,
    NewUser, Organisation, OrganisationList, PasswordChange, ReporterIdentity, UserList,
};
use netral_shared::cases::{Canonical, CaseDetail, CaseList, MergeRequest, SplitRequest};
use netral_shared::dashboard::{CaseQuery, Overview};
use netral_shared::sync::{API_PREFIX, ErrorBody};
use netral_shared::workflow::CaseAction;
use serde::de::DeserializeOwned;

pub type ApiResult<T> = Result<T, ErrorBody>;

fn unreachable_server() -> ErrorBody {
    ErrorBody {
        code: ErrorCode::Offline,
        message: Text::new(
            "Server tidak dapat dihubungi. Periksa sambungan lalu coba lagi.",
            "The server cannot be reached. Check the connection and try again.",
        )
        .into(),
        problems: Vec::new(),
    }
}

fn read<T: DeserializeOwned>(status: u16, text: &str) -> ApiResult<T> {
    if (200..300).contains(&status) {
        return serde_json::from_str(text).map_err(|_| unreachable_server());
    }
    let err: ErrorBody = serde_json::from_str(text).unwrap_or_else(|_| unreachable_server());
    // Expired, signed out elsewhere or disabled: whatever page asked, the
    // answer is the sign-in form, saying why.
    if status == 401 && err.code == ErrorCode::SessionExpired {
        crate::session_ended(err.clone());
    }
    Err(err)
}

async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    let (status, text) = http::get(&format!("{API_PREFIX}{path}"))
        .await
        .map_err(|_| unreachable_server())?;
    read(status, &text)
}

async fn send<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &impl serde::Serialize,
) -> ApiResult<T> {
    let body = serde_json::to_string(body).map_err(|_| unreachable_server())?;
    let body = wasm_bindgen::JsValue::from_str(&body);
    let (status, text) = http::request(
        method,
        &format!("{API_PREFIX}{path}"),
        Some((&body, "application/json")),
        None,
    )
    .await
    .map_err(|_| unreachable_server())?;
    read(status, &text)
}

async fn post<T: DeserializeOwned>(path: &str, body: &impl serde::Serialize) -> ApiResult<T> {
    send("POST", path, body).await
}

/// `provinsi=35&pelanggaran=…`, the same pairs the URL carries.
pub fn query_string(q: &CaseQuery) -> String {
    q.pairs()
        .iter()
        .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
        .collect::<Vec<_>>()
        .join("&")
}

pub async fn me() -> ApiResult<Me> {
    get("/auth/me").await
}

pub async fn login(username: String, password: String) -> ApiResult<Me> {
    post("/auth/login", &LoginRequest { username, password }).await
}

pub async fn logout() -> ApiResult<()> {
    post_empty("/auth/logout").await
}

pub async fn overview(q: &CaseQuery) -> ApiResult<Overview> {
    get(&format!("/overview?{}", query_string(q))).await
}

pub async fn cases(q: &CaseQuery) -> ApiResult<CaseList> {
    get(&format!("/cases?{}", query_string(q))).await
}

pub async fn case(id: i64) -> ApiResult<CaseDetail> {
    get(&format!("/cases/{id}")).await
}

pub async fn act(id: i64, action: &CaseAction) -> ApiResult<CaseDetail> {
    post(&format!("/cases/{id}/status"), action).await
}

/// Moves one report out into a case of its own; answers with the new case.
pub async fn split(id: i64, report_id: uuid::Uuid) -> ApiResult<CaseDetail> {
    post(&format!("/cases/{id}/split"), &SplitRequest { report_id }).await
}

/// "Not the same incident"; answers with `id`.
pub async fn dismiss_link(id: i64, other: i64) -> ApiResult<CaseDetail> {
    post(&format!("/cases/{id}/links/{other}/dismiss"), &()).await
}

/// The open "possibly the same" links of the caller's regions.
pub async fn links() -> ApiResult<netral_shared::cases::PossiblySameList> {
    get("/case-links").await
}

/// Merges `other` into `id`; answers with `id`.
pub async fn merge(id: i64, other: i64) -> ApiResult<CaseDetail> {
    post(
        &format!("/cases/{id}/merge"),
        &MergeRequest {
            other_case_id: other,
        },
    )
    .await
}

pub async fn canonical(id: i64, edit: &Canonical) -> ApiResult<CaseDetail> {
    send("PUT", &format!("/cases/{id}/canonical"), edit).await
}

/// The reporter's identity: written to the audit log by the server.
pub async fn reporter(report_id: uuid::Uuid) -> ApiResult<ReporterIdentity> {
    get(&format!("/reports/{report_id}/reporter")).await
}

/// The server's message, and what each named field lacks.
pub fn describe(e: &ErrorBody, lang: netral_shared::Lang) -> String {
    let mut text = e.message.get(lang).to_owned();
    for p in &e.problems {
        text.push_str(&format!(" ({}: {})", p.field, p.message.get(lang)));
    }
    text
}

/// A POST whose answer is 204 No Content.
async fn post_no_content(path: &str, body: &str) -> ApiResult<()> {
    let (status, text) = http::post_json(&format!("{API_PREFIX}{path}"), body, None)
        .await
        .map_err(|_| unreachable_server())?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        read(status, &text)
    }
}

/// For actions that take no body.
async fn post_empty(path: &str) -> ApiResult<()> {
    post_no_content(path, "{}").await
}

pub async fn invites() -> ApiResult<InviteList> {
    get("/invites").await
}

pub async fn create_invite(req: &NewInvite) -> ApiResult<CreatedInvite> {
    post("/invites", req).await
}

pub async fn revoke_invite(id: i64) -> ApiResult<()> {
    post_empty(&format!("/invites/{id}/revoke")).await
}

pub async fn devices() -> ApiResult<DeviceList> {
    get("/devices").await
}

pub async fn revoke_device(id: i64) -> ApiResult<()> {
    post_empty(&format!("/devices/{id}/revoke")).await
}

pub async fn organisations() -> ApiResult<OrganisationList> {
    get("/organisations").await
}

/// Changes the signed-in person's password; the server ends their other
/// sessions.
pub async fn change_password(current_password: String, new_password: String) -> ApiResult<()> {
    let body = PasswordChange {
        current_password,
        new_password,
    };
    let body = serde_json::to_string(&body).map_err(|_| unreachable_server())?;
    post_no_content("/auth/password", &body).await
}

pub async fn users() -> ApiResult<UserList> {
    get("/users").await
}

pub async fn create_user(user: &NewUser) -> ApiResult<Me> {
    post("/users", user).await
}

pub async fn disable_user(id: i64) -> ApiResult<()> {
    post_empty(&format!("/users/{id}/disable")).await
}

pub async fn create_organisation(name: String) -> ApiResult<Organisation> {
    post("/organisations", &NewOrganisation { name }).await
}

/// A page of the audit log, newest first.
pub async fn audit(limit: u32, offset: u64) -> ApiResult<AuditPage> {
    get(&format!("/audit?limit={limit}&offset={offset}")).await
}
