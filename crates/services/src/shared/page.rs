//! Keyset pages: a limit checked once, and opaque cursors (base64url of a
//! small JSON value) that clients pass back unchanged.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use samspill_domain::ValidationError;
use samspill_domain::text::is_refused_control;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The default page size.
pub const DEFAULT_LIMIT: i64 = 20;
/// The largest page a client may ask for.
pub const MAX_LIMIT: i64 = 100;

/// One page of a list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items, in the list's order.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// Checks a requested page size: 1 to 100, 20 when absent.
pub fn limit(requested: Option<i64>) -> Result<i64, ValidationError> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(ValidationError::new(
            "limit",
            "out_of_range",
            "limit must be between 1 and 100",
        )),
    }
}

/// Encodes a cursor.
pub fn encode<T: Serialize>(value: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap_or_default())
}

/// Decodes a cursor made by [`encode`]. The cursor is opaque to the web
/// layer's checks, so the text inside it is checked here: a cursor holding
/// a control character was not made by us, and PostgreSQL could not compare
/// with it anyway.
pub fn decode<T: DeserializeOwned>(cursor: &str) -> Result<T, ValidationError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .filter(|value| !holds_control(value))
        .and_then(|value| serde_json::from_value(value).ok())
        .ok_or_else(|| ValidationError::new("cursor", "invalid", "not a cursor from this list"))
}

/// Whether a string anywhere in `value` holds a refused control character.
fn holds_control(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::String(s) => s.chars().any(is_refused_control),
        Value::Array(items) => items.iter().any(holds_control),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.chars().any(is_refused_control) || holds_control(v)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Fetches `limit + 1` rows so the next page is known to exist; splits them.
pub fn split<T>(mut rows: Vec<T>, limit: i64, cursor_of: impl Fn(&T) -> String) -> Page<T> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(cursor_of)
    } else {
        None
    };
    Page {
        items: rows,
        next_cursor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_defaults_to_20_and_refuses_above_100() {
        assert_eq!(limit(None).unwrap(), 20);
        assert_eq!(limit(Some(100)).unwrap(), 100);
        assert!(limit(Some(101)).is_err());
        assert!(limit(Some(0)).is_err());
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let c = encode(&("kari", 3));
        assert_eq!(decode::<(String, i32)>(&c).unwrap(), ("kari".to_owned(), 3));
        assert_eq!(decode::<(String, i32)>("%%%").unwrap_err().field, "cursor");
    }

    #[test]
    fn a_cursor_holding_a_control_character_is_refused() {
        let c = encode(&("ka\0ri", 3));
        assert_eq!(decode::<(String, i32)>(&c).unwrap_err().field, "cursor");
        let c = encode(&[("\u{1b}", 1)]);
        assert!(decode::<Vec<(String, i32)>>(&c).is_err());
        let c = encode(&("line\nbreak", 3));
        assert!(
            decode::<(String, i32)>(&c).is_ok(),
            "newlines are not refused"
        );
    }

    #[test]
    fn split_reports_a_next_page_only_when_one_exists() {
        let p = split(vec![1, 2, 3], 2, ToString::to_string);
        assert_eq!((p.items, p.next_cursor), (vec![1, 2], Some("2".to_owned())));
        let p = split(vec![1, 2], 2, ToString::to_string);
        assert_eq!(p.next_cursor, None);
    }
}
