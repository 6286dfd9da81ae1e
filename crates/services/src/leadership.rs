//! The leadership toolkit: consultations with an involvement scope,
//! feedback to leaders (anonymous by construction), commitments, and the
//! leadership corner.

pub mod announcements;
pub mod commitments;
pub mod consultations;
pub mod feedback;
pub mod leaders;
pub mod surveys;

use crate::{Ctx, Result};

/// The toolkit's time-driven work, run once a minute by every app server
/// (each step is idempotent and decides inside its own transaction):
/// consultations close to input at their closing time, due anonymous
/// feedback batches are delivered, surveys open and close at their times,
/// commitments coming due are announced.
///
/// # Errors
/// The first step that fails; the next run tries again.
pub async fn tick(ctx: &Ctx) -> Result<()> {
    consultations::tick(ctx).await?;
    feedback::tick(ctx).await?;
    surveys::tick(ctx).await?;
    commitments::tick(ctx).await
}
