//! Spaces: the org-wide space, one per unit (made with the unit), and
//! communities anyone may create. Who may see a space and who may take part
//! are separate settings; what a person may *read* is always decided by the
//! store's visibility predicate.
//!
//! Roles: owners and moderators manage members and join requests; unit
//! leaders moderate their unit's space; administrators may do everything.
//!
//! Every change of members decides inside its write transaction, after
//! `spaces::lock_members`, on the roles as they are then (the actor's own
//! included): two changes at the same moment cannot both pass a rule that
//! only one of them may pass, such as the last owner leaving.

use samspill_domain::spaces::leaves_no_owner;
use samspill_domain::text::free_text;
use samspill_domain::{
    Access, EventId, MemberRole, PersonId, SpaceId, SpaceKind, SpaceVisibility, UnitId,
    ValidationError,
};
use samspill_store::events::Event;
use samspill_store::social::notifications::{self, NewNotification};
use samspill_store::social::spaces::{self, NewSpace};
use samspill_store::{Tx, org::units};
use serde_json::json;

use crate::shared::live::LiveEvent;
use crate::{Actor, Ctx, Error, Result};
pub use samspill_store::social::spaces::{Member, SpaceView};

/// Creates the org space ("Everyone") and a space for every unit that has
/// none, at the context's clock. Start-up calls it.
///
/// # Errors
/// Storage failures.
pub async fn ensure_default_spaces(ctx: &Ctx) -> Result<()> {
    let mut tx = ctx.db.begin().await?;
    ensure_spaces(&mut tx, "Everyone", ctx.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates the org space and a space for every unit that has none.
/// Idempotent; runs at start-up and after imports.
///
/// # Errors
/// Storage failures.
pub async fn ensure_spaces(tx: &mut Tx, org_name: &str, now: time::OffsetDateTime) -> Result<()> {
    spaces::lock_default_spaces(tx).await?;
    if !spaces::org_space_exists(tx).await? {
        spaces::insert_space(
            tx,
            &NewSpace {
                id: SpaceId::new(),
                kind: SpaceKind::Org,
                unit_id: None,
                name: org_name.to_owned(),
                description: String::new(),
                visibility: SpaceVisibility::Open,
                read_access: Access::Everyone,
                write_access: Access::Everyone,
                created_by: None,
                created_at: now,
            },
        )
        .await?;
    }
    for (unit, name) in spaces::list_units_without_space(tx).await? {
        spaces::insert_space(
            tx,
            &NewSpace {
                id: SpaceId::new(),
                kind: SpaceKind::Unit,
                unit_id: Some(unit),
                name,
                description: String::new(),
                visibility: SpaceVisibility::Open,
                read_access: Access::Everyone,
                write_access: Access::Members,
                created_by: None,
                created_at: now,
            },
        )
        .await?;
    }
    Ok(())
}

/// The spaces the actor may see.
///
/// # Errors
/// Storage failures.
pub async fn list_spaces(ctx: &Ctx, actor: &Actor) -> Result<Vec<SpaceView>> {
    Ok(spaces::list_spaces(&ctx.db, &actor.viewer()).await?)
}

/// One space; `NotFound` when unknown or secret to the actor.
///
/// # Errors
/// `NotFound`.
pub async fn get_space(ctx: &Ctx, actor: &Actor, id: SpaceId) -> Result<SpaceView> {
    let space = spaces::find_space(&ctx.db, &actor.viewer(), id)
        .await?
        .ok_or(Error::NotFound)?;
    // An administrator reading a secret space they are not in is audited.
    crate::audit::note_admin_read(ctx, actor, &space).await?;
    Ok(space)
}

/// Whether the actor moderates the space: owner, moderator, a leader of
/// the unit of a unit space, or an administrator.
///
/// # Errors
/// Storage failures.
pub async fn moderates(ctx: &Ctx, actor: &Actor, space: &SpaceView) -> Result<bool> {
    if actor.is_admin || space.my_role.is_some_and(MemberRole::moderates) {
        return Ok(true);
    }
    if let Some(unit) = space.unit_id {
        return Ok(units::list_leader_ids(&ctx.db, unit)
            .await?
            .contains(&actor.id));
    }
    Ok(false)
}

/// Whether the actor may post and comment in the space.
///
/// # Errors
/// Storage failures.
pub async fn can_take_part(ctx: &Ctx, actor: &Actor, space: &SpaceView) -> Result<bool> {
    if !space.can_read {
        return Ok(false);
    }
    Ok(match space.write_access {
        Access::Everyone => true,
        Access::Members => space.is_member || moderates(ctx, actor, space).await?,
        Access::Moderators => moderates(ctx, actor, space).await?,
    })
}

/// A community to create.
#[derive(Debug, Clone, Default)]
pub struct NewCommunity {
    /// 1–80 characters.
    pub name: String,
    /// Up to 1000 characters.
    pub description: String,
    /// `open`, `private` or `secret`.
    pub visibility: String,
}

/// Creates a community; the creator becomes its owner.
///
/// # Errors
/// `Invalid` for a bad name, description or visibility.
#[tracing::instrument(skip_all, fields(person.id = %actor.id))]
pub async fn create_community(ctx: &Ctx, actor: &Actor, input: &NewCommunity) -> Result<SpaceView> {
    let mut errors = Vec::new();
    let mut free = |field, s: &str| {
        free_text(field, s)
            .map_err(|e| errors.push(e))
            .unwrap_or_default()
    };
    let (name, description) = (
        free("name", &input.name),
        free("description", &input.description),
    );
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let input = &NewCommunity {
        name,
        description,
        visibility: input.visibility.clone(),
    };
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        errors.push(ValidationError::new(
            "name",
            "invalid",
            "1 to 80 characters",
        ));
    }
    if input.description.chars().count() > 1000 {
        errors.push(ValidationError::new(
            "description",
            "too_long",
            "at most 1000 characters",
        ));
    }
    let visibility = match SpaceVisibility::parse(&input.visibility) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let (Some(visibility), true) = (visibility, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let now = ctx.now();
    let id = SpaceId::new();
    let mut tx = ctx.db.begin().await?;
    spaces::insert_space(
        &mut tx,
        &NewSpace {
            id,
            kind: SpaceKind::Community,
            unit_id: None,
            name: name.to_owned(),
            description: input.description.trim().to_owned(),
            visibility,
            read_access: visibility.default_read_access(),
            write_access: Access::Members,
            created_by: Some(actor.id),
            created_at: now,
        },
    )
    .await?;
    spaces::upsert_member(&mut tx, id, actor.id, MemberRole::Owner, now).await?;
    crate::audit::append_event_audited(
        &mut tx,
        &event(
            actor,
            "space.created",
            id,
            json!({"visibility": visibility}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    ctx.bus.publish(LiveEvent::FeedChanged { person: actor.id });
    get_space(ctx, actor, id).await
}

fn event(
    actor: &Actor,
    kind: &str,
    space: SpaceId,
    payload: serde_json::Value,
    at: time::OffsetDateTime,
) -> Event {
    Event {
        id: EventId::new(),
        occurred_at: at,
        kind: kind.to_owned(),
        actor_id: Some(actor.id),
        subject_id: Some(space.as_uuid()),
        unit_id: None,
        payload,
    }
}

/// What a join did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joined {
    /// Now a member.
    Member,
    /// Asked; a moderator decides.
    Requested,
}

/// Joins an open community, or asks to join a private one. Secret spaces
/// cannot be joined, only added to by a moderator.
///
/// # Errors
/// `NotFound` for a space the actor cannot see; `Conflict` for spaces one
/// cannot join (org, unit, secret) or is already in.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, space.id = %id))]
pub async fn join(ctx: &Ctx, actor: &Actor, id: SpaceId) -> Result<Joined> {
    let space = get_space(ctx, actor, id).await?;
    if space.kind != SpaceKind::Community || space.visibility == SpaceVisibility::Secret {
        return Err(Error::Conflict {
            code: "cannot_join",
            message: "this space cannot be joined".into(),
        });
    }
    let (mut tx, space) = begin_member_change(ctx, actor, space).await?;
    if space.my_role.is_some() {
        return Err(Error::Conflict {
            code: "already_member",
            message: "you are already a member".into(),
        });
    }
    let now = ctx.now();
    if space.visibility == SpaceVisibility::Open {
        spaces::insert_member(&mut tx, id, actor.id, MemberRole::Member, now).await?;
        crate::audit::append_event_audited(
            &mut tx,
            &event(actor, "space.joined", id, json!({}), now),
        )
        .await?;
        tx.commit().await?;
        ctx.bus.publish(LiveEvent::FeedChanged { person: actor.id });
        return Ok(Joined::Member);
    }
    spaces::insert_request(&mut tx, id, actor.id, now).await?;
    let mut sent = Vec::new();
    for moderator in spaces::list_moderator_ids(&mut tx, id).await? {
        let n = NewNotification {
            id: samspill_domain::NotificationId::new(),
            recipient_id: moderator,
            kind: "join_request",
            actor_id: Some(actor.id),
            post_id: None,
            comment_id: None,
            space_id: Some(id),
            subject_id: None,
            subject_title: None,
            created_at: now,
        };
        notifications::insert_notification(&mut tx, &n).await?;
        sent.push((n.id, moderator));
    }
    tx.commit().await?;
    for (nid, recipient) in sent {
        ctx.bus
            .publish(LiveEvent::Notification { id: nid, recipient });
    }
    Ok(Joined::Requested)
}

/// Begins the write transaction of a change of `space`'s members: takes the
/// members' lock and returns the space with the actor's role as it is now,
/// inside the transaction. Rules decided on it hold until the commit.
///
/// # Errors
/// `NotFound` when the space is gone.
async fn begin_member_change(
    ctx: &Ctx,
    actor: &Actor,
    space: SpaceView,
) -> Result<(Tx, SpaceView)> {
    let mut tx = ctx.db.begin().await?;
    if !spaces::lock_members(&mut tx, space.id).await? {
        return Err(Error::NotFound);
    }
    let my_role = spaces::find_role_tx(&mut tx, space.id, actor.id).await?;
    Ok((tx, SpaceView { my_role, ..space }))
}

/// A moderator adds a person (approving their request if there is one); a
/// member keeps their role.
///
/// # Errors
/// `NotFound` for an unknown space or person; `Forbidden` for non-moderators.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, space.id = %id))]
pub async fn add_member(ctx: &Ctx, actor: &Actor, id: SpaceId, person: PersonId) -> Result<()> {
    let space = get_space(ctx, actor, id).await?;
    let (mut tx, space) = begin_member_change(ctx, actor, space).await?;
    if !moderates(ctx, actor, &space).await? {
        return Err(Error::Forbidden);
    }
    samspill_store::org::people::find_person(&ctx.db, person)
        .await?
        .ok_or(Error::NotFound)?;
    let now = ctx.now();
    spaces::delete_request(&mut tx, id, person).await?;
    spaces::insert_member(&mut tx, id, person, MemberRole::Member, now).await?;
    crate::audit::append_event_audited(
        &mut tx,
        &event(
            actor,
            "space.member_added",
            id,
            json!({"person_id": person.to_string()}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    ctx.bus.publish(LiveEvent::FeedChanged { person });
    Ok(())
}

/// Leaves a space (oneself) or removes a member (a moderator; an owner
/// only by another owner or an administrator). The last owner cannot leave.
///
/// # Errors
/// `NotFound`, `Forbidden`, or `Conflict` for the last owner.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, space.id = %id))]
pub async fn remove_member(ctx: &Ctx, actor: &Actor, id: SpaceId, person: PersonId) -> Result<()> {
    let space = get_space(ctx, actor, id).await?;
    let (mut tx, space) = begin_member_change(ctx, actor, space).await?;
    if person != actor.id && !moderates(ctx, actor, &space).await? {
        return Err(Error::Forbidden);
    }
    let current = spaces::find_role_tx(&mut tx, id, person).await?;
    if current == Some(MemberRole::Owner) && person != actor.id && !owns(actor, &space) {
        return Err(Error::Forbidden);
    }
    if leaves_no_owner(current, None, spaces::count_owners(&mut tx, id).await?) {
        return Err(Error::Conflict {
            code: "last_owner",
            message: "the last owner cannot leave".into(),
        });
    }
    let now = ctx.now();
    let removed = spaces::remove_member(&mut tx, id, person).await?;
    if removed {
        crate::audit::append_event_audited(
            &mut tx,
            &event(
                actor,
                "space.member_removed",
                id,
                json!({"person_id": person.to_string()}),
                now,
            ),
        )
        .await?;
    }
    tx.commit().await?;
    if removed {
        ctx.bus.publish(LiveEvent::FeedChanged { person });
    }
    Ok(())
}

/// Changes a member's role. Moderators make members moderators and back;
/// only owners and administrators grant or take the owner role, and the
/// last owner keeps it.
///
/// # Errors
/// `Forbidden` unless the actor moderates (owns, for the owner role);
/// `NotFound` for a person who is not a member; `Conflict` for demoting the
/// last owner.
#[tracing::instrument(skip_all, fields(person.id = %actor.id, space.id = %id))]
pub async fn set_role(
    ctx: &Ctx,
    actor: &Actor,
    id: SpaceId,
    person: PersonId,
    role: MemberRole,
) -> Result<()> {
    let space = get_space(ctx, actor, id).await?;
    let (mut tx, space) = begin_member_change(ctx, actor, space).await?;
    if !moderates(ctx, actor, &space).await? {
        return Err(Error::Forbidden);
    }
    let current = spaces::find_role_tx(&mut tx, id, person)
        .await?
        .ok_or(Error::NotFound)?;
    if (role == MemberRole::Owner || current == MemberRole::Owner) && !owns(actor, &space) {
        return Err(Error::Forbidden);
    }
    if leaves_no_owner(
        Some(current),
        Some(role),
        spaces::count_owners(&mut tx, id).await?,
    ) {
        return Err(Error::Conflict {
            code: "last_owner",
            message: "the last owner keeps the owner role".into(),
        });
    }
    let now = ctx.now();
    spaces::upsert_member(&mut tx, id, person, role, now).await?;
    crate::audit::append_event_audited(
        &mut tx,
        &event(
            actor,
            "space.role_changed",
            id,
            json!({"person_id": person.to_string(), "role": role}),
            now,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Owners and administrators hold a space's owner role in their hands.
fn owns(actor: &Actor, space: &SpaceView) -> bool {
    actor.is_admin || space.my_role == Some(MemberRole::Owner)
}

/// Members with roles, for those who may read the space.
///
/// # Errors
/// `NotFound` for a space the actor cannot see.
pub async fn members(ctx: &Ctx, actor: &Actor, id: SpaceId) -> Result<Vec<Member>> {
    let space = get_space(ctx, actor, id).await?;
    if !space.can_read {
        return Err(Error::Forbidden);
    }
    Ok(spaces::list_members(&ctx.db, id).await?)
}

/// Pending requests, for moderators.
///
/// # Errors
/// `NotFound`, `Forbidden`.
pub async fn requests(
    ctx: &Ctx,
    actor: &Actor,
    id: SpaceId,
) -> Result<Vec<(PersonId, String, String)>> {
    let space = get_space(ctx, actor, id).await?;
    if !moderates(ctx, actor, &space).await? {
        return Err(Error::Forbidden);
    }
    Ok(spaces::list_requests(&ctx.db, id).await?)
}

/// The space of a unit.
///
/// # Errors
/// `NotFound` when the unit has none.
pub async fn unit_space(ctx: &Ctx, actor: &Actor, unit: UnitId) -> Result<SpaceView> {
    let all = spaces::list_spaces(&ctx.db, &actor.viewer()).await?;
    all.into_iter()
        .find(|s| s.unit_id == Some(unit))
        .ok_or(Error::NotFound)
}
