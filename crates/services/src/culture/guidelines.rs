//! The code of conduct: an administrator publishes numbered rules in
//! English and Norwegian as a new version (versions never change once
//! published); everyone accepts the current version before they may post or
//! comment ([`require_accepted`]), and a new version asks again, showing
//! what changed since the version they accepted. A space's owners and
//! moderators add rules of its own. Every rule has a stable id that
//! moderation cites ([`citable_rules`], [`citable_rules_for_post`]).

use samspill_domain::culture::{GuidelineRule, RuleChange, RuleId, check_rules, diff_rules};
use samspill_domain::text::free_text;
use samspill_domain::{PostId, SpaceId, ValidationError};
use samspill_store::culture::guidelines;
use samspill_store::events;
use serde_json::json;

use crate::shared::events::event;
use crate::social::spaces;
use crate::{Actor, Ctx, Error, Result};
pub use samspill_store::culture::guidelines::{CitableRule, SpaceRule, VersionView};

/// The current code of conduct as one person reads it.
#[derive(Debug, Clone)]
pub struct CurrentGuidelines {
    /// The version.
    pub version: VersionView,
    /// Its rules, by number.
    pub rules: Vec<GuidelineRule>,
    /// The reader accepted this version.
    pub accepted: bool,
    /// The latest version the reader accepted, if any.
    pub accepted_version: Option<i64>,
    /// What changed since that version (empty when there is none, or it is
    /// this one): added and changed rules, then removed ones.
    pub changes: Vec<(RuleChange, GuidelineRule)>,
}

/// Refuses a writer who has not accepted the current version. Called first
/// by every use case that writes a post or a comment.
///
/// # Errors
/// `GuidelinesNotAccepted` with the version to accept.
pub async fn require_accepted(ctx: &Ctx, actor: &Actor) -> Result<()> {
    match guidelines::acceptance(&ctx.db, actor.id).await? {
        (Some(current), accepted) if accepted != Some(current) => {
            Err(Error::GuidelinesNotAccepted { version: current })
        }
        _ => Ok(()),
    }
}

/// Whether the actor still has to accept the current version (for the
/// banner on every page).
///
/// # Errors
/// Storage failures.
pub async fn pending(ctx: &Ctx, actor: &Actor) -> Result<bool> {
    Ok(matches!(
        require_accepted(ctx, actor).await,
        Err(Error::GuidelinesNotAccepted { .. })
    ))
}

/// The current version with the reader's acceptance and what changed.
///
/// # Errors
/// `NotFound` when nothing was ever published (a database without the
/// installation's defaults).
pub async fn current(ctx: &Ctx, actor: &Actor) -> Result<CurrentGuidelines> {
    let version = guidelines::current_version(&ctx.db)
        .await?
        .ok_or(Error::NotFound)?;
    let rules = guidelines::version_rules(&ctx.db, version.version).await?;
    let (_, accepted_version) = guidelines::acceptance(&ctx.db, actor.id).await?;
    let accepted = accepted_version == Some(version.version);
    let changes = match accepted_version {
        Some(old) if old < version.version => {
            diff_rules(&guidelines::version_rules(&ctx.db, old).await?, &rules)
        }
        _ => Vec::new(),
    };
    Ok(CurrentGuidelines {
        version,
        rules,
        accepted,
        accepted_version,
        changes,
    })
}

/// One published version and its rules.
///
/// # Errors
/// `NotFound`.
pub async fn version(
    ctx: &Ctx,
    _actor: &Actor,
    n: i64,
) -> Result<(VersionView, Vec<GuidelineRule>)> {
    let v = guidelines::find_version(&ctx.db, n)
        .await?
        .ok_or(Error::NotFound)?;
    Ok((v, guidelines::version_rules(&ctx.db, n).await?))
}

