//! Test support for Samspill (dev-only): a fresh database per test on either
//! backend, and the `backend_test!` macro that runs one test body on both.
//!
//! PostgreSQL is never skipped silently: the URL defaults to the local server
//! (`postgres://postgres@127.0.0.1:5432/postgres`, overridable with
//! `TEST_POSTGRES_URL`), and only `SAMSPILL_TEST_SKIP_POSTGRES=1` skips it,
//! with a line on standard error saying so.

#![expect(
    clippy::expect_used,
    reason = "test support: a failed set-up should fail the test loudly"
)]

use samspill_store::Db;
use uuid::Uuid;

/// The default administrative URL of the local test PostgreSQL.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A migrated, empty database that disappears when dropped.
#[derive(Debug)]
pub struct TestDb {
    /// The pool.
    pub db: Db,
    /// The URL it was opened with (for spawning an app on the same database).
    pub url: String,
    _cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    Sqlite(
        #[expect(dead_code, reason = "held so the directory outlives the pool")] tempfile::TempDir,
    ),
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Self::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime; a fresh thread with its own
            // runtime can block on the drop without deadlocking it.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async move {
                    if let Ok(admin) = Db::connect(&admin_url, 1, "TEST_POSTGRES_URL").await {
                        if let Db::Postgres(pool) = &admin {
                            let sql = format!("drop database if exists \"{name}\" with (force)");
                            let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await;
                        }
                        admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    /// A temp-file SQLite database.
    Sqlite,
    /// A fresh PostgreSQL database.
    Postgres,
}

#[expect(
    clippy::disallowed_methods,
    reason = "tests read their own settings from the environment"
)]
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// True when the PostgreSQL half was explicitly switched off.
#[must_use]
pub fn postgres_skipped() -> bool {
    env("SAMSPILL_TEST_SKIP_POSTGRES").is_some_and(|v| v == "1")
}

impl TestDb {
    /// A database on `backend`; `None` only when PostgreSQL was explicitly skipped.
    pub async fn new(backend: TestBackend) -> Option<Self> {
        match backend {
            TestBackend::Sqlite => Some(Self::sqlite().await),
            TestBackend::Postgres => Self::postgres().await,
        }
    }

