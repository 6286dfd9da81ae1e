//! Sign-in, sessions, personal API tokens and passwords.
//!
//! Invariants:
//! - Passwords are hashed with Argon2id on a blocking thread, at most one hash
//!   per core at a time.
//! - An unknown e-mail, a person without a password, a deactivated person and
//!   a wrong password all answer `InvalidCredentials`, after the same work.
//! - Sign-in is limited by e-mail *and* client ([`ClientKey`]: the IPv4
//!   address or IPv6 /64 the front door names), over the sliding
//!   `login_window` (15 minutes), counting known and unknown e-mails alike
//!   ([`throttle`]). A client with `login_max_failures` (5) failures for an
//!   e-mail is refused for that e-mail; one with
//!   `login_max_failures_per_client` (20) over all e-mails is refused for
//!   every e-mail; an e-mail with `login_max_failures_per_account` (100)
//!   from all clients is refused to every client, as a backstop against
//!   guessing from many clients. Refusals are `RateLimited`, even with the
//!   right password, and come before the password is checked, so another
//!   client (the account's owner) is held back only by the backstop.
//! - A success clears that client's failures for that e-mail, not other
//!   clients'.
//! - Session and API tokens are random 256-bit values; only their SHA-256 is
//!   stored.
//! - An API token authenticates until it expires (if it has an expiry, at
//!   most [`TOKEN_MAX_LIFETIME`] ahead) or is revoked. Changing a password
//!   revokes all of the person's tokens and ends their sessions in the same
//!   transaction that stores the new hash (as do `admin reset-password` and
//!   deactivation, in [`admin`]).
//! - A token's `last_used_at` is written at most once per
//!   [`TOKEN_USE_RESOLUTION`]; failing to write it never fails the request.

pub mod admin;
pub mod throttle;

pub use throttle::ClientKey;

pub use samspill_store::auth::tokens::ApiToken;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use samspill_domain::{PersonId, TokenId, ValidationError, text};
use samspill_store::auth::sessions::{self, Session};
use samspill_store::org::people::PersonView;
use samspill_store::{Ts, auth::tokens, org::people};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::{Actor, Ctx, Error, Result};

/// The prefix of personal API tokens, so that leaked ones are recognizable.
pub const TOKEN_PREFIX: &str = "ssp_";

/// How far ahead a token's expiry may lie: a year, leap day included, so
/// that "the same date next year" is always accepted. A token without an
/// expiry lasts until revoked; a bound on explicit dates catches typos
/// (year 20270) and keeps stored times in the range both backends compare
/// correctly.
pub const TOKEN_MAX_LIFETIME: Duration = Duration::days(366);

/// How stale a token's `last_used_at` may be before a request that uses the
/// token writes it again: at most one write per token per minute.
pub const TOKEN_USE_RESOLUTION: Duration = Duration::minutes(1);

/// A successful sign-in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The secret for the session cookie (shown to the browser only).
    pub session_token: String,
    /// The CSRF token of the session.
    pub csrf_token: String,
    /// Who signed in.
    pub person: PersonView,
}

/// A random 256-bit token, base64url without padding (43 characters).
#[must_use]
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// The stored form of a session or API token.
#[must_use]
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a new password's length: 10 to 1024 characters.
pub fn validate_password(password: &str) -> std::result::Result<(), ValidationError> {
    let n = password.chars().count();
    if n < 10 {
        return Err(ValidationError::new(
            "password",
            "too_short",
            "at least 10 characters",
        ));
    }
    if n > 1024 {
        return Err(ValidationError::new(
            "password",
            "too_long",
            "at most 1024 characters",
        ));
    }
    Ok(())
}

/// Hashes a password with Argon2id (OWASP defaults) on a blocking thread.
///
/// # Errors
/// `Unexpected` if hashing fails (it does not, short of memory exhaustion).
pub async fn hash_password(ctx: &Ctx, password: &str) -> Result<String> {
    let _permit = ctx.hashing.acquire().await.map_err(Error::unexpected)?;
    let password = password.to_owned();
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || {
        span.in_scope(|| {
            Argon2::default()
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| Error::Unexpected(e.to_string().into()))
        })
    })
    .await
    .map_err(Error::unexpected)?
}

