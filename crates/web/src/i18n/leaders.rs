//! Strings of the leaders pages, in English and Norwegian Bokmål (filled in by the leadership toolkit).