    /// A fresh SQLite file in a temp directory (WAL and locking as in production).
    ///
    /// # Panics
    /// When the temp directory or database cannot be made.
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a temp dir for the test database");
        let url = format!("sqlite://{}/test.db", dir.path().display());
        let db = Db::connect(&url, 4, "test")
            .await
            .expect("open SQLite test database");
        db.migrate().await.expect("migrate SQLite test database");
        Self {
            db,
            url,
            _cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// A fresh PostgreSQL database, or `None` when explicitly skipped.
    ///
    /// # Panics
    /// When PostgreSQL cannot be reached: the PostgreSQL half must run.
    pub async fn postgres() -> Option<Self> {
        if postgres_skipped() {
            eprintln!("note: PostgreSQL half skipped (SAMSPILL_TEST_SKIP_POSTGRES=1)");
            return None;
        }
        let admin_url = env("TEST_POSTGRES_URL").unwrap_or_else(|| DEFAULT_POSTGRES_URL.to_owned());
        let name = format!("samspill_test_{}", Uuid::new_v4().simple());
        let admin = Db::connect(&admin_url, 1, "TEST_POSTGRES_URL").await.unwrap_or_else(|e| {
            panic!("PostgreSQL for tests is unreachable at {admin_url} ({e}); start it, or set SAMSPILL_TEST_SKIP_POSTGRES=1 to skip the PostgreSQL half knowingly")
        });
        if let Db::Postgres(pool) = &admin {
            sqlx::query(sqlx::AssertSqlSafe(format!("create database \"{name}\"")))
                .execute(pool)
                .await
                .expect("create the PostgreSQL test database");
        }
        admin.close().await;
        let url = replace_database(&admin_url, &name);
        let db = Db::connect(&url, 4, "test")
            .await
            .expect("open PostgreSQL test database");
        db.migrate()
            .await
            .expect("migrate PostgreSQL test database");
        Some(Self {
            db,
            url,
            _cleanup: Cleanup::Postgres { admin_url, name },
        })
    }
}

/// `postgres://u@h:p/old?x` → `postgres://u@h:p/new?x`.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Runs one async test body on both backends, as `NAME::sqlite` and
/// `NAME::postgres`. The body receives a [`TestDb`].
#[macro_export]
macro_rules! backend_test {
    ($(#[$meta:meta])* async fn $name:ident($db:ident : TestDb) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            $(#[$meta])*
            async fn run($db: $crate::TestDb) $body

            #[tokio::test]
            async fn sqlite() {
                run($crate::TestDb::sqlite().await).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(db) = $crate::TestDb::postgres().await {
                    run(db).await;
                }
            }
        }
    };
}

/// Gives every person in `db` the password hash `hash` (made once with
/// `samspill_services::auth::hash_password`), so that tests can sign in
/// as anyone without paying for a hash per person.
///
/// # Panics
/// When the database fails.
pub async fn set_every_password(db: &Db, hash: &str, at: time::OffsetDateTime) {
    let mut tx = db.begin().await.expect("begin");
    for p in samspill_store::org::people::list_all_people(db)
        .await
        .expect("list people")
    {
        samspill_store::org::people::set_password_hash(&mut tx, p.id, hash, at)
            .await
            .expect("set password");
    }
    tx.commit().await.expect("commit");
}

/// Every person in `db` accepts the current version of the code of conduct
/// (posting and commenting need it). Test set-ups call this after creating
/// their people, as if each had read and accepted it; tests of acceptance
/// itself create people after it, or publish a new version.
///
/// # Panics
/// When the database fails.
pub async fn accept_guidelines(db: &Db) {
    let mut tx = db.begin().await.expect("begin");
    samspill_store::culture::guidelines::accept_current_for_everyone(
        &mut tx,
        time::macros::datetime!(2026-01-01 0:00 UTC),
    )
    .await
    .expect("accept the guidelines");
    tx.commit().await.expect("commit");
}

/// Sets who may read (`everyone`, `members`) and who may post (`everyone`,
/// `members`, `moderators`) in a space. The services make communities with
/// fixed access; the visibility tests need every combination.
///
/// # Panics
/// When the database fails or there is no such space.
pub async fn set_space_access(db: &Db, space: Uuid, read: &str, write: &str) {
    const SQL: &str = "update spaces set read_access = $1, write_access = $2 where id = $3";
    let done = match db {
        Db::Sqlite(pool) => sqlx::query(SQL)
            .bind(read)
            .bind(write)
            .bind(space)
            .execute(&**pool)
            .await
            .map(|r| r.rows_affected()),
        Db::Postgres(pool) => sqlx::query(SQL)
            .bind(read)
            .bind(write)
            .bind(space)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
    };
    assert_eq!(done.expect("set space access"), 1, "no space {space}");
}

/// The number of rows in `table`, for tests that check nothing was written.
///
/// # Panics
/// When `table` is not a plain lowercase name, or the database fails.
pub async fn count_rows(db: &Db, table: &str) -> i64 {
    assert!(
        table.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
        "not a table name: {table:?}"
    );
    // Safe to splice: `table` was checked to be a bare name above.
    let sql = sqlx::AssertSqlSafe(format!("select count(*) from {table}"));
    let n = match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(&**pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    };
    n.expect("count rows")
}

/// Every row of every table, as text, by table: the tables are read from
/// the catalog (so a new table is covered without listing it), each row as
/// one string (SQLite: the columns' `quote()`, blobs as `X'…'` hex;
/// PostgreSQL: the row's text form, uuids hyphenated). For tests that look
/// for values that must not be stored anywhere.
///
/// # Panics
/// When the database fails.
pub async fn dump_tables(db: &Db) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    match db {
        Db::Sqlite(pool) => {
            let pool: &sqlx::SqlitePool = pool;
            let tables: Vec<(String,)> = sqlx::query_as(
                "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
            )
            .fetch_all(pool)
            .await
            .expect("list tables");
            for (table,) in tables {
                let pragma = format!("select name from pragma_table_info('{table}')");
                let cols: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(pragma))
                    .fetch_all(pool)
                    .await
                    .expect("list columns");
                if cols.is_empty() {
                    continue;
                }
                let expr = cols
                    .iter()
                    .map(|(c,)| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || ',' || ");
                // Names come from the catalog, not from input.
                let sql = sqlx::AssertSqlSafe(format!("select {expr} from \"{table}\""));
                let rows: Vec<(String,)> = sqlx::query_as(sql)
                    .fetch_all(pool)
                    .await
                    .expect("read table");
                out.push((table, rows.into_iter().map(|(r,)| r).collect()));
            }
        }
        Db::Postgres(pool) => {
            let tables: Vec<(String,)> = sqlx::query_as(
                "select table_name::text from information_schema.tables
                 where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1",
            )
            .fetch_all(pool)
            .await
            .expect("list tables");
            for (table,) in tables {
                let sql = sqlx::AssertSqlSafe(format!("select t::text from \"{table}\" t"));
                let rows: Vec<(String,)> = sqlx::query_as(sql)
                    .fetch_all(pool)
                    .await
                    .expect("read table");
                out.push((table, rows.into_iter().map(|(r,)| r).collect()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_is_replaced_and_query_kept() {
        assert_eq!(
            replace_database(
                "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
                "t1"
            ),
            "postgres://postgres@127.0.0.1:5432/t1?sslmode=disable"
        );
        assert_eq!(replace_database("postgres://h", "t2"), "postgres://h/t2");
    }
}
