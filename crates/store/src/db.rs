//! Connections, transactions and migrations for both backends.
//!
//! The backend is chosen by the URL scheme alone; an unknown scheme is an
//! error rather than a surprise empty SQLite file. Every query is written once
//! and expanded per backend by the private `on_db!`/`on_tx!` macros, so each
//! arm is type-checked against its own driver.
//!
//! On SQLite, reads go through a pool and every write transaction is a unit
//! of a group commit on one writer connection (see `group_commit`).

mod group_commit;

use std::ops::Deref;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Postgres, Transaction};

pub use group_commit::Unit as SqliteUnit;
use group_commit::Writer;

use crate::{Error, Result};

/// Which database a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default: one file, nothing to install.
    Sqlite,
    /// For organizations that outgrow one machine.
    Postgres,
}

/// A connection pool to one of the two backends. Cheap to clone.
#[derive(Debug, Clone)]
pub enum Db {
    /// SQLite in WAL mode.
    Sqlite(SqliteDb),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// SQLite's read pool (which it dereferences to) and its one writer.
#[derive(Debug, Clone)]
pub struct SqliteDb {
    pool: SqlitePool,
    writer: Arc<Writer>,
}

impl SqliteDb {
    /// How many group commits (`COMMIT`s of the writer) this handle has made.
    #[must_use]
    pub fn group_commits(&self) -> u64 {
        self.writer.commits()
    }
}

impl Deref for SqliteDb {
    type Target = SqlitePool;

    fn deref(&self) -> &SqlitePool {
        &self.pool
    }
}

/// An open write transaction. Nothing it wrote is visible, or acknowledged
/// to anyone, before [`Tx::commit`].
#[derive(Debug)]
pub enum Tx {
    /// On SQLite: a unit of the writer's group commit. Units run one at a
    /// time and the group holds the write lock from its start (`BEGIN
    /// IMMEDIATE`); the unit dereferences to the writer's connection.
    Sqlite(SqliteUnit),
    /// On PostgreSQL.
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$pool` bound to the backend's pool.
macro_rules! on_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite(sqlite) => {
                let $pool: &sqlx::SqlitePool = sqlite;
                $body
            }
            $crate::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_db;

/// Runs `$body` with `$conn` bound to the transaction's connection.
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

/// The SQL text `$sql` as each backend runs it: as written on SQLite, with the
/// row-lock clause `$lock` (`for update`, `for share`, …) appended on
/// PostgreSQL. SQLite has no row locks and needs none: its units of work run
/// one at a time, inside a group that holds the write lock from its start.
macro_rules! locking_sql {
    ($tx:expr, $sql:literal, $lock:literal) => {
        match $tx {
            $crate::Tx::Sqlite(_) => $sql,
            $crate::Tx::Postgres(_) => concat!($sql, " ", $lock),
        }
    };
}
pub(crate) use locking_sql;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A migration's version and description.
pub type MigrationName = (i64, String);

/// The migration versions of each backend, for the parity test.
#[must_use]
pub fn migration_versions() -> (Vec<MigrationName>, Vec<MigrationName>) {
    let list = |m: &sqlx::migrate::Migrator| {
        m.iter()
            .map(|m| (m.version, m.description.to_string()))
            .collect::<Vec<_>>()
    };
    (list(&SQLITE_MIGRATIONS), list(&POSTGRES_MIGRATIONS))
}

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://…`). `setting` names
    /// the configuration key the URL came from, for error messages.
    ///
    /// # Errors
    /// `Config` for an unknown scheme or malformed URL, `Unavailable` when the
    /// database cannot be reached within a few seconds.
    pub async fn connect(url: &str, max_connections: u32, setting: &str) -> Result<Self> {
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or_default();
        match scheme {
            "sqlite" => Self::connect_sqlite(url, max_connections, setting).await,
            "postgres" | "postgresql" => {
                Self::connect_postgres(url, max_connections, setting).await
            }
            _ => Err(Error::Config(format!(
                "{setting}: unknown database scheme {scheme:?}; use sqlite://FILE or postgres://…"
            ))),
        }
    }

