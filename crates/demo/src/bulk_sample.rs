//! Samples of existing data for the load benchmark (`samspill bench`):
//! people to sign in as, spaces everyone may read, posts and title words.
//! Read-only; never used by the product itself.

use samspill_store::{Db, Result};
use uuid::Uuid;

use crate::backend::on_db;

/// E-mails of active people with a password, spread over the directory.
pub async fn sample_people(db: &Db, n: i64) -> Result<Vec<String>> {
    const SQL: &str =
        "select email from people where is_active = true and password_hash is not null
        order by name_norm, id limit $1";
    let (total,): (i64,) = on_db!(db, |p| sqlx::query_as("select count(*) from people")
        .fetch_one(p)
        .await)?;
    let rows: Vec<(String,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(total.max(1))
        .fetch_all(p)
        .await)?;
    let step = usize::try_from((total / n.max(1)).max(1)).unwrap_or(1);
    Ok(rows
        .into_iter()
        .step_by(step)
        .take(usize::try_from(n).unwrap_or(0))
        .map(|(e,)| e)
        .collect())
}

/// Ids of spaces everyone may read and post in (the org space first).
pub async fn sample_open_spaces(db: &Db, n: i64) -> Result<Vec<String>> {
    const SQL: &str = "select id from spaces where visibility = 'open' and read_access = 'everyone' and write_access = 'everyone'
        order by created_at limit $1";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL).bind(n).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|(id,)| id.to_string()).collect())
}

/// Ids of live posts in spaces where everyone may read and comment.
pub async fn sample_posts(db: &Db, n: i64) -> Result<Vec<String>> {
    const SQL: &str = "select p.id from posts p join spaces s on s.id = p.space_id
        where p.deleted_at is null and s.visibility = 'open' and s.read_access = 'everyone'
          and s.write_access = 'everyone'
        order by p.created_at desc limit $1";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL).bind(n).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|(id,)| id.to_string()).collect())
}

/// Words of at least five letters from recent post titles.
pub async fn sample_title_words(db: &Db, n: i64) -> Result<Vec<String>> {
    // Not the titles `samspill bench` itself writes: every one has the same words.
    const SQL: &str =
        "select title from posts where title <> '' and title not like 'Benchmark post %'
        order by created_at desc limit $1";
    let rows: Vec<(String,)> = on_db!(db, |p| sqlx::query_as(SQL).bind(n).fetch_all(p).await)?;
    let mut words: Vec<String> = rows
        .iter()
        .flat_map(|(t,)| {
            t.split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.chars().count() >= 5)
        .collect();
    words.sort();
    words.dedup();
    Ok(words)
}
