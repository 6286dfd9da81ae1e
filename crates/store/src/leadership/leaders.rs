//! The leadership corner's reads: who leads which units. A leader is a
//! person who leads at least one unit (C1: the role is derived, never
//! stored). What a leader's page shows of their posts goes through the
//! posts' own reads, so the one visibility predicate decides it.

use samspill_domain::{PersonId, UnitId};
use uuid::Uuid;

use crate::db::on_db;
use crate::{Db, Result};

/// A leader and the units they lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaderView {
    /// The person.
    pub id: PersonId,
    /// Handle.
    pub handle: String,
    /// Name.
    pub name: String,
    /// Title.
    pub title: String,
    /// Units led, by path (so the top of the tree comes first).
    pub units: Vec<(UnitId, String)>,
    /// The depth of the highest unit they lead (0 for the top unit).
    pub depth: usize,
}

type Row = (Uuid, String, String, String, Uuid, String, String);

// Active leaders and their units, one row per (leader, unit).
macro_rules! select_leaders {
    () => {
        "select p.id, p.handle, p.name, p.title, u.id, u.name, u.path
         from unit_leaders l
         join people p on p.id = l.person_id
         join units u on u.id = l.unit_id
         where p.is_active"
    };
}

fn group(rows: Vec<Row>) -> Vec<LeaderView> {
    let mut out: Vec<LeaderView> = Vec::new();
    for (id, handle, name, title, unit, unit_name, path) in rows {
        let depth = path.matches('/').count();
        let id = PersonId::from_uuid(id);
        match out.iter_mut().find(|l| l.id == id) {
            Some(l) => {
                l.units.push((UnitId::from_uuid(unit), unit_name));
                l.depth = l.depth.min(depth);
            }
            None => out.push(LeaderView {
                id,
                handle,
                name,
                title,
                units: vec![(UnitId::from_uuid(unit), unit_name)],
                depth,
            }),
        }
    }
    out
}

/// Every active leader, the top of the organization first, then by name.
pub async fn list_leaders(db: &Db) -> Result<Vec<LeaderView>> {
    const SQL: &str = concat!(select_leaders!(), " order by p.name_norm, p.id, u.path_key");
    let rows: Vec<Row> = on_db!(db, |p| sqlx::query_as(SQL).fetch_all(p).await)?;
    let mut leaders = group(rows);
    leaders.sort_by_key(|l| l.depth);
    Ok(leaders)
}

/// One active leader by handle; `None` when there is no such person or
/// they lead no unit.
pub async fn find_leader(db: &Db, handle: &str) -> Result<Option<LeaderView>> {
    const SQL: &str = concat!(select_leaders!(), " and p.handle = $1 order by u.path_key");
    let rows: Vec<Row> = on_db!(db, |p| sqlx::query_as(SQL).bind(handle).fetch_all(p).await)?;
    Ok(group(rows).pop())
}

/// Whether `person` leads at least one unit.
pub async fn is_leader(db: &Db, person: PersonId) -> Result<bool> {
    const SQL: &str = "select count(*) from unit_leaders where person_id = $1";
    let (n,): (i64,) = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(person.as_uuid())
        .fetch_one(p)
        .await)?;
    Ok(n > 0)
}
