//! People: accounts, profiles, credentials and primary-unit history.
//!
//! A person's current primary unit is `people.unit_id`; every change of it
//! also closes the open row of `unit_memberships` and opens a new one, in the
//! same transaction, so history and present never disagree.

use samspill_domain::{
    Email, Handle, Locale, PersonId, PersonName, TimeZone, Title, TokenId, UnitId, WorkMode,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{on_db, on_tx};
use crate::{Db, Result, Ts, Tx};

/// A person as every read path shows them: profile plus unit name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonView {
    /// Id.
    pub id: PersonId,
    /// E-mail as given.
    pub email: String,
    /// Handle, lowercase.
    pub handle: String,
    /// Display name.
    pub name: String,
    /// Job title, may be empty.
    pub title: String,
    /// Primary unit.
    pub unit_id: Option<UnitId>,
    /// Primary unit's name.
    pub unit_name: Option<String>,
    /// Work mode.
    pub work_mode: WorkMode,
    /// Interface language; `None` follows the browser.
    pub locale: Option<Locale>,
    /// IANA time zone.
    pub time_zone: String,
    /// Administrator of the whole installation.
    pub is_admin: bool,
    /// Deactivated people cannot sign in and leave the directory.
    pub is_active: bool,
    /// When the account was created.
    pub created_at: OffsetDateTime,
    /// Lowercase name: the directory's sort key, part of its cursor.
    pub sort_key: String,
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: Uuid,
    email: String,
    handle: String,
    name: String,
    title: String,
    unit_id: Option<Uuid>,
    unit_name: Option<String>,
    work_mode: String,
    locale: Option<String>,
    time_zone: String,
    is_admin: bool,
    is_active: bool,
    created_at: Ts,
    name_norm: String,
}

impl From<PersonRow> for PersonView {
    fn from(r: PersonRow) -> Self {
        Self {
            id: PersonId::from_uuid(r.id),
            email: r.email,
            handle: r.handle,
            name: r.name,
            title: r.title,
            unit_id: r.unit_id.map(UnitId::from_uuid),
            unit_name: r.unit_name,
            // Only values that passed `parse` are ever written; a stray value
            // falls back to the default rather than hiding the person.
            work_mode: WorkMode::parse(&r.work_mode).unwrap_or_default(),
            locale: r.locale.as_deref().and_then(|l| Locale::parse(l).ok()),
            time_zone: r.time_zone,
            is_admin: r.is_admin,
            is_active: r.is_active,
            created_at: r.created_at.get(),
            sort_key: r.name_norm,
        }
    }
}

macro_rules! select_person {
    () => {
        "select p.id, p.email, p.handle, p.name, p.title, p.unit_id, u.name as unit_name,
                p.work_mode, p.locale, p.time_zone, p.is_admin, p.is_active, p.created_at, p.name_norm
         from people p
         left join units u on u.id = p.unit_id "
    };
}

/// A person to create.
#[derive(Debug, Clone)]
pub struct NewPerson {
    /// Id, made by the caller.
    pub id: PersonId,
    /// E-mail.
    pub email: Email,
    /// Handle.
    pub handle: Handle,
    /// Name.
    pub name: PersonName,
    /// Title.
    pub title: Title,
    /// Primary unit, if any.
    pub unit_id: Option<UnitId>,
    /// Work mode.
    pub work_mode: WorkMode,
    /// Locale; `None` follows the browser.
    pub locale: Option<Locale>,
    /// Time zone.
    pub time_zone: TimeZone,
    /// Argon2id PHC string, if the person gets a password now.
    pub password_hash: Option<String>,
    /// Administrator?
    pub is_admin: bool,
    /// Creation time.
    pub created_at: OffsetDateTime,
}

/// The profile fields a person (or an import) may change.
#[derive(Debug, Clone)]
pub struct ProfilePatch {
    /// Name.
    pub name: PersonName,
    /// Title.
    pub title: Title,
    /// Work mode.
    pub work_mode: WorkMode,
    /// Locale; `None` follows the browser.
    pub locale: Option<Locale>,
    /// Time zone.
    pub time_zone: TimeZone,
}

