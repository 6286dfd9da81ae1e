//! Visions and announcements addressed to units: reach
//! (`GET /posts/{id}/reach`) and the cascade (`GET /posts/{id}/cascade`).
//! Writing one is `POST /posts` with `audience_unit_ids`; acknowledging it
//! is `POST /posts/{id}/ack`.

use axum::Json;
use axum::extract::{Path, State};
use samspill_services::leadership::announcements::{self, Figures};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::extract::parse_id;
use crate::api::types::rfc3339;
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Registers this area's operations.
pub(crate) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(get_reach)).routes(routes!(get_cascade))
}

/// One day: first views and acknowledgements that day (UTC).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DayJson {
    /// `YYYY-MM-DD`.
    date: String,
    seen: u64,
    acknowledged: u64,
}

/// A unit's reach (with its sub-units), or `"suppressed": true` and no
/// numbers at all.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnitReachJson {
    unit_id: String,
    path: String,
    /// Its parent among the listed units.
    parent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seen: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acknowledged: Option<u64>,
    /// Per day, oldest first (shown units only).
    #[serde(skip_serializing_if = "Option::is_none")]
    series: Option<Vec<DayJson>>,
    /// Fewer than 10 people, or it would let such a unit be computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<bool>,
}

/// The whole audience's reach, or `"suppressed": true`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TotalReachJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seen: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acknowledged: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    series: Option<Vec<DayJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<bool>,
}

/// A post's reach.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ReachJson {
    post_id: String,
    requires_ack: bool,
    /// The fewest people a released figure describes.
    min_group_size: u64,
    total: TotalReachJson,
    /// The addressed units and every unit below them, in path order.
    units: Vec<UnitReachJson>,
}

type Parts = (
    Option<u64>,
    Option<u64>,
    Option<u64>,
    Option<Vec<DayJson>>,
    Option<bool>,
);

fn parts(f: &Figures) -> Parts {
    match f {
        Figures::Shown {
            audience,
            seen,
            acknowledged,
            series,
        } => (
            Some(*audience),
            Some(*seen),
            Some(*acknowledged),
            Some(
                series
                    .iter()
                    .map(|d| DayJson {
                        date: d.date.to_string(),
                        seen: d.seen,
                        acknowledged: d.acknowledged,
                    })
                    .collect(),
            ),
            None,
        ),
        Figures::Suppressed => (None, None, None, None, Some(true)),
    }
}

/// Reach of a vision or announcement: for its author and the leaders of
/// its addressed units. Figures of a unit under 10 people, or that would
/// let one be computed, are never given.
#[utoipa::path(get, path = "/posts/{id}/reach", tag = "leadership", params(("id" = String, Path)),
    responses((status = 200, body = ReachJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_reach(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ReachJson>, ApiError> {
    let r = announcements::reach(&state.ctx, &user.actor(), parse_id(&id)?).await?;
    let (audience, seen, acknowledged, series, suppressed) = parts(&r.total);
    Ok(Json(ReachJson {
        post_id: r.post_id.to_string(),
        requires_ack: r.requires_ack,
        min_group_size: samspill_domain::suppression::REACH_MIN,
        total: TotalReachJson {
            audience,
            seen,
            acknowledged,
            series,
            suppressed,
        },
        units: r
            .units
            .iter()
            .map(|u| {
                let (audience, seen, acknowledged, series, suppressed) = parts(&u.figures);
                UnitReachJson {
                    unit_id: u.unit_id.to_string(),
                    path: u.path.clone(),
                    parent_id: u.parent_id.map(|p| p.to_string()),
                    audience,
                    seen,
                    acknowledged,
                    series,
                    suppressed,
                }
            })
            .collect(),
    }))
}

/// A unit expected to follow up.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CascadeUnitJson {
    unit_id: String,
    path: String,
    /// The follow-up addressed to it (or below it); null: not yet.
    followed_up_by: Option<String>,
}

/// A follow-up.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FollowUpJson {
    post_id: String,
    title: String,
    author_id: String,
    author_name: String,
    audience_unit_ids: Vec<String>,
    created_at: String,
}

/// An original's cascade.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CascadeJson {
    /// The direct sub-units of the addressed units that have a leader.
    units: Vec<CascadeUnitJson>,
    /// Every follow-up you may read, oldest first.
    follow_ups: Vec<FollowUpJson>,
}

/// The cascade of a vision or announcement: which units followed it up and
/// which not yet.
#[utoipa::path(get, path = "/posts/{id}/cascade", tag = "leadership", params(("id" = String, Path)),
    responses((status = 200, body = CascadeJson), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_cascade(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CascadeJson>, ApiError> {
    let actor = user.actor();
    let id = parse_id(&id)?;
    samspill_services::social::posts::find_post(&state.ctx, &actor, id)
        .await?
        .ok_or(samspill_services::Error::NotFound)?;
    let c = announcements::cascade(&state.ctx, &actor, id)
        .await?
        .ok_or(samspill_services::Error::NotFound)?;
    Ok(Json(CascadeJson {
        units: c
            .units
            .iter()
            .map(|u| CascadeUnitJson {
                unit_id: u.unit_id.to_string(),
                path: u.path.clone(),
                followed_up_by: u.followed_up_by.map(|p| p.to_string()),
            })
            .collect(),
        follow_ups: c
            .follow_ups
            .iter()
            .map(|f| FollowUpJson {
                post_id: f.post_id.to_string(),
                title: f.title.clone(),
                author_id: f.author_id.to_string(),
                author_name: f.author_name.clone(),
                audience_unit_ids: f.units.iter().map(ToString::to_string).collect(),
                created_at: rfc3339(f.created_at),
            })
            .collect(),
    }))
}
