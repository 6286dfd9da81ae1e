//! Pulse surveys: the survey, its questions and audience units, who
//! answered (`survey_participation`) and what was answered
//! (`survey_responses`), kept apart; and the groups of the results, frozen
//! at closing (`survey_groups`).
//!
//! Who may read a survey, and who is its audience, is decided here and only
//! here, by two SQL fragments every read path uses:
//! - the *audience* is everyone whose primary unit is one of the audience
//!   units or below one (`in_audience_sql!`);
//! - a survey is *readable* by its owner always, and once it is not a draft
//!   by administrators and by its audience (`can_read_sql!`).
//!
//! The viewer is bound as `$1` (person), `$2` (primary unit or null) and `$3`
//! (administrator), as in [`crate::visibility`].
//!
//! Privacy of answers: a response row carries a random UUIDv4, the survey,
//! the respondent's unit at answer time and the answers; no person and no
//! time. [`insert_response`] writes the participation row and then rewrites
//! every response of the survey in an order it is given (random), so neither
//! the physical order of rows nor, on PostgreSQL, the transaction that last
//! wrote a live row tells which response came with which participation.

use samspill_domain::surveys::{Question, QuestionKind, SurveyId, SurveyPhase};
use samspill_domain::{PersonId, UnitId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{locking_sql, on_db, on_tx};
use crate::visibility::{Viewer, bind_viewer};
use crate::{Db, Error, Result, Ts, Tx};

/// SQL: is the person whose primary unit is `$unit` in the audience of
/// survey `$s`? (Walks up from the unit to the root.)
macro_rules! in_audience_sql {
    ($s:literal, $unit:literal) => {
        concat!(
            "exists (with recursive va (id, parent_id) as (
                select id, parent_id from units where id = ",
            $unit,
            " union all
                select u.id, u.parent_id from units u join va on u.id = va.parent_id
             ) select 1 from va join survey_units su on su.unit_id = va.id
               where su.survey_id = ",
            $s,
            ")"
        )
    };
}

/// SQL: may the viewer (`$1..$3`) read survey row `s`?
macro_rules! can_read_sql {
    () => {
        concat!(
            "(s.owner_id = $1 or (s.phase <> 'draft' and ($3 or ",
            in_audience_sql!("s.id", "$2"),
            ")))"
        )
    };
}

/// A survey as stored, with its owner's name and, for the viewer, whether
/// they are in the audience and have answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyView {
    /// Id.
    pub id: SurveyId,
    /// Who asked.
    pub owner_id: PersonId,
    /// Their handle.
    pub owner_handle: String,
    /// Their name.
    pub owner_name: String,
    /// Title.
    pub title: String,
    /// k.
    pub min_group_size: u64,
    /// The stored phase (see `SurveyPhase::effective`).
    pub phase: SurveyPhase,
    /// When it opens (or opened).
    pub opens_at: OffsetDateTime,
    /// When it closes (or closed).
    pub closes_at: OffsetDateTime,
    /// Created.
    pub created_at: OffsetDateTime,
    /// The viewer is in the audience.
    pub in_audience: bool,
    /// The viewer has answered.
    pub answered: bool,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    owner_id: Uuid,
    owner_handle: String,
    owner_name: String,
    title: String,
    min_group_size: i64,
    phase: String,
    opens_at: Ts,
    closes_at: Ts,
    created_at: Ts,
    in_audience: bool,
    answered: bool,
}

impl TryFrom<Row> for SurveyView {
    type Error = Error;

    fn try_from(r: Row) -> Result<Self> {
        Ok(Self {
            id: SurveyId::from_uuid(r.id),
            owner_id: PersonId::from_uuid(r.owner_id),
            owner_handle: r.owner_handle,
            owner_name: r.owner_name,
            title: r.title,
            min_group_size: u64::try_from(r.min_group_size).map_err(|_| {
                Error::undecodable("surveys.min_group_size", r.min_group_size.to_string())
            })?,
            phase: phase(r.phase)?,
            opens_at: r.opens_at.get(),
            closes_at: r.closes_at.get(),
            created_at: r.created_at.get(),
            in_audience: r.in_audience,
            answered: r.answered,
        })
    }
}

