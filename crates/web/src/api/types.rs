//! Wire types of the API: snake_case keys, string ids, RFC 3339 times.

use samspill_services::people::Profile;
use samspill_store::people::PersonView;
use samspill_store::units::UnitView;
use serde::Serialize;
use utoipa::ToSchema;

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
