//! A consultation in a real browser: a leader opens one, an employee
//! submits an idea, votes and comments, the leader sets a status and closes
//! it with a report that the employee sees. Every new page is checked with
//! axe-core.

use fantoccini::{Client, Locator};
use samspill_testkit::TestDb;

use crate::helpers::TestApp;
use crate::{
    SERIAL, assert_accessible, click, fill_sign_in, screenshot, start, text_of, type_into,
    wait_until,
};

/// Waits until the page's phase badge reads `phase`.
async fn wait_for_phase(c: &Client, phase: &str) {
    wait_until(
        c,
        &format!("return !!document.getElementById('phase') && document.getElementById('phase').textContent.trim() === '{phase}'"),
    )
    .await;
}

#[tokio::test]
async fn a_leader_runs_a_consultation_and_the_employee_sees_the_report() {
    let _serial = SERIAL.lock().await;
    let Some((_driver_lars, lars)) = start().await else {
        return;
    };
    let Some((_driver_kari, kari)) = start().await else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    for (c, email) in [(&lars, "lead@acme.test"), (&kari, "kari@acme.test")] {
        c.goto(&app.url("/login")).await.unwrap();
        fill_sign_in(c, email).await;
        text_of(c, "h1").await;
    }

    // The leader writes a draft and opens it.
    lars.goto(&app.url("/consultations")).await.unwrap();
    assert_eq!(text_of(&lars, "h1").await, "Consultations");
    assert_accessible(&lars, "consultations (empty)").await;
    lars.find(Locator::LinkText("New consultation"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(text_of(&lars, "h1").await, "New consultation");
    assert_accessible(&lars, "new consultation").await;
    for (field, text) in [
        ("#f-title", "Where should the offsite be?"),
        ("#f-body", "We have budget for one offsite."),
        ("#f-decided", "There will be one offsite in spring."),
        ("#f-open_for_input", "Where we go and what we do."),
        ("#f-out_of_scope", "The budget."),
        ("#f-decided_by", "Lars Lund"),
        ("#f-decision_rule", "Lars decides after reading every idea."),
    ] {
        type_into(&lars, field, text).await;
    }
    lars.execute(
        "document.getElementById('f-closes').value = '2026-12-01T10:00';
         document.getElementById('f-due').value = '2026-12-08T10:00';
         document.querySelector('#f-audience option').selected = true;",
        vec![],
    )
    .await
    .unwrap();
    click(&lars, "form[action='/consultations'] button[type=submit]").await;
    wait_for_phase(&lars, "Draft").await;
    assert!(text_of(&lars, "#scope").await.contains("The budget."));
    assert_accessible(&lars, "consultation (draft)").await;
    click(&lars, "#next-phase").await;
    wait_for_phase(&lars, "Open").await;
    let page = lars.current_url().await.unwrap().to_string();

    // The employee finds it open for them, submits an idea, votes and comments.
    kari.goto(&app.url("/consultations")).await.unwrap();
    assert!(
        text_of(&kari, "#open-for-me")
            .await
            .contains("Where should the offsite be?")
    );
    assert_accessible(&kari, "consultations (open for me)").await;
    kari.find(Locator::LinkText("Where should the offsite be?"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_phase(&kari, "Open").await;
    type_into(&kari, "#idea-title", "A cabin by the fjord").await;
    type_into(&kari, "#idea-body", "With *hiking* and a sauna.").await;
    click(&kari, "form[action$='/ideas'] button[type=submit]").await;
    wait_until(
        &kari,
        "return !!document.querySelector('.idea .idea-title')",
    )
    .await;
    click(&kari, "form[action$='/vote'] button[type=submit]").await;
    wait_until(
        &kari,
        "return !!document.querySelector(\"form[action$='/vote'] button[aria-pressed='true']\")",
    )
    .await;
    assert_eq!(text_of(&kari, ".idea-votes").await, "1");
    type_into(&kari, ".idea textarea[name=body]", "Count me in").await;
    click(&kari, "form[action$='/comments'] button[type=submit]").await;
    wait_until(&kari, "return !!document.querySelector('.idea .comments') && document.querySelector('.idea .comments').textContent.includes('Count me in')").await;
    assert_accessible(&kari, "consultation (open, with an idea)").await;

    // The leader accepts the idea, moves on to decided, writes the report and closes.
    lars.goto(&page).await.unwrap();
    wait_for_phase(&lars, "Open").await;
    lars.execute(
        "document.querySelector('.status-form select').value = 'accepted';",
        vec![],
    )
    .await
    .unwrap();
    click(&lars, ".status-form button[type=submit]").await;
    wait_until(
        &lars,
        "return document.querySelector('.idea-status').textContent.trim() === 'Accepted'",
    )
    .await;
    assert_accessible(&lars, "consultation (leader, open)").await;
    click(&lars, "#next-phase").await;
    wait_for_phase(&lars, "Reviewing").await;
    click(&lars, "#next-phase").await;
    wait_for_phase(&lars, "Decided").await;
    assert_accessible(&lars, "consultation (decided, report form)").await;
    type_into(&lars, "#report-body", "Thank you for every idea.").await;
    type_into(
        &lars,
        "#report-form textarea[name^=outcome_]",
        "We book the fjord cabin for May.",
    )
    .await;
    click(&lars, "#report-form button[type=submit]").await;
    wait_until(
        &lars,
        "return document.getElementById('report-body').value === 'Thank you for every idea.'",
    )
    .await;
    click(&lars, "#next-phase").await;
    wait_for_phase(&lars, "Closed").await;

    // The employee sees "you said, we did", and was told.
    kari.goto(&page).await.unwrap();
    wait_for_phase(&kari, "Closed").await;
    let report = text_of(&kari, "#report").await;
    assert!(report.contains("You said, we did"), "{report}");
    assert!(
        report.contains("A cabin by the fjord")
            && report.contains("We book the fjord cabin for May."),
        "{report}"
    );
    assert_accessible(&kari, "consultation (closed, report)").await;
    screenshot(&kari, "consultation-report").await;
    kari.goto(&app.url("/notifications")).await.unwrap();
    text_of(&kari, "h1").await;
    let notes = text_of(&kari, "#notification-list").await;
    assert!(notes.contains("Where should the offsite be?"), "{notes}");

    // The leadership corner lists Lars, and his page carries the report.
    kari.goto(&app.url("/leaders")).await.unwrap();
    let corner = text_of(&kari, "main").await;
    assert!(corner.contains("Lars Lund"), "{corner}");
    assert_accessible(&kari, "leadership corner").await;
    kari.goto(&app.url("/leaders/lars")).await.unwrap();
    let his = text_of(&kari, "main").await;
    assert!(
        his.contains("You said, we did") && his.contains("Where should the offsite be?"),
        "{his}"
    );
    assert_accessible(&kari, "a leader's page").await;
    lars.goto(&app.url("/leaders/lars")).await.unwrap();
    text_of(&lars, "h1").await;
    assert_accessible(&lars, "a leader's own page").await;
    lars.close().await.unwrap();
    kari.close().await.unwrap();
}
