//! `POST/GET/DELETE /session`: sign in, who am I, sign out.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::cookie::CookieJar;
use samspill_services::{auth, org::people};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::extract::ApiJson;
use crate::api::types::PersonJson;
use crate::auth::{ApiUser, Via, removal_cookie, session_cookie};
use crate::client::ClientAddr;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CreateSessionRequest {
    /// E-mail (case-insensitive).
    email: String,
    /// Password.
    password: String,
}

/// The signed-in person and the CSRF token for cookie-authenticated changes.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SessionResponse {
    /// Who is signed in.
    person: PersonJson,
    /// Send as `X-CSRF-Token` on every state-changing request.
    csrf_token: String,
}

/// Signs in and sets the session cookie. Answers 429 with `Retry-After`,
/// even for the right password, after 5 failures within 15 minutes for one
/// account from this client, 20 from this client over all accounts, or 100
/// for one account from all clients.
#[utoipa::path(post, path = "/session", tag = "session", request_body = CreateSessionRequest,
    responses(
        (status = 200, body = SessionResponse),
        (status = 401, description = "invalid_credentials", body = ErrorBody),
        (status = 429, description = "too_many_requests", body = ErrorBody)))]
pub(crate) async fn create_session(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    ApiJson(req): ApiJson<CreateSessionRequest>,
) -> Result<(CookieJar, Json<SessionResponse>), ApiError> {
    let signed_in = auth::sign_in(&state.ctx, &client, &req.email, &req.password).await?;
    let actor = samspill_services::Actor::of(&signed_in.person);
    let me = people::me(&state.ctx, &actor).await?;
    let jar = jar.add(session_cookie(&state, signed_in.session_token));
    Ok((
        jar,
        Json(SessionResponse {
            person: (&me).into(),
            csrf_token: signed_in.csrf_token,
        }),
    ))
}

/// The signed-in person and the session's CSRF token.
#[utoipa::path(get, path = "/session", tag = "session",
    responses((status = 200, body = SessionResponse), (status = 401, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_session(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<SessionResponse>, ApiError> {
    let me = people::me(&state.ctx, &user.actor()).await?;
    let csrf_token = match user.via {
        Via::Cookie { csrf, .. } => csrf,
        Via::Bearer => String::new(),
    };
    Ok(Json(SessionResponse {
        person: (&me).into(),
        csrf_token,
    }))
}

/// Signs out: ends the session and clears the cookie.
#[utoipa::path(delete, path = "/session", tag = "session",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, description = "csrf_failed", body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn delete_session(
    State(state): State<AppState>,
    jar: CookieJar,
    user: ApiUser,
) -> Result<(CookieJar, StatusCode), ApiError> {
    if let Via::Cookie { token, .. } = &user.via {
        auth::sign_out(&state.ctx, token).await?;
    }
    Ok((jar.add(removal_cookie()), StatusCode::NO_CONTENT))
}
