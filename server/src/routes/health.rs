use axum::http::StatusCode;

/// Alive: the process answers HTTP.
pub async fn healthz() -> StatusCode {
    StatusCode::OK
}
