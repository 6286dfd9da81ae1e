//! Moderation and the audit log over HTTP, on both backends: the contract of
//! `POST /reports`, `GET /moderation/queue`, `POST /moderation/actions`,
//! `POST /moderation/appeals`, `GET /audit` and `GET /audit/export.csv`
//! (every status they answer), a hidden post's 404 for others, and the
//! pages: the queue, the report and appeal forms, and the audit page.

use reqwest::{Client, Response, StatusCode};
use samspill_testkit::backend_test;
use serde_json::{Value, json};

use crate::helpers::{TestApp, expect_error, hidden_field};

struct User {
    client: Client,
    csrf: String,
}

async fn sign_in(app: &TestApp, email: &str) -> User {
    let client = TestApp::client();
    let csrf = app.api_sign_in(&client, email).await;
    User { client, csrf }
}

async fn post_json(app: &TestApp, u: &User, path: &str, body: &Value) -> Response {
    u.client
        .post(app.url(path))
        .header("X-CSRF-Token", &u.csrf)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn get(app: &TestApp, u: &User, path: &str) -> Response {
    u.client.get(app.url(path)).send().await.unwrap()
}

async fn created(res: Response) -> Value {
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

/// Kari owns «Guild»; Ola and Lars belong to it; Ola wrote a post there.
async fn setup(app: &TestApp) -> (User, User, User, String, String) {
    let kari = sign_in(app, "kari@acme.test").await;
    let ola = sign_in(app, "ola@acme.test").await;
    let lars = sign_in(app, "lead@acme.test").await;
    let space = created(
        post_json(
            app,
            &kari,
            "/api/v1/spaces",
            &json!({"name": "Guild", "visibility": "open"}),
        )
        .await,
    )
    .await;
    let space = space["space"]["id"].as_str().unwrap().to_owned();
    for u in [&ola, &lars] {
        let res = post_json(
            app,
            u,
            &format!("/api/v1/spaces/{space}/members"),
            &json!({}),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let post = created(
        post_json(app, &ola, "/api/v1/posts", &json!({"space_id": space, "kind": "discussion", "title": "Hello", "body": "Some rude words"})).await,
    )
    .await;
    let post = post["post"]["id"].as_str().unwrap().to_owned();
    (kari, ola, lars, space, post)
}

/// A form that was done: redirected back, with no flash saying why not.
fn assert_done(res: &Response, to: &str) {
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], to);
    assert!(
        res.headers()
            .get_all("set-cookie")
            .iter()
            .all(|c| !c.to_str().unwrap().contains("samspill_flash=")),
        "{res:?}"
    );
}

backend_test! {
    async fn a_report_is_moderated_and_appealed_through_the_api(t: TestDb) {
        let app = TestApp::spawn(t).await;
        app.add_admin("root@acme.test", "Root Admin").await;
        let admin = sign_in(&app, "root@acme.test").await;
        let (kari, ola, lars, _space, post) = setup(&app).await;

        let rules: Value = get(&app, &lars, "/api/v1/moderation/rules").await.json().await.unwrap();
        assert_eq!(rules["rules"][0]["number"], 1);
        let org1 = rules["rules"][0]["id"].as_str().unwrap().to_owned();

        // Reports: 201, then 409 for a second open one, 422 without a rule or reason, 404 for nothing.
        let report = created(post_json(&app, &lars, "/api/v1/reports", &json!({"post_id": post, "rule_id": &org1, "reason": "Rude words"})).await).await;
        let report_id = report["report"]["id"].as_str().unwrap().to_owned();
        assert_eq!(report["report"]["state"], "open");
        expect_error(post_json(&app, &lars, "/api/v1/reports", &json!({"post_id": post, "rule_id": &org1, "reason": "Again"})).await, StatusCode::CONFLICT, "already_reported").await;
        let e = expect_error(post_json(&app, &kari, "/api/v1/reports", &json!({"post_id": post})).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(e["error"]["fields"]["rule_id"].is_string() && e["error"]["fields"]["reason"].is_string(), "{e}");
        expect_error(post_json(&app, &kari, "/api/v1/reports", &json!({"rule_id": &org1, "reason": "Which?"})).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        expect_error(post_json(&app, &kari, "/api/v1/reports", &json!({"post_id": uuid::Uuid::now_v7().to_string(), "rule_id": &org1, "reason": "Gone"})).await, StatusCode::NOT_FOUND, "not_found").await;

        // The queue: Kari (owner) sees it; Ola sees nothing.
        let q: Value = get(&app, &kari, "/api/v1/moderation/queue").await.json().await.unwrap();
        assert_eq!(q["reports"][0]["id"], report_id.as_str());
        assert_eq!(q["next_cursor"], Value::Null);
        let q: Value = get(&app, &ola, "/api/v1/moderation/queue").await.json().await.unwrap();
        assert_eq!(q["reports"], json!([]));

        // Acting: 403 for a member, 422 without a note, 201 for the owner, 409 after.
        let act = |note: &str, action: &str| json!({"report_id": report_id, "action": action, "rule_id": &org1, "note": note});
        expect_error(post_json(&app, &ola, "/api/v1/moderation/actions", &act("Hide it", "hide")).await, StatusCode::FORBIDDEN, "forbidden").await;
        let e = expect_error(post_json(&app, &kari, "/api/v1/moderation/actions", &act("", "hide")).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(e["error"]["fields"]["note"].is_string());
        expect_error(post_json(&app, &kari, "/api/v1/moderation/actions", &act("Bad", "ban")).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let done = created(post_json(&app, &kari, "/api/v1/moderation/actions", &act("Rude, hidden", "hide")).await).await;
        assert_eq!(done["action"]["action"], "hide");
        assert_eq!(done["action"]["report"]["state"], "hidden");
        expect_error(post_json(&app, &kari, "/api/v1/moderation/actions", &act("Again", "dismiss")).await, StatusCode::CONFLICT, "report_decided").await;

        // Hidden: 404 for Lars, shown marked to Ola, its author.
        expect_error(get(&app, &lars, &format!("/api/v1/posts/{post}")).await, StatusCode::NOT_FOUND, "not_found").await;
        let mine: Value = get(&app, &ola, &format!("/api/v1/posts/{post}")).await.json().await.unwrap();
        assert_eq!(mine["post"]["hidden_rule_id"], org1);
        let n: Value = get(&app, &ola, "/api/v1/notifications").await.json().await.unwrap();
        assert!(n["notifications"].as_array().unwrap().iter().any(|n| n["kind"] == "moderation"), "{n}");

        // Appeal: 404 for someone else's, 201 once, 409 twice; Kari may not decide it.
        let appeal = json!({"report_id": report_id, "reason": "It was a quote"});
        expect_error(post_json(&app, &lars, "/api/v1/moderation/appeals", &appeal).await, StatusCode::NOT_FOUND, "not_found").await;
        created(post_json(&app, &ola, "/api/v1/moderation/appeals", &appeal).await).await;
        expect_error(post_json(&app, &ola, "/api/v1/moderation/appeals", &appeal).await, StatusCode::CONFLICT, "already_appealed").await;
        expect_error(post_json(&app, &ola, "/api/v1/moderation/appeals", &json!({"reason": "x y z"})).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        expect_error(post_json(&app, &kari, "/api/v1/moderation/actions", &act("Overturn", "restore")).await, StatusCode::FORBIDDEN, "forbidden").await;
        let q: Value = get(&app, &admin, "/api/v1/moderation/queue").await.json().await.unwrap();
        assert_eq!(q["reports"][0]["state"], "appealed");
        assert_eq!(q["reports"][0]["appeal_reason"], "It was a quote");
        let done = created(post_json(&app, &admin, "/api/v1/moderation/actions", &act("It was a quote", "restore")).await).await;
        assert_eq!(done["action"]["action"], "overturn");
        assert_eq!(get(&app, &lars, &format!("/api/v1/posts/{post}")).await.status(), StatusCode::OK);

        // The audit log: admins only, filtered, paged, and as CSV.
        expect_error(get(&app, &kari, "/api/v1/audit").await, StatusCode::FORBIDDEN, "forbidden").await;
        let a: Value = get(&app, &admin, "/api/v1/audit?action=moderation.hide").await.json().await.unwrap();
        assert_eq!(a["entries"].as_array().unwrap().len(), 1);
        assert_eq!(a["entries"][0]["subject_id"], post.as_str());
        assert_eq!(a["entries"][0]["details"]["rule_id"], org1);
        let page: Value = get(&app, &admin, "/api/v1/audit?limit=1").await.json().await.unwrap();
        let cursor = page["next_cursor"].as_str().unwrap().to_owned();
        let next: Value = get(&app, &admin, &format!("/api/v1/audit?limit=1&cursor={cursor}")).await.json().await.unwrap();
        assert_ne!(next["entries"][0]["id"], page["entries"][0]["id"]);
        expect_error(get(&app, &admin, "/api/v1/audit?from=yesterday").await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        expect_error(get(&app, &admin, "/api/v1/audit?actor=someone").await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let res = get(&app, &admin, "/api/v1/audit/export.csv?action=moderation.overturn").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let csv = res.text().await.unwrap();
        assert_eq!(csv.lines().count(), 2, "{csv}");
        assert!(csv.contains("\"moderation.overturn\""));
        expect_error(get(&app, &ola, "/api/v1/audit/export.csv").await, StatusCode::FORBIDDEN, "forbidden").await;
    }
}

backend_test! {
    async fn owners_see_administrators_who_read_their_secret_space(t: TestDb) {
        let app = TestApp::spawn(t).await;
        app.add_admin("root@acme.test", "Root Admin").await;
        let admin = sign_in(&app, "root@acme.test").await;
        let kari = sign_in(&app, "kari@acme.test").await;
        let ola = sign_in(&app, "ola@acme.test").await;
        let space = created(post_json(&app, &kari, "/api/v1/spaces", &json!({"name": "Board", "visibility": "secret"})).await).await;
        let space = space["space"]["id"].as_str().unwrap().to_owned();
        let reads: Value = get(&app, &kari, &format!("/api/v1/spaces/{space}/admin-reads")).await.json().await.unwrap();
        assert_eq!(reads["reads"], json!([]));
        assert_eq!(get(&app, &admin, &format!("/api/v1/spaces/{space}")).await.status(), StatusCode::OK);
        assert_eq!(get(&app, &admin, &format!("/api/v1/spaces/{space}/posts")).await.status(), StatusCode::OK);
        let reads: Value = get(&app, &kari, &format!("/api/v1/spaces/{space}/admin-reads")).await.json().await.unwrap();
        assert_eq!(reads["reads"].as_array().unwrap().len(), 1, "{reads}");
        assert_eq!(reads["reads"][0]["admin"]["name"], "Root Admin");
        expect_error(get(&app, &ola, &format!("/api/v1/spaces/{space}/admin-reads")).await, StatusCode::NOT_FOUND, "not_found").await;
        // The members page shows it to the owner.
        let ui = TestApp::client();
        app.ui_sign_in(&ui, "kari@acme.test").await;
        let html = ui.get(app.url(&format!("/spaces/{space}/members"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"admin-reads\"") && html.contains("Root Admin"), "{html}");
    }
}

backend_test! {
    async fn the_pages_report_moderate_and_appeal_a_post(t: TestDb) {
        let app = TestApp::spawn(t).await;
        app.add_admin("root@acme.test", "Root Admin").await;
        let (_kari, _ola, _lars, _space, post) = setup(&app).await;
        let page = |c: Client, path: String| {
            let url = app.url(&path);
            async move {
                let res = c.get(url).send().await.unwrap();
                (res.status(), res.text().await.unwrap())
            }
        };
        // Lars reports through the post page's form.
        let lars = TestApp::client();
        app.ui_sign_in(&lars, "lead@acme.test").await;
        let (_, html) = page(lars.clone(), format!("/posts/{post}")).await;
        assert!(html.contains("action=\"/reports\""));
        let csrf = hidden_field(&html, "csrf");
        // The first rule the form offers (the code of conduct's rule 1).
        let rule_1 = html
            .split("id=\"report-rule\"")
            .nth(1)
            .and_then(|s| s.split("<option value=\"").nth(1))
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_owned();
        let res = lars.post(app.url("/reports")).form(&[("csrf", csrf.as_str()), ("post_id", post.as_str()), ("rule_id", rule_1.as_str()), ("reason", "Rude words")]).send().await.unwrap();
        assert_done(&res, &format!("/posts/{post}"));
        // Kari's queue shows it, and she hides it.
        let kari = TestApp::client();
        app.ui_sign_in(&kari, "kari@acme.test").await;
        let (status, html) = page(kari.clone(), "/moderation".into()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Rude words"), "{html}");
        let csrf = hidden_field(&html, "csrf");
        let report = hidden_field(&html, "report_id");
        let res = kari.post(app.url("/moderation/actions")).form(&[("csrf", csrf.as_str()), ("report_id", report.as_str()), ("action", "hide"), ("rule_id", rule_1.as_str()), ("note", "Rude, hidden")]).send().await.unwrap();
        assert_done(&res, "/moderation");
        let (status, _) = page(lars.clone(), format!("/posts/{post}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // Ola sees it hidden with the rule, and appeals.
        let ola = TestApp::client();
        app.ui_sign_in(&ola, "ola@acme.test").await;
        let (_, html) = page(ola.clone(), format!("/posts/{post}")).await;
        assert!(html.contains("hidden-notice") && html.contains("action=\"/moderation/appeals\""), "{html}");
        let csrf = hidden_field(&html, "csrf");
        let res = ola.post(app.url("/moderation/appeals")).form(&[("csrf", csrf.as_str()), ("report_id", report.as_str()), ("reason", "It was a quote")]).send().await.unwrap();
        assert_done(&res, &format!("/posts/{post}"));
        let (_, html) = page(ola.clone(), format!("/posts/{post}")).await;
        assert!(!html.contains("action=\"/moderation/appeals\""));
        // The administrator's audit page lists it; others get 403.
        let root = TestApp::client();
        app.ui_sign_in(&root, "root@acme.test").await;
        let (status, html) = page(root.clone(), "/audit?action=moderation.appeal".into()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("moderation.appeal") && html.contains("/api/v1/audit/export.csv"), "{html}");
        let (status, _) = page(root.clone(), "/audit?from=nonsense".into()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, _) = page(ola.clone(), "/audit".into()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
