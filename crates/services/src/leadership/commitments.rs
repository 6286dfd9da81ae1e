//! (filled in by the leadership toolkit: commitments)

use crate::{Ctx, Result};

/// Time-driven work: announces commitments coming due.
///
/// # Errors
/// When the database fails.
#[expect(clippy::unused_async, reason = "a stub until this area has timed work")]
pub async fn tick(_ctx: &Ctx) -> Result<()> {
    Ok(())
}
