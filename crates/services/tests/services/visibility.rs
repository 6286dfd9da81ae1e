//! The visibility truth table: every viewer role × every space (the org
//! space, a unit's, and communities of every visibility × read access ×
//! write access) × every read path, on both backends. Zero leaks, and
//! nothing hidden that should be shown.
//!
//! The read paths: a post's page, its comments, the HTML fragments (a post's
//! card, one comment), the space itself (seen and named, or not found), its
//! posts and members, the space list, the home feed, topic pages, search
//! (posts, comments, spaces), notifications (listed, counted, found one by
//! one as the live stream does), and the live stream's check of every event
//! the bus carried. Then who may post and comment.
//!
//! The expectations, written out once in [`Space`]: a space is *seen* by
//! everyone unless it is secret (then by members only); its posts are *read*
//! by members, and by everyone who sees it when `read_access = everyone`;
//! posting needs reading and, unless `write_access = everyone`, membership
//! (`members`) or moderating (`moderators`). Administrators see, read and
//! moderate everything. A private space is thus seen (listed, named, its
//! posts refused with 403) where a secret one is not found at all.

use samspill_domain::{CommentId, MemberRole, PostId, SpaceId, SpaceKind};
use samspill_services::shared::live::LiveEvent;
use samspill_services::social::feed::{self, FeedSources, Target};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::spaces::{self, NewCommunity};
use samspill_services::{
    Actor, Ctx, Error, org::import, social::comments, social::notifications, social::search,
};
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

/// Members, moderators and owners of every community; all but `other` and
/// `admin` are in unit A (so members of its space); `admin` administers.
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

/// A space of the world, with what was written in it and what it allows.
struct Space {
    /// `org`, `unit` or `community`.
    kind: &'static str,
    visibility: &'static str,
    read: &'static str,
    write: &'static str,
    id: SpaceId,
    name: String,
    /// The owner's post, which mentions every viewer.
    post: PostId,
    /// The owner's comment on it.
    comment: CommentId,
    /// A word found only in this space's name, post and comment (and the
    /// post's topic).
    word: String,
    /// What the live bus carried while the post and comment were written.
    live: Vec<LiveEvent>,
}

impl Space {
    fn label(&self) -> String {
        format!(
            "{} {} read={} write={}",
            self.kind, self.visibility, self.read, self.write
        )
    }

    fn is_member(&self, viewer: &str) -> bool {
        match self.kind {
            "org" => false,
            "unit" => matches!(viewer, "nonmember" | "member" | "moderator" | "owner"),
            _ => matches!(viewer, "member" | "moderator" | "owner"),
        }
    }

    fn moderates(&self, viewer: &str) -> bool {
        viewer == "admin" || (self.kind == "community" && matches!(viewer, "owner" | "moderator"))
    }

    /// Listed and named.
    fn sees(&self, viewer: &str) -> bool {
        viewer == "admin" || self.visibility != "secret" || self.is_member(viewer)
    }

    /// Its posts, comments and notifications about them.
    fn reads(&self, viewer: &str) -> bool {
        viewer == "admin"
            || self.is_member(viewer)
            || (self.visibility != "secret" && self.read == "everyone")
    }

    /// Posting and commenting.
    fn posts(&self, viewer: &str) -> bool {
        self.reads(viewer)
            && match self.write {
                "everyone" => true,
                "members" => self.is_member(viewer) || self.moderates(viewer),
                _ => self.moderates(viewer),
            }
    }
}

/// `zqaa`, `zqab`, …: words of one length, so none is a prefix of another.
fn word(i: usize) -> String {
    let letter = |n: usize| char::from(b'a' + u8::try_from(n % 26).unwrap());
    format!("zq{}{}", letter(i / 26), letter(i))
}

struct World {
    ctx: Ctx,
    spaces: Vec<Space>,
}

