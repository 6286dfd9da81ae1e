//! Ideas of a consultation: submitting, voting (one vote per person per
//! idea, idempotent), commenting, and the leader's status with its
//! explanation. Every rule that depends on the consultation's phase is
//! decided inside the write transaction, under the consultation's lock.

use samspill_domain::consultations::{IdeaCommentId, IdeaId, IdeaStatus, check_explanation};
use samspill_store::events;
use samspill_store::leadership::consultations::ideas::{NewIdea, NewIdeaComment};
use samspill_store::leadership::consultations::{self as store, Lock};
use serde_json::json;

use super::{IdeaCommentView, IdeaView, check_readable, check_taking_part, conflict, lock, text};
use crate::shared::events::event;
use crate::shared::notify::{notify, subject_notification};
use crate::shared::text::render;
use crate::{Actor, Ctx, Error, Result};
use samspill_domain::consultations::ConsultationId;

async fn find(ctx: &Ctx, actor: &Actor, id: IdeaId) -> Result<IdeaView> {
    store::ideas::find_idea(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)
}

/// The comments on an idea the actor may read, oldest first.
///
/// # Errors
/// Storage failures.
pub async fn comments_of(
    ctx: &Ctx,
    actor: &Actor,
    idea: &IdeaView,
) -> Result<Vec<IdeaCommentView>> {
    let all = store::ideas::list_comments(&ctx.db, &actor.viewer(), idea.consultation_id).await?;
    Ok(all.into_iter().filter(|c| c.idea_id == idea.id).collect())
}

/// Submits an idea to an open consultation.
///
/// # Errors
/// `NotFound` for a consultation the actor may not read; `Forbidden` when
/// they are not in its audience; `Conflict` `not_open` when input is not
/// open; `Invalid` for an empty or over-long title or body.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, consultation.id = %id))]
pub async fn submit_idea(
    ctx: &Ctx,
    actor: &Actor,
    id: ConsultationId,
    title: &str,
    body: &str,
) -> Result<IdeaView> {
    check_readable(ctx, actor, id).await?;
    let title = text("title", title, 1, 200)?;
    let body = text("body", body, 0, 10_000)?;
    let (html, _, _) = render(ctx, &body).await?;
    let now = ctx.now();
    let idea = IdeaId::new();
    let mut tx = ctx.db.begin().await?;
    let locked = lock(&mut tx, id, Lock::Share).await?;
    check_taking_part(&mut tx, actor, id, &locked, now).await?;
    store::ideas::insert_idea(
        &mut tx,
        &NewIdea {
            id: idea,
            consultation_id: id,
            author_id: actor.id,
            title,
            body,
            body_html: html,
            created_at: now,
        },
    )
    .await?;
    events::append_event(
        &mut tx,
        &event(
            actor,
            "idea.created",
            idea.as_uuid(),
            json!({"consultation_id": id.to_string()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    find(ctx, actor, idea).await
}

/// Votes for an idea (`on`) or withdraws the vote; doing either twice
/// changes nothing.
///
/// # Errors
/// `NotFound`; `Forbidden` outside the audience; `Conflict` `not_open`.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, idea.id = %id))]
pub async fn vote(ctx: &Ctx, actor: &Actor, id: IdeaId, on: bool) -> Result<IdeaView> {
    let idea = find(ctx, actor, id).await?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let locked = lock(&mut tx, idea.consultation_id, Lock::Share).await?;
    check_taking_part(&mut tx, actor, idea.consultation_id, &locked, now).await?;
    let changed = if on {
        store::ideas::insert_vote(&mut tx, id, actor.id, now).await?
    } else {
        store::ideas::delete_vote(&mut tx, id, actor.id).await?
    };
    if changed {
        events::append_event(
            &mut tx,
            &event(
                actor,
                "idea.voted",
                id.as_uuid(),
                json!({"consultation_id": idea.consultation_id.to_string(), "on": on}),
                now,
            ),
        )
        .await?;
    }
    tx.commit().await?;
    find(ctx, actor, id).await
}

/// Comments on an idea (a flat list; Markdown, sanitized).
///
/// # Errors
/// `NotFound`; `Forbidden` outside the audience; `Conflict` `not_open`;
/// `Invalid` for an empty or over-long body.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, idea.id = %id))]
pub async fn comment(ctx: &Ctx, actor: &Actor, id: IdeaId, body: &str) -> Result<IdeaCommentView> {
    let idea = find(ctx, actor, id).await?;
    let body = text("body", body, 1, 10_000)?;
    let (html, _, _) = render(ctx, &body).await?;
    let now = ctx.now();
    let cid = IdeaCommentId::new();
    let mut tx = ctx.db.begin().await?;
    let locked = lock(&mut tx, idea.consultation_id, Lock::Share).await?;
    check_taking_part(&mut tx, actor, idea.consultation_id, &locked, now).await?;
    store::ideas::insert_comment(
        &mut tx,
        &NewIdeaComment {
            id: cid,
            idea_id: id,
            author_id: actor.id,
            body,
            body_html: html,
            created_at: now,
        },
    )
    .await?;
    events::append_event(
        &mut tx,
        &event(
            actor,
            "idea.commented",
            cid.as_uuid(),
            json!({"idea_id": id.to_string(), "consultation_id": idea.consultation_id.to_string()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    store::ideas::list_comments(&ctx.db, &actor.viewer(), idea.consultation_id)
        .await?
        .into_iter()
        .find(|c| c.id == cid)
        .ok_or(Error::NotFound)
}

/// The leader gives an idea a status; declined and parked need a real
/// explanation. The idea's author is told.
///
/// # Errors
/// `NotFound`; `Forbidden` for anyone but the leader; `Invalid` for an
/// unknown status or a missing explanation; `Conflict` for a status that
/// cannot follow the current one (`status_unchanged`,
/// `status_transition_refused`) or a consultation that takes no statuses
/// (`not_reviewable`: a draft or closed one).
#[tracing::instrument(skip_all, fields(person.id = %actor.id, idea.id = %id))]
pub async fn set_status(
    ctx: &Ctx,
    actor: &Actor,
    id: IdeaId,
    status: &str,
    explanation: &str,
) -> Result<IdeaView> {
    let idea = find(ctx, actor, id).await?;
    let status = IdeaStatus::parse(status)?;
    let explanation = check_explanation(
        status,
        &samspill_domain::text::free_text("explanation", explanation)?,
    )?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let locked = lock(&mut tx, idea.consultation_id, Lock::Update).await?;
    super::check_leader(actor, &locked)?;
    if !locked
        .phase
        .effective(locked.input_closes_at, now)
        .takes_statuses()
    {
        return Err(Error::Conflict {
            code: "not_reviewable",
            message: "ideas get statuses while the consultation is open, reviewing or decided"
                .into(),
        });
    }
    let current = store::ideas::lock_idea(&mut tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    IdeaStatus::check_move(current.status, status).map_err(conflict)?;
    store::ideas::set_status(&mut tx, id, status, &explanation, now).await?;
    let note = subject_notification(
        current.author_id,
        "idea_status",
        Some(actor.id),
        idea.consultation_id.as_uuid(),
        Some(&locked.title),
        now,
    );
    let live = notify(&mut tx, vec![note], actor).await?;
    events::append_event(
        &mut tx,
        &event(
            actor,
            "idea.status_set",
            id.as_uuid(),
            json!({
                "consultation_id": idea.consultation_id.to_string(),
                "from": current.status.map(IdeaStatus::as_str),
                "to": status.as_str(),
            }),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    for e in live {
        ctx.bus.publish(e);
    }
    find(ctx, actor, id).await
}
