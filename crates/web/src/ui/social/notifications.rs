//! The notifications page.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use samspill_services::social::notifications;
use serde::Deserialize;

use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::Msgs;
use crate::ui::{Nav, csrf_failed, nav, render, service_error_page};

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    /// `(sentence, read, link)`
    items: Vec<(String, bool, String)>,
}

/// `GET /notifications`
pub(crate) async fn page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
) -> Response {
    let (page, _) = match notifications::list(&state.ctx, &user.actor(), None, Some(100)).await {
        Ok(r) => r,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let items = page
        .items
        .iter()
        .map(|n| {
            let actor = n.actor_name.clone().unwrap_or_default();
            let mut sentence = user.t.notification(&n.kind, &actor);
            // A moderation decision says which rule and why (its subject title).
            let title = if n.kind == "moderation" {
                n.subject_title.as_deref()
            } else {
                n.post_title.as_deref().or(n.subject_title.as_deref())
            };
            if let Some(title) = title.filter(|t| !t.is_empty()) {
                sentence = format!("{sentence}: {title}");
            }
            let link = match (n.post_id, n.comment_id, n.space_id, n.subject_id) {
                (Some(p), Some(c), _, _) => format!("/posts/{p}#comment-{c}"),
                (Some(p), None, _, _) => format!("/posts/{p}"),
                (None, _, Some(s), _) => format!("/spaces/{s}"),
                (None, _, None, Some(s)) => subject_link(&n.kind, s),
                // A delivery of anonymous feedback names no item.
                (None, _, None, None) if n.kind == "feedback_batch" => "/feedback/inbox".to_owned(),
                _ => "/".to_owned(),
            };
            (sentence, n.read, link)
        })
        .collect();
    render(&NotificationsPage {
        t: user.t,
        nav: nav(&state, &user, "notifications").await,
        page_title: user.t.notifications_title.to_owned(),
        csrf: user.csrf.clone(),
        items,
    })
}

/// Where a notification about a non-post object leads, by its kind.
fn subject_link(kind: &str, subject: uuid::Uuid) -> String {
    match kind {
        "feedback_batch" => "/feedback/inbox".to_owned(),
        k if k.starts_with("feedback_") => format!("/feedback/{subject}"),
        k if k.starts_with("commitment_") => format!("/commitments/{subject}"),
        k if k.starts_with("survey") => format!("/surveys/{subject}"),
        _ => format!("/consultations/{subject}"),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /notifications/read`
pub(crate) async fn mark_all_read(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    match notifications::mark_read(&state.ctx, &user.actor(), None).await {
        Ok(()) => Redirect::to("/notifications").into_response(),
        Err(e) => service_error_page(&e, &user, &headers),
    }
}
