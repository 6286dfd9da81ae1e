//! Units and people through the API.

use reqwest::StatusCode;
use samspill_testkit::backend_test;
use serde_json::Value;

use crate::helpers::{TestApp, expect_error};

backend_test! {
    async fn the_unit_tree_has_leaders_and_member_counts(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        app.api_sign_in(&client, "kari@acme.test").await;
        let body: Value = client.get(app.url("/api/v1/units")).send().await.unwrap().json().await.unwrap();
        let units = body["units"].as_array().unwrap();
        assert_eq!(units.len(), 2);
        let (acme, data) = (&units[0], &units[1]);
        assert_eq!((acme["name"].as_str(), acme["kind"].as_str()), (Some("Acme"), Some("company")));
        assert!(acme["parent_id"].is_null());
        assert_eq!(data["parent_id"], acme["id"]);
        assert_eq!(data["member_count"], 3);
        assert_eq!(data["leaders"].as_array().unwrap().len(), 1);
    }
}

backend_test! {
    async fn a_unit_pages_its_members_by_cursor(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        app.api_sign_in(&client, "kari@acme.test").await;
        let units: Value = client.get(app.url("/api/v1/units")).send().await.unwrap().json().await.unwrap();
        let data_id = units["units"][1]["id"].as_str().unwrap().to_owned();
        let mut names = Vec::new();
        let mut url = app.url(&format!("/api/v1/units/{data_id}?limit=2"));
        loop {
            let page: Value = client.get(&url).send().await.unwrap().json().await.unwrap();
            assert_eq!(page["unit"]["name"], "Data");
            assert_eq!(page["leaders"][0]["handle"], "lars");
            assert_eq!(page["ancestors"][0]["name"], "Acme");
            names.extend(page["members"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_owned()));
            match page["next_cursor"].as_str() {
                Some(c) => url = app.url(&format!("/api/v1/units/{data_id}?limit=2&cursor={c}")),
                None => break,
            }
        }
        assert_eq!(names, ["Kari Nordmann", "Lars Lund", "Ola Hansen"]);

        let res = client.get(app.url(&format!("/api/v1/units/{data_id}?limit=101"))).send().await.unwrap();
        let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(body["error"]["fields"]["limit"].is_string());
        let res = client.get(app.url(&format!("/api/v1/units/{data_id}?cursor=garbage"))).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let unknown = client.get(app.url(&format!("/api/v1/units/{}", uuid::Uuid::now_v7()))).send().await.unwrap();
        let unknown = expect_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
        let malformed = client.get(app.url("/api/v1/units/not-an-id")).send().await.unwrap();
        assert_eq!(expect_error(malformed, StatusCode::NOT_FOUND, "not_found").await, unknown);
    }
}

backend_test! {
    async fn the_directory_searches_name_title_and_unit_and_profiles_load_by_handle(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        app.api_sign_in(&client, "kari@acme.test").await;
        let search = |q: &str| {
            let (c, url) = (client.clone(), app.url(&format!("/api/v1/people?q={q}")));
            async move {
                let body: Value = c.get(url).send().await.unwrap().json().await.unwrap();
                body["people"].as_array().unwrap().iter().map(|p| p["handle"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
            }
        };
        assert_eq!(search("nordmann").await, ["kari"]);
        assert_eq!(search("analyst").await, ["ola"]);
        assert_eq!(search("data").await, ["kari", "lars", "ola"], "unit name matches");
        assert_eq!(search("CEO").await, ["cecilie"]);
        assert!(search("zzz").await.is_empty());

        let body: Value = client.get(app.url("/api/v1/people/LARS")).send().await.unwrap().json().await.unwrap();
        assert_eq!(body["person"]["name"], "Lars Lund");
        assert_eq!(body["person"]["roles"][1], "leader");
        let res = client.get(app.url("/api/v1/people/nobody")).send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
        let res = TestApp::client().get(app.url("/api/v1/people")).send().await.unwrap();
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
}
