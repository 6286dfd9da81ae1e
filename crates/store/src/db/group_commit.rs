//! Group commit on SQLite: many write transactions, one `COMMIT`, one fsync.
//!
//! Every [`Tx`](crate::Tx) on SQLite is a *unit* on one dedicated writer
//! connection (not one of the read pool's). Units take turns on a fair lease
//! (a `tokio::sync::Mutex`, first come first served), so they run one after
//! the other, as `IMMEDIATE` transactions did. The first unit of a group
//! begins the outer transaction (`BEGIN IMMEDIATE`); later ones each open
//! `SAVEPOINT unit` inside it. Committing a unit releases its savepoint and
//! waits: the holder of the lease that finds nobody else queued (or the group
//! at [`GROUP_CAP`] units) runs `COMMIT` and answers every unit of the group
//! with its result. With `synchronous = FULL`, a unit's commit returns only
//! after the group is on disk, so every acknowledged write is durable.
//!
//! Invariants:
//! - A unit that ends without commit (an error path drops it) rolls back
//!   alone: `ROLLBACK TO unit; RELEASE unit` (or `ROLLBACK` when it was alone
//!   in the outer transaction). Drop is synchronous, so the lease travels to
//!   a spawned task that does it and settles the group.
//! - When that partial rollback fails, or `COMMIT` fails, SQLite may have
//!   undone the whole outer transaction: every pending unit gets the error.
//!   Nothing half-written is acknowledged.
//! - Nobody waits forever: whoever leaves a group open for someone queued
//!   also schedules a flush task, which commits the group when its turn
//!   comes, even if those queued give up. The lease itself times out after
//!   [`LEASE_TIMEOUT`] (like the busy timeout the read pool has).
//! - The work after a unit ends (release, commit, answers) runs in a spawned
//!   task that owns the lease, so a caller that gives up half-way cannot
//!   leave the group half-settled.
//!
//! Units of one group see each other's writes before they are committed.
//! That is harmless: nothing is acknowledged before the commit, and if the
//! commit fails, every one of them fails. Reads through the pool see only
//! committed groups, as before.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};
use tokio::sync::{Mutex, OwnedMutexGuard, oneshot};

use crate::{Error, Result};

/// The most units one `COMMIT` answers; a longer queue gets several groups.
const GROUP_CAP: usize = 128;

/// How long a unit waits for its turn before it gives up as `Unavailable`.
const LEASE_TIMEOUT: Duration = Duration::from_secs(10);

/// The writer of one SQLite database: its connection and the group state.
pub(crate) struct Writer {
    opts: SqliteConnectOptions,
    state: Arc<Mutex<State>>,
    /// Units waiting for the lease (the flush task is not counted).
    queued: AtomicUsize,
    flush_scheduled: AtomicBool,
    /// Groups committed so far (for tests and measurements).
    commits: Arc<AtomicU64>,
}

impl fmt::Debug for Writer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Writer")
            .field("queued", &self.queued.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// What the lease protects.
struct State {
    /// `None` after [`Writer::close`] or once the connection broke; the
    /// next unit reconnects unless closed.
    conn: Option<SqliteConnection>,
    closed: bool,
    /// The outer transaction is open.
    open: bool,
    /// Units released into the open group, waiting for its commit.
    pending: Vec<oneshot::Sender<Outcome>>,
    /// The unit in progress, if any.
    unit: Mark,
    commits: Arc<AtomicU64>,
}

/// How the unit in progress was opened, i.e. how to undo it alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    None,
    /// First of its group: it began the outer transaction.
    Outer,
    /// Inside an open group: `SAVEPOINT unit`.
    Savepoint,
}

/// A group's answer to one unit.
type Outcome = std::result::Result<(), Failure>;

/// A failure shared by every unit of a group (`store::Error` is not `Clone`).
#[derive(Debug, Clone)]
struct Failure {
    unavailable: bool,
    message: Arc<str>,
}

impl Failure {
    fn from_sqlx(e: sqlx::Error) -> Self {
        let message: Arc<str> = e.to_string().into();
        let unavailable = matches!(Error::from(e), Error::Unavailable(_));
        Self {
            unavailable,
            message,
        }
    }

    fn other(message: &str) -> Self {
        Self {
            unavailable: false,
            message: message.into(),
        }
    }

    fn into_error(self) -> Error {
        let e = std::io::Error::other(format!("SQLite group commit: {}", self.message));
        if self.unavailable {
            Error::Unavailable(sqlx::Error::Io(e))
        } else {
            Error::Other(Box::new(e))
        }
    }
}

