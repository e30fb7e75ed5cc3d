//! `GET /api/v1/cases/export`: the cases of a dashboard view as CSV or XLSX,
//! one row per case or per report, for a coalition's own records and its
//! filings. Audited. The reporter's identity is in it only for an admin who
//! asks (`identity=1`). A view of more than `--export-max-cases` cases
//! (20,000 by default) is refused rather than built in memory.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use netral_shared::accounts::AuditAction;
use netral_shared::sync::ErrorBody;
use serde::Deserialize;

use super::overview::{ViewParams, scope_of};
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::services::AppState;
use crate::store::audit::Audit;
use crate::store::case_desk::ExportReport;
use crate::store::format_ms;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The file's type.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Csv,
    Xlsx,
}

/// One row per case or per report.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Rows {
    #[default]
    Cases,
    Reports,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv` (default) or `xlsx`.
    #[param(inline)]
    format: Option<Format>,
    /// `cases` (default): one row per case; `reports`: one per report.
    #[param(inline)]
    rows: Option<Rows>,
    /// `1`: add the reporters' names and contacts (admins only; with
    /// `rows=reports`).
    identity: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/export",
    tag = "cases",
    security(("session" = [])),
    params(ExportQuery, ViewParams),
    responses(
        (status = 200, description = "The file: CSV (UTF-8, a header row) or XLSX", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "An unknown `format` or `rows`", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not staff, or `identity=1` from someone who is not an admin", body = ErrorBody),
        (status = 422, description = "`export_too_large`: the view holds more cases than one export may (`--export-max-cases`, 20,000 by default); narrow the filters", body = ErrorBody),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    view: Result<Query<ViewParams>, QueryRejection>,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let user = caller.user()?;
    let (Ok(Query(view)), Ok(Query(q))) = (view, query) else {
        return Err(ApiError::InvalidQuery);
    };
    let identity = q.identity.as_deref() == Some("1");
    if identity && !user.is_admin() {
        return Err(ApiError::Forbidden);
    }
    let (format, rows) = (q.format.unwrap_or_default(), q.rows.unwrap_or_default());
    // Identity columns exist only on per-report rows; the audit must say
    // whether identities left the server, not whether they were asked for.
    let identity = identity && rows == Rows::Reports;
    let query = view.query();
    let ids = {
        let scope = scope_of(user);
        let bounds = crate::services::case_views::read_bounds(&query, &scope);
        let index = crate::services::case_views::caught_up(&state, bounds.as_deref()).await?;
        index.slice(&query, &scope, 0, usize::MAX).1
    };
    if ids.len() > state.limits.export_max_cases {
        return Err(ApiError::ExportTooLarge(ids.len()));
    }
    let table = match rows {
        Rows::Cases => case_rows(&state, &ids).await,
        Rows::Reports => report_rows(&state, &ids, identity).await,
    }?;
    // The audit log holds ids and codes only: the free-text search can be a
    // terlapor's name, so only whether there was one is kept.
    let pairs: Vec<String> = query
        .pairs()
        .iter()
        .filter(|(k, _)| *k != "cari")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let audit = Audit::new(user, AuditAction::Export, "cases").details(serde_json::json!({
        "format": if format == Format::Csv { "csv" } else { "xlsx" },
        "rows": if rows == Rows::Cases { "cases" } else { "reports" },
        "count": table.len().saturating_sub(1),
        "identity": identity,
        "view": pairs,
        "text": !query.text.trim().is_empty(),
    }));
    state.store.audit(&audit).await?;
    let name = if rows == Rows::Cases {
        "kasus"
    } else {
        "laporan"
    };
    let (body, content_type, ext) = match format {
        Format::Csv => (csv_bytes(&table), "text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (xlsx_bytes(&table)?, XLSX, "xlsx"),
    };
    Ok((
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"netral-{name}.{ext}\""),
            ),
        ],
        body,
    )
        .into_response())
}

async fn case_rows(state: &AppState, ids: &[i64]) -> Result<Vec<Vec<String>>, ApiError> {
    let mut table = vec![
        [
            "case_id",
            "status",
            "report_count",
            "terlapor_name",
            "terlapor_position",
            "terlapor_agency",
            "place",
            "province",
            "regency",
            "first_occurred_on",
            "first_known_on",
            "deadline",
            "violations",
            "updated_at",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for chunk in ids.chunks(500) {
        for s in
            crate::services::case_views::summaries(state.store.as_ref(), chunk, &state.calendar)
                .await?
        {
            table.push(vec![
                s.id.to_string(),
                s.status.code().to_owned(),
                s.report_count.to_string(),
                s.terlapor_name,
                s.terlapor_position,
                s.terlapor_agency,
                s.place,
                s.province,
                s.regency,
                s.first_occurred_on,
                s.first_known_on,
                s.deadline.unwrap_or_default(),
                s.violations
                    .iter()
                    .map(|v| v.code())
                    .collect::<Vec<_>>()
                    .join(","),
                s.updated_at,
            ]);
        }
    }
    Ok(table)
}

async fn report_rows(
    state: &AppState,
    ids: &[i64],
    identity: bool,
) -> Result<Vec<Vec<String>>, ApiError> {
    let mut header: Vec<String> = [
        "case_id",
        "report_id",
        "received_at",
        "province",
        "regency",
        "occurred_on",
        "known_on",
        "terlapor_name",
        "terlapor_position",
        "terlapor_agency",
        "place",
        "violations",
        "source_kind",
        "platform",
        "position_class",
        "election_kind",
    ]
    .map(str::to_owned)
    .to_vec();
    if identity {
        header.extend(["reporter_name", "reporter_contact", "reporter_address"].map(str::to_owned));
    }
    let mut table = vec![header];
    for r in state.store.export_reports(ids, identity).await? {
        let ExportReport {
            case_id,
            report_id,
            received_at,
            province,
            regency,
            occurred_on,
            known_on,
            terlapor_name,
            position,
            agency,
            place,
            violations,
            source_kind,
            platform,
            position_class,
            election_kind,
            reporter,
        } = r;
        let mut row = vec![
            case_id.to_string(),
            report_id,
            format_ms(received_at),
            province,
            regency,
            occurred_on,
            known_on,
            terlapor_name,
            position,
            agency,
            place,
            violations,
            source_kind,
            platform,
            position_class,
            election_kind,
        ];
        if let Some(reporter) = reporter {
            row.extend(reporter);
        }
        table.push(row);
    }
    Ok(table)
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a
/// tab/CR first) gets a leading `'`: volunteers' free text must not run as
/// a formula on a coordinator's computer.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn csv_bytes(table: &[Vec<String>]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for row in table {
        // Writing to a Vec cannot fail.
        let _ = out.write_record(row.iter().map(|c| defuse(c).into_owned()));
    }
    out.into_inner().unwrap_or_default()
}

fn xlsx_bytes(table: &[Vec<String>]) -> Result<Vec<u8>, ApiError> {
    let failed = |e: rust_xlsxwriter::XlsxError| {
        tracing::error!(error = %e, "xlsx export failed");
        ApiError::Internal
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in table.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            // Strings, never formulas: write_string does not parse `=…`.
            sheet
                .write_string(r as u32, c as u16, cell)
                .map_err(failed)?;
        }
    }
    book.save_to_buffer().map_err(failed)
}