async fn world(t: &samspill_testkit::TestDb) -> World {
    let (ctx, _) = ctx(t);
    import::run(&ctx, CHART.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    samspill_testkit::accept_guidelines(ctx.db()).await;
    let owner = actor(&ctx, "owner").await;
    let moderator = actor(&ctx, "moderator").await;
    let member = actor(&ctx, "member").await;
    let all = spaces::list_spaces(&ctx, &owner).await.unwrap();
    let org = all.iter().find(|s| s.kind == SpaceKind::Org).unwrap();
    let unit_a = all
        .iter()
        .find(|s| s.kind == SpaceKind::Unit && s.name == "A")
        .unwrap();
    let mut made = vec![
        (
            "org",
            "open",
            "everyone",
            "everyone",
            org.id,
            org.name.clone(),
        ),
        (
            "unit",
            "open",
            "everyone",
            "members",
            unit_a.id,
            unit_a.name.clone(),
        ),
    ];
    for visibility in ["open", "private", "secret"] {
        for read in ["everyone", "members"] {
            for write in ["everyone", "members", "moderators"] {
                let name = format!("{visibility} {read} {write} {}", word(made.len()));
                let s = spaces::create_community(
                    &ctx,
                    &owner,
                    &NewCommunity {
                        name: name.clone(),
                        description: String::new(),
                        visibility: visibility.into(),
                    },
                )
                .await
                .unwrap();
                for p in [&member, &moderator] {
                    spaces::add_member(&ctx, &owner, s.id, p.id).await.unwrap();
                }
                spaces::set_role(&ctx, &owner, s.id, moderator.id, MemberRole::Moderator)
                    .await
                    .unwrap();
                samspill_testkit::set_space_access(ctx.db(), s.id.as_uuid(), read, write).await;
                made.push(("community", visibility, read, write, s.id, name));
            }
        }
    }
    let mentions = VIEWERS
        .iter()
        .map(|v| format!("@{v}"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut bus = ctx.bus.subscribe();
    let mut spaces = Vec::new();
    for (i, (kind, visibility, read, write, id, name)) in made.into_iter().enumerate() {
        let word = word(i);
        let post = posts::create_post(
            &ctx,
            &owner,
            &PostInput {
                space_id: id,
                kind: "discussion".into(),
                title: format!("In the {kind} {visibility} space"),
                body: format!("Hello {mentions} #{word}"),
                ..PostInput::default()
            },
        )
        .await
        .unwrap();
        let comment =
            comments::add_comment(&ctx, &owner, post.id, &format!("A comment {word}"), None)
                .await
                .unwrap();
        let mut live = Vec::new();
        while let Ok(e) = bus.try_recv() {
            live.push(e);
        }
        spaces.push(Space {
            kind,
            visibility,
            read,
            write,
            id,
            name,
            post: post.id,
            comment: comment.id,
            word,
            live,
        });
    }
    World { ctx, spaces }
}

backend_test! {
    async fn every_read_path_shows_exactly_what_each_viewer_may_read(t: TestDb) {
        let w = world(&t).await;
        let ctx = &w.ctx;
        let owner = actor(ctx, "owner").await;
        let mut checked = 0;
        for viewer in VIEWERS {
            let a = actor(ctx, viewer).await;
            // Follow every space one can see, and the author of every post,
            // so that the feed and the live stream expect exactly "readable".
            for s in &w.spaces {
                let _ = feed::follow(ctx, &a, &Target::Space(s.id), true).await;
            }
            let _ = feed::follow(ctx, &a, &Target::Person(owner.id), true).await;
            let sources = FeedSources::of(ctx, &a).await.unwrap();
            let home = feed::home(ctx, &a, None, Some(100)).await.unwrap();
            let feed_ids: Vec<PostId> = home.posts.items.iter().map(|p| p.id).collect();
            let (notes, unread) = notifications::list(ctx, &a, None, Some(100)).await.unwrap();
            let noted: Vec<Option<PostId>> = notes.items.iter().map(|n| n.post_id).collect();
            let listed = spaces::list_spaces(ctx, &a).await.unwrap();
            let mut expected_unread = 0;
            for s in &w.spaces {
                let (sees, reads) = (s.sees(viewer), s.reads(viewer));
                let case = format!("{viewer} in {}", s.label());

                // The space: seen and named, or the same 404 as one that does not exist.
                match spaces::get_space(ctx, &a, s.id).await {
                    Ok(v) => {
                        assert!(sees, "leak: space, {case}");
                        assert_eq!((v.name.as_str(), v.can_read), (s.name.as_str(), reads), "space, {case}");
                    }
                    Err(Error::NotFound) => assert!(!sees, "hidden: space, {case}"),
                    Err(e) => panic!("{case}: {e}"),
                }
                let in_list = listed.iter().find(|v| v.id == s.id);
                assert_eq!(in_list.is_some(), sees, "space list, {case}");
                assert!(in_list.is_none_or(|v| v.can_read == reads), "space list can_read, {case}");
                // Its own page: posts and members, 403 where seen but not read.
                for (what, answer) in [
                    ("space posts", feed::space_posts(ctx, &a, s.id, None, None).await.map(|p| p.items.iter().any(|x| x.id == s.post))),
                    ("members", spaces::members(ctx, &a, s.id).await.map(|_| true)),
                ] {
                    match answer {
                        Ok(found) => assert!(reads && found, "{what}, {case}"),
                        Err(Error::Forbidden) => assert!(sees && !reads, "{what} refused, {case}"),
                        Err(Error::NotFound) => assert!(!sees, "{what} not found, {case}"),
                        Err(e) => panic!("{what}, {case}: {e}"),
                    }
                }

                // The post's page: readable, or the same 404 as a post that does not exist.
                match posts::get_post(ctx, &a, s.post).await {
                    Ok(d) => assert!(reads, "leak: post, {case}: {}", d.post.title),
                    Err(Error::NotFound) => assert!(!reads, "hidden: post, {case}"),
                    Err(e) => panic!("{case}: {e}"),
                }
                assert_eq!(comments::list_comments(ctx, &a, s.post).await.is_ok(), reads, "comments, {case}");
                // The HTML fragments: a post's card, one comment.
                assert_eq!(posts::find_post(ctx, &a, s.post).await.unwrap().is_some(), reads, "card, {case}");
                assert_eq!(comments::find_comment(ctx, &a, s.comment).await.unwrap().is_some(), reads, "comment, {case}");
                // The feed and the topic page.
                assert_eq!(feed_ids.contains(&s.post), reads, "feed, {case}");
                let topic = feed::topic_posts(ctx, &a, &s.word, None, None).await.unwrap();
                assert_eq!(topic.items.iter().any(|p| p.id == s.post), reads, "topic, {case}");
                // Search, by kind: posts and comments read, spaces seen.
                let found = |kind: &'static str| {
                    let a = a.clone();
                    async move {
                        search::search(ctx, &a, &s.word, Some(kind), None).await.unwrap().iter().map(|h| h.id).collect::<Vec<_>>()
                    }
                };
                assert_eq!(found("post").await.contains(&s.post.as_uuid()), reads, "search posts, {case}");
                assert_eq!(found("comment").await.contains(&s.comment.as_uuid()), reads, "search comments, {case}");
                if s.kind == "community" {
                    assert_eq!(found("space").await.contains(&s.id.as_uuid()), sees, "search spaces, {case}");
                }

                // Notifications: everyone was mentioned, except the owner who wrote.
                if viewer != "owner" {
                    assert_eq!(noted.contains(&Some(s.post)), reads, "notifications, {case}");
                    expected_unread += i64::from(reads);
                }
                // The live stream: every event the bus carried for this space,
                // through the check the stream makes for this viewer.
                let mut mine = 0;
                for e in &s.live {
                    match *e {
                        LiveEvent::PostCreated { post, space, author } => {
                            let sent = feed::live_post(ctx, &a, &sources, post, space, author).await.unwrap();
                            assert_eq!(sent.is_some(), reads && viewer != "owner", "live post, {case}");
                        }
                        LiveEvent::CommentCreated { comment, .. } => {
                            let sent = comments::find_comment(ctx, &a, comment).await.unwrap();
                            assert_eq!(sent.is_some(), reads, "live comment, {case}");
                        }
                        LiveEvent::Notification { id, recipient } => {
                            let sent = notifications::find(ctx, &a, id).await.unwrap();
                            let own = recipient == a.id;
                            mine += i64::from(own);
                            assert_eq!(sent.is_some(), own && reads, "live notification, {case}");
                            assert!(sent.is_none_or(|n| n.post_id == Some(s.post)), "{case}");
                        }
                        // Carry no content; the stream reads the viewer's sources again.
                        LiveEvent::FeedChanged { .. } | LiveEvent::Resync => {}
                    }
                }
                assert_eq!(mine, i64::from(viewer != "owner"), "one mention each, {case}");
                checked += 1;
            }
            assert_eq!(unread, expected_unread, "unread count, {viewer}");
        }
        assert_eq!(checked, VIEWERS.len() * 20);
        // Each kind of answer occurs: the table is not trivially one-sided.
        let admin_reads_all = w.spaces.iter().all(|s| s.reads("admin"));
        let private_seen_unread = w.spaces.iter().any(|s| s.sees("other") && !s.reads("other"));
        let secret_unseen = w.spaces.iter().any(|s| !s.sees("other"));
        assert!(admin_reads_all && private_seen_unread && secret_unseen);
    }
}

backend_test! {
    async fn who_may_post_and_comment_follows_write_access(t: TestDb) {
        let w = world(&t).await;
        let ctx = &w.ctx;
        let mut allowed = 0;
        for viewer in VIEWERS {
            let a = actor(ctx, viewer).await;
            for s in &w.spaces {
                let (sees, reads, may) = (s.sees(viewer), s.reads(viewer), s.posts(viewer));
                let case = format!("{viewer} in {}", s.label());
                // What the pages offer.
                if let Ok(v) = spaces::get_space(ctx, &a, s.id).await {
                    assert_eq!(spaces::can_take_part(ctx, &a, &v).await.unwrap(), may, "composer, {case}");
                }
                if let Ok(d) = posts::get_post(ctx, &a, s.post).await {
                    assert_eq!(d.can_comment, may, "comment form, {case}");
                }
                // What the services do.
                let input = PostInput { space_id: s.id, kind: "discussion".into(), body: format!("By {viewer}"), ..PostInput::default() };
                match posts::create_post(ctx, &a, &input).await {
                    Ok(_) => assert!(may, "leak: posted, {case}"),
                    Err(Error::Forbidden) => assert!(sees && !may, "refused post, {case}"),
                    Err(Error::NotFound) => assert!(!sees, "post: space not found, {case}"),
                    Err(e) => panic!("{case}: {e}"),
                }
                match comments::add_comment(ctx, &a, s.post, &format!("From {viewer}"), None).await {
                    Ok(_) => assert!(may, "leak: commented, {case}"),
                    Err(Error::Forbidden) => assert!(reads && !may, "refused comment, {case}"),
                    Err(Error::NotFound) => assert!(!reads, "comment: post not found, {case}"),
                    Err(e) => panic!("{case}: {e}"),
                }
                allowed += usize::from(may);
            }
        }
        // Every write access lets some in and keeps some out.
        for write in ["everyone", "members", "moderators"] {
            let of = |s: &&Space| s.kind == "community" && s.write == write && s.reads("nonmember");
            let spaces: Vec<&Space> = w.spaces.iter().filter(of).collect();
            assert!(!spaces.is_empty());
            assert_eq!(spaces.iter().all(|s| s.posts("nonmember")), write == "everyone", "{write}");
        }
        assert!(allowed > 0 && allowed < VIEWERS.len() * w.spaces.len());
    }
}

backend_test! {
    async fn someone_removed_from_a_secret_space_stops_seeing_it_at_once(t: TestDb) {
        let w = world(&t).await;
        let ctx = &w.ctx;
        let owner = actor(ctx, "owner").await;
        let member = actor(ctx, "member").await;
        // Secret, even though its read access says everyone.
        let s = w.spaces.iter().find(|s| s.visibility == "secret" && s.read == "everyone").unwrap();
        let note = s.live.iter().find_map(|e| match *e {
            LiveEvent::Notification { id, recipient } if recipient == member.id => Some(id),
            _ => None,
        }).unwrap();
        assert!(posts::get_post(ctx, &member, s.post).await.is_ok());
        assert!(notifications::find(ctx, &member, note).await.unwrap().is_some());
        let before = notifications::unread(ctx, &member).await.unwrap();

        spaces::remove_member(ctx, &owner, s.id, member.id).await.unwrap();
        assert!(matches!(posts::get_post(ctx, &member, s.post).await, Err(Error::NotFound)));
        assert!(matches!(spaces::get_space(ctx, &member, s.id).await, Err(Error::NotFound)));
        assert!(matches!(feed::space_posts(ctx, &member, s.id, None, None).await, Err(Error::NotFound)));
        assert!(comments::list_comments(ctx, &member, s.post).await.is_err());
        assert!(posts::find_post(ctx, &member, s.post).await.unwrap().is_none());
        assert!(comments::find_comment(ctx, &member, s.comment).await.unwrap().is_none());
        assert!(notifications::find(ctx, &member, note).await.unwrap().is_none());
        let everywhere = search::search(ctx, &member, &s.word, None, None).await.unwrap();
        assert!(everywhere.is_empty(), "{everywhere:?}");
        assert!(!feed::home(ctx, &member, None, None).await.unwrap().posts.items.iter().any(|p| p.id == s.post));
        let _ = feed::follow(ctx, &member, &Target::Person(owner.id), true).await;
        let sources = FeedSources::of(ctx, &member).await.unwrap();
        assert!(feed::live_post(ctx, &member, &sources, s.post, s.id, owner.id).await.unwrap().is_none());
        assert_eq!(notifications::unread(ctx, &member).await.unwrap(), before - 1);
        let err = comments::add_comment(ctx, &member, s.post, "still here?", None).await.unwrap_err();
        assert!(matches!(err, Error::NotFound));
    }
}
