//! Synthetic organizations for benchmarks (`samspill seed`): thousands of
//! people in a unit tree, communities, and a year of posts with comments,
//! reactions, topics, mentions and follows, in realistic proportions.
//!
//! The org tree (company → up to 8 divisions → departments → teams of about
//! ten, a leader on every unit) goes through the real org-chart import, so
//! units, people, memberships, unit spaces and the org space are made the
//! way a customer's first import makes them. Everything after that is
//! written with the batch inserts of [`crate::bulk`], without events,
//! notifications, views or acknowledgements: this is load for benchmarks,
//! not simulated history (`demo` is that). At the end the database is
//! settled (`bulk::settle`: vacuum and analyze on PostgreSQL).
//!
//! Invariants the seeded data keeps: authors and commenters may take part in
//! the space they write in (its unit's people, or a community's members);
//! `posts.comment_count` equals the post's comments; every post, comment and
//! reaction lies in the last 365 days, after its author exists, and post and
//! comment ids are UUIDv7 made from their times, so id order follows time
//! order; `body_html` is exactly what [`markdown::render`] makes of `body`.
//!
//! Speed: rendering a million bodies one by one would dominate the run, so
//! each template is rendered once with placeholder words and then filled in
//! twice, Markdown and HTML alike. That is sound because every value put in
//! a slot (a word of letters, a handle, a topic) reads the same in Markdown
//! as the placeholder it replaces and needs no HTML escaping; a test compares
//! filled HTML with a fresh render. Posts are generated on a blocking thread
//! while the previous transaction is written, [`POSTS_PER_TX`] at a time.
//!
//! Every person gets the password [`SEED_PASSWORD`]; the first person of the
//! chart (the CEO) is an administrator. The same seed and clock make the
//! same organization and content (ids aside, which are fresh).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use samspill_domain::{CommentId, PersonId, PostId, SpaceId, UnitId, ValidationError};
use samspill_services::org::import::{self, ImportError, Progress};
use samspill_services::{Ctx, Error, FixedClock, Result, auth, shared::markdown};
use samspill_store::social::spaces::{self as store_spaces, NewSpace};
use samspill_store::{Ts, maintenance, org::people, org::units};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::bulk::{
    self, CommentRow, FollowRow, MemberRow, MentionRow, PostRow, ReactionRow, TopicRow,
};

/// The password of every seeded person.
pub const SEED_PASSWORD: &str = "samspill-seed";
/// The e-mail domain of seeded people.
pub const SEED_DOMAIN: &str = "seed.example";

/// Posts per write transaction, with their comments, reactions, topics and
/// mentions (about 55 000 rows). Every transaction rewrites the index pages
/// it touches, and the author and space indexes are touched all over, so
/// fewer, larger transactions write much less: 10 000 instead of 5 000 took
/// a million posts on SQLite from 198 s to 169 s.
pub const POSTS_PER_TX: usize = 10_000;
/// Follows per write transaction.
const FOLLOWS_PER_TX: usize = 20_000;
/// How far back posts go.
const DAYS: i64 = 365;
const MICROS_PER_DAY: i64 = 86_400_000_000;

/// What to seed.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    /// People (at least 10).
    pub people: usize,
    /// Posts.
    pub posts: usize,
    /// Mean comments per post (geometric: many posts have none, a few many).
    pub comments_per_post: f64,
    /// Mean reactions per post.
    pub reactions_per_post: f64,
    /// Mean follows per person (people, topics and spaces).
    pub follows_per_person: f64,
    /// Communities (open, private and secret).
    pub communities: usize,
    /// The random seed.
    pub seed: u64,
    /// Wipe the database first; without it, a database with people is
    /// refused. Wiping a large database is very slow for now: nothing
    /// indexes `comments.parent_id`, so every deleted comment makes both
    /// backends scan all comments for replies; a new database is quicker.
    pub fresh: bool,
    /// Close the organization: unit spaces are read by their unit's people
    /// only, every community is private or secret (none open), and the org
    /// space gets a hundredth of the posts instead of a tenth. A person then
    /// reads the org space, their own unit's space and their communities:
    /// one to a few percent of the posts. For benchmarks of viewers who may
    /// read little of what matches (search).
    pub closed: bool,
}

impl SeedOptions {
    /// The default proportions for `people` and `posts`: 1.5 comments and 2
    /// reactions per post, 10 follows per person, a community per hundred
    /// people (at least three), seed 1.
    #[must_use]
    pub fn new(people: usize, posts: usize) -> Self {
        Self {
            people,
            posts,
            comments_per_post: 1.5,
            reactions_per_post: 2.0,
            follows_per_person: 10.0,
            communities: (people / 100).max(3),
            seed: 1,
            fresh: false,
            closed: false,
        }
    }
}

/// What [`seed`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedSummary {
    /// People.
    pub people: u64,
    /// Units.
    pub units: u64,
    /// Communities.
    pub communities: u64,
    /// Community memberships.
    pub space_members: u64,
    /// Posts.
    pub posts: u64,
    /// Comments.
    pub comments: u64,
    /// Reactions.
    pub reactions: u64,
    /// Post topics.
    pub topics: u64,
    /// Post mentions.
    pub mentions: u64,
    /// Follows.
    pub follows: u64,
    /// The administrator (the CEO).
    pub admin_email: String,
    /// A team member (not a leader).
    pub member_email: String,
}

fn invalid(field: &'static str, message: &str) -> ValidationError {
    ValidationError::new(field, "invalid", message.to_owned())
}

