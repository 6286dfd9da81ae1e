//! The feedback pages: write (`/feedback/new`), the leader's inbox
//! (`/feedback/inbox`), one item with its thread and the answer form
//! (`/feedback/{id}`), what I sent (`/feedback/sent`), and the anonymous
//! writer's thread (`/feedback/thread`).
//!
//! `/feedback/thread` works without a session and reads none even when a
//! cookie comes along: the token is pasted into a POST form (never in a URL),
//! and its forms carry the token instead of a CSRF field — the token is
//! the credential, which a cross-site form cannot know. After an anonymous
//! send the token is shown once, in the answer to the POST itself.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use samspill_domain::{FeedbackCategory, FeedbackStatus};
use samspill_services::Error;
use samspill_services::leadership::feedback::{self, NewFeedback, Sent, Thread};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{UiUser, page_locale};
use crate::i18n::feedback::{self as words, FeedbackMsgs};
use crate::i18n::{self, Msgs};
use crate::ui::{Nav, csrf_failed, error_page, nav, render, service_error_page};

/// Adds this area's pages.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    r.route("/feedback/new", get(new_form).post(send))
        .route("/feedback/inbox", get(inbox))
        .route("/feedback/sent", get(sent))
        .route("/feedback/thread", get(thread_form).post(thread))
        .route("/feedback/{id}", get(item_page))
        .route("/feedback/{id}/responses", post(respond))
}

fn strings(user: &UiUser) -> &'static FeedbackMsgs {
    words::msgs(user.locale)
}

/// One message of a thread, ready to show.
struct MessageRow {
    author: String,
    from_writer: bool,
    body: String,
    status: Option<(&'static str, &'static str)>,
    date: String,
}

/// An item, ready to show.
struct ItemRow {
    id: String,
    to: String,
    from: Option<String>,
    anonymous: bool,
    category: &'static str,
    body: String,
    status: &'static str,
    status_name: &'static str,
    delivered: Option<String>,
    messages: Vec<MessageRow>,
}

fn item_row(f: &FeedbackMsgs, t: &Thread) -> ItemRow {
    let i = &t.item;
    let to = match (&i.to_person_name, &i.to_unit_name) {
        (Some(p), _) => p.clone(),
        (None, Some(u)) => format!("{u} {}", f.to_unit_suffix),
        (None, None) => String::new(),
    };
    ItemRow {
        id: i.id.to_string(),
        to,
        from: i.author_name.clone(),
        anonymous: i.anonymous,
        category: f.category(i.category),
        body: i.body.clone(),
        status: i.status.as_str(),
        status_name: f.status(i.status),
        delivered: i.delivered_at.map(|d| d.date().to_string()),
        messages: t
            .messages
            .iter()
            .map(|m| MessageRow {
                author: if m.from_writer {
                    m.author_name
                        .clone()
                        .unwrap_or_else(|| f.writer_label.to_owned())
                } else {
                    m.author_name.clone().unwrap_or_default()
                },
                from_writer: m.from_writer,
                body: m.body.clone(),
                status: m.status.map(|s| (s.as_str(), f.status(s))),
                date: m.created_at.date().to_string(),
            })
            .collect(),
    }
}

fn bare(f: &FeedbackMsgs, i: &feedback::FeedbackItem) -> ItemRow {
    item_row(
        f,
        &Thread {
            item: i.clone(),
            messages: Vec::new(),
            can_answer: false,
        },
    )
}

// ---- /feedback/new ----------------------------------------------------

