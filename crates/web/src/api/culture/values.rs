//! `/values`: the organization's values (everyone reads; administrators
//! create, edit and archive), recognition per value by month, and praise
//! of a value or to a person.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samspill_domain::culture::ValueIcon;
use samspill_services::culture::praise;
use samspill_services::culture::values::{self, ValueInput, ValuePatch, ValueView};
use samspill_services::org::people;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::extract::{ApiJson, ApiQuery, parse_id};
use crate::api::types::PostJson;
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Registers this area's operations.
pub(crate) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(list_values, create_value))
        .routes(routes!(update_value))
        .routes(routes!(recognition))
        .routes(routes!(value_praise))
        .routes(routes!(praise_received))
}

/// One of the organization's values.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ValueJson {
    id: String,
    name: String,
    description: String,
    #[schema(value_type = crate::api::schema::ValueIconSchema)]
    icon: ValueIcon,
    /// Order on pages, smallest first.
    position: i64,
    /// Archived values take no new praise; their praise stays.
    archived: bool,
}

impl From<&ValueView> for ValueJson {
    fn from(v: &ValueView) -> Self {
        Self {
            id: v.id.to_string(),
            name: v.name.clone(),
            description: v.description.clone(),
            icon: v.icon,
            position: v.position,
            archived: v.archived_at.is_some(),
        }
    }
}

/// `{"values": [...]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ValuesResponse {
    values: Vec<ValueJson>,
}

/// `{"value": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ValueResponse {
    value: ValueJson,
}

/// Which values to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListValuesParams {
    /// Archived ones too (default false).
    #[serde(default)]
    include_archived: bool,
}

/// The organization's values, by position.
#[utoipa::path(get, path = "/values", tag = "culture", params(ListValuesParams),
    responses((status = 200, body = ValuesResponse)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_values(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<ListValuesParams>,
) -> Result<Json<ValuesResponse>, ApiError> {
    let list = values::list_values(&state.ctx, &user.actor(), p.include_archived).await?;
    Ok(Json(ValuesResponse {
        values: list.iter().map(Into::into).collect(),
    }))
}

/// A new value.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CreateValueRequest {
    /// 1–60 characters, unique (case aside).
    name: String,
    /// At most 500 characters.
    #[serde(default)]
    description: String,
    #[schema(value_type = crate::api::schema::ValueIconSchema)]
    icon: String,
}

/// Adds a value (administrators).
#[utoipa::path(post, path = "/values", tag = "culture", request_body = CreateValueRequest,
    responses((status = 201, body = ValueResponse), (status = 403, body = ErrorBody, description = "not an administrator"),
        (status = 422, body = ErrorBody, description = "`fields.name` (missing, too long, taken), `fields.description`, `fields.icon`")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn create_value(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<CreateValueRequest>,
) -> Result<(StatusCode, Json<ValueResponse>), ApiError> {
    let v = values::create_value(
        &state.ctx,
        &user.actor(),
        &ValueInput {
            name: req.name,
            description: req.description,
            icon: req.icon,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(ValueResponse { value: (&v).into() }),
    ))
}

/// A change to a value; absent fields are kept.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct UpdateValueRequest {
    name: Option<String>,
    description: Option<String>,
    #[schema(value_type = Option<crate::api::schema::ValueIconSchema>)]
    icon: Option<String>,
    /// `true` archives (no new praise), `false` brings it back.
    archived: Option<bool>,
}

/// Edits, archives or brings back a value (administrators). Values are
/// never deleted: praise points to them.
#[utoipa::path(patch, path = "/values/{id}", tag = "culture", params(("id" = String, Path)), request_body = UpdateValueRequest,
    responses((status = 200, body = ValueResponse), (status = 403, body = ErrorBody, description = "not an administrator"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn update_value(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<UpdateValueRequest>,
) -> Result<Json<ValueResponse>, ApiError> {
    let v = values::update_value(
        &state.ctx,
        &user.actor(),
        parse_id(&id)?,
        &ValuePatch {
            name: req.name,
            description: req.description,
            icon: req.icon,
            archived: req.archived,
        },
    )
    .await?;
    Ok(Json(ValueResponse { value: (&v).into() }))
}

/// The recognition window.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct RecognitionParams {
    /// 1–24 months, this one included (default 12).
    months: Option<u32>,
}

/// Praise of one value per month.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ValueRecognitionJson {
    value: ValueJson,
    /// One count per month of `months`.
    counts: Vec<i64>,
    total: i64,
}

/// Recognition per value over time.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RecognitionResponse {
    /// `YYYY-MM` (UTC), oldest first.
    months: Vec<String>,
    values: Vec<ValueRecognitionJson>,
    /// Recent praise, newest first.
    recent: Vec<PostJson>,
}

/// Praise per value and month that you may read (only praise in spaces
/// you may read is counted), and recent praise.
#[utoipa::path(get, path = "/values/recognition", tag = "culture", params(RecognitionParams),
    responses((status = 200, body = RecognitionResponse), (status = 422, body = ErrorBody, description = "`fields.months` outside 1–24")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn recognition(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<RecognitionParams>,
) -> Result<Json<RecognitionResponse>, ApiError> {
    let page = praise::values_page(&state.ctx, &user.actor(), p.months.unwrap_or(12)).await?;
    Ok(Json(RecognitionResponse {
        months: page.months,
        values: page
            .values
            .iter()
            .map(|v| ValueRecognitionJson {
                value: (&v.value).into(),
                counts: v.per_month.clone(),
                total: v.total,
            })
            .collect(),
        recent: page.recent.iter().map(Into::into).collect(),
    }))
}

/// `{"posts": [...]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PraiseResponse {
    posts: Vec<PostJson>,
}

/// Recent praise of one value that you may read, newest first (at most 50).
#[utoipa::path(get, path = "/values/{id}/praise", tag = "culture", params(("id" = String, Path)),
    responses((status = 200, body = PraiseResponse), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn value_praise(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<PraiseResponse>, ApiError> {
    let list = praise::praise_of_value(&state.ctx, &user.actor(), parse_id(&id)?, 50).await?;
    Ok(Json(PraiseResponse {
        posts: list.iter().map(Into::into).collect(),
    }))
}

/// The praise a person received that you may read, newest first (at most 50).
#[utoipa::path(get, path = "/people/{handle}/praise", tag = "culture", params(("handle" = String, Path)),
    responses((status = 200, body = PraiseResponse), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn praise_received(
    State(state): State<AppState>,
    user: ApiUser,
    Path(handle): Path<String>,
) -> Result<Json<PraiseResponse>, ApiError> {
    let actor = user.actor();
    let person = people::profile(&state.ctx, &actor, &handle).await?;
    let list = praise::praise_received(&state.ctx, &actor, person.person.id, 50).await?;
    Ok(Json(PraiseResponse {
        posts: list.iter().map(Into::into).collect(),
    }))
}
