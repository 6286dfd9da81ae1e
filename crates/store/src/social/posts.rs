//! Posts and what hangs on them: revisions, topics, mentions, reactions,
//! polls, first-view receipts and acknowledgements. Every read filters with
//! the visibility predicate and skips deleted posts.
//!
//! Lists are keyset-paged in the feed's order, `(created_at, id)`
//! descending, on indexes in that order; there is no offset anywhere.

use std::collections::HashMap;

use samspill_domain::{CommentId, PersonId, PostId, PostKind, Reaction, SpaceId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{locking_sql, on_db, on_tx};
use crate::visibility::{Viewer, bind_viewer, can_read_space_sql, not_hidden_sql};
use crate::{Db, Error, Result, Ts, Tx};

/// A post as lists and pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostView {
    /// Id.
    pub id: PostId,
    /// Its space.
    pub space_id: SpaceId,
    /// The space's name.
    pub space_name: String,
    /// Author.
    pub author_id: PersonId,
    /// Author's handle.
    pub author_handle: String,
    /// Author's name.
    pub author_name: String,
    /// What kind of post.
    pub kind: PostKind,
    /// Title (may be empty).
    pub title: String,
    /// Markdown source.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// Pinned in feeds until acknowledged.
    pub important: bool,
    /// The accepted answer of a question.
    pub accepted_comment_id: Option<CommentId>,
    /// Live comments.
    pub comment_count: i64,
    /// Created.
    pub created_at: OffsetDateTime,
    /// Last edited (equals `created_at` when never edited).
    pub updated_at: OffsetDateTime,
    /// The rule cited when a moderator hid it; `None` while it is shown.
    /// Only its author, moderators and administrators read a hidden post.
    pub hidden_rule_id: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PostRow {
    id: Uuid,
    space_id: Uuid,
    space_name: String,
    author_id: Uuid,
    author_handle: String,
    author_name: String,
    kind: String,
    title: String,
    body: String,
    body_html: String,
    important: bool,
    accepted_comment_id: Option<Uuid>,
    comment_count: i64,
    created_at: Ts,
    updated_at: Ts,
    hidden_rule_id: Option<String>,
}

impl TryFrom<PostRow> for PostView {
    type Error = Error;

    fn try_from(r: PostRow) -> Result<Self> {
        let kind =
            PostKind::parse(&r.kind).map_err(|_| Error::undecodable("posts.kind", r.kind))?;
        Ok(Self {
            id: PostId::from_uuid(r.id),
            space_id: SpaceId::from_uuid(r.space_id),
            space_name: r.space_name,
            author_id: PersonId::from_uuid(r.author_id),
            author_handle: r.author_handle,
            author_name: r.author_name,
            kind,
            title: r.title,
            body: r.body,
            body_html: r.body_html,
            important: r.important,
            accepted_comment_id: r.accepted_comment_id.map(CommentId::from_uuid),
            comment_count: r.comment_count,
            created_at: r.created_at.get(),
            updated_at: r.updated_at.get(),
            hidden_rule_id: r.hidden_rule_id,
        })
    }
}

fn reaction(stored: String) -> Result<Reaction> {
    Reaction::parse(&stored).map_err(|_| Error::undecodable("reactions.kind", stored))
}

/// `(created_at, id)` of the last post of a page.
pub type PostCursor = (OffsetDateTime, PostId);

/// The cursor before every post: the first page starts here.
fn start_cursor() -> (Ts, Uuid) {
    (
        Ts::new(time::macros::datetime!(9999-12-31 0:00 UTC)),
        Uuid::max(),
    )
}

fn cursor_args(cursor: Option<&PostCursor>) -> (Ts, Uuid) {
    cursor.map_or_else(start_cursor, |(t, id)| (Ts::new(*t), id.as_uuid()))
}

// The columns of a `PostRow`, from `posts p`, `spaces s` and `people a`.
macro_rules! post_columns {
    () => {
        "select p.id, p.space_id, s.name as space_name, p.author_id, a.handle as author_handle,
                a.name as author_name, p.kind, p.title, p.body, p.body_html, p.important,
                p.accepted_comment_id, p.comment_count, p.created_at, p.updated_at, p.hidden_rule_id"
    };
}

// Viewer in $1..$3, the cursor in $4/$5, the limit in $6, the filter in $7.
macro_rules! select_posts {
    ($filter:literal) => {
        concat!(
            post_columns!(),
            "
             from posts p
             join spaces s on s.id = p.space_id
             join people a on a.id = p.author_id
             where ",
            $filter,
            "
               and p.deleted_at is null
               and p.created_at <= $4 and (p.created_at < $4 or p.id < $5)
               and ",
            can_read_space_sql!("p.space_id"),
            " and ",
            not_hidden_sql!("p.hidden_at", "p.author_id", "p.space_id"),
            "
             order by p.created_at desc, p.id desc
             limit $6"
        )
    };
}

/// A post to create.
#[derive(Debug, Clone)]
pub struct NewPost {
    /// Id.
    pub id: PostId,
    /// Space.
    pub space_id: SpaceId,
    /// Author.
    pub author_id: PersonId,
    /// Kind.
    pub kind: PostKind,
    /// Title.
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// Important?
    pub important: bool,
    /// When.
    pub created_at: OffsetDateTime,
}

/// Creates a post; returns its author's handle and name as stored, read in
/// the same statement, so the caller can answer without reading the post back.
pub async fn insert_post(tx: &mut Tx, p: &NewPost) -> Result<(String, String)> {
    const SQL: &str =
        "insert into posts (id, space_id, author_id, kind, title, body, body_html, important,
            accepted_comment_id, comment_count, created_at, updated_at, deleted_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, null, 0, $9, $9, null)
        returning (select a.handle from people a where a.id = posts.author_id),
            (select a.name from people a where a.id = posts.author_id)";
    let row: (String, String) = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(p.id.as_uuid())
        .bind(p.space_id.as_uuid())
        .bind(p.author_id.as_uuid())
        .bind(p.kind.as_str())
        .bind(&p.title)
        .bind(&p.body)
        .bind(&p.body_html)
        .bind(p.important)
        .bind(Ts::new(p.created_at))
        .fetch_one(c)
        .await)?;
    Ok(row)
}

