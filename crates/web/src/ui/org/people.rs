//! The people directory (with live search and "load more") and profiles.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use samspill_services::org::people;
use samspill_services::org::people::PersonView;
use samspill_services::org::units::UnitView;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{UiUser, url_encode};
use crate::i18n::{Msgs, fill};
use crate::ui::{Nav, render, service_error_page};

#[derive(Template)]
#[template(path = "people.html")]
struct DirectoryPage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    q: String,
    people: Vec<PersonView>,
    more_href: Option<String>,
}

/// The items of a next page, swapped in by htmx in place of "load more".
#[derive(Template)]
#[template(path = "people_more.html")]
pub(crate) struct MorePeople {
    pub(crate) t: &'static Msgs,
    pub(crate) people: Vec<PersonView>,
    pub(crate) more_href: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DirectoryParams {
    q: Option<String>,
    cursor: Option<String>,
    fragment: Option<String>,
}

/// `GET /people`
pub(crate) async fn directory(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Query(p): Query<DirectoryParams>,
) -> Response {
    let q = p.q.unwrap_or_default();
    let page = match people::directory(
        &state.ctx,
        &user.actor(),
        Some(&q),
        None,
        p.cursor.as_deref(),
        None,
    )
    .await
    {
        Ok(page) => page,
        Err(samspill_services::Error::Invalid(_)) => {
            return crate::ui::error_page(axum::http::StatusCode::NOT_FOUND, Some(&user), &headers);
        }
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let more_href = page
        .next_cursor
        .map(|c| format!("/people?q={}&cursor={c}", url_encode(&q)));
    if p.fragment.as_deref() == Some("more") {
        return render(&MorePeople {
            t: user.t,
            people: page.items,
            more_href,
        });
    }
    render(&DirectoryPage {
        t: user.t,
        nav: crate::ui::nav(&state, &user, "people").await,
        page_title: user.t.people_title.to_owned(),
        q,
        people: page.items,
        more_href,
    })
}

#[derive(Template)]
#[template(path = "person.html")]
struct ProfilePage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    person: PersonView,
    roles: Vec<&'static str>,
    leads: Vec<UnitView>,
    reports_to: Vec<PersonView>,
    /// The feedback strings, for "Give feedback" on a leader's profile.
    f: &'static crate::i18n::feedback::FeedbackMsgs,
    /// One's own profile?
    own: bool,
    /// Praise the person received that the reader may read.
    praise: Vec<samspill_services::social::posts::PostDetail>,
    c: &'static crate::i18n::culture::CultureMsgs,
}

/// `GET /people/{handle}`
pub(crate) async fn profile(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(handle): Path<String>,
) -> Response {
    let p = match people::profile(&state.ctx, &user.actor(), &handle).await {
        Ok(p) => p,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let praise = match samspill_services::culture::praise::praise_received(
        &state.ctx,
        &user.actor(),
        p.person.id,
        10,
    )
    .await
    {
        Ok(list) => list,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let t = user.t;
    let active = if p.person.id == user.person.id {
        ""
    } else {
        "people"
    };
    render(&ProfilePage {
        t,
        nav: crate::ui::nav(&state, &user, active).await,
        page_title: fill(t.profile_of, "name", &p.person.name),
        person: p.person,
        roles: p.roles,
        leads: p.leads,
        reports_to: p.reports_to,
        f: crate::i18n::feedback::msgs(user.locale),
        praise,
        c: crate::i18n::culture::msgs(user.locale),
        own: active.is_empty(),
    })
}
