//! The forms around commitments and comment upvotes: make a comment a
//! commitment (`POST /comments/{id}/commitment`), keep one
//! (`POST /commitments/{id}/done`), upvote a question in an
//! Ask-me-anything thread (`POST /comments/{id}/vote`), and
//! `GET /commitments/{id}`, which leads to where the commitment was made.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use samspill_domain::{CommentId, CommitmentId, ValidationError};
use samspill_services::leadership::commitments;
use samspill_services::social::comments;
use serde::Deserialize;
use time::format_description::BorrowedFormatItem;
use time::macros::{format_description, time};
use time::{Date, OffsetDateTime};

use crate::AppState;
use crate::auth::UiUser;
use crate::ui::flash::{self, Flash};
use crate::ui::{csrf_failed, error_page, service_error_page};

/// Adds this area's pages.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    r.route("/commitments/{id}", get(source))
        .route("/commitments/{id}/done", post(keep))
        .route("/comments/{id}/commitment", post(commit))
        .route("/comments/{id}/vote", post(vote))
        .route("/feedback/responses/commitment", post(commit_answer))
}

const DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// A due date from a date field: the end of that day (UTC).
fn due_at(raw: &str) -> Result<OffsetDateTime, samspill_services::Error> {
    let date = Date::parse(raw.trim(), DATE)
        .map_err(|_| ValidationError::new("due_at", "invalid", "a date, YYYY-MM-DD"))?;
    Ok(date.with_time(time!(23:59:59)).assume_utc())
}

/// `GET /commitments/{id}`: to the comment it was made in, or (for one made
/// in an answer to feedback, which only its leader sees) their corner.
async fn source(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<CommitmentId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    match commitments::find(&state.ctx, &user.actor(), id).await {
        Ok(c) => match (c.post_id, c.comment_id) {
            (Some(p), Some(cm)) => {
                Redirect::to(&format!("/posts/{p}#comment-{cm}")).into_response()
            }
            _ => Redirect::to(&format!("/leaders/{}#commitment-{}", c.leader_handle, c.id))
                .into_response(),
        },
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

/// The comment a form acts on, as the actor may read it, and the place on
/// its post to go back to; or the page to answer with.
async fn comment_and_back(
    state: &AppState,
    user: &UiUser,
    headers: &HeaderMap,
    id: &str,
) -> Result<(CommentId, String), Response> {
    let Ok(id) = id.parse::<CommentId>() else {
        return Err(error_page(StatusCode::NOT_FOUND, Some(user), headers));
    };
    match comments::find_comment(&state.ctx, &user.actor(), id).await {
        Ok(Some(c)) => Ok((id, format!("/posts/{}#comment-{id}", c.post_id))),
        Ok(None) => Err(error_page(StatusCode::NOT_FOUND, Some(user), headers)),
        Err(e) => Err(service_error_page(&e, user, headers)),
    }
}

#[derive(Debug, Deserialize)]
struct CommitForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    due: String,
}

/// `POST /comments/{id}/commitment`
async fn commit(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<CommitForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let actor = user.actor();
    let (id, back) = match comment_and_back(&state, &user, &headers, &id).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let made = match due_at(&f.due) {
        Ok(due) => commitments::commit_in_comment(&state.ctx, &actor, id, due).await,
        Err(e) => Err(e),
    };
    answer_back(made.map(|_| ()), &back, &user, &headers)
}

#[derive(Debug, Deserialize)]
struct AnswerCommitForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    due: String,
}

/// `POST /feedback/responses/commitment`: one of the leader's answers in a
/// feedback thread becomes a commitment.
async fn commit_answer(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(f): Form<AnswerCommitForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let (Ok(item), Ok(answer)) = (f.item.parse::<uuid::Uuid>(), f.answer.parse::<uuid::Uuid>())
    else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let back = format!("/feedback/{item}");
    let made = match due_at(&f.due) {
        Ok(due) => {
            commitments::commit_in_feedback_answer(&state.ctx, &user.actor(), answer, due).await
        }
        Err(e) => Err(e),
    };
    match made {
        Ok(c) => Redirect::to(&format!(
            "/leaders/{}#commitment-{}",
            user.person.handle, c.id
        ))
        .into_response(),
        Err(e) => answer_back(Err(e), &back, &user, &headers),
    }
}

