//! (filled in by the leadership toolkit: commitments)

use crate::{Ctx, Result};

/// Time-driven work: announces commitments coming due.
///
/// # Errors
/// When the database fails.
#[allow(clippy::unused_async)]
pub async fn tick(_ctx: &Ctx) -> Result<()> {
    Ok(())
}
