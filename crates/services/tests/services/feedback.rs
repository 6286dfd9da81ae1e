//! Feedback to leaders: who reads what (truth table), the statuses, the
//! batching of anonymous items, racing answers, and anonymity checked on
//! what is stored (every table, read from the catalog) and logged.

use std::collections::HashSet;
use std::io::Write;
use std::sync::{Arc, Mutex};

use samspill_domain::{FeedbackId, FeedbackStatus, PersonId, UnitId};
use samspill_services::leadership::feedback::{self, NewFeedback, Sent};
use samspill_services::social::notifications;
use samspill_services::{Actor, Ctx, Error, FixedClock, org::import};
use samspill_store::events::list_events;
use samspill_store::org::{people, units};
use samspill_testkit::{TestDb, backend_test, dump_tables};
use time::Duration;

use crate::ctx;

/// Lars and Siri lead Data, Per leads Ops, Cecilie leads Acme (the parent).
const CHART: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n\
    ceo@acme.test,Cecilie Berg,cecilie,Acme,CEO,office,Acme\n\
    lars@acme.test,Lars Lund,lars,Acme/Data,Head of Data,office,Acme/Data\n\
    siri@acme.test,Siri Dahl,siri,Acme,Co-lead,office,Acme/Data\n\
    per@acme.test,Per Ask,per,Acme/Ops,Head of Ops,office,Acme/Ops\n\
    kari@acme.test,Kari Nordmann,kari,Acme/Data,Engineer,office,\n\
    ola@acme.test,Ola Hansen,ola,Acme/Data,Analyst,office,\n\
    nils@acme.test,Nils Berg,nils,Acme/Ops,Analyst,office,\n";

struct Org {
    ctx: Ctx,
    clock: Arc<FixedClock>,
    data: UnitId,
}

impl Org {
    async fn new(t: &TestDb) -> Self {
        let (ctx, clock) = ctx(t);
        import::run(&ctx, CHART.as_bytes(), false, &mut |_| {})
            .await
            .unwrap();
        samspill_testkit::accept_guidelines(ctx.db()).await;
        let data = units::list_units(ctx.db())
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.name == "Data")
            .unwrap()
            .id;
        Self { ctx, clock, data }
    }

    async fn who(&self, handle: &str) -> Actor {
        Actor::of(
            &people::find_person_by_handle(self.ctx.db(), handle)
                .await
                .unwrap()
                .unwrap(),
        )
    }

    fn later(&self, d: Duration) {
        self.clock.advance(d);
    }

    async fn send(&self, from: &Actor, to: To, anonymous: bool, body: &str) -> Sent {
        let (to_person_id, to_unit_id) = match to {
            To::Person(p) => (Some(p), None),
            To::Unit(u) => (None, Some(u)),
        };
        let input = NewFeedback {
            to_person_id,
            to_unit_id,
            category: "concern".into(),
            body: body.into(),
            anonymous,
        };
        feedback::send(&self.ctx, from, &input).await.unwrap()
    }

    async fn anonymous(&self, from: &Actor, to: To, body: &str) -> String {
        match self.send(from, to, true, body).await {
            Sent::Anonymous { reply_token } => reply_token,
            Sent::Attributed(_) => panic!("attributed"),
        }
    }

    async fn attributed(&self, from: &Actor, to: To, body: &str) -> FeedbackId {
        match self.send(from, to, false, body).await {
            Sent::Attributed(id) => id,
            Sent::Anonymous { .. } => panic!("anonymous"),
        }
    }

    async fn inbox_ids(&self, leader: &Actor) -> Vec<FeedbackId> {
        feedback::inbox(&self.ctx, leader)
            .await
            .unwrap()
            .iter()
            .map(|i| i.id)
            .collect()
    }

    async fn tick(&self) {
        feedback::tick(&self.ctx).await.unwrap();
    }
}

#[derive(Clone, Copy)]
enum To {
    Person(PersonId),
    Unit(UnitId),
}

const EXPLAIN: &str = "Thank you, we will look at this in the next team meeting.";

