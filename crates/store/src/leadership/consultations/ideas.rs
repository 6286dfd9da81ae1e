//! Ideas of a consultation, one vote per person per idea, and a flat list
//! of comments per idea. An idea is readable exactly when its consultation
//! is (the fragment of the parent module).

use samspill_domain::PersonId;
use samspill_domain::consultations::{ConsultationId, IdeaCommentId, IdeaId, IdeaStatus};
use time::OffsetDateTime;
use uuid::Uuid;

use super::can_read_sql;
use crate::db::{locking_sql, on_db, on_tx};
use crate::visibility::{Viewer, bind_viewer};
use crate::{Db, Error, Result, Ts, Tx};

/// An idea with its votes and the viewer's vote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdeaView {
    /// Id.
    pub id: IdeaId,
    /// Its consultation.
    pub consultation_id: ConsultationId,
    /// Author.
    pub author_id: PersonId,
    /// Author's handle.
    pub author_handle: String,
    /// Author's name.
    pub author_name: String,
    /// Title.
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// The leader's status, once given.
    pub status: Option<IdeaStatus>,
    /// Why (required for declined and parked).
    pub explanation: String,
    /// When the status was last set.
    pub status_set_at: Option<OffsetDateTime>,
    /// The report's line for it.
    pub outcome: Option<String>,
    /// Created.
    pub created_at: OffsetDateTime,
    /// Votes.
    pub votes: i64,
    /// Did the viewer vote for it?
    pub my_vote: bool,
    /// Comments.
    pub comment_count: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    consultation_id: Uuid,
    author_id: Uuid,
    author_handle: String,
    author_name: String,
    title: String,
    body: String,
    body_html: String,
    status: Option<String>,
    explanation: String,
    status_set_at: Option<Ts>,
    outcome: Option<String>,
    created_at: Ts,
    votes: i64,
    my_vote: bool,
    comment_count: i64,
}

impl TryFrom<Row> for IdeaView {
    type Error = Error;

    fn try_from(r: Row) -> Result<Self> {
        let status = match r.status {
            Some(s) => {
                Some(IdeaStatus::parse(&s).map_err(|_| Error::undecodable("ideas.status", s))?)
            }
            None => None,
        };
        Ok(Self {
            id: IdeaId::from_uuid(r.id),
            consultation_id: ConsultationId::from_uuid(r.consultation_id),
            author_id: PersonId::from_uuid(r.author_id),
            author_handle: r.author_handle,
            author_name: r.author_name,
            title: r.title,
            body: r.body,
            body_html: r.body_html,
            status,
            explanation: r.explanation,
            status_set_at: r.status_set_at.map(Ts::get),
            outcome: r.outcome,
            created_at: r.created_at.get(),
            votes: r.votes,
            my_vote: r.my_vote,
            comment_count: r.comment_count,
        })
    }
}

// Viewer in $1..$3, the filter's value in $4.
macro_rules! select_ideas {
    ($filter:literal) => {
        concat!(
            "select i.id, i.consultation_id, i.author_id, a.handle as author_handle, a.name as author_name,
                    i.title, i.body, i.body_html, i.status, i.explanation, i.status_set_at, i.outcome,
                    i.created_at,
                    (select count(*) from idea_votes v where v.idea_id = i.id) as votes,
                    exists (select 1 from idea_votes v where v.idea_id = i.id and v.person_id = $1) as my_vote,
                    (select count(*) from idea_comments k where k.idea_id = i.id) as comment_count
             from ideas i
             join consultations c on c.id = i.consultation_id
             join people a on a.id = i.author_id
             where ",
            $filter,
            " and ",
            can_read_sql!(),
            " order by votes desc, i.created_at, i.id"
        )
    };
}

/// An idea to create.
#[derive(Debug, Clone)]
pub struct NewIdea {
    /// Id.
    pub id: IdeaId,
    /// Consultation.
    pub consultation_id: ConsultationId,
    /// Author.
    pub author_id: PersonId,
    /// Title.
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// When.
    pub created_at: OffsetDateTime,
}

