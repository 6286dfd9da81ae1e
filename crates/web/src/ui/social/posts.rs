//! Post pages and the forms around them: writing, commenting, reacting,
//! voting, accepting answers, acknowledging, deleting, following; topic
//! pages; and the comment fragment that live updates insert. Editing lives
//! in [`edit`].

mod edit;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use samspill_domain::{CommentId, PostId, PostKind, Reaction, SpaceId};
use samspill_services::social::comments::CommentView;
use samspill_services::social::feed::{self, Target};
use samspill_services::social::posts::PostView;
use samspill_services::social::posts::{self, PostDetail, PostInput};
use samspill_services::{Error, social::comments};
use serde::Deserialize;

pub(crate) use self::edit::{edit_form, update_post};
use crate::AppState;
use crate::auth::{UiUser, url_encode};
use crate::i18n::Msgs;
use crate::ui::flash::{self, Flash};
use crate::ui::leadership::commitments::CommentExtras;
use crate::ui::social::home::MorePosts;
use crate::ui::{Nav, csrf_failed, error_page, form_action, nav, render, service_error_page};

#[derive(Template)]
#[template(path = "post.html")]
struct PostPage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    d: PostDetail,
    comments: Vec<CommentView>,
    /// `(kind, count, mine)`
    reaction_rows: Vec<(Reaction, i64, bool)>,
    /// `(index, text, votes, mine)`
    poll_rows: Vec<(usize, String, i64, bool)>,
    accepted: Option<CommentId>,
    can_accept: bool,
    x: CommentExtras,
    /// Audience, acknowledgement, reach link and cascade of an addressed post.
    v: crate::ui::leadership::announcements::AddressedExtras,
    m: crate::ui::moderation::ModerationExtras,
}

