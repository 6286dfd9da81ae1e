//! Visions and announcements addressed to units: the audience reached
//! through the feed (people who follow nothing included), pinned until
//! acknowledged, not in the feed of others; who may address which units;
//! reach equal to a direct count, small units suppressed, complementary
//! suppression checked by `suppression::derivable` over random trees; who
//! may read reach; cascades and their status; on both backends.

use std::fmt::Write as _;

use samspill_domain::suppression::{self, Cell, Group, REACH_MIN, Release};
use samspill_domain::{PostId, SpaceKind, UnitId};
use samspill_services::leadership::announcements::{self, Figures, Reach};
use samspill_services::social::feed::{self, Target};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::{notifications, spaces};
use samspill_services::{Actor, Ctx, Error, org::import};
use samspill_store::org::{people, units};
use samspill_testkit::{TestDb, backend_test};

use crate::ctx;

/// Acme: Data (Lars leads; 12 people directly), Data/Platform (Pia leads;
/// 11), Data/ML (3, no leader), Ops (Oda leads; 10), and Cecilie at the top.
fn chart() -> String {
    let mut csv = String::from(
        "email,name,handle,unit_path,title,work_mode,leader_of\n\
         ceo@acme.test,Cecilie,cecilie,Acme,CEO,office,Acme\n\
         lars@acme.test,Lars,lars,Acme/Data,Head,office,Acme/Data\n\
         pia@acme.test,Pia,pia,Acme/Data/Platform,Lead,office,Acme/Data/Platform\n\
         oda@acme.test,Oda,oda,Acme/Ops,Lead,office,Acme/Ops\n",
    );
    for (path, n, prefix) in [
        ("Acme/Data", 11, "d"),
        ("Acme/Data/Platform", 10, "p"),
        ("Acme/Data/ML", 3, "m"),
        ("Acme/Ops", 9, "o"),
    ] {
        for i in 0..n {
            writeln!(
                csv,
                "{prefix}{i}@acme.test,Person {prefix}{i},{prefix}{i},{path},,office,"
            )
            .unwrap();
        }
    }
    csv
}

async fn actor(ctx: &Ctx, handle: &str) -> Actor {
    Actor::of(
        &people::find_person_by_handle(ctx.db(), handle)
            .await
            .unwrap()
            .unwrap(),
    )
}

async fn unit(ctx: &Ctx, path: &str) -> UnitId {
    units::list_units(ctx.db())
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.path == path)
        .unwrap()
        .id
}

async fn setup(t: &TestDb, csv: &str) -> Ctx {
    let (ctx, _) = ctx(t);
    import::run(&ctx, csv.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    samspill_testkit::accept_guidelines(ctx.db()).await;
    spaces::ensure_default_spaces(&ctx).await.unwrap();
    ctx
}

async fn space_of(
    ctx: &Ctx,
    a: &Actor,
    kind: SpaceKind,
    unit: Option<UnitId>,
) -> samspill_domain::SpaceId {
    spaces::list_spaces(ctx, a)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.kind == kind && (unit.is_none() || s.unit_id == unit))
        .unwrap()
        .id
}

fn addressed(
    space: samspill_domain::SpaceId,
    kind: &str,
    units: Vec<UnitId>,
    ack: bool,
) -> PostInput {
    PostInput {
        space_id: space,
        kind: kind.into(),
        title: "Where we are going".into(),
        body: "Our **vision** for next year.".into(),
        audience_unit_ids: units,
        requires_ack: ack,
        ..PostInput::default()
    }
}

async fn lars_posts(ctx: &Ctx, ack: bool) -> PostId {
    let lars = actor(ctx, "lars").await;
    let data = unit(ctx, "Acme/Data").await;
    let space = space_of(ctx, &lars, SpaceKind::Unit, Some(data)).await;
    posts::create_post(
        ctx,
        &lars,
        &addressed(space, "announcement", vec![data], ack),
    )
    .await
    .unwrap()
    .id
}

async fn feed_ids(ctx: &Ctx, a: &Actor) -> (Vec<PostId>, Vec<PostId>) {
    let f = feed::home(ctx, a, None, Some(50)).await.unwrap();
    (
        f.pinned.iter().map(|p| p.id).collect(),
        f.posts.items.iter().map(|p| p.id).collect(),
    )
}