backend_test!(
    async fn feedback_goes_only_to_leaders_and_units_with_leaders(t: TestDb) {
        let org = Org::new(&t).await;
        let kari = org.who("kari").await;
        let ola = org.who("ola").await;
        for anonymous in [false, true] {
            let input = NewFeedback {
                to_person_id: Some(ola.id),
                category: "idea".into(),
                body: "An idea".into(),
                anonymous,
                ..NewFeedback::default()
            };
            let e = feedback::send(&org.ctx, &kari, &input).await.unwrap_err();
            let Error::Invalid(f) = e else {
                panic!("{e:?}")
            };
            assert_eq!((f[0].field, f[0].code), ("to_person_id", "not_a_leader"));
        }
        let bad = [
            NewFeedback {
                category: "idea".into(),
                body: "nobody".into(),
                ..NewFeedback::default()
            },
            NewFeedback {
                to_unit_id: Some(UnitId::new()),
                category: "idea".into(),
                body: "no unit".into(),
                ..NewFeedback::default()
            },
            NewFeedback {
                to_unit_id: Some(org.data),
                category: "rant".into(),
                body: "bad category".into(),
                ..NewFeedback::default()
            },
            NewFeedback {
                to_unit_id: Some(org.data),
                category: "idea".into(),
                body: "   ".into(),
                ..NewFeedback::default()
            },
        ];
        for input in bad {
            let e = feedback::send(&org.ctx, &kari, &input).await.unwrap_err();
            assert!(matches!(e, Error::Invalid(_)), "{input:?}: {e:?}");
        }
        assert_eq!(
            samspill_testkit::count_rows(&t.db, "feedback_items").await,
            0
        );
    }
);

backend_test!(
    async fn anonymous_items_arrive_in_one_batch_of_three_at_most_once_a_day(t: TestDb) {
        let org = Org::new(&t).await;
        let (kari, ola, lars) = (
            org.who("kari").await,
            org.who("ola").await,
            org.who("lars").await,
        );
        let to = To::Person(lars.id);
        org.anonymous(&kari, to, "one").await;
        org.later(Duration::minutes(5));
        org.anonymous(&ola, to, "two").await;
        org.tick().await;
        assert!(org.inbox_ids(&lars).await.is_empty(), "two wait");
        org.later(Duration::minutes(5));
        org.anonymous(&kari, to, "three").await;
        // No notification, no event for a waiting anonymous item.
        assert_eq!(notifications::unread(&org.ctx, &lars).await.unwrap(), 0);
        assert!(
            list_events(org.ctx.db(), None, 1000)
                .await
                .unwrap()
                .iter()
                .all(|e| !e.kind.starts_with("feedback"))
        );
        org.later(Duration::minutes(1));
        org.tick().await;
        org.tick().await;
        let inbox = feedback::inbox(&org.ctx, &lars).await.unwrap();
        assert_eq!(inbox.len(), 3);
        let at = inbox[0].delivered_at.unwrap();
        assert!(
            inbox
                .iter()
                .all(|i| i.delivered_at == Some(at) && i.author_id.is_none())
        );
        // One notification per delivery, with no actor and no subject.
        let (page, unread) = notifications::list(&org.ctx, &lars, None, Some(50))
            .await
            .unwrap();
        assert_eq!(unread, 1);
        let n = &page.items[0];
        assert_eq!(
            (n.kind.as_str(), n.actor_id, n.subject_id),
            ("feedback_batch", None, None)
        );
        // One event per batch, with neither actor nor item.
        let evs: Vec<_> = list_events(org.ctx.db(), None, 1000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind.starts_with("feedback"))
            .collect();
        assert_eq!(evs.len(), 1);
        assert_eq!(
            (evs[0].kind.as_str(), evs[0].actor_id, evs[0].subject_id),
            ("feedback.batch_delivered", None, None)
        );
        assert_eq!(evs[0].payload, serde_json::json!({"items": 3}));

        // Three more the same day wait a day after the last batch.
        for b in ["four", "five", "six"] {
            org.anonymous(&ola, to, b).await;
        }
        org.later(Duration::hours(23));
        org.tick().await;
        assert_eq!(org.inbox_ids(&lars).await.len(), 3);
        org.later(Duration::minutes(59));
        org.tick().await;
        assert_eq!(
            org.inbox_ids(&lars).await.len(),
            3,
            "23:59 after the last batch"
        );
        org.later(Duration::minutes(1));
        org.tick().await;
        assert_eq!(org.inbox_ids(&lars).await.len(), 6);
    }
);

