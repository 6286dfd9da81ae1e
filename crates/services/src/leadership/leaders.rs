//! (filled in by the leadership toolkit: leaders)
