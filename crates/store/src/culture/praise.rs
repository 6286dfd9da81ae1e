//! Praise: a post of kind `praise` with one value and its recipients. Every
//! read that lists or counts praise goes through the one visibility
//! predicate on the praise's post (`can_read_post_sql!`: readable and not hidden), so a reader never
//! counts or sees praise in a space they may not read.

use std::collections::HashMap;

use samspill_domain::culture::{ValueIcon, ValueId};
use samspill_domain::{PersonId, PostId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::social::posts::placeholders;
use crate::visibility::{Viewer, bind_viewer, can_read_post_sql};
use crate::{Db, Result, Ts, Tx, decode};

/// Records a praise post's value and recipients (the post is written by
/// the caller in the same transaction).
pub async fn insert_praise(
    tx: &mut Tx,
    post: PostId,
    value: ValueId,
    recipients: &[PersonId],
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "insert into praise (post_id, value_id, created_at) values ($1, $2, $3)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(post.as_uuid())
        .bind(value.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if recipients.is_empty() {
        return Ok(());
    }
    let values = (0..recipients.len())
        .map(|i| format!("($1, ${})", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    // Only placeholders are spliced in; the values are bound.
    let sql = format!("insert into praise_recipients (post_id, person_id) values {values}");
    on_tx!(tx, |c| {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(post.as_uuid());
        for r in recipients {
            q = q.bind(r.as_uuid());
        }
        q.execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Who was praised in a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// Id.
    pub id: PersonId,
    /// Handle.
    pub handle: String,
    /// Name.
    pub name: String,
}

/// A praise post's value and recipients, for rendering the post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PraiseView {
    /// The value.
    pub value_id: ValueId,
    /// Its name.
    pub value_name: String,
    /// Its icon.
    pub value_icon: ValueIcon,
    /// The people praised, by name.
    pub recipients: Vec<Recipient>,
}

/// The praise of each of `posts` that has one (posts the caller has
/// already read through the visibility predicate).
pub async fn praise_of(db: &Db, posts: &[PostId]) -> Result<HashMap<PostId, PraiseView>> {
    let mut out = HashMap::new();
    if posts.is_empty() {
        return Ok(out);
    }
    let list = placeholders(1, posts.len());
    let sql = format!(
        "select pr.post_id, v.id, v.name, v.icon from praise pr join org_values v on v.id = pr.value_id
         where pr.post_id in ({list})"
    );
    let rows: Vec<(Uuid, Uuid, String, String)> = on_db!(db, |p| {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
        for id in posts {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(p).await
    })?;
    for (post, value, name, icon) in rows {
        out.insert(
            PostId::from_uuid(post),
            PraiseView {
                value_id: ValueId::from_uuid(value),
                value_name: name,
                value_icon: decode::column("org_values.icon", &icon)?,
                recipients: Vec::new(),
            },
        );
    }
    let sql = format!(
        "select r.post_id, a.id, a.handle, a.name from praise_recipients r join people a on a.id = r.person_id
         where r.post_id in ({list}) order by a.name_norm, a.id"
    );
    let rows: Vec<(Uuid, Uuid, String, String)> = on_db!(db, |p| {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
        for id in posts {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(p).await
    })?;
    for (post, id, handle, name) in rows {
        if let Some(v) = out.get_mut(&PostId::from_uuid(post)) {
            v.recipients.push(Recipient {
                id: PersonId::from_uuid(id),
                handle,
                name,
            });
        }
    }
    Ok(out)
}

/// Praise the viewer may read since `since`: each one's value and time,
/// oldest first (the values page buckets them by month).
pub async fn visible_praise_times(
    db: &Db,
    viewer: &Viewer,
    since: OffsetDateTime,
) -> Result<Vec<(ValueId, OffsetDateTime)>> {
    const SQL: &str = concat!(
        "select pr.value_id, pr.created_at from praise pr
         join posts p on p.id = pr.post_id
         where p.deleted_at is null and pr.created_at >= $4 and ",
        can_read_post_sql!("p.space_id", "p.hidden_at", "p.author_id"),
        " order by pr.created_at"
    );
    let rows: Vec<(Uuid, Ts)> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(Ts::new(since))
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(v, t)| (ValueId::from_uuid(v), t.get()))
        .collect())
}

/// Recipients of praise posts, among `people`, that exist (to check a
/// praise's recipients are real, active people).
pub async fn active_people(db: &Db, people: &[PersonId]) -> Result<Vec<PersonId>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "select id from people where is_active and id in ({})",
        placeholders(1, people.len())
    );
    let rows: Vec<(Uuid,)> = on_db!(db, |p| {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
        for id in people {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(p).await
    })?;
    Ok(rows
        .into_iter()
        .map(|(id,)| PersonId::from_uuid(id))
        .collect())
}
