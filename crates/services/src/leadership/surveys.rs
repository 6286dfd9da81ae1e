//! Pulse surveys: a leader (or administrator) asks units a few questions
//! (scale 1–5, eNPS 0–10, free text) between an opening and a closing time;
//! each person of the audience answers once; once closed, the owner reads
//! results per unit, every figure released through one
//! `samspill_domain::suppression::release` call.
//!
//! Authorization, in one place each:
//! - reading a survey: the store's predicate (`store::leadership::surveys`):
//!   its owner; once not a draft, administrators and its audience; anyone
//!   else gets `NotFound`;
//! - answering: [`answer`], inside the write transaction under the survey's
//!   lock: in the audience (else `Forbidden`), open (else `Conflict`
//!   `not_open`), not yet answered (else `Conflict` `already_answered`);
//! - phases: the owner ([`set_phase`]); the tick opens and closes by date;
//! - results: the owner and administrators, once closed ([`results`]).
//!   Leaders of audience units do not read them unless they asked: a survey
//!   belongs to whoever asked it, and each extra reader is one more person
//!   who sees small differences between releases.
//!
//! Privacy: answering writes a participation row (who) and a response row
//! (what: the unit at answer time and the answers, no person, no time, a
//! random id) and rewrites the survey's responses in random order. No event,
//! notification or log line names the respondent; the use case's span holds
//! the survey only.

use std::collections::{HashMap, HashSet};

use rand::seq::SliceRandom;
use samspill_domain::suppression::{self, Cell, Group};
use samspill_domain::surveys::{
    self as domain, Answer, Question, QuestionKind, RawAnswer, SurveyId, SurveyPhase, Tally,
};
use samspill_domain::text::free_text;
use samspill_domain::{EventId, PersonId, UnitId, ValidationError};
use samspill_store::events::{self, Event};
use samspill_store::leadership::surveys::{self as store, Locked, NewResponse, NewSurvey};
use serde_json::json;
use time::OffsetDateTime;

use crate::leadership::consultations;
use crate::shared::events::event;
use crate::shared::notify::{notify, notify_all, subject_notification};
use crate::shared::page::{self, Page};
use crate::{Actor, Ctx, Error, Result};
pub use samspill_store::leadership::surveys::{SurveyGroup, SurveyView};

/// A survey to create, as the front doors receive it.
#[derive(Debug, Clone, Default)]
pub struct SurveyInput {
    /// 1–200 characters.
    pub title: String,
    /// `(kind, text)` per question, in order.
    pub questions: Vec<(String, String)>,
    /// The audience units (with everything below them).
    pub audience_unit_ids: Vec<UnitId>,
    /// RFC 3339; empty: now.
    pub opens_at: String,
    /// RFC 3339, after `opens_at` and in the future.
    pub closes_at: String,
    /// k; `None`: the default (5).
    pub min_group_size: Option<i64>,
}

/// A survey with what its page shows.
#[derive(Debug, Clone)]
pub struct SurveyDetail {
    /// The survey (its `phase` is the stored one).
    pub survey: SurveyView,
    /// The phase that applies now.
    pub phase: SurveyPhase,
    /// The questions, in order.
    pub questions: Vec<Question>,
    /// The audience units, `(id, path)`.
    pub audience: Vec<(UnitId, String)>,
    /// The reader asked it (moves its phase, reads its results).
    pub is_owner: bool,
    /// The reader may answer now.
    pub can_answer: bool,
    /// The reader may read its results now.
    pub can_see_results: bool,
}

/// A survey in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveySummary {
    /// The survey (its `phase` is the stored one).
    pub survey: SurveyView,
    /// The phase that applies now.
    pub phase: SurveyPhase,
    /// The reader asked it.
    pub is_owner: bool,
    /// The reader may answer now.
    pub can_answer: bool,
}

fn summary(actor: &Actor, s: SurveyView, now: OffsetDateTime) -> SurveySummary {
    let phase = s.phase.effective(s.closes_at, now);
    SurveySummary {
        is_owner: s.owner_id == actor.id,
        can_answer: phase.takes_answers() && s.in_audience && !s.answered,
        phase,
        survey: s,
    }
}

fn conflict(code: &'static str, message: &str) -> Error {
    Error::Conflict {
        code,
        message: message.to_owned(),
    }
}

fn invalid(field: &'static str, code: &'static str, message: &str) -> Error {
    ValidationError::new(field, code, message).into()
}

