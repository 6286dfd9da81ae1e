//! Visions and announcements addressed to units: who may address whom, the
//! audience reached through the feed, "I have read this", reach (released
//! only through `samspill_domain::suppression`) and cascades.
//!
//! Rules:
//! - **Who may address which units.** A leader may address the units they
//!   lead and every unit below them; an administrator any unit. Others get
//!   403. Only visions and announcements are addressed.
//! - **Where the post lives.** In the org space or a unit's space, the
//!   spaces everyone signed in may read, so every audience member can read
//!   it and the visibility predicate (`store::visibility`) decides every
//!   read as for any post. In a unit's space, people outside the audience
//!   see it in their feed only as they would any post of that space (its
//!   members, its followers, the author's followers); in the org space it
//!   is in everyone's feed, as every org-space post is.
//! - **Audience.** Everyone active whose primary unit is an addressed unit
//!   or below one, when the post is written (`announcement_people`). It is
//!   written to their timelines in the post's transaction, so people who
//!   follow nothing get it too, and with `requires_ack` it is pinned on top
//!   of their feed until they acknowledge it.
//! - **Reach** is for the author and the leaders of the addressed units.
//! - **Cascades.** A follow-up (`cascade_of`) addresses only units inside
//!   the original's audience that its writer may address. The original's
//!   cascade lists the direct sub-units of its addressed units that have a
//!   leader: followed up when a follow-up addresses the unit or a unit
//!   below it.

use std::collections::{BTreeMap, HashMap, HashSet};

use samspill_domain::suppression::{self, Cell, Group, REACH_MIN};
use samspill_domain::{PersonId, PostId, PostKind, SpaceKind, UnitId, ValidationError};
use samspill_store::Tx;
use samspill_store::leadership::announcements::{self as store, NewAnnouncement, ReachRow};
use samspill_store::org::units;
use samspill_store::social::notifications::NewNotification;
use samspill_store::social::posts;
use samspill_store::social::spaces::SpaceView;
use time::{Date, OffsetDateTime};

use crate::shared::notify::notification;
use crate::{Actor, Ctx, Error, Result};
pub use samspill_store::leadership::announcements::{Addressed, CascadePost};

/// The addressed part of a post to write, as checked.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    units: Vec<UnitId>,
    requires_ack: bool,
    cascade_of: Option<(PostId, PersonId)>,
}

impl Plan {
    /// What the post's detail shows of it.
    pub(crate) fn addressed(self) -> Addressed {
        Addressed {
            units: self.units,
            requires_ack: self.requires_ack,
            cascade_of: self.cascade_of.map(|c| c.0),
        }
    }
}

fn invalid(field: &'static str, code: &'static str, message: &str) -> Error {
    ValidationError::new(field, code, message).into()
}

/// The unit ids the actor may address: `None` for an administrator (any),
/// else the subtrees of the units they lead.
async fn scope(ctx: &Ctx, actor: &Actor) -> Result<Option<HashSet<UnitId>>> {
    if actor.is_admin {
        return Ok(None);
    }
    let mut out = HashSet::new();
    for unit in units::list_units_led_by(&ctx.db, actor.id).await? {
        out.extend(units::list_subtree_ids(&ctx.db, unit).await?);
    }
    Ok(Some(out))
}

/// The addressed units and every unit below them.
async fn audience_units(ctx: &Ctx, addressed: &[UnitId]) -> Result<HashSet<UnitId>> {
    let mut out = HashSet::new();
    for unit in addressed {
        out.extend(units::list_subtree_ids(&ctx.db, *unit).await?);
    }
    Ok(out)
}

