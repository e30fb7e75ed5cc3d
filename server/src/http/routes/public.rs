//! The public statistics (issue 19; README, "Statistik publik"), for
//! anyone, once the deployment switched them on: `GET
//! /api/v1/public/statistics` (JSON), `/statistik` (a page without
//! script), its stylesheet, each facet's chart as SVG and PNG, and the link
//! preview image. Switched off, every one answers 404, as an unknown path
//! does. The numbers come from `services::public_stats`, already
//! suppressed; nothing here reads a report.

mod chart;
mod page;
mod raster;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use netral_shared::public_stats::{Facet, PublicStatistics};
use netral_shared::sync::ErrorBody;
use serde::Deserialize;

use crate::http::error::ApiError;
use crate::services::AppState;
use crate::services::public_stats::{View, statistics as compute};
use chart::Kind;

/// The only filters a public view takes: coarse ones, so that views
/// differ by whole provinces and date ranges. Any other parameter is
/// ignored, and so is a value that does not parse, as in the dashboard.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicParams {
    /// Province code, e.g. `35`; ignored if unknown.
    provinsi: Option<String>,
    /// Cases whose earliest occurrence is on or after, `YYYY-MM-DD`;
    /// ignored if not a date.
    dari: Option<String>,
    /// Cases whose earliest occurrence is on or before, `YYYY-MM-DD`;
    /// ignored if not a date.
    sampai: Option<String>,
}

type Pairs = Result<Query<PublicParams>, QueryRejection>;

/// The view a query string asks for; one that cannot be read at all (a
/// parameter given twice, say) is the whole country, like a value that
/// does not parse.
fn view_of(query: Pairs) -> View {
    let p = query.map(|Query(p)| p).unwrap_or_default();
    let pairs = [
        ("provinsi", &p.provinsi),
        ("dari", &p.dari),
        ("sampai", &p.sampai),
    ];
    View::from_pairs(
        pairs
            .iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v))),
    )
}

/// The view's statistics, or `None` when they are not public.
async fn load(
    state: &AppState,
    query: Pairs,
) -> Result<Option<(View, PublicStatistics)>, ApiError> {
    if !state.public.enabled() {
        return Ok(None);
    }
    let view = view_of(query);
    let stats = compute(state, &view).await?;
    Ok(Some((view, (*stats).clone())))
}

/// Anyone may keep an answer as long as the server keeps its counts.
fn cacheable(state: &AppState, mut res: Response) -> Response {
    let value = format!("public, max-age={}", state.public.settings.cache_seconds);
    if let Ok(v) = HeaderValue::from_str(&value) {
        res.headers_mut().insert(header::CACHE_CONTROL, v);
    }
    res
}

/// What a page route answers when the statistics are off: a plain 404, as
/// for a file that does not exist.
fn not_found() -> Response {
    StatusCode::NOT_FOUND.into_response()
}

#[utoipa::path(
    get,
    path = "/api/v1/public/statistics",
    tag = "public",
    params(PublicParams),
    responses(
        (status = 200, description = "Counts of the view, small ones withheld (`{\"below\": threshold}`); the totals count reports and cases, every facet counts cases. Never names, agencies, NIPs, texts, evidence or ids.", body = PublicStatistics),
        (status = 404, description = "The deployment has not made its statistics public", body = ErrorBody),
    )
)]
pub async fn public_statistics(
    State(state): State<AppState>,
    query: Pairs,
) -> Result<Response, ApiError> {
    let Some((_, stats)) = load(&state, query).await? else {
        return Err(ApiError::NotFound);
    };
    Ok(cacheable(&state, Json(stats).into_response()))
}

/// `GET /statistik`.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Pairs,
) -> Result<Response, ApiError> {
    let Some((view, stats)) = load(&state, query).await? else {
        return Ok(not_found());
    };
    let base = crate::services::qr::base_url(&headers);
    let html = page::html(&stats, &view, &base, state.public.settings.cache_seconds);
    let res = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    Ok(cacheable(&state, res))
}

/// `GET /statistik.css`: a file, since the policy allows no inline style.
pub async fn stylesheet(State(state): State<AppState>) -> Response {
    if !state.public.enabled() {
        return not_found();
    }
    let res = (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("public/statistik.css"),
    )
        .into_response();
    cacheable(&state, res)
}

/// `GET /statistik/grafik/{facet}.svg` or `.png`: one chart to download.
pub async fn chart_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    query: Pairs,
) -> Result<Response, ApiError> {
    let Some((slug, ext)) = file.rsplit_once('.') else {
        return Ok(not_found());
    };
    let (Some(facet), "svg" | "png") = (Facet::from_slug(slug), ext) else {
        return Ok(not_found());
    };
    let Some((_, stats)) = load(&state, query).await? else {
        return Ok(not_found());
    };
    let drawing = chart::draw(&stats, facet, Kind::Download);
    let day = stats.generated_at.get(..10).unwrap_or("hari-ini");
    let name = format!("netral-{slug}-{day}.{ext}");
    let (kind, body) = if ext == "svg" {
        (
            "image/svg+xml; charset=utf-8",
            chart::svg(&drawing, true).into_bytes(),
        )
    } else {
        (
            "image/png",
            raster::png(&drawing).map_err(|_| ApiError::Internal)?,
        )
    };
    let disposition = format!("attachment; filename=\"{name}\"");
    let res = (
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response();
    Ok(cacheable(&state, res))
}

/// `GET /statistik.png`: the link preview (1200×630), by source when there
/// is one to show, else by violation.
pub async fn preview(State(state): State<AppState>, query: Pairs) -> Result<Response, ApiError> {
    let Some((_, stats)) = load(&state, query).await? else {
        return Ok(not_found());
    };
    let facet = if stats.by_source.is_empty() {
        Facet::Violation
    } else {
        Facet::Source
    };
    let png = raster::png(&chart::draw(&stats, facet, Kind::OpenGraph))
        .map_err(|_| ApiError::Internal)?;
    let res = ([(header::CONTENT_TYPE, "image/png")], png).into_response();
    Ok(cacheable(&state, res))
}

/// Text for HTML and SVG, attributes included: the shared escaper the
/// dashboard's chart files use.
pub(crate) use netral_shared::chart_svg::escape;

/// "1 Desember 2024 pukul 10.00 UTC".
fn generated_on(stats: &PublicStatistics) -> String {
    match stats.generated_at.get(..16) {
        Some(minute) => format!("{} UTC", netral_shared::dates::tanggal(minute)),
        None => stats.generated_at.clone(),
    }
}

/// `?provinsi=35&dari=…`, or nothing; values percent-encoded.
fn query(pairs: &[(&str, String)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                b => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">K&K's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;K&amp;K&#39;s&lt;/a&gt;"
        );
        assert_eq!(query(&[]), "");
        assert_eq!(
            query(&[("provinsi", "35".into()), ("dari", "2024-11-01".into())]),
            "?provinsi=35&dari=2024-11-01"
        );
        assert_eq!(query(&[("x", "a b&".into())]), "?x=a%20b%26");
    }
}
