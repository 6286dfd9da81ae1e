//! Follows of people, topics and spaces.

use samspill_domain::PersonId;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::{Db, Result, Ts, Tx};

/// Starts following (no change if already).
pub async fn insert_follow(
    tx: &mut Tx,
    follower: PersonId,
    kind: &str,
    target: &str,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str =
        "insert into follows (follower_id, target_kind, target, created_at) values ($1, $2, $3, $4)
        on conflict (follower_id, target_kind, target) do nothing";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(follower.as_uuid())
        .bind(kind)
        .bind(target)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    crate::social::timeline::rebuild(tx, follower).await
}

/// Stops following (no change if not).
pub async fn delete_follow(
    tx: &mut Tx,
    follower: PersonId,
    kind: &str,
    target: &str,
) -> Result<()> {
    const SQL: &str =
        "delete from follows where follower_id = $1 and target_kind = $2 and target = $3";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(follower.as_uuid())
        .bind(kind)
        .bind(target)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    crate::social::timeline::rebuild(tx, follower).await
}

/// What a person follows of one kind.
pub async fn list_follows(db: &Db, follower: PersonId, kind: &str) -> Result<Vec<String>> {
    const SQL: &str =
        "select target from follows where follower_id = $1 and target_kind = $2 order by target";
    let rows: Vec<(String,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(follower.as_uuid())
        .bind(kind)
        .fetch_all(p)
        .await)?;
    Ok(rows.into_iter().map(|(t,)| t).collect())
}

/// Everything a person follows, as `(kind, target)`.
pub async fn list_all_follows(db: &Db, follower: PersonId) -> Result<Vec<(String, String)>> {
    const SQL: &str = "select target_kind, target from follows where follower_id = $1
        order by target_kind, target";
    Ok(on_db!(db, |p| sqlx::query_as(SQL)
        .bind(follower.as_uuid())
        .fetch_all(p)
        .await)?)
}

/// Who follows a target.
pub async fn list_followers(db: &Db, kind: &str, target: &str) -> Result<Vec<PersonId>> {
    const SQL: &str = "select follower_id from follows where target_kind = $1 and target = $2 order by follower_id";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(kind)
        .bind(target)
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(f,)| PersonId::from_uuid(f))
        .collect())
}