/// Checks the addressed fields of a post to write (`None`: not addressed).
///
/// # Errors
/// `Forbidden` for someone who leads nothing (and is no administrator);
/// `Invalid` for an audience on another kind or outside a readable space,
/// units outside the actor's scope, or a `cascade_of` that is not a vision
/// or announcement whose audience holds the follow-up's units.
pub(crate) async fn check(
    ctx: &Ctx,
    actor: &Actor,
    kind: PostKind,
    space: &SpaceView,
    audience: &[UnitId],
    requires_ack: bool,
    cascade_of: Option<PostId>,
) -> Result<Option<Plan>> {
    if audience.is_empty() {
        if requires_ack || cascade_of.is_some() {
            return Err(invalid(
                "audience_unit_ids",
                "required",
                "choose the units this is addressed to",
            ));
        }
        return Ok(None);
    }
    if !matches!(kind, PostKind::Vision | PostKind::Announcement) {
        return Err(invalid(
            "audience_unit_ids",
            "invalid",
            "only visions and announcements are addressed to units",
        ));
    }
    if !matches!(space.kind, SpaceKind::Org | SpaceKind::Unit) {
        return Err(invalid(
            "space_id",
            "invalid",
            "an addressed post goes in the org space or a unit's space",
        ));
    }
    let scope = scope(ctx, actor).await?;
    if scope.as_ref().is_some_and(HashSet::is_empty) {
        return Err(Error::Forbidden);
    }
    let mut units_wanted = audience.to_vec();
    units_wanted.sort_unstable();
    units_wanted.dedup();
    for unit in &units_wanted {
        let known = units::find_unit(&ctx.db, *unit).await?.is_some();
        if !known || scope.as_ref().is_some_and(|s| !s.contains(unit)) {
            return Err(invalid(
                "audience_unit_ids",
                "outside_scope",
                "address units you lead (or units below them)",
            ));
        }
    }
    let cascade_of = match cascade_of {
        None => None,
        Some(original) => Some(check_cascade(ctx, actor, original, &units_wanted).await?),
    };
    Ok(Some(Plan {
        units: units_wanted,
        requires_ack,
        cascade_of,
    }))
}

async fn check_cascade(
    ctx: &Ctx,
    actor: &Actor,
    original: PostId,
    units_wanted: &[UnitId],
) -> Result<(PostId, PersonId)> {
    let refused = || {
        invalid(
            "cascade_of",
            "invalid",
            "follow up a vision or announcement addressed to the units you lead",
        )
    };
    let Some(post) = posts::find_post(&ctx.db, &actor.viewer(), original).await? else {
        return Err(refused());
    };
    let Some(addressed) = store::find(&ctx.db, original).await? else {
        return Err(refused());
    };
    let inside = audience_units(ctx, &addressed.units).await?;
    if !units_wanted.iter().all(|u| inside.contains(u)) {
        return Err(refused());
    }
    Ok((post.id, post.author_id))
}

/// Records an addressed post in its transaction: its audience, their
/// timelines; answers the notifications to send in the same transaction
/// (`announcement` to the audience of a post asking for acknowledgement,
/// `cascade` to the original's author).
pub(crate) async fn record(
    tx: &mut Tx,
    actor: &Actor,
    post: PostId,
    plan: &Plan,
    now: OffsetDateTime,
) -> Result<Vec<NewNotification>> {
    let people = store::insert(
        tx,
        &NewAnnouncement {
            post_id: post,
            requires_ack: plan.requires_ack,
            cascade_of: plan.cascade_of.map(|c| c.0),
            units: plan.units.clone(),
            created_at: now,
        },
    )
    .await?;
    store::fan_out(tx, post, now).await?;
    let mut list = Vec::new();
    if plan.requires_ack {
        list.extend(
            people
                .into_iter()
                .map(|p| notification(p, "announcement", actor, post, None, now)),
        );
    }
    if let Some((_, author)) = plan.cascade_of {
        list.push(notification(author, "cascade", actor, post, None, now));
    }
    Ok(list)
}

/// What makes a post addressed (`None` for others). The caller has checked
/// that the actor may read it.
///
/// # Errors
/// Storage failures.
pub async fn addressed(ctx: &Ctx, post: PostId) -> Result<Option<Addressed>> {
    Ok(store::find(&ctx.db, post).await?)
}

/// Was the actor in the post's audience?
///
/// # Errors
/// Storage failures.
pub async fn is_addressed_to(ctx: &Ctx, actor: &Actor, post: PostId) -> Result<bool> {
    Ok(store::is_addressed_to(&ctx.db, post, actor.id).await?)
}

/// The units the actor may address, `(id, path)` in path order (the
/// composer's audience picker).
///
/// # Errors
/// Storage failures.
pub async fn addressable_units(ctx: &Ctx, actor: &Actor) -> Result<Vec<(UnitId, String)>> {
    crate::leadership::consultations::addressable_units(ctx, actor).await
}

