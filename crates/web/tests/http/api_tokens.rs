//! Personal API tokens over HTTP: `GET/POST /me/tokens`,
//! `DELETE /me/tokens/{id}`, expiry, last use, the Settings page section, and
//! every way tokens end (password change, admin reset, deactivation).

use reqwest::header::{ACCEPT_LANGUAGE, LOCATION};
use reqwest::{Client, StatusCode};
use samspill_services::auth::admin;
use samspill_testkit::backend_test;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, expect_error, hidden_field};

/// Creates a token through the API with `client`'s session; returns the
/// answer's body.
async fn create(app: &TestApp, client: &Client, csrf: &str, body: Value) -> Value {
    let res = client
        .post(app.url("/api/v1/me/tokens"))
        .header("X-CSRF-Token", csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

/// The status of `GET /me` with a bearer token.
async fn me_with(app: &TestApp, token: &str) -> StatusCode {
    Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

async fn list(app: &TestApp, client: &Client) -> Vec<Value> {
    let res = client
        .get(app.url("/api/v1/me/tokens"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    body["tokens"].as_array().unwrap().clone()
}

backend_test! {
    async fn my_tokens_are_listed_without_their_secrets_and_revoked_with_204(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let csrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let laptop = create(&app, &kari, &csrf, json!({"name": "laptop"})).await;
        app.clock.advance(time::Duration::seconds(1));
        let ci = create(&app, &kari, &csrf, json!({"name": "ci", "expires_at": "2027-01-31T00:00:00Z"})).await;
        assert_eq!(ci["expires_at"], "2027-01-31T00:00:00Z");
        assert!(laptop["expires_at"].is_null());

        let res = kari.get(app.url("/api/v1/me/tokens")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let text = res.text().await.unwrap();
        for secret in [&laptop["token"], &ci["token"]] {
            assert!(!text.contains(secret.as_str().unwrap()), "never the secret");
        }
        let body: Value = serde_json::from_str(&text).unwrap();
        let tokens = body["tokens"].as_array().unwrap();
        assert_eq!(tokens.len(), 2);
        assert_eq!(tokens[0], json!({"id": ci["id"], "name": "ci", "created_at": "2026-11-27T10:00:01Z", "last_used_at": null, "expires_at": "2027-01-31T00:00:00Z"}));
        assert_eq!(tokens[1], json!({"id": laptop["id"], "name": "laptop", "created_at": "2026-11-27T10:00:00Z", "last_used_at": null, "expires_at": null}));

        let url = app.url(&format!("/api/v1/me/tokens/{}", laptop["id"].as_str().unwrap()));
        let res = kari.delete(&url).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "csrf_failed").await;
        assert_eq!(me_with(&app, laptop["token"].as_str().unwrap()).await, StatusCode::OK);
        let res = kari.delete(&url).header("X-CSRF-Token", &csrf).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(me_with(&app, laptop["token"].as_str().unwrap()).await, StatusCode::UNAUTHORIZED, "revoked at once");
        assert_eq!(me_with(&app, ci["token"].as_str().unwrap()).await, StatusCode::OK);
        let left = list(&app, &kari).await;
        assert_eq!(left.len(), 1);
        assert_eq!(left[0]["id"], ci["id"]);
        let res = kari.delete(&url).header("X-CSRF-Token", &csrf).send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;

        // A token can revoke itself, without CSRF.
        let ci_token = ci["token"].as_str().unwrap();
        let res = Client::new().delete(app.url(&format!("/api/v1/me/tokens/{}", ci["id"].as_str().unwrap()))).bearer_auth(ci_token).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(me_with(&app, ci_token).await, StatusCode::UNAUTHORIZED);
    }
}

backend_test! {
    async fn someone_elses_token_answers_404_like_an_unknown_one_and_keeps_working(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let ola = TestApp::client();
        let ola_csrf = app.api_sign_in(&ola, "ola@acme.test").await;
        let olas = create(&app, &ola, &ola_csrf, json!({"name": "ola's"})).await;
        let kari = TestApp::client();
        let csrf = app.api_sign_in(&kari, "kari@acme.test").await;

        let res = kari.delete(app.url(&format!("/api/v1/me/tokens/{}", olas["id"].as_str().unwrap()))).header("X-CSRF-Token", &csrf).send().await.unwrap();
        let theirs = expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
        let res = kari.delete(app.url(&format!("/api/v1/me/tokens/{}", uuid::Uuid::now_v7()))).header("X-CSRF-Token", &csrf).send().await.unwrap();
        let unknown = expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
        assert_eq!(theirs, unknown, "no existence leak");
        let res = kari.delete(app.url("/api/v1/me/tokens/not-an-id")).header("X-CSRF-Token", &csrf).send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
        assert!(list(&app, &kari).await.is_empty(), "Kari sees none of Ola's");
        assert_eq!(me_with(&app, olas["token"].as_str().unwrap()).await, StatusCode::OK);
    }
}

backend_test! {
    async fn an_expiry_must_be_a_future_time_within_a_year_and_is_honoured(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let csrf = app.api_sign_in(&kari, "kari@acme.test").await;
        for bad in ["2026-11-27T10:00:00Z", "2020-01-01T00:00:00Z", "2027-11-29T00:00:00Z", "tomorrow", "2027-01-31"] {
            let res = kari.post(app.url("/api/v1/me/tokens")).header("X-CSRF-Token", &csrf)
                .json(&json!({"name": "x", "expires_at": bad})).send().await.unwrap();
            let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
            assert!(body["error"]["fields"]["expires_at"].is_string(), "{bad}: {body}");
        }
        assert!(list(&app, &kari).await.is_empty(), "nothing stored on bad input");

        let hour = create(&app, &kari, &csrf, json!({"name": "an hour", "expires_at": "2026-11-27T12:00:00+01:00"})).await;
        assert_eq!(hour["expires_at"], "2026-11-27T11:00:00Z", "stored and answered in UTC");
        let token = hour["token"].as_str().unwrap();
        assert_eq!(me_with(&app, token).await, StatusCode::OK);
        app.clock.advance(time::Duration::minutes(59));
        assert_eq!(me_with(&app, token).await, StatusCode::OK);
        app.clock.advance(time::Duration::minutes(1));
        let res = Client::new().get(app.url("/api/v1/me")).bearer_auth(token).send().await.unwrap();
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        assert_eq!(list(&app, &kari).await[0]["expires_at"], "2026-11-27T11:00:00Z", "listed after expiry");
    }
}

backend_test! {
    async fn last_used_at_is_set_when_a_token_authenticates(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let csrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let made = create(&app, &kari, &csrf, json!({"name": "ci"})).await;
        assert!(list(&app, &kari).await[0]["last_used_at"].is_null(), "a cookie request does not count");
        app.clock.advance(time::Duration::minutes(5));
        assert_eq!(me_with(&app, made["token"].as_str().unwrap()).await, StatusCode::OK);
        assert_eq!(list(&app, &kari).await[0]["last_used_at"], "2026-11-27T10:05:00Z");
    }
}

backend_test! {
    async fn changing_the_password_revokes_every_token(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        app.ui_sign_in(&kari, "kari@acme.test").await;
        let csrf = kari.get(app.url("/api/v1/session")).send().await.unwrap().json::<Value>().await.unwrap()["csrf_token"].as_str().unwrap().to_owned();
        let a = create(&app, &kari, &csrf, json!({"name": "a"})).await;
        let b = create(&app, &kari, &csrf, json!({"name": "b"})).await;

        let page = kari.get(app.url("/settings")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Changing your password signs you out of all other sessions and revokes all your API tokens."), "said before the change");
        let res = kari.post(app.url("/settings/password"))
            .form(&[("csrf", hidden_field(&page, "csrf").as_str()), ("current_password", PASSWORD), ("new_password", "a brand new password")])
            .send().await.unwrap();
        assert_eq!(res.headers()[LOCATION], "/settings?done=password");
        for made in [&a, &b] {
            assert_eq!(me_with(&app, made["token"].as_str().unwrap()).await, StatusCode::UNAUTHORIZED);
        }
        assert!(list(&app, &kari).await.is_empty());
        let page = kari.get(app.url("/settings?done=password")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("your API tokens revoked"), "the notice says so");
    }
}

backend_test! {
    async fn an_admin_password_reset_revokes_every_token(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let csrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let made = create(&app, &kari, &csrf, json!({"name": "ci"})).await;
        admin::reset_password(app.ctx(), "kari@acme.test", "reset by the admin").await.unwrap();
        assert_eq!(me_with(&app, made["token"].as_str().unwrap()).await, StatusCode::UNAUTHORIZED);
        let res = kari.get(app.url("/api/v1/me")).send().await.unwrap();
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
}

backend_test! {
    async fn deactivating_a_person_ends_their_session_cookie_and_bearer_token_at_once(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let csrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let made = create(&app, &kari, &csrf, json!({"name": "ci"})).await;
        let token = made["token"].as_str().unwrap();
        assert_eq!(kari.get(app.url("/api/v1/me")).send().await.unwrap().status(), StatusCode::OK);
        assert_eq!(me_with(&app, token).await, StatusCode::OK);

        admin::deactivate(app.ctx(), "kari@acme.test").await.unwrap();
        let res = kari.get(app.url("/api/v1/me")).send().await.unwrap();
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        let res = Client::new().get(app.url("/api/v1/me")).bearer_auth(token).send().await.unwrap();
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        let res = kari.get(app.url("/settings")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "the UI signs them out too");

        admin::reactivate(app.ctx(), "kari@acme.test").await.unwrap();
        assert_eq!(kari.get(app.url("/api/v1/me")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED, "the old session stays ended");
        assert_eq!(me_with(&app, token).await, StatusCode::UNAUTHORIZED, "the old token stays revoked");
        app.api_sign_in(&kari, "kari@acme.test").await;
    }
}

backend_test! {
    async fn the_settings_page_creates_shows_once_lists_and_revokes_tokens(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        app.ui_sign_in(&kari, "kari@acme.test").await;
        let page = kari.get(app.url("/settings")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(r#"id="tokens-h""#) && page.contains("You have no API tokens."));
        let csrf = hidden_field(&page, "csrf");

        let res = kari.post(app.url("/settings/tokens")).form(&[("csrf", "forged"), ("name", "x"), ("expires", "")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = kari.post(app.url("/settings/tokens")).form(&[("csrf", csrf.as_str()), ("name", " "), ("expires", "2026-11-27")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(html.contains(r#"id="tn-error""#) && html.contains(r#"id="te-error""#) && html.contains("Choose a date in the future."), "{html}");
        assert!(list(&app, &kari).await.is_empty());

        let res = kari.post(app.url("/settings/tokens")).form(&[("csrf", csrf.as_str()), ("name", "build <server>"), ("expires", "2027-01-31")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.unwrap();
        let marker = r#"id="new-token" class="secret" value=""#;
        let start = html.find(marker).unwrap() + marker.len();
        let secret = &html[start..start + html[start..].find('"').unwrap()];
        assert!(secret.starts_with("ssp_"));
        assert!(html.contains("build &#60;server&#62;") || html.contains("build &lt;server&gt;"), "escaped");
        assert_eq!(me_with(&app, secret).await, StatusCode::OK);
        let listed = list(&app, &kari).await;
        assert_eq!(listed[0]["expires_at"], "2027-01-31T00:00:00Z", "the picked day, from its start (UTC)");

        let page = kari.get(app.url("/settings")).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains(secret), "shown only once");
        let id = listed[0]["id"].as_str().unwrap();
        assert!(page.contains(&format!(r#"id="token-{id}""#)) && page.contains("2027-01-31") && page.contains("2026-11-27"));
        assert!(page.contains(&format!(r#"action="/settings/tokens/{id}/revoke""#)));

        // Someone else's token: a 404 page, and it keeps working.
        let ola = TestApp::client();
        let ola_csrf = app.api_sign_in(&ola, "ola@acme.test").await;
        let olas = create(&app, &ola, &ola_csrf, json!({"name": "ola's"})).await;
        let res = kari.post(app.url(&format!("/settings/tokens/{}/revoke", olas["id"].as_str().unwrap()))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(me_with(&app, olas["token"].as_str().unwrap()).await, StatusCode::OK);

        let res = kari.post(app.url(&format!("/settings/tokens/{id}/revoke"))).form(&[("csrf", "forged")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = kari.post(app.url(&format!("/settings/tokens/{id}/revoke"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()[LOCATION], "/settings?done=token_revoked#tokens-h");
        assert_eq!(me_with(&app, secret).await, StatusCode::UNAUTHORIZED);
        let page = kari.get(app.url("/settings?done=token_revoked")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("The token is revoked.") && page.contains("You have no API tokens."));
    }
}

backend_test! {
    async fn the_token_section_and_the_password_warning_are_in_norwegian_too(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        app.ui_sign_in(&kari, "kari@acme.test").await;
        let page = kari.get(app.url("/settings")).header(ACCEPT_LANGUAGE, "nb").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("API-nøkler") && page.contains("Lag nøkkel"), "{page}");
        assert!(page.contains("alle API-nøklene dine blir trukket tilbake"));
    }
}
