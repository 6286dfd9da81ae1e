//! Samspill's use cases: who may do what, in which transaction, with which
//! events logged. Both front doors (the JSON API and the HTML UI) call these
//! functions; neither holds business rules of its own.
//!
//! What does not live here: HTTP types (the `web` crate maps [`Error`] to
//! statuses) and SQL (the `store` crate).
//!
//! Layout, by capability: [`org`] (people, units, import), [`auth`]
//! (sign-in, sessions, tokens, passwords, admin commands), [`social`]
//! (spaces, posts, comments, feed, notifications, search), [`leadership`]
//! (consultations, feedback, commitments, the leadership corner), [`culture`]
//! (values, praise, the code of conduct); machinery they
//! share in [`shared`] (clock, paging, Markdown, stored text, events,
//! notifications as side effects, the live bus).

pub mod audit;
pub mod auth;
pub mod culture;
mod error;
pub mod leadership;
pub mod moderation;
pub mod org;
pub mod shared;
pub mod social;

use std::sync::Arc;

use time::Duration;
use tokio::sync::{OnceCell, Semaphore};

pub use error::{Error, Result};
pub use samspill_store::{Backend, Db};
pub use shared::clock::{Clock, FixedClock, SystemClock};

/// Tunables of the services, from configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long a browser session lasts.
    pub session_ttl: Duration,
    /// Failed sign-ins for one account from one client within
    /// `login_window` before that client gets 429 for that account.
    pub login_max_failures: u32,
    /// Failed sign-ins from one client, over all accounts, within
    /// `login_window` before that client gets 429 for every account.
    pub login_max_failures_per_client: u32,
    /// Failed sign-ins for one account, from all clients, within
    /// `login_window` before every client gets 429 for that account: a
    /// backstop against guessing from many clients.
    pub login_max_failures_per_account: u32,
    /// The sliding window of the sign-in limit.
    pub login_window: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            session_ttl: Duration::days(14),
            login_max_failures: 5,
            login_max_failures_per_client: 20,
            login_max_failures_per_account: 100,
            login_window: Duration::minutes(15),
        }
    }
}

/// Everything a use case needs: the database, the clock and settings.
/// Cheap to clone; one per process.
#[derive(Clone)]
pub struct Ctx {
    /// The database. Not public: the front doors read and write only
    /// through the use cases (tools and tests use [`Ctx::db`]).
    pub(crate) db: Db,
    /// The clock (a fixed one in tests).
    pub clock: Arc<dyn Clock>,
    /// Settings.
    pub settings: Arc<Settings>,
    /// Caps concurrent Argon2 hashes (each takes ~19 MiB and a core).
    hashing: Arc<Semaphore>,
    /// A hash to verify against when an account does not exist, so that an
    /// unknown e-mail costs the same time as a wrong password.
    dummy_hash: Arc<OnceCell<String>>,
    /// Live updates for open pages.
    pub bus: Arc<dyn shared::live::LiveBus>,
}

impl std::fmt::Debug for Ctx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx")
            .field("backend", &self.db.backend())
            .finish_non_exhaustive()
    }
}

impl Ctx {
    /// A context over `db`, with the live bus that suits its backend
    /// ([`shared::live::for_db`]). Call it inside a Tokio runtime.
    #[must_use]
    pub fn new(db: Db, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        let permits = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        let bus = shared::live::for_db(&db);
        Self {
            db,
            clock,
            settings: Arc::new(settings),
            hashing: Arc::new(Semaphore::new(permits)),
            dummy_hash: Arc::new(OnceCell::new()),
            bus,
        }
    }

    /// The database, for tools and tests that read the store directly (the
    /// demo and seed builders, test assertions). Product code goes through
    /// the use cases.
    #[must_use]
    pub const fn db(&self) -> &Db {
        &self.db
    }

    /// Whether the database answers.
    ///
    /// # Errors
    /// `Unavailable` when it does not.
    pub async fn ping(&self) -> Result<()> {
        Ok(self.db.ping().await?)
    }

    fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }
}

/// The person on whose behalf a use case runs.
#[derive(Debug, Clone)]
pub struct Actor {
    /// Who.
    pub id: samspill_domain::PersonId,
    /// Their primary unit (their unit's space counts them as a member).
    pub unit_id: Option<samspill_domain::UnitId>,
    /// An administrator of the installation?
    pub is_admin: bool,
}

impl Actor {
    /// The actor of a person.
    #[must_use]
    pub fn of(p: &samspill_store::org::people::PersonView) -> Self {
        Self {
            id: p.id,
            unit_id: p.unit_id,
            is_admin: p.is_admin,
        }
    }

    /// The actor as the visibility predicate sees them.
    #[must_use]
    pub const fn viewer(&self) -> samspill_store::visibility::Viewer {
        samspill_store::visibility::Viewer {
            id: self.id,
            unit_id: self.unit_id,
            is_admin: self.is_admin,
        }
    }
}
