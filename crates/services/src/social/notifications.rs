//! The signed-in person's notifications: a page, the unread count, marking read.

use samspill_domain::NotificationId;
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
                    samspill_domain::ValidationError::new(
                        "cursor",
                        "invalid",
                        "not a cursor from this list",
                    )
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

/// One notification by id, if it is the actor's and still visible.
///
/// # Errors
/// Storage failures.
pub async fn find(ctx: &Ctx, actor: &Actor, id: NotificationId) -> Result<Option<Notification>> {
    // Recent notifications are few; the newest page holds a live one.
    let rows = notifications::list_notifications(&ctx.db, &actor.viewer(), None, 50).await?;
    Ok(rows.into_iter().find(|n| n.id == id))
}

/// The unread count.
///
/// # Errors
/// Storage failures.
pub async fn unread(ctx: &Ctx, actor: &Actor) -> Result<i64> {
    Ok(notifications::count_unread(&ctx.db, &actor.viewer()).await?)
}

/// Marks the given notifications, or all, read.
///
/// # Errors
/// Storage failures.
pub async fn mark_read(ctx: &Ctx, actor: &Actor, ids: Option<&[NotificationId]>) -> Result<()> {
    let mut tx = ctx.db.begin().await?;
    notifications::mark_read(&mut tx, actor.id, ids, ctx.now()).await?;
    tx.commit().await?;
    Ok(())
}
