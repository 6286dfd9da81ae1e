//! A vision addressed to two units in a real browser: the leader writes it
//! from the home composer with "requires acknowledgement", an employee in
//! the audience finds it pinned and clicks "I have read this", the leader
//! reads the reach page (table and chart, small units suppressed). Every
//! page is checked with axe-core.

use samspill_services::org::import;
use samspill_testkit::TestDb;

use crate::helpers::TestApp;
use crate::{
    SERIAL, assert_accessible, click, fill_sign_in, screenshot, start, text_of, type_into,
    wait_until,
};

#[tokio::test]
async fn a_leader_addresses_a_vision_an_employee_acknowledges_it_the_leader_reads_reach() {
    let _serial = SERIAL.lock().await;
    let Some((_driver_ceo, ceo)) = start().await else {
        return;
    };
    let Some((_driver_kari, kari)) = start().await else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    // Twelve more people in Acme/Ops, so the whole audience can be shown.
    let mut csv = String::from("email,name,handle,unit_path,title,work_mode,leader_of\n");
    for i in 0..12 {
        csv.push_str(&format!(
            "ops{i}@acme.test,Ops {i},ops{i},Acme/Ops,,office,\n"
        ));
    }
    import::run(app.ctx(), csv.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    samspill_testkit::accept_guidelines(app.ctx().db()).await;
    for (c, email) in [(&ceo, "ceo@acme.test"), (&kari, "kari@acme.test")] {
        c.goto(&app.url("/login")).await.unwrap();
        fill_sign_in(c, email).await;
        text_of(c, "h1").await;
    }

    // Cecilie leads Acme: she addresses Acme and Acme/Data, asking for acknowledgement.
    ceo.goto(&app.url("/")).await.unwrap();
    text_of(&ceo, "#composer-audience").await;
    ceo.execute(
        "document.querySelector('details.composer').open = true;
         document.getElementById('composer-kind').value = 'vision';
         for (const o of document.querySelectorAll('#composer-audience option')) {
           o.selected = o.textContent === 'Acme' || o.textContent === 'Acme/Data';
         }",
        vec![],
    )
    .await
    .unwrap();
    assert_accessible(&ceo, "home with the audience picker").await;
    type_into(&ceo, "#composer-title", "Acme 2028").await;
    type_into(&ceo, "#composer-body", "Where we are going together.").await;
    click(&ceo, "#composer-ack").await;
    click(&ceo, "details.composer form button[type=submit]").await;
    wait_until(&ceo, "return !!document.querySelector('section.addressed')").await;
    let addressed = text_of(&ceo, "section.addressed").await;
    assert!(addressed.contains("Acme/Data"), "{addressed}");
    let post_url = ceo.current_url().await.unwrap().to_string();
    assert_accessible(&ceo, "addressed vision").await;

    // Kari (Acme/Data, follows nothing) finds it pinned and acknowledges it.
    kari.goto(&app.url("/")).await.unwrap();
    let pinned = text_of(&kari, "section.pinned").await;
    assert!(pinned.contains("Acme 2028"), "{pinned}");
    assert_accessible(&kari, "home with a pinned vision").await;
    click(&kari, "section.pinned form.ack-form button").await;
    wait_until(&kari, "return !document.querySelector('section.pinned')").await;
    kari.goto(&post_url).await.unwrap();
    text_of(&kari, "section.addressed").await;

    // The leader reads reach: the chart, the table, suppressed units.
    ceo.goto(&post_url).await.unwrap();
    click(&ceo, "section.addressed a[href$='/reach']").await;
    wait_until(&ceo, "return !!document.querySelector('svg.reach-chart')").await;
    assert_eq!(text_of(&ceo, "h1").await, "Reach");
    let table = text_of(&ceo, "table.reach-table").await;
    assert!(table.contains("Everyone addressed"), "{table}");
    assert!(table.contains("Fewer than 10 people"), "{table}");
    assert_accessible(&ceo, "reach").await;
    screenshot(&ceo, "reach").await;
}
