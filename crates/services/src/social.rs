//! The social core: spaces and membership, posts (polls, reactions,
//! answers, acknowledgements), comments, the home feed, notifications and
//! search. Reads go through the store's one visibility predicate.

pub mod comments;
pub mod feed;
pub mod notifications;
pub mod posts;
pub mod search;
pub mod spaces;