#[derive(Debug, Deserialize)]
struct KeepForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    note: String,
}

/// `POST /commitments/{id}/done`
async fn keep(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<KeepForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(id) = id.parse::<CommitmentId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let back = format!("/leaders/{}#commitment-{id}", user.person.handle);
    let kept = commitments::keep(&state.ctx, &user.actor(), id, &f.note).await;
    answer_back(kept.map(|_| ()), &back, &user, &headers)
}

/// Back to `back`, with why when the change was refused for its input or
/// the commitment's state.
fn answer_back(
    r: samspill_services::Result<()>,
    back: &str,
    user: &UiUser,
    headers: &HeaderMap,
) -> Response {
    match r {
        Ok(()) => Redirect::to(back).into_response(),
        Err(samspill_services::Error::Invalid(_)) => {
            flash::redirect(back, Flash::CommitmentInvalid)
        }
        Err(e) => match Flash::of(&e) {
            Some(why) => flash::redirect(back, why),
            None => service_error_page(&e, user, headers),
        },
    }
}

#[derive(Debug, Deserialize)]
struct VoteForm {
    #[serde(default)]
    csrf: String,
    /// "1" to upvote, anything else to take the upvote back.
    #[serde(default)]
    on: String,
}

/// `POST /comments/{id}/vote`
async fn vote(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<VoteForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let actor = user.actor();
    let (id, back) = match comment_and_back(&state, &user, &headers, &id).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let r = commitments::upvote(&state.ctx, &actor, id, f.on == "1").await;
    answer_back(r.map(|_| ()), &back, &user, &headers)
}

#[cfg(test)]
mod tests {
    use super::due_at;

    #[test]
    fn a_due_date_is_the_end_of_that_day() {
        assert_eq!(
            due_at(" 2027-01-31 ").unwrap().to_string(),
            "2027-01-31 23:59:59.0 +00:00:00"
        );
        assert!(due_at("31.01.2027").is_err());
        assert!(due_at("").is_err());
    }
}

/// What the comments of a post show beyond the thread itself: commitments
/// made in them, and on an Ask-me-anything thread, upvotes and which
/// questions the leader answered. Shared by the post page and the comment
/// fragment that live updates insert.
#[derive(Debug)]
pub(crate) struct CommentExtras {
    pub(crate) l: &'static crate::i18n::leaders::LeadersMsgs,
    /// The post is an Ask-me-anything thread.
    pub(crate) ama: bool,
    post_author: Option<samspill_domain::PersonId>,
    me: Option<samspill_domain::PersonId>,
    /// The viewer leads a unit (and so may make commitments).
    i_lead: bool,
    upvotes: std::collections::HashMap<CommentId, (i64, bool)>,
    commitments: std::collections::HashMap<CommentId, commitments::CommitmentView>,
    answered: std::collections::HashSet<CommentId>,
}

impl CommentExtras {
    /// Nothing extra (a page that failed to load them still renders).
    pub(crate) fn none(locale: samspill_domain::Locale) -> Self {
        Self {
            l: crate::i18n::leaders::msgs(locale),
            ama: false,
            post_author: None,
            me: None,
            i_lead: false,
            upvotes: std::collections::HashMap::new(),
            commitments: std::collections::HashMap::new(),
            answered: std::collections::HashSet::new(),
        }
    }

