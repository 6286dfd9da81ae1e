//! Consultations through the API and the pages, on both backends: the
//! whole run from draft to report, and the 404/403/409/422 bodies.

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

fn body(unit: &str) -> Value {
    json!({"title": "Offsite?", "body": "Where *shall* we go?", "decided": "One offsite.",
        "open_for_input": "Where.", "out_of_scope": "Budget.", "decided_by": "Lars",
        "decision_rule": "Lars decides.", "input_closes_at": "2026-12-01T10:00:00Z",
        "decision_due_at": "2026-12-08T10:00:00Z", "audience_unit_ids": [unit], "visible_to": "audience"})
}

backend_test! {
    async fn a_consultation_runs_through_the_api_with_reasons_for_every_refusal(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (lars, kari) = (TestApp::client(), TestApp::client());
        let lcsrf = app.api_sign_in(&lars, "lead@acme.test").await;
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let data = unit_id(&app, &lars, "Acme/Data").await;

        let res = kari.post(app.url("/api/v1/consultations")).header("X-CSRF-Token", &kcsrf).json(&body(&data)).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let mut bad = body(&data);
        bad["input_closes_at"] = json!("yesterday");
        let res = lars.post(app.url("/api/v1/consultations")).header("X-CSRF-Token", &lcsrf).json(&bad).send().await.unwrap();
        let err = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(err["error"]["fields"]["input_closes_at"].is_string(), "{err}");

        let res = lars.post(app.url("/api/v1/consultations")).header("X-CSRF-Token", &lcsrf).json(&body(&data)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let c: Value = res.json().await.unwrap();
        let id = c["consultation"]["id"].as_str().unwrap().to_owned();
        assert_eq!(c["consultation"]["phase"], "draft");
        assert_eq!(c["consultation"]["scope"]["decided_by"], "Lars");
        assert_eq!(c["consultation"]["overdue"], false);

        let res = kari.get(app.url(&format!("/api/v1/consultations/{id}"))).send().await.unwrap();
        let not_found = expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
        let res = kari.get(app.url(&format!("/api/v1/consultations/{}", uuid::Uuid::now_v7()))).send().await.unwrap();
        assert_eq!(expect_error(res, StatusCode::NOT_FOUND, "not_found").await, not_found, "a draft looks unknown");

        let phase = |to: &'static str| json!({"phase": to});
        let res = lars.post(app.url(&format!("/api/v1/consultations/{id}/phase"))).header("X-CSRF-Token", &lcsrf).json(&phase("decided")).send().await.unwrap();
        expect_error(res, StatusCode::CONFLICT, "phase_skipped").await;
        let res = lars.post(app.url(&format!("/api/v1/consultations/{id}/phase"))).header("X-CSRF-Token", &lcsrf).json(&phase("open")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);

        let res = kari.post(app.url(&format!("/api/v1/consultations/{id}/ideas"))).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"title": "Fjord cabin", "body": "<script>x</script>hiking"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let idea: Value = res.json().await.unwrap();
        let iid = idea["idea"]["id"].as_str().unwrap().to_owned();
        assert!(!idea["idea"]["body_html"].as_str().unwrap().contains("<script"));
        for _ in 0..2 {
            let res = kari.put(app.url(&format!("/api/v1/ideas/{iid}/vote"))).header("X-CSRF-Token", &kcsrf).send().await.unwrap();
            let v: Value = res.json().await.unwrap();
            assert_eq!((v["idea"]["votes"].as_i64(), v["idea"]["my_vote"].as_bool()), (Some(1), Some(true)));
        }
        let res = kari.post(app.url(&format!("/api/v1/ideas/{iid}/comments"))).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"body": "With a sauna"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let res = kari.delete(app.url(&format!("/api/v1/ideas/{iid}/vote"))).header("X-CSRF-Token", &kcsrf).send().await.unwrap();
        let v: Value = res.json().await.unwrap();
        assert_eq!((v["idea"]["votes"].as_i64(), v["idea"]["comments"][0]["body"].as_str()), (Some(0), Some("With a sauna")));
        let res = kari.put(app.url(&format!("/api/v1/ideas/{iid}/vote"))).header("X-CSRF-Token", &kcsrf).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let res = kari.post(app.url(&format!("/api/v1/ideas/{iid}/status"))).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"status": "accepted"})).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = lars.post(app.url(&format!("/api/v1/ideas/{iid}/status"))).header("X-CSRF-Token", &lcsrf)
            .json(&json!({"status": "parked", "explanation": "no"})).send().await.unwrap();
        let err = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(err["error"]["fields"]["explanation"].is_string(), "{err}");
        let res = lars.post(app.url(&format!("/api/v1/ideas/{iid}/status"))).header("X-CSRF-Token", &lcsrf)
            .json(&json!({"status": "accepted"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);

        for to in ["reviewing", "decided"] {
            let res = lars.post(app.url(&format!("/api/v1/consultations/{id}/phase"))).header("X-CSRF-Token", &lcsrf).json(&phase(to)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{to}");
        }
        let res = kari.put(app.url(&format!("/api/v1/ideas/{iid}/vote"))).header("X-CSRF-Token", &kcsrf).send().await.unwrap();
        expect_error(res, StatusCode::CONFLICT, "not_open").await;
        let res = lars.post(app.url(&format!("/api/v1/consultations/{id}/phase"))).header("X-CSRF-Token", &lcsrf).json(&phase("closed")).send().await.unwrap();
        expect_error(res, StatusCode::CONFLICT, "report_missing").await;
        let res = lars.post(app.url(&format!("/api/v1/consultations/{id}/report"))).header("X-CSRF-Token", &lcsrf)
            .json(&json!({"body": "Thanks!", "outcomes": [{"idea_id": iid, "outcome": "Booked for May."}]})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let res = lars.post(app.url(&format!("/api/v1/consultations/{id}/phase"))).header("X-CSRF-Token", &lcsrf).json(&phase("closed")).send().await.unwrap();
        let closed: Value = res.json().await.unwrap();
        assert_eq!(closed["consultation"]["phase"], "closed");
        assert_eq!(closed["consultation"]["ideas"][0]["outcome"], "Booked for May.");
        let res = lars.post(app.url(&format!("/api/v1/consultations/{id}/phase"))).header("X-CSRF-Token", &lcsrf).json(&phase("open")).send().await.unwrap();
        expect_error(res, StatusCode::CONFLICT, "phase_backwards").await;

        let list: Value = kari.get(app.url("/api/v1/consultations?phase=closed")).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["consultations"][0]["id"], id.as_str());
        let res = kari.get(app.url("/api/v1/consultations?phase=nope")).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let notes: Value = kari.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
        let kinds: Vec<&str> = notes["notifications"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
        for kind in ["consultation_opened", "idea_status", "consultation_phase", "consultation_report"] {
            assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
        }
    }
}

backend_test! {
    async fn the_pages_take_a_leader_and_an_employee_through_a_consultation(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (lars, kari) = (TestApp::client(), TestApp::client());
        app.ui_sign_in(&lars, "lead@acme.test").await;
        app.ui_sign_in(&kari, "kari@acme.test").await;
        let list = kari.get(app.url("/consultations")).send().await.unwrap().text().await.unwrap();
        assert!(!list.contains("/consultations/new"), "no button for an employee");
        let res = kari.get(app.url("/consultations/new")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);

        let form = lars.get(app.url("/consultations/new")).send().await.unwrap().text().await.unwrap();
        let csrf = hidden_field(&form, "csrf");
        let data = form.split("<option value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let mut fields = vec![("csrf", csrf.clone()), ("title", "Offsite?".into()), ("body", "Where?".into()),
            ("decided", "One offsite.".into()), ("open_for_input", "Where.".into()), ("out_of_scope", "Budget.".into()),
            ("decided_by", "Lars".into()), ("decision_rule", "Lars decides.".into()),
            ("input_closes_at", "2026-12-01T10:00".into()), ("decision_due_at", "2026-11-01T10:00".into()),
            ("audience_unit_ids", data), ("visible_to", "audience".into())];
        let res = lars.post(app.url("/consultations")).form(&fields).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("aria-invalid=\"true\" aria-describedby=\"e-due\""));
        fields[9].1 = "2026-12-08T10:00".into();
        let res = lars.post(app.url("/consultations")).form(&fields).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let at = res.headers()["location"].to_str().unwrap().to_owned();
        let id = at.trim_start_matches("/consultations/").to_owned();
        assert_eq!(kari.get(app.url(&at)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
        let res = lars.post(app.url(&format!("{at}/phase"))).form(&[("csrf", csrf.as_str()), ("phase", "open")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);

        let page = kari.get(app.url(&at)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"scope\"") && page.contains("Lars decides."));
        let kcsrf = hidden_field(&page, "csrf");
        let res = kari.post(app.url(&format!("{at}/ideas"))).form(&[("csrf", kcsrf.as_str()), ("title", "Fjord cabin"), ("body", "")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let loc = res.headers()["location"].to_str().unwrap().to_owned();
        let iid = loc.split("#idea-").nth(1).unwrap().to_owned();
        let res = kari.post(app.url(&format!("/ideas/{iid}/vote"))).form(&[("csrf", kcsrf.as_str()), ("consultation_id", id.as_str()), ("on", "1")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let list = kari.get(app.url("/consultations")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("id=\"open-for-me\""), "open for Kari first");
        let page = kari.get(app.url(&at)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("aria-pressed=\"true\""));
        let res = kari.post(app.url(&format!("/ideas/{iid}/status"))).form(&[("csrf", kcsrf.as_str()), ("consultation_id", id.as_str()), ("status", "accepted")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
}