backend_test!(
    async fn a_single_anonymous_item_is_delivered_after_a_week(t: TestDb) {
        let org = Org::new(&t).await;
        let (kari, siri) = (org.who("kari").await, org.who("siri").await);
        let token = org.anonymous(&kari, To::Unit(org.data), "alone").await;
        let thread = feedback::thread_by_token(&org.ctx, &token).await.unwrap();
        assert_eq!(thread.item.delivered_at, None);
        let e = feedback::reply_by_token(&org.ctx, &token, "hello?")
            .await
            .unwrap_err();
        assert!(
            matches!(
                e,
                Error::Conflict {
                    code: "feedback_not_delivered",
                    ..
                }
            ),
            "{e:?}"
        );
        org.later(Duration::days(6));
        org.tick().await;
        assert!(org.inbox_ids(&siri).await.is_empty());
        org.later(Duration::days(1));
        org.tick().await;
        assert_eq!(
            org.inbox_ids(&siri).await.len(),
            1,
            "a unit's leaders read it"
        );
        assert_eq!(org.inbox_ids(&org.who("lars").await).await.len(), 1);
        let thread = feedback::thread_by_token(&org.ctx, &token).await.unwrap();
        assert_eq!(
            thread.item.delivered_at,
            Some(samspill_services::Clock::now(&*org.clock))
        );
    }
);

backend_test!(
    async fn deliveries_racing_on_every_server_deliver_each_batch_once(t: TestDb) {
        let org = Org::new(&t).await;
        let (kari, lars) = (org.who("kari").await, org.who("lars").await);
        for b in ["a", "b", "c"] {
            org.anonymous(&kari, To::Person(lars.id), b).await;
        }
        let (a, b, c) = tokio::join!(
            feedback::tick(&org.ctx),
            feedback::tick(&org.ctx),
            feedback::tick(&org.ctx)
        );
        a.unwrap();
        b.unwrap();
        c.unwrap();
        assert_eq!(
            samspill_testkit::count_rows(&t.db, "feedback_batches").await,
            1
        );
        assert_eq!(org.inbox_ids(&lars).await.len(), 3);
        assert_eq!(notifications::unread(&org.ctx, &lars).await.unwrap(), 1);
    }
);

// Who may read an item, answer it, and see it in an inbox.
backend_test!(
    async fn only_addressed_leaders_and_the_attributed_writer_read_an_item(t: TestDb) {
        let org = Org::new(&t).await;
        let names = ["kari", "ola", "lars", "siri", "per", "cecilie"];
        let mut who = Vec::new();
        for n in names {
            who.push(org.who(n).await);
        }
        let [kari, _ola, lars, _siri, _per, _cecilie] = who.clone().try_into().unwrap();
        let to_lars = org.attributed(&kari, To::Person(lars.id), "to lars").await;
        let to_data = org.attributed(&kari, To::Unit(org.data), "to data").await;
        let mut anon_tokens = Vec::new();
        for b in ["x", "y", "z"] {
            anon_tokens.push(org.anonymous(&kari, To::Person(lars.id), b).await);
        }
        org.tick().await;
        let anon = feedback::thread_by_token(&org.ctx, &anon_tokens[0])
            .await
            .unwrap()
            .item
            .id;
        let pending_token = org.anonymous(&kari, To::Unit(org.data), "pending").await;
        let pending = feedback::thread_by_token(&org.ctx, &pending_token)
            .await
            .unwrap()
            .item
            .id;

        // (item, readers) — answerers are the readers other than kari.
        let table: [(&str, FeedbackId, &[&str]); 4] = [
            ("attributed to lars", to_lars, &["kari", "lars"]),
            ("attributed to Data", to_data, &["kari", "lars", "siri"]),
            ("anonymous to lars", anon, &["lars"]),
            ("anonymous, waiting", pending, &[]),
        ];
        for (what, id, readers) in table {
            for (name, actor) in names.iter().zip(&who) {
                let may_read = readers.contains(name);
                let got = feedback::get(&org.ctx, actor, id).await;
                assert_eq!(got.is_ok(), may_read, "{name} reads {what}: {got:?}");
                if let Err(e) = got {
                    assert!(matches!(e, Error::NotFound), "{e:?}");
                }
                let in_inbox = feedback::inbox(&org.ctx, actor)
                    .await
                    .map(|l| l.iter().any(|i| i.id == id))
                    .unwrap_or(false);
                let leads = may_read && *name != "kari";
                assert_eq!(in_inbox, leads, "{what} in {name}'s inbox");
                if let Ok(thread) = feedback::get(&org.ctx, actor, id).await {
                    assert_eq!(thread.can_answer, leads, "{name} may answer {what}");
                }
                if !leads {
                    let e = feedback::respond(&org.ctx, actor, id, EXPLAIN, "acknowledged")
                        .await
                        .unwrap_err();
                    assert!(matches!(e, Error::NotFound), "{name} answers {what}: {e:?}");
                }
            }
        }
        // Only leaders have an inbox.
        for name in ["kari", "ola"] {
            let e = feedback::inbox(&org.ctx, &org.who(name).await)
                .await
                .unwrap_err();
            assert!(matches!(e, Error::NotFound));
        }
        assert!(
            feedback::inbox(&org.ctx, &org.who("per").await)
                .await
                .unwrap()
                .is_empty()
        );
    }
);

