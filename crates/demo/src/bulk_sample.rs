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

/// Words of at least five letters from the `titles` most recent post
/// titles, with how many of those titles have each, most frequent first.
pub async fn sample_title_word_counts(db: &Db, titles: i64) -> Result<Vec<(String, u32)>> {
    const SQL: &str =
        "select title from posts where title <> '' and title not like 'Benchmark post %'
        order by created_at desc limit $1";
    let rows: Vec<(String,)> = on_db!(db, |p| sqlx::query_as(SQL).bind(titles).fetch_all(p).await)?;
    let mut counts = std::collections::HashMap::<String, u32>::new();
    for (title,) in &rows {
        let mut words: Vec<String> = title
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|w| w.chars().count() >= 5)
            .collect();
        words.sort();
        words.dedup();
        for w in words {
            *counts.entry(w).or_default() += 1;
        }
    }
    let mut counts: Vec<(String, u32)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(counts)
}

/// The `n` people, of `candidates` active non-administrators spread over
/// the directory, who may read the smallest share of the live posts, with
/// their e-mail and that share (0–1), smallest first. Readable spaces are
/// decided by the visibility predicate, as every read decides them.
pub async fn sample_narrow_readers(
    db: &Db,
    n: usize,
    candidates: i64,
) -> Result<Vec<(String, f64)>> {
    use samspill_domain::{PersonId, UnitId};
    use samspill_store::social::spaces::list_readable_space_ids;
    use samspill_store::visibility::Viewer;

    const PER_SPACE: &str =
        "select space_id, count(*) from posts where deleted_at is null group by space_id";
    const PEOPLE: &str = "select id, unit_id, email from people
        where is_active = true and password_hash is not null and is_admin = false
        order by name_norm, id";
    let per_space: Vec<(Uuid, i64)> = on_db!(db, |p| sqlx::query_as(PER_SPACE).fetch_all(p).await)?;
    let per_space: std::collections::HashMap<Uuid, i64> = per_space.into_iter().collect();
    let total = per_space.values().sum::<i64>().max(1);
    let people: Vec<(Uuid, Option<Uuid>, String)> =
        on_db!(db, |p| sqlx::query_as(PEOPLE).fetch_all(p).await)?;
    let step = (people.len() / usize::try_from(candidates.max(1)).unwrap_or(1)).max(1);
    let mut shares = Vec::new();
    for (id, unit, email) in people.into_iter().step_by(step) {
        let viewer = Viewer {
            id: PersonId::from_uuid(id),
            unit_id: unit.map(UnitId::from_uuid),
            is_admin: false,
        };
        let spaces = list_readable_space_ids(db, &viewer).await?;
        let readable: i64 = spaces
            .iter()
            .filter_map(|s| per_space.get(&s.as_uuid()))
            .sum();
        shares.push((email, readable as f64 / total as f64));
    }
    shares.sort_by(|a, b| a.1.total_cmp(&b.1));
    shares.truncate(n);
    Ok(shares)
}
