//! Batch inserts for benchmark data (`samspill seed`): many rows per
//! statement, written once for both backends.
//!
//! Each statement is `insert … values (…), (…), …` built from placeholders
//! only; every value is bound, never spliced into the SQL text. Statements
//! stay far below SQLite's limit of 32 766 bound parameters and PostgreSQL's
//! of 65 535: on PostgreSQL up to [`PG_PARAMS`] per statement, to save round
//! trips; on SQLite only about [`SQLITE_PARAMS`], because sqlx binds each
//! `$N` by asking SQLite for the parameter's name, which SQLite finds by a
//! linear scan, so binding costs grow with the square of a statement's
//! parameters (at 10 000 parameters that was 60% of a seed's run time).
//!
//! These functions trust their caller: they do not check permissions, write
//! no events or notifications, and do not maintain `posts.comment_count`
//! (the caller sets it on the post rows to match the comments it inserts).
//! The product never calls them; `samspill seed` does.

use samspill_domain::{CommentId, PersonId, PostId, SpaceId, UnitId};
use samspill_store::{Db, Result, Ts, Tx};
use uuid::Uuid;

use crate::backend::{on_db, on_tx};

/// About the most bound parameters in one statement on SQLite.
pub const SQLITE_PARAMS: usize = 250;
/// The most bound parameters in one statement on PostgreSQL.
pub const PG_PARAMS: usize = 30_000;
/// The most rows in one statement.
pub const MAX_ROWS: usize = 1_000;

/// A post to insert as is.
#[derive(Debug, Clone)]
pub struct PostRow {
    /// Id.
    pub id: PostId,
    /// Space.
    pub space_id: SpaceId,
    /// Author.
    pub author_id: PersonId,
    /// One of the post kinds.
    pub kind: &'static str,
    /// Title.
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Rendered, sanitized HTML.
    pub body_html: String,
    /// Pinned until acknowledged.
    pub important: bool,
    /// The number of live comments the caller inserts for it.
    pub comment_count: i64,
    /// Created (and last updated).
    pub created_at: Ts,
}

/// A comment to insert as is.
#[derive(Debug, Clone)]
pub struct CommentRow {
    /// Id.
    pub id: CommentId,
    /// Post.
    pub post_id: PostId,
    /// The comment it answers (inserted before it).
    pub parent_id: Option<CommentId>,
    /// Author.
    pub author_id: PersonId,
    /// Markdown.
    pub body: String,
    /// Rendered, sanitized HTML.
    pub body_html: String,
    /// Created (and last updated).
    pub created_at: Ts,
}

/// A reaction to a post.
#[derive(Debug, Clone, Copy)]
pub struct ReactionRow {
    /// Post.
    pub post_id: PostId,
    /// Who.
    pub person_id: PersonId,
    /// One of the reaction kinds.
    pub kind: &'static str,
    /// When.
    pub created_at: Ts,
}

/// A topic of a post.
#[derive(Debug, Clone)]
pub struct TopicRow {
    /// Post.
    pub post_id: PostId,
    /// Lowercase topic.
    pub topic: String,
    /// The post's creation time.
    pub created_at: Ts,
}

/// A person mentioned by a post.
#[derive(Debug, Clone, Copy)]
pub struct MentionRow {
    /// Post.
    pub post_id: PostId,
    /// Who.
    pub person_id: PersonId,
}

/// A follow of a person, topic or space.
#[derive(Debug, Clone)]
pub struct FollowRow {
    /// Who follows.
    pub follower_id: PersonId,
    /// `person`, `topic` or `space`.
    pub target_kind: &'static str,
    /// The person's or space's id as text, or the lowercase topic.
    pub target: String,
    /// When.
    pub created_at: Ts,
}

/// A member of a space.
#[derive(Debug, Clone, Copy)]
pub struct MemberRow {
    /// Space.
    pub space_id: SpaceId,
    /// Person.
    pub person_id: PersonId,
    /// `owner`, `moderator` or `member`.
    pub role: &'static str,
    /// When.
    pub joined_at: Ts,
}

/// Row counts of the content tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// `people`.
    pub people: i64,
    /// `units`.
    pub units: i64,
    /// `spaces`.
    pub spaces: i64,
    /// `space_members`.
    pub space_members: i64,
    /// `posts`.
    pub posts: i64,
    /// `comments`.
    pub comments: i64,
    /// `reactions`.
    pub reactions: i64,
    /// `post_topics`.
    pub topics: i64,
    /// `post_mentions`.
    pub mentions: i64,
    /// `follows`.
    pub follows: i64,
}

