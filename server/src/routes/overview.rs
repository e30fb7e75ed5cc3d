//! `GET /api/v1/overview`: the dashboard's first screen, counted by this
//! replica's fact index (see `crate::facts`) for the caller's regions.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use netral_shared::dashboard::{CaseQuery, Overview};
use netral_shared::sync::ErrorBody;
use serde::Deserialize;

use super::AppState;
use super::cases::invalid_query;
use crate::auth::{Caller, User};
use crate::error::ApiError;
use crate::facts::RegionScope;

/// A dashboard view, as in the app's URL (`shared::dashboard::CaseQuery`).
/// A value that does not parse is ignored, as the app does, so a link
/// edited by hand still answers.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ViewParams {
    /// Province code, e.g. `35`.
    pub(super) provinsi: Option<String>,
    /// Kabupaten/kota code, e.g. `35.78`.
    pub(super) kabkota: Option<String>,
    /// Violation code, e.g. `medsos_foto`.
    pelanggaran: Option<String>,
    /// Source kind code, e.g. `media_sosial`.
    sumber: Option<String>,
    /// Platform code, e.g. `facebook`.
    platform: Option<String>,
    /// Position class code, e.g. `administrator`.
    jabatan: Option<String>,
    /// Case status code, e.g. `baru`.
    status: Option<String>,
    /// Occurred on or after, `YYYY-MM-DD`.
    dari: Option<String>,
    /// Occurred on or before, `YYYY-MM-DD`.
    sampai: Option<String>,
    /// Free text: the terlapor's name or agency.
    cari: Option<String>,
    /// Order of the case list: `updated` (default), `deadline`, `reports`.
    urut: Option<String>,
    /// Page of the case list (50 a page), from 0.
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
    RegionScope::of((!user.is_admin()).then_some(&user.scopes[..]))
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
) -> Result<Json<Overview>, Response> {
    let user = caller.user().map_err(IntoResponse::into_response)?;
    let Query(params) = query.map_err(|_| invalid_query())?;
    let index = crate::dashboard::caught_up(&state)
        .await
        .map_err(|e| ApiError::from(e).into_response())?;
    let today = crate::ingest::today_in_indonesia();
    Ok(Json(index.overview(
        &params.query(),
        &scope_of(user),
        today,
    )))
}
