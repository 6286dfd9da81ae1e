//! Moderation: the life of a report on a post or comment, as a state machine
//! with no I/O.
//!
//! ```text
//! open ──hide──▶ hidden ──appeal──▶ appealed ──uphold───▶ upheld      (final)
//!   │               │                        └─overturn─▶ overturned  (final, item restored)
//!   │               └──restore──▶ restored (final)
//!   └──dismiss──▶ dismissed (final)
//! ```
//!
//! A moderator decides an open report (hide or dismiss) and may restore a
//! hidden item while nobody has appealed. The item's author may appeal a
//! hide once; another moderator (never the one who hid it) then upholds or
//! overturns it, and that decision is final. Every other pair of state and
//! step is refused with a stable code and a sentence (409 at the doors).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ValidationError;
use crate::commitments::Refusal;
use crate::ids::id_type;

id_type!(
    /// A report of a post or comment.
    ReportId
);
id_type!(
    /// A moderator's decision on a report.
    ActionId
);
id_type!(
    /// An author's appeal against a decision.
    AppealId
);
id_type!(
    /// A row of the audit log.
    AuditId
);

/// Where a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportState {
    /// Waiting for a moderator.
    Open,
    /// Decided: the item is hidden.
    Hidden,
    /// Decided: nothing to do (final).
    Dismissed,
    /// A moderator undid the hide before any appeal (final).
    Restored,
    /// The author appealed the hide; another moderator decides.
    Appealed,
    /// The appeal was refused; the item stays hidden (final).
    Upheld,
    /// The appeal succeeded; the item is shown again (final).
    Overturned,
}

/// A step a report may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// A moderator hides the item (or, on an appeal, upholds the hide).
    Hide,
    /// A moderator shows a hidden item again (or, on an appeal, overturns).
    Restore,
    /// A moderator finds nothing to act on.
    Dismiss,
    /// The author appeals a hide.
    Appeal,
}

impl ReportState {
    /// Every state.
    pub const ALL: [Self; 7] = [
        Self::Open,
        Self::Hidden,
        Self::Dismissed,
        Self::Restored,
        Self::Appealed,
        Self::Upheld,
        Self::Overturned,
    ];

    /// The stored and wire form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Hidden => "hidden",
            Self::Dismissed => "dismissed",
            Self::Restored => "restored",
            Self::Appealed => "appealed",
            Self::Upheld => "upheld",
            Self::Overturned => "overturned",
        }
    }

    /// Reads the stored form.
    ///
    /// # Errors
    /// `state`/`invalid` for anything else.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| ValidationError::new("state", "invalid", "not a report state"))
    }

    /// No step leaves a final state.
    #[must_use]
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            Self::Dismissed | Self::Restored | Self::Upheld | Self::Overturned
        )
    }

    /// Whether the reported item is hidden in this state.
    #[must_use]
    pub const fn hides_item(self) -> bool {
        matches!(self, Self::Hidden | Self::Appealed | Self::Upheld)
    }

    /// The state after `step`, or why it is refused.
    ///
    /// # Errors
    /// A [`Refusal`] naming why the step does not apply.
    pub const fn next(self, step: Step) -> Result<Self, Refusal> {
        match (self, step) {
            (Self::Open, Step::Hide) => Ok(Self::Hidden),
            (Self::Open, Step::Dismiss) => Ok(Self::Dismissed),
            (Self::Hidden, Step::Restore) => Ok(Self::Restored),
            (Self::Hidden, Step::Appeal) => Ok(Self::Appealed),
            (Self::Appealed, Step::Hide) => Ok(Self::Upheld),
            (Self::Appealed, Step::Restore) => Ok(Self::Overturned),
            (Self::Open, Step::Restore) => Err(Refusal {
                code: "report_not_hidden",
                message: "the item is not hidden; hide or dismiss the report",
            }),
            (Self::Open, Step::Appeal) => Err(Refusal {
                code: "report_not_decided",
                message: "only a decision to hide can be appealed",
            }),
            (Self::Hidden, Step::Hide | Step::Dismiss) => Err(Refusal {
                code: "report_decided",
                message: "this report is already decided: the item is hidden",
            }),
            (Self::Appealed, Step::Dismiss) => Err(Refusal {
                code: "appeal_pending",
                message: "an appeal is decided by upholding (hide) or overturning (restore)",
            }),
            (Self::Appealed, Step::Appeal) => Err(Refusal {
                code: "already_appealed",
                message: "a decision can be appealed only once",
            }),
            (Self::Dismissed, _) => Err(Refusal {
                code: "report_dismissed",
                message: "this report was dismissed; that is final",
            }),
            (Self::Restored, _) => Err(Refusal {
                code: "report_restored",
                message: "the item was restored; that is final",
            }),
            (Self::Upheld | Self::Overturned, Step::Appeal) => Err(Refusal {
                code: "already_appealed",
                message: "a decision can be appealed only once",
            }),
            (Self::Upheld | Self::Overturned, _) => Err(Refusal {
                code: "appeal_decided",
                message: "the appeal is decided; that is final",
            }),
        }
    }
}

impl fmt::Display for ReportState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a moderator does with a report (the wire's `action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModerationAction {
    /// Hide the item.
    Hide,
    /// Show it again.
    Restore,
    /// Nothing to act on.
    Dismiss,
}

