//! Personal API tokens: listing, revoking, expiry, last use, and every way
//! a person's tokens end (password change, admin reset, admin revocation,
//! deactivation).

use samspill_services::auth::admin::{self, NewUser};
use samspill_services::auth::{self, TOKEN_MAX_LIFETIME};
use samspill_services::{Actor, Clock, Ctx, Error};
use samspill_store::events;
use samspill_store::org::people::PersonView;
use samspill_testkit::backend_test;
use time::Duration;

use crate::ctx;

const PASSWORD: &str = "correct horse battery";

async fn user(ctx: &Ctx, handle: &str) -> PersonView {
    let u = NewUser {
        email: format!("{handle}@acme.no"),
        name: handle.to_owned(),
        handle: None,
        is_admin: false,
    };
    admin::create_user(ctx, &u, PASSWORD).await.unwrap()
}

async fn token(ctx: &Ctx, who: &PersonView, name: &str) -> (samspill_domain::TokenId, String) {
    let (meta, secret) = auth::create_api_token(ctx, &Actor::of(who), name, None)
        .await
        .unwrap();
    (meta.id, secret)
}

async fn works(ctx: &Ctx, secret: &str) -> bool {
    auth::resolve_api_token(ctx, secret)
        .await
        .unwrap()
        .is_some()
}

backend_test! {
    async fn my_tokens_are_listed_newest_first_and_only_i_can_revoke_them(t: TestDb) {
        let (ctx, clock) = ctx(&t);
        let (kari, ola) = (user(&ctx, "kari").await, user(&ctx, "ola").await);
        let (first, first_secret) = token(&ctx, &kari, "laptop").await;
        clock.advance(Duration::seconds(1));
        let (second, second_secret) = token(&ctx, &kari, "ci").await;
        token(&ctx, &ola, "ola's").await;

        let mine = auth::list_api_tokens(&ctx, &Actor::of(&kari)).await.unwrap();
        let names: Vec<_> = mine.iter().map(|t| (t.id, t.name.as_str())).collect();
        assert_eq!(names, [(second, "ci"), (first, "laptop")]);
        assert!(mine.iter().all(|t| t.person_id == kari.id && t.expires_at.is_none()));

        let not_ola = auth::revoke_api_token(&ctx, &Actor::of(&ola), first).await;
        assert!(matches!(not_ola, Err(Error::NotFound)), "{not_ola:?}");
        assert!(works(&ctx, &first_secret).await, "someone else's revocation changed nothing");

        auth::revoke_api_token(&ctx, &Actor::of(&kari), first).await.unwrap();
        assert!(!works(&ctx, &first_secret).await, "revoked at once");
        assert!(works(&ctx, &second_secret).await, "the other token still works");
        assert!(matches!(auth::revoke_api_token(&ctx, &Actor::of(&kari), first).await, Err(Error::NotFound)));
        let left = auth::list_api_tokens(&ctx, &Actor::of(&kari)).await.unwrap();
        assert_eq!(left.iter().map(|t| t.id).collect::<Vec<_>>(), [second]);
    }
}

backend_test! {
    async fn a_token_stops_working_when_it_expires_and_its_expiry_is_bounded(t: TestDb) {
        let (ctx, clock) = ctx(&t);
        let kari = user(&ctx, "kari").await;
        let actor = Actor::of(&kari);
        let now = clock.now();

        for (at, code) in [(now, "not_in_future"), (now - Duration::days(1), "not_in_future"), (now + TOKEN_MAX_LIFETIME + Duration::seconds(1), "too_far")] {
            let Err(Error::Invalid(e)) = auth::create_api_token(&ctx, &actor, "x", Some(at)).await else { panic!("{at} accepted") };
            assert_eq!((e[0].field, e[0].code), ("expires_at", code));
        }
        let Err(Error::Invalid(e)) = auth::create_api_token(&ctx, &actor, " ", Some(now)).await else { panic!() };
        assert_eq!(e.iter().map(|e| e.field).collect::<Vec<_>>(), ["name", "expires_at"], "every problem at once");
        assert!(auth::list_api_tokens(&ctx, &actor).await.unwrap().is_empty(), "nothing stored on bad input");

        auth::create_api_token(&ctx, &actor, "a year", Some(now + TOKEN_MAX_LIFETIME)).await.unwrap();
        let (meta, secret) = auth::create_api_token(&ctx, &actor, "an hour", Some(now + Duration::hours(1))).await.unwrap();
        assert_eq!(meta.expires_at, Some(now + Duration::hours(1)));
        assert!(works(&ctx, &secret).await);
        clock.advance(Duration::minutes(59));
        assert!(works(&ctx, &secret).await);
        clock.advance(Duration::minutes(1));
        assert!(!works(&ctx, &secret).await, "expired at its expiry, by the injected clock");
        let listed = auth::list_api_tokens(&ctx, &actor).await.unwrap();
        assert!(listed.iter().any(|t| t.id == meta.id), "an expired token is still listed, to be revoked");
    }
}

backend_test! {
    async fn a_token_records_its_last_use_at_most_once_a_minute(t: TestDb) {
        let (ctx, clock) = ctx(&t);
        let kari = user(&ctx, "kari").await;
        let actor = Actor::of(&kari);
        let (_, secret) = token(&ctx, &kari, "ci").await;
        let last_used = || async { auth::list_api_tokens(&ctx, &actor).await.unwrap()[0].last_used_at };
        assert_eq!(last_used().await, None);

        let first = clock.now();
        assert!(works(&ctx, &secret).await);
        assert_eq!(last_used().await, Some(first));
        clock.advance(Duration::seconds(30));
        assert!(works(&ctx, &secret).await);
        assert_eq!(last_used().await, Some(first), "not rewritten within a minute");
        clock.advance(Duration::seconds(31));
        assert!(works(&ctx, &secret).await);
        assert_eq!(last_used().await, Some(clock.now()));
    }
}

