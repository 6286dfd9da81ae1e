//! Moderation and the audit log: `/reports`, `/moderation/queue`,
//! `/moderation/actions`, `/moderation/appeals`, `/moderation/rules`,
//! `/audit`, `/audit/export.csv` and `/spaces/{id}/admin-reads`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use samspill_domain::ValidationError;
use samspill_domain::moderation::ModerationAction;
use samspill_services::audit::{self, AuditQuery, AuditView};
use samspill_services::moderation::{self, AppealOf, Report, Subject};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::extract::{ApiJson, ApiQuery, parse_id, parse_time};
use crate::api::social::spaces::PageParams;
use crate::api::types::{PersonRefJson, rfc3339};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Registers this area's operations.
pub(crate) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(create_report))
        .routes(routes!(get_report))
        .routes(routes!(list_rules))
        .routes(routes!(get_queue))
        .routes(routes!(create_action))
        .routes(routes!(create_appeal))
        .routes(routes!(list_audit))
        .routes(routes!(export_audit))
        .routes(routes!(list_admin_reads))
}

fn invalid(field: &'static str, message: &str) -> ApiError {
    samspill_services::Error::from(ValidationError::new(field, "invalid", message)).into()
}

fn body_id<T: std::str::FromStr>(field: &'static str, raw: &str) -> Result<T, ApiError> {
    raw.trim().parse().map_err(|_| invalid(field, "not an id"))
}

/// A report of a post or comment.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ModerationReportJson {
    id: String,
    /// `post` or `comment`.
    subject_kind: &'static str,
    post_id: String,
    comment_id: Option<String>,
    space_id: String,
    space_name: String,
    /// The reported item's author.
    item_author: PersonRefJson,
    rule_id: String,
    reason: String,
    /// `open`, `hidden`, `dismissed`, `restored`, `appealed`, `upheld` or
    /// `overturned`.
    #[schema(example = "open")]
    state: &'static str,
    created_at: String,
    /// The item's text, for deciding.
    excerpt: String,
    /// The author's reason, once appealed.
    appeal_reason: Option<String>,
}

impl From<&Report> for ModerationReportJson {
    fn from(r: &Report) -> Self {
        Self {
            id: r.id.to_string(),
            subject_kind: r.subject_kind.as_str(),
            post_id: r.post_id.to_string(),
            comment_id: r.comment_id.map(|c| c.to_string()),
            space_id: r.space_id.to_string(),
            space_name: r.space_name.clone(),
            item_author: PersonRefJson {
                id: r.item_author_id.to_string(),
                handle: String::new(),
                name: r.item_author_name.clone(),
            },
            rule_id: r.rule_id.clone(),
            reason: r.reason.clone(),
            state: r.state.as_str(),
            created_at: rfc3339(r.created_at),
            excerpt: r.excerpt.chars().take(500).collect(),
            appeal_reason: r.appeal_reason.clone(),
        }
    }
}

/// `{"report": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ReportResponse {
    report: ModerationReportJson,
}

/// What to report: exactly one of `post_id` and `comment_id`.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CreateReportRequest {
    post_id: Option<String>,
    comment_id: Option<String>,
    /// One of `GET /moderation/rules`.
    rule_id: Option<String>,
    /// Why, in a few words.
    reason: Option<String>,
}

