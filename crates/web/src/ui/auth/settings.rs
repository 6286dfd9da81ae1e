//! One's own settings: profile fields and password. Invalid input re-renders
//! the form with every problem next to its field; success redirects
//! (Post/Redirect/Get) with a notice.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use samspill_domain::WorkMode;
use samspill_services::org::people::{self, SettingsInput};
use samspill_services::{Error, auth};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{UiUser, session_cookie};
use crate::i18n::Msgs;
use crate::ui::{Nav, csrf_failed, field_errors, render, service_error_page};

/// Zones offered in the form; a person's current zone is added if missing.
const TIME_ZONES: &[&str] = &[
    "Europe/Oslo",
    "Europe/Stockholm",
    "Europe/Copenhagen",
    "Europe/Helsinki",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Paris",
    "Europe/Warsaw",
    "Europe/Madrid",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
];

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    email: String,
    form: SettingsInput,
    work_modes: &'static [WorkMode],
    time_zones: Vec<String>,
    errors: BTreeMap<String, &'static str>,
    has_errors: bool,
    notice: Option<&'static str>,
}

fn page(
    user: &UiUser,
    form: SettingsInput,
    errors: BTreeMap<String, &'static str>,
    notice: Option<&'static str>,
) -> Response {
    let mut time_zones: Vec<String> = TIME_ZONES.iter().map(|z| (*z).to_owned()).collect();
    if !time_zones.contains(&form.time_zone) && !form.time_zone.is_empty() {
        time_zones.insert(0, form.time_zone.clone());
    }
    let t = user.t;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let html = render(&SettingsPage {
        t,
        nav: Nav::of(user, "settings"),
        page_title: t.settings_title.to_owned(),
        csrf: user.csrf.clone(),
        email: user.person.email.clone(),
        has_errors: !errors.is_empty(),
        form,
        work_modes: &WorkMode::ALL,
        time_zones,
        errors,
        notice,
    });
    (status, html).into_response()
}

fn current(user: &UiUser) -> SettingsInput {
    let p = &user.person;
    SettingsInput {
        name: p.name.clone(),
        title: p.title.clone(),
        work_mode: p.work_mode.as_str().to_owned(),
        locale: p.locale.map(|l| l.as_str().to_owned()).unwrap_or_default(),
        time_zone: p.time_zone.clone(),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct Notice {
    done: Option<String>,
}

/// `GET /settings`
pub(crate) async fn settings_form(user: UiUser, Query(n): Query<Notice>) -> Response {
    let notice = match n.done.as_deref() {
        Some("saved") => Some(user.t.saved),
        Some("password") => Some(user.t.password_changed),
        _ => None,
    };
    page(&user, current(&user), BTreeMap::new(), notice)
}

#[derive(Debug, Deserialize)]
pub(crate) struct SettingsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    work_mode: String,
    #[serde(default)]
    locale: String,
    #[serde(default)]
    time_zone: String,
}

/// `POST /settings`
pub(crate) async fn save_settings(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(f): Form<SettingsForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let input = SettingsInput {
        name: f.name,
        title: f.title,
        work_mode: f.work_mode,
        locale: f.locale,
        time_zone: f.time_zone,
    };
    match people::update_settings(&state.ctx, &user.actor(), &input).await {
        Ok(_) => Redirect::to("/settings?done=saved").into_response(),
        Err(Error::Invalid(errors)) => page(&user, input, field_errors(user.t, &errors), None),
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// `POST /settings/password`
pub(crate) async fn change_password(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    jar: CookieJar,
    Form(f): Form<PasswordForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    match auth::change_password(
        &state.ctx,
        &user.actor(),
        &f.current_password,
        &f.new_password,
    )
    .await
    {
        Ok(s) => (
            jar.add(session_cookie(&state, s.session_token)),
            Redirect::to("/settings?done=password"),
        )
            .into_response(),
        Err(Error::Invalid(errors)) => {
            page(&user, current(&user), field_errors(user.t, &errors), None)
        }
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

#[cfg(test)]
mod tests {
    use super::TIME_ZONES;

    #[test]
    fn every_offered_time_zone_is_accepted_as_spelled() {
        for zone in TIME_ZONES {
            let parsed = samspill_domain::TimeZone::parse(zone);
            assert_eq!(parsed.map(|z| z.as_str().to_owned()).as_deref(), Ok(*zone));
        }
    }
}
