//! Visions and announcements in the demo: the CEO's vision for the whole
//! company (asking for acknowledgement), followed up by the Director of
//! Consulting for Consulting and by Henrik Lund for Data & AI (his asks for
//! acknowledgement too), so the vision shows a cascade with units that have
//! followed up and units that have not yet. Over the following days most
//! people open them and many acknowledge, so the reach pages have a chart;
//! the small units (the CEO's office, Consulting's and Data & AI's own
//! handful of people) are suppressed. Sara Ahmed has not acknowledged
//! Henrik's announcement, so it is pinned on top of her feed.
//!
//! Every action goes through the services on a context whose clock is set
//! to the action's time; who reads and acknowledges follows from the chart
//! in e-mail order, so the result is the same on every run.

use std::sync::Arc;

use samspill_domain::{PostId, SpaceKind, UnitId};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::spaces;
use samspill_services::{Actor, Ctx, Error, FixedClock, Result};
use samspill_store::org::people::{self, PersonView};
use samspill_store::org::units;
use time::{Duration, OffsetDateTime, Time};

fn at(ctx: &Ctx, at: OffsetDateTime) -> Ctx {
    let mut c = ctx.clone();
    c.clock = Arc::new(FixedClock::new(at));
    c
}

fn missing(what: &str) -> Error {
    Error::Unexpected(format!("demo visions: no {what}").into())
}

async fn leader_of(ctx: &Ctx, everyone: &[PersonView], unit: UnitId) -> Result<Actor> {
    let id = *units::list_leader_ids(ctx.db(), unit)
        .await?
        .first()
        .ok_or_else(|| missing("leader"))?;
    everyone
        .iter()
        .find(|p| p.id == id)
        .map(Actor::of)
        .ok_or_else(|| missing("leader in the chart"))
}

async fn space(
    ctx: &Ctx,
    a: &Actor,
    kind: SpaceKind,
    unit: Option<UnitId>,
) -> Result<samspill_domain::SpaceId> {
    Ok(spaces::list_spaces(ctx, a)
        .await?
        .into_iter()
        .find(|s| s.kind == kind && (unit.is_none() || s.unit_id == unit))
        .ok_or_else(|| missing("space"))?
        .id)
}

/// One addressed post, written at `t`.
struct Addressed<'a> {
    author: &'a Actor,
    space: samspill_domain::SpaceId,
    kind: &'a str,
    title: &'a str,
    body: &'a str,
    units: Vec<UnitId>,
    requires_ack: bool,
    cascade_of: Option<PostId>,
}

async fn write(ctx: &Ctx, t: OffsetDateTime, a: Addressed<'_>) -> Result<PostId> {
    Ok(posts::create_post(
        &at(ctx, t),
        a.author,
        &PostInput {
            space_id: a.space,
            kind: a.kind.to_owned(),
            title: a.title.to_owned(),
            body: a.body.to_owned(),
            audience_unit_ids: a.units,
            requires_ack: a.requires_ack,
            cascade_of: a.cascade_of,
            ..PostInput::default()
        },
    )
    .await?
    .id)
}

/// Over the days after `from`, most of the audience opens the post and
/// (when it asks) some acknowledge it; `skip` never acknowledges.
async fn read_by(
    ctx: &Ctx,
    post: PostId,
    audience: &[&PersonView],
    from: OffsetDateTime,
    salt: usize,
    skip: &str,
) -> Result<()> {
    for (i, p) in audience.iter().enumerate() {
        let k = (i * 7 + salt) % 20;
        if k >= 16 {
            continue; // About one in five never opens it.
        }
        let reader = Actor::of(p);
        let day = i64::try_from((i + salt) % 6).unwrap_or(0);
        let t = from + Duration::days(day) + Duration::minutes(i64::try_from(i % 400).unwrap_or(0));
        posts::get_post(&at(ctx, t), &reader, post).await?;
        if k < 10 && p.email != skip {
            posts::acknowledge(&at(ctx, t + Duration::minutes(3)), &reader, post).await?;
        }
    }
    Ok(())
}

