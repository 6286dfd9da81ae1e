//! Strings of the commitments pages, in English and Norwegian Bokmål (filled in by the leadership toolkit).
