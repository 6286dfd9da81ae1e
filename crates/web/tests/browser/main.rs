//! Browser tests: a real headless Chromium, driven through chromedriver
//! (Debian's `chromium` and `chromium-driver`), over the app on SQLite.
//! Each page visited is checked with axe-core (vendored from npm) for
//! serious or critical accessibility violations.
//!
//! Chromium is required: without it these tests fail, unless
//! `SAMSPILL_TEST_SKIP_BROWSER=1` says to skip them knowingly.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed step should fail the test loudly"
)]

#[path = "../http/helpers.rs"]
#[expect(
    dead_code,
    reason = "shared with the HTTP tests; not every helper is used here"
)]
mod helpers;

mod consultations;
mod culture;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use helpers::{PASSWORD, TestApp};
use samspill_testkit::TestDb;
use serde_json::{Value, json};

mod feedback;
mod moderation;
mod surveys;
mod visions;

const AXE: &str = include_str!("vendor/axe-4.14.1.min.js");

/// Browser tests run one at a time: several Chromiums at once on two cores
/// make every page slow enough to trip the waits.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// chromedriver, killed when dropped (also when a test panics).
struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

#[expect(clippy::disallowed_methods, reason = "tests read their own switches")]
fn skipped() -> bool {
    std::env::var("SAMSPILL_TEST_SKIP_BROWSER").is_ok_and(|v| v == "1")
}

async fn start() -> Option<(Driver, Client)> {
    if skipped() {
        eprintln!("note: browser tests skipped (SAMSPILL_TEST_SKIP_BROWSER=1)");
        return None;
    }
    let chromium = which("chromium").or_else(|| which("chromium-browser")).expect(
        "chromium is not installed (apt-get install chromium chromium-driver), or set SAMSPILL_TEST_SKIP_BROWSER=1",
    );
    let chromedriver = which("chromedriver")
        .expect("chromedriver is not installed (apt-get install chromium-driver)");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let profile = tempfile::tempdir().unwrap();
    let driver = Driver {
        child,
        port,
        _profile: profile,
    };
    let args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--lang=en-US",
    ];
    let mut args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    args.push(format!(
        "--user-data-dir={}",
        driver._profile.path().display()
    ));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({"binary": chromium, "args": args, "prefs": {"intl.accept_languages": "en-US,en"}}),
    );
    let url = format!("http://127.0.0.1:{}", driver.port);
    let mut last = None;
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => return Some((driver, c)),
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("cannot connect to chromedriver: {last:?}");
}

/// Runs axe-core on the current page; fails on serious or critical violations.
async fn assert_accessible(c: &Client, page: &str) {
    let loaded = c.execute("return typeof window.axe", vec![]).await.unwrap();
    if loaded != json!("object") {
        c.execute(AXE, vec![]).await.unwrap();
    }
    let script = r"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
           .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                 targets: v.nodes.map(n => n.target.join(' ')) }))))
           .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), targets: [] }]));";
    let violations = c.execute_async(script, vec![]).await.unwrap();
    let bad: Vec<&Value> = violations
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .collect();
    assert!(bad.is_empty(), "{page}: accessibility violations: {bad:#?}");
}

