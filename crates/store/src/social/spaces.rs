//! Spaces and their members and join requests. Reads filter with the
//! visibility predicate ([`crate::visibility`]).
//!
//! A rule about members that reads and then writes (the last owner, role
//! changes, approving requests) reads inside its write transaction, after
//! [`lock_members`]; the `*_tx` reads are for that.

use samspill_domain::{Access, MemberRole, PersonId, SpaceId, SpaceKind, SpaceVisibility, UnitId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{locking_sql, on_db, on_tx};
use crate::decode;
use crate::visibility::{
    Viewer, bind_viewer, can_read_space_sql, can_see_space_sql, is_member_sql,
};
use crate::{Db, Result, Ts, Tx};

/// A space as a viewer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceView {
    /// Id.
    pub id: SpaceId,
    /// Org, unit or community.
    pub kind: SpaceKind,
    /// The unit of a unit space.
    pub unit_id: Option<UnitId>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Who may find it.
    pub visibility: SpaceVisibility,
    /// Everyone or members.
    pub read_access: Access,
    /// Everyone, members or moderators.
    pub write_access: Access,
    /// Rows of `space_members`.
    pub member_count: i64,
    /// The viewer's role from `space_members`, if any.
    pub my_role: Option<MemberRole>,
    /// The viewer is a member (a row, or the unit of a unit space).
    pub is_member: bool,
    /// The viewer may read its posts.
    pub can_read: bool,
    /// The viewer has asked to join.
    pub requested: bool,
}

#[derive(sqlx::FromRow)]
struct SpaceRow {
    id: Uuid,
    kind: String,
    unit_id: Option<Uuid>,
    name: String,
    description: String,
    visibility: String,
    read_access: String,
    write_access: String,
    member_count: i64,
    my_role: Option<String>,
    is_member: bool,
    can_read: bool,
    requested: bool,
}

impl TryFrom<SpaceRow> for SpaceView {
    type Error = crate::Error;

    fn try_from(r: SpaceRow) -> Result<Self> {
        Ok(Self {
            id: SpaceId::from_uuid(r.id),
            kind: decode::column("spaces.kind", &r.kind)?,
            unit_id: r.unit_id.map(UnitId::from_uuid),
            name: r.name,
            description: r.description,
            visibility: decode::column("spaces.visibility", &r.visibility)?,
            read_access: decode::column("spaces.read_access", &r.read_access)?,
            write_access: decode::column("spaces.write_access", &r.write_access)?,
            member_count: r.member_count,
            my_role: decode::optional("space_members.role", r.my_role.as_deref())?,
            is_member: r.is_member,
            can_read: r.can_read,
            requested: r.requested,
        })
    }
}

macro_rules! select_space {
    () => {
        concat!(
            "select s.id, s.kind, s.unit_id, s.name, s.description, s.visibility, s.read_access, s.write_access,
                (select count(*) from space_members c where c.space_id = s.id) as member_count,
                (select m.role from space_members m where m.space_id = s.id and m.person_id = $1) as my_role,
                ", is_member_sql!("s.id"), " as is_member,
                ", can_read_space_sql!("s.id"), " as can_read,
                exists (select 1 from join_requests r where r.space_id = s.id and r.person_id = $1) as requested
             from spaces s
             where ", can_see_space_sql!("s.id"), " "
        )
    };
}

/// A space to create.
#[derive(Debug, Clone)]
pub struct NewSpace {
    /// Id.
    pub id: SpaceId,
    /// Org, unit or community.
    pub kind: SpaceKind,
    /// The unit of a unit space.
    pub unit_id: Option<UnitId>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Who may find it.
    pub visibility: SpaceVisibility,
    /// Everyone or members.
    pub read_access: Access,
    /// Everyone, members or moderators.
    pub write_access: Access,
    /// Creator.
    pub created_by: Option<PersonId>,
    /// When.
    pub created_at: OffsetDateTime,
}

