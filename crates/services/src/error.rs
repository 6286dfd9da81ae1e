//! The errors of use cases. The web layer maps each to one HTTP status and a
//! stable code; nothing here knows about HTTP.

use samspill_domain::ValidationError;

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Unknown, or not visible to the actor (the two are never told apart).
    #[error("not found")]
    NotFound,
    /// Signed in, but not allowed, where the object's existence is not secret.
    #[error("forbidden")]
    Forbidden,
    /// The actor has not accepted the current version of the code of
    /// conduct, which posting and commenting need (accept it at
    /// `/guidelines`).
    #[error("accept the current guidelines first")]
    GuidelinesNotAccepted {
        /// The version to accept.
        version: i64,
    },
    /// Input broke a rule; one entry per field.
    #[error("invalid input")]
    Invalid(Vec<ValidationError>),
    /// The action conflicts with the current state (`code` is stable).
    #[error("{message}")]
    Conflict {
        /// Stable snake_case code.
        code: &'static str,
        /// Human text.
        message: String,
    },
    /// Wrong e-mail or password; deliberately the same for both.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many failed sign-ins; try again after this many seconds.
    #[error("too many attempts")]
    RateLimited {
        /// Seconds until the next attempt may succeed.
        retry_after_secs: u64,
    },
    /// The database cannot be reached right now.
    #[error("service unavailable")]
    Unavailable(#[source] samspill_store::Error),
    /// A bug or a broken dependency; details go to the log only.
    #[error("unexpected error")]
    Unexpected(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Result of a use case.
pub type Result<T> = std::result::Result<T, Error>;

impl From<samspill_store::Error> for Error {
    fn from(e: samspill_store::Error) -> Self {
        use samspill_store::Error as S;
        match e {
            S::NotFound => Self::NotFound,
            S::Unavailable(_) => Self::Unavailable(e),
            S::Conflict { ref constraint } => match constraint.as_str() {
                "people_email_unique" => Self::Invalid(vec![ValidationError::new(
                    "email",
                    "taken",
                    "this e-mail address is already in use",
                )]),
                "people_handle_unique" => Self::Invalid(vec![ValidationError::new(
                    "handle",
                    "taken",
                    "this handle is already in use",
                )]),
                "org_values_name_unique" => Self::Invalid(vec![ValidationError::new(
                    "name",
                    "taken",
                    "a value with this name exists",
                )]),
                _ => Self::Conflict {
                    code: "conflict",
                    message: "the change conflicts with existing data".to_owned(),
                },
            },
            S::InvalidValue(ref source) => {
                // Input should have been refused before it reached the
                // database (see `samspill_domain::text`); logged so that a
                // gap in those rules shows.
                tracing::warn!(error = %source, "the database refused a value");
                Self::Invalid(vec![ValidationError::new(
                    "input",
                    "invalid_value",
                    "a value cannot be stored or searched for",
                )])
            }
            S::Config(_) | S::Other(_) => Self::Unexpected(Box::new(e)),
        }
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Self::Invalid(vec![e])
    }
}

impl Error {
    /// Wraps any error as unexpected.
    pub fn unexpected(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Unexpected(Box::new(e))
    }
}
