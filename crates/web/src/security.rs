//! What every answer of the server carries, whichever layer made it: the
//! security headers, and for an error, the API's JSON envelope (under
//! `/api/`) or an HTML error page. Also the request span.
//!
//! The content security policy allows only our own scripts and styles: no
//! inline script, so injected markup cannot run code. HSTS is sent when
//! `server.secure_cookies` is on, that is when Samspill is served over TLS.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{ApiError, AppState};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The headers on every answer, as (name, value).
pub(crate) const HEADERS: [(&str, &str); 4] = [
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
];

/// Strict-Transport-Security, when served over TLS: a year, subdomains too.
pub(crate) const HSTS: (&str, &str) = (
    "strict-transport-security",
    "max-age=31536000; includeSubDomains",
);

/// The largest error body read back to reuse its text in the envelope.
const ERROR_TEXT_LIMIT: usize = 4 * 1024;

/// The outermost layer: errors made by inner layers (body limit, rejected
/// extractors, panics) are put in the envelope or an error page, and every
/// answer gets the security headers.
pub(crate) async fn finish(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let language = req.headers().get(header::ACCEPT_LANGUAGE).cloned();
    let mut res = next.run(req).await;
    if res.status().is_client_error() || res.status().is_server_error() {
        res = if is_api {
            api_envelope(res).await
        } else {
            ui_page(res, language)
        };
    }
    add_headers(res.headers_mut(), state.config.server.secure_cookies);
    res
}

/// Adds the security headers (and HSTS when `secure`) to `h`.
pub(crate) fn add_headers(h: &mut HeaderMap, secure: bool) {
    let hsts = secure.then_some(HSTS);
    for (name, value) in HEADERS.into_iter().chain(hsts) {
        h.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
}

fn has_content_type(res: &Response, prefix: &str) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(prefix))
}

/// The stable code of an error status the layers below the handlers make.
#[must_use]
pub(crate) fn status_code_name(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "timeout",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        422 => "invalid_input",
        429 => "too_many_requests",
        431 => "headers_too_large",
        503 => "unavailable",
        s if s >= 500 => "internal",
        _ => "bad_request",
    }
}

/// An API error that is not yet in the envelope gets it, keeping its status,
/// its `Allow` and `Retry-After` headers and (for a client error) its text.
async fn api_envelope(res: Response) -> Response {
    if has_content_type(&res, "application/json") {
        return res;
    }
    let (parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, ERROR_TEXT_LIMIT)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty() && parts.status.is_client_error());
    let message = text.unwrap_or_else(|| {
        parts
            .status
            .canonical_reason()
            .unwrap_or("error")
            .to_lowercase()
    });
    let mut out =
        ApiError::new(parts.status, status_code_name(parts.status), message).into_response();
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = parts.headers.get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}

/// A page error that is not a page (a plain-text rejection) becomes one.
fn ui_page(res: Response, language: Option<HeaderValue>) -> Response {
    if has_content_type(&res, "text/html") {
        return res;
    }
    let mut headers = HeaderMap::new();
    if let Some(l) = language {
        headers.insert(header::ACCEPT_LANGUAGE, l);
    }
    let mut page = crate::ui::error_page(res.status(), None, &headers);
    *page.status_mut() = res.status();
    if let Some(v) = res.headers().get(header::RETRY_AFTER) {
        page.headers_mut().insert(header::RETRY_AFTER, v.clone());
    }
    page
}

/// The tracing span of a request: method and path, never the query string
/// (it may carry search words) nor headers (they carry credentials).
pub(crate) fn request_span(req: &Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
}
