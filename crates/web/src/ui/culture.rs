//! Culture's pages: the values page (`/values`) with recognition per value
//! by month and recent praise, the administrators' values page
//! (`/admin/values`), the praise form (`/praise/new`, and the composer's
//! praise fields), the code of conduct (`/guidelines`, accepting it,
//! `/admin/guidelines` to publish a new version) and a space's own rules
//! (`/spaces/{id}/rules`).

mod chart;
pub(crate) mod guidelines;
pub(crate) mod praise;
pub(crate) mod values;

use axum::Router;

use crate::AppState;

/// Adds this area's pages.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    guidelines::routes(praise::routes(values::routes(r)))
}