backend_test!(
    async fn answers_move_the_status_and_refused_moves_say_why(t: TestDb) {
        let org = Org::new(&t).await;
        let (kari, lars) = (org.who("kari").await, org.who("lars").await);
        let id = org
            .attributed(&kari, To::Person(lars.id), "Please fix the build")
            .await;
        let e = feedback::respond(&org.ctx, &lars, id, "ok", "acknowledged")
            .await
            .unwrap_err();
        let Error::Invalid(f) = e else {
            panic!("{e:?}")
        };
        assert_eq!((f[0].field, f[0].code), ("body", "too_short"));
        let e = feedback::respond(&org.ctx, &lars, id, EXPLAIN, "closed")
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Invalid(_)));

        for (status, want) in [
            ("acknowledged", Ok(FeedbackStatus::Acknowledged)),
            ("acknowledged", Err("status_unchanged")),
            ("done", Ok(FeedbackStatus::Done)),
            ("wont_do", Err("status_closed")),
            ("acknowledged", Err("status_back_to_acknowledged")),
            ("in_progress", Ok(FeedbackStatus::InProgress)),
            ("wont_do", Ok(FeedbackStatus::WontDo)),
        ] {
            let got = feedback::respond(&org.ctx, &lars, id, EXPLAIN, status).await;
            match (got, want) {
                (Ok(m), Ok(s)) => assert_eq!(m.status, Some(s)),
                (Err(Error::Conflict { code, message }), Err(c)) => {
                    assert_eq!(code, c);
                    assert!(!message.is_empty());
                }
                (got, want) => panic!("{status}: {got:?}, want {want:?}"),
            }
        }
        let thread = feedback::get(&org.ctx, &kari, id).await.unwrap();
        assert_eq!(thread.item.status, FeedbackStatus::WontDo);
        assert_eq!(thread.messages.len(), 4);
        // The writer was told of each answer, by name.
        let (page, _) = notifications::list(&org.ctx, &kari, None, Some(50))
            .await
            .unwrap();
        let told: Vec<_> = page
            .items
            .iter()
            .filter(|n| n.kind == "feedback_response")
            .collect();
        assert_eq!(told.len(), 4);
        assert!(
            told.iter()
                .all(|n| n.subject_id == Some(id.as_uuid()) && n.actor_id == Some(lars.id))
        );
        // The leader was told when it came.
        let (page, _) = notifications::list(&org.ctx, &lars, None, Some(50))
            .await
            .unwrap();
        assert!(
            page.items
                .iter()
                .any(|n| n.kind == "feedback_received" && n.actor_id == Some(kari.id))
        );
        // What the writer sent, with its answers; counts for the corner.
        let sent = feedback::sent(&org.ctx, &kari).await.unwrap();
        assert_eq!((sent.len(), sent[0].messages.len()), (1, 4));
        assert_eq!(
            feedback::inbox_counts(&org.ctx, lars.id).await.unwrap(),
            (0, 1)
        );
        let m = &thread.messages[0];
        let mut tx = org.ctx.db().begin().await.unwrap();
        let found = samspill_store::leadership::commitments::find_feedback_answer(&mut tx, m.id)
            .await
            .unwrap()
            .map(|(author, item, _)| (author, samspill_domain::FeedbackId::from_uuid(item)));
        assert_eq!(found, Some((lars.id, id)));
    }
);

