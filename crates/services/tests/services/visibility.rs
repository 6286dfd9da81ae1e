//! The visibility truth table: every viewer role × every space kind × every
//! read path, on both backends. Zero leaks, and nothing hidden that should
//! be shown.

use samspill_domain::{MemberRole, PostId, SpaceId, SpaceKind};
use samspill_services::social::feed::{self, Target};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::spaces::{self, NewCommunity};
use samspill_services::{Actor, Ctx, Error, org::import, social::comments, social::notifications};
use samspill_store::org::people;
use samspill_testkit::backend_test;

use crate::ctx;

const CHART: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n\
    owner@acme.test,Owner,owner,Acme/A,,office,\n\
    moderator@acme.test,Moderator,moderator,Acme/A,,office,\n\
    member@acme.test,Member,member,Acme/A,,office,\n\
    nonmember@acme.test,Nonmember,nonmember,Acme/A,,office,\n\
    other@acme.test,Other,other,Acme/B,,office,\n\
    admin@acme.test,Admin,admin,Acme/B,,office,\n";

const VIEWERS: [&str; 6] = [
    "nonmember",
    "member",
    "moderator",
    "owner",
    "admin",
    "other",
];

async fn actor(ctx: &Ctx, handle: &str) -> Actor {
    let mut p = people::find_person_by_handle(ctx.db(), handle)
        .await
        .unwrap()
        .unwrap();
    if handle == "admin" {
        let mut tx = ctx.db().begin().await.unwrap();
        people::set_admin(&mut tx, p.id, true).await.unwrap();
        tx.commit().await.unwrap();
        p.is_admin = true;
    }
    Actor::of(&p)
}

/// Expected: may `viewer` read posts of a space of `kind`?
fn readable(kind: &str, viewer: &str) -> bool {
    match kind {
        "org" | "unit" | "open" => true,
        _ => matches!(viewer, "member" | "moderator" | "owner" | "admin"),
    }
}

