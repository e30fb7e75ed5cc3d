//! The HTTP surface: `/healthz`, `/readyz`, `/metrics`, the versioned API
//! under `/api/v1`, the public statistics under `/statistik`, and the built
//! app for every other path.

pub mod auth;
pub mod error;
pub mod extract;
pub mod routes;
pub mod security;

use routes::{
    admin, app_files, calendar, cases, evidence, export, health, invites, metrics, openapi,
    overview, public, reports, sign_in, sync, workflow,
};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Method;
use axum::middleware;
use axum::routing::{MethodRouter, any, get, head, post, put};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::http::auth::{Access, Gate};
use crate::http::error::ApiError;
use crate::services::AppState;

/// A full batch of 500 long reports fits; anything larger is refused before
/// it is parsed.
const SYNC_BODY_LIMIT: usize = 8 * 1024 * 1024;
const DEFAULT_BODY_LIMIT: usize = 256 * 1024;

/// Small JSON bodies: sign-in, invites, users, a split or merge.
const SMALL_BODY_LIMIT: usize = 16 * 1024;

/// One API route, as declared in [`api_table`]: the authorisation matrix
/// test and the OpenAPI test enumerate these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiRoute {
    pub method: Method,
    /// The full path, `/api/v1/...`, with `{param}`s as in the OpenAPI.
    pub path: String,
    pub access: Access,
}

/// Every route under `/api/v1`, with who may call it. The router is built
/// from this table and nothing else, so a route cannot exist without an
/// access rule.
fn api_table() -> Vec<(Method, &'static str, Access, MethodRouter<AppState>)> {
    use Access::*;
    let small = || DefaultBodyLimit::max(SMALL_BODY_LIMIT);
    vec![
        (
            Method::GET,
            "/openapi.json",
            Public,
            get(openapi::openapi_json),
        ),
        (Method::GET, "/calendar", Public, get(calendar::calendar)),
        (
            Method::GET,
            "/public/statistics",
            Public,
            get(public::public_statistics),
        ),
        (
            Method::POST,
            "/sync",
            Device,
            post(sync::sync).layer(DefaultBodyLimit::max(SYNC_BODY_LIMIT)),
        ),
        (
            Method::GET,
            "/reports/{id}",
            DeviceOrStaff,
            get(reports::get_report),
        ),
        (
            Method::PUT,
            "/reports/{id}",
            Device,
            put(reports::put_report),
        ),
        (
            Method::POST,
            "/reports/status",
            Device,
            post(reports::statuses),
        ),
        (
            Method::GET,
            "/reports/{id}/reporter",
            Staff,
            get(sign_in::reporter),
        ),
        (Method::GET, "/overview", Staff, get(overview::overview)),
        (Method::GET, "/cases", Staff, get(cases::list)),
        (Method::GET, "/cases/export", Staff, get(export::export)),
        (Method::GET, "/cases/{id}", Staff, get(cases::detail)),
        (
            Method::POST,
            "/cases/{id}/split",
            Staff,
            post(cases::split).layer(small()),
        ),
        (
            Method::POST,
            "/cases/{id}/merge",
            Staff,
            post(cases::merge).layer(small()),
        ),
        (Method::GET, "/case-links", Staff, get(cases::links)),
        (
            Method::POST,
            "/cases/{id}/links/{other}/dismiss",
            Staff,
            post(cases::dismiss_link),
        ),
        (
            Method::POST,
            "/cases/{id}/status",
            Staff,
            post(workflow::status).layer(small()),
        ),
        (
            Method::PUT,
            "/cases/{id}/canonical",
            Staff,
            put(workflow::canonical).layer(small()),
        ),
        (
            Method::PUT,
            "/evidence/{sha256}",
            Device,
            put(evidence::put_evidence).layer(DefaultBodyLimit::max(
                crate::store::evidence::MAX_EVIDENCE_BYTES + 1,
            )),
        ),
        (
            Method::HEAD,
            "/evidence/{sha256}",
            Device,
            head(evidence::head_evidence),
        ),
        (
            Method::GET,
            "/evidence/{sha256}",
            Staff,
            get(evidence::get_evidence),
        ),
        (
            Method::POST,
            "/auth/login",
            Public,
            post(sign_in::login).layer(small()),
        ),
        (Method::POST, "/auth/logout", Staff, post(sign_in::logout)),
        (Method::GET, "/auth/me", Staff, get(sign_in::me)),
        (
            Method::POST,
            "/auth/password",
            Staff,
            post(sign_in::change_password).layer(small()),
        ),
        (
            Method::POST,
            "/devices/join",
            Public,
            post(invites::join).layer(small()),
        ),
        (Method::GET, "/devices/me", Device, get(invites::device_me)),
        (Method::GET, "/devices", Staff, get(invites::list_devices)),
        (
            Method::POST,
            "/devices/{id}/revoke",
            Staff,
            post(invites::revoke_device),
        ),
        (Method::GET, "/invites", Staff, get(invites::list_invites)),
        (
            Method::POST,
            "/invites",
            Staff,
            post(invites::create_invite).layer(small()),
        ),
        (
            Method::POST,
            "/invites/{id}/revoke",
            Staff,
            post(invites::revoke_invite),
        ),
        (Method::GET, "/users", Admin, get(admin::list_users)),
        (
            Method::POST,
            "/users",
            Admin,
            post(admin::create_user).layer(small()),
        ),
        (
            Method::POST,
            "/users/{id}/disable",
            Admin,
            post(admin::disable_user),
        ),
        (
            Method::GET,
            "/organisations",
            Admin,
            get(admin::list_organisations),
        ),
        (
            Method::POST,
            "/organisations",
            Admin,
            post(admin::create_organisation).layer(small()),
        ),
        (Method::GET, "/audit", Admin, get(admin::audit)),
    ]
}