fn validate(opts: &SeedOptions) -> Result<()> {
    let mut errors = Vec::new();
    if !(10..=1_000_000).contains(&opts.people) {
        errors.push(invalid("people", "10 to 1,000,000 people"));
    }
    let rate = |v: f64, max: f64| v.is_finite() && (0.0..=max).contains(&v);
    if !rate(opts.comments_per_post, 100.0) {
        errors.push(invalid("comments_per_post", "0 to 100"));
    }
    if !rate(opts.reactions_per_post, 100.0) {
        errors.push(invalid("reactions_per_post", "0 to 100"));
    }
    if !rate(opts.follows_per_person, 1_000.0) {
        errors.push(invalid("follows_per_person", "0 to 1000"));
    }
    if opts.communities > opts.people {
        errors.push(invalid("communities", "at most one per person"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Seeds a synthetic organization; see the module documentation.
///
/// # Errors
/// `Invalid` for out-of-range options; `Conflict` (`not_empty`) when the
/// database already has people and `fresh` is off; storage failures.
#[tracing::instrument(skip_all, fields(people = opts.people, posts = opts.posts))]
pub async fn seed(
    ctx: &Ctx,
    opts: &SeedOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<SeedSummary> {
    validate(opts)?;
    if opts.fresh {
        let mut tx = ctx.db().begin().await?;
        maintenance::wipe_all(&mut tx).await?;
        tx.commit().await?;
    } else if people::count_people(ctx.db()).await? > 0 {
        return Err(Error::Conflict {
            code: "not_empty",
            message: "the database already has people; seed with --fresh to wipe it first".into(),
        });
    }
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let now = ctx.clock.now();
    let chart = org_chart(opts.people, &mut rng);
    import_chart(ctx, &chart.csv, now, progress).await?;
    let org = Org::load(ctx, &chart.admin_email).await?;
    set_passwords(ctx, &org).await?;
    // Seeded people stand for people who use Samspill already: they have
    // accepted the code of conduct (so `samspill bench` can post as them).
    {
        let mut tx = ctx.db().begin().await?;
        samspill_store::culture::guidelines::accept_current_for_everyone(&mut tx, now).await?;
        tx.commit().await?;
    }
    if opts.closed {
        let mut tx = ctx.db().begin().await?;
        bulk::close_unit_spaces(&mut tx).await?;
        tx.commit().await?;
    }
    let mut summary = SeedSummary {
        people: org.people.len() as u64,
        units: chart.units,
        admin_email: chart.admin_email,
        member_email: chart.member_email,
        ..SeedSummary::default()
    };
    let communities = create_communities(ctx, opts, &org, &mut rng, progress).await?;
    summary.communities = communities.len() as u64;
    summary.space_members = communities.iter().map(|c| c.members.len() as u64).sum();
    let content = Arc::new(Content::new(opts, micros(now), org, communities));
    let mut rng = write_posts(ctx, &content, rng, &mut summary, progress).await?;
    write_follows(ctx, &content, &mut rng, &mut summary, progress).await?;
    // Timelines are written by the product's own queries: plan them on
    // statistics of what was just loaded.
    bulk::analyze(ctx.db()).await?;
    write_timelines(ctx, &content.org.people, progress).await?;
    progress(Progress {
        stage: "settling",
        done: 0,
        total: 0,
    });
    bulk::settle(ctx.db()).await?;
    Ok(summary)
}

/// People per transaction when timelines are written.
const TIMELINES_PER_TX: usize = 250;

/// Writes everyone's timeline (the bulk inserts above bypass the store's
/// fan-out), as the product does when someone's sources change.
async fn write_timelines(
    ctx: &Ctx,
    people: &[PersonId],
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    let total = people.len() as u64;
    let mut done = 0;
    for chunk in people.chunks(TIMELINES_PER_TX) {
        let mut tx = ctx.db().begin().await?;
        for &person in chunk {
            samspill_store::social::timeline::rebuild(&mut tx, person).await?;
        }
        tx.commit().await?;
        done += chunk.len() as u64;
        progress(Progress {
            stage: "timelines",
            done,
            total,
        });
    }
    Ok(())
}

/// Words of a whitespace-separated list.
fn list(words: &'static str) -> Vec<&'static str> {
    words.split_whitespace().collect()
}

// ---------------------------------------------------------------------------
// The org chart

/// An org-chart CSV and what the seed needs to know about it.
struct Chart {
    csv: String,
    units: u64,
    admin_email: String,
    member_email: String,
}

const COMPANY: &str = "Nordvik";
const DIVISIONS: &str = "Consulting Engineering Operations Sales Finance People Research Support";
const DEPARTMENTS: &str = "Platform Data Security Cloud Mobile Analytics Design Delivery \
    Strategy Quality Partners Service Growth Infrastructure Integration Advisory";
const TEAMS: &str = "Kestrel Otter Lynx Heron Puffin Badger Falcon Beaver Marten Osprey Raven \
    Salmon Elk Fox Hare Owl Seal Wolf Crane Moose Bear Swift Eagle Trout";
const FIRST_NAMES: &str = "Kari Ola Ingrid Lars Sara Jonas Nora Emil Ahmed Maja Henrik Åse \
    Øystein Fatima Mikkel Sofie Tobias Leah Ali Hanna Erik Ida Magnus Linnea";
const LAST_NAMES: &str = "Nordmann Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen \
    Kristiansen Jensen Karlsen Berg Haugen Hagen Solberg Lund Sæther Nygård Ahmed Khan Bakke \
    Moen Strand Dahl";
const MEMBER_TITLES: &str = "Consultant|Senior Consultant|Developer|Senior Developer|\
    Data Engineer|Designer|Analyst|Project Manager|Architect|Specialist";

/// A name as it may appear in a handle: lowercase ASCII.
fn ascii(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.to_lowercase().chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push('o'),
            'å' => out.push_str("aa"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// The unit tree for `people`: teams of about ten, about six teams per
/// department, up to eight divisions. Returns `(path, leader title)` in
/// parent-before-child order, and which of them are teams.
fn unit_tree(people: usize) -> (Vec<(String, String)>, Vec<usize>) {
    let (division_names, department_names, team_names) =
        (list(DIVISIONS), list(DEPARTMENTS), list(TEAMS));
    let teams = (people / 10).max(1);
    let departments = (teams / 6).max(1);
    let divisions = departments.min(division_names.len());
    let mut units = vec![(COMPANY.to_owned(), "CEO".to_owned())];
    for name in division_names.iter().take(divisions) {
        units.push((format!("{COMPANY}/{name}"), format!("Director of {name}")));
    }
    let mut department_paths = Vec::with_capacity(departments);
    for d in 0..departments {
        let k = d / divisions;
        let name = numbered(
            department_names[k % department_names.len()],
            k / department_names.len(),
        );
        let path = format!("{COMPANY}/{}/{name}", division_names[d % divisions]);
        units.push((path.clone(), format!("Head of {name}")));
        department_paths.push(path);
    }
    let mut team_units = Vec::with_capacity(teams);
    for t in 0..teams {
        let k = t / departments;
        let name = numbered(team_names[k % team_names.len()], k / team_names.len());
        team_units.push(units.len());
        let path = format!("{}/{name}", department_paths[t % departments]);
        units.push((path, "Team Lead".to_owned()));
    }
    (units, team_units)
}

/// `name`, then `name 2`, `name 3`, … on later rounds through a list.
fn numbered(name: &str, round: usize) -> String {
    if round == 0 {
        name.to_owned()
    } else {
        format!("{name} {}", round + 1)
    }
}

/// The org chart as the import reads it: a leader for every unit (the
/// first leads the company), then everyone else spread over the teams.
/// Handles end in the person's number, so they are unique.
fn org_chart(people: usize, rng: &mut StdRng) -> Chart {
    let (units, teams) = unit_tree(people);
    let (first_names, last_names) = (list(FIRST_NAMES), list(LAST_NAMES));
    let titles: Vec<&str> = MEMBER_TITLES.split('|').collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut emails = Vec::with_capacity(people);
    let mut row = |w: &mut csv::Writer<Vec<u8>>, i: usize, unit: &str, title: &str, leads: bool| {
        let first = first_names[rng.random_range(0..first_names.len())];
        let last = last_names[rng.random_range(0..last_names.len())];
        let handle = format!("{}.{}{i}", ascii(first), ascii(last));
        let email = format!("{handle}@{SEED_DOMAIN}");
        let mode = match rng.random_range(0..10) {
            0..=2 => "client_site",
            3 | 4 => "remote",
            _ => "office",
        };
        let name = format!("{first} {last}");
        let leader_of = if leads { unit } else { "" };
        let written = w.write_record([&email, &name, &handle, unit, title, mode, leader_of]);
        emails.push(email);
        written
    };
    // Writing to a Vec cannot fail, and every field is plain text.
    let _ = w.write_record(import::COLUMNS);
    for (i, (path, title)) in units.iter().enumerate() {
        let _ = row(&mut w, i, path, title, true);
    }
    for i in units.len()..people {
        let team = &units[teams[(i - units.len()) % teams.len()]].0;
        let _ = row(&mut w, i, team, titles[i % titles.len()], false);
    }
    let csv = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    Chart {
        csv,
        units: units.len() as u64,
        admin_email: emails.first().cloned().unwrap_or_default(),
        member_email: emails.get(units.len()).cloned().unwrap_or_default(),
    }
}

/// Imports the chart as it stood before the year of content, so people,
/// units and spaces exist before anything happens in them. (An org space
/// that existed before keeps its own creation time.)
async fn import_chart(
    ctx: &Ctx,
    csv: &str,
    now: OffsetDateTime,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    let mut then = ctx.clone();
    then.clock = Arc::new(FixedClock::new(now - Duration::days(DAYS + 15)));
    import::run(&then, csv.as_bytes(), false, progress)
        .await
        .map(|_| ())
        .map_err(|e| match e {
            ImportError::Service(e) => e,
            ImportError::Rows(rows) => {
                Error::Unexpected(format!("seed chart refused: {:?}", rows.first()).into())
            }
        })
}

/// The people and spaces of the imported organization, people by index.
struct Org {
    people: Vec<PersonId>,
    handles: Vec<String>,
    /// Index of each person's unit in `unit_spaces`.
    unit_of: Vec<Option<usize>>,
    /// Unit spaces, with the people whose primary unit it is.
    unit_spaces: Vec<(SpaceId, Vec<u32>)>,
    /// People who lead a unit.
    leaders: Vec<u32>,
    /// The leader of each unit space's unit, when there is one.
    unit_leader: Vec<Option<u32>>,
    /// The CEO, an administrator.
    admin: u32,
    org_space: SpaceId,
}

impl Org {
    async fn load(ctx: &Ctx, admin_email: &str) -> Result<Self> {
        let everyone = people::list_all_people(ctx.db()).await?;
        let spaces = bulk::list_unit_spaces(ctx.db()).await?;
        let space_index: HashMap<UnitId, usize> = spaces
            .iter()
            .enumerate()
            .map(|(i, (_, u))| (*u, i))
            .collect();
        let mut unit_spaces: Vec<(SpaceId, Vec<u32>)> =
            spaces.iter().map(|(s, _)| (*s, Vec::new())).collect();
        let mut index = HashMap::new();
        let mut unit_of = Vec::with_capacity(everyone.len());
        for (i, p) in everyone.iter().enumerate() {
            let idx = u32::try_from(i).map_err(Error::unexpected)?;
            index.insert(p.id, idx);
            let unit = p.unit_id.and_then(|u| space_index.get(&u).copied());
            if let Some(u) = unit {
                unit_spaces[u].1.push(idx);
            }
            unit_of.push(unit);
        }
        let mut leaders = Vec::new();
        let mut unit_leader = vec![None; unit_spaces.len()];
        for (unit, person) in units::list_unit_leaders_all(ctx.db()).await? {
            if let Some(&p) = index.get(&person) {
                leaders.push(p);
                if let Some(&u) = space_index.get(&unit) {
                    unit_leader[u] = Some(p);
                }
            }
        }
        let org_space = store_spaces::find_org_space_id(ctx.db())
            .await?
            .ok_or_else(|| Error::Unexpected("the import made no org space".into()))?;
        let admin = everyone
            .iter()
            .position(|p| p.email == admin_email)
            .and_then(|i| u32::try_from(i).ok())
            .ok_or_else(|| Error::Unexpected("the seeded CEO is missing".into()))?;
        Ok(Self {
            people: everyone.iter().map(|p| p.id).collect(),
            handles: everyone.into_iter().map(|p| p.handle).collect(),
            unit_of,
            unit_spaces,
            leaders,
            unit_leader,
            admin,
            org_space,
        })
    }
}

/// One Argon2 hash for everyone, set in one statement; the CEO administers.
async fn set_passwords(ctx: &Ctx, org: &Org) -> Result<()> {
    let hash = auth::hash_password(ctx, SEED_PASSWORD).await?;
    let mut tx = ctx.db().begin().await?;
    bulk::set_password_hash_for_all(&mut tx, &hash, Ts::new(ctx.clock.now())).await?;
    people::set_admin(&mut tx, org.people[org.admin as usize], true).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Communities

const COMMUNITY_NAMES: &str = "Rust Guild|Running Club|Book Circle|Data Guild|\
    Security Champions|Photography|Cloud Native|Parents Network|Chess Club|Design Systems|\
    Green Team|Leadership Forum|Board Games|Mentoring|Cycling|AI Study Group";

/// A community and its members (the first is its owner).
struct Community {
    space: SpaceId,
    visibility: &'static str,
    members: Vec<u32>,
}

/// `open`, `private` or `secret`: the first three are one of each, then
/// about 60/25/15. In a closed organization the open ones are private.
fn community_visibility(i: usize, closed: bool, rng: &mut StdRng) -> &'static str {
    let visibility = match i {
        0 => "open",
        1 => "private",
        2 => "secret",
        _ => match rng.random_range(0..20) {
            0..=11 => "open",
            12..=16 => "private",
            _ => "secret",
        },
    };
    if closed && visibility == "open" {
        "private"
    } else {
        visibility
    }
}

/// Sizes fall off with rank (a few large communities, many small ones);
/// private and secret ones are smaller.
fn community_size(rank: usize, visibility: &str, people: usize) -> usize {
    let base = people as f64 / (4.0 * ((rank + 1) as f64).powf(0.7));
    let base = if visibility == "open" {
        base
    } else {
        base / 2.0
    };
    (base as usize).clamp(5.min(people), people)
}

/// Creates the communities (owner, two moderators, members) in one
/// transaction.
async fn create_communities(
    ctx: &Ctx,
    opts: &SeedOptions,
    org: &Org,
    rng: &mut StdRng,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<Community>> {
    let names: Vec<&str> = COMMUNITY_NAMES.split('|').collect();
    let n = org.people.len();
    let created = ctx.clock.now() - Duration::days(DAYS + 5);
    let total = opts.communities as u64;
    let mut out = Vec::with_capacity(opts.communities);
    let mut members = Vec::new();
    let mut tx = ctx.db().begin().await?;
    bulk::prepare_connection(&mut tx).await?;
    for i in 0..opts.communities {
        let visibility = community_visibility(i, opts.closed, rng);
        let chosen: Vec<u32> = rand::seq::index::sample(rng, n, community_size(i, visibility, n))
            .into_iter()
            .filter_map(|p| u32::try_from(p).ok())
            .collect();
        let space = SpaceId::new();
        let name = numbered(names[i % names.len()], i / names.len());
        let read_access = if visibility == "open" {
            "everyone"
        } else {
            "members"
        };
        let description = format!(
            "A {visibility} community for {} at {COMPANY}.",
            name.to_lowercase()
        );
        let new = NewSpace {
            id: space,
            kind: samspill_domain::SpaceKind::Community,
            unit_id: None,
            name,
            description,
            visibility: visibility.parse()?,
            read_access: read_access.parse()?,
            write_access: samspill_domain::Access::Members,
            created_by: chosen.first().map(|&p| org.people[p as usize]),
            created_at: created,
        };
        store_spaces::insert_space(&mut tx, &new).await?;
        for (k, &p) in chosen.iter().enumerate() {
            let role = match k {
                0 => "owner",
                1 | 2 => "moderator",
                _ => "member",
            };
            let joined = created + Duration::hours(rng.random_range(0..24 * 30));
            members.push(MemberRow {
                space_id: space,
                person_id: org.people[p as usize],
                role,
                joined_at: Ts::new(joined),
            });
        }
        out.push(Community {
            space,
            visibility,
            members: chosen,
        });
        progress(Progress {
            stage: "communities",
            done: i as u64 + 1,
            total,
        });
    }
    bulk::insert_space_members_batch(&mut tx, &members).await?;
    tx.commit().await?;
    Ok(out)
}

// ---------------------------------------------------------------------------
// Text: templates rendered once, filled many times

/// What goes in a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// A word from the vocabulary.
    Word,
    /// A handle (after an `@`).
    Mention,
    /// A topic (after a `#`).
    Topic,
}

/// Text with numbered holes.
#[derive(Debug, Clone, Default)]
struct Filled {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Slot(usize),
}

const MARK: &str = "qzslot";
const MARK_END: &str = "qz";

impl Filled {
    /// Splits `text` at `qzslot{n}qz` placeholders.
    fn parse(text: &str) -> Self {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find(MARK) {
            let after = &rest[at + MARK.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let n = after[..digits].parse::<usize>().ok();
            match n.filter(|_| after[digits..].starts_with(MARK_END)) {
                Some(n) => {
                    parts.push(Part::Text(rest[..at].to_owned()));
                    parts.push(Part::Slot(n));
                    rest = &after[digits + MARK_END.len()..];
                }
                None => {
                    parts.push(Part::Text(rest[..at + MARK.len()].to_owned()));
                    rest = after;
                }
            }
        }
        parts.push(Part::Text(rest.to_owned()));
        parts.retain(|p| !matches!(p, Part::Text(t) if t.is_empty()));
        Self { parts }
    }

    fn fill(&self, values: &[&str]) -> String {
        let mut out = String::with_capacity(256);
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Slot(n) => out.push_str(values.get(*n).copied().unwrap_or_default()),
            }
        }
        out
    }
}

/// A post or comment template, rendered once.
#[derive(Debug, Clone)]
struct Template {
    kind: &'static str,
    slots: Vec<Slot>,
    title: Filled,
    body: Filled,
    html: Filled,
}

impl Template {
    /// `{w}`, `{m}` and `{t}` in `title` and `body` are slots, numbered in
    /// order across both.
    fn new(kind: &'static str, title: &str, body: &str) -> Self {
        let mut slots = Vec::new();
        let title = Self::number(title, &mut slots);
        let body = Self::number(body, &mut slots);
        let placeholder = |h: &str| h.starts_with(MARK).then(String::new);
        let html = markdown::render(&body, &placeholder).html;
        Self {
            kind,
            slots,
            title: Filled::parse(&title),
            body: Filled::parse(&body),
            html: Filled::parse(&html),
        }
    }

    fn number(text: &str, slots: &mut Vec<Slot>) -> String {
        let mut out = String::with_capacity(text.len() + 64);
        let mut rest = text;
        while let Some(at) = rest.find('{') {
            out.push_str(&rest[..at]);
            let slot = match rest.get(at..at + 3) {
                Some("{w}") => Slot::Word,
                Some("{m}") => Slot::Mention,
                Some("{t}") => Slot::Topic,
                _ => {
                    out.push('{');
                    rest = &rest[at + 1..];
                    continue;
                }
            };
            out.push_str(&format!("{MARK}{}{MARK_END}", slots.len()));
            slots.push(slot);
            rest = &rest[at + 3..];
        }
        out.push_str(rest);
        out
    }
}

/// `(kind, title, body)` of posts.
const POSTS: [(&str, &str, &str); 14] = [
    (
        "discussion",
        "Thoughts on {w} and {w}",
        "We have been trying **{w}** with the {w} team for a few weeks now.\n\n\
         What has worked for you? I am especially curious about {w} and how you handle {w} at client sites. #{t}",
    ),
    (
        "question",
        "How do you handle {w}?",
        "Does anyone have experience with {w} in a {w} setting? We are stuck on the {w} part.\n\n\
         - we tried {w}\n- we also tried {w}\n\nAny pointers welcome, @{m} maybe you know? #{t}",
    ),
    (
        "announcement",
        "New {w} routine from next month",
        "From next month we move the {w} routine to the {w} board. Nothing changes in your day-to-day \
         work, but please read the notes on {w} before Friday.\n\nQuestions to @{m}. #{t} #{t}",
    ),
    (
        "praise",
        "A big thank you",
        "Huge thanks to @{m} for the {w} work this week. The {w} demo went really well with the client! #{t}",
    ),
    (
        "idea",
        "Idea: {w} for {w}",
        "What if we used {w} to make {w} easier? A small pilot with two teams could tell us in a month.\n\n\
         1. pick a {w} project\n2. measure {w}\n3. share what we learn\n\n#{t}",
    ),
    (
        "article",
        "What we learned from {w}",
        "## Background\n\nOur {w} project ran for six months with the {w} team.\n\n## Lessons\n\n\
         - *{w}* matters more than {w}\n- keep the {w} loop short\n- write things down\n\n\
         Read more in the {w} notes. #{t}",
    ),
    (
        "lesson",
        "Lesson learned: {w}",
        "> Start with {w}, not with {w}.\n\nThat was the key takeaway from our {w} retrospective. \
         Thanks to @{m} for facilitating. #{t}",
    ),
    (
        "vision",
        "Where {w} is heading",
        "In the coming year we want {w} to be the place for {w} and {w}. That means fewer meetings, \
         clearer {w} and more time with clients. #{t}",
    ),
    (
        "discussion",
        "",
        "Anyone going to the {w} meetup on Thursday? Looking for company from the {w} team.",
    ),
    (
        "discussion",
        "Weekly {w} update",
        "Short update: {w} is on track, {w} slipped a week, and the {w} review is done. Next up: {w}.",
    ),
    (
        "question",
        "",
        "Quick question: where do I find the {w} template for {w}? #{t}",
    ),
    (
        "announcement",
        "Welcome to the {w} team",
        "Please welcome @{m}, who joins us to work on {w}. Say hi and share your best {w} tips! #{t}",
    ),
    (
        "discussion",
        "{w} or {w}?",
        "We need to pick between {w} and {w} for the {w} project. Pros and cons below.\n\n\
         | Option | Pro | Con |\n|---|---|---|\n| {w} | fast | {w} |\n| {w} | cheap | {w} |\n\n\
         Votes in the comments. #{t}",
    ),
    (
        "article",
        "Notes from the {w} conference",
        "Three talks stood out: one on {w}, one on `{w}` tooling and a great keynote about {w}.\n\n\
         Slides are in the shared folder; ping @{m} if you cannot find them. #{t} #{t}",
    ),
];

/// Comment bodies.
const COMMENTS: [&str; 14] = [
    "Agreed, the {w} part is key.",
    "Thanks @{m}! I will look at the {w} numbers.",
    "+1 to this. We saw the same with {w} at our client.",
    "Could we pair on the {w} setup next week?",
    "Great work! #{t}",
    "Interesting. How does this fit with {w}?",
    "We tried {w} last year and it helped a lot with {w}.",
    "I am not sure about {w}; what about {w} instead?",
    "Count me in.",
    "Nice! Looking forward to the {w} demo.",
    "Here is what worked for us:\n\n- start small with {w}\n- involve {w} early",
    "@{m} you should see this.",
    "Good point about **{w}**.",
    "Do we have numbers on {w} yet? #{t}",
];

/// Common words, most frequent first, then syllables for made-up project
/// code names (so that search sees both very common and rare terms).
const WORDS: &str = "client project team data design platform cloud delivery quality security \
    onboarding budget strategy architecture testing roadmap customer process migration dashboard \
    integration analytics mobile feedback workshop training planning review release pipeline \
    backlog sprint retrospective hiring mentoring recruiting pricing proposal contract invoice \
    reporting compliance privacy accessibility performance monitoring automation kubernetes \
    terraform python rust typescript postgres sqlite kafka spark tableau figma jira confluence \
    github azure aws gcp ml modelling forecasting benchmark latency caching search frontend \
    backend api documentation support incident outage sustainability wellbeing culture \
    leadership coaching offsite lunch fagdag kickoff handover estimation prototype pilot \
    experiment interview partnership tender renewal";
const SYLLABLES: &str = "ka lo ri ven dal mor sti an el tor vik sund ber ga ne ly fjor hei ta ro \
    mi sol us va";
/// Topics, most frequent first.
const TOPICS: &str = "announcements kudos data cloud security hiring onboarding ai frontend \
    backend devops design clients sales events learning leadership wellbeing sustainability rust \
    python kubernetes analytics mobile architecture testing quality fagdag conference tips tools \
    process strategy budget community mentoring retro release incident privacy";

/// A Zipf-like distribution over `n` ranks (weight 1/(rank+1)).
#[derive(Debug, Clone)]
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Self {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|r| {
                total += 1.0 / (r as f64 + 1.0);
                total
            })
            .collect();
        Self { cumulative }
    }

    fn sample(&self, rng: &mut StdRng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let u = rng.random::<f64>() * total;
        self.cumulative
            .partition_point(|&c| c <= u)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

/// The vocabulary: the common words, then 1 404 made-up code names from a
/// fixed seed (the same whatever the seed of the run).
fn vocabulary() -> Vec<String> {
    let syllables = list(SYLLABLES);
    let mut rng = StdRng::seed_from_u64(0x5eed);
    let mut words: Vec<String> = list(WORDS).into_iter().map(str::to_owned).collect();
    let mut seen: HashSet<String> = words.iter().cloned().collect();
    while words.len() < 1_500 {
        let n = rng.random_range(2..=3);
        let word: String = (0..n)
            .map(|_| syllables[rng.random_range(0..syllables.len())])
            .collect();
        if word.len() >= 5 && seen.insert(word.clone()) {
            words.push(word);
        }
    }
    words
}

/// Everything the content generator draws from. Owned, so that posts can
/// be generated on a blocking thread while the previous batch is written.
struct Content {
    opts: SeedOptions,
    /// Now, in µs since the epoch; nothing is later.
    now: i64,
    org: Org,
    communities: Vec<Community>,
    /// `(community, member)` over all memberships: a uniform pick weighs
    /// communities by size.
    memberships: Vec<(u32, u32)>,
    /// Every person, for the org space.
    everyone: Vec<u32>,
    posts: Vec<Template>,
    comments: Vec<Template>,
    words: Vec<String>,
    word_dist: Zipf,
    topics: Vec<&'static str>,
    topic_dist: Zipf,
}

impl Content {
    fn new(opts: &SeedOptions, now: i64, org: Org, communities: Vec<Community>) -> Self {
        let memberships = communities
            .iter()
            .enumerate()
            .flat_map(|(c, com)| {
                let c = u32::try_from(c).unwrap_or(u32::MAX);
                com.members.iter().map(move |&m| (c, m))
            })
            .collect();
        let everyone = (0..org.people.len())
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        let words = vocabulary();
        let topics = list(TOPICS);
        Self {
            opts: opts.clone(),
            now,
            org,
            communities,
            memberships,
            everyone,
            posts: POSTS
                .iter()
                .map(|&(k, t, b)| Template::new(k, t, b))
                .collect(),
            comments: COMMENTS
                .iter()
                .map(|b| Template::new("comment", "", b))
                .collect(),
            word_dist: Zipf::new(words.len()),
            words,
            topic_dist: Zipf::new(topics.len()),
            topics,
        }
    }

    /// Values for a template's slots; mentions are people of `audience`.
    /// Returns the values and the distinct mentioned people and topics.
    fn values(
        &self,
        t: &Template,
        audience: &[u32],
        rng: &mut StdRng,
    ) -> (Vec<&str>, Vec<u32>, Vec<&'static str>) {
        let mut values = Vec::with_capacity(t.slots.len());
        let mut mentioned = Vec::new();
        let mut topics = Vec::new();
        for slot in &t.slots {
            match slot {
                Slot::Word => values.push(self.words[self.word_dist.sample(rng)].as_str()),
                Slot::Topic => {
                    let topic = self.topics[self.topic_dist.sample(rng)];
                    if !topics.contains(&topic) {
                        topics.push(topic);
                    }
                    values.push(topic);
                }
                Slot::Mention => {
                    let p = pick(audience, rng).unwrap_or(0);
                    if !mentioned.contains(&p) {
                        mentioned.push(p);
                    }
                    values.push(self.org.handles[p as usize].as_str());
                }
            }
        }
        (values, mentioned, topics)
    }
}

fn pick(from: &[u32], rng: &mut StdRng) -> Option<u32> {
    (!from.is_empty()).then(|| from[rng.random_range(0..from.len())])
}

// ---------------------------------------------------------------------------
// Posts, comments, reactions

/// A count with mean `mean`: geometric, so most are small and a few large.
fn geometric(mean: f64, rng: &mut StdRng) -> usize {
    if mean <= 0.0 {
        return 0;
    }
    let p = 1.0 / (1.0 + mean);
    let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    (u.ln() / (1.0 - p).ln()).floor().min(10_000.0) as usize
}

/// A post time in the `DAYS` before `now` (µs since the epoch): mostly
/// working hours, rarely at weekends.
fn post_time(now: i64, rng: &mut StdRng) -> i64 {
    let today = now.div_euclid(MICROS_PER_DAY);
    loop {
        let day = today - rng.random_range(0..DAYS);
        // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
        let weekend = (day + 3).rem_euclid(7) >= 5;
        if weekend && rng.random_range(0..10) < 8 {
            continue;
        }
        let hour = if rng.random_range(0..10) < 8 {
            rng.random_range(7..17)
        } else {
            rng.random_range(0..24)
        };
        let t = day * MICROS_PER_DAY + hour * 3_600_000_000 + rng.random_range(0..3_600_000_000);
        if t < now {
            return t;
        }
    }
}

/// A delay after an event: exponential with a mean of `hours`, in µs.
fn delay(hours: f64, rng: &mut StdRng) -> i64 {
    (-(rng.random::<f64>().max(1e-9)).ln() * hours * 3_600_000_000.0) as i64
}

/// A UUIDv7 whose timestamp is `micros`, its random bits from `rng`.
fn v7_at(micros: i64, rng: &mut StdRng) -> Uuid {
    let millis = u64::try_from(micros.div_euclid(1_000)).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &rng.random::<[u8; 10]>()).into_uuid()
}

fn ts(micros: i64) -> Ts {
    let t = OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    Ts::new(t)
}

fn micros(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

/// `like` 60%, `celebrate` and `insightful` 15% each, `support` 10%.
fn reaction_kind(rng: &mut StdRng) -> &'static str {
    match rng.random_range(0..20) {
        0..=11 => "like",
        12..=14 => "celebrate",
        15..=17 => "insightful",
        _ => "support",
    }
}

/// One transaction's worth of rows.
#[derive(Default)]
struct Batch {
    posts: Vec<PostRow>,
    comments: Vec<CommentRow>,
    reactions: Vec<ReactionRow>,
    topics: Vec<TopicRow>,
    mentions: Vec<MentionRow>,
}

/// Where a post goes and who may write there.
struct Place<'c> {
    space: SpaceId,
    audience: &'c [u32],
    author: u32,
    /// Who writes its announcements: the unit's leader, the community's
    /// owner, or the CEO in the org space.
    leader: Option<u32>,
    /// Whether that leader may pin posts there (unit leaders in their unit).
    may_pin: bool,
}

impl Content {
    /// 10% in the org space, 60% in unit spaces (by the unit's people), 30%
    /// in communities (by their members, so larger ones get more). In a
    /// closed organization 1% in the org space and 69% in unit spaces.
    fn place(&self, rng: &mut StdRng) -> Place<'_> {
        let org = &self.org;
        let r = rng.random_range(0..100);
        if r >= 70 && !self.memberships.is_empty() {
            let (c, author) = self.memberships[rng.random_range(0..self.memberships.len())];
            let com = &self.communities[c as usize];
            return Place {
                space: com.space,
                audience: &com.members,
                author,
                leader: com.members.first().copied(),
                may_pin: false,
            };
        }
        let org_place = |author| Place {
            space: org.org_space,
            audience: &self.everyone,
            author,
            leader: Some(org.admin),
            may_pin: false,
        };
        let org_share = if self.opts.closed { 1 } else { 10 };
        if r < org_share {
            let from = if rng.random_range(0..5) == 0 {
                &org.leaders
            } else {
                &self.everyone
            };
            return org_place(pick(from, rng).unwrap_or(org.admin));
        }
        let author = pick(&self.everyone, rng).unwrap_or(org.admin);
        match org.unit_of[author as usize] {
            Some(u) => Place {
                space: org.unit_spaces[u].0,
                audience: &org.unit_spaces[u].1,
                author,
                leader: org.unit_leader[u],
                may_pin: true,
            },
            None => org_place(author),
        }
    }

    /// Adds one post at `at`, with its topics, mentions, comments and reactions.
    fn post(&self, at: i64, rng: &mut StdRng, batch: &mut Batch) {
        let mut place = self.place(rng);
        let t = &self.posts[rng.random_range(0..self.posts.len())];
        let mut important = false;
        if t.kind == "announcement"
            && rng.random_range(0..10) < 7
            && let Some(leader) = place.leader
        {
            place.author = leader;
            // About one in thirty of a unit leader's announcements is pinned.
            important = place.may_pin && rng.random_range(0..30) == 0;
        }
        let id = PostId::from_uuid(v7_at(at, rng));
        let (values, mentioned, topics) = self.values(t, place.audience, rng);
        let created_at = ts(at);
        batch
            .topics
            .extend(topics.into_iter().map(|topic| TopicRow {
                post_id: id,
                topic: topic.to_owned(),
                created_at,
            }));
        batch
            .mentions
            .extend(mentioned.into_iter().map(|p| MentionRow {
                post_id: id,
                person_id: self.org.people[p as usize],
            }));
        let comments = self.comments(id, &place, at, rng, batch);
        batch.posts.push(PostRow {
            id,
            space_id: place.space,
            author_id: self.org.people[place.author as usize],
            kind: t.kind,
            title: t.title.fill(&values),
            body: t.body.fill(&values),
            body_html: t.html.fill(&values),
            important,
            comment_count: i64::try_from(comments).unwrap_or(i64::MAX),
            created_at,
        });
        self.reactions(id, &place, at, rng, batch);
    }

    /// Adds a post's comments (about a third of them replies); returns how many.
    fn comments(
        &self,
        post: PostId,
        place: &Place<'_>,
        at: i64,
        rng: &mut StdRng,
        batch: &mut Batch,
    ) -> usize {
        let n = geometric(self.opts.comments_per_post, rng);
        let first = batch.comments.len();
        let mut t = at;
        for k in 0..n {
            // Comments come quickly at first, then trickle in over days.
            t = (t + 1 + delay(3.0, rng)).min(self.now - 1).max(at);
            let template = &self.comments[rng.random_range(0..self.comments.len())];
            let (values, _, _) = self.values(template, place.audience, rng);
            let parent = (k > 0 && rng.random_range(0..10) < 3)
                .then(|| batch.comments[first + rng.random_range(0..k)].id);
            let author = pick(place.audience, rng).unwrap_or(place.author);
            batch.comments.push(CommentRow {
                id: CommentId::from_uuid(v7_at(t, rng)),
                post_id: post,
                parent_id: parent,
                author_id: self.org.people[author as usize],
                body: template.body.fill(&values),
                body_html: template.html.fill(&values),
                created_at: ts(t),
            });
        }
        n
    }

    /// Adds a post's reactions, at most one per person.
    fn reactions(
        &self,
        post: PostId,
        place: &Place<'_>,
        at: i64,
        rng: &mut StdRng,
        batch: &mut Batch,
    ) {
        let n = geometric(self.opts.reactions_per_post, rng).min(place.audience.len());
        let mut who: Vec<u32> = Vec::with_capacity(n);
        for _ in 0..n * 3 {
            if who.len() == n {
                break;
            }
            if let Some(p) = pick(place.audience, rng).filter(|p| !who.contains(p)) {
                who.push(p);
            }
        }
        for p in who {
            let t = (at + delay(2.0, rng)).min(self.now - 1).max(at);
            batch.reactions.push(ReactionRow {
                post_id: post,
                person_id: self.org.people[p as usize],
                kind: reaction_kind(rng),
                created_at: ts(t),
            });
        }
    }
}

async fn write_batch(ctx: &Ctx, batch: &Batch, summary: &mut SeedSummary) -> Result<()> {
    let mut tx = ctx.db().begin().await?;
    bulk::prepare_connection(&mut tx).await?;
    summary.posts += bulk::insert_posts_batch(&mut tx, &batch.posts).await?;
    summary.topics += bulk::insert_topics_batch(&mut tx, &batch.topics).await?;
    summary.mentions += bulk::insert_mentions_batch(&mut tx, &batch.mentions).await?;
    summary.comments += bulk::insert_comments_batch(&mut tx, &batch.comments).await?;
    summary.reactions += bulk::insert_reactions_batch(&mut tx, &batch.reactions).await?;
    tx.commit().await?;
    Ok(())
}

/// Generates posts oldest first on a blocking thread, one batch ahead of
/// the writer, and writes each batch in its own transaction. Returns the
/// random generator as the generation left it.
async fn write_posts(
    ctx: &Ctx,
    content: &Arc<Content>,
    mut rng: StdRng,
    summary: &mut SeedSummary,
    progress: &mut dyn FnMut(Progress),
) -> Result<StdRng> {
    let total = content.opts.posts as u64;
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Batch>(1);
    let generator = {
        let content = Arc::clone(content);
        tokio::task::spawn_blocking(move || {
            let mut times: Vec<i64> = (0..content.opts.posts)
                .map(|_| post_time(content.now, &mut rng))
                .collect();
            // Oldest first, so ids (made from the times) arrive in order.
            times.sort_unstable();
            for chunk in times.chunks(POSTS_PER_TX) {
                let mut batch = Batch::default();
                for &at in chunk {
                    content.post(at, &mut rng, &mut batch);
                }
                if sender.blocking_send(batch).is_err() {
                    break; // The writer failed and stopped listening.
                }
            }
            rng
        })
    };
    while let Some(batch) = receiver.recv().await {
        write_batch(ctx, &batch, summary).await?;
        progress(Progress {
            stage: "posts",
            done: summary.posts,
            total,
        });
    }
    generator.await.map_err(Error::unexpected)
}

// ---------------------------------------------------------------------------
// Follows

impl Content {
    /// A person's follows: 60% people (colleagues first, then leaders and
    /// anyone), 20% topics, 20% spaces (open communities and other units).
    fn follows(&self, person: u32, rng: &mut StdRng) -> Vec<FollowRow> {
        let org = &self.org;
        let n = geometric(self.opts.follows_per_person, rng);
        let mut seen: HashSet<(&'static str, String)> = HashSet::with_capacity(n);
        let mut out = Vec::with_capacity(n);
        for _ in 0..n * 2 {
            if out.len() == n {
                break;
            }
            let target = match rng.random_range(0..10) {
                0..=5 => {
                    let colleagues = org.unit_of[person as usize]
                        .map(|u| org.unit_spaces[u].1.as_slice())
                        .unwrap_or_default();
                    let p = match rng.random_range(0..4) {
                        0 | 1 => pick(colleagues, rng),
                        2 => pick(&org.leaders, rng),
                        _ => pick(&self.everyone, rng),
                    };
                    p.filter(|&p| p != person)
                        .map(|p| ("person", org.people[p as usize].to_string()))
                }
                6 | 7 => Some(("topic", self.topics[self.topic_dist.sample(rng)].to_owned())),
                _ => self.followable_space(rng).map(|s| ("space", s.to_string())),
            };
            let Some(target) = target else { continue };
            if seen.insert(target.clone()) {
                out.push(FollowRow {
                    follower_id: org.people[person as usize],
                    target_kind: target.0,
                    target: target.1,
                    created_at: ts(self.now - rng.random_range(1..DAYS * MICROS_PER_DAY)),
                });
            }
        }
        out
    }

    /// An open community (weighted by size) or a unit's space.
    fn followable_space(&self, rng: &mut StdRng) -> Option<SpaceId> {
        if rng.random_range(0..2) == 0 && !self.memberships.is_empty() {
            let (c, _) = self.memberships[rng.random_range(0..self.memberships.len())];
            let com = &self.communities[c as usize];
            return (com.visibility == "open").then_some(com.space);
        }
        let spaces = &self.org.unit_spaces;
        (!spaces.is_empty()).then(|| spaces[rng.random_range(0..spaces.len())].0)
    }
}

async fn write_follows(
    ctx: &Ctx,
    content: &Content,
    rng: &mut StdRng,
    summary: &mut SeedSummary,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    let total = content.everyone.len() as u64;
    let mut rows = Vec::with_capacity(FOLLOWS_PER_TX);
    for (i, &person) in content.everyone.iter().enumerate() {
        rows.extend(content.follows(person, rng));
        let last = i + 1 == content.everyone.len();
        if rows.len() >= FOLLOWS_PER_TX || last {
            let mut tx = ctx.db().begin().await?;
            bulk::prepare_connection(&mut tx).await?;
            summary.follows += bulk::insert_follows_batch(&mut tx, &rows).await?;
            tx.commit().await?;
            rows.clear();
            progress(Progress {
                stage: "follows",
                done: i as u64 + 1,
                total,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(body: &str, handles: &[&str]) -> String {
        let known = |h: &str| handles.contains(&h).then(String::new);
        markdown::render(body, &known).html
    }

    #[test]
    fn filled_templates_match_a_fresh_render() {
        let mut rng = StdRng::seed_from_u64(7);
        let (words, topics) = (vocabulary(), list(TOPICS));
        let handles = ["kari.nordmann12", "aase.nygaard3", "ola.hansen1024"];
        let all: Vec<Template> = POSTS
            .iter()
            .map(|&(k, t, b)| Template::new(k, t, b))
            .chain(COMMENTS.iter().map(|b| Template::new("comment", "", b)))
            .collect();
        for t in &all {
            for _ in 0..50 {
                let values: Vec<&str> = t
                    .slots
                    .iter()
                    .map(|s| match s {
                        Slot::Word => words[rng.random_range(0..words.len())].as_str(),
                        Slot::Mention => handles[rng.random_range(0..handles.len())],
                        Slot::Topic => topics[rng.random_range(0..topics.len())],
                    })
                    .collect();
                let body = t.body.fill(&values);
                assert_eq!(t.html.fill(&values), render(&body, &handles), "{body}");
                assert!(!t.title.fill(&values).contains(MARK));
            }
        }
    }

    #[test]
    fn every_word_and_topic_renders_as_itself() {
        let words = vocabulary();
        for w in words.iter().map(String::as_str).chain(list(TOPICS)) {
            assert!(
                w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
                "{w}"
            );
            assert_eq!(
                render(&format!("a {w} b"), &[]),
                format!("<p>a {w} b</p>\n")
            );
        }
    }

    #[test]
    fn the_tree_has_a_leader_for_every_unit_and_fits_the_people() {
        for people in [10, 60, 1_000, 10_000, 100_000] {
            let (units, teams) = unit_tree(people);
            assert!(units.len() < people, "{people}: {} units", units.len());
            assert_eq!(teams.len(), (people / 10).max(1));
            let keys: HashSet<String> = units.iter().map(|(p, _)| p.to_lowercase()).collect();
            assert_eq!(keys.len(), units.len(), "unit paths are unique");
        }
        let chart = org_chart(10_000, &mut StdRng::seed_from_u64(1));
        let rows = import::parse_csv(chart.csv.as_bytes(), &mut |_| {}).unwrap();
        assert_eq!(rows.len(), 10_000);
        assert_eq!(chart.admin_email, rows[0].email.as_str());
    }

    #[test]
    fn handles_use_ascii_spellings_of_names() {
        assert_eq!(ascii("Øystein"), "oystein");
        assert_eq!(ascii("Sæther"), "saether");
        assert_eq!(ascii("Nygård"), "nygaard");
    }

    #[test]
    fn geometric_counts_have_the_asked_mean() {
        let mut rng = StdRng::seed_from_u64(3);
        let n = 200_000;
        let sum: usize = (0..n).map(|_| geometric(1.5, &mut rng)).sum();
        let mean = sum as f64 / n as f64;
        assert!((1.45..1.55).contains(&mean), "{mean}");
    }

    #[test]
    fn post_times_are_in_the_past_year_and_mostly_on_weekdays() {
        let mut rng = StdRng::seed_from_u64(5);
        let now = 1_800_000_000_000_000;
        let times: Vec<i64> = (0..10_000).map(|_| post_time(now, &mut rng)).collect();
        assert!(
            times
                .iter()
                .all(|&t| t < now && t > now - (DAYS + 1) * MICROS_PER_DAY)
        );
        let weekend = times
            .iter()
            .filter(|&&t| (t.div_euclid(MICROS_PER_DAY) + 3).rem_euclid(7) >= 5)
            .count();
        assert!(weekend < 1_000, "{weekend} at weekends");
    }

    #[test]
    fn ids_follow_time_order() {
        let mut rng = StdRng::seed_from_u64(9);
        let a = v7_at(1_700_000_000_000_000, &mut rng);
        let b = v7_at(1_700_000_000_001_000, &mut rng);
        assert!(a < b);
        assert_eq!(a.get_version_num(), 7);
    }
}
