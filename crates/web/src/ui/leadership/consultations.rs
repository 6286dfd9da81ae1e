//! Consultation pages: the list (open for me first), the form for a new
//! one, and a consultation's page (the scope box at the top, always; the
//! phase stepper; ideas with votes, comments and the leader's statuses; the
//! report form, and the "you said, we did" report once closed). Every form
//! posts, redirects back, and works without JavaScript.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use samspill_domain::UnitId;
use samspill_domain::consultations::{ConsultationId, IdeaId, IdeaStatus, Phase, VisibleTo};
use samspill_services::leadership::consultations::{
    self as consultations, ConsultationDetail, ConsultationInput, ConsultationSummary,
    IdeaCommentView, IdeaView, ideas,
};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::Msgs;
use crate::i18n::consultations::{self as words, ConsultationMsgs};
use crate::ui::flash::{self, Flash};
use crate::ui::{Nav, csrf_failed, error_page, field_errors, nav, render, service_error_page};

/// Adds this area's pages.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    r.route("/consultations", get(list).post(create))
        .route("/consultations/new", get(new_form))
        .route("/consultations/{id}", get(page))
        .route("/consultations/{id}/phase", post(set_phase))
        .route("/consultations/{id}/ideas", post(submit_idea))
        .route("/consultations/{id}/report", post(save_report))
        .route("/ideas/{id}/vote", post(vote))
        .route("/ideas/{id}/status", post(set_status))
        .route("/ideas/{id}/comments", post(comment))
}

/// `2026-12-01 10:00 UTC`
fn when(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

#[derive(Template)]
#[template(path = "consultations.html")]
struct ListPage {
    t: &'static Msgs,
    c: &'static ConsultationMsgs,
    nav: Option<Nav>,
    page_title: String,
    can_create: bool,
    open_for_me: Vec<ConsultationSummary>,
    others: Vec<ConsultationSummary>,
}

impl ListPage {
    fn when(&self, t: &OffsetDateTime) -> String {
        when(*t)
    }
}

/// `GET /consultations`: the ones open for my input first.
pub(crate) async fn list(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
) -> Response {
    let actor = user.actor();
    let page =
        match consultations::list_consultations(&state.ctx, &actor, None, None, Some(100)).await {
            Ok(p) => p,
            Err(e) => return service_error_page(&e, &user, &headers),
        };
    let mut open_for_me = Vec::new();
    let mut others = Vec::new();
    for c in page.items {
        let mine = c.phase == Phase::Open
            && consultations::get_consultation(&state.ctx, &actor, c.id)
                .await
                .is_ok_and(|d| d.can_take_part);
        if mine {
            open_for_me.push(c);
        } else {
            others.push(c);
        }
    }
    render(&ListPage {
        t: user.t,
        c: words::of(user.t),
        nav: nav(&state, &user, "leaders").await,
        page_title: words::of(user.t).title.to_owned(),
        can_create: consultations::can_create(&state.ctx, &actor)
            .await
            .unwrap_or(false),
        open_for_me,
        others,
    })
}

#[derive(Template)]
#[template(path = "consultation_new.html")]
struct NewPage {
    t: &'static Msgs,
    c: &'static ConsultationMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    units: Vec<(UnitId, String)>,
    f: NewForm,
    errors: BTreeMap<String, &'static str>,
}

impl NewPage {
    fn chosen(&self, id: &UnitId) -> bool {
        self.f.audience_unit_ids.contains(&id.to_string())
    }

    fn error(&self, field: &str) -> Option<&'static str> {
        self.errors.get(field).copied()
    }

    /// The text fields: `(name, label, rows (0: one line), value)`.
    fn rows(&self) -> Vec<(&'static str, &'static str, u8, String)> {
        let (c, f) = (self.c, &self.f);
        vec![
            ("title", c.form_title, 0, f.title.clone()),
            ("body", c.form_body, 5, f.body.clone()),
            ("decided", c.decided, 2, f.decided.clone()),
            (
                "open_for_input",
                c.open_for_input,
                2,
                f.open_for_input.clone(),
            ),
            ("out_of_scope", c.out_of_scope, 2, f.out_of_scope.clone()),
            ("decided_by", c.decided_by, 0, f.decided_by.clone()),
            ("decision_rule", c.decision_rule, 2, f.decision_rule.clone()),
        ]
    }
}

/// The new-consultation form's fields.
#[derive(Debug, Default, Clone)]
pub(crate) struct NewForm {
    csrf: String,
    title: String,
    body: String,
    decided: String,
    open_for_input: String,
    out_of_scope: String,
    decided_by: String,
    decision_rule: String,
    input_closes_at: String,
    decision_due_at: String,
    audience_unit_ids: Vec<String>,
    visible_to: String,
}

