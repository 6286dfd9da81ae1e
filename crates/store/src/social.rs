//! The social core: spaces and their members, posts (with polls,
//! reactions, views and acknowledgements), comments, follows,
//! notifications and full-text search. Every read here filters with the
//! one predicate in [`crate::visibility`].

pub mod comments;
pub mod follows;
pub mod notifications;
pub mod posts;
pub mod search;
pub mod spaces;
pub mod timeline;
