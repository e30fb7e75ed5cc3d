use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use netral_shared::Text;
use netral_shared::sync::ErrorBody;

use super::AppState;

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
pub async fn readyz(State(state): State<AppState>) -> Response {
    let (code, text) = match tokio::time::timeout(READY_TIMEOUT, state.store.schema_current()).await
    {
        Ok(Ok(true)) => return StatusCode::OK.into_response(),
        Ok(Ok(false)) => (
            "schema_behind",
            Text::new(
                "Skema basis data belum diperbarui; jalankan `netral migrate`.",
                "The database schema is not up to date; run `netral migrate`.",
            ),
        ),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "not ready");
            unavailable()
        }
        Err(_) => unavailable(),
    };
    let body = ErrorBody {
        code: code.to_owned(),
        message: text.into(),
        problems: Vec::new(),
    };
    (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
}

fn unavailable() -> (&'static str, Text) {
    (
        "database_unavailable",
        Text::new(
            "Basis data tidak menjawab.",
            "The database does not answer.",
        ),
    )
}