fn phase(stored: String) -> Result<SurveyPhase> {
    SurveyPhase::parse(&stored).map_err(|_| Error::undecodable("surveys.phase", stored))
}

macro_rules! select_surveys {
    ($filter:expr, $tail:literal) => {
        concat!(
            "select s.id, s.owner_id, o.handle as owner_handle, o.name as owner_name, s.title,
                    s.min_group_size, s.phase, s.opens_at, s.closes_at, s.created_at,
                    ",
            in_audience_sql!("s.id", "$2"),
            " as in_audience,
                    exists (select 1 from survey_participation sp
                            where sp.survey_id = s.id and sp.person_id = $1) as answered
             from surveys s
             join people o on o.id = s.owner_id
             where ",
            $filter,
            " and ",
            can_read_sql!(),
            " ",
            $tail
        )
    };
}

/// A survey to create (always a draft).
#[derive(Debug, Clone)]
pub struct NewSurvey {
    /// Id.
    pub id: SurveyId,
    /// Who asks.
    pub owner_id: PersonId,
    /// Title.
    pub title: String,
    /// k.
    pub min_group_size: u64,
    /// When it opens.
    pub opens_at: OffsetDateTime,
    /// When it closes.
    pub closes_at: OffsetDateTime,
    /// The questions, in order.
    pub questions: Vec<Question>,
    /// The audience units.
    pub audience: Vec<UnitId>,
    /// When.
    pub created_at: OffsetDateTime,
}

