//! `/surveys`: pulse surveys, their phases, answers and results by unit.
//! Handlers call one use case each; wire types live here.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samspill_domain::UnitId;
use samspill_domain::surveys::{Question, RawAnswer};
use samspill_services::leadership::surveys::{
    self as surveys, Figures, QuestionFigures, SurveyDetail, SurveyInput, SurveyResults,
    SurveySummary,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::extract::{ApiJson, ApiQuery, parse_id};
use crate::api::types::{PersonRefJson, rfc3339};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Registers this area's operations.
pub(crate) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(list_surveys, create_survey))
        .routes(routes!(get_survey))
        .routes(routes!(set_phase))
        .routes(routes!(answer_survey))
        .routes(routes!(survey_results))
}

/// A question.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub(crate) struct QuestionJson {
    /// `scale` (1–5), `enps` (0–10) or `text`.
    kind: String,
    text: String,
}

impl From<&Question> for QuestionJson {
    fn from(q: &Question) -> Self {
        Self {
            kind: q.kind.as_str().to_owned(),
            text: q.text.clone(),
        }
    }
}

/// A unit of the audience (with everything below it).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SurveyUnitJson {
    id: String,
    path: String,
}

/// A survey.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SurveyJson {
    id: String,
    title: String,
    owner: PersonRefJson,
    /// The phase that applies now: `draft`, `open` or `closed` (an open
    /// survey past its closing time is `closed`).
    phase: String,
    opens_at: String,
    closes_at: String,
    /// k: results per group only where at least k answered.
    min_group_size: u64,
    questions: Vec<QuestionJson>,
    audience: Vec<SurveyUnitJson>,
    audience_unit_ids: Vec<String>,
    /// You asked it.
    is_owner: bool,
    /// You are in its audience.
    in_audience: bool,
    /// You have answered it.
    answered: bool,
    /// You may answer it now.
    can_answer: bool,
    /// You may read its results now.
    can_see_results: bool,
    created_at: String,
}

fn owner(s: &surveys::SurveyView) -> PersonRefJson {
    PersonRefJson {
        id: s.owner_id.to_string(),
        handle: s.owner_handle.clone(),
        name: s.owner_name.clone(),
    }
}

impl From<&SurveyDetail> for SurveyJson {
    fn from(d: &SurveyDetail) -> Self {
        let s = &d.survey;
        Self {
            id: s.id.to_string(),
            title: s.title.clone(),
            owner: owner(s),
            phase: d.phase.as_str().to_owned(),
            opens_at: rfc3339(s.opens_at),
            closes_at: rfc3339(s.closes_at),
            min_group_size: s.min_group_size,
            questions: d.questions.iter().map(Into::into).collect(),
            audience: d
                .audience
                .iter()
                .map(|(id, path)| SurveyUnitJson {
                    id: id.to_string(),
                    path: path.clone(),
                })
                .collect(),
            audience_unit_ids: d.audience.iter().map(|(id, _)| id.to_string()).collect(),
            is_owner: d.is_owner,
            in_audience: s.in_audience,
            answered: s.answered,
            can_answer: d.can_answer,
            can_see_results: d.can_see_results,
            created_at: rfc3339(s.created_at),
        }
    }
}

/// A survey in a list.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SurveySummaryJson {
    id: String,
    title: String,
    owner: PersonRefJson,
    phase: String,
    opens_at: String,
    closes_at: String,
    min_group_size: u64,
    is_owner: bool,
    in_audience: bool,
    answered: bool,
    can_answer: bool,
    created_at: String,
}

impl From<&SurveySummary> for SurveySummaryJson {
    fn from(x: &SurveySummary) -> Self {
        let s = &x.survey;
        Self {
            id: s.id.to_string(),
            title: s.title.clone(),
            owner: owner(s),
            phase: x.phase.as_str().to_owned(),
            opens_at: rfc3339(s.opens_at),
            closes_at: rfc3339(s.closes_at),
            min_group_size: s.min_group_size,
            is_owner: x.is_owner,
            in_audience: s.in_audience,
            answered: s.answered,
            can_answer: x.can_answer,
            created_at: rfc3339(s.created_at),
        }
    }
}

/// `{"survey": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SurveyResponse {
    survey: SurveyJson,
}

fn one(d: &SurveyDetail) -> Json<SurveyResponse> {
    Json(SurveyResponse { survey: d.into() })
}

