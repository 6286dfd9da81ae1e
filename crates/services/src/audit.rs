//! The audit log, for administrators: who did what, when. Rows are written
//! by the use cases inside their own transactions (moderation, the `admin`
//! commands, the org import, space roles and memberships, unit leaders and
//! moves), through [`record`] or [`append_event_audited`]; read here, with
//! filters, keyset pages and a CSV export.
//!
//! Administrators may read secret spaces they are not members of (the
//! visibility predicate lets `is_admin` through). That power is logged:
//! [`note_admin_read`] writes one `space.admin_read` row per administrator,
//! space and UTC day, and the space's owners see those rows
//! ([`admin_reads`]).

use samspill_domain::moderation::{AuditId, csv_cell};
use samspill_domain::{MemberRole, PersonId, SpaceId, SpaceVisibility, ValidationError};
use samspill_store::Tx;
use samspill_store::audit::{self as store, ADMIN_READ, AuditEntry, AuditFilter};
use samspill_store::events::{self, Event};
use samspill_store::social::spaces::{self, SpaceView};
use time::OffsetDateTime;

pub use samspill_store::audit::AuditView;

use crate::shared::page;
use crate::{Actor, Ctx, Error, Result};

/// At most this many rows go into one CSV export.
pub const EXPORT_MAX: i64 = 10_000;

/// Writes an audit row in the acting transaction.
///
/// # Errors
/// Storage failures.
pub(crate) async fn record(
    tx: &mut Tx,
    actor: Option<PersonId>,
    action: &str,
    subject_kind: &str,
    subject_id: Option<uuid::Uuid>,
    details: serde_json::Value,
    at: OffsetDateTime,
) -> Result<()> {
    store::record(
        tx,
        &AuditEntry {
            id: AuditId::new(),
            at,
            actor_id: actor,
            action: action.to_owned(),
            subject_kind: subject_kind.to_owned(),
            subject_id,
            details,
        },
    )
    .await?;
    Ok(())
}

/// Appends an event and the same fact to the audit log, in one
/// transaction: for the administrative, role and membership events, whose
/// kind (`person.created`, `space.role_changed`, …) is the audit action
/// and whose prefix names the subject.
///
/// # Errors
/// Storage failures.
pub(crate) async fn append_event_audited(tx: &mut Tx, e: &Event) -> Result<()> {
    events::append_event(tx, e).await?;
    let kind = e.kind.split('.').next().unwrap_or("other");
    record(
        tx,
        e.actor_id,
        &e.kind,
        kind,
        e.subject_id,
        e.payload.clone(),
        e.occurred_at,
    )
    .await
}

