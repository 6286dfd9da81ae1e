//! The hostile-input corpus through the whole stack: each line becomes a
//! post's title and body through the API, and neither the API's `body_html`
//! nor the post's page comes back with anything executable.

use reqwest::StatusCode;
use samspill_testkit::backend_test;
use serde_json::{Value, json};

use crate::helpers::TestApp;

const CORPUS: &str = include_str!("../../../services/tests/xss/corpus.txt");

fn inputs() -> Vec<String> {
    CORPUS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with(";;"))
        .map(|l| {
            l.replace("\\n", "\n")
                .replace("\\t", "\t")
                .replace("\\r", "\r")
                .replace("\\0", "\0")
                .replace("\\\\", "\\")
        })
        .collect()
}

/// Executable attributes in the real tags of a page: event handlers, and
/// URLs with a script scheme. Text between tags is escaped user content and
/// may say anything.
fn event_handlers(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        for (name, value) in attributes(tag) {
            let url = matches!(
                name.as_str(),
                "href" | "src" | "action" | "formaction" | "background" | "data" | "srcdoc"
            );
            let scheme = value.trim_start().to_lowercase();
            if name.starts_with("on")
                || (url
                    && ["javascript:", "vbscript:", "data:"]
                        .iter()
                        .any(|s| scheme.starts_with(s)))
            {
                found.push(tag.to_owned());
            }
        }
        rest = &rest[end..];
    }
    found
}