fn int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Creates a draft survey with its questions and audience units.
pub async fn insert_survey(tx: &mut Tx, s: &NewSurvey) -> Result<()> {
    const SQL: &str = "insert into surveys (id, owner_id, title, min_group_size, phase, opens_at,
            closes_at, created_at, updated_at)
        values ($1, $2, $3, $4, 'draft', $5, $6, $7, $7)";
    const QUESTION: &str =
        "insert into survey_questions (survey_id, position, kind, text) values ($1, $2, $3, $4)";
    const UNIT: &str = "insert into survey_units (survey_id, unit_id) values ($1, $2)
        on conflict (survey_id, unit_id) do nothing";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(s.id.as_uuid())
        .bind(s.owner_id.as_uuid())
        .bind(&s.title)
        .bind(int(s.min_group_size))
        .bind(Ts::new(s.opens_at))
        .bind(Ts::new(s.closes_at))
        .bind(Ts::new(s.created_at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    for (i, q) in s.questions.iter().enumerate() {
        on_tx!(tx, |c| sqlx::query(QUESTION)
            .bind(s.id.as_uuid())
            .bind(i64::try_from(i).unwrap_or(i64::MAX))
            .bind(q.kind.as_str())
            .bind(&q.text)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    for unit in &s.audience {
        on_tx!(tx, |c| sqlx::query(UNIT)
            .bind(s.id.as_uuid())
            .bind(unit.as_uuid())
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// One survey the viewer may read.
pub async fn find_survey(db: &Db, viewer: &Viewer, id: SurveyId) -> Result<Option<SurveyView>> {
    const SQL: &str = select_surveys!("s.id = $4", "");
    let row: Option<Row> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    row.map(TryInto::try_into).transpose()
}

/// `(created_at, id)` of the last survey of a page.
pub type SurveyCursor = (OffsetDateTime, SurveyId);

/// The surveys the viewer may read, newest first, after `cursor`.
pub async fn list_surveys(
    db: &Db,
    viewer: &Viewer,
    cursor: Option<&SurveyCursor>,
    limit: i64,
) -> Result<Vec<SurveyView>> {
    const SQL: &str = select_surveys!(
        "s.created_at <= $4 and (s.created_at < $4 or s.id < $5)",
        "order by s.created_at desc, s.id desc limit $6"
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
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// The open surveys the viewer is asked to answer and has not answered yet
/// (open, before their closing time), soonest closing first.
pub async fn list_to_answer(
    db: &Db,
    viewer: &Viewer,
    now: OffsetDateTime,
) -> Result<Vec<SurveyView>> {
    const SQL: &str = select_surveys!(
        concat!(
            "s.phase = 'open' and s.closes_at > $4 and ",
            in_audience_sql!("s.id", "$2"),
            " and not exists (select 1 from survey_participation sp
                where sp.survey_id = s.id and sp.person_id = $1)"
        ),
        "order by s.closes_at, s.id limit 20"
    );
    let rows: Vec<Row> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(Ts::new(now))
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// A survey's questions, in order.
pub async fn list_questions(db: &Db, id: SurveyId) -> Result<Vec<Question>> {
    const SQL: &str =
        "select kind, text from survey_questions where survey_id = $1 order by position";
    let rows: Vec<(String, String)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(question).collect()
}

fn question((kind, text): (String, String)) -> Result<Question> {
    Ok(Question {
        kind: QuestionKind::parse(&kind)
            .map_err(|_| Error::undecodable("survey_questions.kind", kind))?,
        text,
    })
}

/// [`list_questions`] inside a write transaction.
pub async fn list_questions_tx(tx: &mut Tx, id: SurveyId) -> Result<Vec<Question>> {
    const SQL: &str =
        "select kind, text from survey_questions where survey_id = $1 order by position";
    let rows: Vec<(String, String)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_all(c)
        .await)?;
    rows.into_iter().map(question).collect()
}

/// The audience units of a survey, `(id, path)`, in path order.
pub async fn list_audience_units(db: &Db, id: SurveyId) -> Result<Vec<(UnitId, String)>> {
    const SQL: &str = "select u.id, u.path from survey_units su join units u on u.id = su.unit_id
        where su.survey_id = $1 order by u.path_key";
    let rows: Vec<(Uuid, String)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(u, path)| (UnitId::from_uuid(u), path))
        .collect())
}

/// Whether a person with primary unit `unit` is in the audience, inside a
/// write transaction.
pub async fn is_in_audience_tx(tx: &mut Tx, id: SurveyId, unit: Option<UnitId>) -> Result<bool> {
    const SQL: &str = concat!("select ", in_audience_sql!("$1", "$2"));
    let (yes,): (bool,) = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .bind(unit.map(|u| u.as_uuid()))
        .fetch_one(c)
        .await)?;
    Ok(yes)
}

/// Whether `person` has answered, inside a write transaction.
pub async fn has_answered_tx(tx: &mut Tx, id: SurveyId, person: PersonId) -> Result<bool> {
    const SQL: &str = "select exists (select 1 from survey_participation
        where survey_id = $1 and person_id = $2)";
    let (yes,): (bool,) = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .bind(person.as_uuid())
        .fetch_one(c)
        .await)?;
    Ok(yes)
}

/// What a write rule reads about a survey, under its lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locked {
    /// Who asked.
    pub owner_id: PersonId,
    /// Title (for notifications).
    pub title: String,
    /// Stored phase.
    pub phase: SurveyPhase,
    /// When it opens.
    pub opens_at: OffsetDateTime,
    /// When it closes.
    pub closes_at: OffsetDateTime,
}

/// Reads a survey's phase and dates until the transaction ends, under a
/// row lock on PostgreSQL (`for no key update`: answers, phase changes and
/// the tick on one survey take turns; SQLite's write units already do).
pub async fn lock_survey(tx: &mut Tx, id: SurveyId) -> Result<Option<Locked>> {
    let sql = locking_sql!(
        &*tx,
        "select owner_id, title, phase, opens_at, closes_at from surveys where id = $1",
        "for no key update"
    );
    let row: Option<(Uuid, String, String, Ts, Ts)> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await)?;
    row.map(|(o, title, p, opens, closes)| {
        Ok(Locked {
            owner_id: PersonId::from_uuid(o),
            title,
            phase: phase(p)?,
            opens_at: opens.get(),
            closes_at: closes.get(),
        })
    })
    .transpose()
}

/// Opens a draft now: phase open, and its opening time `at` when that was
/// later.
pub async fn open_now(tx: &mut Tx, id: SurveyId, at: OffsetDateTime) -> Result<()> {
    const SQL: &str = "update surveys set phase = 'open',
            opens_at = case when opens_at > $2 then $2 else opens_at end, updated_at = $2
        where id = $1 and phase = 'draft'";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Closes an open survey now: phase closed, and its closing time `at` when
/// that was later. Returns whether this call closed it.
pub async fn close_now(tx: &mut Tx, id: SurveyId, at: OffsetDateTime) -> Result<bool> {
    const SQL: &str = "update surveys set phase = 'closed',
            closes_at = case when closes_at > $2 then $2 else closes_at end, updated_at = $2
        where id = $1 and phase = 'open'";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Drafts whose opening time has come by `now` (for the tick).
pub async fn list_due_to_open(db: &Db, now: OffsetDateTime) -> Result<Vec<SurveyId>> {
    const SQL: &str = "select id from surveys where phase = 'draft' and opens_at <= $1
        order by opens_at, id limit 500";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(Ts::new(now))
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(u,)| SurveyId::from_uuid(u))
        .collect())
}

