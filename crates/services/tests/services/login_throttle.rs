//! The sign-in limits per address and client: an attacker elsewhere cannot
//! lock an account's owner out, and one client cannot try many accounts.

use std::sync::Arc;

use samspill_services::auth::admin::{self, NewUser};
use samspill_services::auth::{self, ClientKey};
use samspill_services::{Ctx, Error, FixedClock, Settings};
use samspill_testkit::backend_test;
use time::Duration;
use time::macros::datetime;

use crate::ctx;

const RIGHT: &str = "correct horse battery";
const WRONG: &str = "wrong password!";

fn client(ip: &str) -> ClientKey {
    ClientKey::from_ip(ip.parse().unwrap())
}

async fn kari(ctx: &Ctx) {
    let u = NewUser {
        email: "kari@acme.no".into(),
        name: "Kari".into(),
        handle: None,
        is_admin: false,
    };
    admin::create_user(ctx, &u, RIGHT).await.unwrap();
}

/// What one attempt answered, without the session.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    SignedIn,
    Invalid,
    Limited(u64),
}

async fn attempt(ctx: &Ctx, from: &ClientKey, email: &str, password: &str) -> Outcome {
    match auth::sign_in(ctx, from, email, password).await {
        Ok(_) => Outcome::SignedIn,
        Err(Error::InvalidCredentials) => Outcome::Invalid,
        Err(Error::RateLimited { retry_after_secs }) => Outcome::Limited(retry_after_secs),
        Err(e) => panic!("unexpected {e:?}"),
    }
}

backend_test! {
    async fn five_failures_from_one_client_lock_that_client_out_but_not_the_owner_elsewhere(t: TestDb) {
        let (ctx, clock) = ctx(&t);
        kari(&ctx).await;
        let (attacker, owner) = (client("203.0.113.9"), client("198.51.100.20"));
        for _ in 0..5 {
            assert_eq!(attempt(&ctx, &attacker, "kari@acme.no", WRONG).await, Outcome::Invalid);
            clock.advance(Duration::minutes(1));
        }
        assert_eq!(attempt(&ctx, &attacker, "kari@acme.no", RIGHT).await, Outcome::Limited(600));
        assert_eq!(attempt(&ctx, &owner, "Kari@Acme.no", RIGHT).await, Outcome::SignedIn);
        // The owner's success does not lift the attacker's limit.
        assert_eq!(attempt(&ctx, &attacker, "kari@acme.no", RIGHT).await, Outcome::Limited(600));
    }
}

backend_test! {
    async fn one_client_trying_many_addresses_is_stopped_at_the_per_client_limit(t: TestDb) {
        let (ctx, clock) = ctx(&t);
        kari(&ctx).await;
        let sprayer = client("203.0.113.9");
        let mut outcomes = Vec::new();
        for i in 0..40 {
            // Known and unknown addresses alike: kari is the 8th.
            let email = if i == 7 { "kari@acme.no".to_owned() } else { format!("person{i}@acme.no") };
            outcomes.push(attempt(&ctx, &sprayer, &email, WRONG).await);
            clock.advance(Duration::seconds(10));
        }
        assert!(outcomes[..20].iter().all(|o| *o == Outcome::Invalid), "{outcomes:?}");
        // The limit lifts when the first failure, 400 s ago, leaves the window.
        assert_eq!(outcomes[20], Outcome::Limited(15 * 60 - 200));
        assert!(outcomes[20..].iter().all(|o| matches!(o, Outcome::Limited(_))), "{outcomes:?}");
        // The whole client is held back, even with a right password ...
        assert!(matches!(attempt(&ctx, &sprayer, "kari@acme.no", RIGHT).await, Outcome::Limited(_)));
        // ... and nobody else.
        assert_eq!(attempt(&ctx, &client("198.51.100.20"), "kari@acme.no", RIGHT).await, Outcome::SignedIn);
        clock.advance(Duration::minutes(15));
        assert_eq!(attempt(&ctx, &sprayer, "kari@acme.no", RIGHT).await, Outcome::SignedIn);
    }
}

backend_test! {
    async fn known_and_unknown_addresses_are_limited_alike(t: TestDb) {
        let (ctx, clock) = ctx(&t);
        kari(&ctx).await;
        let from = client("203.0.113.9");
        for _ in 0..5 {
            assert_eq!(attempt(&ctx, &from, "kari@acme.no", WRONG).await, Outcome::Invalid);
            assert_eq!(attempt(&ctx, &from, "nobody@acme.no", WRONG).await, Outcome::Invalid);
            clock.advance(Duration::minutes(1));
        }
        assert_eq!(attempt(&ctx, &from, "kari@acme.no", WRONG).await, Outcome::Limited(600));
        assert_eq!(attempt(&ctx, &from, "nobody@acme.no", WRONG).await, Outcome::Limited(600));
    }
}

