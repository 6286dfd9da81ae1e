//! (filled in by the leadership toolkit: feedback)

use crate::{Ctx, Result};

/// Time-driven work: delivers anonymous feedback batches that are due.
///
/// # Errors
/// When the database fails.
#[expect(clippy::unused_async, reason = "a stub until this area has timed work")]
pub async fn tick(_ctx: &Ctx) -> Result<()> {
    Ok(())
}
