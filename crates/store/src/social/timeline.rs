//! Timelines: each person's home feed, written ahead (`feed_items`).
//!
//! A post is written to the timelines of its audience in the transaction
//! that creates it ([`fan_out`]): the members of its space (for a unit's
//! space, the people of the unit), the space's followers, the author's
//! followers and the followers of its topics. The org space is the
//! exception: everyone reads it, so its posts are read from the space
//! itself on demand and a post there costs the same however large the
//! organization. When a person's sources change (they join or leave a space,
//! follow or unfollow, move to another unit), their timeline is rebuilt in
//! the same transaction ([`rebuild`]) from the newest [`DEPTH`] posts of their
//! sources. Visions and announcements addressed to a person are a source of
//! their own (`FeedSource::Addressed`), written to the audience's timelines
//! by `leadership::announcements::fan_out`.
//!
//! So a timeline is always a complete, newest-first prefix of its person's
//! sources (the org space aside): a feed page is one range of
//! `feed_items_person_time` plus the org space's, and a page that runs past
//! the timeline's end continues from the sources themselves. Readability is
//! still decided at every read by the visibility predicate, never by what a
//! timeline holds.

use samspill_domain::{PersonId, PostId, SpaceId, UnitId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::on_tx;
use crate::social::posts::{FeedSource, heads_per_source_tx, merge_heads};
use crate::visibility::Viewer;
use crate::{Result, Ts, Tx};

/// How many posts a rebuilt timeline holds: ten pages of twenty. Older
/// posts are read from the sources when a reader gets that far.
pub const DEPTH: i64 = 200;

/// Writes a new post to the timelines of its audience (none for the org
/// space's posts). Its topics must be stored first.
pub async fn fan_out(
    tx: &mut Tx,
    post: PostId,
    space: SpaceId,
    author: PersonId,
    at: OffsetDateTime,
) -> Result<u64> {
    const SQL: &str = "insert into feed_items (person_id, post_id, created_at)
        select a.person_id, $1, $2 from (
            select m.person_id from space_members m where m.space_id = $3
            union select u.id from spaces s join people u on u.unit_id = s.unit_id
                where s.id = $3 and s.kind = 'unit'
            union select f.follower_id from follows f
                where f.target_kind = 'space' and f.target = $4
            union select f.follower_id from follows f
                where f.target_kind = 'person' and f.target = $5
            union select f.follower_id from post_topics t
                join follows f on f.target_kind = 'topic' and f.target = t.topic
                where t.post_id = $1
        ) as a
        where not exists (select 1 from spaces o where o.id = $3 and o.kind = 'org')
        on conflict (person_id, post_id) do nothing";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(post.as_uuid())
        .bind(Ts::new(at))
        .bind(space.as_uuid())
        .bind(space.to_string())
        .bind(author.to_string())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n)
}

