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
use samspill_store::org::people::{self as store_people, PersonView};
use samspill_store::{org::units as store_units, social::spaces as store_spaces};
use time::{Duration, OffsetDateTime, Time, Weekday};

use crate::org::import::Progress;
use crate::social::feed::{self, Target};
use crate::social::posts::{self, PostInput};
use crate::social::spaces::{self, Joined, NewCommunity};
use crate::{Actor, Ctx, Error, FixedClock, Result, demo, social::comments};

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
    let end = ctx.now();
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
    items[rng.random_range(0..items.len())]
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
        let mut rng = StdRng::seed_from_u64(20_260_901);
        let all = store_people::list_all_people(&ctx.db).await?;
        let tree = store_units::list_units(&ctx.db).await?;
        let unit_index: HashMap<_, usize> =
            tree.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        let person_index: HashMap<_, usize> =
            all.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        let admin = all
            .iter()
            .find(|p| p.is_admin)
            .ok_or_else(|| Error::Unexpected("the demo has no administrator".into()))?;
        let all_spaces = store_spaces::list_spaces(&ctx.db, &Actor::of(admin).viewer()).await?;

        let mut spaces = Vec::new();
        let org_space = all_spaces
            .iter()
            .find(|s| s.kind == "org")
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
            used: vec![0; TEMPLATES.len()],
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
        let now = self.ctx.now();
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
        let owners = [
            henrik, cloud_lead, runner, ingrid, sara, reader, pc_lead, coo,
        ];
        let mut t = self.start + Duration::days(1) + Duration::minutes(DAY_START + 40);
        for (def, owner) in COMMUNITIES.iter().zip(owners) {
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
                visibility: def.visibility,
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
                    def: def.name,
                },
            );
            self.plan_members(space, at, henrik, sara, ingrid);
        }
    }

    async fn create_community(&mut self, space: usize, name: &str) -> Result<()> {
        let Some(def) = COMMUNITIES.iter().find(|c| c.name == name) else {
            return Ok(());
        };
        let owner = self.spaces[space].owner;
        let actor = self.people[owner].actor.clone();
        let view = spaces::create_community(
            &self.ctx,
            &actor,
            &NewCommunity {
                name: def.name.into(),
                description: def.description.into(),
                visibility: def.visibility.into(),
            },
        )
        .await?;
        self.spaces[space].id = Some(view.id);
        self.stats.members += 1;
        self.post_now(
            space,
            owner,
            "announcement",
            def.welcome.0,
            def.welcome.1,
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
            let tags = self.people[i].domain.tools();
            for _ in 0..self.rng.random_range(0..=2) {
                targets.push(Follow::Topic(one(&mut self.rng, tags).1));
            }
            if self.rng.random_bool(0.25) {
                targets.push(Follow::Topic(one(&mut self.rng, GENERAL_TAGS)));
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
                        let now = self.ctx.now();
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
            let candidates: Vec<usize> = TEMPLATES
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
        let (tool, tag) = one(&mut self.rng, domain.tools());
        let who = praise_for.unwrap_or_else(|| self.colleague(author, usize::MAX));
        let who2 = self.colleague(author, who);
        Slots {
            tool,
            tag,
            client: one(&mut self.rng, CLIENTS),
            who,
            who2,
            unit: self.units[self.people[author].unit].name.clone(),
            value: self.rng.random_range(0..VALUES_NB.len()),
            book: one(&mut self.rng, BOOKS),
            race: one(&mut self.rng, RACES),
        }
    }

    fn fill(&self, text: &str, s: &Slots, lang: Lang, extra: &[(&str, &str)]) -> String {
        let value = match lang {
            Lang::Nb => VALUES_NB[s.value],
            Lang::En => VALUES_EN[s.value],
        };
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
        let t = &TEMPLATES[tpl];
        let kind = t.kind;
        let lang = t.lang;
        let slots = self.slots(space, author, plan.praise_for);
        let title = self.fill(t.title, &slots, lang, &[]);
        let mut body = self.fill(t.body, &slots, lang, &[]);
        let style = self.people[author].leads.map(|(_, s)| s);
        if style == Some(Style::Facilitator) && matches!(kind, "announcement" | "vision") {
            body.push_str("\n\n");
            body.push_str(one(&mut self.rng, invite(lang)));
        }
        // Employees sometimes address their leader directly.
        let mut addressed = None;
        if style.is_none()
            && matches!(kind, "question" | "idea" | "discussion" | "lesson")
            && !self.social(space)
            && self.rng.random_bool(0.25)
            && let Some(boss) = self.addressee(author, space)
        {
            let line = one(&mut self.rng, address(lang)).replace("{leader}", self.handle(boss));
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
        let now = self.ctx.now();
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
        // Topical replies from the template first (in the post's language).
        if matches!(role, Role::Answer | Role::Discuss | Role::Leader(_))
            && let Some(t) = TEMPLATES.get(tpl)
            && self.posts[post].next_reply < t.replies.len()
            && (role != Role::Leader(Style::Broadcaster))
            && (!matches!(role, Role::Leader(_)) || self.rng.random_bool(0.5))
        {
            let i = self.posts[post].next_reply;
            self.posts[post].next_reply += 1;
            let text = t.replies[i];
            return self.fill_comment(text, post, author, parent_author, t.lang);
        }
        // Generic comments: technical answers only under craft questions,
        // client stories only in work discussions, agreement anywhere.
        let tpl_pool = TEMPLATES.get(tpl).map(|t| t.pool);
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
        let pool: &[&str] = match role {
            Role::Answer | Role::Discuss if social => social_comments(lang),
            Role::Discuss if tpl_pool.is_none() => welcome_comments(lang),
            Role::Answer if craft => answers(lang),
            Role::Answer => agree(lang),
            Role::Discuss => match kind {
                "praise" => praise_comments(lang),
                "lesson" | "article" => lesson_comments(lang),
                "announcement" | "vision" => announce_comments(lang),
                "poll" => poll_comments(lang),
                _ if stories => discuss_comments(lang),
                _ => agree(lang),
            },
            Role::Reply if stories => replies(lang),
            Role::Reply => agree(lang),
            Role::AuthorReply if self.people[author].leads.is_some() => leader_replies(lang),
            Role::AuthorReply if kind == "question" && craft => asker_replies(lang),
            Role::AuthorReply => author_replies(lang),
            Role::Leader(Style::Facilitator) => match kind {
                "question" => facilitator_answers(lang),
                "lesson" | "article" | "praise" => facilitator_thanks(lang),
                _ => facilitator_comments(lang),
            },
            Role::Leader(Style::Broadcaster) => broadcaster_comments(lang),
        };
        let text = one(&mut self.rng, pool);
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
            let text = one(&mut self.rng, thanks(lang));
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

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Domain {
    Data,
    Cloud,
    Software,
    Design,
    Strategy,
    Ops,
}

impl Domain {
    fn of(path: &str) -> Self {
        if path.contains("Data & AI") {
            Self::Data
        } else if path.contains("/Cloud") {
            Self::Cloud
        } else if path.contains("/Software") {
            Self::Software
        } else if path.contains("/Design") {
            Self::Design
        } else if path.contains("/Strategy")
            || path.ends_with("Advisory")
            || path.ends_with("Consulting")
        {
            Self::Strategy
        } else {
            Self::Ops
        }
    }

    const fn pool(self) -> Pool {
        match self {
            Self::Data => Pool::Data,
            Self::Cloud => Pool::Cloud,
            Self::Software => Pool::Software,
            Self::Design => Pool::Design,
            Self::Strategy => Pool::Strategy,
            Self::Ops => Pool::Ops,
        }
    }

    /// Tools and the topic each is tagged with.
    const fn tools(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Data => &[
                ("dbt", "dbt"),
                ("Databricks", "databricks"),
                ("Snowflake", "snowflake"),
                ("Airflow", "airflow"),
                ("Power BI", "powerbi"),
                ("Great Expectations", "datakvalitet"),
                ("DuckDB", "duckdb"),
                ("MLflow", "mlflow"),
            ],
            Self::Cloud => &[
                ("Terraform", "terraform"),
                ("Kubernetes", "kubernetes"),
                ("Argo CD", "gitops"),
                ("Azure Landing Zones", "azure"),
                ("AWS CDK", "aws"),
                ("OpenTelemetry", "observability"),
                ("Backstage", "plattform"),
            ],
            Self::Software => &[
                ("TypeScript", "typescript"),
                ("React", "react"),
                ("Kotlin", "kotlin"),
                ("Rust", "rust"),
                ("Playwright", "testing"),
                ("OpenAPI", "api"),
                ("Spring Boot", "java"),
                ("Kafka", "kafka"),
            ],
            Self::Design => &[
                ("Figma", "figma"),
                ("Miro", "miro"),
                ("Dovetail", "innsikt"),
                ("design systems", "designsystem"),
                ("service blueprints", "tjenestedesign"),
            ],
            Self::Strategy => &[
                ("OKR", "okr"),
                ("Wardley maps", "strategi"),
                ("benefit maps", "gevinstrealisering"),
                ("Team Topologies", "organisasjon"),
            ],
            Self::Ops => &[
                ("Tripletex", "økonomi"),
                ("Workday", "hr"),
                ("CV-partner", "cv"),
                ("Salesforce", "salg"),
                ("Teams", "samhandling"),
            ],
        }
    }
}

/// Where a template belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pool {
    /// The org space.
    General,
    /// Any consulting unit, with the unit's tools.
    Craft,
    Data,
    Cloud,
    Software,
    Design,
    Strategy,
    Ops,
    Client,
    Running,
    Parents,
    Books,
    Leaders,
    Reorg,
    /// Leaders' announcements and visions.
    Lead,
    /// Facilitating leaders' questions, polls and invitations.
    Facilitate,
    /// Recognition naming colleagues.
    Praise,
    /// The HR partner's org-wide news.
    Hr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Nb,
    En,
}

impl Lang {
    const fn other(self) -> Self {
        match self {
            Self::Nb => Self::En,
            Self::En => Self::Nb,
        }
    }
}

/// A post to write, with placeholders: `{tool}`, `{tag}`, `{client}`,
/// `{who}` and `{who2}` (handles of colleagues), `{unit}`, `{value}`,
/// `{book}`, `{race}`; comments also `{author}` and `{parent}`.
#[derive(Debug)]
struct Tpl {
    pool: Pool,
    kind: &'static str,
    lang: Lang,
    title: &'static str,
    body: &'static str,
    /// Topical comments, used in order before generic ones.
    replies: &'static [&'static str],
    options: &'static [&'static str],
}

const fn t(
    pool: Pool,
    kind: &'static str,
    lang: Lang,
    title: &'static str,
    body: &'static str,
    replies: &'static [&'static str],
) -> Tpl {
    Tpl {
        pool,
        kind,
        lang,
        title,
        body,
        replies,
        options: &[],
    }
}

const fn poll(
    pool: Pool,
    lang: Lang,
    title: &'static str,
    body: &'static str,
    options: &'static [&'static str],
    replies: &'static [&'static str],
) -> Tpl {
    Tpl {
        pool,
        kind: "poll",
        lang,
        title,
        body,
        replies,
        options,
    }
}

const CLIENTS: &[&str] = &[
    "Nordvik Energi",
    "Kystbanken",
    "Fjellstad kommune",
    "Polar Logistikk",
    "Vestlandsforsikring",
    "Havlys Sjømat",
    "Trollheim Telecom",
    "Helse Nordkyst",
    "Skagerak Shipping",
    "Mjøsa Mat",
];

const VALUES_NB: &[&str] = &["raushet", "mot", "nysgjerrighet", "samspill"];
const VALUES_EN: &[&str] = &["generosity", "courage", "curiosity", "interplay"];

const BOOKS: &[&str] = &[
    "«Team Topologies» av Matthew Skelton og Manuel Pais",
    "«The Fearless Organization» av Amy Edmondson",
    "«Thinking in Systems» av Donella Meadows",
    "«Sult» av Knut Hamsun",
    "«Naiv. Super.» av Erlend Loe",
    "«Is-slottet» av Tarjei Vesaas",
    "«Klara and the Sun» av Kazuo Ishiguro",
    "«Project Hail Mary» av Andy Weir",
];

const RACES: &[&str] = &[
    "Holmenkollstafetten",
    "Sentrumsløpet",
    "Oslo Maraton",
    "Bergen City Marathon",
];

const GENERAL_TAGS: &[&str] = &[
    "læring",
    "kundeliv",
    "ros",
    "fagdag",
    "onboarding",
    "innspill",
    "strategi",
    "lærdom",
];

/// A community: name, description, visibility, pool, fixed domain, posts
/// per working day, and the owner's welcome post.
struct Community {
    name: &'static str,
    description: &'static str,
    visibility: &'static str,
    pool: Pool,
    domain: Option<Domain>,
    rate: f64,
    welcome: (&'static str, &'static str),
}

/// In the order of their owners in `create_communities`.
const COMMUNITIES: &[Community] = &[
    Community {
        name: "Data guild",
        description: "Data engineering, analytics and machine learning across units and clients. Ask anything.",
        visibility: "open",
        pool: Pool::Data,
        domain: Some(Domain::Data),
        rate: 0.4,
        welcome: (
            "Velkommen til Data guild",
            "Dette er stedet for alt som handler om data, analyse og maskinlæring – på tvers av team og kunder. Still spørsmål, del det dere lærer, og si fra når noe ikke fungerer. Ingen spørsmål er for enkle.\n\nWelcome, English is just as fine as Norwegian here. #dataplattform #læring",
        ),
    },
    Community {
        name: "Cloud practice",
        description: "Cloud, platforms and operations: patterns, pitfalls and war stories from client work.",
        visibility: "open",
        pool: Pool::Cloud,
        domain: Some(Domain::Cloud),
        rate: 0.55,
        welcome: (
            "Welcome to Cloud practice",
            "A place to share what works (and what doesn't) on Azure, AWS and Kubernetes at our clients. Post questions early, post lessons often. Client names are fine; client secrets are not. #cloud #læring",
        ),
    },
    Community {
        name: "Running club",
        description: "Easy runs, intervals and races. All paces welcome.",
        visibility: "open",
        pool: Pool::Running,
        domain: None,
        rate: 0.25,
        welcome: (
            "Løpeklubben er i gang!",
            "Vi løper sammen onsdager kl. 16:30 fra resepsjonen, og stiller lag i noen løp i året. Alle tempo er velkomne – vi venter på hverandre. 🏃 #løping",
        ),
    },
    Community {
        name: "Parents at Fjordlys",
        description: "For parents (and parents-to-be): pick-up times, sick days, parental leave and everything in between.",
        visibility: "private",
        pool: Pool::Parents,
        domain: None,
        rate: 0.2,
        welcome: (
            "Velkommen til foreldregruppa",
            "Her kan vi dele erfaringer om å kombinere konsulenthverdag med barn: hentetider, sykt barn, permisjon og fleksibilitet. Gruppen er lukket, så det som skrives her blir her. #foreldre",
        ),
    },
    Community {
        name: "Client-site consultants",
        description: "For those of us who spend most days at a client: stay connected, share tips, ask for help.",
        visibility: "open",
        pool: Pool::Client,
        domain: None,
        rate: 0.45,
        welcome: (
            "Velkommen – for oss som sitter ute hos kunde",
            "Mange av oss ser kollegaene våre sjelden. Denne gruppen er for å dele tips, spørre om råd og holde kontakten. Ledere er velkomne til å lese og svare. #kundeliv",
        ),
    },
    Community {
        name: "Book club",
        description: "One book a month, fiction and non-fiction, Norwegian and English. We meet in the canteen.",
        visibility: "open",
        pool: Pool::Books,
        domain: None,
        rate: 0.15,
        welcome: (
            "Welcome to the book club",
            "One book a month, alternating fiction and non-fiction. We meet in the canteen on the last Thursday at 16:00, and discuss here in between. #bokklubb",
        ),
    },
    Community {
        name: "Leadership forum",
        description: "For leaders at Fjordlys: questions, dilemmas and what we learn about leading people we rarely see.",
        visibility: "private",
        pool: Pool::Leaders,
        domain: None,
        rate: 0.3,
        welcome: (
            "Velkommen til lederforumet",
            "Et rom for alle som leder mennesker i Fjordlys. Her kan vi dele dilemmaer, spørre hverandre om råd og lære av det som går bra og dårlig. Det som deles om enkeltpersoner, holder vi for oss selv. #ledelse",
        ),
    },
    Community {
        name: "Reorg 2027 working group",
        description: "Confidential until the employee representatives have been informed.",
        visibility: "secret",
        pool: Pool::Reorg,
        domain: None,
        rate: 0.15,
        welcome: (
            "Oppstart av arbeidsgruppen",
            "Velkommen til arbeidsgruppen for ny organisering fra 2027. Mandatet er å anbefale en struktur innen utgangen av kvartalet. Alt som deles her er konfidensielt til de tillitsvalgte er informert. #reorg2027",
        ),
    },
];