async fn exec(conn: &mut SqliteConnection, sql: &'static str) -> sqlx::Result<()> {
    sqlx::query(sql).execute(conn).await.map(|_| ())
}

impl State {
    fn conn(&mut self) -> sqlx::Result<&mut SqliteConnection> {
        self.conn.as_mut().ok_or(sqlx::Error::PoolClosed)
    }

    async fn run(&mut self, sql: &'static str) -> sqlx::Result<()> {
        let res = exec(self.conn()?, sql).await;
        if let Err(e) = &res
            && !matches!(e, sqlx::Error::Database(_))
        {
            // I/O or a crashed worker: start over on a fresh connection.
            self.conn = None;
        }
        res
    }

    /// Undoes a unit that ended without commit, alone if possible.
    async fn tidy(&mut self) {
        match std::mem::replace(&mut self.unit, Mark::None) {
            Mark::None => {}
            // It began the group, so nothing else is in it.
            Mark::Outer => self.abort(&Failure::other("rolled back")).await,
            Mark::Savepoint => {
                let undone = match self.run("ROLLBACK TO unit").await {
                    Ok(()) => self.run("RELEASE unit").await,
                    Err(e) => Err(e),
                };
                if let Err(e) = undone {
                    // The savepoint is gone: SQLite undid the whole group.
                    tracing::error!(error = %e, "a unit could not be rolled back alone; the group fails");
                    self.abort(&Failure::from_sqlx(e)).await;
                }
            }
        }
    }

    /// Ends the unit in progress so that it joins the group's commit.
    async fn release(&mut self) -> sqlx::Result<()> {
        if self.unit == Mark::Savepoint {
            self.run("RELEASE unit").await?;
        }
        self.unit = Mark::None;
        Ok(())
    }

    /// Rolls the whole group back and fails every pending unit.
    async fn abort(&mut self, why: &Failure) {
        if self.open {
            // An error here usually means SQLite already rolled back.
            let _ = self.run("ROLLBACK").await;
        }
        self.open = false;
        for unit in self.pending.drain(..) {
            let _ = unit.send(Err(why.clone()));
        }
    }

    /// Commits the group (one fsync) and answers every pending unit.
    async fn flush(&mut self) {
        if !self.open {
            return;
        }
        match self.run("COMMIT").await {
            Ok(()) => {
                self.open = false;
                self.commits.fetch_add(1, Ordering::Relaxed);
                for unit in self.pending.drain(..) {
                    let _ = unit.send(Ok(()));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, units = self.pending.len(), "group commit failed");
                self.abort(&Failure::from_sqlx(e)).await;
            }
        }
    }

    /// Opens a unit: the outer transaction if none is open, else a savepoint.
    async fn start(&mut self, opts: &SqliteConnectOptions) -> Result<()> {
        if self.closed {
            return Err(Error::Unavailable(sqlx::Error::PoolClosed));
        }
        if self.conn.is_none() {
            self.conn = Some(opts.connect().await?);
        }
        if self.open {
            self.unit = Mark::Savepoint;
            if let Err(e) = self.run("SAVEPOINT unit").await {
                self.unit = Mark::None;
                return Err(e.into());
            }
        } else {
            self.unit = Mark::Outer;
            self.open = true;
            // IMMEDIATE takes the write lock up front, so no unit of the
            // group can fail later on a lock another process holds.
            if let Err(e) = self.run("BEGIN IMMEDIATE").await {
                self.unit = Mark::None;
                self.open = false;
                return Err(e.into());
            }
        }
        Ok(())
    }
}

impl Writer {
    /// Opens the writer connection (eagerly, so a bad file fails at start-up).
    pub(crate) async fn connect(opts: SqliteConnectOptions) -> sqlx::Result<Arc<Self>> {
        let conn = opts.connect().await?;
        let commits = Arc::new(AtomicU64::new(0));
        Ok(Arc::new(Self {
            opts,
            state: Arc::new(Mutex::new(State {
                conn: Some(conn),
                closed: false,
                open: false,
                pending: Vec::new(),
                unit: Mark::None,
                commits: Arc::clone(&commits),
            })),
            queued: AtomicUsize::new(0),
            flush_scheduled: AtomicBool::new(false),
            commits,
        }))
    }

