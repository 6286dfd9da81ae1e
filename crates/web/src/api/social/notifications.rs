//! `/notifications` and `/notifications/read`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use samspill_domain::NotificationId;
use samspill_services::social::notifications;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::extract::{ApiQuery, optional_json};
use crate::api::social::spaces::PageParams;
use crate::api::types::NotificationJson;
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// A page of notifications and the unread count.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NotificationsResponse {
    notifications: Vec<NotificationJson>,
    unread: i64,
    next_cursor: Option<String>,
}

/// Your notifications, newest first.
#[utoipa::path(get, path = "/notifications", tag = "notifications", params(PageParams),
    responses((status = 200, body = NotificationsResponse), (status = 422, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_notifications(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<NotificationsResponse>, ApiError> {
    let (page, unread) =
        notifications::list(&state.ctx, &user.actor(), p.cursor.as_deref(), p.limit).await?;
    Ok(Json(NotificationsResponse {
        notifications: page.items.iter().map(Into::into).collect(),
        unread,
        next_cursor: page.next_cursor,
    }))
}

/// Which to mark read: at most 100 `ids`; absent `ids` marks all.
#[derive(Debug, Deserialize, ToSchema, Default)]
pub(crate) struct ReadRequest {
    ids: Option<Vec<String>>,
}

/// Marks notifications read: the listed ones (at most 100; more is 422 with
/// `fields.ids` and nothing is marked), or all.
#[utoipa::path(post, path = "/notifications/read", tag = "notifications", request_body = ReadRequest,
    responses((status = 204), (status = 422, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn mark_read(
    State(state): State<AppState>,
    user: ApiUser,
    body: axum::body::Bytes,
) -> Result<StatusCode, ApiError> {
    let req: ReadRequest = optional_json(&body)?;
    let ids: Option<Vec<NotificationId>> = req
        .ids
        .map(|ids| ids.iter().map(|i| i.parse()).collect::<Result<Vec<_>, _>>())
        .transpose()
        .map_err(|_| {
            let mut e = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
                "some fields are not valid",
            );
            e.fields.insert("ids".into(), "not notification ids".into());
            e
        })?;
    notifications::mark_read(&state.ctx, &user.actor(), ids.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
