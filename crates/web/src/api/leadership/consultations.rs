//! `/consultations` and `/ideas`: consultations with an involvement scope,
//! their phases, ideas, votes, comments, statuses and the "you said, we
//! did" report. Handlers call one use case each; wire types live here.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samspill_domain::UnitId;
use samspill_services::leadership::consultations::{
    self as consultations, ConsultationDetail, ConsultationInput, ConsultationSummary,
    IdeaCommentView, IdeaView, ideas,
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
    r.routes(routes!(list_consultations, create_consultation))
        .routes(routes!(get_consultation))
        .routes(routes!(set_phase))
        .routes(routes!(submit_idea))
        .routes(routes!(vote, unvote))
        .routes(routes!(set_status))
        .routes(routes!(comment_idea))
        .routes(routes!(save_report))
}

/// The involvement scope, shown at the top of every consultation.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ScopeJson {
    decided: String,
    open_for_input: String,
    out_of_scope: String,
    decided_by: String,
    decision_rule: String,
}

/// A unit of the audience (with everything below it).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AudienceUnitJson {
    id: String,
    path: String,
}

/// A comment on an idea.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IdeaCommentJson {
    id: String,
    author: PersonRefJson,
    body: String,
    /// Sanitized HTML.
    body_html: String,
    created_at: String,
}

impl From<&IdeaCommentView> for IdeaCommentJson {
    fn from(c: &IdeaCommentView) -> Self {
        Self {
            id: c.id.to_string(),
            author: PersonRefJson {
                id: c.author_id.to_string(),
                handle: c.author_handle.clone(),
                name: c.author_name.clone(),
            },
            body: c.body.clone(),
            body_html: c.body_html.clone(),
            created_at: rfc3339(c.created_at),
        }
    }
}

/// An idea with its votes, status and outcome.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IdeaJson {
    id: String,
    consultation_id: String,
    author: PersonRefJson,
    title: String,
    body: String,
    /// Sanitized HTML.
    body_html: String,
    /// `under_review`, `accepted`, `declined`, `parked`, `implemented`, or null.
    status: Option<String>,
    explanation: String,
    /// The report's line for this idea.
    outcome: Option<String>,
    votes: i64,
    my_vote: bool,
    comments: Vec<IdeaCommentJson>,
    created_at: String,
}

fn idea_json(i: &IdeaView, comments: &[IdeaCommentView]) -> IdeaJson {
    IdeaJson {
        id: i.id.to_string(),
        consultation_id: i.consultation_id.to_string(),
        author: PersonRefJson {
            id: i.author_id.to_string(),
            handle: i.author_handle.clone(),
            name: i.author_name.clone(),
        },
        title: i.title.clone(),
        body: i.body.clone(),
        body_html: i.body_html.clone(),
        status: i.status.map(|s| s.as_str().to_owned()),
        explanation: i.explanation.clone(),
        outcome: i.outcome.clone(),
        votes: i.votes,
        my_vote: i.my_vote,
        comments: comments
            .iter()
            .filter(|c| c.idea_id == i.id)
            .map(Into::into)
            .collect(),
        created_at: rfc3339(i.created_at),
    }
}

/// The "you said, we did" report.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ReportJson {
    body: String,
    /// Sanitized HTML.
    body_html: String,
    reported_at: Option<String>,
}

/// A consultation with its scope, dates, audience and ideas.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ConsultationJson {
    id: String,
    title: String,
    body: String,
    /// Sanitized HTML.
    body_html: String,
    author: PersonRefJson,
    scope: ScopeJson,
    /// The phase that applies now: an open consultation past its closing
    /// time is `reviewing`.
    phase: String,
    input_closes_at: String,
    decision_due_at: String,
    /// Not decided yet and the promised decision date has passed.
    overdue: bool,
    /// `audience` or `everyone`.
    visible_to: String,
    audience: Vec<AudienceUnitJson>,
    ideas: Vec<IdeaJson>,
    report: Option<ReportJson>,
    is_leader: bool,
    can_take_part: bool,
    created_at: String,
}

impl From<&ConsultationDetail> for ConsultationJson {
    fn from(d: &ConsultationDetail) -> Self {
        let c = &d.consultation;
        Self {
            id: c.id.to_string(),
            title: c.title.clone(),
            body: c.body.clone(),
            body_html: c.body_html.clone(),
            author: PersonRefJson {
                id: c.author_id.to_string(),
                handle: c.author_handle.clone(),
                name: c.author_name.clone(),
            },
            scope: ScopeJson {
                decided: c.decided.clone(),
                open_for_input: c.open_for_input.clone(),
                out_of_scope: c.out_of_scope.clone(),
                decided_by: c.decided_by.clone(),
                decision_rule: c.decision_rule.clone(),
            },
            phase: d.phase.as_str().to_owned(),
            input_closes_at: rfc3339(c.input_closes_at),
            decision_due_at: rfc3339(c.decision_due_at),
            overdue: d.overdue,
            visible_to: c.visible_to.as_str().to_owned(),
            audience: d
                .audience
                .iter()
                .map(|(id, path)| AudienceUnitJson {
                    id: id.to_string(),
                    path: path.clone(),
                })
                .collect(),
            ideas: d.ideas.iter().map(|i| idea_json(i, &d.comments)).collect(),
            report: c.report_body.as_ref().map(|body| ReportJson {
                body: body.clone(),
                body_html: c.report_html.clone().unwrap_or_default(),
                reported_at: c.reported_at.map(rfc3339),
            }),
            is_leader: d.is_leader,
            can_take_part: d.can_take_part,
            created_at: rfc3339(c.created_at),
        }
    }
}

