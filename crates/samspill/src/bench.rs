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
    /// Comma-separated: feed, feed-next, space, post, search, search-common,
    /// search-rare, search-narrow, search-narrow-common, create-post,
    /// create-comment.
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
    /// Tokens of people who may read the least (the `search-narrow` scenarios).
    narrow_tokens: Vec<String>,
    spaces: Vec<String>,
    posts: Vec<String>,
    words: Vec<String>,
    /// The most frequent title words.
    common_words: Vec<String>,
    /// Title words seen once in the sampled titles.
    rare_words: Vec<String>,
    /// `(token, cursor)` of the second to fifth pages of each person's feed
    /// (the `feed-next` scenario).
    cursors: Vec<(String, String)>,
}

/// Pages after the first whose cursors `feed-next` asks for.
const NEXT_PAGES: usize = 4;

/// The cursors of the pages after the first of each token's feed.
async fn feed_cursors(
    args: &BenchArgs,
    tokens: &[String],
) -> anyhow::Result<Vec<(String, String)>> {
    let client = reqwest::Client::new();
    let mut out = Vec::new();
    for token in tokens {
        let mut cursor: Option<String> = None;
        for _ in 0..=NEXT_PAGES {
            let mut req = client
                .get(format!("{}/api/v1/feed", args.url))
                .bearer_auth(token);
            if let Some(c) = &cursor {
                req = req.query(&[("cursor", c)]);
            }
            let page: Value = req.send().await?.error_for_status()?.json().await?;
            let Some(next) = page["next_cursor"].as_str() else {
                break;
            };
            out.push((token.clone(), next.to_owned()));
            cursor = Some(next.to_owned());
        }
    }
    Ok(out)
}

/// Hits counted over a search scenario: the sum, the searches, and the
/// searches with none.
#[derive(Default)]
struct Hits {
    sum: u64,
    searches: u64,
    empty: u64,
}

/// Title words sampled for `search-common` and `search-rare`.
const WORDS_PER_KIND: usize = 10;
/// People who may read the least, for the `search-narrow` scenarios.
const NARROW_USERS: usize = 10;
/// Of how many people (spread over the directory) those are the least.
const NARROW_CANDIDATES: i64 = 400;

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
        let (count, errors, elapsed, mut lat, hits) = load(&client, args, &fx, scenario).await?;
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
        if hits.searches > 0 {
            println!(
                "{:<15} {:.1} results per search, {} of {} searches found nothing",
                "",
                hits.sum as f64 / hits.searches as f64,
                hits.empty,
                hits.searches
            );
        }
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
    let counted = samspill_demo::bulk_sample::sample_title_word_counts(&db, 2000).await?;
    let common_words: Vec<String> = counted
        .iter()
        .take(WORDS_PER_KIND)
        .map(|(w, _)| w.clone())
        .collect();
    let rare_words: Vec<String> = counted
        .iter()
        .rev()
        .filter(|(_, n)| *n == 1)
        .take(WORDS_PER_KIND)
        .map(|(w, _)| w.clone())
        .collect();
    let narrow =
        samspill_demo::bulk_sample::sample_narrow_readers(&db, NARROW_USERS, NARROW_CANDIDATES)
            .await?;
    db.close().await;
    println!("common words: {}", common_words.join(" "));
    println!("rare words:   {}", rare_words.join(" "));
    if let (Some(least), Some(most)) = (narrow.first(), narrow.last()) {
        println!(
            "narrow readers: {} people who may read {:.1}–{:.1} % of the posts",
            narrow.len(),
            least.1 * 100.0,
            most.1 * 100.0
        );
    }
    let narrow: Vec<String> = narrow.into_iter().map(|(e, _)| e).collect();
    let tokens = sign_in(args, &people).await?;
    let narrow_tokens = sign_in(args, &narrow).await?;
    let cursors = feed_cursors(args, &tokens).await?;
    Ok(Fixture {
        cursors,
        tokens,
        narrow_tokens,
        spaces,
        posts,
        words,
        common_words,
        rare_words,
    })
}

