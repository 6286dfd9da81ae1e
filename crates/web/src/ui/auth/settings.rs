//! One's own settings: profile fields, password and personal API tokens.
//! Invalid input re-renders the form with every problem next to its field;
//! success redirects (Post/Redirect/Get) with a notice. The one exception is
//! creating a token: its answer is the page itself, showing the secret this
//! once, so that the secret never travels in a URL or a cookie.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use samspill_domain::{TokenId, ValidationError, WorkMode};
use samspill_services::auth::{ApiToken, TOKEN_MAX_LIFETIME};
use samspill_services::org::people::{self, SettingsInput};
use samspill_services::{Error, auth};
use serde::Deserialize;
use time::{Date, OffsetDateTime, Time};

use crate::AppState;
use crate::auth::{UiUser, session_cookie};
use crate::i18n::Msgs;
use crate::ui::{Nav, csrf_failed, field_errors, form_action, render, service_error_page};

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

/// A token as the settings page lists it: dates only, as on other pages.
struct TokenRow {
    id: String,
    name: String,
    created: Date,
    last_used: Option<Date>,
    expires: Option<Date>,
    expired: bool,
}

impl TokenRow {
    fn of(t: &ApiToken, now: OffsetDateTime) -> Self {
        Self {
            id: t.id.to_string(),
            name: t.name.clone(),
            created: t.created_at.date(),
            last_used: t.last_used_at.map(|d| d.date()),
            expires: t.expires_at.map(|d| d.date()),
            expired: t.expires_at.is_some_and(|d| d <= now),
        }
    }
}

/// The token form as submitted, its problems, and a secret just created.
#[derive(Default)]
struct TokenForm {
    name: String,
    expires: String,
    errors: BTreeMap<String, &'static str>,
    /// `(name, secret)` of the token this answer created.
    created: Option<(String, String)>,
}

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
    tokens: Vec<TokenRow>,
    token: TokenForm,
    /// The range of the expiry date picker: tomorrow to a year ahead (UTC).
    expires_min: Date,
    expires_max: Date,
}

async fn page(
    state: &AppState,
    user: &UiUser,
    form: SettingsInput,
    errors: BTreeMap<String, &'static str>,
    notice: Option<&'static str>,
    token: TokenForm,
) -> Response {
    let tokens = match auth::list_api_tokens(&state.ctx, &user.actor()).await {
        Ok(list) => list,
        Err(e) => return service_error_page(&e, user, &HeaderMap::new()),
    };
    let now = state.ctx.clock.now();
    let mut time_zones: Vec<String> = TIME_ZONES.iter().map(|z| (*z).to_owned()).collect();
    if !time_zones.contains(&form.time_zone) && !form.time_zone.is_empty() {
        time_zones.insert(0, form.time_zone.clone());
    }
    let t = user.t;
    let status = if errors.is_empty() && token.errors.is_empty() {
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
        has_errors: !errors.is_empty() || !token.errors.is_empty(),
        form,
        work_modes: &WorkMode::ALL,
        time_zones,
        errors,
        notice,
        tokens: tokens.iter().map(|tk| TokenRow::of(tk, now)).collect(),
        token,
        expires_min: (now + time::Duration::days(1)).date(),
        expires_max: (now + TOKEN_MAX_LIFETIME).date(),
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
pub(crate) async fn settings_form(
    State(state): State<AppState>,
    user: UiUser,
    Query(n): Query<Notice>,
) -> Response {
    let notice = match n.done.as_deref() {
        Some("saved") => Some(user.t.saved),
        Some("password") => Some(user.t.password_changed),
        Some("token_revoked") => Some(user.t.token_revoked),
        _ => None,
    };
    let form = current(&user);
    page(
        &state,
        &user,
        form,
        BTreeMap::new(),
        notice,
        TokenForm::default(),
    )
    .await
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
        Err(Error::Invalid(errors)) => {
            let errors = field_errors(user.t, &errors);
            page(&state, &user, input, errors, None, TokenForm::default()).await
        }
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
            let (form, errors) = (current(&user), field_errors(user.t, &errors));
            page(&state, &user, form, errors, None, TokenForm::default()).await
        }
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct CreateTokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    /// `YYYY-MM-DD` from the date picker, or empty for no expiry.
    #[serde(default)]
    expires: String,
}

/// A picked expiry date as the instant it begins (UTC): a token "expires on"
/// that date. Empty means none.
fn parse_expiry_date(s: &str) -> Result<Option<OffsetDateTime>, ValidationError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &format)
        .map(|d| Some(d.with_time(Time::MIDNIGHT).assume_utc()))
        .map_err(|_| ValidationError::new("expires_at", "invalid", "a date as YYYY-MM-DD"))
}

/// The token form's fields by the names the page gives them.
fn token_field_errors(
    t: &'static Msgs,
    errors: &[ValidationError],
) -> BTreeMap<String, &'static str> {
    field_errors(t, errors)
        .into_iter()
        .map(|(field, e)| {
            let field = match field.as_str() {
                "expires_at" => "token_expires".to_owned(),
                _ => "token_name".to_owned(),
            };
            (field, e)
        })
        .collect()
}

/// `POST /settings/tokens`: creates a token and answers the settings page
/// with its secret, shown this once.
pub(crate) async fn create_token(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(f): Form<CreateTokenForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let result = match parse_expiry_date(&f.expires) {
        Ok(expires_at) => {
            auth::create_api_token(&state.ctx, &user.actor(), &f.name, expires_at).await
        }
        Err(e) => Err(Error::Invalid(vec![e])),
    };
    let token = match result {
        Ok((meta, secret)) => TokenForm {
            created: Some((meta.name, secret)),
            ..TokenForm::default()
        },
        Err(Error::Invalid(errors)) => TokenForm {
            errors: token_field_errors(user.t, &errors),
            name: f.name,
            expires: f.expires,
            created: None,
        },
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let notice = token.created.as_ref().map(|_| user.t.token_created);
    let form = current(&user);
    page(&state, &user, form, BTreeMap::new(), notice, token).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct RevokeTokenForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /settings/tokens/{id}/revoke`: someone else's token is a 404 page.
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<RevokeTokenForm>,
) -> Response {
    let actor = user.actor();
    let back = |_: &TokenId| "/settings?done=token_revoked#tokens-h".to_owned();
    form_action(&user, &headers, &id, &f.csrf, back, |id| async move {
        auth::revoke_api_token(&state.ctx, &actor, id).await
    })
    .await
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
