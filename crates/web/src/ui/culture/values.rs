//! `/values`: each value with its recognition per month (an inline SVG
//! chart per value, the figures as a table too) and recent praise; and
//! `/admin/values`, where administrators add, edit and archive values.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use samspill_domain::culture::{ValueIcon, ValueId};
use samspill_services::culture::praise;
use samspill_services::culture::values::{self, ValueInput, ValuePatch, ValueView};
use samspill_services::social::posts::PostDetail;
use serde::Deserialize;

use super::chart::{self, Chart};
use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::culture::CultureMsgs;
use crate::i18n::{Msgs, fill};
use crate::ui::flash::{self, Flash};
use crate::ui::{Nav, csrf_failed, nav, render, service_error_page};

/// The months the values page shows.
const MONTHS: u32 = 12;

/// Adds these pages.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    r.route("/values", get(page))
        .route("/admin/values", get(admin_page).post(create))
        .route("/admin/values/{id}", post(update))
}

/// One value's row on the page.
pub(crate) struct ValueRow {
    id: ValueId,
    name: String,
    description: String,
    icon: &'static str,
    archived: bool,
    total: i64,
    chart: Chart,
    /// The chart's text alternative in one sentence.
    label: String,
}

#[derive(Template)]
#[template(path = "values.html")]
struct ValuesPage {
    t: &'static Msgs,
    c: &'static CultureMsgs,
    nav: Option<Nav>,
    page_title: String,
    caption: String,
    rows: Vec<ValueRow>,
    /// `(month, counts per value in row order)`
    table: Vec<(String, Vec<i64>)>,
    recent: Vec<PostDetail>,
    width: i64,
    height: i64,
    is_admin: bool,
}

/// `GET /values`
async fn page(State(state): State<AppState>, user: UiUser, headers: HeaderMap) -> Response {
    let p = match praise::values_page(&state.ctx, &user.actor(), MONTHS).await {
        Ok(p) => p,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let c = crate::i18n::culture::msgs(user.locale);
    let rows: Vec<ValueRow> = p
        .values
        .iter()
        .map(|v| {
            let praise_n = fill(c.praise_n, "n", &v.total.to_string());
            ValueRow {
                id: v.value.id,
                name: v.value.name.clone(),
                description: v.value.description.clone(),
                icon: v.value.icon.as_str(),
                archived: v.value.archived_at.is_some(),
                total: v.total,
                chart: chart::bars(&p.months, &v.per_month),
                label: format!("{}: {praise_n}", v.value.name),
            }
        })
        .collect();
    let table = p
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            (
                m.clone(),
                p.values
                    .iter()
                    .map(|v| v.per_month.get(i).copied().unwrap_or(0))
                    .collect(),
            )
        })
        .collect();
    render(&ValuesPage {
        t: user.t,
        c,
        nav: nav(&state, &user, "values").await,
        page_title: c.values_title.to_owned(),
        caption: fill(c.recognition_caption, "n", &MONTHS.to_string()),
        rows,
        table,
        recent: p.recent,
        width: chart::WIDTH,
        height: chart::HEIGHT,
        is_admin: user.person.is_admin,
    })
}

#[derive(Template)]
#[template(path = "values_admin.html")]
struct AdminPage {
    t: &'static Msgs,
    c: &'static CultureMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    values: Vec<ValueView>,
    icons: [ValueIcon; 8],
}

/// `GET /admin/values` (administrators)
async fn admin_page(State(state): State<AppState>, user: UiUser, headers: HeaderMap) -> Response {
    if !user.person.is_admin {
        return service_error_page(&samspill_services::Error::Forbidden, &user, &headers);
    }
    let list = match values::list_values(&state.ctx, &user.actor(), true).await {
        Ok(l) => l,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let c = crate::i18n::culture::msgs(user.locale);
    render(&AdminPage {
        t: user.t,
        c,
        nav: nav(&state, &user, "values").await,
        page_title: c.admin_values_title.to_owned(),
        csrf: user.csrf.clone(),
        values: list,
        icons: ValueIcon::ALL,
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct ValueForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    icon: String,
    #[serde(default)]
    action: String,
}

fn back(user: &UiUser, headers: &HeaderMap, e: &samspill_services::Error) -> Response {
    match Flash::of(e) {
        Some(why) => flash::redirect("/admin/values", why),
        None => service_error_page(e, user, headers),
    }
}

/// `POST /admin/values`
async fn create(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(f): Form<ValueForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let input = ValueInput {
        name: f.name,
        description: f.description,
        icon: f.icon,
    };
    match values::create_value(&state.ctx, &user.actor(), &input).await {
        Ok(_) => Redirect::to("/admin/values").into_response(),
        Err(e) => back(&user, &headers, &e),
    }
}

/// `POST /admin/values/{id}`: save, archive or bring back.
async fn update(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<ValueForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(id) = id.parse::<ValueId>() else {
        return service_error_page(&samspill_services::Error::NotFound, &user, &headers);
    };
    let patch = ValuePatch {
        name: Some(f.name),
        description: Some(f.description),
        icon: Some(f.icon),
        archived: match f.action.as_str() {
            "archive" => Some(true),
            "restore" => Some(false),
            _ => None,
        },
    };
    match values::update_value(&state.ctx, &user.actor(), id, &patch).await {
        Ok(_) => Redirect::to("/admin/values").into_response(),
        Err(e) => back(&user, &headers, &e),
    }
}
