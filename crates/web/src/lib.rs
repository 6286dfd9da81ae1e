//! Samspill's web front doors: the JSON API under `/api/v1` and the
//! server-rendered HTML UI, plus configuration and start-up.
//!
//! Handlers extract, call one `services` function and map the result; no
//! business rule lives here. [`router`] is the only way to build the app, so
//! tests exercise exactly what production serves.

pub mod api;
mod assets;
pub mod auth;
pub mod client;
pub mod config;
mod error;
pub mod i18n;
mod input;
mod listener;
mod security;
pub mod startup;
mod state;
pub mod ui;

use axum::Router;

pub use error::{ApiError, ErrorBody, ErrorDetail};
pub use state::AppState;

/// The whole application: API, UI, assets and the middleware around them.
pub fn router(state: AppState) -> Router {
    Router::new()
        .nest("/api/v1", api::router())
        .merge(ui::router().layer(axum::middleware::from_fn_with_state(
            state.clone(),
            ui::flash::cookies,
        )))
        .merge(assets::router())
        .fallback(ui::not_found)
        .layer(axum::middleware::from_fn(input::refuse_control_characters))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(1024 * 1024))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            error::panic_response,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::finish,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(security::request_span))
        .with_state(state)
}
