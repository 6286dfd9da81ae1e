//! Rules of the organization tree: unit paths and the reporting lines that
//! leadership derives from it.
//!
//! A person's managers are found by walking up from their primary unit to the
//! first unit that has a leader other than the person; a leader of their own
//! unit therefore reports to the leaders above it. An org chart in which these
//! lines form a cycle (A reports to B and B, through any chain, to A) is refused.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::ValidationError;
use crate::text::refuse_bidi;

/// A slash-separated unit path such as `Acme/Consulting/Data`: the root first.
/// Segments are trimmed and non-empty; compared case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitPath(Vec<String>);

impl UnitPath {
    /// Parses `Acme/Consulting/Data` (at most 12 levels, 80 characters a name).
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, ValidationError> {
        let segments: Vec<String> = raw.split('/').map(|s| s.trim().to_owned()).collect();
        if raw.trim().is_empty() {
            return Err(ValidationError::new(
                field,
                "required",
                "a unit path is required",
            ));
        }
        if segments.iter().any(String::is_empty) {
            return Err(ValidationError::new(
                field,
                "invalid",
                "a unit path has an empty part",
            ));
        }
        if segments.len() > 12 {
            return Err(ValidationError::new(field, "too_deep", "at most 12 levels"));
        }
        if segments
            .iter()
            .any(|s| s.chars().count() > 80 || s.chars().any(char::is_control))
        {
            return Err(ValidationError::new(
                field,
                "invalid",
                "unit names are at most 80 characters, no control characters",
            ));
        }
        // A unit's name identifies it, like a person's: it must read as written.
        refuse_bidi(field, raw)?;
        Ok(Self(segments))
    }

    /// The unit names, root first.
    #[must_use]
    pub fn segments(&self) -> &[String] {
        &self.0
    }

    /// The last segment: the unit's own name.
    #[must_use]
    pub fn name(&self) -> &str {
        self.0.last().map_or("", String::as_str)
    }

    /// The parent's path, `None` for a root.
    #[must_use]
    pub fn parent(&self) -> Option<Self> {
        (self.0.len() > 1).then(|| Self(self.0[..self.0.len() - 1].to_vec()))
    }

    /// Every prefix of this path, root first, ending with the path itself.
    #[must_use]
    pub fn ancestors_and_self(&self) -> Vec<Self> {
        (1..=self.0.len())
            .map(|n| Self(self.0[..n].to_vec()))
            .collect()
    }

    /// The case-insensitive key under which the unit is stored.
    #[must_use]
    pub fn key(&self) -> String {
        self.0
            .iter()
            .map(|s| s.to_lowercase())
            .collect::<Vec<_>>()
            .join("/")
    }
}

impl fmt::Display for UnitPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("/"))
    }
}

/// A person as the reporting-line check sees them: the key of their primary
/// unit and the keys of the units they lead.
#[derive(Debug, Clone)]
pub struct ReportingEntry<P> {
    /// The person (any key: e-mail, id, line number).
    pub person: P,
    /// `UnitPath::key` of their primary unit.
    pub unit: String,
    /// `UnitPath::key`s of the units they lead.
    pub leads: Vec<String>,
}

/// The managers of each person, derived from the tree of unit keys.
#[must_use]
pub fn managers<P: Ord + Clone>(entries: &[ReportingEntry<P>]) -> BTreeMap<P, BTreeSet<P>> {
    let mut leaders_of: BTreeMap<&str, BTreeSet<&P>> = BTreeMap::new();
    for e in entries {
        for unit in &e.leads {
            leaders_of
                .entry(unit.as_str())
                .or_default()
                .insert(&e.person);
        }
    }
    let mut out = BTreeMap::new();
    for e in entries {
        let mut unit: Option<&str> = Some(e.unit.as_str());
        let mut found = BTreeSet::new();
        while let Some(key) = unit {
            let others: BTreeSet<P> = leaders_of
                .get(key)
                .into_iter()
                .flatten()
                .filter(|p| **p != &e.person)
                .map(|p| (*p).clone())
                .collect();
            if !others.is_empty() {
                found = others;
                break;
            }
            unit = key.rfind('/').map(|i| &key[..i]);
        }
        out.insert(e.person.clone(), found);
    }
    out
}

/// People whose reporting line leads back to themselves, smallest first.
#[must_use]
pub fn reporting_cycles<P: Ord + Clone>(entries: &[ReportingEntry<P>]) -> BTreeSet<P> {
    let graph = managers(entries);
    let mut on_cycle = BTreeSet::new();
    for start in graph.keys() {
        // Depth-first search from `start` over manager edges; a path back to
        // `start` puts it on a cycle. Org charts are shallow, so this is cheap.
        let mut stack: Vec<&P> = graph[start].iter().collect();
        let mut seen: BTreeSet<&P> = BTreeSet::new();
        while let Some(p) = stack.pop() {
            if p == start {
                on_cycle.insert(start.clone());
                break;
            }
            if seen.insert(p)
                && let Some(next) = graph.get(p)
            {
                stack.extend(next.iter());
            }
        }
    }
    on_cycle
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(p: &'static str, unit: &str, leads: &[&str]) -> ReportingEntry<&'static str> {
        ReportingEntry {
            person: p,
            unit: unit.to_owned(),
            leads: leads.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn unit_path_is_trimmed_and_keyed_case_insensitively() {
        let p = UnitPath::parse("unit_path", " Acme / Consulting/Data ").unwrap();
        assert_eq!(p.to_string(), "Acme/Consulting/Data");
        assert_eq!(p.key(), "acme/consulting/data");
        assert_eq!(p.name(), "Data");
        assert_eq!(p.parent().unwrap().to_string(), "Acme/Consulting");
        assert_eq!(p.ancestors_and_self().len(), 3);
    }

    #[test]
    fn unit_path_with_an_empty_part_is_refused() {
        assert!(UnitPath::parse("unit_path", "Acme//Data").is_err());
        assert!(UnitPath::parse("unit_path", "").is_err());
        assert!(UnitPath::parse("unit_path", "Acme/").is_err());
    }

    #[test]
    fn unit_names_refuse_bidi_controls() {
        let e = UnitPath::parse("unit_path", "Acme/\u{202E}ataD").unwrap_err();
        assert_eq!((e.field, e.code), ("unit_path", "bidi_control"));
    }

    #[test]
    fn a_leader_reports_to_the_leader_above_their_own_unit() {
        let chart = [
            entry("ceo", "acme", &["acme"]),
            entry("lead", "acme/data", &["acme/data"]),
            entry("dev", "acme/data/team", &[]),
        ];
        let m = managers(&chart);
        assert!(m["ceo"].is_empty());
        assert_eq!(m["lead"], BTreeSet::from(["ceo"]));
        assert_eq!(m["dev"], BTreeSet::from(["lead"]));
        assert!(reporting_cycles(&chart).is_empty());
    }

    #[test]
    fn two_leaders_leading_each_others_units_form_a_cycle() {
        let chart = [
            entry("a", "acme/x", &["acme/y"]),
            entry("b", "acme/y", &["acme/x"]),
            entry("c", "acme/x", &[]),
        ];
        assert_eq!(reporting_cycles(&chart), BTreeSet::from(["a", "b"]));
    }
}
