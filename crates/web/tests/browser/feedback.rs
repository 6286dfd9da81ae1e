//! Anonymous feedback in a real browser: written from a leader's profile,
//! delivered in a batch, answered by the leader, and the answer read with
//! the reply token in a fresh browser with no session; axe-core on every
//! new page.

use fantoccini::{Client, Locator};
use samspill_testkit::TestDb;
use serde_json::json;

use super::{
    SERIAL, TestApp, assert_accessible, click, fill_sign_in, start, text_of, type_into, wait_until,
};

const BODIES: [&str; 3] = [
    "Our retros feel pointless",
    "The wiki is out of date",
    "Too many tools",
];

async fn sign_in(c: &Client, app: &TestApp, email: &str) {
    c.goto(&app.url("/login")).await.unwrap();
    fill_sign_in(c, email).await;
    text_of(c, "h1").await;
}

/// Kari writes three anonymous items to Lars; returns the first token.
async fn write_anonymously(kari: &Client, app: &TestApp) -> String {
    sign_in(kari, app, "kari@acme.test").await;
    kari.goto(&app.url("/people/lars")).await.unwrap();
    text_of(kari, "h1").await;
    let mut token = String::new();
    for (n, body) in BODIES.iter().enumerate() {
        if n == 0 {
            kari.find(Locator::LinkText("Give feedback"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            text_of(kari, "#fb-body").await;
            assert_accessible(kari, "feedback form").await;
        }
        type_into(kari, "#fb-body", body).await;
        click(kari, "#fb-anonymous").await;
        kari.execute("window.__before_send = true", vec![])
            .await
            .unwrap();
        click(kari, "form[action='/feedback/new'] button[type=submit]").await;
        wait_until(
            kari,
            "return !window.__before_send && document.readyState === 'complete' && !!document.getElementById('reply-token')",
        )
        .await;
        if n == 0 {
            assert!(
                text_of(kari, ".feedback-token")
                    .await
                    .contains("we cannot recover it")
            );
            wait_until(
                kari,
                "return !document.querySelector('button[data-copy]').hidden",
            )
            .await;
            assert_accessible(kari, "reply token shown once").await;
            token = kari
                .find(Locator::Css("#reply-token"))
                .await
                .unwrap()
                .prop("value")
                .await
                .unwrap()
                .unwrap();
        }
        // Kari's form is the fresh form again, to Lars.
        let to = kari
            .execute("return document.getElementById('fb-to').value", vec![])
            .await
            .unwrap();
        if to == json!("") {
            let first = kari
                .execute(
                    "const o = [...document.querySelectorAll('#fb-to option')].find(o => o.textContent.includes('Lars Lund')); o.selected = true; return o.value",
                    vec![],
                )
                .await
                .unwrap();
            assert!(first.as_str().unwrap().starts_with("person:"));
        }
    }
    token
}

#[tokio::test]
async fn anonymous_feedback_is_delivered_answered_and_read_with_the_token_in_a_fresh_browser() {
    let _serial = SERIAL.lock().await;
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    let Some((_driver, kari)) = start().await else {
        return;
    };
    let token = write_anonymously(&kari, &app).await;
    assert_eq!(token.len(), 43);
    kari.close().await.unwrap();

    samspill_services::leadership::feedback::tick(app.ctx())
        .await
        .unwrap();

    let Some((_driver_lars, lars)) = start().await else {
        return;
    };
    sign_in(&lars, &app, "lead@acme.test").await;
    lars.goto(&app.url("/feedback/inbox")).await.unwrap();
    text_of(&lars, ".feedback-list").await;
    assert_accessible(&lars, "feedback inbox").await;
    let href = lars
        .execute(
            "return [...document.querySelectorAll('.feedback-list li')].find(li => li.textContent.includes(arguments[0])).querySelector('a').getAttribute('href')",
            vec![json!(BODIES[0])],
        )
        .await
        .unwrap();
    lars.goto(&app.url(href.as_str().unwrap())).await.unwrap();
    text_of(&lars, "#fb-answer").await;
    assert_accessible(&lars, "feedback item").await;
    lars.execute(
        "document.getElementById('fb-status').value = 'in_progress'",
        vec![],
    )
    .await
    .unwrap();
    type_into(
        &lars,
        "#fb-answer",
        "Thank you. We will try a new retro format next sprint.",
    )
    .await;
    click(&lars, "form[action$='/responses'] button[type=submit]").await;
    wait_until(&lars, "return !!document.querySelector('.feedback-thread') && !document.getElementById('fb-answer').value").await;
    assert!(
        text_of(&lars, ".feedback-thread")
            .await
            .contains("new retro format")
    );
    lars.close().await.unwrap();

    // A fresh browser: no cookies, no session.
    let Some((_driver_fresh, fresh)) = start().await else {
        return;
    };
    fresh.goto(&app.url("/feedback/thread")).await.unwrap();
    text_of(&fresh, "#fb-token").await;
    assert_accessible(&fresh, "anonymous thread: token form").await;
    type_into(&fresh, "#fb-token", &token).await;
    click(
        &fresh,
        "form[action='/feedback/thread'] button[type=submit]",
    )
    .await;
    wait_until(
        &fresh,
        "return !!document.querySelector('.feedback-thread')",
    )
    .await;
    let thread = text_of(&fresh, ".feedback-thread").await;
    assert!(
        thread.contains("new retro format") && thread.contains("Lars Lund"),
        "{thread}"
    );
    assert!(
        !fresh.current_url().await.unwrap().as_str().contains(&token),
        "never in the URL"
    );
    assert_accessible(&fresh, "anonymous thread").await;
    type_into(&fresh, "#fb-reply", "Happy to help plan it.").await;
    click(
        &fresh,
        "form[action='/feedback/thread'] button[type=submit]",
    )
    .await;
    wait_until(
        &fresh,
        "return document.querySelector('.feedback-thread').textContent.includes('Happy to help plan it.')",
    )
    .await;
    let cookies = fresh.get_all_cookies().await.unwrap();
    assert!(cookies.iter().all(|c| c.name() != "samspill_session"));
    fresh.close().await.unwrap();
}
