//! `/guidelines`: the code of conduct (the current version with your
//! acceptance and what changed since the version you accepted; accepting;
//! publishing a new version; one version), the rules moderation may cite,
//! and a space's own rules (`/spaces/{id}/rules`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use samspill_domain::culture::{GuidelineRule, RuleChange};
use samspill_services::culture::guidelines::{
    self, CitableRule, CurrentGuidelines, RuleInput, SpaceRule,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::extract::{ApiJson, ApiQuery, parse_id};
use crate::api::types::rfc3339;
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Registers this area's operations.
pub(crate) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(current_guidelines))
        .routes(routes!(accept_guidelines))
        .routes(routes!(publish_guidelines))
        .routes(routes!(get_version))
        .routes(routes!(list_rules))
        .routes(routes!(list_space_rules, add_space_rule))
        .routes(routes!(edit_space_rule, remove_space_rule))
}

/// Text in both languages.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TextJson {
    en: String,
    nb: String,
}

/// One rule of the code of conduct.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RuleJson {
    /// Stable across versions; moderation cites it.
    rule_id: String,
    number: i64,
    title: TextJson,
    body: TextJson,
}

impl From<&GuidelineRule> for RuleJson {
    fn from(r: &GuidelineRule) -> Self {
        Self {
            rule_id: r.id.to_string(),
            number: r.number,
            title: TextJson {
                en: r.title_en.clone(),
                nb: r.title_nb.clone(),
            },
            body: TextJson {
                en: r.body_en.clone(),
                nb: r.body_nb.clone(),
            },
        }
    }
}

/// How a rule changed since the version you accepted.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RuleChangeJson {
    /// `added`, `changed` or `removed`.
    #[schema(example = "changed")]
    change: String,
    /// The rule as it is now (as it was, for a removed one).
    rule: RuleJson,
}

/// The current code of conduct, as you read it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct GuidelinesJson {
    version: i64,
    published_at: String,
    rules: Vec<RuleJson>,
    /// You accepted this version (posting and commenting need it).
    accepted: bool,
    /// The latest version you accepted.
    accepted_version: Option<i64>,
    /// What changed since `accepted_version` (empty when you accepted none
    /// or this one).
    changes: Vec<RuleChangeJson>,
}

impl From<&CurrentGuidelines> for GuidelinesJson {
    fn from(g: &CurrentGuidelines) -> Self {
        Self {
            version: g.version.version,
            published_at: rfc3339(g.version.published_at),
            rules: g.rules.iter().map(Into::into).collect(),
            accepted: g.accepted,
            accepted_version: g.accepted_version,
            changes: g
                .changes
                .iter()
                .map(|(c, r): &(RuleChange, GuidelineRule)| RuleChangeJson {
                    change: c.as_str().to_owned(),
                    rule: r.into(),
                })
                .collect(),
        }
    }
}

/// `{"guidelines": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct GuidelinesResponse {
    guidelines: GuidelinesJson,
}

/// The current code of conduct, whether you accepted it, and what changed
/// since the version you accepted.
#[utoipa::path(get, path = "/guidelines/current", tag = "culture",
    responses((status = 200, body = GuidelinesResponse), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn current_guidelines(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<GuidelinesResponse>, ApiError> {
    let g = guidelines::current(&state.ctx, &user.actor()).await?;
    Ok(Json(GuidelinesResponse {
        guidelines: (&g).into(),
    }))
}

/// Which version you accept.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct AcceptGuidelinesRequest {
    /// The current version's number.
    version: i64,
}

/// Accepts the current version; accepting again changes nothing.
#[utoipa::path(post, path = "/guidelines/accept", tag = "culture", request_body = AcceptGuidelinesRequest,
    responses((status = 200, body = GuidelinesResponse),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`not_current_version`: not the current version (read it first)")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn accept_guidelines(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<AcceptGuidelinesRequest>,
) -> Result<Json<GuidelinesResponse>, ApiError> {
    let g = guidelines::accept(&state.ctx, &user.actor(), req.version).await?;
    Ok(Json(GuidelinesResponse {
        guidelines: (&g).into(),
    }))
}

/// One rule of a version to publish.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct RuleRequest {
    /// The rule of an earlier version this one continues (keeps its id);
    /// absent for a new rule.
    rule_id: Option<String>,
    title_en: String,
    title_nb: String,
    body_en: String,
    body_nb: String,
}

