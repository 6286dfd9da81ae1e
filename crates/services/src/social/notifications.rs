//! The signed-in person's notifications: a page, the unread count, marking read.

use samspill_domain::{NotificationId, ValidationError};
use samspill_store::social::notifications;

use crate::shared::clock::rfc3339;
use crate::shared::page::{self, Page};
use crate::{Actor, Ctx, Result};
pub use samspill_store::social::notifications::Notification;

/// A page of notifications, newest first, and the unread count.
///
/// # Errors
/// `Invalid` for a bad cursor or limit.
pub async fn list(
    ctx: &Ctx,
    actor: &Actor,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<(Page<Notification>, i64)> {
    let limit = page::limit(limit)?;
    let after: Option<(String, NotificationId)> = cursor.map(page::decode).transpose()?;
    let after = after
        .map(|(t, id)| {
            time::OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339)
                .map(|t| (t, id))
                .map_err(|_| {
                    ValidationError::new("cursor", "invalid", "not a cursor from this list")
                })
        })
        .transpose()?;
    let rows =
        notifications::list_notifications(&ctx.db, &actor.viewer(), after, limit + 1).await?;
    let page = page::split(rows, limit, |n| {
        page::encode(&(rfc3339(n.created_at), n.id))
    });
    let unread = notifications::count_unread(&ctx.db, &actor.viewer()).await?;
    Ok((page, unread))
}

/// One notification by id, if it is the actor's and still visible: one
/// look-up with the same visibility predicate as [`list`].
///
/// # Errors
/// Storage failures.
pub async fn find(ctx: &Ctx, actor: &Actor, id: NotificationId) -> Result<Option<Notification>> {
    Ok(notifications::find_notification(&ctx.db, &actor.viewer(), id).await?)
}

/// The unread count.
///
/// # Errors
/// Storage failures.
pub async fn unread(ctx: &Ctx, actor: &Actor) -> Result<i64> {
    Ok(notifications::count_unread(&ctx.db, &actor.viewer()).await?)
}

/// At most this many ids are marked read in one call.
pub const MAX_MARK_READ: usize = 100;

/// Marks the given notifications (at most [`MAX_MARK_READ`]), or all, read.
/// Ids that are not the actor's are ignored.
///
/// # Errors
/// `Invalid` (field `ids`, code `too_many`) for a longer list, and nothing
/// is marked; storage failures.
pub async fn mark_read(ctx: &Ctx, actor: &Actor, ids: Option<&[NotificationId]>) -> Result<()> {
    if ids.is_some_and(|ids| ids.len() > MAX_MARK_READ) {
        return Err(ValidationError::new(
            "ids",
            "too_many",
            format!("at most {MAX_MARK_READ} ids at a time"),
        )
        .into());
    }
    let mut tx = ctx.db.begin().await?;
    notifications::mark_read(&mut tx, actor.id, ids, ctx.now()).await?;
    tx.commit().await?;
    Ok(())
}
