//! Notifications. A notification about a post is listed (and counted) only
//! while the recipient may still read that post: the visibility predicate
//! applies here too, so removing someone from a secret space hides its
//! notifications at once.

use samspill_domain::{CommentId, NotificationId, PersonId, PostId, SpaceId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::social::posts::placeholders;
use crate::visibility::{
    Viewer, bind_viewer, can_read_space_sql, can_see_space_sql, not_hidden_sql,
};
use crate::{Db, Result, Ts, Tx};

/// A notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Id.
    pub id: NotificationId,
    /// mention, reply, answer, accepted, reaction, join_request.
    pub kind: String,
    /// Who caused it.
    pub actor_id: Option<PersonId>,
    /// Actor's handle.
    pub actor_handle: Option<String>,
    /// Actor's name.
    pub actor_name: Option<String>,
    /// The post.
    pub post_id: Option<PostId>,
    /// The post's title.
    pub post_title: Option<String>,
    /// The comment.
    pub comment_id: Option<CommentId>,
    /// The space.
    pub space_id: Option<SpaceId>,
    /// The object when it is not a post or a space (a consultation, a
    /// feedback item, a commitment); what it is follows from `kind`.
    pub subject_id: Option<Uuid>,
    /// The object's title when the notification was made.
    pub subject_title: Option<String>,
    /// When.
    pub created_at: OffsetDateTime,
    /// Read yet?
    pub read: bool,
}

/// A notification to create.
#[derive(Debug, Clone)]
pub struct NewNotification {
    /// Id.
    pub id: NotificationId,
    /// Recipient.
    pub recipient_id: PersonId,
    /// Kind.
    pub kind: &'static str,
    /// Actor.
    pub actor_id: Option<PersonId>,
    /// Post.
    pub post_id: Option<PostId>,
    /// Comment.
    pub comment_id: Option<CommentId>,
    /// Space.
    pub space_id: Option<SpaceId>,
    /// Another object (see [`Notification::subject_id`]).
    pub subject_id: Option<Uuid>,
    /// Its title.
    pub subject_title: Option<String>,
    /// When.
    pub created_at: OffsetDateTime,
}

