use samspill_domain::TokenId;
use samspill_store::auth::sessions::{self, Session};
use samspill_store::{auth::login_failures, auth::tokens};
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

backend_test! {
    async fn tokens_resolve_to_their_owner_by_hash(t: TestDb) {
        let kari = person(&t.db, "kari", "Kari", None).await;
        let token = tokens::ApiToken { id: TokenId::new(), person_id: kari, name: "ci".into(), created_at: T0 };
        let mut tx = t.db.begin().await.unwrap();
        tokens::insert_token(&mut tx, &token, "hash").await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(tokens::find_token_owner(&t.db, "hash").await.unwrap(), Some(kari));
        assert_eq!(tokens::find_token_owner(&t.db, "nope").await.unwrap(), None);
        assert_eq!(tokens::list_tokens(&t.db, kari).await.unwrap()[0].name, "ci");
    }
}

backend_test! {
    async fn login_failures_are_counted_in_a_window_and_cleared(t: TestDb) {
        let mut tx = t.db.begin().await.unwrap();
        for i in 0..4 {
            login_failures::record_failure(&mut tx, "kari@acme.test", T0 + Duration::minutes(i)).await.unwrap();
        }
        login_failures::record_failure(&mut tx, "ola@acme.test", T0).await.unwrap();
        tx.commit().await.unwrap();
        let since = |m| T0 + Duration::minutes(m) - Duration::seconds(1);
        assert_eq!(login_failures::list_failures_since(&t.db, "kari@acme.test", since(0), 10).await.unwrap().len(), 4);
        assert_eq!(login_failures::list_failures_since(&t.db, "kari@acme.test", since(2), 10).await.unwrap(), vec![T0 + Duration::minutes(2), T0 + Duration::minutes(3)]);

        let mut tx = t.db.begin().await.unwrap();
        login_failures::clear_failures(&mut tx, "kari@acme.test", T0 - Duration::days(1)).await.unwrap();
        tx.commit().await.unwrap();
        assert!(login_failures::list_failures_since(&t.db, "kari@acme.test", since(0), 10).await.unwrap().is_empty());
        assert_eq!(login_failures::list_failures_since(&t.db, "ola@acme.test", since(0), 10).await.unwrap().len(), 1);
    }
}
