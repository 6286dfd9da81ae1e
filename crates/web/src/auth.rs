//! Who is asking: the extractors for the API (session cookie or Bearer
//! token) and for the UI (session cookie), the CSRF check, and the session
//! cookie itself.
//!
//! CSRF: a request that changes state with a cookie must carry the session's
//! CSRF token, in the `X-CSRF-Token` header (API) or the `csrf` form field
//! (UI). Bearer requests need none: a browser never adds that header by itself.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use samspill_domain::Locale;
use samspill_services::org::people::PersonView;
use samspill_services::{Actor, auth};

use crate::i18n::{self, Msgs};
use crate::ui::flash::{self, Flash};
use crate::{ApiError, AppState};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "samspill_session";
/// The CSRF header of cookie-authenticated API calls.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Compares two secrets in time independent of where they differ.
#[must_use]
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session cookie for a new session.
#[must_use]
pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.server.secure_cookies)
        .path("/")
        .max_age(time::Duration::hours(i64::from(
            state.config.session.ttl_hours,
        )))
        .build()
}

/// A cookie that removes the session cookie.
#[must_use]
pub fn removal_cookie() -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .max_age(time::Duration::ZERO)
        .build()
}

/// How an API caller authenticated.
#[derive(Debug, Clone)]
pub enum Via {
    /// A browser session; carries its CSRF token.
    Cookie {
        /// The session's cookie token.
        token: String,
        /// The session's CSRF token.
        csrf: String,
    },
    /// A personal API token.
    Bearer,
}

/// The signed-in caller of the API.
#[derive(Debug, Clone)]
pub struct ApiUser {
    /// Who.
    pub person: PersonView,
    /// How.
    pub via: Via,
}

impl ApiUser {
    /// The services' view of the caller.
    #[must_use]
    pub fn actor(&self) -> Actor {
        Actor::of(&self.person)
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(token) = bearer(&parts.headers) {
            let person = auth::resolve_api_token(&state.ctx, token)
                .await?
                .ok_or_else(ApiError::unauthenticated)?;
            return Ok(Self {
                person,
                via: Via::Bearer,
            });
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar
            .get(SESSION_COOKIE)
            .map(|c| c.value().to_owned())
            .ok_or_else(ApiError::unauthenticated)?;
        let (person, csrf) = auth::resolve_session(&state.ctx, &token)
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        if changes_state(&parts.method) {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !same_secret(sent, &csrf) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "csrf_failed",
                    "missing or wrong X-CSRF-Token header",
                ));
            }
        }
        Ok(Self {
            person,
            via: Via::Cookie { token, csrf },
        })
    }
}

/// The locale for a page: the person's setting, else the browser's.
#[must_use]
pub fn page_locale(person: Option<&PersonView>, headers: &HeaderMap) -> Locale {
    person
        .and_then(|p| p.locale)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or_default()
}

/// The signed-in person of a UI page, with their strings and CSRF token.
#[derive(Debug, Clone)]
pub struct UiUser {
    /// Who.
    pub person: PersonView,
    /// The session's CSRF token, for forms.
    pub csrf: String,
    /// The session cookie's token (for signing out).
    pub token: String,
    /// The page's language.
    pub locale: Locale,
    /// The page's strings.
    pub t: &'static Msgs,
    /// Why the last form action did not happen, left for this page.
    pub(crate) flash: Option<Flash>,
}

impl UiUser {
    /// The services' view of the person.
    #[must_use]
    pub fn actor(&self) -> Actor {
        Actor::of(&self.person)
    }

    /// Checks a form's CSRF field.
    #[must_use]
    pub fn csrf_ok(&self, sent: &str) -> bool {
        same_secret(sent, &self.csrf)
    }
}

/// Sends a signed-out visitor of a UI page to the sign-in page.
#[derive(Debug)]
pub struct ToSignIn(String);

impl IntoResponse for ToSignIn {
    fn into_response(self) -> Response {
        Redirect::to(&self.0).into_response()
    }
}

async fn ui_user(parts: &Parts, state: &AppState) -> Option<UiUser> {
    let jar = CookieJar::from_headers(&parts.headers);
    let token = jar.get(SESSION_COOKIE)?.value().to_owned();
    let resolved = auth::resolve_session(&state.ctx, &token).await;
    let (person, csrf) = match resolved {
        Ok(found) => found?,
        Err(e) => {
            tracing::error!(error = %e, "session look-up failed");
            return None;
        }
    };
    let locale = page_locale(Some(&person), &parts.headers);
    Some(UiUser {
        person,
        csrf,
        token,
        locale,
        t: i18n::msgs(locale),
        flash: flash::read(&jar),
    })
}

impl FromRequestParts<AppState> for UiUser {
    type Rejection = ToSignIn;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ToSignIn> {
        if let Some(user) = ui_user(parts, state).await {
            return Ok(user);
        }
        let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        let next: String = url_encode(path);
        Err(ToSignIn(format!("/login?next={next}")))
    }
}

impl OptionalFromRequestParts<AppState> for UiUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(ui_user(parts, state).await)
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
#[must_use]
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A safe local redirect target: a path on this site, never another host.
///
/// Browsers drop ASCII tab, CR and LF anywhere in a URL and read `\\` as
/// `/`, so `/\t/evil.example` is `//evil.example` to them. Any control
/// character or backslash is therefore refused outright; what is left is
/// resolved against this site the way a browser would, and the answer is
/// rebuilt from the parsed path, query and fragment (percent-encoded, so it
/// is always a valid `Location`). Anything that does not stay on this
/// origin, or whose path would start with `//`, gives `/`.
#[must_use]
pub fn safe_next(next: Option<&str>) -> String {
    const HOME: &str = "/";
    let Some(next) = next else {
        return HOME.to_owned();
    };
    if !next.starts_with('/')
        || next.starts_with("//")
        || next.contains('\\')
        || next.chars().any(char::is_control)
    {
        return HOME.to_owned();
    }
    let Ok(base) = url::Url::parse("http://samspill.invalid/") else {
        return HOME.to_owned();
    };
    match base.join(next) {
        Ok(u) if u.origin() == base.origin() && !u.path().starts_with("//") => {
            u[url::Position::BeforePath..].to_owned()
        }
        _ => HOME.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_by_content_and_length() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert!(!same_secret("", "x"));
    }

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(safe_next(Some("/people?q=a")), "/people?q=a");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn next_is_read_the_way_a_browser_reads_it() {
        // Browsers strip tab, CR and LF, so each of these is `//evil.example`.
        for bad in [
            "/\t/evil.example/phish",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\t\\evil.example",
            "\t//evil.example",
            "/\u{0}x",
            "/\u{b}x",
            "/a\r\nSet-Cookie: x=1",
            "/../..//evil.example",
            "/.//evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(
            safe_next(Some("/spaces/1?tab=a b#c")),
            "/spaces/1?tab=a%20b#c"
        );
        assert_eq!(safe_next(Some("/søk")), "/s%C3%B8k");
        assert_eq!(safe_next(Some("/a/../b")), "/b");
    }

    #[test]
    fn bearer_tokens_are_read_case_insensitively() {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, "bearer ssp_abc".parse().unwrap());
        assert_eq!(bearer(&h), Some("ssp_abc"));
        h.insert(header::AUTHORIZATION, "Basic xyz".parse().unwrap());
        assert_eq!(bearer(&h), None);
    }
}
