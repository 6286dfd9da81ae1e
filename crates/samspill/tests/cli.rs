//! The `samspill` command as an administrator uses it: org-chart import with
//! its exit codes, account administration with passwords on standard input,
//! seeding a synthetic organization, and configuration errors. Runs on both
//! backends.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use samspill_testkit::backend_test;

fn samspill(db_url: &str, args: &[&str], stdin: &str) -> Output {
    // An empty working directory: no samspill.toml is picked up by accident.
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_samspill"))
        .args(args)
        .current_dir(dir.path())
        .env("SAMSPILL__DATABASE__URL", db_url)
        .env("SAMSPILL__LOG__FILTER", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn example_csv() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/org-chart-example.csv"
    )
    .to_owned()
}

backend_test! {
    async fn import_org_dry_runs_applies_once_and_then_changes_nothing(t: TestDb) {
        let csv = example_csv();
        let dry = samspill(&t.url, &["import-org", &csv, "--dry-run"], "");
        assert!(dry.status.success(), "{}", text(&dry.stderr));
        let out = text(&dry.stdout);
        assert!(out.contains("would change") && out.contains("Dry run: nothing was written."), "{out}");
        assert_eq!(samspill_store::org::people::count_people(&t.db).await.unwrap(), 0);

        let run = samspill(&t.url, &["import-org", &csv], "");
        assert!(run.status.success(), "{}", text(&run.stderr));
        assert!(text(&run.stdout).contains("people created"));
        let n = samspill_store::org::people::count_people(&t.db).await.unwrap();
        assert!(n >= 10, "{n} people");

        let again = samspill(&t.url, &["import-org", &csv], "");
        assert!(again.status.success());
        assert!(text(&again.stdout).contains("nothing to change"), "{}", text(&again.stdout));
        assert_eq!(samspill_store::org::people::count_people(&t.db).await.unwrap(), n);
    }
}

backend_test! {
    async fn a_bad_org_chart_reports_lines_exits_1_and_applies_nothing(t: TestDb) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.csv");
        std::fs::write(&path, "email,name,handle,unit_path,title,work_mode,leader_of\n\
            ok@acme.test,Ok,ok,Acme,,office,\n\
            ,Missing,missing,Acme,,office,\n\
            x@acme.test,X,ok,Acme,,hybrid,\n").unwrap();
        let out = samspill(&t.url, &["import-org", path.to_str().unwrap()], "");
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(err.contains("line 3: email") && err.contains("line 4: handle") && err.contains("line 4: work_mode"), "{err}");
        assert!(err.contains("nothing was applied"));
        assert_eq!(samspill_store::org::people::count_people(&t.db).await.unwrap(), 0);
    }
}

backend_test! {
    async fn seed_builds_a_small_organization_once_and_refuses_bad_sizes(t: TestDb) {
        let few = samspill(&t.url, &["seed", "--people", "5", "--posts", "10"], "");
        assert_eq!(few.status.code(), Some(1));
        assert!(text(&few.stderr).contains("error: people: 10 to 1,000,000 people"), "{}", text(&few.stderr));
        assert_eq!(samspill_store::org::people::count_people(&t.db).await.unwrap(), 0);

        let out = samspill(&t.url, &["seed", "--people", "20", "--posts", "60", "--seed", "7"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.contains("Seeded 20 people") && stdout.contains("60 posts"), "{stdout}");
        assert!(stdout.contains("Everyone's password is \"samspill-seed\"."), "{stdout}");
        assert_eq!(samspill_store::org::people::count_people(&t.db).await.unwrap(), 20);

        let again = samspill(&t.url, &["seed", "--people", "20", "--posts", "60"], "");
        assert!(!again.status.success());
        assert!(text(&again.stderr).contains("--fresh"), "{}", text(&again.stderr));
        assert_eq!(samspill_store::org::people::count_people(&t.db).await.unwrap(), 20);
    }
}

backend_test! {
    async fn admin_creates_users_and_resets_passwords_from_standard_input(t: TestDb) {
        let out = samspill(&t.url, &["admin", "create-user", "--email", "Ada@Acme.test", "--name", "Ada Admin", "--admin"], "a long password 1\n");
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("Created Ada@Acme.test (@ada) as administrator"));
        let p = samspill_store::org::people::find_person_by_handle(&t.db, "ada").await.unwrap().unwrap();
        assert!(p.is_admin);

        let short = samspill(&t.url, &["admin", "create-user", "--email", "bo@acme.test", "--name", "Bo"], "short\n");
        assert_eq!(short.status.code(), Some(1));
        assert!(text(&short.stderr).contains("password"));

        let reset = samspill(&t.url, &["admin", "reset-password", "--email", "ada@acme.test"], "another long password\n");
        assert!(reset.status.success(), "{}", text(&reset.stderr));
        let unknown = samspill(&t.url, &["admin", "reset-password", "--email", "nobody@acme.test"], "another long password\n");
        assert_eq!(unknown.status.code(), Some(1));
        assert!(text(&unknown.stderr).contains("no account"));
    }
}

