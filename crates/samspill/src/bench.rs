//! `samspill bench`: loads a running server over loopback and prints
//! throughput and latency percentiles per scenario.
//!
//! Set-up reads a sample of people, spaces and posts from the database the
//! configuration names (the one the server uses), signs the sampled people
//! in over the API and makes each a personal token, so the load itself is
//! plain Bearer-authenticated HTTP, as an integration would send it.
//!
//! Read scenarios run open-loop at a fixed rate (a request is started on
//! schedule whether or not earlier ones have finished, so slow answers show
//! as latency rather than as a lower rate); write scenarios can also run
//! closed-loop at full speed (`--rate 0`) to find the sustained maximum.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rand::Rng;
use rand::seq::IndexedRandom;
use samspill_web::config::Config;
use serde_json::{Value, json};

/// What to load.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct BenchArgs {
    /// The server, e.g. http://127.0.0.1:8080.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Comma-separated: feed, space, post, search, create-post, create-comment.
    #[arg(
        long,
        default_value = "feed,space,post,search,create-post,create-comment"
    )]
    scenarios: String,
    /// Requests per second (0: closed loop at full speed with --concurrency).
    #[arg(long, default_value_t = 500)]
    rate: u32,
    /// Seconds per scenario.
    #[arg(long, default_value_t = 20)]
    duration: u64,
    /// In-flight requests at most (and the workers of the closed loop).
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// How many people to sign in as.
    #[arg(long, default_value_t = 40)]
    users: usize,
    /// Their password (the one `samspill seed` prints).
    #[arg(long, default_value = "samspill-seed")]
    password: String,
    /// The server's process id, to report its peak resident memory.
    #[arg(long)]
    server_pid: Option<u32>,
}

struct Fixture {
    tokens: Vec<String>,
    spaces: Vec<String>,
    posts: Vec<String>,
    words: Vec<String>,
}

/// Runs the benchmark and prints one line per scenario.
pub(crate) async fn run(config: &Config, args: &BenchArgs) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    let fx = Arc::new(fixture(config, args).await?);
    println!(
        "{:<15} {:>8} {:>7} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "scenario", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    let peak = Arc::new(Mutex::new(0_u64));
    let watcher = args.server_pid.map(|pid| {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                if let Some(kb) = rss_kb(pid) {
                    let mut p = peak
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    *p = (*p).max(kb);
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    });
    for scenario in args
        .scenarios
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let (count, errors, elapsed, mut lat) = load(&client, args, &fx, scenario).await?;
        lat.sort_unstable();
        let pct = |p: f64| {
            let i = ((lat.len() as f64 * p).ceil() as usize).saturating_sub(1);
            lat.get(i).map_or(0.0, |us| *us as f64 / 1000.0)
        };
        println!(
            "{:<15} {:>8} {:>7} {:>9.1} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            scenario,
            count,
            errors,
            count as f64 / elapsed.as_secs_f64(),
            pct(0.50),
            pct(0.90),
            pct(0.99),
            lat.last().map_or(0.0, |us| *us as f64 / 1000.0)
        );
    }
    if let Some(w) = watcher {
        w.abort();
        let kb = *peak
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        println!("server peak resident memory: {:.1} MB", kb as f64 / 1024.0);
    }
    Ok(())
}

fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn fixture(config: &Config, args: &BenchArgs) -> anyhow::Result<Fixture> {
    let db = samspill_web::startup::connect(config).await?;
    let people =
        samspill_demo::bulk_sample::sample_people(&db, i64::try_from(args.users).unwrap_or(40))
            .await?;
    anyhow::ensure!(
        !people.is_empty(),
        "the database has no people; run `samspill seed` first"
    );
    let spaces = samspill_demo::bulk_sample::sample_open_spaces(&db, 50).await?;
    let posts = samspill_demo::bulk_sample::sample_posts(&db, 2000).await?;
    let words = samspill_demo::bulk_sample::sample_title_words(&db, 200).await?;
    db.close().await;
    let mut tokens = Vec::new();
    for email in &people {
        let jar = reqwest::Client::builder().cookie_store(true).build()?;
        let res = jar
            .post(format!("{}/api/v1/session", args.url))
            .json(&json!({"email": email, "password": args.password}))
            .send()
            .await?;
        anyhow::ensure!(
            res.status().is_success(),
            "cannot sign in as {email}: {}",
            res.status()
        );
        let csrf = res.json::<Value>().await?["csrf_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let res = jar
            .post(format!("{}/api/v1/me/tokens", args.url))
            .header("X-CSRF-Token", csrf)
            .json(&json!({"name": "bench"}))
            .send()
            .await?;
        let token = res.json::<Value>().await?["token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        tokens.push(token);
    }
    Ok(Fixture {
        tokens,
        spaces,
        posts,
        words,
    })
}

type Outcome = (usize, usize, Duration, Vec<u64>);

async fn load(
    client: &reqwest::Client,
    args: &BenchArgs,
    fx: &Arc<Fixture>,
    scenario: &str,
) -> anyhow::Result<Outcome> {
    let lat = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(Mutex::new(HashMap::<u16, usize>::new()));
    let deadline = Instant::now() + Duration::from_secs(args.duration);
    let started = Instant::now();
    let sem = Arc::new(tokio::sync::Semaphore::new(args.concurrency));
    let mut handles = Vec::new();
    // One request (or, closed loop, requests until the deadline) on a task.
    let spawn = |closed_loop: bool, permit: Option<tokio::sync::OwnedSemaphorePermit>| {
        let (client, fx, lat, errors, url, scenario) = (
            client.clone(),
            fx.clone(),
            lat.clone(),
            errors.clone(),
            args.url.clone(),
            scenario.to_owned(),
        );
        tokio::spawn(async move {
            loop {
                one(&client, &url, &fx, &scenario, &lat, &errors).await;
                if !closed_loop || Instant::now() >= deadline {
                    break;
                }
            }
            drop(permit);
        })
    };
    if args.rate == 0 {
        for _ in 0..args.concurrency {
            handles.push(spawn(true, None));
        }
    } else {
        let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(args.rate)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        while Instant::now() < deadline {
            tick.tick().await;
            let permit = sem.clone().acquire_owned().await.context("semaphore")?;
            handles.push(spawn(false, Some(permit)));
        }
    }
    for h in handles {
        let _ = h.await;
    }
    let elapsed = started.elapsed();
    let lat = std::mem::take(
        &mut *lat
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    let errors = errors
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    let n_err: usize = errors.values().sum();
    if n_err > 0 {
        eprintln!("{scenario}: errors by status {errors:?}");
    }
    Ok((lat.len() + n_err, n_err, elapsed, lat))
}

async fn one(
    client: &reqwest::Client,
    url: &str,
    fx: &Fixture,
    scenario: &str,
    lat: &Mutex<Vec<u64>>,
    errors: &Mutex<HashMap<u16, usize>>,
) {
    let req = {
        let mut rng = rand::rng();
        let token = fx.tokens.choose(&mut rng).cloned().unwrap_or_default();
        let space = fx.spaces.choose(&mut rng).cloned().unwrap_or_default();
        let post = fx.posts.choose(&mut rng).cloned().unwrap_or_default();
        let word = fx
            .words
            .choose(&mut rng)
            .cloned()
            .unwrap_or_else(|| "team".into());
        let n: u32 = rng.random_range(0..1_000_000);
        let r = match scenario {
            "feed" => client.get(format!("{url}/api/v1/feed")),
            "space" => client.get(format!("{url}/api/v1/spaces/{space}/posts")),
            "post" => client.get(format!("{url}/api/v1/posts/{post}")),
            "search" => client
                .get(format!("{url}/api/v1/search"))
                .query(&[("q", word.as_str()), ("type", "post")]),
            "create-post" => client.post(format!("{url}/api/v1/posts")).json(&json!({
                "space_id": space, "kind": "discussion", "title": format!("Benchmark post {n}"),
                "body": format!("Load test post number {n} about #benchmark and {word}")
            })),
            "create-comment" => client
                .post(format!("{url}/api/v1/posts/{post}/comments"))
                .json(&json!({"body": format!("Benchmark comment {n} on {word}")})),
            _ => client.get(format!("{url}/api/v1/health")),
        };
        r.bearer_auth(token)
    };
    let t0 = Instant::now();
    let status = match req.send().await {
        Ok(res) => {
            let s = res.status().as_u16();
            let _ = res.bytes().await;
            s
        }
        Err(_) => 0,
    };
    let us = u64::try_from(t0.elapsed().as_micros()).unwrap_or(u64::MAX);
    if (200..300).contains(&status) {
        lat.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(us);
    } else {
        *errors
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(status)
            .or_default() += 1;
    }
}
