//! The demo's content: four months of simulated activity in Fjordlys, so that
//! every page shows something real on first start and the analytics have
//! something true to find.
//!
//! [`plant`] runs a small discrete-event simulation over the last
//! [`DAYS`] days. Every action (creating communities, joining them, posting,
//! commenting, reacting, voting, accepting answers, acknowledging important
//! posts, reading, following) goes through the services' public functions,
//! on a context whose [`FixedClock`] is moved forward to the action's time,
//! so every rule, notification and event applies and the timestamps spread
//! over working hours (07:30–17:00 in Oslo, give or take; a little in the
//! evening, almost nothing at weekends except in the social communities).
//! It is deterministic: one seeded [`StdRng`], people in e-mail order, units
//! in path order, no iteration over hash maps.
//!
//! What is planted:
//! - Eight communities: open «Data guild», «Cloud practice», «Running club»,
//!   «Client-site consultants» and «Book club»; private «Parents at
//!   Fjordlys» and «Leadership forum» (for leaders, joined on request); and
//!   the secret «Reorg 2027 working group». Each opens with a welcome post.
//! - Posts of every kind in «Everyone», the unit spaces and the
//!   communities, in Norwegian Bokmål and English, with `@mentions` and
//!   `#topics`; a few important announcements that people acknowledge.
//! - Threads with nested replies, answered and unanswered questions (some
//!   with accepted answers), reactions, poll votes, first-view receipts, and
//!   follows of people, topics and spaces.
//! - Participation follows the usual inequality: a few very active people,
//!   many occasional ones, a quarter who only read. People at client sites
//!   share more lessons learned.
//!
//! What is said is data, not code: post templates, phrase banks, the words
//! that fill their placeholders and the communities are the TOML files in
//! `crates/demo/data/` (see [`crate::texts`]). This module decides who
//! writes what, where and when; which owner and members a community gets is
//! decided here per template pool.
//!
//! Leaders have one of two styles, fixed per unit in [`STYLES`]:
//! - **Broadcasters** post announcements and visions on a schedule (pinning
//!   some in their unit's space), rarely reply, and late and briefly when
//!   they do, even when addressed by name:
//!   Karin Nilsen (Fjordlys), Marte Mathisen (Consulting), Mohammed Lunde
//!   (Machine Learning), Tor Nilsen (Cloud), Sander Berge (Platform
//!   Engineering), Tor Rasmussen (Mobile), Julie Sørensen (Advisory), Tobias
//!   Svendsen (Service Design), Eirik Kristoffersen (Operations), Dag Sæther
//!   (Finance) and Ingrid Henriksen (Sales).
//! - **Facilitators** ask questions, run polls, invite input with honest
//!   boundaries (what is decided, what is open), answer quickly when
//!   addressed, reply to comments, accept answers in their spaces and praise
//!   others' contributions by name:
//!   Henrik Lund (Data & AI, the demo leader), Thea Larsen (Data Platform),
//!   Trine Vik (Analytics), Stine Rønning (Cloud Native), Stine Hagen
//!   (Software), Geir Fredriksen (Web), Line Amundsen (Integration), Anne
//!   Moen (Strategy), Kristin Andersen (Design), Trine Solheim (UX) and
//!   Linnea Ali (People & Culture).
//!
//! The names follow from the fixed seed of the org chart; a test keeps
//! this list and [`STYLES`] in step with it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use samspill_domain::{CommentId, PostId, Reaction, SpaceId, WorkMode};
use samspill_services::org::import::Progress;
use samspill_services::social::feed::{self, Target};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::spaces::{self, Joined, NewCommunity};
use samspill_services::{Actor, Ctx, Error, FixedClock, Result, social::comments};
use samspill_store::org::people::{self as store_people, PersonView};
use samspill_store::{org::units as store_units, social::spaces as store_spaces};
use time::{Duration, OffsetDateTime, Time, Weekday};

use crate::demo;
use crate::texts::{self, Bank, Domain, Lang, Pool, Texts};

/// How many days of history to simulate.
pub(crate) const DAYS: i64 = 120;

/// The most posts written from one template.
const MAX_USES: u32 = 4;

/// A leader's style on the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Informs: announcements and visions, few replies.
    Broadcaster,
    /// Asks, invites input, answers and recognizes.
    Facilitator,
}

/// The style of the leader of each unit: unit path, the leader's name in
/// the demo chart (checked by a test), style.
pub(crate) const STYLES: &[(&str, &str, Style)] = &[
    ("Fjordlys", "Karin Nilsen", Style::Broadcaster),
    ("Fjordlys/Consulting", "Marte Mathisen", Style::Broadcaster),
    (
        "Fjordlys/Consulting/Data & AI",
        "Henrik Lund",
        Style::Facilitator,
    ),
    (
        "Fjordlys/Consulting/Data & AI/Data Platform",
        "Thea Larsen",
        Style::Facilitator,
    ),
    (
        "Fjordlys/Consulting/Data & AI/Machine Learning",
        "Mohammed Lunde",
        Style::Broadcaster,
    ),
    (
        "Fjordlys/Consulting/Data & AI/Analytics",
        "Trine Vik",
        Style::Facilitator,
    ),
    (
        "Fjordlys/Consulting/Cloud",
        "Tor Nilsen",
        Style::Broadcaster,
    ),
    (
        "Fjordlys/Consulting/Cloud/Cloud Native",
        "Stine Rønning",
        Style::Facilitator,
    ),
    (
        "Fjordlys/Consulting/Cloud/Platform Engineering",
        "Sander Berge",
        Style::Broadcaster,
    ),
    (
        "Fjordlys/Consulting/Software",
        "Stine Hagen",
        Style::Facilitator,
    ),
    (
        "Fjordlys/Consulting/Software/Web",
        "Geir Fredriksen",
        Style::Facilitator,
    ),
    (
        "Fjordlys/Consulting/Software/Mobile",
        "Tor Rasmussen",
        Style::Broadcaster,
    ),
    (
        "Fjordlys/Consulting/Software/Integration",
        "Line Amundsen",
        Style::Facilitator,
    ),
    ("Fjordlys/Advisory", "Julie Sørensen", Style::Broadcaster),
    (
        "Fjordlys/Advisory/Strategy",
        "Anne Moen",
        Style::Facilitator,
    ),
    (
        "Fjordlys/Advisory/Design",
        "Kristin Andersen",
        Style::Facilitator,
    ),
    (
        "Fjordlys/Advisory/Design/Service Design",
        "Tobias Svendsen",
        Style::Broadcaster,
    ),
    (
        "Fjordlys/Advisory/Design/UX",
        "Trine Solheim",
        Style::Facilitator,
    ),
    (
        "Fjordlys/Operations",
        "Eirik Kristoffersen",
        Style::Broadcaster,
    ),
    (
        "Fjordlys/Operations/People & Culture",
        "Linnea Ali",
        Style::Facilitator,
    ),
    (
        "Fjordlys/Operations/Finance",
        "Dag Sæther",
        Style::Broadcaster,
    ),
    (
        "Fjordlys/Operations/Sales",
        "Ingrid Henriksen",
        Style::Broadcaster,
    ),
];

fn style_of(path: &str) -> Style {
    STYLES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map_or(Style::Facilitator, |(_, _, s)| *s)
}

/// When posts are written, in UTC minutes (about 07:30–16:30 in Oslo).
const DAY_START: i64 = 6 * 60 + 30;
const DAY_END: i64 = 15 * 60 + 30;
/// When people respond, in UTC minutes (about 07:00–17:30 in Oslo).
const OPEN: i64 = DAY_START - 30;
const CLOSE: i64 = DAY_END + 60;

// ---------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------

#[derive(Debug)]
struct Person {
    view: PersonView,
    actor: Actor,
    /// Index into `Sim::units` of the primary unit.
    unit: usize,
    domain: Domain,
    /// How much they post and comment (0 for people who only read).
    weight: f64,
    /// The chance that they write in Norwegian.
    nb: f64,
    /// Leaders: their style and the unit they lead.
    leads: Option<(usize, Style)>,
}