/// Records an administrator reading a secret space (or one of its posts)
/// they are not a member of: once per administrator, space and UTC day.
/// Does nothing for anyone else.
///
/// # Errors
/// Storage failures.
pub(crate) async fn note_admin_read(ctx: &Ctx, actor: &Actor, space: &SpaceView) -> Result<()> {
    if !actor.is_admin || space.visibility != SpaceVisibility::Secret || space.is_member {
        return Ok(());
    }
    let now = ctx.now();
    let day = format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    );
    let mut tx = ctx.db.begin().await?;
    if store::claim_admin_read(&mut tx, actor.id, space.id.as_uuid(), &day).await? {
        record(
            &mut tx,
            Some(actor.id),
            ADMIN_READ,
            "space",
            Some(space.id.as_uuid()),
            serde_json::json!({"space_name": space.name, "day": day}),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Records an administrator's read of the space `id` (see
/// [`note_admin_read`]), reading the space first.
///
/// # Errors
/// Storage failures.
pub(crate) async fn note_admin_read_of(ctx: &Ctx, actor: &Actor, id: SpaceId) -> Result<()> {
    if !actor.is_admin {
        return Ok(());
    }
    if let Some(space) = spaces::find_space(&ctx.db, &actor.viewer(), id).await? {
        note_admin_read(ctx, actor, &space).await?;
    }
    Ok(())
}

/// What the admin asks for: the wire's `actor`, `action`, `from`, `to`.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only this actor.
    pub actor: Option<PersonId>,
    /// Only this action.
    pub action: Option<String>,
    /// From (inclusive).
    pub from: Option<OffsetDateTime>,
    /// To (exclusive).
    pub to: Option<OffsetDateTime>,
}

impl AuditQuery {
    fn filter(&self) -> Result<AuditFilter> {
        if let (Some(f), Some(t)) = (self.from, self.to)
            && f > t
        {
            return Err(ValidationError::new("to", "before_from", "`to` is before `from`").into());
        }
        let action = match self.action.as_deref().map(str::trim) {
            Some("") | None => None,
            Some(a) => Some(samspill_domain::text::free_text("action", a)?),
        };
        Ok(AuditFilter {
            actor_id: self.actor,
            action,
            from: self.from,
            to: self.to,
            subject_id: None,
        })
    }
}

/// One page of the audit log, newest first, for administrators.
///
/// # Errors
/// `Forbidden` for anyone else; `Invalid` for a bad cursor, limit or range.
pub async fn list(
    ctx: &Ctx,
    actor: &Actor,
    query: &AuditQuery,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<page::Page<AuditView>> {
    // Input first, the same for everyone (it reveals nothing), then who asks.
    let filter = query.filter()?;
    let limit = page::limit(limit)?;
    let after = time_cursor(cursor)?;
    if !actor.is_admin {
        return Err(Error::Forbidden);
    }
    let rows = store::list(&ctx.db, &filter, after, limit + 1).await?;
    Ok(page::split(rows, limit, |v| {
        page::encode(&(crate::shared::clock::rfc3339(v.entry.at), v.entry.id))
    }))
}

/// Reads a `(time, id)` keyset cursor.
pub(crate) fn time_cursor<I: serde::de::DeserializeOwned>(
    cursor: Option<&str>,
) -> Result<Option<(OffsetDateTime, I)>> {
    let Some(c) = cursor else { return Ok(None) };
    let (t, id): (String, I) = page::decode(c)?;
    let t = OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339)
        .map_err(|_| ValidationError::new("cursor", "invalid", "not a cursor from this list"))?;
    Ok(Some((t, id)))
}

/// The audit log as CSV (at most [`EXPORT_MAX`] rows, newest first), every
/// cell quoted and guarded against formula injection.
///
/// # Errors
/// `Forbidden` for anyone but administrators; `Invalid` for a bad range.
pub async fn export_csv(ctx: &Ctx, actor: &Actor, query: &AuditQuery) -> Result<String> {
    if !actor.is_admin {
        return Err(Error::Forbidden);
    }
    let rows = store::list(&ctx.db, &query.filter()?, None, EXPORT_MAX).await?;
    let mut out = String::from("at,actor_id,actor_name,action,subject_kind,subject_id,details\r\n");
    for v in rows {
        let e = &v.entry;
        let cells = [
            crate::shared::clock::rfc3339(e.at),
            e.actor_id.map(|a| a.to_string()).unwrap_or_default(),
            v.actor_name.clone().unwrap_or_default(),
            e.action.clone(),
            e.subject_kind.clone(),
            e.subject_id.map(|s| s.to_string()).unwrap_or_default(),
            e.details.to_string(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// The administrators' reads of a secret space, newest first, for its
/// owners (and administrators).
///
/// # Errors
/// `NotFound` for a space the actor may not see; `Forbidden` for anyone
/// but its owners and administrators.
pub async fn admin_reads(ctx: &Ctx, actor: &Actor, id: SpaceId) -> Result<Vec<AuditView>> {
    let space = spaces::find_space(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    if !actor.is_admin && space.my_role != Some(MemberRole::Owner) {
        return Err(Error::Forbidden);
    }
    let filter = AuditFilter {
        action: Some(ADMIN_READ.to_owned()),
        subject_id: Some(id.as_uuid()),
        ..AuditFilter::default()
    };
    Ok(store::list(&ctx.db, &filter, None, 100).await?)
}
