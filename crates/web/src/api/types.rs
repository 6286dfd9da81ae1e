//! Wire types of the API: snake_case keys, string ids, RFC 3339 times.

use samspill_domain::{Access, MemberRole, SpaceKind, SpaceVisibility};
use samspill_services::org::people::PersonView;
use samspill_services::org::people::Profile;
use samspill_services::org::units::UnitView;
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::text_enums;

/// A unit reference: id and name.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitRefJson {
    /// Unit id.
    pub id: String,
    /// Unit name.
    pub name: String,
}

/// A person with roles and led units (me, profiles, sign-in).
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonJson {
    /// Id.
    pub id: String,
    /// Handle (lowercase, without `@`).
    pub handle: String,
    /// Display name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Job title.
    pub title: String,
    /// Primary unit.
    pub unit: Option<UnitRefJson>,
    /// `office`, `remote` or `client_site`.
    pub work_mode: String,
    /// `en`, `nb`, or null to follow the browser.
    pub locale: Option<String>,
    /// IANA time zone.
    pub time_zone: String,
    /// `member`, `leader`, `admin`.
    pub roles: Vec<String>,
    /// Ids of the units this person leads.
    pub leads: Vec<String>,
}

impl From<&Profile> for PersonJson {
    fn from(p: &Profile) -> Self {
        let v = &p.person;
        Self {
            id: v.id.to_string(),
            handle: v.handle.clone(),
            name: v.name.clone(),
            email: v.email.clone(),
            title: v.title.clone(),
            unit: unit_ref(v),
            work_mode: v.work_mode.as_str().to_owned(),
            locale: v.locale.map(|l| l.as_str().to_owned()),
            time_zone: v.time_zone.clone(),
            roles: p.roles.iter().map(|r| (*r).to_owned()).collect(),
            leads: p.leads.iter().map(|u| u.id.to_string()).collect(),
        }
    }
}

fn unit_ref(v: &PersonView) -> Option<UnitRefJson> {
    Some(UnitRefJson {
        id: v.unit_id?.to_string(),
        name: v.unit_name.clone()?,
    })
}

/// A person in a list (directory, unit members).
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonSummaryJson {
    /// Id.
    pub id: String,
    /// Handle.
    pub handle: String,
    /// Display name.
    pub name: String,
    /// Job title.
    pub title: String,
    /// Primary unit.
    pub unit: Option<UnitRefJson>,
    /// `office`, `remote` or `client_site`.
    pub work_mode: String,
}

impl From<&PersonView> for PersonSummaryJson {
    fn from(v: &PersonView) -> Self {
        Self {
            id: v.id.to_string(),
            handle: v.handle.clone(),
            name: v.name.clone(),
            title: v.title.clone(),
            unit: unit_ref(v),
            work_mode: v.work_mode.as_str().to_owned(),
        }
    }
}

/// A unit of the tree.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitJson {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Free-text kind (company, division, department, team…).
    pub kind: String,
    /// Full path, root first.
    pub path: String,
    /// Parent id; null for the root.
    pub parent_id: Option<String>,
    /// Ids of the unit's leaders.
    pub leaders: Vec<String>,
    /// People whose primary unit this is.
    pub member_count: i64,
}

impl From<&UnitView> for UnitJson {
    fn from(u: &UnitView) -> Self {
        Self {
            id: u.id.to_string(),
            name: u.name.clone(),
            kind: u.kind.clone(),
            path: u.path.clone(),
            parent_id: u.parent_id.map(|p| p.to_string()),
            leaders: u.leaders.iter().map(ToString::to_string).collect(),
            member_count: u.member_count,
        }
    }
}

/// A person as an author or actor.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonRefJson {
    /// Id.
    pub id: String,
    /// Handle.
    pub handle: String,
    /// Name.
    pub name: String,
}

/// A space.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpaceJson {
    /// Id.
    pub id: String,
    /// `org`, `unit` or `community`.
    #[schema(schema_with = text_enums::space_kind)]
    pub kind: SpaceKind,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// `open`, `private` or `secret`.
    #[schema(schema_with = text_enums::space_visibility)]
    pub visibility: SpaceVisibility,
    /// Who may read its posts: `everyone` or `members`.
    #[schema(schema_with = text_enums::access)]
    pub read_access: Access,
    /// Who may post: `everyone`, `members` or `moderators`.
    #[schema(schema_with = text_enums::access)]
    pub write_access: Access,
    /// The unit of a unit space.
    pub unit_id: Option<String>,
    /// Explicit members.
    pub member_count: i64,
    /// Your role (`owner`, `moderator` or `member`), if you are an explicit member.
    #[schema(schema_with = text_enums::optional_member_role)]
    pub my_role: Option<MemberRole>,
    /// You are a member (explicitly, or by unit).
    pub is_member: bool,
    /// You may read its posts.
    pub can_read: bool,
    /// You have asked to join.
    pub requested: bool,
}

