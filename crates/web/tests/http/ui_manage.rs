//! The HTML forms that edit a post and manage a space's members: who sees
//! them, what they change, and that forged or token-less posts change
//! nothing.

use reqwest::header::LOCATION;
use reqwest::{Client, StatusCode};
use samspill_testkit::backend_test;
use serde_json::Value;

use crate::helpers::{TestApp, hidden_field};

/// Signs a new client in through the form; returns it and its CSRF token.
pub(crate) async fn signed_in(app: &TestApp, email: &str) -> (Client, String) {
    let client = TestApp::client();
    assert_eq!(
        app.ui_sign_in(&client, email).await.status(),
        StatusCode::SEE_OTHER
    );
    let csrf = hidden_field(&get(app, &client, "/").await, "csrf");
    (client, csrf)
}

pub(crate) async fn get(app: &TestApp, client: &Client, path: &str) -> String {
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "GET {path}");
    res.text().await.unwrap()
}

pub(crate) async fn post_form(
    app: &TestApp,
    client: &Client,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client.post(app.url(path)).form(form).send().await.unwrap()
}

pub(crate) fn location(res: &reqwest::Response) -> &str {
    res.headers()[LOCATION].to_str().unwrap()
}

/// The `<li>` of a person on a members page, if they are listed.
pub(crate) fn member_row<'a>(html: &'a str, handle: &str) -> Option<&'a str> {
    html.split("<li id=\"member-")
        .skip(1)
        .map(|li| &li[..li.find("</li>").unwrap()])
        .find(|li| li.contains(&format!("href=\"/people/{handle}\"")))
}

/// The person id of a member, from their row.
pub(crate) fn member_id(html: &str, handle: &str) -> String {
    let row = member_row(html, handle).unwrap_or_else(|| panic!("{handle} is not listed"));
    row[..row.find('"').unwrap()].to_owned()
}

