//! The code of conduct: published versions (immutable: rows are only ever
//! inserted), each a numbered list of rules in English and Norwegian; the
//! rules a space adds; and who accepted which version.
//!
//! A rule's id (`rules.id`) is stable: a rule edited in a later version
//! keeps it, which is what the rule-level difference and moderation's
//! citations rely on.

use samspill_domain::culture::{GuidelineRule, RuleId};
use samspill_domain::{PersonId, SpaceId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::{Db, Result, Ts, Tx};

/// A published version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionView {
    /// 1, 2, …
    pub version: i64,
    /// Who published it (none for the installation's default).
    pub published_by: Option<PersonId>,
    /// When.
    pub published_at: OffsetDateTime,
}

type VersionRow = (i64, Option<Uuid>, Ts);

fn version_view(r: VersionRow) -> VersionView {
    VersionView {
        version: r.0,
        published_by: r.1.map(PersonId::from_uuid),
        published_at: r.2.get(),
    }
}

/// The current (latest) version, if any was published.
pub async fn current_version(db: &Db) -> Result<Option<VersionView>> {
    const SQL: &str = "select version, published_by, published_at from guideline_versions order by version desc limit 1";
    let row: Option<VersionRow> = on_db!(db, |p| sqlx::query_as(SQL).fetch_optional(p).await)?;
    Ok(row.map(version_view))
}

/// One version.
pub async fn find_version(db: &Db, version: i64) -> Result<Option<VersionView>> {
    const SQL: &str =
        "select version, published_by, published_at from guideline_versions where version = $1";
    let row: Option<VersionRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(version)
        .fetch_optional(p)
        .await)?;
    Ok(row.map(version_view))
}

type RuleRow = (Uuid, i64, String, String, String, String);

/// The rules of a version, by number.
pub async fn version_rules(db: &Db, version: i64) -> Result<Vec<GuidelineRule>> {
    const SQL: &str = "select rule_id, number, title_en, title_nb, body_en, body_nb
        from guideline_rule_texts where version = $1 order by number";
    let rows: Vec<RuleRow> = on_db!(db, |p| sqlx::query_as(SQL).bind(version).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|r| GuidelineRule {
            id: RuleId::from_uuid(r.0),
            number: r.1,
            title_en: r.2,
            title_nb: r.3,
            body_en: r.4,
            body_nb: r.5,
        })
        .collect())
}

/// The number the next version gets, read inside the publishing
/// transaction (two racing publications meet on the primary key).
pub async fn next_version(tx: &mut Tx) -> Result<i64> {
    const SQL: &str = "select coalesce(max(version), 0) + 1 from guideline_versions";
    let n: i64 = on_tx!(tx, |c| sqlx::query_scalar(SQL).fetch_one(c).await)?;
    Ok(n)
}

