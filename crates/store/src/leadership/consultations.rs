//! Consultations: the scope, the audience units, the phase and the "you
//! said, we did" report. Ideas, votes and idea comments are in [`ideas`].
//!
//! Who may read a consultation, and who is its audience, is decided here and
//! only here, by two SQL fragments that every read path (one consultation,
//! the lists, the ideas) and the write checks use:
//! - the *audience* is everyone whose primary unit is one of the audience
//!   units or below one (`in_audience_sql!`);
//! - a consultation is *readable* by its author always, and once it is not a
//!   draft by administrators, by everyone signed in when
//!   `visible_to = 'everyone'`, else by its audience (`can_read_sql!`).
//!
//! The viewer is bound as `$1` (person), `$2` (primary unit or null) and `$3`
//! (administrator), as in [`crate::visibility`].

pub mod ideas;

use samspill_domain::consultations::{ConsultationId, Phase, VisibleTo};
use samspill_domain::{PersonId, UnitId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{locking_sql, on_db, on_tx};
use crate::visibility::{Viewer, bind_viewer};
use crate::{Db, Error, Result, Ts, Tx};

/// SQL: is the person whose primary unit is `$unit` in the audience of
/// consultation `$c`? (Walks up from the unit to the root.)
macro_rules! in_audience_sql {
    ($c:literal, $unit:literal) => {
        concat!(
            "exists (with recursive va (id, parent_id) as (
                select id, parent_id from units where id = ",
            $unit,
            " union all
                select u.id, u.parent_id from units u join va on u.id = va.parent_id
             ) select 1 from va join consultation_units cu on cu.unit_id = va.id
               where cu.consultation_id = ",
            $c,
            ")"
        )
    };
}
pub(crate) use in_audience_sql;

/// SQL: may the viewer (`$1..$3`) read consultation row `c`?
macro_rules! can_read_sql {
    () => {
        concat!(
            "(c.author_id = $1 or (c.phase <> 'draft' and ($3 or c.visible_to = 'everyone' or ",
            $crate::leadership::consultations::in_audience_sql!("c.id", "$2"),
            ")))"
        )
    };
}
pub(crate) use can_read_sql;

/// A consultation with its scope, dates and idea count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationView {
    /// Id.
    pub id: ConsultationId,
    /// The leader who wrote it.
    pub author_id: PersonId,
    /// Their handle.
    pub author_handle: String,
    /// Their name.
    pub author_name: String,
    /// Title.
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// What is already decided.
    pub decided: String,
    /// What is open for input.
    pub open_for_input: String,
    /// What is out of scope.
    pub out_of_scope: String,
    /// Who decides.
    pub decided_by: String,
    /// How the decision is made.
    pub decision_rule: String,
    /// Who may read it.
    pub visible_to: VisibleTo,
    /// The stored phase (see `Phase::effective` for the one that applies).
    pub phase: Phase,
    /// When input closes.
    pub input_closes_at: OffsetDateTime,
    /// When a decision is promised.
    pub decision_due_at: OffsetDateTime,
    /// The report's Markdown, once written.
    pub report_body: Option<String>,
    /// The report's sanitized HTML.
    pub report_html: Option<String>,
    /// When the report was last saved.
    pub reported_at: Option<OffsetDateTime>,
    /// Created.
    pub created_at: OffsetDateTime,
    /// Ideas submitted.
    pub idea_count: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    author_id: Uuid,
    author_handle: String,
    author_name: String,
    title: String,
    body: String,
    body_html: String,
    decided: String,
    open_for_input: String,
    out_of_scope: String,
    decided_by: String,
    decision_rule: String,
    visible_to: String,
    phase: String,
    input_closes_at: Ts,
    decision_due_at: Ts,
    report_body: Option<String>,
    report_html: Option<String>,
    reported_at: Option<Ts>,
    created_at: Ts,
    idea_count: i64,
}

impl TryFrom<Row> for ConsultationView {
    type Error = Error;

