//! Org-chart import from CSV: `email,name,handle,unit_path,title,work_mode,leader_of`.
//!
//! The import is planned in full before anything is written: every bad row is
//! reported with its line number, and then nothing is applied. A valid plan is
//! applied in one transaction, with an event per change, so a second run of
//! the same file plans no change at all.
//!
//! Rules:
//! - People are matched by e-mail (case-insensitive); existing accounts keep
//!   their passwords, locale and time zone. People missing from the file are
//!   left as they are.
//! - Units are created for every path and ancestor that does not exist yet.
//! - `leader_of` holds zero or more unit paths separated by `;`; for people in
//!   the file it is the complete list of units they lead.
//! - The reporting lines that result may not form a cycle.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::io::Read;

use samspill_domain::org::{ReportingEntry, UnitPath, reporting_cycles};
use samspill_domain::{
    Email, EventId, Handle, Locale, PersonId, PersonName, TimeZone, Title, UnitId, WorkMode,
};
use samspill_store::events::Event;
use samspill_store::org::people::{self, NewPerson, OrgFields, PersonView};
use samspill_store::org::units::{self, NewUnit, UnitView};
use serde_json::json;

use crate::{Ctx, Error};

/// The columns, in the order written by `samspill` and expected by default.
pub const COLUMNS: [&str; 7] = [
    "email",
    "name",
    "handle",
    "unit_path",
    "title",
    "work_mode",
    "leader_of",
];

/// A row that passed its own checks.
#[derive(Debug, Clone)]
pub struct ImportRow {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// E-mail, the match key.
    pub email: Email,
    /// Name.
    pub name: PersonName,
    /// Handle.
    pub handle: Handle,
    /// Primary unit.
    pub unit: UnitPath,
    /// Title.
    pub title: Title,
    /// Work mode.
    pub work_mode: WorkMode,
    /// Units led.
    pub leader_of: Vec<UnitPath>,
}

/// A refused row: line, column and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Line in the file; 0 for a problem that is not on one line.
    pub line: u64,
    /// The column (or `row`).
    pub field: String,
    /// Why.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.field, self.message)
    }
}

/// Why an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Rows were refused; nothing was applied.
    #[error("{} row problem(s); nothing was applied", .0.len())]
    Rows(Vec<RowError>),
    /// The file could not be read, or the database failed.
    #[error(transparent)]
    Service(#[from] Error),
}

/// One change the import makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new unit.
    CreateUnit {
        /// Its path.
        path: String,
    },
    /// A new person.
    CreatePerson {
        /// Line.
        line: u64,
        /// E-mail.
        email: String,
        /// Unit path.
        unit: String,
    },
    /// Changed name, handle, title or work mode: `(field, old, new)`.
    UpdatePerson {
        /// Line.
        line: u64,
        /// E-mail.
        email: String,
        /// What changes.
        fields: Vec<(&'static str, String, String)>,
    },
    /// A person moves to another primary unit.
    MovePerson {
        /// Line.
        line: u64,
        /// E-mail.
        email: String,
        /// Old unit path (`None`: had none).
        from: Option<String>,
        /// New unit path.
        to: String,
    },
    /// Someone becomes a leader of a unit.
    AddLeader {
        /// E-mail.
        email: String,
        /// Unit path.
        unit: String,
    },
    /// Someone stops leading a unit.
    RemoveLeader {
        /// E-mail.
        email: String,
        /// Unit path.
        unit: String,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CreateUnit { path } => write!(f, "+ unit {path}"),
            Self::CreatePerson { line, email, unit } => {
                write!(f, "+ person {email} in {unit} (line {line})")
            }
            Self::UpdatePerson {
                line,
                email,
                fields,
            } => {
                write!(f, "~ person {email} (line {line}):")?;
                for (field, old, new) in fields {
                    write!(f, " {field} {old:?} -> {new:?};")?;
                }
                Ok(())
            }
            Self::MovePerson {
                line,
                email,
                from,
                to,
            } => write!(
                f,
                "> person {email} moves {} -> {to} (line {line})",
                from.as_deref().unwrap_or("(no unit)")
            ),
            Self::AddLeader { email, unit } => write!(f, "+ leader {email} of {unit}"),
            Self::RemoveLeader { email, unit } => write!(f, "- leader {email} of {unit}"),
        }
    }
}

