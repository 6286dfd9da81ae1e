//! Samspill's made-up data: the demo organization and the synthetic load
//! for benchmarks. None of it is product code: only the `samspill` binary
//! (and tests) depend on this crate, never `store`, `services` or `web`.
//!
//! - [`demo`]: Fjordlys, the demo organization of `samspill demo`, imported
//!   through the real org-chart import and given four months of simulated
//!   activity through the services' public use cases (see `demo_content`),
//!   written from the templates and phrases in `data/*.toml` (see `texts`),
//!   then the leadership toolkit's scripted content (`leadership_content`)
//!   and its pulse surveys (`surveys_content`).
//! - [`seed`]: large synthetic organizations for `samspill seed`, written
//!   with the batch inserts of [`bulk`].
//! - [`bulk`]: many-row inserts and row counts, SQL for both backends with
//!   every value bound.
//! - [`bulk_sample`]: read-only samples of a seeded database for
//!   `samspill bench`.

mod backend;
pub mod bulk;
pub mod bulk_sample;
mod culture_content;
pub mod demo;
mod demo_content;
mod leadership_content;
mod moderation_content;
pub mod seed;
mod surveys_content;
mod texts;
mod visions_content;