pub fn api_routes() -> Vec<ApiRoute> {
    api_table()
        .into_iter()
        .map(|(method, path, access, _)| ApiRoute {
            method,
            path: format!("{}{path}", netral_shared::sync::API_PREFIX),
            access,
        })
        .collect()
}

pub fn router(state: AppState, dist_dir: &std::path::Path) -> Router {
    let headers = crate::http::security::Headers {
        csp: crate::http::security::Csp::new(dist_dir),
        cookie_secure: state.auth.cookie_secure,
    };
    let limits = state.limits.clone();
    let mut api = Router::new();
    for (_, path, access, handler) in api_table() {
        let gate = Gate {
            state: state.clone(),
            access,
        };
        api = api.route(
            path,
            handler.route_layer(middleware::from_fn_with_state(
                gate,
                crate::http::auth::authorize,
            )),
        );
    }
    let api = api.fallback(api_not_found);

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::metrics))
        // The public statistics' page and files (404 unless switched on).
        .route("/statistik", get(public::page))
        .route("/statistik.css", get(public::stylesheet))
        .route("/statistik.png", get(public::preview))
        .route("/statistik/grafik/{file}", get(public::chart_file))
        .nest("/api/v1", api)
        // Any other API path, including another API version, is a JSON 404,
        // never the app's index.html.
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .fallback_service(app_files::service(dist_dir))
        .layer(DefaultBodyLimit::max(DEFAULT_BODY_LIMIT))
        .layer(middleware::from_fn(
            crate::http::security::refuse_cross_site_writes,
        ))
        .layer(middleware::from_fn_with_state(
            headers,
            crate::http::security::security_headers,
        ))
        // Inside the metrics and the span, so a request that ran out of
        // time is counted and logged with its 503.
        .layer(middleware::from_fn_with_state(
            limits.request_timeout,
            api_edge,
        ))
        // A body that stops arriving ends its request: the handler reading
        // it sees an error and answers, and the connection is closed.
        .layer(RequestBodyTimeoutLayer::new(limits.body_timeout))
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
        .layer(middleware::map_request(drop_unsafe_request_id))
        .with_state(state)
}

/// The longest `x-request-id` from a client or proxy that is kept.
const MAX_REQUEST_ID: usize = 64;

/// A request id from outside is logged verbatim and echoed back, so only a
/// short token of plain characters is kept (a proxy's UUID or hex id); any
/// other value, which could carry personal data or forge log lines, is
/// dropped and `SetRequestIdLayer` makes a fresh one.
async fn drop_unsafe_request_id(mut request: axum::extract::Request) -> axum::extract::Request {
    let headers = request.headers_mut();
    let mut values = headers.get_all("x-request-id").iter();
    let keep = match (values.next(), values.next()) {
        (None, _) => true,
        (Some(v), None) => is_safe_request_id(v.as_bytes()),
        (Some(_), Some(_)) => false,
    };
    if !keep {
        headers.remove("x-request-id");
    }
    request
}

fn is_safe_request_id(id: &[u8]) -> bool {
    (1..=MAX_REQUEST_ID).contains(&id.len())
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// For the API (`/api/…`): a time limit on the whole request, answered with
/// `503 request_timeout`, and `Cache-Control: no-store` on every answer.
async fn api_edge(
    axum::extract::State(limit): axum::extract::State<std::time::Duration>,
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = request.uri().path();
    if path != "/api" && !path.starts_with("/api/") {
        return next.run(request).await;
    }
    let mut response = match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::RequestTimeout.into_response(),
    };
    crate::http::security::no_store(&mut response);
    response
}

async fn api_not_found() -> ApiError {
    ApiError::NotFound
}
