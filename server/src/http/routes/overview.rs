//! `GET /api/v1/overview`: the dashboard's first screen, counted by this
//! replica's fact index (see `crate::services::case_index`) for the caller's regions.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use netral_shared::dashboard::{CaseQuery, Overview};
use netral_shared::sync::ErrorBody;
use serde::Deserialize;

use crate::http::auth::{Caller, User};
use crate::http::error::ApiError;
use crate::services::AppState;
use crate::services::case_index::RegionScope;

/// A dashboard view, as in the app's URL (`shared::dashboard::CaseQuery`).
/// A value that does not parse is ignored, as the app does, so a link
/// edited by hand still answers; each parameter's description says so, and
/// their schemas are plain strings, so no value is "invalid" to a client.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ViewParams {
    /// Province code, e.g. `35`; ignored if unknown.
    pub(super) provinsi: Option<String>,
    /// Kabupaten/kota code, e.g. `35.78`; ignored if unknown.
    pub(super) kabkota: Option<String>,
    /// Violation code, e.g. `medsos_foto`; ignored if unknown.
    pelanggaran: Option<String>,
    /// Source kind code, e.g. `media_sosial`; ignored if unknown.
    sumber: Option<String>,
    /// Platform code, e.g. `facebook`; ignored if unknown.
    platform: Option<String>,
    /// Position class code, e.g. `administrator`; ignored if unknown.
    jabatan: Option<String>,
    /// Case status code, e.g. `baru`; ignored if unknown.
    status: Option<String>,
    /// Occurred on or after, `YYYY-MM-DD`; ignored if not a date.
    dari: Option<String>,
    /// Occurred on or before, `YYYY-MM-DD`; ignored if not a date.
    sampai: Option<String>,
    /// Free text: the terlapor's name or agency.
    cari: Option<String>,
    /// Order of the case list: `updated` (default), `deadline`, `reports`;
    /// anything else is the default.
    urut: Option<String>,
    /// Page of the case list (50 a page), from 0; anything else is page 0.
    hal: Option<String>,
}

impl ViewParams {
    pub fn query(&self) -> CaseQuery {
        let pairs = [
            ("provinsi", &self.provinsi),
            ("kabkota", &self.kabkota),
            ("pelanggaran", &self.pelanggaran),
            ("sumber", &self.sumber),
            ("platform", &self.platform),
            ("jabatan", &self.jabatan),
            ("status", &self.status),
            ("dari", &self.dari),
            ("sampai", &self.sampai),
            ("cari", &self.cari),
            ("urut", &self.urut),
            ("hal", &self.hal),
        ];
        CaseQuery::from_pairs(
            pairs
                .iter()
                .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v))),
        )
    }
}

/// What the caller may see: everything for an admin.
pub fn scope_of(user: &User) -> RegionScope {
    user.scope()
}

#[utoipa::path(
    get,
    path = "/api/v1/overview",
    tag = "cases",
    security(("session" = [])),
    params(ViewParams),
    responses(
        (status = 200, description = "Counts over the live cases of the caller's regions that match the view", body = Overview),
        (status = 400, description = "The query string cannot be read", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    )
)]
pub async fn overview(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<ViewParams>, QueryRejection>,
) -> Result<Json<Overview>, ApiError> {
    let user = caller.user()?;
    let Query(params) = query.map_err(|_| ApiError::InvalidQuery)?;
    let (query, scope) = (params.query(), scope_of(user));
    let bounds = crate::services::case_views::read_bounds(&query, &scope);
    let index = crate::services::case_views::caught_up(&state, bounds.as_deref()).await?;
    let today = crate::services::intake::today_in_indonesia();
    Ok(Json(index.overview(&query, &scope, today)))
}
