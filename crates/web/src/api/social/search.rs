//! `GET /search`: full-text search over what the caller may see.

use axum::Json;
use axum::extract::State;
use samspill_services::social::search;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::extract::ApiQuery;
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// A search.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchParams {
    /// Words; the last also matches as a prefix.
    q: String,
    /// `post`, `comment`, `person` or `space`; absent: all.
    #[serde(rename = "type")]
    #[param(schema_with = crate::api::text_enums::optional_search_kind)]
    kind: Option<String>,
    /// 1–100, default 20.
    limit: Option<i64>,
}

/// One hit.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchResultJson {
    /// `post`, `comment`, `person` or `space`.
    #[serde(rename = "type")]
    kind: &'static str,
    /// The hit's id (a person's id for people).
    id: String,
    /// The post, for posts and comments.
    post_id: Option<String>,
    /// Title or name.
    title: Option<String>,
    /// HTML: escaped text with the matched words in `<mark>`.
    snippet: String,
}

/// `{"results": [...]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchResponse {
    results: Vec<SearchResultJson>,
}

/// Best match first.
#[utoipa::path(get, path = "/search", tag = "search", params(SearchParams),
    responses((status = 200, body = SearchResponse), (status = 422, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn search(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<Json<SearchResponse>, ApiError> {
    let hits = search::search(&state.ctx, &user.actor(), &p.q, p.kind.as_deref(), p.limit).await?;
    Ok(Json(SearchResponse {
        results: hits
            .into_iter()
            .map(|h| SearchResultJson {
                kind: h.kind.as_str(),
                id: h.id.to_string(),
                post_id: h.post_id.map(|p| p.to_string()),
                title: h.title,
                snippet: h.snippet,
            })
            .collect(),
    }))
}
