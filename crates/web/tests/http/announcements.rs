//! Visions and announcements addressed to units through the API and the
//! pages, on both backends: `POST /posts` with an audience, the feed's
//! pinned part, `POST /posts/{id}/ack`, `GET /posts/{id}/reach` (a unit
//! under 10 people is `"suppressed": true` with no numbers) and who may
//! read it (403/404), `cascade_of` refused with 422, the reach page.

use reqwest::{Client, StatusCode};
use samspill_testkit::backend_test;
use serde_json::{Value, json};

use crate::helpers::{TestApp, expect_error, hidden_field};

async fn get(app: &TestApp, c: &Client, path: &str) -> Value {
    c.get(app.url(path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

backend_test! {
    async fn an_addressed_announcement_is_pinned_acknowledged_and_its_reach_suppressed(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (lars, kari) = (TestApp::client(), TestApp::client());
        let lcsrf = app.api_sign_in(&lars, "lead@acme.test").await;
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let units = get(&app, &lars, "/api/v1/units").await;
        let data = units["units"].as_array().unwrap().iter().find(|u| u["path"] == "Acme/Data").unwrap()["id"].as_str().unwrap().to_owned();
        let spaces = get(&app, &lars, "/api/v1/spaces").await;
        let space = spaces["spaces"].as_array().unwrap().iter().find(|s| s["kind"] == "unit" && s["unit_id"] == data.as_str()).unwrap()["id"].as_str().unwrap().to_owned();
        let body = json!({"space_id": space, "kind": "announcement", "title": "New direction", "body": "Please read.",
            "audience_unit_ids": [data], "requires_ack": true});

        // Someone who leads nothing may not address units.
        let res = kari.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &kcsrf).json(&body).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        // A cascade of nothing addressed is refused with the field.
        for bad in [json!("not-an-id"), json!(uuid::Uuid::new_v4().to_string())] {
            let mut b = body.clone();
            b["cascade_of"] = bad;
            let res = lars.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &lcsrf).json(&b).send().await.unwrap();
            let err = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
            assert!(err["error"]["fields"]["cascade_of"].is_string(), "{err}");
        }

        let res = lars.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &lcsrf).json(&body).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let post: Value = res.json().await.unwrap();
        let id = post["post"]["id"].as_str().unwrap().to_owned();
        assert_eq!(post["post"]["audience"], json!({"audience_unit_ids": [data], "requires_ack": true, "cascade_of": null}));

        // Kari is addressed: pinned until she acknowledges.
        let feed = get(&app, &kari, "/api/v1/feed").await;
        assert_eq!(feed["pinned"][0]["id"], id.as_str(), "{feed}");
        let res = kari.post(app.url(&format!("/api/v1/posts/{id}/ack"))).header("X-CSRF-Token", &kcsrf).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        let feed = get(&app, &kari, "/api/v1/feed").await;
        assert!(feed["pinned"].as_array().unwrap().is_empty(), "{feed}");

        // Reach: three people in Data, so suppressed; no number anywhere.
        let res = lars.get(app.url(&format!("/api/v1/posts/{id}/reach"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let reach: Value = res.json().await.unwrap();
        assert_eq!(reach["min_group_size"], 10);
        assert_eq!(reach["total"], json!({"suppressed": true}));
        assert_eq!(reach["units"], json!([{"unit_id": data, "path": "Acme/Data", "parent_id": null, "suppressed": true}]));
        // Others who can read the post: 403; unknown: 404.
        let res = kari.get(app.url(&format!("/api/v1/posts/{id}/reach"))).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = lars.get(app.url(&format!("/api/v1/posts/{}/reach", uuid::Uuid::new_v4()))).send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
        let cascade = get(&app, &kari, &format!("/api/v1/posts/{id}/cascade")).await;
        assert_eq!(cascade, json!({"units": [], "follow_ups": []}));

        // The pages: the post links to reach for its author; the reach page
        // says why a unit is not shown.
        let web = TestApp::client();
        app.ui_sign_in(&web, "lead@acme.test").await;
        let page = web.get(app.url(&format!("/posts/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("/posts/{id}/reach")));
        let page = web.get(app.url(&format!("/posts/{id}/reach"))).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let page = page.text().await.unwrap();
        assert!(page.contains("Fewer than 10 people"), "{page}");
        // The composer offers Lars his unit as an audience; posting through
        // the form addresses it.
        let home = web.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(home.contains("name=\"audience_unit_ids\""));
        let csrf = hidden_field(&home, "csrf");
        let res = web.post(app.url("/posts")).form(&[("csrf", csrf.as_str()), ("space_id", space.as_str()), ("kind", "vision"),
            ("title", "Vision"), ("body", "Where we go"), ("audience_unit_ids", data.as_str()), ("requires_ack", "true")]).send().await.unwrap();
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        let feed = get(&app, &kari, "/api/v1/feed").await;
        assert_eq!(feed["pinned"][0]["title"], "Vision", "{feed}");
    }
}
