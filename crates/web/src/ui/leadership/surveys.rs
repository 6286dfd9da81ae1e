//! Survey pages: the list (to answer first), the form for a new one (N
//! question rows, one more on request; empty rows are left out), a survey's
//! page (facts, the owner's open/close buttons, the answer form), and the
//! results: per question a distribution chart and, for eNPS, a gauge (inline
//! SVG made here, each with a text and table alternative), and a table by
//! unit with suppressed units marked. Every form posts, redirects back and
//! works without JavaScript.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use samspill_domain::UnitId;
use samspill_domain::surveys::{MAX_QUESTIONS, QuestionKind, RawAnswer, SurveyId, SurveyPhase};
use samspill_services::leadership::surveys::{
    self as surveys, Figures, QuestionFigures, SurveyDetail, SurveyInput, SurveyResults,
    SurveySummary,
};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::surveys::{self as words, SurveyMsgs};
use crate::i18n::{Msgs, fill};
use crate::ui::flash::{self, Flash};
use crate::ui::{Nav, csrf_failed, error_page, field_errors, nav, render, service_error_page};

/// Adds this area's pages.
pub(crate) fn routes(r: Router<AppState>) -> Router<AppState> {
    r.route("/surveys", get(list).post(create))
        .route("/surveys/new", get(new_form))
        .route("/surveys/{id}", get(page))
        .route("/surveys/{id}/phase", post(set_phase))
        .route("/surveys/{id}/responses", post(answer))
        .route("/surveys/{id}/results", get(results))
}

