//! Commitments, upvotes on Ask-me-anything questions and the leadership
//! corner, on both backends: who may make, keep and see a commitment (the
//! comment's visibility decides), the state machine as stored, the timed
//! run (one reminder, missed once), races, and what a leader's page shows.

use samspill_domain::commitments::CommitmentState;
use samspill_domain::{CommentId, PostId, SpaceId};
use samspill_services::leadership::{self, commitments, leaders};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::spaces::{self, NewCommunity};
use samspill_services::social::{comments, notifications};
use samspill_services::{Actor, Clock, Ctx, Error, FixedClock, org::import};
use samspill_store::org::people;
use samspill_testkit::{TestDb, backend_test, count_rows};
use time::Duration;

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
    clock: std::sync::Arc<FixedClock>,
    lena: Actor,
    sofie: Actor,
    ola: Actor,
    per: Actor,
    /// Data's unit space (Lena and Ola read it; Sofie and Per read it too,
    /// as unit spaces are readable by everyone).
    data_space: SpaceId,
    /// The org-wide space, where everyone posts.
    org_space: SpaceId,
}

async fn world(t: &TestDb) -> World {
    let (ctx, clock) = ctx(t);
    import::run(&ctx, CHART.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    samspill_testkit::accept_guidelines(ctx.db()).await;
    let lena = actor(&ctx, "lena").await;
    let data_space = spaces::unit_space(&ctx, &lena, lena.unit_id.unwrap())
        .await
        .unwrap()
        .id;
    let org_space = spaces::list_spaces(&ctx, &lena)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.kind == samspill_domain::SpaceKind::Org)
        .unwrap()
        .id;
    World {
        org_space,
        sofie: actor(&ctx, "sofie").await,
        ola: actor(&ctx, "ola").await,
        per: actor(&ctx, "per").await,
        ctx,
        clock,
        lena,
        data_space,
    }
}

