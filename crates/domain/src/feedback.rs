//! Feedback to leaders: its categories, its statuses and the rule of how a
//! leader's answer may move the status ([`FeedbackStatus::transition`]),
//! the random item id, and the delivery rule of anonymous items
//! ([`batch_due`]).
//!
//! Invariant: a [`FeedbackId`] is a random UUIDv4, never the time-ordered v7
//! of the other ids, so that ids of anonymous items say nothing about the
//! order in which they were written.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use crate::ValidationError;
use crate::spaces::text_enum;

/// A feedback item. Random (v4), unlike the other ids: see the module doc.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FeedbackId(Uuid);

impl FeedbackId {
    /// A fresh random id (UUIDv4).
    #[must_use]
    pub fn random() -> Self {
        Self(Uuid::new_v4())
    }

    /// Wraps an existing UUID (from storage or a request).
    #[must_use]
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    #[must_use]
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl fmt::Display for FeedbackId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for FeedbackId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(Self)
    }
}

/// What the feedback is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackCategory {
    /// A suggestion.
    Idea,
    /// Something that worries the writer.
    Concern,
    /// A question to the leader.
    Question,
    /// Thanks and recognition.
    Praise,
    /// About the leader's own leadership.
    Leadership,
}

text_enum!(FeedbackCategory, "category",
    Idea => "idea", Concern => "concern", Question => "question",
    Praise => "praise", Leadership => "leadership");

/// Where an item stands. Every answer of a leader sets one, with its
/// explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackStatus {
    /// Delivered, not answered yet.
    New,
    /// Read and taken note of.
    Acknowledged,
    /// Being worked on.
    InProgress,
    /// Done.
    Done,
    /// Decided against, with the reason.
    WontDo,
}

text_enum!(FeedbackStatus, "status",
    New => "new", Acknowledged => "acknowledged", InProgress => "in_progress",
    Done => "done", WontDo => "wont_do");

/// Why an answer may not move an item to the status it asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RefusedTransition {
    /// The item already has that status (another leader may have just set it).
    #[error("the feedback already has this status")]
    Unchanged,
    /// No answer puts an item back to `new`.
    #[error("an answered item cannot become new again")]
    BackToNew,
    /// Work started cannot go back to merely acknowledged.
    #[error("an item in progress or closed cannot go back to acknowledged")]
    BackToAcknowledged,
    /// A closed item (done, won't do) is reopened as in progress first.
    #[error("a closed item is reopened as in progress first")]
    ClosedToClosed,
}

impl RefusedTransition {
    /// The stable code of the refusal.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Unchanged => "status_unchanged",
            Self::BackToNew => "status_back_to_new",
            Self::BackToAcknowledged => "status_back_to_acknowledged",
            Self::ClosedToClosed => "status_closed",
        }
    }
}

impl FeedbackStatus {
    /// The status an answer moves the item to, or why it may not.
    ///
    /// Allowed: from `new` to any other; from `acknowledged` forward to
    /// `in_progress`, `done` or `wont_do`; from `in_progress` to `done` or
    /// `wont_do`; a closed item (`done`, `wont_do`) reopens to
    /// `in_progress`. Every answer changes the status, so two leaders
    /// answering the same item at once with the same status cannot both
    /// succeed.
    ///
    /// # Errors
    /// The reason a transition is refused.
    pub fn transition(self, to: Self) -> Result<Self, RefusedTransition> {
        use FeedbackStatus::{Acknowledged, Done, InProgress, New, WontDo};
        match (self, to) {
            _ if self == to => Err(RefusedTransition::Unchanged),
            (_, New) => Err(RefusedTransition::BackToNew),
            (New, _) => Ok(to),
            (_, Acknowledged) => Err(RefusedTransition::BackToAcknowledged),
            (Acknowledged | InProgress, _) | (Done | WontDo, InProgress) => Ok(to),
            (Done | WontDo, Done | WontDo) => Err(RefusedTransition::ClosedToClosed),
        }
    }

    /// Whether the item has been answered.
    #[must_use]
    pub const fn is_answered(self) -> bool {
        !matches!(self, Self::New)
    }
}

/// The least length of a leader's explanation, in characters: at least a
/// short sentence for every status.
pub const MIN_EXPLANATION: usize = 20;

/// The most items waiting before a batch goes out regardless of age.
pub const BATCH_MIN_ITEMS: i64 = 3;

