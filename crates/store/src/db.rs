//! Connections, transactions and migrations for both backends.
//!
//! The backend is chosen by the URL scheme alone; an unknown scheme is an
//! error rather than a surprise empty SQLite file. Every query is written once
//! and expanded per backend by the private `on_db!`/`on_tx!` macros, so each
//! arm is type-checked against its own driver.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Postgres, Sqlite, Transaction};

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
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// An open write transaction. Nothing it wrote is visible, or acknowledged
/// to anyone, before [`Tx::commit`].
#[derive(Debug)]
pub enum Tx {
    /// On SQLite (begun `IMMEDIATE`, so it holds the write lock from the start).
    Sqlite(Transaction<'static, Sqlite>),
    /// On PostgreSQL.
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$pool` bound to the backend's pool.
macro_rules! on_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body,
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
/// PostgreSQL. SQLite has no row locks and needs none: its write transactions
/// begin `IMMEDIATE`, so they hold the database's write lock from the start.
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
        let pool = SqlitePoolOptions::new()
            .max_connections(max.max(2))
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(opts)
            .await
            .map_err(|e| {
                Error::Config(format!("{setting}: cannot open the SQLite database: {e}"))
            })?;
        Ok(Self::Sqlite(pool))
    }

    async fn connect_postgres(url: &str, max: u32, setting: &str) -> Result<Self> {
        let opts = PgConnectOptions::from_str(url)
            .map_err(|e| Error::Config(format!("{setting}: {e}")))?;
        let pool = PgPoolOptions::new()
            .max_connections(max.max(2))
            .acquire_timeout(Duration::from_secs(5))
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
            Self::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await,
            Self::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await,
        };
        res.map_err(|e| Error::Other(Box::new(e)))
    }

    /// Begins a write transaction.
    ///
    /// # Errors
    /// `Unavailable` when no connection can be had.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            // IMMEDIATE takes the write lock up front: a deferred transaction
            // that reads and then writes can fail with SQLITE_BUSY_SNAPSHOT
            // under concurrency, which the busy timeout does not retry.
            Self::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Self::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Closes every connection (used by tests before dropping a database).
    pub async fn close(&self) {
        on_db!(self, |p| p.close().await);
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
    /// Makes every write of the transaction durable and visible.
    ///
    /// # Errors
    /// When the commit fails; then nothing was written.
    pub async fn commit(self) -> Result<()> {
        match self {
            Self::Sqlite(t) => t.commit().await?,
            Self::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}
