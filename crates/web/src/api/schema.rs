//! OpenAPI schemas of the domain's closed sets. `domain` stays free of
//! HTTP and OpenAPI crates, so the schemas are written here, from the
//! domain's own `ALL` and `as_str`: the document lists exactly the names the
//! API accepts and sends.

use std::borrow::Cow;

use samspill_domain::{PostKind, Reaction};
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Schema, Type};
use utoipa::openapi::{KnownFormat, RefOr, SchemaFormat};
use utoipa::{PartialSchema, ToSchema};

fn names_schema(description: &str, names: impl IntoIterator<Item = &'static str>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(names))
        .description(Some(description))
        .into()
}

/// The `PostKind` schema: the kinds of post by name.
pub(crate) struct PostKindSchema;

impl PartialSchema for PostKindSchema {
    fn schema() -> RefOr<Schema> {
        names_schema("The kind of a post.", PostKind::ALL.map(PostKind::as_str))
    }
}

impl ToSchema for PostKindSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("PostKind")
    }
}

/// The `Reaction` schema: the reactions by name.
pub(crate) struct ReactionSchema;

impl PartialSchema for ReactionSchema {
    fn schema() -> RefOr<Schema> {
        names_schema("A reaction to a post.", Reaction::ALL.map(Reaction::as_str))
    }
}

impl ToSchema for ReactionSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Reaction")
    }
}

/// Reaction counts: an object with an integer per reaction that has any.
pub(crate) fn reaction_counts() -> RefOr<Schema> {
    let mut counts = ObjectBuilder::new()
        .description(Some(
            "Counts per reaction; reactions nobody chose are absent.",
        ))
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    for r in Reaction::ALL {
        counts = counts.property(
            r.as_str(),
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                .minimum(Some(1)),
        );
    }
    counts.into()
}

/// The `ValueIcon` schema: the icons a value may carry, by name.
pub(crate) struct ValueIconSchema;

impl PartialSchema for ValueIconSchema {
    fn schema() -> RefOr<Schema> {
        names_schema(
            "The icon of one of the organization's values.",
            samspill_domain::culture::ValueIcon::ALL
                .map(samspill_domain::culture::ValueIcon::as_str),
        )
    }
}

impl ToSchema for ValueIconSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ValueIcon")
    }
}
