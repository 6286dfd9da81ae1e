//! Pulse surveys: phases as the services apply them (409 reasons), the tick,
//! answering once (and racing), what is stored and logged (nothing links an
//! answer to its respondent), and results: every figure from one
//! suppression release, checked over random unit trees, audiences and
//! answer patterns with `suppression::derivable`; on both backends.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::sync::{Arc, Mutex};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use samspill_domain::UnitId;
use samspill_domain::suppression::{self, Cell, Group, Release};
use samspill_domain::surveys::{RawAnswer, SurveyId, SurveyPhase};
use samspill_services::leadership::surveys::{self, Figures, SurveyInput};
use samspill_services::{Actor, Ctx, Error, FixedClock, org::import, social::notifications};
use samspill_store::org::{people, units};
use samspill_testkit::{TestDb, backend_test, count_rows, dump_tables};
use time::Duration;

use crate::ctx;

const CHART: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n\
    ceo@acme.test,Cecilie,cecilie,Acme,CEO,office,Acme\n\
    lars@acme.test,Lars,lars,Acme/Data,Head,office,Acme/Data\n\
    kari@acme.test,Kari,kari,Acme/Data/Platform,,office,\n\
    ola@acme.test,Ola,ola,Acme/Data,,office,\n\
    siv@acme.test,Siv,siv,Acme/Data,,office,\n\
    per@acme.test,Per,per,Acme/Ops,,office,\n\
    ada@acme.test,Ada,ada,Acme/Ops,,office,\n";

async fn actor(ctx: &Ctx, handle: &str) -> Actor {
    let mut a = Actor::of(
        &people::find_person_by_handle(ctx.db(), handle)
            .await
            .unwrap()
            .unwrap(),
    );
    a.is_admin = handle == "ada";
    a
}

async fn unit(ctx: &Ctx, path: &str) -> UnitId {
    units::list_units(ctx.db())
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.path == path)
        .unwrap()
        .id
}

struct World {
    ctx: Ctx,
    clock: Arc<FixedClock>,
}

async fn setup(t: &TestDb, chart: &str) -> World {
    let (ctx, clock) = ctx(t);
    import::run(&ctx, chart.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    samspill_testkit::accept_guidelines(ctx.db()).await;
    World { ctx, clock }
}

fn input(audience: Vec<UnitId>, k: Option<i64>) -> SurveyInput {
    SurveyInput {
        title: "Pulse: December".into(),
        questions: vec![
            ("scale".into(), "I know what is expected of me".into()),
            (
                "enps".into(),
                "Would you recommend us as a place to work?".into(),
            ),
            ("text".into(), "Anything else?".into()),
        ],
        audience_unit_ids: audience,
        opens_at: String::new(),
        closes_at: "2026-12-10T12:00:00Z".into(),
        min_group_size: k,
    }
}

fn answers(scale: i64, enps: i64, text: Option<&str>) -> Vec<RawAnswer> {
    vec![
        RawAnswer::Number(scale),
        RawAnswer::Number(enps),
        text.map_or(RawAnswer::Missing, |t| RawAnswer::Text(t.into())),
    ]
}

fn code(e: Error) -> &'static str {
    match e {
        Error::Conflict { code, .. } => code,
        Error::Forbidden => "forbidden",
        Error::NotFound => "not_found",
        Error::Invalid(f) => f[0].code,
        other => panic!("{other:?}"),
    }
}

