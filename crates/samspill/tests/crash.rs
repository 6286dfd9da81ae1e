//! Crash safety of post creation: `samspill serve` is killed with SIGKILL
//! while several clients create posts, and started again. Every post that was
//! answered 201 must be there after the restart, and on SQLite the file must
//! pass `pragma integrity_check`. Twenty kills on SQLite (where group commit
//! answers many posts with one `COMMIT`), one on PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

use std::io::Write;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use samspill_domain::PostId;
use samspill_store::Db;
use samspill_testkit::TestDb;
use serde_json::{Value, json};
use tokio::sync::Mutex;
use uuid::Uuid;

/// Clients creating posts at once.
const CLIENTS: usize = 8;
const EMAIL: &str = "crash@acme.test";
const PASSWORD: &str = "a long password 1";

/// A running `samspill serve`, killed when dropped (a failed test must not
/// leave it behind).
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn command(dir: &std::path::Path, db_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_samspill"));
    cmd.current_dir(dir)
        .env("SAMSPILL__DATABASE__URL", db_url)
        .env("SAMSPILL__LOG__FILTER", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn create_user(dir: &std::path::Path, db_url: &str) {
    let mut child = command(dir, db_url)
        .args([
            "admin",
            "create-user",
            "--email",
            EMAIL,
            "--name",
            "Crash Test",
            "--admin",
        ])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success(), "admin create-user failed");
}

async fn start(dir: &std::path::Path, db_url: &str, http: &reqwest::Client) -> Server {
    let port = free_port();
    let child = command(dir, db_url)
        .arg("serve")
        .env("SAMSPILL__SERVER__PORT", port.to_string())
        .spawn()
        .unwrap();
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}/api/v1"),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let up = http.get(format!("{}/health", server.base)).send().await;
        if up.is_ok_and(|r| r.status().is_success()) {
            return server;
        }
        assert!(Instant::now() < deadline, "the server did not come up");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Signs in once and makes an API token (it outlives restarts), and finds
/// the org space, where everyone may post.
async fn token_and_space(server: &Server) -> (String, String) {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let session = http
        .post(format!("{}/session", server.base))
        .json(&json!({"email": EMAIL, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(
        session.status().is_success(),
        "sign-in: {}",
        session.status()
    );
    let csrf = session.json::<Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_owned();
    // A person made by `admin create-user` accepts the code of conduct
    // before posting, as a real one would.
    let accepted = http
        .post(format!("{}/guidelines/accept", server.base))
        .header("X-CSRF-Token", &csrf)
        .json(&json!({"version": 1}))
        .send()
        .await
        .unwrap();
    assert!(
        accepted.status().is_success(),
        "accept: {}",
        accepted.status()
    );
    let token = http
        .post(format!("{}/me/tokens", server.base))
        .header("X-CSRF-Token", csrf)
        .json(&json!({"name": "crash test"}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let spaces = http
        .get(format!("{}/spaces", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let space = spaces["spaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "org")
        .unwrap_or_else(|| panic!("no org space in {spaces}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (token, space)
}

/// Creates posts from [`CLIENTS`] tasks until the server stops answering;
/// kills it once `kill_after` posts were acknowledged in this cycle, and
/// returns the ids of every post answered 201.
async fn load_and_kill(
    mut server: Server,
    token: &str,
    space: &str,
    cycle: usize,
    kill_after: usize,
) -> Vec<Uuid> {
    let acked = Arc::new(Mutex::new(Vec::new()));
    let dead = Arc::new(AtomicBool::new(false));
    // A client per task: no connection is shared across the kill.
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (acked, dead) = (acked.clone(), dead.clone());
            let url = format!("{}/posts", server.base);
            let (token, space) = (token.to_owned(), space.to_owned());
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                for n in 0.. {
                    if dead.load(Ordering::SeqCst) {
                        break;
                    }
                    let body = json!({
                        "space_id": space, "kind": "discussion",
                        "title": format!("Crash {cycle}.{client}.{n}"),
                        "body": format!("Written by client {client} in cycle {cycle}, #crash"),
                    });
                    let Ok(res) = http.post(&url).bearer_auth(&token).json(&body).send().await
                    else {
                        break;
                    };
                    if res.status() != reqwest::StatusCode::CREATED {
                        continue;
                    }
                    // A 201 counts once its body (with the id) has arrived.
                    let Ok(v) = res.json::<Value>().await else {
                        break;
                    };
                    let id = v["post"]["id"].as_str().unwrap().parse::<Uuid>().unwrap();
                    acked.lock().await.push(id);
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(20);
    while acked.lock().await.len() < kill_after {
        assert!(Instant::now() < deadline, "no posts were acknowledged");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    dead.store(true, Ordering::SeqCst);
    for task in tasks {
        task.await.unwrap();
    }
    acked.lock().await.clone()
}

async fn missing(db: &Db, ids: &[Uuid]) -> Vec<Uuid> {
    let mut missing = Vec::new();
    for id in ids {
        let found = samspill_store::social::posts::find_post_owner(db, PostId::from_uuid(*id))
            .await
            .unwrap();
        if found.is_none() {
            missing.push(*id);
        }
    }
    missing
}

async fn crash_cycles(db_url: &str, cycles: usize) -> Vec<Uuid> {
    let dir = tempfile::tempdir().unwrap();
    let http = reqwest::Client::new();
    create_user(dir.path(), db_url);
    let mut acked = Vec::new();
    let mut auth = None;
    for cycle in 0..cycles {
        let server = start(dir.path(), db_url, &http).await;
        let (token, space) = match &auth {
            Some(a) => a,
            None => auth.insert(token_and_space(&server).await),
        };
        // Kill at a different moment each time: after 5 to 40 answers.
        let kill_after = 5 + (cycle * 7) % 36;
        acked.extend(load_and_kill(server, token, space, cycle, kill_after).await);
    }
    // Started once more: the last kill is recovered from as well.
    drop(start(dir.path(), db_url, &http).await);
    acked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_every_acknowledged_post_survives_twenty_kills() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/crash.db", dir.path().display());
    let acked = crash_cycles(&url, 20).await;
    eprintln!("{} posts acknowledged over 20 kills", acked.len());

    let db = Db::connect(&url, 2, "test").await.unwrap();
    assert!(
        acked.len() >= 20 * 5,
        "only {} posts acknowledged",
        acked.len()
    );
    assert_eq!(missing(&db, &acked).await, Vec::<Uuid>::new());
    let Db::Sqlite(sqlite) = &db else {
        unreachable!("a sqlite: URL")
    };
    let check: String = sqlx::query_scalar("pragma integrity_check")
        .fetch_one(&**sqlite)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_every_acknowledged_post_survives_a_kill() {
    let Some(t) = TestDb::postgres().await else {
        return;
    };
    let acked = crash_cycles(&t.url, 1).await;
    assert!(acked.len() >= 5, "only {} posts acknowledged", acked.len());
    assert_eq!(missing(&t.db, &acked).await, Vec::<Uuid>::new());
}
