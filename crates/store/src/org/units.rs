//! Organizational units: the tree, its leaders and member counts.
//!
//! Units are addressed by id in the product and by path key
//! (`acme/consulting/data`) in org-chart imports. A unit's path is fixed at
//! creation; moving a unit in the tree is not supported yet.

use samspill_domain::{PersonId, UnitId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::{Db, Result, Ts, Tx};

/// A unit with its direct-member count and leaders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitView {
    /// Id.
    pub id: UnitId,
    /// Parent unit; `None` for the root.
    pub parent_id: Option<UnitId>,
    /// Name.
    pub name: String,
    /// Free-text kind: company, division, department, team, …
    pub kind: String,
    /// Display path, root first (`Acme/Consulting/Data`).
    pub path: String,
    /// People whose primary unit this is (active ones).
    pub member_count: i64,
    /// Leaders, in no particular order.
    pub leaders: Vec<PersonId>,
}

#[derive(sqlx::FromRow)]
struct UnitRow {
    id: Uuid,
    parent_id: Option<Uuid>,
    name: String,
    kind: String,
    path: String,
    member_count: i64,
}

impl From<UnitRow> for UnitView {
    fn from(r: UnitRow) -> Self {
        Self {
            id: UnitId::from_uuid(r.id),
            parent_id: r.parent_id.map(UnitId::from_uuid),
            name: r.name,
            kind: r.kind,
            path: r.path,
            member_count: r.member_count,
            leaders: Vec::new(),
        }
    }
}

macro_rules! select_unit {
    () => {
        "select u.id, u.parent_id, u.name, u.kind, u.path,
                (select count(*) from people p where p.unit_id = u.id and p.is_active = true) as member_count
         from units u "
    };
}

/// A unit to create.
#[derive(Debug, Clone)]
pub struct NewUnit {
    /// Id, made by the caller.
    pub id: UnitId,
    /// Parent.
    pub parent_id: Option<UnitId>,
    /// Name (the last path segment).
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Display path.
    pub path: String,
    /// Lowercase path key.
    pub path_key: String,
    /// Creation time.
    pub created_at: OffsetDateTime,
}

/// Creates a unit.
///
/// # Errors
/// `Conflict` on `units_path_key_unique`.
#[tracing::instrument(skip_all, fields(unit.path = %u.path))]
pub async fn insert_unit(tx: &mut Tx, u: &NewUnit) -> Result<()> {
    const SQL: &str = "insert into units (id, parent_id, name, kind, path, path_key, created_at)
        values ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(u.id.as_uuid())
        .bind(u.parent_id.map(|p| p.as_uuid()))
        .bind(&u.name)
        .bind(&u.kind)
        .bind(&u.path)
        .bind(&u.path_key)
        .bind(Ts::new(u.created_at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

async fn attach_leaders(db: &Db, mut units: Vec<UnitView>) -> Result<Vec<UnitView>> {
    let all = list_unit_leaders_all(db).await?;
    for u in &mut units {
        u.leaders = all
            .iter()
            .filter(|(unit, _)| *unit == u.id)
            .map(|(_, p)| *p)
            .collect();
    }
    Ok(units)
}

/// The whole tree, in path order (a parent before its children).
pub async fn list_units(db: &Db) -> Result<Vec<UnitView>> {
    const SQL: &str = concat!(select_unit!(), "order by u.path_key");
    let rows: Vec<UnitRow> = on_db!(db, |p| sqlx::query_as(SQL).fetch_all(p).await)?;
    attach_leaders(db, rows.into_iter().map(Into::into).collect()).await
}

/// One unit by id, with its leaders.
pub async fn find_unit(db: &Db, id: UnitId) -> Result<Option<UnitView>> {
    const SQL: &str = concat!(select_unit!(), "where u.id = $1");
    let row: Option<UnitRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    let Some(row) = row else { return Ok(None) };
    let mut unit: UnitView = row.into();
    unit.leaders = list_leader_ids(db, id).await?;
    Ok(Some(unit))
}

/// A unit's direct children, by name.
pub async fn list_children(db: &Db, id: UnitId) -> Result<Vec<UnitView>> {
    const SQL: &str = concat!(select_unit!(), "where u.parent_id = $1 order by u.path_key");
    let rows: Vec<UnitRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_all(p)
        .await)?;
    attach_leaders(db, rows.into_iter().map(Into::into).collect()).await
}

/// The leaders of a unit.
pub async fn list_leader_ids(db: &Db, id: UnitId) -> Result<Vec<PersonId>> {
    const SQL: &str = "select person_id from unit_leaders where unit_id = $1 order by person_id";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(p,)| PersonId::from_uuid(p))
        .collect())
}

/// Every `(unit, leader)` pair.
pub async fn list_unit_leaders_all(db: &Db) -> Result<Vec<(UnitId, PersonId)>> {
    const SQL: &str = "select unit_id, person_id from unit_leaders order by unit_id, person_id";
    let rows: Vec<(Uuid, Uuid)> = on_db!(db, |p| sqlx::query_as(SQL).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(u, p)| (UnitId::from_uuid(u), PersonId::from_uuid(p)))
        .collect())
}

/// The units a person leads, in path order.
pub async fn list_units_led_by(db: &Db, person: PersonId) -> Result<Vec<UnitId>> {
    const SQL: &str = "select l.unit_id from unit_leaders l join units u on u.id = l.unit_id
        where l.person_id = $1 order by u.path_key";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(person.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows.into_iter().map(|(u,)| UnitId::from_uuid(u)).collect())
}

/// Makes `person` a leader of `unit` (no change if already).
pub async fn add_leader(
    tx: &mut Tx,
    unit: UnitId,
    person: PersonId,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "insert into unit_leaders (unit_id, person_id, since) values ($1, $2, $3)
        on conflict (unit_id, person_id) do nothing";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(unit.as_uuid())
        .bind(person.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends `person`'s leadership of `unit` (no change if not a leader).
pub async fn remove_leader(tx: &mut Tx, unit: UnitId, person: PersonId) -> Result<()> {
    const SQL: &str = "delete from unit_leaders where unit_id = $1 and person_id = $2";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(unit.as_uuid())
        .bind(person.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The ids of a unit and every unit below it (a leader's scope).
pub async fn list_subtree_ids(db: &Db, root: UnitId) -> Result<Vec<UnitId>> {
    const SQL: &str = "with recursive tree (id) as (
            select id from units where id = $1
            union all
            select u.id from units u join tree t on u.parent_id = t.id
        )
        select id from tree";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(root.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows.into_iter().map(|(u,)| UnitId::from_uuid(u)).collect())
}