/// Writes a version with its rules. Rule ids not seen before become new
/// rules of the organization; known ones get their text for this version.
/// A version number already taken is `Conflict`.
pub async fn insert_version(
    tx: &mut Tx,
    version: i64,
    by: Option<PersonId>,
    at: OffsetDateTime,
    rules: &[GuidelineRule],
) -> Result<()> {
    const VERSION: &str =
        "insert into guideline_versions (version, published_by, published_at) values ($1, $2, $3)";
    const RULE: &str = "insert into rules (id, space_id, created_at) values ($1, null, $2)
        on conflict (id) do nothing";
    const TEXT: &str = "insert into guideline_rule_texts (version, rule_id, number, title_en, title_nb, body_en, body_nb)
        values ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(tx, |c| sqlx::query(VERSION)
        .bind(version)
        .bind(by.map(|p| p.as_uuid()))
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    for r in rules {
        on_tx!(tx, |c| sqlx::query(RULE)
            .bind(r.id.as_uuid())
            .bind(Ts::new(at))
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        on_tx!(tx, |c| sqlx::query(TEXT)
            .bind(version)
            .bind(r.id.as_uuid())
            .bind(r.number)
            .bind(&r.title_en)
            .bind(&r.title_nb)
            .bind(&r.body_en)
            .bind(&r.body_nb)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Whether `rule` is a rule of the organization (of any version).
pub async fn is_org_rule(db: &Db, rule: RuleId) -> Result<bool> {
    const SQL: &str = "select count(*) from rules where id = $1 and space_id is null";
    let n: i64 = on_db!(db, |p| sqlx::query_scalar(SQL)
        .bind(rule.as_uuid())
        .fetch_one(p)
        .await)?;
    Ok(n > 0)
}

/// For `person`: the current version and the latest version they accepted
/// (both `None` before anything was published), in one read.
pub async fn acceptance(db: &Db, person: PersonId) -> Result<(Option<i64>, Option<i64>)> {
    const SQL: &str = "select (select max(version) from guideline_versions),
               (select max(version) from guideline_acceptances where person_id = $1)";
    let row: (Option<i64>, Option<i64>) = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(person.as_uuid())
        .fetch_one(p)
        .await)?;
    Ok(row)
}

/// Records that `person` accepted `version`; `false` when they already had.
pub async fn insert_acceptance(
    tx: &mut Tx,
    person: PersonId,
    version: i64,
    at: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str =
        "insert into guideline_acceptances (person_id, version, accepted_at) values ($1, $2, $3)
        on conflict (person_id, version) do nothing";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(person.as_uuid())
        .bind(version)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Records that every person accepted the current version (test fixtures,
/// the demo and `samspill seed`, whose people stand for people who already
/// did); answers how many acceptances were new.
pub async fn accept_current_for_everyone(tx: &mut Tx, at: OffsetDateTime) -> Result<u64> {
    const SQL: &str = "insert into guideline_acceptances (person_id, version, accepted_at)
        select p.id, v.version, $1 from people p
        cross join (select max(version) as version from guideline_versions) v
        where v.version is not null
        on conflict (person_id, version) do nothing";
    Ok(on_tx!(tx, |c| sqlx::query(SQL)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?)
}

/// One of a space's own rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceRule {
    /// Stable id (citable).
    pub id: RuleId,
    /// The space.
    pub space_id: SpaceId,
    /// Its number among the space's rules.
    pub number: i64,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
}

/// A space's rules in force, by number.
pub async fn list_space_rules(db: &Db, space: SpaceId) -> Result<Vec<SpaceRule>> {
    const SQL: &str = "select rule_id, number, title, body from space_rules
        where space_id = $1 and archived_at is null order by number, rule_id";
    let rows: Vec<(Uuid, i64, String, String)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(space.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| SpaceRule {
            id: RuleId::from_uuid(r.0),
            space_id: space,
            number: r.1,
            title: r.2,
            body: r.3,
        })
        .collect())
}

/// Adds a rule to a space after its others; answers its number.
pub async fn insert_space_rule(
    tx: &mut Tx,
    id: RuleId,
    space: SpaceId,
    title: &str,
    body: &str,
    at: OffsetDateTime,
) -> Result<i64> {
    const RULE: &str = "insert into rules (id, space_id, created_at) values ($1, $2, $3)";
    const NEXT: &str = "select coalesce(max(number), 0) + 1 from space_rules where space_id = $1 and archived_at is null";
    const TEXT: &str =
        "insert into space_rules (rule_id, space_id, number, title, body, updated_at, archived_at)
        values ($1, $2, $3, $4, $5, $6, null)";
    on_tx!(tx, |c| sqlx::query(RULE)
        .bind(id.as_uuid())
        .bind(space.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    let number: i64 = on_tx!(tx, |c| sqlx::query_scalar(NEXT)
        .bind(space.as_uuid())
        .fetch_one(c)
        .await)?;
    on_tx!(tx, |c| sqlx::query(TEXT)
        .bind(id.as_uuid())
        .bind(space.as_uuid())
        .bind(number)
        .bind(title)
        .bind(body)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(number)
}

/// Changes a space rule's title and text; `false` when the space has no
/// such rule in force.
pub async fn update_space_rule(
    tx: &mut Tx,
    space: SpaceId,
    id: RuleId,
    title: &str,
    body: &str,
    at: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str = "update space_rules set title = $3, body = $4, updated_at = $5
        where rule_id = $1 and space_id = $2 and archived_at is null";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(space.as_uuid())
        .bind(title)
        .bind(body)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Takes a space rule out of force (kept, since moderation may cite it);
/// `false` when the space has no such rule in force.
pub async fn archive_space_rule(
    tx: &mut Tx,
    space: SpaceId,
    id: RuleId,
    at: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str = "update space_rules set archived_at = $3
        where rule_id = $1 and space_id = $2 and archived_at is null";
    let n = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(space.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A rule moderation may cite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitableRule {
    /// Stable id.
    pub id: RuleId,
    /// The space whose rule it is; `None` for the organization's code.
    pub space_id: Option<SpaceId>,
    /// Its number (within the code, or within the space's rules).
    pub number: i64,
    /// Title in English (a space rule has one text, given for both).
    pub title_en: String,
    /// Title in Norwegian.
    pub title_nb: String,
    /// Text in English.
    pub body_en: String,
    /// Text in Norwegian.
    pub body_nb: String,
}

/// The rules in force for content in `space` (or the organization's alone
/// for `None`): the current version's rules, then the space's own.
pub async fn citable_rules(db: &Db, space: Option<SpaceId>) -> Result<Vec<CitableRule>> {
    let mut out: Vec<CitableRule> = match current_version(db).await? {
        Some(v) => version_rules(db, v.version)
            .await?
            .into_iter()
            .map(|r| CitableRule {
                id: r.id,
                space_id: None,
                number: r.number,
                title_en: r.title_en,
                title_nb: r.title_nb,
                body_en: r.body_en,
                body_nb: r.body_nb,
            })
            .collect(),
        None => Vec::new(),
    };
    if let Some(space) = space {
        out.extend(
            list_space_rules(db, space)
                .await?
                .into_iter()
                .map(|r| CitableRule {
                    id: r.id,
                    space_id: Some(space),
                    number: r.number,
                    title_en: r.title.clone(),
                    title_nb: r.title,
                    body_en: r.body.clone(),
                    body_nb: r.body,
                }),
        );
    }
    Ok(out)
}

/// The rules in force for a post's space (moderation cites one of these
/// when it acts on the post or its comments); empty for an unknown post.
pub async fn citable_rules_for_post(
    db: &Db,
    post: samspill_domain::PostId,
) -> Result<Vec<CitableRule>> {
    const SQL: &str = "select space_id from posts where id = $1";
    let space: Option<Uuid> = on_db!(db, |p| sqlx::query_scalar(SQL)
        .bind(post.as_uuid())
        .fetch_optional(p)
        .await)?;
    match space {
        Some(s) => citable_rules(db, Some(SpaceId::from_uuid(s))).await,
        None => Ok(Vec::new()),
    }
}
