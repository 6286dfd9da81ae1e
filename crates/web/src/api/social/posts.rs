//! `/posts`: write, read (records your first view), edit, delete, comment,
//! react, vote, accept an answer, acknowledge.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samspill_domain::{CommentId, PostId, Reaction};
use samspill_services::social::comments;
use samspill_services::social::posts::{self, PostInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::extract::{ApiJson, parse_id};
use crate::api::types::{CommentJson, PostJson};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// `{"post": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PostResponse {
    post: PostJson,
}

/// A post to write.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CreatePostRequest {
    space_id: String,
    /// The kind of post; parsed by the service, so an unknown kind is
    /// reported with the other invalid fields.
    #[schema(value_type = crate::api::schema::PostKindSchema)]
    kind: String,
    #[serde(default)]
    title: String,
    /// Markdown with @mentions and #topics.
    body: String,
    /// 2–10 options, for polls.
    #[serde(default)]
    options: Vec<String>,
    /// Pin until acknowledged (moderators of the space).
    #[serde(default)]
    important: bool,
    /// A vision or announcement addressed to these units (sub-units
    /// included): leaders address the units they lead and those below,
    /// administrators any. It goes in the org space or a unit's space.
    #[serde(default)]
    audience_unit_ids: Vec<String>,
    /// Addressed: pinned for each audience member until they acknowledge it.
    #[serde(default)]
    requires_ack: bool,
    /// Addressed: the original vision or announcement this follows up ("what
    /// this means for our team"); its units must be in the original's audience.
    #[serde(default)]
    cascade_of: Option<String>,
    /// Praise: the people praised (1–20 person ids, not yourself alone).
    #[serde(default)]
    recipient_ids: Vec<String>,
    /// Praise: the id of an active value (`GET /values`).
    #[serde(default)]
    value_id: Option<String>,
}

/// Writes a post. A `praise` post names `recipient_ids` and a `value_id`;
/// the recipients are notified.
#[utoipa::path(post, path = "/posts", tag = "posts", request_body = CreatePostRequest,
    responses((status = 201, body = PostResponse),
        (status = 403, body = ErrorBody, description = "`forbidden`, or `guidelines_not_accepted`: accept the current guidelines first (`POST /guidelines/accept`, or `/guidelines` in the web UI)"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn create_post(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<CreatePostRequest>,
) -> Result<(StatusCode, Json<PostResponse>), ApiError> {
    let input = PostInput {
        space_id: req
            .space_id
            .parse()
            .map_err(|_| invalid("space_id", "not a space id"))?,
        kind: req.kind,
        title: req.title,
        body: req.body,
        options: req.options,
        important: req.important,
        audience_unit_ids: req
            .audience_unit_ids
            .iter()
            .map(|u| u.parse())
            .collect::<Result<_, _>>()
            .map_err(|_| invalid("audience_unit_ids", "not a unit id"))?,
        requires_ack: req.requires_ack,
        cascade_of: req
            .cascade_of
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|_| invalid("cascade_of", "not a post id"))?,
        recipient_ids: req
            .recipient_ids
            .iter()
            .map(|id| id.parse())
            .collect::<Result<_, _>>()
            .map_err(|_| invalid("recipient_ids", "not a list of person ids"))?,
        value_id: req
            .value_id
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|_| invalid("value_id", "not a value id"))?,
    };
    // The detail comes from the use case itself: nothing is read back.
    let detail = posts::create_post_detail(&state.ctx, &user.actor(), &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(PostResponse {
            post: (&detail).into(),
        }),
    ))
}

fn invalid(field: &str, why: &str) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        "some fields are not valid",
    );
    e.fields.insert(field.to_owned(), why.to_owned());
    e
}

