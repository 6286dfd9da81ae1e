//! Service tests: use cases against a real database, on both backends.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

mod announcements;
mod auth;
mod commitments;
mod concurrency;
mod consultations;
mod culture;
mod feedback;
mod import_org;
mod live;
mod login_throttle;
mod moderation;
mod notifications;
mod search;
mod social;
mod surveys;
mod timeline;
mod tokens;
mod visibility;

use std::sync::Arc;

use samspill_services::{Ctx, FixedClock, Settings};
use samspill_testkit::TestDb;
use time::macros::datetime;

pub(crate) fn ctx(t: &TestDb) -> (Ctx, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::new(datetime!(2026-11-27 10:00 UTC)));
    (
        Ctx::new(t.db.clone(), clock.clone(), Settings::default()),
        clock,
    )
}