fn code(e: &Error) -> &str {
    match e {
        Error::Invalid(v) => v[0].field,
        Error::NotFound => "not_found",
        Error::Forbidden => "forbidden",
        _ => "other",
    }
}

backend_test! {
    async fn the_audience_gets_it_pinned_until_acknowledged_and_others_do_not(t: TestDb) {
        let ctx = setup(&t, &chart()).await;
        let id = lars_posts(&ctx, true).await;
        // p0 is in Data/Platform, below the addressed unit; follows nothing
        // and is no member of the Data space.
        let p0 = actor(&ctx, "p0").await;
        assert!(feed::following(&ctx, &p0).await.unwrap().is_empty());
        let (pinned, list) = feed_ids(&ctx, &p0).await;
        assert_eq!(pinned, [id], "pinned on top for the audience");
        assert!(list.contains(&id), "and in the feed");
        let kinds: Vec<String> = notifications::list(&ctx, &p0, None, Some(50)).await.unwrap().0.items.into_iter().map(|n| n.kind).collect();
        assert_eq!(kinds, ["announcement"]);
        // Outside the audience: not in the feed, no notification, but readable
        // (a unit's space is read by everyone).
        let o0 = actor(&ctx, "o0").await;
        let (pinned, list) = feed_ids(&ctx, &o0).await;
        assert!(pinned.is_empty() && !list.contains(&id));
        assert!(notifications::list(&ctx, &o0, None, Some(50)).await.unwrap().0.items.is_empty());
        assert!(posts::find_post(&ctx, &o0, id).await.unwrap().is_some());
        // Acknowledged: no longer pinned, still in the feed.
        posts::acknowledge(&ctx, &p0, id).await.unwrap();
        let (pinned, list) = feed_ids(&ctx, &p0).await;
        assert!(pinned.is_empty());
        assert!(list.contains(&id));
        assert!(posts::get_post(&ctx, &p0, id).await.unwrap().acked);
        // A rebuilt timeline (following something) keeps addressed posts.
        feed::follow(&ctx, &p0, &Target::Topic("cloud".into()), true).await.unwrap();
        assert!(feed_ids(&ctx, &p0).await.1.contains(&id));
        let m0 = actor(&ctx, "m0").await;
        feed::follow(&ctx, &m0, &Target::Topic("cloud".into()), true).await.unwrap();
        assert_eq!(feed_ids(&ctx, &m0).await.0, [id], "still pinned after a rebuild");
        // Without requires_ack: in the feed, not pinned, no notification.
        let quiet = lars_posts(&ctx, false).await;
        let p1 = actor(&ctx, "p1").await;
        let (pinned, list) = feed_ids(&ctx, &p1).await;
        assert_eq!(pinned, [id]);
        assert!(list.contains(&quiet));
        let d = posts::get_post(&ctx, &p1, quiet).await.unwrap();
        assert!(d.addressed.is_some_and(|a| !a.requires_ack));
    }
}

backend_test! {
    async fn leaders_address_what_they_lead_and_admins_anything(t: TestDb) {
        let ctx = setup(&t, &chart()).await;
        let lars = actor(&ctx, "lars").await;
        let d0 = actor(&ctx, "d0").await;
        let data = unit(&ctx, "Acme/Data").await;
        let platform = unit(&ctx, "Acme/Data/Platform").await;
        let ops = unit(&ctx, "Acme/Ops").await;
        let data_space = space_of(&ctx, &lars, SpaceKind::Unit, Some(data)).await;
        let org = space_of(&ctx, &lars, SpaceKind::Org, None).await;
        let refused = |r: Result<samspill_services::social::posts::PostView, Error>| r.map(|_| ()).map_err(|e| code(&e).to_owned());
        // A leader addresses their unit and the units below.
        assert!(posts::create_post(&ctx, &lars, &addressed(data_space, "vision", vec![data, platform], false)).await.is_ok());
        assert!(posts::create_post(&ctx, &lars, &addressed(org, "vision", vec![platform], true)).await.is_ok());
        // Not a unit outside what they lead.
        assert_eq!(refused(posts::create_post(&ctx, &lars, &addressed(org, "vision", vec![ops], false)).await), Err("audience_unit_ids".into()));
        // Someone who leads nothing may not address anyone.
        let d0_space = space_of(&ctx, &d0, SpaceKind::Unit, Some(data)).await;
        assert_eq!(refused(posts::create_post(&ctx, &d0, &addressed(d0_space, "announcement", vec![data], false)).await), Err("forbidden".into()));
        // Only visions and announcements; only with an audience for ack/cascade.
        assert_eq!(refused(posts::create_post(&ctx, &lars, &addressed(org, "discussion", vec![data], false)).await), Err("audience_unit_ids".into()));
        assert_eq!(refused(posts::create_post(&ctx, &lars, &addressed(org, "vision", vec![], true)).await), Err("audience_unit_ids".into()));
        // Not in a community (its readers are not the audience).
        let club = spaces::create_community(&ctx, &lars, &spaces::NewCommunity { name: "Club".into(), description: String::new(), visibility: "private".into() }).await.unwrap();
        assert_eq!(refused(posts::create_post(&ctx, &lars, &addressed(club.id, "vision", vec![data], false)).await), Err("space_id".into()));
        // An administrator addresses any unit.
        let admin = Actor { is_admin: true, ..d0.clone() };
        assert!(posts::create_post(&ctx, &admin, &addressed(org, "announcement", vec![ops, platform], true)).await.is_ok());
    }
}

