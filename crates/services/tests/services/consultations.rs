//! Consultations: who may read and take part (a truth table), the phases
//! and idea statuses as the services apply them (409 reasons), the report,
//! notifications, the closing tick, and races decided inside the write
//! transaction; on both backends.

use samspill_domain::UnitId;
use samspill_domain::consultations::{ConsultationId, Phase};
use samspill_services::leadership::consultations::{
    self as consultations, ConsultationInput, ideas,
};
use samspill_services::{Actor, Ctx, Error, FixedClock, org::import, social::notifications};
use samspill_store::org::{people, units};
use samspill_testkit::{TestDb, backend_test};
use time::Duration;

use crate::ctx;

const CHART: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n\
    ceo@acme.test,Cecilie,cecilie,Acme,CEO,office,Acme\n\
    lars@acme.test,Lars,lars,Acme/Data,Head,office,Acme/Data\n\
    kari@acme.test,Kari,kari,Acme/Data/Platform,,office,\n\
    ola@acme.test,Ola,ola,Acme/Data,,office,\n\
    per@acme.test,Per,per,Acme/Ops,,office,\n\
    ada@acme.test,Ada,ada,Acme/Ops,,office,\n";

async fn actor(ctx: &Ctx, handle: &str) -> Actor {
    let mut a = Actor::of(
        &people::find_person_by_handle(ctx.db(), handle)
            .await
            .unwrap()
            .unwrap(),
    );
    // Ada is the administrator (outside the audience).
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
    clock: std::sync::Arc<FixedClock>,
    data: UnitId,
}

