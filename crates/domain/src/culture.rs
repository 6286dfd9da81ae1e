//! Culture: the organization's values (what praise recognizes) and the code
//! of conduct (guidelines: versioned, bilingual, numbered rules, plus rules
//! a space adds). Pure types and rules only: the icon set, the limits on
//! praise recipients, and the rule-level difference between two versions.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids::id_type;
use crate::{PersonId, ValidationError};

id_type!(
    /// One of the organization's values.
    ValueId
);
id_type!(
    /// A citable rule: of the organization's code of conduct (stable across
    /// versions) or of one space.
    RuleId
);

/// The icons a value may carry: a small fixed set drawn as inline SVG by
/// the web layer, so no icon is fetched from anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueIcon {
    /// A heart: care.
    Heart,
    /// A star: excellence.
    Star,
    /// A compass: direction, courage.
    Compass,
    /// Two hands / people: collaboration.
    Users,
    /// A light bulb: curiosity, ideas.
    Lightbulb,
    /// A shield: trust, integrity.
    Shield,
    /// A sprout: growth.
    Sprout,
    /// A mountain: ambition.
    Mountain,
}

impl ValueIcon {
    /// Every icon, in the order a picker shows them.
    pub const ALL: [Self; 8] = [
        Self::Heart,
        Self::Star,
        Self::Compass,
        Self::Users,
        Self::Lightbulb,
        Self::Shield,
        Self::Sprout,
        Self::Mountain,
    ];

    /// The name on the wire and in storage.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Heart => "heart",
            Self::Star => "star",
            Self::Compass => "compass",
            Self::Users => "users",
            Self::Lightbulb => "lightbulb",
            Self::Shield => "shield",
            Self::Sprout => "sprout",
            Self::Mountain => "mountain",
        }
    }

    /// Parses a wire name.
    ///
    /// # Errors
    /// `icon`/`invalid` for a name outside the set.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        s.parse()
            .map_err(|()| ValidationError::new("icon", "invalid", "not one of the icons"))
    }
}

impl FromStr for ValueIcon {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|i| i.as_str() == s).ok_or(())
    }
}

impl fmt::Display for ValueIcon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// At most this many people are praised in one post.
pub const MAX_RECIPIENTS: usize = 20;

/// The recipients of a praise post, checked: 1–20 distinct people, and not
/// the author alone (the author among others is fine: a team praising
/// itself with its helpers).
///
/// # Errors
/// `recipient_ids`/`required`, `too_many` or `self_only`.
pub fn praise_recipients(
    author: PersonId,
    ids: &[PersonId],
) -> Result<Vec<PersonId>, ValidationError> {
    let mut out: Vec<PersonId> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(id) {
            out.push(*id);
        }
    }
    if out.is_empty() {
        return Err(ValidationError::new(
            "recipient_ids",
            "required",
            "praise names 1 to 20 people",
        ));
    }
    if out.len() > MAX_RECIPIENTS {
        return Err(ValidationError::new(
            "recipient_ids",
            "too_many",
            "praise names at most 20 people",
        ));
    }
    if out == [author] {
        return Err(ValidationError::new(
            "recipient_ids",
            "self_only",
            "praise names someone other than yourself",
        ));
    }
    Ok(out)
}

/// One rule of the code of conduct in one version, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidelineRule {
    /// Stable across versions: a rule edited in a new version keeps its id.
    pub id: RuleId,
    /// Its number in this version (1, 2, …).
    pub number: i64,
    /// Title in English.
    pub title_en: String,
    /// Title in Norwegian Bokmål.
    pub title_nb: String,
    /// Text in English.
    pub body_en: String,
    /// Text in Norwegian Bokmål.
    pub body_nb: String,
}

impl GuidelineRule {
    fn same_text(&self, other: &Self) -> bool {
        self.number == other.number
            && self.title_en == other.title_en
            && self.title_nb == other.title_nb
            && self.body_en == other.body_en
            && self.body_nb == other.body_nb
    }
}

/// How one rule differs between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleChange {
    /// New in the later version.
    Added,
    /// In both, with another number, title or text.
    Changed,
    /// Only in the earlier version.
    Removed,
}

impl RuleChange {
    /// The name on the wire.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Changed => "changed",
            Self::Removed => "removed",
        }
    }
}

/// The rule-level difference from `old` to `new`, by rule id: added and
/// changed rules in the new version's order, then removed ones in the old
/// order. Unchanged rules are left out.
#[must_use]
pub fn diff_rules(
    old: &[GuidelineRule],
    new: &[GuidelineRule],
) -> Vec<(RuleChange, GuidelineRule)> {
    let before: HashMap<RuleId, &GuidelineRule> = old.iter().map(|r| (r.id, r)).collect();
    let after: HashMap<RuleId, &GuidelineRule> = new.iter().map(|r| (r.id, r)).collect();
    let mut out = Vec::new();
    for r in new {
        match before.get(&r.id) {
            None => out.push((RuleChange::Added, r.clone())),
            Some(o) if !o.same_text(r) => out.push((RuleChange::Changed, r.clone())),
            Some(_) => {}
        }
    }
    for r in old {
        if !after.contains_key(&r.id) {
            out.push((RuleChange::Removed, r.clone()));
        }
    }
    out
}

