//! Visions and announcements addressed to units, in the browser: what a
//! post page shows of its audience and cascade, the reach page (a table per
//! unit and an inline SVG chart over time, with a table as its text
//! alternative) and the follow-up form.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use samspill_domain::{PostId, PostKind, SpaceKind, UnitId};
use samspill_services::leadership::announcements::{self, Cascade, Day, Figures, Reach};
use samspill_services::social::posts::{self, PostDetail};
use samspill_services::{Actor, Ctx};

use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::Msgs;
use crate::i18n::announcements::{self as msgs, AnnouncementMsgs};
use crate::ui::social::home::writable_spaces;
use crate::ui::{Nav, error_page, nav, render, service_error_page};

/// Adds the reach page and the follow-up form.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    r.route("/posts/{id}/reach", get(reach_page))
        .route("/posts/{id}/follow-up", get(follow_up_page))
}

/// What a post page shows of an addressed post.
#[derive(Debug, Clone, Default)]
pub(crate) struct AddressedExtras {
    /// Addressed at all.
    pub(crate) on: bool,
    /// The addressed units' paths.
    pub(crate) units: Vec<String>,
    /// Asks for acknowledgement.
    pub(crate) requires_ack: bool,
    /// The reader is addressed and has not acknowledged.
    pub(crate) ack_due: bool,
    /// The reader is addressed and has acknowledged.
    pub(crate) acked: bool,
    /// The reader may read reach.
    pub(crate) can_reach: bool,
    /// The original `(id, title or kind)` this follows up.
    pub(crate) original: Option<(PostId, String)>,
    /// The cascade.
    pub(crate) cascade: Option<Cascade>,
    /// The reader may write a follow-up.
    pub(crate) can_follow_up: bool,
}

impl AddressedExtras {
    /// Loads them for the post's page.
    ///
    /// # Errors
    /// Storage failures.
    pub(crate) async fn load(
        ctx: &Ctx,
        actor: &Actor,
        d: &PostDetail,
    ) -> samspill_services::Result<Self> {
        let Some(a) = &d.addressed else {
            return Ok(Self::default());
        };
        let all = samspill_services::org::units::list_units(ctx, actor).await?;
        let path = |u: &UnitId| {
            all.iter()
                .find(|x| x.id == *u)
                .map(|x| x.path.clone())
                .unwrap_or_default()
        };
        let mut units: Vec<String> = a.units.iter().map(path).collect();
        units.sort();
        let addressed = announcements::is_addressed_to(ctx, actor, d.post.id).await?;
        let original = match a.cascade_of {
            Some(o) => posts::find_post(ctx, actor, o).await?.map(|p| {
                let title = if p.title.is_empty() {
                    p.author_name.clone()
                } else {
                    p.title.clone()
                };
                (p.id, title)
            }),
            None => None,
        };
        Ok(Self {
            on: true,
            units,
            requires_ack: a.requires_ack,
            ack_due: a.requires_ack && addressed && !d.acked,
            acked: a.requires_ack && addressed && d.acked,
            can_reach: announcements::can_read_reach(ctx, actor, &d.post).await?,
            original,
            cascade: announcements::cascade(ctx, actor, d.post.id).await?,
            can_follow_up: !announcements::follow_up_units(ctx, actor, d.post.id)
                .await?
                .is_empty(),
        })
    }
}

/// The composer's audience picker: the units the actor may address, when
/// one of the spaces they may write in takes addressed posts (the org
/// space or a unit's); empty for everyone else (the picker is not shown).
pub(crate) async fn composer_units(
    ctx: &Ctx,
    actor: &Actor,
    writable: &[samspill_services::social::spaces::SpaceView],
) -> Vec<(UnitId, String)> {
    if !writable
        .iter()
        .any(|s| matches!(s.kind, SpaceKind::Org | SpaceKind::Unit))
    {
        return Vec::new();
    }
    match announcements::addressable_units(ctx, actor).await {
        Ok(u) => u,
        Err(e) => {
            tracing::warn!(error = %e, "audience units unavailable");
            Vec::new()
        }
    }
}

/// A row of the reach table.
struct Row {
    path: String,
    depth: usize,
    /// `(audience, seen, acknowledged)`; `None`: suppressed.
    figures: Option<(u64, u64, u64)>,
}

/// A day of the chart's table: `(date, seen so far, acknowledged so far)`.
type Cumulative = (String, u64, u64);