/// Replaces title and body, keeping the old ones as a revision.
pub async fn update_post(
    tx: &mut Tx,
    id: PostId,
    editor: PersonId,
    title: &str,
    body: &str,
    body_html: &str,
    at: OffsetDateTime,
) -> Result<()> {
    const KEEP: &str = "insert into post_revisions (id, post_id, editor_id, title, body, edited_at)
        select $2, id, $3, title, body, $4 from posts where id = $1";
    const SET: &str =
        "update posts set title = $2, body = $3, body_html = $4, updated_at = $5 where id = $1";
    on_tx!(tx, |c| sqlx::query(KEEP)
        .bind(id.as_uuid())
        .bind(Uuid::now_v7())
        .bind(editor.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    on_tx!(tx, |c| sqlx::query(SET)
        .bind(id.as_uuid())
        .bind(title)
        .bind(body)
        .bind(body_html)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The earlier versions of a post, oldest first: `(title, body, edited_at)`.
pub async fn list_revisions(db: &Db, id: PostId) -> Result<Vec<(String, String, OffsetDateTime)>> {
    const SQL: &str = "select title, body, edited_at from post_revisions where post_id = $1 order by edited_at, id";
    let rows: Vec<(String, String, Ts)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(t, b, at)| (t, b, at.get()))
        .collect())
}

/// Marks a post deleted; it disappears from every read.
pub async fn soft_delete_post(tx: &mut Tx, id: PostId, at: OffsetDateTime) -> Result<()> {
    const SQL: &str = "update posts set deleted_at = $2 where id = $1 and deleted_at is null";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// One post the viewer may read.
pub async fn find_post(db: &Db, viewer: &Viewer, id: PostId) -> Result<Option<PostView>> {
    const SQL: &str = select_posts!("p.id = $7");
    let (t, u) = start_cursor();
    let row: Option<PostRow> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(t)
        .bind(u)
        .bind(1_i64)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    row.map(TryInto::try_into).transpose()
}

/// Praise posts the viewer may read, newest first: of one value (`value`),
/// to one person (`recipient`), or all of them. Culture's pages list praise
/// here, so the one post query and its visibility predicate serve them.
pub async fn list_praise_posts(
    db: &Db,
    viewer: &Viewer,
    value: Option<Uuid>,
    recipient: Option<PersonId>,
    limit: i64,
) -> Result<Vec<PostView>> {
    const BY_VALUE: &str = select_posts!(
        "exists (select 1 from praise pr where pr.post_id = p.id and pr.value_id = $7)"
    );
    const TO: &str = select_posts!(
        "exists (select 1 from praise_recipients rr where rr.post_id = p.id and rr.person_id = $7)"
    );
    const ALL: &str = select_posts!(
        "exists (select 1 from praise pr where pr.post_id = p.id and pr.post_id <> $7)"
    );
    let (sql, arg) = match (value, recipient) {
        (Some(v), _) => (BY_VALUE, v),
        (None, Some(r)) => (TO, r.as_uuid()),
        (None, None) => (ALL, Uuid::nil()),
    };
    let (t, u) = start_cursor();
    let rows: Vec<PostRow> = on_db!(db, |p| bind_viewer!(sqlx::query_as(sql), viewer)
        .bind(t)
        .bind(u)
        .bind(limit)
        .bind(arg)
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// A page of a space's posts.
pub async fn list_space_posts(
    db: &Db,
    viewer: &Viewer,
    space: SpaceId,
    cursor: Option<&PostCursor>,
    limit: i64,
) -> Result<Vec<PostView>> {
    const SQL: &str = select_posts!("p.space_id = $7");
    let (t, u) = cursor_args(cursor);
    let rows: Vec<PostRow> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(t)
        .bind(u)
        .bind(limit)
        .bind(space.as_uuid())
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// Tags a post with topics, in one statement; `at` is the post's creation
/// time (the topic feed is ordered on it).
pub async fn insert_topics(
    tx: &mut Tx,
    post: PostId,
    topics: &[String],
    at: OffsetDateTime,
) -> Result<()> {
    if topics.is_empty() {
        return Ok(());
    }
    // `($1, $3, $2), ($1, $4, $2), …`: only placeholders are formatted in;
    // values are bound.
    let rows = (0..topics.len())
        .map(|i| format!("($1, ${}, $2)", i + 3))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "insert into post_topics (post_id, topic, created_at) values {rows}
        on conflict (post_id, topic) do nothing"
    );
    on_tx!(tx, |c| {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(post.as_uuid())
            .bind(Ts::new(at));
        for topic in topics {
            q = q.bind(topic);
        }
        q.execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Replaces a post's topics (after an edit).
pub async fn delete_topics(tx: &mut Tx, post: PostId) -> Result<()> {
    const SQL: &str = "delete from post_topics where post_id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(post.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records who a post mentions, in one statement; returns those not
/// recorded before, in the order given.
pub async fn insert_mentions(
    tx: &mut Tx,
    post: PostId,
    people: &[PersonId],
) -> Result<Vec<PersonId>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    // `($1, $2), ($1, $3), …`: only placeholders are formatted in; values
    // are bound.
    let rows = (0..people.len())
        .map(|i| format!("($1, ${})", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "insert into post_mentions (post_id, person_id) values {rows}
        on conflict (post_id, person_id) do nothing returning person_id"
    );
    let added: Vec<(Uuid,)> = on_tx!(tx, |c| {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(post.as_uuid());
        for person in people {
            q = q.bind(person.as_uuid());
        }
        q.fetch_all(c).await
    })?;
    let added: std::collections::HashSet<Uuid> = added.into_iter().map(|(id,)| id).collect();
    let mut new = Vec::new();
    for person in people {
        if added.contains(&person.as_uuid()) && !new.contains(person) {
            new.push(*person);
        }
    }
    Ok(new)
}

/// The topics of a post.
pub async fn list_topics(db: &Db, post: PostId) -> Result<Vec<String>> {
    const SQL: &str = "select topic from post_topics where post_id = $1 order by topic";
    let rows: Vec<(String,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(post.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows.into_iter().map(|(t,)| t).collect())
}

/// Adds a reaction (no change if present); returns whether it was new.
pub async fn insert_reaction(
    tx: &mut Tx,
    post: PostId,
    person: PersonId,
    kind: Reaction,
    at: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str =
        "insert into reactions (post_id, person_id, kind, created_at) values ($1, $2, $3, $4)
        on conflict (post_id, person_id, kind) do nothing";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(post.as_uuid())
        .bind(person.as_uuid())
        .bind(kind.as_str())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Removes a reaction (no change if absent).
pub async fn delete_reaction(
    tx: &mut Tx,
    post: PostId,
    person: PersonId,
    kind: Reaction,
) -> Result<()> {
    const SQL: &str = "delete from reactions where post_id = $1 and person_id = $2 and kind = $3";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(post.as_uuid())
        .bind(person.as_uuid())
        .bind(kind.as_str())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Reaction counts per kind, and the viewer's own reactions, of one post.
pub async fn reactions_of(
    db: &Db,
    post: PostId,
    viewer: PersonId,
) -> Result<(HashMap<Reaction, i64>, Vec<Reaction>)> {
    const COUNTS: &str = "select kind, count(*) from reactions where post_id = $1 group by kind";
    const MINE: &str =
        "select kind from reactions where post_id = $1 and person_id = $2 order by kind";
    let counts: Vec<(String, i64)> = on_db!(db, |p| sqlx::query_as(COUNTS)
        .bind(post.as_uuid())
        .fetch_all(p)
        .await)?;
    let mine: Vec<(String,)> = on_db!(db, |p| sqlx::query_as(MINE)
        .bind(post.as_uuid())
        .bind(viewer.as_uuid())
        .fetch_all(p)
        .await)?;
    let counts = counts
        .into_iter()
        .map(|(k, n)| Ok((reaction(k)?, n)))
        .collect::<Result<_>>()?;
    let mine = mine
        .into_iter()
        .map(|(k,)| reaction(k))
        .collect::<Result<_>>()?;
    Ok((counts, mine))
}

/// Adds the options of a poll.
pub async fn insert_poll_options(tx: &mut Tx, post: PostId, options: &[String]) -> Result<()> {
    const SQL: &str = "insert into poll_options (post_id, position, text) values ($1, $2, $3)";
    for (i, text) in options.iter().enumerate() {
        on_tx!(tx, |c| sqlx::query(SQL)
            .bind(post.as_uuid())
            .bind(i64::try_from(i).unwrap_or(i64::MAX))
            .bind(text)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Casts or changes a vote.
pub async fn upsert_vote(
    tx: &mut Tx,
    post: PostId,
    person: PersonId,
    position: i64,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "insert into poll_votes (post_id, person_id, position, voted_at) values ($1, $2, $3, $4)
        on conflict (post_id, person_id) do update set position = excluded.position, voted_at = excluded.voted_at";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(post.as_uuid())
        .bind(person.as_uuid())
        .bind(position)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A poll's options with vote counts, and the viewer's vote.
pub async fn poll_of(
    db: &Db,
    post: PostId,
    viewer: PersonId,
) -> Result<(Vec<(String, i64)>, Option<i64>)> {
    const OPTIONS: &str = "select o.text, (select count(*) from poll_votes v where v.post_id = o.post_id and v.position = o.position)
        from poll_options o where o.post_id = $1 order by o.position";
    const MINE: &str = "select position from poll_votes where post_id = $1 and person_id = $2";
    let options: Vec<(String, i64)> = on_db!(db, |p| sqlx::query_as(OPTIONS)
        .bind(post.as_uuid())
        .fetch_all(p)
        .await)?;
    let mine: Option<(i64,)> = on_db!(db, |p| sqlx::query_as(MINE)
        .bind(post.as_uuid())
        .bind(viewer.as_uuid())
        .fetch_optional(p)
        .await)?;
    Ok((options, mine.map(|(m,)| m)))
}

/// Records the first view of a post by a person; later views change nothing.
pub async fn record_view(
    tx: &mut Tx,
    post: PostId,
    person: PersonId,
    at: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str =
        "insert into post_views (post_id, person_id, first_viewed_at) values ($1, $2, $3)
        on conflict (post_id, person_id) do nothing";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(post.as_uuid())
        .bind(person.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// How many people have opened a post.
pub async fn count_views(db: &Db, post: PostId) -> Result<i64> {
    const SQL: &str = "select count(*) from post_views where post_id = $1";
    let (n,): (i64,) = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(post.as_uuid())
        .fetch_one(p)
        .await)?;
    Ok(n)
}

/// "I have read this" on an important post.
pub async fn insert_ack(
    tx: &mut Tx,
    post: PostId,
    person: PersonId,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "insert into post_acks (post_id, person_id, acked_at) values ($1, $2, $3)
        on conflict (post_id, person_id) do nothing";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(post.as_uuid())
        .bind(person.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Has the person acknowledged the post?
pub async fn has_acked(db: &Db, post: PostId, person: PersonId) -> Result<bool> {
    const SQL: &str = "select count(*) from post_acks where post_id = $1 and person_id = $2";
    let (n,): (i64,) = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(post.as_uuid())
        .bind(person.as_uuid())
        .fetch_one(p)
        .await)?;
    Ok(n > 0)
}

/// Sets the accepted answer of a question.
pub async fn set_accepted(tx: &mut Tx, post: PostId, comment: Option<CommentId>) -> Result<()> {
    const SQL: &str = "update posts set accepted_comment_id = $2 where id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(post.as_uuid())
        .bind(comment.map(|c| c.as_uuid()))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// How a transaction holds a post its rule depends on (see [`lock_live_post`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostLock {
    /// It writes rows that hang on the post (a vote): deleting the post waits.
    Share,
    /// It also changes the post's row (the accepted answer): deleting it, and
    /// any other change of the row, waits.
    Update,
}

/// Holds a post that is not deleted until the transaction ends, so that what
/// the transaction writes about it is not written to a post deleted
/// meanwhile; returns whether there is such a post. On PostgreSQL the row is
/// locked as `lock` says; SQLite's write transaction holds the write lock.
pub async fn lock_live_post(tx: &mut Tx, id: PostId, lock: PostLock) -> Result<bool> {
    let sql = match lock {
        PostLock::Share => locking_sql!(
            &*tx,
            "select id from posts where id = $1 and deleted_at is null",
            "for share"
        ),
        PostLock::Update => locking_sql!(
            &*tx,
            "select id from posts where id = $1 and deleted_at is null",
            "for no key update"
        ),
    };
    let row: Option<(Uuid,)> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await)?;
    Ok(row.is_some())
}

/// Adds `delta` to a post's comment count.
pub async fn add_comment_count(tx: &mut Tx, post: PostId, delta: i64) -> Result<()> {
    const SQL: &str = "update posts set comment_count = comment_count + $2 where id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(post.as_uuid())
        .bind(delta)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The author and space of a post, deleted or not (for permission checks
/// after visibility has been established).
pub async fn find_post_owner(db: &Db, post: PostId) -> Result<Option<(PersonId, SpaceId)>> {
    const SQL: &str = "select author_id, space_id from posts where id = $1 and deleted_at is null";
    let row: Option<(Uuid, Uuid)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(post.as_uuid())
        .fetch_optional(p)
        .await)?;
    Ok(row.map(|(a, s)| (PersonId::from_uuid(a), SpaceId::from_uuid(s))))
}

/// `$from, $from+1, …` for `n` values: the placeholders of an `in (…)` list.
pub(crate) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Per post of a page: reaction counts by kind, the viewer's reactions,
/// topics and whether the viewer acknowledged it; two queries for the
/// whole page.
pub async fn annotations(
    db: &Db,
    ids: &[PostId],
    viewer: PersonId,
) -> Result<HashMap<PostId, Annotation>> {
    let mut out: HashMap<PostId, Annotation> =
        ids.iter().map(|id| (*id, Annotation::default())).collect();
    if ids.is_empty() {
        return Ok(out);
    }
    let list = placeholders(2, ids.len());
    // Only placeholders are formatted into these statements; values are bound.
    // Per kind: how many, and whether one of them is the viewer's.
    let reactions_sql = format!(
        "select post_id, kind, count(*), sum(case when person_id = $1 then 1 else 0 end)
         from reactions where post_id in ({list}) group by post_id, kind"
    );
    // Topics (`src` 0, in topic order), then the viewer's acknowledgements
    // (`src` 1).
    let topics_sql = format!(
        "select post_id, topic, cast(0 as bigint) as src from post_topics where post_id in ({list})
         union all select post_id, '', cast(1 as bigint) from post_acks
             where person_id = $1 and post_id in ({list})
         order by 3, 2"
    );
    macro_rules! fetch {
        ($sql:expr, $ty:ty) => {{
            let rows: Vec<$ty> = on_db!(db, |p| {
                let mut q =
                    sqlx::query_as(sqlx::AssertSqlSafe($sql.clone())).bind(viewer.as_uuid());
                for id in ids {
                    q = q.bind(id.as_uuid());
                }
                q.fetch_all(p).await
            })?;
            rows
        }};
    }
    for (post, kind, n, mine) in fetch!(reactions_sql, (Uuid, String, i64, i64)) {
        if let Some(a) = out.get_mut(&PostId::from_uuid(post)) {
            let kind = reaction(kind)?;
            if mine > 0 {
                a.my_reactions.push(kind);
            }
            a.reactions.insert(kind, n);
        }
    }
    for (post, topic, src) in fetch!(topics_sql, (Uuid, String, i64)) {
        if let Some(a) = out.get_mut(&PostId::from_uuid(post)) {
            if src == 0 {
                a.topics.push(topic);
            } else {
                a.acked = true;
            }
        }
    }
    Ok(out)
}

/// What [`annotations`] adds to a post.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotation {
    /// Reaction counts by kind.
    pub reactions: HashMap<Reaction, i64>,
    /// The viewer's reactions.
    pub my_reactions: Vec<Reaction>,
    /// Topics.
    pub topics: Vec<String>,
    /// The viewer acknowledged it.
    pub acked: bool,
}

/// Where a feed page's posts come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedSource {
    /// A space's posts.
    Space(SpaceId),
    /// A person's posts.
    Author(PersonId),
    /// The posts with a topic.
    Topic(String),
    /// A space's important posts that the viewer has not acknowledged.
    Unacked(SpaceId),
    /// A person's timeline: what was written to it (see `social::timeline`).
    Timeline(PersonId),
    /// The visions and announcements addressed to a person (see
    /// `leadership::announcements`).
    Addressed(PersonId),
}

impl FeedSource {
    /// The source a row of `follows` stands for (`None` for an unknown kind
    /// or a malformed id).
    #[must_use]
    pub fn from_follow(kind: &str, target: String) -> Option<Self> {
        match kind {
            "space" => target.parse::<SpaceId>().ok().map(Self::Space),
            "person" => target.parse::<PersonId>().ok().map(Self::Author),
            "topic" => Some(Self::Topic(target)),
            _ => None,
        }
    }
}

// What every branch of a feed read ends with: not deleted, after the cursor,
// readable by the viewer (`$space`: the space's id), newest first, at most
// the limit.
macro_rules! branch_tail {
    ($space:literal) => {
        concat!(
            " and p.deleted_at is null
               and p.created_at <= $4 and (p.created_at < $4 or p.id < $5)
               and ",
            can_read_space_sql!($space),
            " and ",
            not_hidden_sql!("p.hidden_at", "p.author_id", "p.space_id"),
            " order by p.created_at desc, p.id desc limit $6"
        )
    };
}

// One branch per source, each read on an index in the feed's order; `$S`
// is the source's parameter. A space's branches test the predicate on the
// parameter, so it is evaluated once rather than per row. The topic branch
// walks the topic's own (topic, created_at, post_id) index, whose
// created_at is the post's.
const SPACE_BRANCH: &str = concat!(
    "select p.id, p.created_at from posts p where p.space_id = $S",
    branch_tail!("$S")
);
const AUTHOR_BRANCH: &str = concat!(
    "select p.id, p.created_at from posts p where p.author_id = $S",
    branch_tail!("p.space_id")
);
const UNACKED_BRANCH: &str = concat!(
    "select p.id, p.created_at from posts p
     where p.space_id = $S and p.important = true
       and not exists (select 1 from post_acks k where k.post_id = p.id and k.person_id = $1)",
    branch_tail!("$S")
);
const TOPIC_BRANCH: &str = concat!(
    "select p.id, p.created_at from post_topics t join posts p on p.id = t.post_id
     where t.topic = $S
       and p.deleted_at is null
       and t.created_at <= $4 and (t.created_at < $4 or t.post_id < $5)
       and ",
    can_read_space_sql!("p.space_id"),
    " and ",
    not_hidden_sql!("p.hidden_at", "p.author_id", "p.space_id"),
    " order by t.created_at desc, t.post_id desc limit $6"
);

/// A person's timeline (`feed_items`), `$S` being the person: one range of
/// `feed_items_person_time`, each entry checked against its post (live and
/// readable by the viewer).
const TIMELINE_BRANCH: &str = concat!(
    "select f.post_id as id, f.created_at from feed_items f join posts p on p.id = f.post_id
     where f.person_id = $S
       and f.created_at <= $4 and (f.created_at < $4 or f.post_id < $5)
       and p.deleted_at is null
       and ",
    can_read_space_sql!("p.space_id"),
    " and ",
    not_hidden_sql!("p.hidden_at", "p.author_id", "p.space_id"),
    " order by f.created_at desc, f.post_id desc limit $6"
);

/// The posts addressed to a person (`$S`), live and readable by the viewer.
const ADDRESSED_BRANCH: &str = concat!(
    "select p.id, p.created_at from announcement_people ap join posts p on p.id = ap.post_id
     where ap.person_id = $S",
    branch_tail!("p.space_id")
);

/// Sources per statement: SQLite allows 500 terms in a compound select.
const SOURCES_PER_READ: usize = 100;

/// The statement reading `chunk`'s sources: one branch per source, each
/// tagged with its position in the chunk, with no outer limit.
fn heads_sql(chunk: &[FeedSource]) -> String {
    let branches: Vec<String> = chunk
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let branch = match s {
                FeedSource::Space(_) => SPACE_BRANCH,
                FeedSource::Author(_) => AUTHOR_BRANCH,
                FeedSource::Topic(_) => TOPIC_BRANCH,
                FeedSource::Unacked(_) => UNACKED_BRANCH,
                FeedSource::Timeline(_) => TIMELINE_BRANCH,
                FeedSource::Addressed(_) => ADDRESSED_BRANCH,
            };
            format!(
                "select id, created_at, cast({i} as bigint) as src from ({}) as b{i}",
                branch.replace("$S", &format!("${}", i + 7))
            )
        })
        .collect();
    // Only placeholders and fixed text are formatted in; values are bound.
    branches.join(" union all ")
}

/// Binds the viewer, the cursor, the limit and each source of a
/// [`heads_sql`] statement.
macro_rules! bind_heads {
    ($query:expr, $viewer:expr, $t:expr, $u:expr, $limit:expr, $chunk:expr) => {{
        let mut q = bind_viewer!($query, $viewer).bind($t).bind($u).bind($limit);
        for s in $chunk {
            q = match s {
                FeedSource::Space(id) | FeedSource::Unacked(id) => q.bind(id.as_uuid()),
                FeedSource::Author(id) | FeedSource::Timeline(id) | FeedSource::Addressed(id) => {
                    q.bind(id.as_uuid())
                }
                FeedSource::Topic(topic) => q.bind(topic.clone()),
            };
        }
        q
    }};
}

/// A post's place in a feed: `(id, created_at)`.
pub type Head = (PostId, OffsetDateTime);

/// Rows of [`heads_sql`] per source, in `sources`' order, newest first.
fn split_by_source(rows: Vec<(Uuid, Ts, i64)>, offset: usize, out: &mut [Vec<Head>]) {
    for (id, at, src) in rows {
        if let Some(v) = usize::try_from(src)
            .ok()
            .and_then(|i| out.get_mut(offset + i))
        {
            v.push((PostId::from_uuid(id), at.get()));
        }
    }
    for v in out.iter_mut() {
        v.sort_unstable_by_key(|h| std::cmp::Reverse((h.1, h.0)));
    }
}

/// Per source, the newest `limit` posts after `cursor` that the viewer may
/// read, newest first, in the order of `sources`.
///
/// Each source reads at most `limit` entries of its own index, so the cost
/// does not grow with the organization; the sources are one statement (a
/// `union all` of branches, per hundred sources).
pub async fn heads_per_source(
    db: &Db,
    viewer: &Viewer,
    sources: &[FeedSource],
    cursor: Option<&PostCursor>,
    limit: i64,
) -> Result<Vec<Vec<Head>>> {
    let (t, u) = cursor_args(cursor);
    let mut out = vec![Vec::new(); sources.len()];
    for (n, chunk) in sources.chunks(SOURCES_PER_READ).enumerate() {
        let sql = heads_sql(chunk);
        let rows: Vec<(Uuid, Ts, i64)> = on_db!(db, |p| {
            bind_heads!(
                sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())),
                viewer,
                t,
                u,
                limit,
                chunk
            )
            .fetch_all(p)
            .await
        })?;
        split_by_source(rows, n * SOURCES_PER_READ, &mut out);
    }
    Ok(out)
}

/// As [`heads_per_source`], inside a write transaction (to rebuild a
/// timeline from what the transaction sees).
pub(crate) async fn heads_per_source_tx(
    tx: &mut Tx,
    viewer: &Viewer,
    sources: &[FeedSource],
    limit: i64,
) -> Result<Vec<Vec<Head>>> {
    let (t, u) = cursor_args(None);
    let mut out = vec![Vec::new(); sources.len()];
    for (n, chunk) in sources.chunks(SOURCES_PER_READ).enumerate() {
        let sql = heads_sql(chunk);
        let rows: Vec<(Uuid, Ts, i64)> = on_tx!(tx, |c| {
            bind_heads!(
                sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())),
                viewer,
                t,
                u,
                limit,
                chunk
            )
            .fetch_all(c)
            .await
        })?;
        split_by_source(rows, n * SOURCES_PER_READ, &mut out);
    }
    Ok(out)
}

/// The newest `limit` of several sources' heads, each post once.
#[must_use]
pub fn merge_heads(lists: Vec<Vec<Head>>, limit: i64) -> Vec<Head> {
    let mut heads: Vec<Head> = lists.into_iter().flatten().collect();
    heads.sort_unstable_by_key(|h| std::cmp::Reverse((h.1, h.0)));
    heads.dedup();
    heads.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    heads
}

/// The org space's id, inside a statement (evaluated once per statement).
const ORG_SPACE: &str =
    "(select o.id from spaces o where o.kind = 'org' order by o.created_at limit 1)";

/// The viewer's unit's space, inside a statement.
const UNIT_SPACE: &str = "(select u.id from spaces u where u.kind = 'unit' and u.unit_id = $2)";

/// Important posts of the spaces the viewer belongs to (rows of
/// `space_members`) that they have not acknowledged.
const MEMBER_UNACKED_BRANCH: &str = concat!(
    "select p.id, p.created_at from posts p
     where p.important = true
       and p.space_id in (select m.space_id from space_members m where m.person_id = $1)
       and not exists (select 1 from post_acks k where k.post_id = p.id and k.person_id = $1)",
    branch_tail!("p.space_id")
);

/// Addressed posts that ask for acknowledgement, in the viewer's audience,
/// that they have not acknowledged (`leadership::announcements`).
const ADDRESSED_UNACKED_BRANCH: &str = concat!(
    "select p.id, p.created_at from announcement_people ap
     join announcements n on n.post_id = ap.post_id and n.requires_ack = true
     join posts p on p.id = ap.post_id
     where ap.person_id = $1
       and not exists (select 1 from post_acks k where k.post_id = p.id and k.person_id = $1)",
    branch_tail!("p.space_id")
);

/// The home feed's fixed statements: the viewer's timeline (`src` 0) and
/// the org space (`src` 1), each at most `$6` after the cursor; on the first
/// page also the unacknowledged important posts of the home spaces (`src`
/// 2: the org space, the unit's space, member spaces) and the viewer's
/// unacknowledged addressed posts that ask for it. One text for every
/// person, so PostgreSQL plans it once per connection.
static HOME_SQL: std::sync::LazyLock<[String; 2]> = std::sync::LazyLock::new(|| {
    let next = format!(
        "select id, created_at, cast(0 as bigint) as src from ({}) as t
         union all select id, created_at, cast(1 as bigint) as src from ({}) as o",
        TIMELINE_BRANCH.replace("$S", "$1"),
        SPACE_BRANCH.replace("$S", ORG_SPACE)
    );
    let first = format!(
        "{next}
         union all select id, created_at, cast(2 as bigint) as src from ({}) as po
         union all select id, created_at, cast(2 as bigint) as src from ({}) as pu
         union all select id, created_at, cast(2 as bigint) as src from ({}) as pm
         union all select id, created_at, cast(2 as bigint) as src from ({}) as pa",
        UNACKED_BRANCH.replace("$S", ORG_SPACE),
        UNACKED_BRANCH.replace("$S", UNIT_SPACE),
        MEMBER_UNACKED_BRANCH,
        ADDRESSED_UNACKED_BRANCH
    );
    [first, next]
});

/// A home feed page's heads, in one statement.
#[derive(Debug, Clone, Default)]
pub struct HomeHeads {
    /// The viewer's timeline, at most `limit`. Shorter than `limit`: the
    /// timeline has ended, and what is older comes from the sources.
    pub timeline: Vec<Head>,
    /// The org space, at most `limit`.
    pub org: Vec<Head>,
    /// First page only: unacknowledged important posts of the home spaces
    /// (each post once, at most `limit`).
    pub pinned: Vec<Head>,
}

/// A home feed page's heads in one statement (see [`HomeHeads`]), each list
/// newest first.
pub async fn home_heads(
    db: &Db,
    viewer: &Viewer,
    cursor: Option<&PostCursor>,
    limit: i64,
) -> Result<HomeHeads> {
    let (t, u) = cursor_args(cursor);
    let sql = HOME_SQL[usize::from(cursor.is_some())].as_str();
    let rows: Vec<(Uuid, Ts, i64)> = on_db!(db, |p| bind_viewer!(
        sqlx::query_as(sqlx::AssertSqlSafe(sql)),
        viewer
    )
    .bind(t)
    .bind(u)
    .bind(limit)
    .fetch_all(p)
    .await)?;
    let mut out = vec![Vec::new(), Vec::new(), Vec::new()];
    split_by_source(rows, 0, &mut out);
    let pinned = merge_heads(vec![out.pop().unwrap_or_default()], limit);
    let org = out.pop().unwrap_or_default();
    let timeline = out.pop().unwrap_or_default();
    Ok(HomeHeads {
        timeline,
        org,
        pinned,
    })
}

/// The newest `limit` posts after `cursor` from any of `sources` that the
/// viewer may read, as `(id, created_at)`, newest first, each post once.
pub async fn feed_heads(
    db: &Db,
    viewer: &Viewer,
    sources: &[FeedSource],
    cursor: Option<&PostCursor>,
    limit: i64,
) -> Result<Vec<Head>> {
    let lists = heads_per_source(db, viewer, sources, cursor, limit).await?;
    Ok(merge_heads(lists, limit))
}

/// The posts with these ids that the viewer may read, newest first.
pub async fn list_posts_by_ids(db: &Db, viewer: &Viewer, ids: &[PostId]) -> Result<Vec<PostView>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Only placeholders are formatted in; values are bound.
    let sql = format!(
        concat!(
            post_columns!(),
            "
             from posts p
             join spaces s on s.id = p.space_id
             join people a on a.id = p.author_id
             where p.id in ({}) and p.deleted_at is null and ",
            can_read_space_sql!("p.space_id"),
            " and ",
            not_hidden_sql!("p.hidden_at", "p.author_id", "p.space_id"),
            "
             order by p.created_at desc, p.id desc"
        ),
        placeholders(4, ids.len())
    );
    let rows: Vec<PostRow> = on_db!(db, |p| {
        let mut q = bind_viewer!(sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())), viewer);
        for id in ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(p).await
    })?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// A leader's visions and announcements that the viewer may read, newest
/// first (the leadership corner).
pub async fn list_visions_and_announcements(
    db: &Db,
    viewer: &Viewer,
    author: PersonId,
    limit: i64,
) -> Result<Vec<PostView>> {
    const SQL: &str = select_posts!("p.author_id = $7 and p.kind in ('vision', 'announcement')");
    let (t, u) = cursor_args(None);
    let rows: Vec<PostRow> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(t)
        .bind(u)
        .bind(limit)
        .bind(author.as_uuid())
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// The topic that makes a leader's question an Ask-me-anything thread.
pub const AMA_TOPIC: &str = "ama";

/// A person's Ask-me-anything threads (their questions tagged
/// [`AMA_TOPIC`]) that the viewer may read, newest first.
pub async fn list_amas(
    db: &Db,
    viewer: &Viewer,
    author: PersonId,
    limit: i64,
) -> Result<Vec<PostView>> {
    const SQL: &str = select_posts!(
        "p.author_id = $7 and p.kind = 'question'
         and exists (select 1 from post_topics t where t.post_id = p.id and t.topic = 'ama')"
    );
    let (t, u) = cursor_args(None);
    let rows: Vec<PostRow> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(t)
        .bind(u)
        .bind(limit)
        .bind(author.as_uuid())
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// For an Ask-me-anything post: how many questions others asked (top-level
/// comments not by the post's author) and how many of them the author has
/// answered (replied to).
pub async fn ama_counts(db: &Db, post: PostId) -> Result<(i64, i64)> {
    const SQL: &str = "select count(*),
            coalesce(sum(case when exists (
                select 1 from comments r
                where r.parent_id = q.id and r.author_id = p.author_id and r.deleted_at is null)
              then 1 else 0 end), 0)
        from comments q join posts p on p.id = q.post_id
        where q.post_id = $1 and q.parent_id is null and q.deleted_at is null
          and q.author_id <> p.author_id";
    let row: (i64, i64) = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(post.as_uuid())
        .fetch_one(p)
        .await)?;
    Ok(row)
}
