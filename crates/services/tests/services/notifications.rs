//! Notifications: finding one (as the live stream does) with the list's
//! visibility predicate, and marking a bounded list read.

use samspill_domain::{NotificationId, PostId, SpaceKind};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::spaces::{self, NewCommunity};
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

async fn setup(t: &samspill_testkit::TestDb) -> Ctx {
    let (ctx, _) = ctx(t);
    import::run(&ctx, CHART.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    samspill_testkit::accept_guidelines(ctx.db()).await;
    ctx
}

async fn post(ctx: &Ctx, author: &Actor, space: samspill_domain::SpaceId, body: &str) -> PostId {
    posts::create_post(
        ctx,
        author,
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

/// The id of `who`'s visible notification about `post`.
async fn note_about(ctx: &Ctx, who: &Actor, post: PostId) -> NotificationId {
    notifications::list(ctx, who, None, Some(100))
        .await
        .unwrap()
        .0
        .items
        .into_iter()
        .find(|n| n.post_id == Some(post))
        .unwrap()
        .id
}

backend_test! {
    async fn find_returns_only_ones_own_notification_while_its_post_is_readable(t: TestDb) {
        let ctx = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let lead = actor(&ctx, "lead").await;
        let org = spaces::list_spaces(&ctx, &kari).await.unwrap().into_iter().find(|s| s.kind == SpaceKind::Org).unwrap().id;
        let secret = spaces::create_community(&ctx, &kari, &NewCommunity { name: "Hush".into(), description: String::new(), visibility: "secret".into() }).await.unwrap().id;
        spaces::add_member(&ctx, &kari, secret, ola.id).await.unwrap();
        let hidden_post = post(&ctx, &kari, secret, "Psst @ola").await;
        let open_post = post(&ctx, &kari, org, "Hello @ola and @lead").await;
        let in_secret = note_about(&ctx, &ola, hidden_post).await;
        let in_org = note_about(&ctx, &ola, open_post).await;
        let leads = note_about(&ctx, &lead, open_post).await;

        // Bury both under more than a page of newer notifications: find is a
        // look-up by id, not a scan of the newest ones.
        for i in 0..60 {
            comments::add_comment(&ctx, &kari, open_post, &format!("Ping {i} @ola"), None).await.unwrap();
        }
        let (page, unread) = notifications::list(&ctx, &ola, None, Some(50)).await.unwrap();
        assert_eq!(unread, 62);
        assert!(page.items.iter().all(|n| n.id != in_secret && n.id != in_org), "buried below the first page");

        // Ola's own: found, the same as the list shows it.
        let found = notifications::find(&ctx, &ola, in_org).await.unwrap().unwrap();
        let listed = notifications::list(&ctx, &ola, None, Some(100)).await.unwrap().0.items.into_iter().find(|n| n.id == in_org).unwrap();
        assert_eq!(found, listed);
        assert_eq!((found.kind.as_str(), found.actor_handle.as_deref(), found.post_id), ("mention", Some("kari"), Some(open_post)));
        assert!(notifications::find(&ctx, &ola, in_secret).await.unwrap().is_some());

        // Another person's: never, not even for an administrator.
        assert!(notifications::find(&ctx, &ola, leads).await.unwrap().is_none());
        assert!(notifications::find(&ctx, &lead, in_org).await.unwrap().is_none());
        let mut admin = lead.clone();
        admin.is_admin = true;
        assert!(notifications::find(&ctx, &admin, in_secret).await.unwrap().is_none());
        assert!(notifications::find(&ctx, &ola, NotificationId::new()).await.unwrap().is_none());

        // About a post Ola can no longer read: removed from the secret space.
        spaces::remove_member(&ctx, &kari, secret, ola.id).await.unwrap();
        assert!(notifications::find(&ctx, &ola, in_secret).await.unwrap().is_none());
        assert_eq!(notifications::unread(&ctx, &ola).await.unwrap(), 61);
        // About a deleted post.
        posts::delete_post(&ctx, &kari, open_post).await.unwrap();
        assert!(notifications::find(&ctx, &ola, in_org).await.unwrap().is_none());
        assert!(notifications::find(&ctx, &lead, leads).await.unwrap().is_none());
        assert_eq!(notifications::unread(&ctx, &ola).await.unwrap(), 0);
    }
}

backend_test! {
    async fn a_join_request_is_found_while_its_space_is_seen(t: TestDb) {
        let ctx = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let club = spaces::create_community(&ctx, &kari, &NewCommunity { name: "Guild".into(), description: String::new(), visibility: "private".into() }).await.unwrap().id;
        spaces::join(&ctx, &ola, club).await.unwrap();
        let id = notifications::list(&ctx, &kari, None, None).await.unwrap().0.items[0].id;
        let n = notifications::find(&ctx, &kari, id).await.unwrap().unwrap();
        assert_eq!((n.kind.as_str(), n.space_id, n.post_id), ("join_request", Some(club), None));
        assert!(notifications::find(&ctx, &ola, id).await.unwrap().is_none());
    }
}

backend_test! {
    async fn marking_read_takes_at_most_a_hundred_ids_and_only_ones_own(t: TestDb) {
        let ctx = setup(&t).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let lead = actor(&ctx, "lead").await;
        let org = spaces::list_spaces(&ctx, &kari).await.unwrap().into_iter().find(|s| s.kind == SpaceKind::Org).unwrap().id;
        let mut ids = Vec::new();
        for i in 0..4 {
            let p = post(&ctx, &kari, org, &format!("Note {i} for @ola and @lead")).await;
            ids.push(note_about(&ctx, &ola, p).await);
        }
        let read_ones = |a: Actor| {
            let ctx = ctx.clone();
            async move {
                let items = notifications::list(&ctx, &a, None, None).await.unwrap().0.items;
                ids_read(&items)
            }
        };

        // Two of Ola's, in one call.
        notifications::mark_read(&ctx, &ola, Some(&ids[..2])).await.unwrap();
        assert_eq!(read_ones(ola.clone()).await, [ids[0], ids[1]].into_iter().collect());
        assert_eq!(notifications::unread(&ctx, &ola).await.unwrap(), 2);

        // Someone else's ids change nothing; an empty list neither.
        notifications::mark_read(&ctx, &lead, Some(&ids[2..])).await.unwrap();
        notifications::mark_read(&ctx, &ola, Some(&[])).await.unwrap();
        assert_eq!(notifications::unread(&ctx, &ola).await.unwrap(), 2);
        assert_eq!(notifications::unread(&ctx, &lead).await.unwrap(), 4);

        // 101 ids are refused whole; 100 are taken.
        let mut many: Vec<NotificationId> = (0..98).map(|_| NotificationId::new()).collect();
        many.extend([ids[2], ids[3], NotificationId::new()]);
        assert_eq!(many.len(), 101);
        let Err(Error::Invalid(errors)) = notifications::mark_read(&ctx, &ola, Some(&many)).await else {
            panic!("101 ids must be refused");
        };
        assert_eq!((errors[0].field, errors[0].code), ("ids", "too_many"));
        assert_eq!(notifications::unread(&ctx, &ola).await.unwrap(), 2, "nothing was marked");
        many.pop();
        notifications::mark_read(&ctx, &ola, Some(&many)).await.unwrap();
        assert_eq!(notifications::unread(&ctx, &ola).await.unwrap(), 0);
        assert_eq!(notifications::unread(&ctx, &lead).await.unwrap(), 4);

        // No list: all of one's own.
        notifications::mark_read(&ctx, &lead, None).await.unwrap();
        assert_eq!(notifications::unread(&ctx, &lead).await.unwrap(), 0);
    }
}

fn ids_read(items: &[notifications::Notification]) -> std::collections::BTreeSet<NotificationId> {
    items.iter().filter(|n| n.read).map(|n| n.id).collect()
}
