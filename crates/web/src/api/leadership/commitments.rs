//! Commitments (`/comments/{id}/commitment`, `/commitments/{id}`) and
//! upvotes on comments (`/comments/{id}/vote`), which rank the questions
//! of an Ask-me-anything thread.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samspill_services::leadership::commitments::{self, CommitmentView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::extract::{ApiJson, parse_id, parse_time};
use crate::api::types::{PersonRefJson, rfc3339};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Registers this area's operations.
pub(crate) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(make_commitment))
        .routes(routes!(commit_in_feedback_answer))
        .routes(routes!(get_commitment))
        .routes(routes!(keep_commitment))
        .routes(routes!(upvote_comment, remove_upvote))
}

/// A commitment.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CommitmentJson {
    id: String,
    leader: PersonRefJson,
    /// The comment it was made in (and its post), or
    comment_id: Option<String>,
    post_id: Option<String>,
    /// the answer to feedback it was made in.
    feedback_response_id: Option<String>,
    /// The promise, in the leader's words.
    summary: String,
    due_at: String,
    /// `open`, `kept` or `missed` (an open one past its due time is missed).
    #[schema(example = "open")]
    state: String,
    /// What was done (kept ones).
    note: Option<String>,
    created_at: String,
    resolved_at: Option<String>,
}

impl From<&CommitmentView> for CommitmentJson {
    fn from(c: &CommitmentView) -> Self {
        Self {
            id: c.id.to_string(),
            leader: PersonRefJson {
                id: c.leader_id.to_string(),
                handle: c.leader_handle.clone(),
                name: c.leader_name.clone(),
            },
            comment_id: c.comment_id.map(|x| x.to_string()),
            post_id: c.post_id.map(|x| x.to_string()),
            feedback_response_id: c.feedback_response_id.map(|x| x.to_string()),
            summary: c.summary.clone(),
            due_at: rfc3339(c.due_at),
            state: c.state.as_str().to_owned(),
            note: c.note.clone(),
            created_at: rfc3339(c.created_at),
            resolved_at: c.resolved_at.map(rfc3339),
        }
    }
}

/// `{"commitment": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CommitmentResponse {
    commitment: CommitmentJson,
}

/// A due date.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CommitRequest {
    /// RFC 3339, in the future, at most 366 days ahead.
    due_at: String,
}

/// Marks one of your own comments as a commitment (leaders).
#[utoipa::path(post, path = "/comments/{id}/commitment", tag = "leadership", params(("id" = String, Path)), request_body = CommitRequest,
    responses((status = 201, body = CommitmentResponse),
        (status = 403, body = ErrorBody, description = "not your comment, or you lead no unit"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already_committed"),
        (status = 422, body = ErrorBody, description = "invalid_input: `fields.due_at` (not RFC 3339, not in the future, more than 366 days ahead)")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn make_commitment(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CommitRequest>,
) -> Result<(StatusCode, Json<CommitmentResponse>), ApiError> {
    let id = parse_id(&id)?;
    let due = parse_time("due_at", &req.due_at)?;
    let c = commitments::commit_in_comment(&state.ctx, &user.actor(), id, due).await?;
    Ok((
        StatusCode::CREATED,
        Json(CommitmentResponse {
            commitment: (&c).into(),
        }),
    ))
}

/// Marks one of your own answers to feedback (a message id from the
/// thread) as a commitment; only you see it.
#[utoipa::path(post, path = "/feedback/responses/{id}/commitment", tag = "leadership", params(("id" = String, Path)), request_body = CommitRequest,
    responses((status = 201, body = CommitmentResponse),
        (status = 404, body = ErrorBody, description = "unknown, or not your answer"),
        (status = 409, body = ErrorBody, description = "already_committed"),
        (status = 422, body = ErrorBody, description = "invalid_input: `fields.due_at` (not RFC 3339, not in the future, more than 366 days ahead)")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn commit_in_feedback_answer(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CommitRequest>,
) -> Result<(StatusCode, Json<CommitmentResponse>), ApiError> {
    let id: uuid::Uuid = parse_id(&id)?;
    let due = parse_time("due_at", &req.due_at)?;
    let c = commitments::commit_in_feedback_answer(&state.ctx, &user.actor(), id, due).await?;
    Ok((
        StatusCode::CREATED,
        Json(CommitmentResponse {
            commitment: (&c).into(),
        }),
    ))
}

/// One commitment you may see.
#[utoipa::path(get, path = "/commitments/{id}", tag = "leadership", params(("id" = String, Path)),
    responses((status = 200, body = CommitmentResponse), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_commitment(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CommitmentResponse>, ApiError> {
    let c = commitments::find(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    Ok(Json(CommitmentResponse {
        commitment: (&c).into(),
    }))
}

/// What was done.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct KeepRequest {
    /// At least a sentence.
    note: String,
}

/// Keeps one of your open commitments, saying what was done.
#[utoipa::path(post, path = "/commitments/{id}/done", tag = "leadership", params(("id" = String, Path)), request_body = KeepRequest,
    responses((status = 200, body = CommitmentResponse),
        (status = 403, body = ErrorBody, description = "not your commitment"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "commitment_kept or commitment_missed"),
        (status = 422, body = ErrorBody, description = "invalid_input: `fields.note` (under a sentence, over 2,000 characters)")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn keep_commitment(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<KeepRequest>,
) -> Result<Json<CommitmentResponse>, ApiError> {
    let c = commitments::keep(&state.ctx, &user.actor(), parse_id(&id)?, &req.note).await?;
    Ok(Json(CommitmentResponse {
        commitment: (&c).into(),
    }))
}

/// A comment's upvotes.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UpvotesResponse {
    upvotes: i64,
    /// Whether yours is among them.
    upvoted: bool,
}

/// Upvotes a comment (the questions of an Ask-me-anything thread are ranked
/// by upvotes); idempotent.
#[utoipa::path(put, path = "/comments/{id}/vote", tag = "leadership", params(("id" = String, Path)),
    responses((status = 200, body = UpvotesResponse), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "own_comment")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn upvote_comment(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<UpvotesResponse>, ApiError> {
    let (upvotes, upvoted) =
        commitments::upvote(&state.ctx, &user.actor(), parse_id(&id)?, true).await?;
    Ok(Json(UpvotesResponse { upvotes, upvoted }))
}

/// Takes your upvote back; idempotent.
#[utoipa::path(delete, path = "/comments/{id}/vote", tag = "leadership", params(("id" = String, Path)),
    responses((status = 200, body = UpvotesResponse), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "own_comment")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn remove_upvote(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<UpvotesResponse>, ApiError> {
    let (upvotes, upvoted) =
        commitments::upvote(&state.ctx, &user.actor(), parse_id(&id)?, false).await?;
    Ok(Json(UpvotesResponse { upvotes, upvoted }))
}
