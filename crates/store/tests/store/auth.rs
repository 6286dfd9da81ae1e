use samspill_domain::TokenId;
use samspill_store::auth::login_failures::{self, Scope};
use samspill_store::auth::sessions::{self, Session};
use samspill_store::auth::tokens;
use samspill_store::org::people;
use samspill_testkit::backend_test;
use time::Duration;

use crate::fixtures::{T0, person};

backend_test! {
    async fn a_session_is_found_until_it_expires_or_is_deleted(t: TestDb) {
        let kari = person(&t.db, "kari", "Kari", None).await;
        let s = Session { person_id: kari, csrf_token: "csrf".into(), expires_at: T0 + Duration::hours(1) };
        let mut tx = t.db.begin().await.unwrap();
        sessions::insert_session(&mut tx, "h1", &s, T0).await.unwrap();
        tx.commit().await.unwrap();

        let found = sessions::find_session(&t.db, "h1", T0).await.unwrap().unwrap();
        assert_eq!(found.person_id, kari);
        assert_eq!(found.csrf_token, "csrf");
        assert!(sessions::find_session(&t.db, "h1", T0 + Duration::hours(1)).await.unwrap().is_none());
        assert!(sessions::find_session(&t.db, "other", T0).await.unwrap().is_none());

        let mut tx = t.db.begin().await.unwrap();
        assert_eq!(sessions::delete_sessions_of(&mut tx, kari).await.unwrap(), 1);
        tx.commit().await.unwrap();
        assert!(sessions::find_session(&t.db, "h1", T0).await.unwrap().is_none());
    }
}

fn token(
    person: samspill_domain::PersonId,
    name: &str,
    expires_at: Option<time::OffsetDateTime>,
) -> tokens::ApiToken {
    tokens::ApiToken {
        id: TokenId::new(),
        person_id: person,
        name: name.into(),
        created_at: T0,
        last_used_at: None,
        expires_at,
    }
}

backend_test! {
    async fn tokens_resolve_to_their_owner_by_hash_until_they_expire(t: TestDb) {
        let kari = person(&t.db, "kari", "Kari", None).await;
        let forever = token(kari, "ci", None);
        let hour = token(kari, "laptop", Some(T0 + Duration::hours(1)));
        let mut tx = t.db.begin().await.unwrap();
        tokens::insert_token(&mut tx, &forever, "hash").await.unwrap();
        tokens::insert_token(&mut tx, &hour, "hash2").await.unwrap();
        tx.commit().await.unwrap();
        let (owner, token_id, used) = people::find_person_by_token(&t.db, "hash", T0).await.unwrap().unwrap();
        assert_eq!((token_id, owner.id, used), (forever.id, kari, None));
        assert!(people::find_person_by_token(&t.db, "nope", T0).await.unwrap().is_none());
        assert!(people::find_person_by_token(&t.db, "hash2", T0 + Duration::minutes(59)).await.unwrap().is_some());
        assert!(people::find_person_by_token(&t.db, "hash2", T0 + Duration::hours(1)).await.unwrap().is_none(), "expired at its expiry");
        assert!(people::find_person_by_token(&t.db, "hash", T0 + Duration::days(3650)).await.unwrap().is_some(), "no expiry");
        let listed = tokens::list_tokens(&t.db, kari).await.unwrap();
        assert_eq!(listed.len(), 2);
        assert!(listed.contains(&forever) && listed.contains(&hour), "{listed:?}");
    }
}

backend_test! {
    async fn token_use_is_written_at_most_once_per_interval(t: TestDb) {
        let kari = person(&t.db, "kari", "Kari", None).await;
        let tk = token(kari, "ci", None);
        let mut tx = t.db.begin().await.unwrap();
        tokens::insert_token(&mut tx, &tk, "hash").await.unwrap();
        let minute = Duration::minutes(1);
        let t1 = T0 + Duration::seconds(5);
        assert!(tokens::touch_token(&mut tx, tk.id, t1, t1 - minute).await.unwrap());
        let t2 = t1 + Duration::seconds(30);
        assert!(!tokens::touch_token(&mut tx, tk.id, t2, t2 - minute).await.unwrap(), "used 30 s ago");
        let t3 = t1 + Duration::seconds(61);
        assert!(tokens::touch_token(&mut tx, tk.id, t3, t3 - minute).await.unwrap());
        tx.commit().await.unwrap();
        assert_eq!(people::find_person_by_token(&t.db, "hash", t3).await.unwrap().unwrap().2, Some(t3));
        assert_eq!(tokens::list_tokens(&t.db, kari).await.unwrap()[0].last_used_at, Some(t3));
    }
}

backend_test! {
    async fn a_token_is_deleted_only_by_its_owner_and_all_at_once(t: TestDb) {
        let kari = person(&t.db, "kari", "Kari", None).await;
        let ola = person(&t.db, "ola", "Ola", None).await;
        let (a, b, c) = (token(kari, "a", None), token(kari, "b", None), token(ola, "c", None));
        let mut tx = t.db.begin().await.unwrap();
        for (tk, h) in [(&a, "ha"), (&b, "hb"), (&c, "hc")] {
            tokens::insert_token(&mut tx, tk, h).await.unwrap();
        }
        assert!(!tokens::delete_token(&mut tx, ola, a.id).await.unwrap(), "not ola's");
        assert!(tokens::delete_token(&mut tx, kari, a.id).await.unwrap());
        assert!(!tokens::delete_token(&mut tx, kari, a.id).await.unwrap(), "already gone");
        assert_eq!(tokens::delete_tokens_of(&mut tx, kari).await.unwrap(), 1);
        tx.commit().await.unwrap();
        assert!(tokens::list_tokens(&t.db, kari).await.unwrap().is_empty());
        assert_eq!(tokens::list_tokens(&t.db, ola).await.unwrap(), vec![c]);
    }
}

