//! The OpenAPI document against the server: every documented operation is
//! routed and answers what the document says for the requests every
//! operation can be sent without data (no sign-in, no CSRF token, a body
//! that is not JSON, a control character in the query); every other method
//! on a documented path answers 405.
//!
//! The other direction, every routed operation is documented, holds by
//! construction: `samspill_web::api` registers every `/api/v1` route,
//! `/openapi.json` included, through one `OpenApiRouter`.

use reqwest::{Client, Method, StatusCode};
use samspill_testkit::backend_test;
use serde_json::Value;

use crate::helpers::TestApp;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// `path` with each `{parameter}` replaced by an id that names nothing.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('}').unwrap();
        out.push_str(&uuid::Uuid::now_v7().to_string());
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Status and error code (if the body is the error envelope).
async fn answer(req: reqwest::RequestBuilder) -> (StatusCode, String) {
    let res = req.send().await.unwrap();
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    let code = body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (status, code)
}

backend_test! {
    async fn every_documented_operation_is_routed_and_answers_as_documented(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let doc: Value = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
        assert_eq!(doc, serde_json::to_value(samspill_web::api::openapi()).unwrap(), "served = built");
        let anonymous = Client::new();
        let kari = TestApp::client();
        let csrf = app.api_sign_in(&kari, "kari@acme.test").await;

        let mut problems = Vec::new();
        let mut operations = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            let url = app.url(&format!("/api/v1{}", concrete(path)));
            for m in METHODS {
                let method = Method::from_bytes(m.to_uppercase().as_bytes()).unwrap();
                let Some(op) = item.get(m) else {
                    let got = answer(anonymous.request(method, &url)).await;
                    if got != (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed".into()) {
                        problems.push(format!("{m} {path} is not documented but answers {got:?}, not 405"));
                    }
                    continue;
                };
                operations += 1;
                let op_name = format!("{} {path}", m.to_uppercase());
                let responses = op["responses"].as_object().unwrap();
                let documented = |s: StatusCode| responses.contains_key(s.as_str());
                if !responses.keys().any(|k| k.starts_with('2')) {
                    problems.push(format!("{op_name}: no success response"));
                }
                for (status, r) in responses.iter().filter(|(k, _)| k.starts_with('4')) {
                    if r["content"]["application/json"]["schema"]["$ref"] != "#/components/schemas/ErrorBody" {
                        problems.push(format!("{op_name}: {status} is not documented as the error envelope"));
                    }
                }
                let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());

                // Without credentials: a secured operation answers 401 (which
                // also proves it is routed: an unknown route answers 404); any
                // other answers something documented, and not the router's
                // 404/405 (no unsecured operation takes an id, so a 404 can
                // only be the router's).
                let (status, code) = answer(anonymous.request(method.clone(), &url)).await;
                if secured {
                    if (status, code.as_str()) != (StatusCode::UNAUTHORIZED, "unauthenticated") {
                        problems.push(format!("{op_name}: declares security but answers {status} {code} without it"));
                    }
                } else if matches!(status, StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED | StatusCode::UNAUTHORIZED) {
                    problems.push(format!("{op_name}: answers {status} {code} without credentials (unrouted, or missing its security)"));
                }
                if !documented(status) {
                    problems.push(format!("{op_name}: answers {status} {code} without credentials, not documented"));
                }

                // A session cookie without the CSRF token, on a change.
                if secured && m != "get" {
                    let (status, code) = answer(kari.request(method.clone(), &url)).await;
                    if (status, code.as_str()) != (StatusCode::FORBIDDEN, "csrf_failed") {
                        problems.push(format!("{op_name}: answers {status} {code} to a cookie without CSRF token"));
                    }
                    if !documented(StatusCode::FORBIDDEN) {
                        problems.push(format!("{op_name}: 403 csrf_failed not documented"));
                    }
                }

                // A control character in the query, with valid credentials:
                // refused before any handler runs.
                let req = kari.request(method.clone(), format!("{url}?probe=%00")).header("X-CSRF-Token", &csrf);
                let (status, code) = answer(req).await;
                if (status, code.as_str()) != (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input") {
                    problems.push(format!("{op_name}: answers {status} {code} to a NUL in the query"));
                }
                if !documented(StatusCode::UNPROCESSABLE_ENTITY) {
                    problems.push(format!("{op_name}: 422 invalid_input not documented"));
                }

                // A JSON body that does not parse, with valid credentials.
                if op.get("requestBody").is_some() {
                    let req = kari.request(method.clone(), &url).header("X-CSRF-Token", &csrf)
                        .header("content-type", "application/json").body("{");
                    let (status, code) = answer(req).await;
                    if (status, code.as_str()) != (StatusCode::BAD_REQUEST, "bad_request") {
                        problems.push(format!("{op_name}: answers {status} {code} to a body that is not JSON"));
                    }
                    if !documented(StatusCode::BAD_REQUEST) {
                        problems.push(format!("{op_name}: 400 bad_request not documented"));
                    }
                    // Over the 1 MiB limit.
                    let req = kari.request(method.clone(), &url).header("X-CSRF-Token", &csrf)
                        .header("content-type", "application/json").body(vec![b' '; 1024 * 1024 + 1]);
                    let (status, code) = answer(req).await;
                    if (status, code.as_str()) != (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large") {
                        problems.push(format!("{op_name}: answers {status} {code} to a body over 1 MiB"));
                    }
                    if !documented(StatusCode::PAYLOAD_TOO_LARGE) {
                        problems.push(format!("{op_name}: 413 payload_too_large not documented"));
                    }
                }

                for p in op["parameters"].as_array().into_iter().flatten() {
                    let name = p["name"].as_str().unwrap();
                    if (p["in"] == "path") != path.contains(&format!("{{{name}}}")) {
                        problems.push(format!("{op_name}: parameter {name} is documented in {}", p["in"]));
                    }
                }

                // A query that does not parse: a required parameter left
                // out, or a number that is not one.
                let query: Vec<&Value> = op["parameters"].as_array().into_iter().flatten()
                    .filter(|p| p["in"] == "query").collect();
                let broken = if query.iter().any(|p| p["required"] == true) {
                    Some(String::new())
                } else {
                    query.iter().find(|p| p["schema"]["type"] == "integer"
                        || p["schema"]["type"].as_array().is_some_and(|t| t.contains(&"integer".into())))
                        .map(|p| format!("?{}=not-a-number", p["name"].as_str().unwrap()))
                };
                // A paged list given a limit out of range.
                if secured && query.iter().any(|p| p["name"] == "limit") {
                    // (The ids in `url` name nothing, so a list under an `{id}`
                    // answers 404 first, and /search wants its `q`.)
                    let (status, code) = answer(kari.get(format!("{url}?limit=0&q=x"))).await;
                    let under_id = path.contains("{id}");
                    let expected = if under_id { StatusCode::NOT_FOUND } else { StatusCode::UNPROCESSABLE_ENTITY };
                    if status != expected || !documented(status) {
                        problems.push(format!("{op_name}: answers {status} {code} to limit=0"));
                    }
                    if !documented(StatusCode::UNPROCESSABLE_ENTITY) {
                        problems.push(format!("{op_name}: 422 for limit=0 not documented"));
                    }
                }
                if let Some(q) = broken.filter(|_| secured) {
                    let req = kari.request(method.clone(), format!("{url}{q}")).header("X-CSRF-Token", &csrf);
                    let (status, code) = answer(req).await;
                    if (status, code.as_str()) != (StatusCode::BAD_REQUEST, "bad_request") {
                        problems.push(format!("{op_name}: answers {status} {code} to the query {q:?}"));
                    }
                    if !documented(StatusCode::BAD_REQUEST) {
                        problems.push(format!("{op_name}: 400 for a bad query not documented"));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "the document and the server disagree:\n  {}", problems.join("\n  "));
        assert!(operations >= 30, "only {operations} operations documented");

        let stream = &doc["paths"]["/stream"]["get"];
        assert!(stream["responses"]["200"]["content"]["text/event-stream"].is_object(), "{stream}");
        assert!(doc["paths"]["/openapi.json"]["get"].is_object());
        // Still signed in: no probe above signed Kari out or failed.
        assert_eq!(kari.get(app.url("/api/v1/session")).send().await.unwrap().status(), StatusCode::OK);
    }
}
