//! `GET/PATCH /me`. One's tokens are in [`super::tokens`].

use axum::Json;
use axum::extract::State;
use samspill_services::org::people::{self, SettingsInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::extract::ApiJson;
use crate::api::types::PersonJson;
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// `{"person": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PersonResponse {
    /// The person.
    person: PersonJson,
}

/// The signed-in person.
#[utoipa::path(get, path = "/me", tag = "people",
    responses((status = 200, body = PersonResponse), (status = 401, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_me(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<PersonResponse>, ApiError> {
    let me = people::me(&state.ctx, &user.actor()).await?;
    Ok(Json(PersonResponse {
        person: (&me).into(),
    }))
}

/// One's own settings; absent fields keep their value.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct UpdateMeRequest {
    /// Display name.
    name: Option<String>,
    /// Title.
    title: Option<String>,
    /// `office`, `remote` or `client_site`.
    work_mode: Option<String>,
    /// `en`, `nb`, or `""` to follow the browser.
    locale: Option<String>,
    /// IANA time zone.
    time_zone: Option<String>,
}

/// Updates one's own name, title, work mode, locale and time zone.
#[utoipa::path(patch, path = "/me", tag = "people", request_body = UpdateMeRequest,
    responses((status = 200, body = PersonResponse), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn update_me(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<UpdateMeRequest>,
) -> Result<Json<PersonResponse>, ApiError> {
    let p = &user.person;
    let input = SettingsInput {
        name: req.name.unwrap_or_else(|| p.name.clone()),
        title: req.title.unwrap_or_else(|| p.title.clone()),
        work_mode: req
            .work_mode
            .unwrap_or_else(|| p.work_mode.as_str().to_owned()),
        locale: req
            .locale
            .unwrap_or_else(|| p.locale.map(|l| l.as_str().to_owned()).unwrap_or_default()),
        time_zone: req.time_zone.unwrap_or_else(|| p.time_zone.clone()),
    };
    people::update_settings(&state.ctx, &user.actor(), &input).await?;
    let me = people::me(&state.ctx, &user.actor()).await?;
    Ok(Json(PersonResponse {
        person: (&me).into(),
    }))
}
