//! Spaces and members: the closed sets stored as text, a row with text
//! outside its set, and the locks that membership rules and posts' rules
//! take inside their write transactions.

use std::time::Duration;

use samspill_domain::{Access, MemberRole, PersonId, PostId, SpaceId, SpaceKind, SpaceVisibility};
use samspill_store::social::posts::{self, NewPost, PostLock};
use samspill_store::social::spaces::{self, Member, NewSpace};
use samspill_store::visibility::Viewer;
use samspill_store::{Db, Error};
use samspill_testkit::backend_test;

use crate::fixtures::{T0, person};

/// How long a transaction that should be waiting is given to (wrongly) finish.
const WAIT: Duration = Duration::from_millis(300);

async fn space(db: &Db, visibility: SpaceVisibility, read: Access, write: Access) -> SpaceId {
    let id = SpaceId::new();
    let mut tx = db.begin().await.unwrap();
    spaces::insert_space(
        &mut tx,
        &NewSpace {
            id,
            kind: SpaceKind::Community,
            unit_id: None,
            name: format!("{visibility} {read} {write}"),
            description: String::new(),
            visibility,
            read_access: read,
            write_access: write,
            created_by: None,
            created_at: T0,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

fn viewer(id: PersonId) -> Viewer {
    Viewer {
        id,
        unit_id: None,
        is_admin: true,
    }
}

/// Runs one statement outside the store's API, as another program would.
async fn raw(db: &Db, sql: &'static str, id: SpaceId) {
    match db {
        Db::Sqlite(p) => {
            sqlx::query(sql)
                .bind(id.as_uuid())
                .execute(&**p)
                .await
                .unwrap();
        }
        Db::Postgres(p) => {
            sqlx::query(sql)
                .bind(id.as_uuid())
                .execute(p)
                .await
                .unwrap();
        }
    }
}

backend_test! {
    async fn every_visibility_access_and_role_reads_back_as_written(t: TestDb) {
        let admin = person(&t.db, "admin", "Admin", None).await;
        let mut made = Vec::new();
        for visibility in SpaceVisibility::ALL {
            for (read, write) in [(Access::Everyone, Access::Moderators), (Access::Members, Access::Everyone), (Access::Members, Access::Members)] {
                made.push((space(&t.db, visibility, read, write).await, visibility, read, write));
            }
        }
        for (id, visibility, read, write) in made {
            let s = spaces::find_space(&t.db, &viewer(admin), id).await.unwrap().unwrap();
            assert_eq!((s.kind, s.visibility, s.read_access, s.write_access), (SpaceKind::Community, visibility, read, write));
            assert_eq!(s.my_role, None);
        }
        let id = space(&t.db, SpaceVisibility::Secret, Access::Members, Access::Members).await;
        for (i, role) in MemberRole::ALL.into_iter().enumerate() {
            let p = person(&t.db, &format!("p{i}"), &format!("Person {i}"), None).await;
            let mut tx = t.db.begin().await.unwrap();
            spaces::upsert_member(&mut tx, id, p, role, T0).await.unwrap();
            tx.commit().await.unwrap();
        }
        let members = spaces::list_members(&t.db, id).await.unwrap();
        let roles: Vec<MemberRole> = members.iter().map(|m| m.role).collect();
        assert_eq!(roles, MemberRole::ALL, "owners, then moderators, then members");
        let Member { id: owner, .. } = members[0].clone();
        assert_eq!(spaces::find_role(&t.db, id, owner).await.unwrap(), Some(MemberRole::Owner));
        let s = spaces::find_space(&t.db, &Viewer { id: owner, unit_id: None, is_admin: false }, id).await.unwrap().unwrap();
        assert_eq!(s.my_role, Some(MemberRole::Owner));
    }
}

backend_test! {
    async fn text_outside_its_set_is_a_storage_error_not_a_panic(t: TestDb) {
        let admin = person(&t.db, "admin", "Admin", None).await;
        let id = space(&t.db, SpaceVisibility::Open, Access::Everyone, Access::Members).await;
        let mut tx = t.db.begin().await.unwrap();
        spaces::upsert_member(&mut tx, id, admin, MemberRole::Owner, T0).await.unwrap();
        tx.commit().await.unwrap();

        raw(&t.db, "update space_members set role = 'root' where space_id = $1", id).await;
        assert!(matches!(spaces::find_role(&t.db, id, admin).await, Err(Error::Other(_))));
        assert!(matches!(spaces::list_members(&t.db, id).await, Err(Error::Other(_))));
        assert!(matches!(spaces::find_space(&t.db, &viewer(admin), id).await, Err(Error::Other(_))));
        let mut tx = t.db.begin().await.unwrap();
        assert!(matches!(spaces::find_role_tx(&mut tx, id, admin).await, Err(Error::Other(_))));
        drop(tx);

        raw(&t.db, "update space_members set role = 'owner' where space_id = $1", id).await;
        raw(&t.db, "update spaces set visibility = 'hidden' where id = $1", id).await;
        let Err(Error::Other(e)) = spaces::list_spaces(&t.db, &viewer(admin)).await else { panic!("a hidden space was read") };
        assert!(e.to_string().contains("spaces.visibility"), "{e}");
    }
}

backend_test! {
    async fn members_are_added_once_and_owners_counted_inside_the_transaction(t: TestDb) {
        let kari = person(&t.db, "kari", "Kari", None).await;
        let ola = person(&t.db, "ola", "Ola", None).await;
        let id = space(&t.db, SpaceVisibility::Private, Access::Members, Access::Members).await;
        let mut tx = t.db.begin().await.unwrap();
        assert!(spaces::lock_members(&mut tx, id).await.unwrap());
        assert!(!spaces::lock_members(&mut tx, SpaceId::new()).await.unwrap(), "no such space");
        spaces::upsert_member(&mut tx, id, kari, MemberRole::Owner, T0).await.unwrap();
        // An add does not overwrite a role; the transaction reads its own writes.
        assert!(!spaces::insert_member(&mut tx, id, kari, MemberRole::Member, T0).await.unwrap());
        assert!(spaces::insert_member(&mut tx, id, ola, MemberRole::Member, T0).await.unwrap());
        assert_eq!(spaces::find_role_tx(&mut tx, id, kari).await.unwrap(), Some(MemberRole::Owner));
        assert_eq!(spaces::count_owners(&mut tx, id).await.unwrap(), 1);
        spaces::upsert_member(&mut tx, id, ola, MemberRole::Owner, T0).await.unwrap();
        assert_eq!(spaces::count_owners(&mut tx, id).await.unwrap(), 2);
        assert_eq!(spaces::list_moderator_ids(&mut tx, id).await.unwrap().len(), 2);
        tx.commit().await.unwrap();
        assert_eq!(spaces::find_role(&t.db, id, ola).await.unwrap(), Some(MemberRole::Owner));
    }
}

backend_test! {
    async fn a_second_change_of_a_spaces_members_waits_for_the_first(t: TestDb) {
        let kari = person(&t.db, "kari", "Kari", None).await;
        let id = space(&t.db, SpaceVisibility::Open, Access::Everyone, Access::Members).await;
        let mut first = t.db.begin().await.unwrap();
        assert!(spaces::lock_members(&mut first, id).await.unwrap());
        let db = t.db.clone();
        let second = tokio::spawn(async move {
            let mut tx = db.begin().await.unwrap();
            spaces::lock_members(&mut tx, id).await.unwrap();
            let owners = spaces::count_owners(&mut tx, id).await.unwrap();
            tx.commit().await.unwrap();
            owners
        });
        tokio::time::sleep(WAIT).await;
        assert!(!second.is_finished(), "the second change did not wait");
        spaces::upsert_member(&mut first, id, kari, MemberRole::Owner, T0).await.unwrap();
        first.commit().await.unwrap();
        assert_eq!(second.await.unwrap(), 1, "the second change sees what the first wrote");
    }
}

backend_test! {
    async fn a_post_held_by_a_transaction_is_deleted_only_after_it(t: TestDb) {
        let kari = person(&t.db, "kari", "Kari", None).await;
        let id = space(&t.db, SpaceVisibility::Open, Access::Everyone, Access::Everyone).await;
        let post = PostId::new();
        let mut tx = t.db.begin().await.unwrap();
        posts::insert_post(&mut tx, &NewPost {
            id: post, space_id: id, author_id: kari, kind: samspill_domain::PostKind::Discussion, title: String::new(),
            body: "Hi".into(), body_html: "<p>Hi</p>".into(), important: false, created_at: T0,
        }).await.unwrap();
        tx.commit().await.unwrap();

        for lock in [PostLock::Share, PostLock::Update] {
            let mut tx = t.db.begin().await.unwrap();
            assert!(!posts::lock_live_post(&mut tx, PostId::new(), lock).await.unwrap(), "no such post");
            drop(tx);
        }
        let mut holder = t.db.begin().await.unwrap();
        assert!(posts::lock_live_post(&mut holder, post, PostLock::Share).await.unwrap());
        let db = t.db.clone();
        let delete = tokio::spawn(async move {
            let mut tx = db.begin().await.unwrap();
            posts::soft_delete_post(&mut tx, post, T0).await.unwrap();
            tx.commit().await.unwrap();
        });
        tokio::time::sleep(WAIT).await;
        assert!(!delete.is_finished(), "the delete did not wait");
        holder.commit().await.unwrap();
        delete.await.unwrap();
        for lock in [PostLock::Share, PostLock::Update] {
            let mut tx = t.db.begin().await.unwrap();
            assert!(!posts::lock_live_post(&mut tx, post, lock).await.unwrap(), "a deleted post is not held");
            drop(tx);
        }
    }
}