/// Text of `field`: no control characters, trimmed, `1..=max` characters.
fn text(field: &'static str, raw: &str, max: usize) -> Result<String> {
    let s = free_text(field, raw)?;
    let s = s.trim();
    if s.is_empty() {
        return Err(invalid(field, "required", "this field is required"));
    }
    if s.chars().count() > max {
        return Err(invalid(
            field,
            "too_long",
            &format!("at most {max} characters"),
        ));
    }
    Ok(s.to_owned())
}

fn timestamp(field: &'static str, raw: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(raw.trim(), &time::format_description::well_known::Rfc3339)
        .map(|t| t.to_offset(time::UtcOffset::UTC))
        .map_err(|_| invalid(field, "invalid", "a date and time in RFC 3339 form"))
}

/// What a checked input holds.
struct Checked {
    title: String,
    questions: Vec<Question>,
    opens: OffsetDateTime,
    closes: OffsetDateTime,
    k: u64,
}

/// Gathers field errors: `Some` for a value, `None` (the errors kept) for
/// invalid input; any other error is returned at once.
struct Errors(Vec<ValidationError>);

impl Errors {
    fn keep<T>(&mut self, r: Result<T>) -> Result<Option<T>> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(Error::Invalid(e)) => {
                self.0.extend(e);
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }
}

fn check_input(input: &SurveyInput, now: OffsetDateTime) -> Result<Checked> {
    let mut errors = Errors(Vec::new());
    let title = errors.keep(text("title", &input.title, 200))?;
    let n = input.questions.len();
    if !(domain::MIN_QUESTIONS..=domain::MAX_QUESTIONS).contains(&n) {
        errors.keep::<()>(Err(invalid("questions", "count", "from 1 to 30 questions")))?;
    }
    let mut questions = Vec::new();
    for (kind, q) in &input.questions {
        let kind = errors.keep(QuestionKind::parse(kind).map_err(|_| {
            invalid(
                "questions",
                "invalid_kind",
                "each question is scale, enps or text",
            )
        }))?;
        let text = errors.keep(text("questions", q, 300))?;
        if let (Some(kind), Some(text)) = (kind, text) {
            questions.push(Question { kind, text });
        }
    }
    if input.audience_unit_ids.is_empty() {
        errors.keep::<()>(Err(invalid(
            "audience_unit_ids",
            "required",
            "address at least one unit",
        )))?;
    }
    let k = errors.keep(domain::check_min_group_size(input.min_group_size).map_err(Error::from))?;
    let opens = if input.opens_at.trim().is_empty() {
        Some(now)
    } else {
        errors.keep(timestamp("opens_at", &input.opens_at))?
    };
    let closes = errors.keep(timestamp("closes_at", &input.closes_at))?;
    if let Some(c) = closes {
        if c <= now {
            errors.keep::<()>(Err(invalid(
                "closes_at",
                "not_in_future",
                "the survey must close in the future",
            )))?;
        } else if opens.is_some_and(|o| c <= o) {
            errors.keep::<()>(Err(invalid(
                "closes_at",
                "before_opens",
                "the survey must close after it opens",
            )))?;
        }
    }
    match (title, k, opens, closes) {
        (Some(title), Some(k), Some(opens), Some(closes)) if errors.0.is_empty() => Ok(Checked {
            title,
            questions,
            opens,
            closes,
            k,
        }),
        _ => Err(Error::Invalid(errors.0)),
    }
}

/// Whether the actor may start surveys: a leader of a unit, or an
/// administrator.
///
/// # Errors
/// Storage failures.
pub async fn can_create(ctx: &Ctx, actor: &Actor) -> Result<bool> {
    consultations::can_create(ctx, actor).await
}

/// The units the actor may address (as for consultations): every unit for
/// an administrator, else those in the subtrees they lead.
///
/// # Errors
/// Storage failures.
pub async fn addressable_units(ctx: &Ctx, actor: &Actor) -> Result<Vec<(UnitId, String)>> {
    consultations::addressable_units(ctx, actor).await
}

