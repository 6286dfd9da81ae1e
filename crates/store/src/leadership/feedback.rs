//! Feedback to leaders: items, their threads, the delivery batches of
//! anonymous items and the per-addressee "waiting since" day.
//!
//! What is stored for an anonymous item is only what the leader will read:
//! no author, no creation time, a random id and the SHA-256 of its reply
//! token. Its visible time is its batch's. Who may read an item is one SQL
//! predicate (`reader_sql!`) spliced into every read for a signed-in
//! reader; the anonymous writer reads by token hash only.
//!
//! What does not live here: the rules (statuses, when a batch is due, who
//! may answer), which are in `domain::feedback` and the services.

use samspill_domain::{FeedbackCategory, FeedbackId, FeedbackStatus, PersonId, UnitId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{locking_sql, on_db, on_tx};
use crate::decode::column;
use crate::{Db, Result, Ts, Tx};

/// Who a signed-in person `$1` may read an item `i` as: an addressed
/// leader (the person addressed, or a leader of the unit addressed at
/// reading time) once the item is delivered, or the author of an
/// attributed item.
macro_rules! reader_sql {
    () => {
        "((i.batch_id is not null or i.anonymous = false)
            and (i.to_person_id = $1
                 or i.to_unit_id in (select l.unit_id from unit_leaders l where l.person_id = $1)))
          or (i.anonymous = false and i.author_id = $1)"
    };
}

/// The addressed-leader half of `reader_sql!`: whose inbox an item is in.
macro_rules! inbox_sql {
    () => {
        "(i.batch_id is not null or i.anonymous = false)
            and (i.to_person_id = $1
                 or i.to_unit_id in (select l.unit_id from unit_leaders l where l.person_id = $1))"
    };
}

macro_rules! select_item {
    () => {
        "select i.id, i.to_person_id, tp.name as to_person_name, i.to_unit_id,
                tu.name as to_unit_name, i.category, i.body, i.anonymous, i.author_id,
                ap.name as author_name, coalesce(b.delivered_at, i.created_at) as visible_at,
                i.status
         from feedback_items i
         left join people tp on tp.id = i.to_person_id
         left join units tu on tu.id = i.to_unit_id
         left join people ap on ap.id = i.author_id
         left join feedback_batches b on b.id = i.batch_id "
    };
}

/// A feedback item as its readers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackItem {
    /// Id (random).
    pub id: FeedbackId,
    /// The leader addressed, if a person.
    pub to_person_id: Option<PersonId>,
    /// Their name.
    pub to_person_name: Option<String>,
    /// The unit addressed, if a unit.
    pub to_unit_id: Option<UnitId>,
    /// Its name.
    pub to_unit_name: Option<String>,
    /// Category.
    pub category: FeedbackCategory,
    /// The text.
    pub body: String,
    /// Written anonymously?
    pub anonymous: bool,
    /// The writer, for attributed items only.
    pub author_id: Option<PersonId>,
    /// Their name.
    pub author_name: Option<String>,
    /// When it reached the inbox: the writing time of an attributed item,
    /// the batch time of an anonymous one; `None` while waiting.
    pub delivered_at: Option<OffsetDateTime>,
    /// Status.
    pub status: FeedbackStatus,
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: Uuid,
    to_person_id: Option<Uuid>,
    to_person_name: Option<String>,
    to_unit_id: Option<Uuid>,
    to_unit_name: Option<String>,
    category: String,
    body: String,
    anonymous: bool,
    author_id: Option<Uuid>,
    author_name: Option<String>,
    visible_at: Option<Ts>,
    status: String,
}

impl TryFrom<ItemRow> for FeedbackItem {
    type Error = crate::Error;

    fn try_from(r: ItemRow) -> Result<Self> {
        Ok(Self {
            id: FeedbackId::from_uuid(r.id),
            to_person_id: r.to_person_id.map(PersonId::from_uuid),
            to_person_name: r.to_person_name,
            to_unit_id: r.to_unit_id.map(UnitId::from_uuid),
            to_unit_name: r.to_unit_name,
            category: column("feedback_items.category", &r.category)?,
            body: r.body,
            anonymous: r.anonymous,
            author_id: r.author_id.map(PersonId::from_uuid),
            author_name: r.author_name,
            delivered_at: r.visible_at.map(Ts::get),
            status: column("feedback_items.status", &r.status)?,
        })
    }
}

