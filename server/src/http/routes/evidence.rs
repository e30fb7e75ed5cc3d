//! Evidence files by the SHA-256 of their content: `PUT` stores one once
//! and records the device as one of its uploaders, `HEAD` says cheaply
//! whether this device's upload is there (so a phone skips re-uploads),
//! `GET` returns it to staff who may see a report whose device uploaded it.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use netral_shared::sync::ErrorBody;
use netral_shared::validate::is_sha256_hex;
use serde::{Deserialize, Serialize};

use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::services::AppState;
use crate::store::evidence::{EvidenceError, MAX_DOCUMENT_BYTES, MAX_VIDEO_BYTES};

/// A file's bytes, as sent and as served.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct FileBytes(pub Vec<u8>);

/// The answer to a successful `PUT`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EvidenceReceipt {
    pub sha256: String,
    pub bytes: u64,
    pub media_type: String,
    /// `true` when this upload stored the file (201), `false` when the server
    /// already had it (200).
    pub created: bool,
}

/// Stores the body under its hash and records the device as an uploader
/// (also when the file was already stored, from any device). The client's
/// `Content-Type` is ignored: the type is judged from the content. A file
/// this device has not uploaded before counts against its daily quota.
#[utoipa::path(
    put,
    path = "/api/v1/evidence/{sha256}",
    tag = "evidence",
    security(("device" = [])),
    params(("sha256" = String, Path, pattern = "^[0-9a-f]{64}$", description = "SHA-256 of the file, 64 lower-case hex digits")),
    request_body(content = inline(FileBytes), content_type = "application/octet-stream", description = "JPEG, PNG, WebP or PDF of at most 10 MB, or an MP4 or WebM video of at most 50 MB, whose SHA-256 is the path's"),
    responses(
        (status = 201, description = "Stored now", body = EvidenceReceipt),
        (status = 200, description = "Already stored", body = EvidenceReceipt),
        (status = 400, description = "The upload did not arrive whole", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "Not a SHA-256 address", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody),
        (status = 422, description = "The content does not match the SHA-256", body = ErrorBody),
        (status = 429, description = "`evidence_quota`: this device uploaded its files or bytes for 24 hours (by default 200 files, 500 MB); `Retry-After` says when to try again", body = ErrorBody),
    )
)]
pub async fn put_evidence(
    State(state): State<AppState>,
    caller: Caller,
    Path(sha256): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<EvidenceReceipt>), ApiError> {
    if !is_sha256_hex(&sha256) {
        return Err(ApiError::NotFound);
    }
    let device = caller.device()?;
    let body = body.map_err(rejection)?;
    let outcome = crate::services::evidence::upload(&state, device.id, &sha256, &body).await?;
    if outcome.created {
        state.metrics.evidence_stored(outcome.bytes);
    }
    let status = if outcome.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let receipt = EvidenceReceipt {
        sha256,
        bytes: outcome.bytes,
        media_type: outcome.media_type.to_owned(),
        created: outcome.created,
    };
    Ok((status, Json(receipt)))
}

/// 200 with the file's `Content-Length` when this device uploaded it and it
/// is stored, 404 when not (also when only another device uploaded it: the
/// phone then uploads it, which records it as an uploader); the file is
/// not read.
#[utoipa::path(
    head,
    path = "/api/v1/evidence/{sha256}",
    tag = "evidence",
    security(("device" = [])),
    params(("sha256" = String, Path, pattern = "^[0-9a-f]{64}$", description = "SHA-256 of the file, 64 lower-case hex digits")),
    responses(
        (status = 200, description = "Uploaded by this device and stored; Content-Length is its size"),
        (status = 401),
        (status = 403),
        (status = 404),
    )
)]
pub async fn head_evidence(
    State(state): State<AppState>,
    caller: Caller,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    if !is_sha256_hex(&sha256) {
        return Err(ApiError::NotFound);
    }
    let device = caller.device()?;
    match crate::services::evidence::size_for_device(&state, device.id, &sha256).await? {
        Some(len) => Ok((
            StatusCode::OK,
            [(header::CONTENT_LENGTH, HeaderValue::from(len))],
        )
            .into_response()),
        None => Err(ApiError::NotFound),
    }
}

/// The file, with the type sniffed from its content. Its content never
/// changes, but who may see it can (a coordinator's regions, a report
/// moved): only the browser may keep it, and for a few minutes.
#[utoipa::path(
    get,
    path = "/api/v1/evidence/{sha256}",
    tag = "evidence",
    security(("session" = [])),
    params(("sha256" = String, Path, pattern = "^[0-9a-f]{64}$", description = "SHA-256 of the file, 64 lower-case hex digits")),
    responses(
        (status = 200, description = "The file, with its sniffed type", content(
            (inline(FileBytes) = "image/jpeg"),
            (inline(FileBytes) = "image/png"),
            (inline(FileBytes) = "image/webp"),
            (inline(FileBytes) = "application/pdf"),
            (inline(FileBytes) = "video/mp4"),
            (inline(FileBytes) = "video/webm"),
            (inline(FileBytes) = "application/octet-stream"),
        )),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "Unknown, or (for a coordinator) named by no report of their regions whose device uploaded it", body = ErrorBody),
    )
)]
pub async fn get_evidence(
    State(state): State<AppState>,
    caller: Caller,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    if !is_sha256_hex(&sha256) {
        return Err(ApiError::NotFound);
    }
    let user = caller.user()?;
    // A coordinator sees a file only through a report of their regions
    // that names it (its photo match key) and whose device uploaded it.
    if !user.is_admin() {
        let regions = state.store.evidence_regions(&sha256).await?;
        if !regions.iter().any(|(p, r)| user.sees(p, r)) {
            return Err(ApiError::NotFound);
        }
    }
    let bytes = match state.evidence.get(&sha256).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(ApiError::NotFound),
        Err(e) => return Err(EvidenceError::Io(e).into()),
    };
    let media_type = crate::store::evidence::sniff(&bytes).unwrap_or("application/octet-stream");
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(EVIDENCE_CACHE_CONTROL),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Evidence in the coordinator's browser only, for five minutes: access can
/// end (a scope changed, an account disabled) and a shared cache must never
/// hold it.
pub const EVIDENCE_CACHE_CONTROL: &str = "private, max-age=300";

/// A body over the route's limit is "too large", like one the store refuses;
/// any other failure to read it means the upload did not arrive whole.
fn rejection(e: BytesRejection) -> EvidenceError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        EvidenceError::TooLarge
    } else {
        EvidenceError::Incomplete(e.body_text())
    }
}

// The message (`evidence_too_large`) names the limits in words.
const _: () = assert!(MAX_DOCUMENT_BYTES == 10 * 1024 * 1024);
const _: () = assert!(MAX_VIDEO_BYTES == 50 * 1024 * 1024);
