//! `/feed`, `/follows` and `/topics/{topic}/posts`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samspill_services::social::feed::{self, Target};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::extract::{ApiJson, ApiQuery};
use crate::api::social::spaces::{PageParams, PostsResponse, post_list};
use crate::api::types::PostJson;
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// The home feed.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FeedResponse {
    /// Important posts you have not acknowledged (first page only).
    pinned: Vec<PostJson>,
    /// Newest first.
    posts: Vec<PostJson>,
    next_cursor: Option<String>,
}

/// Your home feed: your spaces, the people, topics and spaces you follow.
#[utoipa::path(get, path = "/feed", tag = "feed", params(PageParams),
    responses((status = 200, body = FeedResponse), (status = 422, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_feed(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<FeedResponse>, ApiError> {
    let f = feed::home(&state.ctx, &user.actor(), p.cursor.as_deref(), p.limit).await?;
    let pinned = samspill_services::social::posts::summaries(&state.ctx, &user.actor(), f.pinned)
        .await?
        .iter()
        .map(PostJson::from)
        .collect();
    let rest = post_list(&state, &user, f.posts).await?;
    Ok(Json(FeedResponse {
        pinned,
        posts: rest.posts,
        next_cursor: rest.next_cursor,
    }))
}

/// The posts with a topic.
#[utoipa::path(get, path = "/topics/{topic}/posts", tag = "feed", params(("topic" = String, Path), PageParams),
    responses((status = 200, body = PostsResponse)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn topic_posts(
    State(state): State<AppState>,
    user: ApiUser,
    Path(topic): Path<String>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<PostsResponse>, ApiError> {
    let page = feed::topic_posts(
        &state.ctx,
        &user.actor(),
        &topic,
        p.cursor.as_deref(),
        p.limit,
    )
    .await?;
    Ok(Json(post_list(&state, &user, page).await?))
}

/// One of `person_id`, `topic`, `space_id`.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct FollowRequest {
    person_id: Option<String>,
    topic: Option<String>,
    space_id: Option<String>,
}

fn target(req: FollowRequest) -> Result<Target, ApiError> {
    let bad = |f: &str| {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            "some fields are not valid",
        );
        e.fields.insert(
            f.to_owned(),
            "give exactly one of person_id, topic, space_id".to_owned(),
        );
        e
    };
    match (req.person_id, req.topic, req.space_id) {
        (Some(p), None, None) => Ok(Target::Person(
            p.parse().map_err(|_| ApiError::not_found())?,
        )),
        (None, Some(t), None) => Ok(Target::Topic(t)),
        (None, None, Some(s)) => Ok(Target::Space(s.parse().map_err(|_| ApiError::not_found())?)),
        _ => Err(bad("person_id")),
    }
}

/// Follows a person, topic or space; idempotent.
#[utoipa::path(post, path = "/follows", tag = "feed", request_body = FollowRequest,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn follow(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<FollowRequest>,
) -> Result<StatusCode, ApiError> {
    feed::follow(&state.ctx, &user.actor(), &target(req)?, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stops following; idempotent.
#[utoipa::path(delete, path = "/follows", tag = "feed", request_body = FollowRequest,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn unfollow(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<FollowRequest>,
) -> Result<StatusCode, ApiError> {
    feed::follow(&state.ctx, &user.actor(), &target(req)?, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
