//! Culture's API: the organization's values (`/values`), praise per value
//! and received (`/values/recognition`, `/values/{id}/praise`,
//! `/people/{handle}/praise`), and the code of conduct (`/guidelines/…`,
//! `/spaces/{id}/rules`). Praise itself is written with `POST /posts`.

pub(crate) mod guidelines;
pub(crate) mod values;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// Registers this area's operations.
pub(crate) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    guidelines::routes(values::routes(r))
}
