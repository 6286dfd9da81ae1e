//! (filled in by the leadership toolkit: consultations)
