//! The organization's values. Never deleted: praise points to them, so a
//! value is archived instead and no longer offered for new praise.

use samspill_domain::culture::{ValueIcon, ValueId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::{Db, Result, Ts, Tx, decode};

/// A value as everyone reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueView {
    /// Id.
    pub id: ValueId,
    /// Name, as written.
    pub name: String,
    /// What it means here.
    pub description: String,
    /// Its icon.
    pub icon: ValueIcon,
    /// Order on pages (smallest first).
    pub position: i64,
    /// When it was archived; archived values take no new praise.
    pub archived_at: Option<OffsetDateTime>,
}

type Row = (Uuid, String, String, String, i64, Option<Ts>);

fn view(r: Row) -> Result<ValueView> {
    Ok(ValueView {
        id: ValueId::from_uuid(r.0),
        name: r.1,
        description: r.2,
        icon: decode::column("org_values.icon", &r.3)?,
        position: r.4,
        archived_at: r.5.map(Ts::get),
    })
}

/// Every value (archived ones too), by position.
pub async fn list_values(db: &Db) -> Result<Vec<ValueView>> {
    const SQL: &str = "select id, name, description, icon, position, archived_at from org_values order by position, name_norm";
    let rows: Vec<Row> = on_db!(db, |p| sqlx::query_as(SQL).fetch_all(p).await)?;
    rows.into_iter().map(view).collect()
}

/// One value.
pub async fn find_value(db: &Db, id: ValueId) -> Result<Option<ValueView>> {
    const SQL: &str =
        "select id, name, description, icon, position, archived_at from org_values where id = $1";
    let row: Option<Row> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    row.map(view).transpose()
}

/// One value, read inside a write (to check it is active when praise
/// names it, in the same transaction as the praise).
pub async fn find_value_tx(tx: &mut Tx, id: ValueId) -> Result<Option<ValueView>> {
    const SQL: &str =
        "select id, name, description, icon, position, archived_at from org_values where id = $1";
    let row: Option<Row> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await)?;
    row.map(view).transpose()
}

/// Writes a value at the end of the list. A name already taken (case
/// aside) is `Conflict` on `org_values_name_unique`.
pub async fn insert_value(
    tx: &mut Tx,
    id: ValueId,
    name: &str,
    description: &str,
    icon: ValueIcon,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "insert into org_values (id, name, name_norm, description, icon, position, archived_at, created_at)
        values ($1, $2, $3, $4, $5, (select coalesce(max(position), 0) + 1 from org_values), null, $6)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(name)
        .bind(name.to_lowercase())
        .bind(description)
        .bind(icon.as_str())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Replaces a value's name, description, icon and archived state; `false`
/// when there is no such value.
pub async fn update_value(tx: &mut Tx, v: &ValueView) -> Result<bool> {
    const SQL: &str = "update org_values set name = $2, name_norm = $3, description = $4, icon = $5, archived_at = $6 where id = $1";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(v.id.as_uuid())
        .bind(&v.name)
        .bind(v.name.to_lowercase())
        .bind(&v.description)
        .bind(v.icon.as_str())
        .bind(v.archived_at.map(Ts::new))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}
