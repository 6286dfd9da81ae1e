//! The praise form: `/praise/new` (a page of its own, which works without
//! JavaScript), and `/praise/fields`, the fragment the composer swaps in
//! when "praise" is chosen. Both post to `POST /posts`, whose handler reads
//! the recipients as handles through [`resolve_recipients`].

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use samspill_domain::PersonId;
use samspill_services::Ctx;
use samspill_services::culture::values::{self, ValueView};
use samspill_services::org::people;
use samspill_services::social::spaces::SpaceView;
use serde::Deserialize;

use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::culture::CultureMsgs;
use crate::i18n::{Msgs, fill};
use crate::ui::social::home::writable_spaces;
use crate::ui::{Nav, nav, render, service_error_page};

/// Adds these pages.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    r.route("/praise/new", get(new_praise))
        .route("/praise/fields", get(fields))
}

/// The people named by handles (`@kari, ola`), in order, each once; or
/// the handles nobody has.
///
/// # Errors
/// The unknown handles; a storage failure counts them all unknown.
pub(crate) async fn resolve_recipients(
    ctx: &Ctx,
    user: &UiUser,
    text: &str,
) -> Result<Vec<PersonId>, Vec<String>> {
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    for handle in text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .map(|h| h.trim_start_matches('@'))
        .filter(|h| !h.is_empty())
    {
        match people::profile(ctx, &user.actor(), handle).await {
            Ok(p) if !ids.contains(&p.person.id) => ids.push(p.person.id),
            Ok(_) => {}
            Err(_) => unknown.push(format!("@{handle}")),
        }
    }
    if unknown.is_empty() {
        Ok(ids)
    } else {
        Err(unknown)
    }
}

#[derive(Template)]
#[template(path = "praise_fields.html")]
struct Fields {
    c: &'static CultureMsgs,
    values: Vec<ValueView>,
    recipients: String,
    value_id: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct FieldsQuery {
    #[serde(default)]
    kind: String,
}

/// `GET /praise/fields?kind=…`: the praise fields for the composer when
/// the kind is `praise`, nothing otherwise.
async fn fields(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Query(q): Query<FieldsQuery>,
) -> Response {
    if q.kind != "praise" {
        return (StatusCode::OK, "").into_response();
    }
    match values::list_values(&state.ctx, &user.actor(), false).await {
        Ok(list) => render(&Fields {
            c: crate::i18n::culture::msgs(user.locale),
            values: list,
            recipients: String::new(),
            value_id: String::new(),
        }),
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

#[derive(Template)]
#[template(path = "praise_new.html")]
struct NewPraise {
    t: &'static Msgs,
    c: &'static CultureMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    writable: Vec<SpaceView>,
    values: Vec<ValueView>,
    error: Option<String>,
    recipients: String,
    value_id: String,
    space_id: String,
    title: String,
    body: String,
}

/// What a praise form held (to show it again with what was wrong).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PraiseDraft {
    #[serde(default)]
    pub(crate) recipients: String,
    #[serde(default)]
    pub(crate) value_id: String,
    #[serde(default)]
    pub(crate) space_id: String,
    #[serde(default)]
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) body: String,
}

/// `GET /praise/new`
async fn new_praise(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Query(draft): Query<PraiseDraft>,
) -> Response {
    praise_page(&state, &user, &headers, draft, None, StatusCode::OK).await
}

/// The praise form, filled with `draft`, with `error` above it.
pub(crate) async fn praise_page(
    state: &AppState,
    user: &UiUser,
    headers: &HeaderMap,
    draft: PraiseDraft,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let actor = user.actor();
    let writable = match writable_spaces(&state.ctx, &actor).await {
        Ok(w) => w,
        Err(e) => return service_error_page(&e, user, headers),
    };
    let list = match values::list_values(&state.ctx, &actor, false).await {
        Ok(l) => l,
        Err(e) => return service_error_page(&e, user, headers),
    };
    let c = crate::i18n::culture::msgs(user.locale);
    let page = NewPraise {
        t: user.t,
        c,
        nav: nav(state, user, "values").await,
        page_title: c.praise_page_title.to_owned(),
        csrf: user.csrf.clone(),
        writable,
        values: list,
        error,
        recipients: draft.recipients,
        value_id: draft.value_id,
        space_id: draft.space_id,
        title: draft.title,
        body: draft.body,
    };
    (status, render(&page)).into_response()
}

/// The sentence for handles nobody has.
pub(crate) fn unknown_people(user: &UiUser, handles: &[String]) -> String {
    fill(
        crate::i18n::culture::msgs(user.locale).unknown_people,
        "handles",
        &handles.join(", "),
    )
}