/// `name=value` pairs of a start tag (the tag name first, with no value).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let chars: Vec<char> = tag.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' && chars[i] != '/' {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect();
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let q = chars[i];
                i += 1;
                while i < chars.len() && chars[i] != q {
                    value.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && !chars[i].is_whitespace() {
                    value.push(chars[i]);
                    i += 1;
                }
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

backend_test! {
    async fn no_hostile_input_comes_back_executable_from_the_api_or_the_page(t: TestDb) {
        assert_eq!(event_handlers(r#"<a href=" javascript:x">t</a><p title="onclick=x">on x=1</p>"#).len(), 1, "the check itself works");
        assert_eq!(event_handlers("<img src=x onerror=alert(1)>").len(), 1);
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        let csrf = app.api_sign_in(&client, "kari@acme.test").await;
        let spaces: Value = client.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        let org = spaces["spaces"][0]["id"].as_str().unwrap().to_owned();
        let inputs = inputs();
        assert!(inputs.len() >= 100, "{} inputs", inputs.len());
        let mut checked = 0;
        for input in &inputs {
            let title: String = input.chars().filter(|c| !c.is_control()).take(200).collect();
            let res = client.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &csrf)
                .json(&json!({"space_id": org, "kind": "discussion", "title": title, "body": input}))
                .send().await.unwrap();
            if res.status() == StatusCode::UNPROCESSABLE_ENTITY {
                continue; // e.g. a body of only whitespace
            }
            assert_eq!(res.status(), StatusCode::CREATED, "{input:?}");
            let post: Value = res.json().await.unwrap();
            let body_html = post["post"]["body_html"].as_str().unwrap().to_lowercase();
            assert!(!body_html.contains("<script") && event_handlers(&body_html).is_empty(), "API: {input:?} -> {body_html}");
            let id = post["post"]["id"].as_str().unwrap();
            let page = client.get(app.url(&format!("/posts/{id}"))).send().await.unwrap().text().await.unwrap().to_lowercase();
            assert_eq!(page.matches("<script").count(), 2, "page: {input:?}: only our own two scripts");
            assert!(event_handlers(&page).is_empty(), "page: {input:?}: {:?}", event_handlers(&page));
            checked += 1;
        }
        assert!(checked >= 100, "{checked} inputs checked");
        // The feed shows them all too; it stays clean.
        let feed = client.get(app.url("/")).send().await.unwrap().text().await.unwrap().to_lowercase();
        assert_eq!(feed.matches("<script").count(), 2);
        assert!(event_handlers(&feed).is_empty());
    }
}

/// Asserts a 422 `invalid_input` envelope naming `field`.
async fn refused(res: reqwest::Response, field: &str, what: &str) {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {body}");
    assert_eq!(body["error"]["code"], "invalid_input", "{what}: {body}");
    assert!(
        body["error"]["fields"][field].is_string(),
        "{what}: field {field} in {body}"
    );
}

/// A cursor as the lists make them (base64url of JSON), holding a NUL.
fn cursor_with_nul(first: Value) -> String {
    use base64::Engine;
    let json = json!([first, uuid::Uuid::now_v7()]).to_string();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

backend_test! {
    async fn a_nul_in_any_api_field_is_refused_before_it_reaches_the_database(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        let csrf = app.api_sign_in(&client, "kari@acme.test").await;
        let spaces: Value = client.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        let org = spaces["spaces"][0]["id"].as_str().unwrap().to_owned();
        let res = client.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &csrf)
            .json(&json!({"space_id": org, "kind": "discussion", "title": "", "body": "Hello"}))
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let post: Value = res.json().await.unwrap();
        let post_id = post["post"]["id"].as_str().unwrap().to_owned();
        let tables = ["login_failures", "sessions", "api_tokens", "follows", "posts", "comments", "spaces", "events"];
        let mut before = Vec::new();
        for table in tables {
            before.push(app.rows(table).await);
        }

        let anonymous = reqwest::Client::new();
        let res = anonymous.post(app.url("/api/v1/session"))
            .json(&json!({"email": "kari\u{0}@acme.test", "password": crate::helpers::PASSWORD}))
            .send().await.unwrap();
        refused(res, "email", "sign-in e-mail").await;

        let bodies: [(&str, &str, Value, &str); 9] = [
            ("POST", "/api/v1/me/tokens", json!({"name": "laptop\u{0}"}), "name"),
            ("POST", "/api/v1/follows", json!({"topic": "data\u{0}"}), "topic"),
            ("POST", "/api/v1/posts", json!({"space_id": org, "kind": "discussion", "title": "T\u{0}", "body": "Hello"}), "title"),
            ("POST", "/api/v1/posts", json!({"space_id": org, "kind": "discussion", "title": "", "body": "He\u{0}llo"}), "body"),
            ("POST", "/api/v1/posts", json!({"space_id": org, "kind": "poll", "title": "", "body": "Pick", "options": ["a", "b\u{0}"]}), "options"),
            ("POST", &format!("/api/v1/posts/{post_id}/comments"), json!({"body": "\u{0}"}), "body"),
            ("PATCH", &format!("/api/v1/posts/{post_id}"), json!({"body": "x\u{0}"}), "body"),
            ("POST", "/api/v1/spaces", json!({"name": "Club\u{0}", "visibility": "open"}), "name"),
            ("PATCH", "/api/v1/me", json!({"name": "Kari\u{0}"}), "name"),
        ];
        for (method, path, body, field) in bodies {
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            let res = client.request(method, app.url(path)).header("X-CSRF-Token", &csrf).json(&body).send().await.unwrap();
            refused(res, field, &format!("{path} {body}")).await;
        }

        let people_cursor = cursor_with_nul(json!("kari\u{0}"));
        let feed_cursor = cursor_with_nul(json!("2026-11-27T10:00:00Z\u{0}"));
        let urls = [
            ("/api/v1/people?q=ka%00ri", "q"),
            ("/api/v1/search?q=ka%00ri", "q"),
            ("/api/v1/people/ka%00ri", "path"),
            ("/api/v1/topics/da%00ta/posts", "path"),
            ("/api/v1/feed?cursor=%00", "cursor"),
            (&format!("/api/v1/people?cursor={people_cursor}"), "cursor"),
            (&format!("/api/v1/feed?cursor={feed_cursor}"), "cursor"),
            (&format!("/api/v1/topics/data/posts?cursor={feed_cursor}"), "cursor"),
        ];
        for (url, field) in urls {
            let res = client.get(app.url(url)).send().await.unwrap();
            refused(res, field, url).await;
        }

        for (table, n) in tables.iter().zip(before) {
            assert_eq!(app.rows(table).await, n, "nothing was written to {table}");
        }
        let me: Value = client.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["person"]["name"], "Kari Nordmann");
    }
}

backend_test! {
    async fn a_nul_in_a_ui_form_or_url_is_a_4xx_page_and_nothing_is_stored(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        assert_eq!(app.ui_sign_in(&client, "kari@acme.test").await.status(), StatusCode::SEE_OTHER);
        let page = client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        let csrf = crate::helpers::hidden_field(&page, "csrf");
        let spaces: Value = client.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        let space_id = spaces["spaces"][0]["id"].as_str().unwrap().to_owned();
        let posts = app.rows("posts").await;

        let res = client.post(app.url("/posts"))
            .form(&[("csrf", csrf.as_str()), ("space_id", &space_id), ("kind", "discussion"), ("title", ""), ("body", "He\u{0}llo")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "post form");
        assert!(res.text().await.unwrap().contains("<html"), "an HTML page");
        let res = client.post(app.url("/settings"))
            .form(&[("csrf", csrf.as_str()), ("name", "Kari\u{0}"), ("title", ""), ("work_mode", "office"), ("locale", ""), ("time_zone", "UTC")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "settings form");
        for url in ["/people?q=ka%00ri", "/people/ka%00ri", "/topics/da%00ta", "/search?q=%00"] {
            let res = client.get(app.url(url)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        }
        let anonymous = TestApp::client();
        let res = anonymous.post(app.url("/login"))
            .form(&[("email", "kari\u{0}@acme.test"), ("password", crate::helpers::PASSWORD), ("csrf", "x"), ("next", "/")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "sign-in form");

        assert_eq!(app.rows("posts").await, posts, "no post was written");
        assert_eq!(app.rows("login_failures").await, 0, "no failure was counted");
        let me: Value = client.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["person"]["name"], "Kari Nordmann");
    }
}

backend_test! {
    async fn unknown_time_zones_and_bidi_controls_in_names_are_refused(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        let csrf = app.api_sign_in(&client, "kari@acme.test").await;
        for (body, field) in [
            (json!({"time_zone": "Mars/Olympus"}), "time_zone"),
            (json!({"time_zone": "Etc/GMT+99"}), "time_zone"),
            (json!({"name": "Kari \u{202E}nnamdroN"}), "name"),
            (json!({"name": "\u{2067}Kari\u{2069}"}), "name"),
        ] {
            let res = client.patch(app.url("/api/v1/me")).header("X-CSRF-Token", &csrf).json(&body).send().await.unwrap();
            refused(res, field, &body.to_string()).await;
        }
        let res = client.patch(app.url("/api/v1/me")).header("X-CSRF-Token", &csrf)
            .json(&json!({"time_zone": "asia/kathmandu", "title": "Data \u{202E}reenignE"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let me: Value = res.json().await.unwrap();
        assert_eq!(me["person"]["time_zone"], "Asia/Kathmandu", "{me}");
        assert_eq!(me["person"]["title"], "Data reenignE", "{me}");
    }
}

backend_test! {
    async fn bidi_controls_are_removed_from_posts_and_never_rendered(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let client = TestApp::client();
        let csrf = app.api_sign_in(&client, "kari@acme.test").await;
        let spaces: Value = client.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        let org = spaces["spaces"][0]["id"].as_str().unwrap().to_owned();
        let bidi = |s: &str| s.chars().any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'));

        let res = client.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &csrf)
            .json(&json!({"space_id": org, "kind": "discussion", "title": "Invoice \u{202E}fdp.exe",
                "body": "Open \u{202E}gpj.exe\u{202C} now, or &#x202E;this&#8238; or `\u{2066}code\u{2069}` #data\u{202E}"}))
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let post: Value = res.json().await.unwrap();
        let p = &post["post"];
        assert_eq!(p["title"], "Invoice fdp.exe");
        assert!(!bidi(p["body"].as_str().unwrap()), "{p}");
        assert!(p["body"].as_str().unwrap().starts_with("Open gpj.exe now"), "{p}");
        assert!(!bidi(p["body_html"].as_str().unwrap()), "entities do not bring them back: {p}");
        let id = p["id"].as_str().unwrap().to_owned();

        let res = client.post(app.url(&format!("/api/v1/posts/{id}/comments"))).header("X-CSRF-Token", &csrf)
            .json(&json!({"body": "Agreed \u{2067}!\u{2069}"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let comment: Value = res.json().await.unwrap();
        assert!(!bidi(&comment.to_string()), "{comment}");
        let res = client.post(app.url("/api/v1/spaces")).header("X-CSRF-Token", &csrf)
            .json(&json!({"name": "Club \u{202E}buh", "description": "\u{202D}x", "visibility": "open"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let space: Value = res.json().await.unwrap();
        assert_eq!(space["space"]["name"], "Club buh", "{space}");
        assert!(!bidi(&space.to_string()), "{space}");

        let page = client.get(app.url(&format!("/posts/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Invoice fdp.exe"));
        assert!(!bidi(&page), "the page carries no bidi control");
    }
}
