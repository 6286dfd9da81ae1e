//! The test harness: `TestApp::spawn` serves the app on `127.0.0.1:0` over a
//! fresh database, with a fixed clock and a small organization.

use std::sync::Arc;

use reqwest::{Client, Response, StatusCode};
use samspill_services::{FixedClock, auth, org::import};
use samspill_testkit::TestDb;
use samspill_web::config::{Config, DatabaseConfig};
use serde_json::{Value, json};
use time::macros::datetime;

/// The password of every seeded person.
pub(crate) const PASSWORD: &str = "correct horse battery";

/// A small organization: a CEO, a department with a leader and two members.
pub(crate) const ORG: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n\
    ceo@acme.test,Cecilie Berg,cecilie,Acme,CEO,office,Acme\n\
    lead@acme.test,Lars Lund,lars,Acme/Data,Head of Data,remote,Acme/Data\n\
    kari@acme.test,Kari Nordmann,kari,Acme/Data,Data Engineer,client_site,\n\
    ola@acme.test,Ola Hansen,ola,Acme/Data,Analyst,office,\n";

pub(crate) struct TestApp {
    pub(crate) base: String,
    pub(crate) clock: Arc<FixedClock>,
    ctx: samspill_services::Ctx,
    /// Shared by the servers of one database ([`TestApp::spawn_beside`]).
    db: Arc<TestDb>,
}

impl TestApp {
    /// Serves the app over `t` with the small organization loaded.
    pub(crate) async fn spawn(t: TestDb) -> Self {
        Self::spawn_with(t, |_| {}).await
    }

    /// Like [`TestApp::spawn`], with the configuration changed by `change`.
    pub(crate) async fn spawn_with(t: TestDb, change: impl FnOnce(&mut Config)) -> Self {
        let clock = Arc::new(FixedClock::new(datetime!(2026-11-27 10:00 UTC)));
        let mut config = Config {
            database: DatabaseConfig {
                url: t.url.clone(),
                max_connections: 4,
            },
            ..Config::default()
        };
        change(&mut config);
        let state = samspill_web::startup::state(t.db.clone(), config, clock.clone());
        import::run(&state.ctx, ORG.as_bytes(), false, &mut |_| {})
            .await
            .unwrap();
        let hash = auth::hash_password(&state.ctx, PASSWORD).await.unwrap();
        samspill_testkit::set_every_password(&t.db, &hash, clock_now(&clock)).await;
        samspill_testkit::accept_guidelines(&t.db).await;

        Self::serve(state, clock, Arc::new(t)).await
    }

    /// A second app server on this one's database, as `samspill serve`
    /// started twice with the same `database.url`: its own pool and live
    /// bus, the same clock (servers keep their clocks in time), nothing
    /// loaded.
    pub(crate) async fn spawn_beside(&self) -> Self {
        let clock = self.clock.clone();
        let config = Config {
            database: DatabaseConfig {
                url: self.db.url.clone(),
                max_connections: 4,
            },
            ..Config::default()
        };
        let db = samspill_web::startup::connect(&config).await.unwrap();
        let state = samspill_web::startup::state(db, config, clock.clone());
        Self::serve(state, clock, self.db.clone()).await
    }

    async fn serve(state: samspill_web::AppState, clock: Arc<FixedClock>, db: Arc<TestDb>) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let serving = state.clone();
        tokio::spawn(async move {
            samspill_web::startup::serve_until(listener, serving, std::future::pending()).await
        });
        Self {
            base: format!("http://{addr}"),
            clock,
            ctx: state.ctx.clone(),
            db,
        }
    }

    /// Adds an administrator (in no unit) who signs in with [`PASSWORD`].
    pub(crate) async fn add_admin(&self, email: &str, name: &str) {
        let user = samspill_services::auth::admin::NewUser {
            email: email.to_owned(),
            name: name.to_owned(),
            handle: None,
            is_admin: true,
        };
        samspill_services::auth::admin::create_user(&self.ctx, &user, PASSWORD)
            .await
            .unwrap();
        samspill_testkit::accept_guidelines(&self.db.db).await;
    }

    /// The `host:port` the app listens on.
    pub(crate) fn addr(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    /// The app's use cases, for what only the command line does (admin
    /// commands).
    pub(crate) const fn ctx(&self) -> &samspill_services::Ctx {
        &self.ctx
    }

    /// The number of rows in `table` (to check that nothing was written).
    pub(crate) async fn rows(&self, table: &str) -> i64 {
        samspill_testkit::count_rows(&self.db.db, table).await
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client that keeps cookies and does not follow redirects.
    pub(crate) fn client() -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// As [`TestApp::client`], connecting from `ip`: the server listens on
    /// 127.0.0.1, and any address of 127.0.0.0/8 reaches it, so tests can
    /// play several clients.
    pub(crate) fn client_from(ip: &str) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .local_address(ip.parse::<std::net::IpAddr>().unwrap())
            .build()
            .unwrap()
    }

    /// Signs `client` in through the API; returns the CSRF token.
    pub(crate) async fn api_sign_in(&self, client: &Client, email: &str) -> String {
        let res = client
            .post(self.url("/api/v1/session"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        body["csrf_token"].as_str().unwrap().to_owned()
    }

    /// Signs `client` in through the sign-in form.
    pub(crate) async fn ui_sign_in(&self, client: &Client, email: &str) -> Response {
        let page = client
            .get(self.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden_field(&page, "csrf");
        client
            .post(self.url("/login"))
            .form(&[
                ("email", email),
                ("password", PASSWORD),
                ("csrf", &csrf),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap()
    }
}

fn clock_now(clock: &FixedClock) -> time::OffsetDateTime {
    samspill_services::Clock::now(clock)
}

/// The value of `<input type="hidden" name="NAME" value="…">` in a page.
pub(crate) fn hidden_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field"))
        + marker.len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_owned()
}

/// Asserts the error envelope and returns its body.
pub(crate) async fn expect_error(res: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(res.status(), status, "status");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].is_string());
    body
}
