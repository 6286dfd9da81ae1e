//! `GET /openapi.json`, and the responses every operation shares.
//!
//! The answers that come from the shared extractors rather than from a
//! handler are added to the document here, by the same rules the
//! extractors follow, so no operation can forget them:
//! - 401 `unauthenticated` on every operation that declares `security`
//!   ([`ApiUser`](crate::auth::ApiUser) rejects a request without a valid
//!   session or token);
//! - 403 `csrf_failed` on those of them that change state (a session
//!   cookie without `X-CSRF-Token`);
//! - 400 `bad_request` on every operation with a JSON request body (a body
//!   that does not parse, or the wrong content type) or a query parameter
//!   (one missing or not of its type);
//! - 422 `invalid_input` on every paged list (`limit` out of 1–100, or a
//!   `cursor` that is not one of its own);
//! - 413 `payload_too_large` on every operation with a request body (over
//!   1 MiB, refused before the handler).
//! - 422 `invalid_input` on every operation: a control character (such as
//!   NUL) in the path, query or body is refused before any extractor runs
//!   ([`crate::input`]).
//!
//! The HTTP tests check each of these against what the server answers.

use std::sync::Arc;

use axum::{Extension, Json};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

/// The OpenAPI document of this API.
#[utoipa::path(get, path = "/openapi.json", tag = "health",
    responses((status = 200, description = "this document", content_type = "application/json")))]
pub(crate) async fn openapi_json(Extension(spec): Extension<Arc<OpenApi>>) -> Json<OpenApi> {
    Json(spec.as_ref().clone())
}

/// Adds the shared responses (see the module documentation) where missing.
pub(super) fn add_shared_responses(spec: &mut OpenApi) {
    for item in spec.paths.paths.values_mut() {
        let operations = [
            (false, &mut item.get),
            (false, &mut item.head),
            (false, &mut item.options),
            (true, &mut item.post),
            (true, &mut item.put),
            (true, &mut item.patch),
            (true, &mut item.delete),
        ];
        for (changes_state, op) in operations {
            if let Some(op) = op {
                add_to(op, changes_state);
            }
        }
    }
}

fn add_to(op: &mut Operation, changes_state: bool) {
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    if secured {
        add(
            op,
            "401",
            "unauthenticated: no valid session cookie or bearer token",
        );
        if changes_state {
            add(
                op,
                "403",
                "csrf_failed: a session cookie without the X-CSRF-Token header",
            );
        }
    }
    if op.request_body.is_some() {
        add(op, "400", "bad_request: the body is not JSON of this shape");
        add(op, "413", "payload_too_large: the body is over 1 MiB");
    }
    let query: Vec<&str> = op
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) if matches!(p.parameter_in, ParameterIn::Query) => Some(p.name.as_str()),
            _ => None,
        })
        .collect();
    let pages = query.iter().any(|n| matches!(*n, "limit" | "cursor"));
    if !query.is_empty() {
        add(
            op,
            "400",
            "bad_request: a query parameter is missing or not of its type",
        );
    }
    if pages {
        add(
            op,
            "422",
            "invalid_input: limit out of range, or a cursor this list did not give",
        );
    }
    add(
        op,
        "422",
        "invalid_input: a field is not valid; on any operation, a control character \
         (such as NUL) in the path, query or body",
    );
}

/// Adds a response for `status`, or, when the operation already lists one
/// (for its own reasons: 403 `forbidden`, 401 `invalid_credentials`), adds
/// this reason to its description.
fn add(op: &mut Operation, status: &str, description: &str) {
    match op.responses.responses.get_mut(status) {
        Some(RefOr::T(existing)) => {
            let code = description.split(':').next().unwrap_or(description);
            if !existing.description.contains(code) {
                if existing.description.is_empty() {
                    existing.description = description.to_owned();
                } else {
                    existing.description = format!("{}; {description}", existing.description);
                }
            }
        }
        Some(RefOr::Ref(_)) => {}
        None => {
            op.responses.responses.insert(
                status.to_owned(),
                RefOr::T(
                    ResponseBuilder::new()
                        .description(description)
                        .content(
                            "application/json",
                            ContentBuilder::new()
                                .schema(Some(Ref::from_schema_name("ErrorBody")))
                                .build(),
                        )
                        .build(),
                ),
            );
        }
    }
}
