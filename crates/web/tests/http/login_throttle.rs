//! The sign-in limits per address and client, through the API and the
//! sign-in form. Clients are told apart by the loopback address they
//! connect from, or, behind a trusted proxy, by `X-Forwarded-For`.

use reqwest::header::RETRY_AFTER;
use reqwest::{Client, StatusCode};
use samspill_testkit::backend_test;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, hidden_field};

const WRONG: &str = "not the password";
const ATTACKER: &str = "127.0.0.2";
const OWNER: &str = "127.0.0.3";

/// One API sign-in attempt, optionally with an `X-Forwarded-For` header.
async fn api_attempt(
    app: &TestApp,
    client: &Client,
    email: &str,
    password: &str,
    xff: Option<&str>,
) -> reqwest::Response {
    let mut req = client
        .post(app.url("/api/v1/session"))
        .json(&json!({"email": email, "password": password}));
    if let Some(xff) = xff {
        req = req.header("X-Forwarded-For", xff);
    }
    req.send().await.unwrap()
}

/// One attempt through the sign-in form.
async fn form_attempt(app: &TestApp, client: &Client, email: &str, password: &str) -> StatusCode {
    let page = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden_field(&page, "csrf");
    let form = [
        ("email", email),
        ("password", password),
        ("csrf", &csrf),
        ("next", "/"),
    ];
    client
        .post(app.url("/login"))
        .form(&form)
        .send()
        .await
        .unwrap()
        .status()
}

backend_test! {
    async fn an_attacker_elsewhere_cannot_lock_the_owner_out(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (attacker, owner) = (TestApp::client_from(ATTACKER), TestApp::client_from(OWNER));
        for _ in 0..5 {
            assert_eq!(api_attempt(&app, &attacker, "kari@acme.test", WRONG, None).await.status(), StatusCode::UNAUTHORIZED);
        }
        let res = api_attempt(&app, &attacker, "kari@acme.test", PASSWORD, None).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.headers()[RETRY_AFTER], "900");
        assert_eq!(api_attempt(&app, &owner, "kari@acme.test", PASSWORD, None).await.status(), StatusCode::OK);
        assert_eq!(form_attempt(&app, &TestApp::client_from(OWNER), "kari@acme.test", PASSWORD).await, StatusCode::SEE_OTHER);
        // The form shares the attacker's limit with the API.
        assert_eq!(form_attempt(&app, &attacker, "kari@acme.test", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    }
}

backend_test! {
    async fn the_sign_in_form_locks_out_only_the_client_that_failed(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let attacker = TestApp::client_from(ATTACKER);
        for _ in 0..5 {
            assert_eq!(form_attempt(&app, &attacker, "kari@acme.test", WRONG).await, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(form_attempt(&app, &attacker, "kari@acme.test", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(form_attempt(&app, &TestApp::client_from(OWNER), "kari@acme.test", PASSWORD).await, StatusCode::SEE_OTHER);
    }
}

backend_test! {
    async fn one_client_trying_forty_addresses_is_stopped_at_twenty(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let sprayer = TestApp::client_from(ATTACKER);
        let mut statuses = Vec::new();
        for i in 0..40 {
            // Known and unknown addresses alike.
            let email = match i % 4 {
                0 => "kari@acme.test".to_owned(),
                1 => "ola@acme.test".to_owned(),
                _ => format!("nobody{i}@acme.test"),
            };
            statuses.push(api_attempt(&app, &sprayer, &email, WRONG, None).await.status().as_u16());
        }
        // kari and ola have 5 failures each from the sprayer by then.
        let answered = statuses.iter().take_while(|s| **s == 401).count();
        assert_eq!(answered, 20, "{statuses:?}");
        assert!(statuses[20..].iter().all(|s| *s == 429), "{statuses:?}");
        // Another client is not held back, for the same addresses either.
        assert_eq!(api_attempt(&app, &TestApp::client_from(OWNER), "nobody2@acme.test", WRONG, None).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(api_attempt(&app, &TestApp::client_from(OWNER), "ola@acme.test", PASSWORD, None).await.status(), StatusCode::OK);
    }
}

backend_test! {
    async fn a_success_clears_only_that_clients_failures(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (a, b) = (TestApp::client_from(OWNER), TestApp::client_from(ATTACKER));
        for _ in 0..4 {
            assert_eq!(api_attempt(&app, &a, "kari@acme.test", WRONG, None).await.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(api_attempt(&app, &b, "kari@acme.test", WRONG, None).await.status(), StatusCode::UNAUTHORIZED);
        }
        assert_eq!(api_attempt(&app, &a, "kari@acme.test", PASSWORD, None).await.status(), StatusCode::OK);
        assert_eq!(api_attempt(&app, &b, "kari@acme.test", WRONG, None).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(api_attempt(&app, &b, "kari@acme.test", PASSWORD, None).await.status(), StatusCode::TOO_MANY_REQUESTS);
        for _ in 0..4 {
            assert_eq!(api_attempt(&app, &a, "kari@acme.test", WRONG, None).await.status(), StatusCode::UNAUTHORIZED);
        }
        assert_eq!(api_attempt(&app, &a, "kari@acme.test", PASSWORD, None).await.status(), StatusCode::OK);
    }
}

backend_test! {
    async fn a_forwarded_for_header_from_an_untrusted_peer_is_ignored(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let attacker = TestApp::client_from(ATTACKER);
        // The attacker claims to be the owner's address, then a new one
        // for each try; neither frames the owner nor escapes the limit.
        for i in 0..5 {
            let claimed = if i == 0 { OWNER.to_owned() } else { format!("198.51.100.{i}") };
            assert_eq!(api_attempt(&app, &attacker, "kari@acme.test", WRONG, Some(&claimed)).await.status(), StatusCode::UNAUTHORIZED);
        }
        assert_eq!(api_attempt(&app, &attacker, "kari@acme.test", PASSWORD, Some("198.51.100.99")).await.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(api_attempt(&app, &TestApp::client_from(OWNER), "kari@acme.test", PASSWORD, None).await.status(), StatusCode::OK);
    }
}

backend_test! {
    async fn behind_a_trusted_proxy_the_forwarded_address_is_the_client(t: TestDb) {
        let app = TestApp::spawn_with(t, |c| c.server.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
        // Every request comes through the proxy at 127.0.0.1.
        let proxy = TestApp::client();
        for _ in 0..5 {
            assert_eq!(api_attempt(&app, &proxy, "kari@acme.test", WRONG, Some("203.0.113.9")).await.status(), StatusCode::UNAUTHORIZED);
        }
        // Whatever the attacker writes in front, the proxy appends its address.
        let res = api_attempt(&app, &proxy, "kari@acme.test", PASSWORD, Some("198.51.100.20, 203.0.113.9")).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(api_attempt(&app, &proxy, "kari@acme.test", PASSWORD, Some("198.51.100.20")).await.status(), StatusCode::OK);
        // A peer that is not the proxy is its own client, whatever it forwards.
        let direct = TestApp::client_from(ATTACKER);
        assert_eq!(api_attempt(&app, &direct, "kari@acme.test", PASSWORD, Some("203.0.113.9")).await.status(), StatusCode::OK);
    }
}
