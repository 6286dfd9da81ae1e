//! Whole-database maintenance: wiping everything (for the command line's
//! rebuilds from scratch, and tests). Every new table must be added to [`wipe_all`], children first.

use crate::db::on_tx;
use crate::{Result, Tx};

/// Deletes every row of every table, keeping the schema, then writes the
/// defaults a new installation starts with (values, the code of conduct).
pub async fn wipe_all(tx: &mut Tx) -> Result<()> {
    const TABLES: &[&str] = &[
        "announcement_people",
        "announcement_units",
        "announcements",
        "survey_groups",
        "survey_responses",
        "survey_participation",
        "survey_units",
        "survey_questions",
        "surveys",
        "audit_admin_reads",
        "audit_log",
        "moderation_appeals",
        "moderation_actions",
        "moderation_reports",
        "guideline_acceptances",
        "space_rules",
        "guideline_rule_texts",
        "guideline_versions",
        "rules",
        "praise_recipients",
        "praise",
        "org_values",
        "commitments",
        "comment_votes",
        "feedback_messages",
        "feedback_items",
        "feedback_batches",
        "feedback_waiting",
        "idea_comments",
        "idea_votes",
        "ideas",
        "consultation_units",
        "consultations",
        "notifications",
        "feed_items",
        "post_acks",
        "post_views",
        "follows",
        "post_mentions",
        "post_topics",
        "poll_votes",
        "poll_options",
        "reactions",
        "comments",
        "post_revisions",
        "posts",
        "join_requests",
        "space_members",
        "spaces",
        "events",
        "login_failures",
        "api_tokens",
        "sessions",
        "unit_memberships",
        "unit_leaders",
        "people",
        "units",
    ];
    for table in TABLES {
        let sql = format!("delete from {table}");
        on_tx!(tx, |c| sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    // A wiped installation starts like a new one.
    crate::culture::defaults::write(tx).await
}
