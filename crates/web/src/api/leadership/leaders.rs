//! `/leaders`: the leadership corner.

use axum::Json;
use axum::extract::{Path, State};
use samspill_services::leadership::leaders::{self, LeaderView};
use samspill_services::social::posts;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::leadership::commitments::CommitmentJson;
use crate::api::leadership::consultations::ConsultationSummaryJson;
use crate::api::types::PostJson;
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Registers this area's operations.
pub(crate) fn routes(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(list_leaders)).routes(routes!(get_leader))
}

/// A unit a leader leads.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LedUnitJson {
    id: String,
    name: String,
}

/// A leader.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LeaderJson {
    id: String,
    handle: String,
    name: String,
    title: String,
    /// The units they lead.
    units: Vec<LedUnitJson>,
}

impl From<&LeaderView> for LeaderJson {
    fn from(l: &LeaderView) -> Self {
        Self {
            id: l.id.to_string(),
            handle: l.handle.clone(),
            name: l.name.clone(),
            title: l.title.clone(),
            units: l
                .units
                .iter()
                .map(|(id, name)| LedUnitJson {
                    id: id.to_string(),
                    name: name.clone(),
                })
                .collect(),
        }
    }
}

/// A leader in the list.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LeaderListItemJson {
    #[serde(flatten)]
    leader: LeaderJson,
    /// Commitments open and not yet due.
    open_commitments: i64,
}

/// `{"leaders": […]}`
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LeadersResponse {
    leaders: Vec<LeaderListItemJson>,
}

/// Every leader (a person who leads at least one unit) with their units,
/// the top of the organization first.
#[utoipa::path(get, path = "/leaders", tag = "leadership",
    responses((status = 200, body = LeadersResponse)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn list_leaders(
    State(state): State<AppState>,
    user: ApiUser,
) -> Result<Json<LeadersResponse>, ApiError> {
    let list = leaders::list(&state.ctx, &user.actor()).await?;
    Ok(Json(LeadersResponse {
        leaders: list
            .iter()
            .map(|s| LeaderListItemJson {
                leader: (&s.leader).into(),
                open_commitments: s.open_commitments,
            })
            .collect(),
    }))
}

/// An Ask-me-anything thread.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AmaJson {
    post: PostJson,
    /// Questions others asked (top-level comments).
    questions: i64,
    /// Of those, the ones the leader answered.
    answered: i64,
}

/// Open, kept and missed commitments.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CommitmentCountsJson {
    open: i64,
    kept: i64,
    missed: i64,
}

/// One leader's corner.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LeaderPageResponse {
    leader: LeaderJson,
    /// Their visions you may read, newest first.
    visions: Vec<PostJson>,
    /// Their announcements you may read, newest first.
    announcements: Vec<PostJson>,
    /// Their Ask-me-anything threads (questions tagged `#ama`) you may read.
    amas: Vec<AmaJson>,
    /// Their commitments you may see: open ones soonest first.
    commitments: Vec<CommitmentJson>,
    /// Counts over all their commitments.
    commitment_counts: CommitmentCountsJson,
    /// Their consultations you may read that are not closed (drafts only
    /// for the leader), newest first.
    consultations: Vec<ConsultationSummaryJson>,
    /// Their closed consultations you may read ("you said, we did").
    reports: Vec<ConsultationSummaryJson>,
}

/// A leader's corner: consultations, visions, announcements,
/// Ask-me-anything threads and commitments, each only as far as you may
/// read it. 404 for a handle that
/// is not an active leader.
#[utoipa::path(get, path = "/leaders/{handle}", tag = "leadership", params(("handle" = String, Path)),
    responses((status = 200, body = LeaderPageResponse), (status = 404, body = ErrorBody)),
    security(("session" = []), ("bearer" = [])))]
pub(crate) async fn get_leader(
    State(state): State<AppState>,
    user: ApiUser,
    Path(handle): Path<String>,
) -> Result<Json<LeaderPageResponse>, ApiError> {
    let actor = user.actor();
    let page = leaders::page(&state.ctx, &actor, &handle).await?;
    let details = posts::summaries(&state.ctx, &actor, page.visions.clone()).await?;
    let (visions, announcements): (Vec<_>, Vec<_>) = details
        .iter()
        .partition(|d| d.post.kind == samspill_domain::PostKind::Vision);
    let ama_details = posts::summaries(
        &state.ctx,
        &actor,
        page.amas.iter().map(|a| a.post.clone()).collect(),
    )
    .await?;
    let (open, kept, missed) = page.commitment_counts;
    Ok(Json(LeaderPageResponse {
        leader: (&page.leader).into(),
        visions: visions.into_iter().map(Into::into).collect(),
        announcements: announcements.into_iter().map(Into::into).collect(),
        amas: page
            .amas
            .iter()
            .zip(&ama_details)
            .map(|(a, d)| AmaJson {
                post: d.into(),
                questions: a.questions,
                answered: a.answered,
            })
            .collect(),
        commitments: page.commitments.iter().map(Into::into).collect(),
        commitment_counts: CommitmentCountsJson { open, kept, missed },
        consultations: page.consultations.iter().map(Into::into).collect(),
        reports: page.reports.iter().map(Into::into).collect(),
    }))
}
