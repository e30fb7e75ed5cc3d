//! The one error type of the HTTP layer, mapped once to a status and a body
//! with a stable code and a message in Indonesian and English.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use netral_shared::sync::{ErrorBody, MAX_BATCH};
use netral_shared::{Problem, Text};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("request body is not valid JSON: {0}")]
    InvalidJson(String),
    #[error("request body must be JSON")]
    NotJson,
    #[error("request body is too large")]
    BodyTooLarge,
    #[error("batch of {0} reports is larger than {MAX_BATCH}")]
    BatchTooLarge(usize),
    #[error("the id in the path does not match the report")]
    IdMismatch,
    #[error("not found")]
    NotFound,
    #[error("the report is not in that case, or is its only report")]
    CannotSplit,
    #[error("both cases must exist, differ and not be merged already")]
    CannotMerge,
    #[error("report is not valid")]
    InvalidReport(Vec<Problem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str, Text) {
        match self {
            ApiError::InvalidJson(_) => (
                StatusCode::BAD_REQUEST,
                "invalid_json",
                Text::new(
                    "Isi permintaan bukan JSON yang sah.",
                    "The request body is not valid JSON.",
                ),
            ),
            ApiError::NotJson => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "not_json",
                Text::new(
                    "Isi permintaan harus JSON (Content-Type: application/json).",
                    "The request body must be JSON (Content-Type: application/json).",
                ),
            ),
            ApiError::BodyTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                Text::new("Kiriman terlalu besar.", "The request is too large."),
            ),
            ApiError::BatchTooLarge(_) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "batch_too_large",
                Text::new(
                    "Terlalu banyak laporan dalam satu kiriman; paling banyak 500.",
                    "Too many reports in one request; at most 500.",
                ),
            ),
            ApiError::IdMismatch => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "id_mismatch",
                Text::new(
                    "ID di alamat tidak sama dengan ID laporan.",
                    "The id in the URL differs from the report's id.",
                ),
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                Text::new("Tidak ditemukan.", "Not found."),
            ),
            ApiError::CannotSplit => (
                StatusCode::CONFLICT,
                "cannot_split",
                Text::new(
                    "Laporan itu tidak ada di kasus ini, atau satu-satunya laporan di kasus ini.",
                    "That report is not in this case, or is the case's only report.",
                ),
            ),
            ApiError::CannotMerge => (
                StatusCode::CONFLICT,
                "cannot_merge",
                Text::new(
                    "Kedua kasus harus ada, berbeda, dan belum digabung.",
                    "Both cases must exist, be different and not already merged.",
                ),
            ),
            ApiError::InvalidReport(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_report",
                Text::new(
                    "Laporan belum lengkap atau ada isian yang salah.",
                    "The report is incomplete or has invalid fields.",
                ),
            ),
            ApiError::Store(StoreError::Unavailable(_) | StoreError::Conflict) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                Text::new(
                    "Server sedang sibuk; laporan Anda aman di perangkat dan akan dikirim ulang.",
                    "The server is busy; your reports are safe on the device and will be sent again.",
                ),
            ),
            ApiError::Store(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                Text::new(
                    "Terjadi kesalahan di server; laporan Anda aman di perangkat dan akan dikirim ulang.",
                    "Something went wrong on the server; your reports are safe on the device and will be sent again.",
                ),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, text) = self.parts();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let problems = match self {
            ApiError::InvalidReport(problems) => problems,
            _ => Vec::new(),
        };
        let body = ErrorBody {
            code: code.to_owned(),
            message: text.into(),
            problems,
        };
        (status, Json(body)).into_response()
    }
}