/// Whether anonymous items waiting for one addressee are delivered now:
/// `waiting` items (at least one), the oldest written on `since`, the last
/// batch to this addressee at `last_batch`. At most one batch a day; and only
/// when [`BATCH_MIN_ITEMS`] are waiting or the oldest has waited a week.
#[must_use]
pub fn batch_due(
    waiting: i64,
    since: Date,
    last_batch: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> bool {
    if waiting < 1 || last_batch.is_some_and(|at| now - at < Duration::hours(24)) {
        return false;
    }
    waiting >= BATCH_MIN_ITEMS || now.date() - since >= Duration::days(7)
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::FeedbackStatus::{Acknowledged, Done, InProgress, New, WontDo};
    use super::*;

    #[test]
    fn every_allowed_and_refused_transition() {
        use RefusedTransition::{BackToAcknowledged, BackToNew, ClosedToClosed, Unchanged};
        let table: [(
            FeedbackStatus,
            FeedbackStatus,
            Result<(), RefusedTransition>,
        ); 25] = [
            (New, New, Err(Unchanged)),
            (New, Acknowledged, Ok(())),
            (New, InProgress, Ok(())),
            (New, Done, Ok(())),
            (New, WontDo, Ok(())),
            (Acknowledged, New, Err(BackToNew)),
            (Acknowledged, Acknowledged, Err(Unchanged)),
            (Acknowledged, InProgress, Ok(())),
            (Acknowledged, Done, Ok(())),
            (Acknowledged, WontDo, Ok(())),
            (InProgress, New, Err(BackToNew)),
            (InProgress, Acknowledged, Err(BackToAcknowledged)),
            (InProgress, InProgress, Err(Unchanged)),
            (InProgress, Done, Ok(())),
            (InProgress, WontDo, Ok(())),
            (Done, New, Err(BackToNew)),
            (Done, Acknowledged, Err(BackToAcknowledged)),
            (Done, InProgress, Ok(())),
            (Done, Done, Err(Unchanged)),
            (Done, WontDo, Err(ClosedToClosed)),
            (WontDo, New, Err(BackToNew)),
            (WontDo, Acknowledged, Err(BackToAcknowledged)),
            (WontDo, InProgress, Ok(())),
            (WontDo, Done, Err(ClosedToClosed)),
            (WontDo, WontDo, Err(Unchanged)),
        ];
        for (from, to, want) in table {
            assert_eq!(from.transition(to), want.map(|()| to), "{from} -> {to}");
        }
        // The table covers every pair.
        for from in FeedbackStatus::ALL {
            for to in FeedbackStatus::ALL {
                assert!(table.iter().any(|(f, t, _)| (*f, *t) == (from, to)));
            }
        }
    }

    #[test]
    fn refusals_have_distinct_codes() {
        let codes = [
            RefusedTransition::Unchanged,
            RefusedTransition::BackToNew,
            RefusedTransition::BackToAcknowledged,
            RefusedTransition::ClosedToClosed,
        ]
        .map(RefusedTransition::code);
        for (i, a) in codes.iter().enumerate() {
            assert!(codes[i + 1..].iter().all(|b| a != b));
        }
    }

    #[test]
    fn text_forms_round_trip_and_others_are_refused() {
        for s in FeedbackStatus::ALL {
            assert_eq!(FeedbackStatus::parse(s.as_str()), Ok(s));
        }
        for c in FeedbackCategory::ALL {
            assert_eq!(c.as_str().parse::<FeedbackCategory>(), Ok(c));
        }
        assert_eq!(
            FeedbackCategory::parse("rant").unwrap_err().field,
            "category"
        );
        assert_eq!(FeedbackStatus::parse("closed").unwrap_err().field, "status");
    }

    #[test]
    fn feedback_ids_are_random_not_time_ordered() {
        let id = FeedbackId::random();
        assert_eq!(id.as_uuid().get_version_num(), 4);
        assert_eq!(id.to_string().parse::<FeedbackId>(), Ok(id));
    }

    #[test]
    fn batches_wait_for_three_items_or_a_week_and_come_at_most_daily() {
        let now = datetime!(2026-11-27 10:00 UTC);
        let today = date!(2026 - 11 - 27);
        assert!(!batch_due(0, today, None, now));
        assert!(!batch_due(2, today, None, now));
        assert!(batch_due(3, today, None, now));
        assert!(!batch_due(1, date!(2026 - 11 - 21), None, now));
        assert!(batch_due(1, date!(2026 - 11 - 20), None, now));
        let recent = datetime!(2026-11-26 10:00:01 UTC);
        assert!(!batch_due(5, date!(2026 - 11 - 01), Some(recent), now));
        let day_ago = datetime!(2026-11-26 10:00 UTC);
        assert!(batch_due(3, today, Some(day_ago), now));
    }
}