fn items(rows: Vec<ItemRow>) -> Result<Vec<FeedbackItem>> {
    rows.into_iter().map(TryInto::try_into).collect()
}

/// An item to store.
#[derive(Debug, Clone)]
pub struct NewItem {
    /// Id (random).
    pub id: FeedbackId,
    /// The leader addressed, or
    pub to_person_id: Option<PersonId>,
    /// the unit addressed.
    pub to_unit_id: Option<UnitId>,
    /// Category.
    pub category: FeedbackCategory,
    /// Text.
    pub body: String,
    /// For an attributed item, its writer and the time; `None` for an
    /// anonymous one.
    pub author: Option<(PersonId, OffsetDateTime)>,
    /// For an anonymous item, the hex SHA-256 of its reply token.
    pub reply_token_hash: Option<String>,
}

/// Stores an item (an anonymous one waiting for its batch).
pub async fn insert_item(tx: &mut Tx, n: &NewItem) -> Result<()> {
    const SQL: &str = "insert into feedback_items (id, to_person_id, to_unit_id, category, body,
            anonymous, author_id, created_at, reply_token_hash, batch_id, status)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, null, 'new')";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(n.id.as_uuid())
        .bind(n.to_person_id.map(|p| p.as_uuid()))
        .bind(n.to_unit_id.map(|u| u.as_uuid()))
        .bind(n.category.as_str())
        .bind(&n.body)
        .bind(n.author.is_none())
        .bind(n.author.map(|(p, _)| p.as_uuid()))
        .bind(n.author.map(|(_, at)| Ts::new(at)))
        .bind(n.reply_token_hash.as_deref())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Serializes anonymous writes and deliveries for the rest of the