backend_test!(
    async fn two_leaders_answering_at_once_one_wins(t: TestDb) {
        let org = Org::new(&t).await;
        let (kari, lars, siri) = (
            org.who("kari").await,
            org.who("lars").await,
            org.who("siri").await,
        );
        for round in 0..10 {
            let id = org
                .attributed(&kari, To::Unit(org.data), &format!("round {round}"))
                .await;
            let (a, b) = tokio::join!(
                feedback::respond(&org.ctx, &lars, id, EXPLAIN, "acknowledged"),
                feedback::respond(&org.ctx, &siri, id, EXPLAIN, "acknowledged")
            );
            let oks = usize::from(a.is_ok()) + usize::from(b.is_ok());
            assert_eq!(oks, 1, "round {round}: {a:?} / {b:?}");
            let refused = a.err().or(b.err()).unwrap();
            assert!(
                matches!(
                    refused,
                    Error::Conflict {
                        code: "status_unchanged",
                        ..
                    }
                ),
                "{refused:?}"
            );
            let thread = feedback::get(&org.ctx, &kari, id).await.unwrap();
            assert_eq!(thread.messages.len(), 1);
        }
    }
);

/// A writer's identifying values: id (both text forms), e-mail, handle and
/// session token hash.
fn writer_values(p: &Actor, email: &str, handle: &str, session_hash: &str) -> Vec<String> {
    let id = p.id.as_uuid();
    vec![
        id.simple().to_string(),
        id.hyphenated().to_string(),
        email.to_owned(),
        format!("'{handle}'"),
        format!(",{handle},"),
        session_hash.to_owned(),
    ]
}

async fn add_session(ctx: &Ctx, person: PersonId, token: &str) -> String {
    let hash = samspill_services::auth::token_hash(token);
    let now = samspill_services::Clock::now(&*ctx.clock);
    let mut tx = ctx.db().begin().await.unwrap();
    samspill_store::auth::sessions::insert_session(
        &mut tx,
        &hash,
        &samspill_store::auth::sessions::Session {
            person_id: person,
            csrf_token: format!("csrf-{token}"),
            expires_at: now + Duration::days(1),
        },
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    hash
}

/// Rows present in `after` and not in `before`, as `(table, row)`.
fn new_rows(
    before: &[(String, Vec<String>)],
    after: &[(String, Vec<String>)],
) -> Vec<(String, String)> {
    let old: HashSet<(&str, &str)> = before
        .iter()
        .flat_map(|(t, rows)| rows.iter().map(move |r| (t.as_str(), r.as_str())))
        .collect();
    after
        .iter()
        .flat_map(|(t, rows)| rows.iter().map(move |r| (t.clone(), r.clone())))
        .filter(|(t, r)| !old.contains(&(t.as_str(), r.as_str())))
        .collect()
}

/// A log writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

backend_test!(
    async fn nothing_stored_or_logged_links_anonymous_feedback_to_its_writer(t: TestDb) {
        let log = Captured::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);

        let org = Org::new(&t).await;
        let (kari, ola, lars) = (
            org.who("kari").await,
            org.who("ola").await,
            org.who("lars").await,
        );
        let kari_session = add_session(&org.ctx, kari.id, "kari-session").await;
        let ola_session = add_session(&org.ctx, ola.id, "ola-session").await;
        let mut linked = writer_values(&kari, "kari@acme.test", "kari", &kari_session);
        linked.extend(writer_values(&ola, "ola@acme.test", "ola", &ola_session));
        let before = dump_tables(&t.db).await;
        log.0.lock().unwrap().clear();

        // Written at 10:07, 10:13 and 10:19: none of these times may be kept.
        let to = To::Person(lars.id);
        org.later(Duration::minutes(7));
        let t1 = org
            .anonymous(&kari, to, "The deploy process frightens me")
            .await;
        org.later(Duration::minutes(6));
        let t2 = org.anonymous(&ola, to, "Standups run long").await;
        org.later(Duration::minutes(6));
        let _t3 = org.anonymous(&kari, to, "Too many meetings").await;
        let written = dump_tables(&t.db).await;
        let changed: HashSet<String> = new_rows(&before, &written)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            changed,
            HashSet::from(["feedback_items".to_owned(), "feedback_waiting".to_owned()])
        );

        org.later(Duration::minutes(41)); // 11:00
        org.tick().await;
        org.later(Duration::hours(1)); // 12:00
        for item in feedback::inbox(&org.ctx, &lars).await.unwrap() {
            feedback::respond(&org.ctx, &lars, item.id, EXPLAIN, "in_progress")
                .await
                .unwrap();
        }
        org.later(Duration::minutes(17)); // 12:17
        feedback::reply_by_token(
            &org.ctx,
            &t1,
            "Thanks, the release checklist is the worst part.",
        )
        .await
        .unwrap();
        org.later(Duration::minutes(4)); // 12:21
        feedback::reply_by_token(&org.ctx, &t2, "Could we time-box them?")
            .await
            .unwrap();
        feedback::thread_by_token(&org.ctx, &t1).await.unwrap();

        let after = dump_tables(&t.db).await;
        for (table, row) in new_rows(&before, &after) {
            let low = row.to_lowercase();
            for v in &linked {
                assert!(!low.contains(&v.to_lowercase()), "{table} holds {v}: {row}");
            }
            for time in ["10:07", "10:13", "10:19", "12:17", "12:21"] {
                assert!(
                    !row.contains(time),
                    "{table} holds a writing time {time}: {row}"
                );
            }
            assert!(
                !row.contains(&t1) && !row.contains(&t2),
                "{table} holds a token"
            );
        }
        // Nothing logged from the first anonymous write on names a writer.
        let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        assert!(
            text.contains("feedback batch delivered"),
            "the capture works: {text}"
        );
        for v in &linked {
            assert!(
                !text.to_lowercase().contains(&v.to_lowercase()),
                "the log holds {v}"
            );
        }
        assert!(
            !text.contains(&t1) && !text.contains(&t2),
            "a token in the log"
        );
    }
);