    fn try_from(r: Row) -> Result<Self> {
        Ok(Self {
            id: ConsultationId::from_uuid(r.id),
            author_id: PersonId::from_uuid(r.author_id),
            author_handle: r.author_handle,
            author_name: r.author_name,
            title: r.title,
            body: r.body,
            body_html: r.body_html,
            decided: r.decided,
            open_for_input: r.open_for_input,
            out_of_scope: r.out_of_scope,
            decided_by: r.decided_by,
            decision_rule: r.decision_rule,
            visible_to: VisibleTo::parse(&r.visible_to)
                .map_err(|_| Error::undecodable("consultations.visible_to", r.visible_to))?,
            phase: phase(r.phase)?,
            input_closes_at: r.input_closes_at.get(),
            decision_due_at: r.decision_due_at.get(),
            report_body: r.report_body,
            report_html: r.report_html,
            reported_at: r.reported_at.map(Ts::get),
            created_at: r.created_at.get(),
            idea_count: r.idea_count,
        })
    }
}

fn phase(stored: String) -> Result<Phase> {
    Phase::parse(&stored).map_err(|_| Error::undecodable("consultations.phase", stored))
}

macro_rules! select_consultations {
    ($filter:literal, $tail:literal) => {
        concat!(
            "select c.id, c.author_id, a.handle as author_handle, a.name as author_name, c.title,
                    c.body, c.body_html, c.decided, c.open_for_input, c.out_of_scope, c.decided_by,
                    c.decision_rule, c.visible_to, c.phase, c.input_closes_at, c.decision_due_at,
                    c.report_body, c.report_html, c.reported_at, c.created_at,
                    (select count(*) from ideas i where i.consultation_id = c.id) as idea_count
             from consultations c
             join people a on a.id = c.author_id
             where ",
            $filter,
            " and ",
            can_read_sql!(),
            " ",
            $tail
        )
    };
}

/// A consultation to create (always a draft).
#[derive(Debug, Clone)]
pub struct NewConsultation {
    /// Id.
    pub id: ConsultationId,
    /// The leader.
    pub author_id: PersonId,
    /// Title.
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// What is already decided.
    pub decided: String,
    /// What is open for input.
    pub open_for_input: String,
    /// What is out of scope.
    pub out_of_scope: String,
    /// Who decides.
    pub decided_by: String,
    /// How.
    pub decision_rule: String,
    /// Who may read it.
    pub visible_to: VisibleTo,
    /// When input closes.
    pub input_closes_at: OffsetDateTime,
    /// When a decision is promised.
    pub decision_due_at: OffsetDateTime,
    /// The audience units.
    pub audience: Vec<UnitId>,
    /// When.
    pub created_at: OffsetDateTime,
}

