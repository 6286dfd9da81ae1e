//! The organization: people and units.

pub(crate) mod people;
pub(crate) mod units;
