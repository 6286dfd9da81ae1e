//! Database errors, classified once. Callers see `NotFound`, `Conflict`
//! (with the constraint that was violated, the same name on both backends),
//! `Unavailable` (cannot connect, pool timed out) or `Other`.

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The row the caller required does not exist.
    #[error("not found")]
    NotFound,
    /// A uniqueness or foreign-key rule was broken; `constraint` is our
    /// constraint's name (e.g. `people_email_unique`) when it can be told.
    #[error("conflict on {constraint}")]
    Conflict {
        /// The constraint's name, or `unknown`.
        constraint: String,
    },
    /// The database cannot be reached or is overloaded.
    #[error("database unavailable")]
    Unavailable(#[source] sqlx::Error),
    /// Bad configuration of the database connection.
    #[error("{0}")]
    Config(String),
    /// Anything else: a bug or a corrupted database.
    #[error("database error")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Result of a storage call.
pub type Result<T> = std::result::Result<T, Error>;

/// The unique constraints of our schemas. SQLite names only the columns in
/// its message (`UNIQUE constraint failed: people.email_norm`), so both
/// spellings map to one name here.
const UNIQUE_CONSTRAINTS: &[(&str, &str)] = &[
    ("people_email_unique", "people.email_norm"),
    ("people_handle_unique", "people.handle"),
    ("units_path_key_unique", "units.path_key"),
    ("api_tokens_hash_unique", "api_tokens.token_hash"),
];

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => Self::NotFound,
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => Self::Unavailable(e),
            sqlx::Error::Database(ref db) => {
                let kind = db.kind();
                if matches!(
                    kind,
                    sqlx::error::ErrorKind::UniqueViolation
                        | sqlx::error::ErrorKind::ForeignKeyViolation
                ) {
                    let constraint = constraint_name(db.constraint(), db.message());
                    Self::Conflict { constraint }
                } else if is_busy(db.code().as_deref()) {
                    Self::Unavailable(e)
                } else {
                    Self::Other(Box::new(e))
                }
            }
            other => Self::Other(Box::new(other)),
        }
    }
}

fn constraint_name(pg_constraint: Option<&str>, message: &str) -> String {
    if let Some(name) = pg_constraint {
        return name.to_owned();
    }
    UNIQUE_CONSTRAINTS
        .iter()
        .find(|(_, columns)| message.contains(columns))
        .map_or_else(|| "unknown".to_owned(), |(name, _)| (*name).to_owned())
}

/// SQLite's SQLITE_BUSY (5) and SQLITE_LOCKED (6), extended codes included.
fn is_busy(code: Option<&str>) -> bool {
    code.and_then(|c| c.parse::<i32>().ok())
        .is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

/// A stored value that does not parse into its domain type, e.g. a post kind
/// this version does not know: a corrupted row or a newer writer, never a
/// reason to panic.
#[derive(Debug, thiserror::Error)]
#[error("{column} holds {value:?}, which is not a known value")]
pub struct Undecodable {
    /// `table.column`.
    pub column: &'static str,
    /// The stored text.
    pub value: String,
}

impl Error {
    /// The error for a stored `value` of `column` that does not parse.
    #[must_use]
    pub fn undecodable(column: &'static str, value: impl Into<String>) -> Self {
        Self::Other(Box::new(Undecodable {
            column,
            value: value.into(),
        }))
    }

    /// The violated constraint, if this is a conflict.
    #[must_use]
    pub fn conflict_on(&self) -> Option<&str> {
        match self {
            Self::Conflict { constraint } => Some(constraint),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_messages_map_to_the_postgres_constraint_names() {
        let m = "UNIQUE constraint failed: people.email_norm";
        assert_eq!(constraint_name(None, m), "people_email_unique");
        assert_eq!(
            constraint_name(Some("people_handle_unique"), ""),
            "people_handle_unique"
        );
        assert_eq!(constraint_name(None, "something else"), "unknown");
    }

    #[test]
    fn busy_codes_are_recognized_with_extended_bits() {
        assert!(is_busy(Some("5")));
        assert!(is_busy(Some("517")));
        assert!(!is_busy(Some("19")));
        assert!(!is_busy(None));
    }
}
