//! Pulse surveys: their ids, the [`SurveyPhase`] state machine (draft →
//! open → closed), the kinds of question and the checks of a question and
//! of an answer, and the arithmetic of results (a distribution, its mean,
//! the eNPS). Who may see which figure is not decided here: every figure
//! released per unit goes through [`crate::suppression::release`].
//!
//! A refused transition is a [`Refusal`] with a stable code, as for
//! consultations; the services answer it as a conflict.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::ValidationError;
pub use crate::consultations::Refusal;
use crate::ids::id_type;
use crate::spaces::text_enum;

id_type!(
    /// A survey.
    SurveyId
);

/// The fewest questions a survey has.
pub const MIN_QUESTIONS: usize = 1;
/// The most questions a survey has.
pub const MAX_QUESTIONS: usize = 30;
/// The largest minimum group size a survey may ask for.
pub const MAX_MIN_GROUP_SIZE: u64 = 100;
/// The longest free-text answer, in characters.
pub const MAX_TEXT_ANSWER: usize = 2000;

/// Where a survey is: draft → open → closed, one step at a time and only
/// forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyPhase {
    /// Written, not yet open: seen by its owner (and opened by hand or at
    /// its opening time).
    Draft,
    /// The audience answers.
    Open,
    /// No more answers; results may be read.
    Closed,
}

text_enum!(SurveyPhase, "phase", Draft => "draft", Open => "open", Closed => "closed");

impl SurveyPhase {
    /// The phase a survey is in at `now`: an open one past its closing
    /// time is closed, before the tick (or a results read) stores that.
    #[must_use]
    pub fn effective(self, closes_at: OffsetDateTime, now: OffsetDateTime) -> Self {
        if self == Self::Open && now >= closes_at {
            Self::Closed
        } else {
            self
        }
    }

    /// Whether the move from `self` to `to` is allowed: exactly the next
    /// phase.
    ///
    /// # Errors
    /// `phase_unchanged`, `phase_backwards` or `phase_skipped`.
    pub const fn check_move(self, to: Self) -> Result<(), Refusal> {
        let (from, to) = (self as u8, to as u8);
        if to == from {
            Err(Refusal {
                code: "phase_unchanged",
                message: "the survey is already in that phase",
            })
        } else if to < from {
            Err(Refusal {
                code: "phase_backwards",
                message: "a survey's phase only moves forward: draft, open, closed",
            })
        } else if to > from + 1 {
            Err(Refusal {
                code: "phase_skipped",
                message: "a survey opens before it closes",
            })
        } else {
            Ok(())
        }
    }

    /// Whether the audience may answer in this (effective) phase.
    #[must_use]
    pub const fn takes_answers(self) -> bool {
        matches!(self, Self::Open)
    }

    /// Whether results may be read in this (effective) phase: only once
    /// closed, so that nobody watches them move as people answer.
    #[must_use]
    pub const fn has_results(self) -> bool {
        matches!(self, Self::Closed)
    }
}

/// What a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// A score from 1 (low) to 5 (high); required.
    Scale,
    /// "How likely are you to recommend…", 0 to 10; required.
    Enps,
    /// Free text; optional.
    Text,
}

text_enum!(QuestionKind, "kind", Scale => "scale", Enps => "enps", Text => "text");

impl QuestionKind {
    /// The scores a numeric question takes, lowest first (none for text).
    #[must_use]
    #[expect(
        clippy::reversed_empty_ranges,
        reason = "a text question takes no score: the empty range says so"
    )]
    pub const fn scores(self) -> std::ops::RangeInclusive<u8> {
        match self {
            Self::Scale => 1..=5,
            Self::Enps => 0..=10,
            Self::Text => 1..=0,
        }
    }

    /// How many buckets a distribution of this kind has.
    #[must_use]
    pub const fn buckets(self) -> usize {
        match self {
            Self::Scale => 5,
            Self::Enps => 11,
            Self::Text => 0,
        }
    }
}

/// One question of a survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// What it asks for.
    pub kind: QuestionKind,
    /// The question as the audience reads it.
    pub text: String,
}

/// One answer, as given (before it is checked against its question).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawAnswer {
    /// A number.
    Number(i64),
    /// Text.
    Text(String),
    /// Nothing (null or absent).
    Missing,
}

/// One checked answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    /// A score within the question's range.
    Score(u8),
    /// A free-text answer (trimmed, not empty).
    Text(String),
    /// A text question left empty.
    Skipped,
}

