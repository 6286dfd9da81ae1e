//! `/me/tokens`: one's personal API tokens. Create (the secret is answered
//! this once), list (never the secret) and revoke. Someone else's token id
//! answers 404 like an unknown one.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samspill_services::auth::{self, ApiToken};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::api::extract::{ApiJson, parse_id, parse_time};
use crate::api::types::rfc3339;
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// A token to create.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CreateTokenRequest {
    /// A label, e.g. the script or machine that uses it (1–100 characters).
    name: String,
    /// When the token stops working (RFC 3339): in the future and at most
    /// 366 days ahead. Absent or null: it works until revoked.
    #[schema(format = DateTime)]
    expires_at: Option<String>,
}

/// The new token: the secret is shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CreatedTokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    /// Token id.
    id: String,
    /// Its label.
    name: String,
    /// When it was made.
    #[schema(format = DateTime)]
    created_at: String,
    /// When it stops working; null: when revoked.
    #[schema(format = DateTime)]
    expires_at: Option<String>,
}

/// A token as listed: never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TokenJson {
    /// Token id.
    id: String,
    /// Its label.
    name: String,
    /// When it was made.
    #[schema(format = DateTime)]
    created_at: String,
    /// When it last authenticated a request (to the minute); null if never.
    #[schema(format = DateTime)]
    last_used_at: Option<String>,
    /// When it stops (or stopped) working; null: when revoked.
    #[schema(format = DateTime)]
    expires_at: Option<String>,
}

impl From<&ApiToken> for TokenJson {
    fn from(t: &ApiToken) -> Self {
        Self {
            id: t.id.to_string(),
            name: t.name.clone(),
            created_at: rfc3339(t.created_at),
            last_used_at: t.last_used_at.map(rfc3339),
            expires_at: t.expires_at.map(rfc3339),
        }
    }
}

/// `{"tokens": [...]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TokensResponse {
    /// Newest first, expired ones included.
    tokens: Vec<TokenJson>,
}

/// An RFC 3339 expiry, or 422 with `fields.expires_at`.
fn parse_expiry(s: Option<&str>) -> Result<Option<OffsetDateTime>, ApiError> {
    s.map(|s| parse_time("expires_at", s)).transpose()
}

/// Creates a personal API token.
#[utoipa::path(post, path = "/me/tokens", tag = "people", request_body = CreateTokenRequest,
    responses((status = 201, body = CreatedTokenResponse),
        (status = 422, body = ErrorBody, description = "invalid_input: `fields.name` or `fields.expires_at` (not RFC 3339, not in the future, more than 366 days ahead)")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn create_token(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<CreateTokenRequest>,
) -> Result<(StatusCode, Json<CreatedTokenResponse>), ApiError> {
    let expires_at = parse_expiry(req.expires_at.as_deref())?;
    let (meta, token) =
        auth::create_api_token(&state.ctx, &user.actor(), &req.name, expires_at).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedTokenResponse {
            token,
            id: meta.id.to_string(),
            name: meta.name,
            created_at: rfc3339(meta.created_at),
            expires_at: meta.expires_at.map(rfc3339),
        }),
    ))
}

/// Lists my personal API tokens (never their secrets).
#[utoipa::path(get, path = "/me/tokens", tag = "people",
    responses((status = 200, body = TokensResponse)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_tokens(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<TokensResponse>, ApiError> {
    let list = auth::list_api_tokens(&state.ctx, &user.actor()).await?;
    Ok(Json(TokensResponse {
        tokens: list.iter().map(Into::into).collect(),
    }))
}

/// Revokes one of my tokens; it stops working at once.
#[utoipa::path(delete, path = "/me/tokens/{id}", tag = "people", params(("id" = String, Path)),
    responses((status = 204),
        (status = 404, body = ErrorBody, description = "not_found: no such token of mine (someone else's answers the same)")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    auth::revoke_api_token(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