async fn verify_password(ctx: &Ctx, password: &str, phc: &str) -> Result<bool> {
    let _permit = ctx.hashing.acquire().await.map_err(Error::unexpected)?;
    let (password, phc) = (password.to_owned(), phc.to_owned());
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || {
        span.in_scope(|| {
            let Ok(parsed) = PasswordHash::new(&phc) else {
                tracing::warn!("stored password hash does not parse");
                return false;
            };
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .map_err(Error::unexpected)
}

async fn dummy_hash(ctx: &Ctx) -> Result<String> {
    ctx.dummy_hash
        .get_or_try_init(|| async { hash_password(ctx, &random_token()).await })
        .await
        .cloned()
}

/// Signs in with e-mail and password from `client`, creating a session.
///
/// # Errors
/// `InvalidCredentials`, or `RateLimited` (before the password is checked)
/// after too many failures for this e-mail from this client, from this
/// client overall, or for this e-mail from all clients ([`throttle`]);
/// `Invalid` for an e-mail with a control character (nothing is counted).
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    ctx: &Ctx,
    client: &ClientKey,
    email: &str,
    password: &str,
) -> Result<SignedIn> {
    // No stored address holds one, and PostgreSQL cannot even compare a NUL.
    text::refuse_controls("email", email)?;
    let (email_norm, possible) = sign_in_address(email);
    // Recorded as a failure from here on, unless the password is right.
    throttle::admit(ctx, &email_norm, client).await?;

    let creds = if possible {
        people::find_credentials(&ctx.db, &email_norm).await?
    } else {
        None
    };
    let ok = match creds.as_ref() {
        Some(c) if c.is_active && c.password_hash.is_some() => {
            verify_password(
                ctx,
                password,
                c.password_hash.as_deref().unwrap_or_default(),
            )
            .await?
        }
        _ => {
            let dummy = dummy_hash(ctx).await?;
            let _ = verify_password(ctx, password, &dummy).await?;
            false
        }
    };
    let Some(creds) = creds.filter(|_| ok) else {
        tracing::info!(%client, "sign-in refused");
        return Err(Error::InvalidCredentials);
    };
    let mut tx = ctx.db.begin().await?;
    throttle::forget(ctx, &mut tx, &email_norm, client).await?;
    // Sign-ins are rare enough to carry the clean-up of expired sessions.
    sessions::delete_expired_sessions(&mut tx, ctx.now()).await?;
    let (session_token, csrf_token) = open_session(ctx, &mut tx, creds.person_id).await?;
    tx.commit().await?;
    let person = people::find_person(&ctx.db, creds.person_id)
        .await?
        .ok_or(Error::NotFound)?;
    tracing::info!(person.id = %person.id, "signed in");
    Ok(SignedIn {
        session_token,
        csrf_token,
        person,
    })
}

/// The address as sign-in counts and looks it up (trimmed, lowercased), and
/// whether an account can have it. One longer than 1024 bytes (no account's
/// is: e-mails have at most 254 characters) is counted under its digest,
/// which any index takes (PostgreSQL's refuse entries over a page), and is
/// never looked up.
fn sign_in_address(email: &str) -> (String, bool) {
    let norm = email.trim().to_lowercase();
    if norm.len() > 1024 {
        return (format!("sha256:{}", token_hash(&norm)), false);
    }
    (norm, true)
}

/// Stores a new session for `person`; returns `(session token, CSRF token)`.
async fn open_session(
    ctx: &Ctx,
    tx: &mut samspill_store::Tx,
    person: PersonId,
) -> Result<(String, String)> {
    let now = ctx.now();
    let token = random_token();
    let session = Session {
        person_id: person,
        csrf_token: random_token(),
        expires_at: now + ctx.settings.session_ttl,
    };
    sessions::insert_session(tx, &token_hash(&token), &session, now).await?;
    Ok((token, session.csrf_token))
}

/// The person and CSRF token of a live session cookie.
///
/// # Errors
/// Only storage failures; an unknown or expired token is `Ok(None)`.
pub async fn resolve_session(
    ctx: &Ctx,
    session_token: &str,
) -> Result<Option<(PersonView, String)>> {
    let Some(s) = sessions::find_session(&ctx.db, &token_hash(session_token), ctx.now()).await?
    else {
        return Ok(None);
    };
    let person = people::find_person(&ctx.db, s.person_id).await?;
    Ok(person.map(|p| (p, s.csrf_token)))
}

/// Ends a session (signing out). Unknown tokens are ignored.
///
/// # Errors
/// Only storage failures.
pub async fn sign_out(ctx: &Ctx, session_token: &str) -> Result<()> {
    let mut tx = ctx.db.begin().await?;
    sessions::delete_session(&mut tx, &token_hash(session_token)).await?;
    tx.commit().await?;
    Ok(())
}

/// The person behind a Bearer token that has not expired, recording the
/// token's use (at most once per [`TOKEN_USE_RESOLUTION`]).
///
/// # Errors
/// Only storage failures of the look-up; an unknown, expired or revoked token
/// is `Ok(None)`, and a failure to record the use is logged, not returned.
pub async fn resolve_api_token(ctx: &Ctx, token: &str) -> Result<Option<PersonView>> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let now = ctx.now();
    let Some((person, token_id, last_used_at)) =
        people::find_person_by_token(&ctx.db, &token_hash(token), now).await?
    else {
        return Ok(None);
    };
    let stale_before = now - TOKEN_USE_RESOLUTION;
    if last_used_at.is_none_or(|at| at < stale_before)
        && let Err(e) = record_token_use(ctx, token_id, now, stale_before).await
    {
        tracing::warn!(error = %e, token.id = %token_id, "could not record a token's use");
    }
    Ok(Some(person))
}

async fn record_token_use(
    ctx: &Ctx,
    id: TokenId,
    now: OffsetDateTime,
    stale_before: OffsetDateTime,
) -> Result<()> {
    let mut tx = ctx.db.begin().await?;
    tokens::touch_token(&mut tx, id, now, stale_before).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks a new token's name (1 to 100 characters, trimmed) and expiry (in
/// the future, at most [`TOKEN_MAX_LIFETIME`] ahead); reports every problem.
fn validate_new_token(
    name: &str,
    expires_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<()> {
    let mut errors = Vec::new();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(ValidationError::new(
            "name",
            "invalid",
            "1 to 100 characters",
        ));
    }
    match expires_at {
        Some(at) if at <= now => errors.push(ValidationError::new(
            "expires_at",
            "not_in_future",
            "the expiry must be in the future",
        )),
        Some(at) if at > now + TOKEN_MAX_LIFETIME => errors.push(ValidationError::new(
            "expires_at",
            "too_far",
            "the expiry may be at most 366 days ahead",
        )),
        _ => {}
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Creates a personal API token for the actor; the secret is returned once.
/// Without `expires_at` the token lasts until revoked.
///
/// # Errors
/// `Invalid` for an empty or over-long name, or one with a control
/// character (bidirectional controls are removed from it), or an expiry
/// that is not in the future or lies more than [`TOKEN_MAX_LIFETIME`] ahead.
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn create_api_token(
    ctx: &Ctx,
    actor: &Actor,
    name: &str,
    expires_at: Option<OffsetDateTime>,
) -> Result<(ApiToken, String)> {
    let name = text::free_text("name", name)?;
    let name = name.trim();
    let now = ctx.now();
    validate_new_token(name, expires_at, now)?;
    // As stored (UTC, whole microseconds), so the answer matches the list.
    let expires_at = expires_at.map(|t| Ts::new(t).get());
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let token = ApiToken {
        id: TokenId::new(),
        person_id: actor.id,
        name: name.to_owned(),
        created_at: now,
        last_used_at: None,
        expires_at,
    };
    let mut tx = ctx.db.begin().await?;
    tokens::insert_token(&mut tx, &token, &token_hash(&secret)).await?;
    tx.commit().await?;
    tracing::info!(token.id = %token.id, "API token created");
    Ok((token, secret))
}

/// The actor's own tokens, expired ones included, newest first.
///
/// # Errors
/// Only storage failures.
pub async fn list_api_tokens(ctx: &Ctx, actor: &Actor) -> Result<Vec<ApiToken>> {
    Ok(tokens::list_tokens(&ctx.db, actor.id).await?)
}

/// Revokes one of the actor's own tokens; it stops working at once.
///
/// # Errors
/// `NotFound` for an unknown token and for someone else's (alike).
#[tracing::instrument(skip_all, fields(person.id = %actor.id, token.id = %id))]
pub async fn revoke_api_token(ctx: &Ctx, actor: &Actor, id: TokenId) -> Result<()> {
    let mut tx = ctx.db.begin().await?;
    if !tokens::delete_token(&mut tx, actor.id, id).await? {
        return Err(Error::NotFound);
    }
    tx.commit().await?;
    tracing::info!("API token revoked");
    Ok(())
}

/// Changes the actor's own password after checking the current one. Other
/// sessions of the person end and all their API tokens are revoked, in the
/// transaction that stores the new hash; the current session is replaced by
/// a fresh one.
///
/// # Errors
/// `Invalid` with field `current_password` when it is wrong, or with field
/// `password` when the new one is too short or long.
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn change_password(
    ctx: &Ctx,
    actor: &Actor,
    current: &str,
    new: &str,
) -> Result<SignedIn> {
    let person = people::find_person(&ctx.db, actor.id)
        .await?
        .ok_or(Error::NotFound)?;
    let creds = people::find_credentials(&ctx.db, &person.email.to_lowercase())
        .await?
        .ok_or(Error::NotFound)?;
    let current_ok = match creds.password_hash.as_deref() {
        Some(h) => verify_password(ctx, current, h).await?,
        None => false,
    };
    if !current_ok {
        return Err(ValidationError::new(
            "current_password",
            "wrong",
            "the current password is wrong",
        )
        .into());
    }
    validate_password(new)?;
    let hash = hash_password(ctx, new).await?;
    let mut tx = ctx.db.begin().await?;
    people::set_password_hash(&mut tx, actor.id, &hash, ctx.now()).await?;
    sessions::delete_sessions_of(&mut tx, actor.id).await?;
    tokens::delete_tokens_of(&mut tx, actor.id).await?;
    let (session_token, csrf_token) = open_session(ctx, &mut tx, actor.id).await?;
    tx.commit().await?;
    Ok(SignedIn {
        session_token,
        csrf_token,
        person,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_hash_is_hex_sha256() {
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn random_tokens_are_long_and_distinct() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
    }

    #[test]
    fn passwords_need_ten_characters() {
        assert!(validate_password("short").is_err());
        assert!(validate_password("long enough!").is_ok());
    }
}
