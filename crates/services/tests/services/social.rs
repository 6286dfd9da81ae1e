//! Spaces, posts, comments, reactions, polls, answers, follows and the feed.

use samspill_domain::{MemberRole, Reaction, SpaceKind};
use samspill_services::social::feed::{self, Target};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::spaces::{self, Joined, NewCommunity};
use samspill_services::{Actor, Ctx, Error, org::import, social::comments, social::notifications};
use samspill_store::org::people;
use samspill_testkit::backend_test;

use crate::ctx;

const CHART: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n\
    lead@acme.test,Lead,lead,Acme/Data,Head,office,Acme/Data\n\
    kari@acme.test,Kari,kari,Acme/Data,,client_site,\n\
    ola@acme.test,Ola,ola,Acme/Ops,,office,\n";

async fn actor(ctx: &Ctx, handle: &str) -> Actor {
    Actor::of(
        &people::find_person_by_handle(ctx.db(), handle)
            .await
            .unwrap()
            .unwrap(),
    )
}

async fn setup(
    t: &samspill_testkit::TestDb,
) -> (Ctx, std::sync::Arc<samspill_services::FixedClock>) {
    let (ctx, clock) = ctx(t);
    import::run(&ctx, CHART.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    samspill_testkit::accept_guidelines(ctx.db()).await;
    (ctx, clock)
}

backend_test! {
    async fn units_get_spaces_and_only_their_people_post_in_them(t: TestDb) {
        let (ctx, _) = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let data = spaces::list_spaces(&ctx, &kari).await.unwrap().into_iter().find(|s| s.name == "Data").unwrap();
        assert_eq!(data.kind, SpaceKind::Unit);
        assert!(data.is_member);
        let post = |a: Actor| {
            let ctx = ctx.clone();
            async move {
                posts::create_post(&ctx, &a, &PostInput { space_id: data.id, kind: "discussion".into(), body: "Hi".into(), ..PostInput::default() }).await
            }
        };
        post(kari.clone()).await.unwrap();
        assert!(matches!(post(ola.clone()).await, Err(Error::Forbidden)), "readable by all, writable by its unit");
        assert_eq!(feed::space_posts(&ctx, &ola, data.id, None, None).await.unwrap().items.len(), 1);
    }
}

backend_test! {
    async fn private_communities_take_requests_that_moderators_approve(t: TestDb) {
        let (ctx, _) = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let club = spaces::create_community(&ctx, &kari, &NewCommunity { name: "Data guild".into(), description: "Talk".into(), visibility: "private".into() }).await.unwrap();
        assert_eq!(club.my_role, Some(MemberRole::Owner));
        assert_eq!(spaces::join(&ctx, &ola, club.id).await.unwrap(), Joined::Requested);
        let (notes, unread) = notifications::list(&ctx, &kari, None, None).await.unwrap();
        assert_eq!((notes.items[0].kind.as_str(), unread), ("join_request", 1));
        assert!(matches!(feed::space_posts(&ctx, &ola, club.id, None, None).await, Err(Error::Forbidden)));
        assert!(matches!(spaces::requests(&ctx, &ola, club.id).await, Err(Error::Forbidden)));
        assert_eq!(spaces::requests(&ctx, &kari, club.id).await.unwrap().len(), 1);
        spaces::add_member(&ctx, &kari, club.id, ola.id).await.unwrap();
        assert!(spaces::requests(&ctx, &kari, club.id).await.unwrap().is_empty());
        assert!(spaces::get_space(&ctx, &ola, club.id).await.unwrap().is_member);
        assert!(matches!(spaces::remove_member(&ctx, &kari, club.id, kari.id).await, Err(Error::Conflict { code: "last_owner", .. })));
        spaces::remove_member(&ctx, &ola, club.id, ola.id).await.unwrap();
        let bad = spaces::create_community(&ctx, &kari, &NewCommunity { name: " ".into(), description: String::new(), visibility: "hidden".into() }).await;
        let Err(Error::Invalid(e)) = bad else { panic!() };
        assert_eq!(e.len(), 2);
    }
}

backend_test! {
    async fn questions_get_answers_and_the_asker_accepts_one(t: TestDb) {
        let (ctx, _) = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let lead = actor(&ctx, "lead").await;
        let org = spaces::list_spaces(&ctx, &kari).await.unwrap().into_iter().find(|s| s.kind == SpaceKind::Org).unwrap();
        let q = posts::create_post(&ctx, &kari, &PostInput { space_id: org.id, kind: "question".into(), title: "How do we deploy?".into(), body: "Asking @lead and @ola about #deploy".into(), ..PostInput::default() }).await.unwrap();
        assert!(q.body_html.contains(r#"href="/people/lead""#));
        let a1 = comments::add_comment(&ctx, &ola, q.id, "With the pipeline", None).await.unwrap();
        let reply = comments::add_comment(&ctx, &lead, q.id, "Agree with @ola", Some(a1.id)).await.unwrap();
        assert_eq!(reply.parent_id, Some(a1.id));
        assert!(matches!(posts::accept_answer(&ctx, &ola, q.id, a1.id).await, Err(Error::Forbidden)));
        let d = posts::accept_answer(&ctx, &kari, q.id, a1.id).await.unwrap();
        assert_eq!(d.post.accepted_comment_id, Some(a1.id));
        assert_eq!(d.post.comment_count, 2);
        let kinds = |a: Actor| {
            let ctx = ctx.clone();
            async move { notifications::list(&ctx, &a, None, None).await.unwrap().0.items.into_iter().map(|n| n.kind).collect::<Vec<_>>() }
        };
        assert_eq!(kinds(kari.clone()).await, ["answer", "answer"]);
        assert_eq!(kinds(ola.clone()).await, ["accepted", "reply", "mention"]);
        assert_eq!(kinds(lead.clone()).await, ["mention"]);
        notifications::mark_read(&ctx, &ola, None).await.unwrap();
        assert_eq!(notifications::unread(&ctx, &ola).await.unwrap(), 0);
    }
}

backend_test! {
    async fn reactions_are_idempotent_polls_count_one_changeable_vote_and_edits_keep_history(t: TestDb) {
        let (ctx, clock) = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let org = spaces::list_spaces(&ctx, &kari).await.unwrap().into_iter().find(|s| s.kind == SpaceKind::Org).unwrap();
        let poll = posts::create_post(&ctx, &kari, &PostInput { space_id: org.id, kind: "poll".into(), body: "Lunch?".into(), options: vec!["Pizza".into(), "Sushi".into()], ..PostInput::default() }).await.unwrap();
        posts::react(&ctx, &ola, poll.id, Reaction::Celebrate, true).await.unwrap();
        let d = posts::react(&ctx, &ola, poll.id, Reaction::Celebrate, true).await.unwrap();
        assert_eq!(d.reactions.get(&Reaction::Celebrate), Some(&1));
        assert_eq!(d.my_reactions, [Reaction::Celebrate]);
        posts::react(&ctx, &kari, poll.id, Reaction::Like, true).await.unwrap();
        let d = posts::react(&ctx, &ola, poll.id, Reaction::Like, true).await.unwrap();
        assert_eq!(d.my_reactions, [Reaction::Celebrate, Reaction::Like], "stored order: by name");
        assert_eq!(d.reactions.get(&Reaction::Like), Some(&2));
        let d = posts::react(&ctx, &ola, poll.id, Reaction::Celebrate, false).await.unwrap();
        assert_eq!((d.reactions.get(&Reaction::Celebrate), d.my_reactions.as_slice()), (None, &[Reaction::Like][..]));
        posts::vote(&ctx, &ola, poll.id, 0).await.unwrap();
        let d = posts::vote(&ctx, &ola, poll.id, 1).await.unwrap();
        assert_eq!(d.poll, [("Pizza".to_owned(), 0), ("Sushi".to_owned(), 1)]);
        assert_eq!(d.my_vote, Some(1));
        assert!(posts::vote(&ctx, &ola, poll.id, 2).await.is_err());

        clock.advance(time::Duration::minutes(5));
        assert!(matches!(posts::edit_post(&ctx, &ola, poll.id, None, Some("Mine now")).await, Err(Error::Forbidden)));
        let edited = posts::edit_post(&ctx, &kari, poll.id, Some("Lunch poll"), Some("Lunch on Friday?")).await.unwrap();
        assert_eq!(edited.title, "Lunch poll");
        assert!(edited.updated_at > edited.created_at);
        let history = samspill_store::social::posts::list_revisions(ctx.db(), poll.id).await.unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].1, "Lunch?");

        // First-view receipts are once per person.
        posts::get_post(&ctx, &ola, poll.id).await.unwrap();
        posts::get_post(&ctx, &ola, poll.id).await.unwrap();
        assert_eq!(samspill_store::social::posts::count_views(ctx.db(), poll.id).await.unwrap(), 1);

        assert!(matches!(posts::delete_post(&ctx, &ola, poll.id).await, Err(Error::Forbidden)));
        posts::delete_post(&ctx, &kari, poll.id).await.unwrap();
        assert!(matches!(posts::get_post(&ctx, &ola, poll.id).await, Err(Error::NotFound)));
    }
}

backend_test! {
    async fn the_feed_follows_people_and_topics_pins_important_posts_and_pages_by_cursor(t: TestDb) {
        let (ctx, clock) = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let lead = actor(&ctx, "lead").await;
        let all = spaces::list_spaces(&ctx, &kari).await.unwrap();
        let data = all.iter().find(|s| s.name == "Data").unwrap().id;
        let org = all.iter().find(|s| s.kind == SpaceKind::Org).unwrap().id;
        let club = spaces::create_community(&ctx, &kari, &NewCommunity { name: "Rust".into(), description: String::new(), visibility: "open".into() }).await.unwrap();
        let mut made = Vec::new();
        for i in 0..5 {
            clock.advance(time::Duration::seconds(1));
            let body = if i == 4 { "about #rust".to_owned() } else { format!("post {i}") };
            made.push(posts::create_post(&ctx, &kari, &PostInput { space_id: if i < 2 { data } else { club.id }, kind: "discussion".into(), body, ..PostInput::default() }).await.unwrap().id);
        }
        // Ola (another unit, not in the club) sees none of these yet.
        assert!(feed::home(&ctx, &ola, None, None).await.unwrap().posts.items.is_empty());
        feed::follow(&ctx, &ola, &Target::Topic("#Rust".into()), true).await.unwrap();
        assert_eq!(feed::home(&ctx, &ola, None, None).await.unwrap().posts.items.iter().map(|p| p.id).collect::<Vec<_>>(), [made[4]]);
        feed::follow(&ctx, &ola, &Target::Person(kari.id), true).await.unwrap();
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = feed::home(&ctx, &ola, cursor.as_deref(), Some(2)).await.unwrap();
            seen.extend(page.posts.items.iter().map(|p| p.id));
            match page.posts.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        let mut newest_first = made.clone();
        newest_first.reverse();
        assert_eq!(seen, newest_first, "every post once, newest first");
        assert!(feed::home(&ctx, &ola, None, Some(101)).await.is_err(), "limit above 100 is refused");
        assert!(matches!(feed::follow(&ctx, &ola, &Target::Person(ola.id), true).await, Err(Error::Invalid(_))));

        // An important post stays pinned until acknowledged.
        assert!(posts::create_post(&ctx, &kari, &PostInput { space_id: org, kind: "announcement".into(), body: "x".into(), important: true, ..PostInput::default() }).await.is_err(), "only moderators pin");
        let admin_like = Actor { is_admin: true, ..lead.clone() };
        let pinned = posts::create_post(&ctx, &admin_like, &PostInput { space_id: org, kind: "announcement".into(), body: "Read me".into(), important: true, ..PostInput::default() }).await.unwrap();
        assert_eq!(feed::home(&ctx, &ola, None, None).await.unwrap().pinned[0].id, pinned.id);
        posts::acknowledge(&ctx, &ola, pinned.id).await.unwrap();
        assert!(feed::home(&ctx, &ola, None, None).await.unwrap().pinned.is_empty());
    }
}

backend_test! {
    async fn a_topic_lists_posts_by_creation_time_and_pages_across_an_edit(t: TestDb) {
        let (ctx, clock) = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let org = spaces::list_spaces(&ctx, &kari).await.unwrap().into_iter().find(|s| s.kind == SpaceKind::Org).unwrap().id;
        let mut made = Vec::new();
        for i in 0..3 {
            clock.advance(time::Duration::seconds(1));
            made.push(posts::create_post(&ctx, &kari, &PostInput { space_id: org, kind: "discussion".into(), body: format!("{i} on #Cloud"), ..PostInput::default() }).await.unwrap().id);
        }
        // Editing the oldest post (still about the topic) must not move it up.
        clock.advance(time::Duration::minutes(5));
        posts::edit_post(&ctx, &kari, made[0], None, Some("first, edited, on #cloud")).await.unwrap();
        let first = feed::topic_posts(&ctx, &ola, "cloud", None, Some(2)).await.unwrap();
        assert_eq!(first.items.iter().map(|p| p.id).collect::<Vec<_>>(), [made[2], made[1]]);
        let rest = feed::topic_posts(&ctx, &ola, "cloud", first.next_cursor.as_deref(), Some(2)).await.unwrap();
        assert_eq!(rest.items.iter().map(|p| p.id).collect::<Vec<_>>(), [made[0]]);
        assert!(rest.next_cursor.is_none());
    }
}

backend_test! {
    async fn moderators_manage_members_but_only_owners_grant_or_take_ownership(t: TestDb) {
        let (ctx, _) = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let lead = actor(&ctx, "lead").await;
        let club = spaces::create_community(&ctx, &kari, &NewCommunity { name: "Guild".into(), description: String::new(), visibility: "open".into() }).await.unwrap().id;
        spaces::add_member(&ctx, &kari, club, ola.id).await.unwrap();
        spaces::add_member(&ctx, &kari, club, lead.id).await.unwrap();
        spaces::set_role(&ctx, &kari, club, ola.id, MemberRole::Moderator).await.unwrap();
        let role = |p| { let ctx = ctx.clone(); async move { samspill_store::social::spaces::find_role(ctx.db(), club, p).await.unwrap() } };
        // A moderator promotes and demotes members…
        spaces::set_role(&ctx, &ola, club, lead.id, MemberRole::Moderator).await.unwrap();
        spaces::set_role(&ctx, &ola, club, lead.id, MemberRole::Member).await.unwrap();
        assert_eq!(role(lead.id).await, Some(MemberRole::Member));
        // …but neither makes an owner nor touches one.
        assert!(matches!(spaces::set_role(&ctx, &ola, club, lead.id, MemberRole::Owner).await, Err(Error::Forbidden)));
        assert!(matches!(spaces::set_role(&ctx, &ola, club, kari.id, MemberRole::Member).await, Err(Error::Forbidden)));
        assert!(matches!(spaces::remove_member(&ctx, &ola, club, kari.id).await, Err(Error::Forbidden)));
        assert_eq!(role(kari.id).await, Some(MemberRole::Owner));
        // Roles are for members only, and the last owner keeps the role.
        let stranger = people::find_person_by_handle(ctx.db(), "lead").await.unwrap().unwrap().id;
        spaces::remove_member(&ctx, &kari, club, stranger).await.unwrap();
        assert!(matches!(spaces::set_role(&ctx, &kari, club, stranger, MemberRole::Moderator).await, Err(Error::NotFound)));
        assert_eq!(role(stranger).await, None);
        assert!(matches!(spaces::set_role(&ctx, &kari, club, kari.id, MemberRole::Member).await, Err(Error::Conflict { code: "last_owner", .. })));
        // An owner hands ownership on; then the old owner may step down.
        spaces::set_role(&ctx, &kari, club, ola.id, MemberRole::Owner).await.unwrap();
        spaces::set_role(&ctx, &kari, club, kari.id, MemberRole::Member).await.unwrap();
        assert_eq!(role(kari.id).await, Some(MemberRole::Member));
    }
}

backend_test! {
    async fn a_feed_of_more_sources_than_one_read_takes_is_still_whole_and_in_order(t: TestDb) {
        let (ctx, clock) = setup(&t).await;
        let mut chart = String::from("email,name,handle,unit_path,title,work_mode,leader_of\n");
        for i in 0..130 {
            chart.push_str(&format!("p{i}@acme.test,Person {i},p{i},Acme/Sales,,office,\n"));
        }
        import::run(&ctx, chart.as_bytes(), false, &mut |_| {}).await.unwrap();
        samspill_testkit::accept_guidelines(ctx.db()).await;
        let ola = actor(&ctx, "ola").await;
        let sales = spaces::list_spaces(&ctx, &ola).await.unwrap().into_iter().find(|s| s.name == "Sales").unwrap().id;
        let mut made = Vec::new();
        for i in 0..130 {
            let p = actor(&ctx, &format!("p{i}")).await;
            feed::follow(&ctx, &ola, &Target::Person(p.id), true).await.unwrap();
            clock.advance(time::Duration::seconds(1));
            made.push(posts::create_post(&ctx, &p, &PostInput { space_id: sales, kind: "discussion".into(), body: format!("note {i}"), ..PostInput::default() }).await.unwrap().id);
        }
        made.reverse();
        let first = feed::home(&ctx, &ola, None, Some(100)).await.unwrap();
        assert_eq!(first.posts.items.iter().map(|p| p.id).collect::<Vec<_>>(), made[..100]);
        let rest = feed::home(&ctx, &ola, first.posts.next_cursor.as_deref(), Some(100)).await.unwrap();
        assert_eq!(rest.posts.items.iter().map(|p| p.id).collect::<Vec<_>>(), made[100..]);
        assert!(rest.posts.next_cursor.is_none());
    }
}

backend_test! {
    async fn the_live_stream_sends_new_posts_from_followed_people_and_topics_that_one_may_read(t: TestDb) {
        let (ctx, _) = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let lead = actor(&ctx, "lead").await;
        let data = spaces::list_spaces(&ctx, &kari).await.unwrap().into_iter().find(|s| s.name == "Data").unwrap().id;
        let secret = spaces::create_community(&ctx, &kari, &NewCommunity { name: "Hush".into(), description: String::new(), visibility: "secret".into() }).await.unwrap().id;
        feed::follow(&ctx, &ola, &Target::Person(kari.id), true).await.unwrap();
        feed::follow(&ctx, &ola, &Target::Topic("rust".into()), true).await.unwrap();
        let sources = feed::FeedSources::of(&ctx, &ola).await.unwrap();
        let write = |a: Actor, space, body: &str| {
            let (ctx, body) = (ctx.clone(), body.to_owned());
            async move { posts::create_post(&ctx, &a, &PostInput { space_id: space, kind: "discussion".into(), body, ..PostInput::default() }).await.unwrap() }
        };
        let live = |p: samspill_store::social::posts::PostView, who: Actor| {
            let (ctx, sources) = (ctx.clone(), sources.clone());
            async move { feed::live_post(&ctx, &who, &sources, p.id, p.space_id, p.author_id).await.unwrap().map(|d| d.post.id) }
        };
        // Data is not Ola's space: a followed person's post comes, a stranger's does not…
        let by_kari = write(kari.clone(), data, "hello").await;
        assert_eq!(live(by_kari.clone(), ola.clone()).await, Some(by_kari.id));
        let by_lead = write(lead.clone(), data, "plain").await;
        assert_eq!(live(by_lead, ola.clone()).await, None);
        // …unless it carries a followed topic.
        let on_topic = write(lead.clone(), data, "about #Rust").await;
        assert_eq!(live(on_topic.clone(), ola.clone()).await, Some(on_topic.id));
        // Never a post one may not read, even from a followed person, nor one's own.
        let hidden = write(kari.clone(), secret, "between us, #rust").await;
        assert_eq!(live(hidden, ola.clone()).await, None);
        assert_eq!(live(by_kari, kari.clone()).await, None);
    }
}

backend_test! {
    async fn text_with_a_control_character_is_refused_the_same_way_on_both_backends(t: TestDb) {
        let (ctx, _) = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let data = spaces::list_spaces(&ctx, &kari).await.unwrap().into_iter().find(|s| s.name == "Data").unwrap();
        let post = posts::create_post(&ctx, &kari, &PostInput { space_id: data.id, kind: "discussion".into(), body: "Hi".into(), ..PostInput::default() }).await.unwrap();
        let count = |table: &'static str| samspill_testkit::count_rows(ctx.db(), table);
        let (posts_before, comments_before, spaces_before) = (count("posts").await, count("comments").await, count("spaces").await);
        let fields = |r: Result<_, Error>| match r {
            Err(Error::Invalid(errors)) => errors.iter().map(|e| e.field).collect::<Vec<_>>(),
            Err(other) => panic!("expected Invalid, got {other:?}"),
            Ok(_) => panic!("accepted"),
        };

        let bad = PostInput { space_id: data.id, kind: "poll".into(), title: "T\0".into(), body: "B\u{1}".into(), options: vec!["a".into(), "b\0".into()], important: false, ..PostInput::default() };
        assert_eq!(fields(posts::create_post(&ctx, &kari, &bad).await.map(drop)), ["title", "body", "options"]);
        assert_eq!(fields(posts::edit_post(&ctx, &kari, post.id, None, Some("x\0")).await.map(drop)), ["body"]);
        assert_eq!(fields(comments::add_comment(&ctx, &kari, post.id, "\0", None).await.map(drop)), ["body"]);
        let club = NewCommunity { name: "Club\0".into(), description: String::new(), visibility: "open".into() };
        assert_eq!(fields(spaces::create_community(&ctx, &kari, &club).await.map(drop)), ["name"]);
        assert_eq!(fields(feed::follow(&ctx, &kari, &Target::Topic("da\0ta".into()), true).await), ["topic"]);
        assert_eq!(fields(samspill_services::auth::create_api_token(&ctx, &kari, "ci\0", None).await.map(drop)), ["name"]);
        assert_eq!(fields(samspill_services::auth::sign_in(&ctx, &samspill_services::auth::ClientKey::unknown(), "kari\0@acme.test", "whatever pass").await.map(drop)), ["email"]);
        // Look-ups: refused (or nothing found) alike, never a database error.
        assert_eq!(fields(samspill_services::org::people::directory(&ctx, &kari, Some("ka\0ri"), None, None, None).await.map(drop)), ["q"]);
        assert_eq!(fields(feed::topic_posts(&ctx, &kari, "da\0ta", None, None).await.map(drop)), ["topic"]);
        assert!(matches!(samspill_services::org::people::profile(&ctx, &kari, "ka\0ri").await, Err(Error::NotFound)));
        assert!(matches!(samspill_services::auth::admin::reset_password(&ctx, "kari\0@acme.test", "a long new password").await, Err(Error::Invalid(_))));

        assert_eq!((count("posts").await, count("comments").await, count("spaces").await), (posts_before, comments_before, spaces_before));
        assert_eq!(count("follows").await, 0);
        assert_eq!(count("api_tokens").await, 0);
        assert_eq!(count("login_failures").await, 0);
        assert_eq!(posts::get_post(&ctx, &kari, post.id).await.unwrap().post.body, "Hi");
    }
}

backend_test! {
    async fn bidi_controls_are_removed_from_free_text_and_refused_in_names(t: TestDb) {
        let (ctx, _) = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let data = spaces::list_spaces(&ctx, &kari).await.unwrap().into_iter().find(|s| s.name == "Data").unwrap();
        let input = PostInput { space_id: data.id, kind: "poll".into(), title: "Vote \u{202E}won".into(), body: "Pick \u{2066}one\u{2069} #data".into(), options: vec!["\u{202D}yes".into(), "no".into()], important: false, ..PostInput::default() };
        let post = posts::create_post(&ctx, &kari, &input).await.unwrap();
        assert_eq!((post.title.as_str(), post.body.as_str()), ("Vote won", "Pick one #data"));
        let detail = posts::get_post(&ctx, &kari, post.id).await.unwrap();
        assert_eq!(detail.poll[0].0, "yes");
        let edited = posts::edit_post(&ctx, &kari, post.id, Some("\u{202B}Re"), Some("B\u{202C}")).await.unwrap();
        assert_eq!((edited.title.as_str(), edited.body.as_str()), ("Re", "B"));
        let c = comments::add_comment(&ctx, &kari, post.id, "ok\u{2068}", None).await.unwrap();
        assert_eq!(c.body, "ok");
        let club = spaces::create_community(&ctx, &kari, &NewCommunity { name: "Club \u{202E}".into(), description: "d\u{202A}".into(), visibility: "open".into() }).await.unwrap();
        assert_eq!((club.name.as_str(), club.description.as_str()), ("Club", "d"));
        feed::follow(&ctx, &kari, &Target::Topic("da\u{202E}ta".into()), true).await.unwrap();
        assert_eq!(feed::following(&ctx, &kari).await.unwrap(), [("topic", "data".to_owned())]);

        let settings = samspill_services::org::people::SettingsInput { name: "Kari \u{202E}".into(), title: "T".into(), work_mode: "office".into(), locale: String::new(), time_zone: "Mars/Olympus".into() };
        let Err(Error::Invalid(errors)) = samspill_services::org::people::update_settings(&ctx, &kari, &settings).await else { panic!("accepted") };
        let codes: Vec<_> = errors.iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(codes, [("name", "bidi_control"), ("time_zone", "invalid")]);
    }
}

backend_test! {
    async fn a_new_post_answers_with_the_detail_a_read_gives_back(t: TestDb) {
        let (ctx, clock) = setup(&t).await;
        // An instant with nanoseconds: the store keeps whole microseconds.
        clock.advance(time::Duration::nanoseconds(123_456_789));
        let kari = actor(&ctx, "kari").await;
        let lead = actor(&ctx, "lead").await;
        let org = spaces::list_spaces(&ctx, &kari).await.unwrap().into_iter().find(|s| s.kind == SpaceKind::Org).unwrap();
        let data = spaces::list_spaces(&ctx, &lead).await.unwrap().into_iter().find(|s| s.name == "Data").unwrap();
        let inputs = [
            (&kari, PostInput { space_id: org.id, kind: "poll".into(), title: "  Lunch?  ".into(), body: "Asking @lead, @ola and @lead: #Zeta #alpha #Øl #beta #ALPHA".into(), options: vec![" Pizza ".into(), "Sushi".into()], ..PostInput::default() }),
            (&kari, PostInput { space_id: org.id, kind: "question".into(), body: "How do we deploy? #deploy".into(), ..PostInput::default() }),
            (&lead, PostInput { space_id: data.id, kind: "announcement".into(), title: "Read me".into(), body: "Pinned\u{202E} for @kari".into(), important: true, ..PostInput::default() }),
            (&kari, PostInput { space_id: data.id, kind: "discussion".into(), body: "No topics, no mentions".into(), ..PostInput::default() }),
        ];
        for (who, input) in &inputs {
            let made = posts::create_post_detail(&ctx, who, input).await.unwrap();
            let found = posts::find_post(&ctx, who, made.post.id).await.unwrap().unwrap();
            assert_eq!(made, posts::detail(&ctx, who, found.clone()).await.unwrap(), "{}", input.kind);
            assert_eq!(made, posts::get_post(&ctx, who, made.post.id).await.unwrap(), "{}", input.kind);
            assert_eq!(posts::create_post(&ctx, who, input).await.unwrap().updated_at, found.created_at, "the view too");
        }
        let poll = posts::create_post_detail(&ctx, &kari, &inputs[0].1).await.unwrap();
        assert_eq!(poll.topics, ["alpha", "beta", "zeta", "øl"], "sorted as stored, once each");
        assert_eq!(poll.poll, [("Pizza".to_owned(), 0), ("Sushi".to_owned(), 0)]);
        assert_eq!((poll.can_edit, poll.can_delete, poll.can_accept, poll.can_comment), (true, true, false, true));
        assert_eq!(poll.post.created_at.nanosecond(), 123_456_000);
        let kinds = notifications::list(&ctx, &lead, None, None).await.unwrap().0.items.into_iter().filter(|n| n.kind == "mention").count();
        assert_eq!(kinds, 3, "one mention per poll (three made), however often named");
    }
}

backend_test! {
    async fn a_new_comment_answers_with_what_a_read_gives_back(t: TestDb) {
        let (ctx, clock) = setup(&t).await;
        clock.advance(time::Duration::nanoseconds(987_654_321));
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let org = spaces::list_spaces(&ctx, &kari).await.unwrap().into_iter().find(|s| s.kind == SpaceKind::Org).unwrap();
        let q = posts::create_post(&ctx, &kari, &PostInput { space_id: org.id, kind: "question".into(), body: "Why?".into(), ..PostInput::default() }).await.unwrap();
        let first = comments::add_comment(&ctx, &ola, q.id, "Because @kari said so", None).await.unwrap();
        let reply = comments::add_comment(&ctx, &kari, q.id, "Did I?\u{202E}", Some(first.id)).await.unwrap();
        for c in [&first, &reply] {
            assert_eq!(Some(c), comments::find_comment(&ctx, &kari, c.id).await.unwrap().as_ref());
        }
        assert_eq!(comments::list_comments(&ctx, &ola, q.id).await.unwrap(), [first.clone(), reply.clone()]);
        assert_eq!((reply.parent_id, reply.author_handle.as_str(), reply.body.as_str()), (Some(first.id), "kari", "Did I?"));
        assert_eq!(first.created_at.nanosecond(), 987_654_000);
    }
}
