//! Moderation storage: reports of posts and comments, moderators' actions,
//! appeals, and the `hidden_at` mark on the items themselves. Who may
//! report, act or appeal is decided by `services::moderation`; which items
//! a viewer reads while hidden is decided by the visibility predicate
//! (`visibility::not_hidden_sql!`), never here.

use samspill_domain::moderation::{ActionId, AppealId, ReportId, ReportState, SubjectKind};
use samspill_domain::{CommentId, PersonId, PostId, SpaceId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{locking_sql, on_db, on_tx};
use crate::visibility::{Viewer, moderates_space_sql};
use crate::{Db, Error, Result, Ts, Tx};

/// A report to create.
#[derive(Debug, Clone)]
pub struct NewReport {
    /// Id.
    pub id: ReportId,
    /// The post reported, or the post of the comment reported.
    pub post_id: PostId,
    /// The comment reported, if it is one.
    pub comment_id: Option<CommentId>,
    /// The item's space.
    pub space_id: SpaceId,
    /// The item's author.
    pub item_author_id: PersonId,
    /// Who reports.
    pub reporter_id: PersonId,
    /// The rule cited.
    pub rule_id: String,
    /// Why, in the reporter's words.
    pub reason: String,
    /// When.
    pub created_at: OffsetDateTime,
}

/// A report with what a moderator needs to decide it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Id.
    pub id: ReportId,
    /// Post or comment.
    pub subject_kind: SubjectKind,
    /// The post (for a comment, its post).
    pub post_id: PostId,
    /// The comment, if it is one.
    pub comment_id: Option<CommentId>,
    /// The item's space.
    pub space_id: SpaceId,
    /// The space's name.
    pub space_name: String,
    /// The item's author.
    pub item_author_id: PersonId,
    /// The item's author's name.
    pub item_author_name: String,
    /// Who reported.
    pub reporter_id: PersonId,
    /// Rule cited.
    pub rule_id: String,
    /// Reason given.
    pub reason: String,
    /// Where it stands.
    pub state: ReportState,
    /// Reported.
    pub created_at: OffsetDateTime,
    /// The item's text (post title and body, or the comment), for the queue.
    pub excerpt: String,
    /// The appeal's reason, once appealed.
    pub appeal_reason: Option<String>,
    /// The moderator who hid the item (decided first), once decided.
    pub first_moderator_id: Option<PersonId>,
}

type ReportRow = (
    Uuid,
    Uuid,
    Option<Uuid>,
    Uuid,
    String,
    Uuid,
    String,
    Uuid,
    String,
    String,
    String,
    Ts,
    String,
    Option<String>,
    Option<Uuid>,
);

fn report(r: ReportRow) -> Result<Report> {
    let state = ReportState::parse(&r.10)
        .map_err(|_| Error::undecodable("moderation_reports.state", r.10.clone()))?;
    Ok(Report {
        id: ReportId::from_uuid(r.0),
        subject_kind: if r.2.is_some() {
            SubjectKind::Comment
        } else {
            SubjectKind::Post
        },
        post_id: PostId::from_uuid(r.1),
        comment_id: r.2.map(CommentId::from_uuid),
        space_id: SpaceId::from_uuid(r.3),
        space_name: r.4,
        item_author_id: PersonId::from_uuid(r.5),
        item_author_name: r.6,
        reporter_id: PersonId::from_uuid(r.7),
        rule_id: r.8,
        reason: r.9,
        state,
        created_at: r.11.get(),
        excerpt: r.12,
        appeal_reason: r.13,
        first_moderator_id: r.14.map(PersonId::from_uuid),
    })
}

// The columns of a `ReportRow`, from `moderation_reports r`.
macro_rules! report_columns {
    () => {
        "select r.id, r.post_id, r.comment_id, r.space_id, s.name, r.item_author_id, a.name,
                r.reporter_id, r.rule_id, r.reason, r.state, r.created_at,
                coalesce((select c.body from comments c where c.id = r.comment_id),
                         (select p.title || ' ' || p.body from posts p where p.id = r.post_id)),
                (select ap.reason from moderation_appeals ap where ap.report_id = r.id),
                (select m.moderator_id from moderation_actions m where m.report_id = r.id
                   and m.action in ('hide', 'dismiss') order by m.created_at, m.id limit 1)
         from moderation_reports r
         join spaces s on s.id = r.space_id
         join people a on a.id = r.item_author_id"
    };
}

