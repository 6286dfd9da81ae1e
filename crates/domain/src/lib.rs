//! Pure types and rules of Samspill: identifiers, validated values and the small
//! decisions that need no I/O. Nothing here knows about SQL, HTTP or the clock.
//!
//! Invariant: a value of a validated type (`Email`, `Handle`, …) has passed its
//! `parse`, so code that receives one never checks it again.

pub mod commitments;
pub mod consultations;
pub mod culture;
pub mod feedback;
pub mod ids;
pub mod moderation;
pub mod org;
pub mod social;
pub mod spaces;
pub mod suppression;
pub mod surveys;
pub mod text;
pub mod validation;
pub mod values;

pub use feedback::{FeedbackCategory, FeedbackId, FeedbackStatus};
pub use ids::{
    CommentId, CommitmentId, EventId, NotificationId, PersonId, PostId, SpaceId, TokenId, UnitId,
};
pub use social::{PostKind, Reaction};
pub use spaces::{Access, MemberRole, SpaceKind, SpaceVisibility};
pub use validation::ValidationError;
pub use values::{Email, Handle, Locale, PersonName, TimeZone, Title, WorkMode};
