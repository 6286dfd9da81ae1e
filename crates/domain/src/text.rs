//! Free text at the input boundary: one rule for control characters and one
//! for bidirectional formatting characters, used wherever text is accepted.
//!
//! - **Control characters are refused.** Every Unicode control character
//!   (`Cc`: C0, DEL and C1) other than tab, line feed and carriage return
//!   makes the text invalid ([`refuse_controls`], code `control_character`).
//!   PostgreSQL cannot store NUL at all, and none of the others has a use in
//!   a name, a post or a search word, so refusing is both simplest and
//!   honest: nothing is silently changed. The web layer applies this rule to
//!   every path segment, query value and body field before a handler runs;
//!   the validated values here and the services apply it again for callers
//!   that do not come through HTTP (CSV import, `admin`, the demo).
//! - **Bidirectional controls are refused or removed.** The embeddings,
//!   overrides and isolates U+202A–U+202E and U+2066–U+2069 make text display
//!   in another order than it was written in, so `@kari` can look like
//!   someone else and a title can hide what it says. They are refused where
//!   text identifies someone or something (person names, handles, unit
//!   names: [`refuse_bidi`], code `bidi_control`) and removed from free text
//!   (titles, bodies, comments, space names and descriptions, poll options,
//!   topics: [`free_text`]), where refusing would only puzzle the writer.
//!   The marks U+200E, U+200F and U+061C stay: they only steer the neutral
//!   characters next to them and right-to-left writing needs them.

use std::borrow::Cow;

use crate::ValidationError;

/// Whether `c` is a control character that text may not contain: any `Cc`
/// character except tab, line feed and carriage return.
#[must_use]
pub fn is_refused_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `c` is a bidirectional embedding, override or isolate
/// (U+202A–U+202E, U+2066–U+2069).
#[must_use]
pub const fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Refuses text holding a control character other than tab, line feed and
/// carriage return.
///
/// # Errors
/// `control_character` on `field`.
pub fn refuse_controls(field: &'static str, s: &str) -> Result<(), ValidationError> {
    if s.chars().any(is_refused_control) {
        return Err(ValidationError::new(
            field,
            "control_character",
            "control characters (such as NUL) are not allowed",
        ));
    }
    Ok(())
}

/// Refuses text holding a bidirectional embedding, override or isolate.
///
/// # Errors
/// `bidi_control` on `field`.
pub fn refuse_bidi(field: &'static str, s: &str) -> Result<(), ValidationError> {
    if s.chars().any(is_bidi_control) {
        return Err(ValidationError::new(
            field,
            "bidi_control",
            "bidirectional override and isolate characters are not allowed",
        ));
    }
    Ok(())
}

/// `s` without bidirectional embeddings, overrides and isolates.
#[must_use]
pub fn strip_bidi(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_bidi_control) {
        Cow::Owned(s.chars().filter(|&c| !is_bidi_control(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Free text as it is stored: refused if it holds a control character
/// (see [`refuse_controls`]), otherwise returned without bidirectional
/// controls. Length and emptiness are the caller's rules.
///
/// # Errors
/// `control_character` on `field`.
pub fn free_text(field: &'static str, s: &str) -> Result<String, ValidationError> {
    refuse_controls(field, s)?;
    Ok(strip_bidi(s).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_other_controls_are_refused_but_tab_and_newlines_are_not() {
        for bad in ["a\0b", "\u{1}", "x\u{7f}", "\u{85}", "\u{9f}", "\u{1b}[31m"] {
            let e = refuse_controls("body", bad).unwrap_err();
            assert_eq!((e.field, e.code), ("body", "control_character"), "{bad:?}");
        }
        assert!(refuse_controls("body", "line\r\nnext\tcolumn").is_ok());
        assert!(refuse_controls("body", "Blåbær 😀 \u{200F}").is_ok());
    }

    #[test]
    fn every_embedding_override_and_isolate_is_a_bidi_control() {
        let bidi: Vec<char> = ('\u{2000}'..='\u{20FF}')
            .chain(['\u{061C}', '\u{200E}', '\u{200F}'])
            .filter(|&c| is_bidi_control(c))
            .collect();
        assert_eq!(
            bidi,
            [
                '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
                '\u{2068}', '\u{2069}'
            ]
        );
    }

    #[test]
    fn bidi_controls_are_refused_in_identifying_text() {
        let e = refuse_bidi("name", "Kari \u{202E}nnamdroN").unwrap_err();
        assert_eq!((e.field, e.code), ("name", "bidi_control"));
        assert!(refuse_bidi("name", "كاري \u{200F}").is_ok());
    }

    #[test]
    fn free_text_loses_bidi_controls_and_refuses_nul() {
        assert_eq!(
            free_text("title", "Pay \u{202E}0001\u{202C} now \u{2066}x\u{2069}").unwrap(),
            "Pay 0001 now x"
        );
        assert!(matches!(strip_bidi("plain"), Cow::Borrowed("plain")));
        assert_eq!(
            free_text("title", "a\0b").unwrap_err().code,
            "control_character"
        );
    }
}
