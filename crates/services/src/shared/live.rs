//! Live updates: what happened, published after commit, for the open pages
//! of everyone who may see it.
//!
//! [`LiveBus`] is the seam for scaling out: the in-process implementation
//! here fans out inside one server; a PostgreSQL LISTEN/NOTIFY
//! implementation will carry the same small events (ids only, well under
//! NOTIFY's 8000-byte limit) between servers. Subscribers decide per viewer
//! what to forward, through the visibility predicate, so an event never
//! carries content someone may not see.

use samspill_domain::{CommentId, NotificationId, PersonId, PostId, SpaceId};
use tokio::sync::broadcast;

/// Something that happened, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveEvent {
    /// A post was created in a space.
    PostCreated {
        /// The post.
        post: PostId,
        /// Its space.
        space: SpaceId,
        /// Its author.
        author: PersonId,
    },
    /// A comment was added to a post.
    CommentCreated {
        /// The comment.
        comment: CommentId,
        /// Its post.
        post: PostId,
    },
    /// A person got a notification.
    Notification {
        /// The notification.
        id: NotificationId,
        /// For whom.
        recipient: PersonId,
    },
}

/// Publishes events to every subscriber (in this process or, later, across
/// servers).
pub trait LiveBus: Send + Sync {
    /// Publishes after the change is committed; never blocks.
    fn publish(&self, event: LiveEvent);
    /// A new subscription; a slow subscriber may miss events (it then
    /// resynchronizes from the database) but never slows publishers.
    fn subscribe(&self) -> broadcast::Receiver<LiveEvent>;
}

/// The in-process bus: one broadcast channel.
#[derive(Debug)]
pub struct InProcessBus(broadcast::Sender<LiveEvent>);

impl InProcessBus {
    /// A bus keeping up to `capacity` events for slow subscribers.
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        Self(broadcast::channel(capacity.max(16)).0)
    }
}

impl Default for InProcessBus {
    fn default() -> Self {
        Self::new(1024)
    }
}

impl LiveBus for InProcessBus {
    fn publish(&self, event: LiveEvent) {
        // No subscriber is not an error.
        let _ = self.0.send(event);
    }

    fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.0.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn subscribers_receive_what_is_published_after_they_subscribe() {
        let bus = InProcessBus::default();
        bus.publish(LiveEvent::Notification {
            id: NotificationId::new(),
            recipient: PersonId::new(),
        });
        let mut rx = bus.subscribe();
        let e = LiveEvent::CommentCreated {
            comment: CommentId::new(),
            post: PostId::new(),
        };
        bus.publish(e);
        assert_eq!(rx.recv().await.unwrap(), e);
    }
}