/// Accepts `version`, which must be the current one.
///
/// # Errors
/// `Conflict` `not_current_version` for any other version (one that does
/// not exist, or an older one after a newer was published: read the
/// current one first).
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn accept(ctx: &Ctx, actor: &Actor, version: i64) -> Result<CurrentGuidelines> {
    let latest = guidelines::current_version(&ctx.db)
        .await?
        .ok_or(Error::NotFound)?;
    if latest.version != version {
        return Err(Error::Conflict {
            code: "not_current_version",
            message: format!(
                "version {version} is not the current version ({}); read and accept that one",
                latest.version
            ),
        });
    }
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    if guidelines::insert_acceptance(&mut tx, actor.id, version, now).await? {
        events::append_event(
            &mut tx,
            &event(
                actor,
                "guidelines.accepted",
                actor.id.as_uuid(),
                json!({"version": version}),
                now,
            ),
        )
        .await?;
    }
    tx.commit().await?;
    current(ctx, actor).await
}

/// A rule of a version to publish; `rule_id` names a rule of an earlier
/// version it replaces (keeping its id), `None` makes a new rule.
#[derive(Debug, Clone, Default)]
pub struct RuleInput {
    /// The rule it continues.
    pub rule_id: Option<RuleId>,
    /// Title in English.
    pub title_en: String,
    /// Title in Norwegian.
    pub title_nb: String,
    /// Text in English.
    pub body_en: String,
    /// Text in Norwegian.
    pub body_nb: String,
}

