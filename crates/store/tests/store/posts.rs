//! Post kinds and reactions: typed in Rust, their names as text in the
//! database, and a stored name this version does not know is an error.

use std::collections::HashMap;

use samspill_domain::{PersonId, PostId, PostKind, Reaction, SpaceId};
use samspill_store::social::posts::{self, NewPost};
use samspill_store::visibility::Viewer;
use samspill_store::{Db, Error, Ts, Undecodable};
use samspill_testkit::backend_test;
use uuid::Uuid;

use crate::fixtures::{T0, person};

/// Runs one statement with `$bind`s on either backend. Raw SQL on purpose:
/// these tests write what the typed API cannot (an unknown kind) and read
/// the stored text back.
macro_rules! exec {
    ($db:expr, $sql:expr $(, $bind:expr)*) => {
        match $db {
            Db::Sqlite(p) => sqlx::query($sql)$(.bind($bind))*.execute(&**p).await.map(|_| ()),
            Db::Postgres(p) => sqlx::query($sql)$(.bind($bind))*.execute(p).await.map(|_| ()),
        }
        .unwrap()
    };
}

/// The texts of one column, in the order of the statement.
async fn texts(db: &Db, sql: &'static str, id: Uuid) -> Vec<String> {
    let rows: Vec<(String,)> = match db {
        Db::Sqlite(p) => sqlx::query_as(sql).bind(id).fetch_all(&**p).await,
        Db::Postgres(p) => sqlx::query_as(sql).bind(id).fetch_all(p).await,
    }
    .unwrap();
    rows.into_iter().map(|(s,)| s).collect()
}

/// An open community everyone reads, and one post of `kind` in it.
async fn space_and_post(db: &Db, author: PersonId, kind: PostKind) -> (SpaceId, PostId) {
    let space = SpaceId::new();
    exec!(
        db,
        "insert into spaces (id, kind, unit_id, name, description, visibility, read_access, write_access, created_by, created_at)
         values ($1, 'community', null, 'Kitchen', '', 'open', 'everyone', 'members', null, $2)",
        space.as_uuid(),
        Ts::new(T0)
    );
    let id = PostId::new();
    let mut tx = db.begin().await.unwrap();
    posts::insert_post(
        &mut tx,
        &NewPost {
            id,
            space_id: space,
            author_id: author,
            kind,
            title: String::new(),
            body: "Hello".into(),
            body_html: "<p>Hello</p>".into(),
            important: false,
            created_at: T0,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (space, id)
}

fn admin(id: PersonId) -> Viewer {
    Viewer {
        id,
        unit_id: None,
        is_admin: true,
    }
}

/// The `Undecodable` behind a store error, if that is what it is.
fn undecodable(e: &Error) -> Option<(&'static str, &str)> {
    let Error::Other(source) = e else { return None };
    let u = source.downcast_ref::<Undecodable>()?;
    Some((u.column, u.value.as_str()))
}

backend_test! {
    async fn kinds_and_reactions_are_stored_as_their_names_and_read_back_typed(t: TestDb) {
        let kari = person(&t.db, "kari", "Kari", None).await;
        let ola = person(&t.db, "ola", "Ola", None).await;
        let (space, id) = space_and_post(&t.db, kari, PostKind::Question).await;

        assert_eq!(texts(&t.db, "select kind from posts where id = $1", id.as_uuid()).await, ["question"]);
        let post = posts::find_post(&t.db, &admin(kari), id).await.unwrap().unwrap();
        assert_eq!(post.kind, PostKind::Question);

        let mut tx = t.db.begin().await.unwrap();
        for (who, r) in [(ola, Reaction::Support), (ola, Reaction::Like), (kari, Reaction::Like)] {
            assert!(posts::insert_reaction(&mut tx, id, who, r, T0).await.unwrap());
        }
        assert!(!posts::insert_reaction(&mut tx, id, ola, Reaction::Like, T0).await.unwrap(), "once per person");
        tx.commit().await.unwrap();
        assert_eq!(
            texts(&t.db, "select kind from reactions where person_id = $1 order by kind", ola.as_uuid()).await,
            ["like", "support"]
        );

        let (counts, mine) = posts::reactions_of(&t.db, id, ola).await.unwrap();
        assert_eq!(counts, HashMap::from([(Reaction::Like, 2), (Reaction::Support, 1)]));
        assert_eq!(mine, [Reaction::Like, Reaction::Support]);
        let notes = posts::annotations(&t.db, &[id], ola).await.unwrap();
        assert_eq!(notes[&id].reactions, counts);
        assert_eq!(notes[&id].my_reactions, mine);

        let mut tx = t.db.begin().await.unwrap();
        posts::delete_reaction(&mut tx, id, ola, Reaction::Support).await.unwrap();
        tx.commit().await.unwrap();
        let (counts, mine) = posts::reactions_of(&t.db, id, ola).await.unwrap();
        assert_eq!((counts, mine), (HashMap::from([(Reaction::Like, 2)]), vec![Reaction::Like]));

        let listed = posts::list_space_posts(&t.db, &admin(kari), space, None, 10).await.unwrap();
        assert_eq!(listed.iter().map(|p| p.kind).collect::<Vec<_>>(), [PostKind::Question]);
    }
}

backend_test! {
    async fn a_stored_name_this_version_does_not_know_is_an_error_not_a_panic(t: TestDb) {
        let kari = person(&t.db, "kari", "Kari", None).await;
        let (space, id) = space_and_post(&t.db, kari, PostKind::Poll).await;
        exec!(&t.db, "update posts set kind = 'rant' where id = $1", id.as_uuid());

        let e = posts::find_post(&t.db, &admin(kari), id).await.unwrap_err();
        assert_eq!(undecodable(&e), Some(("posts.kind", "rant")), "{e:?}");
        let e = posts::list_space_posts(&t.db, &admin(kari), space, None, 10).await.unwrap_err();
        assert_eq!(undecodable(&e), Some(("posts.kind", "rant")));
        let e = posts::list_posts_by_ids(&t.db, &admin(kari), &[id]).await.unwrap_err();
        assert_eq!(undecodable(&e), Some(("posts.kind", "rant")));

        exec!(&t.db, "update posts set kind = 'poll' where id = $1", id.as_uuid());
        exec!(
            &t.db,
            "insert into reactions (post_id, person_id, kind, created_at) values ($1, $2, 'love', $3)",
            id.as_uuid(),
            kari.as_uuid(),
            Ts::new(T0)
        );
        assert_eq!(posts::find_post(&t.db, &admin(kari), id).await.unwrap().unwrap().kind, PostKind::Poll);
        let e = posts::reactions_of(&t.db, id, kari).await.unwrap_err();
        assert_eq!(undecodable(&e), Some(("reactions.kind", "love")));
        let e = posts::annotations(&t.db, &[id], kari).await.unwrap_err();
        assert_eq!(undecodable(&e), Some(("reactions.kind", "love")));
    }
}