/// A survey to create (a draft; it opens at `opens_at`, or when you open it).
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CreateSurveyRequest {
    title: String,
    /// 1–30 questions.
    questions: Vec<QuestionJson>,
    /// Units you lead (or below them); an administrator may name any.
    audience_unit_ids: Vec<String>,
    /// RFC 3339; absent: now (the survey opens within a minute).
    #[serde(default)]
    opens_at: Option<String>,
    /// RFC 3339, in the future and after `opens_at`.
    closes_at: String,
    /// At least 3; default 5.
    #[serde(default)]
    min_group_size: Option<i64>,
}

fn invalid(field: &str, why: &str) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
        "some fields are not valid",
    );
    e.fields.insert(field.to_owned(), why.to_owned());
    e
}

/// Creates a survey (a leader or administrator) as a draft.
#[utoipa::path(post, path = "/surveys", tag = "surveys", request_body = CreateSurveyRequest,
    responses((status = 201, body = SurveyResponse), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn create_survey(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<CreateSurveyRequest>,
) -> Result<(StatusCode, Json<SurveyResponse>), ApiError> {
    let audience = req
        .audience_unit_ids
        .iter()
        .map(|u| u.parse::<UnitId>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| invalid("audience_unit_ids", "not unit ids"))?;
    let input = SurveyInput {
        title: req.title,
        questions: req
            .questions
            .into_iter()
            .map(|q| (q.kind, q.text))
            .collect(),
        audience_unit_ids: audience,
        opens_at: req.opens_at.unwrap_or_default(),
        closes_at: req.closes_at,
        min_group_size: req.min_group_size,
    };
    let d = surveys::create_survey(&state.ctx, &user.actor(), &input).await?;
    Ok((StatusCode::CREATED, one(&d)))
}

/// Paging of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListParams {
    /// From a previous `next_cursor`.
    cursor: Option<String>,
    /// 1–100, default 20.
    limit: Option<i64>,
}

/// A page of surveys.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SurveysResponse {
    surveys: Vec<SurveySummaryJson>,
    next_cursor: Option<String>,
}

