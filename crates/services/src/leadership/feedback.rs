//! (filled in by the leadership toolkit: feedback)

use crate::{Ctx, Result};

/// Time-driven work: delivers anonymous feedback batches that are due.
///
/// # Errors
/// When the database fails.
#[allow(clippy::unused_async)]
pub async fn tick(_ctx: &Ctx) -> Result<()> {
    Ok(())
}
