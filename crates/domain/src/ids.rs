//! Identifier newtypes. Every id is a UUIDv7 made in Rust (never by the
//! database), so ids sort by creation time on both backends.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            #[must_use]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an existing UUID (from storage or a request).
            #[must_use]
            pub const fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            /// The underlying UUID.
            #[must_use]
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}
pub(crate) use id_type;

id_type!(
    /// A person: an employee, consultant or leader with an account.
    PersonId
);
id_type!(
    /// An organizational unit (company, division, department, team).
    UnitId
);
id_type!(
    /// A personal API token.
    TokenId
);
id_type!(
    /// An entry of the append-only event log.
    EventId
);
id_type!(
    /// A space: the org-wide one, a unit's, or a community.
    SpaceId
);
id_type!(
    /// A post.
    PostId
);
id_type!(
    /// A comment on a post.
    CommentId
);
id_type!(
    /// A notification.
    NotificationId
);
id_type!(
    /// A leader's commitment: a promise with a due date, made in a comment.
    CommitmentId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_their_text_form() {
        let id = PersonId::new();
        let parsed: PersonId = id.to_string().parse().unwrap();
        assert_eq!(parsed, id);
    }

    #[test]
    fn later_ids_sort_after_earlier_ones() {
        let a = UnitId::new();
        let b = UnitId::new();
        assert!(a < b);
    }
}