/// Direct counts, read from the database without the reach code: people
/// whose primary unit is in `tree`, those who viewed and acknowledged.
async fn direct_counts(ctx: &Ctx, post: PostId, tree: &[UnitId]) -> (u64, u64, u64) {
    let mut n = (0, 0, 0);
    for p in people::list_all_people(ctx.db()).await.unwrap() {
        if !p.unit_id.is_some_and(|u| tree.contains(&u)) {
            continue;
        }
        n.0 += 1;
        if samspill_store::social::posts::has_acked(ctx.db(), post, p.id)
            .await
            .unwrap()
        {
            n.2 += 1;
        }
    }
    // Everyone who opened it here is in the audience.
    n.1 = u64::try_from(
        samspill_store::social::posts::count_views(ctx.db(), post)
            .await
            .unwrap(),
    )
    .unwrap();
    n
}

fn shown(r: &Reach, u: UnitId) -> Option<(u64, u64, u64)> {
    match &r.units.iter().find(|x| x.unit_id == u).unwrap().figures {
        Figures::Shown {
            audience,
            seen,
            acknowledged,
            ..
        } => Some((*audience, *seen, *acknowledged)),
        Figures::Suppressed => None,
    }
}

backend_test! {
    async fn reach_equals_a_direct_count_and_a_small_unit_is_suppressed(t: TestDb) {
        let ctx = setup(&t, &chart()).await;
        let id = lars_posts(&ctx, true).await;
        let data = unit(&ctx, "Acme/Data").await;
        let platform = unit(&ctx, "Acme/Data/Platform").await;
        let ml = unit(&ctx, "Acme/Data/ML").await;
        // 7 of Platform and 2 of ML open it; 4 of Platform and 1 of ML acknowledge.
        for (h, ack) in [("p0", true), ("p1", true), ("p2", true), ("p3", true), ("p4", false), ("p5", false), ("pia", false), ("m0", true), ("m1", false)] {
            let a = actor(&ctx, h).await;
            posts::get_post(&ctx, &a, id).await.unwrap();
            if ack {
                posts::acknowledge(&ctx, &a, id).await.unwrap();
            }
        }
        let lars = actor(&ctx, "lars").await;
        let r = announcements::reach(&ctx, &lars, id).await.unwrap();
        let paths: Vec<&str> = r.units.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(paths, ["Acme/Data", "Acme/Data/ML", "Acme/Data/Platform"]);
        assert_eq!(shown(&r, ml), None, "3 people: suppressed");
        assert_eq!(shown(&r, platform), Some(direct_counts(&ctx, id, &[platform]).await.0).map(|n| (n, 7, 4)));
        let all = direct_counts(&ctx, id, &[data, platform, ml]).await;
        assert_eq!(shown(&r, data), Some(all));
        assert_eq!(all, (26, 9, 5));
        let Figures::Shown { series, .. } = &r.total else { panic!("total shown") };
        assert_eq!(series.iter().map(|d| d.seen).sum::<u64>(), 9);
        assert_eq!(series.iter().map(|d| d.acknowledged).sum::<u64>(), 5);
    }
}

