//! (filled in by the leadership toolkit: consultations)

use crate::{Ctx, Result};

/// Time-driven work: closes consultations to input at their closing time.
///
/// # Errors
/// When the database fails.
#[allow(clippy::unused_async)]
pub async fn tick(_ctx: &Ctx) -> Result<()> {
    Ok(())
}
