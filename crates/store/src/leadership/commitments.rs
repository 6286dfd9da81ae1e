//! Commitments: a leader's promise with a due date, made in one of their
//! comments (or answers to feedback). Who may see one follows its source:
//! a commitment in a comment is read by whoever may read that comment (the
//! one visibility predicate), one in a feedback answer by its leader only.
//!
//! State changes are conditional updates (`… where state = 'open'`), so two
//! requests racing to keep, or a keep racing the timed run that marks a
//! commitment missed, cannot both succeed on either backend.

use samspill_domain::commitments::CommitmentState;
use samspill_domain::{CommentId, CommitmentId, PersonId, PostId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::visibility::{Viewer, bind_viewer, can_read_space_sql, not_hidden_sql};
use crate::{Db, Result, Ts, Tx, decode};

/// A commitment as its readers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentView {
    /// Id.
    pub id: CommitmentId,
    /// The leader who made it.
    pub leader_id: PersonId,
    /// The leader's handle.
    pub leader_handle: String,
    /// The leader's name.
    pub leader_name: String,
    /// The comment it was made in.
    pub comment_id: Option<CommentId>,
    /// That comment's post.
    pub post_id: Option<PostId>,
    /// Or the feedback answer it was made in.
    pub feedback_response_id: Option<Uuid>,
    /// The promise, in the leader's words.
    pub summary: String,
    /// When it is due.
    pub due_at: OffsetDateTime,
    /// As stored; an open one past its due time is missed (see
    /// [`CommitmentView::state_at`]).
    pub state: CommitmentState,
    /// What was done (kept ones).
    pub note: Option<String>,
    /// When it was made.
    pub created_at: OffsetDateTime,
    /// When it was kept or missed.
    pub resolved_at: Option<OffsetDateTime>,
}

impl CommitmentView {
    /// The state at `now`: an open commitment whose due time has passed is
    /// missed even before the timed run records it.
    #[must_use]
    pub fn state_at(&self, now: OffsetDateTime) -> CommitmentState {
        if self.state == CommitmentState::Open && self.due_at <= now {
            CommitmentState::Missed
        } else {
            self.state
        }
    }
}

/// A commitment to record.
#[derive(Debug, Clone)]
pub struct NewCommitment {
    /// Id.
    pub id: CommitmentId,
    /// The leader.
    pub leader_id: PersonId,
    /// The comment, or
    pub comment_id: Option<CommentId>,
    /// the feedback answer.
    pub feedback_response_id: Option<Uuid>,
    /// The promise.
    pub summary: String,
    /// Due.
    pub due_at: OffsetDateTime,
    /// Made.
    pub created_at: OffsetDateTime,
}

