use samspill_services::auth::admin::{self, NewUser};
use samspill_services::{Actor, Error, auth};
use samspill_testkit::backend_test;
use time::Duration;

use crate::ctx;

/// The client of every attempt here (see `login_throttle` for several).
fn here() -> auth::ClientKey {
    auth::ClientKey::from_ip([192, 0, 2, 1].into())
}

async fn user(ctx: &samspill_services::Ctx) -> samspill_store::org::people::PersonView {
    let u = NewUser {
        email: "Kari@Acme.no".into(),
        name: "Kari".into(),
        handle: None,
        is_admin: false,
    };
    admin::create_user(ctx, &u, "correct horse battery")
        .await
        .unwrap()
}

backend_test! {
    async fn sign_in_gives_a_session_that_resolves_until_sign_out(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let kari = user(&ctx).await;
        assert_eq!(kari.handle, "kari");
        let s = auth::sign_in(&ctx, &here(), " kari@ACME.no ", "correct horse battery").await.unwrap();
        assert_eq!(s.person.id, kari.id);
        let (p, csrf) = auth::resolve_session(&ctx, &s.session_token).await.unwrap().unwrap();
        assert_eq!((p.id, csrf), (kari.id, s.csrf_token.clone()));
        auth::sign_out(&ctx, &s.session_token).await.unwrap();
        assert!(auth::resolve_session(&ctx, &s.session_token).await.unwrap().is_none());
    }
}

backend_test! {
    async fn unknown_email_and_wrong_password_fail_alike(t: TestDb) {
        let (ctx, _) = ctx(&t);
        user(&ctx).await;
        assert!(matches!(auth::sign_in(&ctx, &here(), "kari@acme.no", "wrong password!").await, Err(Error::InvalidCredentials)));
        assert!(matches!(auth::sign_in(&ctx, &here(), "nobody@acme.no", "wrong password!").await, Err(Error::InvalidCredentials)));
    }
}

backend_test! {
    async fn the_sixth_attempt_from_one_client_within_15_minutes_is_refused_even_with_the_right_password(t: TestDb) {
        let (ctx, clock) = ctx(&t);
        user(&ctx).await;
        for _ in 0..5 {
            assert!(matches!(auth::sign_in(&ctx, &here(), "kari@acme.no", "nope nope nope").await, Err(Error::InvalidCredentials)));
            clock.advance(Duration::minutes(1));
        }
        let Err(Error::RateLimited { retry_after_secs }) = auth::sign_in(&ctx, &here(), "kari@acme.no", "correct horse battery").await else {
            panic!("not rate limited");
        };
        // The first failure was 5 minutes ago; it leaves the window in 10.
        assert_eq!(retry_after_secs, 600);
        // Another account is not affected.
        assert!(matches!(auth::sign_in(&ctx, &here(), "ola@acme.no", "x").await, Err(Error::InvalidCredentials)));
        clock.advance(Duration::minutes(10) + Duration::seconds(1));
        auth::sign_in(&ctx, &here(), "kari@acme.no", "correct horse battery").await.unwrap();
    }
}

backend_test! {
    async fn api_tokens_resolve_and_password_change_ends_other_sessions(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let kari = user(&ctx).await;
        let actor = Actor::of(&kari);
        let (_, secret) = auth::create_api_token(&ctx, &actor, "laptop", None).await.unwrap();
        assert!(secret.starts_with("ssp_"));
        assert_eq!(auth::resolve_api_token(&ctx, &secret).await.unwrap().unwrap().id, kari.id);
        assert!(auth::resolve_api_token(&ctx, "ssp_forged").await.unwrap().is_none());

        let old = auth::sign_in(&ctx, &here(), "kari@acme.no", "correct horse battery").await.unwrap();
        let Err(Error::Invalid(e)) = auth::change_password(&ctx, &actor, "wrong", "new password 123").await else { panic!() };
        assert_eq!(e[0].field, "current_password");
        let new = auth::change_password(&ctx, &actor, "correct horse battery", "new password 123").await.unwrap();
        assert!(auth::resolve_session(&ctx, &old.session_token).await.unwrap().is_none());
        assert!(auth::resolve_session(&ctx, &new.session_token).await.unwrap().is_some());
        auth::sign_in(&ctx, &here(), "kari@acme.no", "new password 123").await.unwrap();

        admin::reset_password(&ctx, "KARI@acme.no", "reset password 1").await.unwrap();
        assert!(auth::resolve_session(&ctx, &new.session_token).await.unwrap().is_none());
        auth::sign_in(&ctx, &here(), "kari@acme.no", "reset password 1").await.unwrap();
        assert!(matches!(admin::reset_password(&ctx, "nobody@acme.no", "reset password 1").await, Err(Error::NotFound)));
    }
}

backend_test! {
    async fn create_user_reports_every_bad_field_and_taken_email(t: TestDb) {
        let (ctx, _) = ctx(&t);
        user(&ctx).await;
        let bad = NewUser { email: "not-an-email".into(), name: " ".into(), handle: Some("x".into()), is_admin: false };
        let Err(Error::Invalid(e)) = admin::create_user(&ctx, &bad, "short").await else { panic!() };
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["email", "name", "handle", "password"]);
        let dup = NewUser { email: "kari@acme.no".into(), name: "Kari 2".into(), handle: Some("kari2".into()), is_admin: false };
        let Err(Error::Invalid(e)) = admin::create_user(&ctx, &dup, "long enough pw").await else { panic!() };
        assert_eq!((e[0].field, e[0].code), ("email", "taken"));
    }
}
