//! `/spaces`: list, create, one space, its posts, joining, membership and
//! members' roles.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samspill_domain::{MemberRole, PersonId, SpaceId};
use samspill_services::social::spaces::{self, Joined, NewCommunity};
use samspill_services::{social::feed, social::posts};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::extract::{ApiJson, ApiQuery, optional_json, parse_id};
use crate::api::text_enums;
use crate::api::types::{PostJson, SpaceJson};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// `{"spaces": [...]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SpacesResponse {
    spaces: Vec<SpaceJson>,
}

/// `{"space": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SpaceResponse {
    space: SpaceJson,
}

/// The spaces you can see.
#[utoipa::path(get, path = "/spaces", tag = "spaces", responses((status = 200, body = SpacesResponse)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_spaces(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<SpacesResponse>, ApiError> {
    let list = spaces::list_spaces(&state.ctx, &user.actor()).await?;
    Ok(Json(SpacesResponse {
        spaces: list.iter().map(Into::into).collect(),
    }))
}

/// A community to create.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CreateSpaceRequest {
    name: String,
    #[serde(default)]
    description: String,
    /// `open`, `private` or `secret`.
    visibility: String,
}

/// Creates a community; you become its owner.
#[utoipa::path(post, path = "/spaces", tag = "spaces", request_body = CreateSpaceRequest,
    responses((status = 201, body = SpaceResponse), (status = 422, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn create_space(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<CreateSpaceRequest>,
) -> Result<(StatusCode, Json<SpaceResponse>), ApiError> {
    let input = NewCommunity {
        name: req.name,
        description: req.description,
        visibility: req.visibility,
    };
    let space = spaces::create_community(&state.ctx, &user.actor(), &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(SpaceResponse {
            space: (&space).into(),
        }),
    ))
}

/// One space; 404 for a secret space you are not in.
#[utoipa::path(get, path = "/spaces/{id}", tag = "spaces", params(("id" = String, Path)),
    responses((status = 200, body = SpaceResponse), (status = 404, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_space(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<SpaceResponse>, ApiError> {
    let space = spaces::get_space(&state.ctx, &user.actor(), parse_id::<SpaceId>(&id)?).await?;
    Ok(Json(SpaceResponse {
        space: (&space).into(),
    }))
}

/// Paging.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageParams {
    /// From a previous `next_cursor`.
    pub(crate) cursor: Option<String>,
    /// 1–100, default 20.
    pub(crate) limit: Option<i64>,
}

/// A page of posts.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PostsResponse {
    pub(crate) posts: Vec<PostJson>,
    pub(crate) next_cursor: Option<String>,
}

pub(crate) async fn post_list(
    state: &AppState,
    user: &ApiUser,
    page: samspill_services::shared::page::Page<samspill_services::social::posts::PostView>,
) -> Result<PostsResponse, ApiError> {
    // One batch of annotations for the page, not a detail read per post.
    let out = posts::summaries(&state.ctx, &user.actor(), page.items)
        .await?
        .iter()
        .map(PostJson::from)
        .collect();
    Ok(PostsResponse {
        posts: out,
        next_cursor: page.next_cursor,
    })
}

/// The space's posts, newest first.
#[utoipa::path(get, path = "/spaces/{id}/posts", tag = "spaces", params(("id" = String, Path), PageParams),
    responses((status = 200, body = PostsResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_space_posts(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<PostsResponse>, ApiError> {
    let page = feed::space_posts(
        &state.ctx,
        &user.actor(),
        parse_id(&id)?,
        p.cursor.as_deref(),
        p.limit,
    )
    .await?;
    Ok(Json(post_list(&state, &user, page).await?))
}

/// Join, request to join, or (a moderator) add someone.
#[derive(Debug, Deserialize, ToSchema, Default)]
pub(crate) struct MemberRequest {
    /// A moderator adds this person; absent: you join.
    person_id: Option<String>,
}

/// The result of a join.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MemberResponse {
    /// `member` or `requested`.
    status: &'static str,
}

/// Joins an open community, asks to join a private one, or (moderators) adds a person.
#[utoipa::path(post, path = "/spaces/{id}/members", tag = "spaces", params(("id" = String, Path)), request_body = MemberRequest,
    responses((status = 200, body = MemberResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn add_member(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<MemberResponse>, ApiError> {
    let space: SpaceId = parse_id(&id)?;
    let req: MemberRequest = optional_json(&body)?;
    let status = match req.person_id {
        Some(p) => {
            spaces::add_member(&state.ctx, &user.actor(), space, parse_id::<PersonId>(&p)?).await?;
            "member"
        }
        None => match spaces::join(&state.ctx, &user.actor(), space).await? {
            Joined::Member => "member",
            Joined::Requested => "requested",
        },
    };
    Ok(Json(MemberResponse { status }))
}

/// A member's new role.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct RoleRequest {
    /// `owner`, `moderator` or `member`.
    #[schema(schema_with = text_enums::member_role)]
    role: String,
}

/// A member and their role.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MemberRoleJson {
    /// The member.
    person_id: String,
    /// Their role now.
    #[schema(schema_with = text_enums::member_role)]
    role: MemberRole,
}

/// `{"member": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MemberRoleResponse {
    member: MemberRoleJson,
}

/// Changes a member's role: owners (and admins) grant or take ownership,
/// moderators make members moderators and back; the last owner keeps
/// ownership (409 `last_owner`).
#[utoipa::path(put, path = "/spaces/{id}/members/{person_id}", tag = "spaces", params(("id" = String, Path), ("person_id" = String, Path)), request_body = RoleRequest,
    responses(
        (status = 200, body = MemberRoleResponse),
        (status = 400, description = "bad_request: not a JSON object with `role`", body = ErrorBody),
        (status = 403, description = "forbidden: you may not give or take this role", body = ErrorBody),
        (status = 404, description = "not_found: no such space visible to you, or the person is not a member", body = ErrorBody),
        (status = 409, description = "last_owner: the last owner keeps ownership", body = ErrorBody),
        (status = 422, description = "invalid: `role` is not owner, moderator or member", body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn set_member_role(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, person)): Path<(String, String)>,
    ApiJson(req): ApiJson<RoleRequest>,
) -> Result<Json<MemberRoleResponse>, ApiError> {
    let (space, person): (SpaceId, PersonId) = (parse_id(&id)?, parse_id(&person)?);
    let role = MemberRole::parse(&req.role).map_err(samspill_services::Error::from)?;
    spaces::set_role(&state.ctx, &user.actor(), space, person, role).await?;
    Ok(Json(MemberRoleResponse {
        member: MemberRoleJson {
            person_id: person.to_string(),
            role,
        },
    }))
}

/// Leaves (yourself) or removes a member (moderators).
#[utoipa::path(delete, path = "/spaces/{id}/members/{person_id}", tag = "spaces", params(("id" = String, Path), ("person_id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn remove_member(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, person)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    spaces::remove_member(
        &state.ctx,
        &user.actor(),
        parse_id(&id)?,
        parse_id(&person)?,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