/// A consultation in a list.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ConsultationSummaryJson {
    id: String,
    title: String,
    author: PersonRefJson,
    phase: String,
    input_closes_at: String,
    decision_due_at: String,
    overdue: bool,
    idea_count: i64,
    created_at: String,
}

impl From<&ConsultationSummary> for ConsultationSummaryJson {
    fn from(c: &ConsultationSummary) -> Self {
        Self {
            id: c.id.to_string(),
            title: c.title.clone(),
            author: PersonRefJson {
                id: c.author_id.to_string(),
                handle: c.author_handle.clone(),
                name: c.author_name.clone(),
            },
            phase: c.phase.as_str().to_owned(),
            input_closes_at: rfc3339(c.input_closes_at),
            decision_due_at: rfc3339(c.decision_due_at),
            overdue: c.overdue,
            idea_count: c.idea_count,
            created_at: rfc3339(c.created_at),
        }
    }
}

/// `{"consultation": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ConsultationResponse {
    consultation: ConsultationJson,
}

fn one(d: &ConsultationDetail) -> Json<ConsultationResponse> {
    Json(ConsultationResponse {
        consultation: d.into(),
    })
}

/// A consultation to start (a draft).
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CreateConsultationRequest {
    title: String,
    /// Markdown.
    body: String,
    decided: String,
    open_for_input: String,
    out_of_scope: String,
    decided_by: String,
    decision_rule: String,
    /// RFC 3339; in the future.
    input_closes_at: String,
    /// RFC 3339; not before `input_closes_at`.
    decision_due_at: String,
    /// Units you lead (or below them); an administrator may name any.
    audience_unit_ids: Vec<String>,
    /// `audience` or `everyone`.
    visible_to: String,
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

/// Starts a consultation as a draft that only you see.
#[utoipa::path(post, path = "/consultations", tag = "consultations", request_body = CreateConsultationRequest,
    responses((status = 201, body = ConsultationResponse), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn create_consultation(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<CreateConsultationRequest>,
) -> Result<(StatusCode, Json<ConsultationResponse>), ApiError> {
    let audience = req
        .audience_unit_ids
        .iter()
        .map(|u| u.parse::<UnitId>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| invalid("audience_unit_ids", "not unit ids"))?;
    let input = ConsultationInput {
        title: req.title,
        body: req.body,
        decided: req.decided,
        open_for_input: req.open_for_input,
        out_of_scope: req.out_of_scope,
        decided_by: req.decided_by,
        decision_rule: req.decision_rule,
        input_closes_at: req.input_closes_at,
        decision_due_at: req.decision_due_at,
        audience_unit_ids: audience,
        visible_to: req.visible_to,
    };
    let d = consultations::create_consultation(&state.ctx, &user.actor(), &input).await?;
    Ok((StatusCode::CREATED, one(&d)))
}

/// Filter and paging of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListParams {
    /// Only this phase (as it applies now).
    phase: Option<String>,
    /// From a previous `next_cursor`.
    cursor: Option<String>,
    /// 1–100, default 20.
    limit: Option<i64>,
}

/// A page of consultations.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ConsultationsResponse {
    consultations: Vec<ConsultationSummaryJson>,
    next_cursor: Option<String>,
}

