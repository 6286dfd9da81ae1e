//! PostgreSQL `LISTEN`/`NOTIFY` for live updates between app servers that
//! share one database.
//!
//! The store only moves text: [`notify`] sends a payload on [`CHANNEL`], a
//! [`Listener`] receives the payloads every server sends (its own included).
//! What a payload means is the services' business (`services::shared::live`).
//! SQLite has no equivalent: several servers on one SQLite file are not
//! supported, and on SQLite [`Listener::connect`] answers `None`.

use std::time::Duration;

use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};

use crate::{Db, Error, Result};

/// The one notification channel of Samspill's live updates.
pub const CHANNEL: &str = "samspill_live";

/// PostgreSQL refuses a payload of 8000 bytes or more.
pub const MAX_PAYLOAD: usize = 7999;

/// Sends `payload` to every listener on [`CHANNEL`], this server's included.
/// A no-op on SQLite.
///
/// # Errors
/// `Unavailable` when PostgreSQL cannot be reached; `InvalidValue` for a
/// payload PostgreSQL refuses (too long).
pub async fn notify(db: &Db, payload: &str) -> Result<()> {
    if let Db::Postgres(pool) = db {
        sqlx::query("select pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// What [`Listener::recv`] got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// A payload sent on [`CHANNEL`].
    Payload(String),
    /// The connection was lost: whatever was sent meanwhile is gone. The
    /// listener has already connected again (or will on the next call).
    Lost,
    /// A payload that is not text (a server with `SQL_ASCII` encoding).
    Unreadable,
}

/// A connection listening on [`CHANNEL`]. It has a connection of its own,
/// outside the pool the requests use, and reconnects when it is lost.
#[derive(Debug)]
pub struct Listener {
    inner: PgListener,
}

impl Listener {
    /// Starts listening; `None` on SQLite. Returns once `LISTEN` is in
    /// effect, so whatever is sent from then on is received.
    ///
    /// # Errors
    /// `Unavailable` when PostgreSQL cannot be reached.
    pub async fn connect(db: &Db) -> Result<Option<Self>> {
        let Db::Postgres(requests) = db else {
            return Ok(None);
        };
        let mut inner = PgListener::connect_with(&own_pool(requests)).await?;
        inner.ignore_pool_close_event(true);
        inner.listen(CHANNEL).await?;
        Ok(Some(Self { inner }))
    }

    /// The next payload, or word that the connection was lost.
    ///
    /// # Errors
    /// `Unavailable` when the connection was lost and could not be made
    /// again; the next call tries again.
    pub async fn recv(&mut self) -> Result<Received> {
        match self.inner.try_recv().await {
            Ok(Some(n)) => {
                // `payload` panics on bytes that are not UTF-8, which only a
                // server with `SQL_ASCII` encoding lets through.
                let text = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    n.payload().to_owned()
                }));
                Ok(text.map_or(Received::Unreadable, Received::Payload))
            }
            Ok(None) => Ok(Received::Lost),
            Err(e) => Err(Error::from(e)),
        }
    }
}

/// A pool of one connection with the request pool's settings: listening
/// never takes a connection from the requests, and a lost connection is
/// made again from here.
fn own_pool(requests: &PgPool) -> PgPool {
    let opts = (*requests.connect_options())
        .clone()
        .application_name("samspill-live");
    PgPoolOptions::new()
        .max_connections(1)
        .min_connections(0)
        .max_lifetime(None)
        .idle_timeout(None)
        .acquire_timeout(Duration::from_secs(5))
        .connect_lazy_with(opts)
}
