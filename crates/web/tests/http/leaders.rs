//! The leadership corner, commitments and Ask-me-anything upvotes through
//! the API and the pages, on both backends.

use reqwest::StatusCode;
use samspill_testkit::backend_test;
use serde_json::{Value, json};

use crate::helpers::{TestApp, expect_error, hidden_field};

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_owned()
}

async fn org_space(app: &TestApp, client: &reqwest::Client) -> String {
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
        .find(|s| s["kind"] == "org")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

backend_test! {
    async fn a_leader_commits_in_a_comment_keeps_it_and_the_corner_shows_it(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let lars = TestApp::client();
        let kari = TestApp::client();
        let lcsrf = app.api_sign_in(&lars, "lead@acme.test").await;
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let org = org_space(&app, &kari).await;

        let list: Value = kari.get(app.url("/api/v1/leaders")).send().await.unwrap().json().await.unwrap();
        let handles: Vec<&str> = list["leaders"].as_array().unwrap().iter().map(|l| l["handle"].as_str().unwrap()).collect();
        assert_eq!(handles, vec!["cecilie", "lars"], "the top of the organization first");
        assert_eq!(list["leaders"][1]["units"][0]["name"], "Data");

        let res = kari.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"space_id": org, "kind": "question", "body": "Can we get better laptops?"}))
            .send().await.unwrap();
        let post: Value = res.json().await.unwrap();
        let pid = post["post"]["id"].as_str().unwrap().to_owned();
        let res = lars.post(app.url(&format!("/api/v1/posts/{pid}/comments"))).header("X-CSRF-Token", &lcsrf)
            .json(&json!({"body": "Yes: I will order new laptops this quarter."})).send().await.unwrap();
        let cid = res.json::<Value>().await.unwrap()["comment"]["id"].as_str().unwrap().to_owned();
        let res = kari.post(app.url(&format!("/api/v1/posts/{pid}/comments"))).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"body": "Thanks"})).send().await.unwrap();
        let kcid = res.json::<Value>().await.unwrap()["comment"]["id"].as_str().unwrap().to_owned();

        // Bad input and someone else's comment.
        let url = app.url(&format!("/api/v1/comments/{cid}/commitment"));
        let res = lars.post(&url).header("X-CSRF-Token", &lcsrf).json(&json!({"due_at": "next week"})).send().await.unwrap();
        let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(body["error"]["fields"]["due_at"].is_string(), "{body}");
        let res = lars.post(&url).header("X-CSRF-Token", &lcsrf).json(&json!({"due_at": "2026-11-01T00:00:00Z"})).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let res = kari.post(&url).header("X-CSRF-Token", &kcsrf).json(&json!({"due_at": "2026-12-20T16:00:00Z"})).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = kari.post(app.url(&format!("/api/v1/comments/{kcid}/commitment"))).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"due_at": "2026-12-20T16:00:00Z"})).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;

        let res = lars.post(&url).header("X-CSRF-Token", &lcsrf).json(&json!({"due_at": "2026-12-20T16:00:00Z"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let made: Value = res.json().await.unwrap();
        let id = made["commitment"]["id"].as_str().unwrap().to_owned();
        assert_eq!(made["commitment"]["state"], "open");
        assert_eq!(made["commitment"]["due_at"], "2026-12-20T16:00:00Z");
        assert_eq!(made["commitment"]["post_id"], pid.as_str());
        assert_eq!(made["commitment"]["leader"]["handle"], "lars");
        let res = lars.post(&url).header("X-CSRF-Token", &lcsrf).json(&json!({"due_at": "2026-12-20T16:00:00Z"})).send().await.unwrap();
        expect_error(res, StatusCode::CONFLICT, "already_committed").await;

        let page: Value = kari.get(app.url("/api/v1/leaders/lars")).send().await.unwrap().json().await.unwrap();
        assert_eq!(page["leader"]["handle"], "lars");
        assert_eq!(page["commitments"][0]["id"], id.as_str());
        assert_eq!(page["commitment_counts"], json!({"open": 1, "kept": 0, "missed": 0}));
        let res = kari.get(app.url("/api/v1/leaders/kari")).send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;

        let done = app.url(&format!("/api/v1/commitments/{id}/done"));
        let res = lars.post(&done).header("X-CSRF-Token", &lcsrf).json(&json!({"note": "ok"})).send().await.unwrap();
        let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(body["error"]["fields"]["note"].is_string(), "{body}");
        let res = kari.post(&done).header("X-CSRF-Token", &kcsrf).json(&json!({"note": "I kept it for him."})).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = lars.post(&done).header("X-CSRF-Token", &lcsrf).json(&json!({"note": "Twelve laptops were delivered today."})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let kept: Value = res.json().await.unwrap();
        assert_eq!(kept["commitment"]["state"], "kept");
        let res = lars.post(&done).header("X-CSRF-Token", &lcsrf).json(&json!({"note": "Twelve laptops, again."})).send().await.unwrap();
        let body = expect_error(res, StatusCode::CONFLICT, "commitment_kept").await;
        assert!(body["error"]["message"].as_str().unwrap().contains("already kept"));
        let one: Value = kari.get(app.url(&format!("/api/v1/commitments/{id}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(one["commitment"]["note"], "Twelve laptops were delivered today.");
        let res = kari.get(app.url(&format!("/api/v1/commitments/{}", uuid::Uuid::now_v7()))).send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;

        // The pages: the corner, the leader's page (with the keep form only
        // for the leader), the commitment's link to its comment.
        let ui = TestApp::client();
        app.ui_sign_in(&ui, "kari@acme.test").await;
        let html = ui.get(app.url("/leaders")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(r#"href="/leaders/lars""#) && html.contains("Lars Lund"), "{html}");
        let html = ui.get(app.url("/leaders/lars")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Twelve laptops were delivered today."));
        assert!(html.contains("Yes: I will order new laptops this quarter."));
        assert!(!html.contains("/done"), "only the leader keeps");
        let res = ui.get(app.url(&format!("/commitments/{id}"))).send().await.unwrap();
        assert_eq!(location(&res), format!("/posts/{pid}#comment-{cid}"));
        let res = ui.get(app.url("/leaders/ola")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
}

backend_test! {
    async fn an_ama_ranks_questions_by_upvotes_and_the_forms_work(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let lars = TestApp::client();
        app.ui_sign_in(&lars, "lead@acme.test").await;
        let kari = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let ola = TestApp::client();
        let ocsrf = app.api_sign_in(&ola, "ola@acme.test").await;
        let org = org_space(&app, &kari).await;

        // Lars opens an AMA from his page; the form tags it.
        let page = lars.get(app.url("/leaders/lars")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("action=\"/leaders/ama\""), "the leader may start one");
        let csrf = hidden_field(&page, "csrf");
        let res = lars.post(app.url("/leaders/ama"))
            .form(&[("csrf", csrf.as_str()), ("space_id", org.as_str()), ("title", "Ask me anything about 2027"), ("body", "Anything at all.")])
            .send().await.unwrap();
        let pid = location(&res).trim_start_matches("/posts/").to_owned();
        let post: Value = kari.get(app.url(&format!("/api/v1/posts/{pid}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(post["post"]["kind"], "question");
        assert_eq!(post["post"]["topics"], json!(["ama"]));

        let ask = |client: reqwest::Client, csrf: String, body: &'static str| {
            let url = app.url(&format!("/api/v1/posts/{pid}/comments"));
            async move {
                let res = client.post(url).header("X-CSRF-Token", csrf).json(&json!({"body": body})).send().await.unwrap();
                res.json::<Value>().await.unwrap()["comment"]["id"].as_str().unwrap().to_owned()
            }
        };
        let first = ask(kari.clone(), kcsrf.clone(), "First question: budgets?").await;
        let second = ask(ola.clone(), ocsrf.clone(), "Second question: hiring?").await;
        let vote = app.url(&format!("/api/v1/comments/{second}/vote"));
        let res = kari.put(&vote).header("X-CSRF-Token", &kcsrf).send().await.unwrap();
        assert_eq!(res.json::<Value>().await.unwrap(), json!({"upvotes": 1, "upvoted": true}));
        let res = kari.put(&vote).header("X-CSRF-Token", &kcsrf).send().await.unwrap();
        assert_eq!(res.json::<Value>().await.unwrap(), json!({"upvotes": 1, "upvoted": true}), "idempotent");
        let res = ola.put(&vote).header("X-CSRF-Token", &ocsrf).send().await.unwrap();
        expect_error(res, StatusCode::CONFLICT, "own_comment").await;
        // The thread carries the upvotes, and whether they are yours.
        let thread: Value = kari.get(app.url(&format!("/api/v1/posts/{pid}/comments"))).send().await.unwrap().json().await.unwrap();
        let of = |id: &str| thread["comments"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
        assert_eq!((of(&second)["upvotes"].clone(), of(&second)["upvoted"].clone()), (json!(1), json!(true)));
        assert_eq!((of(&first)["upvotes"].clone(), of(&first)["upvoted"].clone()), (json!(0), json!(false)));

        // On the page the upvoted question comes first; Lars sees upvote
        // counts, Kari an upvote button that is pressed.
        let html = lars.get(app.url(&format!("/posts/{pid}"))).send().await.unwrap().text().await.unwrap();
        let (a, b) = (html.find(&format!("comment-{second}")).unwrap(), html.find(&format!("comment-{first}")).unwrap());
        assert!(a < b, "most upvoted first");
        assert!(html.contains("1 upvotes"), "the leader sees the count");
        let kui = TestApp::client();
        app.ui_sign_in(&kui, "kari@acme.test").await;
        let html = kui.get(app.url(&format!("/posts/{pid}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(r#"aria-pressed="true""#), "{html}");
        let res = kari.delete(&vote).header("X-CSRF-Token", &kcsrf).send().await.unwrap();
        assert_eq!(res.json::<Value>().await.unwrap(), json!({"upvotes": 0, "upvoted": false}));

        // Lars answers the first question and makes the answer a
        // commitment through the form on the post page.
        let html = lars.get(app.url(&format!("/posts/{pid}"))).send().await.unwrap().text().await.unwrap();
        let csrf = hidden_field(&html, "csrf");
        lars.post(app.url(&format!("/posts/{pid}/comments")))
            .form(&[("csrf", csrf.as_str()), ("body", "Budgets grow by five percent."), ("parent_id", first.as_str())])
            .send().await.unwrap();
        let html = lars.get(app.url(&format!("/posts/{pid}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Answered"));
        // The only comment with a commitment form is Lars's own answer.
        let end = html.find("/commitment\"").unwrap();
        let answer = html[end - 36..end].to_owned();
        let res = lars.post(app.url(&format!("/comments/{answer}/commitment")))
            .form(&[("csrf", csrf.as_str()), ("due", "2027-01-31")])
            .send().await.unwrap();
        assert_eq!(location(&res), format!("/posts/{pid}#comment-{answer}"));
        let html = lars.get(app.url(&format!("/posts/{pid}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Commitment · Open") && html.contains("due 2027-01-31"), "{html}");
        let res = lars.post(app.url(&format!("/comments/{answer}/commitment")))
            .form(&[("csrf", csrf.as_str()), ("due", "yesterday")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let html = lars.get(app.url(&format!("/posts/{pid}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Not saved: a commitment is due"), "the form says why");
        let page: Value = kari.get(app.url("/api/v1/leaders/lars")).send().await.unwrap().json().await.unwrap();
        assert_eq!(page["amas"][0]["questions"], 2);
        assert_eq!(page["amas"][0]["answered"], 1);
        assert_eq!(page["commitments"][0]["due_at"], "2027-01-31T23:59:59Z");
    }
}