backend_test! {
    async fn admin_revokes_tokens_and_deactivates_and_reactivates_accounts(t: TestDb) {
        use samspill_services::{Actor, Ctx, Error, Settings, SystemClock, auth};
        let ctx = Ctx::new(t.db.clone(), std::sync::Arc::new(SystemClock), Settings::default());
        let pw = "a long password 1";
        let out = samspill(&t.url, &["admin", "create-user", "--email", "kari@acme.test", "--name", "Kari"], &format!("{pw}\n"));
        assert!(out.status.success(), "{}", text(&out.stderr));
        let kari = samspill_store::org::people::find_person_by_handle(&t.db, "kari").await.unwrap().unwrap();
        let token = || async { auth::create_api_token(&ctx, &Actor::of(&kari), "ci", None).await.unwrap().1 };
        let works = |secret: String| { let ctx = ctx.clone(); async move { auth::resolve_api_token(&ctx, &secret).await.unwrap().is_some() } };

        let first = token().await;
        let out = samspill(&t.url, &["admin", "revoke-tokens", "--email", "Kari@Acme.test"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "Revoked 1 API tokens of kari@acme.test.\n");
        assert!(!works(first).await);

        let second = token().await;
        let session = auth::sign_in(&ctx, &auth::ClientKey::unknown(), "kari@acme.test", pw).await.unwrap();
        let out = samspill(&t.url, &["admin", "deactivate", "--email", "kari@acme.test"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "Deactivated kari@acme.test; 1 sessions signed out and 1 API tokens revoked.\n");
        assert!(!works(second.clone()).await);
        assert!(auth::resolve_session(&ctx, &session.session_token).await.unwrap().is_none());
        assert!(matches!(auth::sign_in(&ctx, &auth::ClientKey::unknown(), "kari@acme.test", pw).await, Err(Error::InvalidCredentials)));
        let again = samspill(&t.url, &["admin", "deactivate", "--email", "kari@acme.test"], "");
        assert!(again.status.success());
        assert!(text(&again.stdout).contains("already deactivated"), "{}", text(&again.stdout));

        let out = samspill(&t.url, &["admin", "reactivate", "--email", "kari@acme.test"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "Reactivated kari@acme.test.\n");
        assert!(!works(second).await, "reactivation revives no token");
        auth::sign_in(&ctx, &auth::ClientKey::unknown(), "kari@acme.test", pw).await.unwrap();

        let third = token().await;
        let out = samspill(&t.url, &["admin", "reset-password", "--email", "kari@acme.test"], "another long password\n");
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("1 API tokens revoked"), "{}", text(&out.stdout));
        assert!(!works(third).await);

        for command in ["revoke-tokens", "deactivate", "reactivate"] {
            let out = samspill(&t.url, &["admin", command, "--email", "nobody@acme.test"], "");
            assert_eq!(out.status.code(), Some(1), "{command}");
            assert!(text(&out.stderr).contains("no account"), "{command}");
        }
    }
}

#[test]
fn an_unknown_database_scheme_stops_with_the_setting_named() {
    let out = samspill("mysql://localhost/x", &["serve"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("database.url") && err.contains("scheme"),
        "{err}"
    );
}

#[test]
fn an_unreachable_postgres_is_a_clear_error_not_a_panic() {
    let out = samspill(
        "postgres://postgres@127.0.0.1:1/none",
        &["serve", "--port", "0"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("database.url") && !err.contains("panicked"),
        "{err}"
    );
}
