//! Consultations: their ids, who may read them ([`VisibleTo`]), and the two
//! state machines, the consultation's [`Phase`] and an idea's
//! [`IdeaStatus`]. A refused transition is a [`Refusal`] with a stable code
//! (the services answer it as a conflict); the explanation a declined or
//! parked idea needs is checked by [`check_explanation`].
//!
//! Each closed set is stored and sent as its snake_case name; `as_str` is the
//! only place those names are written and `parse` the only place they are
//! read.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::ValidationError;
use crate::ids::id_type;

id_type!(
    /// A consultation.
    ConsultationId
);
id_type!(
    /// An idea submitted to a consultation.
    IdeaId
);
id_type!(
    /// A comment on an idea.
    IdeaCommentId
);

/// Why a state machine refused a move: a stable snake_case code and a
/// sentence in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// Stable code (`phase_backwards`, `status_unchanged`, …).
    pub code: &'static str,
    /// Human text.
    pub message: &'static str,
}

/// Who may read a consultation once it is not a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisibleTo {
    /// The audience, the author and administrators.
    Audience,
    /// Every signed-in person.
    Everyone,
}

impl VisibleTo {
    /// Both, in the form's order.
    pub const ALL: [Self; 2] = [Self::Audience, Self::Everyone];

    /// Parses the wire and storage form exactly.
    ///
    /// # Errors
    /// `visible_to`/`invalid` for anything else.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == raw)
            .ok_or_else(|| ValidationError::new("visible_to", "invalid", "audience or everyone"))
    }

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Audience => "audience",
            Self::Everyone => "everyone",
        }
    }
}

/// Where a consultation is: draft → open → reviewing → decided → closed,
/// one step at a time and only forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Seen by its author only; not yet addressed to anyone.
    Draft,
    /// The audience submits ideas, votes and comments.
    Open,
    /// Input is closed; the leader reviews.
    Reviewing,
    /// Decided; the report is written.
    Decided,
    /// Done, with a "you said, we did" report.
    Closed,
}

impl Phase {
    /// All phases, in order.
    pub const ALL: [Self; 5] = [
        Self::Draft,
        Self::Open,
        Self::Reviewing,
        Self::Decided,
        Self::Closed,
    ];

    /// Parses the wire and storage form exactly.
    ///
    /// # Errors
    /// `phase`/`invalid` for anything else.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == raw)
            .ok_or_else(|| {
                ValidationError::new(
                    "phase",
                    "invalid",
                    "one of draft, open, reviewing, decided, closed",
                )
            })
    }

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::Reviewing => "reviewing",
            Self::Decided => "decided",
            Self::Closed => "closed",
        }
    }

    /// The phase a consultation is in at `now`: an open one whose input
    /// closed at `input_closes_at` behaves as reviewing, before the tick
    /// stores that.
    #[must_use]
    pub fn effective(self, input_closes_at: OffsetDateTime, now: OffsetDateTime) -> Self {
        if self == Self::Open && now >= input_closes_at {
            Self::Reviewing
        } else {
            self
        }
    }

    /// Whether the move from `self` to `to` is allowed: exactly the next
    /// phase. (What closing needs besides, a report and a status on every
    /// idea, is the services' check on the stored ideas.)
    ///
    /// # Errors
    /// `phase_unchanged`, `phase_backwards` or `phase_skipped`.
    pub const fn check_move(self, to: Self) -> Result<(), Refusal> {
        let (from, to) = (self as u8, to as u8);
        if to == from {
            Err(Refusal {
                code: "phase_unchanged",
                message: "the consultation is already in that phase",
            })
        } else if to < from {
            Err(Refusal {
                code: "phase_backwards",
                message: "a consultation's phase only moves forward",
            })
        } else if to > from + 1 {
            Err(Refusal {
                code: "phase_skipped",
                message: "a consultation moves one phase at a time: draft, open, reviewing, decided, closed",
            })
        } else {
            Ok(())
        }
    }

    /// Whether the audience may submit ideas, vote and comment.
    #[must_use]
    pub const fn takes_input(self) -> bool {
        matches!(self, Self::Open)
    }

    /// Whether the leader may give ideas a status (not in a draft, which has
    /// no ideas, nor once closed).
    #[must_use]
    pub const fn takes_statuses(self) -> bool {
        matches!(self, Self::Open | Self::Reviewing | Self::Decided)
    }

    /// Whether a decision is still owed (it can be overdue).
    #[must_use]
    pub const fn awaits_decision(self) -> bool {
        matches!(self, Self::Draft | Self::Open | Self::Reviewing)
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a consultation in (effective) phase `phase` has missed its
/// promised decision date at `now`.
#[must_use]
pub fn is_overdue(phase: Phase, decision_due_at: OffsetDateTime, now: OffsetDateTime) -> bool {
    phase.awaits_decision() && now > decision_due_at
}

/// What the leader made of an idea. An idea starts without a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdeaStatus {
    /// Being looked at.
    UnderReview,
    /// Will be done.
    Accepted,
    /// Will not be done; needs an explanation.
    Declined,
    /// Not now; needs an explanation.
    Parked,
    /// Done.
    Implemented,
}

