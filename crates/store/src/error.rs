//! Database errors, classified once. Callers see `NotFound`, `Conflict`
//! (with the constraint that was violated, the same name on both backends),
//! `InvalidValue` (the database refused a value the caller passed, such as a
//! NUL in text on PostgreSQL), `Unavailable` (cannot connect, pool timed out,
//! busy or shutting down) or `Other`.
//!
//! Error codes are read per backend: SQLite's are numbers, PostgreSQL's are
//! SQLSTATEs, and a SQLSTATE such as `22021` read as a SQLite number would
//! look like `SQLITE_BUSY` (22021 & 0xff = 5).

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
    /// The database refused a value the caller passed: text it cannot store
    /// (NUL on PostgreSQL), a number or date out of its range. A client
    /// error, never a reason to call the database unavailable.
    #[error("the database refused a value")]
    InvalidValue(#[source] sqlx::Error),
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
    ("org_values_name_unique", "org_values.name_norm"),
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
                    return Self::Conflict { constraint };
                }
                let code = db.code();
                let class = if db
                    .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                    .is_some()
                {
                    postgres_class(code.as_deref().unwrap_or_default())
                } else {
                    sqlite_class(code.as_deref())
                };
                match class {
                    Class::Busy => Self::Unavailable(e),
                    Class::BadValue => Self::InvalidValue(e),
                    Class::Other => Self::Other(Box::new(e)),
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

/// What a database error code says, beyond conflicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Try again later.
    Busy,
    /// A value the caller bound was refused.
    BadValue,
    /// Anything else.
    Other,
}

/// SQLite's SQLITE_BUSY (5) and SQLITE_LOCKED (6), extended codes included,
/// are busy; SQLite stores any text, so no code means a bad value.
fn sqlite_class(code: Option<&str>) -> Class {
    let busy = code
        .and_then(|c| c.parse::<i32>().ok())
        .is_some_and(|c| matches!(c & 0xff, 5 | 6));
    if busy { Class::Busy } else { Class::Other }
}

/// PostgreSQL SQLSTATEs. Busy: connection exceptions (08), insufficient
/// resources (53), and the server shutting down or starting (57P01–57P03).
/// Bad value: the data exceptions (22) that a bound value causes; the other
/// data exceptions (division by zero, a null where one is not allowed) come
/// from our SQL and stay `Other`.
fn postgres_class(sqlstate: &str) -> Class {
    match sqlstate {
        s if s.starts_with("08") || s.starts_with("53") => Class::Busy,
        "57P01" | "57P02" | "57P03" => Class::Busy,
        // string_data_right_truncation, numeric_value_out_of_range,
        // invalid_datetime_format, datetime_field_overflow,
        // invalid_escape_character, character_not_in_repertoire (NUL),
        // invalid_escape_sequence, invalid_text_representation,
        // untranslatable_character
        "22001" | "22003" | "22007" | "22008" | "22019" | "22021" | "22025" | "22P02" | "22P05" => {
            Class::BadValue
        }
        _ => Class::Other,
    }
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
    fn sqlite_busy_codes_are_recognized_with_extended_bits() {
        assert_eq!(sqlite_class(Some("5")), Class::Busy);
        assert_eq!(sqlite_class(Some("517")), Class::Busy);
        assert_eq!(sqlite_class(Some("6")), Class::Busy);
        assert_eq!(sqlite_class(Some("19")), Class::Other);
        assert_eq!(sqlite_class(None), Class::Other);
    }

    #[test]
    fn postgres_data_exceptions_from_bound_values_are_client_errors() {
        for code in [
            "22021", "22P05", "22001", "22003", "22007", "22P02", "22025",
        ] {
            assert_eq!(postgres_class(code), Class::BadValue, "{code}");
        }
        for code in ["22012", "22004", "42601", "23514", "40P01"] {
            assert_eq!(postgres_class(code), Class::Other, "{code}");
        }
    }

    #[test]
    fn postgres_connection_and_resource_errors_are_unavailable() {
        for code in ["08006", "08001", "53300", "53100", "57P01", "57P03"] {
            assert_eq!(postgres_class(code), Class::Busy, "{code}");
        }
        assert_eq!(postgres_class("57014"), Class::Other, "a cancelled query");
    }
}
