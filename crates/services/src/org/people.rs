//! People as the product shows them: me, the directory, profiles and one's
//! own settings. Every signed-in person may see the whole directory: it is
//! the organization's internal phone book.

use samspill_domain::{
    Locale, PersonId, PersonName, TimeZone, Title, UnitId, ValidationError, WorkMode, text,
};
use samspill_store::org::people::{self, PeopleFilter, ProfilePatch};
use samspill_store::org::units::{self, UnitView};

use crate::shared::page::{self, Page};
use crate::{Actor, Ctx, Error, Result};
pub use samspill_store::org::people::PersonView;

/// A person with what they lead and their roles.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The person.
    pub person: PersonView,
    /// Units they lead, in path order.
    pub leads: Vec<UnitView>,
    /// `member`, and `leader` and `admin` where they apply.
    pub roles: Vec<&'static str>,
    /// The person's managers: the leaders of the nearest unit, from their own
    /// upwards, that has a leader other than them.
    pub reports_to: Vec<PersonView>,
}

/// The roles of a person: everyone is a member; a leader leads at least one
/// unit; an admin administers the installation.
#[must_use]
pub fn roles(person: &PersonView, leads_any: bool) -> Vec<&'static str> {
    let mut r = vec!["member"];
    if leads_any {
        r.push("leader");
    }
    if person.is_admin {
        r.push("admin");
    }
    r
}

async fn profile_of(ctx: &Ctx, person: PersonView) -> Result<Profile> {
    let led = units::list_units_led_by(&ctx.db, person.id).await?;
    let mut leads = Vec::with_capacity(led.len());
    for id in led {
        if let Some(u) = units::find_unit(&ctx.db, id).await? {
            leads.push(u);
        }
    }
    let roles = roles(&person, !leads.is_empty());
    let reports_to = managers_of(ctx, &person).await?;
    Ok(Profile {
        person,
        leads,
        roles,
        reports_to,
    })
}

/// Walks up from the person's unit to the first unit led by someone else
/// (the rule of `samspill_domain::org::managers`).
async fn managers_of(ctx: &Ctx, person: &PersonView) -> Result<Vec<PersonView>> {
    let mut unit = person.unit_id;
    while let Some(id) = unit {
        let Some(u) = units::find_unit(&ctx.db, id).await? else {
            break;
        };
        let others: Vec<PersonId> = u
            .leaders
            .iter()
            .copied()
            .filter(|l| *l != person.id)
            .collect();
        if !others.is_empty() {
            return Ok(people::list_people_by_ids(&ctx.db, &others).await?);
        }
        unit = u.parent_id;
    }
    Ok(Vec::new())
}

/// The signed-in person.
///
/// # Errors
/// `NotFound` if the actor no longer exists.
pub async fn me(ctx: &Ctx, actor: &Actor) -> Result<Profile> {
    let person = people::find_person(&ctx.db, actor.id)
        .await?
        .ok_or(Error::NotFound)?;
    profile_of(ctx, person).await
}

/// A profile by handle.
///
/// # Errors
/// `NotFound` for an unknown handle or a deactivated person.
pub async fn profile(ctx: &Ctx, _actor: &Actor, handle: &str) -> Result<Profile> {
    if text::refuse_controls("handle", handle).is_err() {
        return Err(Error::NotFound);
    }
    let person = people::find_person_by_handle(&ctx.db, handle.trim_start_matches('@'))
        .await?
        .filter(|p| p.is_active)
        .ok_or(Error::NotFound)?;
    profile_of(ctx, person).await
}

/// A person by id (for the API's `person_id` fields).
///
/// # Errors
/// `NotFound` for an unknown id.
pub async fn person(ctx: &Ctx, _actor: &Actor, id: PersonId) -> Result<PersonView> {
    people::find_person(&ctx.db, id)
        .await?
        .ok_or(Error::NotFound)
}

/// A page of the directory.
///
/// # Errors
/// `Invalid` for a bad limit or cursor, or a query with a control character.
pub async fn directory(
    ctx: &Ctx,
    _actor: &Actor,
    query: Option<&str>,
    unit: Option<UnitId>,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> Result<Page<PersonView>> {
    let limit = page::limit(limit)?;
    if let Some(q) = query {
        text::refuse_controls("q", q)?;
    }
    let after: Option<(String, PersonId)> = cursor.map(page::decode).transpose()?;
    let filter = PeopleFilter {
        query: query
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned),
        unit_id: unit,
    };
    let rows = people::list_people(&ctx.db, &filter, after.as_ref(), limit + 1).await?;
    Ok(page::split(rows, limit, |p| {
        page::encode(&(&p.sort_key, p.id))
    }))
}

/// One's own settings, as entered (strings, validated here).
#[derive(Debug, Clone, Default)]
pub struct SettingsInput {
    /// Display name.
    pub name: String,
    /// Title.
    pub title: String,
    /// `office`, `remote` or `client_site`.
    pub work_mode: String,
    /// `en` or `nb`; empty to follow the browser.
    pub locale: String,
    /// IANA zone.
    pub time_zone: String,
}

/// Validates every field at once, so a form can show all problems together.
///
/// # Errors
/// `Invalid` listing each bad field.
pub fn parse_settings(input: &SettingsInput) -> Result<ProfilePatch> {
    let mut errors: Vec<ValidationError> = Vec::new();
    let name = PersonName::parse(&input.name)
        .map_err(|e| errors.push(e))
        .ok();
    let title = Title::parse(&input.title).map_err(|e| errors.push(e)).ok();
    let work_mode = WorkMode::parse(&input.work_mode)
        .map_err(|e| errors.push(e))
        .ok();
    let locale = match input.locale.trim() {
        "" => Some(None),
        l => Locale::parse(l).map(Some).map_err(|e| errors.push(e)).ok(),
    };
    let time_zone = TimeZone::parse(&input.time_zone)
        .map_err(|e| errors.push(e))
        .ok();
    match (name, title, work_mode, locale, time_zone) {
        (Some(name), Some(title), Some(work_mode), Some(locale), Some(time_zone))
            if errors.is_empty() =>
        {
            Ok(ProfilePatch {
                name,
                title,
                work_mode,
                locale,
                time_zone,
            })
        }
        _ => Err(Error::Invalid(errors)),
    }
}

/// Updates the actor's own name, title, work mode, locale and time zone.
///
/// # Errors
/// `Invalid` listing each bad field; nothing is written then.
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn update_settings(
    ctx: &Ctx,
    actor: &Actor,
    input: &SettingsInput,
) -> Result<PersonView> {
    let patch = parse_settings(input)?;
    let mut tx = ctx.db.begin().await?;
    people::update_profile(&mut tx, actor.id, &patch, ctx.now()).await?;
    tx.commit().await?;
    people::find_person(&ctx.db, actor.id)
        .await?
        .ok_or(Error::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_report_every_bad_field_at_once() {
        let input = SettingsInput {
            name: " ".into(),
            title: "ok".into(),
            work_mode: "hybrid".into(),
            locale: "de".into(),
            time_zone: "Europe/Oslo".into(),
        };
        let Err(Error::Invalid(errors)) = parse_settings(&input) else {
            panic!("accepted")
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "work_mode", "locale"]);
    }
}
