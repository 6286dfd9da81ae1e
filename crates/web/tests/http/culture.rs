//! Values, praise and the code of conduct through the API and the pages,
//! on both backends.

use reqwest::StatusCode;
use samspill_testkit::backend_test;
use serde_json::{Value, json};

use crate::helpers::{TestApp, expect_error, hidden_field};

async fn data_space(app: &TestApp, client: &reqwest::Client) -> String {
    let spaces: Value = client
        .get(app.url("/api/v1/spaces"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    spaces["spaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Data")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn person_id(app: &TestApp, client: &reqwest::Client, handle: &str) -> String {
    let p: Value = client
        .get(app.url(&format!("/api/v1/people/{handle}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    p["person"]["id"].as_str().unwrap().to_owned()
}

backend_test! {
    async fn values_are_read_by_everyone_and_managed_by_admins(t: TestDb) {
        let app = TestApp::spawn(t).await;
        app.add_admin("admin@acme.test", "Ada Admin").await;
        let kari = TestApp::client();
        let admin = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let acsrf = app.api_sign_in(&admin, "admin@acme.test").await;
        let list: Value = kari.get(app.url("/api/v1/values")).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["values"].as_array().unwrap().len(), 4);
        assert_eq!(list["values"][0]["name"], "Openness");
        let body = json!({"name": "Curiosity", "description": "We ask.", "icon": "lightbulb"});
        let res = kari.post(app.url("/api/v1/values")).header("X-CSRF-Token", &kcsrf).json(&body).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = admin.post(app.url("/api/v1/values")).header("X-CSRF-Token", &acsrf).json(&body).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let v: Value = res.json().await.unwrap();
        assert_eq!((v["value"]["icon"].as_str(), v["value"]["archived"].as_bool()), (Some("lightbulb"), Some(false)));
        let id = v["value"]["id"].as_str().unwrap().to_owned();
        let res = admin.post(app.url("/api/v1/values")).header("X-CSRF-Token", &acsrf).json(&json!({"name": "curiosity", "icon": "skull"})).send().await.unwrap();
        let e = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(e["error"]["fields"]["icon"].is_string(), "{e}");
        let res = admin.patch(app.url(&format!("/api/v1/values/{id}"))).header("X-CSRF-Token", &acsrf).json(&json!({"archived": true})).send().await.unwrap();
        assert_eq!(res.json::<Value>().await.unwrap()["value"]["archived"], true);
        let res = kari.patch(app.url(&format!("/api/v1/values/{id}"))).header("X-CSRF-Token", &kcsrf).json(&json!({"archived": false})).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let all: Value = kari.get(app.url("/api/v1/values?include_archived=true")).send().await.unwrap().json().await.unwrap();
        assert_eq!(all["values"].as_array().unwrap().len(), 5);
        // The pages: everyone reads /values, only admins manage.
        let ui = TestApp::client();
        app.ui_sign_in(&ui, "kari@acme.test").await;
        let res = ui.get(app.url("/admin/values")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let ui_admin = TestApp::client();
        app.ui_sign_in(&ui_admin, "admin@acme.test").await;
        let page = ui_admin.get(app.url("/admin/values")).send().await.unwrap().text().await.unwrap();
        let csrf = hidden_field(&page, "csrf");
        let res = ui_admin.post(app.url("/admin/values")).form(&[("csrf", csrf.as_str()), ("name", "Mot"), ("description", "Vi sier ifra."), ("icon", "compass")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let res = ui_admin.post(app.url(&format!("/admin/values/{id}"))).form(&[("csrf", csrf.as_str()), ("name", "Curiosity"), ("description", ""), ("icon", "star"), ("action", "restore")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let list: Value = kari.get(app.url("/api/v1/values")).send().await.unwrap().json().await.unwrap();
        let names: Vec<&str> = list["values"].as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Openness", "Collaboration", "Courage", "Care", "Curiosity", "Mot"]);
    }
}

backend_test! {
    async fn praise_carries_recipients_and_value_and_shows_on_the_values_page_and_profile(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let ola = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        app.api_sign_in(&ola, "ola@acme.test").await;
        let space = data_space(&app, &kari).await;
        let ola_id = person_id(&app, &kari, "ola").await;
        let values: Value = kari.get(app.url("/api/v1/values")).send().await.unwrap().json().await.unwrap();
        let care = values["values"][3]["id"].as_str().unwrap().to_owned();
        let res = kari.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"space_id": space, "kind": "praise", "body": "Ola saved the demo", "recipient_ids": [ola_id], "value_id": care}))
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let post: Value = res.json().await.unwrap();
        assert_eq!(post["post"]["recipient_ids"], json!([ola_id]));
        assert_eq!(post["post"]["value_id"], care.as_str());
        assert_eq!(post["post"]["praise"]["value_name"], "Care");
        assert_eq!(post["post"]["praise"]["recipients"][0]["handle"], "ola");
        let pid = post["post"]["id"].as_str().unwrap().to_owned();
        let read: Value = ola.get(app.url(&format!("/api/v1/posts/{pid}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(read["post"]["value_id"], care.as_str());
        let notes: Value = ola.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
        assert_eq!(notes["notifications"][0]["kind"], "praise");
        for (body, field) in [
            (json!({"space_id": space, "kind": "praise", "body": "x", "value_id": care}), "recipient_ids"),
            (json!({"space_id": space, "kind": "praise", "body": "x", "recipient_ids": [ola_id]}), "value_id"),
            (json!({"space_id": space, "kind": "praise", "body": "x", "recipient_ids": ["nobody"], "value_id": care}), "recipient_ids"),
            (json!({"space_id": space, "kind": "discussion", "body": "x", "value_id": care}), "value_id"),
        ] {
            let res = kari.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &kcsrf).json(&body).send().await.unwrap();
            let e = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
            assert!(e["error"]["fields"][field].is_string(), "{e}");
        }
        let r: Value = ola.get(app.url("/api/v1/values/recognition?months=3")).send().await.unwrap().json().await.unwrap();
        assert_eq!(r["months"], json!(["2026-09", "2026-10", "2026-11"]));
        let care_row = r["values"].as_array().unwrap().iter().find(|v| v["value"]["id"] == care.as_str()).unwrap();
        assert_eq!((care_row["counts"].clone(), care_row["total"].clone()), (json!([0, 0, 1]), json!(1)));
        assert_eq!(r["recent"][0]["id"], pid.as_str());
        let res = ola.get(app.url("/api/v1/values/recognition?months=30")).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let got: Value = kari.get(app.url("/api/v1/people/ola/praise")).send().await.unwrap().json().await.unwrap();
        assert_eq!(got["posts"][0]["id"], pid.as_str());
        let of_value: Value = kari.get(app.url(&format!("/api/v1/values/{care}/praise"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(of_value["posts"].as_array().unwrap().len(), 1);
        // The pages.
        let ui = TestApp::client();
        app.ui_sign_in(&ui, "kari@acme.test").await;
        let page = ui.get(app.url("/values")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<svg") && page.contains("role=\"img\"") && page.contains("<table>"), "a chart and its table");
        assert!(page.contains("Ola saved the demo"));
        let profile = ui.get(app.url("/people/ola")).send().await.unwrap().text().await.unwrap();
        assert!(profile.contains("Praise received") && profile.contains("Ola saved the demo"));
        let form = ui.get(app.url("/praise/new")).send().await.unwrap().text().await.unwrap();
        let csrf = hidden_field(&form, "csrf");
        let res = ui.post(app.url("/posts")).form(&[("csrf", csrf.as_str()), ("space_id", space.as_str()), ("kind", "praise"), ("recipients", "@ola, @lars"), ("value_id", care.as_str()), ("body", "Thanks both")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let res = ui.post(app.url("/posts")).form(&[("csrf", csrf.as_str()), ("space_id", space.as_str()), ("kind", "praise"), ("recipients", "@nobody"), ("value_id", care.as_str()), ("body", "Thanks")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("@nobody"));
        let fields = ui.get(app.url("/praise/fields?kind=praise")).send().await.unwrap().text().await.unwrap();
        assert!(fields.contains("name=\"recipients\"") && fields.contains("name=\"value_id\""));
        assert!(ui.get(app.url("/praise/fields?kind=poll")).send().await.unwrap().text().await.unwrap().is_empty());
    }
}

backend_test! {
    async fn a_new_version_stops_posting_with_403_until_accepted_and_shows_what_changed(t: TestDb) {
        let app = TestApp::spawn(t).await;
        app.add_admin("admin@acme.test", "Ada Admin").await;
        let kari = TestApp::client();
        let admin = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let acsrf = app.api_sign_in(&admin, "admin@acme.test").await;
        let space = data_space(&app, &kari).await;
        let g: Value = kari.get(app.url("/api/v1/guidelines/current")).send().await.unwrap().json().await.unwrap();
        assert_eq!((g["guidelines"]["version"].clone(), g["guidelines"]["accepted"].clone()), (json!(1), json!(true)));
        let mut rules: Vec<Value> = g["guidelines"]["rules"].as_array().unwrap().iter().map(|r| json!({
            "rule_id": r["rule_id"], "title_en": r["title"]["en"], "title_nb": r["title"]["nb"], "body_en": r["body"]["en"], "body_nb": r["body"]["nb"],
        })).collect();
        rules.push(json!({"title_en": "Give credit", "title_nb": "Gi æren", "body_en": "Name them.", "body_nb": "Nevn dem."}));
        let res = kari.post(app.url("/api/v1/guidelines/versions")).header("X-CSRF-Token", &kcsrf).json(&json!({"rules": rules})).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = admin.post(app.url("/api/v1/guidelines/versions")).header("X-CSRF-Token", &acsrf).json(&json!({"rules": []})).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let res = admin.post(app.url("/api/v1/guidelines/versions")).header("X-CSRF-Token", &acsrf).json(&json!({"rules": rules})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let post = json!({"space_id": space, "kind": "discussion", "body": "Hello"});
        let res = kari.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &kcsrf).json(&post).send().await.unwrap();
        let e = expect_error(res, StatusCode::FORBIDDEN, "guidelines_not_accepted").await;
        assert!(e["error"]["message"].as_str().unwrap().contains("/guidelines"), "{e}");
        let g: Value = kari.get(app.url("/api/v1/guidelines/current")).send().await.unwrap().json().await.unwrap();
        assert_eq!((g["guidelines"]["version"].clone(), g["guidelines"]["accepted"].clone(), g["guidelines"]["accepted_version"].clone()), (json!(2), json!(false), json!(1)));
        assert_eq!(g["guidelines"]["changes"], json!([{"change": "added", "rule": g["guidelines"]["rules"][5]}]));
        let v1: Value = kari.get(app.url("/api/v1/guidelines/versions/1")).send().await.unwrap().json().await.unwrap();
        assert_eq!(v1["version"]["rules"].as_array().unwrap().len(), 5);
        let res = kari.post(app.url("/api/v1/guidelines/accept")).header("X-CSRF-Token", &kcsrf).json(&json!({"version": 1})).send().await.unwrap();
        expect_error(res, StatusCode::CONFLICT, "not_current_version").await;
        // The pages send a writer to the code of conduct and accept it there.
        let ui = TestApp::client();
        app.ui_sign_in(&ui, "kari@acme.test").await;
        let home = ui.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(home.contains("href=\"/guidelines\""), "the banner");
        let csrf = hidden_field(&home, "csrf");
        let res = ui.post(app.url("/posts")).form(&[("csrf", csrf.as_str()), ("space_id", space.as_str()), ("kind", "discussion"), ("body", "Hi")]).send().await.unwrap();
        assert_eq!((res.status(), res.headers()["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, "/guidelines"));
        let page = ui.get(app.url("/guidelines")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Give credit") && page.contains("changed since version 1"));
        let res = ui.post(app.url("/guidelines/accept")).form(&[("csrf", csrf.as_str()), ("version", "2")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let res = kari.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &kcsrf).json(&post).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let pid = res.json::<Value>().await.unwrap()["post"]["id"].as_str().unwrap().to_owned();
        // Rules to cite for the post: the code's six.
        let cited: Value = kari.get(app.url(&format!("/api/v1/guidelines/rules?post_id={pid}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(cited["rules"].as_array().unwrap().len(), 6);
        assert!(cited["rules"].as_array().unwrap().iter().all(|r| r["space_id"].is_null()));
        let ui_admin = TestApp::client();
        app.ui_sign_in(&ui_admin, "admin@acme.test").await;
        let form = ui_admin.get(app.url("/admin/guidelines")).send().await.unwrap().text().await.unwrap();
        assert!(form.contains("Give credit") && form.contains("Publish version 3"), "prefilled");
    }
}

backend_test! {
    async fn space_owners_manage_their_rules_and_they_are_cited_with_the_code(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let ola = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let ocsrf = app.api_sign_in(&ola, "ola@acme.test").await;
        let res = kari.post(app.url("/api/v1/spaces")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"name": "Guild", "description": "", "visibility": "open"})).send().await.unwrap();
        let sid = res.json::<Value>().await.unwrap()["space"]["id"].as_str().unwrap().to_owned();
        let rule = json!({"title": "No sales", "body": "Elsewhere."});
        let res = ola.post(app.url(&format!("/api/v1/spaces/{sid}/rules"))).header("X-CSRF-Token", &ocsrf).json(&rule).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = kari.post(app.url(&format!("/api/v1/spaces/{sid}/rules"))).header("X-CSRF-Token", &kcsrf).json(&rule).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let rid = res.json::<Value>().await.unwrap()["rule"]["rule_id"].as_str().unwrap().to_owned();
        let res = kari.put(app.url(&format!("/api/v1/spaces/{sid}/rules/{rid}"))).header("X-CSRF-Token", &kcsrf).json(&json!({"title": "No selling", "body": ""})).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let list: Value = ola.get(app.url(&format!("/api/v1/spaces/{sid}/rules"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["rules"][0]["title"], "No sales");
        let cited: Value = ola.get(app.url(&format!("/api/v1/guidelines/rules?space_id={sid}"))).send().await.unwrap().json().await.unwrap();
        let cited = cited["rules"].as_array().unwrap();
        assert_eq!((cited.len(), cited[5]["rule_id"].as_str()), (6, Some(rid.as_str())));
        let page = kari.get(app.url(&format!("/spaces/{sid}/rules"))).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let res = kari.delete(app.url(&format!("/api/v1/spaces/{sid}/rules/{rid}"))).header("X-CSRF-Token", &kcsrf).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        let list: Value = ola.get(app.url(&format!("/api/v1/spaces/{sid}/rules"))).send().await.unwrap().json().await.unwrap();
        assert!(list["rules"].as_array().unwrap().is_empty());
    }
}
