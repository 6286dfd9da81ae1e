//! The one visibility predicate. Every read of spaces, posts, comments,
//! search results, notifications and counts filters with these SQL
//! fragments, inside the query (never after a `limit`), so no read path can
//! decide visibility its own way.
//!
//! The viewer is always bound as the first three parameters:
//! `$1` the person's id, `$2` their primary unit (or null), `$3` whether
//! they are an administrator. Administrators see every space and its posts.
//!
//! A space is *seen* (listed, its name shown) by everyone unless it is
//! secret; a secret one only by its members. Its posts are *read* by everyone
//! who sees it when `read_access = 'everyone'`, otherwise only by members.
//! Members are the rows of `space_members`, and for a unit's space also the
//! people whose primary unit it is.
//!
//! A post or comment a moderator *hid* (`hidden_at` set; moderation) is
//! read only by its author, the space's moderators (owners, moderators, the
//! leaders of a unit's space) and administrators: [`not_hidden_sql!`] goes
//! beside `can_read_space_sql!` wherever posts or comments are read. Hidden
//! is not deleted: a deleted item is gone for everyone.

use samspill_domain::{PersonId, UnitId};

/// Who is looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    /// The person.
    pub id: PersonId,
    /// Their primary unit.
    pub unit_id: Option<UnitId>,
    /// An administrator sees everything.
    pub is_admin: bool,
}

/// SQL: is the viewer a member of space `$space`?
macro_rules! is_member_sql {
    ($space:literal) => {
        concat!(
            "(exists (select 1 from space_members vm where vm.space_id = ",
            $space,
            " and vm.person_id = $1) or exists (select 1 from spaces vu where vu.id = ",
            $space,
            " and vu.kind = 'unit' and vu.unit_id = $2))"
        )
    };
}
pub(crate) use is_member_sql;

/// SQL: may the viewer see (know of) space `$space`?
macro_rules! can_see_space_sql {
    ($space:literal) => {
        concat!(
            "($3 or exists (select 1 from spaces vs where vs.id = ",
            $space,
            " and vs.visibility <> 'secret') or ",
            $crate::visibility::is_member_sql!($space),
            ")"
        )
    };
}
pub(crate) use can_see_space_sql;

/// SQL: may the viewer read the posts of space `$space`?
macro_rules! can_read_space_sql {
    ($space:literal) => {
        concat!(
            "($3 or exists (select 1 from spaces vs where vs.id = ",
            $space,
            " and vs.visibility <> 'secret' and vs.read_access = 'everyone') or ",
            $crate::visibility::is_member_sql!($space),
            ")"
        )
    };
}
pub(crate) use can_read_space_sql;

/// SQL: does the viewer moderate space `$space` (owner or moderator, or a
/// leader of the unit of a unit's space)? Administrators are `$3`.
macro_rules! moderates_space_sql {
    ($space:literal) => {
        concat!(
            "(exists (select 1 from space_members mm where mm.space_id = ",
            $space,
            " and mm.person_id = $1 and mm.role in ('owner', 'moderator')) or exists (select 1 from spaces mu join unit_leaders ml on ml.unit_id = mu.unit_id where mu.id = ",
            $space,
            " and mu.kind = 'unit' and ml.person_id = $1))"
        )
    };
}
pub(crate) use moderates_space_sql;

/// SQL: may the viewer read an item that may be hidden: not hidden, or the
/// viewer is its author, an administrator or a moderator of its space.
/// Arguments: the item's `hidden_at` column, its author column, its space.
macro_rules! not_hidden_sql {
    ($hidden:literal, $author:literal, $space:literal) => {
        concat!(
            "(",
            $hidden,
            " is null or ",
            $author,
            " = $1 or $3 or ",
            $crate::visibility::moderates_space_sql!($space),
            ")"
        )
    };
}
pub(crate) use not_hidden_sql;

/// SQL: may the viewer read this post or comment? Its space is readable
/// ([`can_read_space_sql!`]) and it is not hidden from them
/// ([`not_hidden_sql!`]). For reads that list posts outside the feed.
macro_rules! can_read_post_sql {
    ($space:literal, $hidden:literal, $author:literal) => {
        concat!(
            $crate::visibility::can_read_space_sql!($space),
            " and ",
            $crate::visibility::not_hidden_sql!($hidden, $author, $space)
        )
    };
}
pub(crate) use can_read_post_sql;

/// Binds the viewer as `$1, $2, $3` on a query.
macro_rules! bind_viewer {
    ($query:expr, $viewer:expr) => {
        $query
            .bind($viewer.id.as_uuid())
            .bind($viewer.unit_id.map(|u| u.as_uuid()))
            .bind($viewer.is_admin)
    };
}
pub(crate) use bind_viewer;
