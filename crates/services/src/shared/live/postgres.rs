//! The live bus of several app servers on one PostgreSQL database.
//!
//! [`PgBus::publish`] hands the event to this server's subscribers at once
//! and to a queue; a sending task packs what waits in the queue into one
//! payload ([`wire::Batch`]) and sends it with `pg_notify`. A listening
//! task receives every server's payloads, drops those this bus sent (its
//! subscribers already have them: each event reaches each subscriber
//! once), and hands the others to the local subscribers.
//!
//! When the listening connection is lost, what was sent meanwhile is gone:
//! the bus logs one warning and publishes [`LiveEvent::Resync`] locally, so
//! open streams tell their pages to refresh; the connection is made again,
//! and an `info` line says when events flow again.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use samspill_store::Db;
use samspill_store::live::{self as store, Listener, Received};
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::AbortHandle;
use uuid::Uuid;

use super::wire::{self, Batch};
use super::{LiveBus, LiveEvent};

/// Events waiting to be sent before new ones are dropped (each is still
/// delivered to this server's subscribers).
const QUEUE: usize = 8192;

/// Events kept for slow local subscribers.
const CAPACITY: usize = 1024;

/// The wait before connecting again after a failed attempt.
const RETRY: Duration = Duration::from_secs(2);

/// A [`LiveBus`] over PostgreSQL `LISTEN`/`NOTIFY`.
#[derive(Debug)]
pub struct PgBus {
    local: broadcast::Sender<LiveEvent>,
    outbox: mpsc::Sender<LiveEvent>,
    listening: watch::Receiver<bool>,
    listener: AbortHandle,
}

impl PgBus {
    /// Starts the sending and the listening task on `db`. Must be called
    /// inside a Tokio runtime. The bus works at once for this server's
    /// subscribers; [`LiveBus::ready`] completes once `LISTEN` is in effect.
    #[must_use]
    pub fn start(db: Db) -> Self {
        let origin = Uuid::now_v7();
        let local = broadcast::channel(CAPACITY).0;
        let (outbox, queue) = mpsc::channel(QUEUE);
        let (ready, listening) = watch::channel(false);
        // Ends by itself once the bus is dropped and the queue is drained.
        tokio::spawn(send(db.clone(), origin, queue));
        let listener = tokio::spawn(listen(db, origin, local.clone(), ready)).abort_handle();
        Self {
            local,
            outbox,
            listening,
            listener,
        }
    }
}

impl Drop for PgBus {
    fn drop(&mut self) {
        self.listener.abort();
    }
}

impl LiveBus for PgBus {
    fn publish(&self, event: LiveEvent) {
        // No local subscriber is not an error.
        let _ = self.local.send(event);
        if event == LiveEvent::Resync {
            return;
        }
        if let Err(mpsc::error::TrySendError::Full(_)) = self.outbox.try_send(event) {
            tracing::warn!(
                "live updates: the queue to other servers is full; an event reaches this server only"
            );
        }
    }

    fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.local.subscribe()
    }

    fn ready(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        let mut listening = self.listening.clone();
        Box::pin(async move {
            // An error means the listening task ended: nothing to wait for.
            let _ = listening.wait_for(|l| *l).await;
        })
    }
}

/// Sends what waits in `queue`, as few payloads as fit.
async fn send(db: Db, origin: Uuid, mut queue: mpsc::Receiver<LiveEvent>) {
    let mut failing = false;
    let mut next = None;
    loop {
        let first = match next.take() {
            Some(e) => e,
            None => match queue.recv().await {
                Some(e) => e,
                None => return,
            },
        };
        let mut batch = Batch::new(origin);
        batch.push(&first);
        while let Ok(e) = queue.try_recv() {
            if !batch.push(&e) {
                next = Some(e);
                break;
            }
        }
        if batch.is_empty() {
            continue;
        }
        match store::notify(&db, batch.payload()).await {
            Ok(()) if failing => {
                failing = false;
                tracing::info!("live updates: sending to other servers works again");
            }
            Ok(()) => {}
            Err(e) => {
                if !failing {
                    failing = true;
                    tracing::warn!(error = %e, events = batch.len(),
                        "live updates: cannot send to other servers; their pages miss these events");
                }
            }
        }
    }
}

/// Receives every server's payloads and hands other servers' events to the
/// local subscribers.
async fn listen(
    db: Db,
    origin: Uuid,
    local: broadcast::Sender<LiveEvent>,
    ready: watch::Sender<bool>,
) {
    let mut lost = false;
    let mut listener = loop {
        match Listener::connect(&db).await {
            Ok(Some(l)) => break l,
            // SQLite: nothing to listen to.
            Ok(None) => return,
            Err(e) => {
                if !lost {
                    lost = true;
                    tracing::warn!(error = %e,
                        "live updates: cannot listen for other servers' events; retrying");
                }
                tokio::time::sleep(RETRY).await;
            }
        }
    };
    ready.send_replace(true);
    if lost {
        lost = false;
        tracing::info!("live updates: listening for other servers' events");
    }
    // Failed attempts in a row: the first retry goes at once (the
    // connection may just have been ended), later ones wait.
    let mut failures = 0_u32;
    loop {
        match listener.recv().await {
            Ok(Received::Payload(text)) => {
                failures = 0;
                if lost {
                    lost = false;
                    tracing::info!("live updates: other servers' events arrive again");
                    let _ = local.send(LiveEvent::Resync);
                }
                deliver(&text, origin, &local);
            }
            Ok(Received::Unreadable) => {
                tracing::warn!("live updates: a notification that is not text was dropped");
            }
            Ok(Received::Lost) => {
                // Listening again already; what was sent meanwhile is gone.
                if lost {
                    tracing::info!("live updates: listening for other servers' events again");
                } else {
                    tracing::warn!(
                        "live updates: the connection for other servers' events was lost; reconnected"
                    );
                }
                lost = false;
                failures = 0;
                let _ = local.send(LiveEvent::Resync);
            }
            Err(e) => {
                if !lost {
                    lost = true;
                    tracing::warn!(error = %e,
                        "live updates: the connection for other servers' events was lost; reconnecting");
                    let _ = local.send(LiveEvent::Resync);
                }
                failures += 1;
                if failures > 1 {
                    tokio::time::sleep(RETRY).await;
                }
            }
        }
    }
}

/// Hands a payload's events to the local subscribers, unless this bus sent
/// it; a malformed payload is logged and dropped.
fn deliver(text: &str, origin: Uuid, local: &broadcast::Sender<LiveEvent>) {
    match wire::decode(text) {
        Ok(d) => {
            if d.skipped > 0 {
                tracing::warn!(
                    skipped = d.skipped,
                    "live updates: unreadable lines in a notification were dropped"
                );
            }
            if d.origin == origin {
                return;
            }
            for e in d.events {
                let _ = local.send(e);
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, bytes = text.len(),
                "live updates: a malformed notification was dropped");
        }
    }
}
