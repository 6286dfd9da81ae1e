//! The HTML UI: server-rendered pages (askama), enhanced with htmx where it
//! helps (live directory search, "load more"). Every page works without
//! JavaScript; every form carries the session's CSRF token.

mod auth;
mod culture;
pub(crate) mod flash;
pub(crate) mod leadership;
pub(crate) mod moderation;
mod org;
mod social;

use std::collections::BTreeMap;
use std::str::FromStr;

use askama::Template;
use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use auth::{login, settings};
use org::{people, units};
use social::{home, notifications, posts, search, spaces};

use crate::AppState;
use crate::auth::{UiUser, page_locale};
use crate::i18n::{self, Msgs};
use flash::Flash;

/// What the header needs to show a signed-in person.
#[derive(Debug, Clone)]
pub(crate) struct Nav {
    pub(crate) name: String,
    pub(crate) handle: String,
    pub(crate) csrf: String,
    pub(crate) active: &'static str,
    pub(crate) unread: i64,
    /// An administrator (sees the audit log's link).
    pub(crate) is_admin: bool,
    /// Why the last form action did not happen, once (see [`flash`]).
    pub(crate) flash: Option<&'static str>,
    /// Asks to accept the code of conduct while the current version is not
    /// accepted (see `culture::guidelines`).
    pub(crate) guidelines_banner: Option<&'static str>,
}

impl Nav {
    pub(crate) fn of(user: &UiUser, active: &'static str) -> Option<Self> {
        Some(Self {
            name: user.person.name.clone(),
            handle: user.person.handle.clone(),
            csrf: user.csrf.clone(),
            active,
            unread: 0,
            is_admin: user.person.is_admin,
            flash: user.flash.map(|f| user.t.flash(f)),
            guidelines_banner: None,
        })
    }
}

/// The header of a signed-in page, with the unread notification count.
pub(crate) async fn nav(state: &AppState, user: &UiUser, active: &'static str) -> Option<Nav> {
    let unread = samspill_services::social::notifications::unread(&state.ctx, &user.actor())
        .await
        .unwrap_or(0);
    let guidelines_banner =
        samspill_services::culture::guidelines::pending(&state.ctx, &user.actor())
            .await
            .unwrap_or(false)
            .then(|| crate::i18n::culture::msgs(user.locale).banner);
    Nav::of(user, active).map(|n| Nav {
        unread,
        guidelines_banner,
        ..n
    })
}

/// Renders a template, or a plain 500 if rendering fails (a bug).
pub(crate) fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    heading: &'static str,
    text: &'static str,
}