/// Creates a notification.
pub async fn insert_notification(tx: &mut Tx, n: &NewNotification) -> Result<()> {
    const SQL: &str = "insert into notifications (id, recipient_id, kind, actor_id, post_id, comment_id, space_id, subject_id, subject_title, created_at, read_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, null)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(n.id.as_uuid())
        .bind(n.recipient_id.as_uuid())
        .bind(n.kind)
        .bind(n.actor_id.map(|a| a.as_uuid()))
        .bind(n.post_id.map(|p| p.as_uuid()))
        .bind(n.comment_id.map(|c| c.as_uuid()))
        .bind(n.space_id.map(|s| s.as_uuid()))
        .bind(n.subject_id)
        .bind(n.subject_title.as_deref())
        .bind(Ts::new(n.created_at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

// Visible: about a live post the recipient may read, or about a space they may see.
macro_rules! visible_notification {
    () => {
        concat!(
            "n.recipient_id = $1 and (
                (n.post_id is not null and exists (select 1 from posts vp where vp.id = n.post_id and vp.deleted_at is null
                    and ", can_read_space_sql!("vp.space_id"), "
                    and ", not_hidden_sql!("vp.hidden_at", "vp.author_id", "vp.space_id"), "
                    and (n.comment_id is null or exists (select 1 from comments vc where vc.id = n.comment_id and ", not_hidden_sql!("vc.hidden_at", "vc.author_id", "vp.space_id"), "))))
                or (n.post_id is null and n.space_id is not null and ", can_see_space_sql!("n.space_id"), ")
                or (n.post_id is null and n.space_id is null))"
        )
    };
}

type NotificationRow = (
    Uuid,
    String,
    Option<Uuid>,
    Option<String>,
    Option<String>,
    Option<Uuid>,
    Option<String>,
    Option<Uuid>,
    Option<Uuid>,
    Option<Uuid>,
    Option<String>,
    Ts,
    Option<Ts>,
);

/// The columns of a [`Notification`], read from `notifications n`.
macro_rules! notification_select {
    () => {
        "select n.id, n.kind, n.actor_id, a.handle, a.name, n.post_id, p.title, n.comment_id, n.space_id, n.subject_id, n.subject_title, n.created_at, n.read_at
         from notifications n
         left join people a on a.id = n.actor_id
         left join posts p on p.id = n.post_id"
    };
}

impl From<NotificationRow> for Notification {
    fn from(r: NotificationRow) -> Self {
        Self {
            id: NotificationId::from_uuid(r.0),
            kind: r.1,
            actor_id: r.2.map(PersonId::from_uuid),
            actor_handle: r.3,
            actor_name: r.4,
            post_id: r.5.map(PostId::from_uuid),
            post_title: r.6,
            comment_id: r.7.map(CommentId::from_uuid),
            space_id: r.8.map(SpaceId::from_uuid),
            subject_id: r.9,
            subject_title: r.10,
            created_at: r.11.get(),
            read: r.12.is_some(),
        }
    }
}

/// A page of the viewer's notifications, newest first, after `(created_at, id)`.
pub async fn list_notifications(
    db: &Db,
    viewer: &Viewer,
    cursor: Option<(OffsetDateTime, NotificationId)>,
    limit: i64,
) -> Result<Vec<Notification>> {
    const SQL: &str = concat!(
        notification_select!(),
        "
         where ",
        visible_notification!(),
        "
           and n.created_at <= $4 and (n.created_at < $4 or n.id < $5)
         order by n.created_at desc, n.id desc
         limit $6"
    );
    let (t, u) = cursor.map_or_else(
        || {
            (
                Ts::new(time::macros::datetime!(9999-12-31 0:00 UTC)),
                Uuid::max(),
            )
        },
        |(t, id)| (Ts::new(t), id.as_uuid()),
    );
    let rows: Vec<NotificationRow> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(t)
        .bind(u)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// One notification by id, when it is the viewer's and visible by the same
/// predicate as [`list_notifications`]: one look-up by primary key.
pub async fn find_notification(
    db: &Db,
    viewer: &Viewer,
    id: NotificationId,
) -> Result<Option<Notification>> {
    const SQL: &str = concat!(
        notification_select!(),
        "
         where n.id = $4 and ",
        visible_notification!()
    );
    let row: Option<NotificationRow> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    Ok(row.map(Into::into))
}

/// How many visible notifications the viewer has not read.
pub async fn count_unread(db: &Db, viewer: &Viewer) -> Result<i64> {
    const SQL: &str = concat!(
        "select count(*) from notifications n where ",
        visible_notification!(),
        " and n.read_at is null"
    );
    let (n,): (i64,) = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .fetch_one(p)
        .await)?;
    Ok(n)
}

/// Marks some (or, with `None`, all) of a person's notifications read, in
/// one statement. Ids that are not the person's are ignored. The caller
/// bounds the list (the services take at most 100).
pub async fn mark_read(
    tx: &mut Tx,
    recipient: PersonId,
    ids: Option<&[NotificationId]>,
    at: OffsetDateTime,
) -> Result<()> {
    const ALL: &str =
        "update notifications set read_at = $2 where recipient_id = $1 and read_at is null";
    let sql = match ids {
        None => ALL.to_owned(),
        Some([]) => return Ok(()),
        // Only placeholders are formatted in; values are bound.
        Some(ids) => format!("{ALL} and id in ({})", placeholders(3, ids.len())),
    };
    on_tx!(tx, |c| {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(recipient.as_uuid())
            .bind(Ts::new(at));
        for id in ids.unwrap_or_default() {
            q = q.bind(id.as_uuid());
        }
        q.execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}