impl From<&samspill_services::social::spaces::SpaceView> for SpaceJson {
    fn from(s: &samspill_services::social::spaces::SpaceView) -> Self {
        Self {
            id: s.id.to_string(),
            kind: s.kind,
            name: s.name.clone(),
            description: s.description.clone(),
            visibility: s.visibility,
            read_access: s.read_access,
            write_access: s.write_access,
            unit_id: s.unit_id.map(|u| u.to_string()),
            member_count: s.member_count,
            my_role: s.my_role,
            is_member: s.is_member,
            can_read: s.can_read,
            requested: s.requested,
        }
    }
}

/// A poll option.
#[derive(Debug, Serialize, ToSchema)]
pub struct PollOptionJson {
    /// Text.
    pub text: String,
    /// Votes.
    pub votes: i64,
}

/// A poll's state.
#[derive(Debug, Serialize, ToSchema)]
pub struct PollJson {
    /// Options in order; vote with their index.
    pub options: Vec<PollOptionJson>,
    /// Your vote's index.
    pub my_vote: Option<i64>,
}

/// A post.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostJson {
    /// Id.
    pub id: String,
    /// Kind.
    #[schema(value_type = crate::api::schema::PostKindSchema)]
    pub kind: samspill_domain::PostKind,
    /// Title (may be empty).
    pub title: String,
    /// Markdown source.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// Author.
    pub author: PersonRefJson,
    /// Space id.
    pub space_id: String,
    /// Space name.
    pub space_name: String,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last edited (RFC 3339).
    pub updated_at: String,
    /// Live comments.
    pub comment_count: i64,
    /// Counts per reaction kind.
    #[schema(schema_with = crate::api::schema::reaction_counts)]
    pub reactions: std::collections::BTreeMap<&'static str, i64>,
    /// Your reactions.
    #[schema(value_type = Vec<crate::api::schema::ReactionSchema>)]
    pub my_reactions: Vec<samspill_domain::Reaction>,
    /// The accepted answer of a question.
    pub accepted_comment_id: Option<String>,
    /// Pinned until acknowledged.
    pub important: bool,
    /// You acknowledged it.
    pub acknowledged: bool,
    /// Topics.
    pub topics: Vec<String>,
    /// The poll, for polls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poll: Option<PollJson>,
    /// Set when a moderator hid the post: the rule cited. Only its author,
    /// the space's moderators and administrators read a hidden post.
    pub hidden_rule_id: Option<String>,
    /// A vision or announcement addressed to units (on a post's own read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<AudienceJson>,
    /// Praise: the people praised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient_ids: Option<Vec<String>>,
    /// Praise: the value it recognizes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_id: Option<String>,
    /// Praise: the value's name and icon, and the recipients by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub praise: Option<PraiseJson>,
}

/// What a vision or announcement is addressed to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AudienceJson {
    /// The addressed units (sub-units included in the audience).
    pub audience_unit_ids: Vec<String>,
    /// Pinned for each audience member until they acknowledge it.
    pub requires_ack: bool,
    /// The original this follows up.
    pub cascade_of: Option<String>,
}

/// A praise post's value and recipients, for display.
#[derive(Debug, Serialize, ToSchema)]
pub struct PraiseJson {
    /// The value's name.
    pub value_name: String,
    /// The value's icon.
    #[schema(value_type = crate::api::schema::ValueIconSchema)]
    pub value_icon: samspill_domain::culture::ValueIcon,
    /// The people praised.
    pub recipients: Vec<PersonRefJson>,
}

