//! Sign-in state: browser sessions, personal API tokens and the failed
//! sign-in counters behind the rate limit. Secrets are stored only as
//! SHA-256 hashes.

pub mod login_failures;
pub mod sessions;
pub mod tokens;
