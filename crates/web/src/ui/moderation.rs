//! Moderation and the audit log in the browser: the report form on posts
//! and comments (`POST /reports`), the moderation queue (`GET /moderation`,
//! `POST /moderation/actions`), the appeal form for an author
//! (`POST /moderation/appeals`), and the audit log for administrators
//! (`GET /audit`, with the CSV link to `/api/v1/audit/export.csv`). The
//! services decide everything; these pages only show and send.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use samspill_domain::moderation::{ModerationAction, ReportId};
use samspill_domain::{CommentId, Locale, PersonId, PostId};
use samspill_services::audit::{self, AuditQuery, AuditView};
use samspill_services::moderation::{self, AppealOf, Report, Subject};
use samspill_services::social::comments::CommentView;
use samspill_services::social::posts::PostView;
use samspill_services::{Actor, Ctx};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::Msgs;
use crate::i18n::moderation::{self as words, ModerationMsgs};
use crate::ui::flash::{self, Flash};
use crate::ui::{Nav, csrf_failed, error_page, nav, render, service_error_page};

/// Adds this area's pages.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    r.route("/moderation", get(queue_page))
        .route("/moderation/actions", post(act))
        .route("/moderation/appeals", post(appeal))
        .route("/reports", post(report))
        .route("/audit", get(audit_page))
}

/// The rules a form offers: `(id, "N. title")` in the page's language.
async fn rule_options(
    ctx: &Ctx,
    locale: Locale,
) -> samspill_services::Result<Vec<(String, String)>> {
    let code = if locale == Locale::Nb { "nb" } else { "en" };
    Ok(moderation::citable_rules(ctx, None)
        .await?
        .iter()
        .map(|r| (r.id.clone(), format!("{}. {}", r.number, r.title(code))))
        .collect())
}

/// What the post page and its comments need for moderation: the rules to
/// cite, and for an author the decision standing on their hidden post or
/// comments (to show the rule and offer the appeal).
#[derive(Debug)]
pub(crate) struct ModerationExtras {
    pub(crate) l: &'static ModerationMsgs,
    pub(crate) rules: Vec<(String, String)>,
    me: Option<PersonId>,
    pub(crate) post_hide: Option<Report>,
    comment_hides: HashMap<CommentId, Report>,
}

impl ModerationExtras {
    /// Nothing to offer (a fragment that failed to load them still renders).
    pub(crate) fn none(locale: Locale) -> Self {
        Self {
            l: words::msgs(locale),
            rules: Vec::new(),
            me: None,
            post_hide: None,
            comment_hides: HashMap::new(),
        }
    }

    /// Loads them for `post` and its thread, as `actor` sees them.
    pub(crate) async fn load(
        ctx: &Ctx,
        actor: &Actor,
        locale: Locale,
        post: &PostView,
        thread: &[CommentView],
    ) -> samspill_services::Result<Self> {
        let post_hide = if post.hidden_rule_id.is_some() {
            moderation::standing_hide(ctx, actor, post.id, None).await?
        } else {
            None
        };
        let mut comment_hides = HashMap::new();
        for c in thread
            .iter()
            .filter(|c| c.hidden_rule_id.is_some() && c.author_id == actor.id)
        {
            if let Some(r) = moderation::standing_hide(ctx, actor, c.post_id, Some(c.id)).await? {
                comment_hides.insert(c.id, r);
            }
        }
        Ok(Self {
            l: words::msgs(locale),
            rules: rule_options(ctx, locale).await?,
            me: Some(actor.id),
            post_hide,
            comment_hides,
        })
    }

    /// The label of a cited rule.
    pub(crate) fn rule_label(&self, id: &str) -> String {
        self.rules
            .iter()
            .find(|(r, _)| r == id)
            .map_or_else(|| id.to_owned(), |(_, l)| l.clone())
    }

    /// Whether the viewer may report this (not their own).
    pub(crate) fn can_report(&self, author: &PersonId) -> bool {
        !self.rules.is_empty() && self.me.is_some_and(|me| me != *author)
    }