/// The SQL of a statement inserting `rows` rows: `head` (up to `values`),
/// then `tuple` once per row with its `$1…$k` renumbered to that row's
/// parameters, then `tail`. Only these constant fragments and generated
/// placeholder numbers make up the text.
fn multi_row_sql(
    head: &str,
    tuple: &str,
    params_per_row: usize,
    rows: usize,
    tail: &str,
) -> String {
    let mut sql = String::with_capacity(head.len() + tail.len() + rows * (tuple.len() + 16));
    sql.push_str(head);
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        let base = row * params_per_row;
        let mut chars = tuple.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '$' {
                sql.push(c);
                continue;
            }
            let start = i + 1;
            let mut end = start;
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            let n: usize = tuple[start..end].parse().unwrap_or(0);
            sql.push('$');
            sql.push_str(&(base + n).to_string());
        }
    }
    sql.push_str(tail);
    sql
}

/// How many rows of `params_per_row` parameters go in one statement.
const fn rows_per_statement(tx: &Tx, params_per_row: usize) -> usize {
    match tx {
        Tx::Sqlite(_) => rows_within(SQLITE_PARAMS, params_per_row),
        Tx::Postgres(_) => rows_within(PG_PARAMS, params_per_row),
    }
}

/// Rows of `params_per_row` parameters within `budget` (at least one, at
/// most [`MAX_ROWS`]).
const fn rows_within(budget: usize, params_per_row: usize) -> usize {
    let rows = budget / params_per_row;
    if rows < 1 {
        1
    } else if rows > MAX_ROWS {
        MAX_ROWS
    } else {
        rows
    }
}

/// Inserts `rows` in statements of [`rows_per_statement`] rows;
/// `$bind` binds one row's parameters (in `$tuple` order) onto `$q`.
macro_rules! insert_chunks {
    ($tx:expr, $rows:expr, $head:expr, $tuple:expr, $params:expr, $tail:expr, |$q:ident, $r:ident| $bind:expr) => {{
        let mut inserted = 0_u64;
        let per_statement = rows_per_statement($tx, $params);
        for chunk in $rows.chunks(per_statement) {
            let sql = multi_row_sql($head, $tuple, $params, chunk.len(), $tail);
            inserted += on_tx!($tx, |c| {
                let mut $q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for $r in chunk {
                    $q = $bind;
                }
                $q.execute(c).await.map(|r| r.rows_affected())
            })?;
        }
        inserted
    }};
}

/// The page cache of a SQLite connection that runs bulk inserts, in KiB.
const SQLITE_BULK_CACHE_KIB: i64 = 262_144;

/// Readies the transaction's connection for large writes. On SQLite it
/// gets a page cache of 256 MiB (for the rest of the connection's life):
/// with the default 2 MiB, a transaction of thousands of posts spills dirty
/// index pages to the WAL midway and writes many of them again at commit.
/// Nothing to do on PostgreSQL.
pub async fn prepare_connection(tx: &mut Tx) -> Result<()> {
    if let Tx::Sqlite(t) = tx {
        // A pragma takes no bound parameters; the value is a constant.
        let sql = format!("pragma cache_size = -{SQLITE_BULK_CACHE_KIB}");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// Inserts posts with their final `comment_count`; returns the rows written.
pub async fn insert_posts_batch(tx: &mut Tx, rows: &[PostRow]) -> Result<u64> {
    const HEAD: &str =
        "insert into posts (id, space_id, author_id, kind, title, body, body_html, important,
        accepted_comment_id, comment_count, created_at, updated_at, deleted_at)
        values ";
    const TUPLE: &str = "($1, $2, $3, $4, $5, $6, $7, $8, null, $9, $10, $10, null)";
    Ok(insert_chunks!(tx, rows, HEAD, TUPLE, 10, "", |q, r| q
        .bind(r.id.as_uuid())
        .bind(r.space_id.as_uuid())
        .bind(r.author_id.as_uuid())
        .bind(r.kind)
        .bind(r.title.as_str())
        .bind(r.body.as_str())
        .bind(r.body_html.as_str())
        .bind(r.important)
        .bind(r.comment_count)
        .bind(r.created_at)))
}

/// Inserts comments (a parent before its replies); returns the rows written.
pub async fn insert_comments_batch(tx: &mut Tx, rows: &[CommentRow]) -> Result<u64> {
    const HEAD: &str = "insert into comments (id, post_id, parent_id, author_id, body, body_html,
        created_at, updated_at, deleted_at)
        values ";
    const TUPLE: &str = "($1, $2, $3, $4, $5, $6, $7, $7, null)";
    Ok(insert_chunks!(tx, rows, HEAD, TUPLE, 7, "", |q, r| q
        .bind(r.id.as_uuid())
        .bind(r.post_id.as_uuid())
        .bind(r.parent_id.map(|p| p.as_uuid()))
        .bind(r.author_id.as_uuid())
        .bind(r.body.as_str())
        .bind(r.body_html.as_str())
        .bind(r.created_at)))
}