backend_test! {
    async fn changing_my_password_revokes_all_my_tokens_but_a_wrong_current_password_does_not(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let (kari, ola) = (user(&ctx, "kari").await, user(&ctx, "ola").await);
        let actor = Actor::of(&kari);
        let (_, a) = token(&ctx, &kari, "a").await;
        let (_, b) = token(&ctx, &kari, "b").await;
        let (_, olas) = token(&ctx, &ola, "ola's").await;

        assert!(auth::change_password(&ctx, &actor, "wrong password", "new password 123").await.is_err());
        assert!(works(&ctx, &a).await && works(&ctx, &b).await, "a refused change revokes nothing");

        auth::change_password(&ctx, &actor, PASSWORD, "new password 123").await.unwrap();
        assert!(!works(&ctx, &a).await && !works(&ctx, &b).await);
        assert!(auth::list_api_tokens(&ctx, &actor).await.unwrap().is_empty());
        assert!(works(&ctx, &olas).await, "only the person's own tokens");
    }
}

backend_test! {
    async fn an_admin_password_reset_revokes_every_token_and_is_logged(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let kari = user(&ctx, "kari").await;
        let (_, a) = token(&ctx, &kari, "a").await;
        let (_, b) = token(&ctx, &kari, "b").await;
        let session = auth::sign_in(&ctx, &auth::ClientKey::unknown(), "kari@acme.no", PASSWORD).await.unwrap();

        let done = admin::reset_password(&ctx, "KARI@acme.no", "reset password 1").await.unwrap();
        assert_eq!((done.sessions_ended, done.tokens_revoked), (1, 2));
        assert!(!works(&ctx, &a).await && !works(&ctx, &b).await);
        assert!(auth::resolve_session(&ctx, &session.session_token).await.unwrap().is_none());
        let logged = events::list_events(ctx.db(), Some("person.password_reset"), 10).await.unwrap();
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0].subject_id, Some(kari.id.as_uuid()));
        assert_eq!(logged[0].payload["tokens_revoked"], 2);
    }
}

backend_test! {
    async fn an_admin_revokes_a_persons_tokens_and_leaves_their_sessions(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let kari = user(&ctx, "kari").await;
        let (_, a) = token(&ctx, &kari, "a").await;
        let session = auth::sign_in(&ctx, &auth::ClientKey::unknown(), "kari@acme.no", PASSWORD).await.unwrap();

        let done = admin::revoke_tokens(&ctx, " Kari@Acme.no ").await.unwrap();
        assert_eq!(done.tokens_revoked, 1);
        assert!(!works(&ctx, &a).await);
        assert!(auth::resolve_session(&ctx, &session.session_token).await.unwrap().is_some());
        assert_eq!(events::list_events(ctx.db(), Some("person.tokens_revoked"), 10).await.unwrap().len(), 1);
        assert!(matches!(admin::revoke_tokens(&ctx, "nobody@acme.no").await, Err(Error::NotFound)));
    }
}

backend_test! {
    async fn deactivating_ends_sessions_and_tokens_at_once_and_reactivating_revives_neither(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let (kari, ola) = (user(&ctx, "kari").await, user(&ctx, "ola").await);
        let (_, secret) = token(&ctx, &kari, "ci").await;
        let (_, olas) = token(&ctx, &ola, "ola's").await;
        let session = auth::sign_in(&ctx, &auth::ClientKey::unknown(), "kari@acme.no", PASSWORD).await.unwrap();

        let done = admin::deactivate(&ctx, "kari@acme.no").await.unwrap();
        assert!(done.changed && !done.person.is_active);
        assert_eq!((done.sessions_ended, done.tokens_revoked), (1, 1));
        assert!(!works(&ctx, &secret).await);
        assert!(auth::resolve_session(&ctx, &session.session_token).await.unwrap().is_none());
        assert!(matches!(auth::sign_in(&ctx, &auth::ClientKey::unknown(), "kari@acme.no", PASSWORD).await, Err(Error::InvalidCredentials)));
        assert!(works(&ctx, &olas).await, "nobody else's");
        let again = admin::deactivate(&ctx, "kari@acme.no").await.unwrap();
        assert!(!again.changed);

        let back = admin::reactivate(&ctx, "kari@acme.no").await.unwrap();
        assert!(back.changed && back.person.is_active);
        assert!(!works(&ctx, &secret).await, "the old token stays revoked");
        assert!(auth::resolve_session(&ctx, &session.session_token).await.unwrap().is_none(), "the old session stays ended");
        assert!(auth::list_api_tokens(&ctx, &Actor::of(&kari)).await.unwrap().is_empty());
        auth::sign_in(&ctx, &auth::ClientKey::unknown(), "kari@acme.no", PASSWORD).await.unwrap();
        assert!(!admin::reactivate(&ctx, "kari@acme.no").await.unwrap().changed);

        let deactivated = events::list_events(ctx.db(), Some("person.deactivated"), 10).await.unwrap();
        assert_eq!(deactivated.len(), 1, "a second deactivation logs nothing");
        assert_eq!(deactivated[0].payload["tokens_revoked"], 1);
        assert_eq!(events::list_events(ctx.db(), Some("person.reactivated"), 10).await.unwrap().len(), 1);
        assert!(matches!(admin::deactivate(&ctx, "nobody@acme.no").await, Err(Error::NotFound)));
    }
}