async fn setup(t: &TestDb) -> World {
    let (ctx, clock) = ctx(t);
    import::run(&ctx, CHART.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    samspill_testkit::accept_guidelines(ctx.db()).await;
    let data = unit(&ctx, "Acme/Data").await;
    World { ctx, clock, data }
}

fn input(audience: UnitId, visible_to: &str) -> ConsultationInput {
    ConsultationInput {
        title: "Where should the team offsite be?".into(),
        body: "We have budget for **one** offsite.".into(),
        decided: "There will be one offsite in spring.".into(),
        open_for_input: "Where and what we do.".into(),
        out_of_scope: "The budget.".into(),
        decided_by: "Lars".into(),
        decision_rule: "Lars decides after hearing the ideas.".into(),
        input_closes_at: "2026-12-01T10:00:00Z".into(),
        decision_due_at: "2026-12-08T10:00:00Z".into(),
        audience_unit_ids: vec![audience],
        visible_to: visible_to.into(),
    }
}

async fn consultation(w: &World, visible_to: &str, open: bool) -> ConsultationId {
    let lars = actor(&w.ctx, "lars").await;
    let c = consultations::create_consultation(&w.ctx, &lars, &input(w.data, visible_to))
        .await
        .unwrap();
    if open {
        consultations::set_phase(&w.ctx, &lars, c.consultation.id, "open")
            .await
            .unwrap();
    }
    c.consultation.id
}

fn code(e: &Error) -> &str {
    match e {
        Error::Conflict { code, .. } => code,
        Error::Invalid(v) => v[0].code,
        Error::NotFound => "not_found",
        Error::Forbidden => "forbidden",
        _ => "other",
    }
}

async fn kinds_of(ctx: &Ctx, who: &Actor) -> Vec<String> {
    notifications::list(ctx, who, None, Some(100))
        .await
        .unwrap()
        .0
        .items
        .into_iter()
        .map(|n| n.kind)
        .collect()
}

/// `(open?, visible_to, [(person, expected)])` of the truth table.
type Row = (bool, &'static str, [(&'static str, &'static str); 6]);

backend_test! {
    async fn who_reads_and_who_takes_part_follows_the_truth_table(t: TestDb) {
        let w = setup(&t).await;
        // (phase open?, visible_to) → per person: (reads, taking part).
        // "ok" takes part, "forbidden" reads but may not, "not_found" does not read.
        let table: [Row; 3] = [
            (false, "everyone", [("lars", "not_open"), ("kari", "not_found"), ("ola", "not_found"),
                                 ("per", "not_found"), ("ada", "not_found"), ("cecilie", "not_found")]),
            (true, "audience", [("lars", "ok"), ("kari", "ok"), ("ola", "ok"),
                                ("per", "not_found"), ("ada", "forbidden"), ("cecilie", "not_found")]),
            (true, "everyone", [("lars", "ok"), ("kari", "ok"), ("ola", "ok"),
                                ("per", "forbidden"), ("ada", "forbidden"), ("cecilie", "forbidden")]),
        ];
        for (open, visible_to, row) in table {
            let id = consultation(&w, visible_to, open).await;
            for (who, want) in row {
                let a = actor(&w.ctx, who).await;
                let reads = consultations::get_consultation(&w.ctx, &a, id).await;
                let listed = consultations::list_consultations(&w.ctx, &a, None, None, Some(100))
                    .await.unwrap().items.iter().any(|c| c.id == id);
                let lars = actor(&w.ctx, "lars").await;
                let by_leader = consultations::list_by_leader(&w.ctx, &a, lars.id)
                    .await.unwrap().iter().any(|c| c.id == id);
                let should_read = want != "not_found";
                assert_eq!(reads.is_ok(), should_read, "{who} reads ({visible_to}, open {open})");
                assert_eq!(listed, should_read, "{who} lists ({visible_to}, open {open})");
                assert_eq!(by_leader, should_read, "{who} on the leader's page ({visible_to}, open {open})");
                if let Err(e) = &reads {
                    assert!(matches!(e, Error::NotFound), "{e:?}");
                }
                let got = ideas::submit_idea(&w.ctx, &a, id, &format!("Idea by {who}"), "")
                    .await
                    .map_or_else(|e| code(&e).to_owned(), |_| "ok".to_owned());
                assert_eq!(got, want, "{who} takes part ({visible_to}, open {open})");
            }
        }
    }
}

backend_test! {
    async fn only_leaders_create_and_only_for_the_units_they_lead(t: TestDb) {
        let w = setup(&t).await;
        let ola = actor(&w.ctx, "ola").await;
        let e = consultations::create_consultation(&w.ctx, &ola, &input(w.data, "audience")).await.unwrap_err();
        assert!(matches!(e, Error::Forbidden), "{e:?}");
        let lars = actor(&w.ctx, "lars").await;
        let ops = unit(&w.ctx, "Acme/Ops").await;
        let e = consultations::create_consultation(&w.ctx, &lars, &input(ops, "audience")).await.unwrap_err();
        assert_eq!(code(&e), "outside_scope");
        let platform = unit(&w.ctx, "Acme/Data/Platform").await;
        assert!(consultations::create_consultation(&w.ctx, &lars, &input(platform, "audience")).await.is_ok());
        let ada = actor(&w.ctx, "ada").await;
        assert!(consultations::create_consultation(&w.ctx, &ada, &input(ops, "everyone")).await.is_ok());

        let mut bad = input(w.data, "nobody");
        bad.title = " ".into();
        bad.input_closes_at = "2026-11-01T10:00:00Z".into();
        bad.decision_due_at = "tomorrow".into();
        let Error::Invalid(errors) = consultations::create_consultation(&w.ctx, &lars, &bad).await.unwrap_err() else {
            panic!("expected field errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(fields, [("title", "required"), ("visible_to", "invalid"),
            ("input_closes_at", "not_in_future"), ("decision_due_at", "invalid")]);
    }
}

backend_test! {
    async fn a_consultation_runs_from_draft_to_a_report_everyone_who_took_part_hears_of(t: TestDb) {
        let w = setup(&t).await;
        let ctx = &w.ctx;
        let (lars, kari, ola) = (actor(ctx, "lars").await, actor(ctx, "kari").await, actor(ctx, "ola").await);
        let id = consultation(&w, "audience", false).await;
        assert!(kinds_of(ctx, &kari).await.is_empty());
        let e = consultations::set_phase(ctx, &lars, id, "reviewing").await.unwrap_err();
        assert_eq!(code(&e), "phase_skipped");
        let e = consultations::set_phase(ctx, &kari, id, "open").await.unwrap_err();
        assert_eq!(code(&e), "not_found", "a draft is its author's only");
        consultations::set_phase(ctx, &lars, id, "open").await.unwrap();
        assert_eq!(kinds_of(ctx, &kari).await, ["consultation_opened"]);
        let e = consultations::set_phase(ctx, &kari, id, "reviewing").await.unwrap_err();
        assert!(matches!(e, Error::Forbidden), "{e:?}");

        let a = ideas::submit_idea(ctx, &kari, id, "Fjord cabin", "With *hiking*").await.unwrap();
        assert!(a.body_html.contains("<em>hiking</em>"));
        let b = ideas::submit_idea(ctx, &ola, id, "City hotel", "").await.unwrap();
        let c3 = ideas::submit_idea(ctx, &kari, id, "Stay home", "").await.unwrap();
        assert_eq!(ideas::vote(ctx, &ola, a.id, true).await.unwrap().votes, 1);
        assert_eq!(ideas::vote(ctx, &ola, a.id, true).await.unwrap().votes, 1, "voting twice is one vote");
        assert_eq!(ideas::vote(ctx, &kari, a.id, true).await.unwrap().votes, 2);
        assert_eq!(ideas::vote(ctx, &kari, a.id, false).await.unwrap().votes, 1);
        assert_eq!(ideas::vote(ctx, &kari, a.id, false).await.unwrap().votes, 1);
        let c = ideas::comment(ctx, &ola, a.id, "Yes <script>x</script>").await.unwrap();
        assert!(!c.body_html.contains("<script"));
        let d = consultations::get_consultation(ctx, &ola, id).await.unwrap();
        assert_eq!(d.ideas[0].id, a.id, "most votes first");
        assert!(d.ideas[0].my_vote && d.can_take_part && !d.is_leader);

        let e = ideas::set_status(ctx, &lars, b.id, "declined", "no").await.unwrap_err();
        assert_eq!(code(&e), "too_short");
        let e = ideas::set_status(ctx, &kari, b.id, "accepted", "").await.unwrap_err();
        assert!(matches!(e, Error::Forbidden), "{e:?}");
        ideas::set_status(ctx, &lars, b.id, "declined", "Hotels in the city are over the budget.").await.unwrap();
        let e = ideas::set_status(ctx, &lars, b.id, "accepted", "").await.unwrap_err();
        assert_eq!(code(&e), "status_transition_refused");
        ideas::set_status(ctx, &lars, a.id, "under_review", "").await.unwrap();
        let e = ideas::set_status(ctx, &lars, a.id, "under_review", "").await.unwrap_err();
        assert_eq!(code(&e), "status_unchanged");
        assert!(kinds_of(ctx, &ola).await.contains(&"idea_status".to_owned()));

        consultations::set_phase(ctx, &lars, id, "reviewing").await.unwrap();
        let e = ideas::submit_idea(ctx, &kari, id, "Late", "").await.unwrap_err();
        assert_eq!(code(&e), "not_open");
        let e = ideas::vote(ctx, &kari, b.id, true).await.unwrap_err();
        assert_eq!(code(&e), "not_open");
        let e = consultations::set_phase(ctx, &lars, id, "open").await.unwrap_err();
        assert_eq!(code(&e), "phase_backwards");
        let outcomes = vec![(a.id.to_string(), "We book the fjord cabin in May.".to_owned())];
        let e = consultations::save_report(ctx, &lars, id, "Thanks!", &outcomes).await.unwrap_err();
        assert_eq!(code(&e), "not_decided");
        consultations::set_phase(ctx, &lars, id, "decided").await.unwrap();
        let e = consultations::set_phase(ctx, &lars, id, "closed").await.unwrap_err();
        assert_eq!(code(&e), "report_missing");
        consultations::save_report(ctx, &lars, id, "Thanks for **all** the ideas.", &outcomes).await.unwrap();
        let e = consultations::set_phase(ctx, &lars, id, "closed").await.unwrap_err();
        assert_eq!(code(&e), "idea_without_status");
        ideas::set_status(ctx, &lars, c3.id, "parked", "We keep this for the autumn planning.").await.unwrap();
        ideas::set_status(ctx, &lars, a.id, "accepted", "").await.unwrap();
        let e = consultations::set_phase(ctx, &lars, id, "closed").await.unwrap_err();
        assert_eq!(code(&e), "idea_without_outcome");
        let stranger = vec![(ConsultationId::new().to_string(), "x".to_owned())];
        let e = consultations::save_report(ctx, &lars, id, "Thanks", &stranger).await.unwrap_err();
        assert_eq!(code(&e), "invalid");
        let all = vec![
            (a.id.to_string(), "We book the fjord cabin in May.".to_owned()),
            (b.id.to_string(), "Too expensive this year.".to_owned()),
            (c3.id.to_string(), "Parked until autumn.".to_owned()),
        ];
        consultations::save_report(ctx, &lars, id, "Thanks for **all** the ideas.", &all).await.unwrap();
        let d = consultations::set_phase(ctx, &lars, id, "closed").await.unwrap();
        assert_eq!(d.phase, Phase::Closed);
        assert!(d.consultation.report_html.unwrap().contains("<strong>all</strong>"));
        for who in [&kari, &ola] {
            assert!(kinds_of(ctx, who).await.contains(&"consultation_report".to_owned()));
        }
        let e = ideas::set_status(ctx, &lars, a.id, "implemented", "").await.unwrap_err();
        assert_eq!(code(&e), "not_reviewable");
        let ev = samspill_store::events::list_events(ctx.db(), None, 100).await.unwrap();
        for kind in ["consultation.created", "consultation.opened", "consultation.phase_changed",
                     "consultation.reported", "idea.created", "idea.voted", "idea.status_set", "idea.commented"] {
            assert!(ev.iter().any(|e| e.kind == kind), "{kind}");
        }
    }
}

backend_test! {
    async fn input_closes_by_itself_at_its_closing_time_and_a_missed_decision_shows_and_is_told(t: TestDb) {
        let w = setup(&t).await;
        let ctx = &w.ctx;
        let (lars, kari) = (actor(ctx, "lars").await, actor(ctx, "kari").await);
        let id = consultation(&w, "audience", true).await;
        let idea = ideas::submit_idea(ctx, &kari, id, "Early", "").await.unwrap();
        w.clock.advance(Duration::days(4));
        let d = consultations::get_consultation(ctx, &kari, id).await.unwrap();
        assert_eq!((d.phase, d.consultation.phase), (Phase::Reviewing, Phase::Open));
        assert!(!d.can_take_part && !d.overdue);
        assert_eq!(code(&ideas::vote(ctx, &kari, idea.id, true).await.unwrap_err()), "not_open");
        let reviewing = consultations::list_consultations(ctx, &kari, Some("reviewing"), None, None).await.unwrap();
        assert_eq!(reviewing.items.len(), 1);
        assert!(consultations::list_consultations(ctx, &kari, Some("open"), None, None).await.unwrap().items.is_empty());

        consultations::tick(ctx).await.unwrap();
        consultations::tick(ctx).await.unwrap();
        let d = consultations::get_consultation(ctx, &kari, id).await.unwrap();
        assert_eq!(d.consultation.phase, Phase::Reviewing);
        assert_eq!(kinds_of(ctx, &lars).await, ["input_closed"], "once, to the leader");

        w.clock.advance(Duration::days(8));
        let mine = consultations::list_by_leader(ctx, &lars, lars.id).await.unwrap();
        assert!(mine[0].overdue);
        // The timed run tells the leader once that the promised date passed.
        consultations::tick(ctx).await.unwrap();
        consultations::tick(ctx).await.unwrap();
        assert_eq!(kinds_of(ctx, &lars).await, ["decision_overdue", "input_closed"], "once, to the leader");
        assert!(!kinds_of(ctx, &kari).await.contains(&"decision_overdue".to_owned()), "only the leader");
        consultations::set_phase(ctx, &lars, id, "decided").await.unwrap();
        assert!(!consultations::get_consultation(ctx, &lars, id).await.unwrap().overdue);
    }
}

backend_test! {
    async fn the_list_pages_by_cursor_newest_first(t: TestDb) {
        let w = setup(&t).await;
        let lars = actor(&w.ctx, "lars").await;
        let mut made = Vec::new();
        for _ in 0..3 {
            made.push(consultation(&w, "everyone", true).await);
            w.clock.advance(Duration::seconds(1));
        }
        let first = consultations::list_consultations(&w.ctx, &lars, None, None, Some(2)).await.unwrap();
        assert_eq!(first.items.iter().map(|c| c.id).collect::<Vec<_>>(), [made[2], made[1]]);
        let rest = consultations::list_consultations(&w.ctx, &lars, None, first.next_cursor.as_deref(), Some(2)).await.unwrap();
        assert_eq!(rest.items.iter().map(|c| c.id).collect::<Vec<_>>(), [made[0]]);
        assert!(rest.next_cursor.is_none());
        let e = consultations::list_consultations(&w.ctx, &lars, Some("done"), None, None).await.unwrap_err();
        assert_eq!(code(&e), "invalid");
    }
}

const ROUNDS: usize = 10;

backend_test! {
    async fn an_idea_submitted_while_input_closes_is_either_refused_or_counted_as_taking_part(t: TestDb) {
        let w = setup(&t).await;
        let ctx = &w.ctx;
        let (lars, kari) = (actor(ctx, "lars").await, actor(ctx, "kari").await);
        for round in 0..ROUNDS {
            let id = consultation(&w, "audience", true).await;
            let (submitted, moved) = tokio::join!(
                ideas::submit_idea(ctx, &kari, id, "Race", ""),
                consultations::set_phase(ctx, &lars, id, "reviewing"),
            );
            moved.unwrap();
            let phase_notes = notifications::list(ctx, &kari, None, Some(100)).await.unwrap().0.items
                .into_iter().filter(|n| n.kind == "consultation_phase" && n.subject_id == Some(id.as_uuid())).count();
            match submitted {
                // Submitted before the change: Kari took part and hears of it.
                Ok(_) => assert_eq!(phase_notes, 1, "round {round}"),
                Err(e) => {
                    assert_eq!(code(&e), "not_open", "round {round}");
                    assert_eq!(phase_notes, 0, "round {round}");
                    let d = consultations::get_consultation(ctx, &lars, id).await.unwrap();
                    assert!(d.ideas.is_empty(), "round {round}");
                }
            }
        }
    }
}

backend_test! {
    async fn voting_twice_at_once_is_one_vote_and_one_event(t: TestDb) {
        let w = setup(&t).await;
        let ctx = &w.ctx;
        let kari = actor(ctx, "kari").await;
        let id = consultation(&w, "audience", true).await;
        for round in 0..ROUNDS {
            let idea = ideas::submit_idea(ctx, &kari, id, &format!("Idea {round}"), "").await.unwrap();
            let (a, b) = tokio::join!(
                ideas::vote(ctx, &kari, idea.id, true),
                ideas::vote(ctx, &kari, idea.id, true),
            );
            a.unwrap();
            b.unwrap();
            let d = consultations::get_consultation(ctx, &kari, id).await.unwrap();
            let votes = d.ideas.iter().find(|i| i.id == idea.id).unwrap().votes;
            assert_eq!(votes, 1, "round {round}");
            let events = samspill_store::events::list_events(ctx.db(), Some("idea.voted"), 1000).await.unwrap();
            assert_eq!(events.iter().filter(|e| e.subject_id == Some(idea.id.as_uuid())).count(), 1, "round {round}");
        }
    }
}

backend_test! {
    async fn a_vote_racing_the_closing_time_tick_is_refused_or_kept(t: TestDb) {
        let w = setup(&t).await;
        let ctx = &w.ctx;
        let (lars, kari) = (actor(ctx, "lars").await, actor(ctx, "kari").await);
        let id = consultation(&w, "audience", true).await;
        let idea = ideas::submit_idea(ctx, &kari, id, "Idea", "").await.unwrap();
        w.clock.advance(Duration::days(4));
        let (voted, ticked) = tokio::join!(ideas::vote(ctx, &kari, idea.id, true), consultations::tick(ctx));
        ticked.unwrap();
        assert_eq!(code(&voted.unwrap_err()), "not_open", "past the closing time nothing is taken");
        assert_eq!(kinds_of(ctx, &lars).await, ["input_closed"]);
    }
}
