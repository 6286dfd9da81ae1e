//! Moderation and the audit log, on both backends: reports (one open per
//! person and item), the queue scoped to the spaces one moderates, hide and
//! restore through every read path (feed, space posts, search, the post,
//! its comments, notifications), the author told, one appeal decided by
//! another moderator, audit rows for every recorded kind, administrators'
//! reads of secret spaces shown to owners, and the CSV formula guard.

use samspill_domain::moderation::{ModerationAction, ReportState};
use samspill_domain::{CommentId, MemberRole, PostId, SpaceId};
use samspill_services::audit::{self, AuditQuery};
use samspill_services::auth::admin::{self, NewUser};
use samspill_services::moderation::{self, AppealOf, Subject};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::spaces::{self, NewCommunity};
use samspill_services::social::{comments, feed, notifications, search};
use samspill_services::{Actor, Ctx, Error, org::import};
use samspill_store::org::people;
use samspill_testkit::{TestDb, backend_test};

use crate::ctx;

/// Lena leads Data, Sofie leads Ops; Ola and Per are members.
const CHART: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n\
    lena@acme.test,Lena,lena,Acme/Data,Head of Data,office,Acme/Data\n\
    sofie@acme.test,Sofie,sofie,Acme/Ops,Head of Ops,office,Acme/Ops\n\
    ola@acme.test,Ola,ola,Acme/Data,,client_site,\n\
    per@acme.test,Per,per,Acme/Ops,,office,\n";

async fn actor(ctx: &Ctx, handle: &str) -> Actor {
    Actor::of(
        &people::find_person_by_handle(ctx.db(), handle)
            .await
            .unwrap()
            .unwrap(),
    )
}

struct World {
    ctx: Ctx,
    lena: Actor,
    sofie: Actor,
    ola: Actor,
    per: Actor,
    admin: Actor,
    /// A community Lena owns, Sofie moderates, Ola and Per belong to.
    club: SpaceId,
    /// A community Sofie owns; Lena is not in it.
    running: SpaceId,
}

async fn community(ctx: &Ctx, owner: &Actor, name: &str, visibility: &str) -> SpaceId {
    spaces::create_community(
        ctx,
        owner,
        &NewCommunity {
            name: name.to_owned(),
            description: String::new(),
            visibility: visibility.to_owned(),
        },
    )
    .await
    .unwrap()
    .id
}

