//! (filled in by the leadership toolkit: consultations)

use crate::{Ctx, Result};

/// Time-driven work: closes consultations to input at their closing time.
///
/// # Errors
/// When the database fails.
#[expect(clippy::unused_async, reason = "a stub until this area has timed work")]
pub async fn tick(_ctx: &Ctx) -> Result<()> {
    Ok(())
}