/// Signs each person in and makes them a personal token.
async fn sign_in(args: &BenchArgs, people: &[String]) -> anyhow::Result<Vec<String>> {
    let mut tokens = Vec::new();
    for email in people {
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
    Ok(tokens)
}

type Outcome = (usize, usize, Duration, Vec<u64>, Hits);

async fn load(
    client: &reqwest::Client,
    args: &BenchArgs,
    fx: &Arc<Fixture>,
    scenario: &str,
) -> anyhow::Result<Outcome> {
    let lat = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(Mutex::new(HashMap::<u16, usize>::new()));
    let hits = Arc::new(Mutex::new(Hits::default()));
    let deadline = Instant::now() + Duration::from_secs(args.duration);
    let started = Instant::now();
    let sem = Arc::new(tokio::sync::Semaphore::new(args.concurrency));
    let mut handles = Vec::new();
    // One request (or, closed loop, requests until the deadline) on a task.
    let spawn = |closed_loop: bool, permit: Option<tokio::sync::OwnedSemaphorePermit>| {
        let (client, fx, lat, errors, hits, url, scenario) = (
            client.clone(),
            fx.clone(),
            lat.clone(),
            errors.clone(),
            hits.clone(),
            args.url.clone(),
            scenario.to_owned(),
        );
        tokio::spawn(async move {
            loop {
                one(&client, &url, &fx, &scenario, &lat, &errors, &hits).await;
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
    let hits = std::mem::take(
        &mut *hits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    Ok((lat.len() + n_err, n_err, elapsed, lat, hits))
}

async fn one(
    client: &reqwest::Client,
    url: &str,
    fx: &Fixture,
    scenario: &str,
    lat: &Mutex<Vec<u64>>,
    errors: &Mutex<HashMap<u16, usize>>,
    hits: &Mutex<Hits>,
) {
    let searching = scenario.starts_with("search");
    let req = {
        let mut rng = rand::rng();
        let tokens = if scenario.starts_with("search-narrow") {
            &fx.narrow_tokens
        } else {
            &fx.tokens
        };
        let (token, cursor) = if scenario == "feed-next" {
            fx.cursors.choose(&mut rng).cloned().unwrap_or_default()
        } else {
            (
                tokens.choose(&mut rng).cloned().unwrap_or_default(),
                String::new(),
            )
        };
        let space = fx.spaces.choose(&mut rng).cloned().unwrap_or_default();
        let post = fx.posts.choose(&mut rng).cloned().unwrap_or_default();
        let words = match scenario {
            "search-common" | "search-narrow-common" => &fx.common_words,
            "search-rare" => &fx.rare_words,
            _ => &fx.words,
        };
        let word = words
            .choose(&mut rng)
            .cloned()
            .unwrap_or_else(|| "team".into());
        let n: u32 = rng.random_range(0..1_000_000);
        let r = match scenario {
            "feed" => client.get(format!("{url}/api/v1/feed")),
            "feed-next" => client
                .get(format!("{url}/api/v1/feed"))
                .query(&[("cursor", cursor.as_str())]),
            "space" => client.get(format!("{url}/api/v1/spaces/{space}/posts")),
            "post" => client.get(format!("{url}/api/v1/posts/{post}")),
            "search"
            | "search-common"
            | "search-rare"
            | "search-narrow"
            | "search-narrow-common" => client
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
    let (status, body) = match req.send().await {
        Ok(res) => {
            let s = res.status().as_u16();
            (s, res.bytes().await.ok())
        }
        Err(_) => (0, None),
    };
    let us = u64::try_from(t0.elapsed().as_micros()).unwrap_or(u64::MAX);
    if searching && (200..300).contains(&status) {
        let found = body
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .and_then(|v| v["results"].as_array().map(Vec::len))
            .unwrap_or(0) as u64;
        let mut h = hits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        h.sum += found;
        h.searches += 1;
        h.empty += u64::from(found == 0);
    }
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