/// The surveys you asked (any phase) and, once open, those addressed to you
/// (`can_answer` marks the ones still to answer), newest first.
#[utoipa::path(get, path = "/surveys", tag = "surveys", params(ListParams),
    responses((status = 200, body = SurveysResponse), (status = 422, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_surveys(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<SurveysResponse>, ApiError> {
    let page =
        surveys::list_surveys(&state.ctx, &user.actor(), p.cursor.as_deref(), p.limit).await?;
    Ok(Json(SurveysResponse {
        surveys: page.items.iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One survey with its questions.
#[utoipa::path(get, path = "/surveys/{id}", tag = "surveys", params(("id" = String, Path)),
    responses((status = 200, body = SurveyResponse), (status = 404, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_survey(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<SurveyResponse>, ApiError> {
    let d = surveys::get_survey(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    Ok(one(&d))
}

/// The next phase.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct SurveyPhaseRequest {
    /// `open` (a draft, now) or `closed` (an open survey, now).
    phase: String,
}

/// Opens or closes a survey by hand (its owner); only forward, one step.
#[utoipa::path(post, path = "/surveys/{id}/phase", tag = "surveys", params(("id" = String, Path)), request_body = SurveyPhaseRequest,
    responses((status = 200, body = SurveyResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn set_phase(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SurveyPhaseRequest>,
) -> Result<Json<SurveyResponse>, ApiError> {
    let d = surveys::set_phase(&state.ctx, &user.actor(), parse_id(&id)?, &req.phase).await?;
    Ok(one(&d))
}

/// One answer per question, in order: a whole number for `scale` (1–5)
/// and `enps` (0–10), a string (or null to skip) for `text`.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct AnswerRequest {
    #[schema(value_type = Vec<Object>)]
    answers: Vec<serde_json::Value>,
}

fn raw_answer(v: &serde_json::Value) -> RawAnswer {
    match v {
        serde_json::Value::Null => RawAnswer::Missing,
        serde_json::Value::String(s) => RawAnswer::Text(s.clone()),
        // A fraction, a huge number, a boolean, a list: out of every range.
        serde_json::Value::Number(n) => RawAnswer::Number(n.as_i64().unwrap_or(i64::MIN)),
        _ => RawAnswer::Number(i64::MIN),
    }
}

/// Answers a survey, once (the audience, while it is open). Whether you
/// answered is stored apart from what you answered.
#[utoipa::path(post, path = "/surveys/{id}/responses", tag = "surveys", params(("id" = String, Path)), request_body = AnswerRequest,
    responses((status = 201, body = SurveyResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn answer_survey(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<AnswerRequest>,
) -> Result<(StatusCode, Json<SurveyResponse>), ApiError> {
    let id = parse_id(&id)?;
    let answers: Vec<RawAnswer> = req.answers.iter().map(raw_answer).collect();
    let actor = user.actor();
    surveys::answer(&state.ctx, &actor, id, &answers).await?;
    let d = surveys::get_survey(&state.ctx, &actor, id).await?;
    Ok((StatusCode::CREATED, one(&d)))
}

/// How results are grouped.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ResultsParams {
    /// `unit` (the only grouping, and the default).
    by: Option<String>,
}

/// One question's figures in a group.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct QuestionResultJson {
    position: usize,
    kind: String,
    /// Per score, lowest first (scale: 1–5, enps: 0–10); empty for text.
    distribution: Vec<u64>,
    mean: Option<f64>,
    /// eNPS questions: % promoters (9–10) minus % detractors (0–6).
    enps: Option<i64>,
    promoters: Option<u64>,
    passives: Option<u64>,
    detractors: Option<u64>,
}

fn question_json(i: usize, q: &QuestionFigures) -> QuestionResultJson {
    QuestionResultJson {
        position: i,
        kind: q.kind.as_str().to_owned(),
        distribution: q.distribution.clone(),
        mean: q.mean,
        enps: q.enps,
        promoters: q.enps_groups.map(|g| g.0),
        passives: q.enps_groups.map(|g| g.1),
        detractors: q.enps_groups.map(|g| g.2),
    }
}

/// A group's figures over its subtree, or `"suppressed": true` and nothing
/// else.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct GroupResultJson {
    /// The unit (absent for the total).
    #[serde(skip_serializing_if = "Option::is_none")]
    unit_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit_name: Option<String>,
    /// The unit's parent in this view (absent for roots and the total).
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    responses: Option<u64>,
    /// Audience people in the subtree when the survey closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    population: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    questions: Option<Vec<QuestionResultJson>>,
}

fn group_json(unit: Option<&surveys::SurveyGroup>, f: &Figures) -> GroupResultJson {
    let mut g = GroupResultJson {
        unit_id: unit.map(|u| u.unit_id.to_string()),
        unit_name: unit.map(|u| u.name.clone()),
        parent_id: unit.and_then(|u| u.parent_id).map(|p| p.to_string()),
        suppressed: None,
        responses: None,
        population: None,
        questions: None,
    };
    match f {
        Figures::Suppressed => g.suppressed = Some(true),
        Figures::Shown {
            population,
            responses,
            questions,
        } => {
            g.responses = Some(*responses);
            g.population = Some(*population);
            g.questions = Some(
                questions
                    .iter()
                    .enumerate()
                    .map(|(i, q)| question_json(i, q))
                    .collect(),
            );
        }
    }
    g
}

/// A text question's comments over the whole survey.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CommentsJson {
    position: usize,
    /// Fewer than k wrote one (or the total is suppressed): no texts.
    suppressed: bool,
    /// In random order.
    texts: Vec<String>,
}

/// A closed survey's results.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ResultsJson {
    survey_id: String,
    title: String,
    min_group_size: u64,
    questions: Vec<QuestionJson>,
    total: GroupResultJson,
    units: Vec<GroupResultJson>,
    comments: Vec<CommentsJson>,
}

/// `{"results": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ResultsResponse {
    results: ResultsJson,
}

impl From<&SurveyResults> for ResultsJson {
    fn from(r: &SurveyResults) -> Self {
        Self {
            survey_id: r.survey.id.to_string(),
            title: r.survey.title.clone(),
            min_group_size: r.survey.min_group_size,
            questions: r.questions.iter().map(Into::into).collect(),
            total: group_json(None, &r.total),
            units: r
                .units
                .iter()
                .map(|u| group_json(Some(&u.group), &u.figures))
                .collect(),
            comments: r
                .comments
                .iter()
                .map(|c| CommentsJson {
                    position: c.position,
                    suppressed: c.suppressed,
                    texts: c.texts.clone(),
                })
                .collect(),
        }
    }
}

/// A closed survey's results per unit (the owner and administrators): each
/// unit's figures over its subtree, or `{"unit_id","suppressed":true}`
/// where fewer than k answered or where showing it would let a small group
/// be computed from the others.
#[utoipa::path(get, path = "/surveys/{id}/results", tag = "surveys", params(("id" = String, Path), ResultsParams),
    responses((status = 200, body = ResultsResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn survey_results(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<ResultsParams>,
) -> Result<Json<ResultsResponse>, ApiError> {
    if p.by.as_deref().is_some_and(|b| b != "unit") {
        return Err(invalid("by", "only `unit`"));
    }
    let r = surveys::results(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    Ok(Json(ResultsResponse {
        results: (&r).into(),
    }))
}