    /// The decision standing on one of the viewer's hidden comments.
    pub(crate) fn comment_hide(&self, c: &CommentView) -> Option<&Report> {
        self.comment_hides.get(&c.id)
    }
}

#[derive(Debug, Deserialize)]
struct ReportForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    post_id: String,
    #[serde(default)]
    comment_id: String,
    #[serde(default)]
    rule_id: String,
    #[serde(default)]
    reason: String,
}

/// Where a form about this post goes back to.
fn back_to(post: PostId, comment: Option<CommentId>) -> String {
    comment.map_or_else(
        || format!("/posts/{post}"),
        |c| format!("/posts/{post}#comment-{c}"),
    )
}

/// Answers a form: back to `to`, with a flash when the services refused.
fn answer(
    result: samspill_services::Result<()>,
    to: &str,
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

/// `POST /reports`
async fn report(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(f): Form<ReportForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let actor = user.actor();
    let (subject, back) = if let Ok(c) = f.comment_id.parse::<CommentId>() {
        match samspill_services::social::comments::find_comment(&state.ctx, &actor, c).await {
            Ok(Some(found)) => (Subject::Comment(c), back_to(found.post_id, Some(c))),
            Ok(None) => return error_page(StatusCode::NOT_FOUND, Some(&user), &headers),
            Err(e) => return service_error_page(&e, &user, &headers),
        }
    } else if let Ok(p) = f.post_id.parse::<PostId>() {
        (Subject::Post(p), back_to(p, None))
    } else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let done = moderation::report(&state.ctx, &actor, subject, &f.rule_id, &f.reason).await;
    answer(done.map(|_| ()), &back, &user, &headers)
}

#[derive(Debug, Deserialize)]
struct AppealForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    report_id: String,
    #[serde(default)]
    reason: String,
}