/// `2026-12-01 10:00 UTC`
fn when(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// A survey in a list, as its row shows it.
pub(crate) struct Row {
    s: SurveySummary,
    closes: String,
}

#[derive(Template)]
#[template(path = "surveys.html")]
struct ListPage {
    t: &'static Msgs,
    w: &'static SurveyMsgs,
    nav: Option<Nav>,
    page_title: String,
    can_create: bool,
    to_answer: Vec<Row>,
    mine: Vec<Row>,
    others: Vec<Row>,
}

/// `GET /surveys`: the ones to answer first, then mine, then the rest.
pub(crate) async fn list(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
) -> Response {
    let actor = user.actor();
    let page = match surveys::list_surveys(&state.ctx, &actor, None, Some(100)).await {
        Ok(p) => p,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let (mut to_answer, mut mine, mut others) = (Vec::new(), Vec::new(), Vec::new());
    for s in page.items {
        let row = Row {
            closes: when(s.survey.closes_at),
            s,
        };
        if row.s.can_answer {
            to_answer.push(row);
        } else if row.s.is_owner {
            mine.push(row);
        } else {
            others.push(row);
        }
    }
    let w = words::of(user.t);
    render(&ListPage {
        t: user.t,
        w,
        nav: nav(&state, &user, "surveys").await,
        page_title: w.title.to_owned(),
        can_create: surveys::can_create(&state.ctx, &actor)
            .await
            .unwrap_or(false),
        to_answer,
        mine,
        others,
    })
}

/// One question row of the new-survey form.
#[derive(Debug, Default, Clone)]
pub(crate) struct QuestionRow {
    kind: String,
    text: String,
}

/// The new-survey form's fields.
#[derive(Debug, Default, Clone)]
pub(crate) struct NewForm {
    csrf: String,
    action: String,
    title: String,
    questions: Vec<QuestionRow>,
    audience_unit_ids: Vec<String>,
    opens_at: String,
    closes_at: String,
    min_group_size: String,
}

impl NewForm {
    /// From the posted pairs (`kind_N`/`text_N` per row; the audience is a
    /// multiple select).
    fn of(pairs: Vec<(String, String)>) -> Self {
        let mut f = Self::default();
        let mut rows: BTreeMap<usize, QuestionRow> = BTreeMap::new();
        for (k, v) in pairs {
            if let Some(i) = k.strip_prefix("kind_").and_then(|i| i.parse().ok()) {
                rows.entry(i).or_default().kind = v;
            } else if let Some(i) = k.strip_prefix("text_").and_then(|i| i.parse().ok()) {
                rows.entry(i).or_default().text = v;
            } else {
                match k.as_str() {
                    "csrf" => f.csrf = v,
                    "action" => f.action = v,
                    "title" => f.title = v,
                    "audience_unit_ids" => f.audience_unit_ids.push(v),
                    "opens_at" => f.opens_at = v,
                    "closes_at" => f.closes_at = v,
                    "min_group_size" => f.min_group_size = v,
                    _ => {}
                }
            }
        }
        f.questions = rows.into_values().take(MAX_QUESTIONS).collect();
        f
    }
}

#[derive(Template)]
#[template(path = "survey_new.html")]
struct NewPage {
    t: &'static Msgs,
    w: &'static SurveyMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    units: Vec<(UnitId, String)>,
    f: NewForm,
    kinds: [QuestionKind; 3],
    errors: BTreeMap<String, &'static str>,
}

impl NewPage {
    fn chosen(&self, id: &UnitId) -> bool {
        self.f.audience_unit_ids.contains(&id.to_string())
    }

    fn error(&self, field: &str) -> Option<&'static str> {
        self.errors.get(field).copied()
    }

    fn label(&self, i: &usize) -> String {
        fill(self.w.question_n, "n", &(i + 1).to_string())
    }
}

/// A `datetime-local` value (`2026-12-01T10:00`), read as UTC.
fn local_as_utc(v: &str) -> String {
    if v.len() == 16 {
        format!("{v}:00Z")
    } else {
        v.to_owned()
    }
}

async fn new_page(
    state: &AppState,
    user: &UiUser,
    headers: &HeaderMap,
    mut f: NewForm,
    errors: BTreeMap<String, &'static str>,
) -> Response {
    let actor = user.actor();
    match surveys::can_create(&state.ctx, &actor).await {
        Ok(true) => {}
        Ok(false) => return error_page(StatusCode::FORBIDDEN, Some(user), headers),
        Err(e) => return service_error_page(&e, user, headers),
    }
    let units = match surveys::addressable_units(&state.ctx, &actor).await {
        Ok(u) => u,
        Err(e) => return service_error_page(&e, user, headers),
    };
    while f.questions.len() < 3 {
        f.questions.push(QuestionRow {
            kind: "scale".into(),
            text: String::new(),
        });
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let w = words::of(user.t);
    (
        status,
        render(&NewPage {
            t: user.t,
            w,
            nav: nav(state, user, "surveys").await,
            page_title: w.new_title.to_owned(),
            csrf: user.csrf.clone(),
            units,
            f,
            kinds: QuestionKind::ALL,
            errors,
        }),
    )
        .into_response()
}

/// `GET /surveys/new`
pub(crate) async fn new_form(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
) -> Response {
    let f = NewForm {
        min_group_size: "5".into(),
        questions: vec![
            QuestionRow {
                kind: "scale".into(),
                text: String::new(),
            },
            QuestionRow {
                kind: "enps".into(),
                text: String::new(),
            },
            QuestionRow {
                kind: "text".into(),
                text: String::new(),
            },
        ],
        ..NewForm::default()
    };
    new_page(&state, &user, &headers, f, BTreeMap::new()).await
}

/// `POST /surveys`: `action=add` shows the form with one more row;
/// otherwise saves a draft and shows it.
pub(crate) async fn create(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let mut f = NewForm::of(pairs);
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    if f.action == "add" {
        if f.questions.len() < MAX_QUESTIONS {
            f.questions.push(QuestionRow {
                kind: "scale".into(),
                text: String::new(),
            });
        }
        return new_page(&state, &user, &headers, f, BTreeMap::new()).await;
    }
    let min_group_size = match f.min_group_size.trim() {
        "" => None,
        k => Some(k.parse::<i64>().unwrap_or(0)),
    };
    let input = SurveyInput {
        title: f.title.clone(),
        questions: f
            .questions
            .iter()
            .filter(|q| !q.text.trim().is_empty())
            .map(|q| (q.kind.clone(), q.text.clone()))
            .collect(),
        audience_unit_ids: f
            .audience_unit_ids
            .iter()
            .filter_map(|u| u.parse().ok())
            .collect(),
        opens_at: local_as_utc(&f.opens_at),
        closes_at: local_as_utc(&f.closes_at),
        min_group_size,
    };
    match surveys::create_survey(&state.ctx, &user.actor(), &input).await {
        Ok(d) => Redirect::to(&format!("/surveys/{}", d.survey.id)).into_response(),
        Err(samspill_services::Error::Invalid(errors)) => {
            let errors = field_errors(user.t, &errors);
            new_page(&state, &user, &headers, f, errors).await
        }
        Err(e) => service_error_page(&e, &user, &headers),
    }
}

/// One question of the answer form.
pub(crate) struct AnswerRow {
    i: usize,
    kind: QuestionKind,
    text: String,
    scores: Vec<u8>,
}

#[derive(Template)]
#[template(path = "survey.html")]
struct Page {
    t: &'static Msgs,
    w: &'static SurveyMsgs,
    nav: Option<Nav>,
    page_title: String,
    csrf: String,
    d: SurveyDetail,
    rows: Vec<AnswerRow>,
    opens: String,
    closes: String,
    privacy: String,
    k_note: String,
}

/// `GET /surveys/{id}`
pub(crate) async fn page(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<SurveyId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let d = match surveys::get_survey(&state.ctx, &user.actor(), id).await {
        Ok(d) => d,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let rows = d
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| AnswerRow {
            i,
            kind: q.kind,
            text: q.text.clone(),
            scores: q.kind.scores().collect(),
        })
        .collect();
    let w = words::of(user.t);
    let k = d.survey.min_group_size.to_string();
    render(&Page {
        t: user.t,
        w,
        nav: nav(&state, &user, "surveys").await,
        page_title: d.survey.title.clone(),
        csrf: user.csrf.clone(),
        opens: when(d.survey.opens_at),
        closes: when(d.survey.closes_at),
        privacy: fill(w.privacy_note, "k", &k),
        k_note: fill(w.k_note, "k", &k),
        rows,
        d,
    })
}

/// Where a form goes back to; `Invalid` and `Conflict` leave a flash.
fn back(
    to: &str,
    result: samspill_services::Result<()>,
    user: &UiUser,
    headers: &HeaderMap,
) -> Response {
    match result {
        Ok(()) => Redirect::to(to).into_response(),
        Err(e) => match Flash::of(&e) {
            Some(why) => flash::redirect(to, why),
            None => service_error_page(&e, user, headers),
        },
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct PhaseForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    phase: String,
}

/// `POST /surveys/{id}/phase`
pub(crate) async fn set_phase(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<PhaseForm>,
) -> Response {
    if !user.csrf_ok(&f.csrf) {
        return csrf_failed(&user, &headers);
    }
    let Ok(id) = id.parse::<SurveyId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let r = surveys::set_phase(&state.ctx, &user.actor(), id, &f.phase).await;
    back(&format!("/surveys/{id}"), r.map(|_| ()), &user, &headers)
}

/// `POST /surveys/{id}/responses`: `q0`, `q1`, … one per question.
pub(crate) async fn answer(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if !user.csrf_ok(&field("csrf").unwrap_or_default()) {
        return csrf_failed(&user, &headers);
    }
    let Ok(id) = id.parse::<SurveyId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let actor = user.actor();
    let d = match surveys::get_survey(&state.ctx, &actor, id).await {
        Ok(d) => d,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let answers: Vec<RawAnswer> = d
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| match (q.kind, field(&format!("q{i}"))) {
            (_, None) => RawAnswer::Missing,
            (QuestionKind::Text, Some(v)) => RawAnswer::Text(v),
            (_, Some(v)) => v
                .trim()
                .parse()
                .map_or(RawAnswer::Number(i64::MIN), RawAnswer::Number),
        })
        .collect();
    let r = surveys::answer(&state.ctx, &actor, id, &answers).await;
    back(&format!("/surveys/{id}"), r, &user, &headers)
}

/// One bar of a distribution chart, laid out in SVG units.
pub(crate) struct Bar {
    label: String,
    count: u64,
    y: u32,
    text_y: u32,
    width: u32,
    count_x: u32,
}

/// A horizontal bar chart of one question's distribution.
pub(crate) struct Chart {
    bars: Vec<Bar>,
    height: u32,
    alt: String,
}

const BAR_MAX: u64 = 220;
const ROW: u32 = 22;

fn chart(w: &SurveyMsgs, kind: QuestionKind, distribution: &[u64]) -> Chart {
    let max = distribution.iter().copied().max().unwrap_or(0).max(1);
    let bars: Vec<Bar> = kind
        .scores()
        .zip(distribution)
        .enumerate()
        .map(|(i, (score, count))| {
            let y = u32::try_from(i).unwrap_or(0) * ROW;
            let width = u32::try_from(count * BAR_MAX / max).unwrap_or(0);
            Bar {
                label: score.to_string(),
                count: *count,
                y: y + 3,
                text_y: y + 16,
                width,
                count_x: 44 + width + 6,
            }
        })
        .collect();
    let text = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.count))
        .collect::<Vec<_>>()
        .join(", ");
    Chart {
        height: u32::try_from(bars.len()).unwrap_or(0) * ROW + 4,
        bars,
        alt: fill(w.chart_alt, "text", &text),
    }
}

/// An eNPS gauge: a half circle from −100 (left) to 100 (right), with the
/// needle at the score.
pub(crate) struct Gauge {
    score: i64,
    needle_x: String,
    needle_y: String,
    alt: String,
    groups: (u64, u64, u64),
}

fn gauge(w: &SurveyMsgs, score: i64, groups: (u64, u64, u64)) -> Gauge {
    #[expect(clippy::cast_precision_loss, reason = "a score from -100 to 100")]
    let angle = std::f64::consts::PI * (1.0 - (score as f64 + 100.0) / 200.0);
    Gauge {
        score,
        needle_x: format!("{:.1}", 100.0 + 70.0 * angle.cos()),
        needle_y: format!("{:.1}", 100.0 - 70.0 * angle.sin()),
        alt: fill(w.gauge_alt, "n", &score.to_string()),
        groups,
    }
}

/// A question's section of the results page.
pub(crate) struct QuestionBlock {
    i: usize,
    text: String,
    kind: QuestionKind,
    chart: Option<Chart>,
    mean: Option<String>,
    gauge: Option<Gauge>,
    comments: Option<(bool, Vec<String>)>,
}

/// One unit's row of the table by unit.
pub(crate) struct UnitLine {
    name: String,
    depth: usize,
    shown: bool,
    responses: String,
    /// Per numeric question: the mean (scale) or the eNPS.
    cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "survey_results.html")]
