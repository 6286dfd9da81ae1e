//! The organization: people (directory, profiles, one's own settings), the
//! unit tree and unit pages, and the CSV org-chart import.

pub mod import;
pub mod people;
pub mod units;