/// A new version: its rules in order (numbered from 1).
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct PublishRequest {
    rules: Vec<RuleRequest>,
}

/// Publishes a new version of the code of conduct (administrators);
/// everyone accepts it before they post or comment again.
#[utoipa::path(post, path = "/guidelines/versions", tag = "culture", request_body = PublishRequest,
    responses((status = 201, body = GuidelinesResponse),
        (status = 403, body = ErrorBody, description = "not an administrator"),
        (status = 422, body = ErrorBody, description = "`fields.rules`: none or over 50, a missing title or text in either language, a rule twice, an unknown `rule_id`")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn publish_guidelines(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(req): ApiJson<PublishRequest>,
) -> Result<(StatusCode, Json<GuidelinesResponse>), ApiError> {
    let mut rules = Vec::with_capacity(req.rules.len());
    for r in req.rules {
        let rule_id = match r.rule_id.as_deref() {
            Some(id) => Some(id.parse().map_err(|_| {
                let mut e = ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_input",
                    "some fields are not valid",
                );
                e.fields
                    .insert("rules".to_owned(), "a rule_id is not an id".to_owned());
                e
            })?),
            None => None,
        };
        rules.push(RuleInput {
            rule_id,
            title_en: r.title_en,
            title_nb: r.title_nb,
            body_en: r.body_en,
            body_nb: r.body_nb,
        });
    }
    let g = guidelines::publish(&state.ctx, &user.actor(), &rules).await?;
    Ok((
        StatusCode::CREATED,
        Json(GuidelinesResponse {
            guidelines: (&g).into(),
        }),
    ))
}

/// One published version.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VersionJson {
    version: i64,
    published_at: String,
    rules: Vec<RuleJson>,
}

/// `{"version": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VersionResponse {
    version: VersionJson,
}

/// One published version (versions never change).
#[utoipa::path(get, path = "/guidelines/versions/{version}", tag = "culture", params(("version" = i64, Path)),
    responses((status = 200, body = VersionResponse), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_version(
    State(state): State<AppState>,
    user: ApiUser,
    Path(version): Path<String>,
) -> Result<Json<VersionResponse>, ApiError> {
    let (v, rules) = guidelines::version(&state.ctx, &user.actor(), parse_id(&version)?).await?;
    Ok(Json(VersionResponse {
        version: VersionJson {
            version: v.version,
            published_at: rfc3339(v.published_at),
            rules: rules.iter().map(Into::into).collect(),
        },
    }))
}

/// A rule moderation may cite.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CitableRuleJson {
    rule_id: String,
    /// The space whose own rule it is; null for the code of conduct.
    space_id: Option<String>,
    number: i64,
    title: TextJson,
    body: TextJson,
}

impl From<&CitableRule> for CitableRuleJson {
    fn from(r: &CitableRule) -> Self {
        Self {
            rule_id: r.id.to_string(),
            space_id: r.space_id.map(|s| s.to_string()),
            number: r.number,
            title: TextJson {
                en: r.title_en.clone(),
                nb: r.title_nb.clone(),
            },
            body: TextJson {
                en: r.body_en.clone(),
                nb: r.body_nb.clone(),
            },
        }
    }
}

/// `{"rules": [...]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CitableRulesResponse {
    rules: Vec<CitableRuleJson>,
}

/// Where the rules apply.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct RulesParams {
    /// A space: its own rules follow the code's.
    space_id: Option<String>,
    /// A post: the rules of its space.
    post_id: Option<String>,
}