impl IdeaStatus {
    /// All statuses, in the form's order.
    pub const ALL: [Self; 5] = [
        Self::UnderReview,
        Self::Accepted,
        Self::Declined,
        Self::Parked,
        Self::Implemented,
    ];

    /// Parses the wire and storage form exactly.
    ///
    /// # Errors
    /// `status`/`invalid` for anything else.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| {
                ValidationError::new(
                    "status",
                    "invalid",
                    "one of under_review, accepted, declined, parked, implemented",
                )
            })
    }

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::UnderReview => "under_review",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Parked => "parked",
            Self::Implemented => "implemented",
        }
    }

    /// Declined and parked ideas owe their author a real explanation.
    #[must_use]
    pub const fn needs_explanation(self) -> bool {
        matches!(self, Self::Declined | Self::Parked)
    }

    /// Whether an idea with status `from` (`None`: none yet) may get `to`.
    /// Implemented is final and comes only after accepted; a declined idea
    /// may be reconsidered (under review again), not accepted outright.
    ///
    /// # Errors
    /// `status_unchanged` or `status_transition_refused`.
    pub const fn check_move(from: Option<Self>, to: Self) -> Result<(), Refusal> {
        use IdeaStatus::{Accepted, Declined, Implemented, Parked, UnderReview};
        let allowed = match from {
            None => matches!(to, UnderReview | Accepted | Declined | Parked),
            Some(from) if from as u8 == to as u8 => {
                return Err(Refusal {
                    code: "status_unchanged",
                    message: "the idea already has that status",
                });
            }
            Some(UnderReview | Parked) => matches!(to, UnderReview | Accepted | Declined | Parked),
            Some(Accepted) => matches!(to, Implemented | Parked),
            Some(Declined) => matches!(to, UnderReview),
            Some(Implemented) => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(Refusal {
                code: "status_transition_refused",
                message: "that status cannot follow the idea's current one",
            })
        }
    }
}

