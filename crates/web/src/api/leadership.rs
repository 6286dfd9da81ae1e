//! The leadership toolkit's API: consultations, feedback, commitments and
//! the leadership corner.

pub(crate) mod announcements;
pub(crate) mod commitments;
pub(crate) mod consultations;
pub(crate) mod feedback;
pub(crate) mod leaders;
pub(crate) mod surveys;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// Registers the toolkit's operations.
pub(crate) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    let r = consultations::routes(r);
    let r = feedback::routes(r);
    let r = commitments::routes(r);
    let r = announcements::routes(r);
    let r = surveys::routes(r);
    leaders::routes(r)
}