backend_test!(
    async fn a_survey_moves_draft_open_closed_and_refused_moves_say_why(t: TestDb) {
        let w = setup(&t, CHART).await;
        let lars = actor(&w.ctx, "lars").await;
        let ola = actor(&w.ctx, "ola").await;
        let data = unit(&w.ctx, "Acme/Data").await;
        let mut i = input(vec![data], None);
        i.opens_at = "2026-12-01T08:00:00Z".into();
        let s = surveys::create_survey(&w.ctx, &lars, &i).await.unwrap();
        let id = s.survey.id;
        assert_eq!(s.phase, SurveyPhase::Draft);
        assert_eq!(s.survey.min_group_size, 5);
        // A draft is its owner's only.
        assert_eq!(
            code(surveys::get_survey(&w.ctx, &ola, id).await.unwrap_err()),
            "not_found"
        );
        let refused = |r: Result<_, Error>| code(r.unwrap_err());
        assert_eq!(
            refused(surveys::set_phase(&w.ctx, &lars, id, "closed").await),
            "phase_skipped"
        );
        assert_eq!(
            refused(surveys::set_phase(&w.ctx, &lars, id, "draft").await),
            "phase_unchanged"
        );
        assert_eq!(
            refused(surveys::set_phase(&w.ctx, &lars, id, "reviewing").await),
            "invalid"
        );
        let open = surveys::set_phase(&w.ctx, &lars, id, "open").await.unwrap();
        assert_eq!(open.phase, SurveyPhase::Open);
        assert_eq!(
            open.survey.opens_at,
            samspill_services::Clock::now(&*w.ctx.clock),
            "opened by hand now, before its time"
        );
        assert_eq!(
            refused(surveys::set_phase(&w.ctx, &ola, id, "closed").await),
            "forbidden"
        );
        assert_eq!(
            refused(surveys::set_phase(&w.ctx, &lars, id, "open").await),
            "phase_unchanged"
        );
        assert_eq!(
            refused(surveys::set_phase(&w.ctx, &lars, id, "draft").await),
            "phase_backwards"
        );
        let closed = surveys::set_phase(&w.ctx, &lars, id, "closed")
            .await
            .unwrap();
        assert_eq!(closed.phase, SurveyPhase::Closed);
        assert!(closed.can_see_results);
        assert_eq!(
            refused(surveys::set_phase(&w.ctx, &lars, id, "open").await),
            "phase_backwards"
        );
        assert_eq!(
            refused(surveys::set_phase(&w.ctx, &lars, id, "closed").await),
            "phase_unchanged"
        );
        // A draft whose closing time has passed cannot be opened.
        let late = surveys::create_survey(&w.ctx, &lars, &input(vec![data], Some(3)))
            .await
            .unwrap();
        w.clock.advance(Duration::days(30));
        assert_eq!(
            refused(surveys::set_phase(&w.ctx, &lars, late.survey.id, "open").await),
            "closing_time_passed"
        );
    }
);

