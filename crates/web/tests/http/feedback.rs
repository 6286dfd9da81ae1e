//! Feedback to leaders through the API, on both backends: who may read and
//! answer, refused statuses as 409, the reply token, and anonymity checked
//! in every answer, notification and log line (the log is captured).

use std::io::Write;
use std::sync::{Arc, Mutex};

use reqwest::{Client, StatusCode};
use samspill_testkit::backend_test;
use serde_json::{Value, json};

use crate::helpers::{TestApp, expect_error};

const EXPLAIN: &str = "Thank you, we will take this up at the next team meeting.";

async fn person_id(app: &TestApp, client: &Client, handle: &str) -> String {
    let v: Value = client
        .get(app.url(&format!("/api/v1/people/{handle}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["person"]["id"].as_str().unwrap().to_owned()
}

/// A log writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

backend_test! {
    async fn anonymous_feedback_says_nothing_of_its_writer_in_answers_notifications_or_logs(t: TestDb) {
        // The server runs on this test's (single) thread, so a default
        // subscriber set here sees every request's log lines.
        let log = Captured::default();
        let sink = log.clone();
        // Everything at `trace`, less what production always turns off.
        let mut filter = tracing_subscriber::EnvFilter::new("trace");
        for d in samspill_web::config::FORCED_LOG_DIRECTIVES {
            filter = filter.add_directive(d.parse().unwrap());
        }
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);

        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let lars = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let lcsrf = app.api_sign_in(&lars, "lead@acme.test").await;
        let kari_id = person_id(&app, &kari, "kari").await;
        let lars_id = person_id(&app, &kari, "lars").await;
        let session = kari
            .get(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap();
        assert_eq!(session.status(), StatusCode::OK);
        log.0.lock().unwrap().clear();

        // Three anonymous items: each answer is the token, and nothing else.
        let mut tokens = Vec::new();
        for body in ["The on-call rota burns people out", "Releases on Fridays", "More pairing"] {
            let res = kari.post(app.url("/api/v1/feedback")).header("X-CSRF-Token", &kcsrf)
                .json(&json!({"to_person_id": lars_id, "category": "concern", "body": body, "anonymous": true}))
                .send().await.unwrap();
            assert_eq!(res.status(), StatusCode::CREATED);
            let v: Value = res.json().await.unwrap();
            assert_eq!(v.as_object().unwrap().len(), 1, "{v}");
            tokens.push(v["reply_token"].as_str().unwrap().to_owned());
        }
        // Waiting: the writer sees so, from a browser with no session.
        let fresh = Client::new();
        let v: Value = fresh.get(app.url("/api/v1/feedback/thread")).header("X-Reply-Token", &tokens[0])
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(v["feedback"]["delivered_at"], Value::Null, "{v}");
        let inbox: Value = lars.get(app.url("/api/v1/feedback/inbox")).send().await.unwrap().json().await.unwrap();
        assert_eq!(inbox["feedback"], json!([]));

        samspill_services::leadership::feedback::tick(app.ctx()).await.unwrap();
        let res = lars.get(app.url("/api/v1/feedback/inbox")).send().await.unwrap();
        let text = res.text().await.unwrap();
        let inbox: Value = serde_json::from_str(&text).unwrap();
        let items = inbox["feedback"].as_array().unwrap();
        assert_eq!(items.len(), 3);
        let id = items[0]["id"].as_str().unwrap().to_owned();
        let res = lars.post(app.url(&format!("/api/v1/feedback/{id}/responses"))).header("X-CSRF-Token", &lcsrf)
            .json(&json!({"body": EXPLAIN, "status": "in_progress"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let answered = res.text().await.unwrap();
        let notes = lars.get(app.url("/api/v1/notifications")).send().await.unwrap().text().await.unwrap();
        let v: Value = serde_json::from_str(&notes).unwrap();
        let batch: Vec<&Value> = v["notifications"].as_array().unwrap().iter().filter(|n| n["kind"] == "feedback_batch").collect();
        assert_eq!(batch.len(), 1, "{notes}");
        assert_eq!((&batch[0]["actor"], &batch[0]["subject_id"]), (&Value::Null, &Value::Null), "{notes}");
        let kari_notes = kari.get(app.url("/api/v1/notifications")).send().await.unwrap().text().await.unwrap();
        assert!(!kari_notes.contains("feedback"), "{kari_notes}");

        // The writer reads the answer and replies with the token, without a
        // session; with her session cookie too, which is not read.
        let mut thread = None;
        for tk in &tokens {
            let v: Value = fresh.get(app.url("/api/v1/feedback/thread")).header("X-Reply-Token", tk)
                .send().await.unwrap().json().await.unwrap();
            if v["feedback"]["id"] == id.as_str() {
                thread = Some((tk.clone(), v));
            }
        }
        let (tk, v) = thread.unwrap();
        assert_eq!(v["messages"][0]["body"], EXPLAIN);
        assert!(v["feedback"]["delivered_at"].is_string());
        let res = kari.post(app.url("/api/v1/feedback/thread")).header("X-Reply-Token", &tk)
            .json(&json!({"body": "Thanks, a second person on call would help."})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let replied = res.text().await.unwrap();
        let v: Value = serde_json::from_str(&replied).unwrap();
        let reply = &v["messages"][1];
        assert_eq!((&reply["from_writer"], &reply["author_id"]), (&json!(true), &Value::Null));
        assert!(reply["created_at"].as_str().unwrap().ends_with("T00:00:00Z"), "{reply}");
        let thread_as_leader = lars.get(app.url(&format!("/api/v1/feedback/{id}"))).send().await.unwrap().text().await.unwrap();

        // No answer names the writer.
        let session_text = session.text().await.unwrap();
        let session_json: Value = serde_json::from_str(&session_text).unwrap();
        let csrf = session_json["csrf_token"].as_str().unwrap_or(&kcsrf).to_owned();
        let linked = [kari_id.as_str(), "kari@acme.test", "Kari Nordmann", "\"kari\"", csrf.as_str()];
        for answer in [&text, &answered, &notes, &replied, &thread_as_leader] {
            for v in linked {
                assert!(!answer.contains(v), "an answer holds {v}: {answer}");
            }
        }
        // Nor does any log line; and none holds a token or the client address.
        let logged = log.text();
        assert!(logged.contains("/api/v1/feedback"), "the capture works: {logged}");
        for v in linked.iter().copied().chain(tokens.iter().map(String::as_str)) {
            assert!(!logged.contains(v), "the log holds {v}");
        }
        // (The test's own HTTP client logs the server's address; the server
        // must log no address.)
        let with_ip: Vec<&str> = logged
            .lines()
            .filter(|l| l.contains("127.0.0.1") && !l.contains("hyper_util::client") && !l.contains(" reqwest::"))
            .collect();
        assert!(with_ip.is_empty(), "the log holds the client address:\n{}", with_ip.join("\n"));
    }
}

backend_test! {
    async fn only_addressed_leaders_read_and_answer_and_refusals_say_why(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let (kari, ola, lars, ceo) = (TestApp::client(), TestApp::client(), TestApp::client(), TestApp::client());
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let ocsrf = app.api_sign_in(&ola, "ola@acme.test").await;
        let lcsrf = app.api_sign_in(&lars, "lead@acme.test").await;
        let ccsrf = app.api_sign_in(&ceo, "ceo@acme.test").await;
        let lars_id = person_id(&app, &kari, "lars").await;
        let ola_id = person_id(&app, &kari, "ola").await;

        // To someone who leads nothing: 422.
        let res = kari.post(app.url("/api/v1/feedback")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"to_person_id": ola_id, "category": "idea", "body": "Hi"})).send().await.unwrap();
        let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(body["error"]["fields"]["to_person_id"].is_string(), "{body}");

        let res = kari.post(app.url("/api/v1/feedback")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"to_person_id": lars_id, "category": "praise", "body": "Great demo day"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["feedback"]["author_name"], "Kari Nordmann");
        let id = v["feedback"]["id"].as_str().unwrap().to_owned();
        let item = app.url(&format!("/api/v1/feedback/{id}"));
        let responses = app.url(&format!("/api/v1/feedback/{id}/responses"));

        // Readers: the writer and the leader addressed; not a colleague,
        // not the leader's own leader. Only leaders have an inbox.
        assert_eq!(kari.get(&item).send().await.unwrap().status(), StatusCode::OK);
        assert_eq!(lars.get(&item).send().await.unwrap().status(), StatusCode::OK);
        expect_error(ola.get(&item).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
        expect_error(ceo.get(&item).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
        expect_error(kari.get(app.url("/api/v1/feedback/inbox")).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
        let ceo_inbox: Value = ceo.get(app.url("/api/v1/feedback/inbox")).send().await.unwrap().json().await.unwrap();
        assert_eq!(ceo_inbox["feedback"], json!([]));
        for (who, csrf) in [(&ola, &ocsrf), (&ceo, &ccsrf), (&kari, &kcsrf)] {
            let res = who.post(&responses).header("X-CSRF-Token", csrf).json(&json!({"body": EXPLAIN, "status": "done"})).send().await.unwrap();
            expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
        }

        // Statuses: a bad one is 422, a refused move 409 with the reason.
        let res = lars.post(&responses).header("X-CSRF-Token", &lcsrf).json(&json!({"body": EXPLAIN, "status": "closed"})).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let res = lars.post(&responses).header("X-CSRF-Token", &lcsrf).json(&json!({"body": "ok", "status": "done"})).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let res = lars.post(&responses).header("X-CSRF-Token", &lcsrf).json(&json!({"body": EXPLAIN, "status": "done"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let res = lars.post(&responses).header("X-CSRF-Token", &lcsrf).json(&json!({"body": EXPLAIN, "status": "wont_do"})).send().await.unwrap();
        let body = expect_error(res, StatusCode::CONFLICT, "status_closed").await;
        assert!(body["error"]["message"].as_str().unwrap().contains("reopened"), "{body}");

        // The writer is told, and sees it among what she sent.
        let notes: Value = kari.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
        assert!(notes["notifications"].as_array().unwrap().iter().any(|n| n["kind"] == "feedback_response" && n["subject_id"] == id.as_str()), "{notes}");
        let sent: Value = kari.get(app.url("/api/v1/feedback/sent")).send().await.unwrap().json().await.unwrap();
        assert_eq!(sent["feedback"][0]["feedback"]["status"], "done");
        assert_eq!(sent["feedback"][0]["messages"][0]["author_name"], "Lars Lund");

        // Tokens: missing is 400, wrong is 404.
        let fresh = Client::new();
        expect_error(fresh.get(app.url("/api/v1/feedback/thread")).send().await.unwrap(), StatusCode::BAD_REQUEST, "bad_request").await;
        let res = fresh.get(app.url("/api/v1/feedback/thread")).header("X-Reply-Token", "not-a-token").send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
        let res = fresh.post(app.url("/api/v1/feedback/thread")).header("X-Reply-Token", "not-a-token").json(&json!({"body": "hi"})).send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
}

/// The value of the input with `id` in a page.
fn input_value(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[at..];
    let start = rest.find("value=\"").unwrap() + 7;
    let end = start + rest[start..].find('"').unwrap();
    rest[start..end].to_owned()
}

backend_test! {
    async fn the_pages_send_deliver_answer_and_read_anonymous_feedback_without_a_session(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let lars = TestApp::client();
        app.ui_sign_in(&kari, "kari@acme.test").await;
        app.ui_sign_in(&lars, "lead@acme.test").await;
        let lars_id = person_id(&app, &kari, "lars").await;

        // Lars's profile offers "Give feedback"; the form lists him.
        let profile = kari.get(app.url("/people/lars")).send().await.unwrap().text().await.unwrap();
        assert!(profile.contains(&format!("/feedback/new?to=person:{lars_id}")), "{profile}");
        let form = kari.get(app.url(&format!("/feedback/new?to=person:{lars_id}"))).send().await.unwrap().text().await.unwrap();
        let csrf = crate::helpers::hidden_field(&form, "csrf");
        assert!(form.contains(&format!("value=\"person:{lars_id}\" selected")), "{form}");

        // Without the CSRF field: refused.
        let res = kari.post(app.url("/feedback/new")).form(&[("to", format!("person:{lars_id}")), ("category", "idea".into()), ("body", "x".into())]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        // No addressee: the form again, with the problem next to the field.
        let res = kari.post(app.url("/feedback/new")).form(&[("csrf", csrf.as_str()), ("to", ""), ("category", "idea"), ("body", "Hello")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("fb-to-error"));

        // Three anonymous items; the token is shown once, with the warning.
        let mut tokens = Vec::new();
        for body in ["Our retros feel pointless", "The wiki is out of date", "Too many tools"] {
            let res = kari.post(app.url("/feedback/new"))
                .form(&[("csrf", csrf.as_str()), ("to", &format!("person:{lars_id}")), ("category", "concern"), ("body", body), ("anonymous", "1")])
                .send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            let page = res.text().await.unwrap();
            assert!(page.contains("we cannot recover it"), "{page}");
            assert!(page.contains("data-copy=\"reply-token\""));
            tokens.push(input_value(&page, "reply-token"));
        }
        assert_eq!(tokens[0].len(), 43);

        // Nothing in the inbox before the delivery; then the batch.
        let inbox = lars.get(app.url("/feedback/inbox")).send().await.unwrap().text().await.unwrap();
        assert!(!inbox.contains("retros"));
        samspill_services::leadership::feedback::tick(app.ctx()).await.unwrap();
        let inbox = lars.get(app.url("/feedback/inbox")).send().await.unwrap().text().await.unwrap();
        assert!(inbox.contains("Our retros feel pointless") && inbox.contains("feedback-status-new"), "{inbox}");
        assert!(!inbox.contains("Kari"), "{inbox}");
        let notes = lars.get(app.url("/notifications")).send().await.unwrap().text().await.unwrap();
        assert!(notes.contains("href=\"/feedback/inbox\""), "{notes}");

        // Lars answers one; a too short explanation is shown, not lost.
        let fresh = Client::new();
        let thread = fresh.post(app.url("/feedback/thread")).form(&[("token", tokens[0].as_str())]).send().await.unwrap().text().await.unwrap();
        let id_at = inbox.find("Our retros").unwrap();
        let id = inbox[id_at..].split("href=\"/feedback/").nth(1).unwrap().split('"').next().unwrap().to_owned();
        assert!(thread.contains("Our retros feel pointless") && !thread.contains("Waiting"));
        let page = lars.get(app.url(&format!("/feedback/{id}"))).send().await.unwrap().text().await.unwrap();
        let lcsrf = crate::helpers::hidden_field(&page, "csrf");
        let res = lars.post(app.url(&format!("/feedback/{id}/responses"))).form(&[("csrf", lcsrf.as_str()), ("status", "in_progress"), ("body", "ok")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains(">ok</textarea>"));
        let res = lars.post(app.url(&format!("/feedback/{id}/responses"))).form(&[("csrf", lcsrf.as_str()), ("status", "in_progress"), ("body", EXPLAIN)]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let res = lars.post(app.url(&format!("/feedback/{id}/responses"))).form(&[("csrf", lcsrf.as_str()), ("status", "in_progress"), ("body", EXPLAIN)]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CONFLICT);
        assert!(res.text().await.unwrap().contains("already has this status"));

        // The writer, in a browser with no session, reads and replies.
        let page = fresh.get(app.url("/feedback/thread")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let thread = fresh.post(app.url("/feedback/thread")).form(&[("token", tokens[0].as_str())]).send().await.unwrap().text().await.unwrap();
        assert!(thread.contains(EXPLAIN) && thread.contains("Lars Lund"), "{thread}");
        let thread = fresh.post(app.url("/feedback/thread")).form(&[("token", tokens[0].as_str()), ("reply", "Could we try a new format?")]).send().await.unwrap().text().await.unwrap();
        assert!(thread.contains("Could we try a new format?"), "{thread}");
        let res = fresh.post(app.url("/feedback/thread")).form(&[("token", "wrong")]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let page = lars.get(app.url(&format!("/feedback/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Could we try a new format?"));

        // Only leaders have an inbox; others get the 404 page.
        assert_eq!(kari.get(app.url("/feedback/inbox")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
        assert_eq!(kari.get(app.url(&format!("/feedback/{id}"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
        // Both languages.
        let nb = fresh.get(app.url("/feedback/thread")).header("Accept-Language", "nb").send().await.unwrap().text().await.unwrap();
        assert!(nb.contains("Svarkode"), "{nb}");
        let sent = kari.get(app.url("/feedback/sent")).send().await.unwrap();
        assert_eq!(sent.status(), StatusCode::OK);
    }
}