    /// How many groups were committed so far.
    pub(crate) fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Waits for the lease, counted as queued meanwhile.
    async fn lease(&self) -> Result<OwnedMutexGuard<State>> {
        struct Queued<'a>(&'a AtomicUsize);
        impl Drop for Queued<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::SeqCst);
            }
        }
        self.queued.fetch_add(1, Ordering::SeqCst);
        let _queued = Queued(&self.queued);
        tokio::time::timeout(LEASE_TIMEOUT, Arc::clone(&self.state).lock_owned())
            .await
            .map_err(|_| {
                Error::Unavailable(sqlx::Error::Io(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "timed out waiting for the SQLite writer",
                )))
            })
    }

    /// Begins a unit of work.
    pub(crate) async fn begin(self: &Arc<Self>) -> Result<Unit> {
        let lease = self.lease().await?;
        // From here on, dropping the unit settles the lease, whatever happens.
        let mut unit = Unit {
            lease: Some(lease),
            writer: Arc::clone(self),
        };
        let state = unit.state();
        state.tidy().await;
        state.start(&self.opts).await?;
        Ok(unit)
    }

    /// After a unit ended: undo it if it was not released, then commit the
    /// group unless someone queued will carry it on.
    async fn settle(self: Arc<Self>, mut state: OwnedMutexGuard<State>) {
        state.tidy().await;
        if !state.open {
            return;
        }
        if self.queued.load(Ordering::SeqCst) == 0 || state.pending.len() >= GROUP_CAP {
            state.flush().await;
        } else {
            self.schedule_flush();
        }
    }

    /// Makes sure the open group gets committed even if everyone queued
    /// gives up: a task that takes its turn on the lease and commits.
    fn schedule_flush(self: &Arc<Self>) {
        if self.flush_scheduled.swap(true, Ordering::SeqCst) {
            return;
        }
        let writer = Arc::clone(self);
        tokio::spawn(async move {
            let mut state = Arc::clone(&writer.state).lock_owned().await;
            writer.flush_scheduled.store(false, Ordering::SeqCst);
            state.tidy().await;
            state.flush().await;
        });
    }

    /// Commits what is pending and closes the connection; later units fail.
    pub(crate) async fn close(&self) {
        let mut state = Arc::clone(&self.state).lock_owned().await;
        state.tidy().await;
        state.flush().await;
        state.closed = true;
        if let Some(conn) = state.conn.take() {
            let _ = conn.close().await;
        }
    }
}

/// One unit of work on the writer connection, holding the lease.
pub struct Unit {
    /// `Some` until the unit is committed or dropped.
    lease: Option<OwnedMutexGuard<State>>,
    writer: Arc<Writer>,
}

impl fmt::Debug for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unit").finish_non_exhaustive()
    }
}

impl Unit {
    #[expect(
        clippy::expect_used,
        reason = "the lease is taken only by commit and drop, which consume the unit"
    )]
    fn state(&mut self) -> &mut State {
        self.lease.as_mut().expect("a live unit holds the lease")
    }

    /// Releases the unit into its group and waits for the group's commit.
    pub(crate) async fn commit(mut self) -> Result<()> {
        let Some(mut lease) = self.lease.take() else {
            return Err(Failure::other("unit already ended").into_error());
        };
        let writer = Arc::clone(&self.writer);
        let (answer, outcome) = oneshot::channel();
        tokio::spawn(async move {
            match lease.release().await {
                Ok(()) => lease.pending.push(answer),
                // The mark stays set, so settle rolls the unit back.
                Err(e) => {
                    let _ = answer.send(Err(Failure::from_sqlx(e)));
                }
            }
            writer.settle(lease).await;
        });
        match outcome.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(failure)) => Err(failure.into_error()),
            Err(_) => Err(Failure::other("the writer stopped before answering").into_error()),
        }
    }
}

impl Drop for Unit {
    fn drop(&mut self) {
        let Some(lease) = self.lease.take() else {
            return;
        };
        // Without a runtime the lease is simply released with the mark set;
        // the next unit's `tidy` rolls this one back.
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(Arc::clone(&self.writer).settle(lease));
        }
    }
}

impl Deref for Unit {
    type Target = SqliteConnection;

    #[expect(
        clippy::expect_used,
        reason = "a live unit holds the lease, and `start` made sure of the connection"
    )]
    fn deref(&self) -> &SqliteConnection {
        self.lease
            .as_ref()
            .and_then(|s| s.conn.as_ref())
            .expect("a live unit has a connection")
    }
}

impl DerefMut for Unit {
    #[expect(
        clippy::expect_used,
        reason = "a live unit holds the lease, and `start` made sure of the connection"
    )]
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.lease
            .as_mut()
            .and_then(|s| s.conn.as_mut())
            .expect("a live unit has a connection")
    }
}
