//! The JSON API under `/api/v1`. Every handler, the document's own included,
//! is registered through `utoipa_axum` in `open_api_router`, so the OpenAPI
//! document at `/api/v1/openapi.json` is generated from the same code that
//! routes requests: a route added any other way would be missing from it.

mod auth;
mod culture;
mod extract;
mod health;
mod leadership;
mod moderation;
mod openapi;
mod org;
mod schema;
mod social;
mod text_enums;
mod types;

use std::sync::Arc;

use axum::{Extension, Router};
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use auth::{me, session, tokens};
use org::{people, units};
use social::{feed, notifications, posts, search, spaces, stream};

use crate::{ApiError, AppState};

pub use types::{
    CommentJson, NotificationJson, PersonJson, PersonSummaryJson, PostJson, SpaceJson, UnitJson,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Samspill API",
        version = "1",
        description = "The JSON API of Samspill. Authenticate with the session cookie from \
            `POST /session` (then send `X-CSRF-Token` on every change) or with \
            `Authorization: Bearer <personal API token>`. Errors answer \
            `{\"error\": {\"code\", \"message\", \"fields\"?}}`."
    ),
    servers((url = "/api/v1")),
    modifiers(&SecuritySchemes),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

fn open_api_router() -> OpenApiRouter<AppState> {
    let r = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(
            session::create_session,
            session::get_session,
            session::delete_session
        ))
        .routes(routes!(me::get_me, me::update_me))
        .routes(routes!(tokens::list_tokens, tokens::create_token))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(units::list_units))
        .routes(routes!(units::get_unit))
        .routes(routes!(people::list_people))
        .routes(routes!(people::get_person))
        .routes(routes!(spaces::list_spaces, spaces::create_space))
        .routes(routes!(spaces::get_space))
        .routes(routes!(spaces::list_space_posts))
        .routes(routes!(spaces::add_member))
        .routes(routes!(spaces::set_member_role, spaces::remove_member))
        .routes(routes!(posts::create_post))
        .routes(routes!(
            posts::get_post,
            posts::update_post,
            posts::delete_post
        ))
        .routes(routes!(posts::list_comments, posts::create_comment))
        .routes(routes!(posts::put_reaction, posts::delete_reaction))
        .routes(routes!(posts::vote))
        .routes(routes!(posts::accept))
        .routes(routes!(posts::ack))
        .routes(routes!(feed::get_feed))
        .routes(routes!(feed::topic_posts))
        .routes(routes!(feed::follow, feed::unfollow))
        .routes(routes!(notifications::list_notifications))
        .routes(routes!(notifications::mark_read))
        .routes(routes!(stream::stream))
        .routes(routes!(search::search));
    let r = moderation::routes(r);
    let r = culture::routes(r);
    leadership::routes(r).routes(routes!(openapi::openapi_json))
}

/// The OpenAPI document, as served.
#[must_use]
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut spec = open_api_router().into_openapi();
    openapi::add_shared_responses(&mut spec);
    spec
}

/// The API's routes, to be nested under `/api/v1`.
pub(crate) fn router() -> Router<AppState> {
    let (router, mut spec) = open_api_router().split_for_parts();
    openapi::add_shared_responses(&mut spec);
    router
        .layer(Extension(Arc::new(spec)))
        .fallback(|| async { ApiError::not_found() })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this method is not allowed here",
            )
        })
}