/// Reads a post and records your first view of it.
#[utoipa::path(get, path = "/posts/{id}", tag = "posts", params(("id" = String, Path)),
    responses((status = 200, body = PostResponse), (status = 404, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_post(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<PostResponse>, ApiError> {
    let d = posts::get_post(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    Ok(Json(PostResponse { post: (&d).into() }))
}

/// An edit.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct UpdatePostRequest {
    title: Option<String>,
    body: Option<String>,
}

/// Edits your post; the previous version is kept.
#[utoipa::path(patch, path = "/posts/{id}", tag = "posts", params(("id" = String, Path)), request_body = UpdatePostRequest,
    responses((status = 200, body = PostResponse), (status = 403, body = ErrorBody, description = "`forbidden`, or `guidelines_not_accepted`"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn update_post(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<UpdatePostRequest>,
) -> Result<Json<PostResponse>, ApiError> {
    let actor = user.actor();
    let post = posts::edit_post(
        &state.ctx,
        &actor,
        parse_id(&id)?,
        req.title.as_deref(),
        req.body.as_deref(),
    )
    .await?;
    let d = posts::detail(&state.ctx, &actor, post).await?;
    Ok(Json(PostResponse { post: (&d).into() }))
}

/// Deletes a post: its author, a moderator of its space, or an admin.
#[utoipa::path(delete, path = "/posts/{id}", tag = "posts", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn delete_post(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    posts::delete_post(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `{"comments": [...]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CommentsResponse {
    comments: Vec<CommentJson>,
}

/// The thread, oldest first.
#[utoipa::path(get, path = "/posts/{id}/comments", tag = "posts", params(("id" = String, Path)),
    responses((status = 200, body = CommentsResponse), (status = 404, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_comments(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CommentsResponse>, ApiError> {
    let (actor, id) = (user.actor(), parse_id(&id)?);
    let list = comments::list_comments(&state.ctx, &actor, id).await?;
    let votes =
        samspill_services::leadership::commitments::post_upvotes(&state.ctx, &actor, id).await?;
    Ok(Json(CommentsResponse {
        comments: list
            .iter()
            .map(|c| {
                let mut json = CommentJson::from(c);
                if let Some((_, n, mine)) = votes.iter().find(|v| v.0 == c.id) {
                    (json.upvotes, json.upvoted) = (*n, *mine);
                }
                json
            })
            .collect(),
    }))
}

/// A comment to write.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CreateCommentRequest {
    body: String,
    parent_id: Option<String>,
}

/// `{"comment": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CommentResponse {
    comment: CommentJson,
}

/// Comments on a post.
#[utoipa::path(post, path = "/posts/{id}/comments", tag = "posts", params(("id" = String, Path)), request_body = CreateCommentRequest,
    responses((status = 201, body = CommentResponse), (status = 403, body = ErrorBody, description = "`forbidden`, or `guidelines_not_accepted`"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn create_comment(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CreateCommentRequest>,
) -> Result<(StatusCode, Json<CommentResponse>), ApiError> {
    let parent = req
        .parent_id
        .map(|p| {
            p.parse::<CommentId>()
                .map_err(|_| invalid("parent_id", "not a comment id"))
        })
        .transpose()?;
    let c =
        comments::add_comment(&state.ctx, &user.actor(), parse_id(&id)?, &req.body, parent).await?;
    Ok((
        StatusCode::CREATED,
        Json(CommentResponse {
            comment: (&c).into(),
        }),
    ))
}

/// Reacts; idempotent.
#[utoipa::path(put, path = "/posts/{id}/reactions/{kind}", tag = "posts", params(("id" = String, Path), ("kind" = crate::api::schema::ReactionSchema, Path)),
    responses((status = 200, body = PostResponse), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn put_reaction(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, kind)): Path<(String, String)>,
) -> Result<Json<PostResponse>, ApiError> {
    let id = parse_id(&id)?;
    let kind = Reaction::parse(&kind).map_err(samspill_services::Error::from)?;
    let d = posts::react(&state.ctx, &user.actor(), id, kind, true).await?;
    Ok(Json(PostResponse { post: (&d).into() }))
}

/// Takes a reaction back; idempotent.
#[utoipa::path(delete, path = "/posts/{id}/reactions/{kind}", tag = "posts", params(("id" = String, Path), ("kind" = crate::api::schema::ReactionSchema, Path)),
    responses((status = 200, body = PostResponse), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn delete_reaction(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, kind)): Path<(String, String)>,
) -> Result<Json<PostResponse>, ApiError> {
    let id = parse_id(&id)?;
    let kind = Reaction::parse(&kind).map_err(samspill_services::Error::from)?;
    let d = posts::react(&state.ctx, &user.actor(), id, kind, false).await?;
    Ok(Json(PostResponse { post: (&d).into() }))
}

/// A vote.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct VoteRequest {
    /// The option's index.
    option: i64,
}

/// Votes on a poll, or changes your vote.
#[utoipa::path(put, path = "/posts/{id}/vote", tag = "posts", params(("id" = String, Path)), request_body = VoteRequest,
    responses((status = 200, body = PostResponse), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn vote(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<VoteRequest>,
) -> Result<Json<PostResponse>, ApiError> {
    let d = posts::vote(&state.ctx, &user.actor(), parse_id(&id)?, req.option).await?;
    Ok(Json(PostResponse { post: (&d).into() }))
}

/// An answer to accept.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct AcceptRequest {
    comment_id: String,
}

/// Accepts an answer on a question (the asker or a moderator).
#[utoipa::path(post, path = "/posts/{id}/accept", tag = "posts", params(("id" = String, Path)), request_body = AcceptRequest,
    responses((status = 200, body = PostResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, description = "invalid_input: comment_id is not a comment id", body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn accept(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<AcceptRequest>,
) -> Result<Json<PostResponse>, ApiError> {
    let comment: CommentId = req
        .comment_id
        .parse()
        .map_err(|_| invalid("comment_id", "not a comment id"))?;
    let d =
        posts::accept_answer(&state.ctx, &user.actor(), parse_id::<PostId>(&id)?, comment).await?;
    Ok(Json(PostResponse { post: (&d).into() }))
}

/// "I have read this".
#[utoipa::path(post, path = "/posts/{id}/ack", tag = "posts", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn ack(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    posts::acknowledge(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