#[derive(Debug)]
struct Unit {
    name: String,
    parent: Option<usize>,
    space: usize,
    members: Vec<usize>,
    leader: usize,
    domain: Domain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Home {
    Org,
    Unit(usize),
    Community,
}

#[derive(Debug)]
struct Space {
    id: Option<SpaceId>,
    home: Home,
    pool: Pool,
    /// The domain whose tools its posts talk about, if fixed.
    domain: Option<Domain>,
    visibility: &'static str,
    owner: usize,
    /// Community members (in join order).
    members: Vec<usize>,
    member_set: HashSet<usize>,
    /// Employee posts per working day.
    rate: f64,
    /// The first day with posts.
    opens: i64,
}

#[derive(Debug)]
struct Planted {
    id: PostId,
    space: usize,
    author: usize,
    kind: &'static str,
    lang: Lang,
    tpl: usize,
    slots: Slots,
    next_reply: usize,
    /// `(id, author, parent)` in creation order.
    comments: Vec<(CommentId, usize, Option<CommentId>)>,
    accepted: bool,
    /// Per-option vote weights.
    bias: Vec<f64>,
}

#[derive(Debug, Clone)]
struct Slots {
    tool: &'static str,
    tag: &'static str,
    client: &'static str,
    who: usize,
    who2: usize,
    unit: String,
    value: usize,
    book: &'static str,
    race: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Answer,
    Discuss,
    Reply,
    AuthorReply,
    Leader(Style),
}

#[derive(Debug, Clone, Copy)]
enum Parent {
    Top,
    /// The comment made by the scheduled comment with this key.
    Key(u64),
    /// Any earlier comment by someone else.
    Random,
}

#[derive(Debug, Clone, Copy)]
enum Follow {
    Person(usize),
    Topic(&'static str),
    Space(usize),
}

#[derive(Debug, Clone, Default)]
struct PostPlan {
    space: usize,
    author: Option<usize>,
    kind: Option<&'static str>,
    praise_for: Option<usize>,
    leader: bool,
    important: bool,
    /// Templates from this pool only.
    pool: Option<Pool>,
}

#[derive(Debug, Clone)]
enum Act {
    Post(PostPlan),
    Comment {
        post: usize,
        key: u64,
        author: usize,
        role: Role,
        parent: Parent,
    },
    React {
        post: usize,
        person: usize,
        kind: &'static str,
    },
    Vote {
        post: usize,
        person: usize,
    },
    Accept {
        post: usize,
        by: usize,
    },
    Ack {
        post: usize,
        person: usize,
    },
    View {
        post: usize,
        person: usize,
    },
    Follow {
        person: usize,
        target: Follow,
    },
    Create {
        space: usize,
        def: &'static str,
    },
    Join {
        space: usize,
        person: usize,
    },
    Approve {
        space: usize,
        person: usize,
    },
}

/// What was planted, for the log.
#[derive(Debug, Default)]
struct Stats {
    posts: BTreeMap<&'static str, u32>,
    comments: u32,
    replies: u32,
    reactions: u32,
    votes: u32,
    accepted: u32,
    acks: u32,
    views: u32,
    follows: u32,
    members: u32,
}

struct Sim {
    ctx: Ctx,
    /// The templates, phrases and words of `data/`.
    texts: &'static Texts,
    clock: Arc<FixedClock>,
    rng: StdRng,
    start: OffsetDateTime,
    end: OffsetDateTime,
    people: Vec<Person>,
    leaders: Vec<usize>,
    units: Vec<Unit>,
    spaces: Vec<Space>,
    org: usize,
    posts: Vec<Planted>,
    queue: BTreeMap<(OffsetDateTime, u64), Act>,
    seq: u64,
    keys: HashMap<u64, CommentId>,
    used: Vec<u32>,
    used_in: HashSet<(usize, usize)>,
    viewed: HashSet<(usize, usize)>,
    reacted: HashSet<(usize, usize)>,
    voted: HashSet<(usize, usize)>,
    important: HashSet<usize>,
    stats: Stats,
}

/// Plants the demo content; see the module documentation.
///
/// # Errors
/// Storage failures; a refused action is a bug in the simulation and
/// surfaces as the service's error.
pub(crate) async fn plant(ctx: &Ctx, progress: &mut dyn FnMut(Progress)) -> Result<()> {
    tracing::info!(days = DAYS, "planting demo content");
    let end = ctx.clock.now();
    let start = (end - Duration::days(DAYS)).replace_time(Time::MIDNIGHT);
    let clock = Arc::new(FixedClock::new(start));
    let mut sim_ctx = ctx.clone();
    sim_ctx.clock = clock.clone();
    let mut sim = Sim::load(sim_ctx, clock, start, end).await?;
    sim.plan_communities();
    sim.seed();
    sim.run(progress).await?;
    let s = &sim.stats;
    tracing::info!(
        posts = s.posts.values().sum::<u32>(),
        kinds = ?s.posts,
        comments = s.comments,
        replies = s.replies,
        reactions = s.reactions,
        votes = s.votes,
        accepted = s.accepted,
        acks = s.acks,
        views = s.views,
        follows = s.follows,
        members = s.members,
        "demo content planted"
    );
    Ok(())
}

fn pick(rng: &mut StdRng, items: impl IntoIterator<Item = (usize, f64)>) -> Option<usize> {
    let v: Vec<(usize, f64)> = items.into_iter().filter(|(_, w)| *w > 0.0).collect();
    let total: f64 = v.iter().map(|(_, w)| w).sum();
    if total <= 0.0 {
        return None;
    }
    let mut r = rng.random_range(0.0..total);
    for (i, w) in &v {
        if r < *w {
            return Some(*i);
        }
        r -= w;
    }
    v.last().map(|(i, _)| *i)
}

fn pick_str<'a>(rng: &mut StdRng, items: &[(&'a str, f64)]) -> &'a str {
    let i = pick(rng, items.iter().enumerate().map(|(i, (_, w))| (i, *w))).unwrap_or(0);
    items[i].0
}

fn one<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    *one_of(rng, items)
}

fn one_of<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn one_str<'a>(rng: &mut StdRng, items: &'a [String]) -> &'a str {
    one_of(rng, items).as_str()
}

fn minutes_of_day(t: OffsetDateTime) -> i64 {
    i64::from(t.hour()) * 60 + i64::from(t.minute())
}

fn is_weekend(t: OffsetDateTime) -> bool {
    matches!(t.weekday(), Weekday::Saturday | Weekday::Sunday)
}

impl Sim {
    async fn load(
        ctx: Ctx,
        clock: Arc<FixedClock>,
        start: OffsetDateTime,
        end: OffsetDateTime,
    ) -> Result<Self> {
        let texts = texts::texts()?;
        let mut rng = StdRng::seed_from_u64(20_260_901);
        let all = store_people::list_all_people(ctx.db()).await?;
        let tree = store_units::list_units(ctx.db()).await?;
        let unit_index: HashMap<_, usize> =
            tree.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        let person_index: HashMap<_, usize> =
            all.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        let admin = all
            .iter()
            .find(|p| p.is_admin)
            .ok_or_else(|| Error::Unexpected("the demo has no administrator".into()))?;
        let all_spaces = store_spaces::list_spaces(ctx.db(), &Actor::of(admin).viewer()).await?;

        let mut spaces = Vec::new();
        let org_space = all_spaces
            .iter()
            .find(|s| s.kind == samspill_domain::SpaceKind::Org)
            .ok_or(Error::NotFound)?;
        spaces.push(Space {
            id: Some(org_space.id),
            home: Home::Org,
            pool: Pool::General,
            domain: None,
            visibility: "open",
            owner: 0,
            members: Vec::new(),
            member_set: HashSet::new(),
            rate: 0.9,
            opens: 0,
        });
        let mut units = Vec::new();
        for (i, u) in tree.iter().enumerate() {
            let space = all_spaces
                .iter()
                .find(|s| s.unit_id == Some(u.id))
                .ok_or(Error::NotFound)?;
            let leader = u
                .leaders
                .iter()
                .filter_map(|l| person_index.get(l).copied())
                .min()
                .ok_or_else(|| Error::Unexpected(format!("no leader of {}", u.path).into()))?;
            let domain = Domain::of(&u.path);
            spaces.push(Space {
                id: Some(space.id),
                home: Home::Unit(i),
                pool: Pool::Craft,
                domain: Some(domain),
                visibility: "open",
                owner: leader,
                members: Vec::new(),
                member_set: HashSet::new(),
                rate: 0.0,
                opens: 0,
            });
            units.push(Unit {
                name: u.name.clone(),
                parent: u.parent_id.and_then(|p| unit_index.get(&p).copied()),
                space: spaces.len() - 1,
                members: Vec::new(),
                leader,
                domain,
            });
        }
        let mut people = Vec::new();
        for (i, p) in all.iter().enumerate() {
            let unit = p
                .unit_id
                .and_then(|u| unit_index.get(&u).copied())
                .ok_or_else(|| Error::Unexpected(format!("{} has no unit", p.email).into()))?;
            units[unit].members.push(i);
            let leads = units
                .iter()
                .position(|u| u.leader == i)
                .map(|u| (u, style_of(&tree[u].path)));
            let r: f64 = rng.random();
            let mut weight = if r < 0.25 {
                0.0
            } else if r < 0.68 {
                0.6
            } else if r < 0.92 {
                2.0
            } else {
                6.0
            };
            if p.work_mode == WorkMode::ClientSite && weight == 0.0 && rng.random_bool(0.4) {
                weight = 0.6;
            }
            if p.email == demo::DEMO_EMPLOYEE {
                weight = 6.0;
            } else if p.email == demo::DEMO_ADMIN {
                weight = 2.0;
            }
            let r: f64 = rng.random();
            let nb = if r < 0.6 {
                0.85
            } else if r < 0.9 {
                0.45
            } else {
                0.1
            };
            people.push(Person {
                view: p.clone(),
                actor: Actor::of(p),
                unit,
                domain: units[unit].domain,
                weight,
                nb,
                leads,
            });
        }
        let total: usize = units.iter().map(|u| u.members.len()).sum();
        for u in &units {
            #[expect(clippy::cast_precision_loss, reason = "small counts")]
            let rate = 2.5 * u.members.len() as f64 / total.max(1) as f64;
            spaces[u.space].rate = rate;
        }
        let mut leaders: Vec<usize> = units.iter().map(|u| u.leader).collect();
        leaders.sort_unstable();
        leaders.dedup();
        Ok(Self {
            ctx,
            texts,
            clock,
            rng,
            start,
            end,
            people,
            leaders,
            units,
            spaces,
            org: 0,
            posts: Vec::new(),
            queue: BTreeMap::new(),
            seq: 0,
            keys: HashMap::new(),
            used: vec![0; texts.templates.len()],
            used_in: HashSet::new(),
            viewed: HashSet::new(),
            reacted: HashSet::new(),
            voted: HashSet::new(),
            important: HashSet::new(),
            stats: Stats::default(),
        })
    }