/// Creates a space.
///
/// # Errors
/// `Conflict` on `spaces_unit_unique` (a unit has one space).
pub async fn insert_space(tx: &mut Tx, s: &NewSpace) -> Result<()> {
    const SQL: &str = "insert into spaces (id, kind, unit_id, name, description, visibility, read_access, write_access, created_by, created_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(s.id.as_uuid())
        .bind(s.kind.as_str())
        .bind(s.unit_id.map(|u| u.as_uuid()))
        .bind(&s.name)
        .bind(&s.description)
        .bind(s.visibility.as_str())
        .bind(s.read_access.as_str())
        .bind(s.write_access.as_str())
        .bind(s.created_by.map(|p| p.as_uuid()))
        .bind(Ts::new(s.created_at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A space the viewer may see.
pub async fn find_space(db: &Db, viewer: &Viewer, id: SpaceId) -> Result<Option<SpaceView>> {
    const SQL: &str = concat!(select_space!(), "and s.id = $4");
    let row: Option<SpaceRow> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    row.map(TryInto::try_into).transpose()
}

/// Every space the viewer may see: the org space, unit spaces, communities.
pub async fn list_spaces(db: &Db, viewer: &Viewer) -> Result<Vec<SpaceView>> {
    const SQL: &str = concat!(
        select_space!(),
        "order by case s.kind when 'org' then 0 when 'unit' then 1 else 2 end, lower(s.name), s.id"
    );
    let rows: Vec<SpaceRow> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// The spaces whose posts fill the viewer's feed: the org space, their
/// unit's space and every space they are a member of.
pub async fn list_home_space_ids(db: &Db, viewer: &Viewer) -> Result<Vec<SpaceId>> {
    // A union of three index reads; an `or` of them scanned every space.
    const SQL: &str = "select s.id from spaces s where s.kind = 'org'
        union select s.id from spaces s where s.kind = 'unit' and s.unit_id = $2
        union select m.space_id from space_members m where m.person_id = $1
        order by 1";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(viewer.id.as_uuid())
        .bind(viewer.unit_id.map(|u| u.as_uuid()))
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(id,)| SpaceId::from_uuid(id))
        .collect())
}

/// Every space whose posts the viewer may read, by the one visibility
/// predicate (for tools that weigh what a person can read, such as the
/// benchmark's choice of narrow readers).
pub async fn list_readable_space_ids(db: &Db, viewer: &Viewer) -> Result<Vec<SpaceId>> {
    const SQL: &str = concat!(
        "select s.id from spaces s where ",
        can_read_space_sql!("s.id"),
        " order by 1"
    );
    let rows: Vec<(Uuid,)> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(id,)| SpaceId::from_uuid(id))
        .collect())
}

/// The org-wide space's id.
pub async fn find_org_space_id(db: &Db) -> Result<Option<SpaceId>> {
    const SQL: &str = "select id from spaces where kind = 'org' order by created_at limit 1";
    let row: Option<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL).fetch_optional(p).await)?;
    Ok(row.map(|(id,)| SpaceId::from_uuid(id)))
}

/// Units that have no space yet: `(unit, name)`.
pub async fn list_units_without_space(tx: &mut Tx) -> Result<Vec<(UnitId, String)>> {
    const SQL: &str = "select u.id, u.name from units u
        where not exists (select 1 from spaces s where s.unit_id = u.id) order by u.path_key";
    let rows: Vec<(Uuid, String)> = on_tx!(tx, |c| sqlx::query_as(SQL).fetch_all(c).await)?;
    Ok(rows
        .into_iter()
        .map(|(u, n)| (UnitId::from_uuid(u), n))
        .collect())
}

/// Serializes the creation of the org space and unit spaces
/// (`ensure_spaces`) for the rest of the transaction, so that two at the
/// same moment do not both find a space missing and both make it. SQLite's
/// write transaction already holds the database's write lock.
pub async fn lock_default_spaces(tx: &mut Tx) -> Result<()> {
    /// An arbitrary key, unique among our advisory locks.
    const KEY: i64 = 0x5350_4143_4553; // "SPACES"
    if let Tx::Postgres(t) = tx {
        sqlx::query("select pg_advisory_xact_lock($1)")
            .bind(KEY)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// Whether an org space exists (inside a transaction).
pub async fn org_space_exists(tx: &mut Tx) -> Result<bool> {
    const SQL: &str = "select count(*) from spaces where kind = 'org'";
    let (n,): (i64,) = on_tx!(tx, |c| sqlx::query_as(SQL).fetch_one(c).await)?;
    Ok(n > 0)
}

/// Adds a member or changes their role.
pub async fn upsert_member(
    tx: &mut Tx,
    space: SpaceId,
    person: PersonId,
    role: MemberRole,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str =
        "insert into space_members (space_id, person_id, role, joined_at) values ($1, $2, $3, $4)
        on conflict (space_id, person_id) do update set role = excluded.role";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(space.as_uuid())
        .bind(person.as_uuid())
        .bind(role.as_str())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    crate::social::timeline::rebuild(tx, person).await
}

/// Adds a member with `role` unless they are one already (then their role
/// stays); returns whether a row was added.
pub async fn insert_member(
    tx: &mut Tx,
    space: SpaceId,
    person: PersonId,
    role: MemberRole,
    at: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str =
        "insert into space_members (space_id, person_id, role, joined_at) values ($1, $2, $3, $4)
        on conflict (space_id, person_id) do nothing";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(space.as_uuid())
        .bind(person.as_uuid())
        .bind(role.as_str())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n > 0 {
        crate::social::timeline::rebuild(tx, person).await?;
    }
    Ok(n > 0)
}

/// Takes the lock that every change of a space's members holds until its
/// transaction ends, so that rules read with the `*_tx` functions after it
/// stay true until the commit; returns whether the space exists.
///
/// On PostgreSQL this locks the space's row (`for no key update`: two
/// membership changes of one space wait for each other, while posts and
/// members referring to the space are not held up). On SQLite the write
/// transaction already holds the database's write lock.
pub async fn lock_members(tx: &mut Tx, space: SpaceId) -> Result<bool> {
    let sql = locking_sql!(
        &*tx,
        "select id from spaces where id = $1",
        "for no key update"
    );
    let row: Option<(Uuid,)> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(space.as_uuid())
        .fetch_optional(c)
        .await)?;
    Ok(row.is_some())
}

/// A person's role in a space, read inside the transaction.
pub async fn find_role_tx(
    tx: &mut Tx,
    space: SpaceId,
    person: PersonId,
) -> Result<Option<MemberRole>> {
    const SQL: &str = "select role from space_members where space_id = $1 and person_id = $2";
    let row: Option<(String,)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(space.as_uuid())
        .bind(person.as_uuid())
        .fetch_optional(c)
        .await)?;
    row.map(|(r,)| decode::column("space_members.role", &r))
        .transpose()
}

