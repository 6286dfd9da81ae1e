//! Editing a post: the form, prefilled with the current title and Markdown,
//! and saving it. Only the author may edit (`posts::edit_post` decides; the
//! post page shows the link when `PostDetail::can_edit` says so). Invalid
//! input re-renders the form with the input kept; success redirects to the
//! post, which then shows that it was edited.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use samspill_domain::PostId;
use samspill_services::Error;
use samspill_services::social::posts;
use serde::Deserialize;

use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::Msgs;
use crate::ui::{Nav, csrf_failed, error_page, field_errors, nav, render, service_error_page};

#[derive(Template)]
#[template(path = "post_edit.html")]
struct EditPage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    id: PostId,
    form: EditForm,
    errors: BTreeMap<String, &'static str>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct EditForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

async fn page(
    state: &AppState,
    user: &UiUser,
    id: PostId,
    form: EditForm,
    errors: BTreeMap<String, &'static str>,
) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let html = render(&EditPage {
        t: user.t,
        nav: nav(state, user, "").await,
        page_title: user.t.edit_post.to_owned(),
        csrf: user.csrf.clone(),
        id,
        form,
        errors,
    });
    (status, html).into_response()
}

/// `GET /posts/{id}/edit`: 403 for anyone the service would refuse.
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<PostId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let d = match posts::get_post(&state.ctx, &user.actor(), id).await {
        Ok(d) if d.can_edit => d,
        Ok(_) => return service_error_page(&Error::Forbidden, &user, &headers),
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let form = EditForm {
        csrf: String::new(),
        title: d.post.title,
        body: d.post.body,
    };
    page(&state, &user, id, form, BTreeMap::new()).await
}

/// `POST /posts/{id}/edit`
pub(crate) async fn update_post(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<EditForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(id) = id.parse::<PostId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let edited =
        posts::edit_post(&state.ctx, &user.actor(), id, Some(&f.title), Some(&f.body)).await;
    match edited {
        Ok(_) => Redirect::to(&format!("/posts/{id}")).into_response(),
        Err(Error::Invalid(errors)) => {
            let errors = field_errors(user.t, &errors);
            page(&state, &user, id, f, errors).await
        }
        Err(e) => service_error_page(&e, &user, &headers),
    }
}