/// Records a commitment. A second one on the same comment or answer is
/// `Conflict` (`commitments_comment_unique` / `commitments_response_unique`).
pub async fn insert_commitment(tx: &mut Tx, c: &NewCommitment) -> Result<()> {
    const SQL: &str = "insert into commitments (id, leader_id, comment_id, feedback_response_id, summary, due_at, state, note, created_at, resolved_at, reminded_at)
        values ($1, $2, $3, $4, $5, $6, 'open', null, $7, null, null)";
    on_tx!(tx, |conn| sqlx::query(SQL)
        .bind(c.id.as_uuid())
        .bind(c.leader_id.as_uuid())
        .bind(c.comment_id.map(|x| x.as_uuid()))
        .bind(c.feedback_response_id)
        .bind(&c.summary)
        .bind(Ts::new(c.due_at))
        .bind(Ts::new(c.created_at))
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

type Row = (
    Uuid,
    Uuid,
    String,
    String,
    Option<Uuid>,
    Option<Uuid>,
    Option<Uuid>,
    String,
    Ts,
    String,
    Option<String>,
    Ts,
    Option<Ts>,
);

fn view(r: Row) -> Result<CommitmentView> {
    Ok(CommitmentView {
        id: CommitmentId::from_uuid(r.0),
        leader_id: PersonId::from_uuid(r.1),
        leader_handle: r.2,
        leader_name: r.3,
        comment_id: r.4.map(CommentId::from_uuid),
        post_id: r.5.map(PostId::from_uuid),
        feedback_response_id: r.6,
        summary: r.7,
        due_at: r.8.get(),
        state: decode::column("commitments.state", &r.9)?,
        note: r.10,
        created_at: r.11.get(),
        resolved_at: r.12.map(Ts::get),
    })
}

// The viewer in $1..$3; the filter's own parameters from $4.
macro_rules! select_commitments {
    ($filter:literal) => {
        concat!(
            "select cm.id, cm.leader_id, l.handle, l.name, cm.comment_id, c.post_id, cm.feedback_response_id,
                    cm.summary, cm.due_at, cm.state, cm.note, cm.created_at, cm.resolved_at
             from commitments cm
             join people l on l.id = cm.leader_id
             left join comments c on c.id = cm.comment_id
             where ", $filter, "
               and ((cm.comment_id is not null and exists (
                        select 1 from comments vc join posts vp on vp.id = vc.post_id
                        where vc.id = cm.comment_id and vc.deleted_at is null and vp.deleted_at is null
                          and ", can_read_space_sql!("vp.space_id"), "
                          and ", not_hidden_sql!("vp.hidden_at", "vp.author_id", "vp.space_id"), "
                          and ", not_hidden_sql!("vc.hidden_at", "vc.author_id", "vp.space_id"), "))
                    or (cm.feedback_response_id is not null and cm.leader_id = $1))"
        )
    };
}

/// A leader's commitments that the viewer may see: open ones by due date
/// first, then kept and missed ones, most recently resolved first.
pub async fn list_for_leader(
    db: &Db,
    viewer: &Viewer,
    leader: PersonId,
    limit: i64,
) -> Result<Vec<CommitmentView>> {
    const SQL: &str = concat!(
        select_commitments!("cm.leader_id = $4"),
        "
         order by case when cm.state = 'open' then 0 else 1 end,
                  case when cm.state = 'open' then cm.due_at else cm.resolved_at end desc,
                  cm.id
         limit $5"
    );
    let rows: Vec<Row> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(leader.as_uuid())
        .bind(limit)
        .fetch_all(p)
        .await)?;
    let mut list = rows.into_iter().map(view).collect::<Result<Vec<_>>>()?;
    // Open ones soonest first (the SQL sorts every group descending).
    let open = list
        .iter()
        .take_while(|c| c.state == CommitmentState::Open)
        .count();
    list[..open].reverse();
    Ok(list)
}

/// One commitment the viewer may see.
pub async fn find_commitment(
    db: &Db,
    viewer: &Viewer,
    id: CommitmentId,
) -> Result<Option<CommitmentView>> {
    const SQL: &str = select_commitments!("cm.id = $4");
    let row: Option<Row> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    row.map(view).transpose()
}

/// The commitments of the comments of a post that the viewer may read, by
/// comment (for the post page).
pub async fn list_for_post(db: &Db, viewer: &Viewer, post: PostId) -> Result<Vec<CommitmentView>> {
    const SQL: &str = concat!(select_commitments!("c.post_id = $4"), " order by cm.id");
    let rows: Vec<Row> = on_db!(db, |p| bind_viewer!(sqlx::query_as(SQL), viewer)
        .bind(post.as_uuid())
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(view).collect()
}

/// How many of a leader's commitments are open (and not yet due), kept and
/// missed at `now`, over all sources: counts say nothing about any one.
pub async fn count_for_leader(
    db: &Db,
    leader: PersonId,
    now: OffsetDateTime,
) -> Result<(i64, i64, i64)> {
    const SQL: &str = "select
            coalesce(sum(case when state = 'open' and due_at > $2 then 1 else 0 end), 0),
            coalesce(sum(case when state = 'kept' then 1 else 0 end), 0),
            coalesce(sum(case when state = 'missed' or (state = 'open' and due_at <= $2) then 1 else 0 end), 0)
        from commitments where leader_id = $1";
    let row: (i64, i64, i64) = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(leader.as_uuid())
        .bind(Ts::new(now))
        .fetch_one(p)
        .await)?;
    Ok(row)
}

/// Open commitments not yet due at `now`, per leader who has any (for the
/// corner's list, in one query).
pub async fn count_open_by_leader(db: &Db, now: OffsetDateTime) -> Result<Vec<(PersonId, i64)>> {
    const SQL: &str = "select leader_id, count(*) from commitments
        where state = 'open' and due_at > $1 group by leader_id";
    let rows: Vec<(Uuid, i64)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(Ts::new(now))
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(l, n)| (PersonId::from_uuid(l), n))
        .collect())
}

