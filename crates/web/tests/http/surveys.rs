//! Pulse surveys through the API and the pages, on both backends: the run
//! from draft to results with the 403/404/409/422 bodies, and an employee
//! answering from the home page's banner while the leader reads results.

use reqwest::{Client, StatusCode};
use samspill_testkit::backend_test;
use serde_json::{Value, json};

use crate::helpers::{TestApp, expect_error, hidden_field};

async fn unit_id(app: &TestApp, c: &Client, path: &str) -> String {
    let units: Value = c
        .get(app.url("/api/v1/units"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    units["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["path"] == path)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn body(unit: &str, k: i64) -> Value {
    json!({"title": "Pulse", "questions": [
            {"kind": "scale", "text": "I know what is expected of me"},
            {"kind": "enps", "text": "Would you recommend us?"},
            {"kind": "text", "text": "Anything else?"}],
        "audience_unit_ids": [unit], "closes_at": "2026-12-01T10:00:00Z", "min_group_size": k})
}

backend_test! {
    async fn a_survey_runs_through_the_api_with_reasons_for_every_refusal(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (lars, kari, ola, cecilie) = (TestApp::client(), TestApp::client(), TestApp::client(), TestApp::client());
        let lcsrf = app.api_sign_in(&lars, "lead@acme.test").await;
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let ocsrf = app.api_sign_in(&ola, "ola@acme.test").await;
        app.api_sign_in(&cecilie, "ceo@acme.test").await;
        let data = unit_id(&app, &lars, "Acme/Data").await;

        let res = kari.post(app.url("/api/v1/surveys")).header("X-CSRF-Token", &kcsrf).json(&body(&data, 3)).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = lars.post(app.url("/api/v1/surveys")).header("X-CSRF-Token", &lcsrf).json(&body(&data, 2)).send().await.unwrap();
        let err = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(err["error"]["fields"]["min_group_size"].is_string(), "{err}");
        let res = lars.post(app.url("/api/v1/surveys")).header("X-CSRF-Token", &lcsrf).json(&body(&data, 3)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let s: Value = res.json().await.unwrap();
        let id = s["survey"]["id"].as_str().unwrap().to_owned();
        assert_eq!(s["survey"]["phase"], "draft");
        assert_eq!(s["survey"]["min_group_size"], 3);
        assert_eq!(s["survey"]["questions"][1]["kind"], "enps");

        let url = |p: &str| app.url(&format!("/api/v1/surveys/{id}{p}"));
        let res = kari.get(url("")).send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
        let res = lars.post(url("/phase")).header("X-CSRF-Token", &lcsrf).json(&json!({"phase": "closed"})).send().await.unwrap();
        expect_error(res, StatusCode::CONFLICT, "phase_skipped").await;
        let res = lars.post(url("/phase")).header("X-CSRF-Token", &lcsrf).json(&json!({"phase": "open"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);

        let good = json!({"answers": [4, 9, "Fine"]});
        let res = cecilie.post(url("/responses")).json(&good).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "no CSRF token");
        let ccsrf = app.api_sign_in(&cecilie, "ceo@acme.test").await;
        let res = cecilie.post(url("/responses")).header("X-CSRF-Token", &ccsrf).json(&good).send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
        let res = kari.post(url("/responses")).header("X-CSRF-Token", &kcsrf).json(&json!({"answers": [6, 9.5, 3]})).send().await.unwrap();
        let err = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        for f in ["answers[0]", "answers[1]", "answers[2]"] {
            assert!(err["error"]["fields"][f].is_string(), "{f}: {err}");
        }
        let res = kari.post(url("/responses")).header("X-CSRF-Token", &kcsrf).json(&good).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let s: Value = res.json().await.unwrap();
        assert_eq!((s["survey"]["answered"].as_bool(), s["survey"]["can_answer"].as_bool()), (Some(true), Some(false)));
        let res = kari.post(url("/responses")).header("X-CSRF-Token", &kcsrf).json(&good).send().await.unwrap();
        expect_error(res, StatusCode::CONFLICT, "already_answered").await;
        let res = ola.post(url("/responses")).header("X-CSRF-Token", &ocsrf).json(&json!({"answers": [2, 3, null]})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);

        let res = lars.get(url("/results?by=unit")).send().await.unwrap();
        expect_error(res, StatusCode::CONFLICT, "not_closed").await;
        let res = lars.post(url("/phase")).header("X-CSRF-Token", &lcsrf).json(&json!({"phase": "closed"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let res = kari.post(url("/responses")).header("X-CSRF-Token", &kcsrf).json(&good).send().await.unwrap();
        expect_error(res, StatusCode::CONFLICT, "not_open").await;
        let res = kari.get(url("/results?by=unit")).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = lars.get(url("/results?by=person")).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        // Two of three answered, k = 3: nothing is shown, not even the total.
        let r: Value = lars.get(url("/results?by=unit")).send().await.unwrap().json().await.unwrap();
        assert_eq!(r["results"]["total"], json!({"suppressed": true}), "{r}");
        assert_eq!(r["results"]["units"][0], json!({"unit_id": data, "unit_name": "Data", "suppressed": true}));
        assert_eq!(r["results"]["comments"][0]["suppressed"], true);
        assert_eq!(r["results"]["comments"][0]["texts"], json!([]));

        let list: Value = kari.get(app.url("/api/v1/surveys")).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["surveys"][0]["id"], id.as_str());
        assert_eq!(list["surveys"][0]["phase"], "closed");
    }
}

backend_test! {
    async fn an_employee_answers_from_the_banner_and_the_leader_reads_results(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (lars, kari, ola) = (TestApp::client(), TestApp::client(), TestApp::client());
        let lcsrf = app.api_sign_in(&lars, "lead@acme.test").await;
        let ocsrf = app.api_sign_in(&ola, "ola@acme.test").await;
        app.ui_sign_in(&kari, "kari@acme.test").await;
        let data = unit_id(&app, &lars, "Acme/Data").await;
        let s: Value = lars.post(app.url("/api/v1/surveys")).header("X-CSRF-Token", &lcsrf).json(&body(&data, 3)).send().await.unwrap().json().await.unwrap();
        let id = s["survey"]["id"].as_str().unwrap().to_owned();
        let home = kari.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(!home.contains("survey-banner"), "a draft asks nobody");
        lars.post(app.url(&format!("/api/v1/surveys/{id}/phase"))).header("X-CSRF-Token", &lcsrf).json(&json!({"phase": "open"})).send().await.unwrap();
        let home = kari.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(home.contains("survey-banner") && home.contains(&format!("/surveys/{id}")), "{home}");
        let notes = kari.get(app.url("/notifications")).send().await.unwrap().text().await.unwrap();
        assert!(notes.contains(&format!("/surveys/{id}")), "{notes}");

        let page = kari.get(app.url(&format!("/surveys/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"answer-form\""), "{page}");
        let csrf = hidden_field(&page, "csrf");
        let res = kari.post(app.url(&format!("/surveys/{id}/responses"))).form(&[("q0", "4"), ("q1", "10"), ("q2", "Great place"), ("csrf", &csrf)]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "redirected back");
        let page = kari.get(app.url(&format!("/surveys/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"answered\"") && !page.contains("answer-form"), "{page}");
        let home = kari.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(!home.contains("survey-banner"), "answered: no banner");
        for (c, csrf, a) in [(&ola, &ocsrf, json!([3, 6, "Fine"])), (&lars, &lcsrf, json!([5, 9, "Proud"]))] {
            let res = c.post(app.url(&format!("/api/v1/surveys/{id}/responses"))).header("X-CSRF-Token", csrf).json(&json!({"answers": a})).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::CREATED);
        }
        lars.post(app.url(&format!("/api/v1/surveys/{id}/phase"))).header("X-CSRF-Token", &lcsrf).json(&json!({"phase": "closed"})).send().await.unwrap();
        let r: Value = lars.get(app.url(&format!("/api/v1/surveys/{id}/results"))).send().await.unwrap().json().await.unwrap();
        let total = &r["results"]["total"];
        assert_eq!((total["responses"].as_u64(), total["population"].as_u64()), (Some(3), Some(3)), "{r}");
        assert_eq!(total["questions"][0]["distribution"], json!([0, 0, 1, 1, 1]));
        assert_eq!(total["questions"][1]["enps"], 33);
        let unit = &r["results"]["units"][0];
        assert_eq!(unit["responses"], 3);
        let mut texts: Vec<String> = serde_json::from_value(r["results"]["comments"][0]["texts"].clone()).unwrap();
        texts.sort();
        assert_eq!(texts, ["Fine", "Great place", "Proud"]);
        let html = lars.get(app.url(&format!("/surveys/{id}/results"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("<svg class=\"bars\"") && html.contains("<figcaption"), "{html}");
        assert!(html.contains("Great place"));
    }
}
