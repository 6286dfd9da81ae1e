//! (filled in by the leadership toolkit: commitments)
