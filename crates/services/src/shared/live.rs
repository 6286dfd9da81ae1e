//! Live updates: what happened, published after commit, for the open pages
//! of everyone who may see it.
//!
//! [`LiveBus`] has two implementations, chosen by [`for_db`]: on SQLite the
//! [`InProcessBus`] fans out inside one server; on PostgreSQL the
//! [`PgBus`](postgres::PgBus) also carries each event to every other server
//! on the same database, through `LISTEN`/`NOTIFY` (`store::live`). Events
//! carry ids only, so a notification payload stays small (see [`wire`]).
//! Subscribers decide per viewer what to forward, through the visibility
//! predicate, so an event never carries content someone may not see.

pub mod postgres;
pub mod wire;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

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
    /// What a person's feed draws from changed (a space membership, a
    /// follow): their open streams read their feed sources again.
    FeedChanged {
        /// Whose.
        person: PersonId,
    },
    /// Events may have been missed (the connection that brings other
    /// servers' events was lost): subscribers resynchronize from the
    /// database. Made by the bus itself, never sent between servers.
    Resync,
}

/// Publishes events to every subscriber, in this process and, on
/// PostgreSQL, on every server sharing the database.
pub trait LiveBus: Send + Sync {
    /// Publishes after the change is committed; never blocks.
    fn publish(&self, event: LiveEvent);
    /// A new subscription; a slow subscriber may miss events (it then
    /// resynchronizes from the database) but never slows publishers.
    fn subscribe(&self) -> broadcast::Receiver<LiveEvent>;
    /// Completes once events from other servers are received (at once for
    /// a bus that has none).
    fn ready(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(std::future::ready(()))
    }
}

/// The bus for `db`: [`PgBus`](postgres::PgBus) on PostgreSQL, so that
/// several app servers share live updates; [`InProcessBus`] on SQLite,
/// where one server owns the database file. Must be called inside a Tokio
/// runtime (the PostgreSQL bus runs two tasks).
#[must_use]
pub fn for_db(db: &samspill_store::Db) -> Arc<dyn LiveBus> {
    match db.backend() {
        samspill_store::Backend::Postgres => Arc::new(postgres::PgBus::start(db.clone())),
        samspill_store::Backend::Sqlite => Arc::new(InProcessBus::default()),
    }
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
