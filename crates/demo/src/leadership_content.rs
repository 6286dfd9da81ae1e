//! The leadership toolkit in the demo, planted after the simulated months
//! of social activity: Ask-me-anything threads with questions, upvotes and
//! answers, and the commitments leaders made in those answers, kept, open
//! and missed; consultations (one closed with its "you said, we did"
//! report, one open, one whose promised decision date has passed); and
//! feedback to leaders, answered, ignored and anonymous (delivered in a
//! batch, and one still waiting for its batch). Scripted rather than simulated: what is said, by which
//! leader and when, is `data/leadership.toml` (its header explains the
//! fields); the threads are in «Everyone», and who asks and who upvotes
//! follows from the chart in e-mail order, so the result is the same on
//! every run.
//!
//! Every action goes through the services' public functions on a context
//! whose clock is set to the action's time, so every rule, notification and
//! event applies. The leaders' styles follow [`crate::demo_content::STYLES`]:
//! facilitators answer within hours, broadcasters after days.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use samspill_domain::{CommitmentId, PersonId, SpaceKind, UnitId};
use samspill_services::leadership::{commitments, leaders::AMA_TOPIC};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::{comments, spaces};
use samspill_services::{Actor, Ctx, Error, FixedClock, Result};
use samspill_store::org::people::{self, PersonView};
use samspill_store::org::units;
use serde::Deserialize;
use time::{Duration, OffsetDateTime, Time};

use crate::demo_content::{STYLES, Style};

/// The script: `data/leadership.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Script {
    ama: Vec<AmaScript>,
    consultation: Vec<ConsultationScript>,
    feedback: Vec<FeedbackScript>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsultationScript {
    leader: String,
    days_ago: i64,
    input_days: i64,
    decision_days: i64,
    ends: Ends,
    visible_to: String,
    title: String,
    body: String,
    decided: String,
    open_for_input: String,
    out_of_scope: String,
    decided_by: String,
    decision_rule: String,
    report: Option<String>,
    idea: Vec<IdeaScript>,
}

