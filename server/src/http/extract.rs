//! Extractors whose rejections are [`ApiError`]s, so a malformed request gets
//! the same JSON error body as every other failure.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::http::error::ApiError;
use crate::services::intake::from_json;

/// A JSON body read with [`from_json`], so `2.0` fills an integer field.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // axum checks the content type, the size and the syntax.
        match axum::Json::<Box<RawValue>>::from_request(req, state).await {
            Ok(axum::Json(raw)) => from_json(raw.get())
                .map(ApiJson)
                .map_err(|e| ApiError::InvalidJson(e.to_string())),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::NotJson),
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::BodyTooLarge)
            }
            Err(e) => Err(ApiError::InvalidJson(e.body_text())),
        }
    }
}
