//! Sign-in and sign-out pages. The sign-in form is protected against login
//! CSRF by a double-submit token: a random cookie that the form must echo.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use samspill_services::{Error, auth};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{UiUser, page_locale, removal_cookie, safe_next, same_secret, session_cookie};
use crate::client::ClientAddr;
use crate::i18n::{self, Msgs, fill};
use crate::ui::{Nav, render};

const LOGIN_CSRF_COOKIE: &str = "samspill_login_csrf";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct NextParam {
    next: Option<String>,
}

fn login_page(
    t: &'static Msgs,
    jar: CookieJar,
    next: String,
    email: String,
    error: Option<String>,
) -> Response {
    let csrf = jar
        .get(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() >= 32)
        .unwrap_or_else(auth::random_token);
    let cookie = Cookie::build((LOGIN_CSRF_COOKIE, csrf.clone()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/login")
        .build();
    let page = LoginPage {
        t,
        nav: None,
        page_title: t.sign_in_title.to_owned(),
        csrf,
        next,
        email,
        error,
    };
    (jar.add(cookie), render(&page)).into_response()
}

/// `GET /login`
pub(crate) async fn login_form(
    user: Option<UiUser>,
    headers: HeaderMap,
    jar: CookieJar,
    Query(q): Query<NextParam>,
) -> Response {
    let next = safe_next(q.next.as_deref());
    if user.is_some() {
        return Redirect::to(&next).into_response();
    }
    login_page(
        i18n::msgs(page_locale(None, &headers)),
        jar,
        next,
        String::new(),
        None,
    )
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

/// `POST /login`
pub(crate) async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Response {
    let t = i18n::msgs(page_locale(None, &headers));
    let next = safe_next(Some(&form.next));
    let cookie_csrf = jar
        .get(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    if cookie_csrf.is_empty() || !same_secret(&cookie_csrf, &form.csrf) {
        return login_page(t, jar, next, form.email, Some(t.session_expired.to_owned()));
    }
    match auth::sign_in(&state.ctx, &client, &form.email, &form.password).await {
        Ok(s) => {
            let jar = jar.add(session_cookie(&state, s.session_token));
            (jar, Redirect::to(&next)).into_response()
        }
        Err(Error::RateLimited { retry_after_secs }) => {
            let minutes = retry_after_secs.div_ceil(60).to_string();
            let msg = fill(t.too_many_attempts, "n", &minutes);
            let mut res = login_page(t, jar, next, form.email, Some(msg));
            *res.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, retry_after_secs.into());
            res
        }
        Err(Error::InvalidCredentials) => {
            let mut res = login_page(
                t,
                jar,
                next,
                form.email,
                Some(t.invalid_credentials.to_owned()),
            );
            *res.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "sign-in failed");
            crate::ui::error_page(axum::http::StatusCode::SERVICE_UNAVAILABLE, None, &headers)
        }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /logout`
pub(crate) async fn logout(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !user.csrf_ok(&form.csrf) {
        return crate::ui::csrf_failed(&user, &headers);
    }
    if let Err(e) = auth::sign_out(&state.ctx, &user.token).await {
        return crate::ui::service_error_page(&e, &user, &headers);
    }
    (jar.add(removal_cookie()), Redirect::to("/login")).into_response()
}