fn invite(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Hva mangler her? Skriv i kommentarfeltet – jeg svarer alle innen fredag.",
            "Det som er bestemt: retningen. Det som er åpent: hvordan vi gjør det i praksis. Innspill tas imot her.",
            "Jeg vil gjerne høre hva dette betyr for dere ute hos kundene. Ta kontakt, eller skriv her.",
        ],
        Lang::En => &[
            "What's missing? Comment below – I'll reply to everyone by Friday.",
            "What is decided: the direction. What is open: how we do it in practice. Your input is welcome here.",
            "I'd like to hear what this means for those of you at client sites. Reply here or grab me for a chat.",
        ],
    }
}

fn address(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "@{leader}, hva tenker du?",
            "Kanskje @{leader} har et syn på dette?",
            "@{leader} – er dette noe vi bør ta en beslutning på?",
        ],
        Lang::En => &[
            "@{leader}, what do you think?",
            "Curious about your view here, @{leader}.",
            "@{leader} – is this something we should decide on?",
        ],
    }
}

fn answers(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Vi brukte {tool} hos {client} i fjor. Mitt beste tips: start smått, få én ting i produksjon, og skriv ned beslutningene underveis.",
            "Jeg hadde akkurat det samme problemet. Det som hjalp var å lese kildekoden i stedet for dokumentasjonen – den er utdatert på akkurat dette punktet.",
            "Spør @{who}, som satt med dette i flere måneder. Ellers kan jeg ta en kaffe og vise hva vi gjorde.",
            "Kort svar: ja, men bare hvis kunden har noen som kan drifte det etterpå. Ellers ville jeg valgt noe kjedeligere.",
            "Det finnes en mal i fagområdets repo som løser det meste. Si fra hvis du ikke har tilgang.",
            "Vi landet på en enklere løsning: ett oppsett per miljø, og ingen magi. Det har holdt i halvannet år nå.",
            "Jeg ville snakket med kunden om hva de faktisk trenger først. Ofte er det rapporteringen som driver kravet, ikke teknologien.",
            "Sjekk versjonen. Vi fikk nøyaktig den feilen etter en oppgradering, og løsningen var å låse versjonen til vi fikk testet.",
            "Jeg har et eksempel fra {client} jeg kan dele. Sender deg en lenke på e-post.",
        ],
        Lang::En => &[
            "We used {tool} at {client} last year. My main advice: start small, get one thing into production, and write down the decisions as you go.",
            "Had the exact same issue. Reading the source helped more than the docs, which are out of date on this point.",
            "Ask @{who} – they spent months on this. Happy to pair for an hour too if that helps.",
            "Short answer: yes, but only if the client has someone to run it afterwards. Otherwise pick something boring.",
            "There's a template in our practice repo that covers most of it. Shout if you don't have access.",
            "We ended up with something simpler: one setup per environment and no magic. It has held up for eighteen months.",
            "I'd start by asking the client what they actually need. Often the reporting drives the requirement, not the technology.",
            "Check the version. We hit exactly that error after an upgrade; pinning the version until we'd tested it fixed it.",
        ],
    }
}

fn discuss_comments(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Godt poeng. Jeg kjenner meg igjen fra {client}.",
            "Enig i det meste, men jeg tror vi undervurderer hvor mye tid overlevering tar.",
            "Dette burde vi snakke mer om på neste fagdag.",
            "Takk for at du tar det opp! Jeg har tenkt det samme lenge.",
            "Jeg er litt uenig: det avhenger veldig av kunden. Hos offentlige kunder er rammene ganske annerledes.",
            "Kan vi lage en kort sjekkliste ut av dette? Jeg bidrar gjerne.",
            "+1. Spesielt punktet om å involvere kunden tidlig.",
            "Interessant. Har du tall på hvor ofte det skjer, eller er det magefølelse?",
            "Vi prøvde noe lignende i {unit} i fjor. Det fungerte best når én person eide det.",
        ],
        Lang::En => &[
            "Good point. Sounds a lot like what we saw at {client}.",
            "Agree with most of this, but I think we underestimate how long handovers take.",
            "We should talk more about this at the next team day.",
            "Thanks for raising it! I've been thinking the same for a while.",
            "I partly disagree: it depends a lot on the client. Public sector clients have very different constraints.",
            "Could we turn this into a short checklist? Happy to help.",
            "+1, especially the part about involving the client early.",
            "Interesting. Do you have numbers on how often this happens, or is it a gut feeling?",
            "We tried something similar in {unit} last year. It worked best when one person owned it.",
        ],
    }
}

fn lesson_comments(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Takk for at du deler – dette er gull for oss som starter hos en ny kunde snart.",
            "Lagrer denne. Punktet om forventningsavklaring er undervurdert.",
            "Veldig nyttig. Kunne du holdt et lyntale om dette?",
            "Vi gjorde den samme feilen hos {client}. Skulle ønske vi hadde lest dette før.",
            "Bra skrevet! Har du lyst til å legge det inn i fagområdets læringslogg?",
        ],
        Lang::En => &[
            "Thanks for sharing – this is gold for those of us starting at a new client soon.",
            "Bookmarked. The point about setting expectations is underrated.",
            "Really useful. Would you do a lightning talk on this?",
            "We made the same mistake at {client}. Wish we'd read this first.",
            "Well written! Could you add it to the practice's lessons log?",
        ],
    }
}

fn praise_comments(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Helt fortjent! 👏",
            "Så bra! Takk for at du løfter det fram.",
            "Enig! Jobbet med @{who} på et tilbud nylig og kan bare bekrefte.",
            "Dette er {value} i praksis.",
            "Gratulerer! Veldig godt jobbet.",
        ],
        Lang::En => &[
            "Well deserved! 👏",
            "So good to see this recognised.",
            "Agree! Worked with @{who} on a bid recently and can only confirm.",
            "This is what {value} looks like in practice.",
            "Congratulations, great work!",
        ],
    }
}

fn announce_comments(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Takk for oppdateringen.",
            "Gjelder dette også oss som sitter hos kunde?",
            "Når kommer mer informasjon om hva dette betyr for {unit}?",
            "Bra retning. Hva betyr dette konkret for prosjektene som pågår?",
            "Flott! Ser fram til det.",
            "Hvordan kan vi bidra?",
        ],
        Lang::En => &[
            "Thanks for the update.",
            "Does this also apply to those of us at client sites?",
            "When will we hear more about what this means for {unit}?",
            "Good direction. What does it mean for the projects already running?",
            "Great, looking forward to it!",
            "How can we help?",
        ],
    }
}

fn poll_comments(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Stemte! Savner et alternativ: «alt det ovenfor».",
            "Spent på resultatet.",
            "Vanskelig valg, men jeg gikk for det første.",
        ],
        Lang::En => &[
            "Voted! Missing an option: 'all of the above'.",
            "Curious about the result.",
            "Hard choice, but I went with the first one.",
        ],
    }
}

fn social_comments(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Så gøy!",
            "Jeg er med!",
            "Dette var hyggelig. Gjerne mer av dette.",
            "Takk for tipset!",
            "Høres bra ut – jeg prøver å få det til.",
            "Haha, kjenner meg igjen.",
        ],
        Lang::En => &[
            "Love this!",
            "Count me in!",
            "That was fun. More of this, please.",
            "Thanks for the tip!",
            "Sounds great – I'll try to make it.",
            "Ha, that sounds familiar.",
        ],
    }
}

fn replies(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Enig med deg, @{parent}.",
            "@{parent} godt poeng – men hvordan håndterer vi det når kunden har egne rutiner?",
            "Den tar jeg gjerne en prat om, @{parent}. Kaffe i morgen?",
            "Helt enig. Det var akkurat det som skjedde hos {client}.",
            "@{parent} har du en lenke til det du nevner?",
            "Ja! Og så må vi huske å dokumentere det.",
        ],
        Lang::En => &[
            "Agree with you, @{parent}.",
            "@{parent} good point – but how do we handle it when the client has its own process?",
            "Happy to chat about that, @{parent}. Coffee tomorrow?",
            "Exactly. That's what happened at {client}.",
            "@{parent} do you have a link to what you mention?",
            "Yes! And we need to remember to write it down.",
        ],
    }
}

fn author_replies(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Takk, @{parent}! Godt innspill.",
            "@{parent} det har du rett i. Jeg tar det med videre.",
            "Takk for at du deler, @{parent}. Det hadde jeg ikke tenkt på.",
            "Takk! Jeg tar gjerne en prat om det.",
        ],
        Lang::En => &[
            "Thanks, @{parent}! Good input.",
            "@{parent} you're right. I'll take that forward.",
            "Thanks for sharing, @{parent}. Hadn't thought of that.",
            "Thanks! Happy to talk more about it.",
        ],
    }
}

fn facilitator_comments(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "@{author} jeg hører deg. La oss ta en prat denne uka – jeg booker tid.",
            "Bra initiativ! Hva trenger du fra meg for å komme videre?",
            "Takk! Jeg tar dette med i ledergruppen og kommer tilbake med svar innen to uker.",
            "Godt at du tar det opp her, @{author}. Hva tenker resten av dere?",
            "Enig i retningen. Skal vi prøve det i en måned og se hva vi lærer?",
        ],
        Lang::En => &[
            "@{author} I hear you. Let's talk this week – I'll book a slot.",
            "Great initiative! What do you need from me to move this forward?",
            "Thanks! I'll take this to the leadership team and get back to you within two weeks.",
            "Glad you raised this here, @{author}. What do the rest of you think?",
            "I like the direction. Shall we try it for a month and see what we learn?",
        ],
    }
}

fn facilitator_answers(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Godt spørsmål, @{author}. @{who} har erfaring med akkurat dette – kan du hjelpe?",
            "Jeg har ikke hele svaret, men @{who} vet mye om dette. Hva tenker resten av dere?",
            "Takk for at du spør her, så flere får nytte av svaret. Mitt råd: ta det opp med kunden tidlig, og si fra hvis du trenger støtte fra meg.",
            "Mitt svar: vi prioriterer kvalitet over fart her, og jeg tar ansvar for å forklare det til kunden hvis det trengs.",
        ],
        Lang::En => &[
            "Good question, @{author}. @{who} has done exactly this – could you help?",
            "I don't have the full answer, but @{who} knows a lot about this. What do the rest of you think?",
            "Thanks for asking here so others benefit too. My advice: raise it with the client early, and tell me if you need my support.",
            "My answer: we put quality before speed here, and I'll explain that to the client myself if needed.",
        ],
    }
}

fn facilitator_thanks(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Takk for at du deler dette, @{author}! Hva ville du gjort annerledes neste gang?",
            "Dette er verdifullt. Kan du ta det med på fagdagen, @{author}? Jeg setter av tid.",
            "Akkurat slike erfaringer gjør oss bedre. Takk, @{author}!",
        ],
        Lang::En => &[
            "Thanks for sharing this, @{author}! What would you do differently next time?",
            "This is valuable. Could you bring it to the team day, @{author}? I'll make room in the agenda.",
            "This is exactly the kind of experience that makes us better. Thank you, @{author}!",
        ],
    }
}

fn agree(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "+1 til det @{parent} skriver.",
            "Enig med @{parent} her.",
            "Godt spørsmål – følger med på svarene.",
            "Samme erfaring her.",
            "Stiller meg bak dette.",
        ],
        Lang::En => &[
            "+1 to what @{parent} said.",
            "Agree with @{parent} here.",
            "Good question – following the answers.",
            "Same experience here.",
            "I'd back that.",
        ],
    }
}

fn asker_replies(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Takk, @{parent}! Det hjelper.",
            "@{parent} takk – hvordan løste dere det i praksis?",
            "Takk! Jeg prøver det og melder tilbake.",
        ],
        Lang::En => &[
            "Thanks, @{parent}! That helps.",
            "@{parent} thanks – how did you solve it in practice?",
            "Thanks! I'll try that and report back.",
        ],
    }
}

fn leader_replies(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Takk, @{parent} – godt innspill. Det tar jeg med i oppsummeringen.",
            "@{parent} enig. La oss prøve det.",
            "Takk for ærligheten, @{parent}. Det er akkurat dette jeg trenger å høre.",
        ],
        Lang::En => &[
            "Thanks, @{parent} – good input. I'll include it in the summary.",
            "@{parent} agreed. Let's try it.",
            "Thanks for being honest, @{parent}. This is exactly what I need to hear.",
        ],
    }
}

fn welcome_comments(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Så bra at vi har fått et eget sted for dette!",
            "Takk for at du startet gruppen.",
            "Gleder meg til å lære av dere.",
        ],
        Lang::En => &[
            "Great to have a place for this!",
            "Thanks for starting this.",
            "Looking forward to learning from you all.",
        ],
    }
}

fn broadcaster_comments(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Takk. Dette tar vi med videre.",
            "Se kunngjøringen fra forrige uke for detaljer.",
            "Notert.",
        ],
        Lang::En => &[
            "Noted, thanks.",
            "Good. We'll take this forward.",
            "See last week's update for the details.",
        ],
    }
}

fn thanks(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nb => &[
            "Takk, @{parent}! Dette løste det.",
            "Perfekt, takk @{parent} – akkurat det jeg trengte.",
            "Tusen takk! Jeg markerer dette som svaret.",
        ],
        Lang::En => &[
            "Thanks, @{parent}! That solved it.",
            "Perfect, thanks @{parent} – exactly what I needed.",
            "Thank you! Marking this as the answer.",
        ],
    }
}

use Lang::{En, Nb};
use Pool as P;