    /// Loads them for `post` and its thread `list`, as `actor` may see them.
    pub(crate) async fn load(
        ctx: &samspill_services::Ctx,
        actor: &samspill_services::Actor,
        locale: samspill_domain::Locale,
        post: &samspill_services::social::posts::PostDetail,
        list: &[comments::CommentView],
    ) -> samspill_services::Result<Self> {
        use samspill_services::leadership::leaders;
        let ama = leaders::is_ama(ctx, &post.post, &post.topics).await?;
        let upvotes = if ama {
            commitments::post_upvotes(ctx, actor, post.post.id)
                .await?
                .into_iter()
                .map(|(c, n, mine)| (c, (n, mine)))
                .collect()
        } else {
            std::collections::HashMap::new()
        };
        let answered = list
            .iter()
            .filter(|c| c.author_id == post.post.author_id)
            .filter_map(|c| c.parent_id)
            .collect();
        Ok(Self {
            l: crate::i18n::leaders::msgs(locale),
            ama,
            post_author: Some(post.post.author_id),
            me: Some(actor.id),
            i_lead: leaders::is_leader(ctx, actor).await?,
            upvotes,
            commitments: commitments::list_for_post(ctx, actor, post.post.id)
                .await?
                .into_iter()
                .filter_map(|c| c.comment_id.map(|id| (id, c)))
                .collect(),
            answered,
        })
    }

    /// A question of an Ask-me-anything thread: a top-level comment by
    /// someone other than the leader.
    pub(crate) fn is_question(&self, c: &comments::CommentView) -> bool {
        self.ama && c.parent_id.is_none() && Some(c.author_id) != self.post_author
    }

    /// `(upvotes, mine)` of a comment.
    pub(crate) fn upvotes(&self, c: &comments::CommentView) -> (i64, bool) {
        self.upvotes.get(&c.id).copied().unwrap_or((0, false))
    }

    /// Whether the viewer may upvote it: not their own, and not on their
    /// own thread (the leader answers; the others rank).
    pub(crate) fn can_upvote(&self, c: &comments::CommentView) -> bool {
        self.is_question(c) && Some(c.author_id) != self.me && self.post_author != self.me
    }

    /// Whether the leader replied to it.
    pub(crate) fn is_answered(&self, c: &comments::CommentView) -> bool {
        self.answered.contains(&c.id)
    }

    /// The commitment made in it, if any.
    pub(crate) fn commitment(
        &self,
        c: &comments::CommentView,
    ) -> Option<&commitments::CommitmentView> {
        self.commitments.get(&c.id)
    }

    /// Whether the viewer may make it a commitment: their own comment, they
    /// lead a unit, and it is not one yet.
    pub(crate) fn can_commit(&self, c: &comments::CommentView) -> bool {
        self.i_lead && Some(c.author_id) == self.me && !self.commitments.contains_key(&c.id)
    }

    /// "due 2027-01-31" and the like.
    pub(crate) fn when(&self, c: &commitments::CommitmentView) -> String {
        use samspill_domain::commitments::CommitmentState as S;
        let (template, at) = match c.state {
            S::Open => (self.l.due_on, c.due_at),
            S::Kept => (self.l.kept_on, c.resolved_at.unwrap_or(c.due_at)),
            S::Missed => (self.l.missed_on, c.due_at),
        };
        crate::i18n::fill(template, "date", &at.date().to_string())
    }

    /// "3 upvotes".
    pub(crate) fn upvotes_label(&self, n: &i64) -> String {
        crate::i18n::fill(self.l.upvotes_n, "n", &n.to_string())
    }

    /// The thread in the order to show: on an Ask-me-anything thread the
    /// questions by upvotes (most first, then oldest first), each followed
    /// by its replies in order; otherwise unchanged.
    pub(crate) fn order(&self, list: Vec<comments::CommentView>) -> Vec<comments::CommentView> {
        if !self.ama {
            return list;
        }
        let mut roots: Vec<&comments::CommentView> =
            list.iter().filter(|c| c.parent_id.is_none()).collect();
        roots.sort_by_key(|c| std::cmp::Reverse(self.upvotes(c).0));
        let mut out = Vec::with_capacity(list.len());
        let mut stack: Vec<&comments::CommentView> = roots.into_iter().rev().collect();
        while let Some(c) = stack.pop() {
            out.push(c.clone());
            let children = list.iter().filter(|r| r.parent_id == Some(c.id)).rev();
            stack.extend(children);
        }
        // A reply whose parent is gone still shows, at the end.
        for c in &list {
            if !out.iter().any(|o| o.id == c.id) {
                out.push(c.clone());
            }
        }
        out
    }
}