    // --- time -------------------------------------------------------------

    /// Moves the clock to `t` (never backwards).
    fn set_time(&self, t: OffsetDateTime) {
        let now = self.ctx.clock.now();
        if t > now {
            self.clock.advance(t - now);
        }
    }

    /// `t` if it is in working hours, else the next working morning; a few
    /// evenings (and, where `weekends`, weekend days) are let through.
    fn snap(&mut self, mut t: OffsetDateTime, weekends: bool) -> OffsetDateTime {
        loop {
            let m = minutes_of_day(t);
            let weekend = is_weekend(t) && !(weekends && self.rng.random_bool(0.5));
            if !weekend && (OPEN..CLOSE).contains(&m) {
                return t;
            }
            if !weekend && (CLOSE..19 * 60 + 30).contains(&m) && self.rng.random_bool(0.12) {
                return t;
            }
            let day = if m < OPEN && !is_weekend(t) {
                t.replace_time(Time::MIDNIGHT)
            } else {
                t.replace_time(Time::MIDNIGHT) + Duration::days(1)
            };
            t = day + Duration::minutes(OPEN + self.rng.random_range(0..120));
        }
    }

    /// `t` plus `minutes` of working time: nights and weekends do not count.
    fn add_working(&mut self, mut t: OffsetDateTime, mut minutes: i64) -> OffsetDateTime {
        loop {
            let m = minutes_of_day(t);
            if is_weekend(t) || m >= CLOSE {
                t = t.replace_time(Time::MIDNIGHT)
                    + Duration::days(1)
                    + Duration::minutes(OPEN + self.rng.random_range(0..45));
                continue;
            }
            if m < OPEN {
                t = t.replace_time(Time::MIDNIGHT)
                    + Duration::minutes(OPEN + self.rng.random_range(0..45));
                continue;
            }
            let left = CLOSE - m;
            if minutes <= left {
                return t + Duration::minutes(minutes);
            }
            minutes -= left;
            t = t.replace_time(Time::MIDNIGHT)
                + Duration::days(1)
                + Duration::minutes(OPEN + self.rng.random_range(0..45));
        }
    }

    /// A random time within working hours on the day starting at `day`.
    fn work_time(&mut self, day: OffsetDateTime) -> OffsetDateTime {
        day + Duration::minutes(self.rng.random_range(DAY_START..DAY_END))
    }

    /// A random working day from `lo` to `hi` days after the start, at a
    /// random time within working hours.
    fn some_workday(&mut self, lo: i64, hi: i64) -> OffsetDateTime {
        loop {
            let day = self.start + Duration::days(self.rng.random_range(lo..hi));
            if !is_weekend(day) {
                return self.work_time(day);
            }
        }
    }

    /// A delay, in working minutes, before a reaction to something: mostly
    /// within hours, sometimes days.
    fn delay(&mut self, fast: bool) -> i64 {
        let r: f64 = self.rng.random();
        if fast || r < 0.5 {
            self.rng.random_range(6..120)
        } else if r < 0.83 {
            self.rng.random_range(120..480)
        } else {
            self.rng.random_range(480..1900)
        }
    }

    /// When someone gets round to reacting to something that happened at
    /// `from`: in working time, now and then in the evening; in social
    /// spaces also at weekends.
    fn later(&mut self, from: OffsetDateTime, fast: bool, weekends: bool) -> OffsetDateTime {
        let minutes = self.delay(fast);
        let wall = from + Duration::minutes(minutes);
        if weekends {
            return self.snap(wall, true);
        }
        if !is_weekend(wall)
            && (CLOSE..19 * 60 + 30).contains(&minutes_of_day(wall))
            && self.rng.random_bool(0.1)
        {
            return wall;
        }
        self.add_working(from, minutes)
    }

    /// `lo` to `hi` working days after `from`.
    fn days_later(&mut self, from: OffsetDateTime, lo: i64, hi: i64) -> OffsetDateTime {
        let day = CLOSE - OPEN;
        let minutes = self.rng.random_range(lo * day + 10..hi * day);
        self.add_working(from, minutes)
    }

    fn schedule(&mut self, t: OffsetDateTime, act: Act) {
        if t >= self.end || t < self.start {
            return;
        }
        self.seq += 1;
        self.queue.insert((t, self.seq), act);
    }

    // --- who --------------------------------------------------------------

    fn handle(&self, p: usize) -> &str {
        &self.people[p].view.handle
    }

    fn social(&self, space: usize) -> bool {
        matches!(
            self.spaces[space].pool,
            Pool::Running | Pool::Parents | Pool::Books
        )
    }

    fn can_write(&self, person: usize, space: usize) -> bool {
        match self.spaces[space].home {
            Home::Org => true,
            Home::Unit(u) => self.people[person].unit == u || self.units[u].leader == person,
            Home::Community => self.spaces[space].member_set.contains(&person),
        }
    }

    /// The units from the person's own up to the root.
    fn chain(&self, unit: usize) -> Vec<usize> {
        let mut out = vec![unit];
        let mut u = unit;
        while let Some(p) = self.units[u].parent {
            out.push(p);
            u = p;
        }
        out
    }

    fn in_subtree(&self, person: usize, leader: usize) -> bool {
        let Some((led, _)) = self.people[leader].leads else {
            return false;
        };
        self.chain(self.people[person].unit).contains(&led)
    }

    fn writers(&self, space: usize) -> Vec<usize> {
        match self.spaces[space].home {
            Home::Org => (0..self.people.len()).collect(),
            Home::Unit(u) => self.units[u].members.clone(),
            Home::Community => self.spaces[space].members.clone(),
        }
    }

    /// A reader's weight for a post in `space` by `author`.
    fn affinity(&self, person: usize, space: usize, author: usize) -> f64 {
        let p = &self.people[person];
        let base = 0.3 + p.weight;
        let near = if p.unit == self.people[author].unit {
            4.0
        } else if p.domain == self.people[author].domain {
            1.8
        } else {
            1.0
        };
        let place = match self.spaces[space].home {
            Home::Unit(u) if p.unit == u => 3.0,
            Home::Unit(_) => 0.35,
            Home::Community if self.spaces[space].member_set.contains(&person) => 3.0,
            Home::Community => 0.0,
            Home::Org => 1.0,
        };
        base * near * place
    }

    /// A colleague of `person`: mostly from their unit, never themselves.
    fn colleague(&mut self, person: usize, not: usize) -> usize {
        let unit = self.people[person].unit;
        let pool: Vec<usize> = if self.rng.random_bool(0.75) && self.units[unit].members.len() > 2 {
            self.units[unit].members.clone()
        } else {
            (0..self.people.len()).collect()
        };
        let picked = pick(
            &mut self.rng,
            pool.iter()
                .filter(|c| **c != person && **c != not)
                .map(|c| (*c, 0.5 + self.people[*c].weight)),
        );
        picked.unwrap_or(if person == 0 { 1 } else { 0 })
    }

    fn lang_of(&mut self, person: usize) -> Lang {
        if self.rng.random_bool(self.people[person].nb) {
            Lang::Nb
        } else {
            Lang::En
        }
    }

    // --- setting up -------------------------------------------------------

    fn find_person(&self, email: &str) -> Option<usize> {
        self.people.iter().position(|p| p.view.email == email)
    }

    fn leader_of_path(&self, suffix: &str) -> usize {
        self.units
            .iter()
            .find(|u| u.name == suffix)
            .map_or(0, |u| u.leader)
    }

    /// Plans the communities: created on the second morning (the secret
    /// working group later), each with a welcome post and members joining
    /// over the following weeks.
    fn plan_communities(&mut self) {
        let henrik = self.find_person(demo::DEMO_LEADER).unwrap_or(0);
        let sara = self.find_person(demo::DEMO_EMPLOYEE).unwrap_or(0);
        let ingrid = self.find_person(demo::DEMO_ADMIN).unwrap_or(0);
        let cloud_lead = self.leader_of_path("Cloud Native");
        let pc_lead = self.leader_of_path("People & Culture");
        let coo = self.leader_of_path("Operations");
        let runner = self.pick_member_of(&["Sales", "Finance", "Web"]);
        let reader = self.pick_member_of(&["UX", "Service Design"]);
        // A community of a pool without an owner here is the administrator's.
        let owner_of = |pool: Pool| match pool {
            Pool::Data => henrik,
            Pool::Cloud => cloud_lead,
            Pool::Running => runner,
            Pool::Parents => ingrid,
            Pool::Client => sara,
            Pool::Books => reader,
            Pool::Leaders => pc_lead,
            Pool::Reorg => coo,
            _ => ingrid,
        };
        let mut t = self.start + Duration::days(1) + Duration::minutes(DAY_START + 40);
        for def in &self.texts.communities {
            let owner = owner_of(def.pool);
            let opens = if def.pool == Pool::Reorg { 52 } else { 1 };
            let at = if opens > 1 {
                self.work_time(self.start + Duration::days(opens))
            } else {
                t += Duration::minutes(self.rng.random_range(20..90));
                t
            };
            let at = self.snap(at, false);
            let mut member_set = HashSet::new();
            member_set.insert(owner);
            self.spaces.push(Space {
                id: None,
                home: Home::Community,
                pool: def.pool,
                domain: def.domain,
                visibility: def.visibility.as_str(),
                owner,
                members: vec![owner],
                member_set,
                rate: def.rate,
                opens: opens + 1,
            });
            let space = self.spaces.len() - 1;
            self.schedule(
                at,
                Act::Create {
                    space,
                    def: def.name.as_str(),
                },
            );
            self.plan_members(space, at, henrik, sara, ingrid);
        }
    }

