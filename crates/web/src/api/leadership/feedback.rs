//! `/feedback`: feedback to leaders. Write (attributed or anonymous), the
//! leader's inbox, one item's thread, answers with a status, what I sent,
//! and the anonymous writer's thread by `X-Reply-Token`.
//!
//! The token routes read no session even when a cookie is sent, so a
//! request with a token never links a session to an item; a wrong token is
//! 404, a missing one 400.

use std::borrow::Cow;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use samspill_domain::{FeedbackCategory, FeedbackStatus};
use samspill_services::leadership::feedback::{
    self, FeedbackItem, FeedbackMessage, NewFeedback, Sent, Thread,
};
use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::extract::{ApiJson, parse_id};
use crate::api::types::rfc3339;
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// The header that carries an anonymous writer's reply token.
pub(crate) const REPLY_TOKEN_HEADER: &str = "x-reply-token";

/// Registers this area's operations.
pub(crate) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(send_feedback))
        .routes(routes!(get_inbox))
        .routes(routes!(list_sent))
        .routes(routes!(get_thread, reply_in_thread))
        .routes(routes!(get_feedback))
        .routes(routes!(respond))
}

macro_rules! names_schema {
    ($ty:ident, $name:literal, $description:literal, $all:expr) => {
        /// The closed set, by name.
        pub(crate) struct $ty;

        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some($all))
                    .description(Some($description))
                    .into()
            }
        }

        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

names_schema!(
    CategorySchema,
    "FeedbackCategory",
    "What feedback is about.",
    FeedbackCategory::ALL.map(FeedbackCategory::as_str)
);
names_schema!(
    StatusSchema,
    "FeedbackStatus",
    "Where a feedback item stands; `new` until a leader answers.",
    FeedbackStatus::ALL.map(FeedbackStatus::as_str)
);

/// A feedback item.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FeedbackJson {
    id: String,
    /// The leader addressed, or
    to_person_id: Option<String>,
    to_person_name: Option<String>,
    /// the unit addressed.
    to_unit_id: Option<String>,
    to_unit_name: Option<String>,
    #[schema(value_type = CategorySchema)]
    category: String,
    body: String,
    anonymous: bool,
    /// The writer of attributed feedback; never set for anonymous feedback.
    author_id: Option<String>,
    author_name: Option<String>,
    #[schema(value_type = StatusSchema)]
    status: String,
    /// When it reached the inbox (RFC 3339): for anonymous feedback its
    /// batch's time; `null` while waiting for the next delivery.
    delivered_at: Option<String>,
}

impl From<&FeedbackItem> for FeedbackJson {
    fn from(i: &FeedbackItem) -> Self {
        Self {
            id: i.id.to_string(),
            to_person_id: i.to_person_id.map(|p| p.to_string()),
            to_person_name: i.to_person_name.clone(),
            to_unit_id: i.to_unit_id.map(|u| u.to_string()),
            to_unit_name: i.to_unit_name.clone(),
            category: i.category.as_str().to_owned(),
            body: i.body.clone(),
            anonymous: i.anonymous,
            author_id: i.author_id.map(|p| p.to_string()),
            author_name: i.author_name.clone(),
            status: i.status.as_str().to_owned(),
            delivered_at: i.delivered_at.map(rfc3339),
        }
    }
}

/// A message of a thread: a leader's answer or the writer's reply.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FeedbackMessageJson {
    id: String,
    /// The leader who answered; `null` for the writer.
    author_id: Option<String>,
    author_name: Option<String>,
    from_writer: bool,
    body: String,
    /// The status a leader's answer set.
    #[schema(value_type = Option<StatusSchema>)]
    status: Option<String>,
    /// RFC 3339; the anonymous writer's replies carry only the day.
    created_at: String,
}

impl From<&FeedbackMessage> for FeedbackMessageJson {
    fn from(m: &FeedbackMessage) -> Self {
        Self {
            id: m.id.to_string(),
            author_id: m.author_id.map(|p| p.to_string()),
            author_name: m.author_name.clone(),
            from_writer: m.from_writer,
            body: m.body.clone(),
            status: m.status.map(|s| s.as_str().to_owned()),
            created_at: rfc3339(m.created_at),
        }
    }
}

/// An item with its thread.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ThreadJson {
    feedback: FeedbackJson,
    messages: Vec<FeedbackMessageJson>,
}

impl From<&Thread> for ThreadJson {
    fn from(t: &Thread) -> Self {
        Self {
            feedback: (&t.item).into(),
            messages: t.messages.iter().map(Into::into).collect(),
        }
    }
}

/// Feedback to write: exactly one of `to_person_id` (someone who leads a
/// unit) and `to_unit_id`.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CreateFeedbackRequest {
    to_person_id: Option<String>,
    to_unit_id: Option<String>,
    #[schema(value_type = CategorySchema)]
    category: String,
    body: String,
    #[serde(default)]
    anonymous: bool,
}

/// Attributed: `{"feedback": …}`. Anonymous: `{"reply_token": …}`, shown
/// once; it cannot be recovered.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CreateFeedbackResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback: Option<FeedbackJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_token: Option<String>,
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

fn parse_opt<T: std::str::FromStr>(field: &str, raw: Option<&str>) -> Result<Option<T>, ApiError> {
    raw.map(|s| s.parse().map_err(|_| invalid(field, "not an id")))
        .transpose()
}

