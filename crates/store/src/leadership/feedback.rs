//! (filled in by the leadership toolkit: feedback)
