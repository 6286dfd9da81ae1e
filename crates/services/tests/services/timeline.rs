//! Timelines: the home feed read from what was written ahead must be the
//! same, page by page, as the merge of every source read on demand, through
//! joins, leaves, follows, unfollows, moves, deletions and a timeline that
//! ends early.

use samspill_domain::{PersonId, PostId, SpaceId, SpaceKind};
use samspill_services::social::feed::{self, FeedSources, Target};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::spaces::{self, NewCommunity};
use samspill_services::{Actor, Clock, Ctx, org::import};
use samspill_store::org::people;
use samspill_store::social::{posts as store_posts, timeline};
use samspill_testkit::backend_test;

use crate::ctx;

const CHART: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n\
    lead@acme.test,Lead,lead,Acme/Data,Head,office,Acme/Data\n\
    kari@acme.test,Kari,kari,Acme/Data,,client_site,\n\
    ola@acme.test,Ola,ola,Acme/Ops,,office,\n\
    siv@acme.test,Siv,siv,Acme/Ops,,remote,\n";

async fn actor(ctx: &Ctx, handle: &str) -> Actor {
    Actor::of(
        &people::find_person_by_handle(ctx.db(), handle)
            .await
            .unwrap()
            .unwrap(),
    )
}

/// Every page of the home feed, `size` at a time.
async fn home_pages(ctx: &Ctx, who: &Actor, size: i64) -> Vec<PostId> {
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = feed::home(ctx, who, cursor.as_deref(), Some(size))
            .await
            .unwrap();
        seen.extend(page.posts.items.iter().map(|p| p.id));
        match page.posts.next_cursor {
            Some(c) => cursor = Some(c),
            None => return seen,
        }
    }
}

/// The feed as the sources give it, read on demand without any timeline.
async fn reference(ctx: &Ctx, who: &Actor) -> Vec<PostId> {
    let sources = FeedSources::of(ctx, who).await.unwrap();
    store_posts::feed_heads(ctx.db(), &who.viewer(), &sources.sources, None, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.0)
        .collect()
}

async fn same_feed(ctx: &Ctx, who: &Actor, when: &str) {
    let expected = reference(ctx, who).await;
    for size in [3, 20] {
        assert_eq!(
            home_pages(ctx, who, size).await,
            expected,
            "{when}: pages of {size}"
        );
    }
}

struct World {
    ctx: Ctx,
    clock: std::sync::Arc<samspill_services::FixedClock>,
    data: SpaceId,
    ops: SpaceId,
    org: SpaceId,
}