/// What an import will do (or did).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The changes, in the order they are applied.
    pub changes: Vec<Change>,
    /// Rows read.
    pub rows: usize,
    parsed: Vec<ImportRow>,
}

impl Plan {
    /// How many changes of each kind: `(units, new people, updates, moves, leader changes)`.
    #[must_use]
    pub fn counts(&self) -> (usize, usize, usize, usize, usize) {
        let mut c = (0, 0, 0, 0, 0);
        for ch in &self.changes {
            match ch {
                Change::CreateUnit { .. } => c.0 += 1,
                Change::CreatePerson { .. } => c.1 += 1,
                Change::UpdatePerson { .. } => c.2 += 1,
                Change::MovePerson { .. } => c.3 += 1,
                Change::AddLeader { .. } | Change::RemoveLeader { .. } => c.4 += 1,
            }
        }
        c
    }
}

/// Progress of a long import: `stage` is `reading`, `checking` or `applying`.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Stage name.
    pub stage: &'static str,
    /// Done so far.
    pub done: u64,
    /// Total, when known.
    pub total: u64,
}

/// Reads and checks every row. All problems are returned together.
///
/// # Errors
/// The list of row problems, each with its line.
pub fn parse_csv(
    input: impl Read,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<ImportRow>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let header = reader
        .headers()
        .map_err(|e| {
            vec![RowError {
                line: 1,
                field: "header".into(),
                message: e.to_string(),
            }]
        })?
        .clone();
    let index: HashMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_lowercase(), i))
        .collect();
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !index.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        return Err(vec![RowError {
            line: 1,
            field: "header".into(),
            message: format!(
                "missing column(s): {}; expected {}",
                missing.join(", "),
                COLUMNS.join(",")
            ),
        }]);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = Seen::default();
    for (n, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                errors.push(RowError {
                    line,
                    field: "row".into(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let fields: HashMap<&str, &str> = COLUMNS
            .iter()
            .map(|c| {
                (
                    *c,
                    index
                        .get(*c)
                        .and_then(|&i| record.get(i))
                        .unwrap_or_default(),
                )
            })
            .collect();
        seen.check(line, &fields, &mut errors);
        match parse_row(line, &fields) {
            Ok(row) => rows.push(row),
            Err(mut e) => errors.append(&mut e),
        }
        if n % 500 == 0 {
            progress(Progress {
                stage: "reading",
                done: n as u64,
                total: 0,
            });
        }
    }
    errors.sort_by_key(|e| e.line);
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn parse_row(line: u64, fields: &HashMap<&str, &str>) -> Result<ImportRow, Vec<RowError>> {
    let get = |c: &str| fields.get(c).copied().unwrap_or_default();
    let mut errors = Vec::new();
    let mut err = |e: samspill_domain::ValidationError| {
        errors.push(RowError {
            line,
            field: e.field.to_owned(),
            message: e.message,
        });
    };
    let email = Email::parse(get("email")).map_err(&mut err).ok();
    let name = PersonName::parse(get("name")).map_err(&mut err).ok();
    let handle = if get("handle").is_empty() {
        email
            .as_ref()
            .and_then(Handle::suggest_from_email)
            .or_else(|| {
                err(samspill_domain::ValidationError::new(
                    "handle",
                    "required",
                    "a handle is required",
                ));
                None
            })
    } else {
        Handle::parse(get("handle")).map_err(&mut err).ok()
    };
    let unit = UnitPath::parse("unit_path", get("unit_path"))
        .map_err(&mut err)
        .ok();
    let title = Title::parse(get("title")).map_err(&mut err).ok();
    let work_mode = if get("work_mode").is_empty() {
        Some(WorkMode::default())
    } else {
        WorkMode::parse(get("work_mode")).map_err(&mut err).ok()
    };
    let mut leader_of = Vec::new();
    for part in get("leader_of")
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if let Ok(p) = UnitPath::parse("leader_of", part).map_err(&mut err) {
            leader_of.push(p);
        }
    }
    match (email, name, handle, unit, title, work_mode) {
        (Some(email), Some(name), Some(handle), Some(unit), Some(title), Some(work_mode))
            if errors.is_empty() =>
        {
            Ok(ImportRow {
                line,
                email,
                name,
                handle,
                unit,
                title,
                work_mode,
                leader_of,
            })
        }
        _ => Err(errors),
    }
}

/// E-mails and handles seen so far, to report duplicates within the file
/// (also among rows that fail other checks).
#[derive(Default)]
struct Seen {
    emails: HashMap<String, u64>,
    handles: HashMap<String, u64>,
}

impl Seen {
    fn check(&mut self, line: u64, fields: &HashMap<&str, &str>, errors: &mut Vec<RowError>) {
        let email = fields
            .get("email")
            .copied()
            .unwrap_or_default()
            .trim()
            .to_lowercase();
        let mut handle = fields
            .get("handle")
            .copied()
            .unwrap_or_default()
            .trim()
            .trim_start_matches('@')
            .to_lowercase();
        if handle.is_empty() {
            // The handle the row will get, derived from its e-mail.
            handle = Email::parse(&email)
                .ok()
                .and_then(|e| Handle::suggest_from_email(&e))
                .map(|h| h.as_str().to_owned())
                .unwrap_or_default();
        }
        for (field, value, map) in [
            ("email", email, &mut self.emails),
            ("handle", handle, &mut self.handles),
        ] {
            if value.is_empty() {
                continue;
            }
            if let Some(first) = map.get(&value) {
                errors.push(RowError {
                    line,
                    field: field.into(),
                    message: format!("duplicate {field} {value} (first on line {first})"),
                });
            } else {
                map.insert(value, line);
            }
        }
    }
}

/// The database as the planner sees it.
struct Current {
    people: HashMap<String, PersonView>,
    handles: HashMap<String, String>,
    units: HashMap<String, UnitView>,
    leads: HashMap<samspill_domain::PersonId, BTreeSet<String>>,
}

async fn load_current(ctx: &Ctx) -> Result<Current, Error> {
    let all_people = people::list_all_people(&ctx.db).await?;
    let all_units = units::list_units(&ctx.db).await?;
    let unit_key: HashMap<UnitId, String> = all_units
        .iter()
        .map(|u| (u.id, u.path.to_lowercase()))
        .collect();
    let mut leads: HashMap<PersonId, BTreeSet<String>> = HashMap::new();
    for (unit, person) in units::list_unit_leaders_all(&ctx.db).await? {
        if let Some(k) = unit_key.get(&unit) {
            leads.entry(person).or_default().insert(k.clone());
        }
    }
    Ok(Current {
        handles: all_people
            .iter()
            .map(|p| (p.handle.clone(), p.email.to_lowercase()))
            .collect(),
        people: all_people
            .into_iter()
            .map(|p| (p.email.to_lowercase(), p))
            .collect(),
        units: all_units
            .into_iter()
            .map(|u| (u.path.to_lowercase(), u))
            .collect(),
        leads,
    })
}

/// Plans the import of `rows` against the database.
///
/// # Errors
/// `Rows` for handles taken by other people or reporting cycles; `Service`
/// when the database fails.
pub async fn plan(
    ctx: &Ctx,
    rows: Vec<ImportRow>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Plan, ImportError> {
    let cur = load_current(ctx).await?;
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    let mut new_units: BTreeSet<UnitPath> = BTreeSet::new();
    let total = rows.len() as u64;
    for (i, r) in rows.iter().enumerate() {
        for path in std::iter::once(&r.unit).chain(&r.leader_of) {
            for p in path.ancestors_and_self() {
                if !cur.units.contains_key(&p.key()) {
                    new_units.insert(p);
                }
            }
        }
        if let Some(owner) = cur
            .handles
            .get(r.handle.as_str())
            .filter(|o| **o != r.email.normalized())
        {
            errors.push(RowError {
                line: r.line,
                field: "handle".into(),
                message: format!("handle {} belongs to {owner}", r.handle),
            });
        }
        if i % 500 == 0 {
            progress(Progress {
                stage: "checking",
                done: i as u64,
                total,
            });
        }
    }
    // Parents sort before children (a prefix sorts first), and a unit's
    // display spelling is the first one seen in the file.
    let mut seen_keys = BTreeSet::new();
    for p in &new_units {
        if seen_keys.insert(p.key()) {
            changes.push(Change::CreateUnit {
                path: p.to_string(),
            });
        }
    }
    let mut entries = Vec::new();
    let in_file: BTreeSet<String> = rows.iter().map(|r| r.email.normalized()).collect();
    for r in &rows {
        person_changes(&cur, r, &mut changes);
        entries.push(ReportingEntry {
            person: (r.line, r.email.normalized()),
            unit: r.unit.key(),
            leads: r.leader_of.iter().map(UnitPath::key).collect(),
        });
    }
    let unit_path_of = |id: Option<UnitId>| {
        id.and_then(|id| cur.units.values().find(|u| u.id == id))
            .map(|u| u.path.to_lowercase())
    };
    for (email, p) in &cur.people {
        if in_file.contains(email) || !p.is_active {
            continue;
        }
        if let Some(unit) = unit_path_of(p.unit_id) {
            let leads = cur
                .leads
                .get(&p.id)
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .collect();
            entries.push(ReportingEntry {
                person: (0, email.clone()),
                unit,
                leads,
            });
        }
    }
    for (line, email) in reporting_cycles(&entries) {
        errors.push(RowError {
            line,
            field: "leader_of".into(),
            message: format!("{email} would report to themselves through a cycle of leaders"),
        });
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(ImportError::Rows(errors));
    }
    Ok(Plan {
        changes,
        rows: rows.len(),
        parsed: rows,
    })
}

fn person_changes(cur: &Current, r: &ImportRow, changes: &mut Vec<Change>) {
    let email = r.email.normalized();
    let wanted_leads: BTreeSet<String> = r.leader_of.iter().map(UnitPath::key).collect();
    let display = |key: &str| {
        r.leader_of
            .iter()
            .find(|p| p.key() == key)
            .map(ToString::to_string)
            .or_else(|| cur.units.get(key).map(|u| u.path.clone()))
            .unwrap_or_else(|| key.to_owned())
    };
    let Some(existing) = cur.people.get(&email) else {
        changes.push(Change::CreatePerson {
            line: r.line,
            email: r.email.as_str().to_owned(),
            unit: r.unit.to_string(),
        });
        for key in &wanted_leads {
            changes.push(Change::AddLeader {
                email: r.email.as_str().to_owned(),
                unit: display(key),
            });
        }
        return;
    };
    let mut fields = Vec::new();
    let mut diff = |field: &'static str, old: &str, new: &str| {
        if old != new {
            fields.push((field, old.to_owned(), new.to_owned()));
        }
    };
    diff("name", &existing.name, r.name.as_str());
    diff("handle", &existing.handle, r.handle.as_str());
    diff("title", &existing.title, r.title.as_str());
    diff(
        "work_mode",
        existing.work_mode.as_str(),
        r.work_mode.as_str(),
    );
    if !fields.is_empty() {
        changes.push(Change::UpdatePerson {
            line: r.line,
            email: existing.email.clone(),
            fields,
        });
    }
    let current_unit = existing
        .unit_id
        .and_then(|id| cur.units.values().find(|u| u.id == id));
    if current_unit.map(|u| u.path.to_lowercase()) != Some(r.unit.key()) {
        changes.push(Change::MovePerson {
            line: r.line,
            email: existing.email.clone(),
            from: current_unit.map(|u| u.path.clone()),
            to: r.unit.to_string(),
        });
    }
    let current_leads = cur.leads.get(&existing.id).cloned().unwrap_or_default();
    for key in wanted_leads.difference(&current_leads) {
        changes.push(Change::AddLeader {
            email: existing.email.clone(),
            unit: display(key),
        });
    }
    for key in current_leads.difference(&wanted_leads) {
        changes.push(Change::RemoveLeader {
            email: existing.email.clone(),
            unit: display(key),
        });
    }
}

fn unit_kind(depth: usize) -> &'static str {
    match depth {
        1 => "company",
        2 => "division",
        3 => "department",
        _ => "team",
    }
}

fn event(
    ctx: &Ctx,
    kind: &str,
    subject: uuid::Uuid,
    unit: Option<UnitId>,
    payload: serde_json::Value,
) -> Event {
    Event {
        id: EventId::new(),
        occurred_at: ctx.now(),
        kind: kind.to_owned(),
        actor_id: None,
        subject_id: Some(subject),
        unit_id: unit,
        payload,
    }
}

/// Applies a plan in one transaction. An empty plan writes nothing.
///
/// # Errors
/// `Service` when the database fails (then nothing was written).
#[tracing::instrument(skip_all, fields(changes = plan.changes.len()))]
pub async fn apply(
    ctx: &Ctx,
    plan: &Plan,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), ImportError> {
    if plan.changes.is_empty() {
        return Ok(());
    }
    let cur = load_current(ctx).await?;
    let now = ctx.now();
    let mut unit_ids: HashMap<String, UnitId> =
        cur.units.iter().map(|(k, u)| (k.clone(), u.id)).collect();
    let mut person_ids: HashMap<String, PersonId> =
        cur.people.iter().map(|(k, p)| (k.clone(), p.id)).collect();
    let rows: BTreeMap<String, &ImportRow> = plan
        .parsed
        .iter()
        .map(|r| (r.email.normalized(), r))
        .collect();
    let total = plan.changes.len() as u64;
    let mut moved = Vec::new();
    let mut tx = ctx.db.begin().await.map_err(Error::from)?;
    for (i, change) in plan.changes.iter().enumerate() {
        match change {
            Change::CreateUnit { path } => {
                let path = UnitPath::parse("unit_path", path).map_err(Error::from)?;
                let parent = path.parent().and_then(|p| unit_ids.get(&p.key()).copied());
                let u = NewUnit {
                    id: UnitId::new(),
                    parent_id: parent,
                    name: path.name().to_owned(),
                    kind: unit_kind(path.segments().len()).to_owned(),
                    path: path.to_string(),
                    path_key: path.key(),
                    created_at: now,
                };
                units::insert_unit(&mut tx, &u).await.map_err(Error::from)?;
                crate::audit::append_event_audited(
                    &mut tx,
                    &event(
                        ctx,
                        "unit.created",
                        u.id.as_uuid(),
                        Some(u.id),
                        json!({"path": u.path, "source": "import"}),
                    ),
                )
                .await?;
                unit_ids.insert(u.path_key, u.id);
            }
            Change::CreatePerson { email, .. } => {
                let r = rows[&email.to_lowercase()];
                let unit = unit_ids.get(&r.unit.key()).copied();
                let p = NewPerson {
                    id: PersonId::new(),
                    email: r.email.clone(),
                    handle: r.handle.clone(),
                    name: r.name.clone(),
                    title: r.title.clone(),
                    unit_id: unit,
                    work_mode: r.work_mode,
                    locale: None::<Locale>,
                    time_zone: TimeZone::default(),
                    password_hash: None,
                    is_admin: false,
                    created_at: now,
                };
                people::insert_person(&mut tx, &p)
                    .await
                    .map_err(Error::from)?;
                crate::audit::append_event_audited(
                    &mut tx,
                    &event(
                        ctx,
                        "person.created",
                        p.id.as_uuid(),
                        unit,
                        json!({"source": "import", "work_mode": r.work_mode.as_str()}),
                    ),
                )
                .await?;
                person_ids.insert(r.email.normalized(), p.id);
            }
            Change::UpdatePerson { email, fields, .. } => {
                let r = rows[&email.to_lowercase()];
                let id = person_ids[&email.to_lowercase()];
                let f = OrgFields {
                    name: r.name.clone(),
                    handle: r.handle.clone(),
                    title: r.title.clone(),
                    work_mode: r.work_mode,
                };
                people::update_org_fields(&mut tx, id, &f, now)
                    .await
                    .map_err(Error::from)?;
                let changed: Vec<&str> = fields.iter().map(|(f, _, _)| *f).collect();
                crate::audit::append_event_audited(
                    &mut tx,
                    &event(
                        ctx,
                        "person.updated",
                        id.as_uuid(),
                        None,
                        json!({"fields": changed, "source": "import"}),
                    ),
                )
                .await?;
            }
            Change::MovePerson { email, .. } => {
                let r = rows[&email.to_lowercase()];
                let id = person_ids[&email.to_lowercase()];
                let unit = unit_ids.get(&r.unit.key()).copied();
                people::move_person(&mut tx, id, unit, now)
                    .await
                    .map_err(Error::from)?;
                moved.push(id);
                crate::audit::append_event_audited(
                    &mut tx,
                    &event(
                        ctx,
                        "person.moved",
                        id.as_uuid(),
                        unit,
                        json!({"to": r.unit.to_string(), "source": "import"}),
                    ),
                )
                .await?;
            }
            Change::AddLeader { email, unit } | Change::RemoveLeader { email, unit } => {
                let id = person_ids[&email.to_lowercase()];
                let unit_id = unit_ids[&unit.to_lowercase()];
                let kind = if matches!(change, Change::AddLeader { .. }) {
                    units::add_leader(&mut tx, unit_id, id, now)
                        .await
                        .map_err(Error::from)?;
                    "unit.leader_added"
                } else {
                    units::remove_leader(&mut tx, unit_id, id)
                        .await
                        .map_err(Error::from)?;
                    "unit.leader_removed"
                };
                crate::audit::append_event_audited(
                    &mut tx,
                    &event(
                        ctx,
                        kind,
                        id.as_uuid(),
                        Some(unit_id),
                        json!({"source": "import"}),
                    ),
                )
                .await?;
            }
        }
        if i % 200 == 0 {
            progress(Progress {
                stage: "applying",
                done: i as u64,
                total,
            });
        }
    }
    let (units, created, updated, moves, leaders) = plan.counts();
    crate::audit::record(
        &mut tx,
        None,
        "org.imported",
        "org",
        None,
        json!({"units": units, "people_created": created, "people_updated": updated,
               "moves": moves, "leader_changes": leaders}),
        now,
    )
    .await?;
    // Every unit gets its space in the same transaction as the unit.
    crate::social::spaces::ensure_spaces(&mut tx, "Everyone", now).await?;
    tx.commit().await.map_err(Error::from)?;
    // A new unit means other home spaces: open streams read them again.
    for person in moved {
        ctx.bus
            .publish(crate::shared::live::LiveEvent::FeedChanged { person });
    }
    progress(Progress {
        stage: "applying",
        done: total,
        total,
    });
    Ok(())
}

/// Reads, plans and (unless `dry_run`) applies an import.
///
/// # Errors
/// `Rows` with every refused row (nothing applied), or `Service`.
pub async fn run(
    ctx: &Ctx,
    input: impl Read,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<Plan, ImportError> {
    let rows = parse_csv(input, progress).map_err(ImportError::Rows)?;
    let plan = plan(ctx, rows, progress).await?;
    if !dry_run {
        apply(ctx, &plan, progress).await?;
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Vec<ImportRow>, Vec<RowError>> {
        parse_csv(s.as_bytes(), &mut |_| {})
    }

    #[test]
    fn a_good_file_parses_with_line_numbers() {
        let rows = parse(
            "email,name,handle,unit_path,title,work_mode,leader_of\n\
             kari@acme.no,Kari,kari,Acme/Data,Lead,office,Acme/Data\n\
             ola@acme.no,Ola,,Acme/Data,,client_site,\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].leader_of[0].to_string(), "Acme/Data");
        assert_eq!(
            rows[1].handle.as_str(),
            "ola",
            "handle derived from the e-mail"
        );
        assert_eq!(rows[1].work_mode, WorkMode::ClientSite);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let errors = parse(
            "email,name,handle,unit_path,title,work_mode,leader_of\n\
             ,No Email,nomail,Acme,,office,\n\
             a@acme.no,A,dup,Acme,,hybrid,\n\
             b@acme.no,B,dup,Acme,,office,\n\
             A@ACME.NO,A again,a2,Acme//X,,office,\n",
        )
        .unwrap_err();
        let got: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(
            got,
            [
                (2, "email"),
                (3, "work_mode"),
                (4, "handle"),
                (5, "email"),
                (5, "unit_path")
            ]
        );
    }

    #[test]
    fn a_missing_column_is_reported_on_the_header_line() {
        let errors = parse("email,name\nkari@acme.no,Kari\n").unwrap_err();
        assert_eq!(errors[0].line, 1);
        assert!(errors[0].message.contains("unit_path"));
    }

    #[test]
    fn a_handle_derived_from_an_email_counts_as_a_duplicate_too() {
        let errors = parse(
            "email,name,handle,unit_path,title,work_mode,leader_of\n\
             a@acme.no,A,kari,Acme,,office,\n\
             kari@acme.no,Kari,,Acme,,office,\n",
        )
        .unwrap_err();
        assert_eq!((errors[0].line, errors[0].field.as_str()), (3, "handle"));
    }
}
