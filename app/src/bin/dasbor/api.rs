//! The dashboard's calls to the API. The session cookie travels by itself
//! (same origin); an error answer comes back as the server's `ErrorBody`.

use netral_app::http;
use netral_shared::Text;
use netral_shared::accounts::{LoginRequest, Me};
use netral_shared::cases::{CaseDetail, CaseList};
use netral_shared::dashboard::{CaseQuery, Overview};
use netral_shared::sync::{API_PREFIX, ErrorBody};
use netral_shared::workflow::CaseAction;
use serde::de::DeserializeOwned;

pub type ApiResult<T> = Result<T, ErrorBody>;

fn unreachable_server() -> ErrorBody {
    ErrorBody {
        code: "offline".into(),
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
        serde_json::from_str(text).map_err(|_| unreachable_server())
    } else {
        Err(serde_json::from_str(text).unwrap_or_else(|_| unreachable_server()))
    }
}

async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    let (status, text) = http::get(&format!("{API_PREFIX}{path}"))
        .await
        .map_err(|_| unreachable_server())?;
    read(status, &text)
}

async fn post<T: DeserializeOwned>(path: &str, body: &impl serde::Serialize) -> ApiResult<T> {
    let body = serde_json::to_string(body).map_err(|_| unreachable_server())?;
    let (status, text) = http::post_json(&format!("{API_PREFIX}{path}"), &body, None)
        .await
        .map_err(|_| unreachable_server())?;
    read(status, &text)
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
    let (status, text) = http::post_json(&format!("{API_PREFIX}/auth/logout"), "{}", None)
        .await
        .map_err(|_| unreachable_server())?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        read(status, &text)
    }
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
