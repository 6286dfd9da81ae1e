//! Personal API tokens, stored as SHA-256 hashes. The token is shown once,
//! when created, and cannot be read back.
//!
//! A token authenticates while its owner is active and it has not expired
//! (`expires_at` null means it lasts until revoked). Revoking deletes the
//! row: one token by its owner, or all of a person's tokens when the password
//! changes or is reset, when an administrator revokes them, and when the
//! person is deactivated.

use samspill_domain::{PersonId, TokenId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::{Db, Result, Ts, Tx};

/// A token's metadata (never its secret or hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Id.
    pub id: TokenId,
    /// Owner.
    pub person_id: PersonId,
    /// The owner's label for it.
    pub name: String,
    /// When it was made.
    pub created_at: OffsetDateTime,
    /// When it last authenticated a request, to the minute (see
    /// [`touch_token`]); `None` if never.
    pub last_used_at: Option<OffsetDateTime>,
    /// When it stops authenticating; `None`: when revoked.
    pub expires_at: Option<OffsetDateTime>,
}

/// Stores a new token's hash (`last_used_at` starts empty).
///
/// # Errors
/// `Conflict` on `api_tokens_hash_unique` (a collision of random tokens: in
/// practice never).
pub async fn insert_token(tx: &mut Tx, token: &ApiToken, token_hash: &str) -> Result<()> {
    const SQL: &str =
        "insert into api_tokens (id, person_id, name, token_hash, created_at, expires_at)
        values ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(token.id.as_uuid())
        .bind(token.person_id.as_uuid())
        .bind(&token.name)
        .bind(token_hash)
        .bind(Ts::new(token.created_at))
        .bind(token.expires_at.map(Ts::new))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

// A request's token is resolved with its owner in one read:
// `org::people::find_person_by_token`.

/// Records that a token authenticated at `now`, unless it already did so
/// after `stale_before`: so concurrent and rapid requests write at most once
/// per interval. Returns whether the row changed.
pub async fn touch_token(
    tx: &mut Tx,
    id: TokenId,
    now: OffsetDateTime,
    stale_before: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str = "update api_tokens set last_used_at = $2
        where id = $1 and (last_used_at is null or last_used_at < $3)";
    let done = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(Ts::new(now))
        .bind(Ts::new(stale_before))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

/// A person's tokens, expired ones included, newest first.
pub async fn list_tokens(db: &Db, person: PersonId) -> Result<Vec<ApiToken>> {
    const SQL: &str =
        "select id, person_id, name, created_at, last_used_at, expires_at from api_tokens
        where person_id = $1
        order by created_at desc, id desc";
    type Row = (Uuid, Uuid, String, Ts, Option<Ts>, Option<Ts>);
    let rows: Vec<Row> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(person.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, person, name, at, used, expires)| ApiToken {
            id: TokenId::from_uuid(id),
            person_id: PersonId::from_uuid(person),
            name,
            created_at: at.get(),
            last_used_at: used.map(Ts::get),
            expires_at: expires.map(Ts::get),
        })
        .collect())
}

/// Deletes one token of `person`. Returns whether it existed: a token of
/// someone else counts as absent.
pub async fn delete_token(tx: &mut Tx, person: PersonId, id: TokenId) -> Result<bool> {
    const SQL: &str = "delete from api_tokens where id = $1 and person_id = $2";
    let done = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(person.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

/// Deletes every token of a person; returns how many.
pub async fn delete_tokens_of(tx: &mut Tx, person: PersonId) -> Result<u64> {
    const SQL: &str = "delete from api_tokens where person_id = $1";
    let done = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(person.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done)
}