/// Records a report; a second open report of the same item by the same
/// person is `Conflict`.
pub async fn insert_report(tx: &mut Tx, n: &NewReport) -> Result<()> {
    const SQL: &str = "insert into moderation_reports (id, subject_kind, subject_id, post_id, comment_id, space_id,
            item_author_id, reporter_id, rule_id, reason, state, created_at, decided_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, null)";
    let (kind, subject) = match n.comment_id {
        Some(c) => (SubjectKind::Comment, c.as_uuid()),
        None => (SubjectKind::Post, n.post_id.as_uuid()),
    };
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(n.id.as_uuid())
        .bind(kind.as_str())
        .bind(subject)
        .bind(n.post_id.as_uuid())
        .bind(n.comment_id.map(|c| c.as_uuid()))
        .bind(n.space_id.as_uuid())
        .bind(n.item_author_id.as_uuid())
        .bind(n.reporter_id.as_uuid())
        .bind(&n.rule_id)
        .bind(&n.reason)
        .bind(Ts::new(n.created_at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// One report, with no visibility check (the services decide who may see it).
pub async fn find_report(db: &Db, id: ReportId) -> Result<Option<Report>> {
    const SQL: &str = concat!(report_columns!(), " where r.id = $1");
    let row: Option<ReportRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    row.map(report).transpose()
}

/// The state of a report, read in the transaction that will change it (on
/// PostgreSQL the row is locked until it ends).
pub async fn lock_report_state(tx: &mut Tx, id: ReportId) -> Result<Option<ReportState>> {
    let sql = locking_sql!(
        &*tx,
        "select state from moderation_reports where id = $1",
        "for update"
    );
    let row: Option<(String,)> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await)?;
    row.map(|(s,)| {
        ReportState::parse(&s).map_err(|_| Error::undecodable("moderation_reports.state", s))
    })
    .transpose()
}

/// Moves a report from `from` to `to`; false when it was not in `from`.
pub async fn set_report_state(
    tx: &mut Tx,
    id: ReportId,
    from: ReportState,
    to: ReportState,
    at: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str =
        "update moderation_reports set state = $3, decided_at = $4 where id = $1 and state = $2";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A moderator's action to record.
#[derive(Debug, Clone)]
pub struct NewAction {
    /// Id.
    pub id: ActionId,
    /// The report.
    pub report_id: ReportId,
    /// Who.
    pub moderator_id: PersonId,
    /// hide, restore, dismiss, uphold or overturn.
    pub action: &'static str,
    /// The rule cited.
    pub rule_id: String,
    /// The note.
    pub note: String,
    /// When.
    pub created_at: OffsetDateTime,
}

/// Records an action.
pub async fn insert_action(tx: &mut Tx, a: &NewAction) -> Result<()> {
    const SQL: &str = "insert into moderation_actions (id, report_id, moderator_id, action, rule_id, note, created_at)
        values ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(a.id.as_uuid())
        .bind(a.report_id.as_uuid())
        .bind(a.moderator_id.as_uuid())
        .bind(a.action)
        .bind(&a.rule_id)
        .bind(&a.note)
        .bind(Ts::new(a.created_at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The report an action belongs to.
pub async fn find_action_report(db: &Db, id: ActionId) -> Result<Option<ReportId>> {
    const SQL: &str = "select report_id from moderation_actions where id = $1";
    let row: Option<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    Ok(row.map(|(r,)| ReportId::from_uuid(r)))
}

/// Hides (`rule` set) or shows again (`None`) a post or comment.
pub async fn set_hidden(
    tx: &mut Tx,
    post: PostId,
    comment: Option<CommentId>,
    rule: Option<&str>,
    at: OffsetDateTime,
) -> Result<()> {
    const POST: &str = "update posts set hidden_at = $2, hidden_rule_id = $3 where id = $1";
    const COMMENT: &str = "update comments set hidden_at = $2, hidden_rule_id = $3 where id = $1";
    let (sql, id) = match comment {
        Some(c) => (COMMENT, c.as_uuid()),
        None => (POST, post.as_uuid()),
    };
    let hidden_at = rule.map(|_| Ts::new(at));
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(id)
        .bind(hidden_at)
        .bind(rule)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The queue: open reports, and appeals (except those against the viewer's
/// own decision), in the spaces the viewer moderates (all for an
/// administrator), oldest first, after `after`.
pub async fn list_queue(
    db: &Db,
    viewer: &Viewer,
    after: Option<(OffsetDateTime, ReportId)>,
    limit: i64,
) -> Result<Vec<Report>> {
    const SQL: &str = concat!(
        report_columns!(),
        " where (r.state = 'open' or (r.state = 'appealed' and not exists (
                select 1 from moderation_appeals ap where ap.report_id = r.id and ap.first_moderator_id = $1)))
            and ($2 or ",
        moderates_space_sql!("r.space_id"),
        ")
            and (r.created_at > $3 or (r.created_at = $3 and r.id > $4))
         order by r.created_at, r.id
         limit $5"
    );
    let (at, id) = after.map_or_else(
        || {
            (
                Ts::new(time::macros::datetime!(1970-01-01 0:00 UTC)),
                Uuid::nil(),
            )
        },
        |(t, r)| (Ts::new(t), r.as_uuid()),
    );
    // The viewer's id is `$1` and whether they are an administrator `$2`
    // (their unit plays no part in moderating).
    let rows: Vec<ReportRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(viewer.id.as_uuid())
        .bind(viewer.is_admin)
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(report).collect()
}

/// The report that hid this item and still stands (hidden, appealed or
/// upheld), if any: what its author may appeal.
pub async fn find_standing_hide(
    db: &Db,
    post: PostId,
    comment: Option<CommentId>,
) -> Result<Option<Report>> {
    const SQL: &str = concat!(
        report_columns!(),
        " where r.subject_id = $1 and r.state in ('hidden', 'appealed', 'upheld')
         order by r.decided_at desc, r.id desc limit 1"
    );
    let subject = comment.map_or(post.as_uuid(), |c| c.as_uuid());
    let row: Option<ReportRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(subject)
        .fetch_optional(p)
        .await)?;
    row.map(report).transpose()
}

/// An appeal to record.
#[derive(Debug, Clone)]
pub struct NewAppeal {
    /// Id.
    pub id: AppealId,
    /// The report whose hide is appealed.
    pub report_id: ReportId,
    /// The item's author.
    pub appellant_id: PersonId,
    /// Why.
    pub reason: String,
    /// Who hid the item: they may not decide the appeal.
    pub first_moderator_id: PersonId,
    /// When.
    pub created_at: OffsetDateTime,
}

/// Records an appeal; a second one on the same report is `Conflict`.
pub async fn insert_appeal(tx: &mut Tx, a: &NewAppeal) -> Result<()> {
    const SQL: &str = "insert into moderation_appeals (id, report_id, appellant_id, reason, created_at, first_moderator_id, decided_by, decided_at)
        values ($1, $2, $3, $4, $5, $6, null, null)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(a.id.as_uuid())
        .bind(a.report_id.as_uuid())
        .bind(a.appellant_id.as_uuid())
        .bind(&a.reason)
        .bind(Ts::new(a.created_at))
        .bind(a.first_moderator_id.as_uuid())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The appeal of a report: its id and the moderator it may not go to.
pub async fn find_appeal(db: &Db, report: ReportId) -> Result<Option<(AppealId, PersonId)>> {
    const SQL: &str = "select id, first_moderator_id from moderation_appeals where report_id = $1";
    let row: Option<(Uuid, Uuid)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(report.as_uuid())
        .fetch_optional(p)
        .await)?;
    Ok(row.map(|(a, m)| (AppealId::from_uuid(a), PersonId::from_uuid(m))))
}

/// Records who decided an appeal, and when.
pub async fn decide_appeal(
    tx: &mut Tx,
    report: ReportId,
    by: PersonId,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str =
        "update moderation_appeals set decided_by = $2, decided_at = $3 where report_id = $1";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(report.as_uuid())
        .bind(by.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The moderators of a space by role (owners and moderators) and the
/// leaders of a unit's space: who may decide its reports besides admins.
pub async fn list_space_moderators(db: &Db, space: SpaceId) -> Result<Vec<PersonId>> {
    const SQL: &str =
        "select person_id from space_members where space_id = $1 and role in ('owner', 'moderator')
        union
        select ul.person_id from spaces s join unit_leaders ul on ul.unit_id = s.unit_id
        where s.id = $1 and s.kind = 'unit'
        order by 1";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(space.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(p,)| PersonId::from_uuid(p))
        .collect())
}

/// The active administrators: who an appeal goes to when the space has no
/// other moderator.
pub async fn list_admin_ids(db: &Db) -> Result<Vec<PersonId>> {
    const SQL: &str =
        "select id from people where is_admin = true and is_active = true order by id";
    let rows: Vec<(Uuid,)> = on_db!(db, |p| sqlx::query_as(SQL).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(p,)| PersonId::from_uuid(p))
        .collect())
}
