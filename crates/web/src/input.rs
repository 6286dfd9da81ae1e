//! The input boundary of both front doors: no handler sees text with a
//! control character in it.
//!
//! [`refuse_control_characters`] wraps the whole router, so every route,
//! present and future, API and UI alike, gets the same rule,
//! `samspill_domain::text::is_refused_control` (every control character but
//! tab, line feed and carriage return), applied to:
//! - the path, percent-decoded (`/people/ka%00ri`);
//! - each name and value of the query string, decoded as a form;
//! - a body: each name and value of an `application/x-www-form-urlencoded`
//!   form, or every string of a body that parses as JSON, whatever its
//!   content type says (the optional-body handlers read JSON without one).
//!
//! A request that breaks the rule answers 422 `invalid_input`, with
//! `fields` naming where: `path`, the query or form name, or the top-level
//! JSON key (`body` for a JSON body that is not an object). Under `/api/`
//! that is the error envelope; elsewhere a page in the visitor's language.
//! The check runs before authentication and CSRF, so such a request answers
//! 422 even without a session. Nothing else is changed: a body that is not
//! JSON or a form passes through for the extractors to judge.
//!
//! What this cannot see: text inside an opaque value, such as a cursor
//! (base64 of JSON); `samspill_services::shared::page::decode` checks those.
//! Callers that do not come through HTTP (import, admin, demo) meet the same
//! rule in the domain's validated values and the services.

use std::borrow::Cow;

use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use samspill_domain::text::is_refused_control;
use serde_json::Value;

use crate::ApiError;

/// Why the request is refused, for the error's `fields`.
const WHY: &str = "control characters (such as NUL) are not allowed";

/// Middleware: refuses a request with a control character in its path,
/// query or body (see the module documentation).
pub(crate) async fn refuse_control_characters(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    if let Some(field) = in_uri(req.uri()) {
        return refusal(api, field, req.headers());
    }
    if req.body().size_hint().exact() == Some(0) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    // The body limit layer outside this one bounds what is read here.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return too_large(api);
    };
    if let Some(field) = in_body(&parts.headers, &bytes) {
        return refusal(api, field, &parts.headers);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn has_control(s: &str) -> bool {
    s.chars().any(is_refused_control)
}

/// Where the URI holds a control character: `path`, or a query name.
fn in_uri(uri: &Uri) -> Option<Cow<'static, str>> {
    let path = percent_encoding::percent_decode_str(uri.path()).decode_utf8_lossy();
    if has_control(&path) {
        return Some(Cow::Borrowed("path"));
    }
    in_pairs(uri.query()?.as_bytes())
}

/// The first name of a form-encoded text whose name or value holds a
/// control character (`query` when the name itself does).
fn in_pairs(form: &[u8]) -> Option<Cow<'static, str>> {
    form_urlencoded::parse(form)
        .find(|(name, value)| has_control(name) || has_control(value))
        .map(|(name, _)| {
            if has_control(&name) {
                Cow::Borrowed("query")
            } else {
                Cow::Owned(name.into_owned())
            }
        })
}

/// Where a form or JSON body holds a control character.
fn in_body(headers: &HeaderMap, body: &[u8]) -> Option<Cow<'static, str>> {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if form {
        return in_pairs(body);
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    match &value {
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if has_control(k) {
                Some(Cow::Borrowed("body"))
            } else {
                holds_control(v).then(|| Cow::Owned(k.clone()))
            }
        }),
        other => holds_control(other).then_some(Cow::Borrowed("body")),
    }
}

/// Whether a string anywhere in `value`, object keys included, holds a
/// control character.
fn holds_control(value: &Value) -> bool {
    match value {
        Value::String(s) => has_control(s),
        Value::Array(items) => items.iter().any(holds_control),
        Value::Object(map) => map.iter().any(|(k, v)| has_control(k) || holds_control(v)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

fn refusal(api: bool, field: Cow<'static, str>, headers: &HeaderMap) -> Response {
    if !api {
        return crate::ui::control_characters_page(headers);
    }
    let mut err = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        "some fields are not valid",
    );
    err.fields.insert(field.into_owned(), WHY.to_owned());
    err.into_response()
}

fn too_large(api: bool) -> Response {
    if api {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the body is larger than 1 MiB",
        )
        .into_response()
    } else {
        (StatusCode::PAYLOAD_TOO_LARGE, "the body is too large").into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Option<String> {
        in_uri(&s.parse::<Uri>().unwrap()).map(Cow::into_owned)
    }

    fn json(body: &str) -> Option<String> {
        in_body(&HeaderMap::new(), body.as_bytes()).map(Cow::into_owned)
    }

    #[test]
    fn the_path_and_query_are_decoded_before_they_are_checked() {
        assert_eq!(uri("/people/ka%00ri").as_deref(), Some("path"));
        assert_eq!(uri("/people?q=ka%00ri&x=1").as_deref(), Some("q"));
        assert_eq!(uri("/people?q%01=1").as_deref(), Some("query"));
        assert_eq!(uri("/people?q=%1b%5b31m").as_deref(), Some("q"));
        assert_eq!(
            uri("/people?q=a%0A%09b+c&cursor=x%25%30%30"),
            None,
            "tab, newline, %00 as text"
        );
        assert_eq!(
            uri("/people/k%C3%A5re%FF"),
            None,
            "not UTF-8 is not a control"
        );
    }

    #[test]
    fn every_string_of_a_json_body_is_checked_and_named_by_its_top_key() {
        assert_eq!(
            json(r#"{"title":"ok","body":"a\u0000b"}"#).as_deref(),
            Some("body")
        );
        assert_eq!(
            json(r#"{"options":["a",{"x":"\u0007"}]}"#).as_deref(),
            Some("options")
        );
        assert_eq!(json(r#"{"a\u0000":1}"#).as_deref(), Some("body"));
        assert_eq!(json(r#"["\u0000"]"#).as_deref(), Some("body"));
        assert_eq!(json(r#"{"body":"line\nnext\ttab \\u0000 as text"}"#), None);
        assert_eq!(json("not json \0"), None, "left to the extractor");
    }

    #[test]
    fn a_form_body_is_checked_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        let field = in_body(&headers, b"csrf=x&body=He%00llo").map(Cow::into_owned);
        assert_eq!(field.as_deref(), Some("body"));
        assert_eq!(in_body(&headers, b"csrf=x&body=Hello%0D%0A"), None);
    }
}
