//! Machinery every capability uses: the clock, paging, Markdown rendering,
//! stored text, the event rows, notifications as side effects and the live
//! bus. No use case lives here.

pub mod clock;
pub(crate) mod events;
pub mod live;
pub mod markdown;
pub(crate) mod notify;
pub mod page;
pub(crate) mod text;
