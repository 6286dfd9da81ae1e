//! Text columns that hold one of a closed set of values (a domain enum such
//! as `MemberRole`). A row with any other text was not written by this code:
//! reading it is a storage error ([`Error::Other`]), never a panic and never
//! a silent default.

use std::str::FromStr;

use crate::{Error, Result};

/// A column held a text outside its set.
#[derive(Debug, thiserror::Error)]
#[error("{column} holds {value:?}, which is not one of its values")]
struct UnknownValue {
    column: &'static str,
    value: String,
}

/// Reads the value stored as `raw` in `column`.
pub(crate) fn column<T: FromStr>(column: &'static str, raw: &str) -> Result<T> {
    raw.parse().map_err(|_| {
        Error::Other(Box::new(UnknownValue {
            column,
            value: raw.to_owned(),
        }))
    })
}

/// [`column`] for a nullable column.
pub(crate) fn optional<T: FromStr>(name: &'static str, raw: Option<&str>) -> Result<Option<T>> {
    raw.map(|r| column(name, r)).transpose()
}

#[cfg(test)]
mod tests {
    use samspill_domain::MemberRole;

    use super::*;

    #[test]
    fn unknown_text_is_an_error_that_names_the_column() {
        assert_eq!(
            column::<MemberRole>("space_members.role", "owner").unwrap(),
            MemberRole::Owner
        );
        let e = column::<MemberRole>("space_members.role", "root").unwrap_err();
        let Error::Other(inner) = e else {
            panic!("{e:?}")
        };
        assert_eq!(
            inner.to_string(),
            "space_members.role holds \"root\", which is not one of its values"
        );
        assert_eq!(optional::<MemberRole>("r", None).unwrap(), None);
    }
}
