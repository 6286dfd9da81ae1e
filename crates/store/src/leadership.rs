//! The leadership toolkit's storage: consultations (scope, phases, ideas,
//! votes, reports), feedback to leaders (attributed and anonymous), and
//! commitments; the leadership corner reads across them.

pub mod announcements;
pub mod commitments;
pub mod consultations;
pub mod feedback;
pub mod leaders;
pub mod surveys;