    async fn create_community(&mut self, space: usize, name: &str) -> Result<()> {
        let Some(def) = self.texts.communities.iter().find(|c| c.name == name) else {
            return Ok(());
        };
        let owner = self.spaces[space].owner;
        let actor = self.people[owner].actor.clone();
        let view = spaces::create_community(
            &self.ctx,
            &actor,
            &NewCommunity {
                name: def.name.clone(),
                description: def.description.clone(),
                visibility: def.visibility.clone(),
            },
        )
        .await?;
        self.spaces[space].id = Some(view.id);
        self.stats.members += 1;
        self.post_now(
            space,
            owner,
            "announcement",
            &def.welcome_title,
            &def.welcome_body,
            Vec::new(),
        )
        .await
    }

    fn pick_member_of(&mut self, units: &[&str]) -> usize {
        let candidates: Vec<usize> = self
            .units
            .iter()
            .filter(|u| units.contains(&u.name.as_str()))
            .flat_map(|u| u.members.iter().copied())
            .filter(|p| self.people[*p].leads.is_none() && self.people[*p].weight >= 2.0)
            .collect();
        one(&mut self.rng, &candidates)
    }

    fn plan_members(
        &mut self,
        space: usize,
        created: OffsetDateTime,
        henrik: usize,
        sara: usize,
        ingrid: usize,
    ) {
        let pool = self.spaces[space].pool;
        let owner = self.spaces[space].owner;
        let mut joiners = Vec::new();
        for i in 0..self.people.len() {
            if i == owner {
                continue;
            }
            let p = &self.people[i];
            let leader = p.leads.map(|(_, s)| s);
            let client = p.work_mode() == WorkMode::ClientSite;
            let chance = match pool {
                Pool::Data => match p.domain {
                    Domain::Data => 0.85,
                    Domain::Software | Domain::Cloud => 0.15,
                    Domain::Strategy => 0.1,
                    _ => 0.03,
                },
                Pool::Cloud => match p.domain {
                    Domain::Cloud => 0.85,
                    Domain::Software => 0.25,
                    Domain::Data => 0.15,
                    _ => 0.02,
                },
                Pool::Running => 0.12,
                Pool::Parents => 0.18,
                Pool::Client => match leader {
                    Some(Style::Facilitator) => 0.8,
                    Some(Style::Broadcaster) => 0.15,
                    None if client => 0.75,
                    None if p.view.unit_name.as_deref() == Some("People & Culture") => 0.3,
                    None => 0.0,
                },
                Pool::Books => 0.09,
                Pool::Leaders if leader.is_some() || i == ingrid => 1.0,
                Pool::Reorg => {
                    let unit = self.units[p.unit].name.as_str();
                    let top = leader.is_some()
                        && matches!(
                            unit,
                            "Fjordlys" | "Consulting" | "Advisory" | "People & Culture" | "Finance"
                        );
                    if top || i == henrik || i == ingrid {
                        1.0
                    } else {
                        0.0
                    }
                }
                _ => 0.0,
            };
            let forced = i == sara && matches!(pool, Pool::Data | Pool::Running);
            if forced || (chance > 0.0 && self.rng.random_bool(chance)) {
                joiners.push(i);
            }
        }
        for person in joiners {
            let r: f64 = self.rng.random();
            let t = if r < 0.7 || pool == Pool::Reorg {
                self.days_later(created, 0, 7)
            } else if pool == Pool::Parents && r > 0.93 {
                // Still waiting for the owner to let them in.
                self.some_workday(DAYS - 3, DAYS)
            } else {
                self.days_later(created, 7, 70)
            };
            self.schedule(t, Act::Join { space, person });
        }
    }

    /// Plans the posts, leaders' rhythms and follows of the whole period.
    fn seed(&mut self) {
        for d in 0..DAYS {
            let day = self.start + Duration::days(d);
            let weekend = is_weekend(day);
            #[expect(clippy::cast_precision_loss, reason = "small numbers")]
            let growth = 0.75 + 0.5 * d as f64 / DAYS as f64;
            for space in 0..self.spaces.len() {
                if d < self.spaces[space].opens {
                    continue;
                }
                let social = self.social(space);
                let factor = match (weekend, social) {
                    (false, _) => 1.0,
                    (true, true) => 0.35,
                    (true, false) => 0.03,
                };
                let rate = self.spaces[space].rate * growth * factor;
                let n = rate.floor() as u32 + u32::from(self.rng.random_bool(rate.fract()));
                for _ in 0..n {
                    let t = if weekend {
                        day + Duration::minutes(self.rng.random_range(8 * 60..19 * 60))
                    } else {
                        self.work_time(day)
                    };
                    self.schedule(
                        t,
                        Act::Post(PostPlan {
                            space,
                            ..PostPlan::default()
                        }),
                    );
                }
            }
        }
        for l in self.leaders.clone() {
            let Some((_, style)) = self.people[l].leads else {
                continue;
            };
            let (lo, hi) = match style {
                Style::Broadcaster => (8, 14),
                Style::Facilitator => (5, 9),
            };
            let mut d = self.rng.random_range(0..lo);
            while d < DAYS {
                let day = self.start + Duration::days(d);
                if !is_weekend(day) {
                    let t = self.work_time(day);
                    self.schedule(
                        t,
                        Act::Post(PostPlan {
                            space: usize::MAX,
                            author: Some(l),
                            leader: true,
                            ..PostPlan::default()
                        }),
                    );
                }
                d += self.rng.random_range(lo..hi);
            }
        }
        // The administrator (an HR partner) posts org-wide news now and then.
        // The last one, a few working days ago, is important and still
        // being acknowledged.
        if let Some(ingrid) = self.find_person(demo::DEMO_ADMIN) {
            let mut d = self.rng.random_range(3..10);
            let last = (DAYS - 8..DAYS - 2)
                .rev()
                .find(|d| !is_weekend(self.start + Duration::days(*d)))
                .unwrap_or(DAYS - 3);
            while d <= last {
                let day = self.start + Duration::days(d);
                if !is_weekend(day) || d == last {
                    let t = self.work_time(day);
                    let important = self.rng.random_bool(0.4) || d == last;
                    self.schedule(
                        t,
                        Act::Post(PostPlan {
                            space: self.org,
                            author: Some(ingrid),
                            kind: Some("announcement"),
                            leader: true,
                            important,
                            pool: Some(Pool::Hr),
                            ..PostPlan::default()
                        }),
                    );
                }
                d = if d == last {
                    DAYS
                } else {
                    (d + self.rng.random_range(12..20)).min(last)
                };
            }
        }
        self.seed_follows();
    }

    fn seed_follows(&mut self) {
        let ceo = self.units[0].leader;
        let henrik = self.find_person(demo::DEMO_LEADER);
        let sara = self.find_person(demo::DEMO_EMPLOYEE);
        let ingrid = self.find_person(demo::DEMO_ADMIN);
        for i in 0..self.people.len() {
            let mut targets = Vec::new();
            let unit = self.people[i].unit;
            if let Some(up) = self.units[unit].parent.map(|p| self.units[p].leader)
                && up != i
                && self.rng.random_bool(0.35)
            {
                targets.push(Follow::Person(up));
            }
            if ceo != i && self.rng.random_bool(0.25) {
                targets.push(Follow::Person(ceo));
            }
            let vocabulary = &self.texts.vocabulary;
            let tools = vocabulary.tools.of(self.people[i].domain);
            for _ in 0..self.rng.random_range(0..=2) {
                targets.push(Follow::Topic(&one_of(&mut self.rng, tools).topic));
            }
            if self.rng.random_bool(0.25) {
                let topic = one_str(&mut self.rng, &vocabulary.general_topics);
                targets.push(Follow::Topic(topic));
            }
            if self.rng.random_bool(0.3)
                && let Some(parent) = self.units[unit].parent
            {
                let siblings: Vec<usize> = (0..self.units.len())
                    .filter(|u| *u != unit && self.units[*u].parent == Some(parent))
                    .collect();
                if !siblings.is_empty() {
                    let s = one(&mut self.rng, &siblings);
                    targets.push(Follow::Space(self.units[s].space));
                }
            }
            for _ in 0..self.rng.random_range(0..=2) {
                let other = pick(
                    &mut self.rng,
                    (0..self.people.len())
                        .filter(|o| *o != i && self.people[*o].unit != unit)
                        .map(|o| (o, 0.2 + self.people[o].weight)),
                );
                if let Some(o) = other {
                    targets.push(Follow::Person(o));
                }
            }
            if Some(i) == henrik {
                for u in 0..self.units.len() {
                    if self.units[u].parent == Some(unit) {
                        targets.push(Follow::Space(self.units[u].space));
                    }
                }
                targets.extend([
                    Follow::Topic("dbt"),
                    Follow::Topic("mlflow"),
                    Follow::Topic("læring"),
                    Follow::Topic("innspill"),
                    Follow::Person(ceo),
                ]);
            }
            if Some(i) == sara {
                if let Some(h) = henrik {
                    targets.push(Follow::Person(h));
                }
                targets.extend([
                    Follow::Topic("dbt"),
                    Follow::Topic("datakvalitet"),
                    Follow::Topic("kundeliv"),
                ]);
            }
            if Some(i) == ingrid {
                targets.extend([Follow::Topic("onboarding"), Follow::Topic("ros")]);
            }
            for target in targets {
                let t = if self.rng.random_bool(0.7) {
                    self.some_workday(0, 25)
                } else {
                    self.some_workday(25, DAYS)
                };
                self.schedule(t, Act::Follow { person: i, target });
            }
        }
    }

