//! Space pages: the list with a form to create a community, one space's
//! posts with its composer, joining, leaving, and approving requests.
//! Managing members lives in [`members`].

mod members;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use samspill_domain::{PersonId, SpaceId, SpaceKind, SpaceVisibility};
use samspill_services::social::posts::PostView;
use samspill_services::social::spaces::SpaceView;
use samspill_services::social::spaces::{self, NewCommunity};
use samspill_services::{Error, social::feed};
use serde::Deserialize;

pub(crate) use self::members::{add_member, members_page, remove_member, set_role};
use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::Msgs;
use crate::ui::flash::{self, Flash};
use crate::ui::social::home::MorePosts;
use crate::ui::{Nav, csrf_failed, error_page, form_action, nav, render, service_error_page};

#[derive(Template)]
#[template(path = "spaces.html")]
struct SpacesPage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    spaces: Vec<SpaceView>,
    /// The choices of the create form, the first checked.
    visibilities: [SpaceVisibility; 3],
}

/// `GET /spaces`
pub(crate) async fn list(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
) -> Response {
    match spaces::list_spaces(&state.ctx, &user.actor()).await {
        Ok(list) => render(&SpacesPage {
            t: user.t,
            nav: nav(&state, &user, "spaces").await,
            page_title: user.t.spaces_title.to_owned(),
            csrf: user.csrf.clone(),
            spaces: list,
            visibilities: SpaceVisibility::ALL,
        }),
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct CreateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    visibility: String,
}

/// `POST /spaces`
pub(crate) async fn create(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(f): Form<CreateForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let input = NewCommunity {
        name: f.name,
        description: f.description,
        visibility: f.visibility,
    };
    match spaces::create_community(&state.ctx, &user.actor(), &input).await {
        Ok(s) => Redirect::to(&format!("/spaces/{}", s.id)).into_response(),
        Err(Error::Invalid(_)) => flash::redirect("/spaces", Flash::CommunityInvalid),
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

#[derive(Template)]
#[template(path = "space.html")]
struct SpacePage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    space: SpaceView,
    following: bool,
    requests: Vec<(PersonId, String, String)>,
    /// The reader may manage the members (`spaces::moderates`).
    moderates: bool,
    writable: Vec<SpaceView>,
    /// The audience picker's units (leaders and administrators).
    audience_units: Vec<(samspill_domain::UnitId, String)>,
    kinds: &'static [samspill_domain::PostKind],
    composer_open: bool,
    composer_error: Option<String>,
    composer_space: Option<SpaceId>,
    posts: Vec<PostView>,
    more_href: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PageParams {
    cursor: Option<String>,
    fragment: Option<String>,
}

/// `GET /spaces/{id}`
pub(crate) async fn page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(p): Query<PageParams>,
) -> Response {
    let Ok(id) = id.parse::<SpaceId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let actor = user.actor();
    let space = match spaces::get_space(&state.ctx, &actor, id).await {
        Ok(s) => s,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let (posts, more_href) = if space.can_read {
        match feed::space_posts(&state.ctx, &actor, id, p.cursor.as_deref(), None).await {
            Ok(page) => (
                page.items,
                page.next_cursor.map(|c| format!("/spaces/{id}?cursor={c}")),
            ),
            Err(e) => return service_error_page(&e, &user, &headers),
        }
    } else {
        (Vec::new(), None)
    };
    if p.fragment.as_deref() == Some("more") {
        return render(&MorePosts {
            t: user.t,
            posts,
            more_href,
        });
    }
    let requests = spaces::requests(&state.ctx, &actor, id)
        .await
        .unwrap_or_default();
    let moderates = spaces::moderates(&state.ctx, &actor, &space)
        .await
        .unwrap_or(false);
    let writable: Vec<SpaceView> = if spaces::can_take_part(&state.ctx, &actor, &space)
        .await
        .unwrap_or(false)
    {
        vec![space.clone()]
    } else {
        Vec::new()
    };
    let following = feed::following(&state.ctx, &actor)
        .await
        .unwrap_or_default()
        .iter()
        .any(|(k, v)| *k == "space" && *v == id.to_string());
    render(&SpacePage {
        t: user.t,
        nav: nav(&state, &user, "spaces").await,
        page_title: space.name.clone(),
        csrf: user.csrf.clone(),
        composer_space: Some(space.id),
        space,
        following,
        requests,
        moderates,
        audience_units: crate::ui::leadership::announcements::composer_units(
            &state.ctx, &actor, &writable,
        )
        .await,
        writable,
        kinds: &samspill_domain::PostKind::ALL,
        composer_open: false,
        composer_error: None,
        posts,
        more_href,
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct MemberForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    person_id: String,
}

fn to_space(id: &SpaceId) -> String {
    format!("/spaces/{id}")
}

/// `POST /spaces/{id}/join`
pub(crate) async fn join(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<MemberForm>,
) -> Response {
    let actor = user.actor();
    form_action(&user, &headers, &id, &f.csrf, to_space, |id| async move {
        spaces::join(&state.ctx, &actor, id).await.map(|_| ())
    })
    .await
}

/// `POST /spaces/{id}/leave`
pub(crate) async fn leave(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<MemberForm>,
) -> Response {
    let actor = user.actor();
    let me = actor.id;
    form_action(&user, &headers, &id, &f.csrf, to_space, |id| async move {
        spaces::remove_member(&state.ctx, &actor, id, me).await
    })
    .await
}

/// `POST /spaces/{id}/approve`
pub(crate) async fn approve(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<MemberForm>,
) -> Response {
    let actor = user.actor();
    form_action(&user, &headers, &id, &f.csrf, to_space, |id| async move {
        let person = parse_person(&f.person_id)?;
        spaces::add_member(&state.ctx, &actor, id, person).await
    })
    .await
}

/// A person id from a form; one that is not an id is not found.
fn parse_person(s: &str) -> samspill_services::Result<PersonId> {
    s.parse().map_err(|_| Error::NotFound)
}