/// The units the actor may address in a follow-up of `original`: those in
/// its audience that they may address. Empty when they may not follow it up.
///
/// # Errors
/// Storage failures.
pub async fn follow_up_units(
    ctx: &Ctx,
    actor: &Actor,
    original: PostId,
) -> Result<Vec<(UnitId, String)>> {
    let Some(addressed) = store::find(&ctx.db, original).await? else {
        return Ok(Vec::new());
    };
    // The subtrees the actor leads (being an administrator leads nothing:
    // the action is for the leaders inside the audience).
    let mut scope = HashSet::new();
    for unit in units::list_units_led_by(&ctx.db, actor.id).await? {
        scope.extend(units::list_subtree_ids(&ctx.db, unit).await?);
    }
    let inside = audience_units(ctx, &addressed.units).await?;
    Ok(units::list_units(&ctx.db)
        .await?
        .into_iter()
        .filter(|u| scope.contains(&u.id) && inside.contains(&u.id))
        .map(|u| (u.id, u.path))
        .collect())
}

/// One day of reach: first views and acknowledgements that day (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    /// The day.
    pub date: Date,
    /// First views that day.
    pub seen: u64,
    /// Acknowledgements that day.
    pub acknowledged: u64,
}

/// Released figures of a unit (with everything below it) or of the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figures {
    /// Shown: audience, seen, acknowledged, per day.
    Shown {
        /// Audience members.
        audience: u64,
        /// Of those, how many have opened it.
        seen: u64,
        /// Of those, how many said "I have read this".
        acknowledged: u64,
        /// Per day, oldest first, days with neither left out.
        series: Vec<Day>,
    },
    /// Fewer than the threshold, or it would let such a unit be computed.
    Suppressed,
}

/// One unit's reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitReach {
    /// The unit.
    pub unit_id: UnitId,
    /// Its path.
    pub path: String,
    /// Its parent among the listed units.
    pub parent_id: Option<UnitId>,
    /// What may be shown.
    pub figures: Figures,
}

/// A post's reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// The post.
    pub post_id: PostId,
    /// Whether it asks for acknowledgement.
    pub requires_ack: bool,
    /// Everyone listed.
    pub total: Figures,
    /// The addressed units and every unit below them, in path order.
    pub units: Vec<UnitReach>,
}

/// A listed unit: `(id, parent among the listed or None, path)`.
pub type ListedUnit = (UnitId, Option<UnitId>, String);

/// The suppression groups of a reach view: per listed unit, the audience
/// directly in it (population = count).
#[must_use]
pub fn groups(listed: &[ListedUnit], rows: &[ReachRow]) -> Vec<Group<UnitId>> {
    let mut direct: HashMap<UnitId, u64> = HashMap::new();
    for r in rows {
        *direct.entry(r.unit_id).or_default() += 1;
    }
    listed
        .iter()
        .map(|(id, parent, _)| {
            let n = direct.get(id).copied().unwrap_or(0);
            Group {
                key: *id,
                parent: *parent,
                population: n,
                count: n,
            }
        })
        .collect()
}

fn figures(cell: Cell, rows: &[&ReachRow]) -> Figures {
    let Cell::Shown { population, .. } = cell else {
        return Figures::Suppressed;
    };
    let mut days: BTreeMap<Date, (u64, u64)> = BTreeMap::new();
    let (mut seen, mut acknowledged) = (0, 0);
    for r in rows {
        if let Some(at) = r.seen_at {
            seen += 1;
            days.entry(at.date()).or_default().0 += 1;
        }
        if let Some(at) = r.acked_at {
            acknowledged += 1;
            days.entry(at.date()).or_default().1 += 1;
        }
    }
    Figures::Shown {
        audience: population,
        seen,
        acknowledged,
        series: days
            .into_iter()
            .map(|(date, (seen, acknowledged))| Day {
                date,
                seen,
                acknowledged,
            })
            .collect(),
    }
}

