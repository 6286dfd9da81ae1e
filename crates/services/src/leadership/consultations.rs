//! Consultations with an involvement scope: a leader asks their units for
//! input on a question, with what is decided, what is open, what is out of
//! scope, who decides and how, and when input closes and a decision comes.
//! The audience submits ideas, votes and comments while it is open; the
//! leader gives every idea a status and closes it with a "you said, we
//! did" report. Ideas, votes, comments and statuses are in [`ideas`].
//!
//! Authorization, in one place each:
//! - reading: the store's predicate (`store::leadership::consultations`),
//!   used by every read, lists included; what a person may not read is
//!   `NotFound`, like what does not exist;
//! - taking part: [`check_taking_part`], inside the write transaction;
//! - leading (phases, statuses, the report): [`check_leader`], the author.
//!
//! The phase that applies is `Phase::effective`: an open consultation past
//! its closing time behaves as reviewing everywhere, and [`tick`] stores
//! that and tells the leader.

pub mod ideas;

use samspill_domain::consultations::{self as domain, ConsultationId, Phase, VisibleTo};
use samspill_domain::text::free_text;
use samspill_domain::{EventId, PersonId, UnitId, ValidationError};
use samspill_store::Tx;
use samspill_store::events::{self, Event};
use samspill_store::leadership::consultations::{
    self as store, ListFilter, Lock, Locked, NewConsultation,
};
use samspill_store::org::units;
use samspill_store::social::notifications as store_notifications;
use serde_json::json;
use time::OffsetDateTime;

use crate::shared::events::event;
use crate::shared::live::LiveEvent;
use crate::shared::notify::{notify, subject_notification};
use crate::shared::page::{self, Page};
use crate::shared::text::render;
use crate::{Actor, Ctx, Error, Result};
pub use samspill_store::leadership::consultations::ConsultationView;
pub use samspill_store::leadership::consultations::ideas::{IdeaCommentView, IdeaView};

/// A consultation to write, as the front doors receive it.
#[derive(Debug, Clone, Default)]
pub struct ConsultationInput {
    /// 1–200 characters.
    pub title: String,
    /// Markdown, up to 20 000 characters.
    pub body: String,
    /// What is already decided.
    pub decided: String,
    /// What is open for input.
    pub open_for_input: String,
    /// What is out of scope.
    pub out_of_scope: String,
    /// Who decides.
    pub decided_by: String,
    /// How the decision is made.
    pub decision_rule: String,
    /// RFC 3339.
    pub input_closes_at: String,
    /// RFC 3339.
    pub decision_due_at: String,
    /// The audience units (with everything below them).
    pub audience_unit_ids: Vec<UnitId>,
    /// `audience` or `everyone`.
    pub visible_to: String,
}

/// A consultation in a list or on a leader's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationSummary {
    /// Id.
    pub id: ConsultationId,
    /// Title.
    pub title: String,
    /// The leader.
    pub author_id: PersonId,
    /// Their handle.
    pub author_handle: String,
    /// Their name.
    pub author_name: String,
    /// The phase that applies now.
    pub phase: Phase,
    /// When input closes.
    pub input_closes_at: OffsetDateTime,
    /// When a decision is promised.
    pub decision_due_at: OffsetDateTime,
    /// No decision yet and the promised date has passed.
    pub overdue: bool,
    /// Ideas submitted.
    pub idea_count: i64,
    /// Created.
    pub created_at: OffsetDateTime,
}

/// A consultation with everything its page shows.
#[derive(Debug, Clone)]
pub struct ConsultationDetail {
    /// The consultation (its `phase` is the stored one).
    pub consultation: ConsultationView,
    /// The phase that applies now.
    pub phase: Phase,
    /// No decision yet and the promised date has passed.
    pub overdue: bool,
    /// The audience units, `(id, path)`.
    pub audience: Vec<(UnitId, String)>,
    /// Ideas, most votes first.
    pub ideas: Vec<IdeaView>,
    /// Comments on the ideas, oldest first.
    pub comments: Vec<IdeaCommentView>,
    /// The reader is the leader (sets phases and statuses, writes the report).
    pub is_leader: bool,
    /// The reader is in the audience.
    pub in_audience: bool,
    /// The reader may submit ideas, vote and comment now.
    pub can_take_part: bool,
}