/// Open surveys whose closing time has come by `now` (for the tick).
pub async fn list_due_to_close(db: &Db, now: OffsetDateTime) -> Result<Vec<SurveyId>> {
    const SQL: &str = "select id from surveys where phase = 'open' and closes_at <= $1
        order by closes_at, id limit 500";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(Ts::new(now))
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(u,)| SurveyId::from_uuid(u))
        .collect())
}

/// Opens a draft whose opening time has come, in one statement (so two
/// ticks cannot both do it); returns its owner, title and closing time when
/// this call did.
pub async fn open_if_due(
    tx: &mut Tx,
    id: SurveyId,
    now: OffsetDateTime,
) -> Result<Option<(PersonId, String, OffsetDateTime)>> {
    const SQL: &str = "update surveys set phase = 'open', updated_at = $2
        where id = $1 and phase = 'draft' and opens_at <= $2
        returning owner_id, title, closes_at";
    let row: Option<(Uuid, String, Ts)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .bind(Ts::new(now))
        .fetch_optional(c)
        .await)?;
    Ok(row.map(|(o, t, c)| (PersonId::from_uuid(o), t, c.get())))
}

/// Closes an open survey whose closing time has come, in one statement;
/// returns its owner and title when this call did.
pub async fn close_if_due(
    tx: &mut Tx,
    id: SurveyId,
    now: OffsetDateTime,
) -> Result<Option<(PersonId, String)>> {
    const SQL: &str = "update surveys set phase = 'closed', updated_at = $2
        where id = $1 and phase = 'open' and closes_at <= $2
        returning owner_id, title";
    let row: Option<(Uuid, String)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .bind(Ts::new(now))
        .fetch_optional(c)
        .await)?;
    Ok(row.map(|(o, t)| (PersonId::from_uuid(o), t)))
}