/// Inserts reactions, skipping any already present; returns the rows written.
pub async fn insert_reactions_batch(tx: &mut Tx, rows: &[ReactionRow]) -> Result<u64> {
    const HEAD: &str = "insert into reactions (post_id, person_id, kind, created_at) values ";
    const TUPLE: &str = "($1, $2, $3, $4)";
    const TAIL: &str = " on conflict (post_id, person_id, kind) do nothing";
    Ok(insert_chunks!(tx, rows, HEAD, TUPLE, 4, TAIL, |q, r| q
        .bind(r.post_id.as_uuid())
        .bind(r.person_id.as_uuid())
        .bind(r.kind)
        .bind(r.created_at)))
}

/// Tags posts with topics, skipping duplicates; returns the rows written.
pub async fn insert_topics_batch(tx: &mut Tx, rows: &[TopicRow]) -> Result<u64> {
    const HEAD: &str = "insert into post_topics (post_id, topic, created_at) values ";
    const TUPLE: &str = "($1, $2, $3)";
    const TAIL: &str = " on conflict (post_id, topic) do nothing";
    Ok(insert_chunks!(tx, rows, HEAD, TUPLE, 3, TAIL, |q, r| q
        .bind(r.post_id.as_uuid())
        .bind(r.topic.as_str())
        .bind(r.created_at)))
}

/// Records mentions, skipping duplicates; returns the rows written.
pub async fn insert_mentions_batch(tx: &mut Tx, rows: &[MentionRow]) -> Result<u64> {
    const HEAD: &str = "insert into post_mentions (post_id, person_id) values ";
    const TUPLE: &str = "($1, $2)";
    const TAIL: &str = " on conflict (post_id, person_id) do nothing";
    Ok(insert_chunks!(tx, rows, HEAD, TUPLE, 2, TAIL, |q, r| q
        .bind(r.post_id.as_uuid())
        .bind(r.person_id.as_uuid())))
}

/// Inserts follows, skipping duplicates; returns the rows written.
pub async fn insert_follows_batch(tx: &mut Tx, rows: &[FollowRow]) -> Result<u64> {
    const HEAD: &str = "insert into follows (follower_id, target_kind, target, created_at) values ";
    const TUPLE: &str = "($1, $2, $3, $4)";
    const TAIL: &str = " on conflict (follower_id, target_kind, target) do nothing";
    Ok(insert_chunks!(tx, rows, HEAD, TUPLE, 4, TAIL, |q, r| q
        .bind(r.follower_id.as_uuid())
        .bind(r.target_kind)
        .bind(r.target.as_str())
        .bind(r.created_at)))
}

/// Adds space members, skipping people already in; returns the rows written.
pub async fn insert_space_members_batch(tx: &mut Tx, rows: &[MemberRow]) -> Result<u64> {
    const HEAD: &str = "insert into space_members (space_id, person_id, role, joined_at) values ";
    const TUPLE: &str = "($1, $2, $3, $4)";
    const TAIL: &str = " on conflict (space_id, person_id) do nothing";
    Ok(insert_chunks!(tx, rows, HEAD, TUPLE, 4, TAIL, |q, r| q
        .bind(r.space_id.as_uuid())
        .bind(r.person_id.as_uuid())
        .bind(r.role)
        .bind(r.joined_at)))
}

/// Gives every person the same password hash in one statement; returns
/// how many people it touched.
pub async fn set_password_hash_for_all(tx: &mut Tx, hash: &str, at: Ts) -> Result<u64> {
    const SQL: &str = "update people set password_hash = $1, updated_at = $2";
    Ok(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(hash)
        .bind(at)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?)
}