    async fn connect_sqlite(url: &str, max: u32, setting: &str) -> Result<Self> {
        let opts = SqliteConnectOptions::from_str(url)
            .map_err(|e| Error::Config(format!("{setting}: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a commit is on disk before it is acknowledged, power loss included.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        if let Some(dir) = opts.get_filename().parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::Config(format!("{setting}: cannot create {}: {e}", dir.display()))
            })?;
        }
        let cannot_open =
            |e| Error::Config(format!("{setting}: cannot open the SQLite database: {e}"));
        let pool = SqlitePoolOptions::new()
            .max_connections(max.max(2))
            .acquire_timeout(Duration::from_secs(5))
            // No ping before each use: a file does not drop connections, and
            // the ping was a second trip to the connection's thread per
            // statement.
            .test_before_acquire(false)
            .connect_with(opts.clone())
            .await
            .map_err(cannot_open)?;
        let writer = Writer::connect(opts).await.map_err(cannot_open)?;
        Ok(Self::Sqlite(SqliteDb { pool, writer }))
    }

    async fn connect_postgres(url: &str, max: u32, setting: &str) -> Result<Self> {
        let opts = PgConnectOptions::from_str(url)
            .map_err(|e| Error::Config(format!("{setting}: {e}")))?;
        let pool = PgPoolOptions::new()
            .max_connections(max.max(2))
            .acquire_timeout(Duration::from_secs(5))
            // No ping before each use (a round trip per statement). A
            // connection the server dropped fails its next statement, which
            // answers 503 once and is closed; the pool opens a new one.
            .test_before_acquire(false)
            .connect_with(opts)
            .await
            .map_err(|e| Error::Config(format!("{setting}: cannot reach PostgreSQL: {e}")))?;
        Ok(Self::Postgres(pool))
    }

    /// Which backend this is.
    #[must_use]
    pub const fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the embedded migrations that are not applied yet.
    ///
    /// # Errors
    /// When a migration fails or an applied one was changed.
    pub async fn migrate(&self) -> Result<()> {
        let res = match self {
            Self::Sqlite(s) => SQLITE_MIGRATIONS.run(&s.pool).await,
            Self::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await,
        };
        res.map_err(|e| Error::Other(Box::new(e)))?;
        // What a new installation starts with (values, the code of
        // conduct's version 1), where missing.
        let mut tx = self.begin().await?;
        crate::culture::defaults::write(&mut tx).await?;
        tx.commit().await
    }

    /// Begins a write transaction. On SQLite it waits for its turn on the
    /// writer (units run one at a time, so a read-then-write unit never
    /// meets another writer half-way, as `IMMEDIATE` transactions did).
    ///
    /// # Errors
    /// `Unavailable` when no connection can be had, or, on SQLite, when the
    /// turn does not come within 10 seconds.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Self::Sqlite(s) => Tx::Sqlite(s.writer.begin().await?),
            Self::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Closes every connection (used by tests before dropping a database).
    /// On SQLite, a group still open is committed first.
    pub async fn close(&self) {
        match self {
            Self::Sqlite(s) => {
                s.writer.close().await;
                s.pool.close().await;
            }
            Self::Postgres(p) => p.close().await,
        }
    }

    /// A trivial round trip, for the health check.
    ///
    /// # Errors
    /// When the database does not answer.
    pub async fn ping(&self) -> Result<()> {
        on_db!(self, |p| sqlx::query("select 1")
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}

impl Tx {
    /// Makes every write of the transaction durable and visible. On SQLite
    /// it returns once the unit's group is committed (and on disk).
    ///
    /// # Errors
    /// When the commit fails; then nothing was written.
    pub async fn commit(self) -> Result<()> {
        match self {
            Self::Sqlite(u) => u.commit().await?,
            Self::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}