backend_test! {
    async fn reach_is_for_the_author_and_the_leaders_of_the_addressed_units(t: TestDb) {
        let ctx = setup(&t, &chart()).await;
        let id = lars_posts(&ctx, true).await;
        let data = unit(&ctx, "Acme/Data").await;
        // A second leader of the addressed unit.
        let ola = actor(&ctx, "d1").await;
        let mut tx = ctx.db().begin().await.unwrap();
        units::add_leader(&mut tx, data, ola.id, ctx.clock.now()).await.unwrap();
        tx.commit().await.unwrap();
        for (h, want) in [("lars", "ok"), ("d1", "ok"), ("pia", "forbidden"), ("cecilie", "forbidden"), ("o0", "forbidden"), ("p0", "forbidden")] {
            let a = actor(&ctx, h).await;
            let got = match announcements::reach(&ctx, &a, id).await { Ok(_) => "ok".to_owned(), Err(e) => code(&e).to_owned() };
            assert_eq!(got, want, "{h}");
        }
        let lars = actor(&ctx, "lars").await;
        assert!(matches!(announcements::reach(&ctx, &lars, PostId::new()).await, Err(Error::NotFound)));
        let org = space_of(&ctx, &lars, SpaceKind::Org, None).await;
        let plain = posts::create_post(&ctx, &lars, &PostInput { space_id: org, kind: "discussion".into(), body: "Hi".into(), ..PostInput::default() }).await.unwrap();
        assert!(matches!(announcements::reach(&ctx, &lars, plain.id).await, Err(Error::NotFound)), "no reach for a post that is not addressed");
    }
}

/// A small deterministic generator (xorshift), so a failing tree can be
/// rebuilt from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

backend_test! {
    async fn no_suppressed_unit_can_be_computed_from_what_reach_releases(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        for round in 0..8 {
            // A random tree of 4–9 units under a new root, 0–16 people each.
            let mut csv = String::from("email,name,handle,unit_path,title,work_mode,leader_of\n");
            let mut paths = vec![format!("T{round}")];
            let n_units = 4 + rng.next(6);
            for i in 0..n_units {
                let parent = paths[usize::try_from(rng.next(paths.len() as u64)).unwrap()].clone();
                paths.push(format!("{parent}/U{i}"));
            }
            writeln!(csv, "boss{round}@t.test,Boss {round},boss{round},T{round},,office,T{round}").unwrap();
            for (j, path) in paths.iter().enumerate() {
                for k in 0..rng.next(17) {
                    writeln!(csv, "r{round}u{j}p{k}@t.test,P,r{round}u{j}p{k},{path},,office,").unwrap();
                }
            }
            import::run(&ctx, csv.as_bytes(), false, &mut |_| {}).await.unwrap();
            samspill_testkit::accept_guidelines(ctx.db()).await;
            spaces::ensure_default_spaces(&ctx).await.unwrap();
            let boss = Actor { is_admin: true, ..actor(&ctx, &format!("boss{round}")).await };
            let all = units::list_units(ctx.db()).await.unwrap();
            let mine: Vec<_> = all.iter().filter(|u| u.path == paths[0] || u.path.starts_with(&format!("{}/", paths[0]))).collect();
            // One to three addressed units, chosen at random.
            let mut audience: Vec<UnitId> = (0..1 + rng.next(3)).map(|_| mine[usize::try_from(rng.next(mine.len() as u64)).unwrap()].id).collect();
            audience.sort();
            audience.dedup();
            let org = space_of(&ctx, &boss, SpaceKind::Org, None).await;
            let id = posts::create_post(&ctx, &boss, &addressed(org, "vision", audience.clone(), true)).await.unwrap().id;
            let r = announcements::reach(&ctx, &boss, id).await.unwrap();
            // The groups from a direct count, not from the reach code.
            let people = people::list_all_people(ctx.db()).await.unwrap();
            let listed: Vec<UnitId> = r.units.iter().map(|u| u.unit_id).collect();
            let groups: Vec<Group<UnitId>> = r.units.iter().map(|u| {
                let n = people.iter().filter(|p| p.is_active && p.unit_id == Some(u.unit_id)).count() as u64;
                Group { key: u.unit_id, parent: u.parent_id.filter(|p| listed.contains(p)), population: n, count: n }
            }).collect();
            let cell = |f: &Figures| match f {
                Figures::Shown { audience, .. } => Cell::Shown { population: *audience, count: *audience },
                Figures::Suppressed => Cell::Suppressed,
            };
            let released = Release { total: cell(&r.total), groups: r.units.iter().map(|u| (u.unit_id, cell(&u.figures))).collect() };
            assert_eq!(released, suppression::release(&groups, REACH_MIN), "round {round}: one release over the listed units");
            assert!(suppression::derivable(&groups, &released, REACH_MIN).is_empty(), "round {round}: a suppressed unit is computable");
            for u in &r.units {
                if let Figures::Shown { audience, seen, acknowledged, series } = &u.figures {
                    assert!(*audience >= REACH_MIN, "round {round}");
                    assert!(*seen <= *audience && *acknowledged <= *audience && series.is_empty());
                }
            }
        }
    }
}

