//! Comments: threads under posts. A comment is readable exactly when its
//! post is (the visibility predicate on the post's space).

use samspill_domain::{CommentId, PersonId, PostId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::visibility::{Viewer, bind_viewer, can_read_space_sql, not_hidden_sql};
use crate::{Db, Result, Ts, Tx};

/// A comment as a thread shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentView {
    /// Id.
    pub id: CommentId,
    /// Its post.
    pub post_id: PostId,
    /// The comment it answers, if any.
    pub parent_id: Option<CommentId>,
    /// Author.
    pub author_id: PersonId,
    /// Author's handle.
    pub author_handle: String,
    /// Author's name.
    pub author_name: String,
    /// Markdown.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// Created.
    pub created_at: OffsetDateTime,
    /// The rule cited when a moderator hid it; `None` while it is shown.
    pub hidden_rule_id: Option<String>,
}

type CommentRow = (
    Uuid,
    Uuid,
    Option<Uuid>,
    Uuid,
    String,
    String,
    String,
    String,
    Ts,
    Option<String>,
);

fn view(r: CommentRow) -> CommentView {
    CommentView {
        id: CommentId::from_uuid(r.0),
        post_id: PostId::from_uuid(r.1),
        parent_id: r.2.map(CommentId::from_uuid),
        author_id: PersonId::from_uuid(r.3),
        author_handle: r.4,
        author_name: r.5,
        body: r.6,
        body_html: r.7,
        created_at: r.8.get(),
        hidden_rule_id: r.9,
    }
}

macro_rules! select_comments {
    ($filter:literal) => {
        concat!(
            "select c.id, c.post_id, c.parent_id, c.author_id, a.handle, a.name, c.body, c.body_html, c.created_at, c.hidden_rule_id
             from comments c
             join posts p on p.id = c.post_id
             join people a on a.id = c.author_id
             where ", $filter, "
               and c.deleted_at is null and p.deleted_at is null
               and ", can_read_space_sql!("p.space_id"), "
               and ", not_hidden_sql!("p.hidden_at", "p.author_id", "p.space_id"), "
               and ", not_hidden_sql!("c.hidden_at", "c.author_id", "p.space_id"), "
             order by c.created_at, c.id"
        )
    };
}

/// A comment to create.
#[derive(Debug, Clone)]
pub struct NewComment {
    /// Id.
    pub id: CommentId,
    /// Post.
    pub post_id: PostId,
    /// Parent comment.
    pub parent_id: Option<CommentId>,
    /// Author.
    pub author_id: PersonId,
    /// Markdown.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// When.
    pub created_at: OffsetDateTime,
}

/// Creates a comment; returns its author's handle and name as stored, read
/// in the same statement, so the caller can answer without reading it back.
pub async fn insert_comment(tx: &mut Tx, c: &NewComment) -> Result<(String, String)> {
    const SQL: &str = "insert into comments (id, post_id, parent_id, author_id, body, body_html, created_at, updated_at, deleted_at)
        values ($1, $2, $3, $4, $5, $6, $7, $7, null)
        returning (select a.handle from people a where a.id = comments.author_id),
            (select a.name from people a where a.id = comments.author_id)";
    let row: (String, String) = on_tx!(tx, |conn| sqlx::query_as(SQL)
        .bind(c.id.as_uuid())
        .bind(c.post_id.as_uuid())
        .bind(c.parent_id.map(|p| p.as_uuid()))
        .bind(c.author_id.as_uuid())
        .bind(&c.body)
        .bind(&c.body_html)
        .bind(Ts::new(c.created_at))
        .fetch_one(conn)
        .await)?;
    Ok(row)
}

/// The whole thread of a post, oldest first.
pub async fn list_comments(db: &Db, viewer: &Viewer, post: PostId) -> Result<Vec<CommentView>> {
    const SQL: &str = select_comments!("c.post_id = $4");
    let rows: Vec<CommentRow> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(post.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows.into_iter().map(view).collect())
}

/// One comment the viewer may read.
pub async fn find_comment(db: &Db, viewer: &Viewer, id: CommentId) -> Result<Option<CommentView>> {
    const SQL: &str = select_comments!("c.id = $4");
    let row: Option<CommentRow> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    Ok(row.map(view))
}