/// Creates a draft consultation with its audience units.
pub async fn insert_consultation(tx: &mut Tx, c: &NewConsultation) -> Result<()> {
    const SQL: &str = "insert into consultations (id, author_id, title, body, body_html, decided,
            open_for_input, out_of_scope, decided_by, decision_rule, visible_to, phase,
            input_closes_at, decision_due_at, report_body, report_html, reported_at, created_at, updated_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'draft', $12, $13, null, null, null, $14, $14)";
    const UNIT: &str = "insert into consultation_units (consultation_id, unit_id) values ($1, $2)
        on conflict (consultation_id, unit_id) do nothing";
    on_tx!(tx, |conn| sqlx::query(SQL)
        .bind(c.id.as_uuid())
        .bind(c.author_id.as_uuid())
        .bind(&c.title)
        .bind(&c.body)
        .bind(&c.body_html)
        .bind(&c.decided)
        .bind(&c.open_for_input)
        .bind(&c.out_of_scope)
        .bind(&c.decided_by)
        .bind(&c.decision_rule)
        .bind(c.visible_to.as_str())
        .bind(Ts::new(c.input_closes_at))
        .bind(Ts::new(c.decision_due_at))
        .bind(Ts::new(c.created_at))
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    for unit in &c.audience {
        on_tx!(tx, |conn| sqlx::query(UNIT)
            .bind(c.id.as_uuid())
            .bind(unit.as_uuid())
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// One consultation the viewer may read.
pub async fn find_consultation(
    db: &Db,
    viewer: &Viewer,
    id: ConsultationId,
) -> Result<Option<ConsultationView>> {
    const SQL: &str = select_consultations!("c.id = $4", "");
    let row: Option<Row> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    row.map(TryInto::try_into).transpose()
}

/// `(created_at, id)` of the last consultation of a page.
pub type ConsultationCursor = (OffsetDateTime, ConsultationId);

/// What a list of consultations is narrowed to.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListFilter {
    /// Only those in this phase as it applies at `now` (an open one past
    /// its closing time is reviewing).
    pub phase: Option<Phase>,
    /// Only those by this leader.
    pub author: Option<PersonId>,
}

/// The consultations the viewer may read, newest first, after `cursor`.
pub async fn list_consultations(
    db: &Db,
    viewer: &Viewer,
    filter: ListFilter,
    now: OffsetDateTime,
    cursor: Option<&ConsultationCursor>,
    limit: i64,
) -> Result<Vec<ConsultationView>> {
    const SQL: &str = select_consultations!(
        "($4 is null or (case when c.phase = 'open' and c.input_closes_at <= $5 then 'reviewing' else c.phase end) = $4)
         and ($6 is null or c.author_id = $6)
         and c.created_at <= $7 and (c.created_at < $7 or c.id < $8)",
        "order by c.created_at desc, c.id desc limit $9"
    );
    let (at, id) = cursor.map_or_else(
        || {
            (
                Ts::new(time::macros::datetime!(9999-12-31 0:00 UTC)),
                Uuid::max(),
            )
        },
        |(t, id)| (Ts::new(*t), id.as_uuid()),
    );
    let rows: Vec<Row> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(filter.phase.map(Phase::as_str))
        .bind(Ts::new(now))
        .bind(filter.author.map(|a| a.as_uuid()))
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// The audience units of a consultation, `(id, path)`, in path order.
pub async fn list_audience_units(db: &Db, id: ConsultationId) -> Result<Vec<(UnitId, String)>> {
    const SQL: &str =
        "select u.id, u.path from consultation_units cu join units u on u.id = cu.unit_id
        where cu.consultation_id = $1 order by u.path_key";
    let rows: Vec<(Uuid, String)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(u, path)| (UnitId::from_uuid(u), path))
        .collect())
}

/// Whether a person with primary unit `unit` is in the audience (the same
/// fragment the reads use), for checks made before a transaction.
pub async fn is_in_audience(db: &Db, id: ConsultationId, unit: Option<UnitId>) -> Result<bool> {
    const SQL: &str = concat!("select ", in_audience_sql!("$1", "$2"));
    let (yes,): (bool,) = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .bind(unit.map(|u| u.as_uuid()))
        .fetch_one(p)
        .await)?;
    Ok(yes)
}

/// [`is_in_audience`] inside a write transaction.
pub async fn is_in_audience_tx(
    tx: &mut Tx,
    id: ConsultationId,
    unit: Option<UnitId>,
) -> Result<bool> {
    const SQL: &str = concat!("select ", in_audience_sql!("$1", "$2"));
    let (yes,): (bool,) = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .bind(unit.map(|u| u.as_uuid()))
        .fetch_one(c)
        .await)?;
    Ok(yes)
}

/// What a write rule reads about a consultation, under its lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locked {
    /// The leader.
    pub author_id: PersonId,
    /// Title (for notifications).
    pub title: String,
    /// Stored phase.
    pub phase: Phase,
    /// When input closes.
    pub input_closes_at: OffsetDateTime,
    /// Whether a report has been saved.
    pub has_report: bool,
}

/// How a transaction holds a consultation its rule depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// It writes rows that hang on the consultation (an idea, a vote, a
    /// comment): a phase change waits, and it waits for one.
    Share,
    /// It changes the consultation (phase, report) or decides on its ideas.
    Update,
}

/// Reads a consultation's phase and dates until the transaction ends (on
/// PostgreSQL under a row lock as `lock` says; SQLite's write transaction
/// holds the write lock from its start).
pub async fn lock_consultation(
    tx: &mut Tx,
    id: ConsultationId,
    lock: Lock,
) -> Result<Option<Locked>> {
    let sql = match lock {
        Lock::Share => locking_sql!(
            &*tx,
            "select author_id, title, phase, input_closes_at, report_body is not null from consultations where id = $1",
            "for share"
        ),
        Lock::Update => locking_sql!(
            &*tx,
            "select author_id, title, phase, input_closes_at, report_body is not null from consultations where id = $1",
            "for no key update"
        ),
    };
    let row: Option<(Uuid, String, String, Ts, bool)> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await)?;
    row.map(|(a, title, p, closes, has_report)| {
        Ok(Locked {
            author_id: PersonId::from_uuid(a),
            title,
            phase: phase(p)?,
            input_closes_at: closes.get(),
            has_report,
        })
    })
    .transpose()
}