backend_test! {
    async fn a_success_clears_only_that_clients_failures_for_that_address(t: TestDb) {
        let (ctx, _) = ctx(&t);
        kari(&ctx).await;
        let (a, b) = (client("198.51.100.20"), client("203.0.113.9"));
        for _ in 0..4 {
            assert_eq!(attempt(&ctx, &a, "kari@acme.no", WRONG).await, Outcome::Invalid);
            assert_eq!(attempt(&ctx, &b, "kari@acme.no", WRONG).await, Outcome::Invalid);
            assert_eq!(attempt(&ctx, &a, "ola@acme.no", WRONG).await, Outcome::Invalid);
        }
        assert_eq!(attempt(&ctx, &a, "kari@acme.no", RIGHT).await, Outcome::SignedIn);
        // A starts again for kari: four more failures are not five.
        for _ in 0..4 {
            assert_eq!(attempt(&ctx, &a, "kari@acme.no", WRONG).await, Outcome::Invalid);
        }
        assert_eq!(attempt(&ctx, &a, "kari@acme.no", RIGHT).await, Outcome::SignedIn);
        // A's failures for ola and B's for kari still count.
        assert_eq!(attempt(&ctx, &a, "ola@acme.no", WRONG).await, Outcome::Invalid);
        assert!(matches!(attempt(&ctx, &a, "ola@acme.no", WRONG).await, Outcome::Limited(_)));
        assert_eq!(attempt(&ctx, &b, "kari@acme.no", WRONG).await, Outcome::Invalid);
        assert!(matches!(attempt(&ctx, &b, "kari@acme.no", RIGHT).await, Outcome::Limited(_)));
    }
}

backend_test! {
    async fn every_ipv6_address_of_one_64_prefix_is_one_client(t: TestDb) {
        let (ctx, _) = ctx(&t);
        kari(&ctx).await;
        for i in 1..=5 {
            let from = client(&format!("2001:db8:1:2::{i:x}"));
            assert_eq!(attempt(&ctx, &from, "kari@acme.no", WRONG).await, Outcome::Invalid);
        }
        assert!(matches!(attempt(&ctx, &client("2001:db8:1:2:ffff::1"), "kari@acme.no", RIGHT).await, Outcome::Limited(_)));
        assert_eq!(attempt(&ctx, &client("2001:db8:1:3::1"), "kari@acme.no", RIGHT).await, Outcome::SignedIn);
    }
}

backend_test! {
    async fn failures_from_many_clients_reach_the_per_account_backstop(t: TestDb) {
        let clock = Arc::new(FixedClock::new(datetime!(2026-11-27 10:00 UTC)));
        let settings = Settings { login_max_failures_per_account: 12, ..Settings::default() };
        let ctx = Ctx::new(t.db.clone(), clock.clone(), settings);
        kari(&ctx).await;
        let mut outcomes = Vec::new();
        for i in 1..=4 {
            for _ in 0..4 {
                outcomes.push(attempt(&ctx, &client(&format!("203.0.113.{i}")), "kari@acme.no", WRONG).await);
            }
        }
        assert!(outcomes[..12].iter().all(|o| *o == Outcome::Invalid), "{outcomes:?}");
        assert!(outcomes[12..].iter().all(|o| matches!(o, Outcome::Limited(_))), "{outcomes:?}");
        // Only here can others lock the owner out (see docs/ARCHITECTURE.md).
        assert!(matches!(attempt(&ctx, &client("198.51.100.20"), "kari@acme.no", RIGHT).await, Outcome::Limited(_)));
        assert_eq!(attempt(&ctx, &client("198.51.100.20"), "ola@acme.no", WRONG).await, Outcome::Invalid);
    }
}

backend_test! {
    async fn racing_wrong_guesses_from_one_client_get_no_more_than_five_answers(t: TestDb) {
        let (ctx, clock) = ctx(&t);
        kari(&ctx).await;
        let from = client("203.0.113.9");
        for round in 0..4 {
            let mut guesses = tokio::task::JoinSet::new();
            for _ in 0..12 {
                let (ctx, from) = (ctx.clone(), from.clone());
                guesses.spawn(async move { attempt(&ctx, &from, "kari@acme.no", WRONG).await });
            }
            let outcomes = guesses.join_all().await;
            let answered = outcomes.iter().filter(|o| **o == Outcome::Invalid).count();
            let limited = outcomes.iter().filter(|o| matches!(o, Outcome::Limited(_))).count();
            assert_eq!((answered, limited), (5, 7), "round {round}: {outcomes:?}");
            assert!(matches!(attempt(&ctx, &from, "kari@acme.no", RIGHT).await, Outcome::Limited(_)), "round {round}");
            clock.advance(Duration::minutes(15) + Duration::seconds(1));
        }
    }
}

backend_test! {
    async fn an_overlong_address_fails_and_counts_like_an_unknown_one(t: TestDb) {
        // Longer than any index entry PostgreSQL takes; no account has it.
        let (ctx, _) = ctx(&t);
        kari(&ctx).await;
        let from = client("203.0.113.9");
        let noise: String = (0..400).map(|_| uuid::Uuid::new_v4().simple().to_string()).collect();
        let long = format!("{noise}@acme.no");
        for _ in 0..5 {
            assert_eq!(attempt(&ctx, &from, &long, RIGHT).await, Outcome::Invalid);
        }
        assert!(matches!(attempt(&ctx, &from, &long, RIGHT).await, Outcome::Limited(_)));
    }
}