/// Sends feedback to a leader or to a unit's leaders. Anonymous feedback
/// stores nothing that links it to you; keep the reply token.
#[utoipa::path(post, path = "/feedback", tag = "feedback", request_body = CreateFeedbackRequest,
    responses((status = 201, body = CreateFeedbackResponse), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn send_feedback(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<CreateFeedbackRequest>,
) -> Result<(StatusCode, Json<CreateFeedbackResponse>), ApiError> {
    let input = NewFeedback {
        to_person_id: parse_opt("to_person_id", req.to_person_id.as_deref())?,
        to_unit_id: parse_opt("to_unit_id", req.to_unit_id.as_deref())?,
        category: req.category,
        body: req.body,
        anonymous: req.anonymous,
    };
    let actor = user.actor();
    let out = match feedback::send(&state.ctx, &actor, &input).await? {
        Sent::Attributed(id) => {
            let thread = feedback::get(&state.ctx, &actor, id).await?;
            CreateFeedbackResponse {
                feedback: Some((&thread.item).into()),
                reply_token: None,
            }
        }
        Sent::Anonymous { reply_token } => CreateFeedbackResponse {
            feedback: None,
            reply_token: Some(reply_token),
        },
    };
    Ok((StatusCode::CREATED, Json(out)))
}

/// `{"feedback": [...]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct InboxResponse {
    feedback: Vec<FeedbackJson>,
}

/// Your inbox as a leader: delivered items to you or to a unit you lead,
/// newest delivery first. Anonymous items arrive in batches. 404 for
/// someone who leads no unit.
#[utoipa::path(get, path = "/feedback/inbox", tag = "feedback",
    responses((status = 200, body = InboxResponse), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_inbox(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<InboxResponse>, ApiError> {
    let items = feedback::inbox(&state.ctx, &user.actor()).await?;
    Ok(Json(InboxResponse {
        feedback: items.iter().map(Into::into).collect(),
    }))
}

/// `{"feedback": [{"feedback", "messages"}]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SentResponse {
    feedback: Vec<ThreadJson>,
}

/// The attributed feedback you sent, with statuses and answers (anonymous
/// feedback is read with its reply token only).
#[utoipa::path(get, path = "/feedback/sent", tag = "feedback",
    responses((status = 200, body = SentResponse)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_sent(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<SentResponse>, ApiError> {
    let list = feedback::sent(&state.ctx, &user.actor()).await?;
    Ok(Json(SentResponse {
        feedback: list.iter().map(Into::into).collect(),
    }))
}

/// One item and its thread, for its addressed leaders and the writer of
/// attributed feedback; 404 for anyone else.
#[utoipa::path(get, path = "/feedback/{id}", tag = "feedback", params(("id" = String, Path)),
    responses((status = 200, body = ThreadJson), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_feedback(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ThreadJson>, ApiError> {
    let thread = feedback::get(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    Ok(Json((&thread).into()))
}

/// A leader's answer.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct RespondRequest {
    /// The explanation: at least a sentence (20 characters), for every status.
    body: String,
    #[schema(value_type = StatusSchema)]
    status: String,
}

/// `{"response": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RespondResponse {
    response: FeedbackMessageJson,
}

/// Answers an item and sets its status (`acknowledged`, `in_progress`,
/// `done`, `wont_do`). A refused change of status is 409 with the reason
/// (`status_unchanged`, `status_back_to_new`, `status_back_to_acknowledged`,
/// `status_closed`).
#[utoipa::path(post, path = "/feedback/{id}/responses", tag = "feedback", params(("id" = String, Path)),
    request_body = RespondRequest,
    responses((status = 201, body = RespondResponse), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn respond(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<RespondRequest>,
) -> Result<(StatusCode, Json<RespondResponse>), ApiError> {
    let m = feedback::respond(
        &state.ctx,
        &user.actor(),
        parse_id(&id)?,
        &req.body,
        &req.status,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(RespondResponse {
            response: (&m).into(),
        }),
    ))
}

fn reply_token(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get(REPLY_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::bad_request("the X-Reply-Token header is missing".to_owned()))
}

/// The anonymous writer's thread, by the reply token in `X-Reply-Token`:
/// the item, "delivered on …" (`delivered_at`) or waiting (`null`), and
/// the messages. No session is needed or read. 400 without the header,
/// 404 for a wrong token.
#[utoipa::path(get, path = "/feedback/thread", tag = "feedback",
    params(("X-Reply-Token" = String, Header, description = "the reply token shown once")),
    responses((status = 200, body = ThreadJson), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_thread(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ThreadJson>, ApiError> {
    let thread = feedback::thread_by_token(&state.ctx, reply_token(&headers)?).await?;
    Ok(Json((&thread).into()))
}

/// The anonymous writer's reply.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ThreadReplyRequest {
    body: String,
}

/// The anonymous writer replies, by the reply token in `X-Reply-Token`;
/// the reply has no author and only the day as its time. 409
/// `feedback_not_delivered` before the item is delivered.
#[utoipa::path(post, path = "/feedback/thread", tag = "feedback",
    params(("X-Reply-Token" = String, Header, description = "the reply token shown once")),
    request_body = ThreadReplyRequest,
    responses((status = 201, body = ThreadJson), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn reply_in_thread(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<ThreadReplyRequest>,
) -> Result<(StatusCode, Json<ThreadJson>), ApiError> {
    let thread = feedback::reply_by_token(&state.ctx, reply_token(&headers)?, &req.body).await?;
    Ok((StatusCode::CREATED, Json((&thread).into())))
}
