//! Sign-in and one's own account.

pub(crate) mod login;
pub(crate) mod settings;
