//! Visions and announcements addressed to units: the audience (addressed
//! units, and the people in them and below them when the post was written),
//! "requires acknowledgement", the cascade link, and what reach is computed
//! from.
//!
//! The post is an ordinary `posts` row; who may *read* it is decided by
//! [`crate::visibility`] like every other post (it lives in the org space
//! or a unit's space, which everyone signed in may read). What this module
//! decides is who is *addressed*: `announcement_people`, written once in the
//! post's transaction, feeds the timelines ([`fan_out`]), the pinned part of
//! the home feed (`posts::home_heads`) and the feed's `Addressed` source.

use samspill_domain::{PersonId, PostId, UnitId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::visibility::{Viewer, bind_viewer, can_read_post_sql};
use crate::{Db, Result, Ts, Tx};

/// An addressed post to record, in its post's transaction.
#[derive(Debug, Clone)]
pub struct NewAnnouncement {
    /// The post (already inserted).
    pub post_id: PostId,
    /// Pinned for each audience member until they acknowledge it.
    pub requires_ack: bool,
    /// The original this follows up.
    pub cascade_of: Option<PostId>,
    /// The addressed units (sub-units included in the audience).
    pub units: Vec<UnitId>,
    /// When.
    pub created_at: OffsetDateTime,
}

/// What makes a post addressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressed {
    /// The addressed units, by id.
    pub units: Vec<UnitId>,
    /// Asks for "I have read this".
    pub requires_ack: bool,
    /// The original this follows up.
    pub cascade_of: Option<PostId>,
}

