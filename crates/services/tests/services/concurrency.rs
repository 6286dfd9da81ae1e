//! Rules that read and then write must hold when two people act at the same
//! moment: the read happens inside the write transaction (and on PostgreSQL
//! under a lock on what the rule depends on), so one of two racing changes
//! sees the other's result. Each race is run for several rounds, because a
//! single round may happen to serialize by luck.

use samspill_domain::{MemberRole, SpaceId, SpaceKind};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::spaces::{self, NewCommunity};
use samspill_services::{Actor, Ctx, Error, org::import};
use samspill_store::org::people;
use samspill_testkit::backend_test;

use crate::ctx;

const ROUNDS: usize = 20;

const CHART: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n\
    kari@acme.test,Kari,kari,Acme/Data,,office,\n\
    ola@acme.test,Ola,ola,Acme/Data,,office,\n\
    per@acme.test,Per,per,Acme/Ops,,office,\n";

async fn actor(ctx: &Ctx, handle: &str) -> Actor {
    Actor::of(
        &people::find_person_by_handle(ctx.db(), handle)
            .await
            .unwrap()
            .unwrap(),
    )
}

async fn setup(t: &samspill_testkit::TestDb) -> (Ctx, Actor, Actor) {
    let (ctx, _) = ctx(t);
    import::run(&ctx, CHART.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    samspill_testkit::accept_guidelines(ctx.db()).await;
    let kari = actor(&ctx, "kari").await;
    let ola = actor(&ctx, "ola").await;
    (ctx, kari, ola)
}

/// A community owned by exactly `kari` and `ola`, with `per` as a member.
async fn two_owner_community(ctx: &Ctx, kari: &Actor, ola: &Actor, round: usize) -> SpaceId {
    let input = NewCommunity {
        name: format!("Guild {round}"),
        description: String::new(),
        visibility: "open".into(),
    };
    let id = spaces::create_community(ctx, kari, &input)
        .await
        .unwrap()
        .id;
    spaces::add_member(ctx, kari, id, ola.id).await.unwrap();
    spaces::set_role(ctx, kari, id, ola.id, MemberRole::Owner)
        .await
        .unwrap();
    let per = actor(ctx, "per").await;
    spaces::join(ctx, &per, id).await.unwrap();
    assert_eq!(owners(ctx, id).await, 2);
    id
}

async fn owners(ctx: &Ctx, space: SpaceId) -> usize {
    samspill_store::social::spaces::list_members(ctx.db(), space)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.role == MemberRole::Owner)
        .count()
}

/// Of two racing results, exactly one succeeded and the other failed as
/// `refused` says.
fn one_wins(
    round: usize,
    a: &Result<(), Error>,
    b: &Result<(), Error>,
    refused: fn(&Error) -> bool,
) {
    let outcome = format!("round {round}: {a:?} / {b:?}");
    match (a, b) {
        (Ok(()), Err(e)) | (Err(e), Ok(())) => assert!(refused(e), "{outcome}"),
        _ => panic!("exactly one of the two must succeed; {outcome}"),
    }
}

fn last_owner(e: &Error) -> bool {
    matches!(
        e,
        Error::Conflict {
            code: "last_owner",
            ..
        }
    )
}

backend_test! {
    async fn the_last_two_owners_leaving_at_once_leave_one_owner(t: TestDb) {
        let (ctx, kari, ola) = setup(&t).await;
        for round in 0..ROUNDS {
            let id = two_owner_community(&ctx, &kari, &ola, round).await;
            let (a, b) = tokio::join!(
                spaces::remove_member(&ctx, &kari, id, kari.id),
                spaces::remove_member(&ctx, &ola, id, ola.id),
            );
            one_wins(round, &a, &b, last_owner);
            assert_eq!(owners(&ctx, id).await, 1, "round {round}");
        }
    }
}

