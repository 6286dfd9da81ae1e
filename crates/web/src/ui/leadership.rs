//! The leadership toolkit's pages: consultations, feedback, commitments and
//! the leadership corner.

pub(crate) mod announcements;
pub(crate) mod commitments;
pub(crate) mod consultations;
pub(crate) mod feedback;
pub(crate) mod leaders;
pub(crate) mod surveys;

use axum::Router;

use crate::AppState;

/// Adds the toolkit's pages.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    let r = consultations::routes(r);
    let r = feedback::routes(r);
    let r = commitments::routes(r);
    let r = announcements::routes(r);
    let r = surveys::routes(r);
    leaders::routes(r)
}