/// The field name of answer `i` in a 422's `fields` (`answers[3]`).
#[must_use]
pub fn answer_field(i: usize) -> &'static str {
    const NAMES: [&str; MAX_QUESTIONS] = [
        "answers[0]",
        "answers[1]",
        "answers[2]",
        "answers[3]",
        "answers[4]",
        "answers[5]",
        "answers[6]",
        "answers[7]",
        "answers[8]",
        "answers[9]",
        "answers[10]",
        "answers[11]",
        "answers[12]",
        "answers[13]",
        "answers[14]",
        "answers[15]",
        "answers[16]",
        "answers[17]",
        "answers[18]",
        "answers[19]",
        "answers[20]",
        "answers[21]",
        "answers[22]",
        "answers[23]",
        "answers[24]",
        "answers[25]",
        "answers[26]",
        "answers[27]",
        "answers[28]",
        "answers[29]",
    ];
    NAMES.get(i).copied().unwrap_or("answers")
}

/// Checks one answer against its question's kind: a score in range for
/// scale (1–5) and eNPS (0–10), both required; text optional, at most
/// [`MAX_TEXT_ANSWER`] characters. The text is assumed free of control
/// characters already (the services run it through `text::free_text`).
///
/// # Errors
/// On `answers[i]`: `required`, `out_of_range`, `not_a_number`,
/// `not_text` or `too_long`.
pub fn check_answer(
    i: usize,
    kind: QuestionKind,
    raw: &RawAnswer,
) -> Result<Answer, ValidationError> {
    let field = answer_field(i);
    match (kind, raw) {
        (QuestionKind::Scale | QuestionKind::Enps, RawAnswer::Number(n)) => {
            let range = kind.scores();
            u8::try_from(*n)
                .ok()
                .filter(|v| range.contains(v))
                .map(Answer::Score)
                .ok_or_else(|| {
                    ValidationError::new(
                        field,
                        "out_of_range",
                        format!("a whole number from {} to {}", range.start(), range.end()),
                    )
                })
        }
        (QuestionKind::Scale | QuestionKind::Enps, RawAnswer::Missing) => Err(
            ValidationError::new(field, "required", "this question needs an answer"),
        ),
        (QuestionKind::Scale | QuestionKind::Enps, RawAnswer::Text(_)) => Err(
            ValidationError::new(field, "not_a_number", "a number is expected"),
        ),
        (QuestionKind::Text, RawAnswer::Missing) => Ok(Answer::Skipped),
        (QuestionKind::Text, RawAnswer::Number(_)) => {
            Err(ValidationError::new(field, "not_text", "text is expected"))
        }
        (QuestionKind::Text, RawAnswer::Text(t)) => {
            let t = t.trim();
            if t.is_empty() {
                Ok(Answer::Skipped)
            } else if t.chars().count() > MAX_TEXT_ANSWER {
                Err(ValidationError::new(
                    field,
                    "too_long",
                    "at most 2 000 characters",
                ))
            } else {
                Ok(Answer::Text(t.to_owned()))
            }
        }
    }
}

