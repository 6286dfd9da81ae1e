//! Spaces, posts, comments, reactions, the feed, notifications and search
//! through the API, on both backends.

use reqwest::StatusCode;
use samspill_testkit::backend_test;
use serde_json::{Value, json};

use crate::helpers::{TestApp, expect_error};

backend_test! {
    async fn a_post_is_written_read_commented_reacted_to_and_found(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let ola = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let ocsrf = app.api_sign_in(&ola, "ola@acme.test").await;
        let spaces: Value = kari.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        let org = spaces["spaces"].as_array().unwrap().iter().find(|s| s["kind"] == "org").unwrap()["id"].as_str().unwrap().to_owned();

        let res = kari.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"space_id": org, "kind": "question", "title": "Which pipeline?", "body": "Asking @ola about <script>alert(1)</script> #deploy"}))
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let post: Value = res.json().await.unwrap();
        let id = post["post"]["id"].as_str().unwrap().to_owned();
        let html = post["post"]["body_html"].as_str().unwrap();
        assert!(!html.contains("<script") && html.contains(r#"href="/people/ola""#), "{html}");
        assert_eq!(post["post"]["author"]["handle"], "kari");
        assert_eq!(post["post"]["topics"], json!(["deploy"]));

        let res = ola.post(app.url(&format!("/api/v1/posts/{id}/comments"))).header("X-CSRF-Token", &ocsrf)
            .json(&json!({"body": "The new one"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let comment: Value = res.json().await.unwrap();
        let cid = comment["comment"]["id"].as_str().unwrap().to_owned();
        let res = ola.put(app.url(&format!("/api/v1/posts/{id}/reactions/insightful"))).header("X-CSRF-Token", &ocsrf).send().await.unwrap();
        let reacted: Value = res.json().await.unwrap();
        assert_eq!(reacted["post"]["reactions"]["insightful"], 1);
        let res = kari.post(app.url(&format!("/api/v1/posts/{id}/accept"))).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"comment_id": cid})).send().await.unwrap();
        let accepted: Value = res.json().await.unwrap();
        assert_eq!(accepted["post"]["accepted_comment_id"], cid.as_str());

        let feed: Value = ola.get(app.url("/api/v1/feed")).send().await.unwrap().json().await.unwrap();
        assert_eq!(feed["posts"][0]["id"], id.as_str());
        let notes: Value = ola.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
        assert_eq!(notes["unread"], 2, "{notes}");
        let found: Value = ola.get(app.url("/api/v1/search?q=pipeline")).send().await.unwrap().json().await.unwrap();
        assert_eq!(found["results"][0]["type"], "post");
        assert_eq!(found["results"][0]["id"], id.as_str());
        assert!(found["results"][0]["snippet"].as_str().unwrap().contains("<mark>"));
        let res = ola.get(app.url("/api/v1/search?q=x&type=bogus")).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let res = ola.get(app.url("/api/v1/feed?limit=101")).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;

        let res = ola.delete(app.url(&format!("/api/v1/posts/{id}"))).header("X-CSRF-Token", &ocsrf).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = kari.delete(app.url(&format!("/api/v1/posts/{id}"))).header("X-CSRF-Token", &kcsrf).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        let res = ola.get(app.url(&format!("/api/v1/posts/{id}"))).send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
}

backend_test! {
    async fn a_secret_space_answers_404_like_one_that_does_not_exist(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let ola = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        app.api_sign_in(&ola, "ola@acme.test").await;
        let res = kari.post(app.url("/api/v1/spaces")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"name": "Reorg", "visibility": "secret"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let space: Value = res.json().await.unwrap();
        let sid = space["space"]["id"].as_str().unwrap();
        let hidden = expect_error(ola.get(app.url(&format!("/api/v1/spaces/{sid}"))).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
        let unknown = expect_error(ola.get(app.url(&format!("/api/v1/spaces/{}", uuid::Uuid::now_v7()))).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
        assert_eq!(hidden, unknown);
        let listed: Value = ola.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        assert!(!listed.to_string().contains("Reorg"));
    }
}

backend_test! {
    async fn marking_notifications_read_takes_at_most_a_hundred_ids(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let ola = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let ocsrf = app.api_sign_in(&ola, "ola@acme.test").await;
        let spaces: Value = kari.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        let org = spaces["spaces"].as_array().unwrap().iter().find(|s| s["kind"] == "org").unwrap()["id"].as_str().unwrap().to_owned();
        let res = kari.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"space_id": org, "kind": "discussion", "body": "Hello @ola"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let notes: Value = ola.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
        let mine = notes["notifications"][0]["id"].as_str().unwrap().to_owned();
        let unread = |c: reqwest::Client| {
            let url = app.url("/api/v1/notifications");
            async move { c.get(url).send().await.unwrap().json::<Value>().await.unwrap()["unread"].clone() }
        };
        assert_eq!(unread(ola.clone()).await, 1);

        // 101 ids: refused with the field named, and nothing is marked.
        let mut ids: Vec<String> = (0..100).map(|_| uuid::Uuid::now_v7().to_string()).collect();
        ids.push(mine.clone());
        let res = ola.post(app.url("/api/v1/notifications/read")).header("X-CSRF-Token", &ocsrf)
            .json(&json!({"ids": ids})).send().await.unwrap();
        let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(body["error"]["fields"]["ids"].as_str().unwrap().contains("100"), "{body}");
        assert_eq!(unread(ola.clone()).await, 1);

        // 100 are taken.
        ids.remove(0);
        let res = ola.post(app.url("/api/v1/notifications/read")).header("X-CSRF-Token", &ocsrf)
            .json(&json!({"ids": ids})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(unread(ola.clone()).await, 0);
    }
}