/// What sign-in needs to know about an e-mail address.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Whose they are.
    pub person_id: PersonId,
    /// The stored hash; `None` when no password was ever set.
    pub password_hash: Option<String>,
    /// Deactivated people cannot sign in.
    pub is_active: bool,
}

/// Which people a directory page lists.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    /// Words matched against name, handle, title and unit name (all must occur).
    pub query: Option<String>,
    /// Only members of this unit (primary unit).
    pub unit_id: Option<UnitId>,
}

/// Where the previous directory page ended: `(sort_key, id)` of its last row.
pub type PeopleCursor = (String, PersonId);

async fn unit_name_in_tx(tx: &mut Tx, unit: Option<UnitId>) -> Result<Option<String>> {
    let Some(unit) = unit else { return Ok(None) };
    const SQL: &str = "select name from units where id = $1";
    let name: Option<(String,)> = on_tx!(tx, |c| sqlx::query_as(SQL)
        .bind(unit.as_uuid())
        .fetch_optional(c)
        .await)?;
    Ok(name.map(|(n,)| n))
}

fn search_text(name: &str, handle: &str, title: &str, unit_name: Option<&str>) -> String {
    format!("{name} @{handle} {title} {}", unit_name.unwrap_or_default()).to_lowercase()
}

/// Creates a person and, if they have a unit, opens their membership.
///
/// # Errors
/// `Conflict` on `people_email_unique` or `people_handle_unique`.
#[tracing::instrument(skip_all, fields(person.id = %p.id))]
pub async fn insert_person(tx: &mut Tx, p: &NewPerson) -> Result<()> {
    const SQL: &str = "insert into people
        (id, email, email_norm, handle, name, name_norm, title, unit_id, work_mode, locale,
         time_zone, password_hash, is_admin, is_active, search_text, created_at, updated_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, true, $14, $15, $15)";
    let unit_name = unit_name_in_tx(tx, p.unit_id).await?;
    let search = search_text(
        p.name.as_str(),
        p.handle.as_str(),
        p.title.as_str(),
        unit_name.as_deref(),
    );
    let at = Ts::new(p.created_at);
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(p.id.as_uuid())
        .bind(p.email.as_str())
        .bind(p.email.normalized())
        .bind(p.handle.as_str())
        .bind(p.name.as_str())
        .bind(p.name.as_str().to_lowercase())
        .bind(p.title.as_str())
        .bind(p.unit_id.map(|u| u.as_uuid()))
        .bind(p.work_mode.as_str())
        .bind(p.locale.map(Locale::as_str))
        .bind(p.time_zone.as_str())
        .bind(p.password_hash.as_deref())
        .bind(p.is_admin)
        .bind(&search)
        .bind(at)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if let Some(unit) = p.unit_id {
        open_membership(tx, p.id, unit, p.created_at).await?;
    }
    Ok(())
}

