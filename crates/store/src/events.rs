//! The append-only event log. Every action that later analytics count writes
//! one event in the same transaction as the action itself, so the log and
//! the state it describes cannot drift apart. Nothing updates or deletes
//! events here.

use samspill_domain::{EventId, PersonId, UnitId};
use sqlx::types::Json;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::{Db, Result, Ts, Tx};

/// One thing that happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Id (time-ordered).
    pub id: EventId,
    /// When.
    pub occurred_at: OffsetDateTime,
    /// What, e.g. `person.created`, `person.moved`, `unit.leader_added`.
    pub kind: String,
    /// Who did it; `None` for the system or for anonymous acts.
    pub actor_id: Option<PersonId>,
    /// The object acted on (a person, a unit, later a post…).
    pub subject_id: Option<Uuid>,
    /// The unit the event is attributed to, if any.
    pub unit_id: Option<UnitId>,
    /// Details.
    pub payload: serde_json::Value,
}

/// Appends an event.
pub async fn append_event(tx: &mut Tx, e: &Event) -> Result<()> {
    const SQL: &str =
        "insert into events (id, occurred_at, kind, actor_id, subject_id, unit_id, payload)
        values ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(e.id.as_uuid())
        .bind(Ts::new(e.occurred_at))
        .bind(&e.kind)
        .bind(e.actor_id.map(|p| p.as_uuid()))
        .bind(e.subject_id)
        .bind(e.unit_id.map(|u| u.as_uuid()))
        .bind(Json(&e.payload))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

type EventRow = (
    Uuid,
    Ts,
    String,
    Option<Uuid>,
    Option<Uuid>,
    Option<Uuid>,
    Json<serde_json::Value>,
);

/// The most recent events of a kind (all kinds when `None`), newest first.
pub async fn list_events(db: &Db, kind: Option<&str>, limit: i64) -> Result<Vec<Event>> {
    const SQL: &str =
        "select id, occurred_at, kind, actor_id, subject_id, unit_id, payload from events
        where ($1 is null or kind = $1) order by occurred_at desc, id desc limit $2";
    let rows: Vec<EventRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(kind)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, at, kind, actor, subject, unit, payload)| Event {
            id: EventId::from_uuid(id),
            occurred_at: at.get(),
            kind,
            actor_id: actor.map(PersonId::from_uuid),
            subject_id: subject,
            unit_id: unit.map(UnitId::from_uuid),
            payload: payload.0,
        })
        .collect())
}
