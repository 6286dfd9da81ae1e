//! The closed sets of a space: its kind, who may find it, who may read and
//! write in it, and the roles of its members; and the rule that a space
//! always keeps an owner ([`leaves_no_owner`]).
//!
//! Each set is stored as text on both backends and travels as the same text
//! on the wire: `as_str` is that text, `parse` reads it back (and refuses
//! anything else), and serde uses the same strings.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// Declares `ALL`, `as_str`, `parse`, `FromStr` and `Display` of a text enum.
macro_rules! text_enum {
    ($ty:ident, $field:literal, $($variant:ident => $text:literal),+ $(,)?) => {
        impl $ty {
            /// Every value, in display order.
            pub const ALL: [Self; [$($text),+].len()] = [$(Self::$variant),+];

            /// The stored and wire form.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }

            /// Reads the stored or wire form (surrounding blanks ignored).
            ///
            /// # Errors
            /// `invalid` on the field this value is sent as, for any other text.
            pub fn parse(raw: &str) -> Result<Self, ValidationError> {
                match raw.trim() {
                    $($text => Ok(Self::$variant),)+
                    _ => Err(ValidationError::new(
                        $field,
                        "invalid",
                        format!("one of {}", [$($text),+].join(", ")),
                    )),
                }
            }
        }

        impl FromStr for $ty {
            type Err = ValidationError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

/// What a space is for. There is one org space and one space per unit; any
/// number of communities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpaceKind {
    /// The organization-wide space.
    Org,
    /// The space of one unit; the unit's people are its members.
    Unit,
    /// A community anyone may create.
    Community,
}

text_enum!(SpaceKind, "kind", Org => "org", Unit => "unit", Community => "community");

/// Who may find a space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpaceVisibility {
    /// Listed to everyone; anyone may join.
    Open,
    /// Listed to everyone; joining is by request.
    Private,
    /// Known only to its members; joining is by a moderator adding one.
    Secret,
}

text_enum!(SpaceVisibility, "visibility", Open => "open", Private => "private", Secret => "secret");

impl SpaceVisibility {
    /// Who may read a new community of this visibility: everyone who can
    /// see an open one, only the members of the others.
    #[must_use]
    pub const fn default_read_access(self) -> Access {
        match self {
            Self::Open => Access::Everyone,
            Self::Private | Self::Secret => Access::Members,
        }
    }
}

/// Who may read (`read_access`: everyone or members) or write
/// (`write_access`: any of the three) in a space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Everyone who can see the space.
    Everyone,
    /// Its members (and those who moderate it).
    Members,
    /// Only those who moderate it.
    Moderators,
}

text_enum!(Access, "access", Everyone => "everyone", Members => "members", Moderators => "moderators");

/// A member's role in a space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// Holds the space: manages members and grants or takes ownership.
    Owner,
    /// Manages members and join requests.
    Moderator,
    /// Takes part.
    Member,
}

text_enum!(MemberRole, "role", Owner => "owner", Moderator => "moderator", Member => "member");

impl MemberRole {
    /// Owners and moderators manage members and join requests.
    #[must_use]
    pub const fn moderates(self) -> bool {
        matches!(self, Self::Owner | Self::Moderator)
    }
}

/// Whether moving a member from role `from` to `to` (`None`: not a member)
/// would leave a space that has `owners` owners now without any: the last
/// owner may neither leave nor give up the role.
#[must_use]
pub const fn leaves_no_owner(
    from: Option<MemberRole>,
    to: Option<MemberRole>,
    owners: u64,
) -> bool {
    matches!(from, Some(MemberRole::Owner)) && !matches!(to, Some(MemberRole::Owner)) && owners <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts are what both schemas store today; changing one needs a
    /// migration, so they are pinned here.
    #[test]
    fn stored_texts_are_pinned() {
        let texts = |v: &[&'static str]| v.join(",");
        assert_eq!(
            texts(&SpaceKind::ALL.map(SpaceKind::as_str)),
            "org,unit,community"
        );
        assert_eq!(
            texts(&SpaceVisibility::ALL.map(SpaceVisibility::as_str)),
            "open,private,secret"
        );
        assert_eq!(
            texts(&Access::ALL.map(Access::as_str)),
            "everyone,members,moderators"
        );
        assert_eq!(
            texts(&MemberRole::ALL.map(MemberRole::as_str)),
            "owner,moderator,member"
        );
    }

    #[test]
    fn every_value_parses_back_from_its_text_and_serde_uses_the_same_text() {
        fn round_trip<T>(all: &[T])
        where
            T: Copy + PartialEq + fmt::Debug + fmt::Display + FromStr + Serialize,
            T: for<'de> Deserialize<'de>,
        {
            for v in all {
                let text = v.to_string();
                assert_eq!(text.parse::<T>().ok(), Some(*v));
                assert_eq!(serde_json::to_string(v).unwrap(), format!("\"{text}\""));
                assert_eq!(
                    serde_json::from_str::<T>(&format!("\"{text}\"")).unwrap(),
                    *v
                );
            }
        }
        round_trip(&SpaceKind::ALL);
        round_trip(&SpaceVisibility::ALL);
        round_trip(&Access::ALL);
        round_trip(&MemberRole::ALL);
    }

    #[test]
    fn unknown_text_is_refused_on_the_field_it_came_in() {
        let e = MemberRole::parse("root").unwrap_err();
        assert_eq!((e.field, e.code), ("role", "invalid"));
        assert_eq!(e.message, "one of owner, moderator, member");
        assert_eq!(
            SpaceVisibility::parse("hidden").unwrap_err().field,
            "visibility"
        );
        assert_eq!(SpaceKind::parse("club").unwrap_err().field, "kind");
        assert_eq!(Access::parse("nobody").unwrap_err().field, "access");
        // Case matters: the stored text is lowercase, and so is the wire.
        assert!(MemberRole::parse("Owner").is_err());
        assert!(serde_json::from_str::<MemberRole>("\"admin\"").is_err());
        assert_eq!(
            SpaceVisibility::parse(" secret ").unwrap(),
            SpaceVisibility::Secret
        );
    }

    #[test]
    fn only_open_communities_are_readable_by_everyone() {
        assert_eq!(
            SpaceVisibility::Open.default_read_access(),
            Access::Everyone
        );
        assert_eq!(
            SpaceVisibility::Private.default_read_access(),
            Access::Members
        );
        assert_eq!(
            SpaceVisibility::Secret.default_read_access(),
            Access::Members
        );
    }

    #[test]
    fn owners_and_moderators_moderate() {
        assert!(MemberRole::Owner.moderates());
        assert!(MemberRole::Moderator.moderates());
        assert!(!MemberRole::Member.moderates());
    }

    #[test]
    fn the_last_owner_may_neither_leave_nor_step_down() {
        use MemberRole::{Member, Moderator, Owner};
        // The last owner leaving or stepping down.
        assert!(leaves_no_owner(Some(Owner), None, 1));
        assert!(leaves_no_owner(Some(Owner), Some(Moderator), 1));
        assert!(leaves_no_owner(Some(Owner), Some(Member), 1));
        // One of two owners, or the owner keeping the role.
        assert!(!leaves_no_owner(Some(Owner), None, 2));
        assert!(!leaves_no_owner(Some(Owner), Some(Member), 2));
        assert!(!leaves_no_owner(Some(Owner), Some(Owner), 1));
        // Anyone who is not an owner.
        assert!(!leaves_no_owner(Some(Moderator), None, 1));
        assert!(!leaves_no_owner(Some(Member), Some(Owner), 0));
        assert!(!leaves_no_owner(None, None, 1));
    }
}
