//! The leadership corner: `/leaders` lists every leader, `/leaders/{handle}`
//! shows one (visions and announcements, Ask-me-anything threads,
//! commitments), and `POST /leaders/ama` opens an Ask-me-anything thread.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use samspill_domain::SpaceId;
use samspill_services::leadership::commitments::CommitmentView;
use samspill_services::leadership::consultations::ConsultationSummary;
use samspill_services::leadership::leaders::{self, AMA_TOPIC, Ama, LeaderSummary, LeaderView};
use samspill_services::social::posts::{self, PostInput, PostView};
use samspill_services::social::spaces::SpaceView;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::consultations::ConsultationMsgs;
use crate::i18n::leaders::LeadersMsgs;
use crate::i18n::{Msgs, fill};
use crate::ui::social::home::writable_spaces;
use crate::ui::{Nav, csrf_failed, nav, render, service_error_page};

/// Adds this area's pages.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    r.route("/leaders", get(list))
        .route("/leaders/ama", post(start_ama))
        .route("/leaders/{handle}", get(page))
}

#[derive(Template)]
#[template(path = "leaders.html")]
struct LeadersPage {
    t: &'static Msgs,
    l: &'static LeadersMsgs,
    nav: Option<Nav>,
    page_title: String,
    leaders: Vec<LeaderSummary>,
}

impl LeadersPage {
    fn open_commitments(&self, n: &i64) -> String {
        fill(self.l.open_commitments_n, "n", &n.to_string())
    }
}

/// `GET /leaders`
async fn list(State(state): State<AppState>, user: UiUser, headers: HeaderMap) -> Response {
    let leaders = match leaders::list(&state.ctx, &user.actor()).await {
        Ok(l) => l,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let l = crate::i18n::leaders::msgs(user.locale);
    render(&LeadersPage {
        t: user.t,
        l,
        nav: nav(&state, &user, "leaders").await,
        page_title: l.corner_title.to_owned(),
        leaders,
    })
}

#[derive(Template)]
#[template(path = "leader.html")]
struct LeaderPage {
    t: &'static Msgs,
    l: &'static LeadersMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    leader: LeaderView,
    visions: Vec<PostView>,
    amas: Vec<Ama>,
    commitments: Vec<CommitmentView>,
    counts: String,
    consultations: Vec<ConsultationSummary>,
    reports: Vec<ConsultationSummary>,
    c: &'static ConsultationMsgs,
    /// For the leader themself: a line on their feedback inbox.
    inbox: Option<String>,
    is_me: bool,
    /// Where the leader may open an Ask-me-anything thread (their own page).
    ama_spaces: Vec<SpaceView>,
}

impl LeaderPage {
    fn ama_counts(&self, a: &Ama) -> String {
        fill(
            &fill(self.l.ama_counts, "q", &a.questions.to_string()),
            "a",
            &a.answered.to_string(),
        )
    }

    fn when(&self, c: &CommitmentView) -> String {
        use samspill_domain::commitments::CommitmentState as S;
        let (template, at) = match c.state {
            S::Open => (self.l.due_on, c.due_at),
            S::Kept => (self.l.kept_on, c.resolved_at.unwrap_or(c.due_at)),
            S::Missed => (self.l.missed_on, c.due_at),
        };
        fill(template, "date", &date(at))
    }

    fn closes(&self, c: &ConsultationSummary) -> String {
        fill(self.l.input_closes_on, "date", &date(c.input_closes_at))
    }

    fn decision(&self, c: &ConsultationSummary) -> String {
        fill(self.l.decision_due_on, "date", &date(c.decision_due_at))
    }

    fn profile_link(&self) -> String {
        fill(self.t.profile_of, "name", &self.leader.name)
    }

    fn is_open(c: &CommitmentView) -> bool {
        c.state == samspill_domain::commitments::CommitmentState::Open
    }

    fn source(c: &CommitmentView) -> String {
        format!("/commitments/{}", c.id)
    }
}

fn date(t: OffsetDateTime) -> String {
    t.date().to_string()
}

/// `GET /leaders/{handle}`
async fn page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(handle): Path<String>,
) -> Response {
    let actor = user.actor();
    let p = match leaders::page(&state.ctx, &actor, &handle).await {
        Ok(p) => p,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let ama_spaces = if p.is_me {
        writable_spaces(&state.ctx, &actor)
            .await
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let l = crate::i18n::leaders::msgs(user.locale);
    let (open, kept, missed) = p.commitment_counts;
    let counts = fill(
        &fill(
            &fill(l.commitment_counts, "open", &open.to_string()),
            "kept",
            &kept.to_string(),
        ),
        "missed",
        &missed.to_string(),
    );
    render(&LeaderPage {
        t: user.t,
        l,
        nav: nav(&state, &user, "leaders").await,
        page_title: p.leader.name.clone(),
        csrf: user.csrf.clone(),
        leader: p.leader,
        visions: p.visions,
        amas: p.amas,
        commitments: p.commitments,
        counts,
        consultations: p.consultations,
        reports: p.reports,
        c: crate::i18n::consultations::of(user.t),
        inbox: p.inbox.map(|(open, answered)| {
            fill(
                &fill(l.inbox_counts, "open", &open.to_string()),
                "answered",
                &answered.to_string(),
            )
        }),
        is_me: p.is_me,
        ama_spaces,
    })
}

#[derive(Debug, Deserialize)]
struct AmaForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    space_id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

/// `POST /leaders/ama`: a question post tagged `#ama` by a leader.
async fn start_ama(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(f): Form<AmaForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let actor = user.actor();
    let back = format!("/leaders/{}", user.person.handle);
    match leaders::is_leader(&state.ctx, &actor).await {
        Ok(true) => {}
        Ok(false) => {
            return service_error_page(&samspill_services::Error::Forbidden, &user, &headers);
        }
        Err(e) => return service_error_page(&e, &user, &headers),
    }
    let Ok(space_id) = f.space_id.parse::<SpaceId>() else {
        return crate::ui::flash::redirect(&back, crate::ui::flash::Flash::Conflict);
    };
    let tag = format!("#{AMA_TOPIC}");
    let body = if f.body.contains(&tag) {
        f.body
    } else {
        format!("{}\n\n{tag}", f.body.trim_end())
    };
    let input = PostInput {
        space_id,
        kind: "question".to_owned(),
        title: f.title,
        body,
        options: Vec::new(),
        important: false,
        ..PostInput::default()
    };
    match posts::create_post(&state.ctx, &actor, &input).await {
        Ok(p) => Redirect::to(&format!("/posts/{}", p.id)).into_response(),
        Err(e) => match crate::ui::flash::Flash::of(&e) {
            Some(why) => crate::ui::flash::redirect(&back, why),
            None => service_error_page(&e, &user, &headers),
        },
    }
}
