//! A space's members page: the list with roles, and for those who moderate
//! the space (`spaces::moderates`) forms to add a person by handle, make a
//! member a moderator or back, and remove a member. The services decide who
//! may do what; the page only hides forms that would be refused, and a
//! forged POST gets the services' answer (403, or 404 for a hidden space).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use samspill_domain::{MemberRole, PersonId, SpaceId};
use samspill_services::social::spaces::{Member, SpaceView};
use samspill_services::{Error, org::people, social::spaces};
use serde::Deserialize;

use super::parse_person;
use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::{Msgs, fill};
use crate::ui::{Nav, csrf_failed, error_page, form_action, nav, render, service_error_page};

#[derive(Template)]
#[template(path = "space_members.html")]
struct MembersPage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    /// "Back to {name}".
    back: String,
    space: SpaceView,
    moderates: bool,
    me: PersonId,
    /// Owners first.
    members: Vec<Member>,
    /// The add form's input, kept when it is refused.
    handle: String,
    handle_error: Option<&'static str>,
    ml: &'static crate::i18n::moderation::ModerationMsgs,
    /// For a secret space's owners: administrators who read it without
    /// being members, `(name, handle, first read of the day)`.
    admin_reads: Option<Vec<(String, String, time::OffsetDateTime)>>,
}

fn to_members(id: &SpaceId) -> String {
    format!("/spaces/{id}/members")
}

/// Renders the page; with a `handle_error`, only for moderators (others get
/// the 403 the service would give) and with status 422.
async fn page(
    state: &AppState,
    user: &UiUser,
    headers: &HeaderMap,
    id: SpaceId,
    handle: String,
    handle_error: Option<&'static str>,
) -> Response {
    let actor = user.actor();
    let loaded = async {
        let members = spaces::members(&state.ctx, &actor, id).await?;
        let space = spaces::get_space(&state.ctx, &actor, id).await?;
        let moderates = spaces::moderates(&state.ctx, &actor, &space).await?;
        Ok::<_, Error>((space, moderates, members))
    };
    let (space, moderates, members) = match loaded.await {
        Ok(l) => l,
        Err(e) => return service_error_page(&e, user, headers),
    };
    let admin_reads = if space.visibility == samspill_domain::SpaceVisibility::Secret {
        match samspill_services::audit::admin_reads(&state.ctx, &actor, id).await {
            Ok(rows) => Some(
                rows.into_iter()
                    .map(|v| {
                        (
                            v.actor_name.unwrap_or_default(),
                            v.actor_handle.unwrap_or_default(),
                            v.entry.at,
                        )
                    })
                    .collect(),
            ),
            Err(Error::Forbidden) => None,
            Err(e) => return service_error_page(&e, user, headers),
        }
    } else {
        None
    };
    // Only those who may add see why an add failed; anyone else gets the
    // answer `add_member` would give them.
    if handle_error.is_some() && !moderates {
        return service_error_page(&Error::Forbidden, user, headers);
    }
    let status = if handle_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let html = render(&MembersPage {
        t: user.t,
        nav: nav(state, user, "spaces").await,
        page_title: fill(user.t.members_of, "name", &space.name),
        csrf: user.csrf.clone(),
        back: fill(user.t.back_to_space, "name", &space.name),
        space,
        moderates,
        me: actor.id,
        members,
        handle,
        handle_error,
        ml: crate::i18n::moderation::msgs(user.locale),
        admin_reads,
    });
    (status, html).into_response()
}

/// `GET /spaces/{id}/members`: the list for those who may read the space,
/// with the forms for those who moderate it.
pub(crate) async fn members_page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<SpaceId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    page(&state, &user, &headers, id, String::new(), None).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct AddForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    handle: String,
}

/// `POST /spaces/{id}/members`: adds the person with this handle (with or
/// without the `@`). An unknown handle re-renders the page with the error.
pub(crate) async fn add_member(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<AddForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(id) = id.parse::<SpaceId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let actor = user.actor();
    let handle = f.handle.trim();
    let person = match people::profile(&state.ctx, &actor, handle).await {
        Ok(p) => p.person.id,
        Err(Error::NotFound) => {
            let error = Some(user.t.no_such_handle);
            return page(&state, &user, &headers, id, handle.to_owned(), error).await;
        }
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    match spaces::add_member(&state.ctx, &actor, id, person).await {
        Ok(()) => Redirect::to(&to_members(&id)).into_response(),
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct MemberForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    person_id: String,
    #[serde(default)]
    role: String,
}

/// `POST /spaces/{id}/members/remove`
pub(crate) async fn remove_member(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<MemberForm>,
) -> Response {
    let actor = user.actor();
    form_action(&user, &headers, &id, &f.csrf, to_members, |id| async move {
        let person = parse_person(&f.person_id)?;
        spaces::remove_member(&state.ctx, &actor, id, person).await
    })
    .await
}

/// `POST /spaces/{id}/members/role`: `moderator` or `member` (or `owner`,
/// which the service allows owners only).
pub(crate) async fn set_role(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<MemberForm>,
) -> Response {
    let actor = user.actor();
    form_action(&user, &headers, &id, &f.csrf, to_members, |id| async move {
        let person = parse_person(&f.person_id)?;
        let role = MemberRole::parse(&f.role)?;
        spaces::set_role(&state.ctx, &actor, id, person, role).await
    })
    .await
}
