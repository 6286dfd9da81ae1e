//! The home feed and follows.
//!
//! The feed merges sources newest first: the org space, the person's unit
//! space and every space they belong to or follow; the people and topics
//! they follow. All but the org space are written ahead into the person's
//! timeline (`store::social::timeline`), so a page is one range of the
//! timeline and one of the org space, in one statement that returns only
//! ids (`posts::home_heads`); then the page's posts are read by id. Past the
//! timeline's end, each source is read on its own index in the feed's order
//! (`posts::feed_heads`). Important posts of the person's home spaces that
//! they have not acknowledged come first, on the first page only.

use samspill_domain::text::{free_text, refuse_controls};
use samspill_domain::{PersonId, PostId, SpaceId, ValidationError};
use samspill_store::social::posts::{self, FeedSource, PostCursor, PostView};
use samspill_store::{social::follows, social::spaces};

use crate::shared::clock::rfc3339;
use crate::shared::page::{self, Page};
use crate::{Actor, Ctx, Error, Result};

/// A feed page: pinned important posts (first page only), then the rest.
#[derive(Debug, Clone)]
pub struct Feed {
    /// Important, unacknowledged.
    pub pinned: Vec<PostView>,
    /// Newest first.
    pub posts: Page<PostView>,
}

fn decode_cursor(cursor: Option<&str>) -> Result<Option<PostCursor>> {
    let Some(c) = cursor else { return Ok(None) };
    let (t, id): (String, PostId) = page::decode(c)?;
    let t = time::OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339)
        .map_err(|_| ValidationError::new("cursor", "invalid", "not a cursor from this list"))?;
    Ok(Some((t, id)))
}

/// Encodes the cursor after a post.
#[must_use]
pub fn cursor_of(p: &PostView) -> String {
    page::encode(&(rfc3339(p.created_at), p.id))
}

/// At most this many important posts are pinned on top.
const PINNED: i64 = 10;

fn ids_of(heads: &[(PostId, time::OffsetDateTime)]) -> Vec<PostId> {
    heads.iter().map(|h| h.0).collect()
}

/// What a person's home feed draws from: their home spaces (the org space,
/// their unit's, those they belong to) and every source they follow.
#[derive(Debug, Clone, Default)]
pub struct FeedSources {
    /// Home spaces, whose important posts are pinned.
    pub home: Vec<SpaceId>,
    /// Every source, home spaces first, each once.
    pub sources: Vec<FeedSource>,
}

impl FeedSources {
    /// The actor's sources now.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn of(ctx: &Ctx, actor: &Actor) -> Result<Self> {
        let home = spaces::list_home_space_ids(&ctx.db, &actor.viewer()).await?;
        let mut sources: Vec<FeedSource> = home.iter().copied().map(FeedSource::Space).collect();
        // Visions and announcements addressed to them, whatever they follow.
        sources.push(FeedSource::Addressed(actor.id));
        for (kind, target) in follows::list_all_follows(&ctx.db, actor.id).await? {
            if let Some(s) = FeedSource::from_follow(&kind, target)
                && !sources.contains(&s)
            {
                sources.push(s);
            }
        }
        Ok(Self { home, sources })
    }

    fn has(&self, source: &FeedSource) -> bool {
        self.sources.contains(source)
    }
}

/// A new post as the live stream sends it, when it belongs in the actor's
/// feed (by `sources`, read when their stream opened) and they may read it;
/// `None` for their own posts and for everything else.
///
/// # Errors
/// Storage failures.
pub async fn live_post(
    ctx: &Ctx,
    actor: &Actor,
    sources: &FeedSources,
    post: PostId,
    space: SpaceId,
    author: PersonId,
) -> Result<Option<crate::social::posts::PostDetail>> {
    if author == actor.id {
        return Ok(None);
    }
    let mut belongs =
        sources.has(&FeedSource::Space(space)) || sources.has(&FeedSource::Author(author));
    if !belongs
        && sources
            .sources
            .iter()
            .any(|s| matches!(s, FeedSource::Topic(_)))
    {
        belongs = posts::list_topics(&ctx.db, post)
            .await?
            .into_iter()
            .any(|t| sources.has(&FeedSource::Topic(t)));
    }
    if !belongs && sources.has(&FeedSource::Addressed(actor.id)) {
        belongs =
            samspill_store::leadership::announcements::is_addressed_to(&ctx.db, post, actor.id)
                .await?;
    }
    if !belongs {
        return Ok(None);
    }
    let Some(view) = posts::find_post(&ctx.db, &actor.viewer(), post).await? else {
        return Ok(None);
    };
    Ok(crate::social::posts::summaries(ctx, actor, vec![view])
        .await?
        .pop())
}