/// How many owners a space has, read inside the transaction.
pub async fn count_owners(tx: &mut Tx, space: SpaceId) -> Result<u64> {
    const SQL: &str = "select count(*) from space_members where space_id = $1 and role = $2";
    let (n,): (i64,) = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(space.as_uuid())
        .bind(MemberRole::Owner.as_str())
        .fetch_one(c)
        .await)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Removes a member (and any join request); returns whether a row went.
pub async fn remove_member(tx: &mut Tx, space: SpaceId, person: PersonId) -> Result<bool> {
    const SQL: &str = "delete from space_members where space_id = $1 and person_id = $2";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(space.as_uuid())
        .bind(person.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    delete_request(tx, space, person).await?;
    if n > 0 {
        crate::social::timeline::rebuild(tx, person).await?;
    }
    Ok(n > 0)
}

/// A person's role in a space (`space_members` only).
pub async fn find_role(db: &Db, space: SpaceId, person: PersonId) -> Result<Option<MemberRole>> {
    const SQL: &str = "select role from space_members where space_id = $1 and person_id = $2";
    let row: Option<(String,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(space.as_uuid())
        .bind(person.as_uuid())
        .fetch_optional(p)
        .await)?;
    row.map(|(r,)| decode::column("space_members.role", &r))
        .transpose()
}

/// A member of a space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Who.
    pub id: PersonId,
    /// Their handle.
    pub handle: String,
    /// Their name.
    pub name: String,
    /// Their role in the space.
    pub role: MemberRole,
}

/// The members of a space with their roles: owners, then moderators, then
/// members, each by name.
pub async fn list_members(db: &Db, space: SpaceId) -> Result<Vec<Member>> {
    const SQL: &str = "select p.id, p.handle, p.name, m.role from space_members m join people p on p.id = m.person_id
        where m.space_id = $1 order by case m.role when 'owner' then 0 when 'moderator' then 1 else 2 end, p.name_norm, p.id";
    let rows: Vec<(Uuid, String, String, String)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(space.as_uuid())
        .fetch_all(p)
        .await)?;
    rows.into_iter()
        .map(|(id, handle, name, role)| {
            Ok(Member {
                id: PersonId::from_uuid(id),
                handle,
                name,
                role: decode::column("space_members.role", &role)?,
            })
        })
        .collect()
}

/// Records a request to join.
pub async fn insert_request(
    tx: &mut Tx,
    space: SpaceId,
    person: PersonId,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str =
        "insert into join_requests (space_id, person_id, requested_at) values ($1, $2, $3)
        on conflict (space_id, person_id) do nothing";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(space.as_uuid())
        .bind(person.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Drops a join request; returns whether there was one.
pub async fn delete_request(tx: &mut Tx, space: SpaceId, person: PersonId) -> Result<bool> {
    const SQL: &str = "delete from join_requests where space_id = $1 and person_id = $2";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(space.as_uuid())
        .bind(person.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Pending join requests of a space: `(person, handle, name)`.
pub async fn list_requests(db: &Db, space: SpaceId) -> Result<Vec<(PersonId, String, String)>> {
    const SQL: &str =
        "select p.id, p.handle, p.name from join_requests r join people p on p.id = r.person_id
        where r.space_id = $1 order by r.requested_at, p.id";
    let rows: Vec<(Uuid, String, String)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(space.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, h, n)| (PersonId::from_uuid(id), h, n))
        .collect())
}

/// The owners and moderators of a space, read inside the transaction.
pub async fn list_moderator_ids(tx: &mut Tx, space: SpaceId) -> Result<Vec<PersonId>> {
    const SQL: &str = "select person_id from space_members where space_id = $1 and role in ('owner', 'moderator') order by person_id";
    let rows: Vec<(Uuid,)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(space.as_uuid())
        .fetch_all(c)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(id,)| PersonId::from_uuid(id))
        .collect())
}