pub(crate) async fn create_space(
    app: &TestApp,
    client: &Client,
    csrf: &str,
    name: &str,
    visibility: &str,
) -> String {
    let res = post_form(
        app,
        client,
        "/spaces",
        &[
            ("csrf", csrf),
            ("name", name),
            ("description", ""),
            ("visibility", visibility),
        ],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    location(&res).trim_start_matches("/spaces/").to_owned()
}

backend_test! {
    async fn a_post_is_edited_through_its_form_and_only_by_its_author(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (kari, kcsrf) = signed_in(&app, "kari@acme.test").await;
        let (ola, ocsrf) = signed_in(&app, "ola@acme.test").await;
        let spaces: Value = kari.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        let org = spaces["spaces"].as_array().unwrap().iter().find(|s| s["kind"] == "org").unwrap()["id"].as_str().unwrap().to_owned();
        let res = post_form(&app, &kari, "/posts", &[("csrf", &kcsrf), ("space_id", &org), ("kind", "discussion"), ("title", "Old title"), ("body", "Old body")]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let post = location(&res).to_owned();
        let edit = format!("{post}/edit");

        // Arrange: the link is the author's alone.
        let page = get(&app, &kari, &post).await;
        assert!(page.contains(&format!("href=\"{edit}\"")) && !page.contains("· edited"));
        assert!(!get(&app, &ola, &post).await.contains(&format!("href=\"{edit}\"")));

        // Others are refused, and the post stays as it was.
        assert_eq!(ola.get(app.url(&edit)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
        let res = post_form(&app, &ola, &edit, &[("csrf", &ocsrf), ("title", "Hijacked"), ("body", "Hijacked")]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = post_form(&app, &kari, &edit, &[("title", "No token"), ("body", "No token")]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "missing CSRF token");
        let missing = format!("/posts/{}/edit", uuid::Uuid::now_v7());
        assert_eq!(post_form(&app, &kari, &missing, &[("csrf", &kcsrf), ("title", "x"), ("body", "x")]).await.status(), StatusCode::NOT_FOUND);
        let page = get(&app, &kari, &post).await;
        assert!(page.contains("Old title") && page.contains("Old body") && !page.contains("Hijacked") && !page.contains("No token"));

        // The form is prefilled; an invalid edit keeps the input and says why.
        let form = get(&app, &kari, &edit).await;
        assert!(form.contains(r#"value="Old title""#) && form.contains(">\nOld body</textarea>"));
        let res = post_form(&app, &kari, &edit, &[("csrf", &kcsrf), ("title", "Kept <title>"), ("body", "  ")]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(html.contains(r#"id="body-error""#) && html.contains("This field is required."));
        assert!(html.contains(r#"value="Kept &#60;title&#62;""#) || html.contains(r#"value="Kept &lt;title&gt;""#), "input kept, escaped");

        // Act: a valid edit, a little later.
        app.clock.advance(time::Duration::minutes(5));
        let res = post_form(&app, &kari, &edit, &[("csrf", &kcsrf), ("title", "New title"), ("body", "New **body** #edits")]).await;

        // Assert
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&res), post);
        let page = get(&app, &ola, &post).await;
        assert!(page.contains("New title") && page.contains("<strong>body</strong>") && page.contains("href=\"/topics/edits\""));
        assert!(!page.contains("Old title") && page.contains("· edited"));
    }
}

backend_test! {
    async fn a_moderator_adds_a_member_by_handle_changes_their_role_and_removes_them(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (kari, kcsrf) = signed_in(&app, "kari@acme.test").await;
        let (ola, _) = signed_in(&app, "ola@acme.test").await;
        let sid = create_space(&app, &kari, &kcsrf, "Data guild", "private").await;
        let members = format!("/spaces/{sid}/members");
        assert!(get(&app, &kari, &format!("/spaces/{sid}")).await.contains(&format!("href=\"{members}\"")));
        let page = get(&app, &kari, &members).await;
        assert!(page.contains(&format!("action=\"{members}\"")) && member_row(&page, "kari").unwrap().contains("Owner"));

        // An unknown handle keeps the input and says so.
        let res = post_form(&app, &kari, &members, &[("csrf", &kcsrf), ("handle", "nobody")]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(html.contains("Nobody has that handle.") && html.contains(r#"value="nobody""#));

        // Add by handle, with or without the @.
        let res = post_form(&app, &kari, &members, &[("csrf", &kcsrf), ("handle", " @ola ")]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&res), members);
        let page = get(&app, &kari, &members).await;
        let row = member_row(&page, "ola").unwrap();
        assert!(row.contains("Member") && row.contains("Make moderator"));
        let ola_id = member_id(&page, "ola");
        assert!(get(&app, &ola, &format!("/spaces/{sid}")).await.contains("<h1>Data guild</h1>"), "Ola reads the private space");

        // Make moderator, then back.
        let res = post_form(&app, &kari, &format!("{members}/role"), &[("csrf", &kcsrf), ("person_id", &ola_id), ("role", "moderator")]).await;
        assert_eq!((res.status(), location(&res)), (StatusCode::SEE_OTHER, members.as_str()));
        let row = member_row(&get(&app, &kari, &members).await, "ola").unwrap().to_owned();
        assert!(row.contains("Moderator") && row.contains("Make member"), "{row}");
        assert!(get(&app, &ola, &format!("/spaces/{sid}")).await.contains(&format!("href=\"{members}\"")), "a moderator manages members");
        let res = post_form(&app, &kari, &format!("{members}/role"), &[("csrf", &kcsrf), ("person_id", &ola_id), ("role", "member")]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert!(member_row(&get(&app, &kari, &members).await, "ola").unwrap().contains("Make moderator"));

        // Remove.
        let res = post_form(&app, &kari, &format!("{members}/remove"), &[("csrf", &kcsrf), ("person_id", &ola_id)]).await;
        assert_eq!((res.status(), location(&res)), (StatusCode::SEE_OTHER, members.as_str()));
        assert!(member_row(&get(&app, &kari, &members).await, "ola").is_none());
        assert!(get(&app, &ola, &format!("/spaces/{sid}")).await.contains("Only members can read the posts here."));
    }
}

backend_test! {
    async fn a_non_moderator_sees_no_forms_and_a_forged_post_changes_nothing(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (kari, kcsrf) = signed_in(&app, "kari@acme.test").await;
        let (ola, ocsrf) = signed_in(&app, "ola@acme.test").await;
        let sid = create_space(&app, &kari, &kcsrf, "Open guild", "open").await;
        let members = format!("/spaces/{sid}/members");
        let res = post_form(&app, &ola, &format!("/spaces/{sid}/join"), &[("csrf", &ocsrf)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let before = get(&app, &kari, &members).await;
        let kari_id = member_id(&before, "kari");
        let ola_id = member_id(&before, "ola");

        // Ola, a plain member, sees the list but no link and no forms.
        assert!(!get(&app, &ola, &format!("/spaces/{sid}")).await.contains(&format!("href=\"{members}\"")));
        let page = get(&app, &ola, &members).await;
        assert!(member_row(&page, "kari").is_some() && !page.contains(&format!("action=\"{members}")));

        // Forged posts get the services' answer.
        let forged: [(String, Vec<(&str, &str)>); 4] = [
            (members.clone(), vec![("csrf", &ocsrf), ("handle", "lars")]),
            (members.clone(), vec![("csrf", &ocsrf), ("handle", "nobody")]),
            (format!("{members}/role"), vec![("csrf", &ocsrf), ("person_id", &ola_id), ("role", "moderator")]),
            (format!("{members}/remove"), vec![("csrf", &ocsrf), ("person_id", &kari_id)]),
        ];
        for (path, form) in &forged {
            assert_eq!(post_form(&app, &ola, path, form).await.status(), StatusCode::FORBIDDEN, "{path} {form:?}");
        }
        // Without the token, even the owner is refused.
        let tokenless: [(String, Vec<(&str, &str)>); 3] = [
            (members.clone(), vec![("handle", "lars")]),
            (format!("{members}/role"), vec![("person_id", &ola_id), ("role", "moderator")]),
            (format!("{members}/remove"), vec![("csrf", "forged"), ("person_id", &ola_id)]),
        ];
        for (path, form) in &tokenless {
            assert_eq!(post_form(&app, &kari, path, form).await.status(), StatusCode::FORBIDDEN, "{path} {form:?}");
        }
        assert_eq!(get(&app, &kari, &members).await, before, "nothing changed");

        // A secret space is not found, as in the API.
        let secret = create_space(&app, &kari, &kcsrf, "Hush", "secret").await;
        let res = post_form(&app, &ola, &format!("/spaces/{secret}/members"), &[("csrf", &ocsrf), ("handle", "ola")]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(ola.get(app.url(&format!("/spaces/{secret}/members"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    }
}
