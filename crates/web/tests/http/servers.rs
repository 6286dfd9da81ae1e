//! Several app servers on one PostgreSQL database, as `samspill serve`
//! started twice with the same `database.url` behind a load balancer: live
//! updates cross from one server to the other, a session or token made on
//! one works on the other, and an open stream's feed sources follow a
//! membership changed through the other server. PostgreSQL only: several
//! servers on one SQLite file are not supported.

use std::time::Duration;

use reqwest::{Client, StatusCode};
use samspill_testkit::TestDb;
use serde_json::{Value, json};
use tokio::time::timeout;

use crate::helpers::TestApp;
use crate::stream::{Sse, comment, post};

/// How long to wait for something that must happen.
const WAIT: Duration = Duration::from_secs(10);

/// Two servers on one fresh PostgreSQL database, each listening for the
/// other's events; `None` only when PostgreSQL was explicitly skipped.
async fn two_servers() -> Option<(TestApp, TestApp)> {
    let a = TestApp::spawn(TestDb::postgres().await?).await;
    let b = a.spawn_beside().await;
    for app in [&a, &b] {
        timeout(WAIT, app.ctx().bus.ready())
            .await
            .unwrap_or_else(|_| panic!("the live bus does not listen within {WAIT:?}"));
    }
    Some((a, b))
}

async fn get(client: &Client, app: &TestApp, path: &str) -> Value {
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.unwrap()
}

async fn org_space(client: &Client, app: &TestApp) -> String {
    let spaces = get(client, app, "/api/v1/spaces").await;
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

fn discussion(space: &str, title: &str) -> Value {
    json!({"space_id": space, "kind": "discussion", "title": title, "body": "Hello"})
}

#[tokio::test]
async fn posts_and_notifications_made_on_one_server_reach_streams_on_both_once() {
    let Some((a, b)) = two_servers().await else {
        return;
    };
    let kari = TestApp::client();
    let ola = TestApp::client();
    let kcsrf = a.api_sign_in(&kari, "kari@acme.test").await;
    let ocsrf = a.api_sign_in(&ola, "ola@acme.test").await;
    let org = org_space(&ola, &a).await;

    // Kari's pages: one served by B (her session was made on A), one by A.
    let mut on_b = Sse::open(&b, &kari).await;
    let mut on_a = Sse::open(&a, &kari).await;

    // A post made through A reaches both, once each.
    let id = post(&ola, &a, &ocsrf, discussion(&org, "Friday demo")).await;
    for (sse, server) in [(&mut on_b, "B"), (&mut on_a, "A")] {
        let (name, data) = sse.expect("the post made on A").await;
        assert_eq!(name, "post_created", "on {server}: {data}");
        assert_eq!(data["id"], id.as_str(), "on {server}");
        assert_eq!(data["author"]["handle"], "ola");
    }

    // Kari asks through B; Ola answers through A: the notification made on
    // A (with the unread count) and the comment reach her stream on B.
    let question = post(
        &kari,
        &b,
        &kcsrf,
        json!({"space_id": org, "kind": "question", "title": "Which pipeline?", "body": "Asking"}),
    )
    .await;
    let answer = comment(&ola, &a, &ocsrf, &question, "The new one").await;
    for (sse, server) in [(&mut on_b, "B"), (&mut on_a, "A")] {
        let (name, data) = sse.expect("the notification of the answer").await;
        assert_eq!(name, "notification", "on {server}: {data}");
        assert_eq!(data["notification"]["comment_id"], answer.as_str());
        assert_eq!(data["unread"], 1, "on {server}: {data}");
        let (name, data) = sse.expect("the answer").await;
        assert_eq!(name, "comment_created", "on {server}: {data}");
        assert_eq!(data["comment"]["id"], answer.as_str());
    }

    // Nothing came twice (its own server's copy and the notification's).
    assert_eq!(on_b.next(Duration::from_millis(500)).await, None);
    assert_eq!(on_a.next(Duration::from_millis(100)).await, None);
}

#[tokio::test]
async fn a_session_and_a_token_made_on_one_server_work_on_the_other() {
    let Some((a, b)) = two_servers().await else {
        return;
    };
    let kari = TestApp::client();
    let csrf = a.api_sign_in(&kari, "kari@acme.test").await;
    // The cookie carries no port: a browser sends it to whichever server the
    // load balancer picks.
    let me = get(&kari, &b, "/api/v1/me").await;
    assert_eq!(me["person"]["handle"], "kari");

    // A token made on B works on A.
    let res = kari
        .post(b.url("/api/v1/me/tokens"))
        .header("X-CSRF-Token", &csrf)
        .json(&json!({"name": "laptop"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "the CSRF token of A's session"
    );
    let token: Value = res.json().await.unwrap();
    let token = token["token"].as_str().unwrap();
    let me: Value = Client::new()
        .get(a.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["person"]["handle"], "kari");

    // Signing out on B ends the session on A.
    let res = kari
        .delete(b.url("/api/v1/session"))
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let res = kari.get(a.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

/// What would go stale on A: an open stream keeps the viewer's feed
/// sources (their spaces and follows) in memory. Joining and leaving a
/// space through B changes them on A at once.
#[tokio::test]
async fn a_stream_on_one_server_follows_memberships_changed_on_the_other() {
    let Some((a, b)) = two_servers().await else {
        return;
    };
    let kari = TestApp::client();
    let ola = TestApp::client();
    let kcsrf = b.api_sign_in(&kari, "kari@acme.test").await;
    let ocsrf = b.api_sign_in(&ola, "ola@acme.test").await;
    let kari_id = get(&kari, &b, "/api/v1/me").await["person"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let org = org_space(&ola, &b).await;
    let res = ola
        .post(b.url("/api/v1/spaces"))
        .header("X-CSRF-Token", &ocsrf)
        .json(&json!({"name": "Data guild", "visibility": "open"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let guild: Value = res.json().await.unwrap();
    let guild = guild["space"]["id"].as_str().unwrap().to_owned();

    let mut sse = Sse::open(&a, &kari).await;

    // Not her space yet: a guild post is not in her feed. Events leave in
    // order, so if the org post comes first, the guild post was withheld.
    post(&ola, &b, &ocsrf, discussion(&guild, "Guild only")).await;
    let marker = post(&ola, &b, &ocsrf, discussion(&org, "For everyone")).await;
    let (name, data) = sse.expect("the org post").await;
    assert_eq!(
        (name.as_str(), &data["id"]),
        ("post_created", &json!(marker))
    );

    // She joins through B; the stream on A follows at once.
    let res = kari
        .post(b.url(&format!("/api/v1/spaces/{guild}/members")))
        .header("X-CSRF-Token", &kcsrf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let joined = post(&ola, &b, &ocsrf, discussion(&guild, "Welcome, Kari")).await;
    let (name, data) = sse.expect("the guild post after joining").await;
    assert_eq!(
        (name.as_str(), &data["id"]),
        ("post_created", &json!(joined))
    );

    // She leaves through B; the guild's posts stop reaching her on A.
    let res = kari
        .delete(b.url(&format!("/api/v1/spaces/{guild}/members/{kari_id}")))
        .header("X-CSRF-Token", &kcsrf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    post(&ola, &b, &ocsrf, discussion(&guild, "After Kari left")).await;
    let marker = post(&ola, &b, &ocsrf, discussion(&org, "Still for everyone")).await;
    let (name, data) = sse.expect("the second org post").await;
    assert_eq!(
        (name.as_str(), &data["id"]),
        ("post_created", &json!(marker))
    );
}