/// The actor's home feed.
///
/// A page is one statement over the actor's timeline and the org space
/// (`posts::home_heads`), then the page's posts by id. Past the timeline's
/// end (older than what it holds, or a person whose timeline is still
/// empty) the page continues from the sources themselves, after the
/// timeline's last entry, so no post of a source is ever missed.
///
/// # Errors
/// `Invalid` for a bad cursor or limit.
pub async fn home(
    ctx: &Ctx,
    actor: &Actor,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Feed> {
    let limit = page::limit(limit)?;
    let after = decode_cursor(cursor)?;
    let viewer = actor.viewer();
    let posts::HomeHeads {
        timeline,
        org,
        mut pinned,
    } = posts::home_heads(&ctx.db, &viewer, after.as_ref(), limit + 1).await?;
    let ended = i64::try_from(timeline.len()).unwrap_or(i64::MAX) <= limit;
    let mut lists = Vec::with_capacity(3);
    if ended {
        let from = timeline.last().map(|&(id, at)| (at, id)).or(after);
        let FeedSources { sources, .. } = FeedSources::of(ctx, actor).await?;
        lists.push(posts::feed_heads(&ctx.db, &viewer, &sources, from.as_ref(), limit + 1).await?);
    }
    lists.push(timeline);
    lists.push(org);
    let heads = posts::merge_heads(lists, limit + 1);
    pinned.truncate(usize::try_from(PINNED).unwrap_or(0));
    // The page's posts and the pinned ones in one read.
    let mut ids = ids_of(&heads);
    let extra: Vec<PostId> = pinned
        .iter()
        .map(|h| h.0)
        .filter(|id| !ids.contains(id))
        .collect();
    ids.extend(extra);
    let mut rows = posts::list_posts_by_ids(&ctx.db, &viewer, &ids).await?;
    let pinned_ids: Vec<PostId> = pinned.iter().map(|h| h.0).collect();
    let pinned: Vec<PostView> = rows
        .iter()
        .filter(|p| pinned_ids.contains(&p.id))
        .cloned()
        .collect();
    rows.retain(|p| heads.iter().any(|h| h.0 == p.id));
    Ok(Feed {
        pinned,
        posts: page::split(rows, limit, cursor_of),
    })
}

/// A page of a space's posts.
///
/// # Errors
/// `NotFound` for a space the actor cannot see, `Forbidden` when they see
/// it but may not read it, `Invalid` for a bad cursor or limit.
pub async fn space_posts(
    ctx: &Ctx,
    actor: &Actor,
    space: SpaceId,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<PostView>> {
    let s = crate::social::spaces::get_space(ctx, actor, space).await?;
    if !s.can_read {
        return Err(Error::Forbidden);
    }
    let limit = page::limit(limit)?;
    let after = decode_cursor(cursor)?;
    let rows =
        posts::list_space_posts(&ctx.db, &actor.viewer(), space, after.as_ref(), limit + 1).await?;
    Ok(page::split(rows, limit, cursor_of))
}

/// A page of the posts with a topic.
///
/// # Errors
/// `Invalid` for a bad cursor or limit, or a topic with a control character.
pub async fn topic_posts(
    ctx: &Ctx,
    actor: &Actor,
    topic: &str,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<PostView>> {
    let limit = page::limit(limit)?;
    refuse_controls("topic", topic)?;
    let after = decode_cursor(cursor)?;
    // The topic's branch of the feed read, alone: ids in order, then posts.
    let source = [FeedSource::Topic(topic.to_lowercase())];
    let viewer = actor.viewer();
    let heads = posts::feed_heads(&ctx.db, &viewer, &source, after.as_ref(), limit + 1).await?;
    let rows = posts::list_posts_by_ids(&ctx.db, &viewer, &ids_of(&heads)).await?;
    Ok(page::split(rows, limit, cursor_of))
}

/// What to follow.
#[derive(Debug, Clone)]
pub enum Target {
    /// A person.
    Person(PersonId),
    /// A topic (lowercase).
    Topic(String),
    /// A space.
    Space(SpaceId),
}

impl Target {
    fn parts(&self) -> (&'static str, String) {
        match self {
            Self::Person(p) => ("person", p.to_string()),
            Self::Topic(t) => ("topic", t.trim().trim_start_matches('#').to_lowercase()),
            Self::Space(s) => ("space", s.to_string()),
        }
    }
}

/// Follows (`on`) or unfollows a person, topic or space; idempotent.
///
/// # Errors
/// `NotFound` for an unknown person or a space the actor cannot see;
/// `Invalid` for an empty topic or following oneself.
pub async fn follow(ctx: &Ctx, actor: &Actor, target: &Target, on: bool) -> Result<()> {
    match target {
        Target::Person(p) => {
            samspill_store::org::people::find_person(&ctx.db, *p)
                .await?
                .ok_or(Error::NotFound)?;
            if *p == actor.id {
                return Err(ValidationError::new(
                    "person_id",
                    "invalid",
                    "you cannot follow yourself",
                )
                .into());
            }
        }
        Target::Space(s) => {
            crate::social::spaces::get_space(ctx, actor, *s).await?;
        }
        Target::Topic(_) => {}
    }
    let (kind, key) = target.parts();
    let key = match target {
        Target::Topic(_) => free_text("topic", &key)?,
        Target::Person(_) | Target::Space(_) => key,
    };
    if key.is_empty() || key.chars().count() > 50 {
        return Err(ValidationError::new("topic", "invalid", "1 to 50 characters").into());
    }
    let mut tx = ctx.db.begin().await?;
    if on {
        follows::insert_follow(&mut tx, actor.id, kind, &key, ctx.now()).await?;
    } else {
        follows::delete_follow(&mut tx, actor.id, kind, &key).await?;
    }
    tx.commit().await?;
    // Their open streams, on every server, read their sources again.
    ctx.bus
        .publish(crate::shared::live::LiveEvent::FeedChanged { person: actor.id });
    Ok(())
}

/// What the actor follows: `(kind, target)`.
///
/// # Errors
/// Storage failures.
pub async fn following(ctx: &Ctx, actor: &Actor) -> Result<Vec<(&'static str, String)>> {
    let mut out = Vec::new();
    for kind in ["person", "topic", "space"] {
        for t in follows::list_follows(&ctx.db, actor.id, kind).await? {
            out.push((kind, t));
        }
    }
    Ok(out)
}
