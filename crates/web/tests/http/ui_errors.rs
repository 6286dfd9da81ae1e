//! A form that does not succeed says why: refused actions go back with a
//! message shown once (in the person's language), and a 403 page tells a
//! stale form from an action one may not take.

use std::sync::Arc;

use reqwest::header::{ACCEPT_LANGUAGE, HeaderMap, HeaderValue, SET_COOKIE};
use reqwest::{Client, StatusCode};
use samspill_testkit::backend_test;
use serde_json::Value;

use crate::helpers::{TestApp, hidden_field};
use crate::ui_manage::{create_space, get, location, member_id, member_row, post_form, signed_in};

const NOT_ALLOWED_EN: &str = "You are not allowed to do that.";
const NOT_ALLOWED_NB: &str = "Du har ikke lov til å gjøre dette.";
const EXPIRED_EN: &str = "The form expired or could not be verified.";
const EXPIRED_NB: &str = "Skjemaet er utløpt eller kunne ikke bekreftes.";

/// A refused form: who sends it, the action, its fields, where they are sent
/// back to, the flash's code and what they read there.
type Refused<'a> = (
    &'a Client,
    &'a str,
    Vec<(&'a str, &'a str)>,
    &'a str,
    &'a str,
    &'a str,
);

/// A client whose browser asks for Norwegian Bokmål, signed in.
async fn signed_in_nb(app: &TestApp, email: &str) -> (Client, String) {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("nb-NO,nb;q=0.9"));
    let client = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap();
    assert_eq!(
        app.ui_sign_in(&client, email).await.status(),
        StatusCode::SEE_OTHER
    );
    let csrf = hidden_field(&get(app, &client, "/").await, "csrf");
    (client, csrf)
}

