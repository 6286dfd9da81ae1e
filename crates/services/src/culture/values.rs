//! The organization's values: everyone reads them; administrators create,
//! edit and archive them (never delete: praise points to them).

use samspill_domain::ValidationError;
use samspill_domain::culture::{ValueIcon, ValueId};
use samspill_domain::text::free_text;
use samspill_store::culture::values;
use serde_json::json;

use crate::shared::events::event;
use crate::{Actor, Ctx, Error, Result};
pub use samspill_store::culture::values::ValueView;

/// A new value.
#[derive(Debug, Clone, Default)]
pub struct ValueInput {
    /// 1–60 characters, unique (case aside).
    pub name: String,
    /// At most 500 characters.
    pub description: String,
    /// One of [`ValueIcon`]'s names.
    pub icon: String,
}

/// A change to a value; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct ValuePatch {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New icon.
    pub icon: Option<String>,
    /// Archive (`true`) or bring back (`false`).
    pub archived: Option<bool>,
}

/// The values, by position; archived ones only when asked for.
///
/// # Errors
/// Storage failures.
pub async fn list_values(ctx: &Ctx, _actor: &Actor, archived_too: bool) -> Result<Vec<ValueView>> {
    let mut list = values::list_values(&ctx.db).await?;
    if !archived_too {
        list.retain(|v| v.archived_at.is_none());
    }
    Ok(list)
}

/// One value (archived ones too).
///
/// # Errors
/// `NotFound`.
pub async fn get_value(ctx: &Ctx, _actor: &Actor, id: ValueId) -> Result<ValueView> {
    values::find_value(&ctx.db, id)
        .await?
        .ok_or(Error::NotFound)
}

fn checked(name: &str, description: &str, icon: &str) -> Result<(String, String, ValueIcon)> {
    let mut errors = Vec::new();
    let name = free_text("name", name)
        .map_err(|e| errors.push(e))
        .unwrap_or_default()
        .trim()
        .to_owned();
    let description = free_text("description", description)
        .map_err(|e| errors.push(e))
        .unwrap_or_default()
        .trim()
        .to_owned();
    let n = name.chars().count();
    if n == 0 {
        errors.push(ValidationError::new(
            "name",
            "required",
            "a value has a name",
        ));
    } else if n > 60 {
        errors.push(ValidationError::new(
            "name",
            "too_long",
            "at most 60 characters",
        ));
    }
    if description.chars().count() > 500 {
        errors.push(ValidationError::new(
            "description",
            "too_long",
            "at most 500 characters",
        ));
    }
    let icon = ValueIcon::parse(icon).map_err(|e| errors.push(e)).ok();
    match icon {
        Some(icon) if errors.is_empty() => Ok((name, description, icon)),
        _ => Err(Error::Invalid(errors)),
    }
}

/// Adds a value at the end of the list (administrators).
///
/// # Errors
/// `Forbidden` for others; `Invalid` for bad fields or a name in use.
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn create_value(ctx: &Ctx, actor: &Actor, input: &ValueInput) -> Result<ValueView> {
    if !actor.is_admin {
        return Err(Error::Forbidden);
    }
    let (name, description, icon) = checked(&input.name, &input.description, &input.icon)?;
    let id = ValueId::new();
    let now = ctx.now();
    let mut tx = ctx.db.begin().await?;
    values::insert_value(&mut tx, id, &name, &description, icon, now).await?;
    crate::audit::append_event_audited(
        &mut tx,
        &event(
            actor,
            "value.created",
            id.as_uuid(),
            json!({"name": name}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    get_value(ctx, actor, id).await
}

/// Edits, archives or brings back a value (administrators).
///
/// # Errors
/// `Forbidden` for others; `NotFound`; `Invalid` for bad fields or a name
/// in use.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, value.id = %id))]
pub async fn update_value(
    ctx: &Ctx,
    actor: &Actor,
    id: ValueId,
    patch: &ValuePatch,
) -> Result<ValueView> {
    if !actor.is_admin {
        return Err(Error::Forbidden);
    }
    let old = get_value(ctx, actor, id).await?;
    let (name, description, icon) = checked(
        patch.name.as_deref().unwrap_or(&old.name),
        patch.description.as_deref().unwrap_or(&old.description),
        patch.icon.as_deref().unwrap_or(old.icon.as_str()),
    )?;
    let now = ctx.now();
    let archived_at = match patch.archived {
        Some(true) => old.archived_at.or(Some(now)),
        Some(false) => None,
        None => old.archived_at,
    };
    let new = ValueView {
        name,
        description,
        icon,
        archived_at,
        ..old
    };
    let mut tx = ctx.db.begin().await?;
    if !values::update_value(&mut tx, &new).await? {
        return Err(Error::NotFound);
    }
    crate::audit::append_event_audited(
        &mut tx,
        &event(
            actor,
            "value.updated",
            id.as_uuid(),
            json!({"name": new.name, "archived": new.archived_at.is_some()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    get_value(ctx, actor, id).await
}
