use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use netral_shared::sync::ErrorBody;

use crate::http::error::ApiError;
use crate::services::AppState;

/// A load balancer should not wait longer than this for an answer; a
/// database that slow is as good as down.
const READY_TIMEOUT: Duration = Duration::from_secs(3);

/// Alive: the process answers HTTP.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200)))]
pub async fn healthz() -> StatusCode {
    StatusCode::OK
}

/// Ready for traffic: the database answers and has every migration this
/// binary needs. A load balancer sends requests only to ready replicas.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses(
        (status = 200, description = "Ready"),
        (status = 503, description = "The database does not answer, or its schema is behind this binary", body = ErrorBody),
    )
)]
pub async fn readyz(State(state): State<AppState>) -> Result<StatusCode, ApiError> {
    match tokio::time::timeout(READY_TIMEOUT, state.store.schema_current()).await {
        Ok(Ok(true)) => Ok(StatusCode::OK),
        Ok(Ok(false)) => Err(ApiError::SchemaBehind),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "not ready");
            Err(ApiError::NotReady)
        }
        Err(_) => Err(ApiError::NotReady),
    }
}
