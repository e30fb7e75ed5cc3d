//! The one error type of the HTTP layer, mapped once to a status and a body
//! with a stable code and a message in Indonesian and English.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use netral_shared::sync::{ErrorBody, MAX_BATCH};
use netral_shared::{ErrorCode, Problem, Text};

use crate::services::ServiceError;
use crate::store::StoreError;
use crate::store::evidence::EvidenceError;

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
    #[error("no open link between the two cases")]
    NoOpenLink,
    #[error("report is not valid")]
    InvalidReport(Vec<Problem>),
    #[error("no credentials")]
    Unauthenticated,
    #[error("unknown device token")]
    InvalidToken,
    #[error("the device was revoked")]
    DeviceRevoked,
    #[error("the session ended")]
    SessionExpired,
    #[error("not allowed for this caller")]
    Forbidden,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("account locked for {0} s")]
    AccountLocked(u64),
    #[error("rate limited for {0} s")]
    RateLimited(u64),
    #[error("evidence quota used up for {0} s")]
    EvidenceQuota(u64),
    /// The request ran over `--request-timeout`.
    #[error("the request took too long")]
    RequestTimeout,
    #[error("export of {0} cases is over the limit")]
    ExportTooLarge(usize),
    #[error("cross-site request refused")]
    CrossSite,
    #[error("unknown invite code")]
    InviteInvalid,
    #[error("invite expired")]
    InviteExpired,
    #[error("invite used up")]
    InviteUsedUp,
    #[error("invite revoked")]
    InviteRevoked,
    #[error("the current password is wrong")]
    WrongPassword,
    #[error("invalid input")]
    Invalid(Vec<Problem>),
    #[error("name already taken")]
    Taken,
    /// A failure of our own outside the database (e.g. writing a file).
    #[error("internal error")]
    Internal,
    #[error("workflow step refused: {0}")]
    Workflow(netral_shared::workflow::WorkflowError),
    #[error("invalid query string")]
    InvalidQuery,
    #[error("the database schema is behind this binary")]
    SchemaBehind,
    /// For the readiness check: the database did not answer in time.
    #[error("the database does not answer")]
    NotReady,
    #[error(transparent)]
    Evidence(#[from] EvidenceError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> ApiError {
        match e {
            ServiceError::Invalid(problems) => ApiError::Invalid(problems),
            ServiceError::NotFound => ApiError::NotFound,
            ServiceError::Unauthenticated => ApiError::Unauthenticated,
            ServiceError::InvalidToken => ApiError::InvalidToken,
            ServiceError::DeviceRevoked => ApiError::DeviceRevoked,
            ServiceError::SessionExpired => ApiError::SessionExpired,
            ServiceError::Forbidden => ApiError::Forbidden,
            ServiceError::RateLimited(secs) => ApiError::RateLimited(secs),
            ServiceError::EvidenceQuota(secs) => ApiError::EvidenceQuota(secs),
            ServiceError::Evidence(e) => ApiError::Evidence(e),
            ServiceError::Store(e) => ApiError::Store(e),
        }
    }
}

