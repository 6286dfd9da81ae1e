//! Notifications as a side effect of a change: built by the use case,
//! inserted in its transaction (never for the actor themself), and handed
//! back as live events to publish after the commit.

use samspill_domain::{CommentId, NotificationId, PersonId, PostId};
use samspill_store::Tx;
use samspill_store::social::notifications::{self, NewNotification};

use crate::shared::live::LiveEvent;
use crate::{Actor, Result};

/// A notification to `recipient` about `post` (and `comment`), by `actor`.
pub(crate) fn notification(
    recipient: PersonId,
    kind: &'static str,
    actor: &Actor,
    post: PostId,
    comment: Option<CommentId>,
    at: time::OffsetDateTime,
) -> NewNotification {
    NewNotification {
        id: NotificationId::new(),
        recipient_id: recipient,
        kind,
        actor_id: Some(actor.id),
        post_id: Some(post),
        comment_id: comment,
        space_id: None,
        subject_id: None,
        subject_title: None,
        created_at: at,
    }
}

/// A notification to `recipient` about an object that is not a post (a
/// consultation, a feedback item, a commitment), by `actor` when there is
/// one to name: an anonymous writer is never an actor.
pub(crate) fn subject_notification(
    recipient: PersonId,
    kind: &'static str,
    actor: Option<PersonId>,
    subject: uuid::Uuid,
    title: Option<&str>,
    at: time::OffsetDateTime,
) -> NewNotification {
    NewNotification {
        id: NotificationId::new(),
        recipient_id: recipient,
        kind,
        actor_id: actor,
        post_id: None,
        comment_id: None,
        space_id: None,
        subject_id: Some(subject),
        subject_title: title.map(str::to_owned),
        created_at: at,
    }
}

/// Inserts notifications (skipping the actor) and returns what to publish.
pub(crate) async fn notify(
    tx: &mut Tx,
    list: Vec<NewNotification>,
    actor: &Actor,
) -> Result<Vec<LiveEvent>> {
    let mut out = Vec::new();
    for n in list.into_iter().filter(|n| n.recipient_id != actor.id) {
        notifications::insert_notification(tx, &n).await?;
        out.push(LiveEvent::Notification {
            id: n.id,
            recipient: n.recipient_id,
        });
    }
    Ok(out)
}