/// `GET /posts/{id}`: records the first view.
pub(crate) async fn post_page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<PostId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let actor = user.actor();
    let d = match posts::get_post(&state.ctx, &actor, id).await {
        Ok(d) => d,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let mut list = match comments::list_comments(&state.ctx, &actor, id).await {
        Ok(c) => c,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let x = match CommentExtras::load(&state.ctx, &actor, user.locale, &d, &list).await {
        Ok(x) => x,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let v =
        match crate::ui::leadership::announcements::AddressedExtras::load(&state.ctx, &actor, &d)
            .await
        {
            Ok(v) => v,
            Err(e) => return service_error_page(&e, &user, &headers),
        };
    let m = match crate::ui::moderation::ModerationExtras::load(
        &state.ctx,
        &actor,
        user.locale,
        &d.post,
        &list,
    )
    .await
    {
        Ok(m) => m,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    if x.ama {
        list = x.order(list);
    } else if let Some(acc) = d.post.accepted_comment_id
        && let Some(i) = list.iter().position(|c| c.id == acc)
    {
        // The accepted answer first, then the thread in order.
        let c = list.remove(i);
        list.insert(0, c);
    }
    let title = if d.post.title.is_empty() {
        user.t.post_kind(&d.post.kind).to_owned()
    } else {
        d.post.title.clone()
    };
    render(&PostPage {
        t: user.t,
        nav: nav(&state, &user, "").await,
        page_title: title,
        csrf: user.csrf.clone(),
        accepted: d.post.accepted_comment_id,
        can_accept: d.can_accept,
        x,
        v,
        m,
        comments: list,
        reaction_rows: Reaction::ALL
            .into_iter()
            .map(|r| {
                (
                    r,
                    d.reactions.get(&r).copied().unwrap_or(0),
                    d.my_reactions.contains(&r),
                )
            })
            .collect(),
        poll_rows: d
            .poll
            .iter()
            .enumerate()
            .map(|(i, (text, votes))| (i, text.clone(), *votes, d.my_vote == i64::try_from(i).ok()))
            .collect(),
        d,
    })
}

#[derive(Template)]
#[template(path = "comment.html")]
struct CommentFragment {
    t: &'static Msgs,
    csrf: String,
    c: CommentView,
    accepted: Option<CommentId>,
    can_accept: bool,
    x: CommentExtras,
    m: crate::ui::moderation::ModerationExtras,
}

/// `GET /comments/{id}/fragment`: one comment's markup, for live updates.
pub(crate) async fn comment_fragment(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<CommentId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let actor = user.actor();
    let Ok(Some(c)) =
        samspill_services::social::comments::find_comment(&state.ctx, &actor, id).await
    else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let detail =
        match samspill_services::social::posts::find_post(&state.ctx, &actor, c.post_id).await {
            Ok(Some(p)) => posts::detail(&state.ctx, &actor, p).await.ok(),
            _ => None,
        };
    let can_accept = detail.as_ref().is_some_and(|d| d.can_accept);
    let x = match &detail {
        Some(d) => {
            CommentExtras::load(&state.ctx, &actor, user.locale, d, std::slice::from_ref(&c))
                .await
                .unwrap_or_else(|_| CommentExtras::none(user.locale))
        }
        None => CommentExtras::none(user.locale),
    };
    let m = match &detail {
        Some(d) => crate::ui::moderation::ModerationExtras::load(
            &state.ctx,
            &actor,
            user.locale,
            &d.post,
            std::slice::from_ref(&c),
        )
        .await
        .unwrap_or_else(|_| crate::ui::moderation::ModerationExtras::none(user.locale)),
        None => crate::ui::moderation::ModerationExtras::none(user.locale),
    };
    render(&CommentFragment {
        t: user.t,
        csrf: user.csrf.clone(),
        c,
        accepted: None,
        can_accept,
        x,
        m,
    })
}

#[derive(Template)]
#[template(path = "post_card.html")]
struct CardFragment {
    t: &'static Msgs,
    p: PostView,
}

/// `GET /posts/{id}/card`: one post's card, for live updates (records no view).
pub(crate) async fn card_fragment(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<PostId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    match samspill_services::social::posts::find_post(&state.ctx, &user.actor(), id).await {
        Ok(Some(p)) => render(&CardFragment { t: user.t, p }),
        Ok(None) => error_page(StatusCode::NOT_FOUND, Some(&user), &headers),
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

#[derive(Debug, Default)]
pub(crate) struct PostForm {
    csrf: String,
    space_id: String,
    kind: String,
    title: String,
    body: String,
    options: String,
    /// Addressed posts: the audience (a multiple select), acknowledgement
    /// and the original of a follow-up.
    audience_unit_ids: Vec<String>,
    requires_ack: bool,
    cascade_of: String,
    /// Praise: the recipients' handles.
    recipients: String,
    /// Praise: the value's id.
    value_id: String,
}

impl PostForm {
    /// From the posted pairs (the audience is a multiple select).
    fn of(pairs: Vec<(String, String)>) -> Self {
        let mut f = Self::default();
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => f.csrf = v,
                "space_id" => f.space_id = v,
                "kind" => f.kind = v,
                "title" => f.title = v,
                "body" => f.body = v,
                "options" => f.options = v,
                "audience_unit_ids" => f.audience_unit_ids.push(v),
                "requires_ack" => f.requires_ack = !v.is_empty(),
                "cascade_of" => f.cascade_of = v,
                "recipients" => f.recipients = v,
                "value_id" => f.value_id = v,
                _ => {}
            }
        }
        f
    }
}

/// `POST /posts`
pub(crate) async fn create_post(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let f = PostForm::of(pairs);
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(space_id) = f.space_id.parse::<SpaceId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let options: Vec<String> = if PostKind::parse(&f.kind).is_ok_and(PostKind::has_options) {
        f.options
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    } else {
        Vec::new()
    };
    let praise = f.kind == "praise";
    let draft = || crate::ui::culture::praise::PraiseDraft {
        recipients: f.recipients.clone(),
        value_id: f.value_id.clone(),
        space_id: f.space_id.clone(),
        title: f.title.clone(),
        body: f.body.clone(),
    };
    let recipient_ids = if praise {
        match crate::ui::culture::praise::resolve_recipients(&state.ctx, &user, &f.recipients).await
        {
            Ok(ids) => ids,
            Err(unknown) => {
                let why = crate::ui::culture::praise::unknown_people(&user, &unknown);
                return crate::ui::culture::praise::praise_page(
                    &state,
                    &user,
                    &headers,
                    draft(),
                    Some(why),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        }
    } else {
        Vec::new()
    };
    let input = PostInput {
        space_id,
        kind: f.kind.clone(),
        title: f.title.clone(),
        body: f.body.clone(),
        options,
        important: false,
        audience_unit_ids: f
            .audience_unit_ids
            .iter()
            .filter_map(|u| u.parse().ok())
            .collect(),
        requires_ack: f.requires_ack,
        cascade_of: f.cascade_of.parse().ok(),
        recipient_ids,
        value_id: if praise {
            f.value_id.parse().ok()
        } else {
            None
        },
    };
    match posts::create_post(&state.ctx, &user.actor(), &input).await {
        Ok(p) => Redirect::to(&format!("/posts/{}", p.id)).into_response(),
        Err(Error::Invalid(errors)) if praise => {
            let msg = errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join(" ");
            let why = format!("{} {msg}", user.t.form_has_errors);
            crate::ui::culture::praise::praise_page(
                &state,
                &user,
                &headers,
                draft(),
                Some(why),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(Error::Invalid(errors)) => {
            let msg = errors
                .iter()
                .map(|e| format!("{}: {}", e.field, user.t.field_error(e.code)))
                .collect::<Vec<_>>()
                .join(" ");
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("{} {msg}", user.t.form_has_errors),
            )
                .into_response()
        }
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct CommentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    parent_id: String,
}

/// `POST /posts/{id}/comments`
pub(crate) async fn create_comment(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<CommentForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(id) = id.parse::<PostId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let parent = f.parent_id.parse::<CommentId>().ok();
    match comments::add_comment(&state.ctx, &user.actor(), id, &f.body, parent).await {
        Ok(c) => Redirect::to(&format!("/posts/{id}#comment-{}", c.id)).into_response(),
        Err(Error::Invalid(errors)) => {
            let why = if errors.iter().any(|e| e.field == "body") {
                Flash::CommentInvalid
            } else {
                Flash::Invalid
            };
            flash::redirect(&format!("/posts/{id}#comments"), why)
        }
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    option: Option<i64>,
    #[serde(default)]
    comment_id: String,
}

fn to_post(id: &PostId) -> String {
    format!("/posts/{id}")
}

/// `POST /posts/{id}/reactions/{kind}`: toggles the reaction.
pub(crate) async fn toggle_reaction(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path((id, kind)): Path<(String, String)>,
    Form(f): Form<CsrfForm>,
) -> Response {
    let actor = user.actor();
    form_action(&user, &headers, &id, &f.csrf, to_post, |id| async move {
        let d = posts::get_post(&state.ctx, &actor, id).await?;
        let kind = Reaction::parse(&kind)?;
        let on = !d.my_reactions.contains(&kind);
        posts::react(&state.ctx, &actor, id, kind, on)
            .await
            .map(|_| ())
    })
    .await
}

/// `POST /posts/{id}/vote`
pub(crate) async fn vote(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    let actor = user.actor();
    let option = f.option.unwrap_or(-1);
    form_action(&user, &headers, &id, &f.csrf, to_post, |id| async move {
        posts::vote(&state.ctx, &actor, id, option)
            .await
            .map(|_| ())
    })
    .await
}

/// `POST /posts/{id}/accept`
pub(crate) async fn accept(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    let actor = user.actor();
    form_action(&user, &headers, &id, &f.csrf, to_post, |id| async move {
        let comment = f
            .comment_id
            .parse::<CommentId>()
            .map_err(|_| Error::NotFound)?;
        posts::accept_answer(&state.ctx, &actor, id, comment)
            .await
            .map(|_| ())
    })
    .await
}

/// `POST /posts/{id}/ack`: back to the front page, where it was pinned.
pub(crate) async fn ack(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    let actor = user.actor();
    let home = |_: &PostId| "/".to_owned();
    form_action(&user, &headers, &id, &f.csrf, home, |id| async move {
        posts::acknowledge(&state.ctx, &actor, id).await
    })
    .await
}

/// `POST /posts/{id}/delete`
pub(crate) async fn delete(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    let actor = user.actor();
    let home = |_: &PostId| "/".to_owned();
    form_action(&user, &headers, &id, &f.csrf, home, |id| async move {
        posts::delete_post(&state.ctx, &actor, id).await
    })
    .await
}

#[derive(Debug, Deserialize)]
pub(crate) struct FollowForm {
    #[serde(default)]
    csrf: String,
    space_id: Option<String>,
    topic: Option<String>,
    person_id: Option<String>,
    #[serde(default)]
    on: String,
}

/// `POST /follows`: follows or unfollows, then back to what was followed.
pub(crate) async fn follow(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(f): Form<FollowForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let (target, back) = match (f.space_id, f.topic, f.person_id) {
        (Some(s), _, _) => match s.parse() {
            Ok(id) => (Target::Space(id), format!("/spaces/{s}")),
            Err(_) => return error_page(StatusCode::NOT_FOUND, Some(&user), &headers),
        },
        (_, Some(t), _) => (
            Target::Topic(t.clone()),
            format!("/topics/{}", url_encode(&t.to_lowercase())),
        ),
        (_, _, Some(p)) => match p.parse() {
            Ok(id) => (Target::Person(id), "/people".to_owned()),
            Err(_) => return error_page(StatusCode::NOT_FOUND, Some(&user), &headers),
        },
        _ => return error_page(StatusCode::NOT_FOUND, Some(&user), &headers),
    };
    match feed::follow(&state.ctx, &user.actor(), &target, f.on == "true").await {
        Ok(()) => Redirect::to(&back).into_response(),
        Err(e) => match Flash::of(&e) {
            Some(why) => flash::redirect(&back, why),
            None => service_error_page(&e, &user, &headers),
        },
    }
}

#[derive(Template)]
#[template(path = "topic.html")]
struct TopicPage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    topic: String,
    following: bool,
    posts: Vec<PostView>,
    more_href: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PageParams {
    cursor: Option<String>,
    fragment: Option<String>,
}

/// `GET /topics/{topic}`
pub(crate) async fn topic_page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(topic): Path<String>,
    Query(p): Query<PageParams>,
) -> Response {
    let actor = user.actor();
    let topic = topic.to_lowercase();
    let page = match feed::topic_posts(&state.ctx, &actor, &topic, p.cursor.as_deref(), None).await
    {
        Ok(page) => page,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let more_href = page
        .next_cursor
        .map(|c| format!("/topics/{}?cursor={c}", url_encode(&topic)));
    if p.fragment.as_deref() == Some("more") {
        return render(&MorePosts {
            t: user.t,
            posts: page.items,
            more_href,
        });
    }
    let following = feed::following(&state.ctx, &actor)
        .await
        .unwrap_or_default()
        .iter()
        .any(|(k, v)| *k == "topic" && *v == topic);
    render(&TopicPage {
        t: user.t,
        nav: nav(&state, &user, "").await,
        page_title: format!("#{topic}"),
        csrf: user.csrf.clone(),
        topic,
        following,
        posts: page.items,
        more_href,
    })
}
