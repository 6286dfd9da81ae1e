//! (filled in by the leadership toolkit: commitments)

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// Registers this area's operations.
pub(crate) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r
}