backend_test!(
    async fn a_survey_is_checked_when_created(t: TestDb) {
        let w = setup(&t, CHART).await;
        let lars = actor(&w.ctx, "lars").await;
        let ola = actor(&w.ctx, "ola").await;
        let data = unit(&w.ctx, "Acme/Data").await;
        let ops = unit(&w.ctx, "Acme/Ops").await;
        assert_eq!(
            code(
                surveys::create_survey(&w.ctx, &ola, &input(vec![data], None))
                    .await
                    .unwrap_err()
            ),
            "forbidden"
        );
        let field = |e: Error| match e {
            Error::Invalid(f) => f.iter().map(|f| (f.field, f.code)).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        let e = surveys::create_survey(&w.ctx, &lars, &input(vec![data], Some(2)))
            .await
            .unwrap_err();
        assert_eq!(field(e), [("min_group_size", "too_small")]);
        let e = surveys::create_survey(&w.ctx, &lars, &input(vec![ops], None))
            .await
            .unwrap_err();
        assert_eq!(field(e), [("audience_unit_ids", "outside_scope")]);
        let mut bad = input(vec![], None);
        bad.title = " ".into();
        bad.questions = vec![("likert".into(), "Q".into())];
        bad.closes_at = "2020-01-01T00:00:00Z".into();
        let got = field(
            surveys::create_survey(&w.ctx, &lars, &bad)
                .await
                .unwrap_err(),
        );
        for want in [
            ("title", "required"),
            ("questions", "invalid_kind"),
            ("audience_unit_ids", "required"),
            ("closes_at", "not_in_future"),
        ] {
            assert!(got.contains(&want), "{want:?} in {got:?}");
        }
        assert_eq!(count_rows(&t.db, "surveys").await, 0);
    }
);

backend_test!(
    async fn the_tick_opens_and_closes_surveys_by_date_and_tells_the_audience(t: TestDb) {
        let w = setup(&t, CHART).await;
        let lars = actor(&w.ctx, "lars").await;
        let data = unit(&w.ctx, "Acme/Data").await;
        let mut i = input(vec![data], None);
        i.opens_at = "2026-11-28T08:00:00Z".into();
        let id = surveys::create_survey(&w.ctx, &lars, &i)
            .await
            .unwrap()
            .survey
            .id;
        surveys::tick(&w.ctx).await.unwrap();
        assert_eq!(
            surveys::get_survey(&w.ctx, &lars, id).await.unwrap().phase,
            SurveyPhase::Draft
        );
        w.clock.advance(Duration::days(1));
        surveys::tick(&w.ctx).await.unwrap();
        surveys::tick(&w.ctx).await.unwrap();
        assert_eq!(
            surveys::get_survey(&w.ctx, &lars, id).await.unwrap().phase,
            SurveyPhase::Open
        );
        // Kari (a sub-unit), Ola and Siv are told once; Lars (in Data too) as well.
        for h in ["kari", "ola", "siv", "lars"] {
            let a = actor(&w.ctx, h).await;
            let (page, _) = notifications::list(&w.ctx, &a, None, Some(50))
                .await
                .unwrap();
            let n: Vec<_> = page.items.iter().filter(|n| n.kind == "survey").collect();
            assert_eq!(n.len(), 1, "{h}");
            assert_eq!(n[0].subject_id, Some(id.as_uuid()));
            let todo = surveys::to_answer(&w.ctx, &a).await.unwrap();
            assert_eq!(todo.len(), 1, "{h} has it to answer");
        }
        let per = actor(&w.ctx, "per").await;
        assert!(surveys::to_answer(&w.ctx, &per).await.unwrap().is_empty());
        assert_eq!(
            code(surveys::get_survey(&w.ctx, &per, id).await.unwrap_err()),
            "not_found"
        );
        w.clock.advance(Duration::days(30));
        surveys::tick(&w.ctx).await.unwrap();
        surveys::tick(&w.ctx).await.unwrap();
        let d = surveys::get_survey(&w.ctx, &lars, id).await.unwrap();
        assert_eq!(d.phase, SurveyPhase::Closed);
        assert_eq!(d.survey.phase, SurveyPhase::Closed, "stored");
        let (page, _) = notifications::list(&w.ctx, &lars, None, Some(50))
            .await
            .unwrap();
        assert_eq!(
            page.items
                .iter()
                .filter(|n| n.kind == "survey_closed")
                .count(),
            1
        );
        // Data and Platform, frozen at closing.
        assert_eq!(count_rows(&t.db, "survey_groups").await, 2);
    }
);

backend_test!(
    async fn each_person_answers_once_only_while_open_and_in_the_audience(t: TestDb) {
        let w = setup(&t, CHART).await;
        let (lars, kari, ola, per, ada, cecilie) = (
            actor(&w.ctx, "lars").await,
            actor(&w.ctx, "kari").await,
            actor(&w.ctx, "ola").await,
            actor(&w.ctx, "per").await,
            actor(&w.ctx, "ada").await,
            actor(&w.ctx, "cecilie").await,
        );
        let data = unit(&w.ctx, "Acme/Data").await;
        let id = surveys::create_survey(&w.ctx, &lars, &input(vec![data], None))
            .await
            .unwrap()
            .survey
            .id;
        let ok = answers(4, 9, Some("Good"));
        assert_eq!(
            code(surveys::answer(&w.ctx, &kari, id, &ok).await.unwrap_err()),
            "not_found",
            "a draft"
        );
        surveys::set_phase(&w.ctx, &lars, id, "open").await.unwrap();
        assert_eq!(
            code(surveys::answer(&w.ctx, &per, id, &ok).await.unwrap_err()),
            "not_found",
            "outside"
        );
        assert_eq!(
            code(surveys::answer(&w.ctx, &ada, id, &ok).await.unwrap_err()),
            "forbidden",
            "an admin"
        );
        assert_eq!(
            code(
                surveys::answer(&w.ctx, &cecilie, id, &ok)
                    .await
                    .unwrap_err()
            ),
            "not_found",
            "above"
        );
        let e = surveys::answer(&w.ctx, &kari, id, &answers(6, 11, None))
            .await
            .unwrap_err();
        let Error::Invalid(f) = e else { panic!() };
        let f: Vec<_> = f.iter().map(|f| (f.field, f.code)).collect();
        assert_eq!(
            f,
            [
                ("answers[0]", "out_of_range"),
                ("answers[1]", "out_of_range")
            ]
        );
        let e = surveys::answer(&w.ctx, &kari, id, &[RawAnswer::Number(3)])
            .await
            .unwrap_err();
        assert_eq!(code(e), "wrong_count");
        surveys::answer(&w.ctx, &kari, id, &ok).await.unwrap();
        assert_eq!(
            code(surveys::answer(&w.ctx, &kari, id, &ok).await.unwrap_err()),
            "already_answered"
        );
        let d = surveys::get_survey(&w.ctx, &kari, id).await.unwrap();
        assert!(d.survey.answered && !d.can_answer);
        assert!(surveys::to_answer(&w.ctx, &kari).await.unwrap().is_empty());
        w.clock.advance(Duration::days(30));
        assert_eq!(
            code(surveys::answer(&w.ctx, &ola, id, &ok).await.unwrap_err()),
            "not_open"
        );
        assert_eq!(count_rows(&t.db, "survey_participation").await, 1);
        assert_eq!(count_rows(&t.db, "survey_responses").await, 1);
    }
);

backend_test!(
    async fn two_answers_racing_from_one_person_store_one(t: TestDb) {
        let w = setup(&t, CHART).await;
        let lars = actor(&w.ctx, "lars").await;
        let ola = actor(&w.ctx, "ola").await;
        let data = unit(&w.ctx, "Acme/Data").await;
        let id = surveys::create_survey(&w.ctx, &lars, &input(vec![data], None))
            .await
            .unwrap()
            .survey
            .id;
        surveys::set_phase(&w.ctx, &lars, id, "open").await.unwrap();
        for _ in 0..3 {
            let a = answers(3, 7, None);
            let b = answers(5, 10, Some("second"));
            let (x, y) = tokio::join!(
                surveys::answer(&w.ctx, &ola, id, &a),
                surveys::answer(&w.ctx, &ola, id, &b)
            );
            let oks = [&x, &y].iter().filter(|r| r.is_ok()).count();
            let losers: Vec<_> = [x, y]
                .into_iter()
                .filter_map(Result::err)
                .map(code)
                .collect();
            assert!(oks <= 1 && oks + losers.len() == 2, "{losers:?}");
            assert!(
                losers.iter().all(|c| *c == "already_answered"),
                "{losers:?}"
            );
        }
        assert_eq!(count_rows(&t.db, "survey_participation").await, 1);
        assert_eq!(count_rows(&t.db, "survey_responses").await, 1);
    }
);

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

backend_test!(
    async fn nothing_stored_or_logged_links_an_answer_to_its_respondent(t: TestDb) {
        let log = Captured::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);

        let w = setup(&t, CHART).await;
        let lars = actor(&w.ctx, "lars").await;
        let data = unit(&w.ctx, "Acme/Data").await;
        let id = surveys::create_survey(&w.ctx, &lars, &input(vec![data], Some(3)))
            .await
            .unwrap()
            .survey
            .id;
        surveys::set_phase(&w.ctx, &lars, id, "open").await.unwrap();
        let before = dump_tables(&t.db).await;
        log.0.lock().unwrap().clear();

        // Answered at 10:07, 10:13 and 10:19: none of these times may be kept.
        let mut people = Vec::new();
        for (h, minutes, a) in [
            ("kari", 7, answers(2, 3, Some("Zebra crossing answer"))),
            ("ola", 6, answers(5, 10, None)),
            ("siv", 6, answers(4, 8, Some("Zebra stripes answer"))),
        ] {
            w.clock.advance(Duration::minutes(minutes));
            let who = actor(&w.ctx, h).await;
            surveys::answer(&w.ctx, &who, id, &a).await.unwrap();
            people.push((who, h));
        }
        let after = dump_tables(&t.db).await;
        let changed: HashSet<String> = new_rows(&before, &after)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            changed,
            HashSet::from([
                "survey_participation".to_owned(),
                "survey_responses".to_owned()
            ]),
            "no event, notification or other row is written by answering"
        );
        let responses = &after
            .iter()
            .find(|(t, _)| t == "survey_responses")
            .unwrap()
            .1;
        assert_eq!(responses.len(), 3);
        for row in responses {
            let low = row.to_lowercase();
            for (who, handle) in &people {
                let id = who.id.as_uuid();
                for v in [
                    id.simple().to_string(),
                    id.hyphenated().to_string(),
                    (*handle).to_owned(),
                ] {
                    assert!(!low.contains(&v), "a response holds {v}: {row}");
                }
            }
            for time in ["10:07", "10:13", "10:19", "2026-"] {
                assert!(!row.contains(time), "a response holds a time {time}: {row}");
            }
        }
        // Participation holds who, and nothing answered or timed.
        for row in &after
            .iter()
            .find(|(t, _)| t == "survey_participation")
            .unwrap()
            .1
        {
            assert!(!row.contains("Zebra") && !row.contains("2026-"), "{row}");
        }
        // Every response id is random (v4), and on PostgreSQL every live
        // response was written by the same (the last) transaction, so xmin
        // does not pair a response with its participation row.
        let ids: Vec<uuid::Uuid> = surveys_ids(&t).await;
        assert!(ids.iter().all(|u| u.get_version_num() == 4), "{ids:?}");
        if let samspill_store::Db::Postgres(pool) = &t.db {
            let (n,): (i64,) =
                sqlx::query_as("select count(distinct xmin::text) from survey_responses")
                    .fetch_one(pool)
                    .await
                    .unwrap();
            assert_eq!(n, 1);
        }
        let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        assert!(
            text.contains("survey answered"),
            "the capture works: {text}"
        );
        for (who, handle) in &people {
            let id = who.id.as_uuid();
            for v in [
                id.simple().to_string(),
                id.hyphenated().to_string(),
                format!("@{handle}"),
            ] {
                assert!(!text.to_lowercase().contains(&v), "the log holds {v}");
            }
        }
        assert!(!text.contains("Zebra"), "an answer in the log");
    }
);

