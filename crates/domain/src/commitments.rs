//! Commitments: a leader marks one of their own comments as a promise with a
//! due date. It is then kept (with a note saying what was done) or missed
//! (its due time passed while it was open). Both outcomes are final: a late
//! delivery is told in a new comment, not by rewriting the record.

use std::fmt;
use std::str::FromStr;

use time::{Duration, OffsetDateTime};

use crate::ValidationError;

/// Where a commitment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommitmentState {
    /// Promised, due date not yet passed.
    Open,
    /// Done, with a note.
    Kept,
    /// The due date passed while it was open.
    Missed,
}

impl CommitmentState {
    /// Every state, in display order.
    pub const ALL: [Self; 3] = [Self::Open, Self::Kept, Self::Missed];

    /// The stored and wire form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Kept => "kept",
            Self::Missed => "missed",
        }
    }

    /// Reads the stored or wire form.
    ///
    /// # Errors
    /// `state`/`invalid` for anything else.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or_else(|| ValidationError::new("state", "invalid", "one of open, kept, missed"))
    }

    /// Whether a commitment in this state may move to `to`: only an open
    /// one moves, to kept or missed.
    ///
    /// # Errors
    /// Why not, as a stable code and a sentence.
    pub const fn check(self, to: Self) -> Result<(), Refusal> {
        match (self, to) {
            (Self::Open, Self::Kept | Self::Missed) => Ok(()),
            (Self::Kept, _) => Err(Refusal {
                code: "commitment_kept",
                message: "this commitment is already kept",
            }),
            (Self::Missed, _) => Err(Refusal {
                code: "commitment_missed",
                message: "this commitment was missed; say what happened in a new comment",
            }),
            (Self::Open, Self::Open) => Err(Refusal {
                code: "commitment_open",
                message: "this commitment is already open",
            }),
        }
    }
}

impl fmt::Display for CommitmentState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CommitmentState {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Why a state change is refused (the services answer 409 with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// Stable snake_case code.
    pub code: &'static str,
    /// Human text in English.
    pub message: &'static str,
}

/// The longest a commitment may run.
pub const MAX_HORIZON: Duration = Duration::days(366);

/// Checks a due date: in the future, and at most [`MAX_HORIZON`] ahead.
///
/// # Errors
/// `due_at`/`in_the_past` or `due_at`/`too_far`.
pub fn check_due(due: OffsetDateTime, now: OffsetDateTime) -> Result<(), ValidationError> {
    if due <= now {
        return Err(ValidationError::new(
            "due_at",
            "in_the_past",
            "a commitment is due in the future",
        ));
    }
    if due - now > MAX_HORIZON {
        return Err(ValidationError::new(
            "due_at",
            "too_far",
            "a commitment is due within a year",
        ));
    }
    Ok(())
}

/// The note of a kept commitment: what was done, in at least a few words.
///
/// # Errors
/// `note`/`too_short` (under 10 characters or under two words) or
/// `note`/`too_long` (over 2,000 characters).
pub fn check_note(note: &str) -> Result<String, ValidationError> {
    let note = note.trim();
    if note.chars().count() < 10 || note.split_whitespace().count() < 2 {
        return Err(ValidationError::new(
            "note",
            "too_short",
            "say in a sentence what was done",
        ));
    }
    if note.chars().count() > 2000 {
        return Err(ValidationError::new(
            "note",
            "too_long",
            "at most 2,000 characters",
        ));
    }
    Ok(note.to_owned())
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use CommitmentState::{Kept, Missed, Open};

    #[test]
    fn only_an_open_commitment_moves_and_only_to_kept_or_missed() {
        for from in CommitmentState::ALL {
            for to in CommitmentState::ALL {
                let allowed = from == Open && to != Open;
                assert_eq!(from.check(to).is_ok(), allowed, "{from} -> {to}");
            }
        }
        assert_eq!(Kept.check(Missed).unwrap_err().code, "commitment_kept");
        assert_eq!(Missed.check(Kept).unwrap_err().code, "commitment_missed");
        assert_eq!(Open.check(Open).unwrap_err().code, "commitment_open");
    }

    #[test]
    fn states_round_trip_through_their_text() {
        for s in CommitmentState::ALL {
            assert_eq!(CommitmentState::parse(s.as_str()), Ok(s));
        }
        assert!(CommitmentState::parse("done").is_err());
    }

    #[test]
    fn a_due_date_is_in_the_future_and_within_a_year() {
        let now = datetime!(2026-12-01 12:00 UTC);
        assert_eq!(
            check_due(now, now).unwrap_err().code,
            "in_the_past",
            "now is not the future"
        );
        assert!(check_due(now + Duration::minutes(1), now).is_ok());
        assert!(check_due(now + MAX_HORIZON, now).is_ok());
        assert_eq!(
            check_due(now + MAX_HORIZON + Duration::seconds(1), now)
                .unwrap_err()
                .code,
            "too_far"
        );
    }

    #[test]
    fn a_kept_note_says_what_was_done() {
        assert_eq!(check_note("done").unwrap_err().code, "too_short");
        assert_eq!(check_note("          ok ").unwrap_err().code, "too_short");
        assert_eq!(check_note("abcdefghijkl").unwrap_err().code, "too_short");
        assert_eq!(
            check_note("  We hired two more testers. ").unwrap(),
            "We hired two more testers."
        );
        assert_eq!(check_note(&"a ".repeat(1001)).unwrap_err().code, "too_long");
    }
}