/// Creates a survey as a draft: it opens at its opening time (the tick) or
/// when its owner opens it.
///
/// # Errors
/// `Forbidden` for someone who leads no unit (and is no administrator);
/// `Invalid` for a missing or over-long title or question, an unknown kind,
/// no or too many questions, a minimum group size under 3, dates in the
/// past or out of order, or audience units outside what the actor leads.
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn create_survey(ctx: &Ctx, actor: &Actor, input: &SurveyInput) -> Result<SurveyDetail> {
    if !can_create(ctx, actor).await? {
        return Err(Error::Forbidden);
    }
    let now = ctx.now();
    let c = check_input(input, now)?;
    let mut audience = input.audience_unit_ids.clone();
    audience.sort();
    audience.dedup();
    let allowed: HashSet<UnitId> = addressable_units(ctx, actor)
        .await?
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    if audience.iter().any(|u| !allowed.contains(u)) {
        return Err(invalid(
            "audience_unit_ids",
            "outside_scope",
            "address units you lead (or units below them)",
        ));
    }
    let id = SurveyId::new();
    let mut tx = ctx.db.begin().await?;
    store::insert_survey(
        &mut tx,
        &NewSurvey {
            id,
            owner_id: actor.id,
            title: c.title,
            min_group_size: c.k,
            opens_at: c.opens,
            closes_at: c.closes,
            questions: c.questions,
            audience: audience.clone(),
            created_at: now,
        },
    )
    .await?;
    let units: Vec<String> = audience.iter().map(ToString::to_string).collect();
    events::append_event(
        &mut tx,
        &event(
            actor,
            "survey.created",
            id.as_uuid(),
            json!({"audience_unit_ids": units, "min_group_size": c.k}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    get_survey(ctx, actor, id).await
}

/// A survey the actor may read.
///
/// # Errors
/// `NotFound` when unknown or not readable by the actor.
pub async fn get_survey(ctx: &Ctx, actor: &Actor, id: SurveyId) -> Result<SurveyDetail> {
    let s = store::find_survey(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    let now = ctx.now();
    let phase = s.phase.effective(s.closes_at, now);
    let is_owner = s.owner_id == actor.id;
    Ok(SurveyDetail {
        questions: store::list_questions(&ctx.db, id).await?,
        audience: store::list_audience_units(&ctx.db, id).await?,
        can_answer: phase.takes_answers() && s.in_audience && !s.answered,
        can_see_results: phase.has_results() && (is_owner || actor.is_admin),
        is_owner,
        phase,
        survey: s,
    })
}

/// The surveys the actor may read (those they asked, and once open those
/// addressed to them; administrators all that are not drafts), newest
/// first.
///
/// # Errors
/// `Invalid` for a bad cursor or limit.
pub async fn list_surveys(
    ctx: &Ctx,
    actor: &Actor,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<SurveySummary>> {
    let limit = page::limit(limit)?;
    let after = cursor
        .map(page::decode::<store::SurveyCursor>)
        .transpose()?;
    let rows = store::list_surveys(&ctx.db, &actor.viewer(), after.as_ref(), limit + 1).await?;
    let p = page::split(rows, limit, |s| page::encode(&(s.created_at, s.id)));
    let now = ctx.now();
    Ok(Page {
        items: p
            .items
            .into_iter()
            .map(|s| summary(actor, s, now))
            .collect(),
        next_cursor: p.next_cursor,
    })
}

/// The open surveys the actor has yet to answer (the home page's banner).
///
/// # Errors
/// Storage failures.
pub async fn to_answer(ctx: &Ctx, actor: &Actor) -> Result<Vec<SurveySummary>> {
    let now = ctx.now();
    Ok(store::list_to_answer(&ctx.db, &actor.viewer(), now)
        .await?
        .into_iter()
        .map(|s| summary(actor, s, now))
        .collect())
}

async fn lock(tx: &mut samspill_store::Tx, id: SurveyId) -> Result<Locked> {
    store::lock_survey(tx, id).await?.ok_or(Error::NotFound)
}

/// Moves a survey to the next phase by hand (its owner): opening tells the
/// audience (`survey` notifications); closing freezes the groups of its
/// results.
///
/// # Errors
/// `NotFound`; `Forbidden` for anyone but the owner; `Invalid` for an
/// unknown phase; `Conflict` for a move that is not one step forward
/// (`phase_backwards`, `phase_skipped`, `phase_unchanged`) or opening after
/// the closing time (`closing_time_passed`).
#[tracing::instrument(skip_all, fields(person.id = %actor.id, survey.id = %id))]
pub async fn set_phase(ctx: &Ctx, actor: &Actor, id: SurveyId, to: &str) -> Result<SurveyDetail> {
    let to = SurveyPhase::parse(to)?;
    store::find_survey(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let locked = lock(&mut tx, id).await?;
    if locked.owner_id != actor.id {
        return Err(Error::Forbidden);
    }
    let from = locked.phase.effective(locked.closes_at, now);
    from.check_move(to)
        .map_err(|r| conflict(r.code, r.message))?;
    let mut live = Vec::new();
    match to {
        SurveyPhase::Open => {
            if locked.closes_at <= now {
                return Err(conflict(
                    "closing_time_passed",
                    "the survey would already be closed; its closing time has passed",
                ));
            }
            store::open_now(&mut tx, id, now).await?;
            let list = store::list_audience_people(&mut tx, id)
                .await?
                .into_iter()
                .map(|p| {
                    subject_notification(
                        p,
                        "survey",
                        Some(actor.id),
                        id.as_uuid(),
                        Some(&locked.title),
                        now,
                    )
                })
                .collect();
            live = notify(&mut tx, list, actor).await?;
        }
        SurveyPhase::Closed => {
            store::close_now(&mut tx, id, now).await?;
            store::freeze_groups(&mut tx, id).await?;
        }
        SurveyPhase::Draft => {}
    }
    events::append_event(
        &mut tx,
        &event(
            actor,
            "survey.phase_changed",
            id.as_uuid(),
            json!({"from": from.as_str(), "to": to.as_str(), "by": "owner"}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    for e in live {
        ctx.bus.publish(e);
    }
    get_survey(ctx, actor, id).await
}

/// Answers a survey, once. What is stored: that the actor answered, and
/// apart from that the answers with the actor's unit (see the module doc).
///
/// # Errors
/// `NotFound` when the actor may not read it; `Invalid` for answers that do
/// not fit the questions (fields `answers` or `answers[i]`); `Forbidden`
/// outside the audience; `Conflict` `not_open` or `already_answered`.
// The span names the survey only: never the respondent.
#[tracing::instrument(skip_all, fields(survey.id = %id))]
pub async fn answer(ctx: &Ctx, actor: &Actor, id: SurveyId, answers: &[RawAnswer]) -> Result<()> {
    store::find_survey(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    let questions = store::list_questions(&ctx.db, id).await?;
    let mut cleaned = Vec::with_capacity(answers.len());
    let mut errors = Vec::new();
    for (i, a) in answers.iter().enumerate() {
        match a {
            RawAnswer::Text(t) => match free_text(domain::answer_field(i), t) {
                Ok(t) => cleaned.push(RawAnswer::Text(t)),
                Err(e) => errors.push(e),
            },
            other => cleaned.push(other.clone()),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let checked = domain::check_answers(&questions, &cleaned).map_err(Error::Invalid)?;
    let encoded = serde_json::to_string(&checked).map_err(|e| Error::Unexpected(Box::new(e)))?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let locked = lock(&mut tx, id).await?;
    let in_audience = store::is_in_audience_tx(&mut tx, id, actor.unit_id).await?;
    let Some(unit) = actor.unit_id.filter(|_| in_audience) else {
        return Err(Error::Forbidden);
    };
    if !locked
        .phase
        .effective(locked.closes_at, now)
        .takes_answers()
    {
        return Err(conflict("not_open", "the survey is not open for answers"));
    }
    if store::has_answered_tx(&mut tx, id, actor.id).await? {
        return Err(conflict(
            "already_answered",
            "you have already answered this survey",
        ));
    }
    let response = NewResponse {
        id: uuid::Uuid::new_v4(),
        unit_id: unit,
        answers: encoded,
    };
    store::insert_response(&mut tx, id, actor.id, response, &mut |rows| {
        rows.shuffle(&mut rand::rng());
    })
    .await
    .map_err(|e| match Error::from(e) {
        Error::Conflict { .. } => {
            conflict("already_answered", "you have already answered this survey")
        }
        other => other,
    })?;
    tx.commit().await?;
    tracing::info!("survey answered");
    Ok(())
}

/// The figures of one numeric question in one group.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionFigures {
    /// The question's kind.
    pub kind: QuestionKind,
    /// Per score, lowest first (empty for text).
    pub distribution: Vec<u64>,
    /// The mean score.
    pub mean: Option<f64>,
    /// eNPS questions: −100..100.
    pub enps: Option<i64>,
    /// eNPS questions: promoters, passives, detractors.
    pub enps_groups: Option<(u64, u64, u64)>,
}

/// What a group (or the total) shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Figures {
    /// At least k answered and nothing smaller can be computed from it.
    Shown {
        /// Audience people in the group's subtree.
        population: u64,
        /// Of those, how many answered.
        responses: u64,
        /// Per question, in order.
        questions: Vec<QuestionFigures>,
    },
    /// Hidden: too few answered, or it would give a small group away.
    Suppressed,
}

/// One unit's line of the results.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitResult {
    /// The group.
    pub group: SurveyGroup,
    /// How deep it sits under the view's roots (0 for a root).
    pub depth: usize,
    /// Its figures over its subtree.
    pub figures: Figures,
}

/// The comments of one text question: shown over the whole survey only,
/// only when at least k wrote one, in random order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comments {
    /// The question's position.
    pub position: usize,
    /// The texts (empty when suppressed).
    pub texts: Vec<String>,
    /// Fewer than k wrote one, or the total is suppressed.
    pub suppressed: bool,
}

/// A closed survey's results.
#[derive(Debug, Clone)]
pub struct SurveyResults {
    /// The survey.
    pub survey: SurveyView,
    /// The questions, in order.
    pub questions: Vec<Question>,
    /// The whole view.
    pub total: Figures,
    /// Each unit, in path order.
    pub units: Vec<UnitResult>,
    /// Each text question's comments.
    pub comments: Vec<Comments>,
}

fn decode_answers(raw: &str) -> Result<Vec<Answer>> {
    serde_json::from_str(raw).map_err(|e| Error::Unexpected(Box::new(e)))
}

/// Figures over `responses` (those of a shown cell).
fn figures(
    questions: &[Question],
    responses: &[&Vec<Answer>],
    population: u64,
    count: u64,
) -> Figures {
    let questions = questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mut t = Tally::new(q.kind);
            for r in responses {
                if let Some(Answer::Score(s)) = r.get(i) {
                    t.add(*s);
                }
            }
            QuestionFigures {
                kind: q.kind,
                mean: t.mean(),
                enps: t.enps(),
                enps_groups: t.enps_groups(),
                distribution: t.counts,
            }
        })
        .collect();
    Figures::Shown {
        population,
        responses: count,
        questions,
    }
}

/// Reads a closed survey's results: per unit of the frozen view (the
/// audience's units and their sub-units) and in total, each group's figures
/// over its subtree, or suppressed, as ONE `suppression::release` over all
/// the groups at the survey's k decides; free-text comments over the whole
/// survey only, when at least k wrote one, shuffled. An open survey past
/// its closing time is closed first.
///
/// # Errors
/// `NotFound` when the actor may not read it; `Forbidden` for anyone but
/// the owner and administrators; `Conflict` `not_closed` before it closes.
#[tracing::instrument(skip_all, fields(survey.id = %id))]
pub async fn results(ctx: &Ctx, actor: &Actor, id: SurveyId) -> Result<SurveyResults> {
    let mut s = store::find_survey(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    if s.owner_id != actor.id && !actor.is_admin {
        return Err(Error::Forbidden);
    }
    let now = ctx.now();
    if !s.phase.effective(s.closes_at, now).has_results() {
        return Err(conflict(
            "not_closed",
            "results are read once the survey has closed",
        ));
    }
    if s.phase != SurveyPhase::Closed {
        close_due(ctx, id, now).await?;
        s.phase = SurveyPhase::Closed;
    }
    let questions = store::list_questions(&ctx.db, id).await?;
    let groups = store::list_groups(&ctx.db, id).await?;
    let stored = store::list_responses(&ctx.db, id).await?;
    let mut responses: Vec<(UnitId, Vec<Answer>)> = Vec::with_capacity(stored.len());
    for (unit, raw) in stored {
        responses.push((unit, decode_answers(&raw)?));
    }
    let mut direct: HashMap<UnitId, u64> = HashMap::new();
    for (unit, _) in &responses {
        *direct.entry(*unit).or_default() += 1;
    }
    let input: Vec<Group<UnitId>> = groups
        .iter()
        .map(|g| Group {
            key: g.unit_id,
            parent: g.parent_id,
            population: g.population,
            count: direct.get(&g.unit_id).copied().unwrap_or(0),
        })
        .collect();
    let k = s.min_group_size;
    let released = suppression::release(&input, k);
    // Each group's subtree, to gather the responses of a shown cell.
    let parent: HashMap<UnitId, Option<UnitId>> =
        groups.iter().map(|g| (g.unit_id, g.parent_id)).collect();
    let ancestors = |mut u: UnitId| {
        let mut out = vec![u];
        while let Some(Some(p)) = parent.get(&u) {
            if out.contains(p) {
                break;
            }
            out.push(*p);
            u = *p;
        }
        out
    };
    let under: HashMap<UnitId, Vec<UnitId>> = groups
        .iter()
        .map(|g| (g.unit_id, ancestors(g.unit_id)))
        .collect();
    let cell_figures = |cell: Cell, root: Option<UnitId>| match cell {
        Cell::Suppressed => Figures::Suppressed,
        Cell::Shown { population, count } => {
            let rows: Vec<&Vec<Answer>> = responses
                .iter()
                .filter(|(u, _)| root.is_none_or(|r| under.get(u).is_some_and(|a| a.contains(&r))))
                .map(|(_, a)| a)
                .collect();
            figures(&questions, &rows, population, count)
        }
    };
    let total = cell_figures(released.total, None);
    let units = groups
        .iter()
        .zip(&released.groups)
        .map(|(g, (_, cell))| UnitResult {
            depth: under.get(&g.unit_id).map_or(0, |a| a.len() - 1),
            figures: cell_figures(*cell, Some(g.unit_id)),
            group: g.clone(),
        })
        .collect();
    let comments = questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind == QuestionKind::Text)
        .map(|(i, _)| {
            let mut texts: Vec<String> = responses
                .iter()
                .filter_map(|(_, a)| match a.get(i) {
                    Some(Answer::Text(t)) => Some(t.clone()),
                    _ => None,
                })
                .collect();
            let shown = released.total.is_shown() && u64::try_from(texts.len()).unwrap_or(0) >= k;
            if shown {
                texts.shuffle(&mut rand::rng());
            } else {
                texts.clear();
            }
            Comments {
                position: i,
                texts,
                suppressed: !shown,
            }
        })
        .collect();
    Ok(SurveyResults {
        survey: s,
        questions,
        total,
        units,
        comments,
    })
}

/// Closes a survey whose closing time has passed, once over every caller:
/// the stored phase, the frozen groups, the owner told (`survey_closed`),
/// an event. Returns the live event to publish when this call closed it.
async fn close_due(ctx: &Ctx, id: SurveyId, now: OffsetDateTime) -> Result<()> {
    let mut tx = ctx.db.begin().await?;
    let Some((owner, title)) = store::close_if_due(&mut tx, id, now).await? else {
        return Ok(());
    };
    store::freeze_groups(&mut tx, id).await?;
    let n = subject_notification(
        owner,
        "survey_closed",
        None,
        id.as_uuid(),
        Some(&title),
        now,
    );
    let live = notify_all(&mut tx, vec![n]).await?;
    events::append_event(&mut tx, &timed_event(id, "closed", now)).await?;
    tx.commit().await?;
    for e in live {
        ctx.bus.publish(e);
    }
    Ok(())
}

fn timed_event(id: SurveyId, to: &str, now: OffsetDateTime) -> Event {
    let from = if to == "open" { "draft" } else { "open" };
    Event {
        id: EventId::new(),
        occurred_at: now,
        kind: "survey.phase_changed".into(),
        actor_id: None,
        subject_id: Some(id.as_uuid()),
        unit_id: None,
        payload: json!({"from": from, "to": to, "by": "time"}),
    }
}

/// Time-driven work: drafts open at their opening time (the audience is
/// told, unless the survey has already closed again), and open surveys
/// close at their closing time (the owner is told). Each survey in its own
/// transaction, by a conditional update only one of two concurrent ticks
/// can win.
///
/// # Errors
/// When the database fails.
pub async fn tick(ctx: &Ctx) -> Result<()> {
    let now = ctx.now();
    for id in store::list_due_to_open(&ctx.db, now).await? {
        let mut tx = ctx.db.begin().await?;
        let Some((_, title, closes_at)) = store::open_if_due(&mut tx, id, now).await? else {
            continue;
        };
        let mut live = Vec::new();
        if closes_at > now {
            let list: Vec<_> = store::list_audience_people(&mut tx, id)
                .await?
                .into_iter()
                .map(|p: PersonId| {
                    subject_notification(p, "survey", None, id.as_uuid(), Some(&title), now)
                })
                .collect();
            live = notify_all(&mut tx, list).await?;
        }
        events::append_event(&mut tx, &timed_event(id, "open", now)).await?;
        tx.commit().await?;
        for e in live {
            ctx.bus.publish(e);
        }
    }
    for id in store::list_due_to_close(&ctx.db, now).await? {
        close_due(ctx, id, now).await?;
    }
    Ok(())
}
