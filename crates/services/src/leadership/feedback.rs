//! Feedback to leaders: to a person who leads a unit, or to a unit's leaders;
//! attributed or anonymous.
//!
//! Anonymous by construction. An anonymous item is stored without author,
//! time or anything from the writer's session; the writer gets a reply token
//! once (only its SHA-256 is kept) and reads and answers the thread with it.
//! Anonymous items reach the inbox in batches ([`tick`]): at most one a day
//! per addressee, when three wait or the oldest has waited a week, re-inserted
//! in random order. No event, notification, live event or log line is made
//! for an anonymous item when it is written; a delivery makes one
//! notification per leader and one event, neither naming an item. The
//! functions on the anonymous path are instrumented without fields.
//!
//! Who may read an item is one predicate (`store::leadership::feedback`'s
//! `reader_sql!`): the addressed leaders (the person, or the unit's leaders
//! at reading time) once delivered, and the writer of an attributed item.
//! Everyone else gets `NotFound`.

use rand::seq::SliceRandom;
use samspill_domain::feedback::{MIN_EXPLANATION, batch_due};
use samspill_domain::text::free_text;
use samspill_domain::{
    FeedbackCategory, FeedbackId, FeedbackStatus, PersonId, UnitId, ValidationError,
};
use samspill_store::events::{self, Event};
use samspill_store::leadership::feedback::{self as store, NewItem, NewMessage};
use samspill_store::org::units;
use samspill_store::social::notifications;
use serde_json::json;
use time::{Date, OffsetDateTime, Time};
use uuid::Uuid;

use crate::auth::{random_token, token_hash};
use crate::shared::events::event;
use crate::shared::live::LiveEvent;
use crate::shared::notify::{notify, subject_notification};
use crate::{Actor, Ctx, Error, Result};

pub use samspill_store::leadership::feedback::{FeedbackItem, FeedbackMessage};

/// The longest feedback text or answer, in characters.
const MAX_BODY: usize = 5_000;

/// Feedback to write.
#[derive(Debug, Clone, Default)]
pub struct NewFeedback {
    /// A person who leads at least one unit, or
    pub to_person_id: Option<PersonId>,
    /// a unit (read by its leaders).
    pub to_unit_id: Option<UnitId>,
    /// `idea`, `concern`, `question`, `praise` or `leadership`.
    pub category: String,
    /// The text.
    pub body: String,
    /// Write anonymously?
    pub anonymous: bool,
}

/// What the writer gets back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// The attributed item.
    Attributed(FeedbackId),
    /// The reply token of an anonymous item, shown once: it cannot be
    /// recovered.
    Anonymous {
        /// The token (43 characters, base64url).
        reply_token: String,
    },
}

/// An item with its thread.
#[derive(Debug, Clone)]
pub struct Thread {
    /// The item.
    pub item: FeedbackItem,
    /// Its messages, in order.
    pub messages: Vec<FeedbackMessage>,
    /// Whether the reader may answer (an addressed leader).
    pub can_answer: bool,
}

fn text(field: &'static str, raw: &str, min: usize) -> Result<String> {
    let body = free_text(field, raw)?;
    let n = body.trim().chars().count();
    if n < min.max(1) || n > MAX_BODY {
        let code = if n == 0 {
            "required"
        } else if n > MAX_BODY {
            "too_long"
        } else {
            "too_short"
        };
        return Err(ValidationError::new(
            field,
            code,
            format!("{} to {MAX_BODY} characters", min.max(1)),
        )
        .into());
    }
    Ok(body.trim().to_owned())
}

fn invalid(field: &'static str, code: &'static str, message: &str) -> Error {
    ValidationError::new(field, code, message).into()
}

/// The leaders an item to `to` reaches now.
async fn addressed_leaders(ctx: &Ctx, item: &FeedbackItem) -> Result<Vec<PersonId>> {
    Ok(match (item.to_person_id, item.to_unit_id) {
        (Some(p), _) => vec![p],
        (None, Some(u)) => units::list_leader_ids(&ctx.db, u).await?,
        (None, None) => Vec::new(),
    })
}