backend_test!(
    async fn two_items_by_one_writer_look_like_two_by_different_writers(t: TestDb) {
        let org = Org::new(&t).await;
        let (kari, ola, nils, lars) = (
            org.who("kari").await,
            org.who("ola").await,
            org.who("nils").await,
            org.who("lars").await,
        );
        let to = To::Person(lars.id);
        // Kari writes two, Ola and Nils one each, minutes apart.
        for (who, body) in [(&kari, "k1"), (&ola, "o1"), (&kari, "k2"), (&nils, "n1")] {
            org.anonymous(who, to, body).await;
            org.later(Duration::minutes(3));
        }
        org.tick().await;
        let rows = dump_tables(&t.db)
            .await
            .into_iter()
            .find(|(t, _)| t == "feedback_items")
            .unwrap()
            .1;
        assert_eq!(rows.len(), 4);
        // What remains of a row without its random id, its text, its category
        // and its token hash is the same for all four.
        let rest: HashSet<String> = rows
            .iter()
            .map(|r| {
                let cols: Vec<&str> = split_row(r);
                // id, to_person, to_unit, category, body, anonymous, author,
                // created_at, token hash, batch, status
                assert_eq!(cols.len(), 11, "{r}");
                [
                    cols[1], cols[2], cols[5], cols[6], cols[7], cols[9], cols[10],
                ]
                .join(",")
            })
            .collect();
        assert_eq!(rest.len(), 1, "{rest:?}");
        let items = feedback::inbox(&org.ctx, &lars).await.unwrap();
        assert!(
            items
                .iter()
                .all(|i| i.id.as_uuid().get_version_num() == 4 && i.author_id.is_none())
        );
    }
);

/// The columns of a dumped row (SQLite: `quote()`s joined by commas;
/// PostgreSQL: `(a,b,…)`); none of the values split here holds a comma.
fn split_row(r: &str) -> Vec<&str> {
    r.trim_start_matches('(')
        .trim_end_matches(')')
        .split(',')
        .collect()
}
