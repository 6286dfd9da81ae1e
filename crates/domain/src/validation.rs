//! The one error type of validated values: which field, a stable code that
//! clients and translations key on, and a human message.

use std::fmt;

/// A value that failed its rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    /// The input field, in snake_case as it appears on the wire.
    pub field: &'static str,
    /// A stable snake_case code, e.g. `too_long`.
    pub code: &'static str,
    /// Human text in English.
    pub message: String,
}

impl ValidationError {
    /// Builds an error for `field`.
    pub fn new(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}
