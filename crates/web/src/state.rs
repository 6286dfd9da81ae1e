//! The state every handler receives: the services context and the settings.

use std::sync::Arc;

use samspill_services::Ctx;

use crate::config::Config;

/// Shared, cheap-to-clone application state.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Database, clock and service settings.
    pub ctx: Ctx,
    /// The loaded configuration.
    pub config: Arc<Config>,
}
