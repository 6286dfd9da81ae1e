//! Culture's storage: the organization's values, praise (its value and
//! recipients), and the code of conduct (versions, rules, a space's own
//! rules, acceptances). The defaults of a new installation (values and
//! version 1 of the code) are written by [`defaults`], after migrating and
//! after a wipe.

pub mod defaults;
pub mod guidelines;
pub mod praise;
pub mod values;