    // --- running ----------------------------------------------------------

    async fn run(&mut self, progress: &mut dyn FnMut(Progress)) -> Result<()> {
        let total = u64::try_from(DAYS).unwrap_or(0);
        let mut last_day = u64::MAX;
        while let Some(((t, _), act)) = self.queue.pop_first() {
            let day = u64::try_from((t - self.start).whole_days()).unwrap_or(0);
            if day != last_day {
                last_day = day;
                progress(Progress {
                    stage: "content",
                    done: day.min(total),
                    total,
                });
            }
            self.set_time(t);
            self.act(act).await?;
        }
        progress(Progress {
            stage: "content",
            done: total,
            total,
        });
        Ok(())
    }

    async fn act(&mut self, act: Act) -> Result<()> {
        match act {
            Act::Post(plan) => self.post(plan).await,
            Act::Comment {
                post,
                key,
                author,
                role,
                parent,
            } => self.comment(post, key, author, role, parent).await,
            Act::React { post, person, kind } => {
                if !self.reacted.insert((post, person)) {
                    return Ok(());
                }
                let actor = self.people[person].actor.clone();
                let kind = Reaction::parse(kind)?;
                posts::react(&self.ctx, &actor, self.posts[post].id, kind, true).await?;
                self.stats.reactions += 1;
                Ok(())
            }
            Act::Vote { post, person } => {
                if !self.voted.insert((post, person)) {
                    return Ok(());
                }
                let bias = self.posts[post].bias.clone();
                let option = pick(&mut self.rng, bias.into_iter().enumerate()).unwrap_or(0);
                let actor = self.people[person].actor.clone();
                posts::vote(
                    &self.ctx,
                    &actor,
                    self.posts[post].id,
                    i64::try_from(option).unwrap_or(0),
                )
                .await?;
                self.stats.votes += 1;
                Ok(())
            }
            Act::Accept { post, by } => self.accept(post, by).await,
            Act::Ack { post, person } => {
                self.view(post, person).await?;
                let actor = self.people[person].actor.clone();
                posts::acknowledge(&self.ctx, &actor, self.posts[post].id).await?;
                self.stats.acks += 1;
                Ok(())
            }
            Act::View { post, person } => self.view(post, person).await,
            Act::Follow { person, target } => {
                let target = match target {
                    Follow::Person(p) => Target::Person(self.people[p].view.id),
                    Follow::Topic(t) => Target::Topic(t.to_owned()),
                    Follow::Space(s) => match self.spaces[s].id {
                        Some(id) => Target::Space(id),
                        None => return Ok(()),
                    },
                };
                let actor = self.people[person].actor.clone();
                feed::follow(&self.ctx, &actor, &target, true).await?;
                self.stats.follows += 1;
                Ok(())
            }
            Act::Create { space, def } => self.create_community(space, def).await,
            Act::Join { space, person } => {
                let Some(id) = self.spaces[space].id else {
                    return Ok(());
                };
                if self.spaces[space].member_set.contains(&person) {
                    return Ok(());
                }
                let actor = self.people[person].actor.clone();
                if self.spaces[space].visibility == "secret" {
                    let owner = self.people[self.spaces[space].owner].actor.clone();
                    spaces::add_member(&self.ctx, &owner, id, actor.id).await?;
                    self.add_member(space, person);
                    return Ok(());
                }
                match spaces::join(&self.ctx, &actor, id).await? {
                    Joined::Member => self.add_member(space, person),
                    Joined::Requested => {
                        // The last few days' requests are still waiting.
                        let now = self.ctx.clock.now();
                        if now < self.end - Duration::days(3) {
                            let t = self.days_later(now, 0, 3);
                            self.schedule(t, Act::Approve { space, person });
                        }
                    }
                }
                Ok(())
            }
            Act::Approve { space, person } => {
                let Some(id) = self.spaces[space].id else {
                    return Ok(());
                };
                let owner = self.people[self.spaces[space].owner].actor.clone();
                spaces::add_member(&self.ctx, &owner, id, self.people[person].view.id).await?;
                self.add_member(space, person);
                Ok(())
            }
        }
    }

    fn add_member(&mut self, space: usize, person: usize) {
        if self.spaces[space].member_set.insert(person) {
            self.spaces[space].members.push(person);
            self.stats.members += 1;
        }
    }

    /// Reads a post (recording the first view) unless already read.
    async fn view(&mut self, post: usize, person: usize) -> Result<()> {
        if person == self.posts[post].author || !self.viewed.insert((post, person)) {
            return Ok(());
        }
        let actor = self.people[person].actor.clone();
        posts::get_post(&self.ctx, &actor, self.posts[post].id).await?;
        self.stats.views += 1;
        Ok(())
    }

    // --- posting ----------------------------------------------------------

    /// Where and what a leader posts on their rhythm.
    fn leader_plan(&mut self, plan: &mut PostPlan, author: usize) {
        let Some((led, style)) = self.people[author].leads else {
            return;
        };
        let own = self.units[led].space;
        let top = self.units[led].parent.is_none();
        let division = self.units[led].parent == Some(0);
        let communities: Vec<usize> = (0..self.spaces.len())
            .filter(|s| {
                self.spaces[*s].home == Home::Community
                    && self.spaces[*s].member_set.contains(&author)
            })
            .collect();
        if plan.kind.is_none() {
            plan.kind = Some(match style {
                Style::Broadcaster => pick_str(
                    &mut self.rng,
                    &[("announcement", 0.55), ("vision", 0.35), ("article", 0.1)],
                ),
                Style::Facilitator => pick_str(
                    &mut self.rng,
                    &[
                        ("question", 0.25),
                        ("poll", 0.13),
                        ("discussion", 0.2),
                        ("praise", 0.2),
                        ("announcement", 0.12),
                        ("vision", 0.06),
                        ("idea", 0.04),
                    ],
                ),
            });
        }
        if plan.space != usize::MAX {
            return;
        }
        let r: f64 = self.rng.random();
        plan.space = match style {
            Style::Broadcaster if top => {
                if r < 0.75 {
                    self.org
                } else {
                    own
                }
            }
            Style::Broadcaster if division => {
                if r < 0.4 {
                    self.org
                } else {
                    own
                }
            }
            Style::Broadcaster => own,
            Style::Facilitator => {
                let small = self.units[led].members.len() < 6;
                let to_org = if small { 0.35 } else { 0.15 };
                let to_community = if small { 0.4 } else { 0.2 };
                let kind = plan.kind.unwrap_or("discussion");
                if r < to_org {
                    self.org
                } else if r < to_org + to_community
                    && !communities.is_empty()
                    && !matches!(kind, "praise" | "vision" | "announcement")
                {
                    one(&mut self.rng, &communities)
                } else {
                    own
                }
            }
        };
        if plan.kind == Some("announcement") && plan.space == own {
            let p = match style {
                Style::Broadcaster => 0.4,
                Style::Facilitator => 0.2,
            };
            plan.important = self.rng.random_bool(p);
        }
    }

