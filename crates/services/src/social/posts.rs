//! Posts: writing (Markdown, rendered and sanitized once), reading (which
//! records the first view), editing with history, soft deletion, reactions,
//! polls, accepted answers and acknowledgements.

use std::collections::HashMap;

use samspill_domain::culture::ValueId;
use samspill_domain::text::free_text;
use samspill_domain::{
    CommentId, PersonId, PostId, PostKind, Reaction, SpaceId, UnitId, ValidationError,
};
use samspill_store::Ts;
use samspill_store::events::{self};
use samspill_store::social::comments;
use samspill_store::social::posts::{self, NewPost, PostLock};
use serde_json::json;

use crate::culture::{guidelines, praise};
use crate::shared::events::event;
use crate::shared::live::LiveEvent;
use crate::shared::notify::{notification, notify};
use crate::shared::text::render;
use crate::{Actor, Ctx, Error, Result, social::spaces};
pub use samspill_store::culture::praise::PraiseView;
pub use samspill_store::social::posts::PostView;

/// A post to write.
#[derive(Debug, Clone, Default)]
pub struct PostInput {
    /// Where.
    pub space_id: SpaceId,
    /// A [`PostKind`] as written on the wire (`question`); parsed here, so an
    /// unknown kind is reported with the other invalid fields.
    pub kind: String,
    /// Optional title, at most 200 characters.
    pub title: String,
    /// Markdown, 1–20 000 characters.
    pub body: String,
    /// Poll options (2–10), for polls only.
    pub options: Vec<String>,
    /// Pin until acknowledged (moderators and leaders of the space).
    pub important: bool,
    /// A vision or announcement addressed to these units and everything
    /// below them (see `leadership::announcements`).
    pub audience_unit_ids: Vec<UnitId>,
    /// Addressed: pinned for each audience member until they acknowledge it.
    pub requires_ack: bool,
    /// Addressed: the original vision or announcement this follows up.
    pub cascade_of: Option<PostId>,
    /// Praise only: the people praised (1–20, not the author alone).
    pub recipient_ids: Vec<PersonId>,
    /// Praise only: the value it recognizes (an active one).
    pub value_id: Option<ValueId>,
}

/// A post with what the reader needs around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostDetail {
    /// The post.
    pub post: PostView,
    /// Reaction counts by kind.
    pub reactions: HashMap<Reaction, i64>,
    /// The reader's reactions.
    pub my_reactions: Vec<Reaction>,
    /// Poll options with vote counts.
    pub poll: Vec<(String, i64)>,
    /// The reader's vote.
    pub my_vote: Option<i64>,
    /// Topics.
    pub topics: Vec<String>,
    /// The reader acknowledged it (important posts).
    pub acked: bool,
    /// The reader may edit it.
    pub can_edit: bool,
    /// The reader may delete it.
    pub can_delete: bool,
    /// The reader may accept an answer.
    pub can_accept: bool,
    /// The reader may comment.
    pub can_comment: bool,
    /// Addressed to units (visions and announcements); `None` in lists.
    pub addressed: Option<crate::leadership::announcements::Addressed>,
    /// A praise post's value and recipients.
    pub praise: Option<PraiseView>,
}

fn check_text(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
    errors: &mut Vec<ValidationError>,
) {
    let n = value.trim().chars().count();
    if n < min {
        errors.push(ValidationError::new(
            field,
            "required",
            "this field is required",
        ));
    } else if n > max {
        errors.push(ValidationError::new(
            field,
            "too_long",
            format!("at most {max} characters"),
        ));
    }
}

/// The input with its free text checked and its bidirectional controls
/// removed (see `samspill_domain::text`); every field with a control
/// character is reported.
fn free_input(input: &PostInput) -> Result<PostInput> {
    let mut errors = Vec::new();
    let mut free = |field, s: &str| {
        free_text(field, s)
            .map_err(|e| errors.push(e))
            .unwrap_or_default()
    };
    let out = PostInput {
        title: free("title", &input.title),
        body: free("body", &input.body),
        options: input.options.iter().map(|o| free("options", o)).collect(),
        kind: input.kind.clone(),
        audience_unit_ids: input.audience_unit_ids.clone(),
        recipient_ids: input.recipient_ids.clone(),
        ..*input
    };
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.dedup_by_key(|e| e.field);
        Err(Error::Invalid(errors))
    }
}

