//! Closed sets of the social core: the kinds of post and the reactions.
//!
//! Each is stored and sent as its snake_case name (`question`, `celebrate`),
//! as text on both backends; [`PostKind::as_str`] and [`Reaction::as_str`]
//! are the only places those names are written, and `parse` the only place
//! they are read. Rules match on the enum, never on the text.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// What a post is; some kinds carry rules (a poll has options, a question
/// can have an accepted answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    /// An open conversation.
    Discussion,
    /// Asks for answers; the asker or a moderator may accept one.
    Question,
    /// News from the space's leaders.
    Announcement,
    /// Where a leader wants to go.
    Vision,
    /// Thanks to someone.
    Praise,
    /// A proposal.
    Idea,
    /// A longer text.
    Article,
    /// Something learnt.
    Lesson,
    /// A question with 2–10 options to vote on.
    Poll,
}

impl PostKind {
    /// All kinds, in the composer's order.
    pub const ALL: [Self; 9] = [
        Self::Discussion,
        Self::Question,
        Self::Announcement,
        Self::Vision,
        Self::Praise,
        Self::Idea,
        Self::Article,
        Self::Lesson,
        Self::Poll,
    ];

    /// Parses the wire and storage form exactly (`question`, not `Question`).
    ///
    /// # Errors
    /// `kind`/`invalid`, naming the kinds, for anything else.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw)
            .ok_or_else(|| {
                ValidationError::new("kind", "invalid", one_of(Self::ALL.map(Self::as_str)))
            })
    }

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Discussion => "discussion",
            Self::Question => "question",
            Self::Announcement => "announcement",
            Self::Vision => "vision",
            Self::Praise => "praise",
            Self::Idea => "idea",
            Self::Article => "article",
            Self::Lesson => "lesson",
            Self::Poll => "poll",
        }
    }

    /// Posts of this kind have poll options (and only they).
    #[must_use]
    pub const fn has_options(self) -> bool {
        matches!(self, Self::Poll)
    }

    /// Posts of this kind can have an accepted answer, and a comment on
    /// them is an answer rather than a reply.
    #[must_use]
    pub const fn takes_answers(self) -> bool {
        matches!(self, Self::Question)
    }
}

impl fmt::Display for PostKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A reaction to a post; one of each per person and post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    /// Agreement or appreciation.
    Like,
    /// Something worth celebrating.
    Celebrate,
    /// Something learnt from it.
    Insightful,
    /// Standing by the author.
    Support,
}

impl Reaction {
    /// All reactions, in display order.
    pub const ALL: [Self; 4] = [Self::Like, Self::Celebrate, Self::Insightful, Self::Support];

    /// Parses the wire and storage form exactly (`like`, not `Like`).
    ///
    /// # Errors
    /// `kind`/`invalid`, naming the reactions, for anything else.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == raw)
            .ok_or_else(|| {
                ValidationError::new("kind", "invalid", one_of(Self::ALL.map(Self::as_str)))
            })
    }

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Like => "like",
            Self::Celebrate => "celebrate",
            Self::Insightful => "insightful",
            Self::Support => "support",
        }
    }
}

impl fmt::Display for Reaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn one_of<const N: usize>(names: [&str; N]) -> String {
    format!("one of {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_post_kind_round_trips_through_its_text_and_serde() {
        for k in PostKind::ALL {
            assert_eq!(PostKind::parse(k.as_str()), Ok(k));
            assert_eq!(k.to_string(), k.as_str());
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            assert_eq!(serde_json::from_str::<PostKind>(&json).unwrap(), k);
        }
    }

    #[test]
    fn post_kinds_keep_the_stored_names() {
        let names = PostKind::ALL.map(PostKind::as_str);
        assert_eq!(
            names,
            [
                "discussion",
                "question",
                "announcement",
                "vision",
                "praise",
                "idea",
                "article",
                "lesson",
                "poll"
            ]
        );
    }

    #[test]
    fn unknown_or_differently_written_post_kinds_are_refused() {
        for bad in ["", "rant", "Question", " poll", "poll ", "polls"] {
            let err = PostKind::parse(bad).unwrap_err();
            assert_eq!((err.field, err.code), ("kind", "invalid"), "{bad:?}");
        }
        assert_eq!(
            PostKind::parse("rant").unwrap_err().message,
            "one of discussion, question, announcement, vision, praise, idea, article, lesson, poll"
        );
        assert!(serde_json::from_str::<PostKind>("\"rant\"").is_err());
    }

    #[test]
    fn only_polls_have_options_and_only_questions_take_answers() {
        for k in PostKind::ALL {
            assert_eq!(k.has_options(), k == PostKind::Poll, "{k}");
            assert_eq!(k.takes_answers(), k == PostKind::Question, "{k}");
        }
    }

    #[test]
    fn every_reaction_round_trips_through_its_text_and_serde() {
        assert_eq!(
            Reaction::ALL.map(Reaction::as_str),
            ["like", "celebrate", "insightful", "support"]
        );
        for r in Reaction::ALL {
            assert_eq!(Reaction::parse(r.as_str()), Ok(r));
            assert_eq!(r.to_string(), r.as_str());
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(serde_json::from_str::<Reaction>(&json).unwrap(), r);
        }
    }

    #[test]
    fn unknown_reactions_are_refused() {
        for bad in ["", "love", "Like", "like "] {
            let err = Reaction::parse(bad).unwrap_err();
            assert_eq!((err.field, err.code), ("kind", "invalid"), "{bad:?}");
        }
        assert_eq!(
            Reaction::parse("love").unwrap_err().message,
            "one of like, celebrate, insightful, support"
        );
        assert!(serde_json::from_str::<Reaction>("\"love\"").is_err());
    }
}