/// An error page in the visitor's language, with its heading and text.
fn problem_page(
    status: StatusCode,
    user: Option<&UiUser>,
    headers: &HeaderMap,
    words: impl FnOnce(&'static Msgs) -> (&'static str, &'static str),
) -> Response {
    let locale = user.map_or_else(|| page_locale(None, headers), |u| u.locale);
    let t = i18n::msgs(locale);
    let (heading, text) = words(t);
    let page = ErrorPage {
        t,
        nav: user.and_then(|u| Nav::of(u, "")),
        page_title: heading.to_owned(),
        heading,
        text,
    };
    (status, render(&page)).into_response()
}

/// An error page in the visitor's language: 404, 403 (not allowed), or
/// "something went wrong". A failed CSRF check is [`csrf_failed`].
pub(crate) fn error_page(
    status: StatusCode,
    user: Option<&UiUser>,
    headers: &HeaderMap,
) -> Response {
    problem_page(status, user, headers, |t| match status {
        StatusCode::NOT_FOUND => (t.not_found_title, t.not_found_text),
        StatusCode::FORBIDDEN => (t.forbidden_title, t.forbidden_text),
        _ => (t.error_title, t.error_text),
    })
}

/// 403 for a form whose CSRF token is missing or wrong: it expired (the
/// session changed) or came from elsewhere; reloading gives a fresh one.
pub(crate) fn csrf_failed(user: &UiUser, headers: &HeaderMap) -> Response {
    problem_page(StatusCode::FORBIDDEN, Some(user), headers, |t| {
        (t.csrf_title, t.csrf_failed)
    })
}

/// 422 for a request with a control character in its text (see
/// [`crate::input`]); it is refused before the user is known.
pub(crate) fn control_characters_page(headers: &HeaderMap) -> Response {
    problem_page(StatusCode::UNPROCESSABLE_ENTITY, None, headers, |t| {
        (t.not_done_title, t.control_characters)
    })
}

/// Maps a service error to a page: 404, 403 "not allowed", 409 or 422 with
/// why (for forms that have no page to go back to), 503, else 500.
pub(crate) fn service_error_page(
    e: &samspill_services::Error,
    user: &UiUser,
    headers: &HeaderMap,
) -> Response {
    use samspill_services::Error as E;
    let status = match e {
        // Posting or commenting before accepting the code of conduct: the
        // page to read and accept it.
        E::GuidelinesNotAccepted { .. } => {
            return Redirect::to("/guidelines").into_response();
        }
        E::NotFound => StatusCode::NOT_FOUND,
        E::Forbidden => StatusCode::FORBIDDEN,
        E::Conflict { .. } | E::Invalid(_) => {
            let status = if matches!(e, E::Invalid(_)) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::CONFLICT
            };
            let why = Flash::of(e).unwrap_or(Flash::Conflict);
            return problem_page(status, Some(user), headers, |t| {
                (t.not_done_title, t.flash(why))
            });
        }
        E::Unavailable(source) => {
            tracing::error!(error = %source, "page failed: database unavailable");
            StatusCode::SERVICE_UNAVAILABLE
        }
        other => {
            tracing::error!(error = %other, "page failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    error_page(status, Some(user), headers)
}

/// The problems of a form by field, in the page's language, for a form that
/// shows errors next to their fields.
pub(crate) fn field_errors(
    t: &'static Msgs,
    errors: &[samspill_domain::ValidationError],
) -> BTreeMap<String, &'static str> {
    errors
        .iter()
        .map(|e| (e.field.to_owned(), t.field_error(e.code)))
        .collect()
}

/// The shared shape of a small POST form: checks the CSRF field, parses the
/// id in the path (404 when it is not one), runs `f`, then redirects to
/// `back(id)`. `Invalid` and `Conflict` also go back, with a [`Flash`]
/// saying why (a bad vote option, the last owner leaving): these forms have
/// no fields to show an error next to. Other errors render their page.
pub(crate) async fn form_action<I, F, Fut>(
    user: &UiUser,
    headers: &HeaderMap,
    id: &str,
    csrf: &str,
    back: impl FnOnce(&I) -> String,
    f: F,
) -> Response
where
    I: FromStr,
    F: FnOnce(I) -> Fut,
    Fut: Future<Output = samspill_services::Result<()>>,
{
    if !user.csrf_ok(csrf) {
        return csrf_failed(user, headers);
    }
    let Ok(id) = id.parse::<I>() else {
        return error_page(StatusCode::NOT_FOUND, Some(user), headers);
    };
    let to = back(&id);
    match f(id).await {
        Ok(()) => Redirect::to(&to).into_response(),
        Err(e) => match Flash::of(&e) {
            Some(why) => flash::redirect(&to, why),
            None => service_error_page(&e, user, headers),
        },
    }
}

/// The fallback: a 404 page.
pub(crate) async fn not_found(user: Option<UiUser>, headers: HeaderMap) -> Response {
    error_page(StatusCode::NOT_FOUND, user.as_ref(), &headers)
}

/// The UI's routes.
pub(crate) fn router() -> Router<AppState> {
    let r = Router::new()
        .route("/", get(home::home))
        .route("/login", get(login::login_form).post(login::login))
        .route("/logout", post(login::logout))
        .route("/people", get(people::directory))
        .route("/people/{handle}", get(people::profile))
        .route("/units", get(units::tree))
        .route("/units/{id}", get(units::unit))
        .route(
            "/settings",
            get(settings::settings_form).post(settings::save_settings),
        )
        .route("/settings/password", post(settings::change_password))
        .route("/settings/tokens", post(settings::create_token))
        .route("/settings/tokens/{id}/revoke", post(settings::revoke_token))
        .route("/posts", post(posts::create_post))
        .route("/posts/{id}", get(posts::post_page))
        .route(
            "/posts/{id}/edit",
            get(posts::edit_form).post(posts::update_post),
        )
        .route("/posts/{id}/comments", post(posts::create_comment))
        .route("/posts/{id}/reactions/{kind}", post(posts::toggle_reaction))
        .route("/posts/{id}/vote", post(posts::vote))
        .route("/posts/{id}/accept", post(posts::accept))
        .route("/posts/{id}/ack", post(posts::ack))
        .route("/posts/{id}/delete", post(posts::delete))
        .route("/comments/{id}/fragment", get(posts::comment_fragment))
        .route("/posts/{id}/card", get(posts::card_fragment))
        .route("/topics/{topic}", get(posts::topic_page))
        .route("/follows", post(posts::follow))
        .route("/spaces", get(spaces::list).post(spaces::create))
        .route("/spaces/{id}", get(spaces::page))
        .route("/spaces/{id}/join", post(spaces::join))
        .route("/spaces/{id}/leave", post(spaces::leave))
        .route("/spaces/{id}/approve", post(spaces::approve))
        .route(
            "/spaces/{id}/members",
            get(spaces::members_page).post(spaces::add_member),
        )
        .route("/spaces/{id}/members/remove", post(spaces::remove_member))
        .route("/spaces/{id}/members/role", post(spaces::set_role))
        .route("/search", get(search::page))
        .route("/notifications", get(notifications::page))
        .route("/notifications/read", post(notifications::mark_all_read));
    let r = moderation::routes(r);
    let r = culture::routes(r);
    leadership::routes(r)
}