async fn surveys_ids(t: &TestDb) -> Vec<uuid::Uuid> {
    match &t.db {
        samspill_store::Db::Sqlite(pool) => {
            let pool: &sqlx::SqlitePool = pool;
            let rows: Vec<(uuid::Uuid,)> = sqlx::query_as("select id from survey_responses")
                .fetch_all(pool)
                .await
                .unwrap();
            rows.into_iter().map(|r| r.0).collect()
        }
        samspill_store::Db::Postgres(pool) => {
            let rows: Vec<(uuid::Uuid,)> = sqlx::query_as("select id from survey_responses")
                .fetch_all(pool)
                .await
                .unwrap();
            rows.into_iter().map(|r| r.0).collect()
        }
    }
}

backend_test!(
    async fn results_are_the_owners_and_admins_once_closed_with_comments_only_from_k(t: TestDb) {
        let w = setup(&t, CHART).await;
        let (lars, kari, ola, siv, ada, per) = (
            actor(&w.ctx, "lars").await,
            actor(&w.ctx, "kari").await,
            actor(&w.ctx, "ola").await,
            actor(&w.ctx, "siv").await,
            actor(&w.ctx, "ada").await,
            actor(&w.ctx, "per").await,
        );
        let data = unit(&w.ctx, "Acme/Data").await;
        let id = surveys::create_survey(&w.ctx, &lars, &input(vec![data], Some(3)))
            .await
            .unwrap()
            .survey
            .id;
        surveys::set_phase(&w.ctx, &lars, id, "open").await.unwrap();
        surveys::answer(&w.ctx, &kari, id, &answers(1, 0, Some("Too many meetings")))
            .await
            .unwrap();
        surveys::answer(&w.ctx, &ola, id, &answers(4, 9, Some("Great team")))
            .await
            .unwrap();
        surveys::answer(&w.ctx, &siv, id, &answers(5, 10, None))
            .await
            .unwrap();
        surveys::answer(&w.ctx, &lars, id, &answers(4, 8, Some("Proud")))
            .await
            .unwrap();
        assert_eq!(
            code(surveys::results(&w.ctx, &lars, id).await.unwrap_err()),
            "not_closed"
        );
        w.clock.advance(Duration::days(30));
        // Read before the tick: the read closes it.
        assert_eq!(
            code(surveys::results(&w.ctx, &ola, id).await.unwrap_err()),
            "forbidden"
        );
        assert_eq!(
            code(surveys::results(&w.ctx, &per, id).await.unwrap_err()),
            "not_found"
        );
        let r = surveys::results(&w.ctx, &lars, id).await.unwrap();
        assert!(surveys::results(&w.ctx, &ada, id).await.is_ok());
        // Data has Lars, Ola, Siv (3 answered) and Platform Kari (1): Platform
        // is suppressed; Data (with Platform: 4) is the total again.
        let Figures::Shown {
            responses,
            population,
            questions,
        } = &r.total
        else {
            panic!("{:?}", r.total)
        };
        assert_eq!((*responses, *population), (4, 4));
        assert_eq!(questions[0].distribution, [1, 0, 0, 2, 1]);
        assert_eq!(questions[1].enps, Some(25));
        let by_name = |n: &str| &r.units.iter().find(|u| u.group.name == n).unwrap().figures;
        assert_eq!(by_name("Platform"), &Figures::Suppressed);
        assert!(matches!(
            by_name("Data"),
            Figures::Shown { responses: 4, .. }
        ));
        // Three wrote a comment: k = 3, so they are shown, in some order.
        let c = &r.comments[0];
        assert!(!c.suppressed);
        let mut texts = c.texts.clone();
        texts.sort();
        assert_eq!(texts, ["Great team", "Proud", "Too many meetings"]);
    }
);