/// Creates an idea.
pub async fn insert_idea(tx: &mut Tx, i: &NewIdea) -> Result<()> {
    const SQL: &str =
        "insert into ideas (id, consultation_id, author_id, title, body, body_html, status,
            explanation, status_set_at, outcome, created_at)
        values ($1, $2, $3, $4, $5, $6, null, '', null, null, $7)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(i.id.as_uuid())
        .bind(i.consultation_id.as_uuid())
        .bind(i.author_id.as_uuid())
        .bind(&i.title)
        .bind(&i.body)
        .bind(&i.body_html)
        .bind(Ts::new(i.created_at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// One idea the viewer may read.
pub async fn find_idea(db: &Db, viewer: &Viewer, id: IdeaId) -> Result<Option<IdeaView>> {
    const SQL: &str = select_ideas!("i.id = $4");
    let row: Option<Row> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    row.map(TryInto::try_into).transpose()
}

/// A consultation's ideas, most votes first.
pub async fn list_ideas(db: &Db, viewer: &Viewer, id: ConsultationId) -> Result<Vec<IdeaView>> {
    const SQL: &str = select_ideas!("i.consultation_id = $4");
    let rows: Vec<Row> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(id.as_uuid())
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// What a status change reads about an idea, under its lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedIdea {
    /// Its consultation.
    pub consultation_id: ConsultationId,
    /// Author.
    pub author_id: PersonId,
    /// Current status.
    pub status: Option<IdeaStatus>,
}

/// Reads an idea's status until the transaction ends (row-locked on
/// PostgreSQL).
pub async fn lock_idea(tx: &mut Tx, id: IdeaId) -> Result<Option<LockedIdea>> {
    let sql = locking_sql!(
        &*tx,
        "select consultation_id, author_id, status from ideas where id = $1",
        "for no key update"
    );
    let row: Option<(Uuid, Uuid, Option<String>)> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await)?;
    let Some((c, a, s)) = row else {
        return Ok(None);
    };
    let status = match s {
        Some(s) => Some(IdeaStatus::parse(&s).map_err(|_| Error::undecodable("ideas.status", s))?),
        None => None,
    };
    Ok(Some(LockedIdea {
        consultation_id: ConsultationId::from_uuid(c),
        author_id: PersonId::from_uuid(a),
        status,
    }))
}

/// Stores a status and its explanation.
pub async fn set_status(
    tx: &mut Tx,
    id: IdeaId,
    status: IdeaStatus,
    explanation: &str,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str =
        "update ideas set status = $2, explanation = $3, status_set_at = $4 where id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(status.as_str())
        .bind(explanation)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Stores the report's line for an idea of `consultation`; returns whether
/// there was such an idea.
pub async fn set_outcome(
    tx: &mut Tx,
    consultation: ConsultationId,
    id: IdeaId,
    outcome: &str,
) -> Result<bool> {
    const SQL: &str = "update ideas set outcome = $3 where id = $2 and consultation_id = $1";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(consultation.as_uuid())
        .bind(id.as_uuid())
        .bind(outcome)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// How many ideas of a consultation have no status, and how many no
/// outcome (closing needs both to be zero).
pub async fn count_gaps(tx: &mut Tx, id: ConsultationId) -> Result<(i64, i64)> {
    const SQL: &str = "select
            (select count(*) from ideas where consultation_id = $1 and status is null),
            (select count(*) from ideas where consultation_id = $1 and (outcome is null or outcome = ''))";
    Ok(on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_one(c)
        .await)?)
}

/// Casts a vote; returns whether it is new (a second one changes nothing).
pub async fn insert_vote(
    tx: &mut Tx,
    id: IdeaId,
    person: PersonId,
    at: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str = "insert into idea_votes (idea_id, person_id, voted_at) values ($1, $2, $3)
        on conflict (idea_id, person_id) do nothing";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(person.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Withdraws a vote; returns whether there was one.
pub async fn delete_vote(tx: &mut Tx, id: IdeaId, person: PersonId) -> Result<bool> {
    const SQL: &str = "delete from idea_votes where idea_id = $1 and person_id = $2";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(person.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A comment on an idea.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdeaCommentView {
    /// Id.
    pub id: IdeaCommentId,
    /// Its idea.
    pub idea_id: IdeaId,
    /// Author.
    pub author_id: PersonId,
    /// Author's handle.
    pub author_handle: String,
    /// Author's name.
    pub author_name: String,
    /// Markdown.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// Created.
    pub created_at: OffsetDateTime,
}

/// A comment to create.
#[derive(Debug, Clone)]
pub struct NewIdeaComment {
    /// Id.
    pub id: IdeaCommentId,
    /// Idea.
    pub idea_id: IdeaId,
    /// Author.
    pub author_id: PersonId,
    /// Markdown.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// When.
    pub created_at: OffsetDateTime,
}

/// Creates a comment on an idea.
pub async fn insert_comment(tx: &mut Tx, k: &NewIdeaComment) -> Result<()> {
    const SQL: &str =
        "insert into idea_comments (id, idea_id, author_id, body, body_html, created_at)
        values ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(k.id.as_uuid())
        .bind(k.idea_id.as_uuid())
        .bind(k.author_id.as_uuid())
        .bind(&k.body)
        .bind(&k.body_html)
        .bind(Ts::new(k.created_at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

type CommentRow = (Uuid, Uuid, Uuid, String, String, String, String, Ts);

/// The comments on every idea of a consultation the viewer may read,
/// oldest first.
pub async fn list_comments(
    db: &Db,
    viewer: &Viewer,
    id: ConsultationId,
) -> Result<Vec<IdeaCommentView>> {
    const SQL: &str = concat!(
        "select k.id, k.idea_id, k.author_id, a.handle, a.name, k.body, k.body_html, k.created_at
         from idea_comments k
         join ideas i on i.id = k.idea_id
         join consultations c on c.id = i.consultation_id
         join people a on a.id = k.author_id
         where i.consultation_id = $4 and ",
        can_read_sql!(),
        " order by k.created_at, k.id"
    );
    let rows: Vec<CommentRow> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(id.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| IdeaCommentView {
            id: IdeaCommentId::from_uuid(r.0),
            idea_id: IdeaId::from_uuid(r.1),
            author_id: PersonId::from_uuid(r.2),
            author_handle: r.3,
            author_name: r.4,
            body: r.5,
            body_html: r.6,
            created_at: r.7.get(),
        })
        .collect())
}
