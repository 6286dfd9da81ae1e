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
