//! Administration from the command line: creating accounts, resetting
//! passwords, revoking a person's API tokens, and deactivating and
//! reactivating accounts. Passwords arrive as values, never as command-line
//! arguments (the binary reads them from standard input or a prompt).
//!
//! Invariants:
//! - Resetting a password ends every session of the person and revokes every
//!   API token, in the transaction that stores the new hash.
//! - Deactivating ends every session and revokes every token in the
//!   transaction that clears `is_active`, so nothing the person held before
//!   works again, not even after reactivation.
//! - Each action that changes an account appends an event (`actor_id` is
//!   `None`: the command line acts for no signed-in person).

use samspill_domain::{
    Email, EventId, Handle, Locale, PersonId, PersonName, TimeZone, Title, ValidationError,
    WorkMode, text,
};
use samspill_store::auth::{sessions, tokens};
use samspill_store::events::Event;
use samspill_store::org::people::{self, NewPerson, PersonView};
use serde_json::json;

use crate::auth::{hash_password, validate_password};
use crate::{Ctx, Error, Result};

/// What an administrator's action did to one account.
#[derive(Debug, Clone)]
pub struct AccountOutcome {
    /// The account, as it is afterwards.
    pub person: PersonView,
    /// `false` when deactivating a deactivated account or reactivating an
    /// active one; `true` otherwise.
    pub changed: bool,
    /// Sessions ended.
    pub sessions_ended: u64,
    /// API tokens revoked.
    pub tokens_revoked: u64,
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// E-mail.
    pub email: String,
    /// Name.
    pub name: String,
    /// Handle; derived from the e-mail when absent.
    pub handle: Option<String>,
    /// Administrator?
    pub is_admin: bool,
}

