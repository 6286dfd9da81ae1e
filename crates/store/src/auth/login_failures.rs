//! Sign-in attempts that have not (yet) succeeded, per normalized e-mail and
//! client, for the login rate limits. Kept in the database so the limits
//! hold across app servers.
//!
//! A row is written before the password is checked and deleted again if it
//! was right (`services::auth::throttle`), so racing attempts see each other.
//! Reads that decide whether to write one run inside the write transaction,
//! after [`lock_attempt`].

use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::on_tx;
use crate::{Result, Ts, Tx};

/// Which failures a limit counts.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// One address from one client.
    EmailFromClient {
        /// The normalized e-mail.
        email_norm: &'a str,
        /// The client key.
        client: &'a str,
    },
    /// Every address from one client.
    Client(&'a str),
    /// One address from every client.
    Email(&'a str),
}

/// Serializes the check-then-record of sign-in attempts from `client` and
/// for `email_norm` for the rest of the transaction, on PostgreSQL.
/// SQLite's write transaction already holds the database's write lock.
///
/// The client is locked before the address; a transaction holding an
/// address lock waits for nothing else, so two attempts cannot deadlock.
pub async fn lock_attempt(tx: &mut Tx, email_norm: &str, client: &str) -> Result<()> {
    /// Advisory-lock classes (the first of two `int4` keys; the one-`int8`
    /// keys of other locks live in a separate space).
    const CLIENT: i32 = 0x4c43; // "LC"
    const EMAIL: i32 = 0x4c45; // "LE"
    if let Tx::Postgres(t) = tx {
        for (class, key) in [(CLIENT, client), (EMAIL, email_norm)] {
            sqlx::query("select pg_advisory_xact_lock($1, $2)")
                .bind(class)
                .bind(fnv1a(key))
                .execute(&mut **t)
                .await?;
        }
    }
    Ok(())
}

/// A 32-bit FNV-1a hash: stable across builds, so servers of different
/// versions lock the same key. Collisions only serialize a little more.
fn fnv1a(s: &str) -> i32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    i32::from_ne_bytes(h.to_ne_bytes())
}

/// Records one attempt (a failure until it is deleted).
pub async fn record_failure(
    tx: &mut Tx,
    email_norm: &str,
    client: &str,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str =
        "insert into login_failures (id, email_norm, client, failed_at) values ($1, $2, $3, $4)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(Uuid::now_v7())
        .bind(email_norm)
        .bind(client)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The `n`-th most recent failure in `scope` after `since` (1 is the most
/// recent), or `None` when there are fewer than `n`. A limit of `n`
/// failures is reached exactly when this is `Some`, and lifts when that
/// failure leaves the window.
pub async fn nth_latest_failure(
    tx: &mut Tx,
    scope: Scope<'_>,
    since: OffsetDateTime,
    n: u32,
) -> Result<Option<OffsetDateTime>> {
    const BY_EMAIL_AND_CLIENT: &str = "select failed_at from login_failures
        where email_norm = $1 and client = $2 and failed_at > $3
        order by failed_at desc
        limit 1 offset $4";
    const BY_CLIENT: &str = "select failed_at from login_failures
        where client = $1 and failed_at > $2
        order by failed_at desc
        limit 1 offset $3";
    const BY_EMAIL: &str = "select failed_at from login_failures
        where email_norm = $1 and failed_at > $2
        order by failed_at desc
        limit 1 offset $3";
    let (sql, keys): (&str, Vec<&str>) = match scope {
        Scope::EmailFromClient { email_norm, client } => {
            (BY_EMAIL_AND_CLIENT, vec![email_norm, client])
        }
        Scope::Client(client) => (BY_CLIENT, vec![client]),
        Scope::Email(email_norm) => (BY_EMAIL, vec![email_norm]),
    };
    let offset = i64::from(n.saturating_sub(1));
    let row: Option<(Ts,)> = on_tx!(tx, |c| {
        let mut q = sqlx::query_as(sql);
        for key in &keys {
            q = q.bind(*key);
        }
        q.bind(Ts::new(since)).bind(offset).fetch_optional(c).await
    })?;
    Ok(row.map(|(t,)| t.get()))
}

/// Forgets the failures of an address from one client (after a successful
/// sign-in from it) and any failure older than `before` for every address
/// and client.
pub async fn clear_failures(
    tx: &mut Tx,
    email_norm: &str,
    client: &str,
    before: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "delete from login_failures
        where (email_norm = $1 and client = $2) or failed_at < $3";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(email_norm)
        .bind(client)
        .bind(Ts::new(before))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
