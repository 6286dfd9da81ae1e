//! Moderation in the demo: in the unit space of the demo leader (Henrik
//! Lund, who moderates it as its unit's leader), a few posts were reported
//! in the last week: one hidden, one dismissed, one hidden and appealed
//! (the appeal waits for the administrator, Ingrid Solberg, since Henrik
//! made the decision), and one report still open in Henrik's queue.
//!
//! Every step goes through the services on a context whose clock is set to
//! the step's time, so notifications and audit rows are as in real use.
//! Who writes and who reports follows the unit's members in e-mail order,
//! so the result is the same on every run.

use std::sync::Arc;

use samspill_domain::moderation::ModerationAction;
use samspill_services::moderation::{self, AppealOf, Subject};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::spaces;
use samspill_services::{Actor, Ctx, Error, FixedClock, Result};
use samspill_store::org::{people, units};
use time::Duration;

use crate::demo::DEMO_LEADER;

/// One scripted report: the post, the reason, and what happened to it.
struct Case {
    title: &'static str,
    body: &'static str,
    /// The default code of conduct's rule cited (by number).
    rule: u128,
    reason: &'static str,
    /// The leader's decision and note, if any.
    decision: Option<(ModerationAction, &'static str)>,
    /// The author's appeal, if any.
    appeal: Option<&'static str>,
}

const CASES: [Case; 4] = [
    Case {
        title: "Customer list for the spring campaign",
        body: "Here is the full list of contacts at our client, with their private phone numbers and home addresses, so we can reach them over the weekend.",
        rule: 3,
        reason: "Private phone numbers and home addresses of people outside the company.",
        decision: Some((
            ModerationAction::Hide,
            "Personal data of others does not belong in a space; share contacts through the CRM.",
        )),
        appeal: None,
    },
    Case {
        title: "Is the new travel policy a step back?",
        body: "I think the new travel policy makes it harder to visit clients. Am I the only one who feels that way?",
        rule: 1,
        reason: "Sounds negative about management.",
        decision: Some((
            ModerationAction::Dismiss,
            "Disagreeing respectfully is welcome here; nothing breaks the rules.",
        )),
        appeal: None,
    },
    Case {
        title: "Selling my old bike",
        body: "Selling my commuter bike, barely used, good price for colleagues. Send me a message!",
        rule: 4,
        reason: "Advertising in the team space.",
        decision: Some((
            ModerationAction::Hide,
            "Private sales go in the marketplace community, not the team space.",
        )),
        appeal: Some(
            "It was only meant for colleagues, and there is no marketplace in our unit; could it stay?",
        ),
    },
    Case {
        title: "Thoughts on the Friday meeting",
        body: "The Friday meeting went on far too long again, and some people clearly did not prepare at all.",
        rule: 4,
        reason: "Feels like it points at specific colleagues.",
        decision: None,
        appeal: None,
    },
];

/// A context whose clock stands `days` (and `hours`) before now.
fn at(ctx: &Ctx, days: i64, hours: i64) -> Ctx {
    let mut then = ctx.clone();
    then.clock = Arc::new(FixedClock::new(
        ctx.clock.now() - Duration::days(days) + Duration::hours(hours),
    ));
    then
}

async fn person(ctx: &Ctx, email: &str) -> Result<Actor> {
    people::find_person_by_email(ctx.db(), email)
        .await?
        .map(|p| Actor::of(&p))
        .ok_or_else(|| Error::Unexpected(format!("demo person {email} missing").into()))
}

/// Plants the moderated posts.
///
/// # Errors
/// Any refusal by the services (a bug in the script).
pub(crate) async fn plant(ctx: &Ctx) -> Result<()> {
    let leader = person(ctx, DEMO_LEADER).await?;
    let Some(unit) = units::list_units_led_by(ctx.db(), leader.id)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(());
    };
    let space = spaces::unit_space(ctx, &leader, unit).await?;
    let mut members: Vec<_> = people::list_all_people(ctx.db())
        .await?
        .into_iter()
        .filter(|p| p.unit_id == Some(unit) && p.id != leader.id)
        .collect();
    members.sort_by(|a, b| a.email.cmp(&b.email));
    if members.len() < 2 {
        return Ok(());
    }
    for (i, case) in CASES.iter().enumerate() {
        let author = Actor::of(&members[i % members.len()]);
        let reporter = Actor::of(&members[(i + 1) % members.len()]);
        let days = 7 - i64::try_from(i).unwrap_or(0);
        let post = posts::create_post(
            &at(ctx, days, 0),
            &author,
            &PostInput {
                space_id: space.id,
                kind: "discussion".to_owned(),
                title: case.title.to_owned(),
                body: case.body.to_owned(),
                options: Vec::new(),
                important: false,
                ..PostInput::default()
            },
        )
        .await?;
        let report = moderation::report(
            &at(ctx, days, 2),
            &reporter,
            Subject::Post(post.id),
            &samspill_store::culture::defaults::rule_id(case.rule).to_string(),
            case.reason,
        )
        .await?;
        if let Some((action, note)) = case.decision {
            moderation::act(
                &at(ctx, days, 5),
                &leader,
                report.id,
                action,
                &samspill_store::culture::defaults::rule_id(case.rule).to_string(),
                note,
            )
            .await?;
        }
        if let Some(reason) = case.appeal {
            moderation::appeal(
                &at(ctx, days, 9),
                &author,
                AppealOf::Report(report.id),
                reason,
            )
            .await?;
        }
    }
    Ok(())
}
