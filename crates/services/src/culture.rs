//! Culture: the organization's values and praise that recognizes them (the
//! values page, the praise a person received), and the code of conduct
//! (versions, acceptance, a space's own rules). Praise itself is written by
//! `social::posts::create_post` (a post of kind `praise`), which calls
//! [`praise::check`] and [`praise::record`]; every writing of posts and
//! comments first calls [`guidelines::require_accepted`].

pub mod guidelines;
pub mod praise;
pub mod values;
