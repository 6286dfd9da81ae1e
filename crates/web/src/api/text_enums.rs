//! OpenAPI schemas of the domain's closed sets of text (`SpaceKind`,
//! `MemberRole`, …): a string with its allowed values listed, the same texts
//! serde writes. Used with `#[schema(schema_with = …)]` on wire types that
//! carry the domain enums themselves.

use samspill_domain::{Access, MemberRole, SpaceKind, SpaceVisibility};
use serde_json::Value;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

fn one_of(values: &[&'static str]) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
        .build()
}

fn one_of_or_null(values: &[&'static str]) -> Object {
    let values = values.iter().map(|v| Value::from(*v)).chain([Value::Null]);
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(values))
        .build()
}

/// `org`, `unit` or `community`.
pub(crate) fn space_kind() -> Object {
    one_of(&SpaceKind::ALL.map(SpaceKind::as_str))
}

/// `open`, `private` or `secret`.
pub(crate) fn space_visibility() -> Object {
    one_of(&SpaceVisibility::ALL.map(SpaceVisibility::as_str))
}

/// `everyone`, `members` or `moderators`.
pub(crate) fn access() -> Object {
    one_of(&Access::ALL.map(Access::as_str))
}

/// `owner`, `moderator` or `member`.
pub(crate) fn member_role() -> Object {
    one_of(&MemberRole::ALL.map(MemberRole::as_str))
}

/// `owner`, `moderator`, `member` or `null`.
pub(crate) fn optional_member_role() -> Object {
    one_of_or_null(&MemberRole::ALL.map(MemberRole::as_str))
}

/// `post`, `comment`, `person`, `space` or `null`.
pub(crate) fn optional_search_kind() -> Object {
    one_of_or_null(&samspill_services::social::search::SearchKind::ALL.map(|k| k.as_str()))
}
