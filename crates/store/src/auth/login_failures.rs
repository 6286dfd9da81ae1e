//! Failed sign-ins per normalized e-mail, for the login rate limit. Kept in
//! the database so the limit holds across app servers.

use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::{Db, Result, Ts, Tx};

/// Records one failure.
pub async fn record_failure(tx: &mut Tx, email_norm: &str, at: OffsetDateTime) -> Result<()> {
    const SQL: &str = "insert into login_failures (id, email_norm, failed_at) values ($1, $2, $3)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(Uuid::now_v7())
        .bind(email_norm)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The failures for an address since `since`, oldest first (at most `limit`).
pub async fn list_failures_since(
    db: &Db,
    email_norm: &str,
    since: OffsetDateTime,
    limit: i64,
) -> Result<Vec<OffsetDateTime>> {
    const SQL: &str = "select failed_at from login_failures
        where email_norm = $1 and failed_at > $2 order by failed_at limit $3";
    let rows: Vec<(Ts,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(email_norm)
        .bind(Ts::new(since))
        .bind(limit)
        .fetch_all(p)
        .await)?;
    Ok(rows.into_iter().map(|(t,)| t.get()).collect())
}

/// Forgets the failures of an address (after a successful sign-in) and any
/// failure older than `before` for every address.
pub async fn clear_failures(tx: &mut Tx, email_norm: &str, before: OffsetDateTime) -> Result<()> {
    const SQL: &str = "delete from login_failures where email_norm = $1 or failed_at < $2";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(email_norm)
        .bind(Ts::new(before))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
