//! Personal API tokens, stored as SHA-256 hashes. The token is shown once,
//! when created, and cannot be read back.

use samspill_domain::{PersonId, TokenId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::{Db, Result, Ts, Tx};

/// A token's metadata.
#[derive(Debug, Clone)]
pub struct ApiToken {
    /// Id.
    pub id: TokenId,
    /// Owner.
    pub person_id: PersonId,
    /// The owner's label for it.
    pub name: String,
    /// When it was made.
    pub created_at: OffsetDateTime,
}

/// Stores a token's hash.
///
/// # Errors
/// `Conflict` on `api_tokens_hash_unique` (a collision of random tokens: in
/// practice never).
pub async fn insert_token(tx: &mut Tx, token: &ApiToken, token_hash: &str) -> Result<()> {
    const SQL: &str = "insert into api_tokens (id, person_id, name, token_hash, created_at)
        values ($1, $2, $3, $4, $5)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(token.id.as_uuid())
        .bind(token.person_id.as_uuid())
        .bind(&token.name)
        .bind(token_hash)
        .bind(Ts::new(token.created_at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The active owner of a token hash.
pub async fn find_token_owner(db: &Db, token_hash: &str) -> Result<Option<PersonId>> {
    const SQL: &str = "select t.person_id from api_tokens t join people p on p.id = t.person_id
        where t.token_hash = $1 and p.is_active = true";
    let row: Option<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(token_hash)
        .fetch_optional(p)
        .await)?;
    Ok(row.map(|(p,)| PersonId::from_uuid(p)))
}

/// A person's tokens, newest first.
pub async fn list_tokens(db: &Db, person: PersonId) -> Result<Vec<ApiToken>> {
    const SQL: &str = "select id, person_id, name, created_at from api_tokens
        where person_id = $1 order by created_at desc, id desc";
    let rows: Vec<(Uuid, Uuid, String, Ts)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(person.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, person, name, at)| ApiToken {
            id: TokenId::from_uuid(id),
            person_id: PersonId::from_uuid(person),
            name,
            created_at: at.get(),
        })
        .collect())
}
