//! Strings of the feedback pages, in English and Norwegian Bokmål (filled in by the leadership toolkit).