/// The sources a person's timeline holds, as the transaction sees them: the
/// spaces they belong to (their unit's included) and what they follow, the
/// org space left out. `None` for an unknown person.
async fn sources_tx(tx: &mut Tx, person: PersonId) -> Result<Option<(Viewer, Vec<FeedSource>)>> {
    const PERSON: &str = "select unit_id, is_admin from people where id = $1";
    const SPACES: &str = "select s.id from spaces s where s.kind = 'unit' and s.unit_id = $2
        union select m.space_id from space_members m join spaces s on s.id = m.space_id
            where m.person_id = $1 and s.kind <> 'org'
        order by 1";
    const FOLLOWS: &str =
        "select target_kind, target from follows where follower_id = $1 order by created_at";
    let row: Option<(Option<Uuid>, bool)> = on_tx!(tx, |c| sqlx::query_as(PERSON)
        .bind(person.as_uuid())
        .fetch_optional(c)
        .await)?;
    let Some((unit, is_admin)) = row else {
        return Ok(None);
    };
    let viewer = Viewer {
        id: person,
        unit_id: unit.map(UnitId::from_uuid),
        is_admin,
    };
    let spaces: Vec<(Uuid,)> = on_tx!(tx, |c| sqlx::query_as(SPACES)
        .bind(person.as_uuid())
        .bind(unit)
        .fetch_all(c)
        .await)?;
    let follows: Vec<(String, String)> = on_tx!(tx, |c| sqlx::query_as(FOLLOWS)
        .bind(person.as_uuid())
        .fetch_all(c)
        .await)?;
    let org: Vec<(Uuid,)> = on_tx!(tx, |c| sqlx::query_as(
        "select id from spaces where kind = 'org'"
    )
    .fetch_all(c)
    .await)?;
    let is_org = |id: &SpaceId| org.iter().any(|(o,)| *o == id.as_uuid());
    let mut sources: Vec<FeedSource> = spaces
        .into_iter()
        .map(|(id,)| FeedSource::Space(SpaceId::from_uuid(id)))
        .collect();
    sources.push(FeedSource::Addressed(person));
    for (kind, target) in follows {
        let source = FeedSource::from_follow(&kind, target)
            .filter(|s| !matches!(s, FeedSource::Space(id) if is_org(id)));
        if let Some(s) = source
            && !sources.contains(&s)
        {
            sources.push(s);
        }
    }
    Ok(Some((viewer, sources)))
}

/// Rewrites a person's timeline from their sources as the transaction sees
/// them: the newest [`DEPTH`] posts they may read. Called by every change of
/// what a person's feed draws from, in that change's transaction.
pub async fn rebuild(tx: &mut Tx, person: PersonId) -> Result<()> {
    const CLEAR: &str = "delete from feed_items where person_id = $1";
    on_tx!(tx, |c| sqlx::query(CLEAR)
        .bind(person.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    let Some((viewer, sources)) = sources_tx(tx, person).await? else {
        return Ok(());
    };
    if sources.is_empty() {
        return Ok(());
    }
    let heads = merge_heads(
        heads_per_source_tx(tx, &viewer, &sources, DEPTH).await?,
        DEPTH,
    );
    insert(tx, person, &heads).await
}

/// Rows per insert statement (three values each).
const ROWS_PER_INSERT: usize = 100;

async fn insert(tx: &mut Tx, person: PersonId, heads: &[(PostId, OffsetDateTime)]) -> Result<()> {
    for chunk in heads.chunks(ROWS_PER_INSERT) {
        let values = (0..chunk.len())
            .map(|i| format!("($1, ${}, ${})", 2 * i + 2, 2 * i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        // Only placeholders are formatted in; values are bound.
        let sql = format!(
            "insert into feed_items (person_id, post_id, created_at) values {values}
             on conflict (person_id, post_id) do nothing"
        );
        on_tx!(tx, |c| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(person.as_uuid());
            for (id, at) in chunk {
                q = q.bind(id.as_uuid()).bind(Ts::new(*at));
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// Keeps only the newest `keep` entries of a person's timeline. What is
/// dropped is its oldest part, so the rest is still a complete prefix and
/// reads past it continue from the sources.
pub async fn trim(tx: &mut Tx, person: PersonId, keep: i64) -> Result<u64> {
    const SQL: &str = "delete from feed_items where person_id = $1 and post_id not in (
            select k.post_id from feed_items k where k.person_id = $1
            order by k.created_at desc, k.post_id desc limit $2)";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(person.as_uuid())
        .bind(keep)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n)
}

/// How many posts a person's timeline holds (for tests and tools).
pub async fn count(db: &crate::Db, person: PersonId) -> Result<i64> {
    const SQL: &str = "select count(*) from feed_items where person_id = $1";
    let (n,): (i64,) = crate::db::on_db!(db, |p| sqlx::query_as(SQL)
        .bind(person.as_uuid())
        .fetch_one(p)
        .await)?;
    Ok(n)
}