/// Checks the rules of a version about to be published: 1–50 rules, each
/// with a title (1–200 characters) and a text (1–4000) in both languages,
/// no rule id twice. Numbers are given by order (1, 2, …), so none is
/// checked here.
///
/// # Errors
/// One entry per problem, with the field `rules`.
pub fn check_rules(rules: &[GuidelineRule]) -> Result<(), Vec<ValidationError>> {
    let mut errors = Vec::new();
    if rules.is_empty() || rules.len() > 50 {
        errors.push(ValidationError::new(
            "rules",
            "invalid",
            "a code of conduct has 1 to 50 rules",
        ));
    }
    let fits = |s: &str, max: usize| (1..=max).contains(&s.trim().chars().count());
    if rules.iter().any(|r| {
        !fits(&r.title_en, 200)
            || !fits(&r.title_nb, 200)
            || !fits(&r.body_en, 4000)
            || !fits(&r.body_nb, 4000)
    }) {
        errors.push(ValidationError::new(
            "rules",
            "required",
            "every rule has a title (at most 200 characters) and a text (at most 4000) in both languages",
        ));
    }
    let mut ids: Vec<RuleId> = rules.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != rules.len() {
        errors.push(ValidationError::new(
            "rules",
            "duplicate",
            "a rule appears twice",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: RuleId, n: i64, title: &str) -> GuidelineRule {
        GuidelineRule {
            id,
            number: n,
            title_en: title.into(),
            title_nb: title.into(),
            body_en: "text".into(),
            body_nb: "tekst".into(),
        }
    }

    #[test]
    fn icons_round_trip_and_unknown_names_are_refused() {
        for i in ValueIcon::ALL {
            assert_eq!(ValueIcon::parse(i.as_str()).unwrap(), i);
        }
        assert_eq!(ValueIcon::parse("skull").unwrap_err().field, "icon");
    }

    #[test]
    fn praise_needs_one_to_twenty_people_and_not_only_the_author() {
        let me = PersonId::new();
        let other = PersonId::new();
        assert_eq!(praise_recipients(me, &[]).unwrap_err().code, "required");
        assert_eq!(praise_recipients(me, &[me]).unwrap_err().code, "self_only");
        assert_eq!(
            praise_recipients(me, &[me, me]).unwrap_err().code,
            "self_only"
        );
        assert_eq!(praise_recipients(me, &[other, other]).unwrap(), vec![other]);
        assert_eq!(praise_recipients(me, &[me, other]).unwrap().len(), 2);
        let many: Vec<PersonId> = (0..21).map(|_| PersonId::new()).collect();
        assert_eq!(praise_recipients(me, &many).unwrap_err().code, "too_many");
        assert!(praise_recipients(me, &many[..20]).is_ok());
    }

    #[test]
    fn the_diff_names_added_changed_and_removed_rules_by_id() {
        let (a, b, c, d) = (RuleId::new(), RuleId::new(), RuleId::new(), RuleId::new());
        let old = vec![rule(a, 1, "Kind"), rule(b, 2, "Honest"), rule(c, 3, "Gone")];
        let new = vec![
            rule(a, 1, "Kind"),
            rule(b, 2, "Honest, always"),
            rule(d, 3, "New"),
        ];
        let diff: Vec<(RuleChange, RuleId)> = diff_rules(&old, &new)
            .into_iter()
            .map(|(k, r)| (k, r.id))
            .collect();
        assert_eq!(
            diff,
            [
                (RuleChange::Changed, b),
                (RuleChange::Added, d),
                (RuleChange::Removed, c)
            ]
        );
        assert!(diff_rules(&new, &new).is_empty());
        let renumbered = vec![
            rule(b, 1, "Honest, always"),
            rule(a, 2, "Kind"),
            rule(d, 3, "New"),
        ];
        assert_eq!(
            diff_rules(&new, &renumbered).len(),
            2,
            "a moved rule has changed"
        );
    }

    #[test]
    fn rules_need_text_in_both_languages_and_no_repeats() {
        let a = RuleId::new();
        assert!(check_rules(&[rule(a, 1, "Kind")]).is_ok());
        assert!(check_rules(&[]).is_err());
        assert!(check_rules(&[rule(a, 1, "Kind"), rule(a, 2, "Again")]).is_err());
        let mut empty = rule(a, 1, "Kind");
        empty.body_nb = " ".into();
        assert!(check_rules(&[empty]).is_err());
    }
}
