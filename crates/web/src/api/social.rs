//! The social core: spaces, posts, comments, feed, notifications, search.

pub(crate) mod feed;
pub(crate) mod notifications;
pub(crate) mod posts;
pub(crate) mod search;
pub(crate) mod spaces;
pub(crate) mod stream;
