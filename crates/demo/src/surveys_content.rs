//! The demo's pulse surveys, replayed through the survey use cases with a
//! clock set to each action's time: Henrik Lund (Data & AI) asked his units
//! an autumn pulse that has closed, answered by most of Data Platform and
//! Machine Learning but few in Analytics and in Data & AI itself, so its
//! results show charts beside suppressed units; and a December pulse that is
//! open now, which Sara Ahmed (the demo employee) has yet to answer.

use std::collections::HashSet;
use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use samspill_domain::UnitId;
use samspill_domain::surveys::RawAnswer;
use samspill_services::leadership::surveys::{self, SurveyInput};
use samspill_services::shared::clock::rfc3339;
use samspill_services::{Actor, Ctx, Error, FixedClock, Result};
use samspill_store::org::people::{self, PersonView};
use samspill_store::org::units;
use time::{Duration, OffsetDateTime};

use crate::demo::{DEMO_EMPLOYEE, DEMO_LEADER};

/// A context whose clock shows `at`.
fn at(ctx: &Ctx, at: OffsetDateTime) -> Ctx {
    let mut c = ctx.clone();
    c.clock = Arc::new(FixedClock::new(at));
    c
}

const COMMENTS: &[&str] = &[
    "More time for learning between assignments would help a lot.",
    "The team is great, but the client handovers are rushed.",
    "I would like clearer priorities from the leadership group.",
    "Fleksibiliteten med hjemmekontor betyr mye for meg.",
    "Standups could be shorter.",
    "Good mentoring from the senior consultants this autumn.",
    "Vi trenger bedre verktøy for estimering.",
    "Recognition for work at client sites is too rare.",
];

fn questions() -> Vec<(String, String)> {
    vec![
        (
            "scale".into(),
            "I know what is expected of me at work".into(),
        ),
        ("scale".into(), "I get the help I need from my team".into()),
        (
            "enps".into(),
            "How likely are you to recommend Fjordlys as a place to work?".into(),
        ),
        ("text".into(), "What is one thing we should change?".into()),
    ]
}

fn answers(rng: &mut StdRng, comment: bool) -> Vec<RawAnswer> {
    let text = if comment {
        RawAnswer::Text(COMMENTS[rng.random_range(0..COMMENTS.len())].to_owned())
    } else {
        RawAnswer::Missing
    };
    vec![
        RawAnswer::Number(rng.random_range(3..=5)),
        RawAnswer::Number(rng.random_range(2..=5)),
        RawAnswer::Number(rng.random_range(4..=10)),
        text,
    ]
}

/// How many of each unit's people answer the closed survey: most of the
/// large teams, few elsewhere (so those are suppressed).
fn share(path: &str) -> f64 {
    if path.ends_with("Data Platform") {
        0.7
    } else if path.ends_with("Machine Learning") {
        0.6
    } else if path.ends_with("Analytics") {
        0.15
    } else {
        0.3
    }
}

/// Plants the surveys; see the module documentation.
///
/// # Errors
/// Storage failures; a refused action surfaces as the service's error.
pub(crate) async fn plant(ctx: &Ctx) -> Result<()> {
    let now = ctx.clock.now();
    let everyone: Vec<PersonView> = people::list_all_people(ctx.db())
        .await?
        .into_iter()
        .filter(|p| p.is_active)
        .collect();
    let find = |email: &str| {
        everyone
            .iter()
            .find(|p| p.email == email)
            .ok_or_else(|| Error::Unexpected(format!("no {email} in the chart").into()))
    };
    let henrik = Actor::of(find(DEMO_LEADER)?);
    let sara = find(DEMO_EMPLOYEE)?.id;
    let led = units::list_units_led_by(ctx.db(), henrik.id).await?;
    let root = *led
        .first()
        .ok_or_else(|| Error::Unexpected("the demo leader leads no unit".into()))?;
    let all = units::list_units(ctx.db()).await?;
    let mut tree: HashSet<UnitId> = HashSet::from([root]);
    loop {
        let before = tree.len();
        for u in &all {
            if u.parent_id.is_some_and(|p| tree.contains(&p)) {
                tree.insert(u.id);
            }
        }
        if tree.len() == before {
            break;
        }
    }
    let mut audience: Vec<&PersonView> = everyone
        .iter()
        .filter(|p| p.unit_id.is_some_and(|u| tree.contains(&u)))
        .collect();
    audience.sort_by(|a, b| a.email.cmp(&b.email));
    let path_of = |u: Option<UnitId>| {
        all.iter()
            .find(|x| Some(x.id) == u)
            .map_or("", |x| x.path.as_str())
    };
    let mut rng = StdRng::seed_from_u64(2026);

    // The autumn pulse: opened 40 days ago for two weeks, then closed.
    let opened = now - Duration::days(40);
    let closes = opened + Duration::days(14);
    let autumn = surveys::create_survey(
        &at(ctx, opened - Duration::days(1)),
        &henrik,
        &SurveyInput {
            title: "Autumn pulse: how are we doing?".into(),
            questions: questions(),
            audience_unit_ids: vec![root],
            opens_at: rfc3339(opened),
            closes_at: rfc3339(closes),
            min_group_size: Some(5),
        },
    )
    .await?
    .survey
    .id;
    surveys::set_phase(&at(ctx, opened), &henrik, autumn, "open").await?;
    let mut t = opened + Duration::hours(2);
    for p in &audience {
        if p.id == sara || !rng.random_bool(share(path_of(p.unit_id))) {
            continue;
        }
        t += Duration::minutes(rng.random_range(20..200));
        let comment = rng.random_bool(0.5);
        let a = answers(&mut rng, comment);
        surveys::answer(
            &at(ctx, t.min(closes - Duration::hours(1))),
            &Actor::of(p),
            autumn,
            &a,
        )
        .await?;
    }
    surveys::tick(&at(ctx, closes + Duration::minutes(1))).await?;

    // The December pulse: open now for ten more days; Sara has yet to answer.
    let opened = now - Duration::days(2);
    let december = surveys::create_survey(
        &at(ctx, opened - Duration::hours(3)),
        &henrik,
        &SurveyInput {
            title: "December pulse".into(),
            questions: questions(),
            audience_unit_ids: vec![root],
            opens_at: rfc3339(opened),
            closes_at: rfc3339(now + Duration::days(10)),
            min_group_size: Some(5),
        },
    )
    .await?
    .survey
    .id;
    surveys::tick(&at(ctx, opened)).await?;
    let mut t = opened + Duration::hours(1);
    for p in audience.iter().filter(|p| p.id != sara).step_by(4) {
        t += Duration::minutes(rng.random_range(10..90));
        let a = answers(&mut rng, false);
        surveys::answer(&at(ctx, t.min(now)), &Actor::of(p), december, &a).await?;
    }
    Ok(())
}
