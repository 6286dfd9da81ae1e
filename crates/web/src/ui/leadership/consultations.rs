//! (filled in by the leadership toolkit: consultations)

use axum::Router;

use crate::AppState;

/// Adds this area's pages.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    r
}