/// Reports a post or comment you may read, citing a rule.
#[utoipa::path(post, path = "/reports", tag = "moderation", request_body = CreateReportRequest,
    responses((status = 201, body = ReportResponse),
        (status = 404, body = ErrorBody, description = "no such post or comment, or not visible to you"),
        (status = 409, body = ErrorBody, description = "already_reported: you have an open report of it"),
        (status = 422, body = ErrorBody, description = "invalid_input: `fields.post_id`, `rule_id` or `reason`")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn create_report(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<CreateReportRequest>,
) -> Result<(StatusCode, Json<ReportResponse>), ApiError> {
    let subject = match (req.post_id.as_deref(), req.comment_id.as_deref()) {
        (Some(p), None) => Subject::Post(body_id("post_id", p)?),
        (None, Some(c)) => Subject::Comment(body_id("comment_id", c)?),
        _ => {
            return Err(invalid(
                "post_id",
                "name exactly one of post_id and comment_id",
            ));
        }
    };
    let r = moderation::report(
        &state.ctx,
        &user.actor(),
        subject,
        req.rule_id.as_deref().unwrap_or_default(),
        req.reason.as_deref().unwrap_or_default(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(ReportResponse {
            report: (&r).into(),
        }),
    ))
}

/// One report: for its reporter, the item's author and the space's moderators.
#[utoipa::path(get, path = "/reports/{id}", tag = "moderation", params(("id" = String, Path)),
    responses((status = 200, body = ReportResponse), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_report(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ReportResponse>, ApiError> {
    let r = moderation::get_report(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    Ok(Json(ReportResponse {
        report: (&r).into(),
    }))
}

/// A rule a report or decision may cite.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ModerationRuleJson {
    id: String,
    number: u32,
    title: String,
}

/// `{"rules": [...]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RulesResponse {
    rules: Vec<ModerationRuleJson>,
}

/// The rules a report may cite.
#[utoipa::path(get, path = "/moderation/rules", tag = "moderation",
    responses((status = 200, body = RulesResponse)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_rules(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<RulesResponse>, ApiError> {
    let locale = if user.person.locale == Some(samspill_domain::Locale::Nb) {
        "nb"
    } else {
        "en"
    };
    let rules = moderation::citable_rules(&state.ctx, None).await?;
    Ok(Json(RulesResponse {
        rules: rules
            .iter()
            .map(|r| ModerationRuleJson {
                id: r.id.clone(),
                number: r.number,
                title: r.title(locale).to_owned(),
            })
            .collect(),
    }))
}

/// A page of reports.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct QueueResponse {
    reports: Vec<ModerationReportJson>,
    next_cursor: Option<String>,
}

/// Your moderation queue: open reports and pending appeals in the spaces
/// you moderate (all spaces for administrators), oldest first. An appeal
/// is not shown to the moderator whose decision it is against.
#[utoipa::path(get, path = "/moderation/queue", tag = "moderation", params(PageParams),
    responses((status = 200, body = QueueResponse), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_queue(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<QueueResponse>, ApiError> {
    let page = moderation::queue(&state.ctx, &user.actor(), p.cursor.as_deref(), p.limit).await?;
    Ok(Json(QueueResponse {
        reports: page.items.iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// A moderator's decision.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CreateActionRequest {
    report_id: String,
    /// `hide`, `restore` or `dismiss`; on an appealed report `hide` upholds
    /// and `restore` overturns.
    action: String,
    rule_id: Option<String>,
    note: Option<String>,
}

/// What an action did.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ActionJson {
    id: String,
    /// `hide`, `restore`, `dismiss`, `uphold` or `overturn`.
    action: &'static str,
    report: ModerationReportJson,
}

/// `{"action": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ActionResponse {
    action: ActionJson,
}

/// Acts on a report (moderators of its space, administrators), citing a
/// rule with a note.
#[utoipa::path(post, path = "/moderation/actions", tag = "moderation", request_body = CreateActionRequest,
    responses((status = 201, body = ActionResponse),
        (status = 403, body = ErrorBody, description = "not a moderator of the space; or deciding an appeal against your own decision"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the report's state refuses the action (report_decided, report_not_hidden, appeal_pending, …)"),
        (status = 422, body = ErrorBody, description = "invalid_input: `fields.action`, `rule_id` or `note`")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn create_action(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<CreateActionRequest>,
) -> Result<(StatusCode, Json<ActionResponse>), ApiError> {
    let report = body_id("report_id", &req.report_id)?;
    let action = ModerationAction::parse(&req.action).map_err(samspill_services::Error::from)?;
    let out = moderation::act(
        &state.ctx,
        &user.actor(),
        report,
        action,
        req.rule_id.as_deref().unwrap_or_default(),
        req.note.as_deref().unwrap_or_default(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(ActionResponse {
            action: ActionJson {
                id: out.id.to_string(),
                action: out.recorded,
                report: (&out.report).into(),
            },
        }),
    ))
}

/// An appeal: exactly one of `report_id` and `action_id` (the action that
/// hid the item).
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct CreateAppealRequest {
    report_id: Option<String>,
    action_id: Option<String>,
    reason: Option<String>,
}

/// An appeal made.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AppealJson {
    id: String,
}

/// `{"appeal": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AppealResponse {
    appeal: AppealJson,
}

/// The author of a hidden item appeals the decision, once. Another
/// moderator of the space (or an administrator) decides it, finally.
#[utoipa::path(post, path = "/moderation/appeals", tag = "moderation", request_body = CreateAppealRequest,
    responses((status = 201, body = AppealResponse),
        (status = 404, body = ErrorBody, description = "unknown, or not about your post or comment"),
        (status = 409, body = ErrorBody, description = "already_appealed, report_not_decided, report_dismissed, …"),
        (status = 422, body = ErrorBody, description = "invalid_input: `fields.report_id` or `reason`")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn create_appeal(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<CreateAppealRequest>,
) -> Result<(StatusCode, Json<AppealResponse>), ApiError> {
    let of = match (req.report_id.as_deref(), req.action_id.as_deref()) {
        (Some(r), None) => AppealOf::Report(body_id("report_id", r)?),
        (None, Some(a)) => AppealOf::Action(body_id("action_id", a)?),
        _ => {
            return Err(invalid(
                "report_id",
                "name exactly one of report_id and action_id",
            ));
        }
    };
    let id = moderation::appeal(
        &state.ctx,
        &user.actor(),
        of,
        req.reason.as_deref().unwrap_or_default(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(AppealResponse {
            appeal: AppealJson { id: id.to_string() },
        }),
    ))
}

/// Filters of the audit log.
#[derive(Debug, Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub(crate) struct AuditParams {
    /// Only this actor (a person id).
    actor: Option<String>,
    /// Only this action, e.g. `moderation.hide`.
    action: Option<String>,
    /// From (RFC 3339, inclusive).
    from: Option<String>,
    /// To (RFC 3339, exclusive).
    to: Option<String>,
    /// From a previous `next_cursor`.
    cursor: Option<String>,
    /// 1–100, default 20.
    limit: Option<i64>,
}

/// A query value, trimmed; `None` when absent or blank.
fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl AuditParams {
    fn query(&self) -> Result<AuditQuery, ApiError> {
        Ok(AuditQuery {
            actor: nonempty(&self.actor)
                .map(|a| body_id("actor", a))
                .transpose()?,
            action: nonempty(&self.action).map(str::to_owned),
            from: nonempty(&self.from)
                .map(|t| parse_time("from", t))
                .transpose()?,
            to: nonempty(&self.to)
                .map(|t| parse_time("to", t))
                .transpose()?,
        })
    }
}

/// Filters of the audit export.
#[derive(Debug, Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub(crate) struct ExportParams {
    /// Only this actor (a person id).
    actor: Option<String>,
    /// Only this action, e.g. `moderation.hide`.
    action: Option<String>,
    /// From (RFC 3339, inclusive).
    from: Option<String>,
    /// To (RFC 3339, exclusive).
    to: Option<String>,
}

/// One audit row.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AuditEntryJson {
    id: String,
    at: String,
    /// None for the command line.
    actor: Option<PersonRefJson>,
    /// e.g. `moderation.hide`, `person.created`, `space.role_changed`,
    /// `space.admin_read`.
    action: String,
    subject_kind: String,
    subject_id: Option<String>,
    details: serde_json::Value,
}

impl From<&AuditView> for AuditEntryJson {
    fn from(v: &AuditView) -> Self {
        let e = &v.entry;
        Self {
            id: e.id.to_string(),
            at: rfc3339(e.at),
            actor: e.actor_id.map(|a| PersonRefJson {
                id: a.to_string(),
                handle: v.actor_handle.clone().unwrap_or_default(),
                name: v.actor_name.clone().unwrap_or_default(),
            }),
            action: e.action.clone(),
            subject_kind: e.subject_kind.clone(),
            subject_id: e.subject_id.map(|s| s.to_string()),
            details: e.details.clone(),
        }
    }
}

/// A page of the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AuditResponse {
    entries: Vec<AuditEntryJson>,
    next_cursor: Option<String>,
}

/// The audit log, newest first (administrators).
#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = AuditResponse),
        (status = 403, body = ErrorBody, description = "not an administrator"),
        (status = 422, body = ErrorBody, description = "invalid_input: `fields.actor`, `from`, `to`, `cursor` or `limit`")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_audit(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<AuditParams>,
) -> Result<Json<AuditResponse>, ApiError> {
    let q = p.query()?;
    let page = audit::list(&state.ctx, &user.actor(), &q, p.cursor.as_deref(), p.limit).await?;
    Ok(Json(AuditResponse {
        entries: page.items.iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// The audit log as CSV (administrators; the same filters, at most 10,000
/// rows). Cells a spreadsheet would read as a formula start with `'`.
#[utoipa::path(get, path = "/audit/export.csv", tag = "audit", params(ExportParams),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 403, body = ErrorBody, description = "not an administrator"),
        (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn export_audit(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<ExportParams>,
) -> Result<Response, ApiError> {
    let q = AuditParams {
        actor: p.actor,
        action: p.action,
        from: p.from,
        to: p.to,
        ..AuditParams::default()
    }
    .query()?;
    let csv = audit::export_csv(&state.ctx, &user.actor(), &q).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}

/// An administrator's read of a secret space.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AdminReadJson {
    admin: PersonRefJson,
    /// The first read of that day (one per administrator and day).
    at: String,
}

/// `{"reads": [...]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AdminReadsResponse {
    reads: Vec<AdminReadJson>,
}

/// Administrators who read this space without being members (its owners
/// and administrators see this).
#[utoipa::path(get, path = "/spaces/{id}/admin-reads", tag = "audit", params(("id" = String, Path)),
    responses((status = 200, body = AdminReadsResponse),
        (status = 403, body = ErrorBody, description = "not an owner of the space"),
        (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_admin_reads(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<AdminReadsResponse>, ApiError> {
    let rows = audit::admin_reads(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    Ok(Json(AdminReadsResponse {
        reads: rows
            .iter()
            .map(|v| AdminReadJson {
                admin: PersonRefJson {
                    id: v.entry.actor_id.map(|a| a.to_string()).unwrap_or_default(),
                    handle: v.actor_handle.clone().unwrap_or_default(),
                    name: v.actor_name.clone().unwrap_or_default(),
                },
                at: rfc3339(v.entry.at),
            })
            .collect(),
    }))
}