/// A random organization: a tree of units under Acme, people in them.
fn random_chart(rng: &mut StdRng) -> (String, Vec<(String, usize)>) {
    let n_units = rng.random_range(2..9);
    let mut paths = vec!["Acme".to_owned()];
    for i in 1..n_units {
        let parent = paths[rng.random_range(0..paths.len())].clone();
        paths.push(format!("{parent}/U{i}"));
    }
    let mut csv = String::from("email,name,handle,unit_path,title,work_mode,leader_of\n");
    csv.push_str("boss@acme.test,Boss,boss,Acme,CEO,office,Acme\n");
    let mut sizes = Vec::new();
    let mut n = 0;
    for p in &paths {
        let size = match rng.random_range(0..4) {
            0 => 0,
            1 => rng.random_range(1..3),
            _ => rng.random_range(2..12),
        };
        for _ in 0..size {
            n += 1;
            csv.push_str(&format!("p{n}@acme.test,Person {n},p{n},{p},,office,\n"));
        }
        sizes.push((p.clone(), size));
    }
    (csv, sizes)
}

backend_test!(
    async fn no_suppressed_unit_can_be_derived_from_released_results_over_random_trees(t: TestDb) {
        let cases = if matches!(t.db, samspill_store::Db::Postgres(_)) {
            4
        } else {
            6
        };
        let mut rng = StdRng::seed_from_u64(11);
        for case in 0..cases {
            let (ctx, _clock) = ctx(&t);
            let mut tx = ctx.db().begin().await.unwrap();
            samspill_store::maintenance::wipe_all(&mut tx)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            let (csv, sizes) = random_chart(&mut rng);
            let n_people: usize = sizes.iter().map(|(_, n)| n).sum();
            import::run(&ctx, csv.as_bytes(), false, &mut |_| {})
                .await
                .unwrap();
            let all = units::list_units(ctx.db()).await.unwrap();
            let boss = actor(&ctx, "boss").await;
            // An audience of one or two units (their subtrees).
            let mut audience = vec![all[rng.random_range(0..all.len())].id];
            if rng.random_bool(0.4) {
                audience.push(all[rng.random_range(0..all.len())].id);
            }
            let k = rng.random_range(3..6);
            let id = surveys::create_survey(&ctx, &boss, &input(audience.clone(), Some(k)))
                .await
                .unwrap()
                .survey
                .id;
            surveys::set_phase(&ctx, &boss, id, "open").await.unwrap();
            // Each unit answers at its own rate; remember what was answered.
            let rate: HashMap<UnitId, f64> = all
                .iter()
                .map(|u| (u.id, rng.random_range(0.0..1.0)))
                .collect();
            let mut given: Vec<(UnitId, i64)> = Vec::new();
            let handles =
                std::iter::once("boss".to_owned()).chain((1..=n_people).map(|i| format!("p{i}")));
            for h in handles {
                let a = actor(&ctx, &h).await;
                let Some(u) = a.unit_id else { continue };
                if !rng.random_bool(rate[&u]) {
                    continue;
                }
                let score = rng.random_range(1..6);
                match surveys::answer(&ctx, &a, id, &answers(score, 7, Some("x"))).await {
                    Ok(()) => given.push((u, score)),
                    Err(Error::NotFound | Error::Forbidden) => {}
                    Err(e) => panic!("{e:?}"),
                }
            }
            surveys::set_phase(&ctx, &boss, id, "closed").await.unwrap();
            let r = surveys::results(&ctx, &boss, id).await.unwrap();
            check_release(&ctx, id, &r, &given, k.try_into().unwrap(), case).await;
        }
    }
);

