//! Start-up: connect and migrate the database named by the configuration,
//! build the state, and serve until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Extension;
use axum::extract::ConnectInfo;
use axum::serve::IncomingStream;
use samspill_services::{Clock, Ctx, Db, Settings, SystemClock};
use tokio::net::TcpListener;

use crate::AppState;
use crate::config::Config;
use crate::listener::GuardedListener;

/// Connects to the configured database and applies pending migrations.
///
/// # Errors
/// A message naming `database.url` when the URL is wrong or the database
/// cannot be reached.
pub async fn connect(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(
        &config.database.url,
        config.database.max_connections,
        "database.url",
    )
    .await?;
    db.migrate()
        .await
        .context("database.url: applying migrations failed")?;
    Ok(db)
}

/// Connects, migrates and builds the state; the org space and one space
/// per unit exist from the first start on, created at `clock`'s time.
///
/// # Errors
/// As [`connect`], or a storage failure creating the spaces.
pub async fn open(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
    let db = connect(&config).await?;
    let state = state(db, config, clock);
    samspill_services::social::spaces::ensure_default_spaces(&state.ctx)
        .await
        .context("creating the default spaces failed")?;
    Ok(state)
}

/// The state over a connected database.
#[must_use]
pub fn state(db: Db, config: Config, clock: Arc<dyn Clock>) -> AppState {
    let settings = Settings {
        session_ttl: time::Duration::hours(i64::from(config.session.ttl_hours)),
        login_max_failures: config.login.max_failures,
        login_max_failures_per_client: config.login.max_failures_per_client,
        login_max_failures_per_account: config.login.max_failures_per_account,
        login_window: time::Duration::minutes(i64::from(config.login.window_minutes)),
    };
    AppState {
        ctx: Ctx::new(db, clock, settings),
        config: Arc::new(config),
    }
}

/// The system clock, for production.
#[must_use]
pub fn system_clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

/// Binds the configured address.
///
/// # Errors
/// When the port is taken or the address is not local.
pub async fn bind(config: &Config) -> anyhow::Result<TcpListener> {
    let addr = SocketAddr::new(config.server.bind, config.server.port);
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("server.bind/server.port: cannot listen on {addr}"))
}

/// How long serving waits for the live bus to listen to other servers.
pub const BUS_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Serves the app on `listener` until a shutdown signal.
///
/// # Errors
/// When the server fails.
pub async fn serve(listener: TcpListener, state: AppState) -> anyhow::Result<()> {
    serve_until(listener, state, shutdown_signal()).await
}

/// Serves the app on `listener` until `shutdown` completes. Connections are
/// [`GuardedListener`]'s, so even the answers hyper makes itself carry the
/// error envelope and the security headers; handlers see the peer address
/// as `ConnectInfo<SocketAddr>`. On PostgreSQL it first waits (up to
/// [`BUS_WAIT`]) until the live bus hears the other servers' events.
///
/// # Errors
/// When the server fails.
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    if tokio::time::timeout(BUS_WAIT, state.ctx.bus.ready())
        .await
        .is_err()
    {
        tracing::warn!(
            "live updates: not yet listening for other servers' events; serving, and retrying"
        );
    }
    let listener = GuardedListener::new(listener, state.config.server.secure_cookies);
    let ticker = tokio::spawn(tick_forever(state.ctx.clone()));
    let app = crate::router(state);
    let make = tower::service_fn(move |incoming: IncomingStream<'_, GuardedListener>| {
        let peer = *incoming.remote_addr();
        let app = app.clone().layer(Extension(ConnectInfo(peer)));
        std::future::ready(Ok::<_, std::convert::Infallible>(app))
    });
    let served = axum::serve(listener, make)
        .with_graceful_shutdown(shutdown)
        .await;
    ticker.abort();
    served?;
    Ok(())
}

/// Runs the time-driven work of the leadership toolkit once a minute:
/// consultations whose input has closed, anonymous feedback batches that
/// are due, commitments coming due. Every server runs it; each step claims
/// its rows in its own transaction (a conditional update, or an advisory
/// lock), so two servers running it at once do each thing once.
async fn tick_forever(ctx: samspill_services::Ctx) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = samspill_services::leadership::tick(&ctx).await {
            tracing::warn!(error = %e, "the leadership toolkit's timed work failed; retrying in a minute");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
