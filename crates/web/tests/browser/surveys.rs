//! A pulse survey in a real browser: an employee answers it from the home
//! page's banner, and after it closes the leader reads results with shown
//! and suppressed units; axe-core on every page.

use fantoccini::Client;
use samspill_domain::surveys::RawAnswer;
use samspill_services::leadership::surveys::{self, SurveyInput};
use samspill_services::{Actor, org::import, org::people};
use samspill_testkit::TestDb;

use super::{
    SERIAL, TestApp, assert_accessible, click, fill_sign_in, screenshot, start, text_of, type_into,
    wait_until,
};

/// Beside the small organization: Data has a Platform team of four and a
/// team of one.
const MORE: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n\
    p1@acme.test,Pia En,pia,Acme/Data/Platform,,office,\n\
    p2@acme.test,Per To,perto,Acme/Data/Platform,,office,\n\
    p3@acme.test,Pål Tre,paal,Acme/Data/Platform,,office,\n\
    p4@acme.test,Pernille Fire,pernille,Acme/Data/Platform,,office,\n\
    s1@acme.test,Solo Person,solo,Acme/Data/Solo,,office,\n";

async fn actor(app: &TestApp, handle: &str) -> Actor {
    let nobody = Actor {
        id: samspill_domain::PersonId::new(),
        unit_id: None,
        is_admin: false,
    };
    Actor::of(
        &people::profile(app.ctx(), &nobody, handle)
            .await
            .unwrap()
            .person,
    )
}

async fn sign_in(c: &Client, app: &TestApp, email: &str) {
    c.goto(&app.url("/login")).await.unwrap();
    fill_sign_in(c, email).await;
    text_of(c, "h1").await;
}

#[tokio::test]
async fn an_employee_answers_a_survey_and_the_leader_sees_shown_and_suppressed_units() {
    let _serial = SERIAL.lock().await;
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    import::run(app.ctx(), MORE.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    samspill_testkit::accept_guidelines(app.ctx().db()).await;
    let lars = actor(&app, "lars").await;
    let data = lars.unit_id.unwrap();
    let input = SurveyInput {
        title: "Winter pulse".into(),
        questions: vec![
            ("scale".into(), "I know what is expected of me".into()),
            ("enps".into(), "Would you recommend Acme?".into()),
            ("text".into(), "What should we change?".into()),
        ],
        audience_unit_ids: vec![data],
        opens_at: String::new(),
        closes_at: "2026-12-20T12:00:00Z".into(),
        min_group_size: Some(3),
    };
    let id = surveys::create_survey(app.ctx(), &lars, &input)
        .await
        .unwrap()
        .survey
        .id;
    surveys::set_phase(app.ctx(), &lars, id, "open")
        .await
        .unwrap();

    let Some((_driver, kari)) = start().await else {
        return;
    };
    sign_in(&kari, &app, "kari@acme.test").await;
    let banner = text_of(&kari, "#survey-banner").await;
    assert!(banner.contains("Winter pulse"), "{banner}");
    assert_accessible(&kari, "home with the survey banner").await;
    click(&kari, "#survey-banner a").await;
    text_of(&kari, "#answer-form").await;
    assert_accessible(&kari, "survey answer form").await;
    click(&kari, "input[name='q0'][value='4']").await;
    click(&kari, "input[name='q1'][value='9']").await;
    type_into(&kari, "#q2", "More pairing, please").await;
    click(&kari, "#send-answers").await;
    wait_until(&kari, "return !!document.getElementById('answered')").await;
    assert!(
        kari.find(fantoccini::Locator::Css("#answer-form"))
            .await
            .is_err(),
        "answered once: no form"
    );
    assert_accessible(&kari, "survey answered").await;
    kari.close().await.unwrap();

    // Platform (4 of 4) and Data itself (Lars, Kari, Ola) answer; Solo's
    // one person too, whose unit must stay hidden.
    for (h, s) in [
        ("ola", 3),
        ("lars", 5),
        ("pia", 4),
        ("perto", 2),
        ("paal", 5),
        ("pernille", 4),
        ("solo", 1),
    ] {
        let a = actor(&app, h).await;
        let answers = [
            RawAnswer::Number(s),
            RawAnswer::Number(8),
            RawAnswer::Missing,
        ];
        surveys::answer(app.ctx(), &a, id, &answers).await.unwrap();
    }
    surveys::set_phase(app.ctx(), &lars, id, "closed")
        .await
        .unwrap();

    let Some((_driver_lars, browser)) = start().await else {
        return;
    };
    sign_in(&browser, &app, "lead@acme.test").await;
    browser
        .goto(&app.url(&format!("/surveys/{id}")))
        .await
        .unwrap();
    click(&browser, "#results-link").await;
    text_of(&browser, "#by-unit").await;
    assert_accessible(&browser, "survey results").await;
    let rows = browser
        .execute(
            "return [...document.querySelectorAll('table.survey-units tbody tr')].map(r => [r.querySelector('th').textContent.trim(), r.className, r.textContent])",
            vec![],
        )
        .await
        .unwrap();
    let rows = rows.as_array().unwrap();
    let row = |name: &str| {
        rows.iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("no {name} in {rows:?}"))
    };
    assert_eq!(row("Data")[1], "shown");
    assert!(row("Data")[2].as_str().unwrap().contains("8 of 8"));
    assert_eq!(row("Platform")[1], "shown");
    assert_eq!(row("Solo")[1], "suppressed");
    assert!(
        row("Solo")[2]
            .as_str()
            .unwrap()
            .contains("hidden to protect privacy")
    );
    let figure = text_of(&browser, "#question-0 figcaption").await;
    assert!(figure.contains("Distribution of answers"), "{figure}");
    assert!(
        text_of(&browser, "#question-1 .gauge figcaption")
            .await
            .contains("eNPS")
    );
    screenshot(&browser, "survey-results").await;
    browser.close().await.unwrap();
}
