//! The HTML UI over HTTP: sign-in, pages, languages, settings, CSRF, escaping.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, LOCATION};
use samspill_testkit::backend_test;

use crate::helpers::{TestApp, hidden_field};

backend_test! {
    async fn pages_need_a_session_and_sign_in_returns_to_the_asked_page(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        let res = client.get(app.url("/people?q=a b")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()[LOCATION], "/login?next=/people%3Fq%3Da%2520b");

        let page = client.get(app.url("/login?next=/units")).send().await.unwrap().text().await.unwrap();
        let csrf = hidden_field(&page, "csrf");
        assert_eq!(hidden_field(&page, "next"), "/units");
        let res = client.post(app.url("/login"))
            .form(&[("email", "kari@acme.test"), ("password", "wrong password"), ("csrf", &csrf), ("next", "/units")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert!(res.text().await.unwrap().contains("Wrong e-mail or password."));

        let res = client.post(app.url("/login"))
            .form(&[("email", "kari@acme.test"), ("password", crate::helpers::PASSWORD), ("csrf", &csrf), ("next", "//evil.example")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()[LOCATION], "/", "foreign next is ignored");
    }
}

backend_test! {
    async fn the_sign_in_form_refuses_a_post_without_its_token(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        let res = client.post(app.url("/login"))
            .form(&[("email", "kari@acme.test"), ("password", crate::helpers::PASSWORD), ("csrf", "forged"), ("next", "/")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.text().await.unwrap().contains("Your form expired"));
        assert_eq!(client.get(app.url("/")).send().await.unwrap().status(), StatusCode::SEE_OTHER, "not signed in");
    }
}

backend_test! {
    async fn home_directory_profile_and_org_pages_show_the_organization(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        assert_eq!(app.ui_sign_in(&client, "kari@acme.test").await.status(), StatusCode::SEE_OTHER);
        let get = |path: &str| {
            let (c, url) = (client.clone(), app.url(path));
            async move {
                let res = c.get(url).send().await.unwrap();
                assert_eq!(res.status(), StatusCode::OK);
                res.text().await.unwrap()
            }
        };
        let home = get("/").await;
        assert!(home.contains("Welcome, Kari Nordmann"));
        assert!(home.contains("Reports to") && home.contains("Lars Lund"), "the unit's leader");
        assert!(home.contains("Ola Hansen"), "a colleague");
        assert!(home.contains(r##"<a class="skip-link" href="#main">"##));
        assert!(home.contains(r#"<html lang="en">"#));

        let found = get("/people?q=analyst").await;
        assert!(found.contains("Ola Hansen") && !found.contains("@kari"));
        assert!(get("/people?q=zzzz").await.contains("Nobody matches your search."));
        let profile = get("/people/lars").await;
        assert!(profile.contains("Head of Data") && profile.contains("Leader") && profile.contains("Cecilie Berg"));
        let tree = get("/units").await;
        assert!(tree.contains(">Acme</a>") && tree.contains(">Data</a>") && tree.contains("3 members"));
        let unit_href = tree.split("href=\"/units/").nth(2).unwrap().split('"').next().unwrap();
        let unit = get(&format!("/units/{unit_href}")).await;
        assert!(unit.contains("Lars Lund") && unit.contains("Ola Hansen"));
        let missing = client.get(app.url("/people/nobody")).send().await.unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert!(missing.text().await.unwrap().contains("does not exist"));
    }
}

backend_test! {
    async fn the_language_follows_the_setting_else_the_browser(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        let login = client.get(app.url("/login")).header(ACCEPT_LANGUAGE, "nb-NO,nb;q=0.9,en;q=0.5").send().await.unwrap().text().await.unwrap();
        assert!(login.contains("Logg inn i Samspill") && login.contains(r#"lang="nb""#));

        app.ui_sign_in(&client, "kari@acme.test").await;
        let home = client.get(app.url("/")).header(ACCEPT_LANGUAGE, "nb").send().await.unwrap().text().await.unwrap();
        assert!(home.contains("Velkommen, Kari Nordmann"), "browser language when the person has none");

        let settings = client.get(app.url("/settings")).send().await.unwrap().text().await.unwrap();
        let csrf = hidden_field(&settings, "csrf");
        let res = client.post(app.url("/settings"))
            .form(&[("csrf", csrf.as_str()), ("name", "Kari Nordmann"), ("title", "Data Engineer"), ("work_mode", "client_site"), ("locale", "nb"), ("time_zone", "Europe/Oslo")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()[LOCATION], "/settings?done=saved");
        let home = client.get(app.url("/")).header(ACCEPT_LANGUAGE, "en").send().await.unwrap().text().await.unwrap();
        assert!(home.contains("Velkommen, Kari Nordmann") && home.contains("Rapporterer til"), "the setting wins over the browser");
        let people = client.get(app.url("/people")).send().await.unwrap().text().await.unwrap();
        assert!(people.contains("Søk etter personer") && people.contains("Hos kunde"));
    }
}

backend_test! {
    async fn settings_forms_check_csrf_and_show_every_field_error(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        app.ui_sign_in(&client, "ola@acme.test").await;
        let res = client.post(app.url("/settings"))
            .form(&[("csrf", "forged"), ("name", "Hacked"), ("title", ""), ("work_mode", "office"), ("locale", ""), ("time_zone", "UTC")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);

        let page = client.get(app.url("/settings")).send().await.unwrap().text().await.unwrap();
        let csrf = hidden_field(&page, "csrf");
        let res = client.post(app.url("/settings"))
            .form(&[("csrf", csrf.as_str()), ("name", " "), ("title", "Analyst"), ("work_mode", "hybrid"), ("locale", ""), ("time_zone", "not a zone")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(html.contains(r#"id="name-error""#) && html.contains(r#"id="tz-error""#) && html.contains("aria-invalid=\"true\""));

        let res = client.post(app.url("/settings/password"))
            .form(&[("csrf", csrf.as_str()), ("current_password", "not it"), ("new_password", "a brand new password")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("The current password is wrong."));
        let res = client.post(app.url("/settings/password"))
            .form(&[("csrf", csrf.as_str()), ("current_password", crate::helpers::PASSWORD), ("new_password", "a brand new password")])
            .send().await.unwrap();
        assert_eq!(res.headers()[LOCATION], "/settings?done=password");
        let page = client.get(app.url("/settings?done=password")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Your password is changed."), "still signed in with the fresh session");
    }
}

backend_test! {
    async fn markup_in_names_and_titles_is_escaped(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        app.ui_sign_in(&client, "ola@acme.test").await;
        let page = client.get(app.url("/settings")).send().await.unwrap().text().await.unwrap();
        let csrf = hidden_field(&page, "csrf");
        let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        let res = client.post(app.url("/settings"))
            .form(&[("csrf", csrf.as_str()), ("name", "Ola \"><svg onload=alert(3)>"), ("title", evil), ("work_mode", "office"), ("locale", ""), ("time_zone", "UTC")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        for path in ["/people/ola", "/people?q=ola", "/"] {
            let html = client.get(app.url(path)).send().await.unwrap().text().await.unwrap();
            assert!(!html.contains("<script>alert") && !html.contains("<img src=x") && !html.contains("<svg onload"), "{path}");
            assert!(html.contains("&lt;script&gt;") || html.contains("&#60;script&#62;") || path == "/", "{path}");
        }
    }
}

backend_test! {
    async fn signing_out_needs_the_form_token_and_ends_the_session(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        app.ui_sign_in(&client, "kari@acme.test").await;
        let home = client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        let csrf = hidden_field(&home, "csrf");
        assert_eq!(client.post(app.url("/logout")).form(&[("csrf", "forged")]).send().await.unwrap().status(), StatusCode::FORBIDDEN);
        let res = client.post(app.url("/logout")).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(res.headers()[LOCATION], "/login");
        assert_eq!(client.get(app.url("/")).send().await.unwrap().status(), StatusCode::SEE_OTHER);
    }
}

backend_test! {
    async fn sign_in_never_redirects_off_site_or_fails_on_a_bad_next(t: TestDb) {
        // Browsers drop tab, CR and LF, so `/\t/evil.example` is `//evil.example`
        // to them; control characters used to fail the redirect after the
        // session had been made.
        let app = TestApp::spawn(t).await;
        for next in [
            "/\t/evil.example/phish",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\\evil.example",
            "/a\r\nSet-Cookie: x=1",
            "/../..//evil.example",
            "https://evil.example",
        ] {
            let client = TestApp::client();
            let page = client.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
            let csrf = hidden_field(&page, "csrf");
            let res = client.post(app.url("/login"))
                .form(&[("email", "kari@acme.test"), ("password", crate::helpers::PASSWORD), ("csrf", &csrf), ("next", next)])
                .send().await.unwrap();
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next:?}");
            assert_eq!(res.headers()[LOCATION], "/", "{next:?}");
        }
        // Other control characters are refused with every form field at the
        // input boundary: a 422 page, and no session.
        for next in ["/a\u{b}b", "/a\u{0}b"] {
            let client = TestApp::client();
            let page = client.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
            let csrf = hidden_field(&page, "csrf");
            let res = client.post(app.url("/login"))
                .form(&[("email", "kari@acme.test"), ("password", crate::helpers::PASSWORD), ("csrf", &csrf), ("next", next)])
                .send().await.unwrap();
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{next:?}");
            assert_eq!(client.get(app.url("/")).send().await.unwrap().status(), StatusCode::SEE_OTHER, "not signed in");
        }
        let client = TestApp::client();
        let page = client.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
        let csrf = hidden_field(&page, "csrf");
        let res = client.post(app.url("/login"))
            .form(&[("email", "kari@acme.test"), ("password", crate::helpers::PASSWORD), ("csrf", &csrf), ("next", "/people?q=a b")])
            .send().await.unwrap();
        assert_eq!(res.headers()[LOCATION], "/people?q=a%20b", "a local next is kept, encoded");
        // Already signed in: the same rule on GET /login.
        let res = client.get(app.url("/login?next=/%09/evil.example")).send().await.unwrap();
        assert_eq!(res.headers()[LOCATION], "/");
    }
}
