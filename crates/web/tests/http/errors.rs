//! Health, OpenAPI, the error envelope, security headers and start-up errors.

use reqwest::StatusCode;
use samspill_testkit::backend_test;
use samspill_web::config::{Config, DatabaseConfig};
use serde_json::Value;

use crate::helpers::{TestApp, expect_error};

backend_test! {
    async fn health_answers_without_authentication(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let res = reqwest::get(app.url("/api/v1/health")).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body, serde_json::json!({"status": "ok"}));
    }
}

backend_test! {
    async fn the_openapi_document_describes_the_served_routes(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let doc: Value = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        let paths = doc["paths"].as_object().unwrap();
        for p in ["/health", "/session", "/me", "/me/tokens", "/units", "/units/{id}", "/people", "/people/{handle}"] {
            assert!(paths.contains_key(p), "missing {p}");
        }
        assert!(paths["/session"]["post"].is_object() && paths["/session"]["delete"].is_object());
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
        assert_eq!(doc["servers"][0]["url"], "/api/v1");
    }
}

backend_test! {
    async fn bad_json_and_unknown_api_paths_answer_in_the_envelope(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let c = reqwest::Client::new();
        let res = c.post(app.url("/api/v1/session")).header("content-type", "application/json").body("{not json").send().await.unwrap();
        expect_error(res, StatusCode::BAD_REQUEST, "bad_request").await;
        let res = c.post(app.url("/api/v1/session")).body("email=a").send().await.unwrap();
        assert!(res.status().is_client_error());
        let res = c.get(app.url("/api/v1/no-such-thing")).send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
        let res = c.put(app.url("/api/v1/me")).send().await.unwrap();
        expect_error(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    }
}

backend_test! {
    async fn every_answer_carries_the_security_headers(t: TestDb) {
        let app = TestApp::spawn(t).await;
        for path in ["/login", "/api/v1/health", "/assets/app.css"] {
            let res = reqwest::get(app.url(path)).await.unwrap();
            let h = res.headers();
            let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
            assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
            assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
            assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
        }
    }
}

#[tokio::test]
async fn an_unknown_scheme_or_unreachable_database_names_the_setting() {
    let mut config = Config {
        database: DatabaseConfig {
            url: "mysql://x/y".into(),
            max_connections: 1,
        },
        ..Config::default()
    };
    let e = samspill_web::startup::connect(&config)
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("database.url") && e.contains("scheme"), "{e}");
    config.database.url = "postgres://postgres@127.0.0.1:1/nothing".into();
    let e = samspill_web::startup::connect(&config)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("database.url") && e.contains("PostgreSQL"),
        "{e}"
    );
}

/// Sends `requests` (raw bytes) on one connection and reads until the server
/// closes it.
async fn raw_exchange(addr: &str, requests: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    // The server may answer and close before it has read everything.
    let _ = s.write_all(requests).await;
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// The last answer in `raw`: its status, lower-cased head and body.
fn last_answer(raw: &str) -> (u16, String, String) {
    let start = raw
        .rfind("HTTP/1.1 ")
        .unwrap_or_else(|| panic!("no answer in {raw:?}"));
    let (head, body) = raw[start..].split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    (status, head.to_lowercase(), body.to_owned())
}

fn assert_guarded(status: u16, head: &str, body: &str, code: &str) {
    for h in [
        "content-security-policy:",
        "x-content-type-options: nosniff",
        "x-frame-options: deny",
    ] {
        assert!(head.contains(h), "{status}: no {h} in {head}");
    }
    assert!(head.contains("content-type: application/json"), "{head}");
    let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body:?}"));
    assert_eq!(v["error"]["code"], code, "{body}");
}

