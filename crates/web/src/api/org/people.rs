//! `GET /people` (the directory) and `GET /people/{handle}` (a profile).

use axum::Json;
use axum::extract::{Path, State};
use samspill_domain::UnitId;
use samspill_services::org::people;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::extract::ApiQuery;
use crate::api::types::{PersonJson, PersonSummaryJson};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Directory search.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PeopleParams {
    /// Words to find in name, handle, title or unit (all must occur).
    q: Option<String>,
    /// Only members of this unit.
    unit_id: Option<String>,
    /// From a previous `next_cursor`.
    cursor: Option<String>,
    /// 1–100, default 20.
    limit: Option<i64>,
}

/// A page of people, by name.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PeopleResponse {
    /// The people.
    people: Vec<PersonSummaryJson>,
    /// Cursor of the next page.
    next_cursor: Option<String>,
}

/// The people directory.
#[utoipa::path(get, path = "/people", tag = "people", params(PeopleParams),
    responses((status = 200, body = PeopleResponse), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_people(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<PeopleParams>,
) -> Result<Json<PeopleResponse>, ApiError> {
    let unit = match p.unit_id.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => Some(u.parse::<UnitId>().map_err(|_| {
            let mut e = ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
                "some fields are not valid",
            );
            e.fields.insert("unit_id".into(), "not a unit id".into());
            e
        })?),
        None => None,
    };
    let page = people::directory(
        &state.ctx,
        &user.actor(),
        p.q.as_deref(),
        unit,
        p.cursor.as_deref(),
        p.limit,
    )
    .await?;
    Ok(Json(PeopleResponse {
        people: page.items.iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// `{"person": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ProfileResponse {
    /// The person.
    person: PersonJson,
}

/// A profile by handle.
#[utoipa::path(get, path = "/people/{handle}", tag = "people", params(("handle" = String, Path)),
    responses((status = 200, body = ProfileResponse), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_person(
    State(state): State<AppState>,
    user: ApiUser,
    Path(handle): Path<String>,
) -> Result<Json<ProfileResponse>, ApiError> {
    let profile = people::profile(&state.ctx, &user.actor(), &handle).await?;
    Ok(Json(ProfileResponse {
        person: (&profile).into(),
    }))
}
