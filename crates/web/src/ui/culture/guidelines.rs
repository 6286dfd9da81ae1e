//! The code of conduct in the UI: `/guidelines` (read the current version
//! in one's language, see what changed since the version one accepted,
//! accept it), `/admin/guidelines` (publish a new version from the current
//! rules, prefilled), and `/spaces/{id}/rules` (a space's own rules, which
//! its owners and moderators manage).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use samspill_domain::culture::{GuidelineRule, RuleId};
use samspill_domain::{Locale, SpaceId};
use samspill_services::culture::guidelines::{self, CurrentGuidelines, RuleInput, SpaceRule};
use samspill_services::social::spaces::{self, SpaceView};
use serde::Deserialize;

use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::culture::CultureMsgs;
use crate::i18n::{Msgs, fill};
use crate::ui::flash::{self, Flash};
use crate::ui::{Nav, csrf_failed, nav, render, service_error_page};

/// Adds these pages.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    r.route("/guidelines", get(page))
        .route("/guidelines/accept", post(accept))
        .route("/admin/guidelines", get(admin_page).post(publish))
        .route("/spaces/{id}/rules", get(space_rules).post(add_space_rule))
        .route("/spaces/{id}/rules/{rule}/remove", post(remove_space_rule))
}

/// A rule's title and text in the reader's language.
fn localized(r: &GuidelineRule, locale: Locale) -> (String, String) {
    match locale {
        Locale::Nb => (r.title_nb.clone(), r.body_nb.clone()),
        Locale::En => (r.title_en.clone(), r.body_en.clone()),
    }
}

#[derive(Template)]
#[template(path = "guidelines.html")]
struct GuidelinesPage {
    t: &'static Msgs,
    c: &'static CultureMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    g: CurrentGuidelines,
    version_line: String,
    /// `(rule id, number, title, text)` in the reader's language.
    rules: Vec<(RuleId, i64, String, String)>,
    changed_intro: Option<String>,
    /// `(change, its label, number, title)`
    changes: Vec<(&'static str, &'static str, i64, String)>,
    is_admin: bool,
}

