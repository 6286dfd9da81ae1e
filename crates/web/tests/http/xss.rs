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