/// The flash message box of a page, if it shows one.
fn flash(html: &str) -> Option<&str> {
    let start = html.find(r#"<div class="alert alert-error" role="alert">"#)?;
    let rest = &html[start..];
    let text = &rest[rest.find('>').unwrap() + 1..];
    Some(&text[..text.find("</div>").unwrap()])
}

async fn org_space(app: &TestApp, client: &Client) -> String {
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
    async fn a_refused_form_goes_back_and_says_why_once_in_the_persons_language(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (kari, kcsrf) = signed_in(&app, "kari@acme.test").await;
        let (ola, ocsrf) = signed_in_nb(&app, "ola@acme.test").await;
        let sid = create_space(&app, &kari, &kcsrf, "Data guild", "open").await;
        let space = format!("/spaces/{sid}");
        let members = format!("{space}/members");
        let org = org_space(&app, &kari).await;
        let res = post_form(&app, &kari, "/posts", &[("csrf", &kcsrf), ("space_id", &org), ("kind", "discussion"), ("body", "Lunch at noon")]).await;
        let post = location(&res).to_owned();
        assert_eq!(post_form(&app, &ola, &format!("{space}/join"), &[("csrf", &ocsrf)]).await.status(), StatusCode::SEE_OTHER);
        let page = get(&app, &kari, &members).await;
        let (kari_id, ola_id) = (member_id(&page, "kari"), member_id(&page, "ola"));
        let leave = format!("{space}/leave");
        let vote = format!("{post}/vote");
        let accept = format!("{post}/accept");
        let comment = format!("{post}/comments");
        let role = format!("{members}/role");
        let join = format!("{space}/join");
        let org_page = format!("/spaces/{org}");
        let join_org = format!("{org_page}/join");
        let unknown = uuid::Uuid::now_v7().to_string();
        let cases: [Refused; 9] = [
            (&kari, &leave, vec![("csrf", &kcsrf)], &space, "last_owner",
                "The last owner cannot leave or stop being owner. Make someone else an owner first."),
            (&kari, &role, vec![("csrf", &kcsrf), ("person_id", &kari_id), ("role", "member")], &members, "last_owner",
                "The last owner cannot leave or stop being owner. Make someone else an owner first."),
            (&kari, &role, vec![("csrf", &kcsrf), ("person_id", &ola_id), ("role", "overlord")], &members, "invalid",
                "That choice is not valid. Reload the page and try again."),
            (&kari, "/spaces", vec![("csrf", &kcsrf), ("name", "  "), ("description", ""), ("visibility", "open")], "/spaces", "community_invalid",
                "The community was not created: give it a name of 1 to 80 characters and a description of at most 1,000."),
            (&ola, &join, vec![("csrf", &ocsrf)], &space, "already_member",
                "Du er allerede medlem av dette rommet."),
            (&ola, &join_org, vec![("csrf", &ocsrf)], &org_page, "cannot_join",
                "Du kan ikke selv bli med i dette rommet. Medlemmene legges til av organisasjonen eller av moderatorene."),
            (&ola, &vote, vec![("csrf", &ocsrf), ("option", "0")], &post, "not_a_poll",
                "Dette innlegget er ikke en avstemning."),
            (&ola, &accept, vec![("csrf", &ocsrf), ("comment_id", &unknown)], &post, "not_a_question",
                "Bare spørsmål kan ha et godtatt svar."),
            (&ola, &comment, vec![("csrf", &ocsrf), ("body", "   ")], &format!("{post}#comments"), "comment_invalid",
                "Kommentaren ble ikke lagt til: skriv 1 til 10 000 tegn."),
        ];
        for (client, action, form, back, code, text) in cases {
            let case = format!("{action} {form:?}");
            let res = post_form(&app, client, action, &form).await;
            assert_eq!((res.status(), location(&res)), (StatusCode::SEE_OTHER, back), "{case}");
            let cookie = res.headers().get_all(SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).find(|c| c.starts_with("samspill_flash=")).unwrap_or_else(|| panic!("no flash cookie: {case}"));
            assert!(cookie.starts_with(&format!("samspill_flash={code};")) && cookie.contains("HttpOnly") && cookie.contains("Max-Age=60"), "{cookie}");
            // The page gone back to says why, once.
            let page = back.split('#').next().unwrap();
            assert_eq!(flash(&get(&app, client, page).await), Some(text), "{case}");
            assert_eq!(flash(&get(&app, client, page).await), None, "shown once: {case}");
        }
        // Nothing happened: Kari still owns the space, Ola is a plain member.
        let page = get(&app, &kari, &members).await;
        assert!(member_row(&page, "kari").unwrap().contains("Owner"));
        assert!(member_row(&page, "ola").unwrap().contains("Make moderator"));
    }
}

backend_test! {
    async fn a_forged_or_unknown_flash_shows_nothing_and_is_cleared(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        assert_eq!(app.ui_sign_in(&client, "kari@acme.test").await.status(), StatusCode::SEE_OTHER);
        let url = app.url("/").parse().unwrap();
        jar.add_cookie_str("samspill_flash=%3Cscript%3Ealert(1)%3C%2Fscript%3E; Path=/", &url);
        let res = client.get(app.url("/")).send().await.unwrap();
        let cleared = res.headers().get_all(SET_COOKIE).iter().any(|v| {
            let v = v.to_str().unwrap();
            v.starts_with("samspill_flash=;") && v.contains("Max-Age=0")
        });
        assert!(cleared, "an unknown flash is cleared too");
        let html = res.text().await.unwrap();
        assert!(flash(&html).is_none() && !html.contains("<script>alert"));
    }
}

backend_test! {
    async fn a_403_page_tells_an_expired_form_from_an_action_one_may_not_take(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (kari, kcsrf) = signed_in(&app, "kari@acme.test").await;
        let (lars, lcsrf) = signed_in(&app, "lead@acme.test").await;
        let (ola, ocsrf) = signed_in_nb(&app, "ola@acme.test").await;
        let sid = create_space(&app, &kari, &kcsrf, "Data guild", "open").await;
        let members = format!("/spaces/{sid}/members");
        assert_eq!(post_form(&app, &ola, &format!("/spaces/{sid}/join"), &[("csrf", &ocsrf)]).await.status(), StatusCode::SEE_OTHER);
        let kari_id = member_id(&get(&app, &kari, &members).await, "kari");
        let res = post_form(&app, &kari, "/posts", &[("csrf", &kcsrf), ("space_id", &sid), ("kind", "discussion"), ("body", "Mine")]).await;
        let edit = format!("{}/edit", location(&res));

        // Not allowed: a member removing the owner; someone editing another's post.
        let refused = [
            (&lars, format!("{members}/remove"), vec![("csrf", lcsrf.as_str()), ("person_id", kari_id.as_str())], NOT_ALLOWED_EN, EXPIRED_EN),
            (&ola, format!("{members}/remove"), vec![("csrf", ocsrf.as_str()), ("person_id", kari_id.as_str())], NOT_ALLOWED_NB, EXPIRED_NB),
            (&lars, edit.clone(), vec![("csrf", lcsrf.as_str()), ("title", "x"), ("body", "x")], NOT_ALLOWED_EN, EXPIRED_EN),
        ];
        for (client, path, form, says, not) in &refused {
            let res = post_form(&app, client, path, form).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
            let html = res.text().await.unwrap();
            assert!(html.contains(says) && !html.contains(not), "{path}: {html}");
        }
        let res = lars.get(app.url(&edit)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert!(res.text().await.unwrap().contains(NOT_ALLOWED_EN));

        // A wrong or missing token: the form expired, whoever sends it.
        let stale = [
            (&kari, format!("/spaces/{sid}/leave"), vec![("csrf", "forged")], EXPIRED_EN, NOT_ALLOWED_EN),
            (&kari, edit.clone(), vec![("title", "x"), ("body", "x")], EXPIRED_EN, NOT_ALLOWED_EN),
            (&kari, "/spaces".to_owned(), vec![("csrf", "old"), ("name", "New"), ("visibility", "open")], EXPIRED_EN, NOT_ALLOWED_EN),
            (&ola, "/notifications/read".to_owned(), vec![("csrf", "old")], EXPIRED_NB, NOT_ALLOWED_NB),
            (&ola, "/settings".to_owned(), vec![("name", "Ola")], EXPIRED_NB, NOT_ALLOWED_NB),
            (&lars, "/logout".to_owned(), vec![("csrf", "old")], EXPIRED_EN, NOT_ALLOWED_EN),
        ];
        for (client, path, form, says, not) in &stale {
            let res = post_form(&app, client, path, form).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
            let html = res.text().await.unwrap();
            assert!(html.contains(says) && !html.contains(not), "{path}: {html}");
        }
        // Nothing changed.
        let page = get(&app, &kari, &members).await;
        assert!(page.contains("href=\"/people/kari\"") && page.contains("href=\"/people/ola\""));
    }
}
