//! The leadership corner: every leader with their units, and a page per
//! leader with their visions and announcements, Ask-me-anything threads,
//! commitments and (from the consultations) what they have open for input.
//! Everything on it goes through the reads of its own area, so the viewer
//! sees only what the visibility predicate lets them read.

use samspill_store::leadership::leaders as store;
use samspill_store::social::posts;

pub use samspill_store::leadership::leaders::LeaderView;
pub use samspill_store::social::posts::AMA_TOPIC;

use crate::leadership::commitments::{self, CommitmentView};
use crate::leadership::consultations::{self, ConsultationSummary};
use crate::leadership::feedback;
use crate::social::posts::PostView;
use crate::{Actor, Ctx, Error, Result};

/// How many visions and announcements, and AMAs, a leader's page lists.
const RECENT: i64 = 10;

/// A leader as the corner lists them.
#[derive(Debug, Clone)]
pub struct LeaderSummary {
    /// Who, and which units they lead.
    pub leader: LeaderView,
    /// Open commitments (not yet due).
    pub open_commitments: i64,
}

/// An Ask-me-anything thread with how many questions others asked and how
/// many the leader answered.
#[derive(Debug, Clone)]
pub struct Ama {
    /// The leader's question post.
    pub post: PostView,
    /// Top-level comments by others.
    pub questions: i64,
    /// Of those, the ones the leader replied to.
    pub answered: i64,
}

/// Everything a leader's page shows.
#[derive(Debug, Clone)]
pub struct LeaderPage {
    /// Who.
    pub leader: LeaderView,
    /// Their visions and announcements the viewer may read, newest first.
    pub visions: Vec<PostView>,
    /// Their Ask-me-anything threads the viewer may read, newest first.
    pub amas: Vec<Ama>,
    /// Their commitments the viewer may see: open ones soonest first.
    pub commitments: Vec<CommitmentView>,
    /// Open, kept and missed commitments, over all of them (counts only).
    pub commitment_counts: (i64, i64, i64),
    /// Their consultations the viewer may read that are not closed yet
    /// (drafts only for the leader), newest first.
    pub consultations: Vec<ConsultationSummary>,
    /// Their closed consultations the viewer may read: the "you said, we
    /// did" reports.
    pub reports: Vec<ConsultationSummary>,
    /// For the leader themself: feedback in their inbox waiting for an
    /// answer, and answered.
    pub inbox: Option<(i64, i64)>,
    /// Whether the viewer is this leader.
    pub is_me: bool,
}

/// Every active leader, the top of the organization first.
///
/// # Errors
/// Storage failures.
pub async fn list(ctx: &Ctx, _actor: &Actor) -> Result<Vec<LeaderSummary>> {
    let open =
        samspill_store::leadership::commitments::count_open_by_leader(&ctx.db, ctx.now()).await?;
    Ok(store::list_leaders(&ctx.db)
        .await?
        .into_iter()
        .map(|leader| LeaderSummary {
            open_commitments: open
                .iter()
                .find(|(id, _)| *id == leader.id)
                .map_or(0, |(_, n)| *n),
            leader,
        })
        .collect())
}

/// One leader's page.
///
/// # Errors
/// `NotFound` when no active person with that handle leads a unit.
pub async fn page(ctx: &Ctx, actor: &Actor, handle: &str) -> Result<LeaderPage> {
    let leader = store::find_leader(&ctx.db, handle)
        .await?
        .ok_or(Error::NotFound)?;
    let viewer = actor.viewer();
    let visions =
        posts::list_visions_and_announcements(&ctx.db, &viewer, leader.id, RECENT).await?;
    let mut amas = Vec::new();
    for post in posts::list_amas(&ctx.db, &viewer, leader.id, RECENT).await? {
        let (questions, answered) = posts::ama_counts(&ctx.db, post.id).await?;
        amas.push(Ama {
            post,
            questions,
            answered,
        });
    }
    let commitments_seen = commitments::list_for_leader(ctx, actor, leader.id).await?;
    let commitment_counts = commitments::counts(ctx, leader.id).await?;
    let (reports, consultations) = consultations::list_by_leader(ctx, actor, leader.id)
        .await?
        .into_iter()
        .partition(|c| c.phase == samspill_domain::consultations::Phase::Closed);
    let is_me = leader.id == actor.id;
    let inbox = if is_me {
        Some(feedback::inbox_counts(ctx, leader.id).await?)
    } else {
        None
    };
    Ok(LeaderPage {
        consultations,
        reports,
        inbox,
        is_me,
        leader,
        visions,
        amas,
        commitments: commitments_seen,
        commitment_counts,
    })
}

/// Whether the actor leads at least one unit.
///
/// # Errors
/// Storage failures.
pub async fn is_leader(ctx: &Ctx, actor: &Actor) -> Result<bool> {
    Ok(store::is_leader(&ctx.db, actor.id).await?)
}

/// Whether a post is an Ask-me-anything thread: a question tagged
/// [`AMA_TOPIC`] by someone who leads a unit.
///
/// # Errors
/// Storage failures.
pub async fn is_ama(ctx: &Ctx, post: &PostView, topics: &[String]) -> Result<bool> {
    Ok(post.kind == samspill_domain::PostKind::Question
        && topics.iter().any(|t| t == AMA_TOPIC)
        && store::is_leader(&ctx.db, post.author_id).await?)
}