impl NewForm {
    /// From the posted pairs (the audience is a multiple select).
    fn of(pairs: Vec<(String, String)>) -> Self {
        let mut f = Self::default();
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => f.csrf = v,
                "title" => f.title = v,
                "body" => f.body = v,
                "decided" => f.decided = v,
                "open_for_input" => f.open_for_input = v,
                "out_of_scope" => f.out_of_scope = v,
                "decided_by" => f.decided_by = v,
                "decision_rule" => f.decision_rule = v,
                "input_closes_at" => f.input_closes_at = v,
                "decision_due_at" => f.decision_due_at = v,
                "audience_unit_ids" => f.audience_unit_ids.push(v),
                "visible_to" => f.visible_to = v,
                _ => {}
            }
        }
        f
    }
}

/// A `datetime-local` value (`2026-12-01T10:00`), read as UTC.
fn local_as_utc(v: &str) -> String {
    if v.len() == 16 {
        format!("{v}:00Z")
    } else {
        v.to_owned()
    }
}

async fn new_page(
    state: &AppState,
    user: &UiUser,
    headers: &HeaderMap,
    f: NewForm,
    errors: BTreeMap<String, &'static str>,
) -> Response {
    let actor = user.actor();
    match consultations::can_create(&state.ctx, &actor).await {
        Ok(true) => {}
        Ok(false) => return error_page(StatusCode::FORBIDDEN, Some(user), headers),
        Err(e) => return service_error_page(&e, user, headers),
    }
    let units = match consultations::addressable_units(&state.ctx, &actor).await {
        Ok(u) => u,
        Err(e) => return service_error_page(&e, user, headers),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let c = words::of(user.t);
    (
        status,
        render(&NewPage {
            t: user.t,
            c,
            nav: nav(state, user, "leaders").await,
            page_title: c.new_title.to_owned(),
            csrf: user.csrf.clone(),
            units,
            f,
            errors,
        }),
    )
        .into_response()
}

/// `GET /consultations/new`
pub(crate) async fn new_form(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
) -> Response {
    let f = NewForm {
        visible_to: VisibleTo::Audience.as_str().to_owned(),
        ..NewForm::default()
    };
    new_page(&state, &user, &headers, f, BTreeMap::new()).await
}

/// `POST /consultations`: saves a draft and shows it.
pub(crate) async fn create(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let f = NewForm::of(pairs);
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let input = ConsultationInput {
        title: f.title.clone(),
        body: f.body.clone(),
        decided: f.decided.clone(),
        open_for_input: f.open_for_input.clone(),
        out_of_scope: f.out_of_scope.clone(),
        decided_by: f.decided_by.clone(),
        decision_rule: f.decision_rule.clone(),
        input_closes_at: local_as_utc(&f.input_closes_at),
        decision_due_at: local_as_utc(&f.decision_due_at),
        audience_unit_ids: f
            .audience_unit_ids
            .iter()
            .filter_map(|u| u.parse().ok())
            .collect(),
        visible_to: f.visible_to.clone(),
    };
    match consultations::create_consultation(&state.ctx, &user.actor(), &input).await {
        Ok(d) => Redirect::to(&format!("/consultations/{}", d.consultation.id)).into_response(),
        Err(samspill_services::Error::Invalid(errors)) => {
            let errors = field_errors(user.t, &errors);
            new_page(&state, &user, &headers, f, errors).await
        }
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

/// An idea as its card shows it, with its comments.
struct IdeaCard {
    i: IdeaView,
    comments: Vec<IdeaCommentView>,
}

#[derive(Template)]
#[template(path = "consultation.html")]
struct Page {
    t: &'static Msgs,
    c: &'static ConsultationMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    d: ConsultationDetail,
    cards: Vec<IdeaCard>,
    /// `(phase, done, current)`
    steps: Vec<(Phase, bool, bool)>,
    next: Option<Phase>,
    closes: String,
    due: String,
    statuses: [IdeaStatus; 5],
    takes_statuses: bool,
}

/// `GET /consultations/{id}`
pub(crate) async fn page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<ConsultationId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let mut d = match consultations::get_consultation(&state.ctx, &user.actor(), id).await {
        Ok(d) => d,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let cards = d
        .ideas
        .iter()
        .map(|i| IdeaCard {
            i: i.clone(),
            comments: d
                .comments
                .iter()
                .filter(|c| c.idea_id == i.id)
                .cloned()
                .collect(),
        })
        .collect();
    d.comments.clear();
    let steps = Phase::ALL
        .into_iter()
        .map(|p| (p, p < d.phase, p == d.phase))
        .collect();
    let next = Phase::ALL
        .into_iter()
        .find(|p| d.phase.check_move(*p).is_ok());
    render(&Page {
        t: user.t,
        c: words::of(user.t),
        nav: nav(&state, &user, "leaders").await,
        page_title: d.consultation.title.clone(),
        csrf: user.csrf.clone(),
        closes: when(d.consultation.input_closes_at),
        due: when(d.consultation.decision_due_at),
        takes_statuses: d.phase.takes_statuses(),
        statuses: IdeaStatus::ALL,
        cards,
        steps,
        next,
        d,
    })
}

/// Where a form goes back to; `Invalid` and `Conflict` leave a flash.
fn back(
    to: &str,
    result: samspill_services::Result<()>,
    user: &UiUser,
    headers: &HeaderMap,
) -> Response {
    match result {
        Ok(()) => Redirect::to(to).into_response(),
        Err(e) => match Flash::of(&e) {
            Some(why) => flash::redirect(to, why),
            None => service_error_page(&e, user, headers),
        },
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct PhaseForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    phase: String,
}

/// `POST /consultations/{id}/phase`
pub(crate) async fn set_phase(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<PhaseForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(id) = id.parse::<ConsultationId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let r = consultations::set_phase(&state.ctx, &user.actor(), id, &f.phase).await;
    back(
        &format!("/consultations/{id}"),
        r.map(|_| ()),
        &user,
        &headers,
    )
}

#[derive(Debug, Deserialize)]
pub(crate) struct IdeaForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

/// `POST /consultations/{id}/ideas`
pub(crate) async fn submit_idea(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<IdeaForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(id) = id.parse::<ConsultationId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let r = ideas::submit_idea(&state.ctx, &user.actor(), id, &f.title, &f.body).await;
    let to = match &r {
        Ok(i) => format!("/consultations/{id}#idea-{}", i.id),
        Err(_) => format!("/consultations/{id}"),
    };
    back(&to, r.map(|_| ()), &user, &headers)
}

/// The fields every idea form carries: the CSRF token and the page to go
/// back to.
#[derive(Debug, Deserialize)]
pub(crate) struct IdeaActionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    consultation_id: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    explanation: String,
    #[serde(default)]
    body: String,
}

enum IdeaAction {
    Vote,
    Status,
    Comment,
}

async fn idea_action(
    state: &AppState,
    user: &UiUser,
    headers: &HeaderMap,
    id: &str,
    f: IdeaActionForm,
    action: IdeaAction,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(user, headers);
    }
    let (Ok(id), Ok(cid)) = (
        id.parse::<IdeaId>(),
        f.consultation_id.parse::<ConsultationId>(),
    ) else {
        return error_page(StatusCode::NOT_FOUND, Some(user), headers);
    };
    let actor = user.actor();
    let r = match action {
        IdeaAction::Vote => ideas::vote(&state.ctx, &actor, id, f.on == "1")
            .await
            .map(|_| ()),
        IdeaAction::Status => ideas::set_status(&state.ctx, &actor, id, &f.status, &f.explanation)
            .await
            .map(|_| ()),
        IdeaAction::Comment => ideas::comment(&state.ctx, &actor, id, &f.body)
            .await
            .map(|_| ()),
    };
    back(&format!("/consultations/{cid}#idea-{id}"), r, user, headers)
}

/// `POST /ideas/{id}/vote`: `on=1` votes, anything else withdraws.
pub(crate) async fn vote(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<IdeaActionForm>,
) -> Response {
    idea_action(&state, &user, &headers, &id, f, IdeaAction::Vote).await
}

/// `POST /ideas/{id}/status`
pub(crate) async fn set_status(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<IdeaActionForm>,
) -> Response {
    idea_action(&state, &user, &headers, &id, f, IdeaAction::Status).await
}

/// `POST /ideas/{id}/comments`
pub(crate) async fn comment(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<IdeaActionForm>,
) -> Response {
    idea_action(&state, &user, &headers, &id, f, IdeaAction::Comment).await
}

/// `POST /consultations/{id}/report`: `body` and one `outcome_{idea id}`
/// per idea.
pub(crate) async fn save_report(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if !user.csrf_ok(&field("csrf")) {
        return csrf_failed(&user, &headers);
    }
    let Ok(id) = id.parse::<ConsultationId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let outcomes: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("outcome_")
                .filter(|_| !v.trim().is_empty())
                .map(|idea| (idea.to_owned(), v.clone()))
        })
        .collect();
    let r =
        consultations::save_report(&state.ctx, &user.actor(), id, &field("body"), &outcomes).await;
    back(
        &format!("/consultations/{id}"),
        r.map(|_| ()),
        &user,
        &headers,
    )
}