/// The rules in force (what a report or a moderation decision may cite):
/// the current code of conduct's, then a space's own (given `space_id`, or
/// the space of `post_id`).
#[utoipa::path(get, path = "/guidelines/rules", tag = "culture", params(RulesParams),
    responses((status = 200, body = CitableRulesResponse), (status = 404, body = ErrorBody, description = "a space or post you cannot see")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_rules(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<RulesParams>,
) -> Result<Json<CitableRulesResponse>, ApiError> {
    let actor = user.actor();
    let rules = match (p.post_id.as_deref(), p.space_id.as_deref()) {
        (Some(post), _) => {
            guidelines::citable_rules_for_post(&state.ctx, &actor, parse_id(post)?).await?
        }
        (None, Some(space)) => {
            guidelines::citable_rules(&state.ctx, &actor, Some(parse_id(space)?)).await?
        }
        (None, None) => guidelines::citable_rules(&state.ctx, &actor, None).await?,
    };
    Ok(Json(CitableRulesResponse {
        rules: rules.iter().map(Into::into).collect(),
    }))
}

/// One of a space's own rules.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SpaceRuleJson {
    rule_id: String,
    space_id: String,
    number: i64,
    title: String,
    body: String,
}

impl From<&SpaceRule> for SpaceRuleJson {
    fn from(r: &SpaceRule) -> Self {
        Self {
            rule_id: r.id.to_string(),
            space_id: r.space_id.to_string(),
            number: r.number,
            title: r.title.clone(),
            body: r.body.clone(),
        }
    }
}

/// `{"rules": [...]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SpaceRulesResponse {
    rules: Vec<SpaceRuleJson>,
}

/// `{"rule": …}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SpaceRuleResponse {
    rule: SpaceRuleJson,
}

/// A space rule's text.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct SpaceRuleRequest {
    /// 1–200 characters.
    title: String,
    /// 1–4000 characters.
    body: String,
}

/// A space's own rules, in force, by number.
#[utoipa::path(get, path = "/spaces/{id}/rules", tag = "culture", params(("id" = String, Path)),
    responses((status = 200, body = SpaceRulesResponse), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_space_rules(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<SpaceRulesResponse>, ApiError> {
    let rules = guidelines::space_rules(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    Ok(Json(SpaceRulesResponse {
        rules: rules.iter().map(Into::into).collect(),
    }))
}

/// Adds a rule to a space (its owners and moderators, administrators).
#[utoipa::path(post, path = "/spaces/{id}/rules", tag = "culture", params(("id" = String, Path)), request_body = SpaceRuleRequest,
    responses((status = 201, body = SpaceRuleResponse), (status = 403, body = ErrorBody, description = "not an owner or moderator of the space"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody, description = "`fields.title`, `fields.body`")),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn add_space_rule(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SpaceRuleRequest>,
) -> Result<(StatusCode, Json<SpaceRuleResponse>), ApiError> {
    let rule = guidelines::add_space_rule(
        &state.ctx,
        &user.actor(),
        parse_id(&id)?,
        &req.title,
        &req.body,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(SpaceRuleResponse {
            rule: (&rule).into(),
        }),
    ))
}

/// Changes one of a space's rules (its owners and moderators).
#[utoipa::path(put, path = "/spaces/{id}/rules/{rule_id}", tag = "culture", params(("id" = String, Path), ("rule_id" = String, Path)), request_body = SpaceRuleRequest,
    responses((status = 200, body = SpaceRuleResponse), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn edit_space_rule(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, rule)): Path<(String, String)>,
    ApiJson(req): ApiJson<SpaceRuleRequest>,
) -> Result<Json<SpaceRuleResponse>, ApiError> {
    let rule = guidelines::edit_space_rule(
        &state.ctx,
        &user.actor(),
        parse_id(&id)?,
        parse_id(&rule)?,
        &req.title,
        &req.body,
    )
    .await?;
    Ok(Json(SpaceRuleResponse {
        rule: (&rule).into(),
    }))
}

/// Takes one of a space's rules out of force (past decisions keep citing it).
#[utoipa::path(delete, path = "/spaces/{id}/rules/{rule_id}", tag = "culture", params(("id" = String, Path), ("rule_id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn remove_space_rule(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, rule)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    guidelines::remove_space_rule(&state.ctx, &user.actor(), parse_id(&id)?, parse_id(&rule)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