/// Creates an account with a password.
///
/// # Errors
/// `Invalid` for bad fields (all reported), a taken e-mail or handle.
#[tracing::instrument(skip_all)]
pub async fn create_user(ctx: &Ctx, user: &NewUser, password: &str) -> Result<PersonView> {
    let mut errors: Vec<ValidationError> = Vec::new();
    let email = Email::parse(&user.email).map_err(|e| errors.push(e)).ok();
    let name = PersonName::parse(&user.name)
        .map_err(|e| errors.push(e))
        .ok();
    let handle = match (&user.handle, &email) {
        (Some(h), _) => Handle::parse(h).map_err(|e| errors.push(e)).ok(),
        (None, Some(e)) => Handle::suggest_from_email(e).or_else(|| {
            errors.push(ValidationError::new(
                "handle",
                "required",
                "give a handle with --handle",
            ));
            None
        }),
        (None, None) => None,
    };
    if let Err(e) = validate_password(password) {
        errors.push(e);
    }
    let (Some(email), Some(name), Some(handle)) = (email, name, handle) else {
        return Err(Error::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let hash = hash_password(ctx, password).await?;
    let now = ctx.now();
    let person = NewPerson {
        id: PersonId::new(),
        email,
        handle,
        name,
        title: Title::default(),
        unit_id: None,
        work_mode: WorkMode::default(),
        locale: None::<Locale>,
        time_zone: TimeZone::default(),
        password_hash: Some(hash),
        is_admin: user.is_admin,
        created_at: now,
    };
    let mut tx = ctx.db.begin().await?;
    people::insert_person(&mut tx, &person).await?;
    crate::audit::append_event_audited(
        &mut tx,
        &Event {
            id: EventId::new(),
            occurred_at: now,
            kind: "person.created".into(),
            actor_id: None,
            subject_id: Some(person.id.as_uuid()),
            unit_id: None,
            payload: json!({"source": "admin", "is_admin": user.is_admin}),
        },
    )
    .await?;
    tx.commit().await?;
    people::find_person(&ctx.db, person.id)
        .await?
        .ok_or(Error::NotFound)
}

/// Sets a new password for the account with this e-mail, ends all its
/// sessions and revokes all its API tokens, in one transaction.
///
/// # Errors
/// `NotFound` for an unknown e-mail, `Invalid` for a too short password or
/// an e-mail with a control character.
#[tracing::instrument(skip_all)]
pub async fn reset_password(ctx: &Ctx, email: &str, password: &str) -> Result<AccountOutcome> {
    text::refuse_controls("email", email)?;
    let person = find_by_email(ctx, email).await?;
    validate_password(password)?;
    let hash = hash_password(ctx, password).await?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    people::set_password_hash(&mut tx, person.id, &hash, now).await?;
    let sessions_ended = sessions::delete_sessions_of(&mut tx, person.id).await?;
    let tokens_revoked = tokens::delete_tokens_of(&mut tx, person.id).await?;
    let payload = json!({
        "source": "admin",
        "sessions_ended": sessions_ended,
        "tokens_revoked": tokens_revoked,
    });
    crate::audit::append_event_audited(
        &mut tx,
        &admin_event(&person, "person.password_reset", payload, now),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(person.id = %person.id, sessions_ended, tokens_revoked, "password reset");
    Ok(AccountOutcome {
        person,
        changed: true,
        sessions_ended,
        tokens_revoked,
    })
}

/// Revokes every API token of the account with this e-mail; its sessions
/// and password stay as they are.
///
/// # Errors
/// `NotFound` for an unknown e-mail.
#[tracing::instrument(skip_all)]
pub async fn revoke_tokens(ctx: &Ctx, email: &str) -> Result<AccountOutcome> {
    let person = find_by_email(ctx, email).await?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let tokens_revoked = tokens::delete_tokens_of(&mut tx, person.id).await?;
    let payload = json!({"source": "admin", "tokens_revoked": tokens_revoked});
    crate::audit::append_event_audited(
        &mut tx,
        &admin_event(&person, "person.tokens_revoked", payload, now),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(person.id = %person.id, tokens_revoked, "API tokens revoked");
    Ok(AccountOutcome {
        person,
        changed: tokens_revoked > 0,
        sessions_ended: 0,
        tokens_revoked,
    })
}

/// Deactivates the account with this e-mail: the person can no longer sign
/// in and leaves the directory, and every session and API token of theirs
/// ends in the same transaction. Deactivating a deactivated account changes
/// nothing (`changed` is `false`) and appends no event.
///
/// # Errors
/// `NotFound` for an unknown e-mail.
#[tracing::instrument(skip_all)]
pub async fn deactivate(ctx: &Ctx, email: &str) -> Result<AccountOutcome> {
    let mut person = find_by_email(ctx, email).await?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    // The conditional update decides, inside the transaction, whether this
    // call is the one that deactivates.
    let changed = people::set_active(&mut tx, person.id, false, now).await?;
    let sessions_ended = sessions::delete_sessions_of(&mut tx, person.id).await?;
    let tokens_revoked = tokens::delete_tokens_of(&mut tx, person.id).await?;
    if changed {
        let payload = json!({
            "source": "admin",
            "sessions_ended": sessions_ended,
            "tokens_revoked": tokens_revoked,
        });
        crate::audit::append_event_audited(
            &mut tx,
            &admin_event(&person, "person.deactivated", payload, now),
        )
        .await?;
    }
    tx.commit().await?;
    person.is_active = false;
    tracing::info!(person.id = %person.id, changed, sessions_ended, tokens_revoked, "deactivated");
    Ok(AccountOutcome {
        person,
        changed,
        sessions_ended,
        tokens_revoked,
    })
}

/// Reactivates the account with this e-mail. Nothing it held before its
/// deactivation comes back: the person signs in anew and makes new tokens.
/// Reactivating an active account changes nothing (`changed` is `false`).
///
/// # Errors
/// `NotFound` for an unknown e-mail.
#[tracing::instrument(skip_all)]
pub async fn reactivate(ctx: &Ctx, email: &str) -> Result<AccountOutcome> {
    let mut person = find_by_email(ctx, email).await?;
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    let changed = people::set_active(&mut tx, person.id, true, now).await?;
    if changed {
        let payload = json!({"source": "admin"});
        crate::audit::append_event_audited(
            &mut tx,
            &admin_event(&person, "person.reactivated", payload, now),
        )
        .await?;
    }
    tx.commit().await?;
    person.is_active = true;
    tracing::info!(person.id = %person.id, changed, "reactivated");
    Ok(AccountOutcome {
        person,
        changed,
        sessions_ended: 0,
        tokens_revoked: 0,
    })
}

async fn find_by_email(ctx: &Ctx, email: &str) -> Result<PersonView> {
    people::find_person_by_email(&ctx.db, &email.trim().to_lowercase())
        .await?
        .ok_or(Error::NotFound)
}

/// An event of the command line (no acting person) about `person`.
fn admin_event(
    person: &PersonView,
    kind: &str,
    payload: serde_json::Value,
    at: time::OffsetDateTime,
) -> Event {
    Event {
        id: EventId::new(),
        occurred_at: at,
        kind: kind.to_owned(),
        actor_id: None,
        subject_id: Some(person.id.as_uuid()),
        unit_id: None,
        payload,
    }
}