fn summary(c: ConsultationView, now: OffsetDateTime) -> ConsultationSummary {
    let phase = c.phase.effective(c.input_closes_at, now);
    ConsultationSummary {
        id: c.id,
        overdue: domain::is_overdue(phase, c.decision_due_at, now),
        title: c.title,
        author_id: c.author_id,
        author_handle: c.author_handle,
        author_name: c.author_name,
        phase,
        input_closes_at: c.input_closes_at,
        decision_due_at: c.decision_due_at,
        idea_count: c.idea_count,
        created_at: c.created_at,
    }
}

fn conflict(r: domain::Refusal) -> Error {
    Error::Conflict {
        code: r.code,
        message: r.message.to_owned(),
    }
}

/// Text of `field`: no control characters, trimmed, `min..=max` characters.
fn text(field: &'static str, raw: &str, min: usize, max: usize) -> Result<String> {
    let s = free_text(field, raw)?;
    let s = s.trim();
    let n = s.chars().count();
    if n < min {
        return Err(ValidationError::new(field, "required", "this field is required").into());
    }
    if n > max {
        return Err(
            ValidationError::new(field, "too_long", format!("at most {max} characters")).into(),
        );
    }
    Ok(s.to_owned())
}

fn timestamp(field: &'static str, raw: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(raw.trim(), &time::format_description::well_known::Rfc3339)
        .map(|t| t.to_offset(time::UtcOffset::UTC))
        .map_err(|_| {
            ValidationError::new(field, "invalid", "a date and time in RFC 3339 form").into()
        })
}

/// Collects every field error of `results` (so a form shows them all).
fn collect<const N: usize>(results: [Result<String>; N]) -> Result<[String; N]> {
    let mut errors = Vec::new();
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    for (slot, r) in out.iter_mut().zip(results) {
        match r {
            Ok(s) => *slot = s,
            Err(Error::Invalid(e)) => errors.extend(e),
            Err(other) => return Err(other),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::Invalid(errors))
    }
}

/// The validated parts of an input: texts, visibility, dates.
struct Checked {
    texts: [String; 7],
    visible_to: VisibleTo,
    closes: OffsetDateTime,
    due: OffsetDateTime,
}