/// Rebuilds the groups from the store, checks with `derivable` that nothing
/// suppressed can be computed, and that every shown figure is a direct
/// count of what was answered.
async fn check_release(
    ctx: &Ctx,
    id: SurveyId,
    r: &surveys::SurveyResults,
    given: &[(UnitId, i64)],
    k: u64,
    case: usize,
) {
    use samspill_store::leadership::surveys as store;
    let groups = store::list_groups(ctx.db(), id).await.unwrap();
    let count = |u: UnitId| given.iter().filter(|(g, _)| *g == u).count() as u64;
    let input: Vec<Group<UnitId>> = groups
        .iter()
        .map(|g| Group {
            key: g.unit_id,
            parent: g.parent_id,
            population: g.population,
            count: count(g.unit_id),
        })
        .collect();
    let cell = |f: &Figures| match f {
        Figures::Shown {
            population,
            responses,
            ..
        } => Cell::Shown {
            population: *population,
            count: *responses,
        },
        Figures::Suppressed => Cell::Suppressed,
    };
    let release = Release {
        total: cell(&r.total),
        groups: r
            .units
            .iter()
            .map(|u| (u.group.unit_id, cell(&u.figures)))
            .collect(),
    };
    assert_eq!(
        release,
        suppression::release(&input, k),
        "case {case}: one release"
    );
    let exposed = suppression::derivable(&input, &release, k);
    assert!(exposed.is_empty(), "case {case}: derivable {exposed:?}");
    // Shown figures are direct counts over the subtree.
    let parent: HashMap<UnitId, Option<UnitId>> =
        groups.iter().map(|g| (g.unit_id, g.parent_id)).collect();
    let within = |mut u: UnitId, root: UnitId| loop {
        if u == root {
            return true;
        }
        match parent.get(&u) {
            Some(Some(p)) => u = *p,
            _ => return false,
        }
    };
    let check = |root: Option<UnitId>, f: &Figures| {
        if let Figures::Shown {
            responses,
            questions,
            ..
        } = f
        {
            let mine: Vec<i64> = given
                .iter()
                .filter(|(u, _)| root.is_none_or(|r| within(*u, r)))
                .map(|(_, s)| *s)
                .collect();
            assert_eq!(*responses, mine.len() as u64, "case {case}");
            assert!(*responses >= k, "case {case}: shown under k");
            let mut dist = [0u64; 5];
            for s in &mine {
                dist[usize::try_from(s - 1).unwrap()] += 1;
            }
            assert_eq!(questions[0].distribution, dist, "case {case}");
            assert_eq!(
                questions[1].distribution[7],
                mine.len() as u64,
                "case {case}"
            );
        }
    };
    check(None, &r.total);
    for u in &r.units {
        check(Some(u.group.unit_id), &u.figures);
    }
}
