//! The live bus of several app servers on one PostgreSQL database: two
//! contexts with their own pools stand for two servers. (SQLite keeps the
//! in-process bus: one server owns the file.)

use std::time::Duration;

use samspill_domain::{NotificationId, PersonId, PostId, SpaceId};
use samspill_services::shared::live::LiveEvent;
use samspill_services::shared::live::wire::Batch;
use samspill_services::{Ctx, Db, FixedClock, Settings};
use samspill_testkit::TestDb;
use time::macros::datetime;
use tokio::sync::broadcast::Receiver;
use tokio::time::timeout;
use uuid::Uuid;

/// How long to wait for an event that must come.
const WAIT: Duration = Duration::from_secs(10);

/// A second server's context on `t`'s database: its own pool and bus.
async fn second_server(t: &TestDb) -> Ctx {
    let db = Db::connect(&t.url, 2, "test").await.unwrap();
    let clock = std::sync::Arc::new(FixedClock::new(datetime!(2026-11-27 10:00 UTC)));
    Ctx::new(db, clock, Settings::default())
}

async fn listening(ctx: &Ctx) {
    timeout(WAIT, ctx.bus.ready())
        .await
        .unwrap_or_else(|_| panic!("the bus does not listen within {WAIT:?}"));
}

async fn next(rx: &mut Receiver<LiveEvent>) -> LiveEvent {
    timeout(WAIT, rx.recv())
        .await
        .unwrap_or_else(|_| panic!("no event within {WAIT:?}"))
        .unwrap()
}

fn a_post() -> LiveEvent {
    LiveEvent::PostCreated {
        post: PostId::new(),
        space: SpaceId::new(),
        author: PersonId::new(),
    }
}

#[tokio::test]
async fn an_event_published_on_one_server_reaches_both_once() {
    let Some(t) = TestDb::postgres().await else {
        return;
    };
    let (a, _) = crate::ctx(&t);
    let b = second_server(&t).await;
    listening(&a).await;
    listening(&b).await;
    let (mut on_a, mut on_b) = (a.bus.subscribe(), b.bus.subscribe());

    let first = a_post();
    a.bus.publish(first);
    assert_eq!(next(&mut on_b).await, first, "B hears A");
    assert_eq!(next(&mut on_a).await, first, "A's own subscribers");

    // B answers only after it heard the first, so A's listener receives its
    // own first notification before B's: were it not dropped, A's
    // subscribers would see the first event twice.
    let second = LiveEvent::Notification {
        id: NotificationId::new(),
        recipient: PersonId::new(),
    };
    b.bus.publish(second);
    assert_eq!(
        next(&mut on_a).await,
        second,
        "A hears B, and its own event once"
    );
    assert_eq!(next(&mut on_b).await, second);

    // Many at once: packed into few notifications, in order, none lost.
    let many: Vec<LiveEvent> = (0..300).map(|_| a_post()).collect();
    for e in &many {
        b.bus.publish(*e);
    }
    for e in &many {
        assert_eq!(next(&mut on_a).await, *e);
    }
}

#[tokio::test]
async fn malformed_notifications_are_dropped_and_the_bus_goes_on() {
    let Some(t) = TestDb::postgres().await else {
        return;
    };
    let (a, _) = crate::ctx(&t);
    listening(&a).await;
    let mut on_a = a.bus.subscribe();
    let db = a.db();
    let stranger = Uuid::now_v7().simple();
    for junk in [
        String::new(),
        "garbage".to_owned(),
        "1 not-an-id\np 1 2 3".to_owned(),
        "2 0193b3c4e5f67a8b9c0d1e2f3a4b5c6d".to_owned(),
        format!("1 {stranger}\np only-one-id\nq {stranger}\n\t"),
    ] {
        samspill_store::live::notify(db, &junk).await.unwrap();
    }
    // Then a well-formed one from another server, as that server sends it.
    let e = a_post();
    let mut batch = Batch::new(Uuid::now_v7());
    assert!(batch.push(&e));
    samspill_store::live::notify(db, batch.payload())
        .await
        .unwrap();
    assert_eq!(next(&mut on_a).await, e, "the junk delivered nothing");
}

#[tokio::test]
async fn a_lost_connection_is_made_again_and_subscribers_resync() {
    let Some(t) = TestDb::postgres().await else {
        return;
    };
    let (a, _) = crate::ctx(&t);
    let b = second_server(&t).await;
    listening(&a).await;
    listening(&b).await;
    let mut on_b = b.bus.subscribe();

    // The listening connections go away (a restart of PostgreSQL, a
    // network cut, an idle reaper).
    let Db::Postgres(pool) = a.db() else {
        unreachable!("a PostgreSQL test database")
    };
    let ended: Vec<(bool,)> = sqlx::query_as(
        "select pg_terminate_backend(pid) from pg_stat_activity
         where application_name = 'samspill-live' and datname = current_database()",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(ended.len(), 2, "one listening connection per server");

    // B's subscribers hear that they may have missed events, and B listens
    // again: an event A publishes arrives (the first ones may be sent while
    // B is still connecting, so A publishes until one comes through).
    assert_eq!(next(&mut on_b).await, LiveEvent::Resync);
    let deadline = tokio::time::Instant::now() + WAIT;
    'probe: loop {
        assert!(
            tokio::time::Instant::now() < deadline,
            "B does not hear A again"
        );
        let e = a_post();
        a.bus.publish(e);
        while let Ok(Ok(got)) = timeout(Duration::from_millis(200), on_b.recv()).await {
            if got == e {
                break 'probe;
            }
            // Another word that events were missed, or an earlier probe.
            assert!(
                matches!(got, LiveEvent::Resync | LiveEvent::PostCreated { .. }),
                "{got:?}"
            );
        }
    }
}

/// Figures for `docs/benchmarks.md`, not a check: how fast events cross
/// from one bus to another on one database. Run with
/// `cargo test --release -p samspill-services --test services live::figures -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "prints figures; run by hand"]
async fn figures() {
    let Some(t) = TestDb::postgres().await else {
        return;
    };
    let (a, _) = crate::ctx(&t);
    let b = second_server(&t).await;
    listening(&a).await;
    listening(&b).await;
    let mut on_b = b.bus.subscribe();

    // One event at a time: publish on A until B's subscriber has it.
    let mut one = Vec::new();
    for _ in 0..200 {
        let e = a_post();
        let start = std::time::Instant::now();
        a.bus.publish(e);
        assert_eq!(next(&mut on_b).await, e);
        one.push(start.elapsed());
    }
    one.sort();
    let at = |q: f64| one[((one.len() as f64 * q) as usize).min(one.len() - 1)];
    eprintln!(
        "one event, A to B: p50 {:?}, p90 {:?}, p99 {:?}",
        at(0.5),
        at(0.9),
        at(0.99)
    );

    // Bursts of 1,000 (below the subscriber's capacity), 20 times.
    let start = std::time::Instant::now();
    for _ in 0..20 {
        let burst: Vec<LiveEvent> = (0..1000).map(|_| a_post()).collect();
        for e in &burst {
            a.bus.publish(*e);
        }
        for e in &burst {
            assert_eq!(next(&mut on_b).await, *e);
        }
    }
    let took = start.elapsed();
    eprintln!(
        "20,000 events in bursts of 1,000, A to B: {took:?}, {:.0} events/s",
        20_000.0 / took.as_secs_f64()
    );
}
