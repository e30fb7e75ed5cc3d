//! The API contract, generated from the handlers and the shared types, at
//! `GET /api/v1/openapi.json`.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Netral API",
        description = "Sync of election-neutrality reports from volunteers' devices, and cases for coordinators. \
                       Every error body is `{code, message: {id, en}, problems}` with a stable `code`."
    ),
    paths(
        super::health::healthz,
        super::health::readyz,
        super::metrics::metrics,
        super::sync::sync,
        super::reports::get_report,
        super::reports::put_report,
        super::reports::statuses,
        super::cases::list,
        super::cases::detail,
        super::cases::split,
        super::cases::merge,
        super::evidence::put_evidence,
        super::evidence::head_evidence,
        super::evidence::get_evidence,
    ),
    tags(
        (name = "sync", description = "Devices send their outbox"),
        (name = "reports", description = "One report, and the state of a device's reports"),
        (name = "cases", description = "Duplicate reports grouped into cases"),
        (name = "evidence", description = "Photos and documents, addressed by their SHA-256"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
pub struct ApiDoc;

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
