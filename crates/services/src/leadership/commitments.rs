//! Commitments: a leader marks one of their own comments as a promise with
//! a due date, and later keeps it with a note; one still open when its due
//! time passes is missed. The leader is reminded once, a day before. Who
//! may see a commitment is who may read the comment it was made in.
//!
//! Also here: upvotes on comments, which rank the questions of a leader's
//! Ask-me-anything thread.

use samspill_domain::commitments::{self as rules, CommitmentState};
use samspill_domain::{CommentId, CommitmentId, EventId, PersonId, PostId};
use samspill_store::events::{self, Event};
use samspill_store::leadership::commitments::{self as store, NewCommitment};
use samspill_store::leadership::leaders;
use samspill_store::social::comments;
use serde_json::json;
use time::{Duration, OffsetDateTime};

pub use samspill_store::leadership::commitments::CommitmentView;

use crate::shared::events::event;
use crate::shared::notify::{notify_all, subject_notification};
use crate::{Actor, Ctx, Error, Result};

/// How long before its due time a leader is reminded of an open commitment.
pub const REMINDER: Duration = Duration::days(1);

/// The longest summary kept of the text a commitment was made in.
const SUMMARY_CHARS: usize = 280;

/// The promise as listed: the first [`SUMMARY_CHARS`] characters of the
/// source text, on one line.
fn summary(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= SUMMARY_CHARS {
        return one_line;
    }
    let mut s: String = one_line.chars().take(SUMMARY_CHARS - 1).collect();
    s.push('…');
    s
}

/// Records a commitment; a second one on the same comment or answer is
/// `Conflict` (`already_committed`).
async fn insert(tx: &mut samspill_store::Tx, c: &NewCommitment) -> Result<()> {
    match store::insert_commitment(tx, c).await {
        Err(samspill_store::Error::Conflict { .. }) => Err(Error::Conflict {
            code: "already_committed",
            message: "this already is a commitment".to_owned(),
        }),
        other => Ok(other?),
    }
}

