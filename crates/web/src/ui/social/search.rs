//! The search page.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use samspill_services::social::search;
use samspill_services::social::search::SearchKind;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{UiUser, url_encode};
use crate::i18n::Msgs;
use crate::ui::{Nav, nav, render, service_error_page};

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    q: String,
    /// `(link, title, kind label, snippet HTML)`; the snippet is escaped
    /// text with `<mark>` around matches, made by the store.
    hits: Vec<(String, String, &'static str, String)>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SearchParams {
    #[serde(default)]
    q: String,
}

/// `GET /search?q=`
pub(crate) async fn page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Query(p): Query<SearchParams>,
) -> Response {
    let t = user.t;
    let q: String = p.q.chars().take(search::MAX_QUERY_CHARS).collect();
    let hits = if q.trim().is_empty() {
        Vec::new()
    } else {
        match search::search(&state.ctx, &user.actor(), &q, None, Some(50)).await {
            Ok(h) => h,
            Err(e) => return service_error_page(&e, &user, &headers),
        }
    };
    let hits = hits
        .into_iter()
        .map(|h| {
            let (link, label) = match h.kind {
                SearchKind::Post => (format!("/posts/{}", h.id), t.post_label),
                SearchKind::Comment => (
                    h.post_id.map_or_else(
                        || "/".to_owned(),
                        |p| format!("/posts/{p}#comment-{}", h.id),
                    ),
                    t.comments_title,
                ),
                SearchKind::Person => (
                    format!(
                        "/people?q={}",
                        url_encode(h.title.as_deref().unwrap_or_default())
                    ),
                    t.nav_people,
                ),
                SearchKind::Space => (format!("/spaces/{}", h.id), t.nav_spaces),
            };
            (link, h.title.unwrap_or_default(), label, h.snippet)
        })
        .collect();
    render(&SearchPage {
        t,
        nav: nav(&state, &user, "search").await,
        page_title: t.nav_search.to_owned(),
        q,
        hits,
    })
}