async fn world(t: &samspill_testkit::TestDb) -> World {
    let (ctx, clock) = ctx(t);
    import::run(&ctx, CHART.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    samspill_testkit::accept_guidelines(ctx.db()).await;
    let kari = actor(&ctx, "kari").await;
    let all = spaces::list_spaces(&ctx, &kari).await.unwrap();
    let find = |name: &str| all.iter().find(|s| s.name == name).unwrap().id;
    let org = all.iter().find(|s| s.kind == SpaceKind::Org).unwrap().id;
    World {
        data: find("Data"),
        ops: find("Ops"),
        org,
        ctx,
        clock,
    }
}

impl World {
    async fn post(&self, who: &Actor, space: SpaceId, body: &str) -> PostId {
        self.clock.advance(time::Duration::seconds(1));
        posts::create_post(
            &self.ctx,
            who,
            &PostInput {
                space_id: space,
                kind: "discussion".into(),
                body: body.into(),
                ..PostInput::default()
            },
        )
        .await
        .unwrap()
        .id
    }
}

backend_test! {
    async fn the_home_feed_is_the_merge_of_its_sources_through_every_change(t: TestDb) {
        let w = world(&t).await;
        let ctx = &w.ctx;
        let (lead, kari, ola, siv) = (actor(ctx, "lead").await, actor(ctx, "kari").await, actor(ctx, "ola").await, actor(ctx, "siv").await);
        let club = spaces::create_community(ctx, &kari, &NewCommunity { name: "Rust".into(), description: String::new(), visibility: "open".into() }).await.unwrap().id;
        let secret = spaces::create_community(ctx, &lead, &NewCommunity { name: "Board".into(), description: String::new(), visibility: "secret".into() }).await.unwrap().id;
        for i in 0..6 {
            w.post(&kari, w.data, &format!("data {i} #rust")).await;
            w.post(&lead, w.org, &format!("org {i}")).await;
            w.post(&kari, club, &format!("club {i}")).await;
            w.post(&siv, w.ops, &format!("ops {i} #coffee")).await;
            w.post(&lead, secret, &format!("secret {i} #rust")).await;
        }
        for who in [&lead, &kari, &ola, &siv] {
            same_feed(ctx, who, "after posting").await;
        }
        // Follows of a person, a topic and a space take effect at once, and
        // so do unfollows.
        feed::follow(ctx, &ola, &Target::Person(kari.id), true).await.unwrap();
        same_feed(ctx, &ola, "followed a person").await;
        feed::follow(ctx, &ola, &Target::Topic("#rust".into()), true).await.unwrap();
        feed::follow(ctx, &siv, &Target::Space(club), true).await.unwrap();
        same_feed(ctx, &ola, "followed a topic (the secret space's posts stay unread)").await;
        same_feed(ctx, &siv, "followed a space").await;
        w.post(&kari, club, "after the follows #rust").await;
        w.post(&lead, secret, "secret again #rust").await;
        for who in [&lead, &kari, &ola, &siv] {
            same_feed(ctx, who, "posts after the follows").await;
        }
        feed::follow(ctx, &ola, &Target::Person(kari.id), false).await.unwrap();
        same_feed(ctx, &ola, "unfollowed a person").await;
        // Joining and leaving a space.
        spaces::join(ctx, &ola, club).await.unwrap();
        same_feed(ctx, &ola, "joined").await;
        spaces::remove_member(ctx, &ola, club, ola.id).await.unwrap();
        same_feed(ctx, &ola, "left").await;
        // A deleted post leaves every feed.
        let gone = w.post(&siv, w.ops, "oops").await;
        posts::delete_post(ctx, &siv, gone).await.unwrap();
        assert!(!home_pages(ctx, &ola, 20).await.contains(&gone));
        same_feed(ctx, &ola, "deleted").await;
        // Moving to another unit changes the unit space at once.
        let mut tx = ctx.db().begin().await.unwrap();
        let data_unit = people::find_person(ctx.db(), kari.id).await.unwrap().unwrap().unit_id;
        people::move_person(&mut tx, siv.id, data_unit, w.clock.now()).await.unwrap();
        tx.commit().await.unwrap();
        let siv = actor(ctx, "siv").await;
        same_feed(ctx, &siv, "moved to Data").await;
    }
}

backend_test! {
    async fn a_post_is_written_to_its_audience_and_the_org_space_to_nobody(t: TestDb) {
        let w = world(&t).await;
        let ctx = &w.ctx;
        let (lead, kari, ola, siv) = (actor(ctx, "lead").await, actor(ctx, "kari").await, actor(ctx, "ola").await, actor(ctx, "siv").await);
        feed::follow(ctx, &siv, &Target::Topic("#plans".into()), true).await.unwrap();
        let count = |p: PersonId| timeline::count(ctx.db(), p);
        w.post(&lead, w.org, "everyone reads this #plans").await;
        for p in [lead.id, kari.id, ola.id, siv.id] {
            assert_eq!(count(p).await.unwrap(), 0, "org space posts are read on demand");
        }
        w.post(&kari, w.data, "for Data #plans").await;
        assert_eq!(count(lead.id).await.unwrap(), 1, "the unit's people");
        assert_eq!(count(kari.id).await.unwrap(), 1);
        assert_eq!(count(ola.id).await.unwrap(), 0, "another unit");
        assert_eq!(count(siv.id).await.unwrap(), 1, "the topic's followers");
        // The org space's posts are still in everyone's feed.
        assert_eq!(home_pages(ctx, &ola, 20).await.len(), 1);
        assert_eq!(home_pages(ctx, &siv, 20).await.len(), 2);
    }
}

backend_test! {
    async fn a_feed_read_past_the_timelines_end_continues_from_the_sources(t: TestDb) {
        let w = world(&t).await;
        let ctx = &w.ctx;
        let (lead, kari) = (actor(ctx, "lead").await, actor(ctx, "kari").await);
        for i in 0..25 {
            w.post(&kari, w.data, &format!("data {i}")).await;
            if i % 3 == 0 {
                w.post(&lead, w.org, &format!("org {i}")).await;
            }
        }
        assert_eq!(timeline::count(ctx.db(), lead.id).await.unwrap(), 25);
        // Keep only the newest 7 entries, as a timeline rebuilt to its depth
        // keeps only the newest: older posts come from the sources.
        let mut tx = ctx.db().begin().await.unwrap();
        timeline::trim(&mut tx, lead.id, 7).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(timeline::count(ctx.db(), lead.id).await.unwrap(), 7);
        same_feed(ctx, &lead, "trimmed").await;
        // An empty timeline reads everything from the sources.
        let mut tx = ctx.db().begin().await.unwrap();
        timeline::trim(&mut tx, lead.id, 0).await.unwrap();
        tx.commit().await.unwrap();
        same_feed(ctx, &lead, "empty").await;
        assert_eq!(home_pages(ctx, &lead, 20).await.len(), 34);
    }
}
