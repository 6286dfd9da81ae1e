//! Moderation: anyone who may read a post or comment reports it citing a
//! rule; the moderators of its space (owners, moderators, the leaders of a
//! unit's space) and administrators work the queue and hide, restore or
//! dismiss, each citing a rule with a note; the author is told and may
//! appeal a hide once; another moderator (never the one who hid it) decides
//! the appeal, finally. The states and steps are `domain::moderation`.
//!
//! Every action and appeal decision writes an audit row in its own
//! transaction. Hiding sets `hidden_at` on the item; the visibility
//! predicate then keeps it from everyone but its author, the space's
//! moderators and administrators, on every read path.

use samspill_domain::moderation::{
    ActionId, AppealId, ModerationAction, ReportId, ReportState, Step, check_text,
};
use samspill_domain::{CommentId, NotificationId, PersonId, PostId, SpaceId, ValidationError};
use samspill_store::moderation::{self as store, NewAction, NewAppeal, NewReport};
use samspill_store::social::notifications::NewNotification;
use samspill_store::social::{comments, posts};
use serde_json::json;

pub use samspill_store::moderation::Report;

use crate::shared::notify::notify;
use crate::shared::page;
use crate::{Actor, Ctx, Error, Result};

/// A rule a report or decision may cite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitableRule {
    /// Stable id, stored with reports and actions.
    pub id: String,
    /// Its number in the list.
    pub number: u32,
    /// Short title in English.
    pub title_en: String,
    /// Short title in Norwegian Bokmål.
    pub title_nb: String,
}

impl CitableRule {
    /// The title in `locale` (`nb` or anything else for English).
    #[must_use]
    pub fn title(&self, locale: &str) -> &str {
        if locale == "nb" {
            &self.title_nb
        } else {
            &self.title_en
        }
    }
}

/// The rules a report in `space` may cite. The one seam between moderation
/// and the guidelines: today a fixed built-in list of the organization's
/// rules; at merge it reads the current published guidelines (and the
/// space's own rules).
///
/// # Errors
/// Storage failures (once it reads the guidelines).
pub async fn citable_rules(ctx: &Ctx, space: Option<SpaceId>) -> Result<Vec<CitableRule>> {
    Ok(
        samspill_store::culture::guidelines::citable_rules(&ctx.db, space)
            .await?
            .into_iter()
            .map(|r| CitableRule {
                id: r.id.to_string(),
                number: u32::try_from(r.number).unwrap_or(0),
                title_en: r.title_en,
                title_nb: r.title_nb,
            })
            .collect(),
    )
}

/// Checks that `rule_id` is citable in `space`.
async fn check_rule(ctx: &Ctx, space: SpaceId, rule_id: &str) -> Result<CitableRule> {
    citable_rules(ctx, Some(space))
        .await?
        .into_iter()
        .find(|r| r.id == rule_id.trim())
        .ok_or_else(|| {
            ValidationError::new("rule_id", "unknown_rule", "cite one of the rules").into()
        })
}

/// What is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A post.
    Post(PostId),
    /// A comment.
    Comment(CommentId),
}