fn check_input(input: &ConsultationInput, now: OffsetDateTime) -> Result<Checked> {
    let (texts, mut errors) = match collect([
        text("title", &input.title, 1, 200),
        text("body", &input.body, 1, 20_000),
        text("decided", &input.decided, 1, 4000),
        text("open_for_input", &input.open_for_input, 1, 4000),
        text("out_of_scope", &input.out_of_scope, 1, 4000),
        text("decided_by", &input.decided_by, 1, 200),
        text("decision_rule", &input.decision_rule, 1, 1000),
    ]) {
        Ok(t) => (Some(t), Vec::new()),
        Err(Error::Invalid(e)) => (None, e),
        Err(other) => return Err(other),
    };
    let mut push = |r: Result<()>| {
        if let Err(Error::Invalid(e)) = r {
            errors.extend(e);
        }
    };
    let visible_to = VisibleTo::parse(&input.visible_to);
    push(visible_to.clone().map(|_| ()).map_err(Into::into));
    let closes = timestamp("input_closes_at", &input.input_closes_at);
    let due = timestamp("decision_due_at", &input.decision_due_at);
    match &closes {
        Ok(c) if *c <= now => push(Err(ValidationError::new(
            "input_closes_at",
            "not_in_future",
            "input must close in the future",
        )
        .into())),
        Err(Error::Invalid(e)) => push(Err(Error::Invalid(e.clone()))),
        _ => {}
    }
    match (&closes, &due) {
        (Ok(c), Ok(d)) if d < c => push(Err(ValidationError::new(
            "decision_due_at",
            "before_input_closes",
            "the decision cannot come before input closes",
        )
        .into())),
        (_, Err(Error::Invalid(e))) => push(Err(Error::Invalid(e.clone()))),
        _ => {}
    }
    if input.audience_unit_ids.is_empty() {
        push(Err(ValidationError::new(
            "audience_unit_ids",
            "required",
            "address at least one unit",
        )
        .into()));
    }
    let Some(texts) = texts.filter(|_| errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    Ok(Checked {
        texts,
        visible_to: visible_to?,
        closes: closes?,
        due: due?,
    })
}

/// Whether the actor may start consultations: a leader of a unit, or an
/// administrator (the UI shows its button by this).
///
/// # Errors
/// Storage failures.
pub async fn can_create(ctx: &Ctx, actor: &Actor) -> Result<bool> {
    Ok(actor.is_admin
        || !units::list_units_led_by(&ctx.db, actor.id)
            .await?
            .is_empty())
}

/// The units the actor may address, `(id, path)` in path order: every unit
/// for an administrator, else those in the subtrees they lead.
///
/// # Errors
/// Storage failures.
pub async fn addressable_units(ctx: &Ctx, actor: &Actor) -> Result<Vec<(UnitId, String)>> {
    let all = units::list_units(&ctx.db).await?;
    let mut scope = Vec::new();
    if !actor.is_admin {
        for unit in units::list_units_led_by(&ctx.db, actor.id).await? {
            scope.extend(units::list_subtree_ids(&ctx.db, unit).await?);
        }
    }
    Ok(all
        .into_iter()
        .filter(|u| actor.is_admin || scope.contains(&u.id))
        .map(|u| (u.id, u.path))
        .collect())
}

/// Checks that the actor may address `audience`: any unit for an
/// administrator, else units inside the subtrees they lead.
async fn check_audience(ctx: &Ctx, actor: &Actor, audience: &[UnitId]) -> Result<()> {
    let led = units::list_units_led_by(&ctx.db, actor.id).await?;
    if !actor.is_admin && led.is_empty() {
        return Err(Error::Forbidden);
    }
    let mut scope = Vec::new();
    if !actor.is_admin {
        for unit in led {
            scope.extend(units::list_subtree_ids(&ctx.db, unit).await?);
        }
    }
    for unit in audience {
        let known = units::find_unit(&ctx.db, *unit).await?.is_some();
        if !known || (!actor.is_admin && !scope.contains(unit)) {
            return Err(ValidationError::new(
                "audience_unit_ids",
                "outside_scope",
                "address units you lead (or units below them)",
            )
            .into());
        }
    }
    Ok(())
}

/// Starts a consultation, as a draft only its author sees.
///
/// # Errors
/// `Forbidden` for someone who leads no unit (and is no administrator);
/// `Invalid` for missing or over-long fields, dates in the past or out of
/// order, or audience units outside what the actor leads.
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn create_consultation(
    ctx: &Ctx,
    actor: &Actor,
    input: &ConsultationInput,
) -> Result<ConsultationDetail> {
    if !can_create(ctx, actor).await? {
        return Err(Error::Forbidden);
    }
    let now = ctx.now();
    let c = check_input(input, now)?;
    let mut audience = input.audience_unit_ids.clone();
    audience.sort();
    audience.dedup();
    check_audience(ctx, actor, &audience).await?;
    let [
        title,
        body,
        decided,
        open_for_input,
        out_of_scope,
        decided_by,
        decision_rule,
    ] = c.texts;
    let (body_html, _, _) = render(ctx, &body).await?;
    let id = ConsultationId::new();
    let mut tx = ctx.db.begin().await?;
    store::insert_consultation(
        &mut tx,
        &NewConsultation {
            id,
            author_id: actor.id,
            title,
            body,
            body_html,
            decided,
            open_for_input,
            out_of_scope,
            decided_by,
            decision_rule,
            visible_to: c.visible_to,
            input_closes_at: c.closes,
            decision_due_at: c.due,
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
            "consultation.created",
            id.as_uuid(),
            json!({"audience_unit_ids": units, "visible_to": c.visible_to.as_str()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    get_consultation(ctx, actor, id).await
}

/// A consultation the actor may read, with its ideas and comments.
///
/// # Errors
/// `NotFound` when unknown or not readable by the actor.
pub async fn get_consultation(
    ctx: &Ctx,
    actor: &Actor,
    id: ConsultationId,
) -> Result<ConsultationDetail> {
    let viewer = actor.viewer();
    let c = store::find_consultation(&ctx.db, &viewer, id)
        .await?
        .ok_or(Error::NotFound)?;
    let now = ctx.now();
    let phase = c.phase.effective(c.input_closes_at, now);
    let in_audience = store::is_in_audience(&ctx.db, id, actor.unit_id).await?;
    Ok(ConsultationDetail {
        overdue: domain::is_overdue(phase, c.decision_due_at, now),
        audience: store::list_audience_units(&ctx.db, id).await?,
        ideas: store::ideas::list_ideas(&ctx.db, &viewer, id).await?,
        comments: store::ideas::list_comments(&ctx.db, &viewer, id).await?,
        is_leader: c.author_id == actor.id,
        in_audience,
        can_take_part: in_audience && phase.takes_input(),
        phase,
        consultation: c,
    })
}

/// The consultations the actor may read, newest first, optionally only
/// those in `phase` (as it applies now).
///
/// # Errors
/// `Invalid` for an unknown phase, a bad cursor or limit.
pub async fn list_consultations(
    ctx: &Ctx,
    actor: &Actor,
    phase: Option<&str>,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<ConsultationSummary>> {
    let limit = page::limit(limit)?;
    let phase = phase.map(Phase::parse).transpose()?;
    let after = cursor
        .map(page::decode::<store::ConsultationCursor>)
        .transpose()?;
    let now = ctx.now();
    let filter = ListFilter {
        phase,
        author: None,
    };
    let rows = store::list_consultations(
        &ctx.db,
        &actor.viewer(),
        filter,
        now,
        after.as_ref(),
        limit + 1,
    )
    .await?;
    let p = page::split(rows, limit, |c| page::encode(&(c.created_at, c.id)));
    Ok(Page {
        items: p.items.into_iter().map(|c| summary(c, now)).collect(),
        next_cursor: p.next_cursor,
    })
}

/// The consultations by `leader` that the actor may read, newest first (at
/// most 100), for the leadership corner.
///
/// # Errors
/// Storage failures.
pub async fn list_by_leader(
    ctx: &Ctx,
    actor: &Actor,
    leader_id: PersonId,
) -> Result<Vec<ConsultationSummary>> {
    let now = ctx.now();
    let filter = ListFilter {
        phase: None,
        author: Some(leader_id),
    };
    let rows = store::list_consultations(&ctx.db, &actor.viewer(), filter, now, None, 100).await?;
    Ok(rows.into_iter().map(|c| summary(c, now)).collect())
}

/// The one rule for leading a consultation: its author.
fn check_leader(actor: &Actor, locked: &Locked) -> Result<()> {
    if locked.author_id == actor.id {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Checks that the actor may read a consultation (before the transaction:
/// who may read it does not depend on what the transaction decides).
pub(crate) async fn check_readable(ctx: &Ctx, actor: &Actor, id: ConsultationId) -> Result<()> {
    store::find_consultation(&ctx.db, &actor.viewer(), id)
        .await?
        .map(|_| ())
        .ok_or(Error::NotFound)
}

/// Reads a consultation under `lock` until `tx` ends.
pub(crate) async fn lock(tx: &mut Tx, id: ConsultationId, lock: Lock) -> Result<Locked> {
    store::lock_consultation(tx, id, lock)
        .await?
        .ok_or(Error::NotFound)
}

/// The one rule for taking part (an idea, a vote, a comment), decided
/// inside the write transaction: the actor is in the audience (else
/// `Forbidden`) and input is open now (else `Conflict` `not_open`).
pub(crate) async fn check_taking_part(
    tx: &mut Tx,
    actor: &Actor,
    id: ConsultationId,
    locked: &Locked,
    now: OffsetDateTime,
) -> Result<()> {
    if !store::is_in_audience_tx(tx, id, actor.unit_id).await? {
        return Err(Error::Forbidden);
    }
    if !locked
        .phase
        .effective(locked.input_closes_at, now)
        .takes_input()
    {
        return Err(Error::Conflict {
            code: "not_open",
            message: "the consultation is not open for input".into(),
        });
    }
    Ok(())
}

/// Checks what closing needs, inside the transaction: a report, a status
/// on every idea and an outcome for every idea.
async fn check_closable(tx: &mut Tx, id: ConsultationId, locked: &Locked) -> Result<()> {
    if !locked.has_report {
        return Err(Error::Conflict {
            code: "report_missing",
            message: "a consultation closes with a \"you said, we did\" report".into(),
        });
    }
    let (without_status, without_outcome) = store::ideas::count_gaps(tx, id).await?;
    if without_status > 0 {
        return Err(Error::Conflict {
            code: "idea_without_status",
            message: format!("{without_status} idea(s) have no status yet"),
        });
    }
    if without_outcome > 0 {
        return Err(Error::Conflict {
            code: "idea_without_outcome",
            message: format!("the report says nothing about {without_outcome} idea(s)"),
        });
    }
    Ok(())
}

/// Moves a consultation to the next phase (its leader only). Opening tells
/// the audience; later moves tell everyone who took part; closing tells
/// them the report is there.
///
/// # Errors
/// `NotFound`; `Forbidden` for anyone but the leader; `Invalid` for an
/// unknown phase; `Conflict` for a move that is not one step forward
/// (`phase_backwards`, `phase_skipped`, `phase_unchanged`), opening after
/// the closing time (`closing_time_passed`) or closing without a complete
/// report (`report_missing`, `idea_without_status`, `idea_without_outcome`).
#[tracing::instrument(skip_all, fields(person.id = %actor.id, consultation.id = %id))]
pub async fn set_phase(
    ctx: &Ctx,
    actor: &Actor,
    id: ConsultationId,
    to: &str,
) -> Result<ConsultationDetail> {
    let to = Phase::parse(to)?;
    check_readable(ctx, actor, id).await?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let locked = lock(&mut tx, id, Lock::Update).await?;
    check_leader(actor, &locked)?;
    let from = locked.phase.effective(locked.input_closes_at, now);
    from.check_move(to).map_err(conflict)?;
    if to == Phase::Open && locked.input_closes_at <= now {
        return Err(Error::Conflict {
            code: "closing_time_passed",
            message: "input would already be closed; this draft's closing time has passed".into(),
        });
    }
    if to == Phase::Closed {
        check_closable(&mut tx, id, &locked).await?;
    }
    store::set_phase(&mut tx, id, to, now).await?;
    let (recipients, kind, event_kind) = match to {
        Phase::Open => (
            store::list_audience_people(&mut tx, id).await?,
            "consultation_opened",
            "consultation.opened",
        ),
        Phase::Closed => (
            store::list_participants(&mut tx, id).await?,
            "consultation_report",
            "consultation.phase_changed",
        ),
        _ => (
            store::list_participants(&mut tx, id).await?,
            "consultation_phase",
            "consultation.phase_changed",
        ),
    };
    let list = recipients
        .into_iter()
        .map(|p| {
            subject_notification(
                p,
                kind,
                Some(actor.id),
                id.as_uuid(),
                Some(&locked.title),
                now,
            )
        })
        .collect();
    let live = notify(&mut tx, list, actor).await?;
    events::append_event(
        &mut tx,
        &event(
            actor,
            event_kind,
            id.as_uuid(),
            json!({"from": from.as_str(), "to": to.as_str()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    for e in live {
        ctx.bus.publish(e);
    }
    get_consultation(ctx, actor, id).await
}

/// The "you said, we did" report: a body and one outcome per idea, saved
/// (and saved again) while the consultation is decided. Ideas not named
/// keep their outcome.
///
/// # Errors
/// `NotFound`; `Forbidden` for anyone but the leader; `Invalid` for an
/// empty body or outcome, or an idea that is not this consultation's;
/// `Conflict` `not_decided` in any other phase.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, consultation.id = %id))]
pub async fn save_report(
    ctx: &Ctx,
    actor: &Actor,
    id: ConsultationId,
    body: &str,
    outcomes: &[(String, String)],
) -> Result<ConsultationDetail> {
    let body = text("body", body, 1, 20_000)?;
    let mut checked = Vec::new();
    for (idea, outcome) in outcomes {
        let idea = idea.parse().map_err(|_| {
            ValidationError::new("outcomes", "invalid", "not an idea of this consultation")
        })?;
        checked.push((idea, text("outcomes", outcome, 1, 2000)?));
    }
    let (html, _, _) = render(ctx, &body).await?;
    check_readable(ctx, actor, id).await?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let locked = lock(&mut tx, id, Lock::Update).await?;
    check_leader(actor, &locked)?;
    if locked.phase.effective(locked.input_closes_at, now) != Phase::Decided {
        return Err(Error::Conflict {
            code: "not_decided",
            message: "the report is written once the consultation is decided".into(),
        });
    }
    store::save_report(&mut tx, id, &body, &html, now).await?;
    for (idea, outcome) in &checked {
        if !store::ideas::set_outcome(&mut tx, id, *idea, outcome).await? {
            return Err(ValidationError::new(
                "outcomes",
                "invalid",
                "not an idea of this consultation",
            )
            .into());
        }
    }
    events::append_event(
        &mut tx,
        &event(
            actor,
            "consultation.reported",
            id.as_uuid(),
            json!({"outcomes": checked.len()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    get_consultation(ctx, actor, id).await
}

/// Time-driven work: closes consultations to input at their closing time
/// (each in its own transaction, by a statement that only one of two
/// concurrent ticks can win) and tells their leader (`input_closed`).
///
/// # Errors
/// When the database fails.
pub async fn tick(ctx: &Ctx) -> Result<()> {
    let now = ctx.now();
    for id in store::list_due_to_close(&ctx.db, now).await? {
        let mut tx = ctx.db.begin().await?;
        let Some((author, title)) = store::close_input_if_due(&mut tx, id, now).await? else {
            continue;
        };
        let n = subject_notification(
            author,
            "input_closed",
            None,
            id.as_uuid(),
            Some(&title),
            now,
        );
        store_notifications::insert_notification(&mut tx, &n).await?;
        events::append_event(
            &mut tx,
            &Event {
                id: EventId::new(),
                occurred_at: now,
                kind: "consultation.phase_changed".into(),
                actor_id: None,
                subject_id: Some(id.as_uuid()),
                unit_id: None,
                payload: json!({"from": "open", "to": "reviewing", "by": "closing_time"}),
            },
        )
        .await?;
        tx.commit().await?;
        ctx.bus.publish(LiveEvent::Notification {
            id: n.id,
            recipient: author,
        });
    }
    // A promised decision date that passed without a decision: the leader
    // is told once.
    let mut tx = ctx.db.begin().await?;
    let mut told = Vec::new();
    for (id, author, title) in store::take_overdue(&mut tx, now).await? {
        let n = subject_notification(
            author,
            "decision_overdue",
            None,
            id.as_uuid(),
            Some(&title),
            now,
        );
        store_notifications::insert_notification(&mut tx, &n).await?;
        told.push(LiveEvent::Notification {
            id: n.id,
            recipient: author,
        });
    }
    tx.commit().await?;
    for e in told {
        ctx.bus.publish(e);
    }
    Ok(())
}
