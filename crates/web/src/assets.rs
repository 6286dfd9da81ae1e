//! Static assets, compiled into the binary so that `samspill` runs from any
//! directory with nothing beside it. Front-end libraries are vendored from
//! the npm registry into `assets/vendor/` (no build step).

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

const APP_CSS: &str = include_str!("../assets/app.css");
const APP_JS: &str = include_str!("../assets/app.js");
const HTMX: &str = include_str!("../assets/vendor/htmx-2.0.11.min.js");

fn asset(body: &'static str, content_type: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
}

/// The asset routes.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/assets/app.css",
            get(|| async { asset(APP_CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/assets/app.js",
            get(|| async { asset(APP_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/assets/htmx-2.0.11.min.js",
            get(|| async { asset(HTMX, "text/javascript; charset=utf-8") }),
        )
}
