//! The audit log: who did what, when. One table, `audit_log`, written only
//! by [`record`], which takes the acting transaction's `&mut Tx`, so an
//! action and its audit row commit or roll back together. Nothing updates
//! or deletes audit rows (except `maintenance::wipe_all`).
//!
//! Administrators' reads of secret spaces they are not members of are
//! recorded at most once per administrator, space and UTC day
//! ([`claim_admin_read`]).

use samspill_domain::PersonId;
use samspill_domain::moderation::AuditId;
use sqlx::types::Json;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::{Db, Result, Ts, Tx};

/// The action recorded when an administrator reads a secret space (or one
/// of its posts) they are not a member of.
pub const ADMIN_READ: &str = "space.admin_read";

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// Id.
    pub id: AuditId,
    /// When.
    pub at: OffsetDateTime,
    /// Who (none for the command line and timed work).
    pub actor_id: Option<PersonId>,
    /// What, as `area.verb` (`moderation.hide`, `person.created`, …).
    pub action: String,
    /// What kind of thing it was done to (`post`, `person`, `space`, …).
    pub subject_kind: String,
    /// Which.
    pub subject_id: Option<Uuid>,
    /// More, as JSON.
    pub details: serde_json::Value,
}

/// An audit row as listed, with the actor's name.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditView {
    /// The row.
    pub entry: AuditEntry,
    /// The actor's name, when there is an actor.
    pub actor_name: Option<String>,
    /// The actor's handle.
    pub actor_handle: Option<String>,
}

/// Writes one audit row in the acting transaction.
pub async fn record(tx: &mut Tx, e: &AuditEntry) -> Result<()> {
    const SQL: &str =
        "insert into audit_log (id, at, actor_id, action, subject_kind, subject_id, details)
        values ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(e.id.as_uuid())
        .bind(Ts::new(e.at))
        .bind(e.actor_id.map(|p| p.as_uuid()))
        .bind(&e.action)
        .bind(&e.subject_kind)
        .bind(e.subject_id)
        .bind(Json(&e.details))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this actor.
    pub actor_id: Option<PersonId>,
    /// Only this action.
    pub action: Option<String>,
    /// From this instant (inclusive).
    pub from: Option<OffsetDateTime>,
    /// Before this instant (exclusive).
    pub to: Option<OffsetDateTime>,
    /// Only about this subject.
    pub subject_id: Option<Uuid>,
}

type AuditRow = (
    Uuid,
    Ts,
    Option<Uuid>,
    String,
    String,
    Option<Uuid>,
    Json<serde_json::Value>,
    Option<String>,
    Option<String>,
);

/// Audit rows matching `filter`, newest first, before the keyset `before`
/// (`(at, id)`), at most `limit`.
pub async fn list(
    db: &Db,
    filter: &AuditFilter,
    before: Option<(OffsetDateTime, AuditId)>,
    limit: i64,
) -> Result<Vec<AuditView>> {
    const SQL: &str =
        "select l.id, l.at, l.actor_id, l.action, l.subject_kind, l.subject_id, l.details,
               a.name, a.handle
        from audit_log l
        left join people a on a.id = l.actor_id
        where ($1 is null or l.actor_id = $1)
          and ($2 is null or l.action = $2)
          and ($3 is null or l.at >= $3)
          and ($4 is null or l.at < $4)
          and ($5 is null or l.subject_id = $5)
          and (l.at < $6 or (l.at = $6 and l.id < $7))
        order by l.at desc, l.id desc
        limit $8";
    let (at, id) = before.map_or_else(
        || {
            (
                Ts::new(time::macros::datetime!(9999-12-31 0:00 UTC)),
                Uuid::max(),
            )
        },
        |(t, i)| (Ts::new(t), i.as_uuid()),
    );
    let rows: Vec<AuditRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(filter.actor_id.map(|a| a.as_uuid()))
        .bind(filter.action.as_deref())
        .bind(filter.from.map(Ts::new))
        .bind(filter.to.map(Ts::new))
        .bind(filter.subject_id)
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| AuditView {
            entry: AuditEntry {
                id: AuditId::from_uuid(r.0),
                at: r.1.get(),
                actor_id: r.2.map(PersonId::from_uuid),
                action: r.3,
                subject_kind: r.4,
                subject_id: r.5,
                details: r.6.0,
            },
            actor_name: r.7,
            actor_handle: r.8,
        })
        .collect())
}

/// Claims the day's one audit row for `admin` reading `space`: true the
/// first time on `day` (`YYYY-MM-DD`, UTC), false after.
pub async fn claim_admin_read(
    tx: &mut Tx,
    admin: PersonId,
    space: Uuid,
    day: &str,
) -> Result<bool> {
    const SQL: &str = "insert into audit_admin_reads (admin_id, space_id, day) values ($1, $2, $3)
        on conflict (admin_id, space_id, day) do nothing";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(admin.as_uuid())
        .bind(space)
        .bind(day)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}
