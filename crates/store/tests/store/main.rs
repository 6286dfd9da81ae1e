//! Store tests: each is written once and runs on SQLite and PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

mod auth;
mod events;
mod fixtures;
mod group_commit;
mod migrations;
mod people;
mod posts;
mod spaces;
mod units;
