//! JSON and query extractors whose rejections use the API's error envelope.

use axum::extract::FromRequest;
use axum::extract::rejection::{JsonRejection, QueryRejection};

use axum::http::StatusCode;

use crate::ApiError;

/// `axum::Json` with our error body on bad input.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub(crate) struct ApiJson<T>(pub(crate) T);

/// `axum::extract::Query` with our error body on bad input.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub(crate) struct ApiQuery<T>(pub(crate) T);

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        // A body cut off by the size limit (a chunked one has no length to
        // refuse up front) is 413, like one refused by its Content-Length.
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return Self::too_large();
        }
        Self::bad_request(r.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        Self::bad_request(r.body_text())
    }
}

/// Parses an id from a path; a malformed id answers 404 like an unknown one.
pub(crate) fn parse_id<T: std::str::FromStr>(s: &str) -> Result<T, ApiError> {
    s.parse().map_err(|_| ApiError::not_found())
}

/// Reads an RFC 3339 time sent as `field`, or 422 naming it.
pub(crate) fn parse_time(field: &'static str, s: &str) -> Result<time::OffsetDateTime, ApiError> {
    time::OffsetDateTime::parse(s.trim(), &time::format_description::well_known::Rfc3339).map_err(
        |_| {
            samspill_services::Error::from(samspill_domain::ValidationError::new(
                field,
                "invalid",
                "an RFC 3339 time, e.g. 2027-01-31T00:00:00Z",
            ))
            .into()
        },
    )
}

/// A JSON body that may be absent (empty): the default value then.
pub(crate) fn optional_json<T: serde::de::DeserializeOwned + Default>(
    body: &[u8],
) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))
}