/// `GET /guidelines`
async fn page(State(state): State<AppState>, user: UiUser, headers: HeaderMap) -> Response {
    let g = match guidelines::current(&state.ctx, &user.actor()).await {
        Ok(g) => g,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let c = crate::i18n::culture::msgs(user.locale);
    let version_line = fill(
        &fill(c.version_line, "n", &g.version.version.to_string()),
        "date",
        &g.version.published_at.date().to_string(),
    );
    let rules = g
        .rules
        .iter()
        .map(|r| {
            let (title, body) = localized(r, user.locale);
            (r.id, r.number, title, body)
        })
        .collect();
    let changed_intro = match g.accepted_version {
        Some(v) if !g.changes.is_empty() && !g.accepted => {
            Some(fill(c.changed_intro, "n", &v.to_string()))
        }
        _ => None,
    };
    let changes = g
        .changes
        .iter()
        .map(|(ch, r)| {
            (
                ch.as_str(),
                c.change(ch),
                r.number,
                localized(r, user.locale).0,
            )
        })
        .collect();
    render(&GuidelinesPage {
        t: user.t,
        c,
        nav: nav(&state, &user, "").await,
        page_title: c.guidelines_title.to_owned(),
        csrf: user.csrf.clone(),
        version_line,
        rules,
        changed_intro,
        changes,
        is_admin: user.person.is_admin,
        g,
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct AcceptForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: i64,
}

/// `POST /guidelines/accept`: back to the home page once accepted.
async fn accept(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(f): Form<AcceptForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    match guidelines::accept(&state.ctx, &user.actor(), f.version).await {
        Ok(_) => Redirect::to("/").into_response(),
        // A newer version came out while the page was open: show it.
        Err(samspill_services::Error::Conflict { .. }) => {
            flash::redirect("/guidelines", Flash::Conflict)
        }
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

/// One rule's fields on the publishing form.
struct RuleRow {
    index: usize,
    legend: String,
    rule_id: String,
    title_en: String,
    title_nb: String,
    body_en: String,
    body_nb: String,
}

#[derive(Template)]
#[template(path = "guidelines_admin.html")]
struct AdminPage {
    t: &'static Msgs,
    c: &'static CultureMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    rows: Vec<RuleRow>,
    publish_button: String,
    error: Option<String>,
}

/// The publishing form for `rules` plus an empty one for a new rule.
async fn admin_form(
    state: &AppState,
    user: &UiUser,
    rules: Vec<RuleInput>,
    next: i64,
    error: Option<String>,
) -> Response {
    let c = crate::i18n::culture::msgs(user.locale);
    let mut rows: Vec<RuleRow> = rules
        .into_iter()
        .enumerate()
        .map(|(i, r)| RuleRow {
            index: i,
            legend: fill(c.rule_n, "n", &(i + 1).to_string()),
            rule_id: r.rule_id.map(|id| id.to_string()).unwrap_or_default(),
            title_en: r.title_en,
            title_nb: r.title_nb,
            body_en: r.body_en,
            body_nb: r.body_nb,
        })
        .collect();
    rows.push(RuleRow {
        index: rows.len(),
        legend: c.new_rule.to_owned(),
        rule_id: String::new(),
        title_en: String::new(),
        title_nb: String::new(),
        body_en: String::new(),
        body_nb: String::new(),
    });
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = AdminPage {
        t: user.t,
        c,
        nav: nav(state, user, "").await,
        page_title: c.publish_title.to_owned(),
        csrf: user.csrf.clone(),
        rows,
        publish_button: fill(c.publish_button, "n", &next.to_string()),
        error,
    };
    (status, render(&page)).into_response()
}

/// `GET /admin/guidelines` (administrators): the current rules, prefilled.
async fn admin_page(State(state): State<AppState>, user: UiUser, headers: HeaderMap) -> Response {
    if !user.person.is_admin {
        return service_error_page(&samspill_services::Error::Forbidden, &user, &headers);
    }
    let g = match guidelines::current(&state.ctx, &user.actor()).await {
        Ok(g) => g,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let rules = g
        .rules
        .into_iter()
        .map(|r| RuleInput {
            rule_id: Some(r.id),
            title_en: r.title_en,
            title_nb: r.title_nb,
            body_en: r.body_en,
            body_nb: r.body_nb,
        })
        .collect();
    admin_form(&state, &user, rules, g.version.version + 1, None).await
}

/// The rules of the publishing form, in order; a rule whose four fields are
/// all empty is left out (removed).
fn rules_of(form: &[(String, String)]) -> Vec<RuleInput> {
    let get = |name: &str, i: usize| {
        let key = format!("{name}_{i}");
        form.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
    };
    let mut out = Vec::new();
    for i in 0..=100 {
        let Some(title_en) = get("title_en", i) else {
            break;
        };
        let r = RuleInput {
            rule_id: get("rule_id", i).and_then(|id| id.parse().ok()),
            title_en,
            title_nb: get("title_nb", i).unwrap_or_default(),
            body_en: get("body_en", i).unwrap_or_default(),
            body_nb: get("body_nb", i).unwrap_or_default(),
        };
        let empty = [&r.title_en, &r.title_nb, &r.body_en, &r.body_nb]
            .iter()
            .all(|s| s.trim().is_empty());
        if !empty {
            out.push(r);
        }
    }
    out
}

/// `POST /admin/guidelines`: publishes a new version.
async fn publish(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let csrf = form
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    if !user.csrf_ok(csrf) {
        return csrf_failed(&user, &headers);
    }
    let rules = rules_of(&form);
    match guidelines::publish(&state.ctx, &user.actor(), &rules).await {
        Ok(_) => Redirect::to("/guidelines").into_response(),
        Err(samspill_services::Error::Invalid(_)) => {
            let next = guidelines::current(&state.ctx, &user.actor())
                .await
                .map_or(1, |g| g.version.version + 1);
            let why = crate::i18n::culture::msgs(user.locale)
                .rules_invalid
                .to_owned();
            admin_form(&state, &user, rules, next, Some(why)).await
        }
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

#[derive(Template)]
#[template(path = "space_rules.html")]
struct SpaceRulesPage {
    t: &'static Msgs,
    c: &'static CultureMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    heading: String,
    space: SpaceView,
    rules: Vec<SpaceRule>,
    can_manage: bool,
}

/// `GET /spaces/{id}/rules`
async fn space_rules(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<SpaceId>() else {
        return service_error_page(&samspill_services::Error::NotFound, &user, &headers);
    };
    let actor = user.actor();
    let loaded = async {
        let space = spaces::get_space(&state.ctx, &actor, id).await?;
        let rules = guidelines::space_rules(&state.ctx, &actor, id).await?;
        let can_manage = spaces::moderates(&state.ctx, &actor, &space).await?;
        Ok::<_, samspill_services::Error>((space, rules, can_manage))
    }
    .await;
    let (space, rules, can_manage) = match loaded {
        Ok(x) => x,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let c = crate::i18n::culture::msgs(user.locale);
    let heading = fill(c.space_rules_title, "space", &space.name);
    render(&SpaceRulesPage {
        t: user.t,
        c,
        nav: nav(&state, &user, "spaces").await,
        page_title: heading.clone(),
        csrf: user.csrf.clone(),
        heading,
        space,
        rules,
        can_manage,
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct SpaceRuleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

/// `POST /spaces/{id}/rules`
async fn add_space_rule(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<SpaceRuleForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(space) = id.parse::<SpaceId>() else {
        return service_error_page(&samspill_services::Error::NotFound, &user, &headers);
    };
    let back = format!("/spaces/{space}/rules");
    match guidelines::add_space_rule(&state.ctx, &user.actor(), space, &f.title, &f.body).await {
        Ok(_) => Redirect::to(&back).into_response(),
        Err(e) => match Flash::of(&e) {
            Some(why) => flash::redirect(&back, why),
            None => service_error_page(&e, &user, &headers),
        },
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// `POST /spaces/{id}/rules/{rule}/remove`
async fn remove_space_rule(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path((id, rule)): Path<(String, String)>,
    Form(f): Form<CsrfOnly>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let (Ok(space), Ok(rule)) = (id.parse::<SpaceId>(), rule.parse::<RuleId>()) else {
        return service_error_page(&samspill_services::Error::NotFound, &user, &headers);
    };
    match guidelines::remove_space_rule(&state.ctx, &user.actor(), space, rule).await {
        Ok(()) => Redirect::to(&format!("/spaces/{space}/rules")).into_response(),
        Err(e) => service_error_page(&e, &user, &headers),
    }
}
