//! `GET /metrics` (Prometheus text format) and the middleware that counts
//! and times every request by its matched route, and logs it without
//! personal data.

use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Span;

use crate::services::AppState;

/// Static files and unknown paths share one label, so the number of series
/// stays bounded whatever paths clients try.
const UNMATCHED: &str = "fallback";

#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    responses(
        (status = 200, description = "Prometheus text format; counters of this replica only", content_type = "text/plain", body = String),
        (status = 404, description = "Asked from another machine or through a proxy", body = netral_shared::sync::ErrorBody),
    )
)]
pub async fn metrics(State(state): State<AppState>, request: Request) -> Response {
    if !from_this_machine(&request) {
        return crate::http::error::ApiError::NotFound.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.metrics.render(),
    )
        .into_response()
}

/// Metrics are for the operator's scraper on the same machine (or a sidecar
/// in the same network namespace), not for the internet: a request that
/// came through a reverse proxy carries a forwarding header, and a remote
/// peer has a non-loopback address. Neither is told the route exists.
fn from_this_machine(request: &Request) -> bool {
    let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"]
        .iter()
        .any(|h| request.headers().contains_key(*h));
    let loopback = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .is_some_and(|c| c.0.ip().is_loopback());
    loopback && !forwarded
}

pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = route_of(&request).to_owned();
    let response = next.run(request).await;
    state.metrics.request(
        method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// The method as a label: the standard ones by name, any other (a client
/// may send any token) as `other`, so the number of series stays bounded.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "other",
    }
}

fn route_of<B>(request: &axum::http::Request<B>) -> &str {
    request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
}

/// The request's span: method, matched route and request id; never the URI,
/// whose path holds report ids and whose query may hold names.
pub fn span<B>(request: &axum::http::Request<B>) -> Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        target: "netral::http",
        "request",
        method = %request.method(),
        route = route_of(request),
        request_id,
    )
}

pub fn on_response<B>(response: &axum::http::Response<B>, latency: Duration, _span: &Span) {
    tracing::info!(
        target: "netral::http",
        status = response.status().as_u16(),
        latency_ms = latency.as_secs_f64() * 1000.0,
        "answered"
    );
}
