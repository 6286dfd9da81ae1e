//! `GET /api/v1/stream`: the server-sent events one person receives, read
//! from the chunked body as a browser would, on both backends.

use std::time::Duration;

use reqwest::{Client, Response, StatusCode};
use samspill_testkit::backend_test;
use serde_json::{Value, json};
use tokio::time::{Instant, timeout};

use crate::helpers::{TestApp, expect_error};

/// How long to wait for an event that must come.
const WAIT: Duration = Duration::from_secs(10);

/// An open event stream.
pub(crate) struct Sse {
    res: Response,
    buf: Vec<u8>,
}

impl Sse {
    pub(crate) async fn open(app: &TestApp, client: &Client) -> Self {
        let res = client.get(app.url("/api/v1/stream")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{content_type}"
        );
        let mut sse = Self {
            res,
            buf: Vec::new(),
        };
        // Sent once the stream is subscribed to the bus: what happens from
        // now on is for this stream to forward or withhold.
        let (name, _) = sse.expect("the ready event").await;
        assert_eq!(name, "ready");
        sse
    }

    /// The next event as (name, JSON data), skipping keep-alive comments;
    /// `None` when none arrives within `wait`.
    pub(crate) async fn next(&mut self, wait: Duration) -> Option<(String, Value)> {
        let deadline = Instant::now() + wait;
        loop {
            while let Some(end) = self.buf.windows(2).position(|w| w == b"\n\n") {
                let block = String::from_utf8(self.buf.drain(..end + 2).collect()).unwrap();
                let (mut name, mut data) = (None, String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = Some(v.trim().to_owned());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if let Some(name) = name {
                    let data = serde_json::from_str(&data)
                        .unwrap_or_else(|e| panic!("event {name}: data {data:?} is not JSON: {e}"));
                    return Some((name, data));
                }
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match timeout(left, self.res.chunk()).await {
                Err(_) => return None,
                Ok(chunk) => match chunk.unwrap() {
                    Some(bytes) => self.buf.extend_from_slice(&bytes),
                    None => panic!("the stream ended"),
                },
            }
        }
    }

    /// The next event, which must come.
    pub(crate) async fn expect(&mut self, what: &str) -> (String, Value) {
        self.next(WAIT)
            .await
            .unwrap_or_else(|| panic!("no event within {WAIT:?}; expected {what}"))
    }
}

pub(crate) async fn post(client: &Client, app: &TestApp, csrf: &str, body: Value) -> String {
    let res = client
        .post(app.url("/api/v1/posts"))
        .header("X-CSRF-Token", csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: Value = res.json().await.unwrap();
    v["post"]["id"].as_str().unwrap().to_owned()
}

pub(crate) async fn comment(
    client: &Client,
    app: &TestApp,
    csrf: &str,
    post: &str,
    body: &str,
) -> String {
    let res = client
        .post(app.url(&format!("/api/v1/posts/{post}/comments")))
        .header("X-CSRF-Token", csrf)
        .json(&json!({ "body": body }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: Value = res.json().await.unwrap();
    v["comment"]["id"].as_str().unwrap().to_owned()
}

backend_test! {
    async fn the_stream_forwards_what_the_viewer_may_read_and_nothing_else(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let ola = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let ocsrf = app.api_sign_in(&ola, "ola@acme.test").await;

        // Kari follows Ola, so every post of Ola's is in Kari's feed sources
        // and only the visibility check can keep the secret one back.
        let profile: Value = kari.get(app.url("/api/v1/people/ola")).send().await.unwrap().json().await.unwrap();
        let ola_id = profile["person"]["id"].as_str().unwrap().to_owned();
        let res = kari.post(app.url("/api/v1/follows")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"person_id": ola_id})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);

        let spaces: Value = ola.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        let org = spaces["spaces"].as_array().unwrap().iter().find(|s| s["kind"] == "org").unwrap()["id"]
            .as_str().unwrap().to_owned();
        let res = ola.post(app.url("/api/v1/spaces")).header("X-CSRF-Token", &ocsrf)
            .json(&json!({"name": "Reorg", "visibility": "secret"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let secret_space: Value = res.json().await.unwrap();
        let secret_space = secret_space["space"]["id"].as_str().unwrap().to_owned();

        let mut sse = Sse::open(&app, &kari).await;

        // In the secret space Kari is not a member of: a post that even
        // mentions her (a notification row she may not see), and a comment.
        let secret = post(&ola, &app, &ocsrf, json!({"space_id": secret_space, "kind": "discussion",
            "title": "Secret plan", "body": "Not for @kari yet"})).await;
        comment(&ola, &app, &ocsrf, &secret, "Still secret").await;
        // Then a post she can read. Events leave the bus in order, so if it
        // is the first thing she receives, none of the secret ones went out.
        let visible = post(&ola, &app, &ocsrf, json!({"space_id": org, "kind": "discussion",
            "title": "Friday demo", "body": "Everyone welcome"})).await;
        let (name, data) = sse.expect("post_created for the visible post").await;
        assert_eq!(name, "post_created", "{data}");
        assert_eq!(data["id"], visible.as_str(), "the first event is the visible post, not {data}");
        assert_eq!(data["author"]["handle"], "ola");
        assert!(!data.to_string().contains("Secret"), "{data}");

        // A comment on Kari's own post: her notification, with the unread
        // count (the secret mention not counted), then the comment itself.
        let mine = post(&kari, &app, &kcsrf, json!({"space_id": org, "kind": "question",
            "title": "Which pipeline?", "body": "Asking the team"})).await;
        let answer = comment(&ola, &app, &ocsrf, &mine, "The new one").await;
        let (name, data) = sse.expect("the notification of the answer").await;
        assert_eq!(name, "notification", "Kari's own post is not sent back to her; got {data}");
        assert_eq!(data["notification"]["kind"], "answer");
        assert_eq!(data["notification"]["comment_id"], answer.as_str());
        assert_eq!(data["notification"]["post_id"], mine.as_str());
        assert_eq!(data["notification"]["read"], false);
        assert_eq!(data["unread"], 1, "{data}");
        let (name, data) = sse.expect("comment_created for the answer").await;
        assert_eq!(name, "comment_created", "{data}");
        assert_eq!(data["post_id"], mine.as_str());
        assert_eq!(data["comment"]["id"], answer.as_str());

        // The next comment counts up.
        let second = comment(&ola, &app, &ocsrf, &mine, "Or the old one").await;
        let (name, data) = sse.expect("the second notification").await;
        assert_eq!(name, "notification", "{data}");
        assert_eq!(data["notification"]["comment_id"], second.as_str());
        assert_eq!(data["unread"], 2, "{data}");
        let (name, data) = sse.expect("comment_created for the second comment").await;
        assert_eq!((name.as_str(), &data["comment"]["id"]), ("comment_created", &json!(second)));

        // The count the stream sends is the one the API reports.
        let notes: Value = kari.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
        assert_eq!(notes["unread"], 2, "{notes}");
        // And nothing else is pending.
        assert_eq!(sse.next(Duration::from_millis(300)).await, None);
    }
}

backend_test! {
    async fn the_stream_needs_a_signed_in_person(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let res = reqwest::get(app.url("/api/v1/stream")).await.unwrap();
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        let res = reqwest::Client::new().get(app.url("/api/v1/stream"))
            .bearer_auth("not-a-token").send().await.unwrap();
        expect_error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
}
