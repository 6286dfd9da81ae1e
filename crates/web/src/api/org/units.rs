//! `GET /units` (the tree) and `GET /units/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use samspill_domain::UnitId;
use samspill_services::org::units;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::extract::ApiQuery;
use crate::api::types::{PersonSummaryJson, UnitJson};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// The whole tree.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnitsResponse {
    /// Every unit, parents before children.
    units: Vec<UnitJson>,
}

/// The organization tree.
#[utoipa::path(get, path = "/units", tag = "organization",
    responses((status = 200, body = UnitsResponse), (status = 401, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_units(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<UnitsResponse>, ApiError> {
    let units = units::list_units(&state.ctx, &user.actor()).await?;
    Ok(Json(UnitsResponse {
        units: units.iter().map(Into::into).collect(),
    }))
}

/// Paging of the members.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageParams {
    /// From a previous `next_cursor`.
    cursor: Option<String>,
    /// 1–100, default 20.
    limit: Option<i64>,
}

/// One unit with its leaders, a page of members, children and ancestors.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnitResponse {
    /// The unit.
    unit: UnitJson,
    /// Its leaders.
    leaders: Vec<PersonSummaryJson>,
    /// A page of its direct members, by name.
    members: Vec<PersonSummaryJson>,
    /// Its direct children.
    children: Vec<UnitJson>,
    /// Its ancestors, root first.
    ancestors: Vec<UnitJson>,
    /// Cursor of the next page of members.
    next_cursor: Option<String>,
}

/// One unit.
#[utoipa::path(get, path = "/units/{id}", tag = "organization", params(("id" = String, Path), PageParams),
    responses((status = 200, body = UnitResponse), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_unit(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<UnitResponse>, ApiError> {
    let id: UnitId = id.parse().map_err(|_| ApiError::not_found())?;
    let d = units::unit_detail(
        &state.ctx,
        &user.actor(),
        id,
        page.cursor.as_deref(),
        page.limit,
    )
    .await?;
    Ok(Json(UnitResponse {
        unit: (&d.unit).into(),
        leaders: d.leaders.iter().map(Into::into).collect(),
        members: d.members.items.iter().map(Into::into).collect(),
        children: d.children.iter().map(Into::into).collect(),
        ancestors: d.ancestors.iter().map(Into::into).collect(),
        next_cursor: d.members.next_cursor,
    }))
}