/// Publishes a new version (administrators): the rules in the order given,
/// numbered from 1. Everyone must accept it before they post again.
///
/// # Errors
/// `Forbidden` for others; `Invalid` (`rules`) for no rules, a missing
/// title or text, a rule given twice, or a `rule_id` that is not a rule of
/// the code.
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn publish(ctx: &Ctx, actor: &Actor, input: &[RuleInput]) -> Result<CurrentGuidelines> {
    if !actor.is_admin {
        return Err(Error::Forbidden);
    }
    let mut errors = Vec::new();
    let mut rules = Vec::with_capacity(input.len());
    for (r, n) in input.iter().zip(1_i64..) {
        let id = match r.rule_id {
            Some(id) if guidelines::is_org_rule(&ctx.db, id).await? => id,
            Some(_) => {
                errors.push(ValidationError::new(
                    "rules",
                    "unknown_rule",
                    "a rule_id that is not a rule of the code of conduct",
                ));
                RuleId::new()
            }
            None => RuleId::new(),
        };
        let mut free = |s: &str| {
            free_text("rules", s)
                .map_err(|e| errors.push(e))
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        rules.push(GuidelineRule {
            id,
            number: n,
            title_en: free(&r.title_en),
            title_nb: free(&r.title_nb),
            body_en: free(&r.body_en),
            body_nb: free(&r.body_nb),
        });
    }
    if let Err(e) = check_rules(&rules) {
        errors.extend(e);
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let version = guidelines::next_version(&mut tx).await?;
    guidelines::insert_version(&mut tx, version, Some(actor.id), now, &rules).await?;
    crate::audit::append_event_audited(
        &mut tx,
        &event(
            actor,
            "guidelines.published",
            actor.id.as_uuid(),
            json!({"version": version, "rules": rules.len()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    current(ctx, actor).await
}

/// The rules in force for a space the actor can see (the code's current
/// rules, then the space's own), or the code's alone for `None`.
///
/// # Errors
/// `NotFound` for a space the actor cannot see.
pub async fn citable_rules(
    ctx: &Ctx,
    actor: &Actor,
    space: Option<SpaceId>,
) -> Result<Vec<CitableRule>> {
    if let Some(space) = space {
        spaces::get_space(ctx, actor, space).await?;
    }
    Ok(guidelines::citable_rules(&ctx.db, space).await?)
}

/// The rules in force for a post the actor may read (what a report or a
/// moderation decision on it, or on its comments, may cite).
///
/// # Errors
/// `NotFound` for a post the actor may not read.
pub async fn citable_rules_for_post(
    ctx: &Ctx,
    actor: &Actor,
    post: PostId,
) -> Result<Vec<CitableRule>> {
    samspill_store::social::posts::find_post(&ctx.db, &actor.viewer(), post)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(guidelines::citable_rules_for_post(&ctx.db, post).await?)
}

/// A space's own rules (anyone who can see the space).
///
/// # Errors
/// `NotFound` for a space the actor cannot see.
pub async fn space_rules(ctx: &Ctx, actor: &Actor, space: SpaceId) -> Result<Vec<SpaceRule>> {
    spaces::get_space(ctx, actor, space).await?;
    Ok(guidelines::list_space_rules(&ctx.db, space).await?)
}

fn rule_text(title: &str, body: &str) -> Result<(String, String)> {
    let mut errors = Vec::new();
    let title = free_text("title", title)
        .map_err(|e| errors.push(e))
        .unwrap_or_default()
        .trim()
        .to_owned();
    let body = free_text("body", body)
        .map_err(|e| errors.push(e))
        .unwrap_or_default()
        .trim()
        .to_owned();
    if !(1..=200).contains(&title.chars().count()) {
        errors.push(ValidationError::new(
            "title",
            "required",
            "1 to 200 characters",
        ));
    }
    if !(1..=4000).contains(&body.chars().count()) {
        errors.push(ValidationError::new(
            "body",
            "required",
            "1 to 4000 characters",
        ));
    }
    if errors.is_empty() {
        Ok((title, body))
    } else {
        errors.dedup_by_key(|e| e.field);
        Err(Error::Invalid(errors))
    }
}

async fn moderated_space(ctx: &Ctx, actor: &Actor, space: SpaceId) -> Result<()> {
    let s = spaces::get_space(ctx, actor, space).await?;
    if spaces::moderates(ctx, actor, &s).await? {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Adds a rule to a space (its owners and moderators, administrators).
///
/// # Errors
/// `NotFound` for a space the actor cannot see; `Forbidden`; `Invalid`.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, space.id = %space))]
pub async fn add_space_rule(
    ctx: &Ctx,
    actor: &Actor,
    space: SpaceId,
    title: &str,
    body: &str,
) -> Result<SpaceRule> {
    moderated_space(ctx, actor, space).await?;
    let (title, body) = rule_text(title, body)?;
    let id = RuleId::new();
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let number = guidelines::insert_space_rule(&mut tx, id, space, &title, &body, now).await?;
    crate::audit::append_event_audited(
        &mut tx,
        &event(
            actor,
            "space.rule_added",
            space.as_uuid(),
            json!({"rule_id": id.to_string()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(SpaceRule {
        id,
        space_id: space,
        number,
        title,
        body,
    })
}

/// Changes one of a space's rules.
///
/// # Errors
/// As [`add_space_rule`]; `NotFound` for a rule the space does not have.
pub async fn edit_space_rule(
    ctx: &Ctx,
    actor: &Actor,
    space: SpaceId,
    rule: RuleId,
    title: &str,
    body: &str,
) -> Result<SpaceRule> {
    moderated_space(ctx, actor, space).await?;
    let (title, body) = rule_text(title, body)?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    if !guidelines::update_space_rule(&mut tx, space, rule, &title, &body, now).await? {
        return Err(Error::NotFound);
    }
    crate::audit::append_event_audited(
        &mut tx,
        &event(
            actor,
            "space.rule_changed",
            space.as_uuid(),
            json!({"rule_id": rule.to_string()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    guidelines::list_space_rules(&ctx.db, space)
        .await?
        .into_iter()
        .find(|r| r.id == rule)
        .ok_or(Error::NotFound)
}

/// Takes one of a space's rules out of force (it stays citable in past
/// decisions).
///
/// # Errors
/// As [`edit_space_rule`].
pub async fn remove_space_rule(
    ctx: &Ctx,
    actor: &Actor,
    space: SpaceId,
    rule: RuleId,
) -> Result<()> {
    moderated_space(ctx, actor, space).await?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    if !guidelines::archive_space_rule(&mut tx, space, rule, now).await? {
        return Err(Error::NotFound);
    }
    crate::audit::append_event_audited(
        &mut tx,
        &event(
            actor,
            "space.rule_removed",
            space.as_uuid(),
            json!({"rule_id": rule.to_string()}),
            now,
        ),
    )
    .await?;
    Ok(tx.commit().await?)
}
