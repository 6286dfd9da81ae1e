//! `GET /stream`: server-sent events for the signed-in person.
//!
//! Every event from the [`LiveBus`](samspill_services::shared::live::LiveBus) is
//! checked for this viewer through the services (and so through the one
//! visibility predicate) before anything is sent: `post_created` for posts
//! in the viewer's feed (its spaces, people and topics as they were when the
//! stream opened, read again whenever they change, on whichever server), `comment_created` on posts
//! they can read (the page decides whether it shows that post), `notification` for their own.
//! `resync` tells the page that events were missed (a slow stream, or a
//! lost connection to the other servers' events).

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use samspill_services::shared::live::LiveEvent;
use samspill_services::social::feed::{self, FeedSources};
use samspill_services::{Actor, Ctx, social::notifications};
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use crate::AppState;
use crate::api::types::{CommentJson, NotificationJson, PostJson};
use crate::auth::ApiUser;

/// Renders an event for `actor`, or `None` when it is not theirs to see.
async fn render(ctx: &Ctx, actor: &Actor, e: LiveEvent, sources: &FeedSources) -> Option<Event> {
    match e {
        LiveEvent::PostCreated {
            post,
            space,
            author,
        } => {
            let d = feed::live_post(ctx, actor, sources, post, space, author)
                .await
                .ok()??;
            Event::default()
                .event("post_created")
                .json_data(PostJson::from(&d))
                .ok()
        }
        LiveEvent::CommentCreated { comment, post } => {
            let c = samspill_services::social::comments::find_comment(ctx, actor, comment)
                .await
                .ok()??;
            Event::default()
                .event("comment_created")
                .json_data(json!({"post_id": post.to_string(), "comment": CommentJson::from(&c)}))
                .ok()
        }
        LiveEvent::Notification { id, recipient } => {
            if recipient != actor.id {
                return None;
            }
            let n = notifications::find(ctx, actor, id).await.ok()??;
            let unread = notifications::unread(ctx, actor).await.ok()?;
            Event::default()
                .event("notification")
                .json_data(json!({"notification": NotificationJson::from(&n), "unread": unread}))
                .ok()
        }
        // Handled by the stream itself.
        LiveEvent::FeedChanged { .. } | LiveEvent::Resync => None,
    }
}

/// Reads the viewer (their unit may have changed) and their feed sources
/// again; on a failure the old ones stay.
async fn refresh(ctx: &Ctx, actor: &mut Actor, sources: &mut FeedSources) {
    if let Ok(p) = samspill_services::org::people::person(ctx, actor, actor.id).await {
        *actor = Actor::of(&p);
    }
    if let Ok(s) = FeedSources::of(ctx, actor).await {
        *sources = s;
    }
}

/// Live updates for the signed-in person.
#[utoipa::path(get, path = "/stream", tag = "feed",
    responses((status = 200, content_type = "text/event-stream", body = String,
        description = "server-sent events: `ready` once subscribed, then `post_created` (a post in my feed), \
            `comment_created` (on a post I can read), `notification` (mine, with my unread count) and \
            `resync` (events were missed, by a slow stream or while the connection to other servers' events was down: reload); \
            events made through any server on the same PostgreSQL database arrive; each `data:` is JSON")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn stream(
    State(state): State<AppState>,
    user: ApiUser,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut actor = user.actor();
    let ctx = state.ctx.clone();
    let mut rx = ctx.bus.subscribe();
    let s = async_stream(move |tx| async move {
        let mut sources = FeedSources::of(&ctx, &actor).await.unwrap_or_default();
        let _ = tx.send(Event::default().event("ready").data("{}")).await;
        loop {
            match rx.recv().await {
                // Their spaces or follows changed, here or on another
                // server: what belongs in their feed is read again.
                Ok(LiveEvent::FeedChanged { person }) if person == actor.id => {
                    refresh(&ctx, &mut actor, &mut sources).await;
                }
                Ok(LiveEvent::Resync) | Err(RecvError::Lagged(_)) => {
                    // Missed events: tell the page to refresh from the
                    // database, and read the sources again.
                    refresh(&ctx, &mut actor, &mut sources).await;
                    if tx
                        .send(Event::default().event("resync").data("{}"))
                        .await
                        .is_err()
                    {
                        break;
                    }
                }
                Ok(e) => {
                    if let Some(ev) = render(&ctx, &actor, e, &sources).await
                        && tx.send(ev).await.is_err()
                    {
                        break;
                    }
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
    Sse::new(s).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// A stream fed by a task through a small channel; the task ends when the
/// client goes away (the channel closes).
fn async_stream<F, Fut>(f: F) -> impl Stream<Item = Result<Event, Infallible>>
where
    F: FnOnce(tokio::sync::mpsc::Sender<Event>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel(32);
    tokio::spawn(f(tx));
    futures_util::stream::unfold(
        rx,
        |mut rx| async move { rx.recv().await.map(|e| (Ok(e), rx)) },
    )
}
