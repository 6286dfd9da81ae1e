//! The code of conduct and praise in a real browser: after an administrator
//! publishes a new version, Kari is sent to read and accept it (seeing what
//! changed), then praises Ola for a value from the praise form, and the
//! values page shows it; axe-core on every new page.

use samspill_services::Actor;
use samspill_services::culture::guidelines::{self, RuleInput};
use samspill_testkit::TestDb;

use super::{SERIAL, TestApp, assert_accessible, click, fill_sign_in, start, text_of, type_into};

#[tokio::test]
async fn a_person_accepts_a_new_code_of_conduct_and_gives_praise() {
    let _serial = SERIAL.lock().await;
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    let Some((_driver, c)) = start().await else {
        return;
    };
    // Version 2: one rule added.
    let ctx = app.ctx();
    let anyone = Actor {
        id: samspill_domain::PersonId::new(),
        unit_id: None,
        is_admin: false,
    };
    let lead = samspill_services::org::people::profile(ctx, &anyone, "lars")
        .await
        .unwrap();
    let admin = Actor {
        is_admin: true,
        ..Actor::of(&lead.person)
    };
    let current = guidelines::current(ctx, &admin).await.unwrap();
    let mut rules: Vec<RuleInput> = current
        .rules
        .iter()
        .map(|r| RuleInput {
            rule_id: Some(r.id),
            title_en: r.title_en.clone(),
            title_nb: r.title_nb.clone(),
            body_en: r.body_en.clone(),
            body_nb: r.body_nb.clone(),
        })
        .collect();
    rules.push(RuleInput {
        rule_id: None,
        title_en: "Give credit".into(),
        title_nb: "Gi æren".into(),
        body_en: "Name the people whose work you build on.".into(),
        body_nb: "Nevn dem du bygger på.".into(),
    });
    guidelines::publish(ctx, &admin, &rules).await.unwrap();

    c.goto(&app.url("/login")).await.unwrap();
    fill_sign_in(&c, "kari@acme.test").await;
    assert!(
        text_of(&c, ".alert-guidelines")
            .await
            .contains("accept the code of conduct")
    );
    click(&c, ".alert-guidelines a").await;
    assert_eq!(text_of(&c, "h1").await, "Code of conduct");
    assert!(text_of(&c, ".rule-changes").await.contains("Give credit"));
    assert_accessible(&c, "guidelines with changes").await;
    click(&c, "form[action='/guidelines/accept'] button").await;
    text_of(&c, "h1").await;
    assert!(
        c.find(fantoccini::Locator::Css(".alert-guidelines"))
            .await
            .is_err(),
        "no banner once accepted"
    );

    c.goto(&app.url("/praise/new")).await.unwrap();
    assert_eq!(text_of(&c, "h1").await, "Give praise");
    assert_accessible(&c, "praise form").await;
    type_into(&c, "#praise-recipients", "@ola").await;
    c.execute("const o = [...document.querySelectorAll('#praise-value option')].find(o => o.textContent === 'Care'); o.selected = true; return true", vec![]).await.unwrap();
    type_into(&c, "#praise-body", "Ola stayed late to fix the pipeline").await;
    click(&c, "form[action='/posts'] button[type=submit]").await;
    assert!(text_of(&c, ".praise-line").await.contains("Ola Hansen"));
    assert!(text_of(&c, ".praise-line").await.contains("Care"));
    assert_accessible(&c, "praise post").await;

    c.goto(&app.url("/values")).await.unwrap();
    assert_eq!(text_of(&c, "h1").await, "Our values");
    assert!(
        text_of(&c, ".praise-card")
            .await
            .contains("Ola stayed late")
    );
    assert_accessible(&c, "values page").await;
}
