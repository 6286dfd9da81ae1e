//! Running one query on either backend. The store's own `on_db!`/`on_tx!`
//! are private to it; these match on the public variants of
//! [`Db`](samspill_store::Db) and [`Tx`](samspill_store::Tx) the same way,
//! so that each arm is type-checked against its own driver. The SQL stays
//! the subset both backends share, and every value is bound.

/// Runs `$body` with `$pool` bound to the backend's pool.
macro_rules! on_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            samspill_store::Db::Sqlite(sqlite) => {
                let $pool: &sqlx::SqlitePool = sqlite;
                $body
            }
            samspill_store::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_db;

/// Runs `$body` with `$conn` bound to the transaction's connection.
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match $tx {
            samspill_store::Tx::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            samspill_store::Tx::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on_tx;