    fn choose_kind(&mut self, space: usize, author: usize) -> &'static str {
        let pool = self.spaces[space].pool;
        let mut weights: Vec<(&'static str, f64)> = match (self.spaces[space].home, pool) {
            (Home::Org, _) => vec![
                ("discussion", 22.0),
                ("question", 18.0),
                ("idea", 14.0),
                ("announcement", 7.0),
                ("article", 10.0),
                ("lesson", 10.0),
                ("poll", 8.0),
                ("praise", 11.0),
            ],
            (Home::Unit(u), _) if self.units[u].domain == Domain::Ops => vec![
                ("question", 30.0),
                ("discussion", 20.0),
                ("idea", 12.0),
                ("announcement", 12.0),
                ("poll", 8.0),
                ("praise", 14.0),
                ("lesson", 4.0),
            ],
            (Home::Unit(_), _) => vec![
                ("question", 28.0),
                ("discussion", 14.0),
                ("lesson", 18.0),
                ("article", 8.0),
                ("idea", 8.0),
                ("praise", 12.0),
                ("poll", 5.0),
                ("announcement", 4.0),
            ],
            (_, Pool::Data | Pool::Cloud) => vec![
                ("question", 30.0),
                ("discussion", 16.0),
                ("lesson", 20.0),
                ("article", 14.0),
                ("idea", 8.0),
                ("poll", 6.0),
                ("announcement", 6.0),
            ],
            (_, Pool::Client) => vec![
                ("question", 30.0),
                ("discussion", 25.0),
                ("lesson", 25.0),
                ("poll", 10.0),
                ("idea", 10.0),
            ],
            (_, Pool::Running) => vec![
                ("announcement", 35.0),
                ("discussion", 25.0),
                ("poll", 20.0),
                ("praise", 20.0),
            ],
            (_, Pool::Parents) => vec![
                ("question", 45.0),
                ("discussion", 30.0),
                ("idea", 10.0),
                ("poll", 15.0),
            ],
            (_, Pool::Books) => vec![("discussion", 50.0), ("poll", 25.0), ("article", 25.0)],
            (_, Pool::Leaders) => vec![
                ("discussion", 30.0),
                ("question", 30.0),
                ("article", 15.0),
                ("lesson", 15.0),
                ("poll", 10.0),
            ],
            _ => vec![
                ("discussion", 35.0),
                ("announcement", 15.0),
                ("poll", 15.0),
                ("idea", 20.0),
                ("question", 15.0),
            ],
        };
        if self.people[author].work_mode() == WorkMode::ClientSite {
            for w in &mut weights {
                if w.0 == "lesson" {
                    w.1 *= 2.0;
                }
            }
        }
        pick_str(&mut self.rng, &weights)
    }

    fn pools_for(&self, space: usize, kind: &str, leader: bool) -> Vec<Pool> {
        let s = &self.spaces[space];
        match s.home {
            Home::Org | Home::Unit(_) if kind == "praise" => vec![Pool::Praise],
            Home::Org | Home::Unit(_)
                if leader && matches!(kind, "announcement" | "vision" | "article") =>
            {
                vec![Pool::Lead]
            }
            Home::Org | Home::Unit(_)
                if leader && matches!(kind, "question" | "poll" | "discussion" | "idea") =>
            {
                vec![Pool::Facilitate]
            }
            Home::Org => vec![Pool::General],
            Home::Unit(u) => match self.units[u].domain {
                Domain::Ops => vec![Pool::Ops],
                d => vec![Pool::Craft, d.pool()],
            },
            Home::Community if s.pool == Pool::Data || s.pool == Pool::Cloud => {
                vec![s.pool, Pool::Craft]
            }
            Home::Community => vec![s.pool],
        }
    }

    /// Picks a template of `kind` from `pools`, in `lang` if there is one:
    /// one not yet used in this space if possible, the least used overall,
    /// and none used [`MAX_USES`] times already.
    fn choose_tpl(
        &mut self,
        space: usize,
        pools: &[Pool],
        kind: &str,
        lang: Lang,
    ) -> Option<usize> {
        for l in [lang, lang.other()] {
            let candidates: Vec<usize> = self
                .texts
                .templates
                .iter()
                .enumerate()
                .filter(|(i, t)| {
                    pools.contains(&t.pool)
                        && t.kind == kind
                        && t.lang == l
                        && self.used[*i] < MAX_USES
                })
                .map(|(i, _)| i)
                .collect();
            let fresh: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|i| !self.used_in.contains(&(*i, space)))
                .collect();
            let candidates = if fresh.is_empty() { candidates } else { fresh };
            let Some(min) = candidates.iter().map(|i| self.used[*i]).min() else {
                continue;
            };
            let least: Vec<usize> = candidates
                .into_iter()
                .filter(|i| self.used[*i] == min)
                .collect();
            let i = one(&mut self.rng, &least);
            self.used[i] += 1;
            self.used_in.insert((i, space));
            return Some(i);
        }
        None
    }

    fn slots(&mut self, space: usize, author: usize, praise_for: Option<usize>) -> Slots {
        let domain = self.spaces[space]
            .domain
            .unwrap_or(self.people[author].domain);
        let vocabulary = &self.texts.vocabulary;
        let tool = one_of(&mut self.rng, vocabulary.tools.of(domain));
        let who = praise_for.unwrap_or_else(|| self.colleague(author, usize::MAX));
        let who2 = self.colleague(author, who);
        Slots {
            tool: &tool.name,
            tag: &tool.topic,
            client: one_str(&mut self.rng, &vocabulary.clients),
            who,
            who2,
            unit: self.units[self.people[author].unit].name.clone(),
            value: self
                .rng
                .random_range(0..vocabulary.values.get(Lang::Nb).len()),
            book: one_str(&mut self.rng, &vocabulary.books),
            race: one_str(&mut self.rng, &vocabulary.races),
        }
    }

    fn fill(&self, text: &str, s: &Slots, lang: Lang, extra: &[(&str, &str)]) -> String {
        let value = &self.texts.vocabulary.values.get(lang)[s.value];
        let mut out = text
            .replace("{tool}", s.tool)
            .replace("{tag}", s.tag)
            .replace("{client}", s.client)
            .replace("{who}", self.handle(s.who))
            .replace("{who2}", self.handle(s.who2))
            .replace("{unit}", &s.unit)
            .replace("{value}", value)
            .replace("{book}", s.book)
            .replace("{race}", s.race);
        for (k, v) in extra {
            out = out.replace(k, v);
        }
        out
    }

    async fn post(&mut self, mut plan: PostPlan) -> Result<()> {
        if let Some(author) = plan.author
            && plan.leader
        {
            self.leader_plan(&mut plan, author);
        }
        if plan.space == usize::MAX {
            return Ok(());
        }
        let space = plan.space;
        if self.spaces[space].id.is_none() {
            return Ok(());
        }
        let author = match plan.author {
            Some(a) => a,
            None => {
                let unit_leader = match self.spaces[space].home {
                    Home::Unit(u) => Some(self.units[u].leader),
                    _ => None,
                };
                let writers = self.writers(space);
                let community = self.spaces[space].home == Home::Community;
                let picked = pick(
                    &mut self.rng,
                    writers.iter().map(|w| {
                        let p = &self.people[*w];
                        let weight = match p.leads {
                            Some(_) if !community || Some(*w) == unit_leader => 0.0,
                            Some((_, Style::Facilitator)) => 3.0,
                            Some((_, Style::Broadcaster)) => 0.4,
                            None => p.weight,
                        };
                        (*w, weight)
                    }),
                );
                let Some(a) = picked else { return Ok(()) };
                a
            }
        };
        if !self.can_write(author, space) {
            return Ok(());
        }
        let lang = self.lang_of(author);
        let mut kind = plan.kind.unwrap_or_else(|| self.choose_kind(space, author));
        let mut tpl = None;
        for _ in 0..4 {
            let pools = plan
                .pool
                .map_or_else(|| self.pools_for(space, kind, plan.leader), |p| vec![p]);
            tpl = self.choose_tpl(space, &pools, kind, lang);
            if tpl.is_some() {
                break;
            }
            kind = self.choose_kind(space, author);
        }
        let Some(tpl) = tpl else { return Ok(()) };
        let texts = self.texts;
        let t = &texts.templates[tpl];
        let kind = t.kind.as_str();
        let lang = t.lang;
        let slots = self.slots(space, author, plan.praise_for);
        let title = self.fill(&t.title, &slots, lang, &[]);
        let mut body = self.fill(&t.body, &slots, lang, &[]);
        let style = self.people[author].leads.map(|(_, s)| s);
        if style == Some(Style::Facilitator) && matches!(kind, "announcement" | "vision") {
            body.push_str("\n\n");
            body.push_str(one_str(&mut self.rng, texts.phrases.invite.get(lang)));
        }
        // Employees sometimes address their leader directly.
        let mut addressed = None;
        if style.is_none()
            && matches!(kind, "question" | "idea" | "discussion" | "lesson")
            && !self.social(space)
            && self.rng.random_bool(0.25)
            && let Some(boss) = self.addressee(author, space)
        {
            let line = one_str(&mut self.rng, texts.phrases.address.get(lang))
                .replace("{leader}", self.handle(boss));
            body.push_str("\n\n");
            body.push_str(&line);
            addressed = Some(boss);
        }
        let options: Vec<String> = t
            .options
            .iter()
            .map(|o| self.fill(o, &slots, lang, &[]))
            .collect();
        self.create(
            space,
            author,
            kind,
            title,
            body,
            options,
            plan.important,
            Some((tpl, slots, lang)),
        )
        .await?;
        let post = self.posts.len() - 1;
        self.engage(post, addressed);
        Ok(())
    }

    /// The leader an employee's post in `space` would address, if they can
    /// take part there.
    fn addressee(&mut self, author: usize, space: usize) -> Option<usize> {
        let boss = match self.spaces[space].home {
            Home::Unit(u) => self.units[u].leader,
            _ => {
                let chain = self.chain(self.people[author].unit);
                let leaders: Vec<usize> = chain
                    .iter()
                    .take(2)
                    .map(|u| self.units[*u].leader)
                    .filter(|l| *l != author)
                    .collect();
                if leaders.is_empty() {
                    return None;
                }
                one(&mut self.rng, &leaders)
            }
        };
        (boss != author && self.can_write(boss, space)).then_some(boss)
    }

    /// Posts a fixed text at once (welcome posts).
    async fn post_now(
        &mut self,
        space: usize,
        author: usize,
        kind: &'static str,
        title: &str,
        body: &str,
        options: Vec<String>,
    ) -> Result<()> {
        self.create(
            space,
            author,
            kind,
            title.to_owned(),
            body.to_owned(),
            options,
            false,
            None,
        )
        .await?;
        let post = self.posts.len() - 1;
        self.engage(post, None);
        Ok(())
    }

    #[expect(clippy::too_many_arguments, reason = "an internal helper")]
    async fn create(
        &mut self,
        space: usize,
        author: usize,
        kind: &'static str,
        title: String,
        body: String,
        options: Vec<String>,
        important: bool,
        tpl: Option<(usize, Slots, Lang)>,
    ) -> Result<()> {
        let Some(space_id) = self.spaces[space].id else {
            return Ok(());
        };
        let actor = self.people[author].actor.clone();
        let n_options = options.len();
        // Praise names the colleagues its template names and the value its
        // text speaks of.
        let (recipient_ids, value_id) = match &tpl {
            Some((i, s, _)) if kind == "praise" => {
                let t = &self.texts.templates[*i];
                let mut named = vec![self.people[s.who].actor.id];
                if t.title.contains("{who2}") || t.body.contains("{who2}") {
                    named.push(self.people[s.who2].actor.id);
                }
                crate::culture_content::praise_fields(&self.ctx, actor.id, &named, s.value).await?
            }
            _ => (Vec::new(), None),
        };
        let view = posts::create_post(
            &self.ctx,
            &actor,
            &PostInput {
                space_id,
                kind: kind.into(),
                title,
                body,
                options,
                important,
                recipient_ids,
                value_id,
                ..PostInput::default()
            },
        )
        .await?;
        *self.stats.posts.entry(kind).or_default() += 1;
        let (tpl, slots, lang) = match tpl {
            Some(t) => t,
            None => {
                let s = self.slots(space, author, None);
                (usize::MAX, s, self.lang_of(author))
            }
        };
        let bias = (0..n_options)
            .map(|_| {
                let x: f64 = self.rng.random_range(0.15..1.0);
                x * x
            })
            .collect();
        if important {
            self.important.insert(self.posts.len());
        }
        self.posts.push(Planted {
            id: view.id,
            space,
            author,
            kind,
            lang,
            tpl,
            slots,
            next_reply: 0,
            comments: Vec::new(),
            accepted: false,
            bias,
        });
        Ok(())
    }

    // --- what follows a post ---------------------------------------------

    /// Schedules the comments, reactions, votes, acknowledgements, views
    /// and answers that a new post draws.
    fn engage(&mut self, post: usize, addressed: Option<usize>) {
        let now = self.ctx.clock.now();
        let (space, author, kind) = {
            let p = &self.posts[post];
            (p.space, p.author, p.kind)
        };
        let social = self.social(space);
        let style = self.people[author].leads.map(|(_, s)| s);
        let writers: Vec<usize> = self
            .writers(space)
            .into_iter()
            .filter(|w| *w != author)
            .collect();

        // Comments.
        let (lo, hi) = match kind {
            "question" => (1, 4),
            "discussion" => (2, 6),
            "idea" => (1, 4),
            "lesson" | "article" => (1, 3),
            "praise" => (1, 3),
            "announcement" => (0, 2),
            "vision" => (1, 3),
            _ => (0, 2),
        };
        let mut n: usize = self.rng.random_range(lo..=hi);
        match style {
            Some(Style::Broadcaster) => n /= 2,
            Some(Style::Facilitator) => n += 1,
            None => {}
        }
        let addressed_style = addressed.and_then(|a| self.people[a].leads.map(|(_, s)| s));
        let unanswered = kind == "question"
            && self.rng.random_bool(match addressed_style {
                Some(Style::Broadcaster) => 0.45,
                Some(Style::Facilitator) => 0.03,
                None => 0.15,
            });
        if unanswered {
            n = 0;
        }
        n = n.min(writers.len());
        let mut t = now;
        let mut commenters: Vec<usize> = Vec::new();
        let mut keys: Vec<(u64, usize)> = Vec::new();
        for i in 0..n {
            let weighted: Vec<(usize, f64)> = writers
                .iter()
                .filter(|w| !commenters.contains(w) && self.people[**w].leads.is_none())
                .map(|w| (*w, self.affinity(*w, space, author)))
                .collect();
            let Some(c) = pick(&mut self.rng, weighted) else {
                break;
            };
            commenters.push(c);
            t = self.later(t, i == 0, social);
            let nested = i > 0 && self.rng.random_bool(0.3);
            let (role, parent) = if nested {
                (Role::Reply, Parent::Random)
            } else if kind == "question" {
                (Role::Answer, Parent::Top)
            } else {
                (Role::Discuss, Parent::Top)
            };
            let key = self.next_key();
            self.schedule(
                t,
                Act::Comment {
                    post,
                    key,
                    author: c,
                    role,
                    parent,
                },
            );
            keys.push((key, c));
            // The author answers some comments.
            let p_reply = match style {
                Some(Style::Facilitator) => 0.6,
                Some(Style::Broadcaster) => 0.05,
                None => 0.25,
            };
            if self.rng.random_bool(p_reply) {
                let rt = self.later(t, style == Some(Style::Facilitator), social);
                let rkey = self.next_key();
                self.schedule(
                    rt,
                    Act::Comment {
                        post,
                        key: rkey,
                        author,
                        role: Role::AuthorReply,
                        parent: Parent::Key(key),
                    },
                );
            }
        }

        // Leaders respond to what concerns them.
        if !unanswered && !social {
            self.leaders_respond(post, addressed, now);
        }

        // Accepting an answer.
        if kind == "question" && n > 0 {
            let last = t;
            if self.rng.random_bool(0.6) {
                let at = self.later(last + Duration::hours(1), false, false);
                self.schedule(at, Act::Accept { post, by: author });
            } else if let Home::Unit(u) = self.spaces[space].home {
                let leader = self.units[u].leader;
                if leader != author
                    && self.people[leader].leads.map(|(_, s)| s) == Some(Style::Facilitator)
                    && self.rng.random_bool(0.4)
                {
                    let at = self.days_later(last, 2, 5);
                    self.schedule(at, Act::Accept { post, by: leader });
                }
            }
        }

        // Reactions.
        let (rlo, rhi) = match kind {
            "praise" => (2, 10),
            "announcement" | "vision" => (2, 8),
            "lesson" | "article" => (1, 7),
            "idea" => (1, 5),
            "poll" => (0, 2),
            _ => (0, 3),
        };
        let n_react = self.rng.random_range(rlo..=rhi);
        let kinds: &[(&str, f64)] = match kind {
            "praise" => &[("celebrate", 0.6), ("like", 0.25), ("support", 0.15)],
            "lesson" | "article" => &[("insightful", 0.55), ("like", 0.35), ("celebrate", 0.1)],
            "announcement" | "vision" => &[
                ("like", 0.5),
                ("celebrate", 0.2),
                ("insightful", 0.2),
                ("support", 0.1),
            ],
            "question" => &[("like", 0.4), ("support", 0.4), ("insightful", 0.2)],
            _ => &[
                ("like", 0.5),
                ("insightful", 0.3),
                ("support", 0.1),
                ("celebrate", 0.1),
            ],
        };
        let readers: Vec<(usize, f64)> = self
            .readers(space, author)
            .into_iter()
            .map(|p| (p, self.affinity(p, space, author)))
            .collect();
        for _ in 0..n_react {
            let Some(r) = pick(&mut self.rng, readers.iter().copied()) else {
                break;
            };
            let reaction = pick_str(&mut self.rng, kinds);
            let at = self.later(now, false, social);
            self.schedule(
                at,
                Act::React {
                    post,
                    person: r,
                    kind: reaction,
                },
            );
        }

        // Votes.
        if kind == "poll" {
            let n_votes = self.rng.random_range(4..20).min(readers.len());
            for _ in 0..n_votes {
                let Some(v) = pick(&mut self.rng, readers.iter().copied()) else {
                    break;
                };
                let at = self.later(now, false, social);
                self.schedule(at, Act::Vote { post, person: v });
            }
        }

        // Passive readers.
        let n_views = match kind {
            "announcement" | "vision" => self.rng.random_range(2..8),
            _ => self.rng.random_range(0..2),
        };
        for _ in 0..n_views {
            if let Some(v) = pick(
                &mut self.rng,
                readers.iter().map(|(p, w)| (*p, 0.5 * w + 0.2)),
            ) {
                let at = self.later(now, false, false);
                self.schedule(at, Act::View { post, person: v });
            }
        }

        // Acknowledgements of important posts.
        if self.posts[post].kind == "announcement" && self.is_important(post) {
            let audience: Vec<usize> = match self.spaces[space].home {
                Home::Unit(u) => self.units[u].members.clone(),
                _ => (0..self.people.len()).collect(),
            };
            // The demo accounts have read the older ones, so that their
            // feeds pin only what is recent.
            let demo_accounts = [demo::DEMO_EMPLOYEE, demo::DEMO_LEADER, demo::DEMO_ADMIN]
                .map(|e| self.find_person(e));
            let recent = now > self.end - Duration::days(14);
            let p_ack = if self.spaces[space].home == Home::Org {
                0.25
            } else {
                0.6
            };
            for person in audience {
                let acks = if demo_accounts.contains(&Some(person)) {
                    !recent
                } else {
                    self.rng.random_bool(p_ack)
                };
                if person == author || !acks {
                    continue;
                }
                let at = self.days_later(now, 0, 5);
                self.schedule(at, Act::Ack { post, person });
            }
        }
    }

    fn is_important(&self, post: usize) -> bool {
        self.important.contains(&post)
    }

    fn readers(&self, space: usize, author: usize) -> Vec<usize> {
        match self.spaces[space].home {
            Home::Community if self.spaces[space].visibility != "open" => self.spaces[space]
                .members
                .iter()
                .copied()
                .filter(|p| *p != author)
                .collect(),
            _ => (0..self.people.len()).filter(|p| *p != author).collect(),
        }
    }

    fn next_key(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    fn leaders_respond(&mut self, post: usize, addressed: Option<usize>, now: OffsetDateTime) {
        let (space, author, kind) = {
            let p = &self.posts[post];
            (p.space, p.author, p.kind)
        };
        for l in self.leaders.clone() {
            if l == author || !self.can_write(l, space) {
                continue;
            }
            let Some((led, style)) = self.people[l].leads else {
                continue;
            };
            let own = self.units[led].space == space;
            let subtree = self.in_subtree(author, l);
            let (p_comment, p_react) = match (style, addressed == Some(l), own, subtree) {
                (Style::Facilitator, true, _, _) => (0.92, 0.5),
                (Style::Facilitator, false, true, _) => (0.55, 0.5),
                (Style::Facilitator, false, false, true) => (0.25, 0.2),
                (Style::Broadcaster, true, _, _) => (0.3, 0.1),
                (Style::Broadcaster, false, true, _) => (0.06, 0.15),
                (Style::Broadcaster, false, false, true) => (0.02, 0.03),
                _ => continue,
            };
            let fast = style == Style::Facilitator;
            if self.rng.random_bool(p_comment) {
                let at = if fast {
                    let minutes = self.rng.random_range(15..300);
                    self.add_working(now, minutes)
                } else {
                    self.days_later(now, 1, 6)
                };
                let key = self.next_key();
                self.schedule(
                    at,
                    Act::Comment {
                        post,
                        key,
                        author: l,
                        role: Role::Leader(style),
                        parent: Parent::Top,
                    },
                );
            }
            if self.rng.random_bool(p_react) {
                let at = self.later(now, fast, false);
                let reaction = if matches!(kind, "lesson" | "article" | "idea") {
                    "insightful"
                } else {
                    "like"
                };
                self.schedule(
                    at,
                    Act::React {
                        post,
                        person: l,
                        kind: reaction,
                    },
                );
            }
            // Facilitators recognize good contributions by name.
            if style == Style::Facilitator
                && (own || subtree)
                && self.people[author].leads.is_none()
                && matches!(kind, "lesson" | "article" | "idea")
                && self.rng.random_bool(0.14)
            {
                let at = self.days_later(now, 1, 3);
                let target = if self.rng.random_bool(0.5) {
                    self.org
                } else {
                    self.units[led].space
                };
                self.schedule(
                    at,
                    Act::Post(PostPlan {
                        space: target,
                        author: Some(l),
                        kind: Some("praise"),
                        praise_for: Some(author),
                        leader: true,
                        important: false,
                        pool: None,
                    }),
                );
            }
        }
    }

    // --- comments ---------------------------------------------------------

    async fn comment(
        &mut self,
        post: usize,
        key: u64,
        author: usize,
        role: Role,
        parent: Parent,
    ) -> Result<()> {
        let parent = match parent {
            Parent::Top => None,
            Parent::Key(k) => match self.keys.get(&k) {
                Some(c) => Some(*c),
                None => return Ok(()),
            },
            Parent::Random => {
                let options: Vec<CommentId> = self.posts[post]
                    .comments
                    .iter()
                    .filter(|c| c.1 != author)
                    .map(|c| c.0)
                    .collect();
                if options.is_empty() {
                    None
                } else {
                    Some(one(&mut self.rng, &options))
                }
            }
        };
        let role = if parent.is_none() && role == Role::Reply {
            if self.posts[post].kind == "question" {
                Role::Answer
            } else {
                Role::Discuss
            }
        } else {
            role
        };
        let parent_author = parent.and_then(|pid| {
            self.posts[post]
                .comments
                .iter()
                .find(|c| c.0 == pid)
                .map(|c| c.1)
        });
        let body = self.comment_body(post, author, role, parent_author);
        self.view(post, author).await?;
        let actor = self.people[author].actor.clone();
        let c =
            comments::add_comment(&self.ctx, &actor, self.posts[post].id, &body, parent).await?;
        self.keys.insert(key, c.id);
        self.posts[post].comments.push((c.id, author, parent));
        self.stats.comments += 1;
        if parent.is_some() {
            self.stats.replies += 1;
        }
        Ok(())
    }

    fn comment_body(
        &mut self,
        post: usize,
        author: usize,
        role: Role,
        parent_author: Option<usize>,
    ) -> String {
        let (kind, tpl, space) = {
            let p = &self.posts[post];
            (p.kind, p.tpl, p.space)
        };
        let post_lang = self.posts[post].lang;
        let lang = if self.rng.random_bool(0.8) {
            post_lang
        } else {
            self.lang_of(author)
        };
        let social = self.social(space);
        let texts = self.texts;
        // Topical replies from the template first (in the post's language).
        if matches!(role, Role::Answer | Role::Discuss | Role::Leader(_))
            && let Some(t) = texts.templates.get(tpl)
            && self.posts[post].next_reply < t.comments.len()
            && (role != Role::Leader(Style::Broadcaster))
            && (!matches!(role, Role::Leader(_)) || self.rng.random_bool(0.5))
        {
            let i = self.posts[post].next_reply;
            self.posts[post].next_reply += 1;
            let text = &t.comments[i];
            return self.fill_comment(text, post, author, parent_author, t.lang);
        }
        // Generic comments: technical answers only under craft questions,
        // client stories only in work discussions, agreement anywhere.
        let tpl_pool = texts.templates.get(tpl).map(|t| t.pool);
        let craft = matches!(
            tpl_pool,
            Some(
                Pool::Craft
                    | Pool::Data
                    | Pool::Cloud
                    | Pool::Software
                    | Pool::Design
                    | Pool::Strategy
            )
        );
        let stories = craft || matches!(tpl_pool, Some(Pool::General | Pool::Client | Pool::Ops));
        let p = &texts.phrases;
        let bank: &Bank = match role {
            Role::Answer | Role::Discuss if social => &p.social,
            Role::Discuss if tpl_pool.is_none() => &p.welcome,
            Role::Answer if craft => &p.answers,
            Role::Answer => &p.agree,
            Role::Discuss => match kind {
                "praise" => &p.praise,
                "lesson" | "article" => &p.lesson,
                "announcement" | "vision" => &p.announce,
                "poll" => &p.poll,
                _ if stories => &p.discuss,
                _ => &p.agree,
            },
            Role::Reply if stories => &p.replies,
            Role::Reply => &p.agree,
            Role::AuthorReply if self.people[author].leads.is_some() => &p.leader_replies,
            Role::AuthorReply if kind == "question" && craft => &p.asker_replies,
            Role::AuthorReply => &p.author_replies,
            Role::Leader(Style::Facilitator) => match kind {
                "question" => &p.facilitator_answers,
                "lesson" | "article" | "praise" => &p.facilitator_thanks,
                _ => &p.facilitator_comments,
            },
            Role::Leader(Style::Broadcaster) => &p.broadcaster_comments,
        };
        let text = one_str(&mut self.rng, bank.get(lang));
        self.fill_comment(text, post, author, parent_author, lang)
    }

    fn fill_comment(
        &mut self,
        text: &str,
        post: usize,
        author: usize,
        parent_author: Option<usize>,
        lang: Lang,
    ) -> String {
        let mut slots = self.posts[post].slots.clone();
        slots
            .unit
            .clone_from(&self.units[self.people[author].unit].name);
        if slots.who == author {
            slots.who = self.colleague(author, self.posts[post].author);
        }
        let post_author = self.handle(self.posts[post].author).to_owned();
        let parent =
            parent_author.map_or_else(|| post_author.clone(), |p| self.handle(p).to_owned());
        self.fill(
            text,
            &slots,
            lang,
            &[("{author}", &post_author), ("{parent}", &parent)],
        )
    }

    async fn accept(&mut self, post: usize, by: usize) -> Result<()> {
        if self.posts[post].accepted {
            return Ok(());
        }
        let asker = self.posts[post].author;
        let answers: Vec<(CommentId, usize)> = self.posts[post]
            .comments
            .iter()
            .filter(|c| c.2.is_none() && c.1 != asker && c.1 != by)
            .map(|c| (c.0, c.1))
            .collect();
        if answers.is_empty() {
            return Ok(());
        }
        let by_leader: Vec<(CommentId, usize)> = answers
            .iter()
            .copied()
            .filter(|(_, a)| self.people[*a].leads.is_some())
            .collect();
        let (chosen, answerer) = if !by_leader.is_empty() && self.rng.random_bool(0.4) {
            by_leader[0]
        } else if self.rng.random_bool(0.5) {
            answers[0]
        } else {
            one(&mut self.rng, &answers)
        };
        if by == asker && self.rng.random_bool(0.6) {
            let lang = self.posts[post].lang;
            let text = one_str(&mut self.rng, self.texts.phrases.thanks.get(lang));
            let body = self.fill_comment(text, post, by, Some(answerer), lang);
            let actor = self.people[by].actor.clone();
            let c =
                comments::add_comment(&self.ctx, &actor, self.posts[post].id, &body, Some(chosen))
                    .await?;
            self.posts[post].comments.push((c.id, by, Some(chosen)));
            self.stats.comments += 1;
            self.stats.replies += 1;
        }
        let actor = self.people[by].actor.clone();
        posts::accept_answer(&self.ctx, &actor, self.posts[post].id, chosen).await?;
        self.posts[post].accepted = true;
        self.stats.accepted += 1;
        Ok(())
    }
}

impl Person {
    fn work_mode(&self) -> WorkMode {
        self.view.work_mode
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use samspill_services::org::import;

    #[test]
    fn every_unit_has_a_style_and_the_named_leader_leads_it() {
        let rows = import::parse_csv(demo::org_chart_csv().as_bytes(), &mut |_| {}).unwrap();
        let mut led = 0;
        for row in &rows {
            for unit in &row.leader_of {
                let path = unit.to_string();
                let (_, name, _) = STYLES
                    .iter()
                    .find(|(p, _, _)| *p == path)
                    .unwrap_or_else(|| panic!("no style for {path}"));
                assert_eq!(*name, row.name.as_str(), "leader of {path}");
                led += 1;
            }
        }
        assert_eq!(led, STYLES.len());
        let henrik = STYLES.iter().find(|(_, n, _)| *n == "Henrik Lund").unwrap();
        assert_eq!(henrik.2, Style::Facilitator);
    }
}