/// RFC 3339 for the wire.
#[must_use]
pub(crate) fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl From<&samspill_services::social::posts::PostDetail> for PostJson {
    fn from(d: &samspill_services::social::posts::PostDetail) -> Self {
        let p = &d.post;
        Self {
            id: p.id.to_string(),
            kind: p.kind,
            title: p.title.clone(),
            body: p.body.clone(),
            body_html: p.body_html.clone(),
            author: PersonRefJson {
                id: p.author_id.to_string(),
                handle: p.author_handle.clone(),
                name: p.author_name.clone(),
            },
            space_id: p.space_id.to_string(),
            space_name: p.space_name.clone(),
            created_at: rfc3339(p.created_at),
            updated_at: rfc3339(p.updated_at),
            comment_count: p.comment_count,
            reactions: d.reactions.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
            my_reactions: d.my_reactions.clone(),
            accepted_comment_id: p.accepted_comment_id.map(|c| c.to_string()),
            important: p.important,
            acknowledged: d.acked,
            topics: d.topics.clone(),
            poll: p.kind.has_options().then(|| PollJson {
                options: d
                    .poll
                    .iter()
                    .map(|(text, votes)| PollOptionJson {
                        text: text.clone(),
                        votes: *votes,
                    })
                    .collect(),
                my_vote: d.my_vote,
            }),
            audience: d.addressed.as_ref().map(|a| AudienceJson {
                audience_unit_ids: a.units.iter().map(ToString::to_string).collect(),
                requires_ack: a.requires_ack,
                cascade_of: a.cascade_of.map(|c| c.to_string()),
            }),
            hidden_rule_id: p.hidden_rule_id.clone(),
            recipient_ids: d
                .praise
                .as_ref()
                .map(|p| p.recipients.iter().map(|r| r.id.to_string()).collect()),
            value_id: d.praise.as_ref().map(|p| p.value_id.to_string()),
            praise: d.praise.as_ref().map(|p| PraiseJson {
                value_name: p.value_name.clone(),
                value_icon: p.value_icon,
                recipients: p
                    .recipients
                    .iter()
                    .map(|r| PersonRefJson {
                        id: r.id.to_string(),
                        handle: r.handle.clone(),
                        name: r.name.clone(),
                    })
                    .collect(),
            }),
        }
    }
}

/// A comment.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentJson {
    /// Id.
    pub id: String,
    /// Post id.
    pub post_id: String,
    /// The comment it answers.
    pub parent_id: Option<String>,
    /// Author.
    pub author: PersonRefJson,
    /// Markdown.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Upvotes (the questions of an Ask-me-anything thread are ranked by
    /// them); counted in a post's thread, 0 elsewhere.
    pub upvotes: i64,
    /// Whether yours is among them.
    pub upvoted: bool,
    /// Set when a moderator hid the comment: the rule cited.
    pub hidden_rule_id: Option<String>,
}

impl From<&samspill_services::social::comments::CommentView> for CommentJson {
    fn from(c: &samspill_services::social::comments::CommentView) -> Self {
        Self {
            id: c.id.to_string(),
            post_id: c.post_id.to_string(),
            parent_id: c.parent_id.map(|p| p.to_string()),
            author: PersonRefJson {
                id: c.author_id.to_string(),
                handle: c.author_handle.clone(),
                name: c.author_name.clone(),
            },
            body: c.body.clone(),
            body_html: c.body_html.clone(),
            created_at: rfc3339(c.created_at),
            upvotes: 0,
            upvoted: false,
            hidden_rule_id: c.hidden_rule_id.clone(),
        }
    }
}

/// A notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationJson {
    /// Id.
    pub id: String,
    /// mention, reply, answer, accepted, reaction, join_request.
    pub kind: String,
    /// Read yet?
    pub read: bool,
    /// Who caused it.
    pub actor: Option<PersonRefJson>,
    /// The post.
    pub post_id: Option<String>,
    /// The comment.
    pub comment_id: Option<String>,
    /// The space (join requests).
    pub space_id: Option<String>,
    /// The object when it is not a post or a space: a consultation
    /// (`consultation_*`, `idea_status`), a feedback item (`feedback_*`), a
    /// commitment (`commitment_*`).
    pub subject_id: Option<String>,
    /// That object's title when the notification was made.
    pub subject_title: Option<String>,
    /// When (RFC 3339).
    pub created_at: String,
}

impl From<&samspill_services::social::notifications::Notification> for NotificationJson {
    fn from(n: &samspill_services::social::notifications::Notification) -> Self {
        Self {
            id: n.id.to_string(),
            kind: n.kind.clone(),
            read: n.read,
            actor: n.actor_id.map(|id| PersonRefJson {
                id: id.to_string(),
                handle: n.actor_handle.clone().unwrap_or_default(),
                name: n.actor_name.clone().unwrap_or_default(),
            }),
            post_id: n.post_id.map(|p| p.to_string()),
            comment_id: n.comment_id.map(|c| c.to_string()),
            space_id: n.space_id.map(|s| s.to_string()),
            subject_id: n.subject_id.map(|s| s.to_string()),
            subject_title: n.subject_title.clone(),
            created_at: rfc3339(n.created_at),
        }
    }
}