backend_test! {
    async fn two_owners_stepping_down_at_once_leave_one_owner(t: TestDb) {
        let (ctx, kari, ola) = setup(&t).await;
        for round in 0..ROUNDS {
            let id = two_owner_community(&ctx, &kari, &ola, round).await;
            let (a, b) = tokio::join!(
                spaces::set_role(&ctx, &kari, id, kari.id, MemberRole::Member),
                spaces::set_role(&ctx, &ola, id, ola.id, MemberRole::Moderator),
            );
            one_wins(round, &a, &b, last_owner);
            assert_eq!(owners(&ctx, id).await, 1, "round {round}");
        }
    }
}

backend_test! {
    async fn two_owners_demoting_each_other_at_once_leave_one_owner(t: TestDb) {
        let (ctx, kari, ola) = setup(&t).await;
        for round in 0..ROUNDS {
            let id = two_owner_community(&ctx, &kari, &ola, round).await;
            let (a, b) = tokio::join!(
                spaces::set_role(&ctx, &kari, id, ola.id, MemberRole::Member),
                spaces::set_role(&ctx, &ola, id, kari.id, MemberRole::Member),
            );
            // The loser is no longer an owner when its change is decided, so
            // it may not touch an owner any more.
            one_wins(round, &a, &b, |e| matches!(e, Error::Forbidden));
            assert_eq!(owners(&ctx, id).await, 1, "round {round}");
        }
    }
}

backend_test! {
    async fn one_owner_leaving_while_the_other_steps_down_leaves_one_owner(t: TestDb) {
        let (ctx, kari, ola) = setup(&t).await;
        for round in 0..ROUNDS {
            let id = two_owner_community(&ctx, &kari, &ola, round).await;
            let (a, b) = tokio::join!(
                spaces::remove_member(&ctx, &kari, id, kari.id),
                spaces::set_role(&ctx, &ola, id, ola.id, MemberRole::Member),
            );
            one_wins(round, &a, &b, last_owner);
            assert_eq!(owners(&ctx, id).await, 1, "round {round}");
        }
    }
}

backend_test! {
    async fn two_start_ups_at_once_make_one_org_space(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let (a, b) = tokio::join!(
            spaces::ensure_default_spaces(&ctx),
            spaces::ensure_default_spaces(&ctx),
        );
        a.unwrap();
        b.unwrap();
        let everyone = samspill_store::visibility::Viewer { id: samspill_domain::PersonId::new(), unit_id: None, is_admin: true };
        let all = samspill_store::social::spaces::list_spaces(ctx.db(), &everyone).await.unwrap();
        assert_eq!(all.iter().filter(|s| s.kind == SpaceKind::Org).count(), 1, "{all:?}");
    }
}

backend_test! {
    async fn votes_cast_at_once_count_once_per_person_and_a_deletion_race_is_no_error(t: TestDb) {
        let (ctx, kari, ola) = setup(&t).await;
        let org = spaces::list_spaces(&ctx, &kari).await.unwrap().into_iter().find(|s| s.kind == SpaceKind::Org).unwrap().id;
        for round in 0..ROUNDS {
            let input = PostInput { space_id: org, kind: "poll".into(), body: format!("Lunch {round}?"), options: vec!["Pizza".into(), "Sushi".into()], ..PostInput::default() };
            let poll = posts::create_post(&ctx, &kari, &input).await.unwrap().id;
            // One person, two votes at the same moment: one counts.
            let (a, b) = tokio::join!(posts::vote(&ctx, &ola, poll, 0), posts::vote(&ctx, &ola, poll, 1));
            a.unwrap();
            b.unwrap();
            let d = posts::get_post(&ctx, &kari, poll).await.unwrap();
            assert_eq!(d.poll.iter().map(|(_, n)| n).sum::<i64>(), 1, "round {round}: {:?}", d.poll);
            // A vote racing the poll's deletion lands before it or is refused as
            // not found, never a database error (the order itself is the store
            // test's `a_post_held_by_a_transaction_is_deleted_only_after_it`).
            let (vote, deleted) = tokio::join!(posts::vote(&ctx, &kari, poll, 0), posts::delete_post(&ctx, &kari, poll));
            deleted.unwrap();
            assert!(matches!(vote, Ok(_) | Err(Error::NotFound)), "round {round}: {vote:?}");
        }
    }
}
