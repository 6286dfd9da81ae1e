//! The organization: people (with their unit-membership history) and the
//! unit tree with its leaders.

pub mod people;
pub mod units;