async fn open_membership(
    tx: &mut Tx,
    person: PersonId,
    unit: UnitId,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "insert into unit_memberships (id, person_id, unit_id, valid_from, valid_to)
        values ($1, $2, $3, $4, null)";
    on_tx!(tx, |c| sqlx::query(SQL)
        .bind(Uuid::now_v7())
        .bind(person.as_uuid())
        .bind(unit.as_uuid())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Recomputes a person's search text from their row and unit.
async fn refresh_search_text(tx: &mut Tx, id: PersonId) -> Result<()> {
    const READ: &str = "select p.name, p.handle, p.title, u.name
        from people p left join units u on u.id = p.unit_id where p.id = $1";
    const WRITE: &str = "update people set search_text = $2 where id = $1";
    let row: (String, String, String, Option<String>) = on_tx!(tx, |c| sqlx::query_as(READ)
        .bind(id.as_uuid())
        .fetch_one(c)
        .await)?;
    let text = search_text(&row.0, &row.1, &row.2, row.3.as_deref());
    on_tx!(tx, |c| sqlx::query(WRITE)
        .bind(id.as_uuid())
        .bind(&text)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Moves a person to another primary unit (or none), keeping the history.
/// Moving to the unit they are already in changes nothing.
///
/// # Errors
/// `NotFound` for an unknown person.
#[tracing::instrument(skip_all, fields(person.id = %id))]
pub async fn move_person(
    tx: &mut Tx,
    id: PersonId,
    unit: Option<UnitId>,
    at: OffsetDateTime,
) -> Result<()> {
    const CURRENT: &str = "select unit_id from people where id = $1";
    const CLOSE: &str =
        "update unit_memberships set valid_to = $2 where person_id = $1 and valid_to is null";
    const SET: &str = "update people set unit_id = $2, updated_at = $3 where id = $1";
    let (current,): (Option<Uuid>,) = on_tx!(tx, |c| sqlx::query_as(CURRENT)
        .bind(id.as_uuid())
        .fetch_one(c)
        .await)?;
    if current == unit.map(|u| u.as_uuid()) {
        return Ok(());
    }
    let at_ts = Ts::new(at);
    on_tx!(tx, |c| sqlx::query(CLOSE)
        .bind(id.as_uuid())
        .bind(at_ts)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    on_tx!(tx, |c| sqlx::query(SET)
        .bind(id.as_uuid())
        .bind(unit.map(|u| u.as_uuid()))
        .bind(at_ts)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if let Some(unit) = unit {
        open_membership(tx, id, unit, at).await?;
    }
    // Their unit's space is one of their feed's sources.
    crate::social::timeline::rebuild(tx, id).await?;
    refresh_search_text(tx, id).await
}

/// Updates the profile fields.
///
/// # Errors
/// `NotFound` for an unknown person.
#[tracing::instrument(skip_all, fields(person.id = %id))]
pub async fn update_profile(
    tx: &mut Tx,
    id: PersonId,
    p: &ProfilePatch,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "update people
        set name = $2, name_norm = $3, title = $4, work_mode = $5, locale = $6, time_zone = $7, updated_at = $8
        where id = $1";
    let done = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(p.name.as_str())
        .bind(p.name.as_str().to_lowercase())
        .bind(p.title.as_str())
        .bind(p.work_mode.as_str())
        .bind(p.locale.map(Locale::as_str))
        .bind(p.time_zone.as_str())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if done == 0 {
        return Err(crate::Error::NotFound);
    }
    refresh_search_text(tx, id).await
}

/// The fields an org-chart import owns.
#[derive(Debug, Clone)]
pub struct OrgFields {
    /// Name.
    pub name: PersonName,
    /// Handle.
    pub handle: Handle,
    /// Title.
    pub title: Title,
    /// Work mode.
    pub work_mode: WorkMode,
}

/// Updates name, handle, title and work mode (an org-chart import's fields),
/// leaving the person's own settings (locale, time zone) alone.
///
/// # Errors
/// `NotFound` for an unknown person, `Conflict` on `people_handle_unique`.
#[tracing::instrument(skip_all, fields(person.id = %id))]
pub async fn update_org_fields(
    tx: &mut Tx,
    id: PersonId,
    f: &OrgFields,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "update people
        set name = $2, name_norm = $3, handle = $4, title = $5, work_mode = $6, updated_at = $7
        where id = $1";
    let done = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(f.name.as_str())
        .bind(f.name.as_str().to_lowercase())
        .bind(f.handle.as_str())
        .bind(f.title.as_str())
        .bind(f.work_mode.as_str())
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if done == 0 {
        return Err(crate::Error::NotFound);
    }
    refresh_search_text(tx, id).await
}

/// Sets (or replaces) a person's password hash.
///
/// # Errors
/// `NotFound` for an unknown person.
#[tracing::instrument(skip_all, fields(person.id = %id))]
pub async fn set_password_hash(
    tx: &mut Tx,
    id: PersonId,
    hash: &str,
    at: OffsetDateTime,
) -> Result<()> {
    const SQL: &str = "update people set password_hash = $2, updated_at = $3 where id = $1";
    let done = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(hash)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if done == 0 {
        return Err(crate::Error::NotFound);
    }
    Ok(())
}

/// Grants or revokes the administrator role.
///
/// # Errors
/// `NotFound` for an unknown person.
pub async fn set_admin(tx: &mut Tx, id: PersonId, is_admin: bool) -> Result<()> {
    const SQL: &str = "update people set is_admin = $2 where id = $1";
    let done = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(is_admin)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if done == 0 {
        return Err(crate::Error::NotFound);
    }
    Ok(())
}

/// Activates or deactivates a person. Returns whether that changed
/// anything: `false` for a person already in that state (or unknown). The
/// callers end a deactivated person's sessions and tokens in the same
/// transaction.
pub async fn set_active(
    tx: &mut Tx,
    id: PersonId,
    is_active: bool,
    at: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str = "update people set is_active = $2, updated_at = $3
        where id = $1 and is_active <> $2";
    let done = on_tx!(tx, |c| sqlx::query(SQL)
        .bind(id.as_uuid())
        .bind(is_active)
        .bind(Ts::new(at))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

/// One person by id.
pub async fn find_person(db: &Db, id: PersonId) -> Result<Option<PersonView>> {
    const SQL: &str = concat!(select_person!(), "where p.id = $1");
    let row: Option<PersonRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_optional(p)
        .await)?;
    Ok(row.map(Into::into))
}

#[derive(sqlx::FromRow)]
struct TokenPersonRow {
    #[sqlx(flatten)]
    person: PersonRow,
    token_id: Uuid,
    token_last_used_at: Option<Ts>,
}

/// The active person whose unexpired API token has this hash, with the
/// token's id and last use: a request's sign-in in one read.
pub async fn find_person_by_token(
    db: &Db,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<Option<(PersonView, TokenId, Option<OffsetDateTime>)>> {
    const SQL: &str = "select p.id, p.email, p.handle, p.name, p.title, p.unit_id, u.name as unit_name,
                p.work_mode, p.locale, p.time_zone, p.is_admin, p.is_active, p.created_at, p.name_norm,
                t.id as token_id, t.last_used_at as token_last_used_at
         from api_tokens t
         join people p on p.id = t.person_id
         left join units u on u.id = p.unit_id
         where t.token_hash = $1
           and (t.expires_at is null or t.expires_at > $2)
           and p.is_active = true";
    let row: Option<TokenPersonRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(token_hash)
        .bind(Ts::new(now))
        .fetch_optional(p)
        .await)?;
    Ok(row.map(|r| {
        (
            r.person.into(),
            TokenId::from_uuid(r.token_id),
            r.token_last_used_at.map(Ts::get),
        )
    }))
}

/// One person by handle (case-insensitive; handles are stored lowercase).
pub async fn find_person_by_handle(db: &Db, handle: &str) -> Result<Option<PersonView>> {
    const SQL: &str = concat!(select_person!(), "where p.handle = $1");
    let row: Option<PersonRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(handle.to_lowercase())
        .fetch_optional(p)
        .await)?;
    Ok(row.map(Into::into))
}

/// One person by e-mail (case-insensitive).
pub async fn find_person_by_email(db: &Db, email_norm: &str) -> Result<Option<PersonView>> {
    const SQL: &str = concat!(select_person!(), "where p.email_norm = $1");
    let row: Option<PersonRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(email_norm)
        .fetch_optional(p)
        .await)?;
    Ok(row.map(Into::into))
}

/// Everyone, in e-mail order (for org-chart imports, which key on e-mail).
pub async fn list_all_people(db: &Db) -> Result<Vec<PersonView>> {
    const SQL: &str = concat!(select_person!(), "order by p.email_norm");
    let rows: Vec<PersonRow> = on_db!(db, |p| sqlx::query_as(SQL).fetch_all(p).await)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The sign-in facts of an e-mail address.
pub async fn find_credentials(db: &Db, email_norm: &str) -> Result<Option<Credentials>> {
    const SQL: &str = "select id, password_hash, is_active from people where email_norm = $1";
    let row: Option<(Uuid, Option<String>, bool)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(email_norm)
        .fetch_optional(p)
        .await)?;
    Ok(row.map(|(id, password_hash, is_active)| Credentials {
        person_id: PersonId::from_uuid(id),
        password_hash,
        is_active,
    }))
}

/// Escapes `%`, `_` and `\` for a `like … escape '\'` pattern.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A page of active people in name order, after `cursor`. Up to three query
/// words are matched (all must occur) against the lowercase search text.
pub async fn list_people(
    db: &Db,
    filter: &PeopleFilter,
    cursor: Option<&PeopleCursor>,
    limit: i64,
) -> Result<Vec<PersonView>> {
    // Both backends compare lowercase text with `like` identically once the
    // pattern is lowercased in Rust; unused slots bind null and drop out.
    const SQL: &str = concat!(
        select_person!(),
        "where p.is_active = true
           and ($1 is null or p.search_text like $1 escape '\\')
           and ($2 is null or p.search_text like $2 escape '\\')
           and ($3 is null or p.search_text like $3 escape '\\')
           and ($4 is null or p.unit_id = $4)
           and ($5 is null or p.name_norm > $5 or (p.name_norm = $5 and p.id > $6))
         order by p.name_norm, p.id
         limit $7"
    );
    let words: Vec<String> = filter
        .query
        .as_deref()
        .unwrap_or_default()
        .to_lowercase()
        .split_whitespace()
        .take(3)
        .map(|w| format!("%{}%", like_escape(w)))
        .collect();
    let word = |i: usize| words.get(i).cloned();
    let rows: Vec<PersonRow> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(word(0))
        .bind(word(1))
        .bind(word(2))
        .bind(filter.unit_id.map(|u| u.as_uuid()))
        .bind(cursor.map(|c| c.0.clone()))
        .bind(cursor.map(|c| c.1.as_uuid()))
        .bind(limit)
        .fetch_all(p)
        .await)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The people with these ids, in name order (missing ids are skipped).
pub async fn list_people_by_ids(db: &Db, ids: &[PersonId]) -> Result<Vec<PersonView>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(p) = find_person(db, *id).await? {
            out.push(p);
        }
    }
    out.sort_by(|a, b| (&a.sort_key, a.id).cmp(&(&b.sort_key, b.id)));
    Ok(out)
}

/// A person's primary-unit history, oldest first: `(unit, from, to)`.
pub async fn list_memberships(
    db: &Db,
    id: PersonId,
) -> Result<Vec<(UnitId, OffsetDateTime, Option<OffsetDateTime>)>> {
    const SQL: &str = "select unit_id, valid_from, valid_to from unit_memberships
        where person_id = $1 order by valid_from, id";
    let rows: Vec<(Uuid, Ts, Option<Ts>)> = on_db!(db, |p| sqlx::query_as(SQL)
        .bind(id.as_uuid())
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(u, f, t)| (UnitId::from_uuid(u), f.get(), t.map(Ts::get)))
        .collect())
}

/// How many people there are (active or not).
pub async fn count_people(db: &Db) -> Result<i64> {
    const SQL: &str = "select count(*) from people";
    let (n,): (i64,) = on_db!(db, |p| sqlx::query_as(SQL).fetch_one(p).await)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_escape(r"50%_a\b"), r"50\%\_a\\b");
    }

    #[test]
    fn search_text_is_lowercase_and_includes_unit() {
        assert_eq!(
            search_text("Kari Ø", "kari", "CTO", Some("Data")),
            "kari ø @kari cto data"
        );
    }
}
