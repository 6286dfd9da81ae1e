//! HTTP tests: the real router served on a loopback port, driven over HTTP,
//! on both database backends.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

mod announcements;
mod api_auth;
mod api_org;
mod api_tokens;
mod consultations;
mod culture;
mod errors;
mod feedback;
pub(crate) mod helpers;
mod leaders;
mod login_throttle;
mod moderation;
mod openapi;
mod servers;
mod social;
mod social_roles;
pub(crate) mod stream;
mod surveys;
mod ui;
mod ui_errors;
mod ui_manage;
mod xss;