#[derive(Template)]
#[template(path = "feedback_new.html")]
struct NewPage {
    t: &'static Msgs,
    f: &'static FeedbackMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    leaders: Vec<(String, String)>,
    units: Vec<(String, String)>,
    categories: Vec<(&'static str, &'static str)>,
    to: String,
    category: String,
    body: String,
    anonymous: bool,
    errors: BTreeMap<String, &'static str>,
    token: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct NewQuery {
    #[serde(default)]
    to: String,
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct NewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    anonymous: Option<String>,
}

async fn new_page(
    state: &AppState,
    user: &UiUser,
    form: NewForm,
    errors: BTreeMap<String, &'static str>,
    token: Option<String>,
) -> Response {
    let f = strings(user);
    let ctx = &state.ctx;
    let (leaders, units) = match (
        feedback::leaders(ctx).await,
        feedback::units_with_leaders(ctx).await,
    ) {
        (Ok(l), Ok(u)) => (l, u),
        (Err(e), _) | (_, Err(e)) => return service_error_page(&e, user, &HeaderMap::new()),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = NewPage {
        t: user.t,
        f,
        nav: nav(state, user, "leaders").await,
        page_title: f.title_new.to_owned(),
        csrf: user.csrf.clone(),
        leaders: leaders
            .into_iter()
            .filter(|(id, _)| *id != user.person.id)
            .map(|(id, name)| (format!("person:{id}"), name))
            .collect(),
        units: units
            .into_iter()
            .map(|(id, path)| (format!("unit:{id}"), path))
            .collect(),
        categories: FeedbackCategory::ALL
            .iter()
            .map(|c| (c.as_str(), f.category(*c)))
            .collect(),
        to: form.to,
        category: form.category,
        body: form.body,
        anonymous: form.anonymous.is_some(),
        errors,
        token,
    };
    (status, render(&page)).into_response()
}

/// `GET /feedback/new`
pub(crate) async fn new_form(
    State(state): State<AppState>,
    user: UiUser,
    Query(q): Query<NewQuery>,
) -> Response {
    let form = NewForm {
        to: q.to,
        category: "idea".to_owned(),
        ..NewForm::default()
    };
    new_page(&state, &user, form, BTreeMap::new(), None).await
}

/// `POST /feedback/new`: attributed feedback goes to "what I sent";
/// anonymous feedback answers with this page, showing the token once.
pub(crate) async fn send(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(form): Form<NewForm>,
) -> Response {
    if !user.csrf_ok(&form.csrf) {
        return csrf_failed(&user, &headers);
    }
    let f = strings(&user);
    let (to_person_id, to_unit_id) = match form.to.split_once(':') {
        Some(("person", id)) => (id.parse().ok(), None),
        Some(("unit", id)) => (None, id.parse().ok()),
        _ => (None, None),
    };
    let input = NewFeedback {
        to_person_id,
        to_unit_id,
        category: form.category.clone(),
        body: form.body.clone(),
        anonymous: form.anonymous.is_some(),
    };
    match feedback::send(&state.ctx, &user.actor(), &input).await {
        Ok(Sent::Attributed(_)) => Redirect::to("/feedback/sent?sent=1").into_response(),
        Ok(Sent::Anonymous { reply_token }) => {
            let fresh = NewForm {
                category: "idea".to_owned(),
                ..NewForm::default()
            };
            new_page(&state, &user, fresh, BTreeMap::new(), Some(reply_token)).await
        }
        Err(Error::Invalid(errs)) => {
            let errors = errs
                .iter()
                .map(|e| {
                    let field = if e.field.starts_with("to_") {
                        "to"
                    } else {
                        e.field
                    };
                    let text = match e.code {
                        "not_a_leader" | "no_leaders" => f.err_not_a_leader,
                        "required" if field == "to" => f.err_choose_addressee,
                        code => user.t.field_error(code),
                    };
                    (field.to_owned(), text)
                })
                .collect();
            new_page(&state, &user, form, errors, None).await
        }
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

// ---- /feedback/inbox and /feedback/sent -------------------------------

#[derive(Template)]
#[template(path = "feedback_inbox.html")]
struct InboxPage {
    t: &'static Msgs,
    f: &'static FeedbackMsgs,
    nav: Option<Nav>,
    page_title: String,
    items: Vec<ItemRow>,
}

/// `GET /feedback/inbox`: 404 for someone who leads no unit.
pub(crate) async fn inbox(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
) -> Response {
    let f = strings(&user);
    let items = match feedback::inbox(&state.ctx, &user.actor()).await {
        Ok(items) => items,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    render(&InboxPage {
        t: user.t,
        f,
        nav: nav(&state, &user, "leaders").await,
        page_title: f.title_inbox.to_owned(),
        items: items.iter().map(|i| bare(f, i)).collect(),
    })
}

#[derive(Template)]
#[template(path = "feedback_sent.html")]
struct SentPage {
    t: &'static Msgs,
    f: &'static FeedbackMsgs,
    nav: Option<Nav>,
    page_title: String,
    notice: bool,
    items: Vec<ItemRow>,
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct SentQuery {
    sent: Option<String>,
}

/// `GET /feedback/sent`
pub(crate) async fn sent(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Query(q): Query<SentQuery>,
) -> Response {
    let f = strings(&user);
    let list = match feedback::sent(&state.ctx, &user.actor()).await {
        Ok(list) => list,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    render(&SentPage {
        t: user.t,
        f,
        nav: nav(&state, &user, "leaders").await,
        page_title: f.title_sent.to_owned(),
        notice: q.sent.is_some(),
        items: list.iter().map(|t| item_row(f, t)).collect(),
    })
}

// ---- /feedback/{id} ---------------------------------------------------

#[derive(Template)]
#[template(path = "feedback_item.html")]
struct ItemPage {
    t: &'static Msgs,
    f: &'static FeedbackMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    item: ItemRow,
    can_answer: bool,
    statuses: Vec<(&'static str, &'static str)>,
    answer: String,
    chosen: String,
    problem: Option<&'static str>,
    /// The reader's own answers in this thread, `(id, start of the text)`,
    /// which they may make commitments.
    own_answers: Vec<(String, String)>,
    l: &'static crate::i18n::leaders::LeadersMsgs,
}

async fn item_view(
    state: &AppState,
    user: &UiUser,
    headers: &HeaderMap,
    id: &str,
    answer: (String, String),
    problem: Option<(StatusCode, &'static str)>,
) -> Response {
    let f = strings(user);
    let Ok(id) = id.parse() else {
        return error_page(StatusCode::NOT_FOUND, Some(user), headers);
    };
    let thread = match feedback::get(&state.ctx, &user.actor(), id).await {
        Ok(t) => t,
        Err(e) => return service_error_page(&e, user, headers),
    };
    let page = ItemPage {
        t: user.t,
        f,
        nav: nav(state, user, "leaders").await,
        page_title: f.title_item.to_owned(),
        csrf: user.csrf.clone(),
        item: item_row(f, &thread),
        can_answer: thread.can_answer,
        // Only the statuses that may follow the current one are offered.
        statuses: FeedbackStatus::ALL
            .iter()
            .filter(|s| thread.item.status.transition(**s).is_ok())
            .map(|s| (s.as_str(), f.status(*s)))
            .collect(),
        answer: answer.0,
        chosen: answer.1,
        problem: problem.map(|p| p.1),
        own_answers: thread
            .messages
            .iter()
            .filter(|m| !m.from_writer && m.author_id == Some(user.person.id))
            .map(|m| (m.id.to_string(), m.body.chars().take(60).collect()))
            .collect(),
        l: crate::i18n::leaders::msgs(user.locale),
    };
    let status = problem.map_or(StatusCode::OK, |p| p.0);
    (status, render(&page)).into_response()
}

/// `GET /feedback/{id}`
pub(crate) async fn item_page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    item_view(
        &state,
        &user,
        &headers,
        &id,
        (String::new(), String::new()),
        None,
    )
    .await
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct RespondForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    status: String,
}

/// `POST /feedback/{id}/responses`: back to the item; a refused answer
/// shows the item again with the reason and what was written.
pub(crate) async fn respond(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<RespondForm>,
) -> Response {
    if !user.csrf_ok(&form.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(fid) = id.parse() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let f = strings(&user);
    let result = feedback::respond(&state.ctx, &user.actor(), fid, &form.body, &form.status).await;
    let problem = match result {
        Ok(_) => return Redirect::to(&format!("/feedback/{id}")).into_response(),
        Err(Error::Conflict { code, .. }) => (
            StatusCode::CONFLICT,
            f.refusal(code)
                .unwrap_or(user.t.flash(crate::ui::flash::Flash::Conflict)),
        ),
        Err(Error::Invalid(errs)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errs.first().map_or(f.answer_hint, |e| match e.code {
                "too_short" | "required" => f.answer_hint,
                code => user.t.field_error(code),
            }),
        ),
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    item_view(
        &state,
        &user,
        &headers,
        &id,
        (form.body, form.status),
        Some(problem),
    )
    .await
}

// ---- /feedback/thread (no session) ------------------------------------

#[derive(Template)]
#[template(path = "feedback_thread.html")]
struct ThreadPage {
    t: &'static Msgs,
    f: &'static FeedbackMsgs,
    nav: Option<Nav>,
    page_title: String,
    token: String,
    item: Option<ItemRow>,
    reply: String,
    problem: Option<&'static str>,
}

fn thread_page(
    headers: &HeaderMap,
    status: StatusCode,
    token: String,
    item: Option<ItemRow>,
    reply: String,
    problem: Option<&'static str>,
) -> Response {
    let locale = page_locale(None, headers);
    let f = words::msgs(locale);
    let page = ThreadPage {
        t: i18n::msgs(locale),
        f,
        nav: None,
        page_title: f.title_thread.to_owned(),
        token,
        item,
        reply,
        problem,
    };
    (status, render(&page)).into_response()
}

/// `GET /feedback/thread`: the form to paste a token. No session is read.
pub(crate) async fn thread_form(headers: HeaderMap) -> Response {
    thread_page(
        &headers,
        StatusCode::OK,
        String::new(),
        None,
        String::new(),
        None,
    )
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct ThreadForm {
    #[serde(default)]
    token: String,
    /// A reply to add, when the reply form sent it.
    reply: Option<String>,
}

/// `POST /feedback/thread`: the thread of the pasted token, and a reply
/// when one was sent. No session is read, even if a cookie is sent.
pub(crate) async fn thread(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<ThreadForm>,
) -> Response {
    let f = words::msgs(page_locale(None, &headers));
    let token = form.token.trim().to_owned();
    let result = match form.reply.as_deref() {
        Some(body) => feedback::reply_by_token(&state.ctx, &token, body).await,
        None => feedback::thread_by_token(&state.ctx, &token).await,
    };
    let (status, problem, reply) = match result {
        Ok(t) => {
            let item = item_row(f, &t);
            return thread_page(
                &headers,
                StatusCode::OK,
                token,
                Some(item),
                String::new(),
                None,
            );
        }
        Err(Error::NotFound) => {
            return thread_page(
                &headers,
                StatusCode::NOT_FOUND,
                String::new(),
                None,
                String::new(),
                Some(f.wrong_token),
            );
        }
        Err(Error::Conflict { code, .. }) => (
            StatusCode::CONFLICT,
            f.refusal(code).unwrap_or(f.reply_after_delivery),
            form.reply.unwrap_or_default(),
        ),
        Err(Error::Invalid(_)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            i18n::msgs(page_locale(None, &headers)).err_required,
            form.reply.unwrap_or_default(),
        ),
        Err(e) => {
            tracing::error!(error = %e, "the anonymous feedback page failed");
            return thread_page(
                &headers,
                StatusCode::INTERNAL_SERVER_ERROR,
                String::new(),
                None,
                String::new(),
                Some(i18n::msgs(page_locale(None, &headers)).error_text),
            );
        }
    };
    let item = feedback::thread_by_token(&state.ctx, &token)
        .await
        .ok()
        .map(|t| item_row(f, &t));
    thread_page(&headers, status, token, item, reply, Some(problem))
}