/// Reach from the listed units and the audience's rows: every figure comes
/// out of ONE `suppression::release` over the listed units with k =
/// [`REACH_MIN`]; seen, acknowledged and the days only for shown cells.
/// Audience members whose unit is not listed (the tree changed since) are
/// left out of everything.
#[must_use]
pub fn assemble(
    post_id: PostId,
    requires_ack: bool,
    listed: &[ListedUnit],
    rows: &[ReachRow],
) -> Reach {
    let groups = groups(listed, rows);
    let release = suppression::release(&groups, REACH_MIN);
    let parent: HashMap<UnitId, Option<UnitId>> = listed.iter().map(|(u, p, _)| (*u, *p)).collect();
    // Is `unit` `root` or below it, among the listed units?
    let under = |mut unit: UnitId, root: UnitId| loop {
        if unit == root {
            return true;
        }
        match parent.get(&unit).copied().flatten() {
            Some(p) => unit = p,
            None => return false,
        }
    };
    let rows: Vec<&ReachRow> = rows
        .iter()
        .filter(|r| parent.contains_key(&r.unit_id))
        .collect();
    let units = listed
        .iter()
        .zip(&release.groups)
        .map(|((id, parent_id, path), (_, cell))| {
            let mine: Vec<&ReachRow> = rows
                .iter()
                .copied()
                .filter(|r| under(r.unit_id, *id))
                .collect();
            UnitReach {
                unit_id: *id,
                path: path.clone(),
                parent_id: *parent_id,
                figures: figures(*cell, &mine),
            }
        })
        .collect();
    Reach {
        post_id,
        requires_ack,
        total: figures(release.total, &rows),
        units,
    }
}

/// The listed units of a reach view: the addressed units and every unit
/// below them, in path order, each with its parent when that is listed too.
async fn listed_units(ctx: &Ctx, addressed: &[UnitId]) -> Result<Vec<ListedUnit>> {
    let inside = audience_units(ctx, addressed).await?;
    let mut all: Vec<_> = units::list_units(&ctx.db)
        .await?
        .into_iter()
        .filter(|u| inside.contains(&u.id))
        .collect();
    all.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(all
        .into_iter()
        .map(|u| {
            let parent = u.parent_id.filter(|p| inside.contains(p));
            (u.id, parent, u.path)
        })
        .collect())
}

/// May the actor read the reach of this addressed post (its author, or a
/// leader of an addressed unit)?
async fn may_read_reach(
    ctx: &Ctx,
    actor: &Actor,
    author: PersonId,
    addressed: &Addressed,
) -> Result<bool> {
    if author == actor.id {
        return Ok(true);
    }
    let led = units::list_units_led_by(&ctx.db, actor.id).await?;
    Ok(addressed.units.iter().any(|u| led.contains(u)))
}

/// Whether the actor may read the post's reach (for the link to it).
///
/// # Errors
/// Storage failures.
pub async fn can_read_reach(ctx: &Ctx, actor: &Actor, post: &posts::PostView) -> Result<bool> {
    match store::find(&ctx.db, post.id).await? {
        Some(a) => may_read_reach(ctx, actor, post.author_id, &a).await,
        None => Ok(false),
    }
}

/// A post's reach, for its author and the leaders of its addressed units.
///
/// # Errors
/// `NotFound` for a post the actor may not read or that is not addressed;
/// `Forbidden` for other readers.
pub async fn reach(ctx: &Ctx, actor: &Actor, id: PostId) -> Result<Reach> {
    let post = posts::find_post(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    let addressed = store::find(&ctx.db, id).await?.ok_or(Error::NotFound)?;
    if !may_read_reach(ctx, actor, post.author_id, &addressed).await? {
        return Err(Error::Forbidden);
    }
    let listed = listed_units(ctx, &addressed.units).await?;
    let rows = store::reach_rows(&ctx.db, id).await?;
    Ok(assemble(id, addressed.requires_ack, &listed, &rows))
}

/// A unit expected to follow an original up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CascadeUnit {
    /// The unit.
    pub unit_id: UnitId,
    /// Its path.
    pub path: String,
    /// The first follow-up addressed to it or below it, if any.
    pub followed_up_by: Option<PostId>,
}

/// An original's cascade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cascade {
    /// The direct sub-units of the addressed units that have a leader.
    pub units: Vec<CascadeUnit>,
    /// Every follow-up the reader may read, oldest first.
    pub follow_ups: Vec<CascadePost>,
}