/// Plants the visions; see the module documentation.
///
/// # Errors
/// Storage failures; a missing unit or leader in the chart is `Unexpected`.
pub(crate) async fn plant(ctx: &Ctx) -> Result<()> {
    let now = ctx.clock.now();
    let mut everyone: Vec<PersonView> = people::list_all_people(ctx.db())
        .await?
        .into_iter()
        .filter(|p| p.is_active)
        .collect();
    everyone.sort_by(|a, b| a.email.cmp(&b.email));
    let all = units::list_units(ctx.db()).await?;
    let by_path = |path: &str| {
        all.iter()
            .find(|u| u.path == path)
            .map(|u| u.id)
            .ok_or_else(|| missing(path))
    };
    let root = by_path("Fjordlys")?;
    let consulting = by_path("Fjordlys/Consulting")?;
    let data_ai = by_path("Fjordlys/Consulting/Data & AI")?;
    let under = |unit: UnitId, root: UnitId| {
        let mut at = Some(unit);
        while let Some(u) = at {
            if u == root {
                return true;
            }
            at = all.iter().find(|x| x.id == u).and_then(|x| x.parent_id);
        }
        false
    };
    let in_tree = |root: UnitId| -> Vec<&PersonView> {
        everyone
            .iter()
            .filter(|p| p.unit_id.is_some_and(|u| under(u, root)))
            .collect()
    };
    let ceo = leader_of(ctx, &everyone, root).await?;
    let director = leader_of(ctx, &everyone, consulting).await?;
    let henrik = everyone
        .iter()
        .find(|p| p.email == "henrik.lund@fjordlys.no")
        .map(Actor::of)
        .ok_or_else(|| missing("Henrik Lund"))?;
    let morning = |days: i64| {
        (now - Duration::days(days))
            .replace_time(Time::from_hms(8, 15, 0).unwrap_or(Time::MIDNIGHT))
    };

    let t = morning(14);
    let vision = write(
        ctx,
        t,
        Addressed {
            author: &ceo,
            space: space(ctx, &ceo, SpaceKind::Org, None).await?,
            kind: "vision",
            title: "Fjordlys 2028: the consultancy people choose to work with",
            body: "In three years we want clients to pick us because our people **work together \
                   across units** as naturally as they do in a team.\n\n\
                   - Every engagement staffed across at least two units\n\
                   - Half of our lessons learnt shared here, not in slide decks\n\
                   - A leader in every unit who explains decisions before they are made\n\n\
                   Please read it, and tell your leader what it means for your work.",
            units: vec![root],
            requires_ack: true,
            cascade_of: None,
        },
    )
    .await?;
    read_by(ctx, vision, &in_tree(root), t + Duration::hours(1), 0, "").await?;

    let t = morning(12);
    let consulting_space = space(ctx, &director, SpaceKind::Unit, Some(consulting)).await?;
    write(
        ctx,
        t,
        Addressed {
            author: &director,
            space: consulting_space,
            kind: "announcement",
            title: "Fjordlys 2028 for Consulting",
            body: "For Consulting this means mixed teams by default: from next quarter every bid \
                   names people from two practices. Your team leads will say what it means for you.",
            units: vec![consulting],
            requires_ack: false,
            cascade_of: Some(vision),
        },
    )
    .await?;

    let t = morning(10);
    let data_space = space(ctx, &henrik, SpaceKind::Unit, Some(data_ai)).await?;
    let local = write(
        ctx,
        t,
        Addressed {
            author: &henrik,
            space: data_space,
            kind: "announcement",
            title: "What Fjordlys 2028 means for Data & AI",
            body: "Three concrete changes for us:\n\n\
                   1. Platform and ML pair on every new engagement.\n\
                   2. One lesson learnt per engagement, posted here.\n\
                   3. I explain the staffing decisions in our space before they are made.\n\n\
                   Please confirm you have read this.",
            units: vec![data_ai],
            requires_ack: true,
            cascade_of: Some(vision),
        },
    )
    .await?;
    read_by(
        ctx,
        local,
        &in_tree(data_ai),
        t + Duration::hours(2),
        3,
        "sara.ahmed@fjordlys.no",
    )
    .await
}
