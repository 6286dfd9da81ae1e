//! The organization tree as the product shows it: the whole tree, and a
//! unit's page with its leaders, members (paged), children and ancestors.

use samspill_domain::{PersonId, UnitId};
use samspill_store::org::people::{self, PeopleFilter, PersonView};
use samspill_store::org::units;

use crate::shared::page::{self, Page};
use crate::{Actor, Ctx, Error, Result};
pub use samspill_store::org::units::UnitView;

/// One unit's page.
#[derive(Debug, Clone)]
pub struct UnitDetail {
    /// The unit.
    pub unit: UnitView,
    /// Its leaders, by name.
    pub leaders: Vec<PersonView>,
    /// A page of its direct members, by name.
    pub members: Page<PersonView>,
    /// Its direct children.
    pub children: Vec<UnitView>,
    /// Its ancestors, root first.
    pub ancestors: Vec<UnitView>,
}

/// The whole tree, parents before children.
///
/// # Errors
/// Storage failures only.
pub async fn list_units(ctx: &Ctx, _actor: &Actor) -> Result<Vec<UnitView>> {
    Ok(units::list_units(&ctx.db).await?)
}

/// A unit's page.
///
/// # Errors
/// `NotFound` for an unknown unit, `Invalid` for a bad cursor or limit.
pub async fn unit_detail(
    ctx: &Ctx,
    actor: &Actor,
    id: UnitId,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<UnitDetail> {
    let unit = units::find_unit(&ctx.db, id)
        .await?
        .ok_or(Error::NotFound)?;
    let limit = page::limit(limit)?;
    let after: Option<(String, PersonId)> = cursor.map(page::decode).transpose()?;
    let filter = PeopleFilter {
        query: None,
        unit_id: Some(id),
    };
    let rows = people::list_people(&ctx.db, &filter, after.as_ref(), limit + 1).await?;
    let members = page::split(rows, limit, |p| page::encode(&(&p.sort_key, p.id)));
    let leaders = people::list_people_by_ids(&ctx.db, &unit.leaders).await?;
    let children = units::list_children(&ctx.db, id).await?;
    let mut ancestors = Vec::new();
    let mut parent = unit.parent_id;
    while let Some(pid) = parent {
        let Some(p) = units::find_unit(&ctx.db, pid).await? else {
            break;
        };
        parent = p.parent_id;
        ancestors.push(p);
    }
    ancestors.reverse();
    let _ = actor;
    Ok(UnitDetail {
        unit,
        leaders,
        members,
        children,
        ancestors,
    })
}