async fn world(t: &TestDb) -> World {
    let (ctx, _clock) = ctx(t);
    import::run(&ctx, CHART.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    let admin = Actor::of(
        &admin::create_user(
            &ctx,
            &NewUser {
                email: "root@acme.test".into(),
                name: "Root".into(),
                handle: Some("root".into()),
                is_admin: true,
            },
            "a long enough password",
        )
        .await
        .unwrap(),
    );
    samspill_testkit::accept_guidelines(ctx.db()).await;
    let (lena, sofie, ola, per) = (
        actor(&ctx, "lena").await,
        actor(&ctx, "sofie").await,
        actor(&ctx, "ola").await,
        actor(&ctx, "per").await,
    );
    let club = community(&ctx, &lena, "Book club", "open").await;
    for p in [&sofie, &ola, &per] {
        spaces::join(&ctx, p, club).await.unwrap();
    }
    spaces::set_role(&ctx, &lena, club, sofie.id, MemberRole::Moderator)
        .await
        .unwrap();
    let running = community(&ctx, &sofie, "Running", "open").await;
    spaces::join(&ctx, &per, running).await.unwrap();
    World {
        ctx,
        lena,
        sofie,
        ola,
        per,
        admin,
        club,
        running,
    }
}

async fn post(ctx: &Ctx, by: &Actor, space: SpaceId, title: &str, body: &str) -> PostId {
    posts::create_post(
        ctx,
        by,
        &PostInput {
            space_id: space,
            kind: "discussion".to_owned(),
            title: title.to_owned(),
            body: body.to_owned(),
            options: Vec::new(),
            important: false,
            ..PostInput::default()
        },
    )
    .await
    .unwrap()
    .id
}

async fn comment(ctx: &Ctx, by: &Actor, post: PostId, body: &str) -> CommentId {
    comments::add_comment(ctx, by, post, body, None)
        .await
        .unwrap()
        .id
}

fn code(e: Error) -> String {
    match e {
        Error::Conflict { code, .. } => code.to_owned(),
        Error::Invalid(v) => v
            .iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect::<Vec<_>>()
            .join(","),
        Error::Forbidden => "forbidden".to_owned(),
        Error::NotFound => "not_found".to_owned(),
        other => panic!("unexpected {other:?}"),
    }
}

/// Whether `who` reads post `p` through every read path: the post itself,
/// the space's posts, the home feed, and search.
async fn reads_post(w: &World, who: &Actor, p: PostId, space: SpaceId, word: &str) -> [bool; 4] {
    let ctx = &w.ctx;
    let direct = posts::find_post(ctx, who, p).await.unwrap().is_some();
    let in_space = feed::space_posts(ctx, who, space, None, Some(100))
        .await
        .unwrap()
        .items
        .iter()
        .any(|x| x.id == p);
    let in_feed = feed::home(ctx, who, None, Some(100))
        .await
        .unwrap()
        .posts
        .items
        .iter()
        .any(|x| x.id == p);
    let found = search::search(ctx, who, word, Some("post"), Some(50))
        .await
        .unwrap()
        .iter()
        .any(|h| h.post_id == Some(p));
    [direct, in_space, in_feed, found]
}

backend_test! {
    async fn a_reader_reports_a_post_once_citing_a_known_rule_with_a_reason(t: TestDb) {
        let w = world(&t).await;
        let p = post(&w.ctx, &w.ola, w.club, "Lunch", "Rude words here").await;
        let r = moderation::report(&w.ctx, &w.per, Subject::Post(p), &rule(1), "This is rude")
            .await
            .unwrap();
        assert_eq!(r.state, ReportState::Open);
        assert_eq!(r.rule_id, rule(1));
        assert_eq!(r.item_author_id, w.ola.id);
        let again = moderation::report(&w.ctx, &w.per, Subject::Post(p), &rule(2), "Still rude")
            .await
            .unwrap_err();
        assert_eq!(code(again), "already_reported");
        // Another person may report the same post.
        moderation::report(&w.ctx, &w.lena, Subject::Post(p), &rule(1), "Agree, rude")
            .await
            .unwrap();
        let bad = moderation::report(&w.ctx, &w.sofie, Subject::Post(p), "org-99", " ")
            .await
            .unwrap_err();
        assert_eq!(code(bad), "rule_id:unknown_rule,reason:required");
        // A post one may not read cannot be reported (404, not 403).
        let secret = community(&w.ctx, &w.sofie, "Secret", "secret").await;
        let hidden = post(&w.ctx, &w.sofie, secret, "Plans", "Secret plans").await;
        let e = moderation::report(&w.ctx, &w.ola, Subject::Post(hidden), &rule(1), "Hmm, odd")
            .await
            .unwrap_err();
        assert_eq!(code(e), "not_found");
    }
}

backend_test! {
    async fn the_queue_shows_a_moderator_only_the_reports_of_their_spaces(t: TestDb) {
        let w = world(&t).await;
        let in_club = post(&w.ctx, &w.ola, w.club, "Club post", "Spam spam").await;
        let in_running = post(&w.ctx, &w.per, w.running, "Run post", "Spam spam").await;
        let a = moderation::report(&w.ctx, &w.per, Subject::Post(in_club), &rule(5), "Spam")
            .await
            .unwrap();
        let b = moderation::report(&w.ctx, &w.sofie, Subject::Post(in_running), &rule(5), "Spam")
            .await
            .unwrap();
        let ids = |a: &Actor| {
            let ctx = w.ctx.clone();
            let a = a.clone();
            async move {
                moderation::queue(&ctx, &a, None, None)
                    .await
                    .unwrap()
                    .items
                    .iter()
                    .map(|r| r.id)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(ids(&w.lena).await, [a.id]);
        assert_eq!(ids(&w.sofie).await, [a.id, b.id]);
        assert_eq!(ids(&w.admin).await, [a.id, b.id]);
        assert!(ids(&w.ola).await.is_empty());
        // Lena may not act on Running's report.
        let e = moderation::act(
            &w.ctx,
            &w.lena,
            b.id,
            ModerationAction::Hide,
            &rule(5),
            "spam post",
        )
        .await
        .unwrap_err();
        assert_eq!(code(e), "forbidden");
        // Acting needs a rule and a note.
        let e = moderation::act(&w.ctx, &w.lena, a.id, ModerationAction::Hide, "", "")
            .await
            .unwrap_err();
        assert_eq!(code(e), "rule_id:unknown_rule,note:required");
    }
}

backend_test! {
    async fn a_hidden_post_disappears_from_every_read_path_except_for_its_author_and_moderators(t: TestDb) {
        let w = world(&t).await;
        let p = post(&w.ctx, &w.ola, w.club, "Zebrafish", "Zebrafish are rude").await;
        let c = comment(&w.ctx, &w.per, p, "A reply about zebrafish").await;
        let r = moderation::report(&w.ctx, &w.per, Subject::Post(p), &rule(1), "Rude post")
            .await
            .unwrap();
        assert_eq!(
            reads_post(&w, &w.per, p, w.club, "zebrafish").await,
            [true; 4]
        );
        moderation::act(
            &w.ctx,
            &w.lena,
            r.id,
            ModerationAction::Hide,
            &rule(1),
            "Rude, hidden",
        )
        .await
        .unwrap();
        // Per (a member, the reporter) reads it nowhere, nor its comments.
        assert_eq!(
            reads_post(&w, &w.per, p, w.club, "zebrafish").await,
            [false; 4]
        );
        let e = comments::list_comments(&w.ctx, &w.per, p)
            .await
            .unwrap_err();
        assert_eq!(code(e), "not_found");
        // The author, a moderator and an administrator still read it, marked.
        for who in [&w.ola, &w.sofie, &w.admin] {
            let seen = posts::find_post(&w.ctx, who, p).await.unwrap().unwrap();
            assert_eq!(seen.hidden_rule_id.as_deref(), Some(rule(1).as_str()));
            assert_eq!(
                comments::list_comments(&w.ctx, who, p).await.unwrap().len(),
                1
            );
        }
        assert_eq!(
            reads_post(&w, &w.ola, p, w.club, "zebrafish").await[..2],
            [true, true]
        );
        // Notifications about the post vanish for others (Per's reply made
        // one for Ola; Ola's own remain).
        let per_n = notifications::list(&w.ctx, &w.per, None, None)
            .await
            .unwrap()
            .0;
        assert!(per_n.items.iter().all(|n| n.post_id != Some(p)));
        // Restored: back everywhere.
        let r2 = moderation::report(&w.ctx, &w.sofie, Subject::Comment(c), &rule(4), "Off topic")
            .await
            .unwrap();
        moderation::act(
            &w.ctx,
            &w.lena,
            r.id,
            ModerationAction::Restore,
            &rule(1),
            "On reflection fine",
        )
        .await
        .unwrap();
        assert_eq!(
            reads_post(&w, &w.per, p, w.club, "zebrafish").await,
            [true; 4]
        );
        // A hidden comment: gone for Ola (not its author, not a moderator).
        moderation::act(
            &w.ctx,
            &w.lena,
            r2.id,
            ModerationAction::Hide,
            &rule(4),
            "Off topic here",
        )
        .await
        .unwrap();
        assert!(
            comments::list_comments(&w.ctx, &w.ola, p)
                .await
                .unwrap()
                .is_empty()
        );
        let mine = comments::list_comments(&w.ctx, &w.per, p).await.unwrap();
        assert_eq!(mine[0].hidden_rule_id.as_deref(), Some(rule(4).as_str()));
        let hits = search::search(&w.ctx, &w.ola, "reply", Some("comment"), None)
            .await
            .unwrap();
        assert!(hits.is_empty());
        // Deleted is not hidden: a deleted post is gone for its author too.
        posts::delete_post(&w.ctx, &w.ola, p).await.unwrap();
        assert!(posts::find_post(&w.ctx, &w.ola, p).await.unwrap().is_none());
    }
}

backend_test! {
    async fn the_author_is_told_the_rule_and_note_and_appeals_once_to_another_moderator(t: TestDb) {
        let w = world(&t).await;
        let p = post(&w.ctx, &w.ola, w.club, "Salary", "Everyone's salary list").await;
        let r = moderation::report(&w.ctx, &w.per, Subject::Post(p), &rule(6), "Private data")
            .await
            .unwrap();
        let hid = moderation::act(
            &w.ctx,
            &w.lena,
            r.id,
            ModerationAction::Hide,
            &rule(6),
            "Personal data of others",
        )
        .await
        .unwrap();
        assert_eq!(hid.recorded, "hide");
        let told = notifications::list(&w.ctx, &w.ola, None, None)
            .await
            .unwrap()
            .0;
        let n = told.items.iter().find(|n| n.kind == "moderation").unwrap();
        let title = n.subject_title.clone().unwrap();
        assert!(
            title.contains("Protect confidential information") && title.contains("Personal data of others"),
            "{title}"
        );
        assert_eq!(n.post_id, Some(p));
        // Only the author appeals.
        let e = moderation::appeal(&w.ctx, &w.per, AppealOf::Report(r.id), "not mine")
            .await
            .unwrap_err();
        assert_eq!(code(e), "not_found");
        moderation::appeal(
            &w.ctx,
            &w.ola,
            AppealOf::Action(hid.id),
            "It was public already",
        )
        .await
        .unwrap();
        let e = moderation::appeal(&w.ctx, &w.ola, AppealOf::Report(r.id), "Please look again")
            .await
            .unwrap_err();
        assert_eq!(code(e), "already_appealed");
        // The appeal goes to Sofie (told), not to Lena, who hid it.
        let sofie_n = notifications::list(&w.ctx, &w.sofie, None, None)
            .await
            .unwrap()
            .0;
        assert!(sofie_n.items.iter().any(|n| n.kind == "moderation"));
        let lena_queue = moderation::queue(&w.ctx, &w.lena, None, None)
            .await
            .unwrap();
        assert!(lena_queue.items.is_empty());
        let sofie_queue = moderation::queue(&w.ctx, &w.sofie, None, None)
            .await
            .unwrap();
        assert_eq!(sofie_queue.items[0].state, ReportState::Appealed);
        assert_eq!(
            sofie_queue.items[0].appeal_reason.as_deref(),
            Some("It was public already")
        );
        let e = moderation::act(
            &w.ctx,
            &w.lena,
            r.id,
            ModerationAction::Restore,
            &rule(6),
            "I changed my mind",
        )
        .await
        .unwrap_err();
        assert_eq!(code(e), "forbidden");
        let e = moderation::act(
            &w.ctx,
            &w.sofie,
            r.id,
            ModerationAction::Dismiss,
            &rule(6),
            "Nothing",
        )
        .await
        .unwrap_err();
        assert_eq!(code(e), "appeal_pending");
        let done = moderation::act(
            &w.ctx,
            &w.sofie,
            r.id,
            ModerationAction::Restore,
            &rule(6),
            "It was public",
        )
        .await
        .unwrap();
        assert_eq!(
            (done.recorded, done.report.state),
            ("overturn", ReportState::Overturned)
        );
        assert!(posts::find_post(&w.ctx, &w.per, p).await.unwrap().is_some());
        let told = notifications::list(&w.ctx, &w.ola, None, None)
            .await
            .unwrap()
            .0;
        assert_eq!(
            told.items.iter().filter(|n| n.kind == "moderation").count(),
            2
        );
        // Final.
        let e = moderation::act(
            &w.ctx,
            &w.admin,
            r.id,
            ModerationAction::Hide,
            &rule(6),
            "Hide anyway",
        )
        .await
        .unwrap_err();
        assert_eq!(code(e), "appeal_decided");
        let e = moderation::appeal(&w.ctx, &w.ola, AppealOf::Report(r.id), "again please")
            .await
            .unwrap_err();
        assert_eq!(code(e), "already_appealed");
    }
}

backend_test! {
    async fn an_appeal_with_no_other_moderator_goes_to_the_administrators(t: TestDb) {
        let w = world(&t).await;
        // Running: Sofie is the only moderator.
        let p = post(&w.ctx, &w.per, w.running, "Shoes", "Buy my shoes now").await;
        let r = moderation::report(&w.ctx, &w.sofie, Subject::Post(p), &rule(5), "Advertising")
            .await
            .unwrap();
        moderation::act(
            &w.ctx,
            &w.sofie,
            r.id,
            ModerationAction::Hide,
            &rule(5),
            "Advertising",
        )
        .await
        .unwrap();
        moderation::appeal(
            &w.ctx,
            &w.per,
            AppealOf::Report(r.id),
            "Was a joke, honestly",
        )
        .await
        .unwrap();
        let admin_n = notifications::list(&w.ctx, &w.admin, None, None)
            .await
            .unwrap()
            .0;
        assert!(admin_n.items.iter().any(|n| n.kind == "moderation"));
        let out = moderation::act(
            &w.ctx,
            &w.admin,
            r.id,
            ModerationAction::Hide,
            &rule(5),
            "Still an advert",
        )
        .await
        .unwrap();
        assert_eq!(
            (out.recorded, out.report.state),
            ("uphold", ReportState::Upheld)
        );
        assert!(posts::find_post(&w.ctx, &w.ola, p).await.unwrap().is_none());
    }
}

async fn actions(w: &World) -> Vec<String> {
    let mut all = Vec::new();
    let mut cursor = None;
    loop {
        let page = audit::list(
            &w.ctx,
            &w.admin,
            &AuditQuery::default(),
            cursor.as_deref(),
            Some(100),
        )
        .await
        .unwrap();
        all.extend(page.items.iter().map(|v| v.entry.action.clone()));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return all,
        }
    }
}

backend_test! {
    async fn the_audit_log_records_every_kind_of_recorded_action(t: TestDb) {
        let w = world(&t).await;
        let p = post(&w.ctx, &w.ola, w.club, "Audit", "Audit me").await;
        let r = moderation::report(&w.ctx, &w.per, Subject::Post(p), &rule(1), "Rude")
            .await
            .unwrap();
        moderation::act(
            &w.ctx,
            &w.lena,
            r.id,
            ModerationAction::Hide,
            &rule(1),
            "Hidden now",
        )
        .await
        .unwrap();
        moderation::appeal(&w.ctx, &w.ola, AppealOf::Report(r.id), "Please reconsider")
            .await
            .unwrap();
        moderation::act(
            &w.ctx,
            &w.sofie,
            r.id,
            ModerationAction::Hide,
            &rule(1),
            "Upheld",
        )
        .await
        .unwrap();
        let r2 = moderation::report(
            &w.ctx,
            &w.per,
            Subject::Post(post(&w.ctx, &w.ola, w.club, "B", "b b").await),
            &rule(1),
            "meh",
        )
        .await
        .unwrap();
        moderation::act(
            &w.ctx,
            &w.lena,
            r2.id,
            ModerationAction::Dismiss,
            &rule(1),
            "Fine as is",
        )
        .await
        .unwrap();
        spaces::remove_member(&w.ctx, &w.lena, w.club, w.per.id)
            .await
            .unwrap();
        spaces::add_member(&w.ctx, &w.lena, w.club, w.per.id)
            .await
            .unwrap();
        admin::reset_password(&w.ctx, "per@acme.test", "another long password")
            .await
            .unwrap();
        admin::revoke_tokens(&w.ctx, "per@acme.test").await.unwrap();
        admin::deactivate(&w.ctx, "per@acme.test").await.unwrap();
        admin::reactivate(&w.ctx, "per@acme.test").await.unwrap();
        // A move and a leader change through the import.
        let moved = CHART.replace(
            "per@acme.test,Per,per,Acme/Ops,,office,",
            "per@acme.test,Per,per,Acme/Ops/Field,,office,Acme/Ops/Field",
        );
        import::run(&w.ctx, moved.as_bytes(), false, &mut |_| {})
            .await
            .unwrap();
        let got = actions(&w).await;
        for kind in [
            "moderation.hide",
            "moderation.appeal",
            "moderation.uphold",
            "moderation.dismiss",
            "person.created",
            "person.password_reset",
            "person.tokens_revoked",
            "person.deactivated",
            "person.reactivated",
            "person.moved",
            "unit.leader_added",
            "unit.created",
            "org.imported",
            "space.created",
            "space.joined",
            "space.role_changed",
            "space.member_removed",
            "space.member_added",
        ] {
            assert!(got.iter().any(|a| a == kind), "{kind} missing from {got:?}");
        }
        // Filters: by actor and action, by time.
        let only = audit::list(
            &w.ctx,
            &w.admin,
            &AuditQuery {
                actor: Some(w.lena.id),
                action: Some("moderation.hide".into()),
                ..AuditQuery::default()
            },
            None,
            None,
        )
        .await
        .unwrap();
        assert_eq!(only.items.len(), 1);
        assert_eq!(only.items[0].entry.subject_id, Some(p.as_uuid()));
        let later = audit::list(
            &w.ctx,
            &w.admin,
            &AuditQuery {
                from: Some(time::macros::datetime!(2026-11-27 10:00:01 UTC)),
                ..AuditQuery::default()
            },
            None,
            None,
        )
        .await
        .unwrap();
        assert!(later.items.is_empty());
        // Only administrators read it.
        let e = audit::list(&w.ctx, &w.lena, &AuditQuery::default(), None, None)
            .await
            .unwrap_err();
        assert_eq!(code(e), "forbidden");
    }
}

backend_test! {
    async fn an_admin_reading_a_secret_space_is_logged_once_a_day_and_shown_to_its_owners(t: TestDb) {
        let w = world(&t).await;
        let secret = community(&w.ctx, &w.sofie, "Board", "secret").await;
        let p = post(&w.ctx, &w.sofie, secret, "Plans", "Secret plans").await;
        // Members' reads are not logged; nor are admins' reads of open spaces.
        spaces::get_space(&w.ctx, &w.sofie, secret).await.unwrap();
        spaces::get_space(&w.ctx, &w.admin, w.club).await.unwrap();
        assert!(
            audit::admin_reads(&w.ctx, &w.sofie, secret)
                .await
                .unwrap()
                .is_empty()
        );
        spaces::get_space(&w.ctx, &w.admin, secret).await.unwrap();
        posts::get_post(&w.ctx, &w.admin, p).await.unwrap();
        feed::space_posts(&w.ctx, &w.admin, secret, None, None)
            .await
            .unwrap();
        let reads = audit::admin_reads(&w.ctx, &w.sofie, secret).await.unwrap();
        assert_eq!(reads.len(), 1);
        assert_eq!(reads[0].entry.actor_id, Some(w.admin.id));
        assert_eq!(reads[0].actor_name.as_deref(), Some("Root"));
        // The next day, once more.
        let (ctx2, clock) = crate::ctx(&t);
        clock.advance(time::Duration::days(1));
        posts::get_post(&ctx2, &w.admin, p).await.unwrap();
        assert_eq!(
            audit::admin_reads(&w.ctx, &w.sofie, secret)
                .await
                .unwrap()
                .len(),
            2
        );
        // Not for members who are not owners.
        spaces::add_member(&w.ctx, &w.sofie, secret, w.per.id)
            .await
            .unwrap();
        let e = audit::admin_reads(&w.ctx, &w.per, secret)
            .await
            .unwrap_err();
        assert_eq!(code(e), "forbidden");
    }
}

backend_test! {
    async fn the_csv_export_defuses_cells_that_look_like_formulas(t: TestDb) {
        let w = world(&t).await;
        let mallory = Actor::of(
            &admin::create_user(
                &w.ctx,
                &NewUser {
                    email: "mallory@acme.test".into(),
                    name: "=HYPERLINK(\"http://evil\")".into(),
                    handle: Some("mallory".into()),
                    is_admin: false,
                },
                "a long enough password",
            )
            .await
            .unwrap(),
        );
        community(&w.ctx, &mallory, "+Club", "open").await;
        let csv = audit::export_csv(&w.ctx, &w.admin, &AuditQuery::default())
            .await
            .unwrap();
        assert!(csv.starts_with("at,actor_id,actor_name,action"));
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
            "{csv}"
        );
        assert!(!csv.contains(",\"=HYPERLINK"));
        let e = audit::export_csv(&w.ctx, &mallory, &AuditQuery::default())
            .await
            .unwrap_err();
        assert_eq!(code(e), "forbidden");
    }
}

/// The default code of conduct's rule that stands for what a test cites:
/// 1 respect, 2 harassment (respect), 3 confidentiality, 4 relevance,
/// 5 spam (relevance), 6 privacy (confidentiality).
fn rule(n: u32) -> String {
    let default = [1, 1, 3, 4, 4, 3][n as usize - 1];
    samspill_store::culture::defaults::rule_id(default).to_string()
}
