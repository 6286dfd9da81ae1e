//! Moderation in a real browser: Lars reports Ola's post from its page,
//! Kari (the community's owner) hides it from her queue, Ola sees it hidden
//! with the rule and appeals, and the administrator overturns it from the
//! queue and reads the audit log; axe-core on every page.

use fantoccini::Client;
use reqwest::StatusCode;
use samspill_testkit::TestDb;
use serde_json::{Value, json};

use super::{
    SERIAL, TestApp, assert_accessible, click, fill_sign_in, start, text_of, type_into, wait_until,
};

async fn sign_in_as(c: &Client, app: &TestApp, email: &str) {
    c.delete_all_cookies().await.unwrap();
    c.goto(&app.url("/login")).await.unwrap();
    fill_sign_in(c, email).await;
    text_of(c, "h1").await;
}

/// Kari's community «Guild» with Ola and Lars in it, and Ola's post there.
async fn setup(app: &TestApp) -> String {
    let api = |email: &'static str| async move {
        let c = TestApp::client();
        let csrf = app.api_sign_in(&c, email).await;
        (c, csrf)
    };
    let send = |c: &reqwest::Client, csrf: &str, path: &str, body: Value| {
        c.post(app.url(path))
            .header("X-CSRF-Token", csrf)
            .json(&body)
            .send()
    };
    let (kari, kc) = api("kari@acme.test").await;
    let space: Value = send(
        &kari,
        &kc,
        "/api/v1/spaces",
        json!({"name": "Guild", "visibility": "open"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let space = space["space"]["id"].as_str().unwrap().to_owned();
    for email in ["ola@acme.test", "lead@acme.test"] {
        let (c, csrf) = api(email).await;
        let res = send(
            &c,
            &csrf,
            &format!("/api/v1/spaces/{space}/members"),
            json!({}),
        )
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    let (ola, oc) = api("ola@acme.test").await;
    let post: Value = send(&ola, &oc, "/api/v1/posts", json!({"space_id": space, "kind": "discussion", "title": "Friday", "body": "The Friday meeting was a waste of time"})).await.unwrap().json().await.unwrap();
    post["post"]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_report_is_moderated_and_appealed_in_the_browser() {
    let _serial = SERIAL.lock().await;
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    app.add_admin("root@acme.test", "Root Admin").await;
    let post = setup(&app).await;
    let Some((_driver, c)) = start().await else {
        return;
    };

    // Lars reports the post.
    sign_in_as(&c, &app, "lead@acme.test").await;
    c.goto(&app.url(&format!("/posts/{post}"))).await.unwrap();
    click(&c, "details.report-form summary").await;
    assert_accessible(&c, "post with the report form").await;
    c.execute(
        "document.getElementById('report-rule').selectedIndex = 3",
        vec![],
    )
    .await
    .unwrap();
    type_into(&c, "#report-reason", "Points at colleagues").await;
    click(&c, "details.report-form button[type=submit]").await;
    wait_until(
        &c,
        "return document.readyState === 'complete' && !!document.querySelector('.post-page')",
    )
    .await;

    // Kari hides it from her queue.
    sign_in_as(&c, &app, "kari@acme.test").await;
    c.goto(&app.url("/moderation")).await.unwrap();
    assert!(
        text_of(&c, ".moderation-queue")
            .await
            .contains("Points at colleagues")
    );
    assert_accessible(&c, "moderation queue").await;
    type_into(
        &c,
        ".moderation-queue textarea[name=note]",
        "Criticise the meeting, not the people",
    )
    .await;
    click(&c, ".moderation-queue button[type=submit]").await;
    wait_until(
        &c,
        "return document.readyState === 'complete' && !document.querySelector('.moderation-queue')",
    )
    .await;

    // Ola sees it hidden with the rule, and appeals.
    sign_in_as(&c, &app, "ola@acme.test").await;
    c.goto(&app.url(&format!("/posts/{post}"))).await.unwrap();
    assert!(
        text_of(&c, ".hidden-notice")
            .await
            .contains("Keep it relevant")
    );
    assert_accessible(&c, "hidden post with the appeal form").await;
    type_into(&c, ".appeal-form textarea", "Nobody was named").await;
    click(&c, ".appeal-form button[type=submit]").await;
    wait_until(&c, "return document.readyState === 'complete' && !document.querySelector('.appeal-form') && !!document.querySelector('.hidden-notice')").await;
    assert!(
        text_of(&c, ".hidden-notice")
            .await
            .contains("another moderator")
    );

    // The administrator overturns it, and reads the audit log.
    sign_in_as(&c, &app, "root@acme.test").await;
    c.goto(&app.url("/moderation")).await.unwrap();
    assert!(
        text_of(&c, ".moderation-queue")
            .await
            .contains("Nobody was named")
    );
    click(&c, ".moderation-queue input[value=restore]").await;
    type_into(
        &c,
        ".moderation-queue textarea[name=note]",
        "No one was named; it stays",
    )
    .await;
    click(&c, ".moderation-queue button[type=submit]").await;
    wait_until(
        &c,
        "return document.readyState === 'complete' && !document.querySelector('.moderation-queue')",
    )
    .await;
    c.goto(&app.url("/audit")).await.unwrap();
    let table = text_of(&c, ".audit-table").await;
    assert!(
        table.contains("moderation.overturn") && table.contains("moderation.appeal"),
        "{table}"
    );
    assert_accessible(&c, "audit log").await;
    c.close().await.unwrap();
}