/// Makes every unit space private to its unit: listed to everyone, its
/// posts read by the unit's people only (a closed seeded organization);
/// returns how many spaces it changed.
pub async fn close_unit_spaces(tx: &mut Tx) -> Result<u64> {
    const SQL: &str =
        "update spaces set visibility = 'private', read_access = 'members' where kind = 'unit'";
    Ok(on_tx!(tx, |c| sqlx::query(SQL)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?)
}

/// Gathers PostgreSQL's statistics after bulk inserts, so that statements
/// run before [`settle`] are planned on them (a no-op on SQLite).
pub async fn analyze(db: &Db) -> Result<()> {
    if let Db::Postgres(pool) = db {
        sqlx::raw_sql("analyze").execute(pool).await?;
    }
    Ok(())
}

/// Settles the database after a bulk load. On PostgreSQL: vacuum and
/// analyze, as autovacuum would some time later (or never, where it is
/// off), so that queries are planned with statistics and read tuples whose
/// visibility is already known, as in a database that grew over time. On
/// SQLite nothing: Samspill never collects planner statistics there, so a
/// seeded database plans as a grown one does.
pub async fn settle(db: &Db) -> Result<()> {
    if let Db::Postgres(pool) = db {
        // VACUUM cannot run in a transaction block; raw SQL runs as a
        // simple query in its own implicit transaction.
        sqlx::raw_sql("vacuum (analyze)").execute(pool).await?;
    }
    Ok(())
}

/// Every unit space: `(space, unit)`.
pub async fn list_unit_spaces(db: &Db) -> Result<Vec<(SpaceId, UnitId)>> {
    const SQL: &str = "select id, unit_id from spaces where kind = 'unit' and unit_id is not null
        order by id";
    let rows: Vec<(Uuid, Uuid)> = on_db!(db, |p| sqlx::query_as(SQL).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(s, u)| (SpaceId::from_uuid(s), UnitId::from_uuid(u)))
        .collect())
}

/// Row counts of the content tables.
pub async fn counts(db: &Db) -> Result<Counts> {
    const SQL: &str = "select (select count(*) from people), (select count(*) from units),
        (select count(*) from spaces), (select count(*) from space_members),
        (select count(*) from posts), (select count(*) from comments),
        (select count(*) from reactions), (select count(*) from post_topics),
        (select count(*) from post_mentions), (select count(*) from follows)";
    type Row = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);
    let r: Row = on_db!(db, |p| sqlx::query_as(SQL).fetch_one(p).await)?;
    Ok(Counts {
        people: r.0,
        units: r.1,
        spaces: r.2,
        space_members: r.3,
        posts: r.4,
        comments: r.5,
        reactions: r.6,
        topics: r.7,
        mentions: r.8,
        follows: r.9,
    })
}

/// How many live posts have a `comment_count` that differs from their
/// live comments (zero when the counters are consistent). Reads every post.
pub async fn count_comment_count_mismatches(db: &Db) -> Result<i64> {
    const SQL: &str = "select count(*) from posts p
        where p.deleted_at is null
          and p.comment_count <> (select count(*) from comments c
                                  where c.post_id = p.id and c.deleted_at is null)";
    let (n,): (i64,) = on_db!(db, |p| sqlx::query_as(SQL).fetch_one(p).await)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_renumbered_per_row_and_may_repeat() {
        let sql = multi_row_sql(
            "insert into t (a, b, c) values ",
            "($1, $2, $2)",
            2,
            3,
            " x",
        );
        assert_eq!(
            sql,
            "insert into t (a, b, c) values ($1, $2, $2), ($3, $4, $4), ($5, $6, $6) x"
        );
    }

    #[test]
    fn two_digit_placeholders_are_renumbered_whole() {
        let sql = multi_row_sql("", "($1, $10, null)", 10, 2, "");
        assert_eq!(sql, "($1, $10, null), ($11, $20, null)");
    }

    #[test]
    fn statements_stay_under_both_parameter_limits() {
        for params in 1..=12 {
            let sqlite = rows_within(SQLITE_PARAMS, params);
            let pg = rows_within(PG_PARAMS, params);
            assert!(sqlite >= 1 && sqlite * params <= 32_766, "SQLite's limit");
            assert!(pg >= 1 && pg * params <= 65_535, "PostgreSQL's limit");
        }
    }
}