backend_test! {
    async fn login_failures_are_counted_per_scope_in_a_window(t: TestDb) {
        let mut tx = t.db.begin().await.unwrap();
        for i in 0..4 {
            login_failures::record_failure(&mut tx, "kari@acme.test", "192.0.2.1", T0 + Duration::minutes(i)).await.unwrap();
        }
        login_failures::record_failure(&mut tx, "kari@acme.test", "192.0.2.2", T0 + Duration::minutes(10)).await.unwrap();
        login_failures::record_failure(&mut tx, "ola@acme.test", "192.0.2.1", T0 + Duration::minutes(20)).await.unwrap();
        let since = |m| T0 + Duration::minutes(m) - Duration::seconds(1);
        let kari_from_1 = Scope::EmailFromClient { email_norm: "kari@acme.test", client: "192.0.2.1" };
        // The n-th most recent, 1 being the most recent.
        assert_eq!(login_failures::nth_latest_failure(&mut tx, kari_from_1, since(0), 1).await.unwrap(), Some(T0 + Duration::minutes(3)));
        assert_eq!(login_failures::nth_latest_failure(&mut tx, kari_from_1, since(0), 4).await.unwrap(), Some(T0));
        assert_eq!(login_failures::nth_latest_failure(&mut tx, kari_from_1, since(0), 5).await.unwrap(), None);
        assert_eq!(login_failures::nth_latest_failure(&mut tx, kari_from_1, since(2), 3).await.unwrap(), None, "outside the window");
        assert_eq!(login_failures::nth_latest_failure(&mut tx, Scope::Client("192.0.2.1"), since(0), 5).await.unwrap(), Some(T0));
        assert_eq!(login_failures::nth_latest_failure(&mut tx, Scope::Client("192.0.2.2"), since(0), 2).await.unwrap(), None);
        assert_eq!(login_failures::nth_latest_failure(&mut tx, Scope::Email("kari@acme.test"), since(0), 5).await.unwrap(), Some(T0));
        assert_eq!(login_failures::nth_latest_failure(&mut tx, Scope::Email("kari@acme.test"), since(0), 1).await.unwrap(), Some(T0 + Duration::minutes(10)));
        tx.commit().await.unwrap();
    }
}

backend_test! {
    async fn clearing_forgets_one_client_for_one_address_and_everything_old(t: TestDb) {
        let mut tx = t.db.begin().await.unwrap();
        login_failures::record_failure(&mut tx, "kari@acme.test", "192.0.2.1", T0).await.unwrap();
        login_failures::record_failure(&mut tx, "kari@acme.test", "192.0.2.2", T0).await.unwrap();
        login_failures::record_failure(&mut tx, "ola@acme.test", "192.0.2.1", T0).await.unwrap();
        login_failures::record_failure(&mut tx, "per@acme.test", "192.0.2.3", T0 - Duration::hours(1)).await.unwrap();
        login_failures::clear_failures(&mut tx, "kari@acme.test", "192.0.2.1", T0 - Duration::minutes(15)).await.unwrap();
        let since = T0 - Duration::days(1);
        let count = async |tx: &mut samspill_store::Tx, scope| login_failures::nth_latest_failure(tx, scope, since, 1).await.unwrap().is_some();
        assert!(!count(&mut tx, Scope::EmailFromClient { email_norm: "kari@acme.test", client: "192.0.2.1" }).await);
        assert!(count(&mut tx, Scope::EmailFromClient { email_norm: "kari@acme.test", client: "192.0.2.2" }).await);
        assert!(count(&mut tx, Scope::Client("192.0.2.1")).await, "ola's failure from the same client stays");
        assert!(!count(&mut tx, Scope::Email("per@acme.test")).await, "older than the window");
        tx.commit().await.unwrap();
    }
}

/// Starts a transaction that takes the attempt locks for `email` from
/// `client` and commits; it finishes only once it got them.
fn lock_in_background(
    db: &samspill_store::Db,
    email: &'static str,
    client: &'static str,
) -> tokio::task::JoinHandle<()> {
    let db = db.clone();
    tokio::spawn(async move {
        let mut tx = db.begin().await.unwrap();
        login_failures::lock_attempt(&mut tx, email, client)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    })
}

backend_test! {
    async fn an_attempt_waits_for_another_from_the_same_client_or_for_the_same_address(t: TestDb) {
        for (email, client) in [("kari@acme.test", "192.0.2.9"), ("ola@acme.test", "192.0.2.1")] {
            let mut first = t.db.begin().await.unwrap();
            login_failures::lock_attempt(&mut first, "kari@acme.test", "192.0.2.1").await.unwrap();
            let second = lock_in_background(&t.db, email, client);
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            assert!(!second.is_finished(), "{email} from {client} waits");
            if t.db.backend() == samspill_store::Backend::Postgres {
                // Another address from another client goes ahead.
                let other = lock_in_background(&t.db, "per@acme.test", "192.0.2.7");
                tokio::time::timeout(std::time::Duration::from_secs(5), other).await.unwrap().unwrap();
            }
            first.commit().await.unwrap();
            tokio::time::timeout(std::time::Duration::from_secs(5), second).await.unwrap().unwrap();
        }
    }
}