/// Records an addressed post: its units and its audience as it is now
/// (every active person whose primary unit is an addressed unit or below
/// one, with that unit). Returns the audience, for notifications.
pub async fn insert(tx: &mut Tx, a: &NewAnnouncement) -> Result<Vec<PersonId>> {
    const HEAD: &str = "insert into announcements (post_id, requires_ack, cascade_of, created_at) values ($1, $2, $3, $4)";
    const UNIT: &str = "insert into announcement_units (post_id, unit_id) values ($1, $2)
        on conflict (post_id, unit_id) do nothing";
    const PEOPLE: &str = "insert into announcement_people (post_id, person_id, unit_id)
        select $1, p.id, p.unit_id from people p
        where p.is_active = true and p.unit_id in (
            with recursive tree (id) as (
                select unit_id from announcement_units where post_id = $1
                union
                select u.id from units u join tree t on u.parent_id = t.id
            ) select id from tree)
        returning person_id";
    on_tx!(tx, |c| sqlx::query(HEAD)
        .bind(a.post_id.as_uuid())
        .bind(a.requires_ack)
        .bind(a.cascade_of.map(|p| p.as_uuid()))
        .bind(Ts::new(a.created_at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    for unit in &a.units {
        on_tx!(tx, |c| sqlx::query(UNIT)
            .bind(a.post_id.as_uuid())
            .bind(unit.as_uuid())
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    let rows: Vec<(Uuid,)> = on_tx!(tx, |c| sqlx::query_as(PEOPLE)
        .bind(a.post_id.as_uuid())
        .fetch_all(c)
        .await)?;
    let mut people: Vec<PersonId> = rows
        .into_iter()
        .map(|(u,)| PersonId::from_uuid(u))
        .collect();
    people.sort_unstable();
    Ok(people)
}

/// Writes an addressed post to the timeline of everyone in its audience
/// (whatever they follow), in the post's transaction.
pub async fn fan_out(tx: &mut Tx, post: PostId, at: OffsetDateTime) -> Result<u64> {
    const SQL: &str = "insert into feed_items (person_id, post_id, created_at)
        select person_id, $1, $2 from announcement_people where post_id = $1
        on conflict (person_id, post_id) do nothing";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(post.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n)
}

async fn units_of(db: &Db, post: PostId) -> Result<Vec<UnitId>> {
    const SQL: &str = "select unit_id from announcement_units where post_id = $1 order by unit_id";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(post.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows.into_iter().map(|(u,)| UnitId::from_uuid(u)).collect())
}

/// What makes a post addressed; `None` for any other post. The caller has
/// checked that the reader may read the post.
pub async fn find(db: &Db, post: PostId) -> Result<Option<Addressed>> {
    const SQL: &str = "select requires_ack, cascade_of from announcements where post_id = $1";
    let row: Option<(bool, Option<Uuid>)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(post.as_uuid())
        .fetch_optional(p)
        .await)?;
    let Some((requires_ack, cascade_of)) = row else {
        return Ok(None);
    };
    Ok(Some(Addressed {
        units: units_of(db, post).await?,
        requires_ack,
        cascade_of: cascade_of.map(PostId::from_uuid),
    }))
}

/// Was the person in the post's audience when it was written?
pub async fn is_addressed_to(db: &Db, post: PostId, person: PersonId) -> Result<bool> {
    const SQL: &str =
        "select count(*) from announcement_people where post_id = $1 and person_id = $2";
    let (n,): (i64,) = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(post.as_uuid())
        .bind(person.as_uuid())
        .fetch_one(p)
        .await)?;
    Ok(n > 0)
}

/// One audience member's part in reach: the unit they were in, their first
/// view and their acknowledgement. No person is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReachRow {
    /// Their unit when the post was written.
    pub unit_id: UnitId,
    /// First view (`post_views`).
    pub seen_at: Option<OffsetDateTime>,
    /// "I have read this" (`post_acks`).
    pub acked_at: Option<OffsetDateTime>,
}

/// Every audience member's unit, first view and acknowledgement, for the
/// reach figures (which the service releases through suppression only).
pub async fn reach_rows(db: &Db, post: PostId) -> Result<Vec<ReachRow>> {
    const SQL: &str = "select ap.unit_id, v.first_viewed_at, k.acked_at
        from announcement_people ap
        left join post_views v on v.post_id = ap.post_id and v.person_id = ap.person_id
        left join post_acks k on k.post_id = ap.post_id and k.person_id = ap.person_id
        where ap.post_id = $1
        order by ap.unit_id";
    let rows: Vec<(Uuid, Option<Ts>, Option<Ts>)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(post.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(u, s, a)| ReachRow {
            unit_id: UnitId::from_uuid(u),
            seen_at: s.map(Ts::get),
            acked_at: a.map(Ts::get),
        })
        .collect())
}

/// A follow-up of an original, as its cascade shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CascadePost {
    /// The follow-up post.
    pub post_id: PostId,
    /// Its title.
    pub title: String,
    /// Its author.
    pub author_id: PersonId,
    /// Their name.
    pub author_name: String,
    /// The units it addresses.
    pub units: Vec<UnitId>,
    /// When.
    pub created_at: OffsetDateTime,
}

/// The live follow-ups of `original` that the viewer may read, oldest first.
pub async fn list_cascades(db: &Db, viewer: &Viewer, original: PostId) -> Result<Vec<CascadePost>> {
    const SQL: &str = concat!(
        "select p.id, p.title, p.author_id, a.name, p.created_at, au.unit_id
         from announcements n
         join posts p on p.id = n.post_id
         join people a on a.id = p.author_id
         join announcement_units au on au.post_id = p.id
         where n.cascade_of = $4 and p.deleted_at is null and ",
        can_read_post_sql!("p.space_id", "p.hidden_at", "p.author_id"),
        " order by p.created_at, p.id, au.unit_id"
    );
    let rows: Vec<(Uuid, String, Uuid, String, Ts, Uuid)> =
        on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
            .bind(original.as_uuid())
            .fetch_all(p)
            .await)?;
    let mut out: Vec<CascadePost> = Vec::new();
    for (id, title, author, name, at, unit) in rows {
        let id = PostId::from_uuid(id);
        match out.last_mut() {
            Some(last) if last.post_id == id => last.units.push(UnitId::from_uuid(unit)),
            _ => out.push(CascadePost {
                post_id: id,
                title,
                author_id: PersonId::from_uuid(author),
                author_name: name,
                units: vec![UnitId::from_uuid(unit)],
                created_at: at.get(),
            }),
        }
    }
    Ok(out)
}