/// `POST /moderation/appeals`
async fn appeal(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(f): Form<AppealForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(id) = f.report_id.parse::<ReportId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let actor = user.actor();
    let r = match moderation::get_report(&state.ctx, &actor, id).await {
        Ok(r) => r,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let done = moderation::appeal(&state.ctx, &actor, AppealOf::Report(id), &f.reason).await;
    answer(
        done.map(|_| ()),
        &back_to(r.post_id, r.comment_id),
        &user,
        &headers,
    )
}

#[derive(Template)]
#[template(path = "moderation_queue.html")]
struct QueuePage {
    t: &'static Msgs,
    l: &'static ModerationMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    reports: Vec<Report>,
    rules: Vec<(String, String)>,
}

impl QueuePage {
    fn rule_label(&self, id: &str) -> String {
        self.rules
            .iter()
            .find(|(r, _)| r == id)
            .map_or_else(|| id.to_owned(), |(_, l)| l.clone())
    }
}

/// `GET /moderation`
async fn queue_page(State(state): State<AppState>, user: UiUser, headers: HeaderMap) -> Response {
    let actor = user.actor();
    let loaded = async {
        let page = moderation::queue(&state.ctx, &actor, None, Some(100)).await?;
        let rules = rule_options(&state.ctx, user.locale).await?;
        Ok::<_, samspill_services::Error>((page.items, rules))
    };
    let (reports, rules) = match loaded.await {
        Ok(l) => l,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let l = words::msgs(user.locale);
    render(&QueuePage {
        t: user.t,
        l,
        nav: nav(&state, &user, "moderation").await,
        page_title: l.queue_title.to_owned(),
        csrf: user.csrf.clone(),
        reports,
        rules,
    })
}

#[derive(Debug, Deserialize)]
struct ActForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    report_id: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    rule_id: String,
    #[serde(default)]
    note: String,
}

/// `POST /moderation/actions`
async fn act(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(f): Form<ActForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(id) = f.report_id.parse::<ReportId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let done = match ModerationAction::parse(&f.action) {
        Ok(a) => moderation::act(&state.ctx, &user.actor(), id, a, &f.rule_id, &f.note)
            .await
            .map(|_| ()),
        Err(e) => Err(e.into()),
    };
    answer(done, "/moderation", &user, &headers)
}

#[derive(Debug, Deserialize, Default)]
struct AuditParams {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    /// A date, `YYYY-MM-DD` (from that day on).
    #[serde(default)]
    from: String,
    /// A date, `YYYY-MM-DD` (up to and including that day).
    #[serde(default)]
    to: String,
    #[serde(default)]
    cursor: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    t: &'static Msgs,
    l: &'static ModerationMsgs,
    nav: Option<Nav>,
    page_title: String,
    f: AuditParams,
    rows: Vec<AuditView>,
    /// The link to the next page, when there is one.
    next: Option<String>,
    /// The CSV link with the same filters.
    csv: String,
    /// Why a filter was refused.
    error: Option<&'static str>,
}

impl AuditPage {
    fn when(&self, at: &OffsetDateTime) -> String {
        samspill_services::shared::clock::rfc3339(*at)
            .replace('T', " ")
            .chars()
            .take(19)
            .collect()
    }
}

const DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// A date field as the start of that day (UTC), or (with `end`) the start
/// of the next day.
fn day(raw: &str, end: bool) -> Option<Result<OffsetDateTime, ()>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    Some(
        time::Date::parse(raw, DATE)
            .map(|d| {
                let t = d.midnight().assume_utc();
                if end { t + time::Duration::days(1) } else { t }
            })
            .map_err(|_| ()),
    )
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// `GET /audit` (administrators)
async fn audit_page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Query(f): Query<AuditParams>,
) -> Response {
    if !user.person.is_admin {
        return error_page(StatusCode::FORBIDDEN, Some(&user), &headers);
    }
    let l = words::msgs(user.locale);
    let mut error = None;
    let actor = match f.actor.trim() {
        "" => None,
        raw => raw.parse::<PersonId>().map_or_else(
            |_| {
                error = Some(user.t.field_error("invalid"));
                None
            },
            Some,
        ),
    };
    let mut range = [None, None];
    for (i, (raw, end)) in [(&f.from, false), (&f.to, true)].into_iter().enumerate() {
        match day(raw, end) {
            Some(Ok(t)) => range[i] = Some(t),
            Some(Err(())) => error = Some(user.t.field_error("invalid")),
            None => {}
        }
    }
    let q = AuditQuery {
        actor,
        action: Some(f.action.trim().to_owned()).filter(|a| !a.is_empty()),
        from: range[0],
        to: range[1],
    };
    let cursor = Some(f.cursor.as_str()).filter(|c| !c.is_empty());
    let (rows, next_cursor) =
        match audit::list(&state.ctx, &user.actor(), &q, cursor, Some(50)).await {
            Ok(p) => (p.items, p.next_cursor),
            Err(samspill_services::Error::Invalid(_)) => {
                error = Some(user.t.field_error("invalid"));
                (Vec::new(), None)
            }
            Err(e) => return service_error_page(&e, &user, &headers),
        };
    let filters = format!(
        "actor={}&action={}&from={}&to={}",
        encode(f.actor.trim()),
        encode(f.action.trim()),
        encode(f.from.trim()),
        encode(f.to.trim())
    );
    let mut csv = String::from("/api/v1/audit/export.csv?");
    let api = [
        ("actor", q.actor.map(|a| a.to_string())),
        ("action", q.action.clone()),
        (
            "from",
            q.from.map(samspill_services::shared::clock::rfc3339),
        ),
        ("to", q.to.map(samspill_services::shared::clock::rfc3339)),
    ];
    let parts: Vec<String> = api
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", encode(v))))
        .collect();
    csv.push_str(&parts.join("&"));
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let html = render(&AuditPage {
        t: user.t,
        l,
        nav: nav(&state, &user, "audit").await,
        page_title: l.audit_title.to_owned(),
        next: next_cursor.map(|c| format!("/audit?{filters}&cursor={}", encode(&c))),
        f,
        rows,
        csv,
        error,
    });
    (status, html).into_response()
}
