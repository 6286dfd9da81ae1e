//! Administration from the command line: creating accounts and resetting
//! passwords. Passwords arrive as values, never as command-line arguments
//! (the binary reads them from standard input or a prompt).

use samspill_domain::{
    Email, EventId, Handle, Locale, PersonId, PersonName, TimeZone, Title, ValidationError,
    WorkMode, text,
};
use samspill_store::auth::sessions;
use samspill_store::events::{self, Event};
use samspill_store::org::people::{self, NewPerson, PersonView};
use serde_json::json;

use crate::auth::{hash_password, validate_password};
use crate::{Ctx, Error, Result};

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
    events::append_event(
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

/// Sets a new password for the account with this e-mail and ends all its
/// sessions.
///
/// # Errors
/// `NotFound` for an unknown e-mail, `Invalid` for a too short password or
/// an e-mail with a control character.
#[tracing::instrument(skip_all)]
pub async fn reset_password(ctx: &Ctx, email: &str, password: &str) -> Result<PersonView> {
    text::refuse_controls("email", email)?;
    let person = people::find_person_by_email(&ctx.db, &email.trim().to_lowercase())
        .await?
        .ok_or(Error::NotFound)?;
    validate_password(password)?;
    let hash = hash_password(ctx, password).await?;
    let mut tx = ctx.db.begin().await?;
    people::set_password_hash(&mut tx, person.id, &hash, ctx.now()).await?;
    sessions::delete_sessions_of(&mut tx, person.id).await?;
    tx.commit().await?;
    Ok(person)
}