backend_test! {
    async fn a_sub_leader_follows_up_and_the_original_shows_its_cascade(t: TestDb) {
        let ctx = setup(&t, &chart()).await;
        let id = lars_posts(&ctx, false).await;
        let platform = unit(&ctx, "Acme/Data/Platform").await;
        let data = unit(&ctx, "Acme/Data").await;
        let ops = unit(&ctx, "Acme/Ops").await;
        let pia = actor(&ctx, "pia").await;
        let oda = actor(&ctx, "oda").await;
        let lars = actor(&ctx, "lars").await;
        let status = announcements::cascade(&ctx, &lars, id).await.unwrap().unwrap();
        // Platform has a leader; ML has none, so no follow-up is expected there.
        assert_eq!(status.units.iter().map(|u| (u.path.as_str(), u.followed_up_by)).collect::<Vec<_>>(), [("Acme/Data/Platform", None)]);
        assert_eq!(announcements::follow_up_units(&ctx, &pia, id).await.unwrap().into_iter().map(|u| u.0).collect::<Vec<_>>(), [platform]);
        assert!(announcements::follow_up_units(&ctx, &oda, id).await.unwrap().is_empty());
        let pspace = space_of(&ctx, &pia, SpaceKind::Unit, Some(platform)).await;
        let follow = |units: Vec<UnitId>, of: PostId| PostInput { cascade_of: Some(of), ..addressed(pspace, "announcement", units, false) };
        // Refused: outside the original's audience, not addressed originals, not her units.
        let ospace = space_of(&ctx, &oda, SpaceKind::Unit, Some(ops)).await;
        let e = posts::create_post(&ctx, &oda, &PostInput { space_id: ospace, ..follow(vec![ops], id) }).await.unwrap_err();
        assert_eq!(code(&e), "cascade_of");
        let plain = posts::create_post(&ctx, &pia, &PostInput { space_id: pspace, kind: "discussion".into(), body: "Hi".into(), ..PostInput::default() }).await.unwrap().id;
        assert_eq!(code(&posts::create_post(&ctx, &pia, &follow(vec![platform], plain)).await.unwrap_err()), "cascade_of");
        assert_eq!(code(&posts::create_post(&ctx, &pia, &follow(vec![data], id)).await.unwrap_err()), "audience_unit_ids");
        assert_eq!(code(&posts::create_post(&ctx, &pia, &follow(vec![platform], PostId::new())).await.unwrap_err()), "cascade_of");
        // Accepted: linked, the author told, the status updated.
        let f = posts::create_post_detail(&ctx, &pia, &follow(vec![platform], id)).await.unwrap();
        assert_eq!(f.addressed.as_ref().and_then(|a| a.cascade_of), Some(id));
        let kinds: Vec<String> = notifications::list(&ctx, &lars, None, Some(50)).await.unwrap().0.items.into_iter().map(|n| n.kind).collect();
        assert_eq!(kinds, ["cascade"]);
        let status = announcements::cascade(&ctx, &oda, id).await.unwrap().unwrap();
        assert_eq!(status.units[0].followed_up_by, Some(f.post.id));
        assert_eq!(status.follow_ups.iter().map(|c| c.post_id).collect::<Vec<_>>(), [f.post.id]);
        // The follow-up reaches Platform, not the rest of Data.
        let p0 = actor(&ctx, "p0").await;
        let d0 = actor(&ctx, "d0").await;
        assert!(feed_ids(&ctx, &p0).await.1.contains(&f.post.id));
        assert!(!announcements::is_addressed_to(&ctx, &d0, f.post.id).await.unwrap());
    }
}