#[derive(Template)]
#[template(path = "reach.html")]
struct ReachPage {
    t: &'static Msgs,
    a: &'static AnnouncementMsgs,
    nav: Option<Nav>,
    page_title: String,
    post_id: PostId,
    post_title: String,
    requires_ack: bool,
    total: Option<(u64, u64, u64)>,
    rows: Vec<Row>,
    days: Vec<Cumulative>,
    chart: String,
}

fn numbers(f: &Figures) -> Option<(u64, u64, u64)> {
    match f {
        Figures::Shown {
            audience,
            seen,
            acknowledged,
            ..
        } => Some((*audience, *seen, *acknowledged)),
        Figures::Suppressed => None,
    }
}

/// The running totals of the whole audience's days.
fn cumulative(series: &[Day]) -> Vec<Cumulative> {
    let (mut s, mut k) = (0, 0);
    series
        .iter()
        .map(|d| {
            s += d.seen;
            k += d.acknowledged;
            (d.date.to_string(), s, k)
        })
        .collect()
}

/// Escapes text for SVG (only fixed strings and numbers go in, but the
/// strings are translations).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart: seen (accent, solid) and acknowledged (muted, dashed) so far,
/// per day, against the audience. Server-rendered SVG; the page has the
/// same numbers as a table.
fn chart(a: &AnnouncementMsgs, audience: u64, days: &[Cumulative], requires_ack: bool) -> String {
    const W: f64 = 640.0;
    const H: f64 = 240.0;
    const L: f64 = 48.0;
    const R: f64 = 16.0;
    const T: f64 = 16.0;
    const B: f64 = 40.0;
    let n = days.len();
    let x = |i: usize| {
        if n <= 1 {
            L + (W - L - R) / 2.0
        } else {
            L + (W - L - R) * (i as f64) / ((n - 1) as f64)
        }
    };
    let y = |v: u64| T + (H - T - B) * (1.0 - (v as f64) / (audience.max(1) as f64));
    let line = |pick: fn(&Cumulative) -> u64| {
        days.iter()
            .enumerate()
            .map(|(i, d)| format!("{:.1},{:.1}", x(i), y(pick(d))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let dots = |pick: fn(&Cumulative) -> u64, class: &str| {
        days.iter()
            .enumerate()
            .map(|(i, d)| {
                format!(
                    r#"<circle class="{class}" cx="{:.1}" cy="{:.1}" r="3"/>"#,
                    x(i),
                    y(pick(d))
                )
            })
            .collect::<String>()
    };
    let first = days.first().map(|d| d.0.as_str()).unwrap_or_default();
    // One day: one label, under its point.
    let last = if n > 1 {
        days.last().map(|d| d.0.as_str()).unwrap_or_default()
    } else {
        ""
    };
    let mut svg = format!(
        r#"<svg class="reach-chart" viewBox="0 0 {W} {H}" role="img" aria-labelledby="reach-chart-title reach-chart-desc" xmlns="http://www.w3.org/2000/svg"><title id="reach-chart-title">{title}</title><desc id="reach-chart-desc">{desc}</desc>"#,
        title = esc(a.chart_heading),
        desc = esc(a.chart_desc),
    );
    svg.push_str(&format!(
        r#"<line class="axis" x1="{L}" y1="{T}" x2="{L}" y2="{yb}"/><line class="axis" x1="{L}" y1="{yb}" x2="{xr}" y2="{yb}"/><text class="tick" x="{tx}" y="{yt}" text-anchor="end">{audience}</text><text class="tick" x="{tx}" y="{yb}" text-anchor="end">0</text><line class="grid" x1="{L}" y1="{yt0}" x2="{xr}" y2="{yt0}"/><text class="tick" x="{fx}" y="{xl}" text-anchor="{fa}">{first}</text><text class="tick" x="{xr}" y="{xl}" text-anchor="end">{last}</text>"#,
        yb = H - B,
        xr = W - R,
        tx = L - 6.0,
        yt = T + 4.0,
        yt0 = T,
        xl = H - B + 20.0,
        fx = if n > 1 { L } else { x(0) },
        fa = if n > 1 { "start" } else { "middle" },
    ));
    if n > 1 {
        svg.push_str(&format!(
            r#"<polyline class="seen" points="{}"/>"#,
            line(|d| d.1)
        ));
        if requires_ack {
            svg.push_str(&format!(
                r#"<polyline class="acked" points="{}"/>"#,
                line(|d| d.2)
            ));
        }
    }
    svg.push_str(&dots(|d| d.1, "seen"));
    if requires_ack {
        svg.push_str(&dots(|d| d.2, "acked"));
    }
    svg.push_str(&format!(
        r#"<g class="legend"><line class="seen" x1="{lx}" y1="{ly}" x2="{lx2}" y2="{ly}"/><text x="{tx}" y="{ty}">{seen}</text>"#,
        lx = L + 8.0,
        lx2 = L + 28.0,
        ly = T + 8.0,
        tx = L + 34.0,
        ty = T + 12.0,
        seen = esc(a.seen_col),
    ));
    if requires_ack {
        svg.push_str(&format!(
            r#"<line class="acked" x1="{lx}" y1="{ly}" x2="{lx2}" y2="{ly}"/><text x="{tx}" y="{ty}">{acked}</text>"#,
            lx = L + 8.0,
            lx2 = L + 28.0,
            ly = T + 26.0,
            tx = L + 34.0,
            ty = T + 30.0,
            acked = esc(a.acked_col),
        ));
    }
    svg.push_str("</g></svg>");
    svg
}

fn depth(r: &Reach, mut parent: Option<UnitId>) -> usize {
    let mut d = 0;
    while let Some(p) = parent {
        d += 1;
        parent = r
            .units
            .iter()
            .find(|u| u.unit_id == p)
            .and_then(|u| u.parent_id);
    }
    d
}

/// `GET /posts/{id}/reach`
pub(crate) async fn reach_page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<PostId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let actor = user.actor();
    let reach = match announcements::reach(&state.ctx, &actor, id).await {
        Ok(r) => r,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let post = match posts::find_post(&state.ctx, &actor, id).await {
        Ok(Some(p)) => p,
        Ok(None) => return error_page(StatusCode::NOT_FOUND, Some(&user), &headers),
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let a = msgs::of(user.t);
    let total = numbers(&reach.total);
    let days = match &reach.total {
        Figures::Shown { series, .. } => cumulative(series),
        Figures::Suppressed => Vec::new(),
    };
    let chart = match total {
        Some((audience, ..)) if !days.is_empty() => chart(a, audience, &days, reach.requires_ack),
        _ => String::new(),
    };
    let rows = reach
        .units
        .iter()
        .map(|u| Row {
            path: u.path.clone(),
            depth: depth(&reach, u.parent_id).min(4),
            figures: numbers(&u.figures),
        })
        .collect();
    let post_title = if post.title.is_empty() {
        user.t.post_kind(&post.kind).to_owned()
    } else {
        post.title.clone()
    };
    render(&ReachPage {
        t: user.t,
        a,
        nav: nav(&state, &user, "").await,
        page_title: format!("{} \u{2014} {post_title}", a.reach_title),
        post_id: id,
        post_title,
        requires_ack: reach.requires_ack,
        total,
        rows,
        days,
        chart,
    })
}

#[derive(Template)]
#[template(path = "follow_up.html")]
struct FollowUpPage {
    t: &'static Msgs,
    a: &'static AnnouncementMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    original_id: PostId,
    original_title: String,
    kind: PostKind,
    spaces: Vec<(String, String)>,
    units: Vec<(UnitId, String)>,
}

/// `GET /posts/{id}/follow-up`: the follow-up form, for a leader of a unit
/// in the original's audience.
pub(crate) async fn follow_up_page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<PostId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let actor = user.actor();
    let post = match posts::find_post(&state.ctx, &actor, id).await {
        Ok(Some(p)) => p,
        Ok(None) => return error_page(StatusCode::NOT_FOUND, Some(&user), &headers),
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let units = match announcements::follow_up_units(&state.ctx, &actor, id).await {
        Ok(u) => u,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    if units.is_empty() {
        return service_error_page(&samspill_services::Error::Forbidden, &user, &headers);
    }
    let spaces = match writable_spaces(&state.ctx, &actor).await {
        Ok(s) => s
            .into_iter()
            .filter(|s| matches!(s.kind, SpaceKind::Unit | SpaceKind::Org))
            // The follow-up's own unit's space first.
            .map(|s| {
                let first = s.unit_id.is_some_and(|u| units.iter().any(|x| x.0 == u));
                (!first, s.id.to_string(), s.name)
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|(_, id, name)| (id, name))
            .collect(),
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let a = msgs::of(user.t);
    let original_title = if post.title.is_empty() {
        user.t.post_kind(&post.kind).to_owned()
    } else {
        post.title.clone()
    };
    render(&FollowUpPage {
        t: user.t,
        a,
        nav: nav(&state, &user, "").await,
        page_title: a.follow_up_title.to_owned(),
        csrf: user.csrf.clone(),
        original_id: id,
        original_title,
        kind: post.kind,
        spaces,
        units,
    })
}
