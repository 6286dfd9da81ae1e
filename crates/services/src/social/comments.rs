//! Comments: threads under posts, with notifications to the post's author
//! (an `answer` on a question, else a `reply`), to the parent comment's
//! author, and to people mentioned.

use samspill_domain::text::free_text;
use samspill_domain::{CommentId, PostId, ValidationError};
use samspill_store::social::comments::{self, NewComment};
use samspill_store::social::posts;
use samspill_store::{Ts, events};
use serde_json::json;

use crate::shared::events::event;
use crate::shared::live::LiveEvent;
use crate::shared::notify::{notification, notify};
use crate::shared::text::render;
use crate::{Actor, Ctx, Error, Result, social::spaces};
pub use samspill_store::social::comments::CommentView;

/// A comment the actor may read.
///
/// # Errors
/// Storage failures.
pub async fn find_comment(ctx: &Ctx, actor: &Actor, id: CommentId) -> Result<Option<CommentView>> {
    Ok(comments::find_comment(&ctx.db, &actor.viewer(), id).await?)
}

/// A post's thread, oldest first.
///
/// # Errors
/// `NotFound` for a post the actor may not read.
pub async fn list_comments(ctx: &Ctx, actor: &Actor, post: PostId) -> Result<Vec<CommentView>> {
    posts::find_post(&ctx.db, &actor.viewer(), post)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(comments::list_comments(&ctx.db, &actor.viewer(), post).await?)
}

/// Comments on a post; answers with the comment as a read would give it,
/// built from what the use case wrote (the author's handle and name come
/// back from the insert), without reading it back.
///
/// # Errors
/// `GuidelinesNotAccepted` before the actor accepted the current code of
/// conduct; `NotFound` for a post the actor may not read; `Forbidden` when they may
/// not take part in its space; `Invalid` for an empty or over-long body or
/// a parent that is not on this post.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, post.id = %post_id))]
pub async fn add_comment(
    ctx: &Ctx,
    actor: &Actor,
    post_id: PostId,
    body: &str,
    parent: Option<CommentId>,
) -> Result<CommentView> {
    crate::culture::guidelines::require_accepted(ctx, actor).await?;
    let post = posts::find_post(&ctx.db, &actor.viewer(), post_id)
        .await?
        .ok_or(Error::NotFound)?;
    let body = &free_text("body", body)?;
    let n = body.trim().chars().count();
    if n == 0 || n > 10_000 {
        return Err(ValidationError::new(
            "body",
            if n == 0 { "required" } else { "too_long" },
            "1 to 10 000 characters",
        )
        .into());
    }
    let space = spaces::get_space(ctx, actor, post.space_id).await?;
    if !spaces::can_take_part(ctx, actor, &space).await? {
        return Err(Error::Forbidden);
    }
    let parent_view = match parent {
        Some(pid) => Some(
            comments::find_comment(&ctx.db, &actor.viewer(), pid)
                .await?
                .filter(|c| c.post_id == post_id)
                .ok_or_else(|| {
                    Error::Invalid(vec![ValidationError::new(
                        "parent_id",
                        "invalid",
                        "not a comment on this post",
                    )])
                })?,
        ),
        None => None,
    };
    let (html, mentioned, _) = render(ctx, body).await?;
    // The instant as the store keeps it (whole microseconds, UTC), so the
    // answer equals what a read gives back.
    let now = Ts::new(ctx.now()).get();
    let id = CommentId::new();
    let mut tx = ctx.db.begin().await?;
    let (author_handle, author_name) = comments::insert_comment(
        &mut tx,
        &NewComment {
            id,
            post_id,
            parent_id: parent,
            author_id: actor.id,
            body: body.to_owned(),
            body_html: html.clone(),
            created_at: now,
        },
    )
    .await?;
    posts::add_comment_count(&mut tx, post_id, 1).await?;
    let kind = if post.kind.takes_answers() {
        "answer"
    } else {
        "reply"
    };
    let mut list = vec![notification(
        post.author_id,
        kind,
        actor,
        post_id,
        Some(id),
        now,
    )];
    if let Some(p) = parent_view.filter(|p| p.author_id != post.author_id) {
        list.push(notification(
            p.author_id,
            "reply",
            actor,
            post_id,
            Some(id),
            now,
        ));
    }
    for person in mentioned {
        if list.iter().all(|n| n.recipient_id != person) {
            list.push(notification(
                person,
                "mention",
                actor,
                post_id,
                Some(id),
                now,
            ));
        }
    }
    let mut live = notify(&mut tx, list, actor).await?;
    events::append_event(
        &mut tx,
        &event(
            actor,
            "comment.created",
            id.as_uuid(),
            json!({"post_id": post_id.to_string(), "kind": kind}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    live.push(LiveEvent::CommentCreated {
        comment: id,
        post: post_id,
    });
    for e in live {
        ctx.bus.publish(e);
    }
    Ok(CommentView {
        id,
        post_id,
        parent_id: parent,
        author_id: actor.id,
        author_handle,
        author_name,
        body: body.to_owned(),
        body_html: html,
        created_at: now,
        hidden_rule_id: None,
    })
}
