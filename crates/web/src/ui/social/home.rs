//! The front page: the composer, pinned important posts and the home feed,
//! beside where I belong, who I report to and my colleagues.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use samspill_domain::SpaceId;
use samspill_services::org::people::PersonView;
use samspill_services::org::units::UnitView;
use samspill_services::social::posts::PostView;
use samspill_services::social::spaces::SpaceView;
use samspill_services::{Actor, Ctx, org::people, org::units, social::feed, social::spaces};
use serde::Deserialize;

use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::{Msgs, fill};
use crate::ui::{Nav, nav, render, service_error_page};

/// The spaces the actor may post in.
pub(crate) async fn writable_spaces(
    ctx: &Ctx,
    actor: &Actor,
) -> samspill_services::Result<Vec<SpaceView>> {
    let mut out = Vec::new();
    for s in spaces::list_spaces(ctx, actor).await? {
        if spaces::can_take_part(ctx, actor, &s).await? {
            out.push(s);
        }
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    welcome: String,
    unit: Option<UnitView>,
    reports_to: Vec<PersonView>,
    leads: Vec<UnitView>,
    colleagues: Vec<PersonView>,
    csrf: String,
    writable: Vec<SpaceView>,
    /// The audience picker's units (leaders and administrators).
    audience_units: Vec<(samspill_domain::UnitId, String)>,
    kinds: &'static [samspill_domain::PostKind],
    composer_open: bool,
    composer_error: Option<String>,
    composer_space: Option<SpaceId>,
    pinned: Vec<PostView>,
    posts: Vec<PostView>,
    more_href: Option<String>,
    /// Open surveys to answer: `(id, sentence)`.
    survey_banner: Vec<(String, String)>,
    survey_cta: &'static str,
}

/// A page of posts swapped in by "load more".
#[derive(Template)]
#[template(path = "posts_more.html")]
pub(crate) struct MorePosts {
    pub(crate) t: &'static Msgs,
    pub(crate) posts: Vec<PostView>,
    pub(crate) more_href: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct FeedParams {
    cursor: Option<String>,
    fragment: Option<String>,
}

/// `GET /`
pub(crate) async fn home(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Query(p): Query<FeedParams>,
) -> Response {
    let actor = user.actor();
    let t = user.t;
    let f = match feed::home(&state.ctx, &actor, p.cursor.as_deref(), None).await {
        Ok(f) => f,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let more_href = f.posts.next_cursor.map(|c| format!("/?cursor={c}"));
    if p.fragment.as_deref() == Some("more") {
        return render(&MorePosts {
            t,
            posts: f.posts.items,
            more_href,
        });
    }
    let result = async {
        let me = people::me(&state.ctx, &actor).await?;
        let (unit, colleagues) = match me.person.unit_id {
            Some(id) => {
                let d = units::unit_detail(&state.ctx, &actor, id, None, Some(12)).await?;
                let colleagues = d
                    .members
                    .items
                    .into_iter()
                    .filter(|p| p.id != me.person.id)
                    .collect();
                (Some(d.unit), colleagues)
            }
            None => (None, Vec::new()),
        };
        let writable = writable_spaces(&state.ctx, &actor).await?;
        Ok::<_, samspill_services::Error>((me, unit, colleagues, writable))
    }
    .await;
    let (me, unit, colleagues, writable) = match result {
        Ok(r) => r,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    render(&HomePage {
        t,
        nav: nav(&state, &user, "home").await,
        page_title: t.nav_home.to_owned(),
        welcome: fill(t.welcome, "name", &me.person.name),
        unit,
        reports_to: me.reports_to,
        leads: me.leads,
        colleagues,
        csrf: user.csrf.clone(),
        composer_space: writable.first().map(|s| s.id),
        audience_units: crate::ui::leadership::announcements::composer_units(
            &state.ctx, &actor, &writable,
        )
        .await,
        writable,
        kinds: &samspill_domain::PostKind::ALL,
        composer_open: false,
        composer_error: None,
        pinned: f.pinned,
        posts: f.posts.items,
        more_href,
        survey_banner: crate::ui::leadership::surveys::banner(&state, &user).await,
        survey_cta: crate::i18n::surveys::of(t).banner_cta,
    })
}