async fn post(ctx: &Ctx, by: &Actor, space: SpaceId, kind: &str, body: &str) -> PostId {
    posts::create_post(
        ctx,
        by,
        &PostInput {
            space_id: space,
            kind: kind.to_owned(),
            title: format!("A {kind}"),
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

async fn comment(
    ctx: &Ctx,
    by: &Actor,
    post: PostId,
    body: &str,
    parent: Option<CommentId>,
) -> CommentId {
    comments::add_comment(ctx, by, post, body, parent)
        .await
        .unwrap()
        .id
}

fn conflict_code(e: Error) -> &'static str {
    match e {
        Error::Conflict { code, .. } => code,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

backend_test!(
    async fn a_leader_makes_one_of_their_own_comments_a_commitment(t: TestDb) {
        let w = world(&t).await;
        let p = post(
            &w.ctx,
            &w.ola,
            w.data_space,
            "question",
            "Can we get test data?",
        )
        .await;
        let mine = comment(
            &w.ctx,
            &w.lena,
            p,
            "I will  get you\nanonymised test data.",
            None,
        )
        .await;
        let olas = comment(&w.ctx, &w.ola, p, "Thanks!", None).await;
        let now = w.clock.now();
        let due = now + Duration::days(14);

        let c = commitments::commit_in_comment(&w.ctx, &w.lena, mine, due)
            .await
            .unwrap();
        assert_eq!(c.leader_id, w.lena.id);
        assert_eq!(c.comment_id, Some(mine));
        assert_eq!(c.post_id, Some(p));
        assert_eq!(c.summary, "I will get you anonymised test data.");
        assert_eq!(c.state, CommitmentState::Open);
        assert_eq!(c.due_at, due);

        // Someone else's comment, a non-leader's own comment: forbidden.
        assert!(matches!(
            commitments::commit_in_comment(&w.ctx, &w.lena, olas, due).await,
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            commitments::commit_in_comment(&w.ctx, &w.ola, olas, due).await,
            Err(Error::Forbidden)
        ));
        // Twice on one comment: a conflict, and still one row.
        assert_eq!(
            conflict_code(
                commitments::commit_in_comment(&w.ctx, &w.lena, mine, due)
                    .await
                    .unwrap_err()
            ),
            "already_committed"
        );
        // A due time now or more than a year ahead is refused.
        let other = comment(&w.ctx, &w.lena, p, "And a second promise.", None).await;
        for bad in [now, now + Duration::days(367)] {
            assert!(matches!(
                commitments::commit_in_comment(&w.ctx, &w.lena, other, bad).await,
                Err(Error::Invalid(_))
            ));
        }
        assert_eq!(count_rows(w.ctx.db(), "commitments").await, 1);
        // An unknown comment is not found.
        assert!(matches!(
            commitments::commit_in_comment(&w.ctx, &w.lena, CommentId::new(), due).await,
            Err(Error::NotFound)
        ));
    }
);

backend_test!(
    async fn keeping_needs_a_sentence_and_only_an_open_commitment_moves(t: TestDb) {
        let w = world(&t).await;
        let p = post(&w.ctx, &w.ola, w.data_space, "question", "More testers?").await;
        let c1 = comment(&w.ctx, &w.lena, p, "I will hire two testers.", None).await;
        let c2 = comment(&w.ctx, &w.lena, p, "And fix the build server.", None).await;
        let due = w.clock.now() + Duration::days(7);
        let kept = commitments::commit_in_comment(&w.ctx, &w.lena, c1, due)
            .await
            .unwrap();
        let late = commitments::commit_in_comment(&w.ctx, &w.lena, c2, due)
            .await
            .unwrap();

        assert!(matches!(
            commitments::keep(&w.ctx, &w.lena, kept.id, "done").await,
            Err(Error::Invalid(_))
        ));
        assert!(matches!(
            commitments::keep(&w.ctx, &w.ola, kept.id, "I did it for her, honestly.").await,
            Err(Error::Forbidden)
        ));
        let k = commitments::keep(&w.ctx, &w.lena, kept.id, "Two testers start in January.")
            .await
            .unwrap();
        assert_eq!(k.state, CommitmentState::Kept);
        assert_eq!(k.note.as_deref(), Some("Two testers start in January."));
        assert_eq!(k.resolved_at, Some(w.clock.now()));
        assert_eq!(
            conflict_code(
                commitments::keep(&w.ctx, &w.lena, kept.id, "Kept it a second time.")
                    .await
                    .unwrap_err()
            ),
            "commitment_kept"
        );

        // Past its due time an open commitment is missed at once, before
        // the timed run records it, and cannot be kept any more.
        w.clock.advance(Duration::days(8));
        let seen = commitments::find(&w.ctx, &w.ola, late.id).await.unwrap();
        assert_eq!(seen.state_at(w.clock.now()), CommitmentState::Missed);
        assert_eq!(
            conflict_code(
                commitments::keep(&w.ctx, &w.lena, late.id, "The build server is fixed now.")
                    .await
                    .unwrap_err()
            ),
            "commitment_missed"
        );
        assert_eq!(
            commitments::counts(&w.ctx, w.lena.id).await.unwrap(),
            (0, 1, 1)
        );
    }
);

backend_test!(
    async fn the_timed_run_reminds_once_a_day_ahead_and_records_misses_once(t: TestDb) {
        let w = world(&t).await;
        let p = post(&w.ctx, &w.ola, w.data_space, "discussion", "Roadmap").await;
        let c = comment(&w.ctx, &w.lena, p, "I will publish the roadmap.", None).await;
        let due = w.clock.now() + Duration::days(3);
        let made = commitments::commit_in_comment(&w.ctx, &w.lena, c, due)
            .await
            .unwrap();

        leadership::tick(&w.ctx).await.unwrap();
        let reminders = |n: &notifications::Notification| n.kind == "commitment_due";
        let count = |ctx: Ctx, a: Actor| async move {
            notifications::list(&ctx, &a, None, Some(100))
                .await
                .unwrap()
                .0
                .items
                .iter()
                .filter(|n| reminders(n))
                .count()
        };
        assert_eq!(
            count(w.ctx.clone(), w.lena.clone()).await,
            0,
            "not yet a day ahead"
        );

        w.clock.advance(Duration::days(2) + Duration::hours(1));
        leadership::tick(&w.ctx).await.unwrap();
        leadership::tick(&w.ctx).await.unwrap();
        assert_eq!(
            count(w.ctx.clone(), w.lena.clone()).await,
            1,
            "reminded once"
        );
        let n = notifications::list(&w.ctx, &w.lena, None, Some(10))
            .await
            .unwrap()
            .0
            .items;
        let n = n.iter().find(|n| reminders(n)).unwrap();
        assert_eq!(n.subject_id, Some(made.id.as_uuid()));
        assert_eq!(n.actor_id, None);

        w.clock.advance(Duration::days(1));
        leadership::tick(&w.ctx).await.unwrap();
        leadership::tick(&w.ctx).await.unwrap();
        let after = commitments::find(&w.ctx, &w.lena, made.id).await.unwrap();
        assert_eq!(after.state, CommitmentState::Missed, "stored as missed");
        assert_eq!(after.resolved_at, Some(due));
        let events =
            samspill_store::events::list_events(w.ctx.db(), Some("commitment.missed"), 100)
                .await
                .unwrap();
        assert_eq!(events.len(), 1, "recorded once over two runs");
    }
);

backend_test!(
    async fn two_servers_running_the_timed_work_at_once_remind_and_record_each_once(t: TestDb) {
        let w = world(&t).await;
        // A second app server: its own pool on the same database.
        let other = Ctx::new(
            samspill_services::Db::connect(&t.url, 4, "test")
                .await
                .unwrap(),
            w.clock.clone(),
            samspill_services::Settings::default(),
        );
        let p = post(&w.ctx, &w.ola, w.data_space, "discussion", "Roadmap").await;
        for i in 0..10 {
            let c = comment(&w.ctx, &w.lena, p, &format!("I will ship part {i}."), None).await;
            let due = w.clock.now() + Duration::hours(23);
            commitments::commit_in_comment(&w.ctx, &w.lena, c, due)
                .await
                .unwrap();
        }
        let (a, b) = tokio::join!(leadership::tick(&w.ctx), leadership::tick(&other));
        a.unwrap();
        b.unwrap();
        let due = notifications::list(&w.ctx, &w.lena, None, Some(100))
            .await
            .unwrap()
            .0
            .items
            .iter()
            .filter(|n| n.kind == "commitment_due")
            .count();
        assert_eq!(due, 10, "each reminded once");

        w.clock.advance(Duration::days(1));
        let (a, b) = tokio::join!(leadership::tick(&other), leadership::tick(&w.ctx));
        a.unwrap();
        b.unwrap();
        let missed =
            samspill_store::events::list_events(w.ctx.db(), Some("commitment.missed"), 100)
                .await
                .unwrap();
        assert_eq!(missed.len(), 10, "each recorded missed once");
    }
);

backend_test!(
    async fn a_commitment_is_seen_by_whoever_may_read_its_comment(t: TestDb) {
        let w = world(&t).await;
        let secret = spaces::create_community(
            &w.ctx,
            &w.lena,
            &NewCommunity {
                name: "Leaders' circle".into(),
                description: String::new(),
                visibility: "secret".into(),
            },
        )
        .await
        .unwrap()
        .id;
        spaces::add_member(&w.ctx, &w.lena, secret, w.sofie.id)
            .await
            .unwrap();
        let p = post(&w.ctx, &w.lena, secret, "discussion", "Budget").await;
        let c = comment(&w.ctx, &w.lena, p, "I will cut travel by a tenth.", None).await;
        let open_post = post(&w.ctx, &w.ola, w.data_space, "discussion", "Travel").await;
        let c2 = comment(
            &w.ctx,
            &w.lena,
            open_post,
            "I will publish the travel rules.",
            None,
        )
        .await;
        let due = w.clock.now() + Duration::days(30);
        let hidden = commitments::commit_in_comment(&w.ctx, &w.lena, c, due)
            .await
            .unwrap();
        let shown = commitments::commit_in_comment(&w.ctx, &w.lena, c2, due)
            .await
            .unwrap();

        // (viewer, sees the secret one)
        for (viewer, sees) in [
            (&w.lena, true),
            (&w.sofie, true),
            (&w.ola, false),
            (&w.per, false),
        ] {
            let found = commitments::find(&w.ctx, viewer, hidden.id).await;
            assert_eq!(found.is_ok(), sees, "find for {:?}", viewer.id);
            if !sees {
                assert!(matches!(found, Err(Error::NotFound)));
            }
            let listed = commitments::list_for_leader(&w.ctx, viewer, w.lena.id)
                .await
                .unwrap();
            assert_eq!(listed.iter().any(|x| x.id == hidden.id), sees);
            assert!(
                listed.iter().any(|x| x.id == shown.id),
                "the open one is seen by all"
            );
            let page = leaders::page(&w.ctx, viewer, "lena").await.unwrap();
            assert_eq!(page.commitments.iter().any(|x| x.id == hidden.id), sees);
            assert_eq!(
                page.commitment_counts,
                (2, 0, 0),
                "counts say nothing about any one"
            );
            let on_post = commitments::list_for_post(&w.ctx, viewer, p).await.unwrap();
            assert_eq!(on_post.len(), usize::from(sees));
        }
        // Keeping goes through the same door: Ola cannot even find it.
        assert!(matches!(
            commitments::keep(&w.ctx, &w.ola, hidden.id, "Travel is cut by ten percent.").await,
            Err(Error::NotFound)
        ));
        // Removed from the secret space, Sofie no longer sees it.
        spaces::remove_member(&w.ctx, &w.lena, secret, w.sofie.id)
            .await
            .unwrap();
        assert!(matches!(
            commitments::find(&w.ctx, &w.sofie, hidden.id).await,
            Err(Error::NotFound)
        ));
    }
);

backend_test!(
    async fn racing_keeps_and_the_timed_run_let_exactly_one_change_win(t: TestDb) {
        let w = world(&t).await;
        let p = post(&w.ctx, &w.ola, w.data_space, "discussion", "Races").await;
        for round in 0..10 {
            let c = comment(
                &w.ctx,
                &w.lena,
                p,
                &format!("Promise number {round}."),
                None,
            )
            .await;
            let due = w.clock.now() + Duration::hours(1);
            let made = commitments::commit_in_comment(&w.ctx, &w.lena, c, due)
                .await
                .unwrap();
            let (a, b) = tokio::join!(
                commitments::keep(&w.ctx, &w.lena, made.id, "Kept it on the first try."),
                commitments::keep(&w.ctx, &w.lena, made.id, "Kept it on the second try.")
            );
            assert_eq!(
                usize::from(a.is_ok()) + usize::from(b.is_ok()),
                1,
                "round {round}: exactly one keep wins"
            );
            let loser = if a.is_ok() { b } else { a };
            assert_eq!(conflict_code(loser.unwrap_err()), "commitment_kept");
        }
        assert_eq!(
            commitments::counts(&w.ctx, w.lena.id).await.unwrap(),
            (0, 10, 0)
        );
    }
);

backend_test!(
    async fn questions_in_an_ama_are_upvoted_once_per_person_and_answers_counted(t: TestDb) {
        let w = world(&t).await;
        let ama = post(
            &w.ctx,
            &w.lena,
            w.org_space,
            "question",
            "Ask me anything about 2027 #ama",
        )
        .await;
        let plain = post(&w.ctx, &w.ola, w.org_space, "question", "Not an AMA #ama").await;
        let q1 = comment(&w.ctx, &w.ola, ama, "Will we hire?", None).await;
        let q2 = comment(&w.ctx, &w.per, ama, "Remote days?", None).await;
        comment(&w.ctx, &w.lena, ama, "Yes, two testers.", Some(q1)).await;

        // Upvotes are idempotent and one per person.
        assert_eq!(
            commitments::upvote(&w.ctx, &w.per, q1, true).await.unwrap(),
            (1, true)
        );
        assert_eq!(
            commitments::upvote(&w.ctx, &w.per, q1, true).await.unwrap(),
            (1, true)
        );
        assert_eq!(
            commitments::upvote(&w.ctx, &w.sofie, q1, true)
                .await
                .unwrap(),
            (2, true)
        );
        assert_eq!(
            commitments::upvote(&w.ctx, &w.sofie, q1, false)
                .await
                .unwrap(),
            (1, false)
        );
        assert_eq!(
            commitments::upvote(&w.ctx, &w.sofie, q1, false)
                .await
                .unwrap(),
            (1, false)
        );
        assert_eq!(
            conflict_code(
                commitments::upvote(&w.ctx, &w.ola, q1, true)
                    .await
                    .unwrap_err()
            ),
            "own_comment"
        );
        assert!(matches!(
            commitments::upvote(&w.ctx, &w.ola, CommentId::new(), true).await,
            Err(Error::NotFound)
        ));
        let votes = commitments::post_upvotes(&w.ctx, &w.ola, ama)
            .await
            .unwrap();
        assert_eq!(votes, vec![(q1, 1, false)]);
        assert!(!votes.iter().any(|(c, _, _)| *c == q2));

        // Only the leader's tagged question is an AMA; its counts.
        let page = leaders::page(&w.ctx, &w.per, "lena").await.unwrap();
        assert_eq!(page.amas.len(), 1);
        assert_eq!(page.amas[0].post.id, ama);
        assert_eq!((page.amas[0].questions, page.amas[0].answered), (2, 1));
        let olas = posts::get_post(&w.ctx, &w.ola, plain).await.unwrap();
        assert!(
            !leaders::is_ama(&w.ctx, &olas.post, &olas.topics)
                .await
                .unwrap()
        );
    }
);

backend_test!(
    async fn the_corner_lists_leaders_and_a_page_shows_only_what_the_viewer_may_read(t: TestDb) {
        let w = world(&t).await;
        let list = leaders::list(&w.ctx, &w.ola).await.unwrap();
        let handles: Vec<&str> = list.iter().map(|l| l.leader.handle.as_str()).collect();
        assert!(handles.contains(&"lena") && handles.contains(&"sofie"));
        assert!(!handles.contains(&"ola") && !handles.contains(&"per"));
        let lena = list.iter().find(|l| l.leader.handle == "lena").unwrap();
        assert_eq!(lena.leader.units.len(), 1);
        assert_eq!(lena.leader.units[0].1, "Data");

        let vision = post(&w.ctx, &w.lena, w.data_space, "vision", "Data everywhere").await;
        let news = post(&w.ctx, &w.lena, w.data_space, "announcement", "New tools").await;
        post(&w.ctx, &w.lena, w.data_space, "discussion", "Lunch?").await;
        let secret = spaces::create_community(
            &w.ctx,
            &w.lena,
            &NewCommunity {
                name: "Strategy".into(),
                description: String::new(),
                visibility: "secret".into(),
            },
        )
        .await
        .unwrap()
        .id;
        let hidden = post(&w.ctx, &w.lena, secret, "vision", "Not yet public").await;

        let for_ola = leaders::page(&w.ctx, &w.ola, "lena").await.unwrap();
        let ids: Vec<PostId> = for_ola.visions.iter().map(|p| p.id).collect();
        assert_eq!(
            ids,
            vec![news, vision],
            "newest first, visions and announcements only"
        );
        assert!(!for_ola.is_me);
        let for_lena = leaders::page(&w.ctx, &w.lena, "lena").await.unwrap();
        assert!(for_lena.visions.iter().any(|p| p.id == hidden));
        assert!(for_lena.is_me);

        // A person who leads nothing, or no such handle: not found.
        for handle in ["ola", "nobody"] {
            assert!(matches!(
                leaders::page(&w.ctx, &w.ola, handle).await,
                Err(Error::NotFound)
            ));
        }
    }
);

backend_test!(
    async fn a_commitment_made_in_a_feedback_answer_is_seen_by_its_leader_only(t: TestDb) {
        use samspill_services::leadership::feedback::{self, NewFeedback, Sent};
        let w = world(&t).await;
        let sent = feedback::send(
            &w.ctx,
            &w.ola,
            &NewFeedback {
                to_person_id: Some(w.lena.id),
                to_unit_id: None,
                category: "concern".into(),
                body: "Client-site people miss the Friday sessions.".into(),
                anonymous: false,
            },
        )
        .await
        .unwrap();
        let Sent::Attributed(item) = sent else {
            panic!("attributed")
        };
        let answer = feedback::respond(
            &w.ctx,
            &w.lena,
            item,
            "I will record every session from January on.",
            "in_progress",
        )
        .await
        .unwrap();
        let due = w.clock.now() + Duration::days(40);

        // Not her answer (the writer, another leader): as if unknown.
        for other in [&w.ola, &w.sofie] {
            assert!(matches!(
                commitments::commit_in_feedback_answer(&w.ctx, other, answer.id, due).await,
                Err(Error::NotFound)
            ));
        }
        let c = commitments::commit_in_feedback_answer(&w.ctx, &w.lena, answer.id, due)
            .await
            .unwrap();
        assert_eq!(c.feedback_response_id, Some(answer.id));
        assert_eq!(c.comment_id, None);
        assert_eq!(c.summary, "I will record every session from January on.");
        assert_eq!(
            conflict_code(
                commitments::commit_in_feedback_answer(&w.ctx, &w.lena, answer.id, due)
                    .await
                    .unwrap_err()
            ),
            "already_committed"
        );
        // Only Lena sees it; everyone sees that she has one open.
        for (viewer, sees) in [
            (&w.lena, true),
            (&w.ola, false),
            (&w.sofie, false),
            (&w.per, false),
        ] {
            assert_eq!(commitments::find(&w.ctx, viewer, c.id).await.is_ok(), sees);
            let page = leaders::page(&w.ctx, viewer, "lena").await.unwrap();
            assert_eq!(page.commitments.iter().any(|x| x.id == c.id), sees);
            assert_eq!(page.commitment_counts.0, 1);
        }
        // The event says nothing of the item.
        let events = samspill_store::events::list_events(w.ctx.db(), Some("commitment.made"), 10)
            .await
            .unwrap();
        assert!(!events[0].payload.to_string().contains(&item.to_string()));
        commitments::keep(
            &w.ctx,
            &w.lena,
            c.id,
            "Every session is recorded and shared now.",
        )
        .await
        .unwrap();
    }
);