/// The consultations you may read, newest first.
#[utoipa::path(get, path = "/consultations", tag = "consultations", params(ListParams),
    responses((status = 200, body = ConsultationsResponse), (status = 422, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_consultations(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<ConsultationsResponse>, ApiError> {
    let page = consultations::list_consultations(
        &state.ctx,
        &user.actor(),
        p.phase.as_deref(),
        p.cursor.as_deref(),
        p.limit,
    )
    .await?;
    Ok(Json(ConsultationsResponse {
        consultations: page.items.iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One consultation, with its scope, ideas and report.
#[utoipa::path(get, path = "/consultations/{id}", tag = "consultations", params(("id" = String, Path)),
    responses((status = 200, body = ConsultationResponse), (status = 404, body = ErrorBody)), security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_consultation(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ConsultationResponse>, ApiError> {
    let d = consultations::get_consultation(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    Ok(one(&d))
}

/// The next phase.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct PhaseRequest {
    /// `open`, `reviewing`, `decided` or `closed`.
    phase: String,
}

/// Moves a consultation one phase forward (its leader); closing needs the
/// report and a status on every idea.
#[utoipa::path(post, path = "/consultations/{id}/phase", tag = "consultations", params(("id" = String, Path)), request_body = PhaseRequest,
    responses((status = 200, body = ConsultationResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn set_phase(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PhaseRequest>,
) -> Result<Json<ConsultationResponse>, ApiError> {
    let d = consultations::set_phase(&state.ctx, &user.actor(), parse_id(&id)?, &req.phase).await?;
    Ok(one(&d))
}

/// An idea to submit.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct IdeaRequest {
    title: String,
    /// Markdown.
    #[serde(default)]
    body: String,
}

/// `{"idea": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IdeaResponse {
    idea: IdeaJson,
}

async fn idea_response(
    state: &AppState,
    actor: &samspill_services::Actor,
    i: &IdeaView,
) -> Result<Json<IdeaResponse>, ApiError> {
    let comments = ideas::comments_of(&state.ctx, actor, i).await?;
    Ok(Json(IdeaResponse {
        idea: idea_json(i, &comments),
    }))
}

/// Submits an idea (the audience, while open).
#[utoipa::path(post, path = "/consultations/{id}/ideas", tag = "consultations", params(("id" = String, Path)), request_body = IdeaRequest,
    responses((status = 201, body = IdeaResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn submit_idea(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<IdeaRequest>,
) -> Result<(StatusCode, Json<IdeaResponse>), ApiError> {
    let i = ideas::submit_idea(
        &state.ctx,
        &user.actor(),
        parse_id(&id)?,
        &req.title,
        &req.body,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(IdeaResponse {
            idea: idea_json(&i, &[]),
        }),
    ))
}

/// Votes for an idea; a second time changes nothing.
#[utoipa::path(put, path = "/ideas/{id}/vote", tag = "consultations", params(("id" = String, Path)),
    responses((status = 200, body = IdeaResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn vote(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<IdeaResponse>, ApiError> {
    let actor = user.actor();
    let i = ideas::vote(&state.ctx, &actor, parse_id(&id)?, true).await?;
    idea_response(&state, &actor, &i).await
}

/// Withdraws your vote; without one, changes nothing.
#[utoipa::path(delete, path = "/ideas/{id}/vote", tag = "consultations", params(("id" = String, Path)),
    responses((status = 200, body = IdeaResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn unvote(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<IdeaResponse>, ApiError> {
    let actor = user.actor();
    let i = ideas::vote(&state.ctx, &actor, parse_id(&id)?, false).await?;
    idea_response(&state, &actor, &i).await
}

/// A status for an idea.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct StatusRequest {
    /// `under_review`, `accepted`, `declined`, `parked` or `implemented`.
    status: String,
    /// Required (a real sentence) for `declined` and `parked`.
    #[serde(default)]
    explanation: String,
}

/// Gives an idea a status (the leader); its author is told.
#[utoipa::path(post, path = "/ideas/{id}/status", tag = "consultations", params(("id" = String, Path)), request_body = StatusRequest,
    responses((status = 200, body = IdeaResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn set_status(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<StatusRequest>,
) -> Result<Json<IdeaResponse>, ApiError> {
    let actor = user.actor();
    let i = ideas::set_status(
        &state.ctx,
        &actor,
        parse_id(&id)?,
        &req.status,
        &req.explanation,
    )
    .await?;
    idea_response(&state, &actor, &i).await
}

/// A comment on an idea.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct IdeaCommentRequest {
    /// Markdown.
    body: String,
}

/// `{"comment": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IdeaCommentResponse {
    comment: IdeaCommentJson,
}

/// Comments on an idea (the audience, while open).
#[utoipa::path(post, path = "/ideas/{id}/comments", tag = "consultations", params(("id" = String, Path)), request_body = IdeaCommentRequest,
    responses((status = 201, body = IdeaCommentResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn comment_idea(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<IdeaCommentRequest>,
) -> Result<(StatusCode, Json<IdeaCommentResponse>), ApiError> {
    let c = ideas::comment(&state.ctx, &user.actor(), parse_id(&id)?, &req.body).await?;
    Ok((
        StatusCode::CREATED,
        Json(IdeaCommentResponse {
            comment: (&c).into(),
        }),
    ))
}

/// One idea's line of the report.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct OutcomeRequest {
    idea_id: String,
    outcome: String,
}

/// The "you said, we did" report.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ReportRequest {
    /// Markdown.
    body: String,
    #[serde(default)]
    outcomes: Vec<OutcomeRequest>,
}

/// Saves the report (the leader, while decided); closing needs it to cover
/// every idea.
#[utoipa::path(post, path = "/consultations/{id}/report", tag = "consultations", params(("id" = String, Path)), request_body = ReportRequest,
    responses((status = 200, body = ConsultationResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn save_report(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<ReportRequest>,
) -> Result<Json<ConsultationResponse>, ApiError> {
    let outcomes: Vec<(String, String)> = req
        .outcomes
        .into_iter()
        .map(|o| (o.idea_id, o.outcome))
        .collect();
    let d = consultations::save_report(
        &state.ctx,
        &user.actor(),
        parse_id(&id)?,
        &req.body,
        &outcomes,
    )
    .await?;
    Ok(one(&d))
}