/// Checks a whole response: one answer per question, each by
/// [`check_answer`]; every error is reported.
///
/// # Errors
/// `answers`/`wrong_count`, or every answer's error.
pub fn check_answers(
    questions: &[Question],
    raw: &[RawAnswer],
) -> Result<Vec<Answer>, Vec<ValidationError>> {
    if raw.len() != questions.len() {
        return Err(vec![ValidationError::new(
            "answers",
            "wrong_count",
            format!("one answer per question: {} expected", questions.len()),
        )]);
    }
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, (q, a)) in questions.iter().zip(raw).enumerate() {
        match check_answer(i, q.kind, a) {
            Ok(a) => out.push(a),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Checks a survey's minimum group size: at least
/// [`crate::suppression::SURVEY_MIN_LOWEST`], at most
/// [`MAX_MIN_GROUP_SIZE`]; `None` is [`crate::suppression::SURVEY_MIN_DEFAULT`].
///
/// # Errors
/// `min_group_size`/`too_small` or `too_large`.
pub fn check_min_group_size(k: Option<i64>) -> Result<u64, ValidationError> {
    use crate::suppression::{SURVEY_MIN_DEFAULT, SURVEY_MIN_LOWEST};
    let Some(k) = k else {
        return Ok(SURVEY_MIN_DEFAULT);
    };
    if k < i64::try_from(SURVEY_MIN_LOWEST).unwrap_or(3) {
        return Err(ValidationError::new(
            "min_group_size",
            "too_small",
            format!("at least {SURVEY_MIN_LOWEST}, so that no small group is shown"),
        ));
    }
    u64::try_from(k)
        .ok()
        .filter(|k| *k <= MAX_MIN_GROUP_SIZE)
        .ok_or_else(|| {
            ValidationError::new(
                "min_group_size",
                "too_large",
                format!("at most {MAX_MIN_GROUP_SIZE}"),
            )
        })
}

/// A distribution of scores of one numeric question: `counts[i]` is how
/// many answered the question's `i`-th score (lowest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// The question's kind.
    pub kind: QuestionKind,
    /// Per score, lowest first.
    pub counts: Vec<u64>,
}

impl Tally {
    /// An empty tally for `kind`.
    #[must_use]
    pub fn new(kind: QuestionKind) -> Self {
        Self {
            kind,
            counts: vec![0; kind.buckets()],
        }
    }

    /// Counts one score (a score outside the kind's range is ignored; checked
    /// answers never have one).
    pub fn add(&mut self, score: u8) {
        let low = *self.kind.scores().start();
        if let Some(c) = score
            .checked_sub(low)
            .and_then(|i| self.counts.get_mut(usize::from(i)))
        {
            *c += 1;
        }
    }

    /// How many answered.
    #[must_use]
    pub fn answered(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The mean score, `None` when nobody answered.
    #[must_use]
    pub fn mean(&self) -> Option<f64> {
        let n = self.answered();
        if n == 0 {
            return None;
        }
        let low = u64::from(*self.kind.scores().start());
        let sum: u64 = self
            .counts
            .iter()
            .zip(low..)
            .map(|(c, score)| c * score)
            .sum();
        #[expect(
            clippy::cast_precision_loss,
            reason = "counts of people stay far below 2^52"
        )]
        Some(sum as f64 / n as f64)
    }

    /// The eNPS (percent promoters, 9–10, minus percent detractors, 0–6),
    /// rounded, from −100 to 100; `None` for other kinds or nobody.
    #[must_use]
    pub fn enps(&self) -> Option<i64> {
        let (promoters, _, detractors) = self.enps_groups()?;
        let n = self.answered();
        let diff = i64::try_from(promoters).ok()? - i64::try_from(detractors).ok()?;
        let n = i64::try_from(n).ok()?;
        // Rounded half away from zero, in integers.
        let scaled = diff * 200 / n;
        Some((scaled + scaled.signum()) / 2)
    }

    /// `(promoters, passives, detractors)` of an eNPS question with answers.
    #[must_use]
    pub fn enps_groups(&self) -> Option<(u64, u64, u64)> {
        if self.kind != QuestionKind::Enps || self.answered() == 0 {
            return None;
        }
        let c = &self.counts;
        Some((c[9] + c[10], c[7] + c[8], c[..=6].iter().sum()))
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn every_phase_moves_only_to_the_next_one() {
        use SurveyPhase::{Closed, Draft, Open};
        let table = [
            (Draft, Draft, Err("phase_unchanged")),
            (Draft, Open, Ok(())),
            (Draft, Closed, Err("phase_skipped")),
            (Open, Draft, Err("phase_backwards")),
            (Open, Open, Err("phase_unchanged")),
            (Open, Closed, Ok(())),
            (Closed, Draft, Err("phase_backwards")),
            (Closed, Open, Err("phase_backwards")),
            (Closed, Closed, Err("phase_unchanged")),
        ];
        for (from, to, want) in table {
            assert_eq!(
                from.check_move(to).map_err(|r| r.code),
                want,
                "{from} → {to}"
            );
        }
    }

    #[test]
    fn an_open_survey_past_its_closing_time_is_closed_and_takes_no_answers() {
        let closes = datetime!(2026-12-01 12:00 UTC);
        let before = datetime!(2026-12-01 11:59 UTC);
        assert_eq!(
            SurveyPhase::Open.effective(closes, before),
            SurveyPhase::Open
        );
        assert_eq!(
            SurveyPhase::Open.effective(closes, closes),
            SurveyPhase::Closed
        );
        assert_eq!(
            SurveyPhase::Draft.effective(closes, closes),
            SurveyPhase::Draft
        );
        assert_eq!(
            SurveyPhase::Closed.effective(closes, before),
            SurveyPhase::Closed
        );
        let answers: Vec<_> = SurveyPhase::ALL
            .into_iter()
            .filter(|p| p.takes_answers())
            .collect();
        assert_eq!(answers, [SurveyPhase::Open]);
        let results: Vec<_> = SurveyPhase::ALL
            .into_iter()
            .filter(|p| p.has_results())
            .collect();
        assert_eq!(results, [SurveyPhase::Closed]);
    }

    #[test]
    fn phases_and_kinds_round_trip_through_their_names() {
        for p in SurveyPhase::ALL {
            assert_eq!(SurveyPhase::parse(p.as_str()), Ok(p));
        }
        for k in QuestionKind::ALL {
            assert_eq!(QuestionKind::parse(k.as_str()), Ok(k));
        }
        assert_eq!(SurveyPhase::parse("reviewing").unwrap_err().field, "phase");
        assert_eq!(QuestionKind::parse("likert").unwrap_err().field, "kind");
    }

    #[test]
    fn answers_are_checked_per_kind() {
        use QuestionKind::{Enps, Scale, Text};
        let ok = |k, r: RawAnswer| check_answer(2, k, &r).unwrap();
        let err = |k, r: RawAnswer| {
            let e = check_answer(2, k, &r).unwrap_err();
            assert_eq!(e.field, "answers[2]");
            e.code
        };
        assert_eq!(ok(Scale, RawAnswer::Number(1)), Answer::Score(1));
        assert_eq!(ok(Scale, RawAnswer::Number(5)), Answer::Score(5));
        assert_eq!(err(Scale, RawAnswer::Number(0)), "out_of_range");
        assert_eq!(err(Scale, RawAnswer::Number(6)), "out_of_range");
        assert_eq!(ok(Enps, RawAnswer::Number(0)), Answer::Score(0));
        assert_eq!(ok(Enps, RawAnswer::Number(10)), Answer::Score(10));
        assert_eq!(err(Enps, RawAnswer::Number(11)), "out_of_range");
        assert_eq!(err(Enps, RawAnswer::Number(-1)), "out_of_range");
        assert_eq!(err(Enps, RawAnswer::Number(i64::MAX)), "out_of_range");
        assert_eq!(err(Scale, RawAnswer::Missing), "required");
        assert_eq!(err(Enps, RawAnswer::Text("9".into())), "not_a_number");
        assert_eq!(ok(Text, RawAnswer::Missing), Answer::Skipped);
        assert_eq!(ok(Text, RawAnswer::Text("  ".into())), Answer::Skipped);
        assert_eq!(
            ok(Text, RawAnswer::Text(" Fine. ".into())),
            Answer::Text("Fine.".into())
        );
        assert_eq!(err(Text, RawAnswer::Number(3)), "not_text");
        assert_eq!(err(Text, RawAnswer::Text("x".repeat(2001))), "too_long");
    }

    #[test]
    fn a_response_needs_one_answer_per_question_and_reports_every_error() {
        let qs = [
            Question {
                kind: QuestionKind::Scale,
                text: "a".into(),
            },
            Question {
                kind: QuestionKind::Enps,
                text: "b".into(),
            },
        ];
        let e = check_answers(&qs, &[RawAnswer::Number(3)]).unwrap_err();
        assert_eq!((e[0].field, e[0].code), ("answers", "wrong_count"));
        let e = check_answers(&qs, &[RawAnswer::Number(9), RawAnswer::Missing]).unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["answers[0]", "answers[1]"]);
        assert_eq!(
            check_answers(&qs, &[RawAnswer::Number(3), RawAnswer::Number(9)]).unwrap(),
            [Answer::Score(3), Answer::Score(9)]
        );
    }

    #[test]
    fn the_minimum_group_size_is_at_least_three_and_five_by_default() {
        assert_eq!(check_min_group_size(None), Ok(5));
        assert_eq!(check_min_group_size(Some(3)), Ok(3));
        assert_eq!(check_min_group_size(Some(2)).unwrap_err().code, "too_small");
        assert_eq!(
            check_min_group_size(Some(-7)).unwrap_err().code,
            "too_small"
        );
        assert_eq!(
            check_min_group_size(Some(101)).unwrap_err().code,
            "too_large"
        );
    }

    #[test]
    fn tallies_give_distribution_mean_and_enps() {
        let mut s = Tally::new(QuestionKind::Scale);
        for v in [1, 3, 5, 5] {
            s.add(v);
        }
        assert_eq!(s.counts, [1, 0, 1, 0, 2]);
        assert_eq!(s.mean(), Some(3.5));
        assert_eq!(s.enps(), None);
        let mut e = Tally::new(QuestionKind::Enps);
        // 3 promoters, 1 passive, 2 detractors of 6: 50 % - 33.3 % = 17.
        for v in [10, 9, 9, 8, 6, 0] {
            e.add(v);
        }
        assert_eq!(e.enps_groups(), Some((3, 1, 2)));
        assert_eq!(e.enps(), Some(17));
        let mut d = Tally::new(QuestionKind::Enps);
        for v in [0, 0, 9] {
            d.add(v);
        }
        // 33.3 - 66.7 = -33.
        assert_eq!(d.enps(), Some(-33));
        assert_eq!(Tally::new(QuestionKind::Enps).enps(), None);
        assert_eq!(Tally::new(QuestionKind::Scale).mean(), None);
    }
}