/// transaction (PostgreSQL advisory lock; SQLite's write transaction already
/// holds the write lock), so a delivery never misses the "waiting since" of
/// an item written meanwhile, and two servers never deliver the same batch.
pub async fn lock_delivery(tx: &mut Tx) -> Result<()> {
    /// An arbitrary key, unique among our advisory locks.
    const KEY: i64 = 0x4645_4544_4241; // "FEEDBA"
    if let Tx::Postgres(t) = tx {
        sqlx::query("select pg_advisory_xact_lock($1)")
            .bind(KEY)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// Records that something waits for `addressee` since `day` (`YYYY-MM-DD`),
/// unless something already did.
pub async fn note_waiting(tx: &mut Tx, addressee: Uuid, day: &str) -> Result<()> {
    const SQL: &str = "insert into feedback_waiting (addressee_id, since) values ($1, $2)
        on conflict (addressee_id) do nothing";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(addressee)
        .bind(day)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// An addressee with anonymous items waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    /// The person or unit.
    pub addressee: Uuid,
    /// Whether it is a unit.
    pub is_unit: bool,
    /// How many items wait.
    pub count: i64,
    /// The day the oldest was written (`YYYY-MM-DD`), if recorded.
    pub since: Option<String>,
    /// The last batch delivered to it.
    pub last_batch: Option<OffsetDateTime>,
}

/// Every addressee with waiting anonymous items (inside the delivery's
/// transaction).
pub async fn list_waiting(tx: &mut Tx) -> Result<Vec<Waiting>> {
    const SQL: &str = "select g.addressee, g.units, g.n, w.since,
            (select max(b.delivered_at) from feedback_batches b
                where b.addressee_id = g.addressee) as last_batch
        from (select coalesce(i.to_person_id, i.to_unit_id) as addressee,
                     count(i.to_unit_id) as units, count(*) as n
              from feedback_items i
              where i.anonymous = true and i.batch_id is null
              group by coalesce(i.to_person_id, i.to_unit_id)) g
        left join feedback_waiting w on w.addressee_id = g.addressee";
    type Row = (Uuid, i64, i64, Option<String>, Option<Ts>);
    let rows: Vec<Row> = on_tx!(tx, |c| sqlx::query_as(SQL).fetch_all(c).await)?;
    Ok(rows
        .into_iter()
        .map(|(addressee, unit, count, since, last)| Waiting {
            addressee,
            is_unit: unit > 0,
            count,
            since,
            last_batch: last.map(Ts::get),
        })
        .collect())
}

/// The raw columns of an item, for re-inserting it.
type RawItem = (
    Uuid,
    Option<Uuid>,
    Option<Uuid>,
    String,
    String,
    Option<String>,
    String,
);

/// Delivers every item waiting for `addressee` in a new batch `batch` at
/// `at`: the batch row is made, the items are deleted and inserted again,
/// with the batch, in the order `shuffle` gives them (so that not even the
/// physical order of rows says in which order they were written), and the
/// addressee's "waiting since" is cleared. Returns how many were delivered.
pub async fn deliver(
    tx: &mut Tx,
    addressee: Uuid,
    batch: Uuid,
    at: OffsetDateTime,
    shuffle: &mut (dyn FnMut(&mut [Uuid]) + Send),
) -> Result<usize> {
    const BATCH: &str =
        "insert into feedback_batches (id, addressee_id, delivered_at) values ($1, $2, $3)";
    const PENDING: &str =
        "select id, to_person_id, to_unit_id, category, body, reply_token_hash, status
        from feedback_items
        where anonymous = true and batch_id is null and coalesce(to_person_id, to_unit_id) = $1";
    const DELETE: &str = "delete from feedback_items where id = $1";
    const INSERT: &str = "insert into feedback_items (id, to_person_id, to_unit_id, category, body,
            anonymous, author_id, created_at, reply_token_hash, batch_id, status)
        values ($1, $2, $3, $4, $5, true, null, null, $6, $7, $8)";
    const CLEAR: &str = "delete from feedback_waiting where addressee_id = $1";
    on_tx!(tx, |c| sqlx::query(BATCH)
        .bind(batch)
        .bind(addressee)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    let rows: Vec<RawItem> = on_tx!(tx, |c| sqlx::query_as(PENDING)
        .bind(addressee)
        .fetch_all(c)
        .await)?;
    let mut order: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    shuffle(&mut order);
    for id in &order {
        on_tx!(tx, |c| sqlx::query(DELETE)
            .bind(id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    for id in &order {
        let Some(r) = rows.iter().find(|r| r.0 == *id) else {
            continue;
        };
        on_tx!(tx, |c| sqlx::query(INSERT)
            .bind(r.0)
            .bind(r.1)
            .bind(r.2)
            .bind(&r.3)
            .bind(&r.4)
            .bind(r.5.as_deref())
            .bind(batch)
            .bind(&r.6)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    on_tx!(tx, |c| sqlx::query(CLEAR)
        .bind(addressee)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(order.len())
}

/// An item `viewer` may read (see `reader_sql!`).
pub async fn find_item(db: &Db, viewer: PersonId, id: FeedbackId) -> Result<Option<FeedbackItem>> {
    const SQL: &str = concat!(select_item!(), "where i.id = $2 and (", reader_sql!(), ")");
    let row: Option<ItemRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(viewer.as_uuid())
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    row.map(TryInto::try_into).transpose()
}

/// Whether `viewer` is an addressed leader of the item (inside a write
/// transaction, on the item locked by [`lock_item`]).
pub async fn is_addressed_leader(tx: &mut Tx, viewer: PersonId, id: FeedbackId) -> Result<bool> {
    const SQL: &str = concat!(
        "select count(*) from feedback_items i where i.id = $2 and ",
        inbox_sql!()
    );
    let (n,): (i64,) = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(viewer.as_uuid())
        .bind(id.as_uuid())
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
}

/// The item of a reply token's hash, whoever asks.
pub async fn find_item_by_token(db: &Db, token_hash: &str) -> Result<Option<FeedbackItem>> {
    const SQL: &str = concat!(select_item!(), "where i.reply_token_hash = $1");
    let row: Option<ItemRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(token_hash)
        .fetch_optional(p)
        .await)?;
    row.map(TryInto::try_into).transpose()
}

/// Holds an item for the rest of the transaction and returns its status
/// and whether it is delivered (PostgreSQL row lock; SQLite's write lock).
pub async fn lock_item(tx: &mut Tx, id: FeedbackId) -> Result<Option<(FeedbackStatus, bool)>> {
    let sql = locking_sql!(
        &*tx,
        "select status, (batch_id is not null or anonymous = false) as delivered
            from feedback_items where id = $1",
        "for no key update"
    );
    let row: Option<(String, bool)> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await)?;
    row.map(|(s, d)| Ok((column("feedback_items.status", &s)?, d)))
        .transpose()
}

/// Sets an item's status.
pub async fn set_status(tx: &mut Tx, id: FeedbackId, status: FeedbackStatus) -> Result<()> {
    const SQL: &str = "update feedback_items set status = $1 where id = $2";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(status.as_str())
        .bind(id.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The items in `leader`'s inbox, newest delivery first; within a batch in
/// the order of their random ids.
pub async fn list_inbox(db: &Db, leader: PersonId) -> Result<Vec<FeedbackItem>> {
    const SQL: &str = concat!(
        select_item!(),
        "where ",
        inbox_sql!(),
        " order by visible_at desc, i.id"
    );
    let rows: Vec<ItemRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(leader.as_uuid())
        .fetch_all(p)
        .await)?;
    items(rows)
}

/// The attributed items `author` wrote, newest first.
pub async fn list_sent(db: &Db, author: PersonId) -> Result<Vec<FeedbackItem>> {
    const SQL: &str = concat!(
        select_item!(),
        "where i.anonymous = false and i.author_id = $1 order by visible_at desc, i.id"
    );
    let rows: Vec<ItemRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(author.as_uuid())
        .fetch_all(p)
        .await)?;
    items(rows)
}

/// One message of a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackMessage {
    /// Id (random).
    pub id: Uuid,
    /// The leader who answered; `None` for the anonymous writer.
    pub author_id: Option<PersonId>,
    /// Their name.
    pub author_name: Option<String>,
    /// From the item's writer?
    pub from_writer: bool,
    /// Text.
    pub body: String,
    /// The status a leader's answer set.
    pub status: Option<FeedbackStatus>,
    /// When (the day only, for the anonymous writer's replies).
    pub created_at: OffsetDateTime,
}

/// A message to add at the end of a thread.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// Id (random).
    pub id: Uuid,
    /// The item.
    pub item_id: FeedbackId,
    /// The leader answering; `None` for the anonymous writer.
    pub author_id: Option<PersonId>,
    /// Text.
    pub body: String,
    /// The status a leader's answer sets.
    pub status: Option<FeedbackStatus>,
    /// When.
    pub created_at: OffsetDateTime,
}

/// Adds a message at the end of its item's thread.
pub async fn insert_message(tx: &mut Tx, m: &NewMessage) -> Result<()> {
    const SQL: &str = "insert into feedback_messages (id, item_id, seq, author_id, from_writer, body, status, created_at)
        values ($1, $2, (select coalesce(max(seq), 0) + 1 from feedback_messages where item_id = $2),
                $3, $4, $5, $6, $7)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(m.id)
        .bind(m.item_id.as_uuid())
        .bind(m.author_id.map(|p| p.as_uuid()))
        .bind(m.author_id.is_none())
        .bind(&m.body)
        .bind(m.status.map(FeedbackStatus::as_str))
        .bind(Ts::new(m.created_at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// An item's thread, in order.
pub async fn list_messages(db: &Db, item: FeedbackId) -> Result<Vec<FeedbackMessage>> {
    const SQL: &str =
        "select m.id, m.author_id, p.name, m.from_writer, m.body, m.status, m.created_at
        from feedback_messages m left join people p on p.id = m.author_id
        where m.item_id = $1 order by m.seq";
    type Row = (
        Uuid,
        Option<Uuid>,
        Option<String>,
        bool,
        String,
        Option<String>,
        Ts,
    );
    let rows: Vec<Row> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(item.as_uuid())
        .fetch_all(p)
        .await)?;
    rows.into_iter()
        .map(|(id, author, name, from_writer, body, status, at)| {
            Ok(FeedbackMessage {
                id,
                author_id: author.map(PersonId::from_uuid),
                author_name: name,
                from_writer,
                body,
                status: crate::decode::optional("feedback_messages.status", status.as_deref())?,
                created_at: at.get(),
            })
        })
        .collect()
}

/// Everyone who may be addressed: active people who lead a unit, by name,
/// as `(id, name)`.
pub async fn list_leaders(db: &Db) -> Result<Vec<(PersonId, String)>> {
    const SQL: &str = "select p.id, p.name from people p
        where p.is_active = true and exists (select 1 from unit_leaders l where l.person_id = p.id)
        order by p.name_norm, p.id";
    let rows: Vec<(Uuid, String)> = on_db!(db, |p| sqlx::query_as(SQL).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| (PersonId::from_uuid(id), name))
        .collect())
}