/// The stored state and due time of a commitment, read in the writing
/// transaction (for the reason of a refused change).
pub async fn state_of(
    tx: &mut Tx,
    id: CommitmentId,
) -> Result<Option<(PersonId, CommitmentState, OffsetDateTime)>> {
    const SQL: &str = "select leader_id, state, due_at from commitments where id = $1";
    let row: Option<(Uuid, String, Ts)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await)?;
    row.map(|(l, s, d)| {
        Ok((
            PersonId::from_uuid(l),
            decode::column("commitments.state", &s)?,
            d.get(),
        ))
    })
    .transpose()
}

/// Keeps an open commitment that is not yet due; `false` when it was not
/// open or already due (nothing changed).
pub async fn keep(tx: &mut Tx, id: CommitmentId, note: &str, at: OffsetDateTime) -> Result<bool> {
    const SQL: &str = "update commitments set state = 'kept', note = $2, resolved_at = $3
        where id = $1 and state = 'open' and due_at > $3";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(note)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Records as missed every open commitment due by `now`; returns them
/// (id, leader), each exactly once over every caller.
pub async fn mark_missed(
    tx: &mut Tx,
    now: OffsetDateTime,
) -> Result<Vec<(CommitmentId, PersonId, String)>> {
    const SQL: &str = "update commitments set state = 'missed', resolved_at = due_at
        where state = 'open' and due_at <= $1
        returning id, leader_id, summary";
    let rows: Vec<(Uuid, Uuid, String)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(Ts::new(now))
        .fetch_all(c)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(i, l, s)| (CommitmentId::from_uuid(i), PersonId::from_uuid(l), s))
        .collect())
}

/// Marks as reminded every open commitment due within `until` that has not
/// been; returns them, each exactly once over every caller.
pub async fn take_reminders(
    tx: &mut Tx,
    now: OffsetDateTime,
    until: OffsetDateTime,
) -> Result<Vec<(CommitmentId, PersonId, String)>> {
    const SQL: &str = "update commitments set reminded_at = $1
        where state = 'open' and reminded_at is null and due_at > $1 and due_at <= $2
        returning id, leader_id, summary";
    let rows: Vec<(Uuid, Uuid, String)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(Ts::new(now))
        .bind(Ts::new(until))
        .fetch_all(c)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(i, l, s)| (CommitmentId::from_uuid(i), PersonId::from_uuid(l), s))
        .collect())
}

/// Upvotes a comment (idempotent); `true` when the vote is new.
pub async fn upvote_comment(
    tx: &mut Tx,
    comment: CommentId,
    person: PersonId,
    at: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str =
        "insert into comment_votes (comment_id, person_id, voted_at) values ($1, $2, $3)
        on conflict (comment_id, person_id) do nothing";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(comment.as_uuid())
        .bind(person.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Takes an upvote back (idempotent); `true` when there was one.
pub async fn remove_comment_vote(
    tx: &mut Tx,
    comment: CommentId,
    person: PersonId,
) -> Result<bool> {
    const SQL: &str = "delete from comment_votes where comment_id = $1 and person_id = $2";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(comment.as_uuid())
        .bind(person.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Upvotes per comment of a post, with whether `person` gave one.
pub async fn comment_votes(
    db: &Db,
    post: PostId,
    person: PersonId,
) -> Result<Vec<(CommentId, i64, bool)>> {
    const SQL: &str = "select v.comment_id, count(*),
            cast(coalesce(max(case when v.person_id = $2 then 1 else 0 end), 0) as bigint)
        from comment_votes v join comments c on c.id = v.comment_id
        where c.post_id = $1
        group by v.comment_id";
    let rows: Vec<(Uuid, i64, i64)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(post.as_uuid())
        .bind(person.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(c, n, mine)| (CommentId::from_uuid(c), n, mine == 1))
        .collect())
}

/// A leader's answer to feedback, read in the writing transaction: its
/// author, its item and its text; `None` for an unknown id or a message
/// from the item's writer.
pub async fn find_feedback_answer(
    tx: &mut Tx,
    message: Uuid,
) -> Result<Option<(PersonId, Uuid, String)>> {
    const SQL: &str = "select author_id, item_id, body from feedback_messages
        where id = $1 and not from_writer and author_id is not null";
    let row: Option<(Uuid, Uuid, String)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(message)
        .fetch_optional(c)
        .await)?;
    Ok(row.map(|(a, i, b)| (PersonId::from_uuid(a), i, b)))
}