backend_test! {
    async fn answers_made_below_the_handlers_carry_the_envelope_and_headers(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let c = reqwest::Client::new();
        let big = "x".repeat(1024 * 1024 + 1);

        // Over 1 MiB with a Content-Length: refused before any handler.
        let res = c.post(app.url("/api/v1/session")).header("content-type", "application/json").body(big.clone()).send().await.unwrap();
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        expect_error(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
        let res = c.post(app.url("/login")).header("content-type", "application/x-www-form-urlencoded").body(big).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(res.headers()["x-frame-options"], "DENY");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));

        // Over 1 MiB, chunked: no length to refuse up front, 413 all the same.
        let mut req = b"POST /api/v1/session HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
            transfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec();
        for _ in 0..17 {
            req.extend_from_slice(format!("10000\r\n{}\r\n", "y".repeat(0x10000)).as_bytes());
        }
        req.extend_from_slice(b"0\r\n\r\n");
        let (status, head, body) = last_answer(&raw_exchange(app.addr(), &req).await);
        assert_eq!(status, 413, "{body}");
        assert_guarded(status, &head, &body, "payload_too_large");

        // Invalid UTF-8 in a path segment.
        let c = TestApp::client();
        app.api_sign_in(&c, "kari@acme.test").await;
        let res = c.get(app.url("/api/v1/people/%FF%FE")).send().await.unwrap();
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        expect_error(res, StatusCode::BAD_REQUEST, "bad_request").await;
    }
}

backend_test! {
    async fn answers_hyper_makes_itself_carry_the_envelope_and_headers(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let long = format!("/api/v1/people?q={}", "a".repeat(100_000));

        // A 100k-character URL, on a fresh connection and after a normal
        // request on a kept-alive one.
        let one = format!("GET {long} HTTP/1.1\r\nhost: x\r\n\r\n");
        let (status, head, body) = last_answer(&raw_exchange(app.addr(), one.as_bytes()).await);
        assert_eq!(status, 414);
        assert_guarded(status, &head, &body, "uri_too_long");
        let two = format!("GET /api/v1/health HTTP/1.1\r\nhost: x\r\n\r\nGET {long} HTTP/1.1\r\nhost: x\r\n\r\n");
        let raw = raw_exchange(app.addr(), two.as_bytes()).await;
        assert!(raw.starts_with("HTTP/1.1 200 "), "{}", &raw[..40.min(raw.len())]);
        let (status, head, body) = last_answer(&raw);
        assert_eq!(status, 414);
        assert_guarded(status, &head, &body, "uri_too_long");

        // A head larger than the server reads.
        let huge = format!("GET /api/v1/health HTTP/1.1\r\nhost: x\r\nx-big: {}\r\n\r\n", "b".repeat(600_000));
        let (status, head, body) = last_answer(&raw_exchange(app.addr(), huge.as_bytes()).await);
        assert_eq!(status, 431);
        assert_guarded(status, &head, &body, "headers_too_large");

        // A request line that does not parse.
        let (status, head, body) = last_answer(&raw_exchange(app.addr(), b"GET /a b c\r\n\r\n").await);
        assert_eq!(status, 400);
        assert_guarded(status, &head, &body, "bad_request");
    }
}

backend_test! {
    async fn hsts_is_sent_only_when_served_over_tls(t: TestDb) {
        let app = TestApp::spawn_with(t, |c| c.server.secure_cookies = true).await;
        for path in ["/login", "/api/v1/health", "/api/v1/nothing"] {
            let res = reqwest::get(app.url(path)).await.unwrap();
            let hsts = res.headers()["strict-transport-security"].to_str().unwrap();
            assert!(hsts.starts_with("max-age=31536000"), "{path}: {hsts}");
        }
        let (_, head, _) = last_answer(&raw_exchange(app.addr(), b"GET /a b c\r\n\r\n").await);
        assert!(head.contains("strict-transport-security: max-age="), "{head}");
    }
}

#[tokio::test]
async fn hsts_is_not_sent_over_plain_http() {
    let t = samspill_testkit::TestDb::sqlite().await;
    let app = TestApp::spawn(t).await;
    let res = reqwest::get(app.url("/login")).await.unwrap();
    assert!(res.headers().get("strict-transport-security").is_none());
}
