//! `samspill seed` on both backends: a small synthetic organization has the
//! rows it reports, consistent counters, people who can sign in and read
//! their feed, searchable posts, and secret communities that stay secret.

use samspill_demo::bulk;
use samspill_demo::seed::{self, SEED_PASSWORD, SeedOptions};
use samspill_domain::{Access, SpaceKind, SpaceVisibility};
use samspill_services::{
    Actor, Error, auth, social::feed, social::posts, social::search, social::spaces,
};
use samspill_store::org::people;
use samspill_testkit::backend_test;

use crate::ctx;

backend_test! {
    async fn a_seeded_organization_is_consistent_and_usable(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let mut opts = SeedOptions::new(60, 500);
        opts.seed = 42;
        let mut stages = Vec::new();
        let summary = seed::seed(&ctx, &opts, &mut |p| stages.push(p.stage)).await.unwrap();

        // What it reports is what is there, in the asked proportions.
        let counts = bulk::counts(ctx.db()).await.unwrap();
        assert_eq!((summary.people, counts.people), (60, 60));
        assert_eq!((summary.posts, counts.posts), (500, 500));
        assert_eq!(summary.units, counts.units as u64);
        assert_eq!(summary.comments, counts.comments as u64);
        assert_eq!(summary.reactions, counts.reactions as u64);
        assert_eq!(summary.topics, counts.topics as u64);
        assert_eq!(summary.mentions, counts.mentions as u64);
        assert_eq!(summary.follows, counts.follows as u64);
        assert_eq!(summary.space_members, counts.space_members as u64);
        assert_eq!(summary.communities, 3);
        assert_eq!(counts.spaces as u64, summary.units + 1 + 3, "unit spaces, org, communities");
        assert!((500..1_000).contains(&summary.comments), "{} comments", summary.comments);
        assert!((700..1_300).contains(&summary.reactions), "{} reactions", summary.reactions);
        assert!((300..900).contains(&summary.follows), "{} follows", summary.follows);
        assert_eq!(bulk::count_comment_count_mismatches(ctx.db()).await.unwrap(), 0);
        assert!(stages.contains(&"posts") && stages.contains(&"follows"));

        // Anyone signs in with the seed password; the CEO administers.
        let admin = auth::sign_in(&ctx, &auth::ClientKey::unknown(), &summary.admin_email, SEED_PASSWORD).await.unwrap();
        assert!(admin.person.is_admin);
        let member = auth::sign_in(&ctx, &auth::ClientKey::unknown(), &summary.member_email, SEED_PASSWORD).await.unwrap();
        assert!(!member.person.is_admin);
        let member = Actor::of(&member.person);

        // The home feed has posts, and search finds them by their words.
        let home = feed::home(&ctx, &member, None, None).await.unwrap();
        assert!(!home.posts.items.is_empty());
        let titled = home.posts.items.iter().find(|p| !p.title.is_empty()).unwrap();
        let word = titled.title.split(|c: char| !c.is_alphanumeric());
        let word = word.max_by_key(|w| w.len()).unwrap();
        let hits = search::search(&ctx, &member, word, Some("post"), Some(100)).await.unwrap();
        assert!(!hits.is_empty(), "nothing found for {word:?}");

        // A secret community's posts are readable by members only.
        let admin = Actor::of(&admin.person);
        let all = spaces::list_spaces(&ctx, &admin).await.unwrap();
        let secret = all.iter().find(|s| s.visibility == SpaceVisibility::Secret).unwrap();
        let page = feed::space_posts(&ctx, &admin, secret.id, None, Some(1)).await.unwrap();
        assert!(!page.items.is_empty(), "the secret community has posts");
        let post = &page.items[0];
        let members = samspill_store::social::spaces::list_members(ctx.db(), secret.id).await.unwrap();
        let everyone = people::list_all_people(ctx.db()).await.unwrap();
        let outsider = everyone
            .iter()
            .find(|p| !p.is_admin && members.iter().all(|m| m.id != p.id))
            .unwrap();
        let insider = everyone.iter().find(|p| p.id == members[0].id).unwrap();
        assert!(matches!(
            posts::get_post(&ctx, &Actor::of(outsider), post.id).await,
            Err(Error::NotFound)
        ));
        posts::get_post(&ctx, &Actor::of(insider), post.id).await.unwrap();

        // Seeding again needs --fresh.
        assert!(matches!(
            seed::seed(&ctx, &opts, &mut |_| {}).await,
            Err(Error::Conflict { code: "not_empty", .. })
        ));
    }
}

backend_test! {
    async fn fresh_replaces_the_organization_with_the_same_shape(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let mut opts = SeedOptions::new(30, 200);
        let first = seed::seed(&ctx, &opts, &mut |_| {}).await.unwrap();
        opts.fresh = true;
        let second = seed::seed(&ctx, &opts, &mut |_| {}).await.unwrap();
        assert_eq!(first, second, "the same seed makes the same organization");
        let counts = bulk::counts(ctx.db()).await.unwrap();
        assert_eq!((counts.people, counts.posts), (30, 200));
    }
}

backend_test! {
    async fn a_closed_organization_has_no_open_spaces_but_its_own(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let mut opts = SeedOptions::new(60, 300);
        opts.closed = true;
        let summary = seed::seed(&ctx, &opts, &mut |_| {}).await.unwrap();
        let admin = auth::sign_in(&ctx, &auth::ClientKey::unknown(), &summary.admin_email, SEED_PASSWORD).await.unwrap();
        let all = spaces::list_spaces(&ctx, &Actor::of(&admin.person)).await.unwrap();
        for s in &all {
            match s.kind.as_str() {
                "org" => assert_eq!((s.visibility.as_str(), s.read_access.as_str()), ("open", "everyone")),
                _ => assert_eq!(s.read_access, Access::Members, "{} {}", s.kind, s.name),
            }
        }
        assert!(all.iter().any(|s| s.kind == SpaceKind::Community && s.visibility == SpaceVisibility::Secret));
        assert!(all.iter().any(|s| s.kind == SpaceKind::Unit && s.visibility == SpaceVisibility::Private));

        // A member reads the org space and their own unit's, not other units'.
        let member = auth::sign_in(&ctx, &auth::ClientKey::unknown(), &summary.member_email, SEED_PASSWORD).await.unwrap();
        let member = Actor::of(&member.person);
        let seen = spaces::list_spaces(&ctx, &member).await.unwrap();
        let units: Vec<_> = seen.iter().filter(|s| s.kind == SpaceKind::Unit).collect();
        assert!(units.len() > 1);
        assert_eq!(units.iter().filter(|s| s.can_read).count(), 1, "their own unit's space only");
        assert!(seen.iter().any(|s| s.kind == SpaceKind::Org && s.can_read));
        let other = units.iter().find(|s| !s.can_read).unwrap();
        assert!(matches!(
            feed::space_posts(&ctx, &member, other.id, None, Some(1)).await,
            Err(Error::Forbidden)
        ));
    }
}
