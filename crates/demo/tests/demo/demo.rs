use std::collections::BTreeMap;

use samspill_demo::demo;
use samspill_domain::{PostKind, SpaceKind, SpaceVisibility};

use samspill_services::social::feed;
use samspill_services::social::posts;
use samspill_services::social::spaces;
use samspill_services::{Actor, Ctx, Error, auth, social::notifications};
use samspill_store::social::posts::PostView;
use samspill_store::social::spaces::SpaceView;
use samspill_store::{org::people, org::units};
use samspill_testkit::backend_test;
use time::Duration;

use crate::ctx;

async fn actor(ctx: &Ctx, email: &str) -> Actor {
    Actor::of(
        &people::find_person_by_email(ctx.db(), email)
            .await
            .unwrap()
            .unwrap(),
    )
}

/// Every post in every space, as the administrator (who reads them all).
async fn all_posts(ctx: &Ctx, admin: &Actor) -> Vec<(SpaceView, PostView)> {
    let mut all = Vec::new();
    for space in spaces::list_spaces(ctx, admin).await.unwrap() {
        let mut cursor: Option<String> = None;
        loop {
            let page = feed::space_posts(ctx, admin, space.id, cursor.as_deref(), Some(100))
                .await
                .unwrap();
            all.extend(page.items.into_iter().map(|p| (space.clone(), p)));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
    }
    all
}

fn kinds(all: &[(SpaceView, PostView)]) -> BTreeMap<PostKind, usize> {
    let mut out = BTreeMap::new();
    for (_, p) in all {
        *out.entry(p.kind).or_default() += 1;
    }
    out
}

/// The content every page needs: months of posts of every kind, threads,
/// answered and unanswered questions, a secret community, feeds and
/// notifications for the demo accounts. Returns the posts per kind.
async fn check_content(ctx: &Ctx) -> BTreeMap<PostKind, usize> {
    let admin = actor(ctx, demo::DEMO_ADMIN).await;
    let leader = actor(ctx, demo::DEMO_LEADER).await;
    let employee = actor(ctx, demo::DEMO_EMPLOYEE).await;
    let all = all_posts(ctx, &admin).await;

    assert!((600..=1200).contains(&all.len()), "{} posts", all.len());
    let by_kind = kinds(&all);
    for kind in PostKind::ALL {
        assert!(by_kind.contains_key(&kind), "no {kind} in {by_kind:?}");
    }
    let comments: i64 = all.iter().map(|(_, p)| p.comment_count).sum();
    assert!((2000..=4000).contains(&comments), "{comments} comments");
    let questions: Vec<&PostView> = all
        .iter()
        .map(|(_, p)| p)
        .filter(|p| p.kind == PostKind::Question)
        .collect();
    assert!(
        questions.iter().any(|p| p.accepted_comment_id.is_some()),
        "accepted answers"
    );
    assert!(
        questions
            .iter()
            .any(|p| p.accepted_comment_id.is_none() && p.comment_count > 0),
        "answered, none accepted"
    );
    assert!(
        questions.iter().any(|p| p.comment_count == 0),
        "unanswered questions"
    );

    // Spread over the last four months, never in the future.
    let now = ctx.clock.now();
    assert!(all.iter().all(|(_, p)| p.created_at <= now));
    assert!(
        all.iter()
            .all(|(_, p)| p.created_at > now - Duration::days(125))
    );
    assert!(
        all.iter()
            .any(|(_, p)| p.created_at < now - Duration::days(100))
    );
    assert!(
        all.iter()
            .any(|(_, p)| p.created_at > now - Duration::days(3))
    );

    // Posts everywhere: the org space, unit spaces, communities of every visibility.
    for kind in SpaceKind::ALL {
        assert!(
            all.iter().any(|(s, _)| s.kind == kind),
            "no posts in a {kind} space"
        );
    }
    for visibility in SpaceVisibility::ALL {
        assert!(
            all.iter()
                .any(|(s, _)| s.kind == SpaceKind::Community && s.visibility == visibility),
            "no posts in a {visibility} community"
        );
    }
    let mut communities: Vec<&str> = all
        .iter()
        .filter(|(s, _)| s.kind == SpaceKind::Community)
        .map(|(s, _)| s.name.as_str())
        .collect();
    communities.sort_unstable();
    communities.dedup();
    assert!(communities.len() >= 8, "{communities:?}");

    // A secret community's posts are not found by outsiders, read by members.
    let (secret, post) = all
        .iter()
        .find(|(s, _)| s.visibility == SpaceVisibility::Secret)
        .unwrap();
    assert!(matches!(
        spaces::get_space(ctx, &employee, secret.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        posts::get_post(ctx, &employee, post.id).await,
        Err(Error::NotFound)
    ));
    assert!(
        spaces::get_space(ctx, &leader, secret.id)
            .await
            .unwrap()
            .is_member
    );
    posts::get_post(ctx, &leader, post.id).await.unwrap();

    // The demo accounts' pages show something.
    assert!(
        !feed::home(ctx, &leader, None, None)
            .await
            .unwrap()
            .posts
            .items
            .is_empty()
    );
    assert!(!feed::following(ctx, &leader).await.unwrap().is_empty());
    assert!(
        !feed::home(ctx, &employee, None, None)
            .await
            .unwrap()
            .posts
            .items
            .is_empty()
    );
    let (notes, unread) = notifications::list(ctx, &employee, None, None)
        .await
        .unwrap();
    assert!(!notes.items.is_empty() && unread > 0, "{unread} unread");
    let (notes, _) = notifications::list(ctx, &leader, None, None).await.unwrap();
    assert!(!notes.items.is_empty());
    by_kind
}

/// The leadership toolkit's content: a facilitator's AMA with most
/// questions answered and commitments kept and open; a broadcaster's with
/// few answers and a missed commitment.
async fn check_leadership(ctx: &Ctx) {
    use samspill_domain::commitments::CommitmentState;
    use samspill_services::leadership::leaders;
    let viewer = actor(ctx, demo::DEMO_EMPLOYEE).await;
    let corner = leaders::list(ctx, &viewer).await.unwrap();
    assert!(corner.len() >= 20, "{} leaders", corner.len());
    let henrik = leaders::page(ctx, &viewer, &handle_of(ctx, "Henrik Lund").await)
        .await
        .unwrap();
    let karin = leaders::page(ctx, &viewer, &handle_of(ctx, "Karin Nilsen").await)
        .await
        .unwrap();
    let ama = |p: &leaders::LeaderPage| (p.amas[0].questions, p.amas[0].answered);
    assert_eq!(ama(&henrik), (5, 4), "the facilitator answers");
    assert_eq!(ama(&karin), (4, 1), "the broadcaster hardly does");
    let states = |p: &leaders::LeaderPage| {
        let mut s: Vec<&str> = p.commitments.iter().map(|c| c.state.as_str()).collect();
        s.sort_unstable();
        s
    };
    assert_eq!(states(&henrik), vec!["kept", "kept", "open"]);
    assert_eq!(states(&karin), vec!["missed"]);
    assert!(
        karin
            .commitments
            .iter()
            .all(|c| c.state == CommitmentState::Missed)
    );
}

async fn handle_of(ctx: &Ctx, name: &str) -> String {
    people::list_all_people(ctx.db())
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap()
        .handle
}

/// The cascaded vision: Henrik's follow-up has reach with shown and
/// suppressed units, pinned for Sara until she acknowledges it; the CEO's
/// vision shows Consulting followed up and other units not yet.
async fn check_visions(ctx: &Ctx) {
    use samspill_services::leadership::announcements::{self, Figures};
    let henrik = actor(ctx, demo::DEMO_LEADER).await;
    let sara = actor(ctx, demo::DEMO_EMPLOYEE).await;
    let pinned = feed::home(ctx, &sara, None, None).await.unwrap().pinned;
    assert!(
        pinned.iter().any(|p| p.author_id == henrik.id),
        "Henrik's announcement pinned for Sara"
    );
    let local = pinned.iter().find(|p| p.author_id == henrik.id).unwrap();
    let reach = announcements::reach(ctx, &henrik, local.id).await.unwrap();
    let shown = reach
        .units
        .iter()
        .filter(|u| matches!(u.figures, Figures::Shown { .. }))
        .count();
    assert!(
        shown >= 2 && shown < reach.units.len(),
        "some units shown, some suppressed: {reach:?}"
    );
    let Figures::Shown {
        seen,
        acknowledged,
        series,
        ..
    } = &reach.total
    else {
        panic!("total shown")
    };
    assert!(
        *seen > 40 && *acknowledged > 20 && series.len() > 1,
        "{seen} seen, {acknowledged} acknowledged"
    );
    let original = posts::get_post(ctx, &henrik, local.id)
        .await
        .unwrap()
        .addressed
        .unwrap()
        .cascade_of
        .unwrap();
    let cascade = announcements::cascade(ctx, &henrik, original)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cascade.follow_ups.len(), 2);
    assert!(cascade.units.iter().any(|u| u.followed_up_by.is_some()));
    assert!(cascade.units.iter().any(|u| u.followed_up_by.is_none()));
}

backend_test! {
    async fn the_demo_builds_once_with_months_of_content_and_its_accounts_sign_in(t: TestDb) {
        let (ctx, _) = ctx(&t);
        assert!(demo::ensure_demo(&ctx, false, &mut |_| {}).await.unwrap());
        let n = people::count_people(ctx.db()).await.unwrap();
        assert!((280..=330).contains(&n), "{n} people");
        let tree = units::list_units(ctx.db()).await.unwrap();
        assert!(tree.len() >= 12);
        assert!(tree.iter().all(|u| !u.leaders.is_empty()), "a leader on every unit");
        let depth = tree.iter().map(|u| u.path.matches('/').count() + 1).max().unwrap();
        assert!((3..=4).contains(&depth));

        assert!(!demo::ensure_demo(&ctx, false, &mut |_| {}).await.unwrap(), "reused");
        let admin = auth::sign_in(&ctx, &auth::ClientKey::unknown(), demo::DEMO_ADMIN, demo::DEMO_PASSWORD).await.unwrap();
        assert!(admin.person.is_admin);
        let leader = auth::sign_in(&ctx, &auth::ClientKey::unknown(), demo::DEMO_LEADER, demo::DEMO_PASSWORD).await.unwrap();
        assert!(!units::list_units_led_by(ctx.db(), leader.person.id).await.unwrap().is_empty());
        auth::sign_in(&ctx, &auth::ClientKey::unknown(), demo::DEMO_EMPLOYEE, demo::DEMO_PASSWORD).await.unwrap();

        let planted = check_content(&ctx).await;
        check_leadership(&ctx).await;
        check_visions(&ctx).await;

        assert!(demo::ensure_demo(&ctx, true, &mut |_| {}).await.unwrap(), "fresh rebuilds");
        assert_eq!(people::count_people(ctx.db()).await.unwrap(), n);
        let admin = actor(&ctx, demo::DEMO_ADMIN).await;
        assert_eq!(kinds(&all_posts(&ctx, &admin).await), planted, "the same content again");
    }
}