/// The active people in the audience (to tell them it opened).
pub async fn list_audience_people(tx: &mut Tx, id: SurveyId) -> Result<Vec<PersonId>> {
    const SQL: &str = "with recursive tree (id) as (
            select unit_id from survey_units where survey_id = $1
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

/// A response to store.
#[derive(Debug, Clone)]
pub struct NewResponse {
    /// Random (UUIDv4).
    pub id: Uuid,
    /// The respondent's primary unit at answer time.
    pub unit_id: UnitId,
    /// The answers, a JSON array.
    pub answers: String,
}

/// Records that `person` answered, and stores their response apart from
/// that: every response of the survey, the new one among them, is deleted
/// and inserted again in the order `shuffle` gives them (random), so that
/// the order of rows, and on PostgreSQL the transaction that wrote each
/// live row (`xmin`, the same for all of them now), say nothing about which
/// response is whose. The caller holds the survey's lock.
///
/// # Errors
/// `Conflict` (`survey_participation_pkey`) when `person` already answered.
pub async fn insert_response(
    tx: &mut Tx,
    survey: SurveyId,
    person: PersonId,
    response: NewResponse,
    shuffle: &mut (dyn FnMut(&mut [NewResponse]) + Send),
) -> Result<()> {
    const TOOK_PART: &str =
        "insert into survey_participation (survey_id, person_id) values ($1, $2)";
    const ALL: &str = "select id, unit_id, answers from survey_responses where survey_id = $1";
    const DELETE: &str = "delete from survey_responses where survey_id = $1";
    const INSERT: &str =
        "insert into survey_responses (id, survey_id, unit_id, answers) values ($1, $2, $3, $4)";
    on_tx!(tx, |c| sqlx::query(TOOK_PART)
        .bind(survey.as_uuid())
        .bind(person.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    let rows: Vec<(Uuid, Uuid, String)> = on_tx!(tx, |c| sqlx::query_as(ALL)
        .bind(survey.as_uuid())
        .fetch_all(c)
        .await)?;
    let mut all: Vec<NewResponse> = rows
        .into_iter()
        .map(|(id, unit, answers)| NewResponse {
            id,
            unit_id: UnitId::from_uuid(unit),
            answers,
        })
        .collect();
    all.push(response);
    shuffle(&mut all);
    on_tx!(tx, |c| sqlx::query(DELETE)
        .bind(survey.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    for r in &all {
        on_tx!(tx, |c| sqlx::query(INSERT)
            .bind(r.id)
            .bind(survey.as_uuid())
            .bind(r.unit_id.as_uuid())
            .bind(&r.answers)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// How many have answered (participation, not responses).
pub async fn count_participants(db: &Db, id: SurveyId) -> Result<u64> {
    const SQL: &str = "select count(*) from survey_participation where survey_id = $1";
    let (n,): (i64,) = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_one(p)
        .await)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Every response of a survey: `(unit, answers as JSON)`, in the order of
/// their random ids.
pub async fn list_responses(db: &Db, id: SurveyId) -> Result<Vec<(UnitId, String)>> {
    const SQL: &str =
        "select unit_id, answers from survey_responses where survey_id = $1 order by id";
    let rows: Vec<(Uuid, String)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(u, a)| (UnitId::from_uuid(u), a))
        .collect())
}

/// One group of a survey's results, frozen at closing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyGroup {
    /// The unit.
    pub unit_id: UnitId,
    /// Its name.
    pub name: String,
    /// Its path (for ordering and display).
    pub path: String,
    /// Its parent when that is in the view.
    pub parent_id: Option<UnitId>,
    /// Audience people directly in it at closing (at least its respondents).
    pub population: u64,
}

/// Freezes the groups of a survey's results at closing: every unit in the
/// audience's subtrees and every unit a response names, each with its
/// parent when that is one of them and the active people directly in it
/// (never fewer than the responses from it). Idempotent.
pub async fn freeze_groups(tx: &mut Tx, id: SurveyId) -> Result<()> {
    const TREE: &str = "with recursive tree (id) as (
            select unit_id from survey_units where survey_id = $1
            union
            select u.id from units u join tree t on u.parent_id = t.id
        ),
        view (id) as (
            select id from tree
            union
            select unit_id from survey_responses where survey_id = $1
        )
        select u.id, u.parent_id,
               (select count(*) from people p where p.unit_id = u.id and p.is_active = true
                    and p.unit_id in (select id from tree)) as population,
               (select count(*) from survey_responses r where r.survey_id = $1 and r.unit_id = u.id) as responses
        from units u where u.id in (select id from view)";
    const INSERT: &str = "insert into survey_groups (survey_id, unit_id, parent_id, population)
        values ($1, $2, $3, $4) on conflict (survey_id, unit_id) do nothing";
    let rows: Vec<(Uuid, Option<Uuid>, i64, i64)> = on_tx!(tx, |c| sqlx::query_as(TREE)
        .bind(id.as_uuid())
        .fetch_all(c)
        .await)?;
    let in_view: std::collections::HashSet<Uuid> = rows.iter().map(|r| r.0).collect();
    for (unit, parent, population, responses) in &rows {
        let parent = parent.filter(|p| in_view.contains(p));
        on_tx!(tx, |c| sqlx::query(INSERT)
            .bind(id.as_uuid())
            .bind(unit)
            .bind(parent)
            .bind((*population).max(*responses))
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// The frozen groups of a survey's results, in path order.
pub async fn list_groups(db: &Db, id: SurveyId) -> Result<Vec<SurveyGroup>> {
    const SQL: &str = "select g.unit_id, u.name, u.path, g.parent_id, g.population
        from survey_groups g join units u on u.id = g.unit_id
        where g.survey_id = $1 order by u.path_key";
    let rows: Vec<(Uuid, String, String, Option<Uuid>, i64)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(u, name, path, parent, population)| SurveyGroup {
            unit_id: UnitId::from_uuid(u),
            name,
            path,
            parent_id: parent.map(UnitId::from_uuid),
            population: u64::try_from(population).unwrap_or(0),
        })
        .collect())
}
