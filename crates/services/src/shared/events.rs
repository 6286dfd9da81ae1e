//! Building rows of the append-only event log; the use case appends them
//! with `samspill_store::events::append_event` in its own transaction.

use samspill_domain::EventId;
use samspill_store::events::Event;

use crate::Actor;

/// An event by `actor` of `kind` about `subject`, at `at`.
pub(crate) fn event(
    actor: &Actor,
    kind: &str,
    subject: uuid::Uuid,
    payload: serde_json::Value,
    at: time::OffsetDateTime,
) -> Event {
    Event {
        id: EventId::new(),
        occurred_at: at,
        kind: kind.to_owned(),
        actor_id: Some(actor.id),
        subject_id: Some(subject),
        unit_id: None,
        payload,
    }
}
