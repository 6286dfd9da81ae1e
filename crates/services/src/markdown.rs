//! Markdown to sanitized HTML, with @mentions and #topics (work in progress).
