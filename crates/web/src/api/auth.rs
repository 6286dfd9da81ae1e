//! Sign-in and one's own account: the session, `/me` and its tokens.

pub(crate) mod me;
pub(crate) mod session;
pub(crate) mod tokens;
