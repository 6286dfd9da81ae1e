//! The API's error envelope and the mapping from service errors to HTTP.
//!
//! Every error answers `{"error": {"code", "message", "fields"?}}`. A 5xx
//! body says nothing internal; the cause is logged here, once.

use std::collections::BTreeMap;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use samspill_services::Error as ServiceError;
use serde::Serialize;
use utoipa::ToSchema;

/// An API error.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable snake_case code.
    pub code: &'static str,
    /// Human text.
    pub message: String,
    /// Field problems for 400/422.
    pub fields: BTreeMap<String, String>,
    /// For 429.
    pub retry_after: Option<u64>,
}

/// The error envelope.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// The error itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code.
    pub code: String,
    /// Human text.
    pub message: String,
    /// Field name → why, for invalid input.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

impl ApiError {
    /// An error with status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            fields: BTreeMap::new(),
            retry_after: None,
        }
    }

    /// 401: no valid session or token.
    #[must_use]
    pub fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", "sign in first")
    }

    /// 404, the same for unknown and invisible objects.
    #[must_use]
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "no such resource")
    }

    /// 413 for a body over the 1 MiB limit.
    #[must_use]
    pub fn too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the body is larger than 1 MiB",
        )
    }

    /// 400 for a body or query that does not parse.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => Self::not_found(),
            ServiceError::Forbidden => {
                Self::new(StatusCode::FORBIDDEN, "forbidden", "you may not do this")
            }
            ServiceError::GuidelinesNotAccepted { version } => {
                // The message carries the link: the envelope has no other
                // place for it, and `fields` is for invalid input.
                Self::new(
                    StatusCode::FORBIDDEN,
                    "guidelines_not_accepted",
                    format!(
                        "accept version {version} of the guidelines first: read them at /guidelines \
                         (GET /api/v1/guidelines/current) and accept with POST /api/v1/guidelines/accept \
                         {{\"version\": {version}}}"
                    ),
                )
            }
            ServiceError::Invalid(errors) => {
                let mut err = Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_input",
                    "some fields are not valid",
                );
                for v in errors {
                    err.fields.entry(v.field.to_owned()).or_insert(v.message);
                }
                err
            }
            ServiceError::Conflict { code, message } => {
                Self::new(StatusCode::CONFLICT, code, message)
            }
            ServiceError::InvalidCredentials => Self::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "wrong e-mail or password",
            ),
            ServiceError::RateLimited { retry_after_secs } => Self {
                retry_after: Some(retry_after_secs),
                ..Self::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_requests",
                    "too many attempts; try again later",
                )
            },
            ServiceError::Unavailable(source) => {
                tracing::error!(error = %source, cause = ?std::error::Error::source(&source), "database unavailable");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the service is unavailable; try again shortly",
                )
            }
            ServiceError::Unexpected(source) => {
                tracing::error!(error = %source, cause = ?source.source(), "unexpected error");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "something went wrong",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
                fields: self.fields,
            },
        };
        let mut res = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

/// A panic in a handler answers a bare 500 in the envelope.
pub(crate) fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "something went wrong",
    )
    .into_response()
}
