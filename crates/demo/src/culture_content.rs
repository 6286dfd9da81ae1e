//! Culture in the demo: Fjordlys's values (raushet, mot, nysgjerrighet,
//! samspill: the same values the demo's texts speak of, at the same
//! index), praise that names its recipients and one of those values (the
//! simulation's praise posts, through [`praise_fields`]), the code of
//! conduct accepted by everyone before the simulated months begin, a
//! second version published by the administrator a month ago and accepted
//! again, and rules of its own in one community.
//!
//! Everything goes through the services' public functions on a context
//! whose clock is set to the action's time, so every rule and event
//! applies.

use std::sync::Arc;

use samspill_domain::culture::ValueId;
use samspill_domain::{PersonId, SpaceKind};
use samspill_services::culture::guidelines::{self, RuleInput};
use samspill_services::culture::values::{self, ValuePatch};
use samspill_services::social::spaces;
use samspill_services::{Actor, Ctx, Error, FixedClock, Result};
use samspill_store::org::people;
use time::Duration;

use crate::demo::DEMO_ADMIN;

/// Fjordlys's values, in the order of `vocabulary.toml`'s `values`: name,
/// description, icon.
const VALUES: [(&str, &str, &str); 4] = [
    (
        "Raushet",
        "Vi deler det vi kan, gir andre æren og hjelper uten å bli spurt.",
        "heart",
    ),
    (
        "Mot",
        "Vi sier ifra, prøver nye ting og står for feilene våre.",
        "compass",
    ),
    (
        "Nysgjerrighet",
        "Vi spør heller én gang for mye, hos kunden og hos hverandre.",
        "lightbulb",
    ),
    (
        "Samspill",
        "Vi lykkes sammen, på tvers av avdelinger og kundesteder.",
        "users",
    ),
];

fn at(ctx: &Ctx, t: time::OffsetDateTime) -> Ctx {
    let mut c = ctx.clone();
    c.clock = Arc::new(FixedClock::new(t));
    c
}

async fn admin(ctx: &Ctx) -> Result<Actor> {
    let p = people::find_person_by_email(ctx.db(), DEMO_ADMIN)
        .await?
        .ok_or_else(|| Error::Unexpected("the demo administrator is missing".into()))?;
    Ok(Actor::of(&p))
}

/// Before the simulated months (`then`): the installation's default values
/// become Fjordlys's, and everyone accepts the code of conduct.
///
/// # Errors
/// A use case that fails.
pub(crate) async fn prepare(then: &Ctx) -> Result<()> {
    let mut admin = admin(then).await?;
    admin.is_admin = true;
    let list = values::list_values(then, &admin, true).await?;
    for (v, (name, description, icon)) in list.iter().zip(VALUES) {
        let patch = ValuePatch {
            name: Some(name.to_owned()),
            description: Some(description.to_owned()),
            icon: Some(icon.to_owned()),
            archived: Some(false),
        };
        values::update_value(then, &admin, v.id, &patch).await?;
    }
    accept_for_everyone(then).await
}

async fn accept_for_everyone(ctx: &Ctx) -> Result<()> {
    let mut tx = ctx.db().begin().await?;
    samspill_store::culture::guidelines::accept_current_for_everyone(&mut tx, ctx.clock.now())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A praise post's recipients (the colleagues its template names, never
/// its author) and value (the one its text names, by index).
///
/// # Errors
/// Storage failures.
pub(crate) async fn praise_fields(
    ctx: &Ctx,
    author: PersonId,
    named: &[PersonId],
    value_index: usize,
) -> Result<(Vec<PersonId>, Option<ValueId>)> {
    let mut recipients: Vec<PersonId> = Vec::new();
    for p in named {
        if *p != author && !recipients.contains(p) {
            recipients.push(*p);
        }
    }
    let list = samspill_store::culture::values::list_values(ctx.db()).await?;
    let value = list
        .iter()
        .filter(|v| v.archived_at.is_none())
        .nth(value_index)
        .or_else(|| list.first())
        .map(|v| v.id);
    Ok((recipients, value))
}

/// After the simulated months: version 2 of the code of conduct (one rule
/// sharpened, one added) published by the administrator a month ago and
/// accepted by everyone, and rules of its own in the first community.
///
/// # Errors
/// A use case that fails.
pub(crate) async fn plant(ctx: &Ctx) -> Result<()> {
    let mut admin = admin(ctx).await?;
    admin.is_admin = true;
    let then = at(ctx, ctx.clock.now() - Duration::days(30));
    let current = guidelines::current(&then, &admin).await?;
    let mut rules: Vec<RuleInput> = current
        .rules
        .iter()
        .map(|r| RuleInput {
            rule_id: Some(r.id),
            title_en: r.title_en.clone(),
            title_nb: r.title_nb.clone(),
            body_en: r.body_en.clone(),
            body_nb: r.body_nb.clone(),
        })
        .collect();
    if let Some(r) = rules.get_mut(2) {
        r.body_en
            .push_str(" Client names in posts only where the client has agreed.");
        r.body_nb
            .push_str(" Kundenavn i innlegg bare der kunden har sagt ja.");
    }
    rules.push(RuleInput {
        rule_id: None,
        title_en: "Give credit".to_owned(),
        title_nb: "Gi æren videre".to_owned(),
        body_en: "Name the people whose work you build on and share.".to_owned(),
        body_nb: "Nevn dem hvis arbeid du bygger på og deler.".to_owned(),
    });
    guidelines::publish(&then, &admin, &rules).await?;
    accept_for_everyone(&at(ctx, ctx.clock.now() - Duration::days(29))).await?;
    let community = spaces::list_spaces(ctx, &admin)
        .await?
        .into_iter()
        .find(|s| s.kind == SpaceKind::Community);
    if let Some(space) = community {
        let rules = [
            (
                "Hold det faglig",
                "Del erfaringer, verktøy og spørsmål om faget; rekruttering og salg hører hjemme andre steder.",
            ),
            (
                "Ingen kundedata",
                "Skjermbilder og eksempler uten kundedata, også når rommet er lukket.",
            ),
        ];
        for (title, body) in rules {
            guidelines::add_space_rule(ctx, &admin, space.id, title, body).await?;
        }
    }
    Ok(())
}
