//! The leadership toolkit in the demo, planted after the simulated months
//! of social activity: Ask-me-anything threads with questions, upvotes and
//! answers, and the commitments leaders made in those answers, kept, open
//! and missed. Scripted rather than simulated: what is said, by which
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
    keeps.sort_by_key(|k| k.0);
    for (when, leader, id, note) in keeps {
        let lead = Actor::of(
            &people::find_person(ctx.db(), leader)
                .await?
                .ok_or(Error::NotFound)?,
        );
        commitments::keep(&at(ctx, when), &lead, id, &note).await?;
    }
    // What is due by now: reminders sent, misses recorded.
    commitments::tick(ctx).await?;
    tracing::info!(threads, "demo leadership content planted");
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