struct ResultsPage {
    t: &'static Msgs,
    w: &'static SurveyMsgs,
    nav: Option<Nav>,
    page_title: String,
    r: SurveyResults,
    total_line: Option<String>,
    blocks: Vec<QuestionBlock>,
    numeric: Vec<(usize, String, QuestionKind)>,
    lines: Vec<UnitLine>,
    suppressed: String,
    k_note: String,
}

fn mean_text(m: Option<f64>) -> String {
    m.map_or_else(String::new, |m| format!("{m:.1}"))
}

fn cell_text(q: &QuestionFigures) -> String {
    match q.kind {
        QuestionKind::Enps => q.enps.map_or_else(String::new, |e| e.to_string()),
        _ => mean_text(q.mean),
    }
}

/// `GET /surveys/{id}/results`
pub(crate) async fn results(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<SurveyId>() else {
        return error_page(StatusCode::NOT_FOUND, Some(&user), &headers);
    };
    let r = match surveys::results(&state.ctx, &user.actor(), id).await {
        Ok(r) => r,
        Err(e @ samspill_services::Error::Conflict { .. }) => {
            return back(&format!("/surveys/{id}"), Err(e), &user, &headers);
        }
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let w = words::of(user.t);
    let k = r.survey.min_group_size.to_string();
    let (total_line, total_questions) = match &r.total {
        Figures::Shown {
            population,
            responses,
            questions,
        } => (
            Some(fill(
                &fill(w.responses_of, "n", &responses.to_string()),
                "m",
                &population.to_string(),
            )),
            Some(questions),
        ),
        Figures::Suppressed => (None, None),
    };
    let blocks = r
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let figures = total_questions.and_then(|qs| qs.get(i));
            let numeric = q.kind != QuestionKind::Text;
            QuestionBlock {
                i,
                text: q.text.clone(),
                kind: q.kind,
                chart: figures
                    .filter(|_| numeric)
                    .map(|f| chart(w, q.kind, &f.distribution)),
                mean: figures.and_then(|f| f.mean).map(|m| format!("{m:.1}")),
                gauge: figures
                    .and_then(|f| f.enps.zip(f.enps_groups))
                    .map(|(s, g)| gauge(w, s, g)),
                comments: r
                    .comments
                    .iter()
                    .find(|c| c.position == i)
                    .map(|c| (c.suppressed, c.texts.clone())),
            }
        })
        .collect();
    let numeric: Vec<(usize, String, QuestionKind)> = r
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind != QuestionKind::Text)
        .map(|(i, q)| (i, q.text.clone(), q.kind))
        .collect();
    let lines = r
        .units
        .iter()
        .map(|u| match &u.figures {
            Figures::Shown {
                responses,
                population,
                questions,
            } => UnitLine {
                name: u.group.name.clone(),
                depth: u.depth,
                shown: true,
                responses: fill(
                    &fill(w.responses_of, "n", &responses.to_string()),
                    "m",
                    &population.to_string(),
                ),
                cells: numeric
                    .iter()
                    .map(|(i, _, _)| questions.get(*i).map(cell_text).unwrap_or_default())
                    .collect(),
            },
            Figures::Suppressed => UnitLine {
                name: u.group.name.clone(),
                depth: u.depth,
                shown: false,
                responses: String::new(),
                cells: Vec::new(),
            },
        })
        .collect();
    render(&ResultsPage {
        t: user.t,
        w,
        nav: nav(&state, &user, "surveys").await,
        page_title: format!("{} · {}", w.results_title, r.survey.title),
        total_line,
        blocks,
        numeric,
        lines,
        suppressed: fill(w.suppressed, "k", &k),
        k_note: fill(w.k_note, "k", &k),
        r,
    })
}

/// The home page's banner: the open surveys the person has yet to answer,
/// `(id, sentence)`; empty when none (or when they cannot be read).
pub(crate) async fn banner(state: &AppState, user: &UiUser) -> Vec<(String, String)> {
    let w = words::of(user.t);
    surveys::to_answer(&state.ctx, &user.actor())
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|s| {
            (
                s.survey.id.to_string(),
                fill(w.banner, "title", &s.survey.title),
            )
        })
        .collect()
}

impl ResultsPage {
    fn comments_suppressed(&self) -> String {
        fill(
            self.w.comments_suppressed,
            "k",
            &self.r.survey.min_group_size.to_string(),
        )
    }
}

impl Page {
    fn is_draft(&self) -> bool {
        self.d.phase == SurveyPhase::Draft
    }

    fn is_open(&self) -> bool {
        self.d.phase == SurveyPhase::Open
    }
}
