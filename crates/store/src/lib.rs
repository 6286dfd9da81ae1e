//! Samspill's storage: SQL for SQLite and PostgreSQL, written once in the
//! subset both share, behind the [`Db`] (reads) and [`Tx`] (writes) handles.
//!
//! What lives here: connection set-up, migrations, one module per aggregate,
//! and the classification of database errors ([`Error`]). What does not:
//! authorization and orchestration (the `services` crate decides who may do
//! what and owns each transaction).
//!
//! Invariants: ids and timestamps are made in Rust (never by SQL defaults);
//! timestamps are truncated to microseconds and, on SQLite, stored as
//! fixed-width UTC text so that text order is time order (see [`ts`]).

pub mod comments;
mod db;
mod error;
pub mod events;
pub mod follows;
pub mod login_failures;
pub mod maintenance;
pub mod notifications;
pub mod people;
pub mod posts;
pub mod search;
pub mod sessions;
pub mod spaces;
pub mod tokens;
pub mod ts;
pub mod units;
pub mod visibility;

pub use db::{Backend, Db, MigrationName, Tx, migration_versions};
pub use error::{Error, Result};
pub use ts::Ts;