/// Marks the actor's own comment as a commitment due at `due_at`.
///
/// # Errors
/// `NotFound` for a comment the actor may not read; `Forbidden` when it is
/// not theirs or they lead no unit; `Invalid` for a due time in the past or
/// more than a year ahead; `Conflict` (`already_committed`) when the
/// comment already is one.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, comment.id = %comment_id))]
pub async fn commit_in_comment(
    ctx: &Ctx,
    actor: &Actor,
    comment_id: CommentId,
    due_at: OffsetDateTime,
) -> Result<CommitmentView> {
    let comment = comments::find_comment(&ctx.db, &actor.viewer(), comment_id)
        .await?
        .ok_or(Error::NotFound)?;
    if comment.author_id != actor.id || !leaders::is_leader(&ctx.db, actor.id).await? {
        return Err(Error::Forbidden);
    }
    let now = ctx.now();
    rules::check_due(due_at, now)?;
    let id = CommitmentId::new();
    let mut tx = ctx.db.begin().await?;
    insert(
        &mut tx,
        &NewCommitment {
            id,
            leader_id: actor.id,
            comment_id: Some(comment_id),
            feedback_response_id: None,
            summary: summary(&comment.body),
            due_at,
            created_at: now,
        },
    )
    .await?;
    events::append_event(
        &mut tx,
        &event(
            actor,
            "commitment.made",
            id.as_uuid(),
            json!({"comment_id": comment_id.to_string(), "post_id": comment.post_id.to_string(),
                   "due_at": crate::shared::clock::rfc3339(due_at)}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    find(ctx, actor, id).await
}

/// Marks one of the actor's own answers to feedback as a commitment due at
/// `due_at`. Only its leader ever sees it (the feedback thread is theirs
/// and the writer's; an anonymous writer has no account to show it to).
///
/// # Errors
/// `NotFound` for an unknown answer or one that is not the actor's (an
/// answer is secret to everyone but the thread's readers); `Invalid` for a
/// due time in the past or more than a year ahead; `Conflict`
/// (`already_committed`) when the answer already is one.
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn commit_in_feedback_answer(
    ctx: &Ctx,
    actor: &Actor,
    message: uuid::Uuid,
    due_at: OffsetDateTime,
) -> Result<CommitmentView> {
    let now = ctx.now();
    rules::check_due(due_at, now)?;
    let id = CommitmentId::new();
    let mut tx = ctx.db.begin().await?;
    let Some((author, _item, body)) = store::find_feedback_answer(&mut tx, message).await? else {
        return Err(Error::NotFound);
    };
    if author != actor.id {
        return Err(Error::NotFound);
    }
    insert(
        &mut tx,
        &NewCommitment {
            id,
            leader_id: actor.id,
            comment_id: None,
            feedback_response_id: Some(message),
            summary: summary(&body),
            due_at,
            created_at: now,
        },
    )
    .await?;
    // The event names no feedback item: which leader promised what is
    // theirs to show, and the item may be anonymous.
    events::append_event(
        &mut tx,
        &event(
            actor,
            "commitment.made",
            id.as_uuid(),
            json!({"source": "feedback", "due_at": crate::shared::clock::rfc3339(due_at)}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    find(ctx, actor, id).await
}

/// Keeps one of the actor's open commitments, saying what was done.
///
/// # Errors
/// `NotFound` for one the actor may not see; `Forbidden` when it is not
/// theirs; `Invalid` for a note under a sentence; `Conflict` with the
/// reason when it is already kept or was missed (also when its due time
/// passed a moment ago).
#[tracing::instrument(skip_all, fields(person.id = %actor.id, commitment.id = %id))]
pub async fn keep(
    ctx: &Ctx,
    actor: &Actor,
    id: CommitmentId,
    note: &str,
) -> Result<CommitmentView> {
    let seen = find(ctx, actor, id).await?;
    if seen.leader_id != actor.id {
        return Err(Error::Forbidden);
    }
    let note = rules::check_note(&samspill_domain::text::free_text("note", note)?)?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    if !store::keep(&mut tx, id, &note, now).await? {
        // Decided by the update itself; read why, in the same transaction.
        let (_, stored, due) = store::state_of(&mut tx, id).await?.ok_or(Error::NotFound)?;
        let current = if stored == CommitmentState::Open && due <= now {
            CommitmentState::Missed
        } else {
            stored
        };
        let refusal = current
            .check(CommitmentState::Kept)
            .err()
            .unwrap_or(rules::Refusal {
                code: "conflict",
                message: "the commitment changed; reload",
            });
        return Err(Error::Conflict {
            code: refusal.code,
            message: refusal.message.to_owned(),
        });
    }
    events::append_event(
        &mut tx,
        &event(actor, "commitment.kept", id.as_uuid(), json!({}), now),
    )
    .await?;
    tx.commit().await?;
    find(ctx, actor, id).await
}

/// One commitment the actor may see.
///
/// # Errors
/// `NotFound` when there is none they may see.
pub async fn find(ctx: &Ctx, actor: &Actor, id: CommitmentId) -> Result<CommitmentView> {
    store::find_commitment(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)
}

/// A leader's commitments that the actor may see, with the state at now.
///
/// # Errors
/// Storage failures.
pub async fn list_for_leader(
    ctx: &Ctx,
    actor: &Actor,
    leader: PersonId,
) -> Result<Vec<CommitmentView>> {
    let now = ctx.now();
    let mut list = store::list_for_leader(&ctx.db, &actor.viewer(), leader, 100).await?;
    for c in &mut list {
        c.state = c.state_at(now);
    }
    Ok(list)
}

/// How many of a leader's commitments are open, kept and missed now.
///
/// # Errors
/// Storage failures.
pub async fn counts(ctx: &Ctx, leader: PersonId) -> Result<(i64, i64, i64)> {
    Ok(store::count_for_leader(&ctx.db, leader, ctx.now()).await?)
}

/// The commitments made in a post's comments that the actor may see, with
/// the state at now.
///
/// # Errors
/// Storage failures.
pub async fn list_for_post(ctx: &Ctx, actor: &Actor, post: PostId) -> Result<Vec<CommitmentView>> {
    let now = ctx.now();
    let mut list = store::list_for_post(&ctx.db, &actor.viewer(), post).await?;
    for c in &mut list {
        c.state = c.state_at(now);
    }
    Ok(list)
}

/// Time-driven work: reminds leaders a day before an open commitment is
/// due, and records as missed those whose due time passed. Each is an
/// update that claims its rows, so running it on several servers at once
/// sends every reminder once.
///
/// # Errors
/// When the database fails.
pub async fn tick(ctx: &Ctx) -> Result<()> {
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let due = store::take_reminders(&mut tx, now, now + REMINDER).await?;
    let list = due
        .iter()
        .map(|(id, leader, text)| {
            subject_notification(
                *leader,
                "commitment_due",
                None,
                id.as_uuid(),
                Some(text),
                now,
            )
        })
        .collect();
    let live = notify_all(&mut tx, list).await?;
    for (id, leader, _) in store::mark_missed(&mut tx, now).await? {
        events::append_event(
            &mut tx,
            &Event {
                id: EventId::new(),
                occurred_at: now,
                kind: "commitment.missed".to_owned(),
                actor_id: None,
                subject_id: Some(id.as_uuid()),
                unit_id: None,
                payload: json!({"leader_id": leader.to_string()}),
            },
        )
        .await?;
    }
    tx.commit().await?;
    for e in live {
        ctx.bus.publish(e);
    }
    Ok(())
}

/// Upvotes (or, with `on = false`, takes back the upvote of) a comment the
/// actor may read; idempotent. Returns the comment's upvotes and whether the
/// actor's is among them.
///
/// # Errors
/// `NotFound` for a comment the actor may not read; `Conflict`
/// (`own_comment`) for their own.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, comment.id = %comment_id))]
pub async fn upvote(
    ctx: &Ctx,
    actor: &Actor,
    comment_id: CommentId,
    on: bool,
) -> Result<(i64, bool)> {
    let comment = comments::find_comment(&ctx.db, &actor.viewer(), comment_id)
        .await?
        .ok_or(Error::NotFound)?;
    if comment.author_id == actor.id {
        return Err(Error::Conflict {
            code: "own_comment",
            message: "you cannot upvote your own comment".to_owned(),
        });
    }
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let changed = if on {
        store::upvote_comment(&mut tx, comment_id, actor.id, now).await?
    } else {
        store::remove_comment_vote(&mut tx, comment_id, actor.id).await?
    };
    if changed {
        events::append_event(
            &mut tx,
            &event(
                actor,
                if on {
                    "comment.upvoted"
                } else {
                    "comment.unvoted"
                },
                comment_id.as_uuid(),
                json!({"post_id": comment.post_id.to_string()}),
                now,
            ),
        )
        .await?;
    }
    tx.commit().await?;
    let votes = store::comment_votes(&ctx.db, comment.post_id, actor.id).await?;
    Ok(votes
        .into_iter()
        .find(|(c, _, _)| *c == comment_id)
        .map_or((0, false), |(_, n, mine)| (n, mine)))
}

/// Upvotes per comment of a post the actor may read, with whether the actor
/// gave one: `(comment, upvotes, mine)`.
///
/// # Errors
/// `NotFound` for a post the actor may not read.
pub async fn post_upvotes(
    ctx: &Ctx,
    actor: &Actor,
    post: PostId,
) -> Result<Vec<(CommentId, i64, bool)>> {
    samspill_store::social::posts::find_post(&ctx.db, &actor.viewer(), post)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(store::comment_votes(&ctx.db, post, actor.id).await?)
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn a_summary_is_one_line_and_at_most_280_characters() {
        assert_eq!(
            summary("We will\n\n  hire two testers."),
            "We will hire two testers."
        );
        let long = "ø".repeat(400);
        let s = summary(&long);
        assert_eq!(s.chars().count(), 280);
        assert!(s.ends_with('…'));
    }
}
