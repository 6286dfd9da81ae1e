//! Samspill's storage: SQL for SQLite and PostgreSQL, written once in the
//! subset both share, behind the [`Db`] (reads) and [`Tx`] (writes) handles.
//!
//! What lives here: connection set-up, migrations, one module per aggregate,
//! and the classification of database errors ([`Error`]). What does not:
//! authorization and orchestration (the `services` crate decides who may do
//! what and owns each transaction).
//!
//! Layout, by capability: [`org`] (people, units), [`auth`] (sessions,
//! tokens, sign-in counters), [`social`] (spaces, posts, comments, follows,
//! notifications, search), [`leadership`] (consultations, feedback,
//! commitments, the leadership corner); shared machinery at the top: the handles and
//! their macros (`db`), [`Error`], [`ts`], the [`visibility`] predicate,
//! the [`events`] log, [`maintenance`], and [`live`] (PostgreSQL
//! `LISTEN`/`NOTIFY` between app servers).
//!
//! Invariants: ids and timestamps are made in Rust (never by SQL defaults);
//! timestamps are truncated to microseconds and, on SQLite, stored as
//! fixed-width UTC text so that text order is time order (see [`ts`]).

pub mod audit;
pub mod auth;
pub mod culture;
mod db;
mod decode;
mod error;
pub mod events;
pub mod leadership;
pub mod live;
pub mod maintenance;
pub mod moderation;
pub mod org;
pub mod social;
pub mod ts;
pub mod visibility;

pub use db::{Backend, Db, MigrationName, SqliteDb, SqliteUnit, Tx, migration_versions};
pub use error::{Error, Result, Undecodable};
pub use ts::Ts;