/// Where a consultation stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Ends {
    Closed,
    Open,
    Overdue,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IdeaScript {
    title: String,
    body: String,
    votes: usize,
    comments: Vec<String>,
    status: Option<String>,
    explanation: Option<String>,
    outcome: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedbackScript {
    to: String,
    writer: usize,
    anonymous: bool,
    category: String,
    days_ago: i64,
    body: String,
    answer: Option<Answer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Answer {
    status: String,
    body: String,
    after_hours: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AmaScript {
    leader: String,
    askers: Askers,
    days_ago: i64,
    title: String,
    body: String,
    question: Vec<Question>,
}

/// Who asks the questions (the thread itself is in «Everyone», where
/// everyone may take part).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Askers {
    /// People in the leader's unit and its sub-units.
    Unit,
    /// Anyone in the company.
    Everyone,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Question {
    text: String,
    upvotes: usize,
    answer: Option<String>,
    commitment: Option<Commitment>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Commitment {
    due_after_days: i64,
    kept: Option<String>,
}

static SCRIPT: LazyLock<std::result::Result<Script, String>> = LazyLock::new(|| {
    toml::from_str(include_str!("../data/leadership.toml"))
        .map_err(|e| format!("crates/demo/data/leadership.toml: {e}"))
});

fn script() -> Result<&'static Script> {
    SCRIPT
        .as_ref()
        .map_err(|e| Error::Unexpected(e.clone().into()))
}

/// A context whose clock shows `at`.
fn at(ctx: &Ctx, at: OffsetDateTime) -> Ctx {
    let mut c = ctx.clone();
    c.clock = Arc::new(FixedClock::new(at));
    c
}

/// The units in the subtree of `root`.
fn subtree(all: &[units::UnitView], root: UnitId) -> HashSet<UnitId> {
    let mut out = HashSet::from([root]);
    loop {
        let before = out.len();
        for u in all {
            if u.parent_id.is_some_and(|p| out.contains(&p)) {
                out.insert(u.id);
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

/// Plants the script; see the module documentation.
///
/// # Errors
/// Storage failures; a name or a refused action in the script surfaces as
/// `Unexpected` or the service's error.
pub(crate) async fn plant(ctx: &Ctx) -> Result<()> {
    let script = script()?;
    let now = ctx.clock.now();
    let mut everyone: Vec<PersonView> = people::list_all_people(ctx.db())
        .await?
        .into_iter()
        .filter(|p| p.is_active)
        .collect();
    everyone.sort_by(|a, b| a.email.cmp(&b.email));
    let all_units = units::list_units(ctx.db()).await?;
    let mut keeps: Vec<(OffsetDateTime, PersonId, CommitmentId, String)> = Vec::new();
    let mut threads = 0;
    for ama in &script.ama {
        let leader = everyone
            .iter()
            .find(|p| p.name == ama.leader)
            .ok_or_else(|| Error::Unexpected(format!("no {} in the chart", ama.leader).into()))?;
        let lead = Actor::of(leader);
        let unit = *units::list_units_led_by(ctx.db(), leader.id)
            .await?
            .first()
            .ok_or_else(|| Error::Unexpected(format!("{} leads no unit", ama.leader).into()))?;
        let style = STYLES
            .iter()
            .find(|(_, name, _)| *name == ama.leader)
            .map_or(Style::Broadcaster, |s| s.2);
        let space = spaces::list_spaces(ctx, &lead)
            .await?
            .into_iter()
            .find(|s| s.kind == SpaceKind::Org)
            .ok_or_else(|| Error::Unexpected("no org space".into()))?
            .id;
        let audience: Vec<&PersonView> = match ama.askers {
            Askers::Unit => {
                let sub = subtree(&all_units, unit);
                everyone
                    .iter()
                    .filter(|p| p.unit_id.is_some_and(|u| sub.contains(&u)))
                    .collect()
            }
            Askers::Everyone => everyone.iter().collect(),
        };
        let audience: Vec<&PersonView> =
            audience.into_iter().filter(|p| p.id != leader.id).collect();
        if audience.len() < 2 {
            return Err(Error::Unexpected(
                format!("{}'s unit is too small", ama.leader).into(),
            ));
        }
        let mut t = (now - Duration::days(ama.days_ago))
            .replace_time(Time::from_hms(8, 40, 0).unwrap_or(Time::MIDNIGHT));
        let post = posts::create_post(
            &at(ctx, t),
            &lead,
            &PostInput {
                space_id: space,
                kind: "question".to_owned(),
                title: ama.title.clone(),
                body: format!("{}\n\n#{AMA_TOPIC}", ama.body),
                options: Vec::new(),
                important: false,
                ..PostInput::default()
            },
        )
        .await?;
        threads += 1;
        // Questions through the day, each from the next person; upvotes
        // from the people after the asker.
        let mut asked = Vec::new();
        for (i, q) in ama.question.iter().enumerate() {
            t += Duration::minutes(47);
            let asker = Actor::of(audience[(i * 7) % audience.len()]);
            let c = comments::add_comment(&at(ctx, t), &asker, post.id, &q.text, None).await?;
            asked.push(c.id);
            for j in 0..q.upvotes.min(audience.len() - 1) {
                let voter = Actor::of(audience[((i * 7) + 1 + j) % audience.len()]);
                commitments::upvote(
                    &at(ctx, t + Duration::minutes(5 + j as i64)),
                    &voter,
                    c.id,
                    true,
                )
                .await?;
            }
        }
        // Answers: within hours from a facilitator, days later from a
        // broadcaster.
        let delay = match style {
            Style::Facilitator => Duration::hours(3),
            Style::Broadcaster => Duration::days(6),
        };
        t += delay;
        for (q, question) in ama.question.iter().zip(&asked) {
            let Some(answer) = &q.answer else { continue };
            t += Duration::minutes(23);
            let reply =
                comments::add_comment(&at(ctx, t), &lead, post.id, answer, Some(*question)).await?;
            if let Some(c) = &q.commitment {
                let due = t + Duration::days(c.due_after_days);
                let made =
                    commitments::commit_in_comment(&at(ctx, t), &lead, reply.id, due).await?;
                if let Some(note) = &c.kept {
                    let when = (due - Duration::days(2))
                        .max(t + Duration::days(1))
                        .min(now);
                    keeps.push((when, leader.id, made.id, note.clone()));
                }
            }
        }
    }
    let world = World {
        everyone: &everyone,
        units: &all_units,
        now,
    };
    for c in &script.consultation {
        consult(ctx, &world, c).await?;
    }
    plant_feedback(ctx, &world, &script.feedback).await?;
    keeps.sort_by_key(|k| k.0);
    for (when, leader, id, note) in keeps {
        let lead = Actor::of(
            &people::find_person(ctx.db(), leader)
                .await?
                .ok_or(Error::NotFound)?,
        );
        commitments::keep(&at(ctx, when), &lead, id, &note).await?;
    }
    // What is due by now: reminders sent, misses recorded, input closed,
    // batches delivered.
    samspill_services::leadership::tick(ctx).await?;
    tracing::info!(
        threads,
        consultations = script.consultation.len(),
        feedback = script.feedback.len(),
        "demo leadership content planted"
    );
    Ok(())
}

/// What the scripted parts share: the people, the units, now.
struct World<'a> {
    everyone: &'a [PersonView],
    units: &'a [units::UnitView],
    now: OffsetDateTime,
}

impl World<'_> {
    /// A leader by name, with the first unit they lead.
    async fn leader(&self, ctx: &Ctx, name: &str) -> Result<(Actor, UnitId)> {
        let p = self
            .everyone
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| Error::Unexpected(format!("no {name} in the chart").into()))?;
        let unit = *units::list_units_led_by(ctx.db(), p.id)
            .await?
            .first()
            .ok_or_else(|| Error::Unexpected(format!("{name} leads no unit").into()))?;
        Ok((Actor::of(p), unit))
    }

    /// The people of `unit` and its sub-units but `leader`, in e-mail order.
    fn audience(&self, unit: UnitId, leader: PersonId) -> Vec<Actor> {
        let sub = subtree(self.units, unit);
        self.everyone
            .iter()
            .filter(|p| p.id != leader && p.unit_id.is_some_and(|u| sub.contains(&u)))
            .map(Actor::of)
            .collect()
    }

    /// Nine in the morning, `days` days ago.
    fn morning(&self, days: i64) -> OffsetDateTime {
        (self.now - Duration::days(days))
            .replace_time(Time::from_hms(9, 0, 0).unwrap_or(Time::MIDNIGHT))
    }
}

/// One consultation, from its opening to where `c.ends` says it stands.
async fn consult(ctx: &Ctx, w: &World<'_>, c: &ConsultationScript) -> Result<()> {
    use samspill_services::leadership::consultations::{self, ConsultationInput, ideas};
    let (lead, unit) = w.leader(ctx, &c.leader).await?;
    let audience = w.audience(unit, lead.id);
    let opened = w.morning(c.days_ago);
    let closes = opened + Duration::days(c.input_days);
    let due = opened + Duration::days(c.decision_days);
    let rfc = samspill_services::shared::clock::rfc3339;
    let draft = consultations::create_consultation(
        &at(ctx, opened - Duration::hours(1)),
        &lead,
        &ConsultationInput {
            title: c.title.clone(),
            body: c.body.clone(),
            decided: c.decided.clone(),
            open_for_input: c.open_for_input.clone(),
            out_of_scope: c.out_of_scope.clone(),
            decided_by: c.decided_by.clone(),
            decision_rule: c.decision_rule.clone(),
            input_closes_at: rfc(closes),
            decision_due_at: rfc(due),
            audience_unit_ids: vec![unit],
            visible_to: c.visible_to.clone(),
        },
    )
    .await?;
    let id = draft.consultation.id;
    consultations::set_phase(&at(ctx, opened), &lead, id, "open").await?;
    // Ideas over the first days of input, votes and comments after each.
    let mut t = opened + Duration::hours(2);
    let mut planted = Vec::new();
    for (i, idea) in c.idea.iter().enumerate() {
        let by = &audience[(i * 5 + 2) % audience.len()];
        let made = ideas::submit_idea(&at(ctx, t), by, id, &idea.title, &idea.body).await?;
        for j in 0..idea.votes.min(audience.len() - 1) {
            let voter = &audience[(i * 5 + 3 + j) % audience.len()];
            ideas::vote(
                &at(ctx, t + Duration::minutes(10 + j as i64)),
                voter,
                made.id,
                true,
            )
            .await?;
        }
        for (k, text) in idea.comments.iter().enumerate() {
            let by = &audience[(i * 5 + 4 + k * 3) % audience.len()];
            ideas::comment(
                &at(ctx, t + Duration::hours(1 + k as i64)),
                by,
                made.id,
                text,
            )
            .await?;
        }
        planted.push(made.id);
        t += Duration::hours(7);
    }
    if c.ends == Ends::Open {
        return Ok(());
    }
    // After input closes: statuses, then (for a closed one) the decision
    // and the report.
    let mut t = closes + Duration::hours(20);
    for (idea, made) in c.idea.iter().zip(&planted) {
        if let (Some(status), Some(why)) = (&idea.status, &idea.explanation) {
            // An idea is implemented only after it was accepted.
            if status == "implemented" {
                ideas::set_status(&at(ctx, t), &lead, *made, "accepted", why).await?;
                t += Duration::minutes(25);
            }
            ideas::set_status(&at(ctx, t), &lead, *made, status, why).await?;
            t += Duration::minutes(25);
        }
    }
    if c.ends == Ends::Overdue {
        return Ok(());
    }
    let decided = (due - Duration::days(2)).max(t + Duration::hours(1));
    consultations::set_phase(&at(ctx, decided), &lead, id, "decided").await?;
    let outcomes: Vec<(String, String)> = c
        .idea
        .iter()
        .zip(&planted)
        .map(|(i, made)| (made.to_string(), i.outcome.clone().unwrap_or_default()))
        .collect();
    let report = c.report.clone().unwrap_or_default();
    consultations::save_report(
        &at(ctx, decided + Duration::hours(2)),
        &lead,
        id,
        &report,
        &outcomes,
    )
    .await?;
    consultations::set_phase(&at(ctx, decided + Duration::hours(3)), &lead, id, "closed").await?;
    Ok(())
}

/// The feedback script: items written, anonymous ones delivered in
/// batches by the timed run, answers given.
async fn plant_feedback(ctx: &Ctx, w: &World<'_>, script: &[FeedbackScript]) -> Result<()> {
    use samspill_services::leadership::feedback::{self, NewFeedback, Sent};
    // Write everything in time order; the timed run delivers after each.
    let mut order: Vec<&FeedbackScript> = script.iter().collect();
    order.sort_by_key(|f| std::cmp::Reverse(f.days_ago));
    let mut answers = Vec::new();
    for (n, f) in order.iter().enumerate() {
        let (lead, unit) = w.leader(ctx, &f.to).await?;
        let audience = w.audience(unit, lead.id);
        let writer = &audience[f.writer % audience.len()];
        let written = w.morning(f.days_ago) + Duration::minutes(37 * n as i64);
        let sent = feedback::send(
            &at(ctx, written),
            writer,
            &NewFeedback {
                to_person_id: Some(lead.id),
                to_unit_id: None,
                category: f.category.clone(),
                body: f.body.clone(),
                anonymous: f.anonymous,
            },
        )
        .await?;
        feedback::tick(&at(ctx, written + Duration::hours(2))).await?;
        if let Some(a) = &f.answer {
            answers.push((written + Duration::hours(a.after_hours), lead, sent, f, a));
        }
    }
    answers.sort_by_key(|a| a.0);
    for (when, lead, sent, f, a) in answers {
        // Anonymous items are answered once delivered; the leader finds
        // them in the inbox like any other.
        let item = match sent {
            Sent::Attributed(id) => id,
            Sent::Anonymous { .. } => {
                feedback::inbox(&at(ctx, when), &lead)
                    .await?
                    .into_iter()
                    .find(|i| i.body == f.body)
                    .ok_or_else(|| {
                        Error::Unexpected("anonymous feedback not delivered in time".into())
                    })?
                    .id
            }
        };
        feedback::respond(&at(ctx, when), &lead, item, &a.body, &a.status).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_parses_and_names_leaders_of_the_chart() {
        let s = script().unwrap();
        assert!(s.ama.len() >= 2);
        for a in &s.ama {
            assert!(
                STYLES.iter().any(|(_, name, _)| *name == a.leader),
                "{} is not a leader in STYLES",
                a.leader
            );
            assert!(!a.question.is_empty());
            for q in &a.question {
                assert!(
                    q.commitment.is_none() || q.answer.is_some(),
                    "a commitment needs an answer"
                );
            }
        }
    }
}
