//! The HTTP surface: `/healthz`, `/readyz`, `/metrics`, the versioned API
//! under `/api/v1`, and the built app for every other path.

mod app_files;
mod cases;
mod evidence;
mod health;
mod metrics;
mod openapi;
mod reports;
mod sync;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get, post};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::error::ApiError;
use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub evidence: Arc<crate::evidence::EvidenceStore>,
    pub metrics: Arc<crate::metrics::Metrics>,
}

/// A full batch of 500 long reports fits; anything larger is refused before
/// it is parsed.
const SYNC_BODY_LIMIT: usize = 8 * 1024 * 1024;
const DEFAULT_BODY_LIMIT: usize = 256 * 1024;

pub fn router(state: AppState, dist_dir: &std::path::Path) -> Router {
    let api = Router::new()
        .route(
            "/sync",
            post(sync::sync).layer(DefaultBodyLimit::max(SYNC_BODY_LIMIT)),
        )
        .route(
            "/reports/{id}",
            get(reports::get_report).put(reports::put_report),
        )
        .route("/openapi.json", get(openapi::openapi_json))
        .route("/reports/status", post(reports::statuses))
        .route("/cases", get(cases::list))
        .route("/cases/{id}", get(cases::detail))
        .route("/cases/{id}/split", post(cases::split))
        .route("/cases/{id}/merge", post(cases::merge))
        .route(
            "/evidence/{sha256}",
            get(evidence::get_evidence)
                .head(evidence::head_evidence)
                .put(evidence::put_evidence)
                .layer(DefaultBodyLimit::max(
                    crate::evidence::MAX_EVIDENCE_BYTES + 1,
                )),
        )
        .fallback(api_not_found);

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::metrics))
        .nest("/api/v1", api)
        // Any other API path, including another API version, is a JSON 404,
        // never the app's index.html.
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .fallback_service(app_files::service(dist_dir))
        .layer(DefaultBodyLimit::max(DEFAULT_BODY_LIMIT))
        // Router layers wrap each route, so `MatchedPath` is known to the
        // metrics and the span. The last layer runs first: the request id
        // exists before the span that logs it.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(metrics::span)
                .on_request(())
                .on_response(metrics::on_response)
                .on_failure(()),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

async fn api_not_found() -> ApiError {
    ApiError::NotFound
}