/// Checks the addressee: a person who leads a unit, or a unit with leaders.
async fn check_addressee(ctx: &Ctx, input: &NewFeedback) -> Result<()> {
    match (input.to_person_id, input.to_unit_id) {
        (Some(p), None) => {
            if !samspill_store::leadership::leaders::is_leader(&ctx.db, p).await? {
                return Err(invalid(
                    "to_person_id",
                    "not_a_leader",
                    "feedback goes to a person who leads a unit",
                ));
            }
        }
        (None, Some(u)) => {
            let unit = units::find_unit(&ctx.db, u).await?;
            if unit.is_none_or(|u| u.leaders.is_empty()) {
                return Err(invalid(
                    "to_unit_id",
                    "no_leaders",
                    "not a unit with leaders",
                ));
            }
        }
        _ => {
            return Err(invalid(
                "to_person_id",
                "required",
                "give either to_person_id or to_unit_id",
            ));
        }
    }
    Ok(())
}

/// Sends feedback. An attributed item reaches its leaders at once (with a
/// `feedback_received` notification and an event); an anonymous one waits
/// for its batch and the writer gets its reply token.
///
/// # Errors
/// `Invalid` for an addressee who leads no unit, a unit without leaders,
/// an unknown category, an empty or over-long text.
// No fields: on the anonymous path nothing about the writer may be logged.
#[tracing::instrument(skip_all)]
pub async fn send(ctx: &Ctx, actor: &Actor, input: &NewFeedback) -> Result<Sent> {
    let category = FeedbackCategory::parse(&input.category)?;
    let body = text("body", &input.body, 1)?;
    check_addressee(ctx, input).await?;
    let id = FeedbackId::random();
    let mut tx = ctx.db.begin().await?;
    if input.anonymous {
        let token = random_token();
        store::lock_delivery(&mut tx).await?;
        store::insert_item(
            &mut tx,
            &NewItem {
                id,
                to_person_id: input.to_person_id,
                to_unit_id: input.to_unit_id,
                category,
                body,
                author: None,
                reply_token_hash: Some(token_hash(&token)),
            },
        )
        .await?;
        let addressee = input
            .to_person_id
            .map(|p| p.as_uuid())
            .or(input.to_unit_id.map(|u| u.as_uuid()))
            .unwrap_or_default();
        store::note_waiting(&mut tx, addressee, &day_text(ctx.now().date())).await?;
        tx.commit().await?;
        tracing::info!("anonymous feedback stored, waiting for its batch");
        return Ok(Sent::Anonymous { reply_token: token });
    }
    let now = ctx.now();
    store::insert_item(
        &mut tx,
        &NewItem {
            id,
            to_person_id: input.to_person_id,
            to_unit_id: input.to_unit_id,
            category,
            body,
            author: Some((actor.id, now)),
            reply_token_hash: None,
        },
    )
    .await?;
    let leaders = match (input.to_person_id, input.to_unit_id) {
        (Some(p), _) => vec![p],
        (None, Some(u)) => units::list_leader_ids(&ctx.db, u).await?,
        (None, None) => Vec::new(),
    };
    let list = leaders
        .into_iter()
        .map(|l| {
            subject_notification(
                l,
                "feedback_received",
                Some(actor.id),
                id.as_uuid(),
                None,
                now,
            )
        })
        .collect();
    let live = notify(&mut tx, list, actor).await?;
    events::append_event(
        &mut tx,
        &event(
            actor,
            "feedback.created",
            id.as_uuid(),
            json!({"category": category.as_str()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(feedback.id = %id, person.id = %actor.id, "feedback sent");
    publish(ctx, live);
    Ok(Sent::Attributed(id))
}

fn publish(ctx: &Ctx, live: Vec<LiveEvent>) {
    for e in live {
        ctx.bus.publish(e);
    }
}

fn day_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn parse_day(s: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, format).ok()
}

/// The leader's inbox: delivered items addressed to them or to a unit they
/// lead, newest delivery first (within a batch in random order).
///
/// # Errors
/// `NotFound` for someone who leads no unit: only leaders have an inbox.
pub async fn inbox(ctx: &Ctx, actor: &Actor) -> Result<Vec<FeedbackItem>> {
    if !samspill_store::leadership::leaders::is_leader(&ctx.db, actor.id).await? {
        return Err(Error::NotFound);
    }
    Ok(store::list_inbox(&ctx.db, actor.id).await?)
}

/// How many items in `leader`'s inbox are open (not answered yet) and how
/// many are answered, for the leadership corner.
///
/// # Errors
/// Storage failures.
pub async fn inbox_counts(ctx: &Ctx, leader_id: PersonId) -> Result<(i64, i64)> {
    let items = store::list_inbox(&ctx.db, leader_id).await?;
    let open = items.iter().filter(|i| !i.status.is_answered()).count();
    let n = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
    Ok((n(open), n(items.len() - open)))
}

/// An item and its thread, for an addressed leader or the writer of an
/// attributed item.
///
/// # Errors
/// `NotFound` for anyone else, and for an anonymous item not delivered yet.
pub async fn get(ctx: &Ctx, actor: &Actor, id: FeedbackId) -> Result<Thread> {
    let item = store::find_item(&ctx.db, actor.id, id)
        .await?
        .ok_or(Error::NotFound)?;
    let can_answer = addressed_leaders(ctx, &item).await?.contains(&actor.id);
    let messages = store::list_messages(&ctx.db, id).await?;
    Ok(Thread {
        item,
        messages,
        can_answer,
    })
}

/// The attributed items the actor wrote, with their threads.
///
/// # Errors
/// Storage failures.
pub async fn sent(ctx: &Ctx, actor: &Actor) -> Result<Vec<Thread>> {
    let mut out = Vec::new();
    for item in store::list_sent(&ctx.db, actor.id).await? {
        let messages = store::list_messages(&ctx.db, item.id).await?;
        out.push(Thread {
            item,
            messages,
            can_answer: false,
        });
    }
    Ok(out)
}

/// A leader answers an item and sets its status, with an explanation.
/// The writer of an attributed item gets a `feedback_response`
/// notification; the anonymous writer reads it with their token.
///
/// The rule is decided inside the write transaction, on the locked item:
/// of two leaders answering at once with the same status, one gets
/// `Conflict` (`status_unchanged`).
///
/// # Errors
/// `NotFound` unless the actor is an addressed leader of a delivered item;
/// `Invalid` for an explanation under a sentence or an unknown status;
/// `Conflict` for a refused transition (the code says why).
#[tracing::instrument(skip_all, fields(person.id = %actor.id, feedback.id = %id))]
pub async fn respond(
    ctx: &Ctx,
    actor: &Actor,
    id: FeedbackId,
    body: &str,
    status: &str,
) -> Result<FeedbackMessage> {
    let item = store::find_item(&ctx.db, actor.id, id)
        .await?
        .ok_or(Error::NotFound)?;
    let status = FeedbackStatus::parse(status)?;
    let body = text("body", body, MIN_EXPLANATION)?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let Some((current, true)) = store::lock_item(&mut tx, id).await? else {
        return Err(Error::NotFound);
    };
    if !store::is_addressed_leader(&mut tx, actor.id, id).await? {
        return Err(Error::NotFound);
    }
    let next = current.transition(status).map_err(|why| Error::Conflict {
        code: why.code(),
        message: why.to_string(),
    })?;
    let message_id = Uuid::new_v4();
    store::insert_message(
        &mut tx,
        &NewMessage {
            id: message_id,
            item_id: id,
            author_id: Some(actor.id),
            body,
            status: Some(next),
            created_at: now,
        },
    )
    .await?;
    store::set_status(&mut tx, id, next).await?;
    let mut live = Vec::new();
    if let (false, Some(author)) = (item.anonymous, item.author_id) {
        let n = subject_notification(
            author,
            "feedback_response",
            Some(actor.id),
            id.as_uuid(),
            None,
            now,
        );
        live = notify(&mut tx, vec![n], actor).await?;
    }
    events::append_event(
        &mut tx,
        &event(
            actor,
            "feedback.responded",
            id.as_uuid(),
            json!({"status": next.as_str()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    publish(ctx, live);
    store::list_messages(&ctx.db, id)
        .await?
        .into_iter()
        .find(|m| m.id == message_id)
        .ok_or(Error::NotFound)
}

async fn item_of_token(ctx: &Ctx, token: &str) -> Result<FeedbackItem> {
    let token = token.trim();
    if token.is_empty() || token.len() > 100 {
        return Err(Error::NotFound);
    }
    store::find_item_by_token(&ctx.db, &token_hash(token))
        .await?
        .filter(|i| i.anonymous)
        .ok_or(Error::NotFound)
}

/// The anonymous writer's view of their item, by reply token: the item,
/// whether it is delivered, and the thread. No session is read or touched.
///
/// # Errors
/// `NotFound` for an unknown token.
#[tracing::instrument(skip_all)]
pub async fn thread_by_token(ctx: &Ctx, token: &str) -> Result<Thread> {
    let item = item_of_token(ctx, token).await?;
    let messages = store::list_messages(&ctx.db, item.id).await?;
    Ok(Thread {
        item,
        messages,
        can_answer: false,
    })
}

/// The anonymous writer replies in their thread, by reply token. The reply
/// has no author and only the day as its time; no one is notified (a
/// notification's time would be finer than the day).
///
/// # Errors
/// `NotFound` for an unknown token; `Conflict` (`feedback_not_delivered`)
/// before the item is delivered (a dated reply would tell when it was
/// written); `Invalid` for an empty or over-long text.
#[tracing::instrument(skip_all)]
pub async fn reply_by_token(ctx: &Ctx, token: &str, body: &str) -> Result<Thread> {
    let item = item_of_token(ctx, token).await?;
    let body = text("body", body, 1)?;
    let day = ctx.now().date().with_time(Time::MIDNIGHT).assume_utc();
    let mut tx = ctx.db.begin().await?;
    let Some((_, delivered)) = store::lock_item(&mut tx, item.id).await? else {
        return Err(Error::NotFound);
    };
    if !delivered {
        return Err(Error::Conflict {
            code: "feedback_not_delivered",
            message: "you can reply once your feedback has been delivered".to_owned(),
        });
    }
    store::insert_message(
        &mut tx,
        &NewMessage {
            id: Uuid::new_v4(),
            item_id: item.id,
            author_id: None,
            body,
            status: None,
            created_at: day,
        },
    )
    .await?;
    tx.commit().await?;
    thread_by_token(ctx, token).await
}

/// Everyone who may be addressed: people who lead a unit, as `(id, name)`.
///
/// # Errors
/// Storage failures.
pub async fn leaders(ctx: &Ctx) -> Result<Vec<(PersonId, String)>> {
    Ok(store::list_leaders(&ctx.db).await?)
}

/// Every unit that may be addressed (it has leaders), as `(id, path)`.
///
/// # Errors
/// Storage failures.
pub async fn units_with_leaders(ctx: &Ctx) -> Result<Vec<(UnitId, String)>> {
    Ok(units::list_units(&ctx.db)
        .await?
        .into_iter()
        .filter(|u| !u.leaders.is_empty())
        .map(|u| (u.id, u.path))
        .collect())
}

/// Time-driven work: delivers anonymous feedback batches that are due
/// (see [`batch_due`]). Decided inside one transaction that holds the
/// delivery lock, so running it on every server at once delivers each batch
/// once.
///
/// # Errors
/// When the database fails.
#[tracing::instrument(skip_all)]
pub async fn tick(ctx: &Ctx) -> Result<()> {
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    store::lock_delivery(&mut tx).await?;
    let mut live = Vec::new();
    for w in store::list_waiting(&mut tx).await? {
        // An item with no recorded day (written by an older version) counts
        // as waiting since today.
        let since = w.since.as_deref().and_then(parse_day).unwrap_or(now.date());
        if !batch_due(w.count, since, w.last_batch, now) {
            continue;
        }
        let batch = Uuid::new_v4();
        let n = store::deliver(&mut tx, w.addressee, batch, now, &mut |ids| {
            ids.shuffle(&mut rand::rng());
        })
        .await?;
        tracing::info!(items = n, "feedback batch delivered");
        let leaders = if w.is_unit {
            units::list_leader_ids(&ctx.db, UnitId::from_uuid(w.addressee)).await?
        } else {
            vec![PersonId::from_uuid(w.addressee)]
        };
        live.extend(notify_batch(&mut tx, &leaders, now).await?);
        events::append_event(
            &mut tx,
            &Event {
                id: samspill_domain::EventId::new(),
                occurred_at: now,
                kind: "feedback.batch_delivered".to_owned(),
                actor_id: None,
                subject_id: None,
                unit_id: w.is_unit.then(|| UnitId::from_uuid(w.addressee)),
                payload: json!({"items": n}),
            },
        )
        .await?;
    }
    tx.commit().await?;
    publish(ctx, live);
    Ok(())
}

/// One `feedback_batch` notification per leader: no actor, no subject.
async fn notify_batch(
    tx: &mut samspill_store::Tx,
    leaders: &[PersonId],
    now: OffsetDateTime,
) -> Result<Vec<LiveEvent>> {
    let mut live = Vec::new();
    for &l in leaders {
        let mut n = subject_notification(l, "feedback_batch", None, Uuid::nil(), None, now);
        n.subject_id = None;
        notifications::insert_notification(tx, &n).await?;
        live.push(LiveEvent::Notification {
            id: n.id,
            recipient: l,
        });
    }
    Ok(live)
}
