//! Sign-in, sessions, CSRF, tokens and the rate limit, through the API.

use reqwest::StatusCode;
use reqwest::header::{RETRY_AFTER, SET_COOKIE};
use samspill_testkit::backend_test;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, expect_error};

backend_test! {
    async fn sign_in_sets_a_safe_cookie_and_me_describes_the_person(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        let res = client.post(app.url("/api/v1/session"))
            .json(&json!({"email": "LEAD@acme.test", "password": PASSWORD}))
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let cookie = res.headers().get(SET_COOKIE).unwrap().to_str().unwrap().to_owned();
        assert!(cookie.starts_with("samspill_session="));
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "not Secure unless configured");
        let body: Value = res.json().await.unwrap();
        assert!(body["csrf_token"].as_str().unwrap().len() >= 32);

        let me: Value = client.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        let p = &me["person"];
        assert_eq!(p["handle"], "lars");
        assert_eq!(p["name"], "Lars Lund");
        assert_eq!(p["email"], "lead@acme.test");
        assert_eq!(p["title"], "Head of Data");
        assert_eq!(p["unit"]["name"], "Data");
        assert_eq!(p["work_mode"], "remote");
        assert_eq!(p["roles"], json!(["member", "leader"]));
        assert_eq!(p["leads"], json!([p["unit"]["id"]]));
        assert!(p["id"].is_string());
    }
}

backend_test! {
    async fn changes_with_a_cookie_need_the_csrf_token_and_sign_out_ends_the_session(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        let csrf = app.api_sign_in(&client, "kari@acme.test").await;
        let session: Value = client.get(app.url("/api/v1/session")).send().await.unwrap().json().await.unwrap();
        assert_eq!(session["csrf_token"], csrf);
        assert_eq!(session["person"]["handle"], "kari");

        let res = client.delete(app.url("/api/v1/session")).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "csrf_failed").await;
        let res = client.delete(app.url("/api/v1/session")).header("X-CSRF-Token", "wrong").send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "csrf_failed").await;
        let res = client.delete(app.url("/api/v1/session")).header("X-CSRF-Token", &csrf).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        let res = client.get(app.url("/api/v1/me")).send().await.unwrap();
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
}

backend_test! {
    async fn unknown_email_and_wrong_password_answer_the_same_and_the_sixth_try_is_429(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        let attempt = |email: &'static str, password: &'static str| {
            let c = client.clone();
            let url = app.url("/api/v1/session");
            async move { c.post(url).json(&json!({"email": email, "password": password})).send().await.unwrap() }
        };
        let unknown = expect_error(attempt("nobody@acme.test", "whatever-long").await, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        let wrong = expect_error(attempt("kari@acme.test", "whatever-long").await, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        assert_eq!(unknown, wrong, "the same body for both");
        for _ in 0..4 {
            expect_error(attempt("kari@acme.test", "whatever-long").await, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        }
        let res = attempt("kari@acme.test", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry: u64 = res.headers().get(RETRY_AFTER).unwrap().to_str().unwrap().parse().unwrap();
        assert_eq!(retry, 15 * 60);
        expect_error(res, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
        app.clock.advance(time::Duration::minutes(15) + time::Duration::seconds(1));
        assert_eq!(attempt("kari@acme.test", PASSWORD).await.status(), StatusCode::OK);
    }
}

backend_test! {
    async fn a_personal_token_authenticates_without_cookie_or_csrf(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        let csrf = app.api_sign_in(&client, "ola@acme.test").await;
        let res = client.post(app.url("/api/v1/me/tokens")).header("X-CSRF-Token", &csrf)
            .json(&json!({"name": "reporting script"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let body: Value = res.json().await.unwrap();
        let token = body["token"].as_str().unwrap().to_owned();
        assert!(token.starts_with("ssp_"));
        assert_eq!(body["name"], "reporting script");

        let bare = reqwest::Client::new();
        let me: Value = bare.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["person"]["handle"], "ola");
        let res = bare.post(app.url("/api/v1/me/tokens")).bearer_auth(&token).json(&json!({"name": "second"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED, "no CSRF with a Bearer token");
        let res = bare.get(app.url("/api/v1/me")).bearer_auth("ssp_not-a-real-token").send().await.unwrap();
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        let res = bare.post(app.url("/api/v1/me/tokens")).bearer_auth(&token).json(&json!({"name": ""})).send().await.unwrap();
        let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(body["error"]["fields"]["name"].is_string());
    }
}

backend_test! {
    async fn patch_me_validates_every_field_and_saves_nothing_on_error(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        let csrf = app.api_sign_in(&client, "kari@acme.test").await;
        let res = client.patch(app.url("/api/v1/me")).header("X-CSRF-Token", &csrf)
            .json(&json!({"name": "", "work_mode": "hybrid", "time_zone": "Europe/Oslo"})).send().await.unwrap();
        let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let fields = body["error"]["fields"].as_object().unwrap();
        assert!(fields.contains_key("name") && fields.contains_key("work_mode"), "{fields:?}");
        let me: Value = client.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["person"]["name"], "Kari Nordmann");

        let res = client.patch(app.url("/api/v1/me")).header("X-CSRF-Token", &csrf)
            .json(&json!({"title": "Senior Data Engineer", "locale": "nb", "time_zone": "UTC"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["person"]["title"], "Senior Data Engineer");
        assert_eq!(body["person"]["locale"], "nb");
        assert_eq!(body["person"]["time_zone"], "UTC");
        assert_eq!(body["person"]["work_mode"], "client_site", "absent fields keep their value");
    }
}