/// Stores a phase.
pub async fn set_phase(
    tx: &mut Tx,
    id: ConsultationId,
    to: Phase,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "update consultations set phase = $2, updated_at = $3 where id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(to.as_str())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Open consultations whose input has closed by `now` (for the tick).
pub async fn list_due_to_close(db: &Db, now: OffsetDateTime) -> Result<Vec<ConsultationId>> {
    const SQL: &str = "select id from consultations where phase = 'open' and input_closes_at <= $1
        order by input_closes_at, id limit 500";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(Ts::new(now))
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(u,)| ConsultationId::from_uuid(u))
        .collect())
}

/// Moves an open consultation whose input closed by `now` to reviewing, in
/// one statement (so two ticks cannot both do it); returns its author and
/// title when this call did.
pub async fn close_input_if_due(
    tx: &mut Tx,
    id: ConsultationId,
    now: OffsetDateTime,
) -> Result<Option<(PersonId, String)>> {
    const SQL: &str = "update consultations set phase = 'reviewing', updated_at = $2
        where id = $1 and phase = 'open' and input_closes_at <= $2
        returning author_id, title";
    let row: Option<(Uuid, String)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .bind(Ts::new(now))
        .fetch_optional(c)
        .await)?;
    Ok(row.map(|(a, t)| (PersonId::from_uuid(a), t)))
}

/// The active people in the audience (to tell them it opened).
pub async fn list_audience_people(tx: &mut Tx, id: ConsultationId) -> Result<Vec<PersonId>> {
    const SQL: &str = "with recursive tree (id) as (
            select unit_id from consultation_units where consultation_id = $1
            union
            select u.id from units u join tree t on u.parent_id = t.id
        )
        select p.id from people p where p.is_active = true and p.unit_id in (select id from tree)
        order by p.id";
    let rows: Vec<(Uuid,)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_all(c)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(u,)| PersonId::from_uuid(u))
        .collect())
}

/// Everyone who took part: idea authors, voters and commenters.
pub async fn list_participants(tx: &mut Tx, id: ConsultationId) -> Result<Vec<PersonId>> {
    const SQL: &str = "select author_id from ideas where consultation_id = $1
        union select v.person_id from idea_votes v join ideas i on i.id = v.idea_id where i.consultation_id = $1
        union select k.author_id from idea_comments k join ideas i on i.id = k.idea_id where i.consultation_id = $1";
    let rows: Vec<(Uuid,)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_all(c)
        .await)?;
    let mut out: Vec<PersonId> = rows
        .into_iter()
        .map(|(u,)| PersonId::from_uuid(u))
        .collect();
    out.sort();
    Ok(out)
}

/// Saves the report's body.
pub async fn save_report(
    tx: &mut Tx,
    id: ConsultationId,
    body: &str,
    html: &str,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "update consultations set report_body = $2, report_html = $3, reported_at = $4, updated_at = $4
        where id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(body)
        .bind(html)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Claims every consultation whose promised decision date has passed by
/// `now` without a decision (open or reviewing) and whose leader has not
/// been told yet; returns `(id, leader, title)`, each once over every
/// caller.
pub async fn take_overdue(
    tx: &mut Tx,
    now: OffsetDateTime,
) -> Result<Vec<(ConsultationId, PersonId, String)>> {
    const SQL: &str = "update consultations set overdue_notified_at = $1
        where overdue_notified_at is null and phase in ('open', 'reviewing') and decision_due_at <= $1
        returning id, author_id, title";
    let rows: Vec<(Uuid, Uuid, String)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(Ts::new(now))
        .fetch_all(c)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(i, a, t)| (ConsultationId::from_uuid(i), PersonId::from_uuid(a), t))
        .collect())
}