impl fmt::Display for IdeaStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Checks the explanation of a status: declined and parked need at least a
/// sentence (three words and 20 characters, so "no" or "not now" is not
/// one); any explanation is at most 2 000 characters. Returns it trimmed.
///
/// # Errors
/// `explanation`/`too_short` or `too_long`.
pub fn check_explanation(status: IdeaStatus, raw: &str) -> Result<String, ValidationError> {
    let s = raw.trim();
    if s.chars().count() > 2000 {
        return Err(ValidationError::new(
            "explanation",
            "too_long",
            "at most 2 000 characters",
        ));
    }
    if status.needs_explanation() && (s.split_whitespace().count() < 3 || s.chars().count() < 20) {
        return Err(ValidationError::new(
            "explanation",
            "too_short",
            "a declined or parked idea needs a real explanation: at least a sentence",
        ));
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn every_phase_moves_only_to_the_next_one() {
        for (i, from) in Phase::ALL.into_iter().enumerate() {
            for (j, to) in Phase::ALL.into_iter().enumerate() {
                let got = from.check_move(to).map_err(|r| r.code);
                let want = if j == i + 1 {
                    Ok(())
                } else if j == i {
                    Err("phase_unchanged")
                } else if j < i {
                    Err("phase_backwards")
                } else {
                    Err("phase_skipped")
                };
                assert_eq!(got, want, "{from} → {to}");
            }
        }
    }

    #[test]
    fn the_allowed_phase_moves_are_exactly_the_four_forward_steps() {
        let allowed: Vec<_> = Phase::ALL
            .into_iter()
            .flat_map(|a| Phase::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.check_move(*b).is_ok())
            .collect();
        assert_eq!(
            allowed,
            [
                (Phase::Draft, Phase::Open),
                (Phase::Open, Phase::Reviewing),
                (Phase::Reviewing, Phase::Decided),
                (Phase::Decided, Phase::Closed),
            ]
        );
    }

    #[test]
    fn an_open_consultation_past_its_closing_time_is_reviewing() {
        let closes = datetime!(2026-12-01 12:00 UTC);
        let before = datetime!(2026-12-01 11:59 UTC);
        assert_eq!(Phase::Open.effective(closes, before), Phase::Open);
        assert_eq!(Phase::Open.effective(closes, closes), Phase::Reviewing);
        for p in [
            Phase::Draft,
            Phase::Reviewing,
            Phase::Decided,
            Phase::Closed,
        ] {
            assert_eq!(p.effective(closes, closes), p);
        }
    }

    #[test]
    fn overdue_means_no_decision_yet_and_past_the_promised_date() {
        let due = datetime!(2026-12-10 12:00 UTC);
        let after = datetime!(2026-12-10 12:01 UTC);
        for p in [Phase::Draft, Phase::Open, Phase::Reviewing] {
            assert!(is_overdue(p, due, after));
            assert!(!is_overdue(p, due, due));
        }
        assert!(!is_overdue(Phase::Decided, due, after));
        assert!(!is_overdue(Phase::Closed, due, after));
    }

    #[test]
    fn only_an_open_consultation_takes_input_and_statuses_stop_at_closed() {
        let input: Vec<_> = Phase::ALL.into_iter().filter(|p| p.takes_input()).collect();
        assert_eq!(input, [Phase::Open]);
        let statuses: Vec<_> = Phase::ALL
            .into_iter()
            .filter(|p| p.takes_statuses())
            .collect();
        assert_eq!(statuses, [Phase::Open, Phase::Reviewing, Phase::Decided]);
    }

    #[test]
    fn phases_statuses_and_visibility_round_trip_through_their_names() {
        for p in Phase::ALL {
            assert_eq!(Phase::parse(p.as_str()), Ok(p));
        }
        for s in IdeaStatus::ALL {
            assert_eq!(IdeaStatus::parse(s.as_str()), Ok(s));
        }
        for v in VisibleTo::ALL {
            assert_eq!(VisibleTo::parse(v.as_str()), Ok(v));
        }
        assert_eq!(Phase::parse("Open").unwrap_err().field, "phase");
        assert_eq!(IdeaStatus::parse("done").unwrap_err().field, "status");
        assert_eq!(VisibleTo::parse("all").unwrap_err().field, "visible_to");
    }

    /// `(from, [(to, allowed)])`; `None` is a new idea.
    type StatusRow = (Option<IdeaStatus>, [(IdeaStatus, bool); 5]);

    #[test]
    fn every_idea_status_transition_is_allowed_or_refused_as_the_table_says() {
        use IdeaStatus::{
            Accepted as A, Declined as D, Implemented as I, Parked as P, UnderReview as U,
        };
        // (from, to, allowed); `None` is a new idea.
        let table: [StatusRow; 6] = [
            (
                None,
                [(U, true), (A, true), (D, true), (P, true), (I, false)],
            ),
            (
                Some(U),
                [(U, false), (A, true), (D, true), (P, true), (I, false)],
            ),
            (
                Some(A),
                [(U, false), (A, false), (D, false), (P, true), (I, true)],
            ),
            (
                Some(D),
                [(U, true), (A, false), (D, false), (P, false), (I, false)],
            ),
            (
                Some(P),
                [(U, true), (A, true), (D, true), (P, false), (I, false)],
            ),
            (
                Some(I),
                [(U, false), (A, false), (D, false), (P, false), (I, false)],
            ),
        ];
        for (from, row) in table {
            for (to, allowed) in row {
                let got = IdeaStatus::check_move(from, to);
                if allowed {
                    assert_eq!(got, Ok(()), "{from:?} → {to}");
                } else {
                    let want = if from == Some(to) {
                        "status_unchanged"
                    } else {
                        "status_transition_refused"
                    };
                    assert_eq!(got.map_err(|r| r.code), Err(want), "{from:?} → {to}");
                }
            }
        }
    }

    #[test]
    fn declined_and_parked_need_a_real_sentence_the_others_do_not() {
        for s in [IdeaStatus::Declined, IdeaStatus::Parked] {
            for short in ["", "no", "Not now.", "no no no", "   "] {
                assert_eq!(
                    check_explanation(s, short).unwrap_err().code,
                    "too_short",
                    "{s} {short:?}"
                );
            }
            assert_eq!(
                check_explanation(s, "  We tried this in 2024 and it failed.  ").unwrap(),
                "We tried this in 2024 and it failed."
            );
        }
        for s in [
            IdeaStatus::UnderReview,
            IdeaStatus::Accepted,
            IdeaStatus::Implemented,
        ] {
            assert_eq!(check_explanation(s, "").unwrap(), "");
        }
        let long = "word ".repeat(401);
        assert_eq!(
            check_explanation(IdeaStatus::Accepted, &long)
                .unwrap_err()
                .code,
            "too_long"
        );
    }
}
