//! The organization tree and unit pages.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use samspill_domain::UnitId;
use samspill_services::org::people::PersonView;
use samspill_services::org::units::UnitView;
use samspill_services::{org::people, org::units};
use std::collections::HashMap;

use serde::Deserialize;

use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::{Msgs, fill};
use crate::ui::org::people::MorePeople;
use crate::ui::{Nav, error_page, render, service_error_page};

/// A unit as the tree shows it.
#[derive(Debug)]
pub(crate) struct TreeNode {
    id: UnitId,
    name: String,
    kind: String,
    members: String,
    leaders: String,
}

/// The tree flattened into nested-list steps, so the template needs no recursion.
#[derive(Debug)]
pub(crate) enum TreeStep {
    /// `<ul>`
    Open,
    /// `<li>` and the unit
    Item(TreeNode),
    /// `</li>`
    EndItem,
    /// `</ul></li>`: the end of a nested list and of the item holding it
    CloseNested,
    /// `</ul>`: the end of the outermost list
    CloseRoot,
}

/// Orders units depth-first (children by name) with their depth. Path order
/// is not depth-first: `Data Platform` sorts between `Data` and `Data/Team`.
fn depth_first(units: &[UnitView]) -> Vec<(&UnitView, usize)> {
    let mut children: HashMap<Option<UnitId>, Vec<&UnitView>> = HashMap::new();
    for u in units {
        children.entry(u.parent_id).or_default().push(u);
    }
    for list in children.values_mut() {
        list.sort_by_key(|u| u.name.to_lowercase());
    }
    let mut out = Vec::with_capacity(units.len());
    let mut stack: Vec<(&UnitView, usize)> = children
        .get(&None)
        .map(|r| r.iter().rev().map(|u| (*u, 0)).collect())
        .unwrap_or_default();
    while let Some((u, depth)) = stack.pop() {
        out.push((u, depth));
        if let Some(kids) = children.get(&Some(u.id)) {
            stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
        }
    }
    out
}

/// Turns the tree into `<ul>/<li>` steps.
fn tree_steps(
    units: &[UnitView],
    leader_names: &dyn Fn(&UnitView) -> String,
    t: &Msgs,
) -> Vec<TreeStep> {
    let mut steps = Vec::new();
    let mut prev: Option<usize> = None;
    for (u, depth) in depth_first(units) {
        match prev {
            None => steps.push(TreeStep::Open),
            Some(p) if depth > p => steps.push(TreeStep::Open),
            Some(p) => {
                steps.push(TreeStep::EndItem);
                steps.extend((depth..p).map(|_| TreeStep::CloseNested));
            }
        }
        steps.push(TreeStep::Item(TreeNode {
            id: u.id,
            name: u.name.clone(),
            kind: u.kind.clone(),
            members: fill(t.member_count, "n", &u.member_count.to_string()),
            leaders: leader_names(u),
        }));
        prev = Some(depth);
    }
    if let Some(p) = prev {
        steps.push(TreeStep::EndItem);
        steps.extend((0..p).map(|_| TreeStep::CloseNested));
        steps.push(TreeStep::CloseRoot);
    }
    steps
}

#[derive(Template)]
#[template(path = "units.html")]
struct TreePage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    tree: Vec<TreeStep>,
}

/// `GET /units`
pub(crate) async fn tree(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
) -> Response {
    let actor = user.actor();
    let units = match units::list_units(&state.ctx, &actor).await {
        Ok(u) => u,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let leader_ids: Vec<_> = units
        .iter()
        .flat_map(|u| u.leaders.iter().copied())
        .collect();
    let mut names = HashMap::new();
    for id in leader_ids {
        if let Ok(p) = people::person(&state.ctx, &actor, id).await {
            names.insert(id, p.name);
        }
    }
    let leader_names = |u: &UnitView| {
        u.leaders
            .iter()
            .filter_map(|id| names.get(id).cloned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let t = user.t;
    render(&TreePage {
        t,
        nav: crate::ui::nav(&state, &user, "org").await,
        page_title: t.org_title.to_owned(),
        tree: tree_steps(&units, &leader_names, t),
    })
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    unit: UnitView,
    member_count: String,
    ancestors: Vec<UnitView>,
    leaders: Vec<PersonView>,
    children: Vec<UnitView>,
    people: Vec<PersonView>,
    more_href: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct UnitParams {
    cursor: Option<String>,
    fragment: Option<String>,
}

/// `GET /units/{id}`
pub(crate) async fn unit(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(p): Query<UnitParams>,
) -> Response {
    let Ok(id) = id.parse::<UnitId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let d = match units::unit_detail(&state.ctx, &user.actor(), id, p.cursor.as_deref(), None).await
    {
        Ok(d) => d,
        Err(samspill_services::Error::Invalid(_)) => {
            return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
        }
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let t = user.t;
    let more_href = d
        .members
        .next_cursor
        .map(|c| format!("/units/{id}?cursor={c}"));
    if p.fragment.as_deref() == Some("more") {
        return render(&MorePeople {
            t,
            people: d.members.items,
            more_href,
        });
    }
    render(&UnitPage {
        t,
        nav: crate::ui::nav(&state, &user, "org").await,
        page_title: d.unit.name.clone(),
        member_count: fill(t.member_count, "n", &d.unit.member_count.to_string()),
        unit: d.unit,
        ancestors: d.ancestors,
        leaders: d.leaders,
        children: d.children,
        people: d.members.items,
        more_href,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, parent: Option<&UnitView>) -> UnitView {
        UnitView {
            id: UnitId::new(),
            parent_id: parent.map(|p| p.id),
            name: name.into(),
            kind: "team".into(),
            path: name.into(),
            member_count: 1,
            leaders: Vec::new(),
        }
    }

    fn markup(steps: &[TreeStep]) -> String {
        steps
            .iter()
            .map(|s| match s {
                TreeStep::Open => "<ul>".to_owned(),
                TreeStep::Item(n) => format!("<li>{}", n.name),
                TreeStep::EndItem => "</li>".to_owned(),
                TreeStep::CloseNested => "</ul></li>".to_owned(),
                TreeStep::CloseRoot => "</ul>".to_owned(),
            })
            .collect()
    }

    #[test]
    fn the_tree_nests_children_depth_first_and_closes_every_list() {
        let acme = unit("Acme", None);
        let data = unit("Data", Some(&acme));
        let dp = unit("Data Platform", Some(&acme));
        let team = unit("Team", Some(&data));
        let units = [acme.clone(), data.clone(), dp, team];
        let steps = tree_steps(&units, &|_| String::new(), &crate::i18n::EN);
        assert_eq!(
            markup(&steps),
            "<ul><li>Acme<ul><li>Data<ul><li>Team</li></ul></li><li>Data Platform</li></ul></li></ul>"
        );
    }
}