/// Checks every field and returns the post's kind.
fn validate(input: &PostInput) -> Result<PostKind> {
    let mut errors = Vec::new();
    let kind = match PostKind::parse(&input.kind) {
        Ok(kind) => Some(kind),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    check_text("title", &input.title, 0, 200, &mut errors);
    check_text("body", &input.body, 1, 20_000, &mut errors);
    if kind.is_some_and(PostKind::has_options) {
        let n = input
            .options
            .iter()
            .filter(|o| !o.trim().is_empty())
            .count();
        if n != input.options.len() || !(2..=10).contains(&n) {
            errors.push(ValidationError::new(
                "options",
                "invalid",
                "a poll has 2 to 10 non-empty options",
            ));
        }
        if input.options.iter().any(|o| o.chars().count() > 200) {
            errors.push(ValidationError::new(
                "options",
                "too_long",
                "an option has at most 200 characters",
            ));
        }
    } else if !input.options.is_empty() {
        errors.push(ValidationError::new(
            "options",
            "invalid",
            "only polls have options",
        ));
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok(kind),
        _ => Err(Error::Invalid(errors)),
    }
}

/// Writes a post.
///
/// Answers with the post as its author reads it, built from what the use
/// case wrote; nothing is read back (see [`create_post_detail`]).
///
/// # Errors
/// `GuidelinesNotAccepted` before the actor accepted the current code of
/// conduct; `NotFound` for a space the actor cannot see; `Forbidden` when
/// they may not post there (or mark it important); `Invalid` for bad fields
/// (praise: `recipient_ids`, `value_id`).
pub async fn create_post(ctx: &Ctx, actor: &Actor, input: &PostInput) -> Result<PostView> {
    Ok(create_post_detail(ctx, actor, input).await?.post)
}

/// Writes a post and answers with its detail as the author sees it: what
/// [`get_post`] would read right after, built from what the use case already
/// knows (the space it checked, the author's handle and name returned by the
/// insert, the topics and poll options it wrote), so a new post costs no
/// reads after its commit. A new post has no reactions, votes, comments or
/// acknowledgements; its author may edit and delete it, accept an answer on
/// a question, and comment (taking part in the space was checked).
///
/// # Errors
/// As [`create_post`].
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn create_post_detail(ctx: &Ctx, actor: &Actor, input: &PostInput) -> Result<PostDetail> {
    guidelines::require_accepted(ctx, actor).await?;
    let input = &free_input(input)?;
    let kind = validate(input)?;
    let praise = praise::check(ctx, actor, kind, &input.recipient_ids, input.value_id).await?;
    let space = spaces::get_space(ctx, actor, input.space_id).await?;
    if !spaces::can_take_part(ctx, actor, &space).await? {
        return Err(Error::Forbidden);
    }
    if input.important && !spaces::moderates(ctx, actor, &space).await? {
        return Err(ValidationError::new(
            "important",
            "forbidden",
            "only moderators and leaders of the space may pin posts",
        )
        .into());
    }
    let plan = crate::leadership::announcements::check(
        ctx,
        actor,
        kind,
        &space,
        &input.audience_unit_ids,
        input.requires_ack,
        input.cascade_of,
    )
    .await?;
    let (html, mentioned, topics) = render(ctx, &input.body).await?;
    // The instant as the store keeps it (whole microseconds, UTC), so the
    // answer equals what a read gives back.
    let now = Ts::new(ctx.now()).get();
    let id = PostId::new();
    let title = input.title.trim().to_owned();
    let options: Vec<String> = if kind.has_options() {
        input.options.iter().map(|o| o.trim().to_owned()).collect()
    } else {
        Vec::new()
    };
    let mut tx = ctx.db.begin().await?;
    let (author_handle, author_name) = posts::insert_post(
        &mut tx,
        &NewPost {
            id,
            space_id: space.id,
            author_id: actor.id,
            kind,
            title: title.clone(),
            body: input.body.clone(),
            body_html: html.clone(),
            important: input.important,
            created_at: now,
        },
    )
    .await?;
    posts::insert_topics(&mut tx, id, &topics, now).await?;
    samspill_store::social::timeline::fan_out(&mut tx, id, space.id, actor.id, now).await?;
    if kind.has_options() {
        posts::insert_poll_options(&mut tx, id, &options).await?;
    }
    let new_mentions = posts::insert_mentions(&mut tx, id, &mentioned).await?;
    let mut list: Vec<_> = new_mentions
        .into_iter()
        .map(|p| notification(p, "mention", actor, id, None, now))
        .collect();
    if let Some(plan) = &plan {
        list.extend(crate::leadership::announcements::record(&mut tx, actor, id, plan, now).await?);
    }
    let mut live = notify(&mut tx, list, actor).await?;
    if let Some(p) = &praise {
        live.extend(praise::record(&mut tx, actor, id, p, now).await?);
    }
    events::append_event(
        &mut tx,
        &event(
            actor,
            "post.created",
            id.as_uuid(),
            json!({"kind": kind, "space_id": space.id.to_string(), "topics": topics}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    live.push(LiveEvent::PostCreated {
        post: id,
        space: space.id,
        author: actor.id,
    });
    for e in live {
        ctx.bus.publish(e);
    }
    // Topics read back in `list_topics`' order (`order by topic`: byte
    // order on SQLite and on PostgreSQL's "C" collations).
    let mut topics = topics;
    topics.sort_unstable();
    topics.dedup();
    let praise = match &praise {
        Some(p) => Some(praise::view_of(
            p,
            praise::recipients_of(ctx, &p.recipients).await?,
        )),
        None => None,
    };
    Ok(PostDetail {
        post: PostView {
            id,
            space_id: space.id,
            space_name: space.name,
            author_id: actor.id,
            author_handle,
            author_name,
            kind,
            title,
            body: input.body.clone(),
            body_html: html,
            important: input.important,
            accepted_comment_id: None,
            comment_count: 0,
            created_at: now,
            updated_at: now,
            hidden_rule_id: None,
        },
        reactions: HashMap::new(),
        my_reactions: Vec::new(),
        poll: options.into_iter().map(|o| (o, 0)).collect(),
        my_vote: None,
        topics,
        acked: false,
        can_edit: true,
        can_delete: true,
        can_accept: kind.takes_answers(),
        can_comment: true,
        addressed: plan.map(|p| p.addressed()),
        praise,
    })
}

/// A post the actor may read, without recording a view (for cards and
/// live updates).
///
/// # Errors
/// Storage failures.
pub async fn find_post(ctx: &Ctx, actor: &Actor, id: PostId) -> Result<Option<PostView>> {
    Ok(posts::find_post(&ctx.db, &actor.viewer(), id).await?)
}

/// Reads a post and records the reader's first view of it.
///
/// # Errors
/// `NotFound` for a post that does not exist or that the actor may not read.
pub async fn get_post(ctx: &Ctx, actor: &Actor, id: PostId) -> Result<PostDetail> {
    let post = posts::find_post(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    // An administrator reading a post of a secret space they are not in is audited.
    crate::audit::note_admin_read_of(ctx, actor, post.space_id).await?;
    let mut tx = ctx.db.begin().await?;
    if posts::record_view(&mut tx, id, actor.id, ctx.now()).await? {
        events::append_event(
            &mut tx,
            &event(actor, "post.viewed", id.as_uuid(), json!({}), ctx.now()),
        )
        .await?;
    }
    tx.commit().await?;
    detail(ctx, actor, post).await
}

/// Posts of a list with their counts, topics and the reader's reactions,
/// in a few queries for the whole page. List entries carry no permissions
/// (`can_*` are false); the post's own page computes those.
///
/// # Errors
/// Storage failures.
pub async fn summaries(ctx: &Ctx, actor: &Actor, list: Vec<PostView>) -> Result<Vec<PostDetail>> {
    let ids: Vec<PostId> = list.iter().map(|p| p.id).collect();
    let mut notes = posts::annotations(&ctx.db, &ids, actor.id).await?;
    let praise_ids: Vec<PostId> = list
        .iter()
        .filter(|p| p.kind == PostKind::Praise)
        .map(|p| p.id)
        .collect();
    let mut praise = samspill_store::culture::praise::praise_of(&ctx.db, &praise_ids).await?;
    let mut out = Vec::with_capacity(list.len());
    for post in list {
        let a = notes.remove(&post.id).unwrap_or_default();
        let (poll, my_vote) = if post.kind.has_options() {
            posts::poll_of(&ctx.db, post.id, actor.id).await?
        } else {
            (Vec::new(), None)
        };
        out.push(PostDetail {
            praise: praise.remove(&post.id),
            post,
            reactions: a.reactions,
            my_reactions: a.my_reactions,
            poll,
            my_vote,
            topics: a.topics,
            acked: a.acked,
            can_edit: false,
            can_delete: false,
            can_accept: false,
            can_comment: false,
            addressed: None,
        });
    }
    Ok(out)
}

/// The post with counts and the reader's permissions, without recording a view.
///
/// # Errors
/// Storage failures.
pub async fn detail(ctx: &Ctx, actor: &Actor, post: PostView) -> Result<PostDetail> {
    let (reactions, my_reactions) = posts::reactions_of(&ctx.db, post.id, actor.id).await?;
    let (poll, my_vote) = posts::poll_of(&ctx.db, post.id, actor.id).await?;
    let topics = posts::list_topics(&ctx.db, post.id).await?;
    let acked = posts::has_acked(&ctx.db, post.id, actor.id).await?;
    let space = spaces::get_space(ctx, actor, post.space_id).await?;
    let moderates = spaces::moderates(ctx, actor, &space).await?;
    let is_author = post.author_id == actor.id;
    let praise = if post.kind == PostKind::Praise {
        samspill_store::culture::praise::praise_of(&ctx.db, &[post.id])
            .await?
            .remove(&post.id)
    } else {
        None
    };
    Ok(PostDetail {
        praise,
        can_edit: is_author,
        can_delete: is_author || moderates,
        can_accept: post.kind.takes_answers() && (is_author || moderates),
        can_comment: spaces::can_take_part(ctx, actor, &space).await?,
        addressed: crate::leadership::announcements::addressed(ctx, post.id).await?,
        post,
        reactions,
        my_reactions,
        poll,
        my_vote,
        topics,
        acked,
    })
}

/// Edits title and body (the author only); the old version is kept.
///
/// # Errors
/// `NotFound`, `Forbidden` for others, `Invalid` for bad fields.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, post.id = %id))]
pub async fn edit_post(
    ctx: &Ctx,
    actor: &Actor,
    id: PostId,
    title: Option<&str>,
    body: Option<&str>,
) -> Result<PostView> {
    guidelines::require_accepted(ctx, actor).await?;
    let post = posts::find_post(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    if post.author_id != actor.id {
        return Err(Error::Forbidden);
    }
    let mut errors = Vec::new();
    // Only what is given is checked: a stored field written under older
    // rules is kept as it is.
    let mut free = |field, given: Option<&str>, stored: &str| match given {
        Some(s) => free_text(field, s)
            .map_err(|e| errors.push(e))
            .unwrap_or_default(),
        None => stored.to_owned(),
    };
    let title = free("title", title, &post.title).trim().to_owned();
    let body = free("body", body, &post.body);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    check_text("title", &title, 0, 200, &mut errors);
    check_text("body", &body, 1, 20_000, &mut errors);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let (html, mentioned, topics) = render(ctx, &body).await?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    posts::update_post(&mut tx, id, actor.id, &title, &body, &html, now).await?;
    posts::delete_topics(&mut tx, id).await?;
    posts::insert_topics(&mut tx, id, &topics, post.created_at).await?;
    // Followers of a topic the edit added get the post too.
    samspill_store::social::timeline::fan_out(
        &mut tx,
        id,
        post.space_id,
        post.author_id,
        post.created_at,
    )
    .await?;
    let new_mentions = posts::insert_mentions(&mut tx, id, &mentioned).await?;
    let list = new_mentions
        .into_iter()
        .map(|p| notification(p, "mention", actor, id, None, now))
        .collect();
    let live = notify(&mut tx, list, actor).await?;
    events::append_event(
        &mut tx,
        &event(actor, "post.edited", id.as_uuid(), json!({}), now),
    )
    .await?;
    tx.commit().await?;
    for e in live {
        ctx.bus.publish(e);
    }
    posts::find_post(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)
}

/// Deletes a post (softly): its author, a moderator of its space or an admin.
///
/// # Errors
/// `NotFound`, `Forbidden`.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, post.id = %id))]
pub async fn delete_post(ctx: &Ctx, actor: &Actor, id: PostId) -> Result<()> {
    let post = posts::find_post(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    let space = spaces::get_space(ctx, actor, post.space_id).await?;
    if post.author_id != actor.id && !spaces::moderates(ctx, actor, &space).await? {
        return Err(Error::Forbidden);
    }
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    posts::soft_delete_post(&mut tx, id, now).await?;
    events::append_event(
        &mut tx,
        &event(actor, "post.deleted", id.as_uuid(), json!({}), now),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds (`on`) or removes a reaction; idempotent.
///
/// # Errors
/// `NotFound`.
pub async fn react(
    ctx: &Ctx,
    actor: &Actor,
    id: PostId,
    kind: Reaction,
    on: bool,
) -> Result<PostDetail> {
    let post = posts::find_post(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let mut live = Vec::new();
    if on {
        if posts::insert_reaction(&mut tx, id, actor.id, kind, now).await? {
            let n = vec![notification(
                post.author_id,
                "reaction",
                actor,
                id,
                None,
                now,
            )];
            live = notify(&mut tx, n, actor).await?;
            events::append_event(
                &mut tx,
                &event(
                    actor,
                    "post.reacted",
                    id.as_uuid(),
                    json!({"kind": kind}),
                    now,
                ),
            )
            .await?;
        }
    } else {
        posts::delete_reaction(&mut tx, id, actor.id, kind).await?;
    }
    tx.commit().await?;
    for e in live {
        ctx.bus.publish(e);
    }
    detail(ctx, actor, post).await
}

/// Votes on a poll (or changes one's vote).
///
/// # Errors
/// `NotFound`; `Conflict` when the post is not a poll; `Invalid` for an
/// option that does not exist.
pub async fn vote(ctx: &Ctx, actor: &Actor, id: PostId, option: i64) -> Result<PostDetail> {
    let post = posts::find_post(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    if !post.kind.has_options() {
        return Err(Error::Conflict {
            code: "not_a_poll",
            message: "this post is not a poll".into(),
        });
    }
    // A poll's options are fixed when it is made, so they may be read before
    // the transaction; one vote per person is the key of `poll_votes`.
    let (options, _) = posts::poll_of(&ctx.db, id, actor.id).await?;
    if option < 0 || option >= i64::try_from(options.len()).unwrap_or(0) {
        return Err(ValidationError::new("option", "invalid", "no such option").into());
    }
    let mut tx = ctx.db.begin().await?;
    if !posts::lock_live_post(&mut tx, id, PostLock::Share).await? {
        return Err(Error::NotFound);
    }
    posts::upsert_vote(&mut tx, id, actor.id, option, ctx.now()).await?;
    tx.commit().await?;
    detail(ctx, actor, post).await
}

/// Accepts an answer on a question: the asker or a moderator.
///
/// # Errors
/// `NotFound`, `Forbidden`; `Conflict` when the post is not a question or
/// the comment is not on it.
pub async fn accept_answer(
    ctx: &Ctx,
    actor: &Actor,
    id: PostId,
    comment: CommentId,
) -> Result<PostDetail> {
    let post = posts::find_post(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    let d = detail(ctx, actor, post).await?;
    if !d.post.kind.takes_answers() {
        return Err(Error::Conflict {
            code: "not_a_question",
            message: "only questions have accepted answers".into(),
        });
    }
    if !d.can_accept {
        return Err(Error::Forbidden);
    }
    let c = comments::find_comment(&ctx.db, &actor.viewer(), comment)
        .await?
        .filter(|c| c.post_id == id)
        .ok_or_else(|| {
            Error::Invalid(vec![ValidationError::new(
                "comment_id",
                "invalid",
                "not a comment on this post",
            )])
        })?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    if !posts::lock_live_post(&mut tx, id, PostLock::Update).await? {
        return Err(Error::NotFound);
    }
    posts::set_accepted(&mut tx, id, Some(comment)).await?;
    let live = notify(
        &mut tx,
        vec![notification(
            c.author_id,
            "accepted",
            actor,
            id,
            Some(comment),
            now,
        )],
        actor,
    )
    .await?;
    events::append_event(
        &mut tx,
        &event(
            actor,
            "answer.accepted",
            id.as_uuid(),
            json!({"comment_id": comment.to_string()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    for e in live {
        ctx.bus.publish(e);
    }
    let post = posts::find_post(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    detail(ctx, actor, post).await
}

/// "I have read this": unpins an important post, or an addressed one that
/// asks for acknowledgement, from the actor's feed.
///
/// # Errors
/// `NotFound`.
pub async fn acknowledge(ctx: &Ctx, actor: &Actor, id: PostId) -> Result<()> {
    posts::find_post(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    posts::insert_ack(&mut tx, id, actor.id, now).await?;
    events::append_event(
        &mut tx,
        &event(actor, "post.acknowledged", id.as_uuid(), json!({}), now),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str, options: &[&str]) -> PostInput {
        PostInput {
            kind: kind.into(),
            body: "Hello".into(),
            options: options.iter().map(|s| (*s).to_owned()).collect(),
            ..PostInput::default()
        }
    }

    #[test]
    fn polls_need_two_to_ten_options_and_others_none() {
        assert!(validate(&input("poll", &["a", "b"])).is_ok());
        assert!(validate(&input("poll", &["a"])).is_err());
        assert!(validate(&input("poll", &["a"; 11])).is_err());
        assert!(validate(&input("poll", &["a", " "])).is_err());
        assert!(validate(&input("discussion", &["a", "b"])).is_err());
        assert!(validate(&input("discussion", &[])).is_ok());
    }

    #[test]
    fn unknown_kinds_and_empty_bodies_are_refused() {
        let Err(Error::Invalid(e)) = validate(&PostInput {
            kind: "rant".into(),
            ..PostInput::default()
        }) else {
            panic!()
        };
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["kind", "body"]);
    }
}