async fn screenshot(c: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// Fills in and submits the sign-in form on the current page.
async fn fill_sign_in(c: &Client, email: &str) {
    c.find(Locator::Css("#email"))
        .await
        .unwrap()
        .send_keys(email)
        .await
        .unwrap();
    c.find(Locator::Css("#password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    let submit = c
        .find(Locator::Css("form.stack button[type=submit]"))
        .await
        .unwrap();
    submit.click().await.unwrap();
}

/// Clicks the element `css` selects. The page may still be replacing it
/// (a form's redirect, an htmx swap): an element gone stale is found again,
/// for up to 5 s.
pub(crate) async fn click(c: &Client, css: &str) {
    for _ in 0..50 {
        let e = c.find(Locator::Css(css)).await.unwrap();
        match e.click().await {
            Ok(()) => return,
            Err(fantoccini::error::CmdError::Standard(w))
                if w.error == fantoccini::error::ErrorStatus::StaleElementReference =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(other) => panic!("clicking {css}: {other}"),
        }
    }
    panic!("{css} stayed stale for 5 s");
}

/// Types `text` into the element `css` selects (found again while stale,
/// as [`click`]).
pub(crate) async fn type_into(c: &Client, css: &str, text: &str) {
    for _ in 0..50 {
        let e = c.find(Locator::Css(css)).await.unwrap();
        match e.send_keys(text).await {
            Ok(()) => return,
            Err(fantoccini::error::CmdError::Standard(w))
                if w.error == fantoccini::error::ErrorStatus::StaleElementReference =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(other) => panic!("typing into {css}: {other}"),
        }
    }
    panic!("{css} stayed stale for 5 s");
}

/// Polls a JavaScript condition until it is true (10 s at most).
async fn wait_until(c: &Client, condition: &str) {
    for _ in 0..100 {
        // A script run while a page is being replaced fails; that is "not yet".
        if c.execute(condition, vec![])
            .await
            .is_ok_and(|v| v == json!(true))
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for: {condition}");
}

/// The text of the first element matching `css`, waiting up to 10 s for
/// it. An element found on a page that is just being replaced goes stale;
/// then it is looked up again on the new page.
async fn text_of(c: &Client, css: &str) -> String {
    for _ in 0..100 {
        if let Ok(e) = c.find(Locator::Css(css)).await
            && let Ok(text) = e.text().await
        {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no element {css}");
}

#[tokio::test]
async fn a_person_signs_in_searches_the_directory_opens_a_profile_and_switches_to_norwegian() {
    let _serial = SERIAL.lock().await;
    let Some((_driver, c)) = start().await else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite().await).await;

    // Sign in, in English (the browser's language).
    c.goto(&app.url("/people")).await.unwrap();
    assert!(
        c.current_url()
            .await
            .unwrap()
            .as_str()
            .contains("/login?next=/people")
    );
    assert_eq!(text_of(&c, "h1").await, "Sign in to Samspill");
    assert_accessible(&c, "sign-in").await;
    fill_sign_in(&c, "kari@acme.test").await;
    c.wait()
        .for_url(&url::Url::parse(&app.url("/people")).unwrap())
        .await
        .unwrap();
    assert_eq!(text_of(&c, "h1").await, "People");
    assert_accessible(&c, "directory").await;
    screenshot(&c, "directory-en").await;

    // Live search: typing filters the results without a page load.
    c.execute("window.__same_page = true", vec![])
        .await
        .unwrap();
    c.find(Locator::Css("#q"))
        .await
        .unwrap()
        .send_keys("analyst")
        .await
        .unwrap();
    wait_until(
        &c,
        "return document.querySelectorAll('#results .person-card').length === 1",
    )
    .await;
    assert_eq!(text_of(&c, "#results .person-name").await, "Ola Hansen");
    assert!(
        c.current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/people?q=analyst"),
        "the URL follows the search"
    );
    assert_eq!(
        c.execute("return window.__same_page === true", vec![])
            .await
            .unwrap(),
        json!(true)
    );

    // Open the profile.
    c.find(Locator::LinkText("Ola Hansen"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(text_of(&c, "h1").await, "Ola Hansen");
    assert_eq!(text_of(&c, ".lead").await, "Analyst");
    assert_accessible(&c, "profile").await;

    for (path, name) in [
        ("/", "home"),
        ("/units", "org tree"),
        ("/settings", "settings"),
    ] {
        c.goto(&app.url(path)).await.unwrap();
        text_of(&c, "h1").await;
        assert_accessible(&c, name).await;
    }
    c.goto(&app.url("/units")).await.unwrap();
    let first_unit = c
        .find(Locator::Css(".tree a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    c.goto(&app.url(&first_unit)).await.unwrap();
    assert_eq!(text_of(&c, "h1").await, "Acme");
    assert_accessible(&c, "unit").await;

    // Switch the language in the settings; the pages follow.
    c.goto(&app.url("/settings")).await.unwrap();
    c.find(Locator::Css("#locale option[value=nb]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("form[action='/settings'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        text_of(&c, ".alert-ok")
            .await
            .contains("Innstillingene er lagret.")
    );
    assert_eq!(text_of(&c, "h1").await, "Innstillinger");
    assert_accessible(&c, "settings (nb)").await;
    c.goto(&app.url("/people?q=ola")).await.unwrap();
    assert_eq!(text_of(&c, "h1").await, "Personer");
    assert!(text_of(&c, "#results").await.contains("På kontoret"));
    assert_accessible(&c, "directory (nb)").await;
    screenshot(&c, "directory-nb").await;
    c.goto(&app.url("/people/ola")).await.unwrap();
    assert!(text_of(&c, ".facts").await.contains("Brukernavn"));
    assert_eq!(
        c.execute("return document.documentElement.lang", vec![])
            .await
            .unwrap(),
        json!("nb")
    );
    assert_accessible(&c, "profile (nb)").await;

    // On a phone: nothing wider than the screen, navigation still there.
    c.set_window_size(390, 844).await.unwrap();
    for path in ["/", "/people", "/people/ola", "/units", "/settings"] {
        c.goto(&app.url(path)).await.unwrap();
        text_of(&c, "h1").await;
        let fits = c
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(fits, json!(true), "{path} scrolls sideways on a phone");
        assert!(
            c.find(Locator::Css("nav a[href='/people']"))
                .await
                .unwrap()
                .is_displayed()
                .await
                .unwrap()
        );
    }
    screenshot(&c, "settings-phone-nb").await;
    assert_accessible(&c, "settings on a phone").await;

    c.close().await.unwrap();
}

#[tokio::test]
async fn injected_markup_in_a_profile_does_not_run() {
    let _serial = SERIAL.lock().await;
    let Some((_driver, c)) = start().await else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    c.goto(&app.url("/login")).await.unwrap();
    fill_sign_in(&c, "ola@acme.test").await;
    text_of(&c, "h1").await;
    c.goto(&app.url("/settings")).await.unwrap();
    let title = c.find(Locator::Css("#title")).await.unwrap();
    title.clear().await.unwrap();
    title
        .send_keys("<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>")
        .await
        .unwrap();
    c.find(Locator::Css("form[action='/settings'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    text_of(&c, ".alert-ok").await;
    for path in ["/people/ola", "/people?q=ola"] {
        c.goto(&app.url(path)).await.unwrap();
        text_of(&c, "h1").await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            c.execute("return window.__xss === undefined", vec![])
                .await
                .unwrap(),
            json!(true),
            "{path}"
        );
    }
    assert!(
        text_of(&c, "#results")
            .await
            .contains("<script>window.__xss=2</script>"),
        "shown as text"
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_new_post_and_a_comment_reach_the_other_person_live() {
    let _serial = SERIAL.lock().await;
    let Some((_driver_kari, kari)) = start().await else {
        return;
    };
    let Some((_driver_ola, ola)) = start().await else {
        return;
    };
    let app = TestApp::spawn(TestDb::sqlite().await).await;
    for (c, email) in [(&kari, "kari@acme.test"), (&ola, "ola@acme.test")] {
        c.goto(&app.url("/login")).await.unwrap();
        fill_sign_in(c, email).await;
        text_of(c, "h1").await;
        wait_until(
            c,
            "return document.documentElement.dataset.live === 'ready'",
        )
        .await;
    }
    assert_accessible(&kari, "home with feed").await;

    // Ola writes in the org-wide space; Kari's open feed shows it without a reload.
    kari.execute("window.__same_page = true", vec![])
        .await
        .unwrap();
    ola.find(Locator::Css("details.composer summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    ola.find(Locator::Css("#composer-title"))
        .await
        .unwrap()
        .send_keys("Live from the client site")
        .await
        .unwrap();
    let body = ola.find(Locator::Css("#composer-body")).await.unwrap();
    body.send_keys("Anyone tried the new #deploy pipeline? Asking @kar")
        .await
        .unwrap();
    // The composer suggests people for an @mention.
    wait_until(
        &ola,
        "return !document.getElementById('composer-body-mentions').hidden",
    )
    .await;
    let suggestion = ola
        .find(Locator::Css("#composer-body-mentions button"))
        .await
        .unwrap();
    assert_eq!(suggestion.text().await.unwrap(), "Kari Nordmann @kari");
    suggestion.click().await.unwrap();
    assert!(
        body.prop("value")
            .await
            .unwrap()
            .unwrap()
            .ends_with("Asking @kari ")
    );
    ola.find(Locator::Css("form[action='/posts'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(text_of(&ola, "h1").await, "Live from the client site");
    assert_eq!(text_of(&ola, ".post-body a.mention").await, "@kari");
    wait_until(
        &ola,
        "return document.documentElement.dataset.live === 'ready'",
    )
    .await;
    assert_accessible(&ola, "post page").await;
    wait_until(&kari, "return [...document.querySelectorAll('#feed .post-card h3')].some(h => h.textContent.includes('Live from the client site'))").await;
    assert_eq!(
        kari.execute("return window.__same_page === true", vec![])
            .await
            .unwrap(),
        json!(true),
        "no reload"
    );

    // Kari comments; Ola, reading the post, sees the comment and a notification arrive.
    kari.find(Locator::LinkText("Live from the client site"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    text_of(&kari, "#comments-h").await;
    kari.find(Locator::Css("#comment-body"))
        .await
        .unwrap()
        .send_keys("Yes, it works well for us")
        .await
        .unwrap();
    kari.find(Locator::Css(
        "form[action$='/comments'] button[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    wait_until(&ola, "return document.querySelector('#comment-list') && document.querySelector('#comment-list').textContent.includes('Yes, it works well for us')").await;
    wait_until(
        &ola,
        "return document.getElementById('unread-count').textContent.trim() === '1'",
    )
    .await;
    screenshot(&ola, "live-comment").await;

    ola.goto(&app.url("/notifications")).await.unwrap();
    assert!(
        text_of(&ola, "#notification-list")
            .await
            .contains("Kari Nordmann")
    );
    assert_accessible(&ola, "notifications").await;
    ola.goto(&app.url("/spaces")).await.unwrap();
    text_of(&ola, "h1").await;
    assert_accessible(&ola, "spaces").await;
    let first_space = ola
        .find(Locator::Css(".cards a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    ola.goto(&app.url(&first_space)).await.unwrap();
    text_of(&ola, "h1").await;
    assert_accessible(&ola, "space").await;
    kari.close().await.unwrap();
    ola.close().await.unwrap();
}
