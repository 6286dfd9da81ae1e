//! Strings of the consultations pages, in English and Norwegian Bokmål (filled in by the leadership toolkit).