/// The cascade of an addressed post: which units followed up and which not
/// yet (`None` for a post that is not addressed). The caller has checked
/// that the actor may read the post; follow-ups are filtered by the
/// visibility predicate.
///
/// # Errors
/// Storage failures.
pub async fn cascade(ctx: &Ctx, actor: &Actor, id: PostId) -> Result<Option<Cascade>> {
    let Some(addressed) = store::find(&ctx.db, id).await? else {
        return Ok(None);
    };
    let follow_ups = store::list_cascades(&ctx.db, &actor.viewer(), id).await?;
    let all = units::list_units(&ctx.db).await?;
    let parent: HashMap<UnitId, Option<UnitId>> = all.iter().map(|u| (u.id, u.parent_id)).collect();
    let under = |mut unit: UnitId, root: UnitId| loop {
        if unit == root {
            return true;
        }
        match parent.get(&unit).copied().flatten() {
            Some(p) => unit = p,
            None => return false,
        }
    };
    let mut expected: Vec<_> = all
        .iter()
        .filter(|u| {
            u.parent_id.is_some_and(|p| addressed.units.contains(&p))
                && !addressed.units.contains(&u.id)
                && !u.leaders.is_empty()
        })
        .collect();
    expected.sort_by(|a, b| a.path.cmp(&b.path));
    let units = expected
        .into_iter()
        .map(|u| CascadeUnit {
            unit_id: u.id,
            path: u.path.clone(),
            followed_up_by: follow_ups
                .iter()
                .find(|f| f.units.iter().any(|x| under(*x, u.id)))
                .map(|f| f.post_id),
        })
        .collect();
    Ok(Some(Cascade { units, follow_ups }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u8) -> OffsetDateTime {
        time::macros::datetime!(2026-03-01 12:00 UTC) + time::Duration::days(i64::from(day))
    }

    #[test]
    fn a_small_unit_is_suppressed_and_its_parent_too_when_it_could_be_subtracted() {
        let root = UnitId::new();
        let big = UnitId::new();
        let small = UnitId::new();
        let listed = vec![
            (root, None, "A".to_owned()),
            (big, Some(root), "A/Big".to_owned()),
            (small, Some(root), "A/Small".to_owned()),
        ];
        let mut rows = Vec::new();
        for i in 0..12 {
            rows.push(ReachRow {
                unit_id: big,
                seen_at: (i < 8).then(|| at(1)),
                acked_at: (i < 3).then(|| at(2)),
            });
        }
        for _ in 0..4 {
            rows.push(ReachRow {
                unit_id: small,
                seen_at: Some(at(1)),
                acked_at: None,
            });
        }
        let reach = assemble(PostId::new(), true, &listed, &rows);
        let cell = |u: UnitId| {
            reach
                .units
                .iter()
                .find(|r| r.unit_id == u)
                .unwrap()
                .figures
                .clone()
        };
        assert_eq!(cell(small), Figures::Suppressed);
        // Root (16) minus Big (12) would give Small: one of them goes.
        assert!(cell(root) == Figures::Suppressed || cell(big) == Figures::Suppressed);
        for u in &reach.units {
            if let Figures::Shown { audience, .. } = u.figures {
                assert!(audience >= REACH_MIN);
            }
        }
    }

    #[test]
    fn shown_figures_count_the_subtree_by_day() {
        let root = UnitId::new();
        let listed = vec![(root, None, "A".to_owned())];
        let rows: Vec<ReachRow> = (0..10)
            .map(|i| ReachRow {
                unit_id: root,
                seen_at: (i < 6).then(|| at(u8::from(i < 2))),
                acked_at: (i < 2).then(|| at(3)),
            })
            .collect();
        let reach = assemble(PostId::new(), true, &listed, &rows);
        let Figures::Shown {
            audience,
            seen,
            acknowledged,
            series,
        } = &reach.units[0].figures
        else {
            panic!("shown")
        };
        assert_eq!((*audience, *seen, *acknowledged), (10, 6, 2));
        let by_day: Vec<(u64, u64)> = series.iter().map(|d| (d.seen, d.acknowledged)).collect();
        assert_eq!(by_day, [(4, 0), (2, 0), (0, 2)]);
        assert_eq!(reach.total, reach.units[0].figures);
    }
}