impl ApiError {
    fn parts(&self) -> (StatusCode, ErrorCode, Text) {
        match self {
            ApiError::InvalidJson(_) => (
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidJson,
                Text::new(
                    "Isi permintaan bukan JSON yang sah.",
                    "The request body is not valid JSON.",
                ),
            ),
            ApiError::NotJson => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::NotJson,
                Text::new(
                    "Isi permintaan harus JSON (Content-Type: application/json).",
                    "The request body must be JSON (Content-Type: application/json).",
                ),
            ),
            ApiError::BodyTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BodyTooLarge,
                Text::new("Kiriman terlalu besar.", "The request is too large."),
            ),
            ApiError::BatchTooLarge(_) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BatchTooLarge,
                Text::new(
                    "Terlalu banyak laporan dalam satu kiriman; paling banyak 500.",
                    "Too many reports in one request; at most 500.",
                ),
            ),
            ApiError::IdMismatch => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::IdMismatch,
                Text::new(
                    "ID di alamat tidak sama dengan ID laporan.",
                    "The id in the URL differs from the report's id.",
                ),
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                ErrorCode::NotFound,
                Text::new("Tidak ditemukan.", "Not found."),
            ),
            ApiError::CannotSplit => (
                StatusCode::CONFLICT,
                ErrorCode::CannotSplit,
                Text::new(
                    "Laporan itu tidak ada di kasus ini, atau satu-satunya laporan di kasus ini.",
                    "That report is not in this case, or is the case's only report.",
                ),
            ),
            ApiError::NoOpenLink => (
                StatusCode::CONFLICT,
                ErrorCode::NoOpenLink,
                ErrorCode::NoOpenLink.label(),
            ),
            ApiError::CannotMerge => (
                StatusCode::CONFLICT,
                ErrorCode::CannotMerge,
                Text::new(
                    "Kedua kasus harus ada, berbeda, dan belum digabung.",
                    "Both cases must exist, be different and not already merged.",
                ),
            ),
            ApiError::InvalidReport(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidReport,
                Text::new(
                    "Laporan belum lengkap atau ada isian yang salah.",
                    "The report is incomplete or has invalid fields.",
                ),
            ),
            ApiError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthenticated,
                Text::new(
                    "Silakan masuk, atau daftarkan perangkat ini dengan kode undangan dari koordinator.",
                    "Please sign in, or register this device with an invite code from your coordinator.",
                ),
            ),
            ApiError::InvalidToken => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::InvalidToken,
                Text::new(
                    "Perangkat ini tidak dikenal server; daftarkan lagi dengan kode undangan dari koordinator.",
                    "The server does not know this device; register it again with an invite code from your coordinator.",
                ),
            ),
            ApiError::DeviceRevoked => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::DeviceRevoked,
                Text::new(
                    "Perangkat ini sudah dicabut oleh koordinator dan tidak dapat mengirim laporan lagi. Laporan yang belum terkirim tetap aman di perangkat; minta kode undangan baru kepada koordinator.",
                    "A coordinator revoked this device; it can no longer send reports. Reports not yet sent stay safe on the device; ask your coordinator for a new invite code.",
                ),
            ),
            ApiError::SessionExpired => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::SessionExpired,
                Text::new(
                    "Sesi Anda sudah berakhir; silakan masuk lagi.",
                    "Your session has ended; please sign in again.",
                ),
            ),
            ApiError::Forbidden => (
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                Text::new(
                    "Anda tidak berwenang melakukan ini.",
                    "You are not allowed to do this.",
                ),
            ),
            ApiError::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::InvalidCredentials,
                Text::new(
                    "Nama pengguna atau kata sandi salah.",
                    "Wrong username or password.",
                ),
            ),
            ApiError::AccountLocked(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::AccountLocked,
                Text::new(
                    "Terlalu banyak percobaan masuk yang gagal; akun ini dikunci sementara. Coba lagi setelah waktu tunggu.",
                    "Too many failed sign-ins; this account is locked for a while. Try again after the wait.",
                ),
            ),
            ApiError::RateLimited(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                Text::new(
                    "Terlalu banyak percobaan dari jaringan ini; tunggu sebentar lalu coba lagi.",
                    "Too many attempts from this network; wait a moment and try again.",
                ),
            ),
            ApiError::EvidenceQuota(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::EvidenceQuota,
                ErrorCode::EvidenceQuota.label(),
            ),
            ApiError::RequestTimeout => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::RequestTimeout,
                ErrorCode::RequestTimeout.label(),
            ),
            ApiError::ExportTooLarge(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ExportTooLarge,
                ErrorCode::ExportTooLarge.label(),
            ),
            ApiError::CrossSite => (
                StatusCode::FORBIDDEN,
                ErrorCode::CrossSite,
                Text::new(
                    "Permintaan dari situs lain ditolak.",
                    "Requests from other sites are refused.",
                ),
            ),
            ApiError::InviteInvalid => (
                StatusCode::NOT_FOUND,
                ErrorCode::InviteInvalid,
                Text::new(
                    "Kode undangan tidak dikenal; periksa lagi kodenya.",
                    "Unknown invite code; check the code again.",
                ),
            ),
            ApiError::InviteExpired => (
                StatusCode::GONE,
                ErrorCode::InviteExpired,
                Text::new(
                    "Kode undangan ini sudah kedaluwarsa; minta kode baru kepada koordinator.",
                    "This invite code has expired; ask your coordinator for a new one.",
                ),
            ),
            ApiError::InviteUsedUp => (
                StatusCode::GONE,
                ErrorCode::InviteUsedUp,
                Text::new(
                    "Kode undangan ini sudah habis dipakai; minta kode baru kepada koordinator.",
                    "This invite code has been used up; ask your coordinator for a new one.",
                ),
            ),
            ApiError::InviteRevoked => (
                StatusCode::GONE,
                ErrorCode::InviteRevoked,
                Text::new(
                    "Kode undangan ini sudah dibatalkan; minta kode baru kepada koordinator.",
                    "This invite code was cancelled; ask your coordinator for a new one.",
                ),
            ),
            ApiError::WrongPassword => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::WrongPassword,
                Text::new(
                    "Kata sandi saat ini salah.",
                    "The current password is wrong.",
                ),
            ),
            ApiError::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidInput,
                Text::new("Ada isian yang belum benar.", "Some fields are not valid."),
            ),
            ApiError::Workflow(e @ netral_shared::workflow::WorkflowError::NotAllowed) => {
                (StatusCode::CONFLICT, ErrorCode::StepNotAllowed, e.message())
            }
            // A step with something missing: the coordinator can fix the form.
            ApiError::Workflow(e) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::StepIncomplete,
                e.message(),
            ),
            ApiError::Taken => (
                StatusCode::CONFLICT,
                ErrorCode::AlreadyExists,
                Text::new("Nama itu sudah dipakai.", "That name is already taken."),
            ),
            ApiError::InvalidQuery => (
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidQuery,
                Text::new(
                    "Parameter pencarian tidak sah (limit dan offset: bilangan bulat 0 atau lebih).",
                    "Invalid query parameters (limit and offset: whole numbers, 0 or more).",
                ),
            ),
            ApiError::NotReady => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::DatabaseUnavailable,
                Text::new(
                    "Basis data tidak menjawab.",
                    "The database does not answer.",
                ),
            ),
            ApiError::SchemaBehind => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::SchemaBehind,
                Text::new(
                    "Skema basis data belum diperbarui; jalankan `netral migrate`.",
                    "The database schema is not up to date; run `netral migrate`.",
                ),
            ),
            ApiError::Evidence(EvidenceError::TooLarge) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::EvidenceTooLarge,
                ErrorCode::EvidenceTooLarge.label(),
            ),
            ApiError::Evidence(EvidenceError::HashMismatch { .. }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::EvidenceHashMismatch,
                Text::new(
                    "Berkas bukti berubah di perjalanan (SHA-256 tidak cocok); kirim ulang.",
                    "The evidence file changed in transit (its SHA-256 does not match); send it again.",
                ),
            ),
            ApiError::Evidence(EvidenceError::TypeNotAllowed) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::EvidenceTypeNotAllowed,
                ErrorCode::EvidenceTypeNotAllowed.label(),
            ),
            ApiError::Evidence(EvidenceError::Incomplete(_)) => (
                StatusCode::BAD_REQUEST,
                ErrorCode::EvidenceIncomplete,
                Text::new(
                    "Berkas bukti tidak terkirim utuh; kirim ulang.",
                    "The evidence file did not arrive whole; send it again.",
                ),
            ),
            ApiError::Evidence(EvidenceError::Io(_)) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                Text::new(
                    "Terjadi kesalahan di server; kirim ulang berkas bukti nanti.",
                    "Something went wrong on the server; send the evidence file again later.",
                ),
            ),
            ApiError::Store(StoreError::Unavailable(_) | StoreError::Conflict) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::DatabaseUnavailable,
                Text::new(
                    "Server sedang sibuk; laporan Anda aman di perangkat dan akan dikirim ulang.",
                    "The server is busy; your reports are safe on the device and will be sent again.",
                ),
            ),
            ApiError::Store(_) | ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
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
        let retry_after = match self {
            ApiError::AccountLocked(s) | ApiError::RateLimited(s) | ApiError::EvidenceQuota(s) => {
                Some(s.max(1))
            }
            ApiError::RequestTimeout => Some(5),
            _ => None,
        };
        let problems = match self {
            ApiError::InvalidReport(problems) | ApiError::Invalid(problems) => problems,
            _ => Vec::new(),
        };
        let body = ErrorBody {
            code,
            message: text.into(),
            problems,
        };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        if let Some(secs) = retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"netral\""),
            );
        }
        response
    }
}