impl ModerationAction {
    /// The stored and wire form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Hide => "hide",
            Self::Restore => "restore",
            Self::Dismiss => "dismiss",
        }
    }

    /// Reads the wire form.
    ///
    /// # Errors
    /// `action`/`invalid`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw.trim() {
            "hide" => Ok(Self::Hide),
            "restore" => Ok(Self::Restore),
            "dismiss" => Ok(Self::Dismiss),
            _ => Err(ValidationError::new(
                "action",
                "invalid",
                "one of hide, restore, dismiss",
            )),
        }
    }

    /// The step of the state machine.
    #[must_use]
    pub const fn step(self) -> Step {
        match self {
            Self::Hide => Step::Hide,
            Self::Restore => Step::Restore,
            Self::Dismiss => Step::Dismiss,
        }
    }
}

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubjectKind {
    /// A post.
    Post,
    /// A comment.
    Comment,
}

impl SubjectKind {
    /// The stored and wire form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Comment => "comment",
        }
    }
}

/// Checks free text a moderation step needs (a reason, a note): 3 to 2,000
/// characters after trimming.
///
/// # Errors
/// `field`/`required` or `field`/`too_long`.
pub fn check_text(field: &'static str, raw: &str) -> Result<String, ValidationError> {
    let text = crate::text::free_text(field, raw)?;
    let text = text.trim();
    if text.chars().count() < 3 {
        return Err(ValidationError::new(
            field,
            "required",
            "say in a few words why",
        ));
    }
    if text.chars().count() > 2000 {
        return Err(ValidationError::new(
            field,
            "too_long",
            "at most 2,000 characters",
        ));
    }
    Ok(text.to_owned())
}

/// Escapes one CSV cell, guarding against formula injection: a cell a
/// spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`,
/// tab or carriage return) gets a leading `'`; every cell is quoted.
#[must_use]
pub fn csv_cell(raw: &str) -> String {
    let guarded = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportState::{Appealed, Dismissed, Hidden, Open, Overturned, Restored, Upheld};

    const STEPS: [Step; 4] = [Step::Hide, Step::Restore, Step::Dismiss, Step::Appeal];

    fn allowed(from: ReportState, step: Step) -> Option<ReportState> {
        match (from, step) {
            (Open, Step::Hide) => Some(Hidden),
            (Open, Step::Dismiss) => Some(Dismissed),
            (Hidden, Step::Restore) => Some(Restored),
            (Hidden, Step::Appeal) => Some(Appealed),
            (Appealed, Step::Hide) => Some(Upheld),
            (Appealed, Step::Restore) => Some(Overturned),
            _ => None,
        }
    }

    #[test]
    fn every_state_and_step_pair_is_allowed_or_refused_as_the_diagram_says() {
        for from in ReportState::ALL {
            for step in STEPS {
                match (from.next(step), allowed(from, step)) {
                    (Ok(to), Some(expected)) => assert_eq!(to, expected, "{from} {step:?}"),
                    (Err(r), None) => {
                        assert!(
                            !r.code.is_empty() && !r.message.is_empty(),
                            "{from} {step:?}"
                        );
                    }
                    (got, expected) => panic!("{from} {step:?}: {got:?}, expected {expected:?}"),
                }
            }
        }
    }

    #[test]
    fn final_states_refuse_every_step() {
        for from in ReportState::ALL.into_iter().filter(|s| s.is_final()) {
            for step in STEPS {
                assert!(from.next(step).is_err(), "{from} {step:?}");
            }
        }
        assert_eq!(ReportState::ALL.iter().filter(|s| s.is_final()).count(), 4);
    }

    #[test]
    fn a_second_appeal_is_refused_with_already_appealed() {
        for from in [Appealed, Upheld, Overturned] {
            assert_eq!(
                from.next(Step::Appeal).unwrap_err().code,
                "already_appealed"
            );
        }
        assert_eq!(
            Open.next(Step::Appeal).unwrap_err().code,
            "report_not_decided"
        );
    }

    #[test]
    fn the_item_is_hidden_exactly_while_a_hide_stands() {
        let hidden: Vec<_> = ReportState::ALL
            .into_iter()
            .filter(|s| s.hides_item())
            .collect();
        assert_eq!(hidden, [Hidden, Appealed, Upheld]);
    }

    #[test]
    fn states_and_actions_round_trip_their_stored_form() {
        for s in ReportState::ALL {
            assert_eq!(ReportState::parse(s.as_str()).unwrap(), s);
        }
        assert!(ReportState::parse("closed").is_err());
        for a in [
            ModerationAction::Hide,
            ModerationAction::Restore,
            ModerationAction::Dismiss,
        ] {
            assert_eq!(ModerationAction::parse(a.as_str()).unwrap(), a);
        }
        assert_eq!(ModerationAction::parse("ban").unwrap_err().field, "action");
    }

    #[test]
    fn moderation_text_needs_a_few_words() {
        assert_eq!(check_text("note", "  ").unwrap_err().code, "required");
        assert_eq!(
            check_text("note", &"x".repeat(2001)).unwrap_err().code,
            "too_long"
        );
        assert_eq!(check_text("note", "  off topic ").unwrap(), "off topic");
    }

    #[test]
    fn csv_cells_that_look_like_formulas_are_defused() {
        for raw in ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_cell(raw), format!("\"'{raw}\""));
        }
        assert_eq!(csv_cell("plain"), "\"plain\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("a=b"), "\"a=b\"");
    }
}