#[rustfmt::skip]
static TEMPLATES: &[Tpl] = &[
    // --- Everyone ---------------------------------------------------------
    t(P::General, "discussion", Nb, "Hvordan holder dere kontakten med kollegaer når dere sitter hos kunde?",
        "Jeg har sittet hos {client} i snart et år, og merker at jeg mister kontakten med faggruppa. Fredagslunsjen er fin, men jeg rekker den sjelden.\n\nHva gjør dere andre? Har dere faste rutiner, eller skjer det av seg selv? #kundeliv #samhandling",
        &["Jeg har en fast kaffeavtale med @{who} annenhver uke. Høres lite ut, men det betyr mye.",
          "Jeg setter av fredag ettermiddag til å være på kontoret, selv om det betyr litt mindre fakturering den dagen.",
          "Fagkveldene redder meg. Da treffer jeg folk fra andre team også."]),
    t(P::General, "discussion", Nb, "Fagdag: hva fungerte, hva bør vi endre?",
        "Takk for en fin fagdag! Jeg synes lyntalene var best – korte, konkrete og med ekte eksempler fra prosjekter. Paneldebatten ble litt lang.\n\nHva syntes dere? Hva bør vi gjøre annerledes neste gang? #fagdag #læring",
        &["Enig om lyntalene. Kanskje flere av dem og kortere pauser?",
          "Jeg savnet tid til å snakke på tvers av fagområdene. Hva med en time med blandede bord?",
          "Opptak av foredragene hadde vært fint for oss som måtte gå tidlig."]),
    t(P::General, "discussion", Nb, "Bør vi dele mer av det vi lager internt?",
        "Vi lager masse gode maler, skript og sjekklister i prosjektene, men de blir liggende hos hver enkelt kunde eller på noens laptop. Jeg tror vi kunne spart mange timer på å dele mer – også det som ikke er perfekt.\n\nHva hindrer oss? #deling #læring",
        &["Tid. Når man sitter hos kunde 100 prosent, er det ingen timer igjen til å rydde og dele.",
          "Jeg er redd for å dele noe som er halvferdig. Kanskje vi trenger en kultur for «godt nok»?",
          "Det må være lett å finne. Nå vet jeg ikke hvor jeg skal lete."]),
    t(P::General, "discussion", Nb, "Hvor mange dager på kontoret er riktig?",
        "Det har vært mange meninger om hvor mye vi bør være på kontoret. Selv synes jeg to faste dager med teamet er en god balanse, men jeg vet at det er annerledes for dere som sitter hos kunde.\n\nHvordan vil dere ha det? #hjemmekontor #samhandling",
        &["For meg er det kunden som bestemmer, så én fast dag hos oss er realistisk.",
          "To dager høres riktig ut, men det bør være de samme dagene for hele teamet."]),
    t(P::General, "discussion", En, "How do you onboard yourself at a new client?",
        "I'm starting at {client} next week, my fourth client in three years. I've got a routine by now: read everything public about them, ask for the org chart, and book short intros with the people I'll work with in the first week.\n\nWhat does your routine look like? #kundeliv #onboarding",
        &["I always ask 'who will be unhappy if this project succeeds?' Surprisingly useful.",
          "Find out how decisions are actually made, not how the org chart says they are.",
          "I keep a running glossary of the client's acronyms from day one and share it with the next person."]),
    t(P::General, "discussion", En, "Meeting-free Fridays?",
        "A few teams have tried keeping Fridays free of internal meetings. I'd love to hear from those who have: did it help, or did the meetings just move to Thursday? #fokus #samhandling",
        &["We tried it for two months. Internal meetings dropped, but client meetings filled the gap.",
          "It helped me a lot. Friday is when I finally write things down."]),
    t(P::General, "discussion", En, "What would make this platform more useful for you?",
        "We've been using Samspill for a while now. What do you actually use it for, and what's missing? For me the Q&A in the guilds has been the most useful so far. #samspill #innspill",
        &["Finding answers to questions someone already asked. Search is my favourite feature.",
          "Seeing what other units work on. I had no idea Analytics did so much public sector work."]),
    t(P::General, "question", Nb, "Hvem kan mye om anbud i offentlig sektor?",
        "Vi skal svare på et anbud fra en kommune, og ingen av oss har gjort det før. Er det noen som har erfaring med evalueringskriterier og hvordan man skriver en god løsningsbeskrivelse? #anbud #salg",
        &["Snakk med salgsteamet – de har en mal og en sjekkliste. @{who} har vært med på mange.",
          "Det viktigste er å svare nøyaktig på det de spør om, i deres struktur. Evaluatorene har dårlig tid.",
          "Les konkurransegrunnlaget tre ganger. Seriøst."]),
    t(P::General, "question", Nb, "Hvordan fører dere timer når dere jobber for to kunder samme dag?",
        "Jeg deler uka mellom to kunder, og noen dager blir det litt av begge. Fører dere på halvtimen, eller runder dere av per dag? Vil gjøre det riktig uten å bruke en time i uka på det. #timeføring",
        &["Jeg fører på halvtimen og noterer fortløpende i kalenderen. Da tar det fem minutter på fredag.",
          "Spør økonomi – det står i rutinen at vi fører faktisk tid, avrundet til nærmeste kvarter."]),
    t(P::General, "question", Nb, "Tips til gode kurs i presentasjonsteknikk?",
        "Jeg skal presentere for ledergruppen hos {client} om en måned og vil gjerne bli tryggere. Noen som har tatt et kurs de kan anbefale? #læring #kommunikasjon",
        &["Det beste kurset er å øve foran to kollegaer som gir ærlig tilbakemelding. Jeg stiller gjerne.",
          "People & Culture har et internt kurs to ganger i året. Spør om det er plass."]),
    t(P::General, "question", En, "Is there a template for project retrospectives?",
        "I'm running my first retrospective with a client team next week. Do we have a template or a format that has worked well for others? #retro #læring",
        &["Start, stop, continue works every time. Keep it to 45 minutes.",
          "I like the 'sailboat' format for teams that have never done a retro. It gets people talking.",
          "Ask @{who} – they ran great retros at {client}."]),
    t(P::General, "question", En, "Who has experience with security clearance for public sector clients?",
        "A client is asking whether I can get security clearance for an upcoming project. How long does it take, and who at Fjordlys handles the paperwork? #sikkerhet #kundeliv",
        &["It took about three months for me. People & Culture starts the process, but the client has to request it.",
          "Start early and make sure your CV is up to date – they ask for a lot of history."]),
    t(P::General, "question", En, "Client laptop and our laptop at the same time – how?",
        "My client requires me to use their laptop for everything, but I still need our tools for time sheets and e-mail. How do you all handle two machines without going mad? #kundeliv #verktøy",
        &["Phone for our stuff, client laptop for client work. Simple, and it keeps things separate.",
          "I use the web versions of our tools on the client laptop where the client allows it."]),
    t(P::General, "idea", Nb, "Idé: kollega-bytte én dag i kvartalet",
        "Hva om vi kunne bytte plass med en kollega fra et annet team én dag hvert kvartal? Jeg tror vi ville lært mye om hverandres fag, og det ville gjort det lettere å finne hjelp på tvers. #idé #samhandling",
        &["Elsker denne! Jeg melder meg gjerne som første forsøkskanin.",
          "Hvordan løser vi det med kunder som betaler for en bestemt person?"]),
    t(P::General, "idea", Nb, "Idé: «Spør meg om» på profilen",
        "Det hadde vært nyttig om alle kunne skrive tre ting de gjerne får spørsmål om på profilen sin. Da blir det lettere å finne riktig person uten å spørre rundt. #idé #deling",
        &["Ja! Og gjerne med hvilke kunder man har jobbet for.", "Dette vil spare meg for mange e-poster."]),
    t(P::General, "idea", Nb, "Idé: felles bibliotek for prosjektmaler",
        "Vi har gode maler for oppstart, statusrapporter og overlevering spredt rundt omkring. Hva om vi samlet dem ett sted, med en eier som holder dem oppdatert? #idé #maler",
        &["Jeg har en oppstartsmal jeg gjerne bidrar med.", "Viktig med en eier, ellers blir det et nytt sted der ting råtner."]),
    t(P::General, "idea", En, "Idea: lunch and learn on Wednesdays",
        "What if we had a 20-minute talk over lunch every Wednesday, streamed for those at client sites? Anyone could sign up to present something they've learned recently. #idé #læring",
        &["I'd present! I have a story about migrating a data warehouse that went sideways.",
          "Please record them – lunch at the client is at a different time."]),
    t(P::General, "idea", En, "Idea: a buddy for everyone starting at a new client",
        "Starting at a new client is lonely. What if everyone who starts an assignment got a buddy who has worked with that client before? One coffee in the first week, one after a month. #idé #kundeliv",
        &["We did this informally in Cloud and it helped a lot.", "Sales could tag who has worked where – the data is already in CV-partner."]),
    t(P::General, "announcement", Nb, "Lunsjforedrag torsdag: etikk i KI-prosjekter",
        "På torsdag kl. 11:30 holder @{who} et lunsjforedrag om etiske vurderinger i KI-prosjekter, med eksempler fra tre kundeprosjekter. Strømmes også på Teams. Alle er velkomne! #lunsjforedrag #ki",
        &["Gleder meg! Blir det opptak?", "Viktig tema. Takk for at du tar det!"]),
    t(P::General, "announcement", Nb, "Fjordlys stiller lag i bedriftsfotball",
        "Vi har meldt på et lag i bedriftsserien. Kamper annenhver tirsdag kl. 18. Alle nivåer er velkomne – vi trenger særlig en keeper. Meld deg i kommentarfeltet! #sosialt",
        &["Jeg er med! Keeper har jeg aldri vært, men jeg kan prøve.", "Heier fra sidelinja!"]),
    t(P::General, "announcement", En, "Hackathon in two weeks – sign up now",
        "Our internal hackathon is on in two weeks, Thursday and Friday. Theme: tools that make life easier for colleagues at client sites. Teams of 2–4, mixed units encouraged. Sign up in the comments. #hackathon #innovasjon",
        &["Anyone from Design want to team up with two data engineers?", "Count me in!"]),
    t(P::General, "announcement", En, "Open office: see what Analytics built for {client}",
        "Drop by the big meeting room on Thursday at 14:00. We'll show the dashboard we built for {client}, including what we'd do differently. Coffee and cake provided. #deling #powerbi",
        &["I'll be there!", "Can you stream it? I'm at a client that day."]),
    t(P::General, "article", Nb, "Slik skriver du en god statusrapport",
        "Etter ti år som konsulent har jeg skrevet mange statusrapporter. Her er det jeg har lært:\n\n1. Start med det kunden må ta stilling til.\n2. Skriv risikoer som konsekvenser, ikke som bekymringer.\n3. Én side. Alltid.\n\nHva vil dere legge til? #rådgivning #læring",
        &["Punkt 2 er gull. Jeg har skrevet altfor mange «vi er bekymret for»-setninger.", "Jeg legger til: send den samme dag hver uke."]),
    t(P::General, "article", En, "Five habits of consultants clients trust",
        "I asked five long-standing clients what makes them trust a consultant. The answers were remarkably similar:\n\n1. They say what they don't know.\n2. They write things down.\n3. They raise problems early.\n4. They remember the client's goals, not just the task.\n5. They leave things better documented than they found them.\n\n#rådgivning #kundeliv",
        &["Number 3 is the hardest in practice. It feels like admitting failure.", "Sharing this with my team."]),
    t(P::General, "article", En, "What I learned from mentoring three graduates",
        "This year I mentored three graduates in their first client assignments. What helped most was not technical advice, but helping them say 'I don't know yet, I'll find out' without feeling embarrassed. #mentoring #læring",
        &["This resonates. I wish someone had told me that in my first year.", "Would love a session on mentoring for new seniors."]),
    t(P::General, "lesson", Nb, "Lærdom: avklar eierskap før oppstart",
        "På et prosjekt hos {client} brukte vi tre uker på å bygge noe som ingen på kundesiden følte eierskap til. Det ble aldri tatt i bruk. Neste gang avklarer jeg hvem som eier resultatet – med navn – før vi skriver en linje kode. #lærdom #kunde",
        &["Så gjenkjennelig. Vi har en linje om dette i oppstartsmalen nå.", "Eier med navn, og helst med budsjett."]),
    t(P::General, "lesson", Nb, "Lærdom: si nei tidlig",
        "Jeg sa ja til «bare en liten ting til» hos {client} fem ganger på en måned. Til slutt var vi tre uker forsinket på det vi faktisk var leid inn for. Nå sier jeg: «Ja, og da må vi flytte dette.» Det fungerer mye bedre. #lærdom #kundeliv",
        &["«Ja, og da må vi flytte dette» – den stjeler jeg!"]),
    t(P::General, "lesson", En, "Lesson learned: write the handover on day one",
        "Rolling off {client} took two weeks longer than planned because nothing was written down. On my next assignment I started a handover document on day one and added to it every Friday. When I left, it took an afternoon. #lærdom #overlevering",
        &["Stealing this. A Friday habit is realistic.", "We should put this in the onboarding for new consultants."]),
    poll(P::General, Nb, "Hva skal vi ha på neste fagdag?",
        "Fagdagen nærmer seg. Hva vil dere ha mest av? #fagdag",
        &["Lyntaler fra prosjekter", "Hands-on workshops", "Eksterne foredragsholdere", "Open space"],
        &["Workshops, takk! Vi hører nok på foredrag hos kundene."]),
    poll(P::General, Nb, "Hvilken dag passer best for felles kontordag?",
        "Vi vil prøve en fast dag der flest mulig er på kontoret. Hvilken passer for deg? #samhandling",
        &["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag"],
        &["Torsdag, så kan vi ta en pils etterpå."]),
    poll(P::General, En, "Where should the next social go?",
        "Time for a social! Vote for your favourite. #sosialt",
        &["Bowling", "Cooking class", "A hike", "Escape room"],
        &["Cooking class! Then we get dinner too."]),
    poll(P::General, En, "How do you prefer to hear company news?",
        "Trying to understand what works for everyone, not least those of you at client sites. #kommunikasjon",
        &["Posts here", "E-mail", "All-hands meetings", "From my leader"],
        &["Posts here, but pinned when it really matters."]),

    // --- Consulting units, with their tools --------------------------------
    t(P::Craft, "question", Nb, "Erfaringer med {tool} i produksjon?",
        "Vi vurderer {tool} hos {client}. Har noen her brukt det i produksjon over tid? Jeg er mest nysgjerrig på drift, oppgraderinger og hva som skjer når noe går galt. #{tag}",
        &["Vi har brukt det i to år. Oppgraderingene er det som krever mest – sett av tid til dem hvert kvartal.",
          "Fungerer fint så lenge noen hos kunden eier det. Ellers forfaller det.",
          "Spør @{who}, som satte det opp hos forrige kunde."]),
    t(P::Craft, "question", Nb, "Hvordan estimerer dere arbeid med {tool}?",
        "Kunden vil ha fastpris på en leveranse der {tool} er sentralt. Hvordan estimerer dere slikt arbeid? Bruker dere erfaringstall, eller bryter dere ned i oppgaver? #{tag} #estimering",
        &["Bryt ned, estimer, og gang med 1,5. Ikke fordi vi er dårlige, men fordi kunden alltid har overraskelser.",
          "Vi har erfaringstall fra fire prosjekter i et regneark. Spør @{who}, så får du tilgang."]),
    t(P::Craft, "question", Nb, "Beste måten å lære seg {tool} på?",
        "Jeg skal inn i et team som bruker {tool} mye, og har tre uker på meg. Hva er den raskeste veien til å bli nyttig? Kurs, dokumentasjon eller bare kaste seg ut i det? #{tag} #læring",
        &["Bygg noe lite fra bunnen på egen maskin først. Da skjønner du hva teamet har gjort og hvorfor.",
          "Den offisielle introduksjonen er faktisk god. Deretter: par med noen i teamet den første uka."]),
    t(P::Craft, "question", Nb, "Noen som har en mal for arkitekturbeslutninger?",
        "Jeg vil begynne å dokumentere beslutninger hos {client} som ADR-er. Har noen en mal de liker? Gjerne en som ikke er for tung. #arkitektur",
        &["Vi bruker den klassiske: kontekst, beslutning, konsekvenser. Én side. Det holder.",
          "Legg dem i samme repo som koden, ellers leser ingen dem."]),
    t(P::Craft, "question", En, "Anyone running {tool} at scale?",
        "{client} wants to roll out {tool} to twenty teams. We've only used it with two so far. What breaks when you scale it up? #{tag}",
        &["Governance breaks first. Decide early who can change shared configuration.",
          "Costs. Put budgets and alerts in place before team number five.",
          "Training. The first two teams had us; the next eighteen won't."]),
    t(P::Craft, "question", En, "How do you convince a client to invest in testing?",
        "{client} sees automated tests as a cost with no visible benefit. How have you made the case for testing to clients like this? #testing #kundeliv",
        &["Count the production incidents from the last six months and estimate what each one cost. That usually does it.",
          "Don't ask. Include it in how you work, and show the bugs it catches in the demo."]),
    t(P::Craft, "question", En, "Best resources for getting up to speed on {tool}?",
        "I'm joining a project that uses {tool} heavily. Which courses, books or talks would you recommend for someone with a solid background but no hands-on experience? #{tag} #læring",
        &["The official docs plus a weekend building something small. Skip the video courses.",
          "Pair with @{who} for a day. Worth more than any course."]),
    t(P::Craft, "question", En, "How do you handle knowledge transfer when rolling off?",
        "I'm leaving {client} in a month after two years. What's worked for you when handing over to the client's own people? #overlevering",
        &["Have them drive while you navigate for the last two weeks.",
          "Record short walkthroughs of the tricky parts. They get watched more than documents get read."]),
    t(P::Craft, "discussion", Nb, "Er {tool} overvurdert?",
        "Jeg hører mye om {tool} for tiden, men hos {client} ble det mest ekstra kompleksitet. Er det jeg som har brukt det feil, eller passer det bare for noen få? #{tag}",
        &["Det passer når problemet er stort nok. Hos de fleste kundene våre er det ikke det.",
          "Jeg tror det handler om modenhet i teamet mer enn om verktøyet.",
          "Helt uenig – hos oss har det spart masse tid. Men vi brukte to måneder på å komme dit."]),
    t(P::Craft, "discussion", Nb, "Hvor mye dokumentasjon er nok?",
        "Kunden ønsker «full dokumentasjon», men ingen leser det vi skriver. Hvordan finner dere balansen mellom det som faktisk blir brukt og det som er kontraktsfestet? #dokumentasjon",
        &["Spør hvem som skal lese det, og hva de skal gjøre med det. Skriv for dem.",
          "Kort README, arkitekturbeslutninger og en driftsmanual. Resten er støy."]),
    t(P::Craft, "discussion", En, "Boring technology is underrated",
        "The projects I've seen succeed at clients mostly used boring, well-known technology. The ones that struggled picked something new and exciting. Am I being a grumpy old consultant, or is there something to this? #arkitektur",
        &["There's something to it. Clients need to run it after we leave.",
          "Boring is good until the boring thing can't do what you need. Then you need a good reason, written down."]),
    t(P::Craft, "discussion", En, "Pairing with client employees – worth it?",
        "At {client} we pair with their people most of the day. Delivery is slower, but they can actually maintain what we build. How do you sell that trade-off? #kundeliv #læring",
        &["Frame it as risk reduction, not as training.",
          "We measure it: how many changes did the client make without us after we left?"]),
    t(P::Craft, "lesson", Nb, "Tre ting jeg lærte av å innføre {tool} hos {client}",
        "Vi innførte {tool} hos {client} i fjor. Det jeg tar med meg:\n\n1. **Start med ett team.** Det første teamet blir ambassadører for resten.\n2. **Mål før og etter.** Uten tall var det vanskelig å forsvare investeringen.\n3. **Sett av tid til opplæring.** Vi undervurderte det med minst en faktor to.\n\n#{tag} #lærdom",
        &["Punkt 2 kjenner jeg igjen. Vi har ingen tall fra før vi startet, og det angrer vi på."]),
    t(P::Craft, "lesson", Nb, "Lærdom: test med ekte data tidlig",
        "Hos {client} testet vi lenge med syntetiske data. Da ekte data kom inn, sprakk halvparten av antakelsene våre. Neste gang får vi et anonymisert uttrekk i første sprint, selv om det tar tid å få det godkjent. #lærdom #{tag}",
        &["Så sant. Godkjenningen tar tid, så start søknaden samme dag som kontrakten signeres."]),
    t(P::Craft, "lesson", Nb, "Det jeg skulle ønske jeg visste før mitt første {tool}-prosjekt",
        "Kort liste til deg som skal i gang:\n\n- Les hvordan {tool} håndterer feil før du leser hvordan det håndterer suksess.\n- Lag et minimalt oppsett først, og utvid når du må.\n- Finn noen hos kunden som vil eie det etter deg.\n\n#{tag} #lærdom",
        &["Første punkt burde stå på forsiden av dokumentasjonen."]),
    t(P::Craft, "lesson", En, "What went wrong with our {tool} migration",
        "Our {tool} migration at {client} took twice as long as planned. Not because of the technology, but because we migrated everything at once instead of one workload at a time. Next time: one workload, end to end, then the rest. #{tag} #lærdom",
        &["Big bang migrations never work, and yet we keep trying them.", "Thanks for being open about this."]),
    t(P::Craft, "lesson", En, "Lesson: agree on 'done' with the client",
        "At {client} our team and the client had different ideas of what 'done' meant. We thought tested and deployed; they thought documented, trained and signed off. Now I write the definition of done into the first status report. #lærdom #kundeliv",
        &["We had exactly this. Their definition included training forty people."]),
    t(P::Craft, "lesson", En, "Small, frequent deliveries saved our project at {client}",
        "Halfway through the project at {client} we were behind and the client was nervous. We switched from monthly to weekly demos with something real each time. Trust came back within three weeks. #lærdom #{tag}",
        &["Weekly demos are underrated. They force us to finish things."]),
    t(P::Craft, "article", Nb, "Slik setter vi opp et nytt {tool}-prosjekt",
        "Jeg har samlet oppsettet vi har brukt på de tre siste prosjektene med {tool}: mappestruktur, navnekonvensjoner, tilgangsstyring og en enkel sjekkliste for overlevering.\n\nKommentarer og forbedringer er velkomne. #{tag} #maler",
        &["Dette sparer meg for en uke på neste prosjekt. Takk!"]),
    t(P::Craft, "article", Nb, "Hva kundene spør om når det gjelder {tool}",
        "Jeg har notert spørsmålene kundene stilte om {tool} det siste halve året. De tre vanligste: Hva koster det å drifte? Hvem kan vi ansette som kan det? Hva skjer hvis leverandøren forsvinner? Vi bør ha gode, korte svar på alle tre. #{tag} #rådgivning",
        &["Det siste spørsmålet får jeg stadig oftere."]),
    t(P::Craft, "article", En, "A practical guide to {tool} for newcomers",
        "I wrote down what I wish someone had told me before my first project with {tool}: the mental model, the five commands you'll use daily, and the three mistakes everyone makes. Feedback welcome. #{tag} #læring",
        &["The mental model section is excellent. Sharing with my team at {client}."]),
    t(P::Craft, "article", En, "Notes from a conference talk on {tool}",
        "I went to a conference last week and the best talk was about {tool} in regulated industries. Key takeaways: automate the audit trail, keep humans in the loop for the risky changes, and document decisions, not just configurations. #{tag} #konferanse",
        &["Thanks for the summary! Is the recording online?"]),
    t(P::Craft, "idea", Nb, "Idé: intern {tool}-klinikk hver fredag",
        "Hva om vi hadde en åpen time hver fredag der man kan ta med seg problemer med {tool} og få hjelp av noen som kan det? Ingen påmelding, bare dukk opp. Jeg stiller gjerne de første gangene. #{tag} #idé",
        &["Ja! Kan den være på Teams også, for oss hos kunde?"]),
    t(P::Craft, "idea", Nb, "Idé: felles repo med eksempler fra kundeprosjekter",
        "Vi skriver de samme tingene om og om igjen hos ulike kunder. Hva om vi samlet anonymiserte eksempler i ett repo, med en kort beskrivelse av når de passer? #idé #deling",
        &["Må passe på at ingenting kundespesifikt havner der, men ellers: ja!"]),
    t(P::Craft, "idea", En, "Idea: a shared {tool} starter kit",
        "Every new project with {tool} starts with a week of setup. A shared starter kit with our conventions would save that week and make handovers easier between us. Who wants to help? #{tag} #idé",
        &["I'm in. I have most of it already from {client}."]),
    poll(P::Craft, Nb, "Hva bruker dere mest tid på i prosjektene?",
        "Nysgjerrig på hvordan tiden faktisk fordeles hos kundene våre. #produktivitet",
        &["Møter", "Utvikling og analyse", "Dokumentasjon", "Venting på tilganger"],
        &["Venting på tilganger, uten tvil. Tre uker hos forrige kunde."]),
    poll(P::Craft, En, "How mature is {tool} at your current client?",
        "Trying to get a feel for where our clients are. #{tag}",
        &["Not in use", "Experimenting", "In production", "Core to everything"],
        &["Experimenting, but they think they're in production."]),
    t(P::Craft, "announcement", Nb, "Fagkveld om {tool} neste torsdag",
        "Neste torsdag kl. 17 har vi fagkveld om {tool}. @{who} viser hvordan det brukes hos {client}, og etterpå blir det pizza og åpen diskusjon. Meld deg på i kommentarfeltet. #{tag} #fagkveld",
        &["Påmeldt!", "Blir det strømmet?"]),
    t(P::Craft, "announcement", En, "Study group for the {tool} certification",
        "A few of us are starting a study group for the {tool} certification. We'll meet every other Tuesday at 16:00 for eight weeks. Comment here if you want to join. #{tag} #læring",
        &["Count me in!", "Can the company cover the exam fee? Asking for a friend."]),

    // --- Data ----------------------------------------------------------------
    t(P::Data, "question", Nb, "Datakvalitetstester: hvor mange er nok?",
        "Hos {client} har vi over 400 tester i pipelinen, og halvparten feiler jevnlig uten at noen bryr seg. Hvordan finner dere balansen mellom for få og for mange tester? #datakvalitet #dbt",
        &["Vi skiller mellom tester som stopper pipelinen og tester som bare varsler. Bare den første gruppen får være røde.",
          "Slett testene ingen reagerer på. Hvis ingen handler, er det støy.",
          "Hver test bør ha en eier. Hos oss står det i YAML-en."]),
    t(P::Data, "question", Nb, "Noen som har erfaring med KI-forordningen i praksis?",
        "Kunden vil vite hva EUs KI-forordning betyr for modellene vi har levert. Har noen gjort en slik vurdering, og hvor startet dere? #ki #regulering",
        &["Start med å klassifisere bruksområdene etter risiko. Det meste havner i lav risiko.",
          "Vi laget en enkel mal for dette hos {client}. @{who} vet hvor den ligger."]),
    t(P::Data, "question", En, "Incremental models: when do you switch?",
        "At what data volume do you move from full refreshes to incremental models? We're at around 50 million rows at {client}, and a full refresh takes 40 minutes. #dbt #dataplattform",
        &["Forty minutes is fine if it runs at night. Switch when it hurts, not before.",
          "Switch the big fact tables only. Keep dimensions as full refreshes – they're small and it avoids subtle bugs."]),
    t(P::Data, "question", En, "Versioning ML models for a client without MLOps",
        "{client} has no MLOps setup at all, and we're handing over three models. What's the minimum we should put in place so they can retrain and roll back safely? #mlflow #mlops",
        &["A model registry, a retraining script with pinned dependencies, and a runbook. Nothing fancier.",
          "Make sure they can answer 'which model made this prediction?' Everything else follows from that."]),
    t(P::Data, "lesson", Nb, "Lærdom: modellen var god, men ingen brukte den",
        "Vi leverte en prediksjonsmodell hos {client} med god treffsikkerhet. Tre måneder senere var den ikke i bruk. Årsaken: saksbehandlerne stolte ikke på den, fordi ingen hadde forklart hvordan den fungerte. Neste gang er brukerne med fra dag én. #ml #lærdom",
        &["Så viktig. Forklarbarhet er ikke en teknisk detalj, det er en forutsetning for bruk."]),
    t(P::Data, "lesson", En, "Lesson: the semantic layer is the product",
        "At {client} we built beautiful dashboards on top of inconsistent definitions. 'Active customer' meant three different things in three reports. We spent the last month building a shared semantic layer, which should have been the first thing we did. #powerbi #lærdom",
        &["Definitions first, dashboards second. Should be on a poster in every data team."]),
    t(P::Data, "discussion", Nb, "Data mesh – fortsatt relevant?",
        "For noen år siden snakket alle kunder om data mesh. Nå hører jeg det sjeldnere. Har noen av kundene våre faktisk fått det til, eller ble det en omorganisering med nytt navn? #datamesh #dataplattform",
        &["Ideene om eierskap lever videre, selv om ordet er ute av moten.",
          "Hos {client} fungerer det for to domener av ti. Det er kanskje realistisk."]),
    t(P::Data, "discussion", En, "Notebooks in production: yes or no?",
        "A client team runs their core reporting from notebooks scheduled in production. It works, but it makes me nervous. Where do you draw the line? #databricks #dataplattform",
        &["If it has tests, version control and an owner, I don't care what the file extension is.",
          "The problem isn't notebooks, it's hidden state. Run them top to bottom in CI."]),

    // --- Cloud ---------------------------------------------------------------
    t(P::Cloud, "question", Nb, "Hvordan strukturerer dere Terraform-moduler?",
        "Hos {client} har vi én stor Terraform-kodebase, og en plan tar nå over ti minutter. Hvordan deler dere opp? Per miljø, per team eller per tjeneste? #terraform",
        &["Per team og per livssyklus. Nettverk endres sjelden og bør ligge for seg.",
          "Vi delte per tjeneste, og fikk for mange avhengigheter. Per team fungerer bedre hos oss."]),
    t(P::Cloud, "question", Nb, "Kostnadskontroll i skyen – tips?",
        "Kunden fikk en regning som var 40 prosent høyere enn budsjettert. Hva gjør dere for å fange slikt tidlig? #azure #finops",
        &["Budsjettvarsler per abonnement, og en ukentlig gjennomgang på ti minutter.",
          "Tagging av ressurser med eier. Uten det vet ingen hvem som skal ringes."]),
    t(P::Cloud, "question", En, "Kubernetes for a team of three – overkill?",
        "A small client wants Kubernetes because 'everyone uses it'. They have three developers and two services. How do you push back constructively? #kubernetes",
        &["Ask who will be on call for the cluster. That usually ends the discussion.",
          "Show them the managed container service alternative side by side, with running costs."]),
    t(P::Cloud, "question", En, "GitOps: how do you handle secrets?",
        "We're moving {client} to GitOps with Argo CD. What's your preferred way of handling secrets? #gitops #sikkerhet",
        &["External secrets operator with the cloud provider's vault. Nothing secret in git, ever.",
          "Sealed secrets worked for a small setup, but didn't scale across many teams."]),
    t(P::Cloud, "lesson", Nb, "Lærdom: landingssonen tok tre ganger så lang tid",
        "Vi estimerte fire uker på landingssonen hos {client}. Det tok tolv. Teknikken var ikke problemet – det var beslutningene om nettverk, tilgang og hvem som eier hva. Neste gang bruker vi den første uka bare på beslutninger. #azure #lærdom",
        &["Beslutninger før Terraform. Skriver meg den bak øret."]),
    t(P::Cloud, "lesson", En, "Lesson: observability before go-live, not after",
        "We launched a new platform at {client} without proper tracing. The first incident took two days to diagnose. Now tracing and dashboards are part of our definition of done for any new service. #observability #lærdom",
        &["Same lesson here, learned the same way."]),
    t(P::Cloud, "discussion", Nb, "Plattformteam eller ikke?",
        "Flere kunder vurderer å etablere et eget plattformteam. Når gir det mening, og når blir det bare en ny flaskehals? #plattform #organisasjon",
        &["Det gir mening når det finnes minst fem team som skal bruke plattformen.",
          "Det viktigste er at plattformteamet behandler utviklerne som kunder."]),
    t(P::Cloud, "discussion", En, "Multi-cloud: strategy or excuse?",
        "Clients often ask for a multi-cloud strategy. In my experience it mostly means paying twice for the same capability. When have you seen it actually make sense? #cloud #strategi",
        &["Regulatory exit requirements are the only good reason I've seen.",
          "Acquisitions. You inherit a second cloud whether you want it or not."]),

    // --- Software ------------------------------------------------------------
    t(P::Software, "question", Nb, "Kodegjennomgang hos kunder uten kultur for det?",
        "Hos {client} merges alt rett inn uten gjennomgang. Hvordan har dere innført kodegjennomganger uten å virke belærende? #kodegjennomgang #kvalitet",
        &["Start med å be om gjennomgang av din egen kode. Det smitter.",
          "Hold dem korte. Små endringer blir faktisk lest."]),
    t(P::Software, "question", Nb, "Strict mode i en eldre TypeScript-kodebase?",
        "Vi vurderer å skru på strict mode i en kodebase på 200 000 linjer hos {client}. Noen som har gjort det gradvis? #typescript",
        &["Per mappe, med en liste over unntak som bare får lov å krympe.",
          "Vi brukte et skript som telte feil per uke og viste det på tavla. Det ble en konkurranse."]),
    t(P::Software, "question", En, "Contract testing for APIs – what do you use?",
        "{client} has twelve services talking to each other, and every release breaks something. Has anyone introduced contract testing successfully? #api #testing",
        &["Start with the one integration that breaks most often. Prove the value there.",
          "We generate clients from the OpenAPI spec and test against it. Not full contract testing, but it caught most breakages."]),
    t(P::Software, "question", En, "Kotlin Multiplatform in production?",
        "A client wants to share business logic between their Android and iOS apps. Anyone using Kotlin Multiplatform in production? #kotlin #mobil",
        &["Yes, at {client}. Sharing logic works well; sharing UI is still rough.",
          "Check that the iOS developers are on board. It fails if they feel it's forced on them."]),
    t(P::Software, "lesson", Nb, "Lærdom: ende-til-ende-tester ingen stolte på",
        "Hos {client} hadde vi 300 ende-til-ende-tester som feilet tilfeldig. Til slutt ignorerte alle dem. Vi slettet to tredjedeler og gjorde resten stabile. Nå stoler teamet på dem igjen. #testing #lærdom",
        &["Modig å slette! Men helt riktig."]),
    t(P::Software, "lesson", En, "Lesson: feature flags saved our release",
        "At {client} we shipped a large change behind a feature flag and turned it on for one region first. We found a serious bug in an hour, turned it off, and nobody else noticed. Flags are now standard on every big change. #lærdom #utvikling",
        &["And remember to remove the flags afterwards. We have 200 dead ones."]),
    t(P::Software, "discussion", Nb, "Monolitt først?",
        "Jeg mener nye systemer hos kundene våre nesten alltid bør starte som en godt strukturert monolitt. Hvem er uenig, og hvorfor? #arkitektur",
        &["Enig, med mindre teamene allerede er mange og uavhengige.",
          "Det kommer an på hvor tydelige domenegrensene er fra starten."]),
    t(P::Software, "discussion", En, "Is Rust worth it for client projects?",
        "We used Rust for a data-intensive service at {client}. Performance and reliability are excellent, but hiring maintainers is hard for them. Worth it? #rust",
        &["For the right component, yes. Not for a CRUD app.", "The client's ability to maintain it should be part of the decision from day one."]),

    // --- Design --------------------------------------------------------------
    t(P::Design, "question", Nb, "Hvordan rekrutterer dere brukere til tester i offentlig sektor?",
        "Vi skal teste en ny søknadstjeneste for {client}, og trenger brukere som faktisk søker. Hvordan rekrutterer dere uten å bruke uker på det? #brukertest #innsikt",
        &["Spør saksbehandlerne – de vet hvem som har søkt nylig og gjerne vil hjelpe.",
          "Sett opp en enkel rekrutteringsside og la kunden dele den. Det går overraskende raskt."]),
    t(P::Design, "question", En, "Documenting a design system so developers use it?",
        "We've built a design system for {client}, but developers keep building their own components. How do you document it so it's actually used? #designsystem #figma",
        &["Put the code examples first and the design rationale second.",
          "Sit with the developers for a week. You'll see where the docs fail."]),
    t(P::Design, "lesson", Nb, "Lærdom: vi testet med feil brukere",
        "Vi testet en tjeneste for {client} med ansatte i stedet for innbyggere, fordi det var raskest. Alt så bra ut. Da innbyggerne kom, forsto halvparten ikke første steg. Neste gang tar vi oss tid til å finne riktige brukere. #innsikt #lærdom",
        &["En klassiker. Takk for at du deler den så ærlig."]),
    t(P::Design, "lesson", En, "Lesson: a service blueprint made the silo visible",
        "At {client} three departments each owned part of the same customer journey. Nobody saw the whole. A one-page service blueprint on the wall did more than two months of meetings. #tjenestedesign #lærdom",
        &["Paper on the wall beats slides every time."]),
    t(P::Design, "discussion", Nb, "Universell utforming er ikke valgfritt",
        "Jeg opplever fortsatt at universell utforming blir sett på som noe som kan tas «i neste fase». Hvordan får vi kundene til å forstå at det er et krav fra start? #uu #tilgjengelighet",
        &["Vis dem skjermleseren på deres egen tjeneste. Det pleier å virke.",
          "Henvis til lovkravet tidlig, men selg det som bedre kvalitet for alle."]),
    t(P::Design, "discussion", En, "Should designers code?",
        "Every few months someone asks whether designers should code. I think designers should understand the material they design for, but not necessarily write production code. Thoughts? #design",
        &["Understanding constraints, yes. Shipping production code, rarely."]),

    // --- Strategy ------------------------------------------------------------
    t(P::Strategy, "question", Nb, "Hvordan måler dere gevinster etter at prosjektet er ferdig?",
        "{client} vil vite om digitaliseringsprosjektet faktisk ga gevinstene i business caset. Hvordan følger dere opp gevinster når vi ikke lenger er der? #gevinstrealisering",
        &["Avtal målepunkter og en eier før prosjektet slutter, og book et oppfølgingsmøte seks måneder fram i tid.",
          "Gevinstkart med eiere per gevinst. Uten eiere skjer ingenting."]),
    t(P::Strategy, "question", En, "Good frameworks for a digital strategy in a municipality?",
        "I'm helping a mid-sized municipality with a digital strategy. Any frameworks or examples you'd recommend that aren't 80 pages long? #strategi #offentlig",
        &["Start with three to five concrete ambitions tied to services people use. Skip the framework diagrams.",
          "Look at what neighbouring municipalities have done – the politicians will compare anyway."]),
    t(P::Strategy, "lesson", Nb, "Lærdom: ledergruppen var ikke enig om problemet",
        "Vi brukte seks uker på å utvikle strategiske alternativer for {client} før vi oppdaget at ledergruppen ikke var enig om hva problemet var. Nå starter jeg alltid med en workshop om problemforståelse. #strategi #lærdom",
        &["Problemforståelse først. Så enkelt og så ofte glemt."]),
    t(P::Strategy, "lesson", En, "Lesson: OKRs fail without a rhythm",
        "{client} introduced OKRs with enthusiasm, but nobody looked at them between quarterly planning sessions. What fixed it was a fifteen-minute weekly check-in per team. #okr #lærdom",
        &["The weekly rhythm is everything. Without it, OKRs are just a wish list."]),
    t(P::Strategy, "discussion", Nb, "Bør vi slutte å lage strategidokumenter på 80 sider?",
        "Jeg tror ingen hos kundene leser strategidokumentene vi leverer. Hva om vi leverte én side, pluss en handlingsplan og et sett med beslutninger? #strategi",
        &["Kundene betaler ofte for tykkelsen, dessverre. Men vi kan utfordre det.",
          "Én side for ledelsen, et vedlegg for dem som skal gjennomføre."]),
    t(P::Strategy, "discussion", En, "Where does advisory end and delivery begin?",
        "We often hand over a strategy and walk away. Should advisory stay on into the first months of delivery? #strategi #rådgivning",
        &["Yes. The strategy is tested in the first three months of delivery. We should be there."]),

    // --- Operations, finance, sales, people ----------------------------------
    t(P::Ops, "question", Nb, "Hvordan kan vi gjøre det enklere å oppdatere CV-er?",
        "Før hvert tilbud bruker vi timer på å jage oppdaterte CV-er. Har noen ideer til hvordan vi kan gjøre det enklere for konsulentene? #cv #salg",
        &["En påminnelse hver gang et oppdrag avsluttes, med ferdig utfylt kunde og periode.",
          "Gjør det til en del av avslutningssamtalen på prosjektet."]),
    t(P::Ops, "question", Nb, "Reiseregninger fra oppdrag i utlandet?",
        "Vi får flere oppdrag med reiser til utlandet. Hva er riktig rutine for diett og valuta? Jeg finner ikke noe oppdatert. #økonomi #reise",
        &["Det står i reisepolicyen, men den trenger en oppdatering. Jeg tar det med oss i økonomi."]),
    t(P::Ops, "question", En, "Which clients ask for security clearance in bids?",
        "I'm trying to build an overview of which clients require security clearance so we can plan staffing earlier. Does anyone have a list, even a rough one? #salg #anbud",
        &["I'll share the one I've kept for the public sector bids. It's incomplete, but a start."]),
    t(P::Ops, "discussion", Nb, "Tiden fra signert kontrakt til oppstart er for lang",
        "I snitt går det tre uker fra kontrakten er signert til konsulenten starter. Noe skyldes kunden, men mye er intern venting. Hva kan vi gjøre bedre? #bemanning #salg",
        &["Tidligere involvering av konsulenten i tilbudsfasen hadde hjulpet mye.",
          "Standardiser tilgangsbestillingen sammen med kunden allerede i kontrakten."]),
    t(P::Ops, "discussion", En, "What makes a good exit interview?",
        "We want to learn more from people who leave. What would you want to be asked, honestly? #hr #trivsel",
        &["Ask what would have made them stay, and mean it.", "Have someone other than their leader do the interview."]),
    t(P::Ops, "idea", Nb, "Idé: automatisk påminnelse om CV-oppdatering",
        "Når et oppdrag avsluttes i systemet, kan konsulenten få en påminnelse med kunden og perioden ferdig utfylt. Da tar det fem minutter i stedet for en time. #idé #cv",
        &["Ja takk! Jeg utsetter det alltid fordi jeg ikke husker datoene."]),
    t(P::Ops, "idea", En, "Idea: publish open roles internally first",
        "Before we advertise externally, we could post open roles here for a week. Some of us might want to switch teams, and we'd get referrals too. #idé #rekruttering",
        &["Great idea. Internal mobility is one reason people stay."]),
    t(P::Ops, "announcement", Nb, "Nye rutiner for innkjøp",
        "Fra neste måned skal alle innkjøp over 5 000 kroner godkjennes av nærmeste leder i økonomisystemet før bestilling. Det gjelder også programvarelisenser. Spørsmål kan stilles her. #økonomi #innkjøp",
        &["Gjelder dette også kurs og konferanser?"]),
    t(P::Ops, "announcement", En, "New expense categories in the finance system",
        "We've simplified the expense categories from 24 to 9. Old categories still work for this month. The guide is linked on the intranet. #økonomi",
        &["Thank you! Nobody knew the difference between 'client meal' and 'client entertainment'."]),
    t(P::Ops, "lesson", Nb, "Lærdom fra tapte anbud",
        "Vi har gått gjennom de fem siste anbudene vi tapte. Felles for alle: vi skrev om oss selv, ikke om kundens problem. De vi vant, startet med kundens situasjon. #salg #lærdom",
        &["Nyttig analyse. Kan vi få den som sjekkliste til neste tilbud?"]),
    poll(P::Ops, Nb, "Hvilken opplæring ønsker dere i økonomisystemet?",
        "Vi planlegger korte opplæringsøkter. Hva trenger dere mest? #økonomi",
        &["Reiseregning", "Timeføring", "Innkjøp", "Rapporter"],
        &["Rapporter! Jeg finner aldri det jeg leter etter."]),

    // --- Client-site consultants --------------------------------------------
    t(P::Client, "question", Nb, "Kunden vil ikke gi oss tilgang til egne verktøy – hva gjør dere?",
        "Hos {client} får jeg ikke installere noe, og Teams er blokkert. Hvordan holder dere kontakten med Fjordlys når kunden låser alt ned? #kundeliv",
        &["Telefonen er redningen. Jeg sjekker Samspill i lunsjen.",
          "Be prosjektlederen ta det opp med kunden. Ofte går det an å få unntak for nettleser-tilgang."]),
    t(P::Client, "question", Nb, "Hvem bestemmer hvilke kurs jeg kan ta når jeg sitter hos kunde hele uka?",
        "Jeg har lyst på et sertifiseringskurs, men er usikker på hvem jeg skal spørre, og når jeg skal ta det. Hvordan gjør dere? #læring #kundeliv",
        &["Lederen din bestemmer, men avklar tidspunkt med kunden tidlig.",
          "Jeg tok det på fredager over to måneder. Kunden syntes det var greit da de fikk vite det i god tid."]),
    t(P::Client, "question", En, "How do you say no to a request outside the contract?",
        "The product owner at {client} keeps asking me for small things that are clearly outside our scope. How do you handle it without damaging the relationship? #kundeliv",
        &["'Happy to help – let me check with our engagement manager how we fit it in.' Then actually check.",
          "Write them down and bring them to the monthly meeting. Often they turn into a contract extension."]),
    t(P::Client, "question", En, "Making your work visible at review time",
        "I've been at {client} all year. My leader sees me maybe once a month. How do you make sure your work is visible when it's time for the annual review? #kundeliv #karriere",
        &["Keep a brag document. One line a week. Send it to your leader before the review.",
          "Ask the client for written feedback a month before. Most are happy to give it."]),
    t(P::Client, "discussion", Nb, "Ensomt å sitte alene hos kunde",
        "Jeg er den eneste fra Fjordlys hos {client}. Teamet der er hyggelig, men jeg savner å ha noen å lufte faglige ting med. Er det flere som kjenner på det? #kundeliv #trivsel",
        &["Absolutt. Jeg har en fast lunsj med en annen Fjordlys-konsulent i nærheten.",
          "Du er ikke alene! Bli med på fagkveldene, selv om det bare er på Teams."]),
    t(P::Client, "discussion", Nb, "Når kunden ber deg bli lenger enn avtalt",
        "Kunden vil forlenge meg for tredje gang. Jeg trives, men er redd for å bli glemt internt og stå stille faglig. Hvordan tenker dere om slike valg? #kundeliv #karriere",
        &["Snakk med lederen din om hva du vil lære det neste året. Det kan kanskje bygges inn i forlengelsen.",
          "Jeg har sagt ja to ganger og nei én gang. Det var riktig å si nei da jeg merket at jeg ikke lærte noe nytt."]),
    t(P::Client, "discussion", En, "Client badge, client laptop, client culture – where do we belong?",
        "After a year at {client} I sometimes feel more like one of them than one of us. Is that a problem, or just part of the job? #kundeliv",
        &["Part of the job, but the monthly team day helps me remember where I belong.",
          "It's a sign you're doing well at the client. Just don't lose touch with us."]),
    t(P::Client, "lesson", Nb, "Lærdom: avklar forventninger med kunden hver måned",
        "Jeg har begynt med en kort samtale med oppdragsgiveren hos {client} hver måned: Hva går bra? Hva bør jeg gjøre mer av? Det har gjort meg tryggere, og kunden setter pris på det. #kundeliv #lærdom",
        &["Stjeler denne. Enkelt og effektivt."]),
    t(P::Client, "lesson", En, "Lesson: keep a brag document",
        "My review last year was thin because I'd forgotten half of what I'd done at {client}. This year I kept one line per week in a document. The review was the best I've had. #kundeliv #lærdom",
        &["Started mine today. Thanks!"]),
    poll(P::Client, Nb, "Hvor ofte er du på Fjordlys-kontoret?",
        "Nysgjerrig på hvordan vi som sitter ute har det. #kundeliv",
        &["Hver uke", "Annenhver uke", "Én gang i måneden", "Sjeldnere"],
        &["Sjeldnere, dessverre. Men jeg prøver å komme på fagdagene."]),
    t(P::Client, "idea", Nb, "Idé: fast «hjemdag» for oss ute hos kunde",
        "Hva om alle som sitter hos kunde hadde én fast dag i måneden på Fjordlys-kontoret, avtalt med kundene i kontrakten? Da kunne vi planlegge fagdager og teammøter rundt den. #idé #kundeliv",
        &["Dette burde stå i alle rammeavtaler.", "Støtter! Og la det være en fredag."]),

    // --- Running club ----------------------------------------------------------
    t(P::Running, "announcement", Nb, "Felles løpetur onsdag kl. 16:30",
        "Vi møtes i resepsjonen onsdag kl. 16:30 for en rolig tur på 6–8 km. Alle tempo er velkomne, vi venter på hverandre. #løping",
        &["Jeg kommer!", "Er det dusj på kontoret, eller må vi løpe hjem?"]),
    t(P::Running, "announcement", Nb, "Påmelding til {race}",
        "Fjordlys stiller lag i {race}! Meld deg på i kommentarfeltet innen fredag, så ordner vi startnummer og t-skjorter. #løping",
        &["Påmeldt! Håper formen kommer.", "Jeg stiller hvis noen kan ta en kort etappe."]),
    t(P::Running, "announcement", En, "Intervals on Tuesday mornings",
        "A few of us are doing intervals on Tuesdays at 07:00 by the river. 6×3 minutes, easy jog in between. Come along! #løping",
        &["07:00 is brutal, but I'll try.", "See you there!"]),
    t(P::Running, "discussion", Nb, "Beste løpesko for asfalt?",
        "Skoene mine har gått over 800 km. Hva løper dere i for tiden? #løping",
        &["Jeg har vært fornøyd med et par med mye demping. Kjøp der de lar deg prøve på mølla.", "Ikke kjøp nye rett før et løp!"]),
    t(P::Running, "discussion", En, "Finding time to train with a full client week",
        "How do you fit training in when you're at a client all day and commute an hour each way? #løping #balanse",
        &["Run commute twice a week. Shower at the client, if they have one.", "Lunch runs. Short, but they add up."]),
    poll(P::Running, Nb, "Hvilket løp skal vi satse på neste gang?",
        "Vi vil samle flest mulig til ett felles løp. Stem! #løping",
        &["Holmenkollstafetten", "Sentrumsløpet", "Oslo Maraton", "Bergen City Marathon"],
        &["Stafetten! Da kan alle være med."]),
    poll(P::Running, En, "Best time for a weekly group run?",
        "Trying to find a time that works for most of us. #løping",
        &["Before work", "Lunch", "After work"],
        &["Lunch works best for me at the client."]),
    t(P::Running, "praise", Nb, "Gratulerer til @{who} med ny pers!",
        "@{who} løp {race} på ny personlig rekord. Imponerende! 🏃 #løping",
        &["Rått! Gratulerer!", "Fortjent etter all treningen."]),
    t(P::Running, "praise", En, "Shout-out to @{who} and @{who2}",
        "Both finished {race} last weekend, and @{who2} paced three of us to the finish line. Thank you! #løping",
        &["Great team effort!", "Congratulations to you both!"]),

    // --- Parents ---------------------------------------------------------------
    t(P::Parents, "question", Nb, "Hentetider og kundemøter",
        "Kunden legger ofte møter kl. 15:30, og barnehagen stenger 16:30. Hvordan løser dere det uten å virke lite fleksible? #foreldre #kundeliv",
        &["Jeg har sagt det rett ut til kunden. De fleste har barn selv og forstår.",
          "Blokker kalenderen fra 15:00. Det er vanskeligere å booke over en blokkering enn å spørre."]),
    t(P::Parents, "question", Nb, "Tips til aktiviteter i skoleferien?",
        "Har tre barn og lite ferie igjen. Noen som har gode tips til aktiviteter i skoleferien som ikke koster skjorta? #foreldre",
        &["Kommunens ferieklubb er helt topp, og billig.", "Vi byttet på med en annen familie: to dager hver."]),
    t(P::Parents, "question", En, "Parental leave: how did you hand over your client work?",
        "I'm going on parental leave in two months, and I'm the only one from Fjordlys at {client}. How did you handle the handover? #foreldrepermisjon #overlevering",
        &["Start the conversation with your leader now. Two months is not too early.",
          "Introduce your replacement to the client at least three weeks before you leave."]),
    t(P::Parents, "discussion", Nb, "Sykt barn og kundeleveranse samme dag",
        "I dag var det sykt barn og viktig leveranse samtidig. Det gikk, takket være en kollega som tok over. Hvordan har dere det med dette? #foreldre",
        &["Det hjelper enormt å ha en kollega som kjenner prosjektet. Vi burde alltid være to.",
          "Kunden har vært forståelsesfulle hos meg, men det er stressende hver gang."]),
    t(P::Parents, "discussion", En, "Flexible hours – what works for you?",
        "I start at 07:00 and leave at 15:00 most days. What schedules work for others, and how do your clients react? #foreldre #fleksibilitet",
        &["Same here. The early hours are my most productive anyway.", "I work a bit in the evening after bedtime. Not ideal, but it works."]),
    t(P::Parents, "idea", Nb, "Idé: barnas dag på kontoret",
        "Hva med en dag der barna kan bli med på jobb og se hva vi driver med? Litt koding, litt tegning av tjenester, og pizza. #idé #foreldre",
        &["Min sjuåring spør stadig hva jeg egentlig gjør. Dette hadde vært perfekt!"]),
    poll(P::Parents, Nb, "Hva trenger dere mest som foreldre her?",
        "Vil gjerne ta innspill videre til People & Culture. #foreldre",
        &["Fleksible arbeidstider", "Forutsigbar bemanning", "Forståelse fra kunder", "Nettverk av andre foreldre"],
        &["Forutsigbar bemanning, helt klart."]),

    // --- Book club -------------------------------------------------------------
    t(P::Books, "discussion", Nb, "Neste bok: {book}",
        "Neste bok ut er {book}. Vi møtes om fire uker i kantina kl. 16. Hva forventer dere? #bokklubb",
        &["Har hørt mye bra om den. Gleder meg!", "Jeg har lest den før, men leser den gjerne igjen."]),
    t(P::Books, "discussion", Nb, "Hva syntes dere om {book}?",
        "Da har vi lest ferdig {book}. Jeg ble overrasket over hvor mye den fikk meg til å tenke på jobb. Hva tok dere med dere? #bokklubb",
        &["Slutten var sterk. Vi må snakke om den på møtet.", "Litt treg i midten, men verdt det."]),
    t(P::Books, "discussion", En, "Finished {book} – thoughts?",
        "Just finished {book}. I keep thinking about it. What did everyone else make of it? #bokklubb",
        &["Loved it. The second half especially.", "Not my favourite, but a great discussion book."]),
    t(P::Books, "discussion", En, "Recommendations for a long train ride?",
        "Six hours on the train to a client next week. What should I read? #bokklubb",
        &["{book}, without hesitation.", "Something short and funny. Trust me on this."]),
    poll(P::Books, Nb, "Hva skal vi lese neste gang?",
        "Tre forslag fra forrige møte. Stem! #bokklubb",
        &["«Sult» av Knut Hamsun", "«Naiv. Super.» av Erlend Loe", "«Is-slottet» av Tarjei Vesaas"],
        &["Is-slottet! Den har jeg hatt lyst til å lese lenge."]),
    poll(P::Books, En, "Next non-fiction pick?",
        "Our next non-fiction book. Vote! #bokklubb",
        &["Team Topologies", "Thinking in Systems", "The Fearless Organization"],
        &["Thinking in Systems – it changed how I see projects."]),
    t(P::Books, "article", Nb, "Fem bøker som har endret hvordan jeg jobber",
        "Jeg ble spurt om boktips, så her er fem bøker som har påvirket meg som konsulent, blant dem {book}. Det de har til felles: de handler mer om mennesker enn om teknologi. #bokklubb #læring",
        &["Takk! Legger to av dem på lista."]),

    // --- Leadership forum -----------------------------------------------------
    t(P::Leaders, "discussion", Nb, "Hvordan følger dere opp folk som sitter hos kunde hele tiden?",
        "Halvparten av teamet mitt ser jeg bare på Teams. Jeg er bekymret for at jeg fanger opp problemer for sent. Hva gjør dere? #ledelse #kundeliv",
        &["Faste én-til-én hver andre uke, uansett. Og jeg besøker dem hos kunden én gang i kvartalet.",
          "Jeg ber om en kort skriftlig oppdatering hver fredag: hva gikk bra, hva var vanskelig. Tar dem to minutter.",
          "Følg med på hva de skriver her. Det sier mye om hvordan de har det."]),
    t(P::Leaders, "discussion", Nb, "Hvordan gir vi ros som betyr noe?",
        "Jeg merker at generell ros («bra jobba!») ikke gjør så mye. Det som virker, er når jeg er konkret om hva personen gjorde og hvilken forskjell det gjorde. Hvordan tenker dere? #ledelse #ros",
        &["Konkret og offentlig, når personen er komfortabel med det.", "Knytt det til verdiene våre. Da blir det tydelig hva vi mener er viktig."]),
    t(P::Leaders, "discussion", En, "How transparent can we be about pricing pressure?",
        "Clients are pushing our rates down. My team asks me about it, and I'm not sure how much to share. How open are you with your teams about the commercial situation? #ledelse",
        &["More open than feels comfortable. They hear rumours anyway.",
          "I share the numbers and what we're doing about them. People handle facts better than silence."]),
    t(P::Leaders, "discussion", En, "Are we asking for input we won't use?",
        "I've asked my team for input three times this year and only acted on one. I suspect they've noticed. How do you make sure asking for input doesn't become theatre? #ledelse #innspill",
        &["Say upfront what's decided and what's open. Then report back on what you did with the input.",
          "Close the loop, even when the answer is no. Especially then."]),
    t(P::Leaders, "question", Nb, "Hvor ofte har dere én-til-én-samtaler?",
        "Jeg har tolv personer og får ikke til én-til-én hver uke. Hva er realistisk, og hva er for sjelden? #ledelse",
        &["Hver andre uke, 30 minutter. Hver uke for nyansatte de første tre månedene.",
          "Hver tredje uke, men med en fast ukentlig skriftlig sjekk. Det fungerer for meg."]),
    t(P::Leaders, "question", Nb, "Konsulent som vil bytte kunde – hvordan håndterer dere det?",
        "En av mine vil bort fra kunden sin, men kunden er svært fornøyd og vil forlenge. Hvordan balanserer dere kundens og den ansattes ønsker? #ledelse #bemanning",
        &["Den ansattes ønske veier tyngst på sikt. Finn en god overgang for kunden.",
          "Snakk med kunden tidlig og ærlig. De fleste respekterer det."]),
    t(P::Leaders, "question", En, "Spotting burnout in someone you rarely see",
        "What signs do you look for when someone on your team is at a client full time and you rarely see them in person? #trivsel #ledelse",
        &["Changes in tone in writing. Shorter messages, later replies.", "Ask their client contact how they're doing. Carefully."]),
    t(P::Leaders, "article", Nb, "Det jeg har lært om psykologisk trygghet",
        "Etter et halvt år med fokus på psykologisk trygghet i teamet er min viktigste lærdom: Det handler mindre om hva jeg sier, og mer om hvordan jeg reagerer når noen sier fra om noe som har gått galt. #ledelse #psykologisktrygghet",
        &["Reaksjonen er alt. Takk for at du deler."]),
    t(P::Leaders, "article", En, "Notes from the leadership programme, module 2",
        "Key takeaways from module 2: ask more than you tell, be explicit about what is decided and what is open, and always close the loop. Simple to say, hard to do. #ledelse",
        &["'Always close the loop' – writing that on a sticky note."]),
    t(P::Leaders, "lesson", Nb, "Jeg ventet for lenge med en vanskelig samtale",
        "Jeg så at en i teamet slet, men ventet i to måneder med å ta det opp fordi jeg ikke ville virke kontrollerende. Da vi endelig snakket, sa personen at de hadde ventet på at jeg skulle spørre. #ledelse #lærdom",
        &["Takk for at du deler dette. Jeg kjenner meg igjen."]),
    t(P::Leaders, "lesson", En, "Lesson: my team read my silence as a no",
        "I didn't respond to an idea from my team for three weeks because I was busy. They assumed I didn't like it and dropped it. Now I reply within two days, even if it's just 'I need more time'. #ledelse #lærdom",
        &["Silence is never neutral. Good reminder."]),
    poll(P::Leaders, Nb, "Hvor mye tid bruker du på å svare på spørsmål fra teamet?",
        "Nysgjerrig på hvordan vi prioriterer. #ledelse",
        &["Under 1 time i uka", "1–3 timer", "3–5 timer", "Mer enn 5 timer"],
        &["1–3 timer, men jeg burde nok bruke mer."]),

    // --- Reorg 2027 (secret) ----------------------------------------------------
    t(P::Reorg, "discussion", Nb, "Utkast: tre alternativer for ny organisering",
        "Her er de tre alternativene vi jobber videre med:\n\n- **A:** Fagområder som i dag, med tydeligere kundeansvar\n- **B:** Organisering etter kundesegment (offentlig, energi, finans)\n- **C:** En hybrid med fagområder og tverrgående kundeteam\n\nKommentér styrker og svakheter før torsdagsmøtet. Husk: dette er konfidensielt til de tillitsvalgte er informert. #reorg2027",
        &["C virker mest realistisk, men krever tydelige beslutningslinjer.",
          "B gir bedre kundenærhet, men risikerer å svekke fagmiljøene.",
          "Vi må vurdere hva hvert alternativ betyr for dem som sitter hos kunde."]),
    t(P::Reorg, "discussion", Nb, "Risikoer vi må ta på alvor",
        "Tre risikoer jeg mener vi må adressere uansett alternativ: usikkerhet som fører til at folk slutter, kunder som merker uro, og fagmiljøer som splittes. Hva mangler? #reorg2027",
        &["Ledere som mister rollen sin. De trenger en god prosess.", "Tidsbruk. Omorganisering spiser ledertid i månedsvis."]),
    t(P::Reorg, "discussion", En, "Draft communication plan",
        "Draft plan: employee representatives first, then leaders, then everyone on the same day, with Q&A sessions per unit the week after. Nothing leaks before that. Comments? #reorg2027",
        &["Add a written FAQ on the same day. People will have the same twenty questions.",
          "Make sure those at client sites hear it at the same time as everyone else."]),
    t(P::Reorg, "announcement", Nb, "Tidsplan for arbeidsgruppen",
        "Vi møtes hver torsdag kl. 08:00 fram til anbefalingen er klar. Utkast til anbefaling sendes ledergruppen om seks uker. #reorg2027",
        &["Notert. Jeg sender innspill til risikovurderingen før neste møte."]),
    t(P::Reorg, "announcement", En, "Meeting with employee representatives moved",
        "The meeting with the employee representatives has moved to next Tuesday, at their request. Please keep the draft confidential until then. #reorg2027",
        &["Noted, thanks."]),
    poll(P::Reorg, Nb, "Hvilket alternativ bør vi anbefale?",
        "Foreløpig, ikke-bindende stemme før vi skriver anbefalingen. #reorg2027",
        &["A: Fagområder", "B: Kundesegmenter", "C: Hybrid"],
        &["C, med en evaluering etter ett år."]),
    t(P::Reorg, "idea", Nb, "Idé: pilot i én avdeling først",
        "Hva om vi testet den nye modellen i én avdeling i et halvt år før vi ruller ut? Da lærer vi før vi forplikter hele organisasjonen. #reorg2027 #idé",
        &["Godt forslag. Data & AI kunne vært en naturlig pilot."]),
    t(P::Reorg, "question", Nb, "Hvordan involverer vi de tillitsvalgte tidligere?",
        "Jeg tror vi bør involvere de tillitsvalgte før anbefalingen er ferdig, ikke etter. Hvordan kan vi gjøre det på en god måte? #reorg2027",
        &["Inviter dem til et arbeidsmøte om alternativene, ikke en presentasjon av konklusjonen.",
          "Enig. Det vil også gjøre forankringen mye lettere."]),

    // --- Leaders: announcements, visions, articles ------------------------------
    t(P::Lead, "announcement", Nb, "Ny rammeavtale med {client}",
        "Jeg er glad for å kunne fortelle at vi har signert en treårig rammeavtale med {client}. Avtalen dekker rådgivning og leveranser innen flere fagområder, og vi starter med to team allerede neste måned.\n\nTakk til alle som bidro i tilbudsarbeidet – dette var en felles innsats. #salg #kunde",
        &["Gratulerer! Fortjent etter et veldig godt tilbud."]),
    t(P::Lead, "announcement", Nb, "Bemanning i {unit} fra neste kvartal",
        "Fra neste kvartal samler vi bemanningen i {unit} i én felles oversikt, slik at det blir enklere å se hvem som er ledig og hvem som trenger avlastning. Praktisk betyr det:\n\n- Ukentlig bemanningsmøte mandag kl. 09:00\n- Én kontaktperson per kunde\n- Oppdatert CV innen utgangen av måneden\n\n#bemanning",
        &["Hvem blir kontaktperson for kundene vi har i dag?"]),
    t(P::Lead, "announcement", Nb, "Kvartalet: over budsjett",
        "Kort oppdatering: Kvartalet endte over budsjett, med en faktureringsgrad på 78 prosent. Det skyldes i stor grad godt arbeid ute hos kundene. Samtidig ser vi at sykefraværet har økt litt, så si fra hvis arbeidsbelastningen blir for høy. #resultater",
        &["Takk for at du også nevner arbeidsbelastningen."]),
    t(P::Lead, "announcement", Nb, "Fagdag for {unit}",
        "Vi setter av en hel fagdag for {unit} om tre uker. Programmet kommer, men sett av dagen allerede nå. Kundene er varslet. #fagdag #læring",
        &["Supert! Blir det mulighet for å holde lyntale?"]),
    t(P::Lead, "announcement", Nb, "Nye rutiner for timeføring",
        "For å få fakturaene ut raskere må timer være ført innen fredag kl. 15 hver uke. Det gjelder alle, også dere som sitter hos kunde. Økonomi sender påminnelse torsdag. #timeføring",
        &["Hva om kunden har egne frister som kolliderer?"]),
    t(P::Lead, "announcement", En, "We won the {client} framework agreement",
        "Great news: {client} has chosen us as one of two suppliers in their new framework agreement. It covers data, cloud and advisory services for up to four years. Thank you to everyone who contributed to the bid. #salg #kunde",
        &["Fantastic news! Well done to the bid team."]),
    t(P::Lead, "announcement", En, "Welcome to our new colleagues in {unit}",
        "This month we welcome four new colleagues to {unit}. Say hello when you see them in the office or online – and remember how it felt to be new. Each of them has a buddy for the first three months. #onboarding",
        &["Welcome, everyone!"]),
    t(P::Lead, "announcement", En, "Quarterly update: ahead of plan",
        "Quick update: we ended the quarter ahead of plan on revenue and slightly behind on hiring. Utilisation is healthy. Next quarter we'll focus on recruiting senior people for {unit}. #resultater",
        &["Good to hear. Can we help with referrals?"]),
    t(P::Lead, "announcement", En, "Security awareness training is due",
        "All employees must complete the annual security awareness training by the end of the month. It takes about 40 minutes. Several clients now require proof of completion, so this is not optional. #sikkerhet",
        &["Done! It was actually quite good this year."]),
    t(P::Lead, "vision", Nb, "Hvor vi skal med {unit} de neste tre årene",
        "Jeg vil dele retningen for {unit} fram mot 2028. Kort fortalt: vi skal være kundenes foretrukne partner når de tar i bruk data og ny teknologi på en ansvarlig måte.\n\nTre ting skal kjennetegne oss:\n\n1. **Faglig dybde** – vi investerer i spesialister, ikke bare generalister.\n2. **Nærhet til kunden** – vi forstår virksomheten, ikke bare teknologien.\n3. **Deling** – det én av oss lærer, skal alle kunne bruke.\n\n#strategi #visjon",
        &["Godt formulert. Hva betyr «ansvarlig» for oss i praksis?"]),
    t(P::Lead, "vision", Nb, "Derfor satser vi på læring",
        "Kundene kjøper det vi kan. Det betyr at læring ikke er et frynsegode, men selve forretningen. Fra neste år får alle i {unit} fem dager til faglig utvikling, og vi forventer at det dere lærer deles her. #læring #visjon",
        &["Fem dager! Det blir tatt godt imot.", "Hvordan prioriterer vi det mot kundearbeid?"]),
    t(P::Lead, "vision", Nb, "Ett Fjordlys – også når vi sitter spredt",
        "Over en tredjedel av oss sitter hos kunde det meste av tiden. Målet mitt er at alle skal føle seg like mye som en del av Fjordlys, uansett hvor de jobber fra. Det betyr faste møteplasser, ledere som er tilgjengelige, og at vi deler det vi lærer. #visjon #kundeliv",
        &["Viktig. Det er lett å bli glemt ute hos kunden."]),
    t(P::Lead, "vision", En, "Where {unit} is heading",
        "Our ambition for {unit}: be the team clients call first when they want to turn data and technology into better services – and the team that leaves them stronger, not more dependent. We get there by hiring specialists, sharing what we learn, and saying no to work that doesn't fit. #strategi #visjon",
        &["'Stronger, not more dependent' – love that.", "How does this affect which bids we go for?"]),
    t(P::Lead, "vision", En, "Knowledge sharing is our product",
        "What we know together is worth more than what any of us knows alone. I want {unit} to be the place where a question asked on Monday is answered by Tuesday – by whoever knows best, not whoever is most senior. #deling #visjon",
        &["This platform is a good start."]),
    t(P::Lead, "vision", En, "Responsible AI is a promise we keep",
        "More and more of our work involves AI. Our promise to clients: we explain what our models do, we test them for fairness, and we tell them when AI is the wrong tool. That promise is only as good as each project that keeps it. #ki #visjon",
        &["Could we make a short checklist for projects?"]),
    t(P::Lead, "article", Nb, "Hva jeg har lært av hundre kundesamtaler",
        "Det siste året har jeg hatt over hundre samtaler med kunder. Det de verdsetter mest hos oss, er ikke teknologien, men at vi sier fra tidlig når noe ikke går som planlagt. #kunde #rådgivning",
        &["Nyttig å høre. Det gjør det lettere å si fra."]),
    t(P::Lead, "article", En, "What clients tell us about working with Fjordlys",
        "We interviewed twelve clients about working with us. The good: competence and honesty. The less good: handovers and documentation. We'll be working on the latter over the next six months. #kunde #forbedring",
        &["Honest summary. Thanks for sharing the less good parts too."]),

    // --- Facilitating leaders --------------------------------------------------
    t(P::Facilitate, "question", Nb, "Hva bør vi slutte med?",
        "Jeg vil gjerne høre fra dere: Hva gjør vi i {unit} i dag som ikke gir verdi, og som vi burde slutte med? Ingen forslag er for små. Jeg svarer på alle, og kommer tilbake med hva vi endrer innen utgangen av måneden. #forbedring #innspill",
        &["Statusmøtet på mandager. Det meste kan deles skriftlig.",
          "Dobbel rapportering av timer – både til kunden og hos oss.",
          "Lange e-poster om ting som kunne vært en kort post her."]),
    t(P::Facilitate, "question", Nb, "Hvordan har dere det hos kunde?",
        "Mange av dere sitter hos kunde store deler av uka, og jeg ser dere for sjelden. Hvordan har dere det? Hva savner dere fra oss? Skriv gjerne her, eller send meg en melding hvis du heller vil ta det én-til-én. #kundeliv #trivsel",
        &["Jeg trives, men savner faglig sparring. Kanskje en fast fagkveld i måneden?",
          "Det hadde hjulpet å vite mer om hva som skjer internt. Jeg føler meg litt utenfor.",
          "Bra! Kunden er fin. Men jeg vil gjerne vite hva neste oppdrag blir i god tid."]),
    t(P::Facilitate, "question", Nb, "Hva trenger dere for å lære mer i hverdagen?",
        "Vi har budsjett til læring, men jeg ser at lite blir brukt. Hva står i veien? Tid, ideer, eller noe annet? #læring #innspill",
        &["Tid. Når man fakturerer 100 prosent, blir læring det første som ryker.",
          "Jeg vet ikke hva jeg kan bruke budsjettet til. En liste med forslag hadde hjulpet."]),
    t(P::Facilitate, "question", En, "What should we stop doing?",
        "I'd like to hear from you: what do we do in {unit} today that adds no value and that we should stop? No suggestion is too small. I'll reply to every one and report back on what we change by the end of the month. #forbedring #innspill",
        &["The Monday status meeting. It could be a written update.",
          "Reporting hours twice, to the client and to us.",
          "Long e-mails that could have been a short post here."]),
    t(P::Facilitate, "question", En, "What would make onboarding better?",
        "We're hiring more people to {unit} this year. Those of you who joined recently: what helped most in your first month, and what was missing? #onboarding #innspill",
        &["A buddy who wasn't my leader. Made it easy to ask stupid questions.",
          "Knowing earlier which client I'd be going to.",
          "A list of who knows what. I spent weeks figuring that out."]),
    t(P::Facilitate, "question", En, "Where do you get stuck?",
        "If you could remove one obstacle in your daily work, what would it be? I can't promise to fix everything, but I'll tell you honestly what I can and can't do. #innspill",
        &["Waiting for access at new clients. Weeks lost every time.",
          "Not knowing who to ask internally when I'm stuck on something technical."]),
    poll(P::Facilitate, Nb, "Tema for neste fagdag i {unit}?",
        "Dere bestemmer! Stem på temaet dere vil ha mest av, og skriv gjerne andre forslag i kommentarfeltet. #fagdag #innspill",
        &["KI i praksis", "Kundedialog og rådgivning", "Arkitektur og kvalitet", "Sikkerhet"],
        &["KI i praksis, men med fokus på hva som faktisk fungerer hos kundene."]),
    poll(P::Facilitate, Nb, "Hvor ofte vil dere ha teammøte?",
        "Vi har teammøte hver uke nå. Er det for ofte, for sjelden eller passe? #samhandling #innspill",
        &["Hver uke", "Annenhver uke", "Én gang i måneden"],
        &["Annenhver uke, men da gjerne litt lenger og med faglig innhold."]),
    poll(P::Facilitate, En, "Format for our next team day?",
        "Help me plan the next team day for {unit}. #fagdag #innspill",
        &["Talks from client projects", "Hands-on workshop", "Outdoor day", "Mix of everything"],
        &["Talks from client projects – I want to know what the others are doing."]),
    poll(P::Facilitate, En, "How do you want to hear about new assignments?",
        "Staffing decisions affect you more than anything else I do. How would you like to be involved? #bemanning #innspill",
        &["Asked before it's decided", "Told as early as possible", "Only when it's final"],
        &["Asked before it's decided, please."]),
    t(P::Facilitate, "discussion", Nb, "Innspill: ny måte å bemanne på",
        "Vi vurderer å endre hvordan vi bemanner prosjekter i {unit}.\n\n**Det som er bestemt:** Vi skal ha en fast kontaktperson per kunde.\n**Det som er åpent:** Hvordan vi fordeler oppdrag, og hvordan dere kan påvirke hvor dere havner.\n**Utenfor rammen:** Timepriser.\n\nJeg bestemmer etter å ha lest innspillene, og gir svar innen to uker. #bemanning #innspill",
        &["Kan vi få si hvilke kunder vi ønsker oss, og hvilke vi helst vil unngå?",
          "Åpenhet om hvem som er ledig når, hadde hjulpet mye.",
          "Jeg vil gjerne at vi tar hensyn til hva folk vil lære, ikke bare hva de kan."]),
    t(P::Facilitate, "discussion", Nb, "Hvordan deler vi mer på tvers?",
        "Vi har mye kunnskap spredt på mange kunder. Hva skal til for at det en av oss lærer, blir tilgjengelig for alle i {unit}? Jeg har noen ideer, men vil høre deres først. #deling #innspill",
        &["Korte lærdomsposter her etter hvert prosjekt. Ikke mer enn fem minutter å skrive.",
          "Fast lyntalerunde på teammøtet.",
          "At lederne spør etter det. Da blir det prioritert."]),
    t(P::Facilitate, "discussion", En, "Input wanted: how we run team meetings",
        "Our team meetings have become status rounds. I'd like to change that.\n\n**Decided:** we keep one meeting a week.\n**Open:** what we use it for, how long it is, and who runs it.\n\nTell me what you'd want from it – I'll summarise the input and we'll try the new format next month. #samhandling #innspill",
        &["Rotate who runs it. Makes it ours, not yours.",
          "Fifteen minutes of someone sharing something they learned.",
          "Skip the status round – we can write that here."]),
    t(P::Facilitate, "discussion", En, "What does good feedback look like for you?",
        "I want to get better at giving feedback, especially to those of you I rarely see in person. What kind of feedback has helped you most, and how would you like to get it? #tilbakemelding #ledelse",
        &["Specific, soon after, and in private if it's critical.",
          "Ask the client what they think of my work and share it with me."]),
    t(P::Facilitate, "idea", Nb, "Forslag: «spør meg om hva som helst»-time",
        "Jeg vurderer å sette av en time annenhver fredag der alle i {unit} kan spørre meg om hva som helst – bemanning, strategi, lønn, hva som helst. Er det nyttig, eller bare et møte til? #innspill",
        &["Veldig nyttig! Særlig hvis det er på Teams for oss hos kunde.", "Kanskje anonyme spørsmål også?"]),
    t(P::Facilitate, "idea", En, "Proposal: rotating buddies across teams",
        "What if everyone in {unit} had a buddy from another team for three months at a time, with one coffee a month? I think we'd find help faster and learn more about each other's work. #samhandling #innspill",
        &["I like it. Three months is a good length.", "Could we include people from Advisory too?"]),

    // --- Praise --------------------------------------------------------------------
    t(P::Praise, "praise", Nb, "Takk til @{who}!",
        "Jeg vil løfte fram @{who}, som tok ansvar for en krevende leveranse hos {client} og samtidig hjalp to nye kolleger i gang. Det er {value} i praksis. 🙌 #ros",
        &["Helt enig! @{who} er gull å ha på laget."]),
    t(P::Praise, "praise", Nb, "Stor innsats fra @{who} og @{who2}",
        "@{who} og @{who2} holdt en glimrende fagkveld om {tool} på torsdag. Over 40 deltakere, og opptaket er allerede sett av mange flere. Takk for at dere deler! Verdi: {value}. #ros #læring",
        &["Beste fagkveld i år!"]),
    t(P::Praise, "praise", Nb, "Ros til @{who}",
        "Kunden ringte meg bare for å si at @{who} har gjort en forskjell i teamet deres. Det skjer ikke ofte. Takk for at du viser hva Fjordlys står for – {value}. #ros #kunde",
        &["Så fortjent!"]),
    t(P::Praise, "praise", Nb, "@{who} svarer alltid",
        "Jeg har lagt merke til at @{who} svarer på nesten alle spørsmål om {tool} her inne, ofte innen en time. Det gjør oss alle bedre. Takk! #ros #deling",
        &["Enig! Har fått hjelp mange ganger."]),
    t(P::Praise, "praise", Nb, "Takk for lærdommen, @{who}",
        "@{who} delte nylig en ærlig lærdom fra {client}. Det krever mot å skrive om det som ikke gikk som planlagt, og det gjør oss alle klokere. Mer av dette! Verdi: {value}. #ros #lærdom",
        &["Enig, det var en veldig nyttig post."]),
    t(P::Praise, "praise", En, "Thank you, @{who}!",
        "Shout-out to @{who}, who stepped in at short notice at {client} and kept a difficult delivery on track while onboarding two new colleagues. That's {value} in action. 🙌 #ros",
        &["Absolutely deserved!"]),
    t(P::Praise, "praise", En, "Great work from @{who} and @{who2}",
        "@{who} and @{who2} turned a messy {tool} setup at {client} into something the client's own team can run. The client told us it's the best handover they've had. #ros #overlevering",
        &["That's how it should be done."]),
    t(P::Praise, "praise", En, "Recognising @{who}",
        "I want to recognise @{who} for answering so many questions from colleagues here, always patiently and with examples. It makes all of us better. Value: {value}. #ros #deling",
        &["Agreed – saved me hours last month."]),
    t(P::Praise, "praise", En, "Thanks for sharing, @{who}",
        "@{who} wrote up a lesson learned from {client} that will save the rest of us a lot of pain. Being open about what didn't work takes {value}. Thank you! #ros #lærdom",
        &["That post should be required reading."]),

    // --- HR news (the administrator) ---------------------------------------------
    t(P::Hr, "announcement", Nb, "Ny personalhåndbok er publisert",
        "Den oppdaterte personalhåndboken ligger nå på intranettet. De viktigste endringene gjelder hjemmekontor, reiser og foreldrepermisjon. Les gjennom og bekreft at du har lest den. #hr #personalhåndbok",
        &["Takk! Fint med en oppsummering av endringene."]),
    t(P::Hr, "announcement", Nb, "Medarbeiderundersøkelsen åpner mandag",
        "Mandag åpner årets medarbeiderundersøkelse. Den tar omtrent ti minutter, og resultater vises bare for grupper med minst fem svar. Vi trenger å høre fra alle – også dere som sitter hos kunde. #medarbeiderundersøkelse #hr",
        &["Hvor lenge er den åpen?"]),
    t(P::Hr, "announcement", Nb, "Fadderordning for nyansatte",
        "Fra nå av får alle nyansatte en fadder fra et annet team de første tre månedene. Vi trenger flere faddere – meld deg i kommentarfeltet. #onboarding #hr",
        &["Jeg melder meg!", "Flott tiltak. Hadde satt pris på dette selv."]),
    t(P::Hr, "announcement", Nb, "Oppdaterte retningslinjer for reiser",
        "Reisepolicyen er oppdatert: tog foretrekkes der reisetiden er under fem timer, og kundereiser avtales med prosjektleder på forhånd. Les hele policyen på intranettet. #hr #reise",
        &["Bra med tog! Jobber uansett bedre der enn på fly."]),
    t(P::Hr, "announcement", En, "Code of conduct for Samspill",
        "We have published the code of conduct for this platform. In short: be kind, be specific, keep clients' confidential information out of posts, and report what worries you. Please read it and confirm. #retningslinjer #samspill",
        &["Clear and short. Thanks!"]),
    t(P::Hr, "announcement", En, "New health insurance provider",
        "From next month our health insurance moves to a new provider. Coverage stays the same or better; you'll get a welcome letter by e-mail. Questions? Ask here. #hr #forsikring",
        &["Does it still cover physiotherapy?"]),
    // --- More variety ------------------------------------------------------------
    t(P::Craft, "question", Nb, "Tilganger hos ny kunde tar evigheter – tips?",
        "Tredje uke hos {client}, og jeg venter fortsatt på tilgang til halvparten av systemene. Hvordan får dere fart på dette? #kundeliv #{tag}",
        &["Send bestillingen før oppstart, gjerne via prosjektlederen hos kunden.",
          "Lag en liste over alt du trenger og be om ett møte der alt bestilles samtidig.",
          "Bruk ventetiden på å lese dokumentasjon og snakke med brukerne. Det er aldri bortkastet."]),
    t(P::Craft, "question", En, "How do you review {tool} changes at a client with no reviewers?",
        "I'm the only one at {client} who knows {tool}. Who reviews my changes? How do you keep quality up when you're alone? #{tag} #kvalitet",
        &["Ask a colleague from our practice to review async once a week. I'm happy to.",
          "Write down your reasoning in the change description. Future you is the reviewer."]),
    t(P::Craft, "discussion", Nb, "Hvem eier kvaliteten når vi leverer i kundens team?",
        "Hos {client} leverer vi i kundens egne team, med deres prosesser. Når noe går galt, er det uklart om det er vårt eller deres ansvar. Hvordan avklarer dere dette? #kvalitet #kundeliv",
        &["Skriv det inn i oppdragsbeskrivelsen fra start.", "I praksis: vi eier det vi leverer, uansett prosess."]),
    t(P::Craft, "discussion", En, "Should we specialise in fewer tools?",
        "We use almost every tool our clients ask for. Would we be better off going deep on a few, like {tool}, and saying no more often? #{tag} #strategi",
        &["Deep on a few, but curious about the rest.", "Clients pay for judgement, not tools. Depth helps judgement."]),
    t(P::Craft, "lesson", Nb, "Lærdom: vi automatiserte for tidlig",
        "Hos {client} brukte vi de første ukene på å automatisere en prosess vi ikke forsto ennå. Halvparten måtte skrives om. Nå gjør jeg ting manuelt et par ganger før jeg automatiserer. #lærdom #{tag}",
        &["Gjør det tre ganger for hånd, så automatiser. God regel."]),
    t(P::Craft, "lesson", Nb, "Lærdom: demoen var for teknisk",
        "Vi viste {client} hvordan løsningen med {tool} fungerte teknisk. Kunden ville bare vite om saksbehandlerne sparte tid. Neste demo startet med brukerens hverdag, og den gikk mye bedre. #lærdom #kundeliv",
        &["Start med brukeren, alltid. Takk for påminnelsen."]),
    t(P::Craft, "lesson", En, "Lesson: the client's ops team should be in the room from day one",
        "At {client} we built something with {tool} that the operations team had never seen until go-live. They refused to take it over. We spent a month redoing deployment their way. Invite operations to the first sprint review. #lærdom #{tag}",
        &["Painfully familiar. Ops early, always."]),
    t(P::Craft, "lesson", En, "Lesson: estimates are conversations, not numbers",
        "I gave {client} a number for a {tool} migration, and they heard a promise. Now I give ranges with the assumptions written out, and we revisit them every two weeks. Much less tension. #lærdom #estimering",
        &["Ranges plus assumptions. Stealing this."]),
    t(P::Craft, "article", En, "Checklist: the first week with {tool} at a new client",
        "My checklist for week one: who owns {tool} today, how changes are deployed, where the logs are, who gets paged, and what the last incident was. Five questions that save weeks. #{tag} #kundeliv",
        &["Adding 'where is the documentation, really' to my list."]),
    t(P::Data, "lesson", Nb, "Lærdom: dashbordet ingen åpnet",
        "Vi laget et dashbord for ledelsen hos {client}. Etter tre måneder viste loggen at ingen hadde åpnet det siden lanseringen. De ville ha tre tall på e-post hver mandag. Nå spør jeg alltid hvordan tallene skal brukes før jeg lager noe. #powerbi #lærdom",
        &["Tre tall på e-post slår ofte et dashbord. Godt poeng."]),
    t(P::Data, "lesson", En, "Lesson: late-arriving data broke our daily numbers",
        "At {client} one source system delivered data up to three days late, and our daily figures quietly changed after the fact. We now mark figures as preliminary until all sources have arrived. #datakvalitet #lærdom",
        &["Preliminary flags saved us too. Trust went up immediately."]),
    t(P::Cloud, "lesson", Nb, "Lærdom: vi glemte å teste gjenoppretting",
        "Hos {client} hadde vi sikkerhetskopier av alt, men hadde aldri testet gjenoppretting. Da vi endelig gjorde det, tok det elleve timer i stedet for én. Nå tester vi gjenoppretting hvert kvartal. #drift #lærdom",
        &["En backup som ikke er testet, er bare et håp."]),
    t(P::Cloud, "question", En, "Landing zone templates: build or buy?",
        "{client} wants a landing zone in six weeks. Do you start from the provider's reference architecture or from our own templates? #azure #plattform",
        &["Reference architecture, trimmed hard. Our templates where we have opinions.",
          "Our own templates, because we can explain every line of them."]),
    t(P::Software, "lesson", Nb, "Lærdom: API-et ble brukt på måter vi ikke hadde tenkt",
        "Vi laget et API for {client} for én app. Et halvt år senere hadde seks team tatt det i bruk, og hver endring brakk noe. Neste gang versjonerer vi fra dag én og dokumenterer hva som er stabilt. #api #lærdom",
        &["Versjonering fra dag én – alltid."]),
    t(P::Software, "question", En, "Monorepo at a client with twenty teams?",
        "{client} is considering moving twenty teams into one repository. Has anyone lived through that? What would you warn them about? #arkitektur",
        &["Build times and ownership. Sort out both before the move.", "It works with good tooling and clear code owners, not otherwise."]),
    t(P::Design, "question", Nb, "Hvordan måler dere effekten av designarbeid?",
        "Kunden spør hva de får igjen for designarbeidet. Hvilke mål bruker dere? #design #gevinstrealisering",
        &["Færre henvendelser til kundesenteret er ofte det enkleste å måle.", "Tid brukt per oppgave før og etter."]),
    t(P::Strategy, "question", Nb, "Hvordan får dere toppledelsen til å prioritere?",
        "Ledergruppen hos {client} vil gjøre alt samtidig. Hvilke metoder har fungert for å få dem til å velge? #strategi #prioritering",
        &["Vis hva som skjer med kapasiteten hvis alt skal gjøres. Det blir fort tydelig.", "La dem rangere med et fast budsjett av poeng."]),
    t(P::Client, "question", Nb, "Hvordan sier dere fra om dårlig arbeidsmiljø hos kunden?",
        "Teamet jeg sitter i hos kunden har en tøff tone. Det går ikke ut over meg direkte, men jeg trives dårligere. Hvem tar jeg det opp med? #kundeliv #trivsel",
        &["Ta det med lederen din hos oss først. Det er vår jobb å ta det videre.",
          "Du kan også snakke med People & Culture hvis du vil ta det utenom linjen."]),
    t(P::Client, "lesson", En, "Lesson: say what you're learning, not just what you're doing",
        "My monthly update to my leader used to be a list of tasks at {client}. When I started adding what I was learning, we had much better conversations about my next assignment. #kundeliv #karriere",
        &["Great tip. Doing this from next month."]),
    t(P::Ops, "question", Nb, "Hvor finner jeg malen for oppdragsavtaler?",
        "Jeg skal sette opp en ny avtale med en kunde og finner ikke den siste versjonen av malen. Hvor ligger den? #salg #maler",
        &["Den ligger i kontraktsmappen på intranettet, versjon fra i høst.", "Spør @{who}, som oppdaterte den sist."]),
    t(P::Ops, "question", En, "How do we handle overtime on fixed-price projects?",
        "Consultants on fixed-price projects sometimes work extra hours to deliver. How should they register that, and is it compensated? #økonomi #hr",
        &["Register all hours; the project absorbs the overrun, not the person.", "Talk to your leader early if it becomes a pattern."]),
    t(P::Ops, "question", Nb, "Hva skjer med ubrukte kursmidler?",
        "Jeg har brukt lite av kursbudsjettet i år. Blir det overført, eller forsvinner det ved årsskiftet? #læring #økonomi",
        &["Det overføres ikke, så bruk det! Konferanser teller også.", "Snakk med lederen din – det er ofte rom for å flytte mellom personer i teamet."]),
    t(P::Ops, "discussion", Nb, "Bør vi ha felles lunsj på fredager igjen?",
        "Før hadde vi felles lunsj hver fredag. Nå er det få som kommer. Er tidspunktet feil, eller trenger vi noe annet? #sosialt #samhandling",
        &["Fredag er dagen mange jobber hjemmefra. Torsdag?", "Kanskje med et kort faglig innslag, så blir det lettere å prioritere."]),
    t(P::Ops, "idea", Nb, "Idé: månedlig «spør økonomi»-time",
        "Vi får mange av de samme spørsmålene om reiser, utlegg og timer. Hva om vi hadde en åpen time på Teams hver måned der alle kan spørre? #idé #økonomi",
        &["Ja takk! Særlig for oss som sjelden er på kontoret."]),
    t(P::Ops, "announcement", Nb, "Nytt system for reiseregninger",
        "Fra første neste måned bruker vi nytt system for reiseregninger. Kvitteringer kan tas bilde av med telefonen. Opplæring på Teams tirsdag kl. 12. #økonomi #reise",
        &["Endelig! Papirkvitteringer hos kunden er et mareritt."]),
    t(P::Ops, "announcement", En, "Referral bonus doubled for senior roles",
        "For the rest of the year, the referral bonus for senior roles is doubled. If you know someone great, introduce them to recruitment. #rekruttering",
        &["Sending two names your way!"]),
    poll(P::Ops, En, "What should the next internal training cover?",
        "We're planning short internal sessions. What would help you most? #læring",
        &["Selling and bids", "Finance basics for consultants", "Negotiation", "Giving feedback"],
        &["Finance basics – I never know what our margins are."]),
    t(P::Lead, "announcement", Nb, "{unit}: status etter kvartalet",
        "Status for {unit}: Vi har levert godt hos kundene, og faktureringsgraden er stabil. To nye rammeavtaler er på plass, og vi rekrutterer tre nye i løpet av høsten og vinteren. Takk for innsatsen. #resultater",
        &["Takk for oppdateringen!"]),
    t(P::Lead, "announcement", Nb, "Ny fagansvarlig i {unit}",
        "@{who} blir fagansvarlig i {unit} fra neste måned, og får ansvar for fagdager, læringsbudsjett og faglig sparring. Gratulerer! #organisasjon",
        &["Gratulerer! Godt valg."]),
    t(P::Lead, "announcement", En, "Changes to how {unit} handles bids",
        "From now on every bid in {unit} gets a named bid lead and a review two days before submission. This is to improve quality, not to add bureaucracy. #salg #anbud",
        &["Two days before is tight, but fair."]),
    t(P::Lead, "announcement", En, "{unit} team day: save the date",
        "The {unit} team day is in four weeks. Clients have been told. Agenda to follow – expect client stories, a workshop and dinner. #fagdag",
        &["Looking forward to it!"]),
    t(P::Hr, "announcement", Nb, "Nye kontorlokaler i Bergen",
        "Vi har signert leiekontrakt for nye lokaler i Bergen sentrum, med plass til 40. Flyttingen skjer om tre måneder. Alle som jobber fra Bergen, får mer informasjon på e-post. #kontor",
        &["Endelig! Gleder meg."]),
    t(P::Lead, "vision", Nb, "Hva {unit} skal være kjent for",
        "Om tre år vil jeg at kundene skal si dette om {unit}: De forstår problemet vårt før de foreslår teknologi, de gjør teamene våre bedre, og de sier fra når noe ikke er lurt. Det er et høyt mål, og det er derfor det er verdt det. #visjon",
        &["Siste punktet er viktigst, tror jeg."]),
    t(P::Lead, "vision", En, "Growing {unit} without losing what makes it good",
        "We're going to grow {unit} by a third over two years. Growth is only worth it if we keep what makes us good: people who share, who care about the client's outcome, and who help each other. I'll measure myself on that, not just on headcount. #visjon #vekst",
        &["Good to hear it said out loud."]),
    t(P::Facilitate, "question", Nb, "Hva bør vi bli bedre på neste halvår?",
        "Jeg vil sette tre forbedringsmål for {unit} neste halvår, og vil at dere skal være med og bestemme. Hva er det viktigste vi bør bli bedre på? #forbedring #innspill",
        &["Overlevering mellom oppdrag. Vi mister mye kunnskap der.",
          "Å si nei til oppdrag som ikke passer oss.",
          "Læring på tvers av kundene."]),
    t(P::Facilitate, "discussion", Nb, "Innspill: fordeling av læringsbudsjettet",
        "**Det som er bestemt:** Budsjettet for læring i {unit} er det samme som i fjor.\n**Det som er åpent:** Hvordan vi fordeler det – likt per person, eller etter plan.\n**Beslutning:** Jeg bestemmer etter å ha lest innspillene, innen tre uker.\n\nHva mener dere? #læring #innspill",
        &["Etter plan, men med en minimumssum til alle.", "Likt per person er mest rettferdig og enklest."]),
    t(P::Praise, "praise", Nb, "Takk, @{who}, for hjelpen!",
        "Jeg satt fast med et problem i {tool} i to dager. @{who} tok seg tid til å se på det sammen med meg, og vi løste det på en time. Det er {value} i praksis. Takk! #ros",
        &["Typisk @{who}! Alltid hjelpsom."]),
    t(P::Praise, "praise", En, "@{who} made our onboarding great",
        "Our new colleagues keep mentioning how much @{who} helped them in their first weeks – from access to clients to where the good coffee is. Thank you for showing {value}! #ros #onboarding",
        &["So true. Thank you!"]),
    t(P::Praise, "praise", Nb, "Ros til @{who} for et godt tilbud",
        "@{who} skrev store deler av tilbudet til {client}, og kunden trakk fram løsningsbeskrivelsen som den beste de hadde fått. Godt jobbet! #ros #salg",
        &["Gratulerer! Fortjent."]),
    t(P::Hr, "announcement", Nb, "Husk å ta ut ferie",
        "Mange har mye ferie til gode. Snakk med lederen din og kunden om når det passer. Hvile er ikke et frynsegode, det er en forutsetning for godt arbeid. #hr #trivsel",
        &["Takk for påminnelsen!"]),
];

#[cfg(test)]
mod tests {
    use samspill_domain::PostKind;

    use super::*;
    use crate::org::import;

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

    #[test]
    fn templates_are_well_formed() {
        for t in TEMPLATES {
            assert!(PostKind::parse(t.kind).is_ok(), "{}", t.title);
            assert!(
                !t.body.trim().is_empty() && t.title.chars().count() <= 120,
                "{}",
                t.title
            );
            assert_eq!(
                t.kind == "poll",
                (2..=10).contains(&t.options.len()),
                "{}",
                t.title
            );
        }
        for kind in PostKind::ALL {
            assert!(
                TEMPLATES.iter().any(|t| t.kind == kind.as_str()),
                "no {kind} template"
            );
        }
    }
}
