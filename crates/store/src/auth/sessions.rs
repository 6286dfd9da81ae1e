//! Browser sessions: the SHA-256 of the cookie token, the person, the CSRF
//! token and an absolute expiry. The token itself is never stored.

use samspill_domain::PersonId;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::{Db, Result, Ts, Tx};

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who is signed in.
    pub person_id: PersonId,
    /// The CSRF token forms and cookie-authenticated API calls must echo.
    pub csrf_token: String,
    /// When the session ends.
    pub expires_at: OffsetDateTime,
}

/// Stores a new session.
pub async fn insert_session(
    tx: &mut Tx,
    token_hash: &str,
    session: &Session,
    created_at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str =
        "insert into sessions (token_hash, person_id, csrf_token, created_at, expires_at)
        values ($1, $2, $3, $4, $5)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(token_hash)
        .bind(session.person_id.as_uuid())
        .bind(&session.csrf_token)
        .bind(Ts::new(created_at))
        .bind(Ts::new(session.expires_at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The unexpired session of an active person with this token hash.
pub async fn find_session(
    db: &Db,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<Option<Session>> {
    const SQL: &str = "select s.person_id, s.csrf_token, s.expires_at
        from sessions s join people p on p.id = s.person_id
        where s.token_hash = $1 and s.expires_at > $2 and p.is_active = true";
    let row: Option<(Uuid, String, Ts)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(token_hash)
        .bind(Ts::new(now))
        .fetch_optional(p)
        .await)?;
    Ok(row.map(|(person, csrf_token, expires)| Session {
        person_id: PersonId::from_uuid(person),
        csrf_token,
        expires_at: expires.get(),
    }))
}

/// Ends one session.
pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> Result<()> {
    const SQL: &str = "delete from sessions where token_hash = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(token_hash)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends every session of a person (after a password reset).
pub async fn delete_sessions_of(tx: &mut Tx, person: PersonId) -> Result<u64> {
    const SQL: &str = "delete from sessions where person_id = $1";
    let done = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(person.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done)
}

/// Removes expired sessions; returns how many.
pub async fn delete_expired_sessions(tx: &mut Tx, now: OffsetDateTime) -> Result<u64> {
    const SQL: &str = "delete from sessions where expires_at <= $1";
    let done = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(Ts::new(now))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done)
}