struct World {
    ctx: Ctx,
    spaces: Vec<(&'static str, SpaceId, PostId)>,
}

async fn world(t: &samspill_testkit::TestDb) -> World {
    let (ctx, _) = ctx(t);
    import::run(&ctx, CHART.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    let owner = actor(&ctx, "owner").await;
    let moderator = actor(&ctx, "moderator").await;
    let member = actor(&ctx, "member").await;
    let all = spaces::list_spaces(&ctx, &owner).await.unwrap();
    let org = all.iter().find(|s| s.kind == SpaceKind::Org).unwrap().id;
    let unit_a = all
        .iter()
        .find(|s| s.kind == SpaceKind::Unit && s.name == "A")
        .unwrap()
        .id;
    let mut list = vec![("org", org), ("unit", unit_a)];
    for vis in ["open", "private", "secret"] {
        let s = spaces::create_community(
            &ctx,
            &owner,
            &NewCommunity {
                name: format!("{vis} club"),
                description: String::new(),
                visibility: vis.into(),
            },
        )
        .await
        .unwrap();
        spaces::add_member(&ctx, &owner, s.id, member.id)
            .await
            .unwrap();
        spaces::add_member(&ctx, &owner, s.id, moderator.id)
            .await
            .unwrap();
        spaces::set_role(&ctx, &owner, s.id, moderator.id, MemberRole::Moderator)
            .await
            .unwrap();
        list.push((vis, s.id));
    }
    let mentions = VIEWERS
        .iter()
        .map(|v| format!("@{v}"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut spaces_posts = Vec::new();
    for (kind, space) in list {
        let post = posts::create_post(
            &ctx,
            &owner,
            &PostInput {
                space_id: space,
                kind: "discussion".into(),
                title: format!("In the {kind} space"),
                body: format!("Hello {mentions} #{kind}topic"),
                ..PostInput::default()
            },
        )
        .await
        .unwrap();
        comments::add_comment(&ctx, &owner, post.id, "A comment", None)
            .await
            .unwrap();
        spaces_posts.push((kind, space, post.id));
    }
    World {
        ctx,
        spaces: spaces_posts,
    }
}

backend_test! {
    async fn every_read_path_shows_exactly_what_each_viewer_may_read(t: TestDb) {
        let w = world(&t).await;
        let ctx = &w.ctx;
        let mut checked = 0;
        for viewer in VIEWERS {
            let a = actor(ctx, viewer).await;
            // Follow every space one can see, so the feed's expectation is "readable".
            for (_, space, _) in &w.spaces {
                let _ = feed::follow(ctx, &a, &Target::Space(*space), true).await;
            }
            let home = feed::home(ctx, &a, None, Some(100)).await.unwrap();
            let feed_ids: Vec<PostId> = home.posts.items.iter().map(|p| p.id).collect();
            let (notes, unread) = notifications::list(ctx, &a, None, Some(100)).await.unwrap();
            let noted: Vec<Option<PostId>> = notes.items.iter().map(|n| n.post_id).collect();
            let listed: Vec<SpaceId> = spaces::list_spaces(ctx, &a).await.unwrap().iter().map(|s| s.id).collect();
            let mut expected_unread = 0;
            for (kind, space, post) in &w.spaces {
                let can = readable(kind, viewer);
                let case = format!("{viewer} in {kind}");
                // The post itself: readable, or the same 404 as a post that does not exist.
                match posts::get_post(ctx, &a, *post).await {
                    Ok(d) => assert!(can, "leak: post, {case}: {}", d.post.title),
                    Err(Error::NotFound) => assert!(!can, "hidden: post, {case}"),
                    Err(e) => panic!("{case}: {e}"),
                }
                // Its comments.
                assert_eq!(comments::list_comments(ctx, &a, *post).await.is_ok(), can, "comments, {case}");
                // The space's post list.
                let listing = feed::space_posts(ctx, &a, *space, None, None).await;
                assert_eq!(listing.as_ref().is_ok_and(|p| p.items.iter().any(|x| x.id == *post)), can, "space posts, {case}");
                // The feed.
                assert_eq!(feed_ids.contains(post), can, "feed, {case}");
                // Topic pages.
                let topic = feed::topic_posts(ctx, &a, &format!("{kind}topic"), None, None).await.unwrap();
                assert_eq!(topic.items.iter().any(|p| p.id == *post), can, "topic, {case}");
                // Notifications (everyone was mentioned, except the owner who wrote).
                if viewer != "owner" {
                    assert_eq!(noted.contains(&Some(*post)), can, "notifications, {case}");
                    expected_unread += i64::from(can);
                }
                // The space list: secret spaces only for their members.
                let sees = *kind != "secret" || can;
                assert_eq!(listed.contains(space), sees, "space list, {case}");
                checked += 1;
            }
            assert_eq!(unread, expected_unread, "unread count, {viewer}");
        }
        assert_eq!(checked, VIEWERS.len() * 5);
    }
}

backend_test! {
    async fn someone_removed_from_a_secret_space_stops_seeing_it_at_once(t: TestDb) {
        let w = world(&t).await;
        let ctx = &w.ctx;
        let owner = actor(ctx, "owner").await;
        let member = actor(ctx, "member").await;
        let (_, secret, post) = *w.spaces.iter().find(|(k, _, _)| *k == "secret").unwrap();
        assert!(posts::get_post(ctx, &member, post).await.is_ok());
        let before = notifications::unread(ctx, &member).await.unwrap();

        spaces::remove_member(ctx, &owner, secret, member.id).await.unwrap();
        assert!(matches!(posts::get_post(ctx, &member, post).await, Err(Error::NotFound)));
        assert!(matches!(spaces::get_space(ctx, &member, secret).await, Err(Error::NotFound)));
        assert!(comments::list_comments(ctx, &member, post).await.is_err());
        assert!(!feed::home(ctx, &member, None, None).await.unwrap().posts.items.iter().any(|p| p.id == post));
        assert_eq!(notifications::unread(ctx, &member).await.unwrap(), before - 1);
        let err = comments::add_comment(ctx, &member, post, "still here?", None).await.unwrap_err();
        assert!(matches!(err, Error::NotFound));
    }
}