/// Reports a post or comment the actor may read.
///
/// # Errors
/// `NotFound` for an item the actor may not read; `Invalid` for an unknown
/// rule or an empty reason; `Conflict` (`already_reported`) when the actor
/// has an open report of it.
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn report(
    ctx: &Ctx,
    actor: &Actor,
    subject: Subject,
    rule_id: &str,
    reason: &str,
) -> Result<Report> {
    let viewer = actor.viewer();
    let (post_id, comment_id, author) = match subject {
        Subject::Post(id) => {
            let p = posts::find_post(&ctx.db, &viewer, id)
                .await?
                .ok_or(Error::NotFound)?;
            (p.id, None, p.author_id)
        }
        Subject::Comment(id) => {
            let c = comments::find_comment(&ctx.db, &viewer, id)
                .await?
                .ok_or(Error::NotFound)?;
            (c.post_id, Some(c.id), c.author_id)
        }
    };
    let (_, space_id) = posts::find_post_owner(&ctx.db, post_id)
        .await?
        .ok_or(Error::NotFound)?;
    let mut errors = Vec::new();
    let rule = check_rule(ctx, space_id, rule_id).await;
    let reason = check_text("reason", reason);
    if let Err(Error::Invalid(e)) = &rule {
        errors.extend(e.iter().cloned());
    }
    if let Err(e) = &reason {
        errors.push(e.clone());
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let (rule, reason) = (rule?, reason?);
    let id = ReportId::new();
    let mut tx = ctx.db.begin().await?;
    let inserted = store::insert_report(
        &mut tx,
        &NewReport {
            id,
            post_id,
            comment_id,
            space_id,
            item_author_id: author,
            reporter_id: actor.id,
            rule_id: rule.id,
            reason,
            created_at: ctx.now(),
        },
    )
    .await;
    match inserted {
        Err(samspill_store::Error::Conflict { .. }) => {
            return Err(Error::Conflict {
                code: "already_reported",
                message: "you have already reported this; a moderator will look at it".to_owned(),
            });
        }
        other => other?,
    }
    tx.commit().await?;
    store::find_report(&ctx.db, id)
        .await?
        .ok_or(Error::NotFound)
}

/// Whether the actor moderates the space: an administrator, an owner or
/// moderator, or a leader of the unit of a unit's space.
async fn moderates(ctx: &Ctx, actor: &Actor, space: SpaceId) -> Result<bool> {
    Ok(actor.is_admin
        || store::list_space_moderators(&ctx.db, space)
            .await?
            .contains(&actor.id))
}

/// The actor's moderation queue: open reports and pending appeals in the
/// spaces they moderate (every space for an administrator), oldest first.
/// An appeal is never shown to the moderator whose decision it is against.
///
/// # Errors
/// `Invalid` for a bad cursor or limit.
pub async fn queue(
    ctx: &Ctx,
    actor: &Actor,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<page::Page<Report>> {
    let limit = page::limit(limit)?;
    let after = crate::audit::time_cursor::<ReportId>(cursor)?;
    let rows = store::list_queue(&ctx.db, &actor.viewer(), after, limit + 1).await?;
    Ok(page::split(rows, limit, |r| {
        page::encode(&(crate::shared::clock::rfc3339(r.created_at), r.id))
    }))
}

/// One report, for its moderators, its reporter and the item's author.
///
/// # Errors
/// `NotFound` for anyone else.
pub async fn get_report(ctx: &Ctx, actor: &Actor, id: ReportId) -> Result<Report> {
    let r = store::find_report(&ctx.db, id)
        .await?
        .ok_or(Error::NotFound)?;
    if r.reporter_id == actor.id
        || r.item_author_id == actor.id
        || moderates(ctx, actor, r.space_id).await?
    {
        Ok(r)
    } else {
        Err(Error::NotFound)
    }
}

/// What a moderator's action did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionOutcome {
    /// The action's id (an appeal may name it).
    pub id: ActionId,
    /// The report after it.
    pub report: Report,
    /// What was recorded: hide, restore, dismiss, or on an appeal uphold or
    /// overturn.
    pub recorded: &'static str,
}

fn refused(r: samspill_domain::commitments::Refusal) -> Error {
    Error::Conflict {
        code: r.code,
        message: r.message.to_owned(),
    }
}

/// A moderator acts on a report, citing a rule with a note. On an appealed
/// report, `hide` upholds the hide and `restore` overturns it; the
/// moderator who hid the item may not decide its appeal.
///
/// # Errors
/// `NotFound` for an unknown report; `Forbidden` for someone who does not
/// moderate its space, or for the first moderator on an appeal; `Invalid`
/// without a citable rule or a note; `Conflict` with the reason when the
/// report's state does not allow the action.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, report.id = %id))]
pub async fn act(
    ctx: &Ctx,
    actor: &Actor,
    id: ReportId,
    action: ModerationAction,
    rule_id: &str,
    note: &str,
) -> Result<ActionOutcome> {
    let report = store::find_report(&ctx.db, id)
        .await?
        .ok_or(Error::NotFound)?;
    if !moderates(ctx, actor, report.space_id).await? {
        return Err(Error::Forbidden);
    }
    let mut errors = Vec::new();
    let rule = check_rule(ctx, report.space_id, rule_id).await;
    let note = check_text("note", note);
    if let Err(Error::Invalid(e)) = &rule {
        errors.extend(e.iter().cloned());
    }
    if let Err(e) = &note {
        errors.push(e.clone());
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let (rule, note) = (rule?, note?);
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let state = store::lock_report_state(&mut tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    let next = state.next(action.step()).map_err(refused)?;
    let recorded = match (state, next) {
        (ReportState::Appealed, to) => {
            if report.first_moderator_id == Some(actor.id) {
                return Err(Error::Forbidden);
            }
            store::decide_appeal(&mut tx, id, actor.id, now).await?;
            if to == ReportState::Upheld {
                "uphold"
            } else {
                "overturn"
            }
        }
        _ => action.as_str(),
    };
    if !store::set_report_state(&mut tx, id, state, next, now).await? {
        return Err(Error::Conflict {
            code: "conflict",
            message: "the report changed meanwhile; reload".to_owned(),
        });
    }
    let action_id = ActionId::new();
    store::insert_action(
        &mut tx,
        &NewAction {
            id: action_id,
            report_id: id,
            moderator_id: actor.id,
            action: recorded,
            rule_id: rule.id.clone(),
            note: note.clone(),
            created_at: now,
        },
    )
    .await?;
    match next {
        ReportState::Hidden => {
            store::set_hidden(
                &mut tx,
                report.post_id,
                report.comment_id,
                Some(&rule.id),
                now,
            )
            .await?;
        }
        ReportState::Restored | ReportState::Overturned => {
            store::set_hidden(&mut tx, report.post_id, report.comment_id, None, now).await?;
        }
        _ => {}
    }
    let subject = report
        .comment_id
        .map_or(report.post_id.as_uuid(), |c| c.as_uuid());
    crate::audit::record(
        &mut tx,
        Some(actor.id),
        &format!("moderation.{recorded}"),
        report.subject_kind.as_str(),
        Some(subject),
        json!({"report_id": id.to_string(), "action_id": action_id.to_string(),
               "rule_id": rule.id, "note": note, "space_id": report.space_id.to_string()}),
        now,
    )
    .await?;
    let live = if next == ReportState::Dismissed {
        Vec::new()
    } else {
        let title = format!("{} {}: {}", rule.number, rule.title_en, note);
        notify(
            &mut tx,
            vec![tell(report.item_author_id, actor, &report, &title, now)],
            actor,
        )
        .await?
    };
    tx.commit().await?;
    for e in live {
        ctx.bus.publish(e);
    }
    Ok(ActionOutcome {
        id: action_id,
        report: store::find_report(&ctx.db, id)
            .await?
            .ok_or(Error::NotFound)?,
        recorded,
    })
}

/// A `moderation` notification about a report's item.
fn tell(
    to: PersonId,
    actor: &Actor,
    report: &Report,
    title: &str,
    at: time::OffsetDateTime,
) -> NewNotification {
    NewNotification {
        id: NotificationId::new(),
        recipient_id: to,
        kind: "moderation",
        actor_id: Some(actor.id),
        post_id: Some(report.post_id),
        comment_id: report.comment_id,
        space_id: None,
        subject_id: Some(report.id.as_uuid()),
        subject_title: Some(title.chars().take(300).collect()),
        created_at: at,
    }
}

/// What an appeal names: the report, or the action that hid the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealOf {
    /// A report.
    Report(ReportId),
    /// A moderator's action (its report is appealed).
    Action(ActionId),
}

/// The author of a hidden item appeals the hide, once. The appeal goes to
/// the space's other moderators (or, when there is none, to the
/// administrators); the moderator who hid the item may not decide it.
///
/// # Errors
/// `NotFound` for an unknown report or action, or one about someone else's
/// item; `Invalid` without a reason; `Conflict` (`already_appealed`,
/// `report_not_decided`, …) when the report's state allows no appeal.
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn appeal(ctx: &Ctx, actor: &Actor, of: AppealOf, reason: &str) -> Result<AppealId> {
    let report_id = match of {
        AppealOf::Report(r) => r,
        AppealOf::Action(a) => store::find_action_report(&ctx.db, a)
            .await?
            .ok_or(Error::NotFound)?,
    };
    let report = store::find_report(&ctx.db, report_id)
        .await?
        .ok_or(Error::NotFound)?;
    if report.item_author_id != actor.id {
        return Err(Error::NotFound);
    }
    let reason = check_text("reason", reason)?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let state = store::lock_report_state(&mut tx, report_id)
        .await?
        .ok_or(Error::NotFound)?;
    let next = state.next(Step::Appeal).map_err(refused)?;
    let first = report.first_moderator_id.ok_or(Error::Conflict {
        code: "report_not_decided",
        message: "only a decision to hide can be appealed".to_owned(),
    })?;
    let id = AppealId::new();
    match store::insert_appeal(
        &mut tx,
        &NewAppeal {
            id,
            report_id,
            appellant_id: actor.id,
            reason: reason.clone(),
            first_moderator_id: first,
            created_at: now,
        },
    )
    .await
    {
        Err(samspill_store::Error::Conflict { .. }) => {
            return Err(Error::Conflict {
                code: "already_appealed",
                message: "a decision can be appealed only once".to_owned(),
            });
        }
        other => other?,
    }
    if !store::set_report_state(&mut tx, report_id, state, next, now).await? {
        return Err(Error::Conflict {
            code: "conflict",
            message: "the report changed meanwhile; reload".to_owned(),
        });
    }
    crate::audit::record(
        &mut tx,
        Some(actor.id),
        "moderation.appeal",
        report.subject_kind.as_str(),
        Some(
            report
                .comment_id
                .map_or(report.post_id.as_uuid(), |c| c.as_uuid()),
        ),
        json!({"report_id": report_id.to_string(), "appeal_id": id.to_string(), "reason": reason}),
        now,
    )
    .await?;
    let mut to: Vec<PersonId> = store::list_space_moderators(&ctx.db, report.space_id)
        .await?
        .into_iter()
        .filter(|p| *p != first && *p != actor.id)
        .collect();
    if to.is_empty() {
        to = store::list_admin_ids(&ctx.db)
            .await?
            .into_iter()
            .filter(|p| *p != first && *p != actor.id)
            .collect();
    }
    let title = format!("Appeal: {reason}");
    let list = to
        .into_iter()
        .map(|p| tell(p, actor, &report, &title, now))
        .collect();
    let live = notify(&mut tx, list, actor).await?;
    tx.commit().await?;
    for e in live {
        ctx.bus.publish(e);
    }
    Ok(id)
}

/// The decision standing on a hidden item, for its author's page (to show
/// the rule and offer the appeal); `None` when nothing hides it or the
/// actor is not its author.
///
/// # Errors
/// Storage failures.
pub async fn standing_hide(
    ctx: &Ctx,
    actor: &Actor,
    post: PostId,
    comment: Option<CommentId>,
) -> Result<Option<Report>> {
    let r = store::find_standing_hide(&ctx.db, post, comment).await?;
    Ok(r.filter(|r| r.item_author_id == actor.id || actor.is_admin))
}
