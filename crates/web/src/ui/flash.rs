//! Flash messages: why a form action did not happen, shown once on the page
//! it redirects to.
//!
//! A form action that the services refuse with `Conflict` or `Invalid` (the
//! last owner leaving, voting on something that is not a poll, an empty
//! comment) redirects back with a [`Flash`] in the response's extensions.
//! [`cookies`] turns it into a short-lived cookie holding only the flash's
//! code; the next page reads it into [`Nav`](crate::ui::Nav) (through
//! [`UiUser`](crate::auth::UiUser)), `base.html` shows its text in the
//! page's language, and the same response clears the cookie. The cookie
//! carries a code, never text: an unknown or forged code shows nothing, and
//! every text is one of the fixed strings of [`Msgs`](crate::i18n::Msgs).

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use samspill_services::Error;

use crate::AppState;

/// The cookie's name.
pub(crate) const FLASH_COOKIE: &str = "samspill_flash";

/// A message left for the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flash {
    /// `last_owner`: the last owner cannot leave or step down.
    LastOwner,
    /// `already_member`.
    AlreadyMember,
    /// `cannot_join`: org, unit and secret spaces are not joined.
    CannotJoin,
    /// `not_a_poll`.
    NotAPoll,
    /// `not_a_question`.
    NotAQuestion,
    /// Any other conflict with the current state.
    Conflict,
    /// Input the form should not have been able to send (an unknown option,
    /// reaction or role).
    Invalid,
    /// The community form's fields.
    CommunityInvalid,
    /// The comment form's body.
    CommentInvalid,
    /// The commitment forms: a due date, a note.
    CommitmentInvalid,
}

impl Flash {
    /// Every flash.
    pub(crate) const ALL: [Self; 10] = [
        Self::LastOwner,
        Self::AlreadyMember,
        Self::CannotJoin,
        Self::NotAPoll,
        Self::NotAQuestion,
        Self::Conflict,
        Self::Invalid,
        Self::CommunityInvalid,
        Self::CommentInvalid,
        Self::CommitmentInvalid,
    ];

    /// The code in the cookie; for conflicts, the services' code.
    pub(crate) const fn code(self) -> &'static str {
        match self {
            Self::LastOwner => "last_owner",
            Self::AlreadyMember => "already_member",
            Self::CannotJoin => "cannot_join",
            Self::NotAPoll => "not_a_poll",
            Self::NotAQuestion => "not_a_question",
            Self::Conflict => "conflict",
            Self::Invalid => "invalid",
            Self::CommunityInvalid => "community_invalid",
            Self::CommentInvalid => "comment_invalid",
            Self::CommitmentInvalid => "commitment_invalid",
        }
    }

    /// The flash with this code.
    pub(crate) fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The flash for a service error that a form answers by going back:
    /// `Conflict` (by its code) and `Invalid`. Other errors get a page.
    pub(crate) fn of(e: &Error) -> Option<Self> {
        match e {
            Error::Conflict { code, .. } => Some(match *code {
                "last_owner" => Self::LastOwner,
                "already_member" => Self::AlreadyMember,
                "cannot_join" => Self::CannotJoin,
                "not_a_poll" => Self::NotAPoll,
                "not_a_question" => Self::NotAQuestion,
                _ => Self::Conflict,
            }),
            Error::Invalid(_) => Some(Self::Invalid),
            _ => None,
        }
    }
}

/// A 303 to `to` that leaves `flash` for the page there.
pub(crate) fn redirect(to: &str, flash: Flash) -> Response {
    let mut res = Redirect::to(to).into_response();
    res.extensions_mut().insert(flash);
    res
}

/// The flash a request carries, if its cookie holds a known code.
pub(crate) fn read(jar: &CookieJar) -> Option<Flash> {
    jar.get(FLASH_COOKIE).and_then(|c| Flash::parse(c.value()))
}

/// Middleware of the UI routes: sets the cookie for a response that leaves a
/// flash, and clears it once a page has been answered to a request that
/// carried it (not on redirects, nor on htmx fragment requests, which show
/// no header).
pub(crate) async fn cookies(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let carried = CookieJar::from_headers(req.headers())
        .get(FLASH_COOKIE)
        .is_some();
    let fragment = req.headers().contains_key("hx-request");
    let mut res = next.run(req).await;
    let cookie = match res.extensions().get::<Flash>() {
        Some(flash) => Cookie::build((FLASH_COOKIE, flash.code()))
            .max_age(time::Duration::minutes(1))
            .secure(state.config.server.secure_cookies),
        None if carried && !fragment && !res.status().is_redirection() => {
            Cookie::build((FLASH_COOKIE, "")).max_age(time::Duration::ZERO)
        }
        None => return res,
    };
    let cookie = cookie
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .build();
    if let Ok(v) = HeaderValue::from_str(&cookie.to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, NB};

    #[test]
    fn every_flash_round_trips_and_has_a_text_in_each_language() {
        for f in Flash::ALL {
            assert_eq!(Flash::parse(f.code()), Some(f));
            for t in [&EN, &NB] {
                assert!(!t.flash(f).is_empty(), "{f:?} in {}", t.lang);
            }
        }
        assert_eq!(Flash::parse("<script>"), None);
    }

    #[test]
    fn conflicts_map_by_code_and_unknown_codes_fall_back() {
        let conflict = |code| Error::Conflict {
            code,
            message: String::new(),
        };
        assert_eq!(Flash::of(&conflict("last_owner")), Some(Flash::LastOwner));
        assert_eq!(Flash::of(&conflict("cannot_join")), Some(Flash::CannotJoin));
        assert_eq!(Flash::of(&conflict("something_new")), Some(Flash::Conflict));
        assert_eq!(Flash::of(&conflict("invalid")), Some(Flash::Conflict));
        assert_eq!(Flash::of(&Error::Invalid(Vec::new())), Some(Flash::Invalid));
        assert_eq!(Flash::of(&Error::Forbidden), None);
        assert_eq!(Flash::of(&Error::NotFound), None);
    }
}
